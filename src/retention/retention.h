/* How long operational data is kept, and the daily job that deletes what has run out.
 *
 * Rows that hold personal data only for the service's own working (sent e-mails with their
 * addresses, finished jobs) go when they are no longer needed to find a fault; tips, which are
 * not journal-bound, go on their deletion date. Archive records are never deleted here: they
 * follow the archive's own rules. Expired sessions and old login attempts are purged at each
 * login (src/auth/login_db.c). */
#ifndef MINSIDE_RETENTION_RETENTION_H
#define MINSIDE_RETENTION_RETENTION_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "jobs/job.h"

/* Days a row is kept after it is finished. */
enum {
    RETENTION_JOB_DONE_DAYS = 7,     /* a finished job */
    RETENTION_JOB_FAILED_DAYS = 90,  /* a failed job, for finding the fault */
    RETENTION_MAIL_SENT_DAYS = 30,   /* a sent e-mail: long enough to answer "did it go out?" */
    RETENTION_MAIL_FAILED_DAYS = 90, /* a message that could not be delivered */
};

typedef struct {
    int64_t jobs, mails, tips;
} retention_counts;

/* Deletes, in one transaction, what has run out at time now. Returns 0 (counts in *out when
 * not NULL) or a negative db code. */
int retention_purge(db *d, int64_t now, retention_counts *out);

/* Makes sure one purge job is waiting (at serve start): queued for the next 03:00 Oslo time
 * unless one is already queued. Returns 0 or a negative code. */
int retention_schedule(db *d);

/* Registers the `retention_purge` job kind (at start-up). */
void retention_register(void);

/* The `retention_purge` job: purges, then queues the next night's run. */
job_result retention_job_purge(db *d, const job *j, char *err, size_t errlen);

#endif
