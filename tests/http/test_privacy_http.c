/* Personal data over HTTP, on SQLite and (with MINSIDE_TEST_PG_URL) on PostgreSQL:
 * «Mine personopplysninger» with every kind of item and nothing of a second person who shares a
 * case (their personal number, e-mail or phone), the JSON download and the printable page; the
 * audit trail written when a caseworker opens a case and searched by a leder (the search itself
 * recorded); the retention record for an arkivleder; who may reach each page. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/cookies.h"
#include "auth/person.h"
#include "client.h"
#include "core/clock.h"
#include "fixture.h"
#include "http/server.h"
#include "privacy/correction.h"
#include "retention/retention.h"
#include "tap.h"
#include "web/routes.h"
#include "web/site.h"

static char tmpdir[256];
static const char *E = "sqlite";
static const int64_t NOW = 1798012800; /* 2026-12-23 09:00 Oslo */

/* Kari files a complaint against Ola's company; Ola is its administrator, so both see the case. */
#define KARI_PID "17058045039"
#define OLA_PID "08089045186"
#define OLA_EMAIL "ola.motpart@example.no"
#define OLA_PHONE "+4798765432"

static struct {
    int64_t kari, ola, sara, leo, arne, kari_case, other_case;
} ids;
static char kari_cookie[128], ola_cookie[128], sara_cookie[128], leo_cookie[128], arne_cookie[128];
static char kari_csrf[65], sara_csrf[65], csrf_unused[65];

static int64_t scalar(db *d, const char *sql, int64_t arg)
{
    db_stmt *s = db_prepare(d, sql);
    int64_t v = -1;
    if (s && (strstr(sql, "$1") ? db_bind_int(s, 1, arg) : DB_OK) == DB_OK && db_step(s) == DB_ROW)
        v = db_col_int(s, 0);
    if (s) db_reset(s);
    return v;
}

static int64_t person_make(db *d, const char *pid, const char *name, const char *email, const char *phone)
{
    int64_t id = 0;
    db_begin(d);
    person_find_or_create(d, pid, NOW - 86400 * 30, &id);
    person_profile_set(d, id, name, email, phone, NOW - 86400 * 30);
    db_commit(d);
    return id;
}

static int64_t staff_make(db *d, const char *subject, const char *name, const char *roles)
{
    db_run(d, "INSERT INTO staff (subject, name, roles, last_login_at) VALUES ($1, $2, $3, 0)", "ttt", subject,
           name, roles);
    return scalar(d, "SELECT max(id) FROM staff", 0);
}

static int64_t case_make(db *d, const char *reference, int64_t submitter, const char *counterpart)
{
    db_run(d, "INSERT INTO case_record (case_type, status, reference, title, details, submitter_person_id, "
              "counterpart_orgnr, created_at, updated_at) VALUES ('mekling', 'mottatt', $1, 'Klage på vaskemaskin', "
              "'{}', $2, $3, $4, $4)",
           "titi", reference, submitter, counterpart, NOW - 86400 * 5);
    int64_t id = scalar(d, "SELECT max(id) FROM case_record", 0);
    if (counterpart)
        db_run(d, "INSERT INTO case_org (orgnr, case_type, case_id, party_role) VALUES ($1, 'mekling', $2, 'motpart')",
               "ti", counterpart, id);
    return id;
}

static void cookie_for(db *d, int64_t person, int64_t staff, char *cookie, char csrf[65])
{
    char token[65];
    fixture_session(d, person, staff, token, csrf);
    snprintf(cookie, 128, "Cookie: minside=%s", token);
}

static int seed(db *d)
{
    db_run(d, "INSERT INTO organisation (orgnr, name, name_norm, updated_at) VALUES "
              "('310000027', 'EKSEMPEL HVITEVARER AS', 'eksempel hvitevarer', 0)", "");
    ids.kari = person_make(d, KARI_PID, "Kari Testesen", "kari@example.no", "+4791234567");
    ids.ola = person_make(d, OLA_PID, "Ola Testmann", OLA_EMAIL, OLA_PHONE);
    db_run(d, "INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, due_at, decided_at) "
              "VALUES ('310000027', $1, 'administrator', 'bekreftet', 'Ola Testmann', $2, $2, $2)",
           "ii", ids.ola, NOW - 86400 * 20);
    /* Kari applied for the same company and was turned down: her role history. */
    db_run(d, "INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, due_at, decided_at, "
              "reject_reason) VALUES ('310000027', $1, 'bruker', 'avvist', 'Kari T.', $2, $2, $2, 'Ukjent for oss')",
           "ii", ids.kari, NOW - 86400 * 10);
    ids.kari_case = case_make(d, "2026/41", ids.kari, "310000027");
    ids.other_case = case_make(d, "2026/42", ids.ola, NULL);
    db_run(d, "INSERT INTO inbox_message (person_id, kind, sender, subject, body, created_at) VALUES "
              "($1, 'sak', 'Forbrukertilsynet', 'Saken er mottatt', 'Vi har mottatt klagen din.', $2)",
           "ii", ids.kari, NOW - 86400 * 4);
    db_run(d, "INSERT INTO innsyn_request (source, person_id, state, created_at, received_at) VALUES "
              "('nett', $1, 'mottatt', $2, $2)", "ii", ids.kari, NOW - 86400 * 2);
    db_run(d, "INSERT INTO innsyn_item (request_id, entry_id, registry_id, public_title) VALUES "
              "((SELECT max(id) FROM innsyn_request), 1, '2026/7-2', 'Brev')", "");
    db_run(d, "INSERT INTO newsletter_subscriber (address, ref, consent_version, consent_at, confirmed_at, created_at) "
              "VALUES ('kari@example.no', 'r1', '2026-12-01', $1, $1, $1)", "i", NOW - 86400);
    char key[PERSON_KEY_HEX];
    person_pid_key(KARI_PID, key);
    db_run(d, "INSERT INTO login_attempt (state_hash, browser_hash, provider, nonce, code_verifier, return_path, "
              "client_ip, person_key, outcome, created_at) VALUES ('s1', 'b', 'public', 'n', 'v', '/', '192.0.2.x', $1, "
              "'ok', $2)",
           "ti", key, NOW - 3600);
    ids.sara = staff_make(d, "sara", "Sara Saksbehandler", "saksbehandler");
    ids.leo = staff_make(d, "leo", "Leo Leder", "leder");
    ids.arne = staff_make(d, "arne", "Arne Arkiv", "arkivleder");
    cookie_for(d, ids.kari, 0, kari_cookie, kari_csrf);
    cookie_for(d, ids.ola, 0, ola_cookie, csrf_unused);
    cookie_for(d, 0, ids.sara, sara_cookie, sara_csrf);
    cookie_for(d, 0, ids.leo, leo_cookie, csrf_unused);
    cookie_for(d, 0, ids.arne, arne_cookie, csrf_unused);
    return 0;
}

#define get_as fixture_get_as

static long status_of(const char *cookie, const char *path)
{
    http_response r;
    long st = get_as(cookie, path, &r);
    http_response_free(&r);
    return st;
}

static int has(const http_response *r, const char *needle)
{
    return r->body.data && strstr(r->body.data, needle) != NULL;
}

static void check_access(void)
{
    TAP_EQ_INT(status_of(NULL, "/min-side/personopplysninger"), 303, "%s: the own-data page needs a login", E);
    TAP_EQ_INT(status_of(sara_cookie, "/ansatt/revisjonslogg"), 403, "%s: a caseworker without leder gets 403 on the audit trail", E);
    TAP_EQ_INT(status_of(kari_cookie, "/ansatt/revisjonslogg"), 303, "%s: a person is sent to the staff login", E);
    TAP_EQ_INT(status_of(leo_cookie, "/ansatt/revisjonslogg"), 200, "%s: a leder reaches it", E);
    TAP_EQ_INT(status_of(sara_cookie, "/ansatt/sletting"), 403, "%s: a caseworker without arkivleder gets 403 on the deletion record", E);
    TAP_EQ_INT(status_of(arne_cookie, "/ansatt/sletting"), 200, "%s: an arkivleder reaches it", E);
}

static void check_staff_view_audited(db *d)
{
    char path[64];
    snprintf(path, sizeof path, "/ansatt/saker/%lld", (long long)ids.kari_case);
    int64_t before = scalar(d, "SELECT count(*) FROM audit_log", 0);
    TAP_EQ_INT(status_of(sara_cookie, path), 200, "%s: the caseworker opens Kari's case", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM audit_log", 0), before + 1, "%s: one row on the audit trail", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM audit_log WHERE actor_kind = 'staff' AND actor_role = 'saksbehandler' "
                         "AND object_kind = 'case' AND action = 'read' AND object_id = $1 AND length(request_id) = 16",
                      ids.kari_case),
               1, "%s: naming the caseworker's role, the case, the read and the request id", E);
}

static void check_export(db *d)
{
    http_response r;
    TAP_EQ_INT(get_as(kari_cookie, "/min-side/personopplysninger.json", &r), 200, "%s: Kari downloads her data", E);
    char ct[128] = "", cd[256] = "";
    http_header(&r, "content-type", ct, sizeof ct);
    http_header(&r, "content-disposition", cd, sizeof cd);
    TAP_OK(strstr(ct, "application/json") && strstr(cd, "attachment"), "%s: as a JSON attachment (%s; %s)", E, ct, cd);
    json_error_t jerr;
    json_t *doc = r.body.data ? json_loads(r.body.data, 0, &jerr) : NULL;
    TAP_OK(doc != NULL, "%s: the download is valid JSON", E);
    TAP_EQ_STR(json_string_value(json_object_get(doc, "format")), "minside-personopplysninger/1", "%s: in the documented format", E);
    static const char *const kinds[] = {"profil", "virksomheter", "saker", "meldinger", "innsynskrav", "nyhetsbrev", "innlogginger",
                                        "innsyn_ansatte"};
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        json_t *sec, *found = NULL;
        size_t i;
        json_array_foreach(json_object_get(doc, "seksjoner"), i, sec)
            if (!strcmp(json_string_value(json_object_get(sec, "nokkel")), kinds[k])) found = sec;
        TAP_OK(found && json_array_size(json_object_get(found, "elementer")) >= 1, "%s: section %s holds Kari's item", E,
               kinds[k]);
    }
    TAP_OK(has(&r, "170580 *****") && !has(&r, KARI_PID), "%s: her personal number only masked", E);
    TAP_OK(has(&r, "kari@example.no") && has(&r, "+4791234567"), "%s: her e-mail and phone", E);
    TAP_OK(has(&r, "2026/7-2"), "%s: her innsyn request with the entry she asked for", E);
    TAP_OK(has(&r, "2026/41") && has(&r, "Vi har mottatt klagen din.") && has(&r, "Ukjent for oss"),
           "%s: her case, her message and her rejected role with its reason", E);
    TAP_OK(has(&r, "192.0.2.x") && has(&r, "saksbehandler"), "%s: her login's truncated address, and the role that opened her case", E);
    /* Ola shares the case: nothing of his may be in Kari's export. */
    TAP_OK(!has(&r, OLA_PID) && !has(&r, "080890"), "%s: nothing of the co-party's personal number", E);
    TAP_OK(!has(&r, OLA_EMAIL) && !has(&r, OLA_PHONE), "%s: nor his e-mail or phone", E);
    TAP_OK(!has(&r, "2026/42"), "%s: nor his own case", E);
    json_decref(doc);
    http_response_free(&r);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM audit_log WHERE actor_kind = 'person' AND actor_id = $1 AND action = 'export'",
                      ids.kari),
               1, "%s: the download is on the audit trail", E);

    TAP_EQ_INT(get_as(kari_cookie, "/min-side/personopplysninger", &r), 200, "%s: the page", E);
    TAP_OK(has(&r, "Mine personopplysninger") && has(&r, "170580 *****") && has(&r, "Virksomheter og roller") &&
               !has(&r, OLA_EMAIL),
           "%s: shows the same in plain Norwegian", E);
    http_response_free(&r);
    TAP_EQ_INT(get_as(kari_cookie, "/min-side/personopplysninger/utskrift", &r), 200, "%s: the printable page", E);
    TAP_OK(has(&r, "2026/41") && !has(&r, "personopplysninger.json"), "%s: has the data without the download links", E);
    http_response_free(&r);
    TAP_EQ_INT(get_as(ola_cookie, "/min-side/personopplysninger.json", &r), 200, "%s: Ola downloads his", E);
    TAP_OK(has(&r, "2026/41") && has(&r, "2026/42") && !has(&r, "kari@example.no") && !has(&r, "170580"),
           "%s: both his cases, nothing of Kari's contact data or number", E);
    http_response_free(&r);
}

static void check_audit_search(db *d)
{
    http_response r;
    char path[96];
    snprintf(path, sizeof path, "/ansatt/revisjonslogg?hva=sak&id=%lld", (long long)ids.kari_case);
    TAP_EQ_INT(get_as(leo_cookie, path, &r), 200, "%s: the leder searches by case", E);
    TAP_OK(has(&r, "Sara Saksbehandler") && has(&r, "åpnet"), "%s: and sees the caseworker who opened it", E);
    http_response_free(&r);
    snprintf(path, sizeof path, "/ansatt/revisjonslogg?hva=person&id=%lld", (long long)ids.kari);
    TAP_EQ_INT(get_as(leo_cookie, path, &r), 200, "%s: by person", E);
    TAP_OK(has(&r, "lastet ned") && has(&r, "Sara Saksbehandler"), "%s: her download and her case's reads", E);
    http_response_free(&r);
    snprintf(path, sizeof path, "/ansatt/revisjonslogg?hva=ansatt&id=%lld", (long long)ids.sara);
    TAP_EQ_INT(get_as(leo_cookie, path, &r), 200, "%s: by staff member", E);
    http_response_free(&r);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM audit_log WHERE object_kind = 'audit' AND action = 'search' AND actor_id = $1",
                      ids.leo),
               3, "%s: each search is itself on the trail", E);
    TAP_EQ_INT(status_of(leo_cookie, "/ansatt/revisjonslogg?hva=sak&id=abc"), 400, "%s: a non-number is a 400", E);
    TAP_EQ_INT(status_of(leo_cookie, "/ansatt/revisjonslogg?hva=alt&id=1"), 400, "%s: an unknown kind is a 400", E);
    audit_verify_result res;
    TAP_OK(audit_verify(d, NULL, &res) == 0 && res.problems == 0 && res.rows >= 6,
           "%s: the chain the server wrote is whole (%lld rows)", E, (long long)res.rows);
}

static long post_as(const char *cookie, const char *csrf, const char *path, const char *fields)
{
    char body[8192];
    snprintf(body, sizeof body, "csrf=%s&%s", csrf, fields);
    const char *hdrs[] = {cookie, NULL};
    http_request rq = {.method = "POST", .path = path, .headers = hdrs, .body = body, .body_len = strlen(body)};
    http_response r;
    http_send(&rq, &r);
    http_response_free(&r);
    return r.status;
}

static void check_correction(db *d)
{
    http_response r;
    /* «saker», item 0: her only case, 2026/41. */
    TAP_EQ_INT(get_as(kari_cookie, "/min-side/retting?del=saker&element=0", &r), 200, "%s: Kari opens «Be om retting» on her case", E);
    TAP_OK(has(&r, "Saksnummer: 2026/41"), "%s: the form names the item she pointed at", E);
    http_response_free(&r);
    TAP_EQ_INT(status_of(kari_cookie, "/min-side/retting?del=saker&element=1"), 404, "%s: an item she does not have is 404", E);
    TAP_EQ_INT(post_as(kari_cookie, kari_csrf, "/min-side/retting", "del=saker&element=7&tekst=Feil"), 404,
               "%s: posting for an item that is not hers is 404", E);
    TAP_EQ_INT(post_as(kari_cookie, kari_csrf, "/min-side/retting", "del=profil&element=0&tekst="), 400,
               "%s: an empty request is 400", E);
    char *longer = malloc(CORRECTION_TEXT_MAX + 40);
    strcpy(longer, "del=profil&element=0&tekst=");
    size_t at = strlen(longer);
    memset(longer + at, 'x', CORRECTION_TEXT_MAX + 1);
    longer[at + CORRECTION_TEXT_MAX + 1] = '\0';
    TAP_EQ_INT(post_as(kari_cookie, kari_csrf, "/min-side/retting", longer), 400, "%s: one character over the limit is 400", E);
    free(longer);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM correction_request", 0), 0, "%s: and nothing refused is stored", E);
    const char *ok = "del=profil&element=0&tekst=Telefonnummeret+mitt+er+%2B4791234568";
    TAP_EQ_INT(post_as(kari_cookie, kari_csrf, "/min-side/retting", ok), 303, "%s: a request is sent", E);
    TAP_EQ_INT(post_as(kari_cookie, kari_csrf, "/min-side/retting", ok), 409, "%s: the same item again is 409", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM correction_request WHERE person_id = $1", ids.kari), 1,
               "%s: stored once", E);
    int64_t id = scalar(d, "SELECT max(id) FROM correction_request", 0);

    TAP_EQ_INT(status_of(kari_cookie, "/ansatt/retting"), 303, "%s: a person cannot reach the staff queue", E);
    TAP_EQ_INT(get_as(sara_cookie, "/ansatt/retting", &r), 200, "%s: the caseworker opens the queue", E);
    TAP_OK(has(&r, "Kari Testesen") && has(&r, "Telefonnummeret mitt er +4791234568"), "%s: with Kari's request", E);
    http_response_free(&r);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM audit_log WHERE actor_id = $1 AND actor_kind = 'staff' AND "
                         "object_kind = 'person' AND detail = 'retting'", ids.sara),
               1, "%s: which is on the audit trail as a read of her data", E);
    char path[64];
    snprintf(path, sizeof path, "/ansatt/retting/%lld", (long long)id);
    TAP_EQ_INT(post_as(sara_cookie, sara_csrf, path, "utfall=rettet&svar="), 400, "%s: an answer needs a text", E);
    TAP_EQ_INT(post_as(sara_cookie, sara_csrf, path, "utfall=rettet&svar=Vi+har+rettet+telefonnummeret."), 303,
               "%s: the caseworker answers", E);
    TAP_EQ_INT(post_as(sara_cookie, sara_csrf, path, "utfall=rettet&svar=Igjen"), 404, "%s: a second answer is 404", E);
    TAP_EQ_INT(scalar(d, "SELECT count(*) FROM inbox_message WHERE person_id = $1 AND kind = 'correction_answer' "
                         "AND body = 'Vi har rettet telefonnummeret.'", ids.kari),
               1, "%s: the answer lands once in Kari's inbox", E);
    TAP_EQ_INT(get_as(kari_cookie, "/min-side/personopplysninger.json", &r), 200, "%s: her data again", E);
    TAP_OK(has(&r, "Telefonnummeret mitt er +4791234568") && has(&r, "Vi har rettet telefonnummeret.") &&
               has(&r, "\"status\": \"rettet\""),
           "%s: keeps the request and the answer", E);
    http_response_free(&r);
    TAP_EQ_INT(post_as(kari_cookie, kari_csrf, "/min-side/retting", ok), 303,
               "%s: once answered, the same item may be raised again", E);
}

/* /personvern: each promise that Min side keeps names what keeps it, and the two tables come
 * from the code that makes them true. */
static void check_statement(void)
{
    http_response r;
    TAP_EQ_INT(get_as(NULL, "/personvern", &r), 200, "%s: the privacy statement", E);
    json_t *cookies = cookie_table_json(), *c;
    size_t i;
    int all = 1;
    json_array_foreach(cookies, i, c)
    {
        char cell[128];
        snprintf(cell, sizeof cell, "<code>%s</code>", json_string_value(json_object_get(c, "name")));
        all &= has(&r, cell);
    }
    TAP_OK(all && json_array_size(cookies) == COOKIE_COUNT, "%s: lists every cookie the service can set, by name", E);
    json_decref(cookies);
    TAP_OK(!has(&r, "Beskytte skjemaene mot forfalskede innsendinger</td>"),
           "%s: and no cookie it does not set (the form token is no cookie)", E);
    size_t n;
    const retention_rule *const *rules = retention_rules(&n);
    all = n > 5;
    for (i = 0; i < n; i++) all &= has(&r, rules[i]->kept);
    TAP_OK(all, "%s: the retention table has every rule's figure (%zu rules)", E, n);
    TAP_OK(has(&r, "href=\"/min-side/personopplysninger\"") && has(&r, "Be om retting") && has(&r, "revisjonslogg"),
           "%s: the rights to see and correct one's data, and the audit trail, name what keeps them", E);
    http_response_free(&r);
    TAP_EQ_INT(status_of(kari_cookie, "/min-side/personopplysninger"), 200, "%s: and the page it links to answers", E);
}

static void check_retention_record(db *d)
{
    db_run(d, "INSERT INTO job (kind, payload, state, run_at, created_at, finished_at) VALUES "
              "('mail_send', '{}', 'done', 0, 0, $1)", "i", NOW - 86400 * 8);
    int64_t job = scalar(d, "SELECT max(id) FROM job", 0);
    TAP_EQ_INT(retention_run(d, NOW, 0, NULL, NULL, NULL), 0, "%s: a retention run", E);
    http_response r;
    TAP_EQ_INT(get_as(arne_cookie, "/ansatt/sletting", &r), 200, "%s: the arkivleder opens the record", E);
    char item[64];
    snprintf(item, sizeof item, "<td>job</td><td>%lld</td>", (long long)job);
    TAP_OK(has(&r, "Fullførte bakgrunnsjobber") && has(&r, item), "%s: which lists the deleted job by rule, kind and id", E);
    TAP_OK(has(&r, "slettes aldri") && has(&r, "25 år"), "%s: and every rule with its figure", E);
    http_response_free(&r);
    TAP_EQ_INT(status_of(arne_cookie, "/ansatt/sletting?for=x"), 400, "%s: a bad page link is a 400", E);
}

int main(int argc, char **argv)
{
    db_engine engine;
    const char *pg_url;
    if (fixture_engine_from_args(argc, argv, &engine, &pg_url)) return 0;
    if (engine == DB_POSTGRES) E = "postgres";
    clock_set_fixed(NOW);
    if (fixture_prepare_on(tmpdir, sizeof tmpdir, "2", seed, engine, pg_url, "privacy") != 0) return 1;
    site_register_modules();
    db *d = NULL;
    http_server *server = fixture_server_start(&d);
    check_access();
    check_staff_view_audited(d);
    check_export(d);
    check_correction(d);
    check_audit_search(d);
    check_retention_record(d);
    check_statement();
    http_server_stop(server, 5);
    db_close(d);
    fixture_cleanup(tmpdir);
    return tap_done();
}
