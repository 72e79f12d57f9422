/* The lists the representation pages show, read straight into JSON for the templates. */
#include "org/org_rep.h"

#include <string.h>

#include "org/org.h"
#include "org/org_match.h"
#include "org/org_member.h"
#include "core/date_text.h"

enum { QUEUE_MAX = 200, REQUESTS_MAX = 200 };

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* Ends a list read: the list, or NULL (and the list freed) when the rows did not all come. */
static json_t *list_done(db_stmt *s, int rc, json_t *list)
{
    db_reset(s);
    if (rc == DB_DONE) return list;
    json_decref(list);
    return NULL;
}

static json_t *orgnr_json(const char *orgnr)
{
    char formatted[12];
    org_number_format(orgnr, formatted);
    return json_string(formatted);
}

json_t *org_memberships_json(db *d, arena *a, int64_t person_id)
{
    db_stmt *s = db_prepare(d, "SELECT m.orgnr, COALESCE(o.name, m.orgnr), m.role, m.status, "
                               "m.reject_reason, m.due_at FROM org_member m "
                               "LEFT JOIN organisation o ON o.orgnr = m.orgnr "
                               "WHERE m.person_id = $1 ORDER BY o.name, m.orgnr");
    if (!s) return NULL;
    json_t *list = json_array();
    int rc = db_bind_int(s, 1, person_id);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        const char *role = db_col_text(s, 2), *status = db_col_text(s, 3);
        json_array_append_new(
            list, json_pack("{s:s, s:o, s:s, s:s, s:s, s:o, s:b, s:b}", "orgnr",
                            db_col_text(s, 0), "orgnr_visning", orgnr_json(db_col_text(s, 0)),
                            "org_name", db_col_text(s, 1), "status", status, "status_label",
                            org_status_label(role, status), "reject_reason",
                            text_or_null(db_col_text(s, 4)), "rejected",
                            !strcmp(status, ORG_STATUS_REJECTED), "active",
                            strcmp(status, ORG_STATUS_REJECTED) != 0));
        if (!strcmp(status, ORG_STATUS_PENDING))
            json_object_set_new(json_array_get(list, json_array_size(list) - 1), "due",
                                json_string(date_text_nb(a, db_col_int(s, 5) - 1)));
        rc = DB_OK;
    }
    return list_done(s, rc, list);
}

/* «Brukere» pages by key: pending first, then by given name and id. The cursor names only a
 * member's id; the statement reads that member's sort key itself, so a page after it is one
 * range of org_member_people, however far into the list. */
#define PEOPLE_RANK(M) "CASE WHEN " M ".status = 'ubekreftet' THEN 0 ELSE 1 END"
/* The only confirmed administrator: the page offers neither demoting nor deleting. */
#define PEOPLE_LAST_ADMIN                                                                         \
    "m.role = 'administrator' AND m.status = 'bekreftet' AND (SELECT COUNT(*) FROM "            \
    "org_member x WHERE x.orgnr = $1 AND x.role = 'administrator' AND "                         \
    "x.status = 'bekreftet') = 1"
#define PEOPLE_SQL(AFTER, ORDER)                                                                  \
    "SELECT m.id, COALESCE(p.name, m.given_name), m.given_name, m.role, m.status, "             \
    "m.person_id = $2, m.applied_at, " PEOPLE_LAST_ADMIN                                          \
    " FROM org_member m JOIN person p ON p.id = m.person_id "                                    \
    "WHERE m.orgnr = $1 AND m.status IN ('ubekreftet', 'bekreftet') AND EXISTS (SELECT 1 "      \
    "FROM org_member a WHERE a.orgnr = $1 AND a.person_id = $2 "                                \
    "AND a.role = 'administrator' AND a.status = 'bekreftet') " AFTER " ORDER BY " ORDER        \
    " LIMIT $3"
#define PEOPLE_AT(OP)                                                                             \
    "AND (" PEOPLE_RANK("m") ", m.given_name, m.id) " OP " (SELECT " PEOPLE_RANK("c")            \
    ", c.given_name, c.id FROM org_member c WHERE c.id = $4 AND c.orgnr = $1)"
#define PEOPLE_ASC PEOPLE_RANK("m") ", m.given_name, m.id"
#define PEOPLE_DESC PEOPLE_RANK("m") " DESC, m.given_name DESC, m.id DESC"

/* One row of PEOPLE_SQL as the page shows it. */
static json_t *person_row(db_stmt *s)
{
    const char *role = db_col_text(s, 3), *status = db_col_text(s, 4);
    int pending = !strcmp(status, ORG_STATUS_PENDING);
    int admin = !strcmp(role, ORG_ROLE_ADMIN);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:b}", "id",
                     (json_int_t)db_col_int(s, 0), "name", db_col_text(s, 1), "given_name",
                     db_col_text(s, 2), "role", role, "status_label", org_status_label(role, status),
                     "pending", pending, "pending_user", pending && !admin, "is_admin", admin,
                     "is_self", db_col_int(s, 5) != 0, "last_admin", db_col_int(s, 7) != 0);
}

json_t *org_person_json(db *d, const char *orgnr, int64_t admin_person, int64_t member_id)
{
    db_stmt *s = db_prepare_bind(d, PEOPLE_SQL("AND m.id = $4", PEOPLE_ASC), "tiii", orgnr,
                                 admin_person, (int64_t)1, member_id);
    if (!s) return NULL;
    json_t *row = NULL;
    int rc = db_step(s);
    if (rc == DB_ROW) row = person_row(s);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE) return NULL;
    return row ? row : json_null();
}

json_t *org_people_json(db *d, const char *orgnr, int64_t admin_person, const page_cursor *at,
                        int *more)
{
    /* The administrator check is part of the query: anyone else gets no rows. */
    db_stmt *s = db_prepare(d, !at             ? PEOPLE_SQL("", PEOPLE_ASC)
                               : at->before ? PEOPLE_SQL(PEOPLE_AT("<"), PEOPLE_DESC)
                                            : PEOPLE_SQL(PEOPLE_AT(">"), PEOPLE_ASC));
    if (!s) return NULL;
    json_t *list = json_array();
    *more = 0;
    int rc = db_bind_text(s, 1, orgnr);
    if (rc == DB_OK) rc = db_bind_int(s, 2, admin_person);
    if (rc == DB_OK) rc = db_bind_int(s, 3, ORG_PEOPLE_PAGE + 1);
    if (rc == DB_OK && at) rc = db_bind_int(s, 4, at->id);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        rc = DB_OK;
        if (json_array_size(list) == ORG_PEOPLE_PAGE) {
            *more = 1;
            continue;
        }
        /* Read backwards, each row goes before the ones read so far. */
        json_array_insert_new(list, at && at->before ? 0 : json_array_size(list), person_row(s));
    }
    return list_done(s, rc, list);
}

/* The unit's current roles, each marked when it may represent the unit and when the applicant
 * (given name, birth date) likely holds it. Sets *likely when any role is a likely match. */
static json_t *roles_json(db *d, const char *orgnr, const char *legal_form,
                          const char *given_name, const char *birth_date, int *likely)
{
    db_stmt *s = db_prepare(d, "SELECT role_code, person_name, birth_date, unit_orgnr "
                               "FROM organisation_role WHERE orgnr = $1 AND resigned = 0 "
                               "ORDER BY position");
    if (!s) return NULL;
    json_t *list = json_array();
    int rc = db_bind_text(s, 1, orgnr);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        const char *code = db_col_text(s, 0), *name = db_col_text(s, 1),
                   *born = db_col_text(s, 2), *unit = db_col_text(s, 3);
        int may = org_role_may_represent(code, legal_form);
        int match = may && born && birth_date && !strcmp(born, birth_date) &&
                    org_person_name_matches(given_name, name);
        if (match) *likely = 1;
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:o, s:b, s:b}", "code", code, "label",
                            org_role_label(code), "holder", name ? name : unit ? unit : "",
                            "birth_date", text_or_null(born), "may_represent", may, "match",
                            match));
        rc = DB_OK;
    }
    return list_done(s, rc, list);
}

int org_application_likely_match(db *d, int64_t member_id)
{
    db_stmt *s = db_prepare(
        d, "SELECT m.orgnr, o.legal_form, m.given_name, p.birth_date FROM org_member m "
           "JOIN person p ON p.id = m.person_id LEFT JOIN organisation o ON o.orgnr = m.orgnr "
           "WHERE m.id = $1 AND m.role = 'administrator' AND m.status = 'ubekreftet'");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, member_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc != DB_ROW) {
        db_reset(s);
        return rc == DB_DONE ? 1 : rc < 0 ? rc : DB_ERR;
    }
    int likely = 0;
    json_t *roles = roles_json(d, db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2),
                               db_col_text(s, 3), &likely);
    db_reset(s);
    if (!roles) return DB_ERR;
    json_decref(roles);
    return likely;
}

json_t *org_queue_json(db *d, arena *a, int64_t now)
{
    db_stmt *s = db_prepare(
        d, "SELECT m.id, m.orgnr, COALESCE(o.name, m.orgnr), o.legal_form, m.given_name, "
           "p.birth_date, m.applied_at, m.due_at FROM org_member m "
           "JOIN person p ON p.id = m.person_id LEFT JOIN organisation o ON o.orgnr = m.orgnr "
           "WHERE m.role = 'administrator' AND m.status = 'ubekreftet' "
           "ORDER BY m.due_at, m.id LIMIT 200");
    if (!s) return NULL;
    json_t *list = json_array();
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int64_t due = db_col_int(s, 7);
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:o, s:s, s:o, s:s, s:s, s:s, s:s, s:b}", "id",
                            (json_int_t)db_col_int(s, 0), "orgnr", db_col_text(s, 1),
                            "orgnr_visning", orgnr_json(db_col_text(s, 1)), "org_name",
                            db_col_text(s, 2), "legal_form", text_or_null(db_col_text(s, 3)),
                            "given_name", db_col_text(s, 4), "birth_date", db_col_text(s, 5),
                            "applied", date_text_nb(a, db_col_int(s, 6)), "due",
                            /* due_at is the midnight that ends the due day */
                            date_text_nb(a, due - 1), "overdue", now >= due));
    }
    db_reset(s);
    if (rc != DB_DONE) {
        json_decref(list);
        return NULL;
    }
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        int likely = 0;
        json_t *roles = roles_json(
            d, json_string_value(json_object_get(item, "orgnr")),
            json_string_value(json_object_get(item, "legal_form")),
            json_string_value(json_object_get(item, "given_name")),
            json_string_value(json_object_get(item, "birth_date")), &likely);
        if (!roles) {
            json_decref(list);
            return NULL;
        }
        json_object_set_new(item, "roles", roles);
        json_object_set_new(item, "any_roles", json_boolean(json_array_size(roles) > 0));
        json_object_set_new(item, "likely_match", json_boolean(likely));
        /* Birth dates are shown as Norwegian dates, as everywhere else («9. mars 1971»). */
        size_t j;
        json_t *role;
        json_array_foreach(roles, j, role)
        {
            const char *born = date_text_nb_ymd(
                a, json_string_value(json_object_get(role, "birth_date")));
            if (born) json_object_set_new(role, "birth_date", json_string(born));
        }
        const char *born = date_text_nb_ymd(
            a, json_string_value(json_object_get(item, "birth_date")));
        if (born) json_object_set_new(item, "birth_date", json_string(born));
    }
    return list;
}

json_t *org_requests_json(db *d, arena *a)
{
    db_stmt *s = db_prepare(d, "SELECT r.id, r.org_name, r.orgnr, r.message, r.created_at, "
                               "p.name, p.email FROM org_request r "
                               "JOIN person p ON p.id = r.person_id WHERE r.closed_at IS NULL "
                               "ORDER BY r.created_at, r.id LIMIT 200");
    if (!s) return NULL;
    json_t *list = json_array();
    int rc;
    while ((rc = db_step(s)) == DB_ROW)
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:o}", "id",
                            (json_int_t)db_col_int(s, 0), "org_name", db_col_text(s, 1), "orgnr",
                            text_or_null(db_col_text(s, 2)), "message", db_col_text(s, 3),
                            "created", date_text_nb(a, db_col_int(s, 4)), "person",
                            text_or_null(db_col_text(s, 5)), "email",
                            text_or_null(db_col_text(s, 6))));
    return list_done(s, rc, list);
}
