/* The caseworkers' side of requests for access: the queue with its deadlines, and one request
 * with a decision per document (full access, partial access with the redacted copy uploaded,
 * or refusal with a section of offentleglova). */
#include "innsyn/innsyn_http.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "audit/audit_http.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/date_text.h"
#include "core/files.h"
#include "core/log.h"
#include "http/response.h"
#include "http/upload_check.h"
#include "innsyn/innsyn_internal.h"

static void unavailable(req *r, db *d, const char *what)
{
    log_error("request=%s %s: %s", r->id, what, d ? db_errmsg(d) : "ingen database");
    auth_page_unavailable(r);
}

static void not_found(req *r)
{
    resp_error(r, 404, "Fant ikke innsynskravet",
               "Innsynskravet finnes ikke. Gå tilbake til køen for innsynskrav.");
}

static const char *staff_name(const req *r)
{
    return r->session->name && *r->session->name ? r->session->name : "ukjent ansatt";
}

void innsyn_staff_queue(req *r)
{
    db *d = auth_staff_db(r, AUTH_ROLE_CASEWORKER);
    if (!d) return;
    char today[11];
    civil_date_format(civil_date_oslo(clock_now()), today);
    json_t *list = innsyn_db_queue_json(d, r->arena, today);
    json_t *answered = list ? innsyn_db_answered_json(d, r->arena, clock_now() - 30 * 24 * 3600) : NULL;
    if (!list || !answered) {
        json_decref(list);
        unavailable(r, d, "kunne ikke lese køen for innsynskrav");
        return;
    }
    json_t *m = json_pack("{s:o, s:b, s:o, s:b}", "requests", list, "any", json_array_size(list) > 0,
                          "answered_list", answered, "any_answered", json_array_size(answered) > 0);
    const char *done = req_query(r, "besvart");
    if (done && strlen(done) < 40) json_object_set_new(m, "answered", json_string(done));
    resp_page(r, 200, "pages/ansatt-innsyn", "Innsynskrav", m);
}

/* The requested entries with their documents, as the public sees them (the staff read the
 * documents themselves through the archive's pages). */
static json_t *items_model(req *r, db *d, int64_t request_id, int *rc_out)
{
    json_t *items = innsyn_db_items_json(d, request_id);
    *rc_out = items ? DB_OK : DB_ERR;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        archive_entry_public e;
        int rc = archive_entry_public_get(
            d, r->arena, json_integer_value(json_object_get(it, "entry_id")), &e);
        if (rc != DB_OK) {
            *rc_out = rc;
            break;
        }
        json_t *docs = json_array();
        for (size_t k = 0; k < e.document_count; k++) {
            int64_t object = 0;
            archive_document_current_object(d, e.documents[k].id, &object);
            json_array_append_new(docs, json_pack("{s:I, s:s, s:I}", "id",
                                                  (json_int_t)e.documents[k].id, "title",
                                                  e.documents[k].title, "object_id",
                                                  (json_int_t)object));
        }
        json_object_set_new(it, "documents", docs);
        json_object_set_new(it, "has_documents", json_boolean(e.document_count > 0));
    }
    return items;
}

static json_t *bases_model(void)
{
    json_t *list = json_array();
    for (size_t i = 0; i < innsyn_basis_count; i++)
        json_array_append_new(list, json_pack("{s:s, s:s}", "code", innsyn_bases[i].code,
                                              "label", innsyn_bases[i].label));
    return list;
}

static void request_render(req *r, db *d, int64_t id, int status, const char *error)
{
    innsyn_request_row q;
    int rc = innsyn_db_request_get(d, r->arena, id, &q);
    if (rc == INNSYN_ERR_NOT_FOUND || (rc == DB_OK && !strcmp(q.state, "ubekreftet"))) {
        not_found(r);
        return;
    }
    json_t *items = rc == DB_OK ? items_model(r, d, id, &rc) : NULL;
    json_t *decisions = rc == DB_OK ? innsyn_db_decisions_json(d, id) : NULL;
    json_t *log = decisions ? innsyn_db_log_json(d, r->arena, id) : NULL;
    if (rc != DB_OK || !decisions || !log) {
        json_decref(items);
        json_decref(decisions);
        unavailable(r, d, "kunne ikke lese innsynskravet");
        return;
    }
    json_t *m = json_pack(
        "{s:I, s:s, s:s, s:s?, s:s?, s:s, s:b, s:b, s:o, s:o, s:o, s:b}", "id", (json_int_t)id,
        "reference", q.reference, "received", date_text_nb(r->arena, q.received_at), "target",
        q.target_date ? date_text_nb_ymd(r->arena, q.target_date) : NULL, "deadline",
        q.deadline_date ? date_text_nb_ymd(r->arena, q.deadline_date) : NULL, "requester",
        q.person_id ? "Innlogget med ID-porten" : q.email ? "Med e-postadresse" : "Ukjent",
        "complaint", q.complaint, "open", !strcmp(q.state, "mottatt"), "items", items,
        "bases", bases_model(), "decisions", decisions, "decided",
        json_array_size(decisions) > 0);
    json_object_set_new(m, "log", log);
    if (error) json_object_set_new(m, "error", json_string(error));
    resp_page(r, status, "pages/ansatt-innsynskrav", q.reference, m);
}

void innsyn_staff_show(req *r)
{
    db *d = auth_staff_db(r, AUTH_ROLE_CASEWORKER);
    if (!d) return;
    int64_t id = req_param_id(r, "id");
    if (!id) {
        not_found(r);
        return;
    }
    /* The request names its requester: opening it is a read on the audit trail. */
    if (audit_record_req(d, r, "innsyn_request", id, AUDIT_READ, NULL) != DB_OK) {
        auth_page_unavailable(r);
        return;
    }
    request_render(r, d, id, 200, NULL);
}

/* The redacted copy of document_id from the form: its bytes in the arena, or an error. */
static const char *copy_read(req *r, int64_t document_id, innsyn_decision *x)
{
    const char *field = arena_printf(r->arena, "f%lld", (long long)document_id);
    const upload *u = req_upload(r, field);
    if (!u || !u->path || u->size == 0)
        return "Last opp den sladdede kopien for hvert dokument med delvis innsyn.";
    const file_kind *kind[1];
    upload_verdict verdict;
    if (upload_check_field(r, field, 1, INNSYN_MAX_COPY_BYTES, kind, &verdict) != 0)
        return verdict.message;
    char *data = NULL;
    size_t len = 0;
    if (file_read_all(u->path, &data, &len) != 0) return "Kunne ikke lese den sladdede kopien.";
    void *copy = arena_alloc(r->arena, len);
    memcpy(copy, data, len);
    free(data);
    x->copy = copy;
    x->copy_size = len;
    x->copy_mime = kind[0]->mime;
    x->copy_name = arena_printf(r->arena, "sladdet-kopi-%lld.%s", (long long)document_id,
                                kind[0]->extension);
    return NULL;
}

/* One decision from the form; NULL or the Norwegian message for what is missing. */
static const char *decision_read(req *r, db *d, const json_t *item, const archive_entry_public *e,
                                 size_t k, innsyn_decision *x)
{
    int64_t doc = e->documents[k].id;
    const char *outcome = req_form(r, arena_printf(r->arena, "d%lld", (long long)doc));
    const char *basis = req_form(r, arena_printf(r->arena, "h%lld", (long long)doc));
    memset(x, 0, sizeof *x);
    x->item_id = json_integer_value(json_object_get(item, "item_id"));
    x->entry_id = e->id;
    x->document_id = doc;
    x->registry_id = arena_strdup(r->arena, e->registry_id);
    x->document_title = e->documents[k].title;
    if (!outcome || (strcmp(outcome, "innsyn") && strcmp(outcome, "delvis") &&
                     strcmp(outcome, "avslag")))
        return "Velg innsyn, delvis innsyn eller avslag for hvert dokument.";
    x->outcome = outcome;
    if (strcmp(outcome, "innsyn")) {
        const innsyn_basis *b = innsyn_basis_find(basis);
        if (!b) return "Velg hjemmel i offentleglova for hvert avslag og hver delvise innsyn.";
        x->legal_basis = b->label;
    }
    if (!strcmp(outcome, "delvis")) return copy_read(r, doc, x);
    if (!strcmp(outcome, "innsyn") &&
        archive_document_current_object(d, doc, &x->object_id) != DB_OK)
        return "Dokumentet har ingen fil å gi innsyn i. Velg avslag eller delvis innsyn.";
    return NULL;
}

/* Every document of every entry in the request, decided; the count in *n. */
static const char *decisions_read(req *r, db *d, int64_t id, innsyn_decision **out, size_t *n,
                                  int *rc)
{
    json_t *items = innsyn_db_items_json(d, id);
    *rc = items ? DB_OK : DB_ERR;
    innsyn_decision *xs = arena_calloc(r->arena, INNSYN_MAX_ENTRIES * ARCHIVE_MAX_DOCUMENTS,
                                       sizeof *xs);
    const char *error = NULL;
    size_t i, count = 0;
    json_t *it;
    json_array_foreach(items, i, it) {
        archive_entry_public e;
        *rc = archive_entry_public_get(d, r->arena,
                                       json_integer_value(json_object_get(it, "entry_id")), &e);
        if (*rc != DB_OK) break;
        for (size_t k = 0; !error && k < e.document_count; k++)
            error = decision_read(r, d, it, &e, k, &xs[count++]);
        if (error) break;
    }
    json_decref(items);
    *out = xs;
    *n = count;
    return error;
}

/* A confidential (teiepliktig) entry never leaves in full: the attempt is recorded by the
 * archive, outside the decision's transaction, and refused. */
static int confidential_check(req *r, db *d, const innsyn_decision *xs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(xs[i].outcome, "innsyn")) continue;
        int rc = archive_confidential_refuse_outward(d, xs[i].entry_id, staff_name(r),
                                                     "innsyn etter offentleglova");
        if (rc != DB_OK) return rc;
    }
    return DB_OK;
}

void innsyn_staff_decide(req *r)
{
    db *d = auth_staff_db(r, AUTH_ROLE_CASEWORKER);
    if (!d) return;
    int64_t id = req_param_id(r, "id");
    innsyn_request_row q;
    int rc = id ? innsyn_db_request_get(d, r->arena, id, &q) : INNSYN_ERR_NOT_FOUND;
    if (rc == INNSYN_ERR_NOT_FOUND || (rc == DB_OK && !strcmp(q.state, "ubekreftet"))) {
        not_found(r);
        return;
    }
    if (rc != DB_OK) {
        unavailable(r, d, "kunne ikke lese innsynskravet");
        return;
    }
    if (strcmp(q.state, "mottatt")) {
        request_render(r, d, id, 409, "Kravet er allerede besvart. En klage sender det tilbake til køen.");
        return;
    }
    innsyn_decision *xs;
    size_t n;
    const char *error = decisions_read(r, d, id, &xs, &n, &rc);
    if (rc != DB_OK) {
        unavailable(r, d, "kunne ikke lese dokumentene");
        return;
    }
    if (error) {
        request_render(r, d, id, 400, error);
        return;
    }
    rc = confidential_check(r, d, xs, n);
    if (rc == ARCHIVE_ERR_CONFIDENTIAL) {
        request_render(r, d, id, 422, ARCHIVE_CONFIDENTIAL_MESSAGE);
        return;
    }
    if (rc == DB_OK) rc = db_begin(d);
    if (rc == DB_OK) rc = db_finish(d, innsyn_decide(d, r->arena, id, xs, n, staff_name(r)));
    if (rc == INNSYN_ERR_STATE) {
        request_render(r, d, id, 409, "Kravet ble besvart i mellomtiden.");
        return;
    }
    if (rc != DB_OK) {
        unavailable(r, d, "kunne ikke lagre vedtaket");
        return;
    }
    log_info("request=%s innsynskrav %s avgjort", r->id, q.reference);
    resp_redirect(r, 303, arena_printf(r->arena, "/ansatt/innsyn?besvart=%s", q.reference));
}
