/* Every address the service answers, by method and path pattern, with the handler of each.
 * GET also answers HEAD. Patterns: literal segments, ":name" for one segment, "*name" for the
 * rest (http/router.h). The authorization matrix test walks this table. */
#include "web/routes.h"

#include "archive/archive_http.h"
#include "audit/audit_http.h"
#include "auth/auth_http.h"
#include "cases/case_http.h"
#include "cases/case_staff_http.h"
#include "inbox/inbox_pages.h"
#include "innsyn/innsyn_http.h"
#include "journal/journal_http.h"
#include "newsletter/newsletter_http.h"
#include "metrics/metrics.h"
#include "org/org_http.h"
#include "stats/stats_http.h"
#include "privacy/correction_http.h"
#include "privacy/privacy_http.h"
#include "retention/retention_http.h"
#include "web/pages.h"

const route site_routes[] = {
    /* Public pages (src/web) */
    {"GET", "/", page_front},
    {"GET", "/personvern", page_privacy},
    {"GET", "/tilgjengelighet", page_accessibility},
    {"GET", "/healthz", page_healthz},
    {"GET", "/metrics", metrics_page}, /* src/metrics; loopback or a token */
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
    /* The public journal (src/journal) */
    {"GET", "/postjournal", journal_page_search},
    {"GET", "/postjournal/:id", journal_page_entry},
    {"GET", "/ansatt/offentlig-journal", journal_staff_queue},
    {"POST", "/ansatt/offentlig-journal/journalposter/:id/vurder", journal_staff_assess},
    {"POST", "/ansatt/offentlig-journal/stopp", journal_staff_stop},
    {"POST", "/ansatt/offentlig-journal/stopp/:id/opphev", journal_staff_lift},
    /* Representation of organisations (src/org) */
    {"GET", "/velg-organisasjon", org_page_choose},
    {"GET", "/api/organisasjoner/forslag", org_api_suggestions},
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
    {"GET", "/virksomhet/brukere/:id/slett", org_page_people_remove},
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
    /* Statistics for managers (src/stats) */
    {"GET", "/statistikk", stats_page},
    {"GET", "/statistikk/:chart", stats_page_csv},
    /* Personal data: the audit trail and the retention record (src/audit, src/retention) */
    {"GET", "/ansatt/revisjonslogg", audit_page_search},
    {"GET", "/ansatt/sletting", retention_page_record},
    {"GET", "/min-side/personopplysninger", privacy_page_show},
    {"GET", "/min-side/personopplysninger/utskrift", privacy_page_print},
    {"GET", "/min-side/personopplysninger.json", privacy_download_json},
    {"GET", "/min-side/retting", correction_page_form},
    {"POST", "/min-side/retting", correction_submit},
    {"GET", "/ansatt/retting", correction_staff_queue},
    {"POST", "/ansatt/retting/:id", correction_staff_answer},
    /* Requests for access, innsyn (src/innsyn) */
    {"GET", "/innsyn/ny", innsyn_page_new},
    {"POST", "/innsyn/ny", innsyn_submit},
    {"GET", "/innsyn/sendt", innsyn_page_sent},
    {"GET", "/innsyn/bekreft", innsyn_page_confirm},
    {"POST", "/innsyn/bekreft", innsyn_confirm_submit},
    {"GET", "/min-side/innsyn", innsyn_page_mine},
    {"GET", "/innsyn/svar/:token", innsyn_page_answer},
    {"GET", "/innsyn/svar/:token/dokumenter/:id", innsyn_answer_document},
    {"POST", "/innsyn/svar/:token/klage", innsyn_complaint_submit},
    {"GET", "/ansatt/innsyn", innsyn_staff_queue},
    {"GET", "/ansatt/innsyn/:id", innsyn_staff_show},
    {"POST", "/ansatt/innsyn/:id/vedtak", innsyn_staff_decide},
    /* The newsletter (src/newsletter) */
    {"GET", "/nyhetsbrev", newsletter_page_signup},
    {"POST", "/nyhetsbrev", newsletter_signup_post},
    {"GET", "/nyhetsbrev/bekreft/:token", newsletter_page_confirm},
    {"POST", "/nyhetsbrev/bekreft/:token", newsletter_confirm_post},
    {"GET", "/nyhetsbrev/avmeld/:token", newsletter_unsubscribe_get},
    {"POST", "/nyhetsbrev/avmeld/:token", newsletter_unsubscribe_post},
    {"GET", "/ansatt/nyhetsbrev", newsletter_staff_list},
    {"POST", "/ansatt/nyhetsbrev", newsletter_staff_create},
    {"GET", "/ansatt/nyhetsbrev/:id", newsletter_staff_show},
    {"POST", "/ansatt/nyhetsbrev/:id", newsletter_staff_save},
    {"POST", "/ansatt/nyhetsbrev/:id/test", newsletter_staff_test},
    {"POST", "/ansatt/nyhetsbrev/:id/send", newsletter_staff_send},
    {NULL, NULL, NULL},
};

const route_file_limit site_file_limits[] = {
    {"/ansatt/arkiv/saksmapper/:id/journalposter", ARCHIVE_DOCUMENT_MAX_BYTES},
    {NULL, 0},
};
