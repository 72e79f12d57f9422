/* The cases a person may see, for the person's own data («Mine personopplysninger») and for the
 * audit trail's search by person. Decided by the same condition as every case list
 * (CASE_VISIBLE_SQL), so nothing the person may not see is named. */
#ifndef MINSIDE_CASES_CASE_PRIVACY_H
#define MINSIDE_CASES_CASE_PRIVACY_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* The ids of the cases person_id submitted or is party to, newest first, at most max. Returns
 * how many or a negative code. */
int case_ids_of_person(db *d, int64_t person_id, int64_t *ids, int max);

/* The same cases as export items, appended to list: reference, type, status, title, the
 * person's side, the organisation acted for, received and closed dates. Only the case's own
 * facts: never another party's personal number, e-mail or phone. Returns 0 or a negative code. */
int case_privacy_items(db *d, arena *a, int64_t person_id, json_t *list);

/* The case's reference («2026/17», «T-2026-000004») by id, copied into out: 1, 0 when there is
 * no such case, or a negative code. */
int case_reference_copy(db *d, int64_t case_id, char *out, size_t len);

#endif
