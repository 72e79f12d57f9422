/* The caseworkers' queue of organisations: pending administrator applications with the
 * organisation's roles from Enhetsregisteret and whether the applicant likely holds one that may
 * represent it, the decision, and the «finner ikke» requests. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "audit/audit_http.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/response.h"
#include "org/org_http.h"
#include "org/org_rep.h"

/* Renders the queue; error (if any) belongs to application error_id's field: "begrunnelse" for
 * a rejection, "grunnlag" for an approval. */
static void queue_render(req *r, db *d, int status, int64_t error_id, const char *field,
                         const char *error)
{
    int64_t now = clock_now();
    json_t *queue = org_queue_json(d, r->arena, now);
    json_t *requests = queue ? org_requests_json(d, r->arena) : NULL;
    if (!queue || !requests) {
        json_decref(queue);
        log_error("request=%s kunne ikke lese køen: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    size_t i, overdue = 0;
    json_t *item;
    json_array_foreach(queue, i, item)
    {
        if (json_is_true(json_object_get(item, "overdue"))) overdue++;
        if (error && json_integer_value(json_object_get(item, "id")) == error_id)
            json_object_set_new(item, strcmp(field, "grunnlag") ? "error" : "basis_error",
                                json_string(error));
    }
    json_t *m = json_pack("{s:o, s:o, s:b, s:b, s:I, s:I, s:s?}", "queue", queue, "requests",
                          requests, "any_queue", json_array_size(queue) > 0, "any_requests",
                          json_array_size(requests) > 0, "queue_count",
                          (json_int_t)json_array_size(queue), "overdue_count",
                          (json_int_t)overdue, "done", req_query(r, "behandlet"));
    if (error) {
        json_object_set_new(m, "error", json_string(error));
        json_object_set_new(m, "error_id", json_integer(error_id));
        json_object_set_new(m, "error_field", json_string(field));
    }
    resp_page(r, status, "pages/ansatt-virksomheter", "Virksomheter til godkjenning", m);
}

void org_staff_queue(req *r)
{
    db *d = auth_staff_db(r, AUTH_ROLE_CASEWORKER);
    if (!d) return;
    /* The queue shows applicants' names and birth dates: a read of persons' data on the trail. */
    if (audit_record_req(d, r, "org_applications", 0, AUDIT_READ, NULL) != DB_OK) {
        log_error("request=%s revisjonsloggen: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    queue_render(r, d, 200, 0, NULL, NULL);
}

static void decide(req *r, int approve)
{
    db *d = auth_staff_db(r, AUTH_ROLE_CASEWORKER);
    if (!d) return;
    int64_t id = req_param_id(r, "id");
    const char *field = approve ? "grunnlag" : "begrunnelse";
    const char *reason = req_form(r, field);
    while (reason && (*reason == ' ' || *reason == '\r' || *reason == '\n')) reason++;
    if (reason && strlen(reason) > ORG_REASON_MAX) {
        queue_render(r, d, 400, id, field,
                     approve ? "Grunnlaget kan ikke være lengre enn 2000 tegn."
                             : "Begrunnelsen kan ikke være lengre enn 2000 tegn.");
        return;
    }
    if (!approve && (!reason || !*reason)) {
        queue_render(r, d, 400, id, field, "Skriv en begrunnelse. Den sendes til søkeren.");
        return;
    }
    /* Without a likely match in Enhetsregisteret the caseworker must say what the approval
     * rests on (a power of attorney received, for instance). */
    int likely = approve ? org_application_likely_match(d, id) : 1;
    if (likely < 0) {
        log_error("request=%s kunne ikke lese søknaden: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    if (!likely && (!reason || !*reason)) {
        queue_render(r, d, 400, id, field,
                     "Søkeren har ingen rolle i Enhetsregisteret som passer. Skriv hva "
                     "godkjenningen bygger på, for eksempel en mottatt fullmakt.");
        return;
    }
    /* The decision changes a person's role: its row commits with it. */
    audit_on_commit_req(d, r, "org_member", id, AUDIT_CHANGE, approve ? "godkjent" : "avvist");
    int rc = id ? org_admin_decide(d, id, r->session->staff_id, approve, reason, clock_now())
                : ORG_ERR_NOT_FOUND;
    audit_after_action(d);
    if (rc == ORG_ERR_NOT_FOUND) {
        resp_error(r, 404, "Fant ikke søknaden", "Søknaden finnes ikke.");
        return;
    }
    if (rc == ORG_ERR_DECIDED) {
        resp_error(r, 409, "Allerede behandlet", "Søknaden er allerede godkjent eller avvist.");
        return;
    }
    if (rc < 0) {
        log_error("request=%s kunne ikke lagre vedtaket: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    resp_redirect(r, 303, approve ? "/ansatt/virksomheter?behandlet=godkjent"
                                  : "/ansatt/virksomheter?behandlet=avvist");
}

void org_staff_approve(req *r) { decide(r, 1); }
void org_staff_reject(req *r) { decide(r, 0); }

void org_staff_request_close(req *r)
{
    db *d = auth_staff_db(r, AUTH_ROLE_CASEWORKER);
    if (!d) return;
    int64_t id = req_param_id(r, "id");
    int rc = id ? org_request_close(d, id, r->session->staff_id, clock_now()) : ORG_ERR_NOT_FOUND;
    if (rc == ORG_ERR_NOT_FOUND) {
        resp_error(r, 404, "Fant ikke forespørselen", "Forespørselen finnes ikke eller er lukket.");
        return;
    }
    if (rc < 0) {
        log_error("request=%s kunne ikke lukke forespørselen: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    resp_redirect(r, 303, "/ansatt/virksomheter?behandlet=lukket");
}
