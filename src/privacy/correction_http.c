/* «Be om retting» over HTTP. The person points at an item by its section and its place on
 * «Mine personopplysninger»; the item is looked up again in the person's own data when the form
 * is posted, so nobody can point at an item that is not theirs. Each request and each answer is
 * one transaction with its audit row (and, for an answer, the inbox message). */
#include "privacy/correction_http.h"
#include "privacy/correction.h"
#include "privacy/privacy.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audit_http.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/response.h"

static int64_t parse_index(const char *s)
{
    if (!s || !*s || strlen(s) > 6 || strspn(s, "0123456789") != strlen(s)) return -1;
    return strtoll(s, NULL, 10);
}

static void failed(req *r, db *d, const char *what)
{
    log_error("request=%s %s: %s", r->id, what, db_errmsg(d));
    auth_page_unavailable(r);
}

/* The item the person points at, as text, from their own data; NULL after answering (404 when
 * the person has no such item). */
static const char *own_item(req *r, db *d, const char *section, const char *index_text)
{
    int64_t index = parse_index(index_text);
    json_t *doc = NULL;
    if (privacy_collect(d, r->arena, r->session->person_id, &doc) != DB_OK) {
        failed(r, d, "retting: personopplysningene");
        return NULL;
    }
    json_t *page = privacy_page_model(doc);
    json_decref(doc);
    const char *item = section && index >= 0 ? privacy_item_text(r->arena, page, section, (size_t)index) : NULL;
    json_decref(page);
    if (!item)
        resp_error(r, 404, "Fant ikke opplysningen",
                   "Opplysningen finnes ikke blant dine personopplysninger. Velg den på «Mine personopplysninger».");
    return item;
}

static void form(req *r, int status, const char *section, const char *index, const char *item, const char *text,
                 const char *error)
{
    json_t *m = json_pack("{s:s, s:s, s:s, s:s, s:i}", "section", section, "index", index, "item", item, "text",
                          text ? text : "", "max", CORRECTION_TEXT_MAX);
    if (error) json_object_set_new(m, "error", json_string(error));
    resp_page(r, status, "pages/retting", "Be om retting", m);
}

void correction_page_form(req *r)
{
    db *d = auth_person_db(r);
    if (!d) return;
    const char *section = req_query(r, "del"), *index = req_query(r, "element");
    const char *item = own_item(r, d, section, index);
    if (item) form(r, 200, section, index, item, NULL, NULL);
}

void correction_submit(req *r)
{
    db *d = auth_person_db(r);
    if (!d) return;
    const char *section = req_form(r, "del"), *index = req_form(r, "element"), *text = req_form(r, "tekst");
    const char *item = own_item(r, d, section, index);
    if (!item) return;
    int rc = db_begin(d);
    if (rc == DB_OK)
        rc = correction_request_add(d, r->session->person_id, section, item, text ? text : "", clock_now(), NULL);
    if (rc == DB_OK)
        rc = audit_append_req(d, r, AUDIT_OBJ_PERSON, r->session->person_id, AUDIT_CREATE, "retting");
    if (rc != CORRECTION_ERR_INVALID && rc != CORRECTION_ERR_DUPLICATE) rc = db_finish(d, rc);
    else db_rollback(d);
    if (rc == CORRECTION_ERR_INVALID) {
        form(r, 400, section, index, item, text,
             text && *text ? "Skriv hva som er feil med høyst 2000 tegn." : "Skriv hva som er feil.");
        return;
    }
    if (rc == CORRECTION_ERR_DUPLICATE) {
        resp_error(r, 409, "Du har allerede bedt om retting",
                   "Du har allerede bedt om retting av denne opplysningen, og vi har ikke svart ennå. Svaret kommer "
                   "i innboksen din.");
        return;
    }
    if (rc != DB_OK) {
        failed(r, d, "retting: lagring");
        return;
    }
    resp_redirect(r, 303, "/min-side/personopplysninger?retting=sendt");
}

void correction_staff_queue(req *r)
{
    db *d = auth_staff_db(r, AUTH_ROLE_CASEWORKER);
    if (!d) return;
    json_t *list = json_array();
    int rc = db_begin(d);
    if (rc == DB_OK) rc = correction_open_list(d, r->arena, list);
    /* The queue shows persons' own words about their data: each person shown is a read. */
    json_t *item;
    size_t i;
    json_array_foreach(list, i, item)
    {
        if (rc != DB_OK) break;
        rc = audit_append_req(d, r, AUDIT_OBJ_PERSON, json_integer_value(json_object_get(item, "person_id")),
                              AUDIT_READ, "retting");
    }
    rc = db_finish(d, rc);
    if (rc != DB_OK) {
        json_decref(list);
        failed(r, d, "retting: køen");
        return;
    }
    const char *done = req_query(r, "besvart");
    resp_page(r, 200, "pages/ansatt-retting", "Ønsker om retting",
              json_pack("{s:o, s:b, s:b}", "requests", list, "any", json_array_size(list) > 0, "answered", done != NULL));
}

void correction_staff_answer(req *r)
{
    db *d = auth_staff_db(r, AUTH_ROLE_CASEWORKER);
    if (!d) return;
    int64_t id = req_param_id(r, "id");
    const char *outcome = req_form(r, "utfall"), *answer = req_form(r, "svar");
    if (!outcome || (strcmp(outcome, "rettet") && strcmp(outcome, "ikke_rettet"))) {
        resp_error(r, 400, "Velg utfall", "Velg om opplysningen er rettet eller ikke.");
        return;
    }
    int64_t person = 0;
    int rc = id > 0 ? db_begin(d) : CORRECTION_ERR_NOT_FOUND;
    if (rc == DB_OK) rc = correction_person_of(d, id, &person) == 1 ? DB_OK : CORRECTION_ERR_NOT_FOUND;
    if (rc == DB_OK)
        rc = correction_answer(d, id, r->session->staff_id, !strcmp(outcome, "rettet"), answer ? answer : "", clock_now());
    if (rc == DB_OK) rc = audit_append_req(d, r, AUDIT_OBJ_PERSON, person, AUDIT_CHANGE, "retting besvart");
    if (id > 0) rc = db_finish(d, rc);
    if (rc == CORRECTION_ERR_INVALID) {
        resp_error(r, 400, "Skriv et svar", "Skriv svaret til personen, med høyst 2000 tegn.");
        return;
    }
    if (rc == CORRECTION_ERR_NOT_FOUND) {
        resp_error(r, 404, "Fant ikke ønsket", "Ønsket om retting finnes ikke, eller er allerede besvart.");
        return;
    }
    if (rc != DB_OK) {
        failed(r, d, "retting: svar");
        return;
    }
    resp_redirect(r, 303, "/ansatt/retting?besvart=1");
}
