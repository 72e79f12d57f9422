/* Background jobs: a table that any instance may take work from.
 *
 * A job is a kind (a name that a module registered with its handler at start-up), a JSON
 * payload and a time to run.
 * Workers take due jobs one at a time under a lease: the worker's name and a time until which
 * the job is its own. The lease is taken in a short transaction (PostgreSQL: SELECT … FOR UPDATE
 * SKIP LOCKED; SQLite: an UPDATE inside BEGIN IMMEDIATE), so two workers never hold the same job,
 * whether they are threads of one process or processes on several machines. The handler runs
 * outside any transaction; its outcome is recorded only if the worker still holds the lease. A
 * worker that dies leaves its lease to expire, and another worker takes the job again.
 *
 * A handler that fails for a passing reason is retried with exponential back-off and jitter
 * until its kind's maximum number of attempts; then the job is marked failed, kept, and logged.
 * Work is therefore done at least once, and may be done twice if a worker dies between doing
 * it and recording it: handlers must tolerate that (the mail handler checks the outbox first). */
#ifndef MINSIDE_JOBS_JOB_H
#define MINSIDE_JOBS_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* What a handler reports. */
typedef enum {
    JOB_DONE = 0,  /* finished (also when there was nothing left to do) */
    JOB_RETRY = 1, /* a passing failure: run again after the back-off */
    JOB_FAILED = 2 /* a permanent failure: never run again */
} job_result;

/* One claimed job as the handler sees it; the strings live until the handler returns. */
typedef struct job {
    int64_t id;
    const char *kind;
    const char *payload; /* JSON text */
    int attempt;         /* 1 on the first run */
    int max_attempts;
    /* When the job runs again if this attempt ends in JOB_RETRY; 0 when this is the last
     * attempt, so JOB_RETRY would mark it failed. */
    int64_t retry_at;
} job;

/* A handler does the work, with its own short transactions on d where it writes, and puts a
 * reason in err (Norwegian or the library's words) when it does not return JOB_DONE. */
typedef job_result (*job_handler)(db *d, const job *j, char *err, size_t errlen);

/* Called when the runner gives a job up without its handler deciding (its worker died during
 * the last attempt), so the kind can record the failure in its own tables. May be NULL. */
typedef void (*job_abandon)(db *d, const job *j, const char *reason);

typedef struct job_kind {
    const char *name;
    job_handler handler;
    int max_attempts;
    job_abandon abandon;
} job_kind;

/* Makes a kind known: each module registers its own at start-up, before any worker runs or
 * job is enqueued (not thread-safe). Registering a name again is ignored. A kind keeps its name
 * for as long as jobs of it may be waiting in some database. Aborts beyond JOB_KINDS_MAX. */
void job_kind_register(const job_kind *kind);
/* The registered kind called name, or NULL. */
const job_kind *job_kind_find(const char *name);
#define JOB_KINDS_MAX 32

enum {
    JOB_ERR_KIND = -20,    /* no kind of that name is registered */
    JOB_ERR_PAYLOAD = -21, /* the payload is not a JSON object, or too large */
};

/* How long a worker owns a job it took. Handlers must finish well within it (the mail handler's
 * SMTP timeout is shorter); a lease that runs out lets another worker take the job. */
#define JOB_LEASE_SECONDS 300
#define JOB_MAX_PAYLOAD_BYTES 65536

/* Adds a job that is due at run_at (unix seconds; clock_now() for "at once"). Runs in the
 * caller's transaction when one is open, so a user's action and its work commit together.
 * Wakes this process's workers. Returns 0 (and the id in *id_out when not NULL) or a negative
 * code. */
int job_enqueue(db *d, const char *kind, const char *payload_json, int64_t run_at, int64_t *id_out);

/* Takes and runs due jobs one by one as worker `worker` until none is due or max_jobs have run.
 * Returns how many ran, or a negative code when the database failed. */
int job_run_due(db *d, const char *worker, int max_jobs);

/* 1 when a job of kind is queued (waiting to run), 0 when not, or a negative code. */
int job_kind_is_queued(db *d, const char *kind);
/* Calls each(kind, count, ctx) with how many jobs wait to run: for every registered kind (0 when
 * none waits), in the order they were registered, then for any other kind the table holds.
 * Returns 0 or a negative code. */
int job_queue_depth(db *d, void (*each)(const char *kind, int64_t count, void *ctx), void *ctx);
/* For a daily job: seconds_after_midnight into the day after now, Oslo time (the same
 * wall-clock time all year). */
int64_t job_next_daily_run(int64_t now, int seconds_after_midnight);
/* Makes sure one job of kind is waiting (at serve start), queued for run_at unless one is
 * already queued; in a transaction of its own. Returns 0 or a negative code. */
int job_ensure_queued(db *d, const char *kind, int64_t run_at);
/* For the retention rules: jobs in state ("done" or "failed") finished before `before`, with
 * id > after_id, in id order (retention.h's list contract); and the deletion of one of them,
 * again only while it is such a job. */
struct retention_item;
int job_finished_list(db *d, const char *state, int64_t before, int64_t after_id, struct retention_item *items,
                      int max);
int job_finished_delete(db *d, int64_t id, const char *state, int64_t before);

/* The delay before attempt `attempt` + 1 after a passing failure: doubling from a minute up to
 * six hours, and between half and all of that, so that many jobs that failed together do not
 * all come back together. */
int64_t job_backoff_seconds(int attempt);

#endif
