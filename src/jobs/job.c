/* Enqueuing, claiming and finishing jobs; see job.h for the rules. */
#include "jobs/job.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/workdays.h"
#include "jobs/job_db.h"
#include "jobs/job_runner.h"

static const job_kind *kinds[JOB_KINDS_MAX];
static size_t kind_count;

void job_kind_register(const job_kind *kind)
{
    if (job_kind_find(kind->name)) return;
    if (kind_count == JOB_KINDS_MAX) {
        log_error("jobb: for mange jobbtyper (høyst %d)", JOB_KINDS_MAX);
        abort();
    }
    kinds[kind_count++] = kind;
}

const job_kind *job_kind_find(const char *name)
{
    for (size_t i = 0; i < kind_count; i++)
        if (!strcmp(kinds[i]->name, name)) return kinds[i];
    return NULL;
}

int job_enqueue(db *d, const char *kind, const char *payload_json, int64_t run_at, int64_t *id_out)
{
    if (!kind || !job_kind_find(kind)) {
        log_error("jobb: ukjent type «%s»", kind ? kind : "(null)");
        return JOB_ERR_KIND;
    }
    size_t len = payload_json ? strlen(payload_json) : 0;
    json_t *parsed = len && len <= JOB_MAX_PAYLOAD_BYTES ? json_loads(payload_json, 0, NULL) : NULL;
    int is_object = json_is_object(parsed);
    json_decref(parsed);
    if (!is_object) {
        log_error("jobb %s: innholdet er ikke et JSON-objekt på høyst %d byte", kind,
                  JOB_MAX_PAYLOAD_BYTES);
        return JOB_ERR_PAYLOAD;
    }
    int rc = job_db_insert(d, kind, payload_json, run_at, id_out);
    if (rc != DB_OK) return rc;
    /* Inside a transaction the job is not visible yet; the workers look again shortly. */
    job_runner_notify();
    return DB_OK;
}

int64_t job_backoff_seconds(int attempt)
{
    const int64_t first = 60, cap = 6 * 3600;
    int64_t delay = first;
    for (int i = 1; i < attempt && delay < cap; i++)
        delay *= 2;
    if (delay > cap) delay = cap;
    return delay / 2 + (int64_t)randombytes_uniform((uint32_t)(delay / 2 + 1));
}

static job_result job_execute(db *d, job_claimed *c, char *err, size_t errlen)
{
    const job_kind *k = job_kind_find(c->j.kind);
    if (!k) {
        snprintf(err, errlen, "ukjent jobbtype «%s»", c->j.kind);
        return JOB_FAILED;
    }
    c->j.max_attempts = k->max_attempts;
    if (c->j.attempt > k->max_attempts) {
        /* Taken again after its lease ran out on the last attempt: the worker died (or hung)
         * while running it. */
        snprintf(err, errlen, "arbeideren stoppet under siste forsøk");
        if (k->abandon) k->abandon(d, &c->j, err);
        return JOB_FAILED;
    }
    c->j.retry_at =
        c->j.attempt < k->max_attempts ? clock_now() + job_backoff_seconds(c->j.attempt) : 0;
    job_result r = k->handler(d, &c->j, err, errlen);
    if (r == JOB_RETRY && !c->j.retry_at) r = JOB_FAILED;
    return r;
}

int job_run_due(db *d, const char *worker, int max_jobs)
{
    int ran = 0;
    while (ran < max_jobs && !job_runner_stopping()) {
        job_claimed c;
        int rc = job_db_claim(d, worker, clock_now(), &c);
        if (rc < 0) {
            log_error("jobber: kan ikke hente neste jobb: %s", db_errmsg(d));
            return rc;
        }
        if (rc == 0) break;
        char err[512] = "";
        job_result r = job_execute(d, &c, err, sizeof err);
        if (r == JOB_RETRY)
            log_warn("jobb %lld (%s) forsøk %d feilet, prøver igjen om %lld s: %s",
                     (long long)c.j.id, c.j.kind, c.j.attempt,
                     (long long)(c.j.retry_at - clock_now()), err);
        else if (r == JOB_FAILED)
            log_error("jobb %lld (%s) feilet for godt etter %d forsøk: %s", (long long)c.j.id,
                      c.j.kind, c.j.attempt, err);
        job_db_finish(d, &c, worker, r, err);
        job_claimed_free(&c);
        ran++;
    }
    return ran;
}

int64_t job_next_daily_run(int64_t now, int seconds_after_midnight)
{
    civil_date tomorrow = civil_date_add_days(civil_date_oslo(now), 1);
    return civil_date_start_oslo(tomorrow) + seconds_after_midnight;
}

int job_ensure_queued(db *d, const char *kind, int64_t run_at)
{
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    rc = job_kind_is_queued(d, kind);
    if (rc == 0) rc = job_enqueue(d, kind, "{}", run_at, NULL);
    else if (rc == 1) rc = DB_OK;
    return db_finish(d, rc);
}

/* The queued counts of the table, kept until the registered kinds have been reported. */
typedef struct queued_counts {
    struct {
        char kind[64];
        int64_t count;
    } rows[JOB_KINDS_MAX * 2];
    size_t n;
} queued_counts;

static void queued_collect(const char *kind, int64_t count, void *ctx)
{
    queued_counts *q = ctx;
    if (q->n == sizeof q->rows / sizeof *q->rows) return;
    snprintf(q->rows[q->n].kind, sizeof q->rows[q->n].kind, "%s", kind);
    q->rows[q->n++].count = count;
}

int job_queue_depth(db *d, void (*each)(const char *kind, int64_t count, void *ctx), void *ctx)
{
    queued_counts q = {.n = 0};
    int rc = job_db_queued_by_kind(d, queued_collect, &q);
    if (rc != DB_OK) return rc;
    for (size_t i = 0; i < kind_count; i++) {
        int64_t count = 0;
        for (size_t k = 0; k < q.n; k++)
            if (!strcmp(q.rows[k].kind, kinds[i]->name)) count = q.rows[k].count;
        each(kinds[i]->name, count, ctx);
    }
    for (size_t k = 0; k < q.n; k++)
        if (!job_kind_find(q.rows[k].kind)) each(q.rows[k].kind, q.rows[k].count, ctx);
    return DB_OK;
}
