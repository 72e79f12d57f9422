/* The outbox's and the failed addresses' tables. */
#include "mail/mail_db.h"
#include "retention/retention.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

int mail_db_outbox_insert(db *d, const char *to, const char *subject, const char *body,
                          const char *message_id, int64_t *id)
{
    db_stmt *s = db_prepare(d, "INSERT INTO mail_outbox (recipient, subject, body, message_id, "
                               "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, to);
    if (rc == DB_OK) rc = db_bind_text(s, 2, subject);
    if (rc == DB_OK) rc = db_bind_text(s, 3, body);
    if (rc == DB_OK) rc = db_bind_text(s, 4, message_id);
    if (rc == DB_OK) rc = db_bind_int(s, 5, clock_now());
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *id = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

void mail_db_row_free(mail_outbox_row *r)
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

int mail_db_row_load(db *d, int64_t id, mail_outbox_row *r)
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

int mail_db_mark_sent(db *d, int64_t id)
{
    return db_run(d,
                  "UPDATE mail_outbox SET state = 'sent', attempts = attempts + 1, sent_at = $2, "
                  "next_attempt = NULL, last_error = NULL WHERE id = $1 AND state = 'queued'",
                  "ii", id, clock_now());
}

int mail_db_mark_waiting(db *d, int64_t id, int64_t next_attempt, const char *error)
{
    return db_run(d,
                  "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt = $2, "
                  "last_error = $3 WHERE id = $1 AND state = 'queued'",
                  "iit", id, next_attempt, error);
}

int mail_db_mark_failed(db *d, int64_t id, int counts_attempt, const char *error)
{
    return db_run(d,
                  "UPDATE mail_outbox SET state = 'failed', attempts = attempts + $2, "
                  "next_attempt = NULL, last_error = $3 WHERE id = $1 AND state = 'queued'",
                  "iit", id, (int64_t)counts_attempt, error);
}

int mail_db_mark_address_failed(db *d, const mail_outbox_row *r, const char *error)
{
    char key[MAIL_MAX_ADDRESS_BYTES + 1];
    mail_address_key(r->recipient, key, sizeof key);
    int rc = db_begin(d);
    if (rc == DB_OK)
        rc = db_run(d,
                    "INSERT INTO mail_failed_address (address, reason, failed_at) "
                    "VALUES ($1, $2, $3) ON CONFLICT (address) DO NOTHING",
                    "tti", key, error, clock_now());
    if (rc == DB_OK) rc = mail_db_mark_failed(d, r->id, 1, error);
    return db_finish(d, rc);
}

int mail_address_is_failed(db *d, const char *address)
{
    char key[MAIL_MAX_ADDRESS_BYTES + 1];
    mail_address_key(address, key, sizeof key);
    db_stmt *s = db_prepare(d, "SELECT 1 FROM mail_failed_address WHERE address = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, key);
    if (rc == DB_OK) rc = db_step(s);
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

int mail_address_clear_failed(db *d, const char *address)
{
    char key[MAIL_MAX_ADDRESS_BYTES + 1];
    mail_address_key(address, key, sizeof key);
    return db_run(d, "DELETE FROM mail_failed_address WHERE address = $1", "t", key);
}

int64_t mail_outbox_backlog(db *d)
{
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM mail_outbox WHERE state = 'queued'");
    if (!s) return DB_ERR;
    int rc = db_step(s);
    int64_t n = rc == DB_ROW ? db_col_int(s, 0) : rc < 0 ? rc : DB_ERR;
    db_reset(s);
    return n;
}

/* A sent message counts from its sending, a failed one from its queuing (it has no sending). */
int mail_finished_list(db *d, const char *state, int64_t before, int64_t after_id, struct retention_item *items,
                       int max)
{
    return retention_items_read(
        db_prepare_bind(d, "SELECT id, CASE WHEN state = 'sent' THEN sent_at ELSE created_at END FROM mail_outbox "
                           "WHERE state = $1 AND CASE WHEN state = 'sent' THEN sent_at ELSE created_at END < $2 "
                           "AND id > $3 ORDER BY id LIMIT $4",
                        "tiii", state, before, after_id, (int64_t)max),
        items, max);
}

int mail_finished_delete(db *d, int64_t id, const char *state, int64_t before)
{
    return (int)db_run_changes(d, "DELETE FROM mail_outbox WHERE id = $1 AND state = $2 AND CASE WHEN "
                                  "state = 'sent' THEN sent_at ELSE created_at END < $3",
                               "iti", id, state, before);
}

int64_t mail_forget_address(db *d, const char *address)
{
    char key[MAIL_MAX_ADDRESS_BYTES + 1];
    mail_address_key(address, key, sizeof key);
    return db_run_changes(d, "DELETE FROM mail_outbox WHERE LOWER(recipient) = $1 AND state <> 'queued'",
                          "t", key);
}
