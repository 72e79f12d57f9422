/* The staff pages: issues written, previewed, test-sent and sent by staff with the `leder`
 * role, who speak for the authority, with each issue's progress and its record of sent, failed
 * and bounced messages. */
#include "newsletter/newsletter_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/session.h"
#include "auth/staff.h"
#include "core/clock.h"
#include "core/date_text.h"
#include "core/log.h"
#include "core/utf8.h"
#include "http/response.h"
#include "newsletter/newsletter_db.h"
#include "newsletter/newsletter_issue.h"
#include "newsletter/newsletter_message.h"

#define STAFF_ROLE AUTH_ROLE_MANAGER

static const char *state_label(const char *state)
{
    if (!strcmp(state, "draft")) return "Utkast";
    if (!strcmp(state, "sending")) return "Sendes";
    return "Sendt";
}

static void failed(req *r, db *d, const char *what)
{
    log_error("request=%s nyhetsbrev: %s: %s", r->id, what, db_errmsg(d));
    auth_page_unavailable(r);
}

/* The title and body of the form, or NULL after answering 400 with the form again. */
static int form_text(req *r, const char **title, const char **body)
{
    *title = req_form(r, "tittel");
    *body = req_form(r, "tekst");
    if (*title && *body && **title && **body && utf8_text_within(*title, NL_TITLE_MAX, true) &&
        utf8_text_within(*body, NL_BODY_MAX, false))
        return 0;
    resp_error(r, 400, "Nyhetsbrevet mangler noe",
               "Skriv en tittel på én linje (høyst 200 tegn) og en tekst (høyst 60 000 tegn), "
               "og prøv igjen.");
    return -1;
}

static void list_page(req *r, db *d, const char *notice)
{
    json_t *issues = nl_issue_list_json(d);
    int64_t confirmed = issues ? nl_db_confirmed_count(d) : -1;
    if (!issues || confirmed < 0) {
        json_decref(issues);
        failed(r, d, "kan ikke lese utgavene");
        return;
    }
    size_t k;
    json_t *it;
    json_array_foreach(issues, k, it)
    {
        const char *state = json_string_value(json_object_get(it, "state"));
        json_object_set_new(it, "state_label", json_string(state_label(state)));
        json_object_set_new(it, "updated", json_string(date_text_nb(
                                               r->arena, json_integer_value(json_object_get(it, "updated_at")))));
    }
    json_t *m = json_pack("{s:o, s:b, s:I}", "issues", issues, "any", json_array_size(issues) > 0,
                          "confirmed", (json_int_t)confirmed);
    if (notice) json_object_set_new(m, "notice", json_string(notice));
    resp_page(r, 200, "pages/ansatt-nyhetsbrev", "Nyhetsbrev", m);
}

void newsletter_staff_list(req *r)
{
    db *d = auth_staff_db(r, STAFF_ROLE);
    if (d) list_page(r, d, NULL);
}

void newsletter_staff_create(req *r)
{
    db *d = auth_staff_db(r, STAFF_ROLE);
    const char *title, *body;
    if (!d || form_text(r, &title, &body) != 0) return;
    int64_t id = 0;
    if (nl_issue_create(d, r->session->staff_id, title, body, clock_now(), &id) != DB_OK) {
        failed(r, d, "utkastet kunne ikke lagres");
        return;
    }
    resp_redirect(r, 303, arena_printf(r->arena, "/ansatt/nyhetsbrev/%lld", (long long)id));
}

/* The issue of the path, loaded; 0 after answering 404 or 503. */
static int issue_of_path(req *r, db *d, nl_issue *i)
{
    int64_t id = req_param_id(r, "id");
    int found = id ? nl_issue_load(d, id, i) : 0;
    if (found < 0) failed(r, d, "kan ikke lese utgaven");
    if (found == 0)
        resp_error(r, 404, "Fant ikke nyhetsbrevet", "Utgaven finnes ikke. Gå tilbake til listen.");
    return found > 0;
}

static void issue_page(req *r, const nl_issue *i, const char *notice, int status)
{
    char *html = nl_markdown_html(i->body);
    json_t *m = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:I, s:I, s:I, s:I, s:I}", "id", (json_int_t)i->id,
        "title", i->title, "body", i->body, "preview", html ? html : "", "state_label",
        state_label(i->state), "draft", !strcmp(i->state, "draft"), "sending",
        !strcmp(i->state, "sending"), "recipients", (json_int_t)i->recipients, "sent",
        (json_int_t)i->sent, "failed", (json_int_t)i->failed, "bounced", (json_int_t)i->bounced,
        "left", (json_int_t)(i->recipients - i->sent - i->failed));
    free(html);
    if (i->send_started_at)
        json_object_set_new(m, "started", json_string(date_text_nb(r->arena, i->send_started_at)));
    if (i->send_finished_at)
        json_object_set_new(m, "finished", json_string(date_text_nb(r->arena, i->send_finished_at)));
    if (notice) json_object_set_new(m, "notice", json_string(notice));
    resp_page(r, status, "pages/ansatt-nyhetsbrev-utgave",
              arena_printf(r->arena, "Nyhetsbrev: %s", i->title), m);
}

void newsletter_staff_show(req *r)
{
    db *d = auth_staff_db(r, STAFF_ROLE);
    nl_issue i;
    if (!d || !issue_of_path(r, d, &i)) return;
    const char *done = req_query(r, "utfort");
    const char *notice = !done                 ? NULL
                         : !strcmp(done, "lagret") ? "Utkastet er lagret."
                         : !strcmp(done, "sendes")  ? "Utsendingen er startet."
                                                    : NULL;
    issue_page(r, &i, notice, 200);
    nl_issue_free(&i);
}

static void not_draft(req *r)
{
    resp_error(r, 409, "Nyhetsbrevet er allerede sendt",
               "Denne utgaven er sendt eller sendes nå, og kan ikke endres eller sendes på nytt.");
}

void newsletter_staff_save(req *r)
{
    db *d = auth_staff_db(r, STAFF_ROLE);
    const char *title, *body;
    nl_issue i;
    if (!d || !issue_of_path(r, d, &i)) return;
    int64_t id = i.id;
    nl_issue_free(&i);
    if (form_text(r, &title, &body) != 0) return;
    int rc = nl_issue_update(d, id, title, body, clock_now());
    if (rc == NL_NOT_DRAFT) not_draft(r);
    else if (rc != DB_OK) failed(r, d, "utkastet kunne ikke lagres");
    else resp_redirect(r, 303, arena_printf(r->arena, "/ansatt/nyhetsbrev/%lld?utfort=lagret", (long long)id));
}

void newsletter_staff_test(req *r)
{
    db *d = auth_staff_db(r, STAFF_ROLE);
    nl_issue i;
    if (!d || !issue_of_path(r, d, &i)) return;
    char to[320], err[512];
    int has = staff_email_copy(d, r->session->staff_id, to, sizeof to);
    if (has < 0) {
        failed(r, d, "kan ikke lese e-postadressen");
    } else if (!has) {
        issue_page(r, &i, "Vi har ingen e-postadresse for deg fra påloggingen, så prøveutsendingen "
                          "kan ikke sendes.", 409);
    } else if (nl_send_test(i.title, i.body, to, err, sizeof err) != 0) {
        log_warn("request=%s nyhetsbrev: prøveutsendingen feilet: %s", r->id, err);
        issue_page(r, &i, "Prøveutsendingen kom ikke fram til e-posttjeneren. Prøv igjen om litt.",
                   503);
    } else {
        issue_page(r, &i, arena_printf(r->arena, "Prøveutsendingen er sendt til %s.", to), 200);
    }
    nl_issue_free(&i);
}

void newsletter_staff_send(req *r)
{
    db *d = auth_staff_db(r, STAFF_ROLE);
    nl_issue i;
    if (!d || !issue_of_path(r, d, &i)) return;
    int64_t id = i.id, n = 0;
    nl_issue_free(&i);
    int rc = nl_issue_start_sending(d, id, clock_now(), &n);
    if (rc == NL_NOT_DRAFT) not_draft(r);
    else if (rc != DB_OK) failed(r, d, "utsendingen kunne ikke startes");
    else {
        log_info("nyhetsbrev %lld: sendes til %lld abonnenter", (long long)id, (long long)n);
        resp_redirect(r, 303, arena_printf(r->arena, "/ansatt/nyhetsbrev/%lld?utfort=sendes", (long long)id));
    }
}
