#include "auth/login_db.h"

#include <stdio.h>
#include <string.h>

#include "retention/retention.h"

int login_attempt_start(db *d, const char *provider, const char *state_hash,
                        const char *browser_hash, const char *nonce, const char *code_verifier,
                        const char *return_path, const login_client *client, int64_t now)
{
    return db_run(d,
                  "INSERT INTO login_attempt (state_hash, browser_hash, provider, nonce, "
                  "code_verifier, return_path, client_ip, client_key, created_at) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                  "tttttttti", state_hash, browser_hash, provider, nonce, code_verifier, return_path,
                  client->range, client->address_key, now) == DB_OK
               ? DB_OK
               : DB_ERR;
}

int login_attempt_take(db *d, arena *a, const char *state_hash, int64_t now, login_pending *out)
{
    /* Marking it used first, in one statement, makes a replayed state find nothing even when
     * two requests with it arrive at two instances at once. */
    db_stmt *st = db_prepare(d, "UPDATE login_attempt SET used_at = $1 WHERE state_hash = $2 "
                                "AND used_at IS NULL AND created_at > $3");
    if (!st || db_bind_int(st, 1, now) || db_bind_text(st, 2, state_hash) ||
        db_bind_int(st, 3, now - LOGIN_ATTEMPT_SECONDS))
        return DB_ERR;
    int rc = db_step(st);
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ERR;
    if (db_changes(st) != 1) return DB_DONE;
    st = db_prepare(d, "SELECT id, browser_hash, provider, nonce, code_verifier, return_path "
                       "FROM login_attempt WHERE state_hash = $1");
    if (!st || db_bind_text(st, 1, state_hash)) return DB_ERR;
    rc = db_step(st);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    out->id = db_col_int(st, 0);
    out->browser_hash = arena_strdup(a, db_col_text(st, 1));
    out->provider = arena_strdup(a, db_col_text(st, 2));
    out->nonce = arena_strdup(a, db_col_text(st, 3));
    out->code_verifier = arena_strdup(a, db_col_text(st, 4));
    out->return_path = arena_strdup(a, db_col_text(st, 5));
    db_reset(st);
    return DB_ROW;
}

int login_attempt_finish(db *d, int64_t id, const char *outcome, const char *person_key)
{
    return db_run(d, "UPDATE login_attempt SET outcome = $1, person_key = $2 WHERE id = $3", "tti",
                  outcome, person_key, id) == DB_OK
               ? DB_OK
               : DB_ERR;
}

int login_attempt_old_list(db *d, int64_t before, int64_t after_id, struct retention_item *items, int max)
{
    return retention_items_read(db_prepare_bind(d, "SELECT id, created_at FROM login_attempt WHERE created_at < $1 "
                                                   "AND id > $2 ORDER BY id LIMIT $3",
                                                "iii", before, after_id, (int64_t)max),
                                items, max);
}

int login_attempt_old_delete(db *d, int64_t id, int64_t before)
{
    return (int)db_run_changes(d, "DELETE FROM login_attempt WHERE id = $1 AND created_at < $2", "ii", id, before);
}

int session_expired_list(db *d, int64_t now, int64_t idle_before, int64_t after_id, struct retention_item *items,
                         int max)
{
    return retention_items_read(db_prepare_bind(d, "SELECT id, created_at FROM session WHERE (expires_at <= $1 OR "
                                                   "last_seen_at <= $2) AND id > $3 ORDER BY id LIMIT $4",
                                                "iiii", now, idle_before, after_id, (int64_t)max),
                                items, max);
}

int session_expired_delete(db *d, int64_t id, int64_t now, int64_t idle_before)
{
    return (int)db_run_changes(d, "DELETE FROM session WHERE id = $1 AND (expires_at <= $2 OR last_seen_at <= $3)",
                               "iii", id, now, idle_before);
}

static int64_t count(db *d, const char *sql, const char *key, const char *provider, int64_t now)
{
    db_stmt *st = db_prepare(d, sql);
    if (!st || db_bind_text(st, 1, key) || db_bind_int(st, 2, now - LOGIN_LIMIT_WINDOW_SECONDS) ||
        (provider && db_bind_text(st, 3, provider)))
        return -1;
    if (db_step(st) != DB_ROW) return -1;
    int64_t n = db_col_int(st, 0);
    db_reset(st);
    return n;
}

int login_unfinished(db *d, const char *provider, const login_client *client, int64_t now,
                     login_unfinished_counts *out)
{
    static const char unfinished[] = " AND created_at > $2 AND provider = $3 "
                                     "AND (outcome IS NULL OR outcome = 'failed')";
    char sql[256];
    memset(out, 0, sizeof *out);
    if (client->browser_hash) {
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM login_attempt WHERE browser_hash = $1%s", unfinished);
        if ((out->browser = count(d, sql, client->browser_hash, provider, now)) < 0) return DB_ERR;
    }
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM login_attempt WHERE client_key = $1%s", unfinished);
    if ((out->address = count(d, sql, client->address_key, provider, now)) < 0) return DB_ERR;
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM login_attempt WHERE client_ip = $1%s", unfinished);
    if ((out->range = count(d, sql, client->range, provider, now)) < 0) return DB_ERR;
    return DB_OK;
}

int64_t login_failed_by_person(db *d, const char *person_key, int64_t now)
{
    return count(d,
                 "SELECT COUNT(*) FROM login_attempt WHERE person_key = $1 AND created_at > $2 "
                 "AND outcome = 'failed'",
                 person_key, NULL, now);
}
