/* Filing: a consumer's mediation complaint, a tip, a business's guidance request, and the
 * receipt with the case's number. Each submission is one transaction (case_submit). */
#include "cases/case_http.h"
#include "cases/case_http_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "audit/audit_http.h"
#include "auth/session.h"
#include "cases/case_rules.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/workdays.h"
#include "http/response.h"
#include "org/org.h"
#include "org/org_db.h"

enum { SEARCH_HITS = 10 };

/* The organisation's name, or NULL when the number names no unit. */
static const char *org_name_get(req *r, db *d, const char *orgnr)
{
    if (!org_number_valid(orgnr)) return NULL;
    char name[ORG_NAME_MAX];
    return org_name_copy(d, orgnr, name, sizeof name) == 1 ? arena_strdup(r->arena, name) : NULL;
}

static json_t *chosen_org(const char *orgnr, const char *name)
{
    char shown[12];
    org_number_format(orgnr, shown);
    return json_pack("{s:s, s:s, s:s}", "orgnr", orgnr, "orgnr_visning", shown, "navn", name);
}

static void mediation_search(req *r, db *d, json_t *model, const char *q)
{
    json_object_set_new(model, "q", json_string(q));
    if (!*q) return;
    if (strlen(q) > ORG_QUERY_MAX) {
        case_http_form_error(model, "virksomhet_q", "Søket er for langt. Skriv inntil 200 tegn.");
        return;
    }
    org_hit hits[SEARCH_HITS];
    int n = org_search(d, r->arena, q, SEARCH_HITS, hits);
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        json_t *h = chosen_org(hits[i].orgnr, hits[i].name);
        const char *label = org_hit_status_label(&hits[i]);
        if (label) json_object_set_new(h, "status", json_string(label));
        if (hits[i].city) json_object_set_new(h, "poststed", json_string(hits[i].city));
        json_array_append_new(list, h);
    }
    json_object_set_new(model, "searched", json_true());
    json_object_set_new(model, "count", json_integer(n > 0 ? n : 0));
    json_object_set_new(model, "hits", list);
}

static void mediation_form(req *r, db *d, int status, json_t *model)
{
    const char *orgnr = req_query(r, "orgnr");
    if (!orgnr || !*orgnr) orgnr = req_form(r, "orgnr");
    const char *name = orgnr && *orgnr ? org_name_get(r, d, orgnr) : NULL;
    if (name) {
        json_object_set_new(model, "chosen", chosen_org(orgnr, name));
    } else {
        if (orgnr && *orgnr)
            case_http_form_error(model, "virksomhet_q",
                                 "Vi fant ingen virksomhet med det organisasjonsnummeret. Søk på nytt.");
        const char *q = req_query(r, "q");
        mediation_search(r, d, model, q ? q : "");
    }
    json_object_set_new(model, "upload", case_http_upload_model(r));
    resp_page(r, status, "pages/sak-ny-mekling", "Klag på en virksomhet", model);
}

void case_page_new_mediation(req *r)
{
    db *d;
    if (case_http_person(r, &d)) return;
    mediation_form(r, d, 200, json_object());
}

static json_t *form_values(req *r, const char *const *fields)
{
    json_t *v = json_object();
    for (size_t i = 0; fields[i]; i++)
        json_object_set_new(v, fields[i], json_string(case_http_field(r, fields[i])));
    return v;
}

static void submit(req *r, db *d, case_submission *in)
{
    char err[512];
    case_receipt rec;
    /* The case's number is made in the transaction: the row names the person who filed it. */
    audit_on_commit_req(d, r, AUDIT_OBJ_PERSON, r->session->person_id, AUDIT_CREATE, "ny sak");
    int rc = case_submit(d, in, &rec, err, sizeof err);
    audit_after_action(d);
    if (rc != DB_OK) {
        case_http_failed(r, d, rc, err);
        return;
    }
    resp_redirect(r, 303, arena_printf(r->arena, "/ny-sak/kvittering/%lld", (long long)rec.case_id));
}

void case_submit_mediation(req *r)
{
    db *d;
    if (case_http_person(r, &d)) return;
    static const char *const fields[] = {"kjopt", "kjopsdato", "problem", "krav", NULL};
    json_t *model = json_pack("{s:o}", "v", form_values(r, fields));
    const char *orgnr = case_http_field(r, "orgnr");
    const char *org = org_name_get(r, d, orgnr);
    const char *bought = case_http_field(r, "kjopt"), *date = case_http_field(r, "kjopsdato");
    const char *problem = case_http_field(r, "problem"), *want = case_http_field(r, "krav");
    int bad = 0;
    if (!org) {
        case_http_form_error(model, "virksomhet_q", "Velg virksomheten du klager på.");
        bad = 1;
    }
    bad |= case_http_check_text(model, "kjopt", bought, CASE_MAX_LINE, 1, "Hva kjøpte du?");
    civil_date when, today = civil_date_oslo(clock_now());
    if (civil_date_parse(date, &when) != 0) {
        case_http_form_error(model, "kjopsdato", "Skriv kjøpsdatoen som dato, for eksempel 2026-10-31.");
        bad = 1;
    } else if (civil_date_compare(when, today) > 0) {
        case_http_form_error(model, "kjopsdato", "Kjøpsdatoen kan ikke være fram i tid.");
        bad = 1;
    }
    bad |= case_http_check_text(model, "problem", problem, CASE_MAX_TEXT, 1, "Hva gikk galt?");
    bad |= case_http_check_text(model, "krav", want, CASE_MAX_TEXT, 1, "Hva ønsker du?");
    if (bad) {
        mediation_form(r, d, 400, model);
        return;
    }
    json_decref(model);
    archive_document_new *docs;
    size_t n;
    if (case_http_files(r, "vedlegg", 0, &docs, &n)) return;
    case_actor_info by;
    case_http_actor(r, d, &by, NULL);
    json_t *details = json_pack("{s:s, s:s, s:s, s:s}", "kjopt", bought, "kjopsdato", date,
                                "problem", problem, "krav", want);
    char *details_text = json_dumps(details, JSON_COMPACT);
    json_decref(details);
    case_submission in = {
        .case_type = CASE_TYPE_MEDIATION,
        .by = by,
        .counterpart_orgnr = orgnr,
        .counterpart_name = org,
        .title = arena_printf(r->arena, "Klage på %s fra %s", org, by.name),
        .details_json = details_text,
        .document_text = arena_printf(
            r->arena,
            "Klage til Forbrukertilsynet – be om mekling\n\nKlager: %s\nVirksomhet: %s "
            "(org.nr. %s)\nHva ble kjøpt: %s\nKjøpsdato: %s\n\nHva gikk galt:\n%s\n\nHva ønsker "
            "klageren:\n%s\n",
            by.name, org, orgnr, bought, date, problem, want),
        .attachments = docs,
        .attachment_count = n,
    };
    submit(r, d, &in);
    free(details_text);
}

/* Tips and guidance requests: the person's organisation when they act for a confirmed one. */
static void simple_form(req *r, db *d, const char *type, int status, json_t *model)
{
    org_acting acting;
    case_actor_info by;
    int org = case_http_actor(r, d, &by, &acting);
    if (org < 0) {
        json_decref(model);
        return;
    }
    if (org) json_object_set_new(model, "org", chosen_org(acting.orgnr, acting.org_name));
    json_object_set_new(model, "upload", case_http_upload_model(r));
    int tip = !strcmp(type, CASE_TYPE_TIP);
    if (!tip && !org) {
        json_decref(model);
        resp_error(r, 403, "Du må representere en virksomhet",
                   "Bare virksomheter kan be om veiledning. Velg en organisasjon du er godkjent "
                   "for, eller registrer deg som representant først.");
        return;
    }
    resp_page(r, status, tip ? "pages/sak-ny-tips" : "pages/sak-ny-veiledning",
              tip ? "Send et tips" : "Be om veiledning", model);
}

void case_page_new_tip(req *r)
{
    db *d;
    if (case_http_person(r, &d)) return;
    simple_form(r, d, CASE_TYPE_TIP, 200, json_pack("{s:{s:s}}", "v", "som", "organisasjon"));
}

void case_page_new_guidance(req *r)
{
    db *d;
    if (case_http_person(r, &d)) return;
    simple_form(r, d, CASE_TYPE_GUIDANCE, 200, json_object());
}

static void submit_simple(req *r, const char *type)
{
    db *d;
    if (case_http_person(r, &d)) return;
    int tip = !strcmp(type, CASE_TYPE_TIP);
    static const char *const fields[] = {"emne", "virksomhet", "tekst", "som", NULL};
    json_t *model = json_pack("{s:o}", "v", form_values(r, fields));
    const char *subject = case_http_field(r, "emne"), *text = case_http_field(r, "tekst");
    const char *about = case_http_field(r, "virksomhet");
    int bad = case_http_check_text(model, "emne", subject, CASE_MAX_LINE, 1, "Emne");
    bad |= case_http_check_text(model, "tekst", text, CASE_MAX_TEXT, 1,
                                tip ? "Hva vil du tipse oss om?" : "Hva lurer dere på?");
    if (tip) bad |= case_http_check_text(model, "virksomhet", about, CASE_MAX_LINE, 0, "Hvilken virksomhet gjelder det?");
    if (bad) {
        simple_form(r, d, type, 400, model);
        return;
    }
    org_acting acting;
    case_actor_info by;
    int org = case_http_actor(r, d, &by, &acting);
    if (org < 0) {
        json_decref(model);
        return;
    }
    /* A tip goes in the organisation's name only when the person chose so; guidance always. */
    int as_org = org && (!tip || !strcmp(case_http_field(r, "som"), "organisasjon"));
    if (!tip && !org) {
        simple_form(r, d, type, 403, model);
        return;
    }
    json_decref(model);
    if (as_org) {
        by.orgnr = arena_strdup(r->arena, acting.orgnr);
        by.org_name = arena_strdup(r->arena, acting.org_name);
    }
    archive_document_new *docs = NULL;
    size_t n = 0;
    if (!tip && case_http_files(r, "vedlegg", 0, &docs, &n)) return;
    json_t *details = json_pack("{s:s, s:s, s:s}", "emne", subject, "tekst", text, "virksomhet", about);
    char *details_text = json_dumps(details, JSON_COMPACT);
    json_decref(details);
    case_submission in = {
        .case_type = type,
        .by = by,
        .title = subject,
        .details_json = details_text,
        .document_text = arena_printf(r->arena, "Veiledning – spørsmål fra %s (org.nr. %s)\n\nEmne: %s\n\n%s\n",
                                      by.org_name ? by.org_name : by.name, by.orgnr ? by.orgnr : "-",
                                      subject, text),
        .attachments = docs,
        .attachment_count = n,
        .tip_retention_months = g_app.cfg.tip_retention_months,
    };
    submit(r, d, &in);
    free(details_text);
}

void case_submit_tip(req *r)
{
    submit_simple(r, CASE_TYPE_TIP);
}

void case_submit_guidance(req *r)
{
    submit_simple(r, CASE_TYPE_GUIDANCE);
}

void case_page_receipt(req *r)
{
    db *d;
    case_access_info a;
    if (case_http_person(r, &d) || case_http_case(r, d, &a)) return;
    int tip = !strcmp(a.case_type, CASE_TYPE_TIP);
    json_t *model = json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)a.case_id, "reference",
                              a.reference, "type", case_type_label(a.case_type), "tip", tip);
    resp_page(r, 200, "pages/sak-kvittering", "Kvittering", model);
}
