/* The inbox pages' queries: every one names the person, so an id alone reveals nothing. */
#include "inbox/inbox_pages.h"

#include <stdbool.h>
#include <stdio.h>

#include "core/date_text.h"

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* The case a message belongs to, by its number («2026/17») and id for the link; a case since
 * deleted (a tip past its date) is simply not named. */
static void case_ref_add(json_t *item, db_stmt *s, int id_col, int ref_col)
{
    if (db_col_is_null(s, id_col) || db_col_is_null(s, ref_col)) return;
    json_object_set_new(item, "case_id", json_integer(db_col_int(s, id_col)));
    json_object_set_new(item, "case_ref", json_string(db_col_text(s, ref_col)));
}

/* Keyset paging, newest first: the rows after (or read backwards, before) the cursor's
 * (created_at, id), one range of inbox_message_person_time however deep the page. */
#define INBOX_LIST(WHERE_ORDER)                                                                   \
    "SELECT m.id, m.sender, m.subject, m.created_at, m.orgnr, m.case_id, "                       \
    "m.read_at IS NULL, o.name, c.reference FROM inbox_message m "                              \
    "LEFT JOIN organisation o ON o.orgnr = m.orgnr "                                            \
    "LEFT JOIN case_record c ON c.id = m.case_id WHERE m.person_id = $1 AND " WHERE_ORDER        \
    " LIMIT $2"

json_t *inbox_list_json(db *d, arena *a, int64_t person_id, const page_cursor *at,
                        int64_t at_time, int *more, page_cursor *first, page_cursor *last)
{
    db_stmt *s = db_prepare(
        d, at->before ? INBOX_LIST("(m.created_at, m.id) > ($3, $4) ORDER BY m.created_at, m.id")
                      : INBOX_LIST("(m.created_at, m.id) < ($3, $4) "
                                   "ORDER BY m.created_at DESC, m.id DESC"));
    if (!s) return NULL;
    json_t *list = json_array();
    *more = 0;
    int rc = db_bind_int(s, 1, person_id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, INBOX_PAGE_SIZE + 1);
    if (rc == DB_OK) rc = db_bind_int(s, 3, at_time);
    if (rc == DB_OK) rc = db_bind_int(s, 4, at->id);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        if (json_array_size(list) == INBOX_PAGE_SIZE) {
            *more = 1; /* one row past the page: there is a next page */
            rc = DB_OK;
            continue;
        }
        json_t *item = json_pack("{s:I, s:s, s:s, s:s, s:o, s:b}", "id",
                                 (json_int_t)db_col_int(s, 0), "sender", db_col_text(s, 1),
                                 "subject", db_col_text(s, 2), "date",
                                 date_text_nb(a, db_col_int(s, 3)), "org_name",
                                 text_or_null(db_col_text(s, 7) ? db_col_text(s, 7)
                                                                : db_col_text(s, 4)),
                                 "unread", db_col_int(s, 6) != 0);
        case_ref_add(item, s, 5, 8);
        /* Read backwards, the first row read is the page's last, and each row goes before the
         * ones read so far. */
        bool opening = json_array_size(list) == 0;
        page_cursor *edge = opening == at->before ? last : first;
        edge->id = db_col_int(s, 0);
        snprintf(edge->key, sizeof edge->key, "%lld", (long long)db_col_int(s, 3));
        if (opening) *(edge == first ? last : first) = *edge;
        if (at->before) json_array_insert_new(list, 0, item);
        else json_array_append_new(list, item);
        rc = DB_OK;
    }
    db_reset(s);
    if (rc != DB_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}

json_t *inbox_open(db *d, arena *a, int64_t person_id, int64_t id, int64_t now, int *found)
{
    *found = -1;
    if (db_run(d, "UPDATE inbox_message SET read_at = $3 WHERE id = $1 AND person_id = $2 "
                  "AND read_at IS NULL",
               "iii", id, person_id, now) < 0)
        return NULL;
    db_stmt *s = db_prepare(
        d, "SELECT m.id, m.sender, m.subject, m.body, m.created_at, m.orgnr, m.case_id, "
           "m.link_path, o.name, c.reference FROM inbox_message m "
           "LEFT JOIN organisation o ON o.orgnr = m.orgnr "
           "LEFT JOIN case_record c ON c.id = m.case_id WHERE m.id = $1 AND m.person_id = $2");
    if (!s) return NULL;
    int rc = db_bind_int(s, 1, id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, person_id);
    if (rc == DB_OK) rc = db_step(s);
    json_t *m = NULL;
    if (rc == DB_ROW) {
        m = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)db_col_int(s, 0),
                      "sender", db_col_text(s, 1), "subject", db_col_text(s, 2), "body",
                      db_col_text(s, 3), "date", date_text_nb(a, db_col_int(s, 4)),
                      "org_name",
                      text_or_null(db_col_text(s, 8) ? db_col_text(s, 8) : db_col_text(s, 5)),
                      "link_path", text_or_null(db_col_text(s, 7)));
        case_ref_add(m, s, 6, 9);
        *found = 1;
    } else if (rc == DB_DONE) {
        *found = 0;
    }
    db_reset(s);
    return m;
}

int inbox_mark_unread(db *d, int64_t person_id, int64_t id)
{
    db_stmt *s = db_prepare(d, "UPDATE inbox_message SET read_at = NULL "
                               "WHERE id = $1 AND person_id = $2");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, person_id);
    int64_t changed = db_step_changes(s, rc);
    if (changed < 0) return (int)changed;
    return changed ? 0 : 1;
}

