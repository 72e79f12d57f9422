/* The job table: adding, claiming under a lease, and recording the outcome (rules in job.h). */
#include "jobs/job_db.h"
#include "retention/retention.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"

int job_db_insert(db *d, const char *kind, const char *payload_json, int64_t run_at,
                  int64_t *id_out)
{
    db_stmt *s = db_prepare(d, "INSERT INTO job (kind, payload, run_at, created_at) "
                               "VALUES ($1, $2, $3, $4) RETURNING id");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, kind);
    if (rc == DB_OK) rc = db_bind_text(s, 2, payload_json);
    if (rc == DB_OK) rc = db_bind_int(s, 3, run_at);
    if (rc == DB_OK) rc = db_bind_int(s, 4, clock_now());
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW && id_out) *id_out = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

void job_claimed_free(job_claimed *c)
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

int job_db_claim(db *d, const char *worker, int64_t now, job_claimed *out)
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
        if (found) job_claimed_free(out);
        return rc;
    }
    return found;
}

void job_db_finish(db *d, const job_claimed *c, const char *worker, job_result result,
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


int job_kind_is_queued(db *d, const char *kind)
{
    db_stmt *s = db_prepare(d, "SELECT 1 FROM job WHERE kind = $1 AND state = 'queued' LIMIT 1");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, kind);
    if (rc == DB_OK) rc = db_step(s);
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

int job_db_queued_by_kind(db *d, void (*each)(const char *kind, int64_t count, void *ctx), void *ctx)
{
    db_stmt *s = db_prepare(d, "SELECT kind, COUNT(*) FROM job WHERE state = 'queued' "
                               "GROUP BY kind ORDER BY kind");
    if (!s) return DB_ERR;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) each(db_col_text(s, 0), db_col_int(s, 1), ctx);
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

int job_finished_list(db *d, const char *state, int64_t before, int64_t after_id, struct retention_item *items,
                      int max)
{
    return retention_items_read(db_prepare_bind(d, "SELECT id, finished_at FROM job WHERE state = $1 AND "
                                                   "finished_at < $2 AND id > $3 ORDER BY id LIMIT $4",
                                                "tiii", state, before, after_id, (int64_t)max),
                                items, max);
}

int job_finished_delete(db *d, int64_t id, const char *state, int64_t before)
{
    return (int)db_run_changes(d, "DELETE FROM job WHERE id = $1 AND state = $2 AND finished_at < $3", "iti", id,
                               state, before);
}
