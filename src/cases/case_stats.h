/* What the managers' statistics (src/stats) read from cases: when cases were filed, by type,
 * and how long mediation cases took to decide. Only times and types, never a party. */
#ifndef MINSIDE_CASES_CASE_STATS_H
#define MINSIDE_CASES_CASE_STATS_H

#include <stdint.h>

#include "db/db.h"

typedef void (*case_stats_filed_fn)(void *ud, const char *case_type, int64_t created_at);
/* Every case filed in [from, to) (unix seconds). Returns 0 or a negative db code. */
int case_stats_filed(db *d, int64_t from, int64_t to, case_stats_filed_fn each, void *ud);

typedef void (*case_stats_decided_fn)(void *ud, int64_t created_at, int64_t closed_at);
/* Every mediation case closed as decided («Avsluttet», not withdrawn) in [from, to). */
int case_stats_mediation_decided(db *d, int64_t from, int64_t to, case_stats_decided_fn each,
                                 void *ud);

#endif
