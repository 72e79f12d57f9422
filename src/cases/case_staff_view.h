/* What the caseworker's pages show, read from the database as the pages' view models: the
 * work queue and everything about one case. */
#ifndef MINSIDE_CASES_CASE_STAFF_VIEW_H
#define MINSIDE_CASES_CASE_STAFF_VIEW_H

#include <jansson.h>
#include <stdint.h>

#include "cases/case_staff.h"
#include "core/arena.h"
#include "core/page_cursor.h"

enum { CASE_STAFF_PAGE_SIZE = 25 };

/* The queue's lists. */
#define CASE_QUEUE_NEW "nye"            /* mottatt, nobody has it; oldest first */
#define CASE_QUEUE_MINE "mine"          /* open, mine; next deadline first */
#define CASE_QUEUE_ACTIVITY "aktivitet" /* mine, with party activity I have not seen */

/* The work queue page's model: list (one of CASE_QUEUE_*), type ("" for all, else a case
 * type), the page after (or, at->before, before) the cursor at, the first when at is NULL.
 * Returns DB_OK with *out set, or a negative db code. */
int case_staff_queue_model(db *d, arena *a, int64_t staff_id, const char *list, const char *type,
                           const page_cursor *at, json_t **out);

/* The case page's model for case c as seen by staff_id; *last_event is the newest event's id,
 * for case_staff_mark_seen. Returns DB_OK with *out set, or a negative db code. */
int case_staff_case_model(db *d, arena *a, const case_staff_case *c, int64_t staff_id,
                          int64_t *last_event, json_t **out);

#endif
