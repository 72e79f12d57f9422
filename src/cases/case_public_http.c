/* «Våre saker», «Mine saker», the case page with its timeline and documents, and the download
 * of one document. Every query repeats who may see the case (CASE_VISIBLE_SQL), so an id from
 * elsewhere gives "not found". */
#include "cases/case_http.h"
#include "cases/case_http_internal.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "archive/archive_http.h"
#include "auth/session.h"
#include "cases/case_public_view.h"
#include "cases/case_rules.h"
#include "core/date_text.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/workdays.h"
#include "http/response.h"

static const case_list_order *order_from(req *r)
{
    const char *v = req_query(r, "sortering");
    for (const case_list_order *o = case_list_orders; v && o->code; o++)
        if (!strcmp(o->code, v)) return o;
    return &case_list_orders[0];
}

/* The position before the list's first row in the order. */
static page_cursor list_start(const case_list_order *order)
{
    return (page_cursor){.before = false, .id = order->id_desc ? INT64_MAX : 0, .key = ""};
}

/* The sorting links, which start from the first page. */
static void list_sorts(req *r, json_t *model, const char *base, const case_list_order *order)
{
    json_t *sorts = json_array();
    for (const case_list_order *o = case_list_orders; o->code; o++)
        json_array_append_new(sorts, json_pack("{s:s, s:s, s:b}", "label", o->label, "href",
                                               arena_printf(r->arena, "%ssortering=%s", base, o->code),
                                               "current", o == order));
    json_object_set_new(model, "sorts", sorts);
    json_object_set_new(model, "has_sorts", json_true());
}

static void list_link(req *r, json_t *model, const char *name, const char *base,
                      const case_list_order *order, const page_cursor *at)
{
    const char *token = page_cursor_encode(r->arena, at);
    if (token)
        json_object_set_new(model, name, json_string(arena_printf(r->arena, "%ssortering=%s&side=%s",
                                                                  base, order->code, token)));
}

/* Reads the page the query's cursor (side) names into list and sets the «Forrige»/«Neste»
 * links. Returns 1 when a page was read, 0 when the response is sent (a bad cursor: 400), or a
 * negative db code. Reading back to the start shows the first page, whole. */
static int list_page(req *r, db *d, json_t *model, const char *base, const case_list_order *order,
                     const char *orgnr, const char *type, json_t *list)
{
    page_cursor at = list_start(order), first, last;
    const char *token = req_query(r, "side");
    if (token && page_cursor_decode(token, &at) != 0) {
        resp_error(r, 400, "Ugyldig side",
                   "Lenken til denne siden er ikke gyldig. Gå til første side av listen og bla derfra.");
        return 0;
    }
    first = last = at;
    bool org = orgnr != NULL;
    int n = case_list_rows(d, r->arena, r->session->person_id, order, org, orgnr, type, &at, list,
                           &first, &last);
    bool prev = token != NULL, next = n > CASE_LIST_PAGE_SIZE;
    if (n >= 0 && at.before) {
        next = true;
        prev = n > CASE_LIST_PAGE_SIZE;
        if (!prev) {
            json_array_clear(list);
            at = first = last = list_start(order);
            n = case_list_rows(d, r->arena, r->session->person_id, order, org, orgnr, type, &at,
                               list, &first, &last);
            next = n > CASE_LIST_PAGE_SIZE;
        }
    }
    if (n < 0) return n;
    list_sorts(r, model, base, order);
    first.before = true;
    last.before = false;
    if (prev) list_link(r, model, "prev", base, order, &first);
    if (next) list_link(r, model, "next", base, order, &last);
    return 1;
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
    const case_list_order *order = order_from(r);
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
    int n = list_page(r, d, model, arena_printf(r->arena, "/vare-saker?type=%s&", t->code), order,
                      acting.orgnr, t->code, list);
    if (n <= 0) {
        if (n < 0) list_failed(r, d, model);
        else json_decref(model);
        return;
    }
    json_object_set_new(model, "any", json_boolean(json_array_size(list) > 0));
    resp_page(r, 200, "pages/sak-liste", "Våre saker", model);
}

void case_page_my_list(req *r)
{
    db *d;
    if (case_http_person(r, &d)) return;
    const case_list_order *order = order_from(r);
    json_t *list = json_array();
    json_t *model = json_pack("{s:o, s:s, s:b}", "cases", list, "heading", "Mine saker", "mine", 1);
    int n = list_page(r, d, model, "/mine-saker?", order, NULL, NULL, list);
    if (n <= 0) {
        if (n < 0) list_failed(r, d, model);
        else json_decref(model);
        return;
    }
    json_object_set_new(model, "any", json_boolean(json_array_size(list) > 0));
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

enum { CASE_DOCUMENTS_MAX = 500 };

typedef struct {
    req *r;
    const case_access_info *a;
    const case_entry_ref *refs;
    size_t ref_count;
    json_t *list;
    int64_t cur_entry;
    size_t at; /* where the current entry's next document goes: newest entry first */
} documents_walk;

static const char *size_text(arena *a, int64_t size)
{
    return size >= 1024 * 1024 ? arena_printf(a, "%.1f MB", (double)size / (1024 * 1024))
                               : arena_printf(a, "%lld kB", (long long)(size + 1023) / 1024);
}

static int document_visit(const archive_document_row *row, void *ud)
{
    documents_walk *w = ud;
    if (!row->object_id || !case_entry_ref_find(w->refs, w->ref_count, row->entry_id)) return 0;
    if (row->entry_id != w->cur_entry) {
        w->cur_entry = row->entry_id;
        w->at = 0;
    }
    const char *type = row->entry_type;
    json_t *item = json_pack(
        "{s:s, s:s, s:s, s:s, s:s}", "href",
        arena_printf(w->r->arena, "/saker/%lld/dokumenter/%lld", (long long)w->a->case_id,
                     (long long)row->object_id),
        "title", row->document_title, "entry", row->entry_title, "direction",
        !strcmp(type, "I") ? "Sendt til Forbrukertilsynet"
        : !strcmp(type, "U") ? "Fra Forbrukertilsynet"
                             : "Notat",
        "size", size_text(w->r->arena, row->size));
    json_object_set_new(item, "date", json_string(date_text_nb_ymd(w->r->arena, row->registry_date)));
    json_array_insert_new(w->list, w->at++, item);
    return 0;
}

/* The documents of the entries the person's side may see, newest entry first. */
static int documents_json(req *r, db *d, const case_access_info *a, json_t *list)
{
    if (!a->case_file_id) return 0;
    case_entry_ref *refs;
    documents_walk w = {.r = r, .a = a, .list = list};
    int rc = case_entry_refs_shared(d, a->case_id, r->session->person_id, a->party_role, &refs,
                                    &w.ref_count);
    if (rc != DB_OK) return rc;
    w.refs = refs;
    rc = archive_case_file_documents(d, a->case_file_id, document_visit, &w);
    free(refs);
    while (json_array_size(list) > CASE_DOCUMENTS_MAX) json_array_remove(list, CASE_DOCUMENTS_MAX);
    return rc;
}

static json_t *case_page_model(req *r, db *d, const case_access_info *a, int *rc_out)
{
    json_t *model = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:s}", "id", (json_int_t)a->case_id,
        "reference", a->reference, "type", case_type_label(a->case_type), "status",
        case_status_label(a->case_type, a->status), "role", case_party_role_label(a->party_role), "next",
        next_step_text(a), "may_send_more", case_may_send_more(a->case_type, a->status) && a->case_file_id,
        "may_withdraw", a->is_submitter && case_may_withdraw(a->case_type, a->status), "has_file",
        a->case_file_id != 0, "tip", !strcmp(a->case_type, CASE_TYPE_TIP), "party_role", a->party_role);
    int rc = case_facts_json(d, r->arena, r->session->person_id, a, model);
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
        rc = docs_tab ? documents_json(r, d, &a, list) : case_events_json(d, r->arena, r->session->person_id, &a, list);
        json_object_set_new(model, "any", json_boolean(json_array_size(list) > 0));
    } else {
        json_decref(list);
    }
    if (rc == 0 && a.is_org_admin && a.orgnr[0] && !docs_tab) {
        json_t *members = json_array();
        json_object_set_new(model, "members", members);
        json_object_set_new(model, "admin", json_true());
        rc = case_members_json(d, &a, members);
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
        json_object_set_new(model, "upload", case_http_upload_model(r));
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
    /* The object must belong to an entry of this case that the person's side may see. */
    int64_t entry_id = 0;
    int rc = object_id > 0 ? archive_document_object_entry(d, object_id, &entry_id)
                           : ARCHIVE_ERR_NOT_FOUND;
    case_entry_ref *refs = NULL;
    size_t n = 0;
    if (rc == DB_OK)
        rc = case_entry_refs_shared(d, a.case_id, r->session->person_id, a.party_role, &refs, &n);
    int visible = rc == DB_OK && case_entry_ref_find(refs, n, entry_id) != NULL;
    free(refs);
    if (rc == ARCHIVE_ERR_NOT_FOUND || (rc == DB_OK && !visible)) {
        resp_error(r, 404, "Fant ikke dokumentet",
                   "Dokumentet finnes ikke i denne saken, eller du har ikke tilgang til det.");
        return;
    }
    if (rc != DB_OK) {
        case_http_failed(r, d, rc, NULL);
        return;
    }
    /* The access check above decided; the archive sends the bytes the same way as to staff. */
    archive_http_send_document(r, d, object_id);
}
