/* Enqueuing, claiming and finishing jobs; see job.h for the rules. */
#include "jobs/job.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
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
    db_stmt *s = db_prepare(d, "INSERT INTO job (kind, payload, run_at, created_at) "
                               "VALUES ($1, $2, $3, $4) RETURNING id");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, kind);
    if (rc == DB_OK) rc = db_bind_text(s, 2, payload_json);
    if (rc == DB_OK) rc = db_bind_int(s, 3, run_at);
    if (rc == DB_OK) rc = db_bind_int(s, 4, clock_now());
    if (rc == DB_OK) rc = db_step(s);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    if (id_out) *id_out = db_col_int(s, 0);
    db_reset(s);
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

/* The claimed row, copied out of the statement so the handler may use the connection. */
typedef struct {
    job j;
    char *kind;
    char *payload;
} claimed_job;

static void claimed_free(claimed_job *c)
{
    free(c->kind);
    free(c->payload);
}

/* The oldest due job whose lease is free or has run out. On PostgreSQL the row lock of FOR
 * UPDATE SKIP LOCKED keeps two claims from picking the same row, and lets each skip what the
 * other is taking instead of waiting; on SQLite, BEGIN IMMEDIATE lets one writer in at a time. */
static const char claim_pg_sql[] =
    "UPDATE job SET locked_by = $2, locked_until = $3, attempts = attempts + 1 "
    "WHERE id = (SELECT id FROM job WHERE state = 'queued' AND run_at <= $1 "
    "AND (locked_until IS NULL OR locked_until < $1) ORDER BY run_at, id LIMIT 1 "
    "FOR UPDATE SKIP LOCKED) RETURNING id, kind, payload, attempts";
static const char claim_sqlite_sql[] =
    "UPDATE job SET locked_by = $2, locked_until = $3, attempts = attempts + 1 "
    "WHERE id = (SELECT id FROM job WHERE state = 'queued' AND run_at <= $1 "
    "AND (locked_until IS NULL OR locked_until < $1) ORDER BY run_at, id LIMIT 1) "
    "RETURNING id, kind, payload, attempts";

/* A plain read first, so an idle poll never takes SQLite's write lock or opens a PostgreSQL
 * transaction. 1 when something may be due, 0 when not, or a negative code. */
static int job_any_due(db *d, int64_t now)
{
    db_stmt *s = db_prepare(d, "SELECT 1 FROM job WHERE state = 'queued' AND run_at <= $1 "
                               "AND (locked_until IS NULL OR locked_until < $1) LIMIT 1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, now);
    if (rc == DB_OK) rc = db_step(s);
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

/* Returns 1 with *out filled, 0 when nothing is due, or a negative code. */
static int job_claim(db *d, const char *worker, int64_t now, claimed_job *out)
{
    int due = job_any_due(d, now);
    if (due <= 0) return due;
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    db_stmt *s = db_prepare(d, db_engine_of(d) == DB_POSTGRES ? claim_pg_sql : claim_sqlite_sql);
    rc = s ? DB_OK : DB_ERR;
    if (rc == DB_OK) rc = db_bind_int(s, 1, now);
    if (rc == DB_OK) rc = db_bind_text(s, 2, worker);
    if (rc == DB_OK) rc = db_bind_int(s, 3, now + JOB_LEASE_SECONDS);
    if (rc == DB_OK) rc = db_step(s);
    int found = rc == DB_ROW;
    if (found) {
        memset(out, 0, sizeof *out);
        out->j.id = db_col_int(s, 0);
        out->kind = strdup(db_col_text(s, 1));
        out->payload = strdup(db_col_text(s, 2));
        out->j.attempt = (int)db_col_int(s, 3);
        if (!out->kind || !out->payload) abort();
        out->j.kind = out->kind;
        out->j.payload = out->payload;
    }
    if (s) db_reset(s);
    rc = db_finish(d, rc);
    if (rc < 0) {
        if (found) claimed_free(out);
        return rc;
    }
    return found;
}

/* Records the outcome unless the lease was lost (it ran out and another worker took the job,
 * which then records its own outcome). */
static void job_finish(db *d, const claimed_job *c, const char *worker, job_result result,
                       const char *error)
{
    static const char *const sql[] = {
        [JOB_DONE] = "UPDATE job SET state = 'done', locked_by = NULL, locked_until = NULL, "
                     "last_error = NULL, finished_at = $3 WHERE id = $1 AND locked_by = $2",
        [JOB_RETRY] = "UPDATE job SET run_at = $3, locked_by = NULL, locked_until = NULL, "
                      "last_error = $4 WHERE id = $1 AND locked_by = $2",
        [JOB_FAILED] = "UPDATE job SET state = 'failed', locked_by = NULL, locked_until = NULL, "
                       "last_error = $4, finished_at = $3 WHERE id = $1 AND locked_by = $2",
    };
    db_stmt *s = db_prepare(d, sql[result]);
    int rc = s ? DB_OK : DB_ERR;
    if (rc == DB_OK) rc = db_bind_int(s, 1, c->j.id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, worker);
    if (rc == DB_OK) rc = db_bind_int(s, 3, result == JOB_RETRY ? c->j.retry_at : clock_now());
    if (rc == DB_OK && result != JOB_DONE) rc = db_bind_text(s, 4, error);
    if (rc == DB_OK) rc = db_step(s);
    if (rc != DB_DONE) {
        /* The lease runs out and the job is run again: at least once, never lost. */
        log_error("jobb %lld (%s): kan ikke lagre utfallet: %s", (long long)c->j.id, c->j.kind,
                  db_errmsg(d));
        return;
    }
    if (db_changes(s) == 0)
        log_warn("jobb %lld (%s): leiekontrakten var utløpt og jobben tatt av en annen arbeider",
                 (long long)c->j.id, c->j.kind);
}

static job_result job_execute(db *d, claimed_job *c, char *err, size_t errlen)
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
        claimed_job c;
        int rc = job_claim(d, worker, clock_now(), &c);
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
        job_finish(d, &c, worker, r, err);
        claimed_free(&c);
        ran++;
    }
    return ran;
}
