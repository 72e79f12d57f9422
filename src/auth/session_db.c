/* The session table. */
#include "auth/session_db.h"

#include "auth/person.h"

int session_db_find(db *d, arena *a, const char *token_hash, auth_session *out,
                    int64_t *last_seen_at, int64_t *expires_at)
{
    db_stmt *st = db_prepare(
        d, "SELECT s.id, s.provider, s.person_id, s.staff_id, s.csrf_token, s.id_token_enc, "
           "s.last_seen_at, s.expires_at, p.name, t.name, t.roles "
           "FROM session s LEFT JOIN person p ON p.id = s.person_id "
           "LEFT JOIN staff t ON t.id = s.staff_id WHERE s.token_hash = $1");
    if (!st) return DB_ERR;
    int rc = db_bind_text(st, 1, token_hash);
    if (rc == DB_OK) rc = db_step(st);
    if (rc != DB_ROW) {
        db_reset(st);
        return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERR;
    }
    out->id = db_col_int(st, 0);
    *last_seen_at = db_col_int(st, 6);
    *expires_at = db_col_int(st, 7);
    out->provider = arena_strdup(a, db_col_text(st, 1));
    out->person_id = db_col_is_null(st, 2) ? 0 : db_col_int(st, 2);
    out->staff_id = db_col_is_null(st, 3) ? 0 : db_col_int(st, 3);
    out->csrf_token = arena_strdup(a, db_col_text(st, 4));
    if (!db_col_is_null(st, 5)) {
        size_t len = 0;
        const void *sealed = db_col_blob(st, 5, &len);
        out->id_token = auth_unseal(a, sealed, len);
    }
    const char *name = out->staff_id ? db_col_text(st, 9) : db_col_text(st, 8);
    out->name = name ? arena_strdup(a, name) : NULL;
    out->roles = arena_strdup(a, out->staff_id && db_col_text(st, 10) ? db_col_text(st, 10) : "");
    db_reset(st);
    return 1;
}

int session_db_insert(db *d, const session_db_new *in)
{
    db_stmt *st =
        db_prepare(d, "INSERT INTO session (token_hash, provider, person_id, staff_id, "
                      "csrf_token, idp_sid, id_token_enc, created_at, last_seen_at, expires_at) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)");
    if (!st || db_bind_text(st, 1, in->token_hash) || db_bind_text(st, 2, in->provider) ||
        (in->person_id ? db_bind_int(st, 3, in->person_id) : db_bind_null(st, 3)) ||
        (in->staff_id ? db_bind_int(st, 4, in->staff_id) : db_bind_null(st, 4)) ||
        db_bind_text(st, 5, in->csrf_token) || db_bind_text(st, 6, in->idp_sid) ||
        (in->id_token_sealed ? db_bind_blob(st, 7, in->id_token_sealed, in->id_token_sealed_len)
                             : db_bind_null(st, 7)) ||
        db_bind_int(st, 8, in->created_at) || db_bind_int(st, 9, in->expires_at))
        return DB_ERR;
    int rc = db_step(st);
    db_reset(st);
    return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}

int session_db_touch(db *d, int64_t id, int64_t now)
{
    return db_run(d, "UPDATE session SET last_seen_at = $1 WHERE id = $2", "ii", now, id);
}

int session_db_delete(db *d, int64_t id)
{
    return db_run(d, "DELETE FROM session WHERE id = $1", "i", id) == DB_OK ? DB_OK : DB_ERR;
}

int session_end_by_idp_sid(db *d, const char *provider, const char *sid)
{
    int64_t n = db_run_changes(d, "DELETE FROM session WHERE provider = $1 AND idp_sid = $2",
                               "tt", provider, sid);
    return (int)n;
}
