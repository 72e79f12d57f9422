/* The caseworkers' queue and the decisions per document. */
#include "innsyn/innsyn_internal.h"

#include <string.h>

#include "core/date_text.h"

json_t *innsyn_db_queue_json(db *d, arena *a, const char *today)
{
    db_stmt *s = db_prepare(
        d, "SELECT r.id, r.created_at, r.received_at, r.target_date, r.deadline_date, r.complaint, "
           "r.source, (SELECT COUNT(*) FROM innsyn_item i WHERE i.request_id = r.id) "
           "FROM innsyn_request r WHERE r.state = 'mottatt' "
           "ORDER BY r.complaint DESC, r.deadline_date, r.id LIMIT 500");
    if (!s) return NULL;
    json_t *list = json_array();
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        const char *deadline = db_col_text(s, 4);
        int complaint = db_col_int(s, 5) != 0;
        json_t *row = json_pack(
            "{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:I}", "id", (json_int_t)db_col_int(s, 0),
            "reference", innsyn_reference(a, db_col_int(s, 0), db_col_int(s, 1)), "received",
            date_text_nb(a, db_col_int(s, 2)), "target", date_text_nb_ymd(a, db_col_text(s, 3)),
            "deadline", date_text_nb_ymd(a, deadline), "complaint", complaint, "overdue",
            !complaint && strcmp(today, db_col_text(s, 3)) > 0, "einnsyn",
            !strcmp(db_col_text(s, 6), "einnsyn"), "entries", (json_int_t)db_col_int(s, 7));
        json_array_append_new(list, row);
    }
    return innsyn_db_list_end(s, rc, list);
}

json_t *innsyn_db_answered_json(db *d, arena *a, int64_t since)
{
    db_stmt *s = db_prepare(
        d, "SELECT id, created_at, answered_at, state FROM innsyn_request "
           "WHERE state IN ('besvart', 'avslatt_frist') AND answered_at >= $1 "
           "ORDER BY answered_at DESC, id DESC LIMIT 500");
    if (!s) return NULL;
    json_t *list = json_array();
    int rc = db_bind_int(s, 1, since);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)db_col_int(s, 0), "reference",
                            innsyn_reference(a, db_col_int(s, 0), db_col_int(s, 1)), "answered",
                            date_text_nb(a, db_col_int(s, 2)), "lapsed",
                            !strcmp(db_col_text(s, 3), "avslatt_frist")));
        rc = DB_OK;
    }
    return innsyn_db_list_end(s, rc, list);
}

int innsyn_db_decisions_clear(db *d, int64_t request_id)
{
    return db_run(d, "DELETE FROM innsyn_decision WHERE request_id = $1", "i", request_id) < 0
               ? DB_ERR
               : DB_OK;
}

int innsyn_db_decision_insert(db *d, int64_t request_id, const innsyn_decision *x,
                              int64_t now, const char *by)
{
    db_stmt *s = db_prepare(
        d, "INSERT INTO innsyn_decision (request_id, item_id, document_id, object_id, "
           "document_title, outcome, legal_basis, copy_name, copy_mime, copy_content, "
           "decided_at, decided_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, request_id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, x->item_id);
    if (rc == DB_OK) rc = db_bind_int(s, 3, x->document_id);
    if (rc == DB_OK) rc = x->object_id ? db_bind_int(s, 4, x->object_id) : db_bind_null(s, 4);
    if (rc == DB_OK) rc = db_bind_text(s, 5, x->document_title);
    if (rc == DB_OK) rc = db_bind_text(s, 6, x->outcome);
    if (rc == DB_OK) rc = db_bind_text(s, 7, x->legal_basis);
    if (rc == DB_OK) rc = db_bind_text(s, 8, x->copy_name);
    if (rc == DB_OK) rc = db_bind_text(s, 9, x->copy_mime);
    if (rc == DB_OK)
        rc = x->copy ? db_bind_blob(s, 10, x->copy, x->copy_size) : db_bind_null(s, 10);
    if (rc == DB_OK) rc = db_bind_int(s, 11, now);
    if (rc == DB_OK) rc = db_bind_text(s, 12, by);
    if (rc == DB_OK) rc = db_step(s);
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}

json_t *innsyn_db_decisions_json(db *d, int64_t request_id)
{
    db_stmt *s = db_prepare(
        d, "SELECT x.id, i.registry_id, x.document_title, x.outcome, x.legal_basis, "
           "x.copy_content IS NOT NULL OR x.object_id IS NOT NULL FROM innsyn_decision x "
           "JOIN innsyn_item i ON i.id = x.item_id WHERE x.request_id = $1 ORDER BY i.id, x.id");
    if (!s) return NULL;
    json_t *list = json_array();
    int rc = db_bind_int(s, 1, request_id);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        const char *outcome = db_col_text(s, 3);
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:b, s:b}", "id",
                            (json_int_t)db_col_int(s, 0), "registry_id", db_col_text(s, 1),
                            "title", db_col_text(s, 2), "outcome", outcome, "outcome_text",
                            !strcmp(outcome, "innsyn")   ? "Innsyn gitt"
                            : !strcmp(outcome, "delvis") ? "Delvis innsyn (sladdet kopi)"
                                                         : "Innsyn avslått",
                            "legal_basis",
                            db_col_text(s, 4), "released", strcmp(outcome, "avslag") != 0,
                            "available", db_col_int(s, 5) != 0));
        rc = DB_OK;
    }
    return innsyn_db_list_end(s, rc, list);
}

int innsyn_db_release_get(db *d, arena *a, int64_t request_id, int64_t decision_id,
                          innsyn_release *out)
{
    db_stmt *s = db_prepare(d, "SELECT outcome, object_id, copy_name, copy_mime, copy_content "
                               "FROM innsyn_decision WHERE id = $1 AND request_id = $2 "
                               "AND outcome IN ('innsyn', 'delvis')");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, decision_id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, request_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->object_id = db_col_is_null(s, 1) ? 0 : db_col_int(s, 1);
        if (!db_col_is_null(s, 4)) {
            size_t len = 0;
            const void *blob = db_col_blob(s, 4, &len);
            out->copy = arena_alloc(a, len ? len : 1);
            if (len) memcpy(out->copy, blob, len);
            out->copy_size = len;
            out->copy_name = arena_strdup(a, db_col_text(s, 2));
            out->copy_mime = arena_strdup(a, db_col_text(s, 3));
        }
    }
    db_reset(s);
    if (rc == DB_DONE) return INNSYN_ERR_NOT_FOUND;
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}
