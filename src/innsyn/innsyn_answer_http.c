/* The requester's side of an answer, behind the secret link in the answer's e-mail: the
 * decisions, the released documents for 30 days, and the complaint. */
#include "innsyn/innsyn_http.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "archive/archive_http.h"
#include "auth/auth.h"
#include "core/clock.h"
#include "core/date_text.h"
#include "core/log.h"
#include "core/utf8.h"
#include "http/response.h"
#include "innsyn/innsyn_internal.h"

enum { COMPLAINT_MAX_BYTES = 5000 };

static void link_not_valid(req *r)
{
    resp_error(r, 404, "Lenken virker ikke",
               "Lenken til svaret er feil. Bruk lenken i e-posten med svaret på innsynskravet.");
}

/* The request the link's token opens, or NULL after answering (404, 503). */
static db *answer_open(req *r, innsyn_request_row *q)
{
    const char *token = req_param(r, "token");
    db *d = app_db();
    if (!d) {
        auth_page_unavailable(r);
        return NULL;
    }
    int64_t id = 0;
    char hash[65];
    int rc = INNSYN_ERR_NOT_FOUND;
    if (innsyn_token_valid(token)) {
        innsyn_token_hash(token, hash);
        rc = innsyn_db_request_by_answer(d, hash, &id);
    }
    if (rc == DB_OK) rc = innsyn_db_request_get(d, r->arena, id, q);
    if (rc == INNSYN_ERR_NOT_FOUND) {
        link_not_valid(r);
        return NULL;
    }
    if (rc != DB_OK) {
        log_error("request=%s kunne ikke lese svaret: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return NULL;
    }
    return d;
}

static int may_complain(const innsyn_request_row *q, json_t *decisions)
{
    char today[11];
    civil_date_format(civil_date_oslo(clock_now()), today);
    if (q->complaint || !q->complaint_until || strcmp(today, q->complaint_until) > 0) return 0;
    if (!strcmp(q->state, "avslatt_frist")) return 1;
    size_t i;
    json_t *x;
    json_array_foreach(decisions, i, x)
        if (strcmp(json_string_value(json_object_get(x, "outcome")), "innsyn")) return 1;
    return 0;
}

void innsyn_page_answer(req *r)
{
    innsyn_request_row q;
    db *d = answer_open(r, &q);
    if (!d) return;
    json_t *decisions = innsyn_db_decisions_json(d, q.id);
    if (!decisions) {
        auth_page_unavailable(r);
        return;
    }
    int live = clock_now() < q.release_until, released = 0;
    size_t i;
    json_t *x;
    json_array_foreach(decisions, i, x) released |= json_is_true(json_object_get(x, "released"));
    json_t *m = json_pack(
        "{s:s, s:s, s:b, s:b, s:b, s:s, s:s?, s:b, s:b, s:b}", "reference", q.reference, "token",
        req_param(r, "token"), "lapsed", !strcmp(q.state, "avslatt_frist"), "live", live,
        "complaint", q.complaint, "release_until", date_text_nb(r->arena, q.release_until - 1),
        "complaint_until",
        q.complaint_until ? date_text_nb_ymd(r->arena, q.complaint_until) : NULL,
        "may_complain", may_complain(&q, decisions), "complained",
        req_query(r, "klage") != NULL, "pending", !strcmp(q.state, "mottatt"));
    json_object_set_new(m, "decisions", decisions);
    json_object_set_new(m, "any_released", json_boolean(released));
    resp_page(r, 200, "pages/innsyn-svar", "Svar på innsynskravet", m);
}

void innsyn_answer_document(req *r)
{
    innsyn_request_row q;
    db *d = answer_open(r, &q);
    if (!d) return;
    if (clock_now() >= q.release_until) {
        resp_error(r, 410, "Dokumentet er ikke lenger tilgjengelig",
                   "Lenken til dokumentene gjaldt i 30 dager og har gått ut. Be om innsyn på "
                   "nytt om du trenger dokumentet.");
        return;
    }
    innsyn_release rel;
    int64_t decision = req_param_id(r, "id");
    int rc = decision ? innsyn_db_release_get(d, r->arena, q.id, decision, &rel)
                      : INNSYN_ERR_NOT_FOUND;
    if (rc == INNSYN_ERR_NOT_FOUND || (rc == DB_OK && !rel.object_id && !rel.copy)) {
        resp_error(r, 404, "Fant ikke dokumentet", "Dette dokumentet er ikke utlevert i svaret.");
        return;
    }
    if (rc != DB_OK) {
        auth_page_unavailable(r);
        return;
    }
    if (rel.object_id) {
        archive_http_send_document(r, d, rel.object_id);
        return;
    }
    resp_header_add(r, "Content-Disposition",
                    arena_printf(r->arena, "attachment; filename=\"%s\"", rel.copy_name));
    char *body = malloc(rel.copy_size ? rel.copy_size : 1);
    memcpy(body, rel.copy, rel.copy_size);
    resp_body(r, 200, rel.copy_mime, body, rel.copy_size);
}

void innsyn_complaint_submit(req *r)
{
    innsyn_request_row q;
    db *d = answer_open(r, &q);
    if (!d) return;
    json_t *decisions = innsyn_db_decisions_json(d, q.id);
    int allowed = decisions && may_complain(&q, decisions);
    json_decref(decisions);
    if (!allowed) {
        resp_error(r, 409, "Du kan ikke klage her",
                   "Klagefristen er ute, klagen er allerede sendt, eller svaret ga fullt innsyn.");
        return;
    }
    const char *text = req_form(r, "begrunnelse");
    if (text && *text && !utf8_text_within(text, COMPLAINT_MAX_BYTES, false)) {
        resp_error(r, 400, "For lang begrunnelse", "Begrunnelsen kan være høyst 5000 tegn.");
        return;
    }
    int64_t now = clock_now();
    int rc = db_begin(d);
    if (rc == DB_OK) rc = innsyn_db_complaint_set(d, q.id);
    if (rc == DB_OK)
        rc = innsyn_db_log(d, q.id, now, "klage",
                           text && *text ? arena_printf(r->arena, "Klage: %s", text)
                                         : "Klage uten begrunnelse.");
    if (rc == DB_OK)
        rc = innsyn_notify(
            d, &q, arena_printf(r->arena, "Klagen på innsynskravet %s er mottatt", q.reference),
            arena_printf(r->arena,
                         "Vi har mottatt klagen din på svaret på innsynskravet %s. Vi vurderer "
                         "saken på nytt og svarer deg så snart vi kan.\n\nMed vennlig hilsen\n"
                         "Forbrukertilsynet\n",
                         q.reference));
    rc = db_finish(d, rc);
    if (rc == INNSYN_ERR_STATE) {
        resp_error(r, 409, "Klagen er allerede sendt", "Kravet er allerede tilbake til behandling.");
        return;
    }
    if (rc != DB_OK) {
        auth_page_unavailable(r);
        return;
    }
    resp_redirect(r, 303, arena_printf(r->arena, "/innsyn/svar/%s?klage=1", req_param(r, "token")));
}
