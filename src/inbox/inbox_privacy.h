/* A person's messages, for «Mine personopplysninger». */
#ifndef MINSIDE_INBOX_INBOX_PRIVACY_H
#define MINSIDE_INBOX_INBOX_PRIVACY_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* Every message in the person's inbox, newest first: when, from whom, subject, text, read or
 * not. Returns 0 or a negative code. */
int inbox_privacy_items(db *d, arena *a, int64_t person_id, json_t *items);

#endif
