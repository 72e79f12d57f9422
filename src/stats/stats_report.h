/* The charts of the statistics page, from the web statistics and from other domains' data read
 * through their headers (cases/case_stats.h, org/org_stats.h). */
#ifndef MINSIDE_STATS_STATS_REPORT_H
#define MINSIDE_STATS_STATS_REPORT_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "stats/stats_chart.h"

enum {
    STATS_REPORT_DAYS = 30,    /* web statistics: the last 30 days, today included */
    STATS_REPORT_WEEKS = 12,   /* cases and approvals: the last 12 weeks, this one included */
    STATS_REPORT_MONTHS = 12,  /* time to decision: the last 12 months, this one included */
    STATS_REPORT_TOP = 10,     /* rows of the top lists */
    STATS_REPORT_MAX_CHARTS = 12,
};

typedef struct stats_report {
    stats_chart *charts[STATS_REPORT_MAX_CHARTS];
    size_t count;
} stats_report;

/* Every chart as it stands at time now, in the page's order. Returns 0, or a negative db code. */
int stats_report_build(db *d, arena *a, int64_t now, stats_report *out);
/* The chart called id, or NULL. */
const stats_chart *stats_report_find(const stats_report *r, const char *id);

#endif
