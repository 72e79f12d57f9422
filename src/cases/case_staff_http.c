/* The caseworker's pages for cases. The forms post to /ansatt/saker/:id/<action>; a success
 * goes back to the case page with a message (post, redirect, get), a mistake shows the case page
 * again with a Norwegian message and a 4xx, and nothing is saved. */
#include "cases/case_staff_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "audit/audit_http.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "cases/case_http_internal.h"
#include "cases/case_rules.h"
#include "cases/case_staff.h"
#include "cases/case_staff_view.h"
#include "core/log.h"
#include "http/response.h"
#include "http/upload_check.h"


static int64_t parse_positive(const char *s, int64_t max)
{
    if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s)) return -1;
    long long v = strtoll(s, NULL, 10);
    return v >= 1 && v <= max ? v : -1;
}

static void not_found(req *r)
{
    resp_error(r, 404, "Fant ikke saken",
               "Saken finnes ikke. Sjekk lenken, eller gå tilbake til arbeidskøen.");
}

void case_staff_page_queue(req *r)
{
    if (auth_require_staff(r, AUTH_ROLE_CASEWORKER)) return;
    const char *list = req_query(r, "liste"), *type = req_query(r, "type"),
               *page_s = req_query(r, "side");
    if (!list || !*list) list = CASE_QUEUE_NEW;
    if (!type) type = "";
    page_cursor at;
    if ((strcmp(list, CASE_QUEUE_NEW) && strcmp(list, CASE_QUEUE_MINE) &&
         strcmp(list, CASE_QUEUE_ACTIVITY)) ||
        (*type && !case_type_find(type)) || (page_s && page_cursor_decode(page_s, &at) != 0)) {
        resp_error(r, 400, "Ugyldig valg",
                   "Listen, sakstypen eller sidetallet i adressen finnes ikke. Gå tilbake til "
                   "arbeidskøen og velg på nytt.");
        return;
    }
    db *d = app_db();
    json_t *m = NULL;
    if (!d || case_staff_queue_model(d, r->arena, r->session->staff_id, list, type,
                                     page_s ? &at : NULL, &m) != DB_OK) {
        log_error("request=%s kunne ikke lese arbeidskøen: %s", r->id, d ? db_errmsg(d) : "");
        auth_page_unavailable(r);
        return;
    }
    resp_page(r, 200, "pages/ansatt-saker", "Arbeidskø", m);
}

static const char *ok_message(const char *code)
{
    static const struct {
        const char *code, *text;
    } msgs[] = {{"tildelt", "Saken er tildelt."},
                {"status", "Statusen er endret, og partene har fått beskjed i innboksen."},
                {"frist", "Fristen er satt og vises for partene."},
                {"brev", "Brevet er journalført og sendt."},
                {"notat", "Telefonnotatet er journalført. Det vises ikke for partene."}};
    for (size_t i = 0; code && i < sizeof msgs / sizeof msgs[0]; i++)
        if (!strcmp(code, msgs[i].code)) return msgs[i].text;
    return NULL;
}

/* The case page with status, and error (or NULL) above the forms. */
static void case_render(req *r, db *d, const case_staff_case *c, int status, const char *error)
{
    json_t *m = NULL;
    int64_t last_event = 0;
    if (case_staff_case_model(d, r->arena, c, r->session->staff_id, &last_event, &m) != DB_OK) {
        log_error("request=%s kunne ikke lese sak %lld: %s", r->id, (long long)c->id, db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    if (status == 200 && case_staff_mark_seen(d, c, r->session->staff_id, last_event) != DB_OK)
        log_warn("request=%s kunne ikke merke sak %lld som sett: %s", r->id, (long long)c->id,
                 db_errmsg(d));
    if (error) {
        json_object_set_new(m, "error", json_string(error));
        /* What the caseworker wrote stays in the form. */
        static const char *const kept[] = {"emne",  "tekst",      "epost",      "med_hvem",
                                           "notat", "frist_dato", "virkedager", "frist_tekst"};
        for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
            if (req_form(r, kept[i]))
                json_object_set_new(m, arena_printf(r->arena, "form_%s", kept[i]),
                                    json_string(req_form(r, kept[i])));
    } else if (ok_message(req_query(r, "ok"))) {
        json_object_set_new(m, "ok", json_string(ok_message(req_query(r, "ok"))));
    }
    json_object_set_new(m, "upload", case_http_upload_model(r));
    const char *title = arena_printf(r->arena, "Sak %s", c->reference);
    resp_page(r, status, "pages/ansatt-sak", title, m);
}

/* The staff check, the database and the case named in the path; 0, or -1 when the request is
 * answered already. */
static int case_begin(req *r, db **d, case_staff_case *c)
{
    if (auth_require_staff(r, AUTH_ROLE_CASEWORKER)) return -1;
    int64_t id = parse_positive(req_param(r, "id"), INT64_MAX / 2);
    if (id < 0) {
        not_found(r);
        return -1;
    }
    *d = app_db();
    int rc = *d ? case_staff_case_get(*d, id, c) : DB_ERR;
    if (rc == 0) {
        not_found(r);
        return -1;
    }
    if (rc < 0) {
        log_error("request=%s kunne ikke lese sak %lld", r->id, (long long)id);
        auth_page_unavailable(r);
        return -1;
    }
    return 0;
}

void case_staff_page_case(req *r)
{
    db *d;
    case_staff_case c;
    if (case_begin(r, &d, &c)) return;
    /* The caseworker opened the case: on the audit trail before the page is shown. */
    if (audit_record_req(d, r, AUDIT_OBJ_CASE, c.id, AUDIT_READ, NULL) != DB_OK) {
        log_error("request=%s sak %lld: revisjonsloggen feilet: %s", r->id, (long long)c.id, db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    case_render(r, d, &c, 200, NULL);
}

/* After an action: back to the case, or the case again with the refusal. */
static void case_after(req *r, db *d, case_staff_case *c, int rc, const char *err, const char *ok)
{
    if (rc >= 0) {
        resp_redirect(r, 303,
                      arena_printf(r->arena, "/ansatt/saker/%lld?ok=%s", (long long)c->id, ok));
        return;
    }
    if (rc != CASE_STAFF_ERR_INVALID && rc != CASE_STAFF_ERR_CONFLICT &&
        rc != CASE_STAFF_ERR_REFUSED) {
        log_error("request=%s sak %lld: handlingen feilet (%d): %s", r->id, (long long)c->id, rc,
                  db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    case_staff_case fresh;
    if (case_staff_case_get(d, c->id, &fresh) == 1) *c = fresh;
    case_render(r, d, c, rc == CASE_STAFF_ERR_CONFLICT ? 409 : 422, err);
}

/* One form's action: the case, who acts, and room for the Norwegian refusal. */
typedef int (*case_action)(req *r, db *d, const case_staff_case *c, const case_staff_actor *who,
                           char *err, size_t errlen);

/* The common way of every form: staff check, the case, the action, then case_after. */
static void case_post(req *r, case_action act, const char *ok)
{
    db *d;
    case_staff_case c;
    if (case_begin(r, &d, &c)) return;
    case_staff_actor who = {r->session->staff_id,
                            r->session->name ? r->session->name : "Saksbehandler"};
    char err[512] = "";
    /* The change and its row on the audit trail commit together. */
    audit_on_commit_req(d, r, AUDIT_OBJ_CASE, c.id, AUDIT_CHANGE, ok);
    int rc = act(r, d, &c, &who, err, sizeof err);
    audit_after_action(d);
    case_after(r, d, &c, rc, err, ok);
}

static int act_assign(req *r, db *d, const case_staff_case *c, const case_staff_actor *who,
                      char *err, size_t errlen)
{
    const char *choice = req_form(r, "saksbehandler");
    int64_t staff_id =
        choice && !strcmp(choice, "meg") ? who->staff_id : parse_positive(choice, INT64_MAX / 2);
    if (staff_id < 0) {
        snprintf(err, errlen, "Velg en saksbehandler fra listen.");
        return CASE_STAFF_ERR_INVALID;
    }
    return case_staff_assign(d, c, who, staff_id, err, errlen);
}

static int act_status(req *r, db *d, const case_staff_case *c, const case_staff_actor *who,
                      char *err, size_t errlen)
{
    return case_staff_set_status(d, c, who, req_form(r, "status"), err, errlen);
}

static int act_deadline(req *r, db *d, const case_staff_case *c, const case_staff_actor *who,
                        char *err, size_t errlen)
{
    return case_staff_set_deadline(d, c, who, req_form(r, "frist_dato"), req_form(r, "virkedager"),
                                   req_form(r, "frist_tekst"), err, errlen);
}

/* The letter's files: checked by their content, then handed to the archive from the upload
 * folder. */
static int act_letter(req *r, db *d, const case_staff_case *c, const case_staff_actor *who,
                      char *err, size_t errlen)
{
    upload_verdict verdict = {0};
    size_t files = 0;
    for (size_t i = 0; i < r->upload_count; i++)
        if (!strcmp(r->uploads[i].field, "vedlegg") && r->uploads[i].path) files++;
    if (files > CASE_MAX_ATTACHMENTS) {
        snprintf(err, errlen, "Du kan legge ved høyst %d filer i ett brev.", CASE_MAX_ATTACHMENTS);
        return CASE_STAFF_ERR_INVALID;
    }
    const file_kind **kinds = arena_calloc(r->arena, r->upload_count + 1, sizeof *kinds);
    if (upload_check_field(r, "vedlegg", 0, r->max_file_bytes, kinds, &verdict) != 0) {
        snprintf(err, errlen, "%s", verdict.message);
        return CASE_STAFF_ERR_INVALID;
    }
    archive_document_new *docs = arena_calloc(r->arena, r->upload_count + 1, sizeof *docs);
    size_t n = 0;
    for (size_t i = 0; i < r->upload_count; i++) {
        const upload *u = &r->uploads[i];
        if (strcmp(u->field, "vedlegg") || !u->path) continue;
        docs[n] = (archive_document_new){.title = u->filename,
                                         .file_name = u->filename,
                                         .mime_type = kinds[n]->mime,
                                         .path = u->path};
        n++;
    }
    const char *conf = req_form(r, "teiepliktig");
    case_letter_new in = {.recipient = req_form(r, "mottaker"),
                          .email = req_form(r, "epost"),
                          .subject = req_form(r, "emne"),
                          .text = req_form(r, "tekst"),
                          .confidential = conf && *conf,
                          .attachments = docs,
                          .attachment_count = n};
    int64_t entry_id = 0;
    return case_staff_send_letter(d, c, who, &in, &entry_id, err, errlen);
}

static int act_note(req *r, db *d, const case_staff_case *c, const case_staff_actor *who, char *err,
                    size_t errlen)
{
    return case_staff_record_note(d, c, who, req_form(r, "med_hvem"), req_form(r, "notat"), err,
                                  errlen);
}

void case_staff_post_assign(req *r)
{
    case_post(r, act_assign, "tildelt");
}

void case_staff_post_status(req *r)
{
    case_post(r, act_status, "status");
}

void case_staff_post_deadline(req *r)
{
    case_post(r, act_deadline, "frist");
}

void case_staff_post_letter(req *r)
{
    case_post(r, act_letter, "brev");
}

void case_staff_post_note(req *r)
{
    case_post(r, act_note, "notat");
}
