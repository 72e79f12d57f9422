/* The audit trail: appends in the action's transaction, the chain and its check (a changed, a
 * deleted, an inserted row, a swapped pair, a cut tail, a false anchor), searches, and writers
 * at once (threads on both engines, processes on PostgreSQL). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit/audit.h"
#include "audit/audit_internal.h"
#include "core/clock.h"
#include "db/db.h"
#include "jobs/job.h"
#include "tap.h"
#include "test_db_env.h"

static char tmpdir[] = "/tmp/minside-test-audit.XXXXXX";
static const char *E = "sqlite";
static const char *PG_URL;
static const int64_t NOW = 1795431600; /* 2026-11-23 12:00 Oslo */

enum { THREADS = 4, PER_THREAD = 50, PROCESSES = 3, PER_PROCESS = 40 };

static db *open_named(db_engine engine, const char *name)
{
    char url[1024], err[256];
    test_db_url(engine, PG_URL, tmpdir, "audit", name, url, sizeof url);
    db *d = NULL;
    db_open(url, &d, err, sizeof err);
    return d;
}

static int append(db *d, int64_t staff, const char *kind, int64_t id, const char *action)
{
    audit_event e = {AUDIT_ACTOR_STAFF, staff, "saksbehandler", kind, id, action, "0123456789abcdef", NULL};
    int rc;
    /* A busy database is retried, as a request would be. */
    for (int tries = 0; (rc = audit_record(d, &e)) == DB_ERR_BUSY && tries < 200; tries++) usleep(5000);
    return rc;
}

/* The check's findings as one string. */
static int verify_text(db *d, char *buf, size_t len, int64_t *problems)
{
    FILE *f = fmemopen(buf, len, "w");
    audit_verify_result res;
    int rc = audit_verify(d, f, &res);
    fclose(f);
    buf[strcspn(buf, "\n")] = '\0'; /* the first finding, on the test's one line */
    *problems = res.problems;
    return rc;
}

static void fresh_chain(db *d, int n)
{
    db_run(d, "DELETE FROM audit_log", "");
    db_run(d, "UPDATE audit_head SET seq = 0, hash = $1", "t",
           "0000000000000000000000000000000000000000000000000000000000000000");
    for (int i = 1; i <= n; i++) append(d, 7, AUDIT_OBJ_CASE, i, AUDIT_READ);
}

/* A fresh chain of 6 rows, changed by the statements sqls: the check finds exactly one broken
 * place, described by want. */
static void tampered(db *d, const char *const *sqls, const char *want, const char *what)
{
    char out[2048];
    int64_t problems;
    fresh_chain(d, 6);
    for (; *sqls; sqls++) db_run(d, *sqls, "");
    verify_text(d, out, sizeof out, &problems);
    TAP_OK(problems == 1 && strstr(out, want), "%s: %s: %s", E, what, out);
}

static void test_tampering(db *d)
{
    char out[2048];
    int64_t problems;
    clock_set_fixed(NOW);
    fresh_chain(d, 6);
    TAP_EQ_INT(verify_text(d, out, sizeof out, &problems), 0, "%s: the check runs", E);
    TAP_EQ_INT(problems, 0, "%s: an untouched chain of 6 rows is whole", E);

    static const char *edit[] = {"UPDATE audit_log SET actor_id = 8 WHERE seq = 3", NULL};
    tampered(d, edit, "Rad 3 er endret", "an edited row is found, by number");
    static const char *delete[] = {"DELETE FROM audit_log WHERE seq = 4", NULL};
    tampered(d, delete, "Rad 4 mangler", "a deleted row is found");
    static const char *cut[] = {"DELETE FROM audit_log WHERE seq >= 5", NULL};
    tampered(d, cut, "5 til 6, mangler", "a cut tail is found against the head");
    static const char *swap[] = {"UPDATE audit_log SET seq = 100 WHERE seq = 3",
                                 "UPDATE audit_log SET seq = 3 WHERE seq = 4",
                                 "UPDATE audit_log SET seq = 4 WHERE seq = 100", NULL};
    tampered(d, swap, "Rad 3 og 4 står i feil rekkefølge", "a swapped pair is found");

    /* A row put in between, its own hash correct and naming the row before it; the rows after
     * it renumbered and the head moved on, as someone with write access could. */
    fresh_chain(d, 6);
    db_run(d, "UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3", "");
    db_run(d, "UPDATE audit_log SET seq = seq - 99 WHERE seq >= 100", "");
    {
        audit_row row = {.seq = 3, .at = NOW, .actor_id = 9, .object_id = 99};
        strcpy(row.actor_kind, "staff");
        strcpy(row.actor_role, "leder");
        strcpy(row.object_kind, "case");
        strcpy(row.action, "read");
        db_stmt *s = db_prepare(d, "SELECT hash FROM audit_log WHERE seq = 2");
        char prev[65] = "", hash[65];
        if (s && db_step(s) == DB_ROW) snprintf(prev, sizeof prev, "%s", db_col_text(s, 0));
        db_reset(s);
        audit_row_hash(prev, &row, hash);
        audit_db_insert(d, &row, prev, hash);
        db_run(d, "UPDATE audit_head SET seq = 7, hash = (SELECT hash FROM audit_log WHERE seq = 7)", "");
    }
    verify_text(d, out, sizeof out, &problems);
    TAP_OK(problems == 1 && strstr(out, "Rad 3 er satt inn"), "%s: an inserted row is found: %s", E, out);

    fresh_chain(d, 6);
    int64_t seq;
    char anchor[65];
    TAP_EQ_INT(audit_last_before(d, NOW + 1, &seq, anchor), 1, "%s: the day's last row is found", E);
    TAP_EQ_INT(seq, 6, "%s: it is row 6", E);
    TAP_EQ_INT(audit_last_before(d, NOW, &seq, anchor), 0, "%s: and nothing before the first row's time", E);
}

typedef struct {
    db_engine engine;
    int n, failures;
} writer_arg;

static void *writer(void *p)
{
    writer_arg *a = p;
    db *d = open_named(a->engine, "chain");
    if (!d) {
        a->failures = a->n;
        return NULL;
    }
    for (int i = 0; i < a->n; i++)
        if (append(d, 100 + i, AUDIT_OBJ_DOCUMENT, i, AUDIT_READ)) a->failures++;
    db_close(d);
    return NULL;
}

static void test_writers(db_engine engine, db *d)
{
    fresh_chain(d, 0);
    pthread_t t[THREADS];
    writer_arg args[THREADS];
    for (int i = 0; i < THREADS; i++) {
        args[i] = (writer_arg){engine, PER_THREAD, 0};
        pthread_create(&t[i], NULL, writer, &args[i]);
    }
    int failures = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        failures += args[i].failures;
    }
    TAP_EQ_INT(failures, 0, "%s: %d threads append at once without failures", E, THREADS);
    int64_t want = THREADS * PER_THREAD;
    if (engine == DB_POSTGRES) {
        /* Instances are processes with connections of their own. */
        pid_t pids[PROCESSES];
        for (int i = 0; i < PROCESSES; i++) {
            pids[i] = fork();
            if (pids[i] == 0) {
                writer_arg a = {engine, PER_PROCESS, 0};
                writer(&a);
                _exit(a.failures ? 1 : 0);
            }
        }
        int ok = 1;
        for (int i = 0; i < PROCESSES; i++) {
            int status = 0;
            waitpid(pids[i], &status, 0);
            ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
        }
        TAP_OK(ok, "%s: %d processes append at once without failures", E, PROCESSES);
        want += PROCESSES * PER_PROCESS;
    }
    char out[2048];
    int64_t problems;
    audit_verify_result res;
    TAP_EQ_INT(verify_text(d, out, sizeof out, &problems), 0, "%s: the check runs after the writers", E);
    TAP_EQ_INT(problems, 0, "%s: the chain written at once is whole: %s", E, out);
    TAP_EQ_INT(audit_verify(d, NULL, &res), 0, "%s: checked again", E);
    TAP_EQ_INT(res.rows, want, "%s: every one of the %lld appends is a row", E, (long long)want);
    TAP_EQ_INT(res.last_seq, want, "%s: numbered 1..%lld without gaps", E, (long long)want);
}

static void test_append_rules(db *d)
{
    fresh_chain(d, 0);
    /* The row belongs to the action's transaction: rolled back together. */
    audit_event e = {AUDIT_ACTOR_PERSON, 5, "person", AUDIT_OBJ_PERSON, 5, AUDIT_CHANGE, "r1", "profil"};
    db_begin(d);
    TAP_EQ_INT(audit_append(d, &e, NULL), 0, "%s: a row is appended in the action's transaction", E);
    db_rollback(d);
    audit_row rows[10];
    audit_query q = {.object_kind = AUDIT_OBJ_PERSON, .object_id = 5};
    TAP_EQ_INT(audit_search(d, &q, rows, 10), 0, "%s: and goes with the action's rollback", E);
    int64_t seq = 0;
    db_begin(d);
    audit_append(d, &e, &seq);
    db_commit(d);
    TAP_EQ_INT(seq, 1, "%s: after a rollback the next row is still number 1", E);

    audit_event bad = e;
    bad.action = NULL;
    TAP_EQ_INT(audit_record(d, &bad), AUDIT_ERR_INVALID, "%s: a row without an action is refused", E);
    bad = e;
    bad.detail = "linje\nskift";
    TAP_EQ_INT(audit_record(d, &bad), AUDIT_ERR_INVALID, "%s: a detail with a line break is refused", E);
    char longer[AUDIT_FIELD_MAX + 2];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    bad = e;
    bad.object_kind = longer;
    TAP_EQ_INT(audit_record(d, &bad), AUDIT_ERR_INVALID, "%s: an over-long kind is refused", E);

    clock_advance(60);
    append(d, 7, AUDIT_OBJ_CASE, 11, AUDIT_READ);
    clock_advance(60);
    append(d, 8, AUDIT_OBJ_CASE, 12, AUDIT_READ);
    append(d, 7, AUDIT_OBJ_CASE, 12, AUDIT_CHANGE);
    audit_query staff7 = {.actor_kind = AUDIT_ACTOR_STAFF, .actor_id = 7};
    int n = audit_search(d, &staff7, rows, 10);
    TAP_OK(n == 2 && rows[0].object_id == 12 && rows[1].object_id == 11,
           "%s: a staff member's rows, newest first (%d)", E, n);
    audit_query cases[] = {{.object_kind = AUDIT_OBJ_CASE, .object_id = 11},
                           {.object_kind = AUDIT_OBJ_CASE, .object_id = 12},
                           {.actor_kind = AUDIT_ACTOR_STAFF, .actor_id = 7}};
    n = audit_search_any(d, cases, 3, rows, 10);
    TAP_OK(n == 3 && rows[0].seq > rows[1].seq && rows[1].seq > rows[2].seq,
           "%s: several queries merge newest first without duplicates (%d)", E, n);
    TAP_EQ_INT(audit_search_any(d, cases, 3, rows, 2), 2, "%s: and keep to the limit", E);
    TAP_EQ_STR(rows[0].request_id, "0123456789abcdef", "%s: a row keeps the request id", E);
    TAP_EQ_STR(rows[0].actor_role, "saksbehandler", "%s: and the role", E);
}

static int64_t scalar(db *d, const char *sql)
{
    db_stmt *s = db_prepare(d, sql);
    int64_t v = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    if (s) db_reset(s);
    return v;
}

/* The daily anchor: queued for five past midnight in Oslo, run when due, and queuing the next. */
static void test_anchor_job(db *d)
{
    clock_set_fixed(NOW);
    TAP_EQ_INT(audit_schedule(d), 0, "%s: the anchor is scheduled", E);
    TAP_EQ_INT(audit_schedule(d), 0, "%s: and again at the next start", E);
    /* 2026-11-24 00:05 Oslo is 2026-11-23 23:05 UTC. */
    TAP_EQ_INT(scalar(d, "SELECT run_at FROM job WHERE kind = 'audit_anchor' AND state = 'queued'"), 1795475100,
               "%s: one job waits, for 00:05 Oslo time", E);
    clock_set_fixed(1795475100 + 1);
    TAP_EQ_INT(job_run_due(d, "test", 10), 1, "%s: the runner runs it when due", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM job WHERE kind = 'audit_anchor' AND state = 'done'"), 1, "%s: it is done", E);
    TAP_EQ_INT(scalar(d, "SELECT run_at FROM job WHERE kind = 'audit_anchor' AND state = 'queued'"), 1795475100 + 86400,
               "%s: and the next night's anchor waits", E);
}

static void run_engine(db_engine engine, const char *pg_url)
{
    PG_URL = pg_url;
    clock_set_fixed(NOW);
    db *d = test_db_open_fresh(engine, pg_url, tmpdir, "audit", "chain", 1);
    TAP_OK(d != NULL, "%s: a fresh database is migrated", E);
    if (!d) return;
    test_append_rules(d);
    test_tampering(d);
    test_writers(engine, d);
    test_anchor_job(d);
    db_close(d);
    clock_use_system();
}

int main(void)
{
    if (!mkdtemp(tmpdir)) return 1;
    if (clock_init_timezone() != 0) return 1;
    audit_register();
    TEST_EACH_ENGINE(run_engine, &E);
    test_remove_tree(tmpdir);
    return tap_done();
}
