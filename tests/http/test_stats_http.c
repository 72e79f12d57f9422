/* Web statistics over the real server, on SQLite or PostgreSQL (argv[1]): page views counted
 * by route pattern, referring host and device class, robots and errors left out, unique
 * visitors through the day's salt, the salt gone after midnight, no address in any statistics
 * table; no route sets a cookie that is not strictly necessary; the statistics page for
 * managers only, its charts' tables and CSV files matching the charts. */
#include <ctype.h>
#include <csv.h>
#include <curl/curl.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "client.h"
#include "core/clock.h"
#include "fixture.h"
#include "http/server.h"
#include "stats/stats.h"
#include "tap.h"
#include "test_db_env.h"
#include "web/routes.h"
#include "web/site.h"

static char tmpdir[256];
static const char *E = "sqlite";
static db *d;
static char person_cookie[128], staff_cookie[128], manager_cookie[128];

#define DESKTOP "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"
#define PHONE                                                                                      \
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "   \
    "Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
/* 2026-11-23 12:00 in Oslo. */
static const int64_t NOON = 1795431600;

static int64_t scalar(const char *sql)
{
    return test_db_scalar(d, sql);
}

static long get_with(const char *path, const char *const *headers, http_response *out)
{
    http_request rq = {.path = path, .headers = headers};
    http_response local = {0};
    http_response *r = out ? out : &local;
    long status = http_send(&rq, r) == 0 ? r->status : -1;
    if (!out) http_response_free(&local);
    return status;
}

/* Flushes until the views counted reach want: the server calls its hook when a response is
 * done, which may be just after the client has read it. */
static int64_t flush_until(int64_t want)
{
    int64_t got = -1;
    for (int i = 0; i < 100; i++) {
        stats_flush(d);
        got = scalar("SELECT COALESCE(SUM(views), 0) FROM stats_page_view");
        if (got >= want) break;
        usleep(20000);
    }
    usleep(100000); /* anything counted beyond want would show up now */
    stats_flush(d);
    return scalar("SELECT COALESCE(SUM(views), 0) FROM stats_page_view");
}

static void check_counting(void)
{
    const char *desktop[] = {"User-Agent: " DESKTOP, "X-Forwarded-For: 203.0.113.77",
                             "Referer: https://www.google.com/search?q=kari.nordmann@example.no",
                             NULL};
    const char *phone[] = {"User-Agent: " PHONE, "X-Forwarded-For: 198.51.100.23, 10.0.0.1",
                           "X-Real-IP: 198.51.100.23", "Forwarded: for=198.51.100.23",
                           "Referer: https://kari@example.no/", NULL};
    const char *phone_ipv6[] = {"User-Agent: " PHONE, "X-Forwarded-For: 2001:db8:85a3::8a2e:370:7334",
                                "Referer: http://192.0.2.44/lenke", NULL};
    const char *robot[] = {"User-Agent: Mozilla/5.0 (compatible; Googlebot/2.1)",
                           "X-Forwarded-For: 66.249.66.1", NULL};
    const char *internal[] = {"User-Agent: " DESKTOP, "X-Forwarded-For: 203.0.113.77",
                              "Referer: http://127.0.0.1/personvern", NULL};
    TAP_EQ_INT(get_with("/?fnr=01017012345&epost=kari@example.no", desktop, NULL), 200,
               "%s: the front page with a query", E);
    get_with("/", desktop, NULL);
    get_with("/personvern", phone, NULL);
    get_with("/personvern", phone_ipv6, NULL);
    get_with("/", robot, NULL);
    get_with("/personvern", robot, NULL);
    get_with("/finnes-ikke/01017012345", desktop, NULL); /* 404 */
    get_with("/healthz", desktop, NULL);                 /* not a page */
    get_with("/static/css/minside.css", desktop, NULL);  /* not a page */
    get_with("/tilgjengelighet", internal, NULL);
    const char *staff[] = {"User-Agent: " DESKTOP, manager_cookie, NULL};
    TAP_EQ_INT(get_with("/ansatt", staff, NULL), 200, "%s: the manager's start page", E);

    TAP_EQ_INT(flush_until(6), 6, "%s: six page views counted; robots, 404s and files are not", E);
    TAP_EQ_INT(scalar("SELECT views FROM stats_page_view WHERE route = '/' AND "
                      "referrer_host = 'www.google.com' AND device = 'datamaskin'"),
               2, "%s: the front page by its pattern, without the query, from google.com", E);
    TAP_EQ_INT(scalar("SELECT views FROM stats_page_view WHERE route = '/personvern' AND "
                      "referrer_host = 'example.no' AND device = 'mobil'"),
               1, "%s: the referring host without the address's user part, on a phone", E);
    TAP_EQ_INT(scalar("SELECT views FROM stats_page_view WHERE route = '/personvern' AND "
                      "referrer_host = '' AND device = 'mobil'"),
               1, "%s: a referrer that is an address is not kept", E);
    TAP_EQ_INT(scalar("SELECT views FROM stats_page_view WHERE route = '/tilgjengelighet' AND "
                      "referrer_host = ''"),
               1, "%s: our own pages are not a referring site", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM stats_page_view WHERE route = '/ansatt'"), 1,
               "%s: staff pages are counted by their pattern too", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM stats_visitor"), 4,
               "%s: four unique visitors (desktop, phone, phone on IPv6, the manager)", E);

    /* No statistics table holds anything that looks like an address or an e-mail address. */
    regex_t ip, mail;
    regcomp(&ip, "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{0,4}:", REG_EXTENDED | REG_NOSUB);
    regcomp(&mail, "@", REG_NOSUB);
    const char *reads[] = {
        "SELECT day || ' ' || route || ' ' || referrer_host || ' ' || device FROM stats_page_view",
        "SELECT day FROM stats_visitor", "SELECT day FROM stats_visitor_day",
        "SELECT day FROM stats_salt", NULL};
    int values = 0, bad = 0;
    for (const char **q = reads; *q; q++) {
        db_stmt *s = db_prepare(d, *q);
        while (s && db_step(s) == DB_ROW) {
            const char *v = db_col_text(s, 0);
            values++;
            if (v && (regexec(&ip, v, 0, NULL, 0) == 0 || regexec(&mail, v, 0, NULL, 0) == 0 ||
                      strstr(v, "01017012345"))) {
                printf("# address-like value: %s\n", v);
                bad++;
            }
        }
        if (s) db_reset(s);
    }
    /* The hashes are 16 random-looking bytes: neither an address in text nor its bytes. */
    db_stmt *s = db_prepare(d, "SELECT hash FROM stats_visitor");
    while (s && db_step(s) == DB_ROW) {
        size_t len = 0;
        const unsigned char *h = db_col_blob(s, 0, &len);
        values++;
        if (len != 16 || (h && (memmem(h, len, "203.0.113", 9) || memmem(h, len, "\xcb\x00\x71", 3))))
            bad++;
    }
    if (s) db_reset(s);
    regfree(&ip);
    regfree(&mail);
    TAP_OK(values >= 8 && bad == 0, "%s: no address in %d stored values of the statistics tables", E, values);
}

static void check_midnight(void)
{
    const char *desktop[] = {"User-Agent: " DESKTOP, "X-Forwarded-For: 203.0.113.77", NULL};
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM stats_salt WHERE day = '2026-11-23'"), 1,
               "%s: today's salt is in the database while the day lasts", E);
    clock_set_fixed(NOON + 12 * 3600 + 60); /* 00:01 on the 24th */
    get_with("/", desktop, NULL);
    flush_until(7);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM stats_salt WHERE day = '2026-11-23'"), 0,
               "%s: after midnight the finished day's salt is gone", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM stats_visitor WHERE day = '2026-11-23'"), 0,
               "%s: and so are its hashes", E);
    TAP_EQ_INT(scalar("SELECT visitors FROM stats_visitor_day WHERE day = '2026-11-23'"), 4,
               "%s: leaving the day's count of unique visitors", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM stats_visitor WHERE day = '2026-11-24'"), 1,
               "%s: the same visitor the next day is hashed under the new salt", E);
    TAP_EQ_INT(scalar("SELECT views FROM stats_page_view WHERE day = '2026-11-24'"), 1,
               "%s: and counted on the new day", E);
    clock_set_fixed(NOON);
}

/* Every cookie a response sets must be one of those the service cannot work without. */
static int cookies_check(const http_response *r, const char *path, const char *who)
{
    static const char *const necessary[] = {"minside", "__Host-minside", "minside_innlogging",
                                            "__Host-minside_innlogging", NULL};
    int bad = 0;
    const char *p = r->headers.data;
    while (p && (p = strstr(p, "set-cookie:"))) {
        p += strlen("set-cookie:");
        while (*p == ' ') p++;
        size_t n = strcspn(p, "=");
        int ok = 0;
        for (const char *const *c = necessary; *c; c++)
            if (strlen(*c) == n && !strncmp(p, *c, n)) ok = 1;
        if (!ok) {
            printf("# %s: GET %s sets the cookie %.*s\n", who, path, (int)n, p);
            bad++;
        }
    }
    return bad;
}

static void check_cookies(void)
{
    struct {
        const char *who, *cookie;
    } visitors[] = {{"anonym", NULL},
                    {"person", person_cookie},
                    {"saksbehandler", staff_cookie},
                    {"leder", manager_cookie}};
    int requests = 0, bad = 0, server_errors = 0;
    for (size_t v = 0; v < sizeof visitors / sizeof *visitors; v++) {
        for (const route *rt = site_routes; rt->method; rt++) {
            if (strcmp(rt->method, "GET")) continue;
            /* Parameters filled with a plausible value: an id, a file name. */
            char path[512] = "";
            size_t len = 0;
            for (const char *p = rt->pattern; *p && len + 32 < sizeof path;) {
                if (*p == ':' || *p == '*') {
                    const char *fill = *p == '*' ? "css/minside.css" : "1";
                    len += (size_t)snprintf(path + len, sizeof path - len, "%s", fill);
                    while (*p && *p != '/') p++;
                } else {
                    path[len++] = *p++;
                    path[len] = '\0';
                }
            }
            const char *headers[] = {"User-Agent: " DESKTOP, visitors[v].cookie, NULL};
            http_response r = {0};
            long status = get_with(path, headers, &r);
            requests++;
            /* 503 is the login's answer when no identity provider is set up, as here. */
            if ((status >= 500 && status != 503) || status < 0) {
                printf("# %s: GET %s gave %ld\n", visitors[v].who, path, status);
                server_errors++;
            }
            bad += cookies_check(&r, path, visitors[v].who);
            http_response_free(&r);
        }
    }
    TAP_OK(requests > 100 && bad == 0,
           "%s: %d GET requests over every route, as anonymous, person, caseworker and manager: "
           "no cookie but the session and the login state", E, requests);
    TAP_EQ_INT(server_errors, 0, "%s: and no server error on any of them", E);
}

/* ---- The statistics page ---- */

static void seed_domains(void)
{
    const int64_t day = 86400;
    /* Cases filed: this week (from Monday 23 November) two mediation cases and a tip; the week
     * before one guidance request; five mediation cases closed in November after 1, 2, 3, 4
     * and 10 days (median 3, 90th percentile 7.6), one withdrawn (left out). */
    struct {
        const char *type, *status;
        int64_t created, closed;
    } cases[] = {
        {"mekling", "mottatt", NOON - 3600, 0},
        {"mekling", "mottatt", NOON - 7200, 0},
        {"tips", "mottatt", NOON - 600, 0},
        {"veiledning", "besvart", NOON - 5 * day, 0},
        {"mekling", "avsluttet", NOON - 11 * day, NOON - 10 * day},
        {"mekling", "avsluttet", NOON - 12 * day, NOON - 10 * day},
        {"mekling", "avsluttet", NOON - 13 * day, NOON - 10 * day},
        {"mekling", "avsluttet", NOON - 14 * day, NOON - 10 * day},
        {"mekling", "avsluttet", NOON - 20 * day, NOON - 10 * day},
        {"mekling", "trukket", NOON - 30 * day, NOON - 10 * day},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char ref[32];
        snprintf(ref, sizeof ref, "2026/%zu", 900 + i);
        if (db_run(d, "INSERT INTO case_record (case_type, status, reference, title, details, "
                      "created_at, updated_at, closed_at) VALUES ($1, $2, $3, 'Sak', '{}', $4, $4, $5)",
                   cases[i].closed ? "tttii" : "tttin", cases[i].type, cases[i].status, ref,
                   cases[i].created, cases[i].closed) < 0)
            printf("# case: %s\n", db_errmsg(d));
    }
    /* Administrator applications in the week of 16 November: one decided the next working day
     * (in time), one from Friday decided on Tuesday (late: due by the end of Monday); one from
     * this Monday still undecided and within its time (not counted yet). */
    int64_t person = scalar("SELECT id FROM person");
    struct {
        const char *orgnr;
        int64_t applied, decided;
    } apps[] = {
        {"910000001", NOON - 7 * day - 7200, NOON - 6 * day + 10800},
        {"910000002", NOON - 3 * day, NOON + day},
        {"910000003", NOON - 10800, 0},
    };
    for (size_t i = 0; i < sizeof apps / sizeof *apps; i++)
        if (db_run(d, "INSERT INTO org_member (orgnr, person_id, role, status, given_name, "
                      "applied_at, due_at, decided_at) VALUES ($1, $2, 'administrator', $3, 'Kari', "
                      "$4, $4, $5)",
                   apps[i].decided ? "titii" : "titin", apps[i].orgnr, person,
                   apps[i].decided ? "bekreftet" : "ubekreftet", apps[i].applied, apps[i].decided) < 0)
            printf("# application: %s\n", db_errmsg(d));
    /* Innsyn: received Monday 16 November and decided on Wednesday (within three working days),
     * received the same Monday and decided a week later (late), received on 10 November and
     * lapsed into refusal on the 17th (late): week 47 has 1 of 2 in time, week 48 0 of 1. */
    struct {
        int64_t received, answered;
        const char *event;
    } innsyn[] = {
        {NOON - 7 * day - 7200, NOON - 5 * day, "avgjort"},
        {NOON - 7 * day - 3600, NOON - 10800, "avgjort"},
        {NOON - 13 * day, NOON - 6 * day, "avslatt_frist"},
    };
    for (size_t i = 0; i < sizeof innsyn / sizeof *innsyn; i++) {
        if (db_run(d, "INSERT INTO innsyn_request (source, state, created_at, received_at, answered_at) "
                      "VALUES ('nett', 'besvart', $1, $1, $2)",
                   "ii", innsyn[i].received, innsyn[i].answered) < 0 ||
            db_run(d, "INSERT INTO innsyn_log (request_id, at, event, text) VALUES "
                      "((SELECT MAX(id) FROM innsyn_request), $1, $2, 'Svar')",
                   "it", innsyn[i].answered, innsyn[i].event) < 0)
            printf("# innsyn: %s\n", db_errmsg(d));
    }
}

static char *xml_attr(xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static xmlXPathObject *xpath(xmlXPathContext *ctx, xmlNode *at, const char *expr)
{
    ctx->node = at;
    return xmlXPathEvalExpression((const xmlChar *)expr, ctx);
}

/* The table's cell text as a number: Norwegian decimal comma, «–» for none (NAN). */
static double cell_number(const char *text)
{
    if (!text || !strcmp(text, "–")) return NAN;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", text);
    char *comma = strchr(buf, ',');
    if (comma) *comma = '.';
    return strtod(buf, NULL);
}

typedef struct csv_table {
    char cells[64][4][128];
    int rows, col;
} csv_table;

static void csv_on_field(void *field, size_t len, void *ud)
{
    csv_table *t = ud;
    if (t->rows < 64 && t->col < 4) snprintf(t->cells[t->rows][t->col], 128, "%.*s", (int)len, (char *)field);
    t->col++;
}

static void csv_on_row(int c, void *ud)
{
    (void)c;
    csv_table *t = ud;
    t->rows++;
    t->col = 0;
}

/* One chart: its bars against its table, and its CSV file against both. Returns the number of
 * disagreements; *bars counts the bars seen. */
static int chart_check(xmlXPathContext *ctx, xmlNode *section, const char *id, int *bars,
                       double table[64][4], int *rows_out)
{
    int bad = 0;
    /* The table. */
    xmlXPathObject *rows = xpath(ctx, section, ".//table/tbody/tr");
    int nrows = rows && rows->nodesetval ? rows->nodesetval->nodeNr : 0;
    char labels[64][128];
    int ncols = 0;
    for (int i = 0; i < nrows && i < 64; i++) {
        xmlNode *tr = rows->nodesetval->nodeTab[i];
        int col = 0;
        for (xmlNode *c = tr->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE) continue;
            xmlChar *text = xmlNodeGetContent(c);
            if (!strcmp((const char *)c->name, "th"))
                snprintf(labels[i], sizeof labels[i], "%s", (const char *)text);
            else if (col < 4)
                table[i][col++] = cell_number((const char *)text);
            xmlFree(text);
        }
        ncols = col;
    }
    xmlXPathFreeObject(rows);
    *rows_out = nrows;
    /* The bars: each carries its series, its row and its value; heights follow the values. */
    xmlXPathObject *rects = xpath(ctx, section, ".//svg//rect");
    int nrects = rects && rects->nodesetval ? rects->nodesetval->nodeNr : 0;
    double scale = 0;
    int drawn[64][4] = {{0}};
    for (int i = 0; i < nrects; i++) {
        xmlNode *rect = rects->nodesetval->nodeTab[i];
        char *series = xml_attr(rect, "data-series"), *index = xml_attr(rect, "data-index"),
             *value = xml_attr(rect, "data-value"), *height = xml_attr(rect, "height"),
             *width = xml_attr(rect, "width");
        int s = series ? atoi(series) : -1, row = index ? atoi(index) : -1;
        double v = value ? strtod(value, NULL) : NAN;
        int horizontal = !strcmp(id, "mest-viste-sider") || !strcmp(id, "henvisninger") || !strcmp(id, "enheter");
        double size = strtod(horizontal ? (width ? width : "0") : (height ? height : "0"), NULL);
        if (s < 0 || s >= ncols || row < 0 || row >= nrows || fabs(table[row][s] - v) > 1e-9) {
            printf("# %s: bar %d (series %d, row %d, value %s) has no equal cell in the table\n", id, i, s, row, value ? value : "");
            bad++;
        } else {
            drawn[row][s] = 1;
        }
        if (v > 0) {
            double k = size / v;
            if (scale == 0) scale = k;
            else if (fabs(k - scale) > 0.01 * scale + 0.01) {
                printf("# %s: bar %d is %.1f long for %g, the others %.3f a unit\n", id, i, size, v, scale);
                bad++;
            }
        }
        xmlFree(series);
        xmlFree(index);
        xmlFree(value);
        xmlFree(height);
        xmlFree(width);
    }
    xmlXPathFreeObject(rects);
    *bars += nrects;
    for (int i = 0; i < nrows; i++)
        for (int c = 0; c < ncols; c++)
            if (!isnan(table[i][c]) && !drawn[i][c]) {
                printf("# %s: the table's %s, column %d has no bar\n", id, labels[i], c);
                bad++;
            }
    /* The CSV file: the same rows, numbers with a decimal point, empty where the table has «–». */
    char path[128], loc[256];
    snprintf(path, sizeof path, "/statistikk/%s.csv", id);
    const char *headers[] = {manager_cookie, NULL};
    http_response r = {0};
    get_with(path, headers, &r);
    csv_table t = {0};
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    csv_parse(&p, r.body.data ? r.body.data : "", r.body.len, csv_on_field, csv_on_row, &t);
    csv_fini(&p, csv_on_field, csv_on_row, &t);
    csv_free(&p);
    if (r.status != 200 || !http_header(&r, "Content-Type", loc, sizeof loc) || strncmp(loc, "text/csv", 8) ||
        t.rows != nrows + 1) {
        printf("# %s: CSV status %ld, %d rows for %d in the table\n", id, r.status, t.rows, nrows);
        bad++;
    }
    for (int i = 0; i < nrows && i + 1 < t.rows; i++) {
        if (strcmp(t.cells[i + 1][0], labels[i])) {
            printf("# %s: CSV row %d is %s, the table's %s\n", id, i, t.cells[i + 1][0], labels[i]);
            bad++;
        }
        for (int c = 0; c < ncols; c++) {
            const char *f = t.cells[i + 1][c + 1];
            double v = *f ? strtod(f, NULL) : NAN;
            if (!(isnan(v) && isnan(table[i][c])) && fabs(v - table[i][c]) > 1e-9) {
                printf("# %s: CSV %s column %d is «%s», the table says %g\n", id, labels[i], c, f, table[i][c]);
                bad++;
            }
        }
    }
    http_response_free(&r);
    return bad;
}

/* The value in chart id's table at the row labelled label, column col; NAN when absent. */
static double page_value(xmlXPathContext *ctx, const char *id, const char *label, int col)
{
    char expr[256];
    snprintf(expr, sizeof expr, "//table[@data-chart='%s']/tbody/tr[th='%s']/td[%d]", id, label, col + 1);
    xmlXPathObject *o = xpath(ctx, NULL, expr);
    double v = NAN;
    if (o && o->nodesetval && o->nodesetval->nodeNr == 1) {
        xmlChar *text = xmlNodeGetContent(o->nodesetval->nodeTab[0]);
        v = cell_number((const char *)text);
        xmlFree(text);
    }
    xmlXPathFreeObject(o);
    return v;
}

static void check_page(void)
{
    const char *anonymous[] = {NULL}, *person[] = {person_cookie, NULL}, *staff[] = {staff_cookie, NULL},
               *manager[] = {manager_cookie, NULL};
    http_response r = {0};
    char loc[256];
    get_with("/statistikk", anonymous, &r);
    TAP_OK(r.status == 303 && http_header(&r, "Location", loc, sizeof loc) && strstr(loc, "/ansatt/logg-inn"),
           "%s: without a login /statistikk sends to the staff login", E);
    http_response_free(&r);
    long st = get_with("/statistikk", person, NULL);
    TAP_OK(st == 403 || st == 303, "%s: a person gets no statistics (%ld)", E, st);
    TAP_EQ_INT(get_with("/statistikk", staff, NULL), 403, "%s: a caseworker without the role leder gets 403", E);
    TAP_EQ_INT(get_with("/statistikk/sidevisninger-per-dag.csv", staff, NULL), 403,
               "%s: nor the CSV files", E);
    TAP_EQ_INT(get_with("/statistikk/finnes-ikke.csv", manager, NULL), 404, "%s: an unknown chart's CSV is 404", E);
    TAP_EQ_INT(get_with("/statistikk/sidevisninger-per-dag", manager, NULL), 404, "%s: so is a name without .csv", E);
    TAP_EQ_INT(get_with("/statistikk/..%2f..%2fetc%2fpasswd.csv", manager, NULL), 404, "%s: and anything else", E);

    seed_domains();
    get_with("/statistikk", manager, &r);
    TAP_EQ_INT(r.status, 200, "%s: the manager's statistics page", E);
    TAP_OK(r.body.data && !strstr(r.body.data, "<script"), "%s: no script on the page: the charts are SVG from the server", E);
    htmlDocPtr doc = htmlReadMemory(r.body.data ? r.body.data : "", (int)r.body.len, "statistikk.html", "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    xmlXPathContext *ctx = doc ? xmlXPathNewContext(doc) : NULL;
    xmlXPathObject *sections = ctx ? xpath(ctx, NULL, "//section[@class='ms-chart']") : NULL;
    int nsections = sections && sections->nodesetval ? sections->nodesetval->nodeNr : 0;
    int bad = 0, bars = 0, titled = 0;
    for (int i = 0; i < nsections; i++) {
        xmlNode *sec = sections->nodesetval->nodeTab[i];
        char *id = xml_attr(sec, "id");
        double table[64][4];
        int rows = 0;
        xmlXPathObject *named = xpath(ctx, sec, "./h2[@id] | ./p[@id]");
        xmlXPathObject *svg = xpath(ctx, sec, ".//svg[@role='img' and @aria-labelledby and @aria-describedby]");
        if (named && named->nodesetval && named->nodesetval->nodeNr == 2 && svg && svg->nodesetval &&
            svg->nodesetval->nodeNr == 1)
            titled++;
        xmlXPathFreeObject(named);
        xmlXPathFreeObject(svg);
        bad += chart_check(ctx, sec, id ? id : "", &bars, table, &rows);
        xmlFree(id);
    }
    TAP_EQ_INT(nsections, 9, "%s: nine charts", E);
    TAP_EQ_INT(titled, nsections, "%s: each with a title, a description and an SVG named by them", E);
    TAP_OK(bad == 0 && bars > 20,
           "%s: every bar's value is in its table, every number in a table has its bar, bar sizes follow the values, and each CSV file matches its table (%d bars)",
           E, bars);
    TAP_OK(fabs(page_value(ctx, "saker-per-uke", "Uke 48", 0) - 2) < 1e-9 &&
               fabs(page_value(ctx, "saker-per-uke", "Uke 48", 1) - 1) < 1e-9 &&
               fabs(page_value(ctx, "saker-per-uke", "Uke 47", 2) - 1) < 1e-9,
           "%s: cases per week by type (week 48: two mediation cases and a tip; week 47: one guidance)", E);
    TAP_OK(fabs(page_value(ctx, "godkjenninger-i-tide", "Uke 47", 0) - 50) < 1e-9 &&
               isnan(page_value(ctx, "godkjenninger-i-tide", "Uke 48", 0)),
           "%s: approvals in time: 50 %% in week 47, none to count yet in week 48", E);
    TAP_OK(fabs(page_value(ctx, "tid-til-avgjorelse", "november 2026", 0) - 3) < 1e-9 &&
               fabs(page_value(ctx, "tid-til-avgjorelse", "november 2026", 1) - 7.6) < 1e-9,
           "%s: mediation cases: median 3 days and 90th percentile 7.6 days in November", E);
    TAP_OK(fabs(page_value(ctx, "innsyn-i-tide", "Uke 47", 0) - 50) < 1e-9 &&
               fabs(page_value(ctx, "innsyn-i-tide", "Uke 48", 0) - 0) < 1e-9 &&
               isnan(page_value(ctx, "innsyn-i-tide", "Uke 46", 0)),
           "%s: innsyn decided within 3 working days: 50 %% in week 47, 0 %% in week 48, none in week 46", E);
    TAP_OK(page_value(ctx, "sidevisninger-per-dag", "23.11.", 0) >= 6 &&
               page_value(ctx, "besokende-per-dag", "23.11.", 0) == 4,
           "%s: page views and unique visitors of the day", E);
    xmlXPathFreeObject(sections);
    if (ctx) xmlXPathFreeContext(ctx);
    if (doc) xmlFreeDoc(doc);
    http_response_free(&r);
}

static int64_t staff_add(db *dd, const char *subject, const char *name, const char *roles)
{
    db_run(dd, "INSERT INTO staff (subject, name, roles, last_login_at) VALUES ($1, $2, $3, 0)",
           "ttt", subject, name, roles);
    db_stmt *s = db_prepare(dd, "SELECT id FROM staff WHERE subject = $1");
    int64_t id = s && db_bind_text(s, 1, subject) == DB_OK && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    if (s) db_reset(s);
    return id;
}

static int seed(db *dd)
{
    (void)dd;
    return 0;
}

static void cookie_header(db *dd, int64_t person, int64_t staff, char *out, size_t len)
{
    char token[65], csrf[65];
    if (fixture_session(dd, person, staff, token, csrf) < 0) printf("# no session\n");
    snprintf(out, len, "Cookie: minside=%s", token);
}

int main(int argc, char **argv)
{
    db_engine engine;
    const char *pg_url;
    if (fixture_engine_from_args(argc, argv, &engine, &pg_url)) return 0;
    E = engine == DB_POSTGRES ? "postgres" : "sqlite";
    setenv("MINSIDE_TRUST_PROXY", "1", 1);
    clock_init_timezone();
    clock_set_fixed(NOON);
    if (fixture_prepare_on(tmpdir, sizeof tmpdir, "2", seed, engine, pg_url, "stats") != 0) return 1;
    http_server *server = site_server_start(site_routes);
    char err[256];
    if (!server || db_open(g_app.cfg.database_url, &d, err, sizeof err) != DB_OK) {
        printf("Bail out! server or database\n");
        return 1;
    }
    http_client_init(http_server_port(server));
    db_run(d, "INSERT INTO person (pid_hash, pid_enc, birth_date, name, created_at, updated_at) "
              "VALUES ('p', 'p', '1980-01-01', 'Kari Testesen', 0, 0)", "");
    int64_t person = scalar("SELECT id FROM person");
    cookie_header(d, person, 0, person_cookie, sizeof person_cookie);
    cookie_header(d, 0, staff_add(d, "sara", "Sara Saksbehandler", "saksbehandler"), staff_cookie,
                  sizeof staff_cookie);
    cookie_header(d, 0, staff_add(d, "stig", "Stig Seksjonsleder", "saksbehandler leder"),
                  manager_cookie, sizeof manager_cookie);
    check_counting();
    check_midnight();
    check_cookies();
    check_page();
    http_server_stop(server, 5);
    db_close(d);
    fixture_cleanup(tmpdir);
    return tap_done();
}
