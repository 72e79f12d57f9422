/* The daily purge: what has run out goes, everything else stays, and the job keeps itself
 * scheduled. On SQLite and, when MINSIDE_TEST_PG_URL is set, on PostgreSQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "db/db.h"
#include "retention/retention.h"
#include "tap.h"
#include "test_db_env.h"

static char tmpdir[] = "/tmp/minside-test-retention.XXXXXX";
static const char *E = "sqlite";
#define DAY (24 * 60 * 60)
/* 2026-11-23 12:00 Oslo (11:00 UTC). */
static const int64_t NOW = 1795431600;

static int64_t scalar(db *d, const char *sql)
{
    db_stmt *s = db_prepare(d, sql);
    int64_t v = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    if (s) db_reset(s);
    return v;
}

static void job_add(db *d, const char *state, int64_t finished)
{
    db_run(d, "INSERT INTO job (kind, payload, state, run_at, created_at, finished_at) "
              "VALUES ('mail_send', '{}', $1, 0, 0, $2)", "ti", state, finished);
}

static void mail_add(db *d, const char *id, const char *state, int64_t created, int64_t sent)
{
    db_run(d, "INSERT INTO mail_outbox (recipient, subject, body, state, message_id, created_at, "
              "sent_at) VALUES ('kari@example.no', 'Emne', 'Tekst', $1, $2, $3, $4)",
           "ttii", state, id, created, sent);
}

static void case_add(db *d, const char *type, const char *ref, const char *delete_after)
{
    db_run(d, "INSERT INTO case_record (case_type, status, reference, title, details, delete_after, "
              "created_at, updated_at) VALUES ($1, 'mottatt', $2, 'Sak', '{}', $3, 0, 0)",
           "ttt", type, ref, delete_after);
    db_run(d, "INSERT INTO case_event (case_id, kind, text, actor, audience, created_at) "
              "SELECT id, 'mottatt', 'Mottatt', 'x', 'parter', 0 FROM case_record WHERE reference = $1",
           "t", ref);
}

static void run_engine(db_engine engine, const char *pg_url)
{
    db *d = test_db_open_fresh(engine, pg_url, tmpdir, "retention", "retention", 1);
    TAP_OK(d != NULL, "%s: a fresh database is migrated", E);
    if (!d) return;
    job_add(d, "done", NOW - 8 * DAY);
    job_add(d, "done", NOW - 6 * DAY);
    job_add(d, "failed", NOW - 91 * DAY);
    job_add(d, "failed", NOW - 30 * DAY);
    job_add(d, "queued", 0);
    mail_add(d, "<1@x>", "sent", NOW - 40 * DAY, NOW - 31 * DAY);
    mail_add(d, "<2@x>", "sent", NOW - 40 * DAY, NOW - 29 * DAY);
    mail_add(d, "<3@x>", "failed", NOW - 91 * DAY, 0);
    mail_add(d, "<4@x>", "queued", NOW - 200 * DAY, 0);
    case_add(d, "tips", "T-1", "2026-11-22");
    case_add(d, "tips", "T-2", "2026-11-23");
    case_add(d, "tips", "T-3", NULL);
    case_add(d, "mekling", "2026/1", "2020-01-01");

    retention_counts c;
    TAP_EQ_INT(retention_purge(d, NOW, &c), 0, "%s: the purge runs", E);
    TAP_OK(c.jobs == 2 && c.mails == 2 && c.tips == 1, "%s: it counts 2 jobs, 2 e-mails, 1 tip (%lld, %lld, %lld)",
           E, (long long)c.jobs, (long long)c.mails, (long long)c.tips);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM job WHERE state = 'done'"), 1, "%s: a job finished 6 days ago stays", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM job WHERE state = 'failed'"), 1, "%s: a failed job stays 90 days", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM job WHERE state = 'queued'"), 1, "%s: a waiting job is never purged", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM mail_outbox WHERE state = 'sent'"), 1, "%s: an e-mail sent 29 days ago stays", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM mail_outbox WHERE state = 'queued'"), 1, "%s: an unsent e-mail is never purged", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM case_record WHERE reference = 'T-1'"), 0, "%s: a tip past its deletion date goes", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM case_event"), 3, "%s: with its timeline", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM case_record WHERE reference IN ('T-2', 'T-3')"), 2, "%s: a tip due today or without a date stays", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM case_record WHERE reference = '2026/1'"), 1, "%s: a journal-bound case is never purged here", E);
    TAP_EQ_INT(retention_purge(d, NOW, &c), 0, "%s: a second purge", E);
    TAP_OK(c.jobs == 0 && c.mails == 0 && c.tips == 0, "%s: finds nothing more", E);

    clock_set_fixed(NOW);
    db_run(d, "DELETE FROM job", "");
    TAP_EQ_INT(retention_schedule(d), 0, "%s: the purge is scheduled", E);
    TAP_EQ_INT(retention_schedule(d), 0, "%s: and scheduled again at the next start", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM job WHERE kind = 'retention_purge'"), 1, "%s: one job waits", E);
    /* 2026-11-24 03:00 Oslo is 02:00 UTC. */
    TAP_EQ_INT(scalar(d, "SELECT run_at FROM job WHERE kind = 'retention_purge'"), 1795485600, "%s: for 03:00 Oslo time the next night", E);
    clock_set_fixed(1795485600 + 60);
    TAP_EQ_INT(job_run_due(d, "test", 10), 1, "%s: the runner runs it when due", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM job WHERE kind = 'retention_purge' AND state = 'queued'"), 1, "%s: and it queues the next night's run", E);
    TAP_EQ_INT(scalar(d, "SELECT run_at FROM job WHERE kind = 'retention_purge' AND state = 'queued'"), 1795485600 + DAY, "%s: 24 hours later", E);
    clock_use_system();
    db_close(d);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) return 1;
    if (clock_init_timezone() != 0) return 1;
    retention_register();
    TEST_EACH_ENGINE(run_engine, &E);
    test_remove_tree(tmpdir);
    return tap_done();
}
