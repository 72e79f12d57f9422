/* The `mail_send` job: one outbox message to the SMTP server. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/clock.h"
#include "core/log.h"
#include "mail/mail.h"
#include "mail/mail_db.h"
#include "mail/mail_message.h"
#include "mail/mail_smtp.h"

static int64_t payload_outbox_id(const char *payload)
{
    json_t *p = json_loads(payload, 0, NULL);
    json_t *id = json_object_get(p, "outbox_id");
    int64_t v = json_is_integer(id) ? (int64_t)json_integer_value(id) : 0;
    json_decref(p);
    return v;
}

static job_result send_row(db *d, const job *j, const mail_outbox_row *r, char *err, size_t errlen)
{
    int failed = mail_address_is_failed(d, r->recipient);
    if (failed < 0) {
        snprintf(err, errlen, "database: %s", db_errmsg(d));
        return JOB_RETRY;
    }
    if (failed) {
        mail_db_mark_failed(d, r->id, 0, "adressen er merket som feilet");
        return JOB_DONE;
    }
    mail_message m = {g_app.cfg.mail_from, r->recipient, r->subject, r->body,
                      r->message_id,       r->created_at};
    size_t len = 0;
    char *text = mail_message_format(&m, &len);
    mail_smtp_result sent =
        mail_smtp_send(g_app.cfg.mail_from, r->recipient, text, len, err, errlen);
    free(text);
    if (sent == MAIL_SMTP_SENT) {
        if (mail_db_mark_sent(d, r->id) != DB_OK)
            /* Accepted but not marked: the job is retried and the message may go twice, which
             * is the at-least-once promise rather than a loss. */
            log_error("e-post %lld: sendt, men kan ikke merkes som sendt: %s", (long long)r->id,
                      db_errmsg(d));
        return JOB_DONE;
    }
    if (sent == MAIL_SMTP_RECIPIENT_REFUSED) {
        log_warn("e-post %lld: mottakeren ble avvist for godt; adressen merkes: %s",
                 (long long)r->id, err);
        if (mail_db_mark_address_failed(d, r, err) != DB_OK) {
            snprintf(err, errlen, "database: %s", db_errmsg(d));
            return JOB_RETRY;
        }
        return JOB_DONE;
    }
    if (j->retry_at)
        mail_db_mark_waiting(d, r->id, j->retry_at, err);
    else
        mail_db_mark_failed(d, r->id, 1, err);
    return JOB_RETRY;
}

job_result mail_job_send(db *d, const job *j, char *err, size_t errlen)
{
    int64_t id = payload_outbox_id(j->payload);
    if (id <= 0) {
        snprintf(err, errlen, "mangler outbox_id");
        return JOB_FAILED;
    }
    mail_outbox_row r = {0};
    int found = mail_db_row_load(d, id, &r);
    job_result result;
    if (found < 0) {
        snprintf(err, errlen, "database: %s", db_errmsg(d));
        result = JOB_RETRY;
    } else if (!found) {
        snprintf(err, errlen, "e-post %lld finnes ikke", (long long)id);
        result = JOB_FAILED;
    } else if (strcmp(r.state, "queued") != 0) {
        result = JOB_DONE; /* sent or failed already: a job taken again after a crash */
    } else {
        result = send_row(d, j, &r, err, errlen);
    }
    mail_db_row_free(&r);
    return result;
}

void mail_job_abandon(db *d, const job *j, const char *reason)
{
    int64_t id = payload_outbox_id(j->payload);
    if (id > 0 && mail_db_mark_failed(d, id, 0, reason) != DB_OK)
        log_error("e-post %lld: kan ikke merkes som feilet: %s", (long long)id, db_errmsg(d));
}

void mail_register(void)
{
    /* Doubling back-off capped at six hours: 20 attempts span about three days, as long as an
     * ordinary mail server keeps trying. */
    static const job_kind send = {"mail_send", mail_job_send, 20, mail_job_abandon};
    job_kind_register(&send);
}
