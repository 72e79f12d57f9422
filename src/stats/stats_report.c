#include "stats/stats_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cases/case_rules.h"
#include "cases/case_stats.h"
#include "core/date_text.h"
#include "core/workdays.h"
#include "org/org_rep.h"
#include "org/org_stats.h"
#include "stats/stats_db.h"

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

static void report_add(stats_report *r, stats_chart *c)
{
    if (r->count < STATS_REPORT_MAX_CHARTS) r->charts[r->count++] = c;
}

/* ---- Web statistics: a value a day over the last days ---- */

typedef struct day_fill {
    stats_chart *chart;
    civil_date first;
} day_fill;

static void day_value(void *ud, const char *label, int64_t value)
{
    day_fill *f = ud;
    civil_date d;
    if (civil_date_parse(label, &d) != 0) return;
    int i = days_between(f->first, d);
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

typedef struct top_fill {
    stats_chart *chart;
    arena *a;
    const char *empty_label;
} top_fill;

static void top_value(void *ud, const char *label, int64_t value)
{
    top_fill *f = ud;
    stats_chart *c = f->chart;
    if (c->count >= STATS_REPORT_TOP) return;
    c->labels[c->count] = arena_strdup(f->a, *label ? label : f->empty_label);
    c->series[0].values[c->count++] = (double)value;
}

static stats_chart *top_chart(arena *a, const char *id, const char *title,
                              const char *description, const char *heading)
{
    const char *names[] = {"Sidevisninger", NULL};
    stats_chart *c = stats_chart_new(a, id, title, description, heading, STATS_REPORT_TOP, names);
    c->count = 0; /* filled row by row */
    c->horizontal = 1;
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
    day_fill fill = {views, first};
    int rc = stats_db_views_per_day(d, from, to, day_value, &fill);
    report_add(r, views);

    stats_chart *visitors = per_day_chart(
        a, first, "besokende-per-dag", "Ulike besøkende per dag",
        arena_printf(a, "Et anslag over ulike besøkende hver dag %s, telt uten informasjonskapsler "
                        "og uten å lagre IP-adresser. Dagens tall vokser til midnatt.", period),
        "Besøkende");
    fill.chart = visitors;
    if (rc == 0) rc = stats_db_visitors_per_day(d, from, to, day_value, &fill);
    report_add(r, visitors);

    stats_chart *pages = top_chart(a, "mest-viste-sider", "Mest viste sider",
                                   arena_printf(a, "De %d mest viste sidene %s, etter adressemønster "
                                                   "(«:id» står for et saksnummer eller lignende).",
                                                STATS_REPORT_TOP, period),
                                   "Side");
    top_fill top = {pages, a, ""};
    if (rc == 0) rc = stats_db_top_routes(d, from, to, STATS_REPORT_TOP, top_value, &top);
    report_add(r, pages);

    stats_chart *referrers = top_chart(
        a, "henvisninger", "Flest besøk fra andre nettsteder",
        arena_printf(a, "Nettstedene flest besøkende kom fra %s. Besøk uten henvisning og fra Min side "
                        "selv er ikke med.", period),
        "Nettsted");
    top.chart = referrers;
    if (rc == 0) rc = stats_db_top_referrers(d, from, to, STATS_REPORT_TOP, top_value, &top);
    report_add(r, referrers);

    stats_chart *devices = top_chart(a, "enheter", "Sidevisninger etter enhet",
                                     arena_printf(a, "Sidevisninger fra mobil, nettbrett og datamaskin %s.",
                                                  period),
                                     "Enhet");
    top.chart = devices;
    if (rc == 0) rc = stats_db_devices(d, from, to, top_value, &top);
    report_add(r, devices);
    return rc;
}

/* ---- Cases and approvals: a value a week over the last weeks ---- */

typedef struct week_fill {
    stats_chart *chart;
    civil_date first_monday;
    int64_t now;
    double *on_time, *counted; /* approvals: decided in time, and all that count */
} week_fill;

static int week_index(const week_fill *f, int64_t t)
{
    int i = days_between(f->first_monday, civil_date_oslo(t)) / 7;
    return i >= 0 && (size_t)i < f->chart->count ? i : -1;
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
    /* The target: decided before the end of the next working day after the application. */
    int64_t due = org_due_at(applied_at);
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
    *fill = (week_fill){c, first_monday, now, NULL, NULL};
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

/* ---- Time to decision: median and 90th percentile a month ---- */

typedef struct durations {
    double *days;
    size_t n, cap;
} durations;

typedef struct month_fill {
    durations *months;
    civil_date first; /* the first day of the first month */
} month_fill;

static int month_index(civil_date first, civil_date d)
{
    return (d.year - first.year) * 12 + (d.month - first.month);
}

static void month_decided(void *ud, int64_t created_at, int64_t closed_at)
{
    month_fill *f = ud;
    int i = month_index(f->first, civil_date_oslo(closed_at));
    if (i < 0 || i >= STATS_REPORT_MONTHS || closed_at < created_at) return;
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
    month_fill fill = {months, first};
    int rc = case_stats_mediation_decided(d, civil_date_start_oslo(first),
                                          civil_date_start_oslo(civil_date_add_days(today, 1)),
                                          month_decided, &fill);
    civil_date m = first;
    for (size_t i = 0; i < STATS_REPORT_MONTHS; i++) {
        c->labels[i] = date_text_nb_month(a, m);
        m = m.month == 12 ? (civil_date){m.year + 1, 1, 1} : (civil_date){m.year, m.month + 1, 1};
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
    return rc;
}

const stats_chart *stats_report_find(const stats_report *r, const char *id)
{
    for (size_t i = 0; i < r->count; i++)
        if (!strcmp(r->charts[i]->id, id)) return r->charts[i];
    return NULL;
}
