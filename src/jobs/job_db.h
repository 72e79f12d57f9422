/* The job table's SQL (job_db.c). Internal to src/jobs. */
#ifndef MINSIDE_JOBS_JOB_DB_H
#define MINSIDE_JOBS_JOB_DB_H

#include "jobs/job.h"

/* The claimed row, copied out of the statement so the handler may use the connection. */
typedef struct {
    job j;
    char *kind;
    char *payload;
} job_claimed;

void job_claimed_free(job_claimed *c);
/* Adds a queued job. Returns 0 (id in *id_out when not NULL) or a db code. */
int job_db_insert(db *d, const char *kind, const char *payload_json, int64_t run_at,
                  int64_t *id_out);
/* Takes the oldest due job under a lease for worker: 1 with *out filled, 0 when nothing is
 * due, or a negative code. */
int job_db_claim(db *d, const char *worker, int64_t now, job_claimed *out);
/* Records the outcome unless the lease was lost (it ran out and another worker took the job,
 * which then records its own outcome). */
void job_db_finish(db *d, const job_claimed *c, const char *worker, job_result result,
                   const char *error);

/* Calls each(kind, count, ctx) for every kind with queued jobs, in name order. */
int job_db_queued_by_kind(db *d, void (*each)(const char *kind, int64_t count, void *ctx), void *ctx);

#endif
