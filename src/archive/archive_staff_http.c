/* The archive's staff pages under /ansatt/arkiv: the list of case files, one case file with its
 * entries, parties, documents and screening, and the forms that open a case file, register an
 * entry with its files, set or lift a screening and mark an entry confidential.
 *
 * Any staff role may read. Writing needs saksbehandler or arkivleder: caseworkers register and
 * screen in their own cases, archivists keep the archive in order. Every write is one
 * transaction, and the answer (303 back to the page) comes only after its commit. */
#include "archive/archive.h"
#include "archive/archive_http.h"
#include "archive/archive_staff.h"

#include "app.h"
#include "audit/audit.h"
#include "audit/audit_http.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "core/log.h"
#include "http/response.h"
#include "http/upload_check.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t parse_id(const char *s)
{
    if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s)) return -1;
    return strtoll(s, NULL, 10);
}

static void not_found(req *r)
{
    resp_error(r, 404, "Fant ikke siden", "Saksmappen, journalposten eller dokumentet finnes ikke.");
}

static void unavailable(req *r, db *d, const char *what)
{
    log_error("request=%s %s: %s", r->id, what, d ? db_errmsg(d) : "ingen database");
    auth_page_unavailable(r);
}

/* The staff session may read; returns the database or NULL after answering. */
static db *staff_reader(req *r)
{
    if (auth_require_staff(r, NULL)) return NULL;
    db *d = app_db();
    if (!d) auth_page_unavailable(r);
    return d;
}

static int may_write(const req *r)
{
    return auth_roles_include(r->session->roles, AUTH_ROLE_CASEWORKER) ||
           auth_roles_include(r->session->roles, AUTH_ROLE_ARCHIVIST);
}

/* As staff_reader, and the role to change the archive (403 otherwise). */
static db *staff_writer(req *r)
{
    if (auth_require_staff(r, NULL)) return NULL;
    if (!may_write(r)) {
        resp_error(r, 403, "Du har ikke tilgang",
                   "Bare saksbehandlere og arkivledere kan endre arkivet.");
        return NULL;
    }
    db *d = app_db();
    if (!d) auth_page_unavailable(r);
    return d;
}

static const char *staff_name(const req *r)
{
    return r->session->name && *r->session->name ? r->session->name : "ukjent ansatt";
}

/* ---- The list ---- */

/* The list's address for the page at cursor, with the search kept. */
static const char *page_url(req *r, const char *q, const page_cursor *at)
{
    char *enc = q && *q ? curl_easy_escape(NULL, q, 0) : NULL;
    const char *url = arena_printf(r->arena, "/ansatt/arkiv?%s%s%sside=%s", enc ? "q=" : "",
                                   enc ? enc : "", enc ? "&" : "", page_cursor_encode(r->arena, at));
    curl_free(enc);
    return url;
}

/* The position before the newest case file. */
static const page_cursor list_start = {.before = false, .id = INT64_MAX, .key = ""};

/* Reads and shows the page the cursor side names (NULL: the first); a bad cursor is a 400.
 * Reading back to the newest shows the first page, whole. */
static void render_list(req *r, db *d, int status, const char *q, const char *side,
                        const char *error, const char *title_typed)
{
    page_cursor at = list_start, first, last;
    int64_t year = INT64_MAX;
    if (side && (page_cursor_decode(side, &at) != 0 || page_cursor_key_int(&at, &year) != 0)) {
        resp_error(r, 400, "Ugyldig side", "Lenken til denne siden er ugyldig. Gå til første side av arkivet.");
        return;
    }
    json_t *items;
    int more;
    int rc = archive_staff_case_list(d, q, &at, year, &items, &more, &first, &last);
    bool prev = side != NULL, next = more;
    if (rc == DB_OK && at.before) {
        prev = more;
        next = true;
        if (!more) {
            json_decref(items);
            at = list_start;
            rc = archive_staff_case_list(d, q, &at, INT64_MAX, &items, &more, &first, &last);
            next = more;
        }
    }
    if (rc != DB_OK) {
        unavailable(r, d, "kunne ikke lese saksmappene");
        return;
    }
    json_t *m = json_pack("{s:s, s:o, s:b, s:b, s:b}", "q", q ? q : "", "items", items,
                          "any", json_array_size(items) > 0, "searched", q && *q,
                          "may_write", may_write(r));
    first.before = true;
    last.before = false;
    if (prev) json_object_set_new(m, "prev_url", json_string(json_array_size(items) ? page_url(r, q, &first) : "/ansatt/arkiv"));
    if (next && json_array_size(items)) json_object_set_new(m, "next_url", json_string(page_url(r, q, &last)));
    if (error) json_object_set_new(m, "error", json_string(error));
    json_object_set_new(m, "title_typed", json_string(title_typed ? title_typed : ""));
    resp_page(r, status, "pages/arkiv-liste", "Arkiv", m);
}

void archive_staff_list(req *r)
{
    db *d = staff_reader(r);
    if (!d) return;
    const char *q = req_query(r, "q");
    if (q && strlen(q) > ARCHIVE_STAFF_MAX_QUERY) {
        resp_error(r, 400, "Søket er for langt", "Skriv et søk på høyst 200 tegn.");
        return;
    }
    render_list(r, d, 200, q, req_query(r, "side"), NULL, NULL);
}

void archive_staff_case_create(req *r)
{
    db *d = staff_writer(r);
    if (!d) return;
    const char *title = req_form(r, "tittel"), *unit = req_form(r, "enhet");
    archive_case_file_new in = {.title = title,
                                .admin_unit = unit && *unit ? unit : "Forbrukertilsynet",
                                .caseworker = staff_name(r),
                                .created_by = staff_name(r)};
    archive_case_file c;
    char err[256] = "";
    int rc = db_begin(d);
    if (rc == DB_OK) rc = archive_case_file_open(d, &in, &c, err, sizeof err);
    rc = db_finish(d, rc);
    if (rc == ARCHIVE_ERR_INVALID) {
        render_list(r, d, 400, NULL, NULL, err, title);
        return;
    }
    if (rc != DB_OK) {
        unavailable(r, d, "kunne ikke opprette saksmappen");
        return;
    }
    resp_redirect(r, 303, arena_printf(r->arena, "/ansatt/arkiv/saksmapper/%lld", (long long)c.id));
}

/* ---- One case file ---- */

typedef struct {
    const char *type, *title, *document_date, *party_role, *party_kind, *party_name, *party_org;
} entry_form;

static void read_entry_form(req *r, entry_form *f)
{
    f->type = req_form(r, "type");
    f->title = req_form(r, "tittel");
    f->document_date = req_form(r, "dokumentdato");
    f->party_role = req_form(r, "part_rolle");
    f->party_kind = req_form(r, "part_type");
    f->party_name = req_form(r, "part_navn");
    f->party_org = req_form(r, "part_orgnr");
}

/* A select's options with the chosen one marked. */
static json_t *options(const char *const (*list)[2], size_t n, const char *chosen)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", list[i][0], "label",
                                           list[i][1], "selected",
                                           chosen && !strcmp(chosen, list[i][0])));
    return a;
}

static const char *const entry_types[][2] = {{"I", "Inngående (I)"},
                                             {"U", "Utgående (U)"},
                                             {"N", "Organinternt med oppfølging (N)"},
                                             {"X", "Notat (X)"}};
static const char *const party_roles[][2] = {
    {"avsender", "Avsender"}, {"mottaker", "Mottaker"}, {"kopi", "Kopimottaker"}};
static const char *const party_kinds[][2] = {{"person", "Person"},
                                             {"organisasjon", "Organisasjon"}};

#define COUNT(a) (sizeof(a) / sizeof *(a))

static void render_case(req *r, int status, json_t *model, const entry_form *f, const char *error,
                        const char *error_field)
{
    entry_form empty = {0};
    if (!f) f = &empty;
    json_t *form = json_pack("{s:o, s:s, s:s, s:o, s:o, s:s, s:s}", "types",
                             options(entry_types, COUNT(entry_types), f->type ? f->type : "I"),
                             "title", f->title ? f->title : "", "document_date",
                             f->document_date ? f->document_date : "", "party_roles",
                             options(party_roles, COUNT(party_roles),
                                     f->party_role ? f->party_role : "avsender"),
                             "party_kinds",
                             options(party_kinds, COUNT(party_kinds),
                                     f->party_kind ? f->party_kind : "person"),
                             "party_name", f->party_name ? f->party_name : "", "party_org",
                             f->party_org ? f->party_org : "");
    json_object_set_new(model, "form", form);
    json_object_set_new(model, "may_write", json_boolean(may_write(r)));
    json_object_set_new(model, "allowed_kinds", json_string(upload_allowed_kinds_text()));
    if (error) {
        json_object_set_new(model, "error", json_string(error));
        json_object_set_new(model, "error_field", json_string(error_field ? error_field : "tittel"));
    }
    const char *done = req_query(r, "registrert");
    if (done && strlen(done) < 64) json_object_set_new(model, "registered", json_string(done));
    if (req_query(r, "endret")) json_object_set_new(model, "changed", json_true());
    const char *title = arena_printf(r->arena, "Saksmappe %s",
                                     json_string_value(json_object_get(model, "number")));
    resp_page(r, status, "pages/arkiv-saksmappe", title, model);
}

/* Reads the case file for the page; NULL after answering (404 or 503). */
static json_t *load_case(req *r, db *d, int64_t id)
{
    json_t *m = NULL;
    int rc = id < 0 ? ARCHIVE_ERR_NOT_FOUND : archive_staff_case_read(d, id, &m);
    if (rc == ARCHIVE_ERR_NOT_FOUND) not_found(r);
    else if (rc != DB_OK) unavailable(r, d, "kunne ikke lese saksmappen");
    return rc == DB_OK ? m : NULL;
}

void archive_staff_case_show(req *r)
{
    db *d = staff_reader(r);
    if (!d) return;
    int64_t id = parse_id(req_param(r, "id"));
    json_t *m = load_case(r, d, id);
    if (!m) return;
    /* Staff opened the case file: on the audit trail before the page is shown. */
    if (audit_record_req(d, r, AUDIT_OBJ_CASE_FILE, id, AUDIT_READ, NULL) != DB_OK) {
        json_decref(m);
        unavailable(r, d, "kunne ikke skrive revisjonsloggen");
        return;
    }
    render_case(r, 200, m, NULL, NULL, NULL);
}

/* ---- Registering an entry ---- */

static int party_from_form(const entry_form *f, archive_party_new *p)
{
    if (!f->party_name || !*f->party_name) return 0;
    const char *role = f->party_role ? f->party_role : "avsender";
    if (!strcmp(role, "avsender")) p->role = ARCHIVE_PARTY_SENDER;
    else if (!strcmp(role, "mottaker")) p->role = ARCHIVE_PARTY_RECIPIENT;
    else if (!strcmp(role, "kopi")) p->role = ARCHIVE_PARTY_COPY;
    else return -1;
    p->kind = f->party_kind && !strcmp(f->party_kind, "organisasjon") ? ARCHIVE_PARTY_ORGANISATION
                                                                      : ARCHIVE_PARTY_PERSON;
    p->name = f->party_name;
    p->org_number = f->party_org && *f->party_org ? f->party_org : NULL;
    return 1;
}

/* The form's mistakes that the archive's own checks do not name: type and party. */
static const char *form_error(const entry_form *f, int party, const char **field)
{
    *field = "type";
    if (!f->type || strlen(f->type) != 1 || !strchr("IUNX", f->type[0]))
        return "Velg journalposttype.";
    *field = "part_rolle";
    if (party < 0) return "Velg rollen til korrespondanseparten.";
    *field = "part_navn";
    if (!party && (f->type[0] == 'I' || f->type[0] == 'U'))
        return "Inngående og utgående journalposter må ha en korrespondansepart.";
    *field = "part_orgnr";
    if (party && f->party_org && *f->party_org &&
        (!f->party_kind || strcmp(f->party_kind, "organisasjon")))
        return "Bare organisasjoner har organisasjonsnummer.";
    return NULL;
}

static void answer_register_error(req *r, db *d, int64_t case_id, int status, const entry_form *f,
                                  const char *error, const char *field)
{
    json_t *m = load_case(r, d, case_id);
    if (m) render_case(r, status, m, f, error, field);
}

void archive_staff_entry_register(req *r)
{
    db *d = staff_writer(r);
    if (!d) return;
    int64_t case_id = parse_id(req_param(r, "id"));
    entry_form f;
    read_entry_form(r, &f);
    if (f.party_kind && strcmp(f.party_kind, "person") && strcmp(f.party_kind, "organisasjon"))
        f.party_kind = "person";
    archive_party_new party;
    int has_party = party_from_form(&f, &party);
    const char *field = NULL, *error = form_error(&f, has_party, &field);
    if (error) {
        answer_register_error(r, d, case_id, 400, &f, error, field);
        return;
    }
    const file_kind *kinds[64];
    upload_verdict verdict;
    if (r->upload_count > COUNT(kinds) ||
        upload_check_field(r, "dokument", 1, r->max_file_bytes, kinds, &verdict) != 0) {
        int too_big = verdict.file && verdict.file->size > r->max_file_bytes;
        answer_register_error(r, d, case_id, too_big ? 413 : 400, &f,
                              verdict.message ? verdict.message : "For mange filer.", "dokument");
        return;
    }
    archive_document_new docs[64];
    size_t n = 0;
    for (size_t i = 0; i < r->upload_count; i++) {
        const upload *u = &r->uploads[i];
        if (strcmp(u->field, "dokument") != 0 || !u->path) continue;
        docs[n] = (archive_document_new){.title = n == 0 && f.title ? f.title : u->filename,
                                         .file_name = u->filename,
                                         .mime_type = kinds[n]->mime,
                                         .path = u->path};
        n++;
    }
    archive_entry_new in = {.case_file_id = case_id,
                            .type = (archive_entry_type)f.type[0],
                            .title = f.title,
                            .document_date = f.document_date && *f.document_date ? f.document_date
                                                                                 : NULL,
                            .created_by = staff_name(r),
                            .parties = has_party ? &party : NULL,
                            .party_count = has_party ? 1 : 0,
                            .documents = docs,
                            .document_count = n};
    archive_entry e;
    char err[512] = "";
    int rc = case_id < 0 ? ARCHIVE_ERR_NOT_FOUND : db_begin(d);
    if (rc == DB_OK) {
        rc = archive_entry_register(d, &in, &e, err, sizeof err);
        if (rc >= 0) rc = audit_append_req(d, r, AUDIT_OBJ_ENTRY, e.id, AUDIT_CREATE, NULL);
        rc = db_finish(d, rc);
    }
    if (rc == ARCHIVE_ERR_NOT_FOUND) {
        not_found(r);
        return;
    }
    if (rc == ARCHIVE_ERR_INVALID) {
        answer_register_error(r, d, case_id, 400, &f, err, "tittel");
        return;
    }
    if (rc != DB_OK) {
        unavailable(r, d, "registreringen feilet");
        return;
    }
    log_info("request=%s journalpost %s registrert (id %lld)", r->id, e.registry_id,
             (long long)e.id);
    /* The entry's id in the address lets a client check what was acknowledged. */
    resp_redirect(r, 303,
                  arena_printf(r->arena, "/ansatt/arkiv/saksmapper/%lld?registrert=%s&journalpost=%lld#jp-%lld",
                               (long long)case_id, e.registry_id, (long long)e.id,
                               (long long)e.id));
}

/* ---- Screening and the confidential flag ---- */

/* The entry of the address and its case file; -1 after answering. */
static int64_t entry_of_request(req *r, db *d, int64_t *case_id)
{
    int64_t id = parse_id(req_param(r, "id"));
    int rc = id < 0 ? ARCHIVE_ERR_NOT_FOUND : archive_staff_entry_case(d, id, case_id);
    if (rc == ARCHIVE_ERR_NOT_FOUND) not_found(r);
    else if (rc != DB_OK) unavailable(r, d, "kunne ikke lese journalposten");
    return rc == DB_OK ? id : -1;
}

static void back_to_case(req *r, int64_t case_id, int64_t entry_id)
{
    resp_redirect(r, 303, arena_printf(r->arena, "/ansatt/arkiv/saksmapper/%lld?endret=1#jp-%lld",
                                       (long long)case_id, (long long)entry_id));
}

void archive_staff_entry_screening(req *r)
{
    db *d = staff_writer(r);
    if (!d) return;
    int64_t case_id, entry_id = entry_of_request(r, d, &case_id);
    if (entry_id < 0) return;
    const char *action = req_form(r, "handling");
    int lift = action && !strcmp(action, "opphev");
    archive_screening sc;
    char err[256] = "";
    int rc = lift ? DB_OK : archive_http_screening_form(r, &sc, err, sizeof err);
    if (rc == DB_OK) rc = db_begin(d);
    if (rc == DB_OK) {
        rc = archive_entry_set_screening(d, entry_id, lift ? NULL : &sc, staff_name(r), err,
                                         sizeof err);
        if (rc >= 0)
            rc = audit_append_req(d, r, AUDIT_OBJ_ENTRY, entry_id, AUDIT_CHANGE, lift ? "skjerming opphevet" : "skjerming");
        rc = db_finish(d, rc);
    }
    if (rc == ARCHIVE_ERR_INVALID) {
        json_t *m = load_case(r, d, case_id);
        if (m) {
            json_object_set_new(m, "screening_error", json_string(err));
            json_object_set_new(m, "screening_entry", json_integer(entry_id));
            render_case(r, 400, m, NULL, NULL, NULL);
        }
        return;
    }
    if (rc != DB_OK) {
        unavailable(r, d, "kunne ikke endre skjermingen");
        return;
    }
    back_to_case(r, case_id, entry_id);
}

void archive_staff_entry_confidential(req *r)
{
    db *d = staff_writer(r);
    if (!d) return;
    int64_t case_id, entry_id = entry_of_request(r, d, &case_id);
    if (entry_id < 0) return;
    const char *v = req_form(r, "teiepliktig");
    if (!v || (strcmp(v, "1") && strcmp(v, "0"))) {
        resp_error(r, 400, "Ugyldig skjema", "Velg om journalposten skal være teiepliktig.");
        return;
    }
    int rc = db_begin(d);
    if (rc == DB_OK) {
        rc = archive_entry_set_confidential(d, entry_id, v[0] == '1', staff_name(r));
        if (rc >= 0) rc = audit_append_req(d, r, AUDIT_OBJ_ENTRY, entry_id, AUDIT_CHANGE, "teiepliktig");
        rc = db_finish(d, rc);
    }
    if (rc != DB_OK) {
        unavailable(r, d, "kunne ikke endre teiepliktig-merkingen");
        return;
    }
    back_to_case(r, case_id, entry_id);
}

/* ---- Download ---- */

void archive_staff_document(req *r)
{
    db *d = staff_reader(r);
    if (!d) return;
    int64_t id = parse_id(req_param(r, "id"));
    if (id < 0) {
        not_found(r);
        return;
    }
    /* Staff opened the document: on the audit trail before a byte is sent. */
    if (audit_record_req(d, r, AUDIT_OBJ_DOCUMENT, id, AUDIT_READ, NULL) != DB_OK) {
        unavailable(r, d, "kunne ikke skrive revisjonsloggen");
        return;
    }
    archive_http_send_document(r, d, id);
}
