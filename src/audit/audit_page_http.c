/* «Revisjonslogg» for staff with the role leder: the trail searched by person, by case or by
 * staff member. The search itself is a row on the trail (object `audit`, action `search`, the
 * question in the detail), written before the answer is shown. */
#include "audit/audit.h"
#include "audit/audit_http.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth/auth.h"
#include "auth/person.h"
#include "cases/case_privacy.h"
#include "core/date_text.h"
#include "core/log.h"
#include "http/response.h"

enum { PAGE_ROWS = 200, PERSON_CASES_MAX = 200 };

static const char *action_label(const char *a)
{
    if (!strcmp(a, AUDIT_READ)) return "åpnet";
    if (!strcmp(a, AUDIT_CREATE)) return "opprettet";
    if (!strcmp(a, AUDIT_CHANGE)) return "endret";
    if (!strcmp(a, AUDIT_DELETE)) return "slettet";
    if (!strcmp(a, AUDIT_SEARCH)) return "søkte i";
    if (!strcmp(a, AUDIT_EXPORT)) return "lastet ned";
    return a;
}

const char *audit_object_label(const char *kind)
{
    if (!strcmp(kind, AUDIT_OBJ_CASE)) return "sak";
    if (!strcmp(kind, AUDIT_OBJ_CASE_FILE)) return "saksmappe";
    if (!strcmp(kind, AUDIT_OBJ_DOCUMENT)) return "dokument";
    if (!strcmp(kind, AUDIT_OBJ_ENTRY)) return "journalpost";
    if (!strcmp(kind, AUDIT_OBJ_PERSON)) return "personopplysninger";
    if (!strcmp(kind, AUDIT_OBJ_AUDIT)) return "revisjonsloggen";
    return kind;
}

/* Who acted, in words: the staff member's name and roles, or the person's number. */
static const char *actor_text(req *r, db *d, const audit_row *row)
{
    if (!strcmp(row->actor_kind, AUDIT_ACTOR_STAFF)) {
        char name[200] = "";
        if (staff_name_copy(d, row->actor_id, name, sizeof name) != 1) snprintf(name, sizeof name, "ansatt");
        return arena_printf(r->arena, "%s (ansatt %lld, %s)", name, (long long)row->actor_id, row->actor_role);
    }
    if (!strcmp(row->actor_kind, AUDIT_ACTOR_PERSON))
        return arena_printf(r->arena, "person %lld", (long long)row->actor_id);
    return "systemet";
}

static json_t *rows_json(req *r, db *d, const audit_row *rows, int n)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "seq", (json_int_t)rows[i].seq, "at",
                            date_text_nb(r->arena, rows[i].at), "who", actor_text(r, d, &rows[i]), "action",
                            action_label(rows[i].action), "what",
                            arena_printf(r->arena, "%s %lld", audit_object_label(rows[i].object_kind),
                                         (long long)rows[i].object_id),
                            "detail", arena_printf(r->arena, "%s%s%s", rows[i].detail,
                                                   rows[i].detail[0] && rows[i].request_id[0] ? " · " : "",
                                                   rows[i].request_id[0] ? rows[i].request_id : "")));
    return list;
}

/* The queries for "everything about person p": their own data, what they did, their cases. */
static int person_queries(db *d, int64_t person, audit_query **out, size_t *n)
{
    int64_t cases[PERSON_CASES_MAX];
    int nc = case_ids_of_person(d, person, cases, PERSON_CASES_MAX);
    if (nc < 0) return nc;
    audit_query *q = calloc((size_t)nc + 2, sizeof *q);
    if (!q) return DB_ERR;
    q[0] = (audit_query){.object_kind = AUDIT_OBJ_PERSON, .object_id = person};
    q[1] = (audit_query){.actor_kind = AUDIT_ACTOR_PERSON, .actor_id = person};
    for (int i = 0; i < nc; i++) q[2 + i] = (audit_query){.object_kind = AUDIT_OBJ_CASE, .object_id = cases[i]};
    *out = q;
    *n = (size_t)nc + 2;
    return DB_OK;
}

static int64_t parse_id(const char *s)
{
    if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s)) return -1;
    return strtoll(s, NULL, 10);
}

void audit_page_search(req *r)
{
    db *d = auth_staff_db(r, AUTH_ROLE_MANAGER);
    if (!d) return;
    const char *what = req_query(r, "hva"), *id_text = req_query(r, "id");
    json_t *m = json_pack("{s:s, s:s, s:b, s:b, s:b}", "id", id_text ? id_text : "", "hva", what ? what : "",
                          "by_person", !what || !strcmp(what, "person"), "by_case", what && !strcmp(what, "sak"),
                          "by_staff", what && !strcmp(what, "ansatt"));
    if (!what && !id_text) {
        resp_page(r, 200, "pages/ansatt-revisjonslogg", "Revisjonslogg", m);
        return;
    }
    int64_t id = parse_id(id_text);
    int known = what && (!strcmp(what, "person") || !strcmp(what, "sak") || !strcmp(what, "ansatt"));
    if (!known || id <= 0) {
        json_object_set_new(m, "error", json_string(!known ? "Velg om du søker etter en person, en sak eller en ansatt."
                                                           : "Skriv nummeret (id) som et helt tall."));
        resp_page(r, 400, "pages/ansatt-revisjonslogg", "Revisjonslogg", m);
        return;
    }
    /* The search is on the trail before anything is shown. */
    const char *detail = arena_printf(r->arena, "%s %lld", what, (long long)id);
    if (audit_record_req(d, r, AUDIT_OBJ_AUDIT, 0, AUDIT_SEARCH, detail) != DB_OK) {
        json_decref(m);
        log_error("request=%s revisjonsloggen: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    audit_row *rows = arena_alloc(r->arena, sizeof *rows * PAGE_ROWS);
    int n;
    if (!strcmp(what, "person")) {
        audit_query *qs = NULL;
        size_t nq = 0;
        n = person_queries(d, id, &qs, &nq);
        if (n == DB_OK) n = audit_search_any(d, qs, nq, rows, PAGE_ROWS);
        free(qs);
    } else {
        audit_query q = !strcmp(what, "sak") ? (audit_query){.object_kind = AUDIT_OBJ_CASE, .object_id = id}
                                             : (audit_query){.actor_kind = AUDIT_ACTOR_STAFF, .actor_id = id};
        n = audit_search(d, &q, rows, PAGE_ROWS);
    }
    if (n < 0) {
        json_decref(m);
        log_error("request=%s revisjonsloggen: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    json_object_set_new(m, "searched", json_true());
    json_object_set_new(m, "rows", rows_json(r, d, rows, n));
    json_object_set_new(m, "any", json_boolean(n > 0));
    json_object_set_new(m, "full", json_boolean(n == PAGE_ROWS));
    resp_page(r, 200, "pages/ansatt-revisjonslogg", "Revisjonslogg", m);
}
