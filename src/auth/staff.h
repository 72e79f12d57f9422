/* Caseworkers from the staff login. Their roles come from the staff provider's claims at each
 * login, so a role taken away there is gone here at the next login. */
#ifndef MINSIDE_AUTH_STAFF_H
#define MINSIDE_AUTH_STAFF_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* The known roles in the claim "roles" (an array of strings), space separated, in a; unknown
 * roles are left out. "" when there are none. */
const char *staff_roles_from_claims(arena *a, json_t *claims);
/* Creates or updates the caseworker with this subject. Call inside a transaction. */
int staff_upsert(db *d, const char *subject, const char *name, const char *email, const char *roles,
                 int64_t now, int64_t *id);
/* The caseworker's e-mail address from the staff provider into out: 1 when there is one, 0 when
 * not, or a negative code. */
int staff_email_copy(db *d, int64_t staff_id, char *out, size_t outlen);

#endif
