/* Representation of organisations and the inbox over HTTP, in one process: the real server and
 * route table on a migrated database with the demo organisations and their roles from
 * Enhetsregisteret's samples. Persons and caseworkers are logged in by session rows made here,
 * as the login would make them. Registration and its roles, the due day, the likely match with
 * the register's roles, the caseworker's decision and its message and e-mail notice, «Brukere»
 * with the last-administrator rule (also under two administrators at once), who may see and do
 * what, the inbox, and org_acting_get. Run with "sqlite" or "postgres" as the argument. */
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "client.h"
#include "core/clock.h"
#include "core/workdays.h"
#include "fixture.h"
#include "http/server.h"
#include "seed.h"
#include "org/org_http.h"
#include "org/org_match.h"
#include "org/org_member.h"
#include "org/org_rep.h"
#include "tap.h"
#include "test_db_env.h"
#include "web/pages.h"
#include "web/site.h"
#include "web/routes.h"

static char tmpdir[256];
static db *D; /* the test's own connection, for setting up and checking */
static const char *E = "sqlite";

/* ---- Setting up ---------------------------------------------------------------------------- */

static int seed(db *d)
{
    int rc = org_demo_seed(d);
    return rc < 0 ? rc : org_demo_seed_representation(d);
}

static int64_t scalar(const char *sql, const char *types, ...)
{
    /* Only the forms used here: up to two int or text parameters. */
    va_list ap;
    va_start(ap, types);
    db_stmt *s = db_prepare(D, sql);
    for (int i = 0; s && types[i]; i++) {
        if (types[i] == 'i') db_bind_int(s, i + 1, va_arg(ap, int64_t));
        else db_bind_text(s, i + 1, va_arg(ap, const char *));
    }
    va_end(ap);
    int64_t v = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    if (s) db_reset(s);
    return v;
}

typedef struct {
    char token[65];
    char csrf[65];
    int64_t id; /* session id */
} login;

static login session_add(int64_t person_id, int64_t staff_id)
{
    login l;
    l.id = fixture_session(D, person_id, staff_id, l.token, l.csrf);
    return l;
}

/* ---- HTTP as someone ----------------------------------------------------------------------- */

static http_response R;

static long get_as(const login *l, const char *path)
{
    http_response_free(&R);
    char cookie[128];
    snprintf(cookie, sizeof cookie, "Cookie: minside=%s", l ? l->token : "x");
    const char *headers[] = {cookie, NULL};
    http_request rq = {.path = path, .headers = l ? headers : NULL};
    http_send(&rq, &R);
    return R.status;
}

/* POSTs fields ("a=b&c=d", already encoded) with the session's CSRF token. */
static long post_as(const login *l, const char *path, const char *fields)
{
    http_response_free(&R);
    char cookie[128], body[4096];
    snprintf(cookie, sizeof cookie, "Cookie: minside=%s", l->token);
    snprintf(body, sizeof body, "csrf=%s%s%s", l->csrf, *fields ? "&" : "", fields);
    const char *headers[] = {cookie, NULL};
    http_request rq = {.method = "POST", .path = path, .headers = headers, .body = body,
                       .body_len = strlen(body)};
    http_send(&rq, &R);
    return R.status;
}

static int has(const char *needle)
{
    return R.body.data && strstr(R.body.data, needle) != NULL;
}

static const char *location(void)
{
    static char buf[512];
    return http_header(&R, "Location", buf, sizeof buf) ? buf : "";
}

static int64_t member_id(int64_t person, const char *orgnr)
{
    return scalar("SELECT id FROM org_member WHERE person_id = $1 AND orgnr = $2", "it", person,
                  orgnr);
}

static int64_t inbox_count(int64_t person, const char *kind)
{
    return scalar("SELECT COUNT(*) FROM inbox_message WHERE person_id = $1 AND kind = $2", "it",
                  person, kind);
}

/* ---- The rules without HTTP ---------------------------------------------------------------- */

static void check_rules(void)
{
    TAP_OK(org_person_name_matches("kari testesen", "Kari Testesen"), "names match whatever the case");
    TAP_OK(org_person_name_matches("Per Provesen", "Per Prøvesen"), "and without ø");
    TAP_OK(org_person_name_matches("Anne Eksempelsen", "Anne Marie Eksempelsen"), "a left-out middle name matches");
    TAP_OK(org_person_name_matches("Eksempelsen Anne Marie", "Anne Marie Eksempelsen"), "so does another word order");
    TAP_OK(!org_person_name_matches("Kari Hansen", "Kari Testesen"), "another surname does not");
    TAP_OK(!org_person_name_matches("Kari", "Kari Testesen"), "nor a first name alone");
    TAP_OK(org_role_may_represent("DAGL", "AS") && org_role_may_represent("POHV", "AS") &&
               org_role_may_represent("NEST", "AS"),
           "daglig leder, prokura and nestleder may represent");
    TAP_OK(!org_role_may_represent("MEDL", "AS") && !org_role_may_represent("SIGN", "AS"),
           "a board member or signatory may not");
    TAP_OK(org_role_may_represent("INNH", "ENK") && !org_role_may_represent("INNH", "AS"),
           "the owner may, of a sole proprietorship only");

    /* Maundy Thursday 2026 at noon: Good Friday, the weekend and Easter Monday come first. */
    civil_date thu = {2026, 4, 2};
    int64_t due = org_due_at(civil_date_start_oslo(thu) + 12 * 3600);
    civil_date last = civil_date_oslo(due - 1), after = civil_date_oslo(due);
    TAP_OK(last.month == 4 && last.day == 7 && after.day == 8 &&
               due == civil_date_start_oslo(after),
           "an application before Easter is due by the end of Tuesday after Easter Monday");
    civil_date fri = {2026, 11, 20};
    due = org_due_at(civil_date_start_oslo(fri) + 23 * 3600);
    last = civil_date_oslo(due - 1);
    TAP_OK(last.month == 11 && last.day == 23, "one late on a Friday by the end of Monday");
}

/* ---- The flow ------------------------------------------------------------------------------ */

static int64_t kari, lars, ingrid, ola, nora;
static login L_kari, L_lars, L_ingrid, L_ola, L_nora, L_sara, L_archivist;

static void check_registration(void)
{
    TAP_EQ_INT(get_as(&L_lars, "/virksomhet/registrer?orgnr=310000035"), 200, "%s: the registration form answers", E);
    TAP_OK(has("EKSEMPEL REISER AS") && has("value=\"Lars Reisesen\"") && has("value=\"lars@reiser.no\""),
           "%s: naming the organisation, with name and e-mail from the profile", E);
    TAP_EQ_INT(get_as(NULL, "/virksomhet/registrer?orgnr=310000035"), 303, "%s: without login it sends to the login", E);
    TAP_EQ_INT(get_as(&L_lars, "/virksomhet/registrer?orgnr=310000036"), 404, "%s: a number that is not valid gives 404", E);

    TAP_EQ_INT(post_as(&L_lars, "/virksomhet/registrer", "orgnr=310000035&navn=&epost=lars%40reiser.no"), 400,
               "%s: an empty name gives 400", E);
    TAP_OK(has("Skriv navnet ditt"), "%s: with a Norwegian message", E);
    TAP_EQ_INT(member_id(lars, "310000035"), -1, "%s: and nothing is saved", E);

    int64_t before = clock_now();
    TAP_EQ_INT(post_as(&L_lars, "/virksomhet/registrer", "orgnr=310000035&navn=Lars+Reisesen&epost=lars%40reiser.no"), 303,
               "%s: the first registrant is registered", E);
    TAP_EQ_STR(location(), "/virksomhet?registrert=1", "%s: and sent to «Mine virksomheter»", E);
    int64_t m = member_id(lars, "310000035");
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM org_member WHERE id = $1 AND role = 'administrator' "
                      "AND status = 'ubekreftet'", "i", m), 1, "%s: as ubekreftet administrator", E);
    int64_t due = scalar("SELECT due_at FROM org_member WHERE id = $1", "i", m);
    TAP_OK(due == org_due_at(before) || due == org_due_at(clock_now()), "%s: due by the end of the next working day", E);
    TAP_EQ_INT(post_as(&L_lars, "/virksomhet/registrer", "orgnr=310000035&navn=Lars+Reisesen&epost=lars%40reiser.no"), 303,
               "%s: registering twice answers", E);
    TAP_EQ_STR(location(), "/virksomhet?finnes=1", "%s: saying it was there already", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM org_member WHERE person_id = $1", "i", lars), 1, "%s: with no duplicate", E);

    TAP_EQ_INT(get_as(&L_lars, "/min-side"), 200, "%s: Min side answers", E);
    TAP_OK(has("EKSEMPEL REISER AS") && has(">ubekreftet administrator</span>"),
           "%s: with the organisation and «ubekreftet administrator» at the top right", E);

    TAP_EQ_INT(post_as(&L_ingrid, "/virksomhet/registrer", "orgnr=310000035&navn=Ingrid+Fjelltur&epost=ingrid%40reiser.no"), 303,
               "%s: a second registrant is registered", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM org_member WHERE person_id = $1 AND role = 'bruker' "
                      "AND status = 'ubekreftet'", "i", ingrid), 1, "%s: as ubekreftet bruker", E);
    TAP_EQ_INT(get_as(&L_ingrid, "/min-side"), 200, "%s: her Min side answers", E);
    TAP_OK(has(">ubekreftet bruker</span>"), "%s: showing «ubekreftet bruker»", E);

    TAP_EQ_INT(post_as(&L_ola, "/virksomhet/registrer", "orgnr=310000027&navn=Ola+Testmann&epost=ola%40eksempel.no"), 303,
               "%s: a later registrant of an organisation with an administrator", E);
    TAP_EQ_INT(inbox_count(kari, "org_user_request"), 1, "%s: asks its administrator in the inbox", E);
    TAP_EQ_INT(inbox_count(kari, "org_approved"), 1, "%s: the demo administrator has her approval in the inbox, once", E);
}

static void check_queue(void)
{
    TAP_EQ_INT(get_as(&L_sara, "/ansatt/virksomheter"), 200, "%s: the caseworkers' queue answers", E);
    TAP_OK(has("EKSEMPEL REISER AS – Lars Reisesen") && has("Sannsynlig treff") && has("Daglig leder/ adm.direktør"),
           "%s: listing the application with the roles and a likely match", E);
    TAP_OK(has("søker født 9. mars 1971") && has("<td>9. mars 1971</td>") && !has("1971-03-09"),
           "%s: birth dates as Norwegian dates, in the application and the role table", E);
    TAP_OK(!has("– Ingrid Fjelltur"), "%s: users are not in the caseworkers' queue", E);
    TAP_EQ_INT(get_as(&L_archivist, "/ansatt/virksomheter"), 403, "%s: staff without the caseworker role get 403", E);
    TAP_EQ_INT(get_as(&L_lars, "/ansatt/virksomheter"), 303, "%s: a person is sent to the staff login", E);

    /* Nora applies for the ENK under another name; Ola for the ENK he owns, long ago. */
    post_as(&L_nora, "/virksomhet/registrer", "orgnr=310000043&navn=Nora+Forbruker&epost=nora%40eksempel.no");
    int64_t nora_m = member_id(nora, "310000043");
    db_run(D, "UPDATE org_member SET applied_at = 0, due_at = 86400 WHERE id = $1", "i", nora_m);
    arena *a = arena_new();
    json_t *q = org_queue_json(D, a, clock_now());
    size_t i;
    json_t *item;
    int lars_match = -1, nora_match = -1, nora_overdue = -1;
    json_array_foreach(q, i, item)
    {
        int64_t id = json_integer_value(json_object_get(item, "id"));
        if (id == member_id(lars, "310000035")) lars_match = json_is_true(json_object_get(item, "likely_match"));
        if (id == nora_m) {
            nora_match = json_is_true(json_object_get(item, "likely_match"));
            nora_overdue = json_is_true(json_object_get(item, "overdue"));
        }
    }
    json_decref(q);
    arena_free(a);
    TAP_EQ_INT(lars_match, 1, "%s: the daglig leder is a likely match", E);
    TAP_EQ_INT(nora_match, 0, "%s: someone not in the register is not", E);
    TAP_EQ_INT(nora_overdue, 1, "%s: an application past its due day is overdue", E);
    get_as(&L_sara, "/ansatt/virksomheter");
    TAP_OK(has("Over fristen") && has("1 over fristen"), "%s: and marked «Over fristen» in words", E);

    char path[128];
    snprintf(path, sizeof path, "/ansatt/virksomheter/%lld/avvis", (long long)nora_m);
    TAP_EQ_INT(post_as(&L_sara, path, "begrunnelse=+"), 400, "%s: rejecting without a reason gives 400", E);
    TAP_OK(has("Skriv en begrunnelse"), "%s: asking for the reason", E);
    int64_t mails = scalar("SELECT COUNT(*) FROM mail_outbox", "");
    TAP_EQ_INT(post_as(&L_sara, path, "begrunnelse=Du+har+ingen+rolle+i+Enhetsregisteret."), 303,
               "%s: rejecting with a reason", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM inbox_message WHERE person_id = $1 AND kind = 'org_rejected' "
                      "AND body LIKE '%Du har ingen rolle i Enhetsregisteret.%'", "i", nora), 1,
               "%s: sends the reason to the applicant's inbox", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM mail_outbox", "") - mails, 1, "%s: with an e-mail notice queued", E);
    TAP_EQ_INT(post_as(&L_sara, path, "begrunnelse=Igjen"), 409, "%s: deciding twice gives 409", E);

    /* An organisation whose administrator applicant is rejected while a user waits: the user's
     * application becomes the administrator application, due the next working day. */
    int64_t first = seed_person_with(D, "first", "Frida Først", "1975-01-01", "frida@eksempel.no");
    int64_t second = seed_person_with(D, "second", "Sigurd Senere", "1976-01-01", "sigurd@eksempel.no");
    db_run(D, "INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, due_at) "
              "VALUES ('310000051', $1, 'administrator', 'ubekreftet', 'Frida Først', 1, 1), "
              "('310000051', $2, 'bruker', 'ubekreftet', 'Sigurd Senere', 2, 2)", "ii", first, second);
    int64_t first_m = member_id(first, "310000051"), second_m = member_id(second, "310000051");
    snprintf(path, sizeof path, "/ansatt/virksomheter/%lld/avvis", (long long)first_m);
    TAP_EQ_INT(post_as(&L_sara, path, "begrunnelse=Ingen+rolle."), 303, "%s: the only administrator applicant is rejected", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM org_member WHERE id = $1 AND role = 'administrator' AND "
                      "status = 'ubekreftet' AND due_at > 2", "i", second_m), 1,
               "%s: the waiting user now applies as administrator, with a new due day", E);
    TAP_EQ_INT(inbox_count(second, "org_now_admin"), 1, "%s: and is told so", E);
    get_as(&L_sara, "/ansatt/virksomheter");
    TAP_OK(has("Sigurd Senere"), "%s: the caseworker's queue shows the application", E);
    snprintf(path, sizeof path, "/ansatt/virksomheter/%lld/avvis", (long long)second_m);
    TAP_EQ_INT(post_as(&L_sara, path, "begrunnelse=Ingen+rolle."), 303, "%s: rejecting the last one too", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM org_member WHERE orgnr = '310000051' AND status = 'ubekreftet'", ""), 0,
               "%s: leaves nobody waiting", E);

    /* Without a likely match, approving needs the caseworker's basis, kept with the decision. */
    int64_t third = seed_person_with(D, "third", "Tora Tredje", "1977-01-01", "tora@eksempel.no");
    db_run(D, "INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, due_at) "
              "VALUES ('310000051', $1, 'administrator', 'ubekreftet', 'Tora Tredje', 3, 3)", "i", third);
    int64_t third_m = member_id(third, "310000051");
    get_as(&L_sara, "/ansatt/virksomheter");
    char field[64];
    snprintf(field, sizeof field, "id=\"grunnlag-%lld\"", (long long)third_m);
    TAP_OK(has(field), "%s: the queue asks for a basis when there is no likely match", E);
    snprintf(path, sizeof path, "/ansatt/virksomheter/%lld/godkjenn", (long long)third_m);
    TAP_EQ_INT(post_as(&L_sara, path, "grunnlag=+"), 400, "%s: approving without a basis gives 400", E);
    TAP_OK(has("ingen rolle i Enhetsregisteret som passer"), "%s: with a Norwegian message", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM org_member WHERE id = $1 AND status = 'ubekreftet'", "i", third_m), 1,
               "%s: and nothing decided", E);
    TAP_EQ_INT(post_as(&L_sara, path, "grunnlag=Fullmakt+fra+styret+mottatt."), 303, "%s: with a basis it is approved", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM org_member WHERE id = $1 AND status = 'bekreftet' AND "
                      "approval_basis = 'Fullmakt fra styret mottatt.'", "i", third_m), 1,
               "%s: the basis is recorded with the decision", E);

    /* After a rejection she may apply again. */
    TAP_EQ_INT(post_as(&L_nora, "/virksomhet/registrer", "orgnr=310000043&navn=Nora+Forbruker&epost=nora%40eksempel.no"), 303,
               "%s: applying again after a rejection", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM org_member WHERE id = $1 AND status = 'ubekreftet' "
                      "AND reject_reason IS NULL", "i", nora_m), 1, "%s: makes the same association pending again", E);

    int64_t lars_m = member_id(lars, "310000035");
    mails = scalar("SELECT COUNT(*) FROM mail_outbox", "");
    snprintf(path, sizeof path, "/ansatt/virksomheter/%lld/godkjenn", (long long)lars_m);
    TAP_EQ_INT(post_as(&L_sara, path, ""), 303, "%s: the caseworker approves", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM org_member WHERE id = $1 AND status = 'bekreftet'", "i", lars_m), 1,
               "%s: the applicant is confirmed", E);
    TAP_EQ_INT(inbox_count(lars, "org_approved"), 1, "%s: and told in the inbox", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'lars@reiser.no'", "") , 1,
               "%s: with a notice to his address", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM mail_outbox", "") - mails, 1, "%s: one notice", E);
    get_as(&L_lars, "/min-side");
    TAP_OK(has(">administrator</span>") && !has("ubekreftet administrator"), "%s: the badge says «administrator»", E);
    TAP_EQ_INT(post_as(&L_sara, "/ansatt/virksomheter/999999/godkjenn", ""), 404, "%s: an unknown application gives 404", E);
}

static void check_people(void)
{
    int64_t ingrid_m = member_id(ingrid, "310000035"), lars_m = member_id(lars, "310000035");
    char path[128];

    TAP_EQ_INT(get_as(&L_ingrid, "/virksomhet/brukere"), 403, "%s: an unconfirmed user gets 403 on «Brukere»", E);
    snprintf(path, sizeof path, "/virksomhet/brukere/%lld/godkjenn", (long long)ingrid_m);
    TAP_EQ_INT(post_as(&L_ingrid, path, ""), 403, "%s: and cannot approve herself", E);
    TAP_EQ_INT(post_as(&L_kari, path, ""), 404, "%s: another organisation's administrator gets 404", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM org_member WHERE id = $1 AND status = 'ubekreftet'", "i", ingrid_m), 1,
               "%s: and nothing changed", E);

    TAP_EQ_INT(get_as(&L_lars, "/virksomhet/brukere"), 200, "%s: the administrator's «Brukere» answers", E);
    TAP_OK(has("Ingrid Fjelltur") && has(">ubekreftet bruker</span>"), "%s: listing the pending user", E);
    snprintf(path, sizeof path, "/virksomhet/brukere/%lld/avvis", (long long)ingrid_m);
    TAP_EQ_INT(post_as(&L_lars, path, "begrunnelse="), 400, "%s: rejecting without a reason gives 400", E);
    snprintf(path, sizeof path, "/virksomhet/brukere/%lld/godkjenn", (long long)ingrid_m);
    TAP_EQ_INT(post_as(&L_lars, path, ""), 303, "%s: the administrator approves the user", E);
    TAP_EQ_INT(inbox_count(ingrid, "org_approved"), 1, "%s: who is told in the inbox", E);
    get_as(&L_ingrid, "/min-side");
    TAP_OK(has(">bruker</span>"), "%s: and is «bruker»", E);
    TAP_EQ_INT(get_as(&L_ingrid, "/virksomhet/brukere"), 403, "%s: a confirmed user still gets 403 on «Brukere»", E);

    char action[128];
    get_as(&L_lars, "/virksomhet/brukere");
    snprintf(action, sizeof action, "/virksomhet/brukere/%lld/rolle", (long long)lars_m);
    TAP_OK(!has(action), "%s: «Brukere» offers the only administrator no demotion", E);
    snprintf(action, sizeof action, "/virksomhet/brukere/%lld/slett", (long long)lars_m);
    TAP_OK(!has(action), "%s: nor deletion", E);
    TAP_OK(has("Lars Reisesen er den eneste administratoren"), "%s: and says why on the page", E);
    snprintf(action, sizeof action, "/virksomhet/brukere/%lld/slett", (long long)ingrid_m);
    TAP_OK(has(action), "%s: while the other user can be deleted", E);
    TAP_EQ_INT(get_as(&L_lars, action), 200, "%s: deleting asks on a page of its own", E);
    TAP_OK(has("Ja, slett tilknytningen") && has("Ingrid Fjelltur"), "%s: naming the person", E);
    TAP_EQ_INT(member_id(ingrid, "310000035"), ingrid_m, "%s: and deletes nothing by itself", E);
    snprintf(action, sizeof action, "/virksomhet/brukere/%lld/slett", (long long)lars_m);
    TAP_EQ_INT(get_as(&L_lars, action), 409, "%s: the only administrator's deletion page refuses", E);
    TAP_EQ_INT(get_as(&L_kari, action), 404, "%s: another organisation's administrator gets 404 there", E);

    snprintf(path, sizeof path, "/virksomhet/brukere/%lld/rolle", (long long)lars_m);
    TAP_EQ_INT(post_as(&L_lars, path, "rolle=bruker"), 409, "%s: the last administrator cannot be demoted", E);
    TAP_OK(has("siste administratoren"), "%s: with a Norwegian message", E);
    snprintf(path, sizeof path, "/virksomhet/brukere/%lld/slett", (long long)lars_m);
    TAP_EQ_INT(post_as(&L_lars, path, ""), 409, "%s: nor removed", E);
    snprintf(path, sizeof path, "/virksomhet/brukere/%lld/rolle", (long long)ingrid_m);
    TAP_EQ_INT(post_as(&L_lars, path, "rolle=sjef"), 400, "%s: an unknown role gives 400", E);
    TAP_EQ_INT(post_as(&L_ingrid, path, "rolle=administrator"), 403, "%s: a user cannot make herself administrator", E);
    TAP_EQ_INT(post_as(&L_lars, path, "rolle=administrator"), 303, "%s: the administrator promotes the user", E);
    snprintf(path, sizeof path, "/virksomhet/brukere/%lld/rolle", (long long)lars_m);
    TAP_EQ_INT(post_as(&L_ingrid, path, "rolle=bruker"), 303, "%s: with two administrators one may demote the other", E);
    snprintf(path, sizeof path, "/virksomhet/brukere/%lld/rolle", (long long)ingrid_m);
    TAP_EQ_INT(post_as(&L_lars, path, "rolle=bruker"), 403, "%s: who is then no administrator any more", E);
    snprintf(path, sizeof path, "/virksomhet/brukere/%lld/rolle", (long long)lars_m);
    TAP_EQ_INT(post_as(&L_ingrid, path, "rolle=administrator"), 303, "%s: and is promoted back", E);
}

/* Two administrators demote each other at the same moment, each on its own connection. */
typedef struct {
    const char *url;
    int64_t admin, target;
    int rc;
} demote_job;

static void *demote(void *arg)
{
    demote_job *j = arg;
    db *d = NULL;
    char err[256];
    if (db_open(j->url, &d, err, sizeof err) != DB_OK) {
        j->rc = -100;
        return NULL;
    }
    j->rc = org_user_set_role(d, "310000035", j->admin, j->target, ORG_ROLE_USER, clock_now());
    db_close(d);
    return NULL;
}

/* «Brukere» beyond 500 people: 520 more users of the organisation are paged, 100 a page;
 * «Neste side» from the first page reaches the last with every person shown once, «Forrige
 * side» leads back, and a cursor that does not decode is a 400. */
enum { MANY_PEOPLE = 520 };

static void check_people_paging(void)
{
    for (int i = 1; i <= MANY_PEOPLE; i++) {
        char key[32], name[32];
        snprintf(key, sizeof key, "many-%03d", i);
        snprintf(name, sizeof name, "Bruker %03d", i);
        int64_t id = seed_person_with(D, key, name, "1990-01-01", "bruker@eksempel.no");
        db_run(D, "INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, due_at) "
                  "VALUES ('310000035', $1, 'bruker', 'bekreftet', $2, 1, 1)", "it", id, name);
    }
    int64_t total = scalar("SELECT COUNT(*) FROM org_member WHERE orgnr = '310000035' AND "
                           "status IN ('ubekreftet', 'bekreftet')", "");
    static int seen[MANY_PEOPLE + 1];
    memset(seen, 0, sizeof seen);
    char path[512] = "/virksomhet/brukere";
    int pages = 0, ok = 1;
    for (;;) {
        ok &= get_as(&L_lars, path) == 200;
        pages++;
        for (int i = 1; i <= MANY_PEOPLE; i++) {
            char name[32];
            snprintf(name, sizeof name, "Bruker %03d", i);
            seen[i] += has(name);
        }
        if (!http_page_link(&R, "next", path, sizeof path) || pages > 20) break;
    }
    for (int i = 1; i <= MANY_PEOPLE; i++) ok &= seen[i] == 1;
    TAP_OK(ok && pages == (int)((total + 99) / 100) && has("Forrige side"),
           "%s: «Brukere» with %lld people: «Neste side» reaches the last page, everyone once (%d pages)", E,
           (long long)total, pages);
    int back = 0;
    while (http_page_link(&R, "prev", path, sizeof path) && back < 20) {
        get_as(&L_lars, path);
        back++;
    }
    TAP_OK(back == pages - 1 && has("Neste side"), "%s: «Forrige side» leads back to the first page", E);
    TAP_EQ_INT(get_as(&L_lars, "/virksomhet/brukere?side=2"), 400, "%s: a page number where a cursor belongs is a 400", E);
    TAP_OK(has("Ugyldig side"), "%s: with a Norwegian message", E);
}

static void check_race(const char *url)
{
    int64_t ingrid_m = member_id(ingrid, "310000035"), lars_m = member_id(lars, "310000035");
    int always_one = 1, refused_once = 1;
    for (int round = 0; round < 10; round++) {
        db_run(D, "UPDATE org_member SET role = 'administrator' WHERE orgnr = '310000035' "
                  "AND person_id IN ($1, $2)", "ii", lars, ingrid);
        demote_job a = {url, lars, ingrid_m, 0}, b = {url, ingrid, lars_m, 0};
        pthread_t ta, tb;
        pthread_create(&ta, NULL, demote, &a);
        pthread_create(&tb, NULL, demote, &b);
        pthread_join(ta, NULL);
        pthread_join(tb, NULL);
        int64_t admins = scalar("SELECT COUNT(*) FROM org_member WHERE orgnr = '310000035' "
                                "AND role = 'administrator' AND status = 'bekreftet'", "");
        if (admins != 1) always_one = 0;
        /* One demotion goes through; the other is refused, as last administrator or because
         * its administrator was demoted first. */
        if (!((a.rc == 0) ^ (b.rc == 0)) ||
            (a.rc && a.rc != ORG_ERR_FORBIDDEN && a.rc != ORG_ERR_LAST_ADMIN) ||
            (b.rc && b.rc != ORG_ERR_FORBIDDEN && b.rc != ORG_ERR_LAST_ADMIN)) {
            printf("# round %d: %d %d\n", round, a.rc, b.rc);
            refused_once = 0;
        }
    }
    TAP_OK(always_one, "%s: two administrators demoting each other at once leave exactly one", E);
    TAP_OK(refused_once, "%s: one of the two is refused each time", E);
    db_run(D, "UPDATE org_member SET role = 'administrator' WHERE id = $1", "i", lars_m);
    db_run(D, "UPDATE org_member SET role = 'bruker' WHERE id = $1", "i", ingrid_m);
}

static void check_inbox(void)
{
    int64_t msg = scalar("SELECT id FROM inbox_message WHERE person_id = $1 AND kind = 'org_approved'", "i", ingrid);
    int64_t unread = scalar("SELECT COUNT(*) FROM inbox_message WHERE person_id = $1 AND read_at IS NULL", "i", ingrid);
    char count[64], text[64];
    snprintf(count, sizeof count, "data-count=\"%lld\"", (long long)unread);
    snprintf(text, sizeof text, "(%lld uleste meldinger)", (long long)unread);
    get_as(&L_ingrid, "/min-side");
    TAP_OK(unread > 1 && has(count) && has(text), "%s: the header shows the unread count (%lld) with a text for screen readers", E, (long long)unread);
    get_as(&L_nora, "/min-side");
    TAP_OK(has("(1 ulest melding)"), "%s: one unread message in the singular", E);
    TAP_EQ_INT(get_as(&L_ingrid, "/innboks"), 200, "%s: the inbox answers", E);
    TAP_OK(has("Godkjent som representant for EKSEMPEL REISER AS") && has(">Ulest</span>"),
           "%s: listing the message, marked unread", E);
    char path[128];
    snprintf(path, sizeof path, "/innboks/%lld", (long long)msg);
    TAP_EQ_INT(get_as(&L_kari, path), 404, "%s: someone else's message gives 404", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM inbox_message WHERE id = $1 AND read_at IS NULL", "i", msg), 1,
               "%s: and stays unread", E);
    TAP_EQ_INT(get_as(&L_ingrid, path), 200, "%s: the person's own message opens", E);
    TAP_OK(has("Du er godkjent som bruker for EKSEMPEL REISER AS"), "%s: showing the body", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM inbox_message WHERE id = $1 AND read_at IS NOT NULL", "i", msg), 1,
               "%s: and is marked read", E);
    snprintf(path, sizeof path, "/innboks/%lld/ulest", (long long)msg);
    TAP_EQ_INT(post_as(&L_kari, path, ""), 404, "%s: someone else cannot mark it unread", E);
    TAP_EQ_INT(post_as(&L_ingrid, path, ""), 303, "%s: «Merk som ulest»", E);
    TAP_EQ_INT(scalar("SELECT COUNT(*) FROM inbox_message WHERE id = $1 AND read_at IS NULL", "i", msg), 1,
               "%s: makes it unread again", E);
    TAP_EQ_INT(get_as(&L_ingrid, "/innboks/abc"), 404, "%s: an id that is no number gives 404", E);

    /* A long inbox is paged, newest first; the count in the header counts them all. */
    for (int i = 1; i <= 60; i++) {
        char subject[64];
        snprintf(subject, sizeof subject, "Melding nummer %02d", i);
        db_run(D, "INSERT INTO inbox_message (person_id, kind, sender, subject, body, created_at) "
                  "VALUES ($1, 'test', 'Forbrukertilsynet', $2, 'Tekst', $3)",
               "iti", ingrid, subject, (int64_t)(4000000000LL + i));
    }
    TAP_EQ_INT(get_as(&L_ingrid, "/innboks"), 200, "%s: a long inbox answers", E);
    char next[256], prev[256];
    TAP_OK(has("Melding nummer 60") && has("Melding nummer 11") && !has("Melding nummer 10") &&
               http_page_link(&R, "next", next, sizeof next) && !has("rel=\"prev\""),
           "%s: its first page has the newest 50 and a link to older ones", E);
    TAP_EQ_INT(get_as(&L_ingrid, next), 200, "%s: «Eldre meldinger» answers", E);
    TAP_OK(has("Melding nummer 10") && has("Melding nummer 01") && !has("Melding nummer 11") &&
               !has("rel=\"next\"") && http_page_link(&R, "prev", prev, sizeof prev),
           "%s: the last page: the older ones, no further link, and a link back", E);
    TAP_EQ_INT(get_as(&L_ingrid, prev), 200, "%s: «Nyere meldinger» answers", E);
    TAP_OK(has("Melding nummer 60") && has("Melding nummer 11") && !has("Melding nummer 10") && !has("rel=\"prev\""),
           "%s: and leads back to the first page", E);
    TAP_EQ_INT(get_as(&L_ingrid, "/innboks?side=2"), 400, "%s: a page number where a cursor belongs is a Norwegian 400", E);
    TAP_OK(has("Ugyldig side"), "%s: saying so", E);
    TAP_EQ_INT(get_as(&L_ingrid, "/innboks?side=x"), 400, "%s: so is a cursor that does not decode", E);
    TAP_EQ_INT(get_as(&L_kari, next), 200, "%s: another person following her link", E);
    TAP_OK(!has("Melding nummer"), "%s: sees none of her messages", E);
}

static void check_remove_and_switch(void)
{
    int64_t ingrid_m = member_id(ingrid, "310000035");
    char path[128];
    snprintf(path, sizeof path, "/virksomhet/brukere/%lld/slett", (long long)ingrid_m);
    TAP_EQ_INT(post_as(&L_kari, path, ""), 404, "%s: another organisation's administrator cannot delete", E);
    TAP_EQ_INT(post_as(&L_lars, path, ""), 303, "%s: the administrator deletes a user's association", E);
    TAP_EQ_INT(member_id(ingrid, "310000035"), -1, "%s: which is gone", E);
    TAP_EQ_INT(inbox_count(ingrid, "org_removed"), 1, "%s: and she is told", E);

    /* Kari represents two organisations and switches. */
    post_as(&L_kari, "/virksomhet/registrer", "orgnr=310000035&navn=Kari+Testesen&epost=kari%40eksempel.no");
    TAP_EQ_INT(inbox_count(lars, "org_user_request"), 1, "%s: the administrator is asked to approve a new user", E);
    get_as(&L_kari, "/min-side");
    TAP_OK(has("EKSEMPEL REISER AS"), "%s: after registering, the new organisation is the one she acts for", E);
    TAP_EQ_INT(post_as(&L_kari, "/virksomhet/bytt", "orgnr=310000027"), 303, "%s: she switches back", E);
    get_as(&L_kari, "/min-side");
    TAP_OK(has("EKSEMPEL HVITEVARER AS") && has(">administrator</span>"), "%s: and the header says so", E);
    TAP_EQ_INT(post_as(&L_kari, "/virksomhet/bytt", "orgnr=310000078"), 404,
               "%s: switching to an organisation she is not associated with gives 404", E);
    TAP_EQ_INT(get_as(&L_kari, "/virksomhet"), 200, "%s: «Mine virksomheter» answers", E);
    TAP_OK(has("Bytt til EKSEMPEL REISER AS") && has("Valgt nå"), "%s: with both and a switch button", E);
}

static void check_request(void)
{
    TAP_EQ_INT(post_as(&L_nora, "/virksomhet/finner-ikke", "navn=Nordlys+Sykkel&orgnr=123&melding=Vi+selger+sykler."), 400,
               "%s: a number that is not an organisation number gives 400", E);
    TAP_EQ_INT(post_as(&L_nora, "/virksomhet/finner-ikke", "navn=Nordlys+Sykkel&orgnr=&melding=Vi+selger+sykler."), 303,
               "%s: «Jeg finner ikke organisasjonen min» is sent", E);
    get_as(&L_sara, "/ansatt/virksomheter");
    TAP_OK(has("Nordlys Sykkel") && has("Vi selger sykler."), "%s: and shows in the caseworkers' queue", E);
    int64_t id = scalar("SELECT id FROM org_request WHERE org_name = 'Nordlys Sykkel'", "");
    char path[128];
    snprintf(path, sizeof path, "/ansatt/virksomheter/foresporsler/%lld/lukk", (long long)id);
    TAP_EQ_INT(post_as(&L_sara, path, ""), 303, "%s: a caseworker closes it", E);
    TAP_EQ_INT(post_as(&L_sara, path, ""), 404, "%s: closing again gives 404", E);
}

static void check_profile_notify(void)
{
    get_as(&L_ola, "/min-side/profil");
    TAP_OK(has("Varsle meg på e-post når jeg får nye meldinger") && has("checked"), "%s: the profile has the notice checkbox, on", E);
    TAP_EQ_INT(post_as(&L_ola, "/min-side/profil", "navn=Ola+Testmann&epost=ola%40eksempel.no&telefon=91234567"), 303,
               "%s: saving without the box", E);
    TAP_EQ_INT(scalar("SELECT notify_email FROM person WHERE id = $1", "i", ola), 0, "%s: turns notices off", E);
    post_as(&L_ola, "/min-side/profil", "navn=Ola+Testmann&epost=ola%40eksempel.no&telefon=91234567&varsle=1");
    TAP_EQ_INT(scalar("SELECT notify_email FROM person WHERE id = $1", "i", ola), 1, "%s: and with it on again", E);
}

static void check_acting(void)
{
    org_acting a;
    int64_t lone = seed_person_with(D, "acting-lone", "Eva Alene", "1970-01-01", NULL);
    login l = session_add(lone, 0);
    TAP_EQ_INT(org_acting_get(D, l.id, lone, &a), 0, "%s: org_acting_get: no organisation", E);
    db_run(D, "INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, due_at) "
              "VALUES ('310000086', $1, 'bruker', 'avvist', 'Eva Alene', 0, 0)", "i", lone);
    TAP_EQ_INT(org_acting_get(D, l.id, lone, &a), 0, "%s: org_acting_get: a rejected association does not count", E);
    db_run(D, "INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, due_at) "
              "VALUES ('310000078', $1, 'administrator', 'ubekreftet', 'Eva Alene', 0, 0)", "i", lone);
    TAP_OK(org_acting_get(D, l.id, lone, &a) == 1 && !strcmp(a.orgnr, "310000078") && a.is_admin && !a.confirmed,
           "%s: org_acting_get: a pending one counts, unconfirmed", E);
    db_run(D, "INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, due_at) "
              "VALUES ('310000000', $1, 'bruker', 'bekreftet', 'Eva Alene', 0, 0)", "i", lone);
    TAP_OK(org_acting_get(D, l.id, lone, &a) == 1 && !strcmp(a.orgnr, "310000000") && a.confirmed && !a.is_admin,
           "%s: org_acting_get: a confirmed one comes before a pending one", E);
    TAP_EQ_STR(a.org_name, "EKSEMPEL REVISJON AS", "%s: org_acting_get: with the organisation's name", E);
    db_run(D, "UPDATE session SET active_orgnr = '310000078' WHERE id = $1", "i", l.id);
    TAP_OK(org_acting_get(D, l.id, lone, &a) == 1 && !strcmp(a.orgnr, "310000078"),
           "%s: org_acting_get: the session's choice comes first", E);
    login other = session_add(kari, 0);
    db_run(D, "UPDATE session SET active_orgnr = '310000078' WHERE id = $1", "i", other.id);
    TAP_OK(org_acting_get(D, other.id, kari, &a) == 1 && strcmp(a.orgnr, "310000078"),
           "%s: org_acting_get: a choice of an organisation the person is not associated with is ignored", E);
    db_run(D, "DELETE FROM org_member WHERE person_id = $1 AND orgnr = '310000078'", "i", lone);
    TAP_OK(org_acting_get(D, l.id, lone, &a) == 1 && !strcmp(a.orgnr, "310000000"),
           "%s: org_acting_get: a choice no longer valid falls through", E);
}

int main(int argc, char **argv)
{
    db_engine engine;
    const char *pg_url;
    if (fixture_engine_from_args(argc, argv, &engine, &pg_url)) return 0;
    if (engine == DB_POSTGRES) E = "postgres";
    /* A lasting key, so the demo administrator is seeded as a person the login would find. */
    setenv("MINSIDE_SECRET_KEY", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 1);
    if (fixture_prepare_on(tmpdir, sizeof tmpdir, "4", seed, engine, pg_url, "rep") != 0) return 1;
    char url[1024];
    snprintf(url, sizeof url, "%s", g_app.cfg.database_url);
    char err[256];
    if (db_open(url, &D, err, sizeof err) != DB_OK) {
        printf("Bail out! %s\n", err);
        return 1;
    }
    kari = scalar("SELECT person_id FROM org_member WHERE orgnr = '310000027'", "");
    db_run(D, "UPDATE person SET name = 'Kari Testesen', email = 'kari@eksempel.no' WHERE id = $1", "i", kari);
    lars = seed_person_with(D, "lars", "Lars Reisesen", "1971-03-09", "lars@reiser.no");
    ingrid = seed_person_with(D, "ingrid", "Ingrid Fjelltur", "1968-09-21", "ingrid@reiser.no");
    ola = seed_person_with(D, "ola", "Ola Testmann", "1990-08-08", "ola@eksempel.no");
    nora = seed_person_with(D, "nora", "Nora Forbruker", "2001-04-12", "nora@eksempel.no");
    L_kari = session_add(kari, 0);
    L_lars = session_add(lars, 0);
    L_ingrid = session_add(ingrid, 0);
    L_ola = session_add(ola, 0);
    L_nora = session_add(nora, 0);
    L_sara = session_add(0, seed_staff(D, "sara", "Sara Saksbehandler", "saksbehandler"));
    L_archivist = session_add(0, seed_staff(D, "arne", "Arne Arkiv", "arkivleder"));

    http_server *server = site_server_start(site_routes);
    if (!server) {
        printf("Bail out! server did not start\n");
        return 1;
    }
    http_client_init(http_server_port(server));
    memset(&R, 0, sizeof R);
    check_rules();
    check_registration();
    check_queue();
    check_people();
    check_people_paging();
    check_race(url);
    check_inbox();
    check_remove_and_switch();
    check_request();
    check_profile_notify();
    check_acting();
    http_response_free(&R);
    http_server_stop(server, 5);
    db_close(D);
    fixture_cleanup(tmpdir);
    return tap_done();
}
