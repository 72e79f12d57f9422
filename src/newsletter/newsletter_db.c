/* The newsletter's subscribers, consent texts and sign-up attempts. */
#include "newsletter/newsletter_db.h"

#include "mail/mail.h"

#include <stdio.h>
#include <string.h>

/* The single integer a query answers, or a negative code. */
static int64_t scalar_result(db_stmt *s, int rc)
{
    if (rc == DB_OK) rc = db_step(s);
    int64_t v = rc == DB_ROW ? db_col_int(s, 0) : rc == DB_DONE ? 0 : rc;
    db_reset(s);
    return v;
}

int nl_db_consent_exists(db *d, const char *version)
{
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM newsletter_consent WHERE version = $1");
    if (!s) return DB_ERR;
    return (int)scalar_result(s, db_bind_text(s, 1, version));
}

json_t *nl_db_consent_current(db *d)
{
    db_stmt *s = db_prepare(d, "SELECT version, text FROM newsletter_consent "
                               "ORDER BY created_at DESC, version DESC LIMIT 1");
    if (!s) return NULL;
    json_t *out = NULL;
    if (db_step(s) == DB_ROW)
        out = json_pack("{s:s, s:s}", "version", db_col_text(s, 0), "text", db_col_text(s, 1));
    db_reset(s);
    return out;
}

int64_t nl_db_attempts_since(db *d, const char *client_hash, int64_t since)
{
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM newsletter_signup_attempt "
                               "WHERE client_hash = $1 AND at >= $2");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, client_hash);
    if (rc == DB_OK) rc = db_bind_int(s, 2, since);
    return scalar_result(s, rc);
}

int nl_db_attempt_add(db *d, const char *client_hash, int64_t at)
{
    return db_run(d, "INSERT INTO newsletter_signup_attempt (client_hash, at) VALUES ($1, $2)",
                  "ti", client_hash, at);
}

int nl_db_subscriber_by_address(db *d, const char *address, nl_subscriber *out)
{
    db_stmt *s = db_prepare(d, "SELECT id, ref, confirmed_at, confirm_mailed_at "
                               "FROM newsletter_subscriber WHERE address = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, address);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        out->id = db_col_int(s, 0);
        snprintf(out->ref, sizeof out->ref, "%s", db_col_text(s, 1));
        out->confirmed_at = db_col_is_null(s, 2) ? 0 : db_col_int(s, 2);
        out->confirm_mailed_at = db_col_is_null(s, 3) ? 0 : db_col_int(s, 3);
    }
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

int nl_db_subscriber_insert(db *d, const char *address, const char *ref, const char *version,
                            int64_t now, const char *confirm_hash, int64_t expires)
{
    return db_run(d,
                  "INSERT INTO newsletter_subscriber (address, ref, consent_version, consent_at, "
                  "confirm_hash, confirm_expires, confirm_mailed_at, created_at) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $4, $4)",
                  "tttiti", address, ref, version, now, confirm_hash, expires);
}

int nl_db_subscriber_renew(db *d, int64_t id, const char *version, int64_t now,
                           const char *confirm_hash, int64_t expires)
{
    int64_t n = db_run_changes(d,
                               "UPDATE newsletter_subscriber SET consent_version = $2, "
                               "consent_at = $3, confirm_hash = $4, confirm_expires = $5, "
                               "confirm_mailed_at = $3, created_at = $3 "
                               "WHERE id = $1 AND confirmed_at IS NULL",
                               "ititi", id, version, now, confirm_hash, expires);
    return n < 0 ? (int)n : DB_OK;
}

int nl_db_confirm_valid(db *d, const char *confirm_hash, int64_t now)
{
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM newsletter_subscriber WHERE confirm_hash = $1 "
                               "AND confirmed_at IS NULL AND confirm_expires > $2");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, confirm_hash);
    if (rc == DB_OK) rc = db_bind_int(s, 2, now);
    return (int)scalar_result(s, rc);
}

int64_t nl_db_confirm(db *d, const char *confirm_hash, int64_t now)
{
    return db_run_changes(d,
                          "UPDATE newsletter_subscriber SET confirmed_at = $2, confirm_hash = NULL, "
                          "confirm_expires = NULL WHERE confirm_hash = $1 AND confirmed_at IS NULL "
                          "AND confirm_expires > $2",
                          "ti", confirm_hash, now);
}

int64_t nl_db_delete_by_ref(db *d, const char *ref)
{
    return db_run_changes(d, "DELETE FROM newsletter_subscriber WHERE ref = $1", "t", ref);
}

int nl_db_address_by_ref(db *d, const char *ref, char *out, size_t outlen)
{
    db_stmt *s = db_prepare(d, "SELECT address FROM newsletter_subscriber WHERE ref = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, ref);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) snprintf(out, outlen, "%s", db_col_text(s, 0));
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

int64_t nl_db_soft_bounce_record(db *d, const char *ref, int64_t issue_id, int64_t prev_issue_id)
{
    int64_t n = db_run_changes(
        d,
        "UPDATE newsletter_subscriber SET soft_bounces = CASE "
        "WHEN soft_bounce_issue = $2 THEN soft_bounces "
        "WHEN soft_bounce_issue = $3 THEN soft_bounces + 1 ELSE 1 END, soft_bounce_issue = $2 "
        "WHERE ref = $1",
        "tii", ref, issue_id, prev_issue_id);
    if (n <= 0) return n;
    db_stmt *s = db_prepare(d, "SELECT soft_bounces FROM newsletter_subscriber WHERE ref = $1");
    if (!s) return DB_ERR;
    return scalar_result(s, db_bind_text(s, 1, ref));
}

int64_t nl_db_purge(db *d, int64_t before, int64_t attempts_before)
{
    int64_t n = db_run_changes(d,
                               "DELETE FROM newsletter_subscriber WHERE confirmed_at IS NULL "
                               "AND created_at < $1",
                               "i", before);
    if (n < 0) return n;
    int64_t m = db_run_changes(d, "DELETE FROM newsletter_signup_attempt WHERE at < $1", "i",
                               attempts_before);
    return m < 0 ? m : n;
}

int nl_db_lookup(db *d, const char *address, json_t **out)
{
    *out = NULL;
    db_stmt *s = db_prepare(d, "SELECT s.address, s.consent_version, c.text, s.consent_at, "
                               "s.confirmed_at FROM newsletter_subscriber s "
                               "JOIN newsletter_consent c ON c.version = s.consent_version "
                               "WHERE s.address = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, address);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        int confirmed = !db_col_is_null(s, 4);
        *out = json_pack("{s:s, s:b, s:s, s:s, s:I, s:o}", "address", db_col_text(s, 0),
                         "confirmed", confirmed, "consent_version", db_col_text(s, 1),
                         "consent_text", db_col_text(s, 2), "consent_at",
                         (json_int_t)db_col_int(s, 3), "confirmed_at",
                         confirmed ? json_integer(db_col_int(s, 4)) : json_null());
    }
    db_reset(s);
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

int64_t nl_db_confirmed_count(db *d)
{
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM newsletter_subscriber "
                               "WHERE confirmed_at IS NOT NULL");
    if (!s) return DB_ERR;
    return scalar_result(s, DB_OK);
}

int64_t nl_db_forget(db *d, const char *ref)
{
    char address[320];
    int found = nl_db_address_by_ref(d, ref, address, sizeof address);
    if (found <= 0) return found;
    int64_t n = nl_db_delete_by_ref(d, ref);
    if (n <= 0) return n;
    int64_t m = mail_forget_address(d, address);
    return m < 0 ? m : n;
}
