/* What the login knows about a person, for «Mine personopplysninger». */
#ifndef MINSIDE_AUTH_PERSON_PRIVACY_H
#define MINSIDE_AUTH_PERSON_PRIVACY_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* The profile as one item: name, e-mail, phone, birth date, the personal number masked (the
 * birth date's six digits, the rest as stars), the notice choice, when the person was first
 * seen. Returns 0 or a negative code. */
int person_privacy_profile(db *d, arena *a, int64_t person_id, json_t *items);
/* The personal number masked: «010180 *****» (or "" when it cannot be read). */
const char *person_pid_masked(arena *a, const char *pid);
/* The person's logins the service still holds (login attempts, kept a day, with the truncated
 * address; and the sessions that are open), newest first. */
int person_privacy_logins(db *d, arena *a, int64_t person_id, json_t *items);

#endif
