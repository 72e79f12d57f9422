/* The statistics tables (migration 0017): page views, today's visitor hashes, finished days'
 * visitor counts, the day's salt; and the sums the statistics page reads. */
#ifndef MINSIDE_STATS_STATS_DB_H
#define MINSIDE_STATS_STATS_DB_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

enum { STATS_SALT_BYTES = 32, STATS_HASH_BYTES = 16 };

/* The salt of day ("YYYY-MM-DD"), made at random by whichever instance asks first. */
int stats_db_salt_get(db *d, const char *day, unsigned char salt[STATS_SALT_BYTES]);
int stats_db_views_add(db *d, const char *day, const char *route, const char *referrer_host,
                       const char *device, int64_t views);
int stats_db_visitor_add(db *d, const char *day, const unsigned char hash[STATS_HASH_BYTES]);
/* For every day before today: counts its visitor hashes into stats_visitor_day, deletes them
 * and deletes the day's salt. */
int stats_db_days_close(db *d, const char *today);

/* Called for each row of a read: a label and a number. */
typedef void (*stats_row_fn)(void *ud, const char *label, int64_t value);
/* Unique visitors a day in [from, to]: finished days, and today's hashes counted so far. */
int stats_db_visitors_per_day(db *d, const char *from, const char *to, stats_row_fn each,
                              void *ud);

/* Called for each page-view row of a read. */
typedef void (*stats_view_fn)(void *ud, const char *day, const char *route,
                              const char *referrer_host, const char *device, int64_t views);
/* Every page-view row of the days in [from, to], read once for all the charts that add them up
 * (one scan is cheaper than a GROUP BY for each). */
int stats_db_views_each(db *d, const char *from, const char *to, stats_view_fn each, void *ud);

#endif
