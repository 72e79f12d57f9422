/* What the managers' statistics (src/stats) read from representation: when applications to be
 * an organisation's first administrator came in and when a caseworker decided them. */
#ifndef MINSIDE_ORG_ORG_STATS_H
#define MINSIDE_ORG_ORG_STATS_H

#include <stdint.h>

#include "db/db.h"

typedef void (*org_stats_application_fn)(void *ud, int64_t applied_at, int64_t decided_at);
/* Every administrator application the caseworkers decide (not those an organisation's own
 * administrators decide) made in [from, to); decided_at is 0 while undecided. Returns 0 or a
 * negative db code. */
int org_stats_admin_applications(db *d, int64_t from, int64_t to, org_stats_application_fn each,
                                 void *ud);

#endif
