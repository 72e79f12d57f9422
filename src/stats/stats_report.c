#include "stats/stats_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/case_rules.h"
#include "cases/case_stats.h"
#include "core/date_text.h"
#include "core/workdays.h"
#include "innsyn/innsyn.h"
#include "org/org_rep.h"
#include "org/org_stats.h"
#include "stats/stats_db.h"
#include "stats/stats_tally.h"

/* Whole days from a to b (b after a gives a positive number), across summer time. */
static int days_between(civil_date a, civil_date b)
{
    return (int)lround((double)(civil_date_start_oslo(b) - civil_date_start_oslo(a)) / 86400.0);
}

static int iso_week(civil_date monday)
{
    civil_date thursday = civil_date_add_days(monday, 3);
    civil_date jan1 = {thursday.year, 1, 1};
    return days_between(jan1, thursday) / 7 + 1;
}

static civil_date monday_of(civil_date d)
{
    return civil_date_add_days(d, 1 - civil_date_weekday(d));
}

/* The bucket of t among n periods that start at starts[0..n] (starts[n] ends the last), or -1:
 * a binary search on times worked out once, instead of a time-zone conversion a row. */
static int bucket_of(const int64_t *starts, int n, int64_t t)
{
    if (t < starts[0] || t >= starts[n]) return -1;
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (starts[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static void report_add(stats_report *r, stats_chart *c)
{
    if (r->count < STATS_REPORT_MAX_CHARTS) r->charts[r->count++] = c;
}

/* ---- Web statistics: a value a day over the last days ---- */

typedef struct day_fill {
    stats_chart *chart;
    civil_date first;
    char last_day[11]; /* rows come day by day: the last day's index is reused */
    int last_index;
} day_fill;

static void day_value(void *ud, const char *label, int64_t value)
{
    day_fill *f = ud;
    if (!label) return;
    int i = f->last_index;
    if (!f->last_day[0] || strcmp(label, f->last_day)) {
        civil_date d;
        if (civil_date_parse(label, &d) != 0) return;
        i = f->last_index = days_between(f->first, d);
        snprintf(f->last_day, sizeof f->last_day, "%s", label);
    }
    if (i >= 0 && (size_t)i < f->chart->count) {
        double *v = &f->chart->series[0].values[i];
        *v = (isnan(*v) ? 0 : *v) + (double)value;
    }
}

static stats_chart *per_day_chart(arena *a, civil_date first, const char *id, const char *title,
                                  const char *description, const char *series)
{
    const char *names[] = {series, NULL};
    stats_chart *c = stats_chart_new(a, id, title, description, "Dag", STATS_REPORT_DAYS, names);
    for (size_t i = 0; i < c->count; i++) {
        civil_date d = civil_date_add_days(first, (int)i);
        c->labels[i] = arena_printf(a, "%02d.%02d.", d.day, d.month);
        c->series[0].values[i] = 0;
    }
    return c;
}

/* The page views of the period, added up four ways in one pass over the rows. */
typedef struct view_sums {
    day_fill per_day;
    stats_tally routes, hosts, devices;
} view_sums;

static void view_row(void *ud, const char *day, const char *route, const char *host,
                     const char *device, int64_t views)
{
    view_sums *v = ud;
    day_value(&v->per_day, day, views);
    stats_tally_add(&v->routes, route ? route : "", views);
    if (host && *host) stats_tally_add(&v->hosts, host, views);
    stats_tally_add(&v->devices, device ? device : "", views);
}

static int tally_order(const void *a, const void *b)
{
    const stats_tally_entry *x = *(const stats_tally_entry *const *)a;
    const stats_tally_entry *y = *(const stats_tally_entry *const *)b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* A horizontal chart of the largest counts of t, most first (ties by name). */
static stats_chart *top_chart(arena *a, const stats_tally *t, const char *id, const char *title,
                              const char *description, const char *heading)
{
    const char *names[] = {"Sidevisninger", NULL};
    size_t n = 0;
    const stats_tally_entry **all = arena_alloc(a, (t->used ? t->used : 1) * sizeof *all);
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].key) all[n++] = &t->slots[i];
    qsort(all, n, sizeof *all, tally_order);
    if (n > STATS_REPORT_TOP) n = STATS_REPORT_TOP;
    stats_chart *c = stats_chart_new(a, id, title, description, heading, n, names);
    c->horizontal = 1;
    for (size_t i = 0; i < n; i++) {
        c->labels[i] = arena_strdup(a, all[i]->key);
        c->series[0].values[i] = (double)all[i]->count;
    }
    return c;
}

static int web_charts(db *d, arena *a, civil_date today, stats_report *r)
{
    civil_date first = civil_date_add_days(today, 1 - STATS_REPORT_DAYS);
    char from[11], to[11];
    civil_date_format(first, from);
    civil_date_format(today, to);
    const char *period = arena_printf(a, "%s–%s", date_text_nb_civil(a, first),
                                      date_text_nb_civil(a, today));

    stats_chart *views = per_day_chart(
        a, first, "sidevisninger-per-dag", "Sidevisninger per dag",
        arena_printf(a, "Sider vist på Min side hver dag %s. Roboter er ikke med.", period),
        "Sidevisninger");
    view_sums sums = {.per_day = {.chart = views, .first = first}};
    int rc = stats_db_views_each(d, from, to, view_row, &sums);
    report_add(r, views);

    stats_chart *visitors = per_day_chart(
        a, first, "besokende-per-dag", "Ulike besøkende per dag",
        arena_printf(a, "Et anslag over ulike besøkende hver dag %s, telt uten informasjonskapsler "
                        "og uten å lagre IP-adresser. Dagens tall vokser til midnatt.", period),
        "Besøkende");
    day_fill fill = {.chart = visitors, .first = first};
    if (rc == 0) rc = stats_db_visitors_per_day(d, from, to, day_value, &fill);
    report_add(r, visitors);

    report_add(r, top_chart(a, &sums.routes, "mest-viste-sider", "Mest viste sider",
                            arena_printf(a, "De %d mest viste sidene %s, etter adressemønster "
                                            "(«:id» står for et saksnummer eller lignende).",
                                         STATS_REPORT_TOP, period),
                            "Side"));
    report_add(r, top_chart(a, &sums.hosts, "henvisninger", "Flest besøk fra andre nettsteder",
                            arena_printf(a, "Nettstedene flest besøkende kom fra %s. Besøk uten "
                                            "henvisning og fra Min side selv er ikke med.",
                                         period),
                            "Nettsted"));
    report_add(r, top_chart(a, &sums.devices, "enheter", "Sidevisninger etter enhet",
                            arena_printf(a, "Sidevisninger fra mobil, nettbrett og datamaskin %s.", period),
                            "Enhet"));
    stats_tally_free(&sums.routes);
    stats_tally_free(&sums.hosts);
    stats_tally_free(&sums.devices);
    return rc;
}

/* ---- Cases and approvals: a value a week over the last weeks ---- */

enum { PERIOD_DAYS = 7 * STATS_REPORT_WEEKS };

typedef struct week_fill {
    stats_chart *chart;
    int64_t now;
    int64_t day_starts[PERIOD_DAYS + 1]; /* the period's days, Oslo midnight to midnight */
    int64_t day_due[PERIOD_DAYS];         /* when an application made that day is due */
    double *on_time, *counted; /* approvals: decided in time, and all that count */
} week_fill;

static int week_index(const week_fill *f, int64_t t)
{
    int day = bucket_of(f->day_starts, PERIOD_DAYS, t);
    return day < 0 ? -1 : day / 7;
}

static void week_case(void *ud, const char *type, int64_t created_at)
{
    week_fill *f = ud;
    int i = week_index(f, created_at);
    for (size_t s = 0; i >= 0 && case_types[s].code; s++)
        if (type && !strcmp(type, case_types[s].code)) f->chart->series[s].values[i] += 1;
}

static void week_approval(void *ud, int64_t applied_at, int64_t decided_at)
{
    week_fill *f = ud;
    int i = week_index(f, applied_at);
    if (i < 0) return;
    /* The target: decided before the end of the next working day after the application
     * (org_due_at, worked out once a day of the period). */
    int64_t due = f->day_due[bucket_of(f->day_starts, PERIOD_DAYS, applied_at)];
    if (decided_at == 0 && f->now < due) return; /* still within its time: not counted yet */
    f->counted[i] += 1;
    if (decided_at != 0 && decided_at < due) f->on_time[i] += 1;
}

static stats_chart *per_week_chart(arena *a, civil_date first_monday, const char *id,
                                   const char *title, const char *description,
                                   const char *const *series, week_fill *fill, int64_t now)
{
    stats_chart *c = stats_chart_new(a, id, title, description, "Uke", STATS_REPORT_WEEKS, series);
    for (size_t i = 0; i < c->count; i++) {
        civil_date monday = civil_date_add_days(first_monday, 7 * (int)i);
        c->labels[i] = arena_printf(a, "Uke %d", iso_week(monday));
        for (size_t s = 0; s < c->series_count; s++) c->series[s].values[i] = 0;
    }
    fill->chart = c;
    fill->now = now;
    for (int i = 0; i <= PERIOD_DAYS; i++) {
        fill->day_starts[i] = civil_date_start_oslo(civil_date_add_days(first_monday, i));
        if (i < PERIOD_DAYS) fill->day_due[i] = org_due_at(fill->day_starts[i]);
    }
    fill->on_time = fill->counted = NULL;
    return c;
}

static int case_charts(db *d, arena *a, int64_t now, civil_date today, stats_report *r)
{
    civil_date first_monday = civil_date_add_days(monday_of(today), -7 * (STATS_REPORT_WEEKS - 1));
    int64_t from = civil_date_start_oslo(first_monday);
    int64_t to = civil_date_start_oslo(civil_date_add_days(today, 1));
    const char *period = arena_printf(a, "de siste %d ukene, fra %s", STATS_REPORT_WEEKS,
                                      date_text_nb_civil(a, first_monday));

    const char *types[STATS_CHART_MAX_SERIES + 1] = {NULL};
    for (size_t s = 0; case_types[s].code && s < STATS_CHART_MAX_SERIES; s++)
        types[s] = case_types[s].plural_label;
    week_fill fill;
    stats_chart *filed = per_week_chart(
        a, first_monday, "saker-per-uke", "Nye saker per uke",
        arena_printf(a, "Saker som kom inn hver uke %s, etter sakstype.", period), types, &fill, now);
    int rc = case_stats_filed(d, from, to, week_case, &fill);
    report_add(r, filed);

    const char *share[] = {"Andel avgjort i tide (%)", NULL};
    stats_chart *approvals = per_week_chart(
        a, first_monday, "godkjenninger-i-tide", "Søknader fra virksomheter avgjort innen neste virkedag",
        arena_printf(a, "Andelen søknader om å bli administrator for en virksomhet som ble godkjent "
                        "eller avvist før utgangen av virkedagen etter at de kom inn, etter uken de kom "
                        "inn, %s. Søknader som ennå er innenfor fristen, er ikke med.", period),
        share, &fill, now);
    approvals->decimals = 1;
    approvals->fixed_max = 100;
    fill.on_time = arena_alloc(a, STATS_REPORT_WEEKS * sizeof(double));
    fill.counted = arena_alloc(a, STATS_REPORT_WEEKS * sizeof(double));
    for (size_t i = 0; i < STATS_REPORT_WEEKS; i++) fill.on_time[i] = fill.counted[i] = 0;
    if (rc == 0) rc = org_stats_admin_applications(d, from, to, week_approval, &fill);
    for (size_t i = 0; i < STATS_REPORT_WEEKS; i++)
        approvals->series[0].values[i] =
            fill.counted[i] > 0 ? round(1000.0 * fill.on_time[i] / fill.counted[i]) / 10.0 : NAN;
    report_add(r, approvals);
    return rc;
}

/* ---- Innsyn: the share decided within the target, a week ---- */

typedef struct innsyn_fill {
    int64_t starts[STATS_REPORT_WEEKS + 1];
    double within[STATS_REPORT_WEEKS], total[STATS_REPORT_WEEKS];
} innsyn_fill;

static void innsyn_answer(void *ud, int64_t answered_at, int in_time)
{
    innsyn_fill *f = ud;
    int i = bucket_of(f->starts, STATS_REPORT_WEEKS, answered_at);
    if (i < 0) return;
    f->total[i] += 1;
    if (in_time) f->within[i] += 1;
}

static int innsyn_chart(db *d, arena *a, civil_date today, stats_report *r)
{
    civil_date first_monday = civil_date_add_days(monday_of(today), -7 * (STATS_REPORT_WEEKS - 1));
    const char *share[] = {"Andel avgjort i tide (%)", NULL};
    stats_chart *c = stats_chart_new(
        a, "innsyn-i-tide",
        arena_printf(a, "Innsynskrav avgjort innen %d virkedager", INNSYN_TARGET_WORKDAYS),
        arena_printf(a, "Av innsynskravene som fikk sitt første svar i uken, andelen som ble avgjort "
                        "innen %d virkedager etter at de kom inn, de siste %d ukene, fra %s. Krav "
                        "som gikk over fristen og regnes som avslått, er med som ikke i tide.",
                     INNSYN_TARGET_WORKDAYS, STATS_REPORT_WEEKS, date_text_nb_civil(a, first_monday)),
        "Uke", STATS_REPORT_WEEKS, share);
    c->decimals = 1;
    c->fixed_max = 100;
    innsyn_fill fill;
    memset(&fill, 0, sizeof fill);
    for (int i = 0; i <= STATS_REPORT_WEEKS; i++) {
        civil_date monday = civil_date_add_days(first_monday, 7 * i);
        fill.starts[i] = civil_date_start_oslo(monday);
        if (i < STATS_REPORT_WEEKS) c->labels[i] = arena_printf(a, "Uke %d", iso_week(monday));
    }
    int rc = innsyn_each_first_answer(d, fill.starts[0], fill.starts[STATS_REPORT_WEEKS],
                                      innsyn_answer, &fill);
    for (size_t i = 0; i < STATS_REPORT_WEEKS; i++)
        if (fill.total[i] > 0) c->series[0].values[i] = round(1000.0 * fill.within[i] / fill.total[i]) / 10.0;
    report_add(r, c);
    return rc;
}

/* ---- Time to decision: median and 90th percentile a month ---- */

typedef struct durations {
    double *days;
    size_t n, cap;
} durations;

typedef struct month_fill {
    durations *months;
    int64_t starts[STATS_REPORT_MONTHS + 1]; /* each month's first midnight, then the end */
} month_fill;

static void month_decided(void *ud, int64_t created_at, int64_t closed_at)
{
    month_fill *f = ud;
    int i = bucket_of(f->starts, STATS_REPORT_MONTHS, closed_at);
    if (i < 0 || closed_at < created_at) return;
    durations *m = &f->months[i];
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        double *days = realloc(m->days, cap * sizeof *days);
        if (!days) return;
        m->days = days;
        m->cap = cap;
    }
    m->days[m->n++] = (double)(closed_at - created_at) / 86400.0;
}

static int double_order(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile of sorted values, interpolated between the nearest two (as PostgreSQL's
 * percentile_cont), rounded to a tenth. */
static double quantile(const double *v, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t lo = (size_t)floor(pos), hi = lo + 1 < n ? lo + 1 : lo;
    return round(10.0 * (v[lo] + (v[hi] - v[lo]) * (pos - (double)lo))) / 10.0;
}

static int decision_chart(db *d, arena *a, civil_date today, stats_report *r)
{
    civil_date first = {today.year, today.month, 1};
    for (int i = 1; i < STATS_REPORT_MONTHS; i++)
        first = first.month == 1 ? (civil_date){first.year - 1, 12, 1}
                                 : (civil_date){first.year, first.month - 1, 1};
    const char *series[] = {"Median (dager)", "90. persentil (dager)", NULL};
    stats_chart *c = stats_chart_new(
        a, "tid-til-avgjorelse", "Tid fra innsending til avgjørelse i meklingssaker",
        arena_printf(a, "Dager fra en meklingssak kom inn til den ble avsluttet, for saker avsluttet "
                        "hver måned de siste %d månedene: medianen og 90-persentilen (9 av 10 saker "
                        "ble avgjort på så mange dager eller færre). Trukne saker er ikke med.",
                     STATS_REPORT_MONTHS),
        "Måned", STATS_REPORT_MONTHS, series);
    c->decimals = 1;
    durations months[STATS_REPORT_MONTHS];
    memset(months, 0, sizeof months);
    month_fill fill = {.months = months};
    civil_date m = first;
    for (size_t i = 0; i < STATS_REPORT_MONTHS; i++) {
        fill.starts[i] = civil_date_start_oslo(m);
        c->labels[i] = date_text_nb_month(a, m);
        m = m.month == 12 ? (civil_date){m.year + 1, 1, 1} : (civil_date){m.year, m.month + 1, 1};
    }
    fill.starts[STATS_REPORT_MONTHS] = civil_date_start_oslo(civil_date_add_days(today, 1));
    int rc = case_stats_mediation_decided(d, fill.starts[0], fill.starts[STATS_REPORT_MONTHS],
                                          month_decided, &fill);
    for (size_t i = 0; i < STATS_REPORT_MONTHS; i++) {
        if (months[i].n) {
            qsort(months[i].days, months[i].n, sizeof(double), double_order);
            c->series[0].values[i] = quantile(months[i].days, months[i].n, 0.5);
            c->series[1].values[i] = quantile(months[i].days, months[i].n, 0.9);
        }
        free(months[i].days);
    }
    report_add(r, c);
    return rc;
}

int stats_report_build(db *d, arena *a, int64_t now, stats_report *out)
{
    memset(out, 0, sizeof *out);
    civil_date today = civil_date_oslo(now);
    int rc = web_charts(d, a, today, out);
    if (rc == 0) rc = case_charts(d, a, now, today, out);
    if (rc == 0) rc = decision_chart(d, a, today, out);
    if (rc == 0) rc = innsyn_chart(d, a, today, out);
    return rc;
}

const stats_chart *stats_report_find(const stats_report *r, const char *id)
{
    for (size_t i = 0; i < r->count; i++)
        if (!strcmp(r->charts[i]->id, id)) return r->charts[i];
    return NULL;
}
