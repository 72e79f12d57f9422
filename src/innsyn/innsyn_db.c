/* The innsyn tables: requests, their entries, the log and the rate counters. */
#include "innsyn/innsyn_internal.h"

#include <stdio.h>
#include <string.h>

#include "core/date_text.h"

static int step_done(db_stmt *s, int rc)
{
    if (rc == DB_OK) rc = db_step(s);
    db_reset(s);
    return rc == DB_DONE || rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

json_t *innsyn_db_list_end(db_stmt *s, int rc, json_t *list)
{
    db_reset(s);
    if (rc == DB_DONE) return list;
    json_decref(list);
    return NULL;
}

int innsyn_db_rate_hit(db *d, const char *key, int64_t window_start, int64_t *hits)
{
    db_stmt *s = db_prepare(d, "INSERT INTO innsyn_rate (rate_key, window_start, hits) "
                               "VALUES ($1, $2, 1) ON CONFLICT (rate_key, window_start) DO UPDATE "
                               "SET hits = innsyn_rate.hits + 1 RETURNING hits");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, key);
    if (rc == DB_OK) rc = db_bind_int(s, 2, window_start);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *hits = db_col_int(s, 0);
    db_reset(s);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    /* Old windows are of no use: drop them now and then, here rather than in a job. */
    return db_run(d, "DELETE FROM innsyn_rate WHERE window_start < $1", "i",
                  window_start - 24 * 3600) < 0 ? DB_ERR : DB_OK;
}

int innsyn_db_request_insert(db *d, const innsyn_new *in, int64_t now, const char *confirm_hash,
                             int64_t *id_out)
{
    db_stmt *s = db_prepare(
        d, "INSERT INTO innsyn_request (source, external_id, person_id, email, requester_name, "
           "state, confirm_hash, created_at) VALUES ($1, $2, $3, $4, $5, 'ubekreftet', $6, $7) "
           "RETURNING id");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, in->source);
    if (rc == DB_OK) rc = db_bind_text(s, 2, in->external_id);
    if (rc == DB_OK) rc = in->person_id ? db_bind_int(s, 3, in->person_id) : db_bind_null(s, 3);
    if (rc == DB_OK) rc = db_bind_text(s, 4, in->email);
    if (rc == DB_OK) rc = db_bind_text(s, 5, in->name);
    if (rc == DB_OK) rc = db_bind_text(s, 6, confirm_hash);
    if (rc == DB_OK) rc = db_bind_int(s, 7, now);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *id_out = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

int innsyn_db_item_insert(db *d, int64_t request_id, const innsyn_entry *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO innsyn_item (request_id, entry_id, registry_id, "
                               "public_title) VALUES ($1, $2, $3, $4)");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, request_id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, e->entry_id);
    if (rc == DB_OK) rc = db_bind_text(s, 3, e->registry_id);
    if (rc == DB_OK) rc = db_bind_text(s, 4, e->public_title);
    return step_done(s, rc);
}

int innsyn_db_log(db *d, int64_t request_id, int64_t at, const char *event, const char *text)
{
    return db_run(d, "INSERT INTO innsyn_log (request_id, at, event, text) VALUES ($1, $2, $3, $4)",
                  "iitt", request_id, at, event, text) < 0 ? DB_ERR : DB_OK;
}

int innsyn_db_request_receive(db *d, int64_t id, int64_t now, const innsyn_dates *dates)
{
    char target[11], deadline[11];
    civil_date_format(dates->target, target);
    civil_date_format(dates->deadline, deadline);
    int64_t n = db_run_changes(d, "UPDATE innsyn_request SET state = 'mottatt', received_at = $2, "
                                  "target_date = $3, deadline_date = $4, confirm_hash = NULL "
                                  "WHERE id = $1 AND state = 'ubekreftet'",
                               "iitt", id, now, target, deadline);
    if (n < 0) return (int)n;
    return n == 1 ? DB_OK : INNSYN_ERR_STATE;
}

int innsyn_db_find_unconfirmed(db *d, const char *confirm_hash, int64_t since, int64_t *id_out)
{
    db_stmt *s = db_prepare(d, "SELECT id FROM innsyn_request WHERE confirm_hash = $1 "
                               "AND state = 'ubekreftet' AND created_at >= $2");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, confirm_hash);
    if (rc == DB_OK) rc = db_bind_int(s, 2, since);
    if (rc == DB_OK) rc = db_step(s);
    *id_out = rc == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}

static const char *dup_or_null(arena *a, db_stmt *s, int col)
{
    return db_col_is_null(s, col) ? NULL : arena_strdup(a, db_col_text(s, col));
}

int innsyn_db_request_get(db *d, arena *a, int64_t id, innsyn_request_row *out)
{
    db_stmt *s = db_prepare(
        d, "SELECT person_id, created_at, received_at, answered_at, release_until, state, email, "
           "requester_name, source, target_date, deadline_date, complaint_until, complaint "
           "FROM innsyn_request WHERE id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->id = id;
        out->person_id = db_col_is_null(s, 0) ? 0 : db_col_int(s, 0);
        out->created_at = db_col_int(s, 1);
        out->received_at = db_col_is_null(s, 2) ? 0 : db_col_int(s, 2);
        out->answered_at = db_col_is_null(s, 3) ? 0 : db_col_int(s, 3);
        out->release_until = db_col_is_null(s, 4) ? 0 : db_col_int(s, 4);
        out->state = arena_strdup(a, db_col_text(s, 5));
        out->email = dup_or_null(a, s, 6);
        out->name = dup_or_null(a, s, 7);
        out->source = arena_strdup(a, db_col_text(s, 8));
        out->target_date = dup_or_null(a, s, 9);
        out->deadline_date = dup_or_null(a, s, 10);
        out->complaint_until = dup_or_null(a, s, 11);
        out->complaint = db_col_int(s, 12) != 0;
        out->reference = innsyn_reference(a, id, out->created_at);
    }
    db_reset(s);
    if (rc == DB_DONE) return INNSYN_ERR_NOT_FOUND;
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

int innsyn_db_request_by_answer(db *d, const char *answer_hash, int64_t *id_out)
{
    db_stmt *s = db_prepare(d, "SELECT id FROM innsyn_request WHERE answer_hash = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, answer_hash);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *id_out = db_col_int(s, 0);
    db_reset(s);
    if (rc == DB_DONE) return INNSYN_ERR_NOT_FOUND;
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

json_t *innsyn_db_items_json(db *d, int64_t request_id)
{
    db_stmt *s = db_prepare(d, "SELECT id, entry_id, registry_id, public_title FROM innsyn_item "
                               "WHERE request_id = $1 ORDER BY id");
    if (!s) return NULL;
    json_t *list = json_array();
    int rc = db_bind_int(s, 1, request_id);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:s}", "item_id",
                                              (json_int_t)db_col_int(s, 0), "entry_id",
                                              (json_int_t)db_col_int(s, 1), "registry_id",
                                              db_col_text(s, 2), "title", db_col_text(s, 3)));
        rc = DB_OK;
    }
    return innsyn_db_list_end(s, rc, list);
}

int innsyn_db_answer_set(db *d, int64_t id, const char *state, int64_t now, const char *token)
{
    char hash[65], until[11];
    innsyn_token_hash(token, hash);
    civil_date_format(civil_date_add_days(civil_date_oslo(now), INNSYN_COMPLAINT_DAYS), until);
    int64_t n = db_run_changes(
        d, "UPDATE innsyn_request SET state = $2, answered_at = $3, answer_hash = $4, "
           "complaint_until = $5, release_until = $6, complaint = 0 "
           "WHERE id = $1 AND state = 'mottatt'",
        "ititti", id, state, now, hash, until, now + (int64_t)INNSYN_RELEASE_DAYS * 24 * 3600);
    if (n < 0) return (int)n;
    return n == 1 ? DB_OK : INNSYN_ERR_STATE;
}

int innsyn_db_complaint_set(db *d, int64_t id)
{
    int64_t n = db_run_changes(d, "UPDATE innsyn_request SET state = 'mottatt', complaint = 1 "
                                  "WHERE id = $1 AND state IN ('besvart', 'avslatt_frist')",
                               "i", id);
    if (n < 0) return (int)n;
    return n == 1 ? DB_OK : INNSYN_ERR_STATE;
}

int innsyn_db_year_lines(db *d, arena *a, int year,
                         int (*visit)(const innsyn_log_line *l, void *ud), void *ud)
{
    civil_date first = {year, 1, 1}, next = {year + 1, 1, 1};
    /* The requests' entries are gathered first, one row each, then the log in order. */
    db_stmt *s = db_prepare(
        d, "SELECT r.id, r.created_at, l.at, l.event, l.text, "
           "(SELECT MIN(i.registry_id) FROM innsyn_item i WHERE i.request_id = r.id), "
           "(SELECT COUNT(*) FROM innsyn_item i WHERE i.request_id = r.id) "
           "FROM innsyn_request r JOIN innsyn_log l ON l.request_id = r.id "
           "WHERE r.created_at >= $1 AND r.created_at < $2 ORDER BY r.id, l.id");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, civil_date_start_oslo(first));
    if (rc == DB_OK) rc = db_bind_int(s, 2, civil_date_start_oslo(next));
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        int64_t n = db_col_int(s, 6);
        innsyn_log_line l = {
            .reference = innsyn_reference(a, db_col_int(s, 0), db_col_int(s, 1)),
            .date = date_text_nb(a, db_col_int(s, 2)),
            .entries = n > 1 ? arena_printf(a, "%s og %lld til", db_col_text(s, 5),
                                            (long long)(n - 1))
                             : arena_strdup(a, db_col_text(s, 5) ? db_col_text(s, 5) : ""),
            .event = arena_strdup(a, db_col_text(s, 3)),
            .text = arena_strdup(a, db_col_text(s, 4)),
        };
        rc = visit(&l, ud) ? DB_DONE : DB_OK;
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}

int innsyn_db_year_logged(db *d, int year)
{
    db_stmt *s = db_prepare(d, "SELECT 1 FROM innsyn_year_log WHERE year = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, year);
    if (rc == DB_OK) rc = db_step(s);
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERR;
}

int innsyn_db_year_logged_set(db *d, int year, int64_t entry_id, int64_t now)
{
    return db_run(d, "INSERT INTO innsyn_year_log (year, entry_id, registered_at) VALUES ($1, $2, $3)",
                  "iii", (int64_t)year, entry_id, now) < 0 ? DB_ERR : DB_OK;
}

json_t *innsyn_db_log_json(db *d, arena *a, int64_t request_id)
{
    db_stmt *s = db_prepare(d, "SELECT at, text FROM innsyn_log WHERE request_id = $1 ORDER BY id");
    if (!s) return NULL;
    json_t *list = json_array();
    int rc = db_bind_int(s, 1, request_id);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        json_array_append_new(list, json_pack("{s:s, s:s}", "date", date_text_nb(a, db_col_int(s, 0)),
                                              "text", db_col_text(s, 1)));
        rc = DB_OK;
    }
    return innsyn_db_list_end(s, rc, list);
}
