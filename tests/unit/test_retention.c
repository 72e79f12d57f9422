/* Retention as rules: each rule at its boundary (one second or one day either side, with the
 * injectable clock), the dry run and the run agreeing item for item, every deletion recorded
 * without the data, rules that never delete, a rule a module registers, and the nightly job. On
 * SQLite and, when MINSIDE_TEST_PG_URL is set, on PostgreSQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/clock.h"
#include "innsyn/innsyn.h"
#include "newsletter/newsletter.h"
#include "db/db.h"
#include "retention/retention.h"
#include "tap.h"
#include "test_db_env.h"

static char tmpdir[] = "/tmp/minside-test-retention.XXXXXX";
static const char *E = "sqlite";
#define DAY (24 * 60 * 60)
/* 2026-11-23 12:00 Oslo (11:00 UTC). */
static const int64_t NOW = 1795431600;
enum { IDLE_MINUTES = 30 };

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
              "created_at, updated_at) VALUES ($1, 'mottatt', $2, 'Sak', '{}', $3, $4, 0)",
           "ttti", type, ref, delete_after, NOW - 400 * DAY);
    db_run(d, "INSERT INTO case_event (case_id, kind, text, actor, audience, created_at) "
              "SELECT id, 'mottatt', 'Mottatt', 'x', 'parter', 0 FROM case_record WHERE reference = $1",
           "t", ref);
}

static void attempt_add(db *d, const char *state, int64_t created)
{
    db_run(d, "INSERT INTO login_attempt (state_hash, browser_hash, provider, nonce, code_verifier, return_path, "
              "client_ip, created_at) VALUES ($1, 'b', 'public', 'n', 'v', '/', '127.0.0.x', $2)",
           "ti", state, created);
}

static void session_add(db *d, const char *token, int64_t last_seen, int64_t expires)
{
    db_run(d, "INSERT INTO session (token_hash, provider, csrf_token, created_at, last_seen_at, expires_at) "
              "VALUES ($1, 'public', 'c', 0, $2, $3)", "tii", token, last_seen, expires);
}

/* What a run met, as "rule:id" lines. */
typedef struct {
    char text[8192];
    size_t len;
} seen_list;

static int collect(const retention_rule *rule, const retention_item *item, int deleted, void *ctx)
{
    (void)deleted;
    seen_list *l = ctx;
    l->len += (size_t)snprintf(l->text + l->len, sizeof l->text - l->len, "%s:%lld\n", rule->name,
                               (long long)item->id);
    return 0;
}

static int64_t count_of(const retention_rule_count *counts, const char *name)
{
    size_t n;
    const retention_rule *const *rules = retention_rules(&n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(rules[i]->name, name)) return counts[i].items;
    return -1;
}

/* A module's own rule, registered as a module would at start-up: waiting jobs of a kind nobody
 * handles any more, after a day. */
static int stale_list(db *d, int64_t now, int64_t after, retention_item *items, int max)
{
    return retention_items_read(db_prepare_bind(d, "SELECT id, run_at FROM job WHERE kind = 'gammel' AND run_at < $1 "
                                                   "AND id > $2 ORDER BY id LIMIT $3",
                                                "iii", now - DAY, after, (int64_t)max),
                                items, max);
}

static int stale_delete(db *d, int64_t id, int64_t now)
{
    return (int)db_run_changes(d, "DELETE FROM job WHERE id = $1 AND kind = 'gammel' AND run_at < $2", "ii", id,
                               now - DAY);
}

static const retention_rule stale_rule = {"stale_jobs", "job", "Gamle jobber", "1 døgn", "Test", stale_list,
                                          stale_delete};

/* A request for access: anonymous (email set) or a person's, in a state, with its complaint
 * period's end and its release's end. */
static void innsyn_add(db *d, const char *state, int64_t created, const char *complaint_until, int64_t release_until)
{
    db_run(d, "INSERT INTO innsyn_request (source, email, requester_name, state, created_at, complaint_until, "
              "release_until) VALUES ('nett', 'anonym@example.no', 'Anonym', $1, $2, $3, $4)",
           "titi", state, created, complaint_until, release_until);
    db_run(d, "INSERT INTO innsyn_item (request_id, entry_id, registry_id, public_title) VALUES "
              "((SELECT max(id) FROM innsyn_request), 1, '2026/1-1', 'Brev')", "");
    db_run(d, "INSERT INTO innsyn_log (request_id, at, event, text) VALUES ((SELECT max(id) FROM innsyn_request), $1, "
              "'mottatt', 'Mottatt')", "i", created);
}

static void innsyn_copy_add(db *d)
{
    db_run(d, "INSERT INTO innsyn_decision (request_id, item_id, document_id, document_title, outcome, copy_content, "
              "decided_at, decided_by) VALUES ((SELECT max(id) FROM innsyn_request), (SELECT max(id) FROM innsyn_item), "
              "1, 'Brev', 'delvis', 'x', 0, 'Sara')",
           "");
}

static void subscriber_add(db *d, const char *address, int64_t created, int confirmed)
{
    db_run(d, "INSERT INTO newsletter_subscriber (address, ref, consent_version, consent_at, confirmed_at, created_at) "
              "VALUES ($1, $1, '2026-12-01', $2, $3, $2)", "tii", address, created, confirmed ? created : 0);
    if (!confirmed) db_run(d, "UPDATE newsletter_subscriber SET confirmed_at = NULL WHERE address = $1", "t", address);
}

static void test_boundaries(db *d)
{
    innsyn_add(d, "ubekreftet", NOW - DAY - 1, NULL, 0);
    innsyn_add(d, "ubekreftet", NOW - DAY, NULL, 0);
    innsyn_add(d, "besvart", NOW - 60 * DAY, "2026-11-22", NOW - 1);
    innsyn_copy_add(d);
    innsyn_add(d, "besvart", NOW - 60 * DAY, "2026-11-23", NOW);
    innsyn_copy_add(d);
    subscriber_add(d, "a@example.no", NOW - 7 * DAY - 1, 0);
    subscriber_add(d, "b@example.no", NOW - 7 * DAY, 0);
    subscriber_add(d, "c@example.no", NOW - 400 * DAY, 1);
    /* For each rule: one item just past its figure, one just within it. */
    job_add(d, "done", NOW - 7 * DAY - 1);
    job_add(d, "done", NOW - 7 * DAY);
    job_add(d, "failed", NOW - 90 * DAY - 1);
    job_add(d, "failed", NOW - 90 * DAY);
    job_add(d, "queued", 0);
    mail_add(d, "<1@x>", "sent", NOW - 40 * DAY, NOW - 30 * DAY - 1);
    mail_add(d, "<2@x>", "sent", NOW - 40 * DAY, NOW - 30 * DAY);
    mail_add(d, "<3@x>", "failed", NOW - 90 * DAY - 1, 0);
    mail_add(d, "<4@x>", "failed", NOW - 90 * DAY, 0);
    mail_add(d, "<5@x>", "queued", NOW - 200 * DAY, 0);
    case_add(d, "tips", "T-1", "2026-11-22");
    case_add(d, "tips", "T-2", "2026-11-23");
    case_add(d, "tips", "T-3", NULL);
    case_add(d, "mekling", "2026/1", "2020-01-01");
    attempt_add(d, "a1", NOW - DAY - 1);
    attempt_add(d, "a2", NOW - DAY);
    session_add(d, "s-expired", NOW, NOW);
    session_add(d, "s-idle", NOW - IDLE_MINUTES * 60, NOW + DAY);
    session_add(d, "s-live", NOW - IDLE_MINUTES * 60 + 1, NOW + 1);
    db_run(d, "INSERT INTO job (kind, payload, run_at, created_at) VALUES ('gammel', '{}', $1, 0)", "i",
           NOW - DAY - 1);

    retention_rule_count counts[RETENTION_RULES_MAX];
    seen_list dry = {.len = 0}, run = {.len = 0}, again = {.len = 0};
    TAP_EQ_INT(retention_run(d, NOW, 1, counts, collect, &dry), 0, "%s: the dry run runs", E);
    static const char *const one_each[] = {"tips", "jobs_done", "jobs_failed", "mail_sent", "mail_failed",
                                           "login_attempts", "innsyn_unconfirmed", "innsyn_requester_address",
                                           "innsyn_copies", "newsletter_unconfirmed", "stale_jobs"};
    for (size_t i = 0; i < sizeof one_each / sizeof *one_each; i++)
        TAP_EQ_INT(count_of(counts, one_each[i]), 1, "%s: %s: exactly the item past the boundary is due", E,
                   one_each[i]);
    TAP_EQ_INT(count_of(counts, "sessions"), 2, "%s: sessions: the run-out and the idle one, not the live one", E);
    TAP_EQ_INT(count_of(counts, "complaint_cases"), 0, "%s: complaint cases: never", E);
    TAP_EQ_INT(counts[0].oldest, NOW - 400 * DAY, "%s: the oldest tip is dated from its receipt", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM retention_log"), 0, "%s: a dry run deletes and records nothing", E);

    TAP_EQ_INT(retention_run(d, NOW, 0, counts, collect, &run), 0, "%s: the run runs", E);
    TAP_EQ_STR(run.text, dry.text, "%s: the run deleted exactly what the dry run listed, item for item", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM retention_log"), 13, "%s: every deletion is recorded", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM innsyn_request WHERE state = 'ubekreftet'"), 1,
               "%s: an unconfirmed innsyn request goes after 24 hours, not before", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM innsyn_item"), 3, "%s: with its entries", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM innsyn_request WHERE state = 'besvart' AND email IS NULL AND "
                         "requester_name IS NULL AND complaint_until = '2026-11-22'"),
               1, "%s: an anonymous requester's name and address go when the complaint period has ended", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM innsyn_request WHERE email IS NOT NULL AND complaint_until = '2026-11-23'"),
               1, "%s: and stay on its last day", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM innsyn_decision WHERE copy_content IS NULL"), 1,
               "%s: a released copy goes when its release has ended, the decision stays", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM newsletter_subscriber"), 2,
               "%s: an unconfirmed sign-up goes after 7 days; a confirmed subscriber is never deleted by time", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM retention_log WHERE rule = 'tips' AND kind = 'case' AND "
                         "deleted_at = 1795431600 AND item_id = (SELECT max(item_id) FROM retention_log WHERE rule = 'tips')"),
               1, "%s: a record names the rule, the kind, the id and the time", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM case_record WHERE reference = 'T-1'"), 0, "%s: a tip past its deletion date goes", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM case_event"), 3, "%s: with its timeline", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM case_record WHERE reference IN ('T-2', 'T-3', '2026/1')"), 3,
               "%s: a tip due today, one without a date and a complaint case stay", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM job WHERE state = 'queued'"), 1, "%s: a waiting job is never deleted", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM mail_outbox WHERE state = 'queued'"), 1, "%s: an unsent e-mail is never deleted", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM session"), 1, "%s: the live session stays", E);

    TAP_EQ_INT(retention_run(d, NOW, 0, counts, collect, &again), 0, "%s: a second run", E);
    TAP_EQ_INT(again.len, 0, "%s: finds nothing more", E);
    /* One second later the items on the boundary have run out; a day later today's tip too. */
    TAP_EQ_INT(retention_run(d, NOW + 1, 1, counts, NULL, NULL), 0, "%s: a dry run a second later", E);
    for (size_t i = 1; i < 10; i++)
        if (strcmp(one_each[i], "innsyn_requester_address"))
            TAP_EQ_INT(count_of(counts, one_each[i]), 1, "%s: %s: the item on the boundary is due a second later", E,
                   one_each[i]);
    TAP_EQ_INT(count_of(counts, "sessions"), 1, "%s: and so is the session idle for its limit", E);
    TAP_EQ_INT(count_of(counts, "tips"), 0, "%s: but not the tip due today", E);
    TAP_EQ_INT(retention_run(d, NOW + DAY, 1, counts, NULL, NULL), 0, "%s: a dry run the next day", E);
    TAP_EQ_INT(count_of(counts, "tips"), 1, "%s: the tip whose deletion date was yesterday is due", E);
    TAP_EQ_INT(count_of(counts, "innsyn_requester_address"), 1,
               "%s: and the address whose complaint period ended yesterday", E);

    retention_record recs[20];
    int n = retention_log_list(d, 0, recs, 20);
    TAP_EQ_INT(n, 13, "%s: the record lists every deletion", E);
    TAP_OK(n > 1 && recs[0].id > recs[1].id, "%s: newest first", E);
    TAP_EQ_INT(retention_log_list(d, recs[0].id, recs, 20), 12, "%s: and pages by id", E);
}

static void run_engine(db_engine engine, const char *pg_url)
{
    db *d = test_db_open_fresh(engine, pg_url, tmpdir, "retention", "retention", 1);
    TAP_OK(d != NULL, "%s: a fresh database is migrated", E);
    if (!d) return;
    test_boundaries(d);

    clock_set_fixed(NOW);
    db_run(d, "DELETE FROM job", "");
    TAP_EQ_INT(retention_schedule(d), 0, "%s: the nightly run is scheduled", E);
    TAP_EQ_INT(retention_schedule(d), 0, "%s: and scheduled again at the next start", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM job WHERE kind = 'retention_purge'"), 1, "%s: one job waits", E);
    /* 2026-11-24 03:00 Oslo is 02:00 UTC. */
    TAP_EQ_INT(scalar(d, "SELECT run_at FROM job WHERE kind = 'retention_purge'"), 1795485600, "%s: for 03:00 Oslo time the next night", E);
    job_add(d, "done", 1795485600 - 8 * DAY);
    clock_set_fixed(1795485600 + 60);
    TAP_EQ_INT(job_run_due(d, "test", 10), 1, "%s: the runner runs it when due", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM retention_log WHERE rule = 'jobs_done'"), 2,
               "%s: the job deletes by the rules and records it", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM job WHERE kind = 'retention_purge' AND state = 'queued'"), 1, "%s: and it queues the next night's run", E);
    TAP_EQ_INT(scalar(d, "SELECT run_at FROM job WHERE kind = 'retention_purge' AND state = 'queued'"), 1795485600 + DAY, "%s: 24 hours later", E);
    clock_use_system();
    db_close(d);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) return 1;
    if (clock_init_timezone() != 0) return 1;
    g_app.cfg.session_idle_minutes = IDLE_MINUTES;
    retention_register();
    innsyn_register(); /* with its retention rules */
    newsletter_register(); /* with its retention rules */
    retention_rule_register(&stale_rule);
    retention_rule_register(&stale_rule);
    size_t n;
    const retention_rule *const *rules = retention_rules(&n);
    TAP_OK(n > 1 && rules[n - 1] == &stale_rule && rules[n - 2] != &stale_rule,
           "a module's rule is added once, after the built-in table");
    TAP_OK(retention_rule_find("journal") && !retention_rule_find("journal")->list_due,
           "the journal's rule keeps, it deletes nothing");
    TEST_EACH_ENGINE(run_engine, &E);
    test_remove_tree(tmpdir);
    return tap_done();
}
