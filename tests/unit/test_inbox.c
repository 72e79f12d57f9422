/* The inbox: delivery in the caller's transaction, the unread count, and the e-mail notice,
 * which goes only to persons who want it and never carries the message's subject or body. On
 * SQLite and, when MINSIDE_TEST_PG_URL is set, on PostgreSQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/config.h"
#include "db/db.h"
#include "inbox/inbox.h"
#include "mail/mail.h"
#include "tap.h"
#include "test_db_env.h"

static char tmpdir[] = "/tmp/minside-test-inbox.XXXXXX";
static const char *E = "sqlite";

static int64_t scalar(db *d, const char *sql)
{
    db_stmt *s = db_prepare(d, sql);
    int64_t v = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    if (s) db_reset(s);
    return v;
}

static int64_t person_add(db *d, const char *key, const char *email, int notify)
{
    db_run(d, "INSERT INTO person (pid_hash, pid_enc, birth_date, email, notify_email, "
              "created_at, updated_at) VALUES ($1, $2, '1980-01-01', $3, $4, 0, 0)",
           "ttti", key, key, email, (int64_t)notify);
    db_stmt *s = db_prepare(d, "SELECT id FROM person WHERE pid_hash = $1");
    db_bind_text(s, 1, key);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

static int deliver(db *d, int64_t person, const char *subject, int commit, int64_t *id)
{
    inbox_message_new m = {.person_id = person, .kind = "org_decision",
                           .sender = "Forbrukertilsynet", .subject = subject,
                           .body = "Søknaden om å representere Eksempel AS er godkjent.",
                           .orgnr = "310000027", .link_path = "/min-side"};
    db_begin(d);
    int rc = inbox_deliver(d, &m, id);
    if (commit && rc == 0) db_commit(d);
    else db_rollback(d);
    return rc;
}

static void run_engine(db_engine engine, const char *pg_url)
{
    db *d = test_db_open_fresh(engine, pg_url, tmpdir, "inbox", "inbox", 1);
    TAP_OK(d != NULL, "%s: a fresh database is migrated", E);
    if (!d) return;
    int64_t wants = person_add(d, "a", "kari@example.no", 1);
    int64_t quiet = person_add(d, "b", "ola@example.no", 0);
    int64_t no_address = person_add(d, "c", NULL, 1);

    int64_t id = 0;
    TAP_EQ_INT(deliver(d, wants, "Søknaden er godkjent", 1, &id), 0, "%s: a message is delivered", E);
    TAP_EQ_INT(inbox_unread_count(d, wants), 1, "%s: it is unread", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM mail_outbox"), 1, "%s: one notice is queued", E);
    db_stmt *s = db_prepare(d, "SELECT subject, body FROM mail_outbox");
    int row = db_step(s) == DB_ROW;
    char want_link[128];
    snprintf(want_link, sizeof want_link, "/innboks/%lld", (long long)id);
    TAP_OK(row && !strcmp(db_col_text(s, 0), "Ny melding på Min side") &&
               strstr(db_col_text(s, 1), want_link),
           "%s: the notice has the fixed subject and links to the message in the inbox", E);
    TAP_OK(row && !strstr(db_col_text(s, 1), "godkjent") && !strstr(db_col_text(s, 1), "Eksempel"),
           "%s: the notice carries nothing of the message", E);
    db_reset(s);

    TAP_EQ_INT(deliver(d, quiet, "Søknaden er godkjent", 1, NULL), 0, "%s: delivered to a person without notices", E);
    TAP_EQ_INT(deliver(d, no_address, "Søknaden er godkjent", 1, NULL), 0, "%s: and to one without an address", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM mail_outbox"), 1, "%s: neither gets a notice", E);
    TAP_EQ_INT(inbox_unread_count(d, quiet), 1, "%s: both have it in the inbox", E);

    TAP_EQ_INT(deliver(d, wants, "Rullet tilbake", 0, NULL), 0, "%s: a delivery in a transaction", E);
    TAP_EQ_INT(inbox_unread_count(d, wants), 1, "%s: that rolls back leaves no message", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM mail_outbox"), 1, "%s: and no notice", E);

    TAP_EQ_INT(deliver(d, wants, "To\nlinjer", 1, NULL), INBOX_ERR_INVALID, "%s: a subject with a line break is refused", E);
    TAP_EQ_INT(deliver(d, wants, "", 1, NULL), INBOX_ERR_INVALID, "%s: an empty subject is refused", E);
    TAP_EQ_INT(deliver(d, wants, "\xff\xfe", 1, NULL), INBOX_ERR_INVALID, "%s: invalid UTF-8 is refused", E);
    db_run(d, "UPDATE inbox_message SET read_at = 1 WHERE person_id = $1", "i", wants);
    TAP_EQ_INT(inbox_unread_count(d, wants), 0, "%s: a read message is not counted", E);
    db_close(d);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) return 1;
    char err[256];
    if (config_load(&g_app.cfg, NULL, err, sizeof err) != 0) return 1;
    mail_register();
    TEST_EACH_ENGINE(run_engine, &E);
    config_free(&g_app.cfg);
    test_remove_tree(tmpdir);
    return tap_done();
}
