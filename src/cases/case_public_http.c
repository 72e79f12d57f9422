/* «Våre saker», «Mine saker», the case page with its timeline and documents, and the download
 * of one document. Every query repeats who may see the case (CASE_VISIBLE_SQL), so an id from
 * elsewhere gives "not found". */
#include "cases/case_http.h"
#include "cases/case_http_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "archive/archive_http.h"
#include "auth/session.h"
#include "cases/case_rules.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/workdays.h"
#include "http/response.h"
#include "web/pages.h"

enum { PAGE_SIZE = 25, PAGE_MAX = 4000, MEMBERS_MAX = 100 };

/* The list's columns; one statement per sort order, so each is planned with its index. */
#define LIST_COLUMNS                                                                              \
    "SELECT c.id, c.reference, c.title, c.status, c.created_at, c.updated_at, c.deadline, "     \
    "co.party_role, c.case_type "
/* The organisation's list is seen through the person's association with that organisation: an
 * administrator sees every case, a `bruker` those given (case_access), anyone else nothing. The
 * association is one uncorrelated probe, so the plan stays an index range that stops after a
 * page; it decides as CASE_VISIBLE_SQL does for a case the organisation is a party to. */
#define ORG_LIST(ORDER)                                                                           \
    LIST_COLUMNS "FROM case_org co JOIN case_record c ON c.id = co.case_id "                    \
                 "WHERE co.orgnr = $2 AND co.case_type = $3 AND EXISTS (SELECT 1 FROM "         \
                 "org_member m WHERE m.orgnr = $2 AND m.person_id = $1 AND "                    \
                 "m.status = 'bekreftet' AND (m.role = 'administrator' OR EXISTS (SELECT 1 "    \
                 "FROM case_access a WHERE a.case_id = co.case_id AND a.person_id = $1))) "     \
                 "ORDER BY " ORDER " LIMIT $4 OFFSET $5"
#define MY_LIST(ORDER)                                                                            \
    "SELECT c.id, c.reference, c.title, c.status, c.created_at, c.updated_at, c.deadline, "     \
    "'innsender', c.case_type FROM case_record c WHERE c.submitter_person_id = $1 AND "         \
    "c.submitter_orgnr IS NULL AND CAST($2 AS TEXT) = CAST($3 AS TEXT) AND " CASE_VISIBLE_SQL("$1")                         \
    " ORDER BY " ORDER " LIMIT $4 OFFSET $5"

typedef struct {
    const char *code, *label, *org_sql, *my_sql;
} list_order;

static const list_order orders[] = {
    {"nyeste", "Nyeste først", ORG_LIST("co.case_id DESC"), MY_LIST("c.id DESC")},
    {"eldste", "Eldste først", ORG_LIST("co.case_id"), MY_LIST("c.id")},
    {"status", "Status", ORG_LIST("co.status, co.case_id DESC"), MY_LIST("c.status, c.id DESC")},
    {"frist", "Frist", ORG_LIST("co.deadline_key, co.case_id DESC"),
     MY_LIST("CASE WHEN c.deadline IS NULL THEN 1 ELSE 0 END, c.deadline, c.id DESC")},
    {NULL, NULL, NULL, NULL},
};

static const char *date_text(arena *a, const char *ymd)
{
    civil_date dt;
    if (!ymd || civil_date_parse(ymd, &dt) != 0) return NULL;
    return format_date_nb(a, civil_date_start_oslo(dt) + 12 * 3600);
}

static const char *status_label(const char *type, const char *status)
{
    const case_status_info *s = case_status_find(type, status);
    return s ? s->label : status;
}

static const char *role_label(const char *role)
{
    return !strcmp(role, "motpart") ? "Motpart" : "Innsender";
}

/* Runs a list statement; appends its rows to list. Returns the row count or a negative code. */
static int list_rows(req *r, db *d, const char *sql, const char *orgnr, const char *type,
                     int page, json_t *list)
{
    db_stmt *s = db_prepare(d, sql);
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, r->session->person_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, orgnr ? orgnr : "");
    if (rc == DB_OK) rc = db_bind_text(s, 3, type ? type : "");
    if (rc == DB_OK) rc = db_bind_int(s, 4, PAGE_SIZE + 1);
    if (rc == DB_OK) rc = db_bind_int(s, 5, (int64_t)(page - 1) * PAGE_SIZE);
    int n = 0;
    while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
        if (++n > PAGE_SIZE) continue;
        const char *ctype = db_col_text(s, 8);
        const case_type_info *t = case_type_find(ctype);
        json_t *row = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                                "id", (json_int_t)db_col_int(s, 0), "reference", db_col_text(s, 1),
                                "title", db_col_text(s, 2), "status",
                                status_label(ctype, db_col_text(s, 3)), "created",
                                format_date_nb(r->arena, db_col_int(s, 4)), "updated",
                                format_date_nb(r->arena, db_col_int(s, 5)), "role",
                                role_label(db_col_text(s, 7)), "type", t ? t->label : ctype);
        const char *deadline = date_text(r->arena, db_col_text(s, 6));
        if (deadline) json_object_set_new(row, "deadline", json_string(deadline));
        json_array_append_new(list, row);
    }
    db_reset(s);
    return rc == DB_DONE ? n : rc < 0 ? rc : DB_ERR;
}

static const list_order *order_from(req *r)
{
    const char *v = req_query(r, "sortering");
    for (const list_order *o = orders; v && o->code; o++)
        if (!strcmp(o->code, v)) return o;
    return &orders[0];
}

static int page_from(req *r)
{
    int64_t p = case_http_id(req_query(r, "side"));
    return p > 0 && p <= PAGE_MAX ? (int)p : 1;
}

/* Sorting links and paging links that keep the other choices. */
static void list_nav(req *r, json_t *model, const char *base, const list_order *order, int page,
                     int more)
{
    json_t *sorts = json_array();
    for (const list_order *o = orders; o->code; o++)
        json_array_append_new(sorts, json_pack("{s:s, s:s, s:b}", "label", o->label, "href",
                                               arena_printf(r->arena, "%ssortering=%s", base, o->code),
                                               "current", o == order));
    json_object_set_new(model, "sorts", sorts);
    json_object_set_new(model, "has_sorts", json_true());
    json_object_set_new(model, "page", json_integer(page));
    if (page > 1)
        json_object_set_new(model, "prev", json_string(arena_printf(r->arena, "%ssortering=%s&side=%d",
                                                                    base, order->code, page - 1)));
    if (more)
        json_object_set_new(model, "next", json_string(arena_printf(r->arena, "%ssortering=%s&side=%d",
                                                                    base, order->code, page + 1)));
}

static void list_failed(req *r, db *d, json_t *model)
{
    json_decref(model);
    log_error("request=%s kunne ikke lese saker: %s", r->id, db_errmsg(d));
    resp_error(r, 503, "Sakene kan ikke vises akkurat nå", "Prøv igjen om litt.");
}

void case_page_org_list(req *r)
{
    db *d;
    if (case_http_person(r, &d)) return;
    org_acting acting;
    case_actor_info by;
    int org = case_http_actor(r, d, &by, &acting);
    if (org < 0) return;
    json_t *model = json_object();
    if (!org) {
        json_object_set_new(model, "no_org", json_true());
        json_object_set_new(model, "pending", json_boolean(acting.orgnr[0] != '\0' && !acting.confirmed));
        resp_page(r, 200, "pages/sak-liste", "Våre saker", model);
        return;
    }
    const char *type = req_query(r, "type");
    const case_type_info *t = case_type_find(type);
    if (!t) t = &case_types[0];
    const list_order *order = order_from(r);
    int page = page_from(r);
    json_t *tabs = json_array();
    for (const case_type_info *x = case_types; x->code; x++)
        json_array_append_new(tabs, json_pack("{s:s, s:s, s:b}", "label", x->plural_label, "href",
                                              arena_printf(r->arena, "/vare-saker?type=%s", x->code),
                                              "current", x == t));
    json_t *list = json_array();
    json_object_set_new(model, "tabs", tabs);
    json_object_set_new(model, "has_tabs", json_true());
    json_object_set_new(model, "cases", list);
    json_object_set_new(model, "org", json_pack("{s:s}", "navn", acting.org_name));
    json_object_set_new(model, "heading", json_string("Våre saker"));
    json_object_set_new(model, "type_label", json_string(t->plural_label));
    json_object_set_new(model, "admin", json_boolean(acting.is_admin));
    int n = list_rows(r, d, order->org_sql, acting.orgnr, t->code, page, list);
    if (n < 0) {
        list_failed(r, d, model);
        return;
    }
    json_object_set_new(model, "any", json_boolean(json_array_size(list) > 0));
    list_nav(r, model, arena_printf(r->arena, "/vare-saker?type=%s&", t->code), order, page, n > PAGE_SIZE);
    resp_page(r, 200, "pages/sak-liste", "Våre saker", model);
}

void case_page_my_list(req *r)
{
    db *d;
    if (case_http_person(r, &d)) return;
    const list_order *order = order_from(r);
    int page = page_from(r);
    json_t *list = json_array();
    json_t *model = json_pack("{s:o, s:s, s:b}", "cases", list, "heading", "Mine saker", "mine", 1);
    int n = list_rows(r, d, order->my_sql, NULL, NULL, page, list);
    if (n < 0) {
        list_failed(r, d, model);
        return;
    }
    json_object_set_new(model, "any", json_boolean(json_array_size(list) > 0));
    list_nav(r, model, "/mine-saker?", order, page, n > PAGE_SIZE);
    resp_page(r, 200, "pages/sak-liste", "Mine saker", model);
}

/* What happens next, by status, as the parties read it. */
static const char *next_step_text(const case_access_info *a)
{
    static const struct {
        const char *type, *status, *text;
    } texts[] = {
        {CASE_TYPE_MEDIATION, "mottatt", "Saken venter på en saksbehandler. Du får beskjed i innboksen når noe skjer."},
        {CASE_TYPE_MEDIATION, "under_behandling", "Saksbehandleren går gjennom saken og kontakter partene ved behov."},
        {CASE_TYPE_MEDIATION, "venter_motpart", "Saksbehandleren venter på svar fra virksomheten."},
        {CASE_TYPE_MEDIATION, "venter_klager", "Saksbehandleren venter på svar fra forbrukeren."},
        {CASE_TYPE_GUIDANCE, "mottatt", "Spørsmålet venter på en saksbehandler."},
        {CASE_TYPE_GUIDANCE, "under_behandling", "Saksbehandleren arbeider med svaret."},
        {CASE_TYPE_GUIDANCE, "besvart", "Vi har svart. Har dere oppfølgingsspørsmål, bruk «Kontakt oss»."},
        {CASE_TYPE_TIP, "mottatt", "Vi vurderer tipset. Vi svarer vanligvis ikke på tips."},
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (!strcmp(texts[i].type, a->case_type) && !strcmp(texts[i].status, a->status))
            return texts[i].text;
    return "Saken er avsluttet.";
}

static json_t *deadline_json(req *r, const char *deadline, const char *what)
{
    civil_date due;
    if (!deadline || civil_date_parse(deadline, &due) != 0) return NULL;
    civil_date today = civil_date_oslo(clock_now());
    int days = working_days_between(today, due);
    const char *when = date_text(r->arena, deadline);
    const char *count = days > 1    ? arena_printf(r->arena, "%d virkedager", days)
                        : days == 1 ? "1 virkedag"
                        : days == 0 ? "i dag"
                                    : "fristen er passert";
    return json_pack("{s:s, s:s, s:s}", "text", what && *what ? what : "Neste frist", "date", when,
                     "count", count);
}

/* The case's own facts, under the same visibility. Returns 1, 0 (not visible) or < 0. */
static int case_facts_json(req *r, db *d, const case_access_info *a, json_t *model)
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
    if (rc == DB_OK) rc = db_bind_int(s, 2, r->session->person_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        json_object_set_new(model, "title", json_string(db_col_text(s, 0)));
        json_object_set_new(model, "created", json_string(format_date_nb(r->arena, db_col_int(s, 1))));
        json_object_set_new(model, "updated", json_string(format_date_nb(r->arena, db_col_int(s, 2))));
        json_t *dl = deadline_json(r, db_col_text(s, 3), db_col_text(s, 4));
        if (dl) json_object_set_new(model, "deadline", dl);
        if (db_col_text(s, 5)) json_object_set_new(model, "withdrawn_reason", json_string(db_col_text(s, 5)));
        if (db_col_text(s, 6))
            json_object_set_new(model, "counterpart", json_string(db_col_text(s, 7) ? db_col_text(s, 7) : db_col_text(s, 6)));
        if (db_col_text(s, 8))
            json_object_set_new(model, "submitter_org", json_string(db_col_text(s, 9) ? db_col_text(s, 9) : db_col_text(s, 8)));
        json_object_set_new(model, "caseworker", json_string(db_col_text(s, 11) ? db_col_text(s, 11) : "Ikke tildelt ennå"));
        json_object_set_new(model, "caseworker_id", json_integer(db_col_int(s, 10)));
        const char *del = date_text(r->arena, db_col_text(s, 12));
        if (del) json_object_set_new(model, "delete_after", json_string(del));
    }
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

static int events_json(req *r, db *d, const case_access_info *a, json_t *list)
{
    db_stmt *s = db_prepare(
        d, "SELECT e.text, e.actor, e.created_at FROM case_event e JOIN case_record c ON "
           "c.id = e.case_id WHERE e.case_id = $1 AND (e.audience = 'parter' OR e.audience = $3) "
           "AND " CASE_VISIBLE_SQL("$2") " ORDER BY e.id DESC LIMIT 200");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, a->case_id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, r->session->person_id);
    if (rc == DB_OK) rc = db_bind_text(s, 3, a->party_role);
    while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "text", db_col_text(s, 0), "actor",
                                              db_col_text(s, 1), "date",
                                              format_date_nb(r->arena, db_col_int(s, 2))));
    db_reset(s);
    return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERR;
}

/* The documents of the entries the person's side may see. */
#define CASE_DOCUMENTS_FROM                                                                       \
    "FROM case_entry ce JOIN case_record c ON c.id = ce.case_id "                               \
    "JOIN archive_entry ae ON ae.id = ce.entry_id "                                             \
    "JOIN archive_document x ON x.entry_id = ae.id "                                            \
    "JOIN archive_document_object o ON o.document_id = x.id "                                   \
    "WHERE ce.case_id = $1 AND (ce.audience = 'parter' OR ce.audience = $3) AND "               \
    CASE_VISIBLE_SQL("$2")

static int documents_json(req *r, db *d, const case_access_info *a, json_t *list)
{
    db_stmt *s = db_prepare(d, "SELECT o.id, x.title, o.size, ae.title, ae.entry_type, ae.registry_date "
                               CASE_DOCUMENTS_FROM " ORDER BY ae.id DESC, x.doc_no LIMIT 500");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, a->case_id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, r->session->person_id);
    if (rc == DB_OK) rc = db_bind_text(s, 3, a->party_role);
    while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
        int64_t size = db_col_int(s, 2);
        const char *type = db_col_text(s, 4);
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:s, s:s}", "href",
                            arena_printf(r->arena, "/saker/%lld/dokumenter/%lld", (long long)a->case_id,
                                         (long long)db_col_int(s, 0)),
                            "title", db_col_text(s, 1), "entry", db_col_text(s, 3), "direction",
                            !strcmp(type, "I") ? "Sendt til Forbrukertilsynet"
                            : !strcmp(type, "U") ? "Fra Forbrukertilsynet" : "Notat",
                            "size", size >= 1024 * 1024
                                        ? arena_printf(r->arena, "%.1f MB", (double)size / (1024 * 1024))
                                        : arena_printf(r->arena, "%lld kB", (long long)(size + 1023) / 1024)));
        json_object_set_new(json_array_get(list, json_array_size(list) - 1), "date",
                            json_string(date_text(r->arena, db_col_text(s, 5))));
    }
    db_reset(s);
    return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERR;
}

/* The organisation's confirmed users and whether each has this case, for its administrator. */
static int members_json(db *d, const case_access_info *a, json_t *list)
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

static json_t *case_page_model(req *r, db *d, const case_access_info *a, int *rc_out)
{
    const case_type_info *t = case_type_find(a->case_type);
    json_t *model = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:s}", "id", (json_int_t)a->case_id,
        "reference", a->reference, "type", t ? t->label : a->case_type, "status",
        status_label(a->case_type, a->status), "role", role_label(a->party_role), "next",
        next_step_text(a), "may_send_more", case_may_send_more(a->case_type, a->status) && a->case_file_id,
        "may_withdraw", a->is_submitter && case_may_withdraw(a->case_type, a->status), "has_file",
        a->case_file_id != 0, "tip", !strcmp(a->case_type, CASE_TYPE_TIP), "party_role", a->party_role);
    int rc = case_facts_json(r, d, a, model);
    *rc_out = rc == 1 ? 0 : rc == 0 ? CASE_ERR_NOT_FOUND : rc;
    return model;
}

void case_page_show(req *r)
{
    db *d;
    case_access_info a;
    if (case_http_person(r, &d) || case_http_case(r, d, &a)) return;
    int rc;
    json_t *model = case_page_model(r, d, &a, &rc);
    const char *tab = req_query(r, "fane");
    int docs_tab = tab && !strcmp(tab, "dokumenter");
    json_object_set_new(model, "tab_docs", json_boolean(docs_tab));
    json_t *list = json_array();
    if (rc == 0) {
        json_object_set_new(model, docs_tab ? "documents" : "events", list);
        rc = docs_tab ? documents_json(r, d, &a, list) : events_json(r, d, &a, list);
        json_object_set_new(model, "any", json_boolean(json_array_size(list) > 0));
    } else {
        json_decref(list);
    }
    if (rc == 0 && a.is_org_admin && a.orgnr[0] && !docs_tab) {
        json_t *members = json_array();
        json_object_set_new(model, "members", members);
        json_object_set_new(model, "admin", json_true());
        rc = members_json(d, &a, members);
        json_object_set_new(model, "any_members", json_boolean(json_array_size(members) > 0));
    }
    if (rc != 0) {
        json_decref(model);
        case_http_failed(r, d, rc, NULL);
        return;
    }
    json_object_set_new(model, "party_org", json_boolean(a.orgnr[0] != '\0'));
    if (rc == 0 && docs_tab && a.case_file_id) {
        json_t *recipients;
        rc = case_http_recipients(d, &a, NULL, &recipients);
        json_object_set_new(model, "recipients", recipients);
        json_object_set_new(model, "upload", case_http_upload_model());
    }
    if (rc != 0) {
        json_decref(model);
        case_http_failed(r, d, rc, NULL);
        return;
    }
    const char *done = req_query(r, "sendt");
    if (done && !strcmp(done, "dokumentasjon"))
        json_object_set_new(model, "notice", json_string("Dokumentasjonen er sendt og registrert i saken."));
    else if (done && !strcmp(done, "melding"))
        json_object_set_new(model, "notice", json_string("Meldingen er sendt til saksbehandleren."));
    else if (done && !strcmp(done, "tilgang"))
        json_object_set_new(model, "notice", json_string("Tilgangen er endret."));
    resp_page(r, 200, "pages/sak-side", arena_printf(r->arena, "Sak %s", a.reference), model);
}

void case_document_get(req *r)
{
    db *d;
    case_access_info a;
    if (case_http_person(r, &d) || case_http_case(r, d, &a)) return;
    int64_t object_id = case_http_id(req_param(r, "object_id"));
    db_stmt *s = db_prepare(d, "SELECT o.id " CASE_DOCUMENTS_FROM " AND o.id = $4");
    int rc = s ? db_bind_int(s, 1, a.case_id) : DB_ERR;
    if (rc == DB_OK) rc = db_bind_int(s, 2, r->session->person_id);
    if (rc == DB_OK) rc = db_bind_text(s, 3, a.party_role);
    if (rc == DB_OK) rc = db_bind_int(s, 4, object_id);
    if (rc == DB_OK) rc = db_step(s);
    if (s) db_reset(s);
    if (rc == DB_DONE) {
        resp_error(r, 404, "Fant ikke dokumentet",
                   "Dokumentet finnes ikke i denne saken, eller du har ikke tilgang til det.");
        return;
    }
    if (rc != DB_ROW) {
        case_http_failed(r, d, rc, NULL);
        return;
    }
    /* The access check above decided; the archive sends the bytes the same way as to staff. */
    archive_http_send_document(r, d, object_id);
}
