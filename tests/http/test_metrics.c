/* GET /metrics against the real server in one process: the answer parses as Prometheus text
 * (a strict parser of the exposition format below, and promtool when it is installed), every
 * counter and gauge moves when what it counts happens, requests from many threads at once are
 * all counted, and only this machine or the bearer token may read it. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "client.h"
#include "fixture.h"
#include "http/server.h"
#include "jobs/job.h"
#include "mail/mail.h"
#include "tap.h"
#include "web/routes.h"
#include "web/site.h"

/* ---- a parser of the Prometheus text format, version 0.0.4 ---- */

enum { MAX_SERIES = 512, MAX_FAMILIES = 64 };

typedef struct series {
    char key[512]; /* name{label="value",…} exactly as written */
    double value;
} series;

typedef struct scrape {
    series s[MAX_SERIES];
    size_t n;
    char error[256]; /* empty: the text is valid */
} scrape;

static int name_char(char c, int first, int colon_ok)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon_ok && c == ':')) return 1;
    return !first && c >= '0' && c <= '9';
}

/* Reads a metric or label name at *p; returns its length or 0. */
static size_t name_read(const char **p, int colon_ok)
{
    const char *s = *p;
    if (!name_char(*s, 1, colon_ok)) return 0;
    while (name_char(*s, 0, colon_ok)) s++;
    size_t n = (size_t)(s - *p);
    *p = s;
    return n;
}

static int value_read(const char *s, double *out)
{
    if (!strcmp(s, "+Inf")) *out = INFINITY;
    else if (!strcmp(s, "-Inf")) *out = -INFINITY;
    else if (!strcmp(s, "NaN")) *out = NAN;
    else {
        char *end;
        *out = strtod(s, &end);
        if (end == s || *end) return -1;
    }
    return 0;
}

typedef struct family {
    char name[128], type[16];
    int has_help, samples;
} family;

/* The family a sample belongs to: its own name, or for a histogram its base name. */
static family *family_of(family *f, size_t nf, const char *name, size_t len)
{
    static const char *const suffixes[] = {"_bucket", "_sum", "_count"};
    for (size_t i = 0; i < nf; i++) {
        size_t fl = strlen(f[i].name);
        if (fl == len && !strncmp(f[i].name, name, len)) return &f[i];
        if (strcmp(f[i].type, "histogram") || fl > len || strncmp(f[i].name, name, fl)) continue;
        for (size_t k = 0; k < 3; k++)
            if (len - fl == strlen(suffixes[k]) && !strncmp(name + fl, suffixes[k], len - fl)) return &f[i];
    }
    return NULL;
}

static int fail(scrape *sc, int line, const char *why)
{
    snprintf(sc->error, sizeof sc->error, "line %d: %s", line, why);
    return -1;
}

static int comment_read(scrape *sc, family *f, size_t *nf, char *line, int lineno)
{
    const char *p = line + 2;
    int is_type = !strncmp(line, "# TYPE ", 7), is_help = !strncmp(line, "# HELP ", 7);
    if (!is_type && !is_help) return 0; /* another comment */
    p = line + 7;
    const char *name = p;
    size_t len = name_read(&p, 1);
    if (!len || *p != ' ') return fail(sc, lineno, "bad name after # TYPE/# HELP");
    family *fam = NULL;
    for (size_t i = 0; i < *nf; i++)
        if (strlen(f[i].name) == len && !strncmp(f[i].name, name, len)) fam = &f[i];
    if (!fam) {
        if (*nf == MAX_FAMILIES || len >= sizeof f->name) return fail(sc, lineno, "too many families");
        fam = &f[(*nf)++];
        memset(fam, 0, sizeof *fam);
        memcpy(fam->name, name, len);
    }
    if (fam->samples) return fail(sc, lineno, "# TYPE/# HELP after the family's samples");
    p++;
    if (is_help) {
        if (fam->has_help++) return fail(sc, lineno, "a second # HELP");
        return 0;
    }
    if (fam->type[0]) return fail(sc, lineno, "a second # TYPE");
    if (strcmp(p, "counter") && strcmp(p, "gauge") && strcmp(p, "histogram") && strcmp(p, "summary") &&
        strcmp(p, "untyped"))
        return fail(sc, lineno, "unknown type");
    snprintf(fam->type, sizeof fam->type, "%s", p);
    return 0;
}

static int sample_read(scrape *sc, family *f, size_t nf, char *line, int lineno)
{
    const char *p = line;
    size_t len = name_read(&p, 1);
    if (!len) return fail(sc, lineno, "a sample without a metric name");
    family *fam = family_of(f, nf, line, len);
    if (!fam || !fam->type[0]) return fail(sc, lineno, "a sample before its # TYPE");
    fam->samples++;
    if (*p == '{') {
        p++;
        while (*p != '}') {
            if (!name_read(&p, 0) || *p++ != '=' || *p++ != '"') return fail(sc, lineno, "bad label");
            while (*p && *p != '"') {
                if (*p == '\\') {
                    p++;
                    if (*p != '\\' && *p != '"' && *p != 'n') return fail(sc, lineno, "bad escape");
                }
                p++;
            }
            if (*p++ != '"') return fail(sc, lineno, "unterminated label value");
            if (*p == ',') p++;
            else if (*p != '}') return fail(sc, lineno, "expected , or }");
        }
        p++;
    }
    if (*p != ' ') return fail(sc, lineno, "no space before the value");
    if (sc->n == MAX_SERIES || (size_t)(p - line) >= sizeof sc->s[0].key) return fail(sc, lineno, "too many series");
    series *s = &sc->s[sc->n];
    memcpy(s->key, line, (size_t)(p - line));
    s->key[p - line] = '\0';
    for (size_t i = 0; i < sc->n; i++)
        if (!strcmp(sc->s[i].key, s->key)) return fail(sc, lineno, "the same series twice");
    char value[64];
    p++;
    size_t vl = strcspn(p, " ");
    if (vl >= sizeof value) return fail(sc, lineno, "value too long");
    memcpy(value, p, vl);
    value[vl] = '\0';
    if (value_read(value, &s->value) != 0) return fail(sc, lineno, "value is not a number");
    if (p[vl] == ' ') { /* an optional timestamp in milliseconds */
        char *end;
        strtoll(p + vl + 1, &end, 10);
        if (*end) return fail(sc, lineno, "bad timestamp");
    }
    sc->n++;
    return 0;
}

static double get(const scrape *sc, const char *key)
{
    for (size_t i = 0; i < sc->n; i++)
        if (!strcmp(sc->s[i].key, key)) return sc->s[i].value;
    return NAN;
}

/* The histogram's buckets rise, end with +Inf, and +Inf equals _count. */
static int histogram_check(scrape *sc, const char *name)
{
    char prefix[160], key[200];
    snprintf(prefix, sizeof prefix, "%s_bucket{le=\"", name);
    double last = -1, inf = NAN;
    int buckets = 0;
    for (size_t i = 0; i < sc->n; i++) {
        if (strncmp(sc->s[i].key, prefix, strlen(prefix))) continue;
        if (sc->s[i].value < last) return fail(sc, 0, "histogram buckets are not cumulative");
        last = sc->s[i].value;
        buckets++;
        if (!strcmp(sc->s[i].key + strlen(prefix), "+Inf\"}")) inf = sc->s[i].value;
    }
    snprintf(key, sizeof key, "%s_count", name);
    if (!buckets || isnan(inf) || inf != get(sc, key)) return fail(sc, 0, "+Inf bucket missing or not _count");
    snprintf(key, sizeof key, "%s_sum", name);
    if (isnan(get(sc, key))) return fail(sc, 0, "histogram without _sum");
    return 0;
}

static int scrape_parse(const char *text, scrape *sc)
{
    memset(sc, 0, sizeof *sc);
    family f[MAX_FAMILIES];
    size_t nf = 0;
    size_t len = strlen(text);
    if (!len || text[len - 1] != '\n') return fail(sc, 0, "the text does not end with a newline");
    char *copy = strdup(text), *save = NULL;
    int lineno = 0, rc = 0;
    for (char *line = strtok_r(copy, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        if (line[0] == '#') rc = comment_read(sc, f, &nf, line, lineno);
        else rc = sample_read(sc, f, nf, line, lineno);
    }
    free(copy);
    for (size_t i = 0; rc == 0 && i < nf; i++)
        if (!strcmp(f[i].type, "histogram")) rc = histogram_check(sc, f[i].name);
    return rc;
}

/* ---- the test ---- */

static char tmpdir[256];

static int seed_nothing(db *d)
{
    (void)d;
    return 0;
}

static long fetch(const char *const *headers, scrape *sc, http_response *r)
{
    http_request rq = {.path = "/metrics", .headers = headers};
    http_send(&rq, r);
    if (r->status == 200) scrape_parse(r->body.data ? r->body.data : "", sc);
    return r->status;
}

static void scrape_now(scrape *sc)
{
    http_response r;
    fetch(NULL, sc, &r);
    http_response_free(&r);
}

/* A request is counted when the server has finished it, which may be just after the client has
 * its answer: scrapes until key has reached at least want (or two seconds have passed). */
static double scrape_until(scrape *sc, const char *key, double want)
{
    for (int i = 0; i < 100; i++) {
        scrape_now(sc);
        double v = get(sc, key);
        if (!isnan(v) && v >= want) break;
        usleep(20 * 1000);
    }
    return get(sc, key);
}

static double sum_of(const scrape *sc, const char *prefix)
{
    double sum = 0;
    for (size_t i = 0; i < sc->n; i++)
        if (!strncmp(sc->s[i].key, prefix, strlen(prefix))) sum += sc->s[i].value;
    return sum;
}

static void promtool_check(const http_response *r)
{
    if (system("command -v promtool > /dev/null 2>&1") != 0) {
        TAP_SKIP("promtool is not installed (Debian package prometheus)");
        return;
    }
    char path[300], cmd[400];
    snprintf(path, sizeof path, "%s/scrape.txt", tmpdir);
    FILE *f = fopen(path, "w");
    fwrite(r->body.data, 1, r->body.len, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "promtool check metrics < '%s' > /dev/null 2>&1", path);
    TAP_OK(system(cmd) == 0, "promtool check metrics accepts the answer");
}

static void *healthz_many(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        http_response r;
        http_get("/healthz", &r);
        http_response_free(&r);
    }
    return NULL;
}

static void check_format(void)
{
    http_response r;
    scrape sc;
    TAP_EQ_INT(fetch(NULL, &sc, &r), 200, "GET /metrics from loopback answers 200");
    char type[128];
    TAP_EQ_STR(http_header(&r, "Content-Type", type, sizeof type), "text/plain; version=0.0.4; charset=utf-8",
               "as Prometheus text, version 0.0.4");
    TAP_EQ_STR(sc.error, "", "the answer parses as Prometheus text (%zu series)", sc.n);
    promtool_check(&r);
    http_response_free(&r);
    TAP_OK(get(&sc, "minside_uptime_seconds") > 0, "uptime is above zero");
    TAP_OK(get(&sc, "minside_database_up") == 1, "the database is up");
}

static void check_counters_move(db *d)
{
    scrape before, after;
    scrape_now(&before);
    for (int i = 0; i < 3; i++) {
        http_response r;
        http_get("/healthz", &r);
        http_response_free(&r);
        http_get("/finnes/ikke", &r);
        http_response_free(&r);
    }
    db_prepare(d, "SELECT no_such_column FROM no_such_table"); /* fails, on purpose */
    int64_t job_id;
    TAP_EQ_INT(mail_enqueue(d, "kari@example.no", "Emne", "Tekst", &job_id), 0, "a message is queued");
    const char *healthz = "minside_http_requests_total{route=\"/healthz\",status=\"200\"}";
    const char *none = "minside_http_requests_total{route=\"none\",status=\"404\"}";
    double h0 = isnan(get(&before, healthz)) ? 0 : get(&before, healthz);
    double n0 = isnan(get(&before, none)) ? 0 : get(&before, none);
    scrape_until(&after, healthz, h0 + 3);
    scrape_until(&after, none, n0 + 3);
    TAP_EQ_STR(after.error, "", "the second scrape parses too");
    TAP_OK(get(&after, healthz) - h0 == 3, "three GET /healthz count 3 under their route and status");
    TAP_OK(get(&after, none) - n0 == 3, "three unknown paths count 3 under route \"none\", 404");
    double c0 = get(&before, "minside_http_request_duration_seconds_count");
    double c1 = get(&after, "minside_http_request_duration_seconds_count");
    TAP_OK(c1 - c0 >= 6 && c1 == sum_of(&after, "minside_http_requests_total{"),
           "the latency histogram counts every request, as many as the requests by route");
    TAP_OK(get(&after, "minside_database_errors_total") - get(&before, "minside_database_errors_total") >= 1,
           "a failing statement moves the database errors");
    TAP_OK(get(&after, "minside_mail_outbox_backlog") - get(&before, "minside_mail_outbox_backlog") == 1,
           "a queued message moves the outbox backlog");
    double q0 = get(&before, "minside_job_queue_depth{kind=\"mail_send\"}");
    TAP_OK(q0 == 0, "a registered job kind with nothing waiting shows 0");
    TAP_OK(get(&after, "minside_job_queue_depth{kind=\"mail_send\"}") - q0 == 1,
           "and the job queue depth of its kind moves with the queued message");
}

static void check_threads(void)
{
    scrape before, after;
    scrape_now(&before);
    pthread_t t[8];
    for (int i = 0; i < 8; i++) pthread_create(&t[i], NULL, healthz_many, NULL);
    for (int i = 0; i < 8; i++) pthread_join(t[i], NULL);
    const char *healthz = "minside_http_requests_total{route=\"/healthz\",status=\"200\"}";
    scrape_until(&after, healthz, get(&before, healthz) + 800);
    TAP_OK(get(&after, healthz) - get(&before, healthz) == 800,
           "800 requests from 8 client threads over 4 server threads are all counted (%.0f)",
           get(&after, healthz) - get(&before, healthz));
}

static void check_access(void)
{
    http_response r;
    scrape sc;
    const char *proxied[] = {"X-Forwarded-For: 203.0.113.7", NULL};
    TAP_EQ_INT(fetch(proxied, &sc, &r), 403, "through a proxy (X-Forwarded-For) and without a token: 403");
    http_response_free(&r);
    g_app.cfg.metrics_token = strdup("hemmelig-token-for-maalinger");
    const char *right[] = {"X-Forwarded-For: 203.0.113.7", "Authorization: Bearer hemmelig-token-for-maalinger", NULL};
    TAP_EQ_INT(fetch(right, &sc, &r), 200, "with the right bearer token: 200");
    TAP_EQ_STR(sc.error, "", "and the same text");
    http_response_free(&r);
    const char *wrong[] = {"X-Forwarded-For: 203.0.113.7", "Authorization: Bearer hemmelig-token-for-maaling", NULL};
    TAP_EQ_INT(fetch(wrong, &sc, &r), 401, "with a wrong token: 401");
    char how[64];
    TAP_EQ_STR(http_header(&r, "WWW-Authenticate", how, sizeof how), "Bearer", "asking for a bearer token");
    TAP_OK(r.body.data && strstr(r.body.data, "gyldig token"), "with a Norwegian message");
    http_response_free(&r);
}

int main(void)
{
    if (fixture_prepare(tmpdir, sizeof tmpdir, "4", seed_nothing) != 0) return 1;
    http_server *server = site_server_start(site_routes);
    if (!server) {
        printf("Bail out! server did not start\n");
        return 1;
    }
    http_client_init(http_server_port(server));
    char err[256];
    db *d = NULL;
    if (db_open(g_app.cfg.database_url, &d, err, sizeof err) != DB_OK) {
        printf("Bail out! %s\n", err);
        return 1;
    }
    check_format();
    check_counters_move(d);
    check_threads();
    check_access();
    db_close(d);
    http_server_stop(server, 5);
    fixture_cleanup(tmpdir);
    return tap_done();
}
