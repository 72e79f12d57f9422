/* What the person's case pages read: the lists of «Våre saker» and «Mine saker», a case's
 * facts, its timeline for the person's side, the organisation's users who may be given the
 * case, and the recipients «Kontakt oss» offers. */
#include "cases/case_public_view.h"

#include <stdio.h>
#include <string.h>

#include "cases/case_http_internal.h"
#include "cases/case_rules.h"
#include "core/clock.h"
#include "core/date_text.h"
#include "core/utf8.h"
#include "core/workdays.h"

/* The list's columns: the row's id and sort key come last under fixed names, so a statement of
 * two index ranges (below) can be ordered as a whole, and the page's cursors read from them. */
#define COLS(ROLE, KEY)                                                                           \
    "SELECT c.id AS row_id, c.reference, c.title, c.status, c.created_at, c.updated_at, "       \
    "c.deadline, " ROLE ", c.case_type, " KEY " AS row_key "
/* The organisation's list is seen through the person's association with that organisation: an
 * administrator sees every case, a `bruker` those given (case_access), anyone else nothing. The
 * association is one uncorrelated probe, so the plan stays an index range that stops after a
 * page; it decides as CASE_VISIBLE_SQL does for a case the organisation is a party to. */
#define ORG_FROM                                                                                  \
    "FROM case_org co JOIN case_record c ON c.id = co.case_id "                                 \
    "WHERE co.orgnr = $2 AND co.case_type = $3 AND EXISTS (SELECT 1 FROM "                      \
    "org_member m WHERE m.orgnr = $2 AND m.person_id = $1 AND "                                 \
    "m.status = 'bekreftet' AND (m.role = 'administrator' OR EXISTS (SELECT 1 "                 \
    "FROM case_access a WHERE a.case_id = co.case_id AND a.person_id = $1)))"
#define MY_FROM                                                                                   \
    "FROM case_record c WHERE c.submitter_person_id = $1 AND c.submitter_orgnr IS NULL AND "    \
    "CAST($2 AS TEXT) = CAST($3 AS TEXT) AND " CASE_VISIBLE_SQL("$1")
#define ORG_COLS(KEY) COLS("co.party_role", KEY)
#define MY_COLS(KEY) COLS("'innsender'", KEY)

/* Keyset paging: a page is the rows after (or, read backwards, before) the cursor's row, so
 * the last page costs what the first does. $4 is the page size plus one, $5 the cursor's id.
 * An order by id alone is one index range: */
#define BY_ID(COLUMNS, FROM, ID, OP, DIR)                                                         \
    COLUMNS FROM " AND " ID " " OP " $5 ORDER BY " ID " " DIR " LIMIT $4"
/* An order by a key and then id descending (status, deadline) is two ranges, the rest of the
 * cursor's key and the keys beyond it, each read in index order, then merged; $6 is the key. */
#define BY_KEY(COLUMNS, FROM, KEY, ID, IDOP, IDDIR, KEYOP, KEYDIR)                                \
    "SELECT * FROM (" COLUMNS FROM " AND " KEY " = $6 AND " ID " " IDOP " $5 ORDER BY " ID " "  \
    IDDIR " LIMIT $4) x UNION ALL SELECT * FROM (" COLUMNS FROM " AND " KEY " " KEYOP " $6 "     \
    "ORDER BY " KEY " " KEYDIR ", " ID " " IDDIR " LIMIT $4) y ORDER BY row_key " KEYDIR         \
    ", row_id " IDDIR " LIMIT $4"
/* Each order's four statements: the organisation's and the person's list, forwards and back. */
#define ID_ORDER(C, L, ID_DESC, FWD_OP, FWD_DIR, BACK_OP, BACK_DIR)                               \
    {C, L, false, ID_DESC,                                                                        \
     BY_ID(ORG_COLS("''"), ORG_FROM, "co.case_id", FWD_OP, FWD_DIR),                              \
     BY_ID(ORG_COLS("''"), ORG_FROM, "co.case_id", BACK_OP, BACK_DIR),                            \
     BY_ID(MY_COLS("''"), MY_FROM, "c.id", FWD_OP, FWD_DIR),                                      \
     BY_ID(MY_COLS("''"), MY_FROM, "c.id", BACK_OP, BACK_DIR)}
#define KEY_ORDER(C, L, ORG_KEY, MY_KEY)                                                          \
    {C, L, true, true,                                                                            \
     BY_KEY(ORG_COLS(ORG_KEY), ORG_FROM, ORG_KEY, "co.case_id", "<", "DESC", ">", "ASC"),         \
     BY_KEY(ORG_COLS(ORG_KEY), ORG_FROM, ORG_KEY, "co.case_id", ">", "ASC", "<", "DESC"),         \
     BY_KEY(MY_COLS(MY_KEY), MY_FROM, MY_KEY, "c.id", "<", "DESC", ">", "ASC"),                   \
     BY_KEY(MY_COLS(MY_KEY), MY_FROM, MY_KEY, "c.id", ">", "ASC", "<", "DESC")}

/* A case without a deadline sorts last: '9999-12-31' is what case_org.deadline_key holds. */
const case_list_order case_list_orders[] = {
    ID_ORDER("nyeste", "Nyeste først", true, "<", "DESC", ">", "ASC"),
    ID_ORDER("eldste", "Eldste først", false, ">", "ASC", "<", "DESC"),
    KEY_ORDER("status", "Status", "co.status", "c.status"),
    KEY_ORDER("frist", "Frist", "co.deadline_key", "COALESCE(c.deadline, '9999-12-31')"),
    {NULL, NULL, false, false, NULL, NULL, NULL, NULL},
};

const char *case_party_role_label(const char *role)
{
    return !strcmp(role, "motpart") ? "Motpart" : "Innsender";
}

int case_list_rows(db *d, arena *a, int64_t person_id, const case_list_order *order, bool org,
                   const char *orgnr, const char *type, const page_cursor *at, json_t *list,
                   page_cursor *first, page_cursor *last)
{
    const char *sql = org ? (at->before ? order->org_back : order->org_fwd)
                          : (at->before ? order->my_back : order->my_fwd);
    db_stmt *s = db_prepare(d, sql);
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, person_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, orgnr ? orgnr : "");
    if (rc == DB_OK) rc = db_bind_text(s, 3, type ? type : "");
    if (rc == DB_OK) rc = db_bind_int(s, 4, CASE_LIST_PAGE_SIZE + 1);
    if (rc == DB_OK) rc = db_bind_int(s, 5, at->id);
    if (rc == DB_OK && order->keyed) rc = db_bind_text(s, 6, at->key);
    int n = 0;
    while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
        if (++n > CASE_LIST_PAGE_SIZE) continue;
        page_cursor *edge = n == 1 ? first : last;
        edge->id = db_col_int(s, 0);
        utf8_copy(edge->key, sizeof edge->key, db_col_text(s, 9) ? db_col_text(s, 9) : "");
        if (n == 1) *last = *first;
        const char *ctype = db_col_text(s, 8);
        json_t *row = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                                "id", (json_int_t)db_col_int(s, 0), "reference", db_col_text(s, 1),
                                "title", db_col_text(s, 2), "status",
                                case_status_label(ctype, db_col_text(s, 3)), "created",
                                date_text_nb(a, db_col_int(s, 4)), "updated",
                                date_text_nb(a, db_col_int(s, 5)), "role",
                                case_party_role_label(db_col_text(s, 7)), "type", case_type_label(ctype));
        const char *deadline = date_text_nb_ymd(a, db_col_text(s, 6));
        if (deadline) json_object_set_new(row, "deadline", json_string(deadline));
        if (at->before) json_array_insert_new(list, 0, row);
        else json_array_append_new(list, row);
    }
    db_reset(s);
    if (at->before) {
        /* Read backwards, the first row read is the page's last. */
        page_cursor t = *first;
        *first = *last;
        *last = t;
    }
    return rc == DB_DONE ? n : rc < 0 ? rc : DB_ERR;
}

static json_t *deadline_json(arena *a, const char *deadline, const char *what)
{
    civil_date due;
    if (!deadline || civil_date_parse(deadline, &due) != 0) return NULL;
    civil_date today = civil_date_oslo(clock_now());
    int days = working_days_between(today, due);
    const char *when = date_text_nb_ymd(a, deadline);
    const char *count = days > 1    ? arena_printf(a, "%d virkedager", days)
                        : days == 1 ? "1 virkedag"
                        : days == 0 ? "i dag"
                                    : "fristen er passert";
    return json_pack("{s:s, s:s, s:s}", "text", what && *what ? what : "Neste frist", "date", when,
                     "count", count);
}


int case_facts_json(db *d, arena *ar, int64_t person_id, const case_access_info *a,
                    json_t *model)
{
    db_stmt *s = db_prepare(
        d, "SELECT c.title, c.created_at, c.updated_at, c.deadline, c.deadline_text, "
           "c.withdrawn_reason, c.counterpart_orgnr, o.name, c.submitter_orgnr, so.name, "
           "COALESCE(c.caseworker_staff_id, 0), st.name, c.delete_after "
           "FROM case_record c LEFT JOIN organisation o ON o.orgnr = c.counterpart_orgnr "
           "LEFT JOIN organisation so ON so.orgnr = c.submitter_orgnr "
           "LEFT JOIN staff st ON st.id = c.caseworker_staff_id "
           "WHERE c.id = $1 AND " CASE_VISIBLE_SQL("$2"));
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, a->case_id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, person_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        json_object_set_new(model, "title", json_string(db_col_text(s, 0)));
        json_object_set_new(model, "created", json_string(date_text_nb(ar, db_col_int(s, 1))));
        json_object_set_new(model, "updated", json_string(date_text_nb(ar, db_col_int(s, 2))));
        json_t *dl = deadline_json(ar, db_col_text(s, 3), db_col_text(s, 4));
        if (dl) json_object_set_new(model, "deadline", dl);
        if (db_col_text(s, 5)) json_object_set_new(model, "withdrawn_reason", json_string(db_col_text(s, 5)));
        if (db_col_text(s, 6))
            json_object_set_new(model, "counterpart", json_string(db_col_text(s, 7) ? db_col_text(s, 7) : db_col_text(s, 6)));
        if (db_col_text(s, 8))
            json_object_set_new(model, "submitter_org", json_string(db_col_text(s, 9) ? db_col_text(s, 9) : db_col_text(s, 8)));
        json_object_set_new(model, "caseworker", json_string(db_col_text(s, 11) ? db_col_text(s, 11) : "Ikke tildelt ennå"));
        json_object_set_new(model, "caseworker_id", json_integer(db_col_int(s, 10)));
        const char *del = date_text_nb_ymd(ar, db_col_text(s, 12));
        if (del) json_object_set_new(model, "delete_after", json_string(del));
    }
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}


int case_events_json(db *d, arena *ar, int64_t person_id, const case_access_info *a,
                     json_t *list)
{
    db_stmt *s = db_prepare(
        d, "SELECT e.text, e.actor, e.created_at FROM case_event e JOIN case_record c ON "
           "c.id = e.case_id WHERE e.case_id = $1 AND (e.audience = 'parter' OR e.audience = $3) "
           "AND " CASE_VISIBLE_SQL("$2") " ORDER BY e.id DESC LIMIT 200");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, a->case_id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, person_id);
    if (rc == DB_OK) rc = db_bind_text(s, 3, a->party_role);
    while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "text", db_col_text(s, 0), "actor",
                                              db_col_text(s, 1), "date",
                                              date_text_nb(ar, db_col_int(s, 2))));
    db_reset(s);
    return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERR;
}


int case_members_json(db *d, const case_access_info *a, json_t *list)
{
    db_stmt *s = db_prepare(
        d, "SELECT m.person_id, COALESCE(p.name, m.given_name), CASE WHEN EXISTS (SELECT 1 FROM "
           "case_access x WHERE x.case_id = $1 AND x.person_id = m.person_id) THEN 1 ELSE 0 END "
           "FROM org_member m JOIN person p ON p.id = m.person_id WHERE m.orgnr = $2 AND "
           "m.status = 'bekreftet' AND m.role = 'bruker' ORDER BY 2, 1 LIMIT 100");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, a->case_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, a->orgnr);
    while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
        json_array_append_new(list, json_pack("{s:I, s:s, s:b}", "person_id", (json_int_t)db_col_int(s, 0),
                                              "name", db_col_text(s, 1), "has", (int)db_col_int(s, 2)));
    db_reset(s);
    return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERR;
}


int case_http_recipients(db *d, const case_access_info *a, const char *chosen, json_t **out)
{
    db_stmt *s = db_prepare(d, "SELECT COALESCE(c.caseworker_staff_id, 0), st.name FROM case_record c "
                               "LEFT JOIN staff st ON st.id = c.caseworker_staff_id WHERE c.id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, a->case_id);
    if (rc == DB_OK) rc = db_step(s);
    *out = json_array();
    if (rc == DB_ROW) {
        int64_t id = db_col_int(s, 0);
        char value[24];
        snprintf(value, sizeof value, "%lld", (long long)id);
        const char *v = id ? value : "forbrukertilsynet";
        json_array_append_new(*out, json_pack("{s:s, s:s, s:b}", "value", v, "label",
                                              id && db_col_text(s, 1) ? db_col_text(s, 1) : CASE_AUTHORITY,
                                              "selected", !chosen || !strcmp(chosen, v)));
    }
    db_reset(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? CASE_ERR_NOT_FOUND : rc;
}

