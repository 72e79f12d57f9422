/* The record of deletions, and the rows the rules' list functions return. */
#include "retention/retention.h"
#include "retention/retention_internal.h"

#include "core/utf8.h"

int retention_items_read(db_stmt *s, retention_item *items, int max)
{
    if (!s) return DB_ERR;
    int n = 0, rc = DB_DONE;
    while (n < max && (rc = db_step(s)) == DB_ROW) {
        items[n].id = db_col_int(s, 0);
        items[n].since = db_col_int(s, 1);
        n++;
    }
    db_reset(s);
    return n < max && rc != DB_DONE ? rc : n;
}

int retention_db_log_insert(db *d, const char *rule, const char *kind, int64_t item_id, int64_t at)
{
    return db_run(d, "INSERT INTO retention_log (rule, kind, item_id, deleted_at) VALUES ($1, $2, $3, $4)", "ttii",
                  rule, kind, item_id, at);
}

int retention_log_list(db *d, int64_t before_id, retention_record *out, int max)
{
    db_stmt *s = db_prepare(d, "SELECT id, rule, kind, item_id, deleted_at FROM retention_log "
                               "WHERE ($1 = 0 OR id < $1) ORDER BY id DESC LIMIT $2");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, before_id);
    if (!rc) rc = db_bind_int(s, 2, max);
    int n = 0;
    while (rc >= 0 && n < max && (rc = db_step(s)) == DB_ROW) {
        out[n].id = db_col_int(s, 0);
        utf8_copy(out[n].rule, sizeof out[n].rule, db_col_text(s, 1));
        utf8_copy(out[n].kind, sizeof out[n].kind, db_col_text(s, 2));
        out[n].item_id = db_col_int(s, 3);
        out[n].deleted_at = db_col_int(s, 4);
        n++;
    }
    db_reset(s);
    return rc < 0 ? rc : n;
}
