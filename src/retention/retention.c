/* The daily purge of operational data that has run out. */
#include "retention/retention.h"

#include <stdio.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/workdays.h"

#define DAY (24 * 60 * 60)

/* Runs one DELETE and adds its row count. */
static int purge(db *d, const char *sql, const char *types, int64_t a, int64_t b, int64_t *count)
{
    db_stmt *s = db_prepare(d, sql);
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, a);
    if (rc == DB_OK && types[1]) rc = db_bind_int(s, 2, b);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_DONE) *count += db_changes(s);
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}

static int purge_tips(db *d, int64_t now, int64_t *count)
{
    char today[11];
    civil_date_format(civil_date_oslo(now), today);
    db_stmt *s = db_prepare(d, "DELETE FROM case_record WHERE case_type = 'tips' "
                               "AND delete_after IS NOT NULL AND delete_after < $1");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, today);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_DONE) *count += db_changes(s);
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}

int retention_purge(db *d, int64_t now, retention_counts *out)
{
    retention_counts c = {0};
    int rc = db_begin(d);
    if (rc == DB_OK)
        rc = purge(d, "DELETE FROM job WHERE (state = 'done' AND finished_at < $1) OR "
                      "(state = 'failed' AND finished_at < $2)", "ii",
                   now - RETENTION_JOB_DONE_DAYS * DAY, now - RETENTION_JOB_FAILED_DAYS * DAY,
                   &c.jobs);
    if (rc == DB_OK)
        rc = purge(d, "DELETE FROM mail_outbox WHERE (state = 'sent' AND sent_at < $1) OR "
                      "(state = 'failed' AND created_at < $2)", "ii",
                   now - RETENTION_MAIL_SENT_DAYS * DAY, now - RETENTION_MAIL_FAILED_DAYS * DAY,
                   &c.mails);
    if (rc == DB_OK) rc = purge_tips(d, now, &c.tips);
    rc = db_finish(d, rc);
    if (rc != DB_OK) return rc;
    if (out) *out = c;
    return DB_OK;
}

/* 03:00 Oslo time on the day after now: a quiet hour, the same wall-clock time all year. */
static int64_t next_night(int64_t now)
{
    civil_date tomorrow = civil_date_add_days(civil_date_oslo(now), 1);
    return civil_date_start_oslo(tomorrow) + 3 * 60 * 60;
}

int retention_schedule(db *d)
{
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    db_stmt *s = db_prepare(d, "SELECT 1 FROM job WHERE kind = 'retention_purge' AND state = 'queued'");
    rc = s ? db_step(s) : DB_ERR;
    if (s) db_reset(s);
    if (rc == DB_DONE) rc = job_enqueue(d, "retention_purge", "{}", next_night(clock_now()), NULL);
    else if (rc == DB_ROW) rc = DB_OK;
    return db_finish(d, rc);
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
