/* What the person's case pages read (case_public_view_db.c). Internal to src/cases. */
#ifndef MINSIDE_CASES_CASE_PUBLIC_VIEW_H
#define MINSIDE_CASES_CASE_PUBLIC_VIEW_H

#include <jansson.h>
#include <stdint.h>

#include "cases/case_access.h"
#include "core/arena.h"
#include "db/db.h"

enum { CASE_LIST_PAGE_SIZE = 25 };

/* A sort order of the case lists: one statement per order and list, so each is planned with its
 * index. The table ends with a NULL code; the first is the default. */
typedef struct {
    const char *code, *label, *org_sql, *my_sql;
} case_list_order;
extern const case_list_order case_list_orders[];

/* «Motpart» or «Innsender» for a party role. */
const char *case_party_role_label(const char *role);

/* Runs a list statement (org_sql with orgnr and type, or my_sql) for page (from 1); appends up to
 * CASE_LIST_PAGE_SIZE rows to list. Returns the rows found (one more than a page when there is a
 * next page) or a negative code. */
int case_list_rows(db *d, arena *a, int64_t person_id, const char *sql, const char *orgnr,
                   const char *type, int page, json_t *list);
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
