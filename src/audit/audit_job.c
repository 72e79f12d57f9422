/* The daily anchor: each night the last row of the day that ended, with its number and hash,
 * is written to the log. A copy of the log kept elsewhere then pins the chain: rows rewritten
 * later, even with every hash recomputed, no longer end in the hash the log holds for that day
 * (`minside verify-audit --anchor NR:HASH` checks it). */
#include "audit/audit.h"

#include <stdio.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/workdays.h"
#include "jobs/job.h"

#define ANCHOR_JOB "audit_anchor"
/* Five minutes past midnight, Oslo time: the day has ended everywhere the service runs. */
#define ANCHOR_SECONDS_AFTER_MIDNIGHT (5 * 60)

static job_result audit_job_anchor(db *d, const job *j, char *err, size_t errlen)
{
    (void)j;
    int64_t now = clock_now();
    civil_date today = civil_date_oslo(now);
    char day[11];
    civil_date_format(civil_date_add_days(today, -1), day);
    int64_t seq = 0;
    char hash[65] = "";
    int rc = audit_last_before(d, civil_date_start_oslo(today), &seq, hash);
    if (rc < 0) {
        snprintf(err, errlen, "kan ikke lese revisjonsloggen (%d)", rc);
        return JOB_RETRY;
    }
    if (rc == 0)
        log_info("revisjonslogg: anker for %s: loggen er tom", day);
    else
        log_info("revisjonslogg: anker for %s: rad=%lld hash=%s", day, (long long)seq, hash);
    /* The next night's anchor in a transaction of its own; the next start queues it if this fails. */
    if (db_begin(d) == DB_OK)
        db_finish(d, job_enqueue(d, ANCHOR_JOB, "{}", job_next_daily_run(now, ANCHOR_SECONDS_AFTER_MIDNIGHT), NULL));
    return JOB_DONE;
}

void audit_register(void)
{
    static const job_kind anchor = {ANCHOR_JOB, audit_job_anchor, 5, NULL};
    job_kind_register(&anchor);
}

int audit_schedule(db *d)
{
    return job_ensure_queued(d, ANCHOR_JOB, job_next_daily_run(clock_now(), ANCHOR_SECONDS_AFTER_MIDNIGHT));
}
