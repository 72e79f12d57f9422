/* The audit trail's SQL. */
#include "audit/audit_internal.h"

#include <string.h>

#include "core/utf8.h"

static void hash_copy(char dst[65], const char *src)
{
    utf8_copy(dst, 65, src);
}

/* The head's one row by the given SQL (with or without a lock). */
static int head_read(db *d, const char *sql, int64_t *seq, char hash[65])
{
    db_stmt *s = db_prepare(d, sql);
    if (!s) return DB_ERR;
    int rc = db_step(s);
    if (rc == DB_ROW) {
        *seq = db_col_int(s, 0);
        hash_copy(hash, db_col_text(s, 1));
        rc = DB_OK;
    } else if (rc == DB_DONE) {
        rc = DB_ERR;
    }
    db_reset(s);
    return rc;
}

int audit_db_head_lock(db *d, int64_t *seq, char hash[65])
{
    /* SQLite: the transaction already holds the database's write lock (BEGIN IMMEDIATE). */
    return head_read(d, db_engine_of(d) == DB_POSTGRES ? "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
                                                     : "SELECT seq, hash FROM audit_head WHERE id = 1",
                     seq, hash);
}

int audit_db_head_get(db *d, int64_t *seq, char hash[65])
{
    return head_read(d, "SELECT seq, hash FROM audit_head WHERE id = 1", seq, hash);
}

int audit_db_head_set(db *d, int64_t seq, const char *hash)
{
    int64_t n = db_run_changes(d, "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", "it", seq, hash);
    return n == 1 ? DB_OK : n < 0 ? (int)n : DB_ERR;
}

int audit_db_insert(db *d, const audit_row *r, const char *prev_hash, const char *hash)
{
    db_stmt *s = db_prepare(d, "INSERT INTO audit_log (seq, at, actor_kind, actor_id, actor_role, "
                               "object_kind, object_id, action, request_id, detail, prev_hash, hash) "
                               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, r->seq);
    if (!rc) rc = db_bind_int(s, 2, r->at);
    if (!rc) rc = db_bind_text(s, 3, r->actor_kind);
    if (!rc) rc = db_bind_int(s, 4, r->actor_id);
    if (!rc) rc = db_bind_text(s, 5, r->actor_role);
    if (!rc) rc = db_bind_text(s, 6, r->object_kind);
    if (!rc) rc = db_bind_int(s, 7, r->object_id);
    if (!rc) rc = db_bind_text(s, 8, r->action);
    if (!rc) rc = db_bind_text(s, 9, r->request_id);
    if (!rc) rc = db_bind_text(s, 10, r->detail);
    if (!rc) rc = db_bind_text(s, 11, prev_hash);
    if (!rc) rc = db_bind_text(s, 12, hash);
    if (!rc) rc = db_step(s);
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}

#define ROW_COLUMNS "seq, at, actor_kind, actor_id, actor_role, object_kind, object_id, action, request_id, detail"

static void row_read(db_stmt *s, audit_row *r)
{
    r->seq = db_col_int(s, 0);
    r->at = db_col_int(s, 1);
    utf8_copy(r->actor_kind, sizeof r->actor_kind, db_col_text(s, 2));
    r->actor_id = db_col_int(s, 3);
    utf8_copy(r->actor_role, sizeof r->actor_role, db_col_text(s, 4));
    utf8_copy(r->object_kind, sizeof r->object_kind, db_col_text(s, 5));
    r->object_id = db_col_int(s, 6);
    utf8_copy(r->action, sizeof r->action, db_col_text(s, 7));
    utf8_copy(r->request_id, sizeof r->request_id, db_col_text(s, 8));
    utf8_copy(r->detail, sizeof r->detail, db_col_text(s, 9));
}

int audit_db_read_after(db *d, int64_t after, audit_chain_row *rows, int max)
{
    db_stmt *s = db_prepare(d, "SELECT " ROW_COLUMNS ", prev_hash, hash FROM audit_log "
                               "WHERE seq > $1 ORDER BY seq LIMIT $2");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, after);
    if (!rc) rc = db_bind_int(s, 2, max);
    int n = 0;
    while (rc >= 0 && n < max && (rc = db_step(s)) == DB_ROW) {
        row_read(s, &rows[n].row);
        /* Stored hashes are read as they are (cut to 64 bytes), so an edit shows as a mismatch. */
        hash_copy(rows[n].prev_hash, db_col_text(s, 10));
        hash_copy(rows[n].hash, db_col_text(s, 11));
        n++;
    }
    db_reset(s);
    return rc < 0 ? rc : n;
}

int audit_db_search(db *d, const audit_query *q, audit_row *rows, int max)
{
    db_stmt *s;
    int rc;
    if (q->actor_kind && q->object_kind) {
        s = db_prepare(d, "SELECT " ROW_COLUMNS " FROM audit_log WHERE actor_kind = $1 AND actor_id = $2 "
                          "AND object_kind = $3 AND object_id = $4 ORDER BY seq DESC LIMIT $5");
        if (!s) return DB_ERR;
        rc = db_bind_text(s, 1, q->actor_kind);
        if (!rc) rc = db_bind_int(s, 2, q->actor_id);
        if (!rc) rc = db_bind_text(s, 3, q->object_kind);
        if (!rc) rc = db_bind_int(s, 4, q->object_id);
        if (!rc) rc = db_bind_int(s, 5, max);
    } else if (q->actor_kind || q->object_kind) {
        s = q->actor_kind ? db_prepare(d, "SELECT " ROW_COLUMNS " FROM audit_log WHERE actor_kind = $1 "
                                          "AND actor_id = $2 ORDER BY seq DESC LIMIT $3")
                          : db_prepare(d, "SELECT " ROW_COLUMNS " FROM audit_log WHERE object_kind = $1 "
                                          "AND object_id = $2 ORDER BY seq DESC LIMIT $3");
        if (!s) return DB_ERR;
        rc = db_bind_text(s, 1, q->actor_kind ? q->actor_kind : q->object_kind);
        if (!rc) rc = db_bind_int(s, 2, q->actor_kind ? q->actor_id : q->object_id);
        if (!rc) rc = db_bind_int(s, 3, max);
    } else {
        s = db_prepare(d, "SELECT " ROW_COLUMNS " FROM audit_log ORDER BY seq DESC LIMIT $1");
        if (!s) return DB_ERR;
        rc = db_bind_int(s, 1, max);
    }
    int n = 0;
    while (rc >= 0 && n < max && (rc = db_step(s)) == DB_ROW) row_read(s, &rows[n++]);
    db_reset(s);
    return rc < 0 ? rc : n;
}

int audit_db_last_before(db *d, int64_t before, int64_t *seq, char hash[65])
{
    db_stmt *s = db_prepare(d, "SELECT seq, hash FROM audit_log WHERE at < $1 "
                               "ORDER BY at DESC, seq DESC LIMIT 1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, before);
    if (!rc) rc = db_step(s);
    if (rc == DB_ROW) {
        *seq = db_col_int(s, 0);
        hash_copy(hash, db_col_text(s, 1));
        rc = 1;
    } else if (rc == DB_DONE) {
        rc = 0;
    }
    db_reset(s);
    return rc;
}
