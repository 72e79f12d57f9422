/* The counters behind /metrics and their Prometheus text. */
#include "metrics/metrics.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "jobs/job.h"
#include "mail/mail.h"

enum { STATUS_SLOTS = 600 }; /* HTTP statuses 100..599 by number; slot 0 for anything else */

/* Upper bounds of the latency buckets, in microseconds and as Prometheus writes them. */
static const int64_t bucket_us[] = {5000,   10000,   25000,   50000,   100000,  250000,
                                    500000, 1000000, 2500000, 5000000, 10000000};
static const char *const bucket_le[] = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
                                        "0.5",   "1",    "2.5",   "5",    "10"};
enum { BUCKETS = sizeof bucket_us / sizeof *bucket_us };

typedef struct metrics_state {
    const char **patterns; /* distinct route patterns; index npatterns stands for "no route" */
    size_t npatterns;
    atomic_uint_fast64_t *requests; /* (npatterns + 1) × STATUS_SLOTS */
    atomic_uint_fast64_t latency[BUCKETS + 1]; /* per bucket, the last one above every bound */
    atomic_uint_fast64_t latency_sum_us, aborted;
    int64_t started_ms, started_at;
} metrics_state;

static metrics_state state;

void metrics_init(const route *routes)
{
    free(state.patterns);
    free(state.requests);
    memset(&state, 0, sizeof state);
    size_t n = 0;
    while (routes[n].method) n++;
    state.patterns = calloc(n ? n : 1, sizeof *state.patterns);
    if (!state.patterns) abort();
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < state.npatterns && strcmp(state.patterns[k], routes[i].pattern)) k++;
        if (k == state.npatterns) state.patterns[state.npatterns++] = routes[i].pattern;
    }
    state.requests = calloc((state.npatterns + 1) * STATUS_SLOTS, sizeof *state.requests);
    if (!state.requests) abort();
    state.started_ms = clock_monotonic_ms();
    state.started_at = clock_now();
}

static size_t pattern_index(const char *pattern)
{
    if (!pattern) return state.npatterns;
    /* The pattern is the route table's own string: its address finds it without comparing text. */
    for (size_t k = 0; k < state.npatterns; k++)
        if (state.patterns[k] == pattern) return k;
    for (size_t k = 0; k < state.npatterns; k++)
        if (!strcmp(state.patterns[k], pattern)) return k;
    return state.npatterns;
}

void metrics_request_done(const req *r, int64_t duration_us, int aborted)
{
    if (!state.requests) return;
    size_t status = r->status >= 100 && r->status < STATUS_SLOTS ? (size_t)r->status : 0;
    size_t slot = pattern_index(r->route_pattern) * STATUS_SLOTS + status;
    atomic_fetch_add_explicit(&state.requests[slot], 1, memory_order_relaxed);
    size_t b = 0;
    while (b < BUCKETS && duration_us > bucket_us[b]) b++;
    atomic_fetch_add_explicit(&state.latency[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&state.latency_sum_us, (uint_fast64_t)(duration_us > 0 ? duration_us : 0),
                              memory_order_relaxed);
    if (aborted) atomic_fetch_add_explicit(&state.aborted, 1, memory_order_relaxed);
}

static uint64_t load(atomic_uint_fast64_t *v)
{
    return (uint64_t)atomic_load_explicit(v, memory_order_relaxed);
}

/* A label value with \, " and newlines escaped, as the text format wants. */
static void label_value(strbuf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == '"') strbuf_putc(out, '\\');
        if (*s == '\n') strbuf_puts(out, "\\n");
        else strbuf_putc(out, *s);
    }
}

static void family(strbuf *out, const char *name, const char *type, const char *help)
{
    strbuf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void requests_write(strbuf *out)
{
    family(out, "minside_http_requests_total", "counter",
           "Requests answered, by route pattern (\"none\": no route matched) and status.");
    for (size_t k = 0; k <= state.npatterns; k++)
        for (size_t status = 0; status < STATUS_SLOTS; status++) {
            uint64_t n = load(&state.requests[k * STATUS_SLOTS + status]);
            if (!n) continue;
            strbuf_puts(out, "minside_http_requests_total{route=\"");
            label_value(out, k < state.npatterns ? state.patterns[k] : "none");
            strbuf_printf(out, "\",status=\"%zu\"} %llu\n", status, (unsigned long long)n);
        }
    family(out, "minside_http_requests_aborted_total", "counter",
           "Requests the client left before the answer was sent.");
    strbuf_printf(out, "minside_http_requests_aborted_total %llu\n",
                  (unsigned long long)load(&state.aborted));
}

static void latency_write(strbuf *out)
{
    family(out, "minside_http_request_duration_seconds", "histogram",
           "Time from a request's first byte until its answer was sent.");
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= BUCKETS; b++) {
        cumulative += load(&state.latency[b]);
        strbuf_printf(out, "minside_http_request_duration_seconds_bucket{le=\"%s\"} %llu\n",
                      b < BUCKETS ? bucket_le[b] : "+Inf", (unsigned long long)cumulative);
    }
    uint64_t sum_us = load(&state.latency_sum_us);
    strbuf_printf(out, "minside_http_request_duration_seconds_sum %llu.%06llu\n",
                  (unsigned long long)(sum_us / 1000000), (unsigned long long)(sum_us % 1000000));
    strbuf_printf(out, "minside_http_request_duration_seconds_count %llu\n",
                  (unsigned long long)cumulative);
}

static void queue_depth_line(const char *kind, int64_t count, void *ctx)
{
    strbuf *out = ctx;
    strbuf_puts(out, "minside_job_queue_depth{kind=\"");
    label_value(out, kind);
    strbuf_printf(out, "\"} %lld\n", (long long)count);
}

/* Gauges read from the database; left out when it cannot be read. */
static int database_write(strbuf *out, db *d)
{
    if (!d || db_ping(d) != DB_OK) return 0;
    strbuf queue = STRBUF_INIT;
    int rc = job_queue_depth(d, queue_depth_line, &queue);
    int64_t backlog = rc == DB_OK ? mail_outbox_backlog(d) : rc;
    if (rc == DB_OK && backlog >= 0) {
        family(out, "minside_job_queue_depth", "gauge", "Background jobs waiting to run, by kind.");
        if (queue.len) strbuf_append(out, queue.data, queue.len);
        family(out, "minside_mail_outbox_backlog", "gauge", "E-mail messages waiting to be sent.");
        strbuf_printf(out, "minside_mail_outbox_backlog %lld\n", (long long)backlog);
    }
    strbuf_free(&queue);
    return rc == DB_OK && backlog >= 0;
}

void metrics_write(strbuf *out, db *d)
{
    family(out, "minside_build_info", "gauge", "The version running, as a label.");
    strbuf_printf(out, "minside_build_info{version=\"%s\"} 1\n", MINSIDE_VERSION);
    family(out, "minside_uptime_seconds", "gauge", "Seconds since the server started.");
    int64_t up_ms = clock_monotonic_ms() - state.started_ms;
    strbuf_printf(out, "minside_uptime_seconds %lld.%03lld\n", (long long)(up_ms / 1000),
                  (long long)(up_ms % 1000));
    family(out, "minside_start_time_seconds", "gauge", "When the server started, in unix seconds.");
    strbuf_printf(out, "minside_start_time_seconds %lld\n", (long long)state.started_at);
    if (state.requests) {
        requests_write(out);
        latency_write(out);
    }
    int up = database_write(out, d);
    family(out, "minside_database_up", "gauge", "1 when this scrape could read the database.");
    strbuf_printf(out, "minside_database_up %d\n", up);
    family(out, "minside_database_errors_total", "counter",
           "Database operations that failed in this process (connect, prepare, statement, transaction).");
    strbuf_printf(out, "minside_database_errors_total %llu\n", (unsigned long long)db_failure_count());
}
