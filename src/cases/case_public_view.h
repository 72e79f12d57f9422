/* What the person's case pages read (case_public_view_db.c). Internal to src/cases. */
#ifndef MINSIDE_CASES_CASE_PUBLIC_VIEW_H
#define MINSIDE_CASES_CASE_PUBLIC_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "cases/case_access.h"
#include "core/arena.h"
#include "core/page_cursor.h"
#include "db/db.h"

enum { CASE_LIST_PAGE_SIZE = 25 };

/* A sort order of the case lists: one statement per order, list and direction, so each is
 * planned with its index. keyed: sorted by a key before the id (the cursor carries it); id_desc:
 * the id runs descending. The table ends with a NULL code; the first is the default. */
typedef struct {
    const char *code, *label;
    bool keyed, id_desc;
    const char *org_fwd, *org_back, *my_fwd, *my_back;
} case_list_order;
extern const case_list_order case_list_orders[];

/* «Motpart» or «Innsender» for a party role. */
const char *case_party_role_label(const char *role);

/* Reads the page of the organisation's list (org, with orgnr and type) or the person's own after
 * (or before) the cursor at, in order; appends up to CASE_LIST_PAGE_SIZE rows to list in display
 * order and sets first and last to the shown rows' positions. Returns the rows found (one more
 * than a page when there are more in the direction read) or a negative code. */
int case_list_rows(db *d, arena *a, int64_t person_id, const case_list_order *order, bool org,
                   const char *orgnr, const char *type, const page_cursor *at, json_t *list,
                   page_cursor *first, page_cursor *last);
/* The case's own facts for the case page, under the same visibility. Returns 1, 0 (not visible)
 * or a negative code. */
int case_facts_json(db *d, arena *ar, int64_t person_id, const case_access_info *a,
                    json_t *model);
/* The timeline the person's side may see, newest first. Returns 0 or a negative code. */
int case_events_json(db *d, arena *ar, int64_t person_id, const case_access_info *a,
                     json_t *list);
/* The organisation's confirmed users and whether each has this case, for its administrator. */
int case_members_json(db *d, const case_access_info *a, json_t *list);

#endif
