#include "web/pages.h"

#include <jansson.h>

#include "app.h"
#include "auth/auth_http.h"
#include "archive/archive_http.h"
#include "cases/case_http.h"
#include "cases/case_staff_http.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/workdays.h"
#include "http/response.h"
#include "http/static_files.h"
#include "inbox/inbox_pages.h"
#include "org/org_http.h"

const route minside_routes[] = {
    {"GET", "/", page_front},
    {"GET", "/personvern", page_privacy},
    {"GET", "/tilgjengelighet", page_accessibility},
    {"GET", "/healthz", page_healthz},
    {"GET", "/velg-organisasjon", org_page_choose},
    {"GET", "/api/organisasjoner/forslag", org_api_suggestions},
    {"GET", "/static/*path", page_static},
    /* Login (src/auth) */
    {"GET", "/logg-inn", auth_login_public},
    {"GET", "/logg-inn/tilbake", auth_callback_public},
    {"GET", "/ansatt/logg-inn", auth_login_staff},
    {"GET", "/ansatt/logg-inn/tilbake", auth_callback_staff},
    {"POST", "/logg-ut", auth_logout},
    {"GET", "/logget-ut", auth_logged_out},
    {"GET", "/logg-ut/frontkanal", auth_logout_frontchannel},
    {"GET", "/min-side", auth_home},
    {"GET", "/min-side/profil", auth_profile_show},
    {"POST", "/min-side/profil", auth_profile_save},
    {"GET", "/ansatt", auth_staff_home},
    /* Cases, the public side (src/cases) */
    {"GET", "/ny-sak/mekling", case_page_new_mediation},
    {"POST", "/ny-sak/mekling", case_submit_mediation},
    {"GET", "/ny-sak/tips", case_page_new_tip},
    {"POST", "/ny-sak/tips", case_submit_tip},
    {"GET", "/ny-sak/veiledning", case_page_new_guidance},
    {"POST", "/ny-sak/veiledning", case_submit_guidance},
    {"GET", "/ny-sak/kvittering/:id", case_page_receipt},
    {"GET", "/vare-saker", case_page_org_list},
    {"GET", "/mine-saker", case_page_my_list},
    {"GET", "/saker/:id", case_page_show},
    {"GET", "/saker/:id/dokumenter/:object_id", case_document_get},
    {"GET", "/saker/:id/ettersend", case_page_send_more},
    {"POST", "/saker/:id/ettersend", case_send_more},
    {"GET", "/saker/:id/trekk", case_page_withdraw},
    {"POST", "/saker/:id/trekk", case_withdraw_post},
    {"GET", "/saker/:id/kontakt", case_page_contact},
    {"POST", "/saker/:id/kontakt", case_contact_post},
    {"POST", "/saker/:id/tilgang", case_access_post},
    /* The archive's staff pages (src/archive) */
    {"GET", "/ansatt/arkiv", archive_staff_list},
    {"POST", "/ansatt/arkiv/saksmapper", archive_staff_case_create},
    {"GET", "/ansatt/arkiv/saksmapper/:id", archive_staff_case_show},
    {"POST", "/ansatt/arkiv/saksmapper/:id/journalposter", archive_staff_entry_register},
    {"POST", "/ansatt/arkiv/journalposter/:id/skjerming", archive_staff_entry_screening},
    {"POST", "/ansatt/arkiv/journalposter/:id/teiepliktig", archive_staff_entry_confidential},
    {"GET", "/ansatt/arkiv/dokumenter/:id", archive_staff_document},
    /* Representation of organisations (src/org) */
    {"GET", "/virksomhet", org_page_mine},
    {"POST", "/virksomhet/bytt", org_switch},
    {"GET", "/virksomhet/registrer", org_page_register},
    {"POST", "/virksomhet/registrer", org_register_submit},
    {"GET", "/virksomhet/finner-ikke", org_page_request},
    {"POST", "/virksomhet/finner-ikke", org_request_submit},
    {"GET", "/virksomhet/brukere", org_page_people},
    {"POST", "/virksomhet/brukere/:id/godkjenn", org_people_approve},
    {"POST", "/virksomhet/brukere/:id/avvis", org_people_reject},
    {"POST", "/virksomhet/brukere/:id/rolle", org_people_role},
    {"POST", "/virksomhet/brukere/:id/slett", org_people_remove},
    {"GET", "/ansatt/virksomheter", org_staff_queue},
    {"POST", "/ansatt/virksomheter/:id/godkjenn", org_staff_approve},
    {"POST", "/ansatt/virksomheter/:id/avvis", org_staff_reject},
    {"POST", "/ansatt/virksomheter/foresporsler/:id/lukk", org_staff_request_close},
    /* Inbox (src/inbox) */
    {"GET", "/innboks", inbox_page_list},
    {"GET", "/innboks/:id", inbox_page_message},
    {"POST", "/innboks/:id/ulest", inbox_unread_submit},
    /* Cases, the caseworker's side (src/cases/case_staff_http.c) */
    {"GET", "/ansatt/saker", case_staff_page_queue},
    {"GET", "/ansatt/saker/:id", case_staff_page_case},
    {"POST", "/ansatt/saker/:id/saksbehandler", case_staff_post_assign},
    {"POST", "/ansatt/saker/:id/status", case_staff_post_status},
    {"POST", "/ansatt/saker/:id/frist", case_staff_post_deadline},
    {"POST", "/ansatt/saker/:id/brev", case_staff_post_letter},
    {"POST", "/ansatt/saker/:id/notat", case_staff_post_note},
    {NULL, NULL, NULL},
};

const char *format_date_nb(arena *a, int64_t t)
{
    static const char *const months[] = {"januar", "februar", "mars",     "april",
                                         "mai",    "juni",    "juli",     "august",
                                         "september", "oktober", "november", "desember"};
    civil_date d = civil_date_oslo(t);
    return arena_printf(a, "%d. %s %d", d.day, months[d.month - 1], d.year);
}

static void page_unavailable(req *r)
{
    resp_error(r, 503, "Tjenesten er midlertidig utilgjengelig",
               "Min side har problemer med å nå dataene sine akkurat nå. Prøv igjen om litt.");
}

void page_front(req *r)
{
    db *d = app_db();
    if (!d) {
        page_unavailable(r);
        return;
    }
    int64_t now = clock_now();
    db_stmt *st = db_prepare(d, "SELECT title, body, published_at FROM notice "
                                "WHERE published_at <= $1 AND (expires_at IS NULL OR expires_at > $1) "
                                "ORDER BY published_at DESC, id DESC LIMIT 5");
    json_t *notices = json_array();
    int rc = st ? db_bind_int(st, 1, now) : DB_ERR;
    while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
        json_array_append_new(notices, json_pack("{s:s, s:s, s:s}", "title", db_col_text(st, 0),
                                                 "body", db_col_text(st, 1), "published",
                                                 format_date_nb(r->arena, db_col_int(st, 2))));
        rc = DB_OK;
    }
    if (st) db_reset(st);
    if (rc != DB_DONE) {
        log_error("request=%s kunne ikke lese aktuelt: %s", r->id, db_errmsg(d));
        json_decref(notices);
        page_unavailable(r);
        return;
    }
    resp_page(r, 200, "pages/front", "Forside", json_pack("{s:o}", "notices", notices));
}

void page_privacy(req *r)
{
    resp_page(r, 200, "pages/personvern", "Personvernerklæring", NULL);
}

void page_accessibility(req *r)
{
    resp_page(r, 200, "pages/tilgjengelighet", "Tilgjengelighetserklæring", NULL);
}

void page_healthz(req *r)
{
    db *d = app_db();
    db_stmt *st = d ? db_prepare(d, "SELECT 1") : NULL;
    int rc = st ? db_step(st) : DB_ERR;
    if (st) db_reset(st);
    if (rc != DB_ROW) {
        resp_text(r, 503, "database utilgjengelig\n");
        return;
    }
    resp_text(r, 200, "ok\n");
}

void page_static(req *r)
{
    static_files_serve(r, g_app.statics, req_param(r, "path"));
}
