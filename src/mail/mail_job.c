/* The `mail_send` job: one outbox message to the SMTP server. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/clock.h"
#include "core/log.h"
#include "mail/mail.h"
#include "mail/mail_message.h"
#include "mail/mail_smtp.h"

typedef struct {
    int64_t id;
    char *recipient, *subject, *body, *message_id, *state;
    int64_t created_at;
} outbox_row;

static void row_free(outbox_row *r)
{
    free(r->recipient);
    free(r->subject);
    free(r->body);
    free(r->message_id);
    free(r->state);
}

static char *dup_col(db_stmt *s, int col)
{
    const char *v = db_col_text(s, col);
    char *p = strdup(v ? v : "");
    if (!p) abort();
    return p;
}

/* 1 when found, 0 when not, or a negative code. */
static int row_load(db *d, int64_t id, outbox_row *r)
{
    db_stmt *s = db_prepare(d, "SELECT recipient, subject, body, message_id, state, created_at "
                               "FROM mail_outbox WHERE id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        r->id = id;
        r->recipient = dup_col(s, 0);
        r->subject = dup_col(s, 1);
        r->body = dup_col(s, 2);
        r->message_id = dup_col(s, 3);
        r->state = dup_col(s, 4);
        r->created_at = db_col_int(s, 5);
    }
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

static int64_t payload_outbox_id(const char *payload)
{
    json_t *p = json_loads(payload, 0, NULL);
    json_t *id = json_object_get(p, "outbox_id");
    int64_t v = json_is_integer(id) ? (int64_t)json_integer_value(id) : 0;
    json_decref(p);
    return v;
}

static int mark_sent(db *d, int64_t id)
{
    return db_run(d,
                  "UPDATE mail_outbox SET state = 'sent', attempts = attempts + 1, sent_at = $2, "
                  "next_attempt = NULL, last_error = NULL WHERE id = $1 AND state = 'queued'",
                  "ii", id, clock_now());
}

static int mark_waiting(db *d, int64_t id, int64_t next_attempt, const char *error)
{
    return db_run(d,
                  "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt = $2, "
                  "last_error = $3 WHERE id = $1 AND state = 'queued'",
                  "iit", id, next_attempt, error);
}

static int mark_failed(db *d, int64_t id, int counts_attempt, const char *error)
{
    return db_run(d,
                  "UPDATE mail_outbox SET state = 'failed', attempts = attempts + $2, "
                  "next_attempt = NULL, last_error = $3 WHERE id = $1 AND state = 'queued'",
                  "iit", id, (int64_t)counts_attempt, error);
}

/* The address and the message fail together, so no later notice is tried in between. */
static int mark_address_failed(db *d, const outbox_row *r, const char *error)
{
    char key[MAIL_MAX_ADDRESS_BYTES + 1];
    mail_address_key(r->recipient, key, sizeof key);
    int rc = db_begin(d);
    if (rc == DB_OK)
        rc = db_run(d,
                    "INSERT INTO mail_failed_address (address, reason, failed_at) "
                    "VALUES ($1, $2, $3) ON CONFLICT (address) DO NOTHING",
                    "tti", key, error, clock_now());
    if (rc == DB_OK) rc = mark_failed(d, r->id, 1, error);
    if (rc == DB_OK) rc = db_commit(d);
    if (rc != DB_OK) db_rollback(d);
    return rc;
}

static job_result send_row(db *d, const job *j, const outbox_row *r, char *err, size_t errlen)
{
    int failed = mail_address_is_failed(d, r->recipient);
    if (failed < 0) {
        snprintf(err, errlen, "database: %s", db_errmsg(d));
        return JOB_RETRY;
    }
    if (failed) {
        mark_failed(d, r->id, 0, "adressen er merket som feilet");
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
        if (mark_sent(d, r->id) != DB_OK)
            /* Accepted but not marked: the job is retried and the message may go twice, which
             * is the at-least-once promise rather than a loss. */
            log_error("e-post %lld: sendt, men kan ikke merkes som sendt: %s", (long long)r->id,
                      db_errmsg(d));
        return JOB_DONE;
    }
    if (sent == MAIL_SMTP_RECIPIENT_REFUSED) {
        log_warn("e-post %lld: mottakeren ble avvist for godt; adressen merkes: %s",
                 (long long)r->id, err);
        if (mark_address_failed(d, r, err) != DB_OK) {
            snprintf(err, errlen, "database: %s", db_errmsg(d));
            return JOB_RETRY;
        }
        return JOB_DONE;
    }
    if (j->retry_at)
        mark_waiting(d, r->id, j->retry_at, err);
    else
        mark_failed(d, r->id, 1, err);
    return JOB_RETRY;
}

job_result mail_job_send(db *d, const job *j, char *err, size_t errlen)
{
    int64_t id = payload_outbox_id(j->payload);
    if (id <= 0) {
        snprintf(err, errlen, "mangler outbox_id");
        return JOB_FAILED;
    }
    outbox_row r = {0};
    int found = row_load(d, id, &r);
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
    row_free(&r);
    return result;
}

void mail_job_abandon(db *d, const job *j, const char *reason)
{
    int64_t id = payload_outbox_id(j->payload);
    if (id > 0 && mark_failed(d, id, 0, reason) != DB_OK)
        log_error("e-post %lld: kan ikke merkes som feilet: %s", (long long)id, db_errmsg(d));
}
