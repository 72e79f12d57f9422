/* E-mail through the outbox and the job runner to a real SMTP server on loopback
 * (tests/mail/smtp_sink.py), on SQLite and, when MINSIDE_TEST_PG_URL is set, on PostgreSQL.
 * Time is moved with the injectable clock instead of waited for. */
#include "app.h"
#include "core/clock.h"
#include "core/strbuf.h"
#include "db/db.h"
#include "jobs/job.h"
#include "jobs/job_runner.h"
#include "mail/mail.h"
#include "tap.h"
#include "sink.h"
#include "test_db_env.h"

#include <curl/curl.h>
#include <dirent.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/minside-test-mail.XXXXXX";
static const char *pg_url;
static const char *E;
static const int64_t T0 = 1795420800; /* 2026-11-23T08:00:00Z */

/* ---- databases ---- */

static void url_for(db_engine engine, const char *name, char *buf, size_t len)
{
    test_db_url(engine, pg_url, tmpdir, "test_mail", name, buf, len);
}

/* An empty database called name with the project's migrations applied. */
static db *open_migrated(db_engine engine, const char *name)
{
    return test_db_open_fresh(engine, pg_url, tmpdir, "test_mail", name, 1);
}

static int64_t query_int(db *d, const char *sql, int64_t param)
{
    db_stmt *s = db_prepare(d, sql);
    if (!s) return INT64_MIN;
    if (strstr(sql, "$1")) db_bind_int(s, 1, param);
    int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : INT64_MIN;
    db_reset(s);
    return v;
}

/* Text of a one-value query, copied into buf. */
static const char *query_text(db *d, const char *sql, int64_t param, char *buf, size_t len)
{
    db_stmt *s = db_prepare(d, sql);
    buf[0] = '\0';
    if (!s) return buf;
    if (strstr(sql, "$1")) db_bind_int(s, 1, param);
    if (db_step(s) == DB_ROW && db_col_text(s, 0)) snprintf(buf, len, "%s", db_col_text(s, 0));
    db_reset(s);
    return buf;
}

/* The state of outbox message id, in state (32 bytes). */
static const char *outbox_state(db *d, int64_t id, char *state)
{
    return query_text(d, "SELECT state FROM mail_outbox WHERE id = $1", id, state, 32);
}

static int enqueue_notice(db *d, const char *address, const char *path)
{
    int rc = db_begin(d);
    if (rc == DB_OK) rc = mail_notice_enqueue(d, address, path);
    if (rc < 0) {
        db_rollback(d);
        return rc;
    }
    int c = db_commit(d);
    return c == DB_OK ? rc : c;
}

static int64_t last_outbox_id(db *d)
{
    return query_int(d, "SELECT max(id) FROM mail_outbox", 0);
}

/* ---- engine-independent checks ---- */

static void test_backoff(void)
{
    int ok = 1;
    for (int i = 0; i < 50; i++) {
        int64_t first = job_backoff_seconds(1), tenth = job_backoff_seconds(10);
        ok &= first >= 30 && first <= 60 && tenth >= 3 * 3600 && tenth <= 6 * 3600;
    }
    TAP_OK(ok, "back-off: a minute at first (with jitter), capped at six hours");
    int64_t a = job_backoff_seconds(5), differs = 0;
    for (int i = 0; i < 20; i++)
        differs |= job_backoff_seconds(5) != a;
    TAP_OK(differs, "back-off: jitter spreads jobs that failed together");
}

/* ---- the checks, once per engine ---- */

static void test_input_limits(db *d)
{
    TAP_EQ_INT(job_enqueue(d, "finnes_ikke", "{}", T0, NULL), JOB_ERR_KIND,
               "%s: an unknown job kind is refused", E);
    TAP_EQ_INT(job_enqueue(d, "mail_send", "[1,2]", T0, NULL), JOB_ERR_PAYLOAD,
               "%s: a payload that is not a JSON object is refused", E);
    const char *bad[] = {"a@b.no\r\nBcc: x@y.no",
                         "<a@b.no>",
                         "a b@c.no",
                         "ingen-krøllalfa",
                         "a@b@c.no",
                         "a@.no",
                         "æ@b.no",
                         "a@b.no,c@d.no"};
    int all = 1;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        all &= mail_notice_enqueue(d, bad[i], "/innboks") == MAIL_ERR_ADDRESS;
    TAP_OK(all, "%s: addresses that could smuggle recipients or headers are refused", E);
    TAP_OK(mail_notice_enqueue(d, "a@b.no", "https://ond.example/") == MAIL_ERR_TEXT &&
               mail_notice_enqueue(d, "a@b.no", "//ond.example/") == MAIL_ERR_TEXT &&
               mail_notice_enqueue(d, "a@b.no", "/a b") == MAIL_ERR_TEXT &&
               mail_notice_enqueue(d, "a@b.no", "/a\r\nBcc: x") == MAIL_ERR_TEXT,
           "%s: a notice links only to a path on Min side", E);
    TAP_OK(mail_enqueue(d, "a@b.no", "To\r\nlinjer", "x", NULL) == MAIL_ERR_TEXT &&
               mail_enqueue(d, "a@b.no", "Emne", "\xff\xfe", NULL) == MAIL_ERR_TEXT,
           "%s: a subject with a line break, or a body that is not UTF-8, is refused", E);
    TAP_EQ_INT(query_int(d, "SELECT count(*) FROM mail_outbox", 0), 0,
               "%s: nothing refused was queued", E);

    TAP_EQ_INT(db_begin(d), DB_OK, "%s: begin a user action", E);
    TAP_EQ_INT(mail_notice_enqueue(d, "angret@example.no", "/sak/1"), 0, "%s: notice queued", E);
    db_rollback(d);
    TAP_OK(query_int(d, "SELECT count(*) FROM mail_outbox", 0) == 0 &&
               query_int(d, "SELECT count(*) FROM job", 0) == 0,
           "%s: a rolled-back action leaves neither message nor job", E);
}

static void test_notice_arrives(db *d, sink *s)
{
    int before = sink_count(s);
    TAP_EQ_INT(enqueue_notice(d, "Person@Example.no", "/innboks/42"), 0, "%s: notice queued", E);
    int64_t id = last_outbox_id(d);
    TAP_EQ_INT(job_run_due(d, "test-1", 10), 1, "%s: the runner runs one job", E);
    TAP_EQ_INT(sink_count(s), before + 1, "%s: one message arrived at the SMTP server", E);
    json_t *m = sink_message(s, before + 1);
    char expected_body[512];
    snprintf(expected_body, sizeof expected_body, "%s%s/innboks/42", MAIL_NOTICE_TEXT,
             g_app.cfg.base_url);
    const char *body = json_string_value(json_object_get(m, "body"));
    char trimmed[1024] = "";
    if (body) snprintf(trimmed, sizeof trimmed, "%s", body);
    trimmed[strcspn(trimmed, "\r\n")] = '\0';
    TAP_EQ_STR(json_string_value(json_array_get(json_object_get(m, "rcpt_tos"), 0)),
               "Person@Example.no", "%s: to the person's address", E);
    TAP_EQ_STR(json_string_value(json_object_get(m, "mail_from")), g_app.cfg.mail_from,
               "%s: from the configured sender", E);
    TAP_EQ_STR(json_string_value(json_object_get(m, "subject")), "Ny melding på Min side",
               "%s: the subject decodes to «Ny melding på Min side»", E);
    TAP_EQ_STR(trimmed, expected_body, "%s: the body is the fixed text with the link", E);
    TAP_OK(body && strspn(body + strlen(trimmed), "\r\n") == strlen(body + strlen(trimmed)),
           "%s: and nothing else: no case content, no names", E);
    TAP_OK(json_array_size(json_object_get(m, "defects")) == 0 &&
               !strcmp(json_string_value(json_object_get(m, "charset")) ?: "", "utf-8") &&
               !strcmp(json_string_value(json_object_get(m, "content_type")) ?: "", "text/plain"),
           "%s: a text/plain utf-8 message without defects", E);
    char stored[160];
    query_text(d, "SELECT message_id FROM mail_outbox WHERE id = $1", id, stored, sizeof stored);
    TAP_EQ_STR(json_string_value(json_object_get(m, "message_id")), stored,
               "%s: its Message-ID is the outbox's", E);
    TAP_EQ_STR(json_string_value(json_object_get(m, "date")), "Mon, 23 Nov 2026 08:00:00 +0000",
               "%s: its Date is when it was queued", E);
    json_decref(m);

    char *raw = sink_raw(s, before + 1);
    int seven_bit = raw != NULL, short_lines = raw != NULL;
    for (const char *p = raw; p && *p; p++)
        seven_bit &= (unsigned char)*p < 0x80;
    for (const char *p = raw; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        short_lines &= len <= 78;
        p = nl ? nl + 1 : p + len;
    }
    TAP_OK(seven_bit && short_lines, "%s: the raw message is 7-bit with lines of at most 78", E);
    TAP_OK(raw && strstr(raw, "MIME-Version: 1.0\r\n") &&
               strstr(raw, "Content-Transfer-Encoding: quoted-printable\r\n") &&
               strstr(raw, "Subject: =?UTF-8?B?"),
           "%s: MIME headers, quoted-printable, RFC 2047 subject", E);
    free(raw);
    char state[32];
    TAP_EQ_STR(outbox_state(d, id, state), "sent", "%s: the outbox row is sent", E);
    TAP_EQ_STR(
        query_text(d, "SELECT state FROM job ORDER BY id DESC LIMIT 1", 0, state, sizeof state),
        "done", "%s: the job is done", E);
    TAP_EQ_INT(job_run_due(d, "test-1", 10), 0, "%s: nothing more is due", E);
}

/* Text that stresses the encoders, read back by Python's own e-mail parser. */
static void test_encoding_roundtrip(db *d, sink *s)
{
    const char *subject = "Æ ø å – «anførselstegn» og et langt emne som må deles i flere kodede "
                          "ord fordi det er langt: ÆØÅæøå€";
    const char *body = "Linje med æøå og = likhetstegn og en lang linje som må brytes myk fordi "
                       "den er over søtti seks tegn lang, med ÆØÅ på slutten ÆØÅ\n"
                       ".punktum først på linjen\n"
                       "mellomrom på slutten   \n"
                       "\ttabulator først\n"
                       "\n"
                       "tom linje over, og siste linje uten linjeskift";
    int before = sink_count(s);
    TAP_EQ_INT(mail_enqueue(d, "koding@example.no", subject, body, NULL), 0, "%s: queued", E);
    job_run_due(d, "test-1", 10);
    json_t *m = sink_message(s, before + 1);
    TAP_EQ_STR(json_string_value(json_object_get(m, "subject")), subject,
               "%s: a long non-ASCII subject survives RFC 2047 encoding", E);
    /* The parser gives the text with the CRLF line ends of the wire. */
    strbuf got = STRBUF_INIT;
    for (const char *p = json_string_value(json_object_get(m, "body")); p && *p; p++)
        if (*p != '\r') strbuf_putc(&got, *p);
    const char *text = got.data ? got.data : "";
    size_t len = strlen(text);
    if (len && text[len - 1] == '\n') got.data[--len] = '\0'; /* the last line's end */
    TAP_EQ_STR(text, body, "%s: the body survives quoted-printable byte for byte", E);
    TAP_EQ_INT(json_array_size(json_object_get(m, "defects")), 0, "%s: without defects", E);
    strbuf_free(&got);
    json_decref(m);
}

static void test_server_down(db *d, sink *s)
{
    int before = sink_count(s), port = s->port;
    sink_stop(s);
    TAP_EQ_INT(enqueue_notice(d, "venter@example.no", "/innboks/7"), 0, "%s: queued", E);
    int64_t id = last_outbox_id(d);
    TAP_EQ_INT(job_run_due(d, "test-1", 10), 1, "%s: the send is tried with the server down", E);
    char state[32], error[512];
    TAP_EQ_STR(outbox_state(d, id, state), "queued", "%s: the message stays queued, not lost", E);
    int64_t next = query_int(d, "SELECT next_attempt FROM mail_outbox WHERE id = $1", id);
    TAP_OK(next >= T0 + 30 && next <= T0 + 60, "%s: with the next attempt 30-60 s later (%lld)", E,
           (long long)(next - T0));
    query_text(d, "SELECT last_error FROM mail_outbox WHERE id = $1", id, error, sizeof error);
    TAP_OK(error[0] != '\0', "%s: and why: %s", E, error);
    TAP_EQ_INT(job_run_due(d, "test-1", 10), 0, "%s: it is not retried before its time", E);

    sink_stop(s);
    TAP_EQ_INT(sink_start(s, port), 0, "%s: the server comes back on its port", E);
    clock_set_fixed(next - 1);
    TAP_EQ_INT(job_run_due(d, "test-1", 10), 0, "%s: still waiting a second before", E);
    clock_set_fixed(next);
    TAP_EQ_INT(job_run_due(d, "test-1", 10), 1, "%s: at the next attempt it runs", E);
    TAP_EQ_INT(sink_count(s), before + 1, "%s: and the message arrives", E);
    clock_advance(24 * 3600);
    job_run_due(d, "test-1", 10);
    TAP_EQ_INT(sink_count(s), before + 1, "%s: exactly once", E);
    TAP_EQ_INT(query_int(d, "SELECT attempts FROM mail_outbox WHERE id = $1", id), 2,
               "%s: after two attempts", E);
    clock_set_fixed(T0);
}

static void test_refused_recipient(db *d, sink *s)
{
    int before = sink_count(s);
    TAP_EQ_INT(enqueue_notice(d, "nei@example.no", "/innboks/1"), 0, "%s: queued", E);
    int64_t id = last_outbox_id(d);
    TAP_EQ_INT(job_run_due(d, "test-1", 10), 1, "%s: tried once", E);
    char state[32], error[512];
    TAP_EQ_STR(outbox_state(d, id, state), "failed", "%s: a 550 to RCPT fails the message at once",
               E);
    query_text(d, "SELECT last_error FROM mail_outbox WHERE id = $1", id, error, sizeof error);
    TAP_OK(strstr(error, "550") != NULL, "%s: with the server's code: %s", E, error);
    TAP_OK(mail_address_is_failed(d, "nei@example.no") == 1 &&
               mail_address_is_failed(d, "NEI@Example.NO") == 1,
           "%s: and marks the address as failed, whatever its case", E);
    TAP_EQ_INT(enqueue_notice(d, "Nei@example.no", "/innboks/2"), MAIL_SKIPPED,
               "%s: later notices to it are skipped", E);
    TAP_EQ_INT(sink_count(s), before, "%s: nothing was delivered", E);
    TAP_EQ_INT(mail_address_clear_failed(d, "nei@EXAMPLE.no"), DB_OK,
               "%s: the mark can be cleared (a new address)", E);
    TAP_EQ_INT(mail_address_is_failed(d, "nei@example.no"), 0, "%s: and is gone", E);
    TAP_EQ_INT(enqueue_notice(d, "nei@example.no", "/innboks/3"), 0, "%s: then it queues again", E);
    job_run_due(d, "test-1", 10); /* refused again: the mark comes back */
    TAP_EQ_INT(mail_address_is_failed(d, "nei@example.no"), 1, "%s: refused again, marked again",
               E);
}

static void test_temporary_refusal(db *d, sink *s)
{
    int before = sink_count(s);
    TAP_EQ_INT(enqueue_notice(d, "vent@example.no", "/innboks/1"), 0, "%s: queued", E);
    int64_t id = last_outbox_id(d);
    int runs = 0, kept_queued = 1;
    for (int i = 0; i < 40; i++) {
        if (job_run_due(d, "test-1", 10) == 1) runs++;
        char state[32];
        outbox_state(d, id, state);
        if (strcmp(state, "queued")) break;
        int64_t next = query_int(d, "SELECT next_attempt FROM mail_outbox WHERE id = $1", id);
        kept_queued &= next > clock_now();
        clock_set_fixed(next);
    }
    TAP_OK(kept_queued, "%s: a 451 keeps the message queued with a later attempt each time", E);
    TAP_EQ_INT(runs, 20, "%s: it is tried the kind's maximum of 20 times", E);
    char state[32], error[512];
    TAP_EQ_STR(outbox_state(d, id, state), "failed", "%s: then the message is failed", E);
    TAP_EQ_STR(
        query_text(d, "SELECT state FROM job ORDER BY id DESC LIMIT 1", 0, state, sizeof state),
        "failed", "%s: and the job is failed and kept", E);
    query_text(d, "SELECT last_error FROM job ORDER BY id DESC LIMIT 1", 0, error, sizeof error);
    TAP_OK(strstr(error, "451") != NULL, "%s: with the last error: %s", E, error);
    TAP_EQ_INT(mail_address_is_failed(d, "vent@example.no"), 0,
               "%s: a temporary refusal does not mark the address", E);
    TAP_EQ_INT(sink_count(s), before, "%s: nothing was delivered", E);
    clock_set_fixed(T0);
}

static void test_expired_lease(db *d, sink *s)
{
    int before = sink_count(s);
    TAP_EQ_INT(enqueue_notice(d, "lease@example.no", "/innboks/9"), 0, "%s: queued", E);
    int64_t job_id = query_int(d, "SELECT max(id) FROM job", 0);
    /* A worker takes the job (as the claim does) and dies before it finishes. */
    TAP_EQ_INT(db_run(d,
                      "UPDATE job SET locked_by = 'død-arbeider', locked_until = $2, "
                      "attempts = attempts + 1 WHERE id = $1",
                      "ii", job_id, T0 + JOB_LEASE_SECONDS),
               DB_OK, "%s: a worker holds the job's lease", E);
    TAP_EQ_INT(job_run_due(d, "test-2", 10), 0, "%s: no one else takes it while the lease holds",
               E);
    clock_set_fixed(T0 + JOB_LEASE_SECONDS + 1);
    TAP_EQ_INT(job_run_due(d, "test-2", 10), 1, "%s: once the lease has run out it is taken", E);
    TAP_EQ_INT(sink_count(s), before + 1, "%s: and the message arrives", E);
    TAP_EQ_INT(query_int(d, "SELECT attempts FROM job WHERE id = $1", job_id), 2,
               "%s: as the job's second attempt", E);

    /* A job whose worker dies on its last attempt is given up, and its message with it. */
    TAP_EQ_INT(enqueue_notice(d, "siste@example.no", "/innboks/9"), 0, "%s: queued", E);
    int64_t last_job = query_int(d, "SELECT max(id) FROM job", 0), id = last_outbox_id(d);
    db_run(d,
           "UPDATE job SET locked_by = 'død-arbeider', locked_until = $2, attempts = 20 "
           "WHERE id = $1",
           "ii", last_job, clock_now() + JOB_LEASE_SECONDS);
    clock_advance(JOB_LEASE_SECONDS + 1);
    TAP_EQ_INT(job_run_due(d, "test-2", 10), 1, "%s: the job is taken after its lease ran out", E);
    char state[32];
    query_text(d, "SELECT state FROM job WHERE id = $1", last_job, state, sizeof state);
    TAP_EQ_STR(state, "failed", "%s: after 20 attempts it is given up", E);
    TAP_EQ_STR(outbox_state(d, id, state), "failed", "%s: and its message is marked failed", E);
    TAP_EQ_INT(sink_count(s), before + 1, "%s: without being sent", E);
    clock_set_fixed(T0);
}

typedef struct {
    db_engine engine;
    const char *name;
    char worker[32];
    int ran;
    pthread_barrier_t *start;
} runner_thread;

static void *runner_main(void *arg)
{
    runner_thread *t = arg;
    char url[1024], err[512];
    url_for(t->engine, t->name, url, sizeof url);
    db *d = NULL;
    db_open(url, &d, err, sizeof err);
    pthread_barrier_wait(t->start);
    int n;
    while (d && (n = job_run_due(d, t->worker, 1)) > 0)
        t->ran += n;
    db_close(d);
    return NULL;
}

static void test_two_runners(db *d, sink *s, db_engine engine, const char *name)
{
    enum { N = 24 };
    int before = sink_count(s), ok = 1;
    for (int i = 0; i < N; i++) {
        char address[64];
        snprintf(address, sizeof address, "mange%d@example.no", i);
        ok &= enqueue_notice(d, address, "/innboks") == 0;
    }
    TAP_OK(ok, "%s: %d notices queued", E, N);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, 2);
    runner_thread ts[2] = {{engine, name, "tråd-a", 0, &start},
                           {engine, name, "tråd-b", 0, &start}};
    pthread_t ids[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&ids[i], NULL, runner_main, &ts[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(ids[i], NULL);
    pthread_barrier_destroy(&start);
    TAP_EQ_INT(ts[0].ran + ts[1].ran, N,
               "%s: two runners with their own connections ran %d jobs "
               "together (%d + %d)",
               E, N, ts[0].ran, ts[1].ran);
    TAP_EQ_INT(sink_count(s), before + N, "%s: every message arrived once, none twice", E);
    json_t *ids_seen = json_object();
    for (int i = before + 1; i <= before + N; i++) {
        json_t *m = sink_message(s, i);
        const char *mid = json_string_value(json_object_get(m, "message_id"));
        if (mid) json_object_set_new(ids_seen, mid, json_true());
        json_decref(m);
    }
    TAP_EQ_INT(json_object_size(ids_seen), N, "%s: %d different Message-IDs", E, N);
    json_decref(ids_seen);
    TAP_EQ_INT(query_int(d,
                         "SELECT count(*) FROM mail_outbox WHERE state = 'sent' AND "
                         "recipient LIKE 'mange%'",
                         0),
               N, "%s: all are marked sent", E);
}

/* The runner as `serve` starts it: threads, app_db() connections, and a wake on enqueue. */
static void test_runner_threads(db *d, sink *s, db_engine engine, const char *name)
{
    char url[1024];
    url_for(engine, name, url, sizeof url);
    free(g_app.cfg.database_url);
    g_app.cfg.database_url = strdup(url);
    int before = sink_count(s);
    /* A poll interval far beyond the test: only the wake can make it send in time. */
    job_runner *r = job_runner_start(2, 3600 * 1000);
    TAP_OK(r != NULL, "%s: two worker threads start", E);
    usleep(200 * 1000);
    TAP_EQ_INT(enqueue_notice(d, "straks@example.no", "/innboks/5"), 0, "%s: a notice is queued",
               E);
    int waited = 0;
    while (sink_count(s) == before && waited < 100) {
        usleep(100 * 1000);
        waited++;
    }
    TAP_EQ_INT(sink_count(s), before + 1, "%s: the workers woke and sent it (in %d ms)", E,
               waited * 100);
    job_runner_stop(r);
    TAP_OK(!job_runner_stopping(), "%s: the workers stopped", E);
}

/* A stop while a worker waits for a hanging SMTP server: the transfer is given up at once, and
 * the message stays queued for later. */
static void test_stop_during_send(db *d, sink *s)
{
    int before = sink_count(s);
    job_runner *r = job_runner_start(1, 3600 * 1000);
    TAP_EQ_INT(enqueue_notice(d, "treg@example.no", "/innboks/8"), 0, "%s: queued", E);
    int64_t id = last_outbox_id(d);
    usleep(1500 * 1000); /* the worker is now waiting for the server's answer to RCPT TO */
    int64_t started = clock_monotonic_ms();
    job_runner_stop(r);
    int64_t took = clock_monotonic_ms() - started;
    TAP_OK(took < 5000, "%s: the workers stop at once, not after the SMTP timeout (%lld ms)", E,
           (long long)took);
    char state[32];
    TAP_EQ_STR(outbox_state(d, id, state), "queued", "%s: the message stays queued", E);
    TAP_OK(query_int(d, "SELECT next_attempt FROM mail_outbox WHERE id = $1", id) > T0 &&
               query_int(d,
                         "SELECT count(*) FROM job WHERE state = 'queued' AND "
                         "locked_by IS NULL AND run_at > $1",
                         T0) == 1,
           "%s: with its job waiting for a later attempt", E);
    TAP_EQ_INT(sink_count(s), before, "%s: nothing was delivered", E);
    db_run(d, "UPDATE mail_outbox SET state = 'failed' WHERE id = $1", "i", id);
}

static void run_engine(db_engine engine, sink *s)
{
    E = engine == DB_SQLITE ? "sqlite" : "postgres";
    clock_set_fixed(T0);
    const char *name = "main";
    db *d = open_migrated(engine, name);
    TAP_OK(d != NULL, "%s: a migrated database", E);
    if (!d) return;
    test_input_limits(d);
    test_notice_arrives(d, s);
    test_encoding_roundtrip(d, s);
    test_server_down(d, s);
    test_refused_recipient(d, s);
    test_temporary_refusal(d, s);
    test_expired_lease(d, s);
    test_two_runners(d, s, engine, name);
    test_runner_threads(d, s, engine, name);
    test_stop_during_send(d, s);
    db_close(d);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) return 1;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    mail_register();
    char err[512];
    if (config_load(&g_app.cfg, NULL, err, sizeof err) != 0) {
        printf("# %s\n", err);
        return 1;
    }
    free(g_app.cfg.base_url);
    g_app.cfg.base_url = strdup("https://minside.example.no");
    test_backoff();

    sink s = {0};
    snprintf(s.dir, sizeof s.dir, "%s/mail", tmpdir);
    mkdir(s.dir, 0700);
    TAP_EQ_INT(sink_start(&s, 0), 0, "the SMTP server listens on loopback");
    if (s.port) {
        use_sink_port(s.port);
        run_engine(DB_SQLITE, &s);
        pg_url = getenv("MINSIDE_TEST_PG_URL");
        if (pg_url && *pg_url)
            run_engine(DB_POSTGRES, &s);
        else
            TAP_SKIP("PostgreSQL: MINSIDE_TEST_PG_URL is not set");
    }
    sink_stop(&s);
    app_free();
    curl_global_cleanup();
    test_remove_tree(tmpdir);
    return tap_done();
}
