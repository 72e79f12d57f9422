#include "stats/stats_http.h"

#include <string.h>

#include "auth/auth.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/response.h"
#include "stats/stats_report.h"

/* The report for a manager's request, or NULL after answering (login, 403, 503). */
static db *report_for(req *r, stats_report *report)
{
    db *d = auth_staff_db(r, AUTH_ROLE_MANAGER);
    if (!d) return NULL;
    if (stats_report_build(d, r->arena, clock_now(), report) != 0) {
        log_error("request=%s kunne ikke lage statistikken: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return NULL;
    }
    return d;
}

void stats_page(req *r)
{
    stats_report report;
    if (!report_for(r, &report)) return;
    json_t *charts = json_array();
    for (size_t i = 0; i < report.count; i++)
        json_array_append_new(charts, stats_chart_json(r->arena, report.charts[i]));
    resp_page(r, 200, "pages/statistikk", "Statistikk", json_pack("{s:o}", "charts", charts));
}

void stats_page_csv(req *r)
{
    /* The chart's id is checked against the report's own charts: nothing else is looked up. */
    const char *file = req_param(r, "chart");
    size_t n = file ? strlen(file) : 0;
    if (n < 5 || n > 64 || strcmp(file + n - 4, ".csv")) {
        resp_error(r, 404, "Fant ikke tabellen", "Denne statistikken finnes ikke som CSV-fil.");
        return;
    }
    stats_report report;
    if (!report_for(r, &report)) return;
    char *id = arena_strdup(r->arena, file);
    id[n - 4] = '\0';
    const stats_chart *c = stats_report_find(&report, id);
    if (!c) {
        resp_error(r, 404, "Fant ikke tabellen", "Denne statistikken finnes ikke som CSV-fil.");
        return;
    }
    size_t len = 0;
    char *csv = stats_chart_csv(c, &len);
    resp_header_add(r, "Content-Disposition",
                    arena_printf(r->arena, "attachment; filename=\"%s.csv\"", c->id));
    resp_body(r, 200, "text/csv; charset=utf-8", csv, len);
}
