/* «Be om retting»: a person asks for an item of their own data to be corrected; staff correct
 * it or answer why not, and the answer goes to the person's inbox. Requests and answers are
 * kept (they are part of the person's data, and show what was done). */
#ifndef MINSIDE_PRIVACY_CORRECTION_H
#define MINSIDE_PRIVACY_CORRECTION_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

enum {
    CORRECTION_TEXT_MAX = 2000,  /* characters of «what is wrong» and of an answer */
    CORRECTION_ERR_INVALID = -80, /* empty, too long or not UTF-8 */
    CORRECTION_ERR_DUPLICATE = -81, /* the same item already waits for an answer */
    CORRECTION_ERR_NOT_FOUND = -82, /* no such open request */
};

/* Stores a request (in the caller's transaction). item: the item as the person saw it. */
int correction_request_add(db *d, int64_t person_id, const char *section, const char *item,
                           const char *what_is_wrong, int64_t now, int64_t *id_out);
/* Staff answer an open request: corrected (1) or not (0), with the answer; the person gets it in
 * the inbox, in the same (caller's) transaction. */
int correction_answer(db *d, int64_t id, int64_t staff_id, int corrected, const char *answer, int64_t now);
/* The open requests, oldest first, for the staff queue (with the person's name). */
int correction_open_list(db *d, arena *a, json_t *list);
/* A person's requests and answers, newest first, as «Mine personopplysninger» items. */
int correction_privacy_items(db *d, arena *a, int64_t person_id, json_t *items);
/* The person an open request belongs to (for the audit row): 1, 0 when none, or a negative code. */
int correction_person_of(db *d, int64_t id, int64_t *person_id);

#endif
