/* The parties' steps on a case: «Ettersend dokumentasjon», «Trekk saken», «Kontakt oss», and an
 * administrator giving or taking a `bruker`'s access. Each page checks the rules before it
 * shows a form, and each POST checks them again in the write's own transaction. */
#include "cases/case_http.h"
#include "cases/case_http_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "audit/audit_http.h"
#include "auth/session.h"
#include "cases/case_rules.h"
#include "core/log.h"
#include "http/response.h"
#include "org/org.h"
#include "org/org_db.h"

static const char *case_path(req *r, const case_access_info *a, const char *rest)
{
    return arena_printf(r->arena, "/saker/%lld%s", (long long)a->case_id, rest);
}

static json_t *base_model(const case_access_info *a)
{
    return json_pack("{s:I, s:s}", "id", (json_int_t)a->case_id, "reference", a->reference);
}

static int may_send_more(req *r, const case_access_info *a)
{
    if (case_may_send_more(a->case_type, a->status) && a->case_file_id) return 1;
    resp_error(r, 409, "Du kan ikke ettersende dokumentasjon i denne saken",
               "Dokumentasjon kan bare ettersendes i meklingssaker som er under arbeid.");
    return 0;
}

static case_actor_info actor_for(req *r, const case_access_info *a)
{
    case_actor_info by = {.person_id = r->session->person_id, .name = r->session->name};
    if (a->orgnr[0]) {
        by.orgnr = a->orgnr;
        by.org_name = a->orgnr;
        db *d = app_db();
        char name[ORG_NAME_MAX];
        if (d && org_name_copy(d, a->orgnr, name, sizeof name) == 1)
            by.org_name = arena_strdup(r->arena, name);
    }
    return by;
}

void case_page_send_more(req *r)
{
    db *d;
    case_access_info a;
    if (case_http_person(r, &d) || case_http_case(r, d, &a) || !may_send_more(r, &a)) return;
    json_t *model = base_model(&a);
    json_object_set_new(model, "upload", case_http_upload_model(r));
    resp_page(r, 200, "pages/sak-ettersend", "Ettersend dokumentasjon", model);
}

void case_send_more(req *r)
{
    db *d;
    case_access_info a;
    if (case_http_person(r, &d) || case_http_case(r, d, &a) || !may_send_more(r, &a)) return;
    const char *comment = case_http_field(r, "kommentar");
    if (strlen(comment) > CASE_MAX_TEXT) {
        resp_error(r, 400, "Kommentaren er for lang",
                   arena_printf(r->arena, "Kommentaren kan være høyst %d tegn.", CASE_MAX_TEXT));
        return;
    }
    archive_document_new *docs;
    size_t n;
    if (case_http_files(r, "vedlegg", 1, &docs, &n)) return;
    case_actor_info by = actor_for(r, &a);
    char err[512];
    /* Each party's change commits with its row on the audit trail. */
    audit_on_commit_req(d, r, AUDIT_OBJ_CASE, a.case_id, AUDIT_CHANGE, "dokumentasjon");
    int rc = case_documents_add(d, &a, &by, comment, docs, n, err, sizeof err);
    audit_after_action(d);
    if (rc != DB_OK) {
        case_http_failed(r, d, rc, err);
        return;
    }
    resp_redirect(r, 303, case_path(r, &a, "?fane=dokumenter&sendt=dokumentasjon"));
}

static int may_withdraw(req *r, const case_access_info *a)
{
    if (!a->is_submitter) {
        resp_error(r, 403, "Bare innsenderen kan trekke saken",
                   "Saken kan bare trekkes av den som sendte den inn.");
        return 0;
    }
    if (case_may_withdraw(a->case_type, a->status)) return 1;
    resp_error(r, 409, "Saken kan ikke trekkes",
               "Saken er allerede avsluttet eller trukket.");
    return 0;
}

void case_page_withdraw(req *r)
{
    db *d;
    case_access_info a;
    if (case_http_person(r, &d) || case_http_case(r, d, &a) || !may_withdraw(r, &a)) return;
    resp_page(r, 200, "pages/sak-trekk", "Trekk saken", base_model(&a));
}

void case_withdraw_post(req *r)
{
    db *d;
    case_access_info a;
    if (case_http_person(r, &d) || case_http_case(r, d, &a) || !may_withdraw(r, &a)) return;
    const char *reason = case_http_field(r, "begrunnelse");
    json_t *model = base_model(&a);
    if (case_http_check_text(model, "begrunnelse", reason, CASE_MAX_TEXT, 0, "Hvorfor trekker du saken?")) {
        json_object_set_new(model, "v", json_pack("{s:s}", "begrunnelse", reason));
        resp_page(r, 400, "pages/sak-trekk", "Trekk saken", model);
        return;
    }
    json_decref(model);
    case_actor_info by = actor_for(r, &a);
    char err[512];
    audit_on_commit_req(d, r, AUDIT_OBJ_CASE, a.case_id, AUDIT_CHANGE, "trukket");
    int rc = case_withdraw(d, &a, &by, reason, err, sizeof err);
    audit_after_action(d);
    if (rc != DB_OK) {
        case_http_failed(r, d, rc, err);
        return;
    }
    resp_redirect(r, 303, case_path(r, &a, ""));
}

static int may_contact(req *r, const case_access_info *a)
{
    if (a->case_file_id) return 1;
    resp_error(r, 409, "Tips har ikke «Kontakt oss»",
               "Et tips blir ikke en sak med saksbehandler, så du kan ikke sende melding om det. "
               "Send heller et nytt tips.");
    return 0;
}

static void contact_form(req *r, db *d, const case_access_info *a, int status, json_t *model)
{
    json_t *recipients;
    int rc = case_http_recipients(d, a, case_http_field(r, "mottaker"), &recipients);
    if (rc != 0) {
        json_decref(recipients);
        json_decref(model);
        case_http_failed(r, d, rc, NULL);
        return;
    }
    json_object_set_new(model, "recipients", recipients);
    json_object_set_new(model, "upload", case_http_upload_model(r));
    resp_page(r, status, "pages/sak-kontakt", "Kontakt oss", model);
}

void case_page_contact(req *r)
{
    db *d;
    case_access_info a;
    if (case_http_person(r, &d) || case_http_case(r, d, &a) || !may_contact(r, &a)) return;
    contact_form(r, d, &a, 200, base_model(&a));
}

void case_contact_post(req *r)
{
    db *d;
    case_access_info a;
    if (case_http_person(r, &d) || case_http_case(r, d, &a) || !may_contact(r, &a)) return;
    const char *to = case_http_field(r, "mottaker"), *subject = case_http_field(r, "emne");
    const char *text = case_http_field(r, "tekst");
    json_t *model = base_model(&a);
    json_object_set_new(model, "v", json_pack("{s:s, s:s}", "emne", subject, "tekst", text));
    int bad = case_http_check_text(model, "emne", subject, CASE_MAX_LINE, 1, "Emne");
    bad |= case_http_check_text(model, "tekst", text, CASE_MAX_TEXT, 1, "Melding");
    int64_t staff_id = !strcmp(to, "forbrukertilsynet") ? 0 : case_http_id(to);
    if (staff_id < 0) {
        case_http_form_error(model, "mottaker", "Velg en mottaker fra listen.");
        bad = 1;
    }
    if (bad) {
        contact_form(r, d, &a, 400, model);
        return;
    }
    json_decref(model);
    archive_document_new *docs;
    size_t n;
    if (case_http_files(r, "vedlegg", 0, &docs, &n)) return;
    case_actor_info by = actor_for(r, &a);
    char err[512];
    audit_on_commit_req(d, r, AUDIT_OBJ_CASE, a.case_id, AUDIT_CHANGE, "melding");
    int rc = case_contact_send(d, &a, &by, staff_id, subject, text, docs, n, err, sizeof err);
    audit_after_action(d);
    if (rc != DB_OK) {
        case_http_failed(r, d, rc, err);
        return;
    }
    resp_redirect(r, 303, case_path(r, &a, "?fane=dokumenter&sendt=melding"));
}

void case_access_post(req *r)
{
    db *d;
    case_access_info a;
    if (case_http_person(r, &d) || case_http_case(r, d, &a)) return;
    int64_t person = case_http_id(req_form(r, "person"));
    const char *action = case_http_field(r, "handling");
    int give = !strcmp(action, "gi");
    if (!a.is_org_admin || !a.orgnr[0] || person < 0 || (!give && strcmp(action, "fjern"))) {
        case_http_not_found(r);
        return;
    }
    audit_on_commit_req(d, r, AUDIT_OBJ_CASE, a.case_id, AUDIT_CHANGE, give ? "tilgang gitt" : "tilgang fjernet");
    int rc = case_access_set(d, a.case_id, a.orgnr, r->session->person_id, person, give);
    audit_after_action(d);
    if (rc != DB_OK) {
        case_http_failed(r, d, rc, NULL);
        return;
    }
    resp_redirect(r, 303, case_path(r, &a, "?sendt=tilgang"));
}
