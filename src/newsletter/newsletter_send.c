/* Sending an issue: the `newsletter_send` job takes one batch of subscribers and hands their
 * messages to the SMTP server over one connection, recording how far it got as it goes, so a
 * batch taken again (a server that went away, a worker that died) continues where it stopped.
 * A message may then go twice to the one subscriber at the point of the interruption: at least
 * once, never lost. Each message's envelope sender is bounce+REF-ISSUE@domain (VERP), so a
 * bounce report tells `minside mail-bounce` which subscriber and issue it is about. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/clock.h"
#include "core/log.h"
#include "mail/mail_message.h"
#include "mail/mail_smtp.h"
#include "newsletter/newsletter.h"
#include "newsletter/newsletter_db.h"
#include "newsletter/newsletter_issue.h"
#include "newsletter/newsletter_message.h"

/* How many messages between two records of a batch's progress. */
#define PROGRESS_EVERY 100

void nl_return_path(const char *ref, int64_t issue_id, char *out, size_t outlen)
{
    const char *rp = g_app.cfg.newsletter_return_path;
    const char *at = strchr(rp, '@');
    if (!ref) {
        snprintf(out, outlen, "%s", rp);
        return;
    }
    snprintf(out, outlen, "%.*s+%s-%lld%s", (int)(at - rp), rp, ref, (long long)issue_id, at);
}

int nl_return_path_parse(const char *address, char ref[33], int64_t *issue_id)
{
    const char *plus = address ? strchr(address, '+') : NULL;
    if (!plus || strlen(plus) < 1 + 32 + 2) return -1;
    const char *p = plus + 1;
    for (int k = 0; k < 32; k++)
        if (!((p[k] >= '0' && p[k] <= '9') || (p[k] >= 'a' && p[k] <= 'f'))) return -1;
    if (p[32] != '-') return -1;
    char *end;
    long long id = strtoll(p + 33, &end, 10);
    if (end == p + 33 || id <= 0 || (*end != '@' && *end != '\0')) return -1;
    memcpy(ref, p, 32);
    ref[32] = '\0';
    *issue_id = id;
    return 0;
}

/* The issue as every message of it carries it. */
typedef struct {
    int64_t id; /* 0 for a test send */
    const char *title, *markdown, *html;
} issue_text;

static mail_smtp_result send_one(mail_smtp_conn *c, const issue_text *t, const char *to,
                                 const char *ref, char *err, size_t errlen)
{
    char token[NEWSLETTER_TOKEN_BYTES], url[1024], message_id[160], envelope[400];
    newsletter_unsubscribe_token(ref, token, sizeof token);
    snprintf(url, sizeof url, "%s/nyhetsbrev/avmeld/%s", g_app.cfg.base_url, token);
    mail_message_id_new(g_app.cfg.mail_from, message_id, sizeof message_id);
    message_id[strlen(message_id) - 1] = '\0'; /* GMime adds the angle brackets itself */
    nl_message m = {g_app.cfg.mail_from, to, t->title, t->markdown, t->html, url, message_id + 1,
                    clock_now()};
    size_t len = 0;
    char *text = nl_message_format(&m, &len);
    if (!text) {
        snprintf(err, errlen, "meldingen kunne ikke lages");
        return MAIL_SMTP_TEMPORARY;
    }
    nl_return_path(t->id ? ref : NULL, t->id, envelope, sizeof envelope);
    mail_smtp_result r = mail_smtp_conn_send(c, envelope, to, text, len, err, errlen);
    free(text);
    return r;
}

int nl_send_test(const char *title, const char *markdown, const char *to, char *err,
                 size_t errlen)
{
    mail_smtp_conn *c = mail_smtp_open();
    if (!c) {
        snprintf(err, errlen, "libcurl kunne ikke starte");
        return -1;
    }
    char *html = nl_markdown_html(markdown);
    issue_text t = {0, title, markdown, html ? html : ""};
    /* A ref no subscriber has: the test message's unsubscribe link removes nobody. */
    mail_smtp_result r = send_one(c, &t, to, "00000000000000000000000000000000", err, errlen);
    free(html);
    mail_smtp_close(c);
    return r == MAIL_SMTP_SENT ? 0 : -1;
}

static int64_t payload_batch_id(const char *payload)
{
    json_t *p = json_loads(payload, 0, NULL);
    json_t *id = json_object_get(p, "batch_id");
    int64_t v = json_is_integer(id) ? (int64_t)json_integer_value(id) : 0;
    json_decref(p);
    return v;
}

typedef struct {
    int64_t done_through, sent, failed;
} batch_tally;

static int tally_record(db *d, const nl_batch *b, batch_tally *t)
{
    int rc = nl_batch_progress(d, b->id, t->done_through, t->sent, t->failed);
    t->sent = t->failed = 0;
    return rc;
}

/* Sends to every recipient in turn. JOB_DONE when all were handled, JOB_RETRY when the server
 * asked to wait (what was done is recorded first). */
static job_result send_all(db *d, const nl_batch *b, const nl_issue *issue, const nl_recipient *list,
                           int64_t n, batch_tally *t, char *err, size_t errlen)
{
    mail_smtp_conn *c = mail_smtp_open();
    if (!c) {
        snprintf(err, errlen, "libcurl kunne ikke starte");
        return JOB_RETRY;
    }
    char *html = nl_markdown_html(issue->body);
    issue_text text = {issue->id, issue->title, issue->body, html ? html : ""};
    job_result result = JOB_DONE;
    for (int64_t k = 0; k < n; k++) {
        mail_smtp_result r = send_one(c, &text, list[k].address, list[k].ref, err, errlen);
        if (r == MAIL_SMTP_TEMPORARY) {
            result = JOB_RETRY;
            break;
        }
        if (r == MAIL_SMTP_SENT) {
            t->sent++;
        } else {
            /* Refused for good by the server we hand mail to: the address does not exist. */
            t->failed++;
            if (nl_db_forget(d, list[k].ref) > 0)
                log_info("nyhetsbrev %lld: en adresse ble avvist og er slettet: %s",
                         (long long)issue->id, err);
        }
        t->done_through = list[k].id;
        if ((k + 1) % PROGRESS_EVERY == 0 && tally_record(d, b, t) != DB_OK)
            log_error("nyhetsbrev: framdriften kunne ikke lagres: %s", db_errmsg(d));
    }
    free(html);
    mail_smtp_close(c);
    return result;
}

static job_result send_batch(db *d, const job *j, const nl_batch *b, char *err, size_t errlen)
{
    nl_issue issue;
    int found = nl_issue_load(d, b->issue_id, &issue);
    if (found <= 0) {
        snprintf(err, errlen, "nyhetsbrev %lld: %s", (long long)b->issue_id,
                 found < 0 ? db_errmsg(d) : "finnes ikke");
        return found < 0 ? JOB_RETRY : JOB_FAILED;
    }
    nl_recipient *list = NULL;
    int64_t n = nl_batch_recipients(d, b, issue.send_started_at, &list);
    job_result result;
    batch_tally t = {b->done_through, 0, 0};
    if (n < 0) {
        snprintf(err, errlen, "database: %s", db_errmsg(d));
        result = JOB_RETRY;
    } else {
        result = send_all(d, b, &issue, list, n, &t, err, errlen);
        if (result == JOB_RETRY && !j->retry_at) {
            /* The last attempt: what is left is counted as failed, and the batch ends. */
            for (int64_t k = 0; k < n; k++)
                if (list[k].id > t.done_through) t.failed++;
            t.done_through = b->last_id;
            result = JOB_FAILED;
        } else if (result == JOB_DONE) {
            t.done_through = b->last_id;
        }
        int rc = tally_record(d, b, &t);
        if (rc == DB_OK && result != JOB_RETRY) rc = nl_batch_finish(d, b, clock_now());
        if (rc != DB_OK) {
            snprintf(err, errlen, "database: %s", db_errmsg(d));
            result = JOB_RETRY;
        }
    }
    free(list);
    nl_issue_free(&issue);
    return result;
}

job_result nl_job_send(db *d, const job *j, char *err, size_t errlen)
{
    int64_t id = payload_batch_id(j->payload);
    nl_batch b;
    int found = id > 0 ? nl_batch_load(d, id, &b) : 0;
    if (found < 0) {
        snprintf(err, errlen, "database: %s", db_errmsg(d));
        return JOB_RETRY;
    }
    if (!found) {
        snprintf(err, errlen, "nyhetsbrevbunke %lld finnes ikke", (long long)id);
        return JOB_FAILED;
    }
    if (b.finished_at) return JOB_DONE; /* taken again after it finished */
    return send_batch(d, j, &b, err, errlen);
}

/* The runner gave the batch up (its worker died on the last attempt): what is left counts as
 * failed, and the batch ends, so the issue does not stay «Sendes» for ever. */
static void nl_job_abandon(db *d, const job *j, const char *reason)
{
    nl_batch b;
    int64_t id = payload_batch_id(j->payload);
    if (id <= 0 || nl_batch_load(d, id, &b) <= 0 || b.finished_at) return;
    nl_issue issue;
    if (nl_issue_load(d, b.issue_id, &issue) <= 0) return;
    nl_recipient *list = NULL;
    int64_t n = nl_batch_recipients(d, &b, issue.send_started_at, &list);
    free(list);
    nl_issue_free(&issue);
    if (n < 0 || nl_batch_progress(d, b.id, b.last_id, 0, n) != DB_OK ||
        nl_batch_finish(d, &b, clock_now()) != DB_OK)
        log_error("nyhetsbrevbunke %lld: kan ikke avsluttes: %s", (long long)id, db_errmsg(d));
    else
        log_warn("nyhetsbrevbunke %lld: gitt opp (%s); %lld ikke sendt", (long long)id, reason,
                 (long long)n);
}

void newsletter_register(void)
{
    nl_gmime_init();
    nl_retention_register();
    nl_privacy_register();
    static const job_kind send = {"newsletter_send", nl_job_send, 10, nl_job_abandon};
    job_kind_register(&send);
}
