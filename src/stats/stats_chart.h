/* A chart of the statistics page: labels along one axis, one to three series of numbers, drawn
 * as SVG on the server, given as a table with the same numbers for screen readers, and written
 * as CSV. One model feeds all three, so they cannot disagree. */
#ifndef MINSIDE_STATS_STATS_CHART_H
#define MINSIDE_STATS_STATS_CHART_H

#include <jansson.h>
#include <stddef.h>

#include "core/arena.h"

enum { STATS_CHART_MAX_SERIES = 3 };

typedef struct stats_series {
    const char *name;  /* the table's column heading and the legend */
    double *values;    /* one a label; NAN where there is nothing to show */
} stats_series;

typedef struct stats_chart {
    const char *id;            /* "sidevisninger-per-dag": the element id and the CSV's name */
    const char *title;
    const char *description;
    const char *label_heading; /* the first column's heading: «Dag», «Side», «Uke» */
    int horizontal;            /* bars across, for top lists with long labels */
    int decimals;              /* 0 or 1 */
    double fixed_max;          /* the scale's top when > 0 (100 for a share in per cent) */
    size_t count;              /* labels */
    const char **labels;
    size_t series_count;
    stats_series series[STATS_CHART_MAX_SERIES];
} stats_chart;

/* A chart with room for count labels and the named series (NULL-terminated), values NAN. */
stats_chart *stats_chart_new(arena *a, const char *id, const char *title, const char *description,
                             const char *label_heading, size_t count, const char *const *series);
/* A number as the page shows it: Norwegian decimal comma, «–» for NAN. */
const char *stats_chart_number(arena *a, const stats_chart *c, double v);
/* The SVG element, in the arena. */
const char *stats_chart_svg(arena *a, const stats_chart *c);
/* The view model: id, title, description, svg, legend, the table's head and rows, csv_url. */
json_t *stats_chart_json(arena *a, const stats_chart *c);
/* The CSV file (RFC 4180, comma, decimal point, a heading row), malloc'd; NULL when out of
 * memory. */
char *stats_chart_csv(const stats_chart *c, size_t *len);

#endif
