/* The daily purge of operational data that has run out. */
#include "retention/retention.h"

#include <stdio.h>

#include "cases/case_db.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/workdays.h"
#include "mail/mail.h"

#define DAY (24 * 60 * 60)

/* Adds a purge's count, or passes its failure on. */
static int counted(int64_t n, int64_t *count)
{
    if (n < 0) return (int)n;
    *count += n;
    return DB_OK;
}

int retention_purge(db *d, int64_t now, retention_counts *out)
{
    retention_counts c = {0};
    char today[11];
    civil_date_format(civil_date_oslo(now), today);
    int rc = db_begin(d);
    if (rc == DB_OK)
        rc = counted(job_purge_finished(d, now - RETENTION_JOB_DONE_DAYS * DAY,
                                        now - RETENTION_JOB_FAILED_DAYS * DAY),
                     &c.jobs);
    if (rc == DB_OK)
        rc = counted(mail_purge(d, now - RETENTION_MAIL_SENT_DAYS * DAY,
                                now - RETENTION_MAIL_FAILED_DAYS * DAY),
                     &c.mails);
    if (rc == DB_OK) rc = counted(case_tips_purge(d, today), &c.tips);
    rc = db_finish(d, rc);
    if (rc != DB_OK) return rc;
    if (out) *out = c;
    return DB_OK;
}

/* 03:00 Oslo time on the day after now: a quiet hour, the same wall-clock time all year. */
static int64_t next_night(int64_t now)
{
    return job_next_daily_run(now, 3 * 60 * 60);
}

int retention_schedule(db *d)
{
    return job_ensure_queued(d, "retention_purge", next_night(clock_now()));
}

job_result retention_job_purge(db *d, const job *j, char *err, size_t errlen)
{
    (void)j;
    int64_t now = clock_now();
    retention_counts c;
    int rc = retention_purge(d, now, &c);
    if (rc != DB_OK) {
        snprintf(err, errlen, "sletting av utløpte data feilet (%d)", rc);
        return JOB_RETRY;
    }
    log_info("sletting: %lld jobber, %lld e-poster og %lld tips som hadde gått ut på tid",
             (long long)c.jobs, (long long)c.mails, (long long)c.tips);
    /* The next night's run, in a transaction of its own: if it fails, the next start of the
     * server queues it again. */
    if (db_begin(d) == DB_OK) db_finish(d, job_enqueue(d, "retention_purge", "{}", next_night(now), NULL));
    return JOB_DONE;
}

void retention_register(void)
{
    /* Daily; a failed run is tried again within the day. */
    static const job_kind purge = {"retention_purge", retention_job_purge, 5, NULL};
    job_kind_register(&purge);
}
