/* The caseworker's case pages over HTTP, in one process, on SQLite and (with
 * MINSIDE_TEST_PG_URL) on PostgreSQL: the work queue, assignment, every allowed status step and
 * refused ones, deadlines in working days around Christmas, letters that reach exactly the right
 * persons' inboxes, phone notes that parties never see, and confidential letters that cannot
 * leave the case. */
#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "archive/archive.h"
#include "auth/session.h"
#include "cases/case_rules.h"
#include "client.h"
#include "core/clock.h"
#include "fixture.h"
#include "http/server.h"
#include "seed.h"
#include "tap.h"
#include "test_db_env.h"
#include "web/pages.h"
#include "web/site.h"
#include "web/routes.h"

static char tmpdir[256];
static const char *E = "sqlite";

/* Who is who in the seeded database. */
static struct {
    int64_t sara, stig, arne;                 /* staff: caseworker, caseworker, archivist only */
    int64_t nora, kari, per, ola, ulla, lars; /* persons */
    int64_t mediation, guidance, tip, mine;   /* cases */
} ids;

/* "Cookie: minside=<token>" of each session, and the CSRF tokens of those that post. */
static char sara_cookie[160], arne_cookie[160], nora_cookie[160];
static char sara_csrf[65], arne_csrf[65], nora_csrf[65];

static int64_t scalar(db *d, const char *sql, int64_t arg)
{
    db_stmt *s = db_prepare(d, sql);
    int64_t v = -1;
    if (s && (strstr(sql, "$1") ? db_bind_int(s, 1, arg) : DB_OK) == DB_OK && db_step(s) == DB_ROW)
        v = db_col_int(s, 0);
    if (s) db_reset(s);
    return v;
}

static void session_add(db *d, int64_t person, int64_t staff, char *cookie, char csrf[65])
{
    seed_login l;
    if (seed_session(d, person, staff, &l) < 0) printf("# session: %s\n", db_errmsg(d));
    snprintf(cookie, sizeof l.cookie, "%s", l.cookie);
    memcpy(csrf, l.csrf, 65);
}

/* A case as the public side files it: case file, incoming entry, case_record, case_org and
 * case_entry. */
static int64_t case_make(db *d, const char *type, int64_t submitter, const char *submitter_orgnr,
                         const char *counterpart, const char *status, int64_t caseworker)
{
    char err[256], reference[32];
    int64_t file_id = 0;
    archive_entry e = {0};
    db_begin(d);
    if (strcmp(type, CASE_TYPE_TIP)) {
        archive_case_file f;
        archive_case_file_new fn = {.title = "Klage på vaskemaskin",
                                    .admin_unit = "Forbrukertilsynet",
                                    .caseworker = "Ikke tildelt",
                                    .created_by = "Min side"};
        archive_case_file_open(d, &fn, &f, err, sizeof err);
        file_id = f.id;
        snprintf(reference, sizeof reference, "%s", f.number);
        archive_party_new party = {ARCHIVE_PARTY_SENDER, ARCHIVE_PARTY_PERSON, "Innsender", NULL};
        archive_document_new doc = {.title = "Klage",
                                    .file_name = "klage.txt",
                                    .mime_type = "text/plain",
                                    .bytes = "Vaskemaskinen lekker.",
                                    .size = 21};
        archive_entry_new en = {.case_file_id = file_id,
                                .type = ARCHIVE_ENTRY_INCOMING,
                                .title = "Klage på vaskemaskin",
                                .created_by = "Min side",
                                .parties = &party,
                                .party_count = 1,
                                .documents = &doc,
                                .document_count = 1};
        archive_entry_register(d, &en, &e, err, sizeof err);
    } else {
        snprintf(reference, sizeof reference, "T-%lld",
                 (long long)scalar(d, "SELECT COUNT(*) + 1 FROM case_record", 0));
    }
    db_stmt *s = db_prepare(
        d, "INSERT INTO case_record (case_type, status, reference, case_file_id, title, details, "
           "submitter_person_id, submitter_orgnr, counterpart_orgnr, caseworker_staff_id, "
           "created_at, updated_at) VALUES ($1, $2, $3, $4, 'Klage på vaskemaskin', "
           "'{\"kjopt\":\"Vaskemaskin\",\"kjopsdato\":\"2026-10-01\"}', $5, $6, $7, $8, 0, 0) "
           "RETURNING id");
    db_bind_text(s, 1, type);
    db_bind_text(s, 2, status);
    db_bind_text(s, 3, reference);
    if (file_id)
        db_bind_int(s, 4, file_id);
    else
        db_bind_null(s, 4);
    db_bind_int(s, 5, submitter);
    db_bind_text(s, 6, submitter_orgnr);
    db_bind_text(s, 7, counterpart);
    if (caseworker)
        db_bind_int(s, 8, caseworker);
    else
        db_bind_null(s, 8);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    if (!id) printf("# case_record: %s\n", db_errmsg(d));
    db_reset(s);
    if (submitter_orgnr)
        db_run(d,
               "INSERT INTO case_org (orgnr, case_type, case_id, party_role) VALUES ($1, $2, $3, "
               "'innsender')",
               "tti", submitter_orgnr, type, id);
    if (counterpart)
        db_run(d,
               "INSERT INTO case_org (orgnr, case_type, case_id, party_role) VALUES ($1, $2, $3, "
               "'motpart')",
               "tti", counterpart, type, id);
    if (e.id)
        db_run(d, "INSERT INTO case_entry (case_id, entry_id, audience) VALUES ($1, $2, 'parter')",
               "ii", id, e.id);
    db_run(d,
           "INSERT INTO case_event (case_id, kind, text, actor, audience, created_at) "
           "VALUES ($1, 'mottatt', 'Saken er mottatt.', 'Min side', 'parter', 0)",
           "i", id);
    db_commit(d);
    return id;
}

static int seed(db *d)
{
    db_run(d,
           "INSERT INTO organisation (orgnr, name, name_norm, updated_at) VALUES "
           "('310000027', 'EKSEMPEL HVITEVARER AS', 'eksempel hvitevarer', 0), "
           "('310000035', 'EKSEMPEL REISER AS', 'eksempel reiser', 0)",
           "");
    ids.sara = seed_staff(d, "sara", "Sara Saksbehandler", "saksbehandler");
    ids.stig = seed_staff(d, "stig", "Stig Seksjonsleder", "saksbehandler arkivleder leder");
    ids.arne = seed_staff(d, "arne", "Arne Arkiv", "arkivleder");
    ids.nora = seed_person(d, "nora", "Nora Forbruker");
    ids.kari = seed_person(d, "kari", "Kari Testesen");
    ids.per = seed_person(d, "per", "Per Prøvesen");
    ids.ola = seed_person(d, "ola", "Ola Testmann");
    ids.ulla = seed_person(d, "ulla", "Ulla Ubekreftet");
    ids.lars = seed_person(d, "lars", "Lars Reisesen");
    seed_member(d, "310000027", ids.kari, "administrator", "bekreftet");
    seed_member(d, "310000027", ids.per, "bruker", "bekreftet");
    seed_member(d, "310000027", ids.ola, "bruker", "bekreftet");
    seed_member(d, "310000027", ids.ulla, "administrator", "ubekreftet");
    seed_member(d, "310000035", ids.lars, "administrator", "bekreftet");
    ids.mediation = case_make(d, CASE_TYPE_MEDIATION, ids.nora, NULL, "310000027", "mottatt", 0);
    ids.guidance = case_make(d, CASE_TYPE_GUIDANCE, ids.lars, "310000035", NULL, "mottatt", 0);
    ids.tip = case_make(d, CASE_TYPE_TIP, ids.nora, NULL, NULL, "mottatt", 0);
    ids.mine = case_make(d, CASE_TYPE_MEDIATION, ids.nora, NULL, "310000035", "under_behandling",
                         ids.sara);
    db_run(d,
           "INSERT INTO case_access (case_id, person_id, orgnr, granted_at) VALUES ($1, $2, "
           "'310000027', 0)",
           "ii", ids.mediation, ids.per);
    db_run(d,
           "INSERT INTO case_event (case_id, kind, text, actor, audience, created_at) "
           "VALUES ($1, 'dokumentasjon', 'Kvittering ettersendt.', 'Nora Forbruker', 'parter', 1)",
           "i", ids.mine);
    session_add(d, 0, ids.sara, sara_cookie, sara_csrf);
    session_add(d, 0, ids.arne, arne_cookie, arne_csrf);
    session_add(d, ids.nora, 0, nora_cookie, nora_csrf);
    return 0;
}

static int contains(const http_response *r, const char *needle)
{
    return r->body.data && strstr(r->body.data, needle) != NULL;
}

static void get_as(const char *cookie, const char *path, http_response *out)
{
    const char *hdrs[] = {cookie, NULL};
    http_request rq = {.path = path, .headers = cookie ? hdrs : NULL};
    http_send(&rq, out);
}

/* POSTs the url-encoded fields (after the CSRF token) with the session cookie; returns the
 * status. */
static long post_as(const char *cookie, const char *csrf, const char *path, const char *fields,
                    http_response *out)
{
    char body[8192];
    snprintf(body, sizeof body, "csrf=%s&%s", csrf, fields);
    const char *hdrs[] = {cookie, NULL};
    http_request rq = {
        .method = "POST", .path = path, .headers = hdrs, .body = body, .body_len = strlen(body)};
    http_send(&rq, out);
    return out->status;
}

static long post(const char *path, const char *fields, http_response *out)
{
    return post_as(sara_cookie, sara_csrf, path, fields, out);
}

static long post_case(int64_t id, const char *action, const char *fields)
{
    char path[128];
    snprintf(path, sizeof path, "/ansatt/saker/%lld/%s", (long long)id, action);
    http_response r;
    long st = post(path, fields, &r);
    if (st >= 400 && st != 409 && st != 422)
        printf("# %s: %ld\n%.2000s\n", path, st, r.body.data ? r.body.data : "");
    http_response_free(&r);
    return st;
}

static void check_access(void)
{
    http_response r;
    get_as(NULL, "/ansatt/saker", &r);
    char loc[512];
    TAP_OK(r.status == 303 && http_header(&r, "Location", loc, sizeof loc) &&
               !strncmp(loc, "/ansatt/logg-inn", 16),
           "%s: without a login the queue sends to the staff login", E);
    http_response_free(&r);
    get_as(nora_cookie, "/ansatt/saker", &r);
    TAP_OK(r.status == 303 || r.status == 403,
           "%s: a person's session cannot reach /ansatt/saker (%ld)", E, r.status);
    TAP_OK(!contains(&r, "Klage på vaskemaskin"), "%s: and sees no case", E);
    http_response_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/ansatt/saker/%lld", (long long)ids.mediation);
    get_as(nora_cookie, path, &r);
    TAP_OK(r.status == 303 || r.status == 403,
           "%s: nor a staff case page, not even her own case (%ld)", E, r.status);
    http_response_free(&r);
    get_as(arne_cookie, "/ansatt/saker", &r);
    TAP_EQ_INT(r.status, 403, "%s: staff without the role saksbehandler get 403", E);
    http_response_free(&r);
    get_as(sara_cookie, "/ansatt/saker/999999", &r);
    TAP_EQ_INT(r.status, 404, "%s: a case that does not exist is 404", E);
    http_response_free(&r);
    get_as(sara_cookie, "/ansatt/saker?liste=alle", &r);
    TAP_EQ_INT(r.status, 400, "%s: an unknown list is a Norwegian 400", E);
    TAP_OK(contains(&r, "finnes ikke"), "%s: which says so", E);
    http_response_free(&r);
    get_as(sara_cookie, "/ansatt/saker?type=klage", &r);
    TAP_EQ_INT(r.status, 400, "%s: an unknown type is 400", E);
    http_response_free(&r);
}

/* The staff's start page: what each role may open, and persons kept out. */
static void check_staff_home(void)
{
    http_response r;
    char loc[512];
    get_as(sara_cookie, "/ansatt", &r);
    TAP_EQ_INT(r.status, 200, "%s: a caseworker has a start page", E);
    TAP_OK(contains(&r, "href=\"/ansatt/saker\"") && contains(&r, "href=\"/ansatt/virksomheter\"") &&
               contains(&r, "href=\"/ansatt/arkiv\""),
           "%s: leading to the queue, the applications and the archive", E);
    http_response_free(&r);
    get_as(arne_cookie, "/ansatt", &r);
    TAP_OK(r.status == 200 && contains(&r, "href=\"/ansatt/arkiv\"") && !contains(&r, "href=\"/ansatt/saker\""),
           "%s: an archivist's start page leads only where the role may go", E);
    http_response_free(&r);
    get_as(nora_cookie, "/ansatt", &r);
    TAP_OK(r.status == 303 || r.status == 403, "%s: a person's session gets no staff start page (%ld)", E, r.status);
    http_response_free(&r);
    get_as(sara_cookie, "/min-side", &r);
    TAP_OK(r.status == 303 && http_header(&r, "Location", loc, sizeof loc) && !strcmp(loc, "/ansatt"),
           "%s: staff opening Min side are sent to their start page", E);
    http_response_free(&r);
}

static void check_queue(void)
{
    http_response r;
    get_as(sara_cookie, "/ansatt/saker", &r);
    TAP_EQ_INT(r.status, 200, "%s: the work queue answers 200", E);
    TAP_OK(contains(&r, "<h1 class=\"ds-heading\" data-size=\"lg\">Arbeidskø</h1>"),
           "%s: with its heading", E);
    char link[64];
    snprintf(link, sizeof link, "/ansatt/saker/%lld\"", (long long)ids.mediation);
    TAP_OK(contains(&r, link), "%s: new cases lists the new mediation case", E);
    snprintf(link, sizeof link, "/ansatt/saker/%lld\"", (long long)ids.mine);
    TAP_OK(!contains(&r, link), "%s: but not a case that is already someone's", E);
    TAP_OK(contains(&r, "Nye saker (3)"), "%s: three new cases", E);
    http_response_free(&r);
    get_as(sara_cookie, "/ansatt/saker?type=veiledning", &r);
    TAP_OK(contains(&r, "Nye saker (1)") && contains(&r, "EKSEMPEL REISER AS"),
           "%s: the type filter leaves the one guidance case", E);
    http_response_free(&r);
    get_as(sara_cookie, "/ansatt/saker?liste=mine", &r);
    TAP_OK(contains(&r, link) && contains(&r, "Mine saker (1)"), "%s: «Mine saker» has Sara's case",
           E);
    http_response_free(&r);
    get_as(sara_cookie, "/ansatt/saker?liste=aktivitet", &r);
    TAP_OK(contains(&r, link) && contains(&r, "Ny aktivitet (1)"),
           "%s: with the party's new document under «Ny aktivitet»", E);
    http_response_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/ansatt/saker/%lld", (long long)ids.mine);
    get_as(sara_cookie, path, &r);
    TAP_OK(r.status == 200 && contains(&r, "Kvittering ettersendt."), "%s: the case page shows it",
           E);
    http_response_free(&r);
    get_as(sara_cookie, "/ansatt/saker?liste=aktivitet", &r);
    TAP_OK(contains(&r, "Ny aktivitet (0)"), "%s: once Sara has looked, it is no longer new", E);
    http_response_free(&r);
    /* The consumer writes to Sara through the public side's «Kontakt oss». */
    char fields[256];
    snprintf(path, sizeof path, "/saker/%lld/kontakt", (long long)ids.mine);
    snprintf(fields, sizeof fields,
             "mottaker=%lld&emne=Kvittering&tekst=Har+dere+f%%C3%%A5tt+den%%3F",
             (long long)ids.sara);
    TAP_EQ_INT(post_as(nora_cookie, nora_csrf, path, fields, &r), 303,
               "%s: the consumer sends «Kontakt oss»", E);
    http_response_free(&r);
    get_as(sara_cookie, "/ansatt/saker?liste=aktivitet", &r);
    TAP_OK(contains(&r, link) && contains(&r, "Ny aktivitet (1)"),
           "%s: and the case is back under Sara's «Ny aktivitet»", E);
    http_response_free(&r);
    snprintf(path, sizeof path, "/ansatt/saker/%lld", (long long)ids.mine);
    get_as(sara_cookie, path, &r);
    TAP_OK(contains(&r, "Har dere fått den?") || contains(&r, "Kvittering"),
           "%s: where the message is on the case", E);
    http_response_free(&r);
}

static void check_case_page(db *d)
{
    http_response r;
    char path[64];
    snprintf(path, sizeof path, "/ansatt/saker/%lld", (long long)ids.mediation);
    get_as(sara_cookie, path, &r);
    TAP_EQ_INT(r.status, 200, "%s: the case page answers 200", E);
    TAP_OK(contains(&r, "Nora Forbruker") && contains(&r, "EKSEMPEL HVITEVARER AS") &&
               contains(&r, "310 000 027"),
           "%s: with the consumer and the business with its number", E);
    TAP_OK(contains(&r, "<dt>Hva ble kjøpt</dt><dd>Vaskemaskin</dd>"),
           "%s: the form's details as fields", E);
    int64_t file = scalar(d, "SELECT case_file_id FROM case_record WHERE id = $1", ids.mediation);
    char link[96];
    snprintf(link, sizeof link, "/ansatt/arkiv/saksmapper/%lld", (long long)file);
    TAP_OK(contains(&r, link), "%s: a link to the archive's page for the case file", E);
    TAP_OK(contains(&r, "/ansatt/arkiv/dokumenter/"), "%s: and to the documents", E);
    TAP_OK(contains(&r, "<option value=\"under_behandling\">Under behandling</option>") &&
               contains(&r, "<option value=\"avsluttet\">Avsluttet</option>") &&
               !contains(&r, "value=\"venter_motpart\""),
           "%s: the status form offers exactly the allowed steps", E);
    http_response_free(&r);
}

static void check_assign(db *d)
{
    char f[64];
    TAP_EQ_INT(post_case(ids.mediation, "saksbehandler", "saksbehandler=meg"), 303,
               "%s: Sara takes the new case", E);
    TAP_EQ_INT(
        scalar(d, "SELECT caseworker_staff_id FROM case_record WHERE id = $1", ids.mediation),
        ids.sara, "%s: it is hers", E);
    snprintf(f, sizeof f, "saksbehandler=%lld", (long long)ids.arne);
    TAP_EQ_INT(post_case(ids.guidance, "saksbehandler", f), 422,
               "%s: one without the caseworker role cannot get a case", E);
    snprintf(f, sizeof f, "saksbehandler=%lld", (long long)ids.stig);
    TAP_EQ_INT(post_case(ids.guidance, "saksbehandler", f), 303,
               "%s: Stig is given the guidance case", E);
    TAP_EQ_INT(scalar(d, "SELECT caseworker_staff_id FROM case_record WHERE id = $1", ids.guidance),
               ids.stig, "%s: it is his", E);
    TAP_EQ_INT(scalar(d,
                      "SELECT COUNT(*) FROM archive_case_file f JOIN case_record c ON "
                      "c.case_file_id = f.id WHERE c.id = $1 AND f.caseworker = 'Stig Seksjonsleder'",
                      ids.guidance),
               1, "%s: the case file names him as saksansvarlig", E);
    TAP_EQ_INT(scalar(d,
                      "SELECT COUNT(*) FROM archive_change g JOIN archive_case_file f ON "
                      "g.target_system_id = f.system_id JOIN case_record c ON c.case_file_id = f.id "
                      "WHERE c.id = $1 AND g.field = 'saksansvarlig' AND g.new_value = 'Stig Seksjonsleder'",
                      ids.guidance),
               1, "%s: and the change is in the archive's change log", E);
    TAP_EQ_INT(scalar(d,
                      "SELECT COUNT(*) FROM case_event WHERE case_id = $1 AND kind = 'tildelt' AND "
                      "audience = 'intern'",
                      ids.guidance),
               1, "%s: the assignment is on the internal timeline", E);
}

static int64_t inbox_count(db *d, int64_t person, int64_t case_id)
{
    db_stmt *s =
        db_prepare(d, "SELECT COUNT(*) FROM inbox_message WHERE person_id = $1 AND case_id = $2");
    db_bind_int(s, 1, person);
    db_bind_int(s, 2, case_id);
    int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    db_reset(s);
    return n;
}

static void check_status(db *d)
{
    http_response r;
    char path[64];
    snprintf(path, sizeof path, "/ansatt/saker/%lld/status", (long long)ids.mediation);
    TAP_EQ_INT(post(path, "status=venter_motpart", &r), 409,
               "%s: mottatt → venter på virksomheten is refused with 409", E);
    TAP_OK(contains(&r, "Saken kan ikke gå fra «Mottatt» til «Venter på svar fra virksomheten»."),
           "%s: with a Norwegian message", E);
    http_response_free(&r);
    TAP_EQ_INT(post(path, "status=besvart", &r), 422,
               "%s: a status of another type is refused with 422", E);
    TAP_OK(contains(&r, "finnes ikke for denne sakstypen"), "%s: saying it is not this type's", E);
    http_response_free(&r);
    TAP_EQ_INT(post_case(ids.mediation, "status", "status=trukket"), 409,
               "%s: the caseworker cannot withdraw the case", E);

    int64_t before = inbox_count(d, ids.kari, ids.mediation);
    static const char *const path_steps[] = {"under_behandling", "venter_motpart",
                                             "under_behandling", "venter_klager",
                                             "under_behandling", "avsluttet"};
    for (size_t i = 0; i < 6; i++) {
        char f[64];
        snprintf(f, sizeof f, "status=%s", path_steps[i]);
        TAP_EQ_INT(post_case(ids.mediation, "status", f), 303, "%s: mediation → %s", E,
                   path_steps[i]);
    }
    db_stmt *s =
        db_prepare(d, "SELECT c.status, f.status FROM case_record c JOIN archive_case_file f "
                      "ON f.id = c.case_file_id WHERE c.id = $1");
    db_bind_int(s, 1, ids.mediation);
    int row = db_step(s) == DB_ROW;
    TAP_OK(row && !strcmp(db_col_text(s, 0), "avsluttet") &&
               !strcmp(db_col_text(s, 1), "Avsluttet"),
           "%s: the case is closed and its case file's saksstatus followed", E);
    db_reset(s);
    TAP_EQ_INT(inbox_count(d, ids.nora, ids.mediation), 6,
               "%s: the consumer got a message for each step", E);
    TAP_EQ_INT(inbox_count(d, ids.kari, ids.mediation) - before, 6,
               "%s: so did the business's administrator", E);
    TAP_EQ_INT(inbox_count(d, ids.per, ids.mediation), 6, "%s: and its user given the case", E);
    TAP_EQ_INT(inbox_count(d, ids.ola, ids.mediation), 0, "%s: not its user without access to it",
               E);
    TAP_EQ_INT(inbox_count(d, ids.ulla, ids.mediation), 0, "%s: not an unconfirmed administrator",
               E);
    TAP_EQ_INT(inbox_count(d, ids.lars, ids.mediation), 0, "%s: not another organisation's", E);
    TAP_EQ_INT(scalar(d,
                      "SELECT COUNT(*) FROM case_event WHERE case_id = $1 AND kind = 'status' AND "
                      "audience = 'parter'",
                      ids.mediation),
               6, "%s: every step is on the parties' timeline", E);
    TAP_EQ_INT(post_case(ids.mediation, "status", "status=under_behandling"), 409,
               "%s: a closed case cannot be reopened", E);

    /* Guidance and tips have steps of their own. */
    TAP_EQ_INT(post_case(ids.guidance, "status", "status=venter_motpart"), 422,
               "%s: guidance has no «venter på virksomheten»", E);
    TAP_EQ_INT(post_case(ids.guidance, "status", "status=besvart"), 409,
               "%s: mottatt → besvart is not a step", E);
    static const char *const g_steps[] = {"under_behandling", "besvart", "under_behandling",
                                          "besvart"};
    for (size_t i = 0; i < 4; i++) {
        char f[64];
        snprintf(f, sizeof f, "status=%s", g_steps[i]);
        TAP_EQ_INT(post_case(ids.guidance, "status", f), 303, "%s: guidance → %s", E, g_steps[i]);
    }
    TAP_EQ_INT(inbox_count(d, ids.lars, ids.guidance), 4,
               "%s: the submitting organisation's administrator is told", E);
    TAP_EQ_INT(post_case(ids.tip, "status", "status=avsluttet"), 422,
               "%s: a tip has no «avsluttet»", E);
    TAP_EQ_INT(post_case(ids.tip, "status", "status=vurdert"), 303, "%s: a tip is assessed", E);
    TAP_EQ_INT(
        scalar(d, "SELECT COUNT(*) FROM case_record WHERE id = $1 AND status = 'vurdert'", ids.tip),
        1, "%s: without a case file to follow", E);
}

static void check_deadline(db *d)
{
    /* 23 December 2026 is a Wednesday: the 24th is a working day, the 25th and 26th holidays. */
    TAP_EQ_INT(post_case(ids.guidance, "frist",
                         "virkedager=2&frist_tekst=Frist+for+virksomheten+til+%C3%A5+svare"),
               303, "%s: a deadline in two working days", E);
    db_stmt *s = db_prepare(d, "SELECT deadline, deadline_text FROM case_record WHERE id = $1");
    db_bind_int(s, 1, ids.guidance);
    int row = db_step(s) == DB_ROW;
    TAP_OK(row && !strcmp(db_col_text(s, 0), "2026-12-28") &&
               !strcmp(db_col_text(s, 1), "Frist for virksomheten til å svare"),
           "%s: lands on Monday 28 December, over Christmas (%s)", E, row ? db_col_text(s, 0) : "");
    db_reset(s);
    TAP_EQ_INT(scalar(d,
                      "SELECT COUNT(*) FROM case_event WHERE case_id = $1 AND kind = 'frist' AND "
                      "audience = 'parter'",
                      ids.guidance),
               1, "%s: the parties see it", E);
    TAP_EQ_INT(post_case(ids.guidance, "frist", "virkedager=1&frist_tekst=x"), 303,
               "%s: one working day", E);
    TAP_EQ_INT(scalar(d,
                      "SELECT COUNT(*) FROM case_record WHERE id = $1 AND deadline = '2026-12-24'",
                      ids.guidance),
               1, "%s: is Christmas Eve, a working day", E);
    TAP_EQ_INT(post_case(ids.guidance, "frist", "frist_dato=2027-01-15&frist_tekst=Svar"), 303,
               "%s: a date", E);
    TAP_EQ_INT(post_case(ids.guidance, "frist", "frist_dato=2026-12-01&frist_tekst=Svar"), 422,
               "%s: a past date is refused", E);
    TAP_EQ_INT(post_case(ids.guidance, "frist", "frist_dato=2027-02-30&frist_tekst=Svar"), 422,
               "%s: a date that does not exist is refused", E);
    TAP_EQ_INT(
        post_case(ids.guidance, "frist", "virkedager=2&frist_dato=2027-01-15&frist_tekst=Svar"),
        422, "%s: both at once are refused", E);
    TAP_EQ_INT(post_case(ids.guidance, "frist", "virkedager=0&frist_tekst=Svar"), 422,
               "%s: zero working days are refused", E);
    TAP_EQ_INT(post_case(ids.guidance, "frist", "virkedager=5"), 422,
               "%s: a deadline needs to say what it is for", E);
    TAP_EQ_INT(post_case(ids.mediation, "frist", "virkedager=5&frist_tekst=Svar"), 409,
               "%s: a closed case gets no deadline", E);
}

static long post_letter(int64_t case_id, const char *recipient, const char *email, int confidential,
                        const char *file_bytes, http_response *out)
{
    CURL *c = http_curl_handle();
    curl_mime *mime = curl_mime_init(c);
    const char *fields[][2] = {{"csrf", sara_csrf},
                               {"mottaker", recipient},
                               {"epost", email},
                               {"emne", "Svar fra Forbrukertilsynet"},
                               {"tekst", "Vi har vurdert saken.\nVennlig hilsen"},
                               {"teiepliktig", confidential ? "1" : NULL}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (!fields[i][1]) continue;
        curl_mimepart *p = curl_mime_addpart(mime);
        curl_mime_name(p, fields[i][0]);
        curl_mime_data(p, fields[i][1], CURL_ZERO_TERMINATED);
    }
    if (file_bytes) {
        curl_mimepart *p = curl_mime_addpart(mime);
        curl_mime_name(p, "vedlegg");
        curl_mime_filename(p, "vedtak.pdf");
        curl_mime_data(p, file_bytes, CURL_ZERO_TERMINATED);
    }
    char path[64];
    snprintf(path, sizeof path, "/ansatt/saker/%lld/brev", (long long)case_id);
    const char *hdrs[] = {sara_cookie, NULL};
    http_request rq = {.method = "POST", .path = path, .headers = hdrs, .mime = mime};
    http_send(&rq, out);
    curl_mime_free(mime);
    curl_easy_cleanup(c);
    return out->status;
}

static const char pdf[] =
    "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

static void check_letters(db *d)
{
    http_response r;
    int64_t c = ids.mine; /* Nora against EKSEMPEL REISER AS (Lars) */
    int64_t entries = scalar(d, "SELECT COUNT(*) FROM archive_entry", 0);
    TAP_EQ_INT(post_letter(c, "motpart", "", 0, pdf, &r), 303,
               "%s: a letter with a PDF to the business", E);
    http_response_free(&r);
    db_stmt *s = db_prepare(
        d, "SELECT e.entry_type, ce.audience, (SELECT COUNT(*) FROM archive_document x "
           "WHERE x.entry_id = e.id), (SELECT name FROM archive_party p WHERE "
           "p.entry_id = e.id AND p.role = 'Mottaker') FROM case_entry ce JOIN "
           "archive_entry e ON e.id = ce.entry_id WHERE ce.case_id = $1 ORDER BY e.id DESC");
    db_bind_int(s, 1, c);
    int row = db_step(s) == DB_ROW;
    TAP_OK(row && !strcmp(db_col_text(s, 0), "U") && !strcmp(db_col_text(s, 1), "motpart") &&
               db_col_int(s, 2) == 2 && !strcmp(db_col_text(s, 3), "EKSEMPEL REISER AS"),
           "%s: an outgoing entry with the letter and the PDF, the business as recipient, for the "
           "motpart",
           E);
    db_reset(s);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM archive_entry", 0), entries + 1, "%s: one entry", E);
    TAP_EQ_INT(inbox_count(d, ids.lars, c), 1,
               "%s: the business's administrator has it in the inbox", E);
    TAP_EQ_INT(inbox_count(d, ids.nora, c), 0, "%s: the consumer does not", E);
    TAP_EQ_INT(inbox_count(d, ids.kari, c), 0, "%s: nor another organisation's administrator", E);

    TAP_EQ_INT(post_letter(c, "parter", "", 1, NULL, &r), 303,
               "%s: a confidential letter to both parties", E);
    http_response_free(&r);
    TAP_EQ_INT(inbox_count(d, ids.nora, c), 1, "%s: reaches the consumer", E);
    TAP_EQ_INT(inbox_count(d, ids.lars, c), 2, "%s: and the business", E);
    TAP_EQ_INT(
        scalar(d,
               "SELECT COUNT(*) FROM case_entry ce JOIN archive_entry e ON e.id = ce.entry_id "
               "WHERE ce.case_id = $1 AND e.confidential = 1",
               c),
        1, "%s: marked confidential with the archive's flag", E);
    TAP_EQ_INT(
        scalar(d,
               "SELECT COUNT(*) FROM archive_entry e JOIN case_entry ce ON ce.entry_id = e.id "
               "WHERE ce.case_id = $1 AND e.confidential = 1 AND e.access_code IS NOT NULL",
               c),
        1, "%s: and screened in the journal", E);
    int64_t outbox =
        scalar(d, "SELECT COUNT(*) FROM mail_outbox WHERE body LIKE '%vurdert saken%'", 0);
    TAP_EQ_INT(outbox, 0, "%s: no e-mail carries the letter's text", E);

    /* Confidential outward: refused, logged, on the internal timeline, nothing registered. */
    entries = scalar(d, "SELECT COUNT(*) FROM archive_entry", 0);
    TAP_EQ_INT(post_letter(c, "ekstern", "advokat@example.no", 1, NULL, &r), 422,
               "%s: a confidential letter to an external address is refused", E);
    TAP_OK(contains(&r, "Teiepliktige brev og dokumenter kan ikke sendes på e-post"),
           "%s: with a clear message", E);
    http_response_free(&r);
    TAP_EQ_INT(post_letter(ids.guidance, "motpart", "", 1, NULL, &r), 422,
               "%s: a confidential letter to a party the case does not have is refused", E);
    TAP_OK(contains(&r, "Mottakeren er ikke part i saken"), "%s: saying so", E);
    http_response_free(&r);
    TAP_EQ_INT(post_letter(c, "tredjepart", "", 1, NULL, &r), 422, "%s: and to a made-up recipient",
               E);
    http_response_free(&r);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM archive_entry", 0), entries,
               "%s: nothing was registered", E);
    TAP_EQ_INT(
        scalar(d, "SELECT COUNT(*) FROM case_event WHERE kind = 'avvist' AND audience = 'intern'",
               0),
        3, "%s: each refusal is on the internal timeline", E);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM mail_outbox WHERE recipient LIKE 'advokat%'", 0), 0,
               "%s: and no e-mail went out", E);
    char logpath[400], *log = NULL;
    snprintf(logpath, sizeof logpath, "%s/server.log", tmpdir);
    FILE *f = fopen(logpath, "r");
    size_t cap = 0;
    if (f) {
        getdelim(&log, &cap, '\0', f);
        fclose(f);
    }
    TAP_OK(log && strstr(log, "avviste teiepliktig brev") && !strstr(log, "advokat@"),
           "%s: the refusal is in the log, without the address", E);
    free(log);

    /* Not confidential: an external address gets an e-mail; a missing party is a mistake. */
    TAP_EQ_INT(post_letter(c, "ekstern", "advokat@example.no", 0, NULL, &r), 303,
               "%s: an ordinary letter to an external address", E);
    http_response_free(&r);
    TAP_EQ_INT(
        scalar(d, "SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'advokat@example.no'", 0), 1,
        "%s: goes as an e-mail", E);
    TAP_EQ_INT(post_letter(c, "ekstern", "advokat@example.no", 0, pdf, &r), 422,
               "%s: but not with attachments", E);
    http_response_free(&r);
    TAP_EQ_INT(post_letter(ids.guidance, "motpart", "", 0, NULL, &r), 422,
               "%s: a letter to a missing motpart is refused", E);
    http_response_free(&r);
    TAP_EQ_INT(post_letter(c, "innsender", "", 0, "#!/bin/sh\necho hei\n", &r), 422,
               "%s: an attachment of a kind not taken is refused", E);
    http_response_free(&r);
    TAP_EQ_INT(post_letter(ids.tip, "innsender", "", 0, NULL, &r), 409,
               "%s: a tip has no case file to send from", E);
    http_response_free(&r);
}

static void check_note(db *d)
{
    int64_t c = ids.mine;
    int64_t nora_before = inbox_count(d, ids.nora, c);
    TAP_EQ_INT(post_case(c, "notat", "med_hvem=Nora+Forbruker&notat=Ringte+om+kvitteringen."), 303,
               "%s: a phone call is recorded", E);
    db_stmt *s = db_prepare(
        d, "SELECT e.entry_type, ce.audience, e.title FROM case_entry ce JOIN archive_entry e "
           "ON e.id = ce.entry_id WHERE ce.case_id = $1 ORDER BY e.id DESC");
    db_bind_int(s, 1, c);
    int row = db_step(s) == DB_ROW;
    TAP_OK(row && !strcmp(db_col_text(s, 0), "X") && !strcmp(db_col_text(s, 1), "intern") &&
               !strcmp(db_col_text(s, 2), "Telefonsamtale med Nora Forbruker"),
           "%s: as a note (X) for staff only", E);
    db_reset(s);
    TAP_EQ_INT(scalar(d,
                      "SELECT COUNT(*) FROM case_event WHERE case_id = $1 AND kind = 'notat' AND "
                      "audience <> 'intern'",
                      c),
               0, "%s: its event is internal", E);
    TAP_EQ_INT(inbox_count(d, ids.nora, c), nora_before, "%s: and no party is told", E);
    TAP_EQ_INT(post_case(c, "notat", "notat=+++"), 422, "%s: an empty note is refused", E);

    /* Phone calls are recorded only in complaint cases, as the privacy statement says. */
    char path[128];
    http_response r;
    snprintf(path, sizeof path, "/ansatt/saker/%lld", (long long)c);
    get_as(sara_cookie, path, &r);
    TAP_OK(r.status == 200 && contains(&r, "Registrer telefonsamtale"),
           "%s: a mediation case page offers a phone note", E);
    http_response_free(&r);
    snprintf(path, sizeof path, "/ansatt/saker/%lld", (long long)ids.guidance);
    get_as(sara_cookie, path, &r);
    TAP_OK(r.status == 200 && !contains(&r, "Registrer telefonsamtale") && !contains(&r, "/notat\""),
           "%s: a guidance case page offers none", E);
    http_response_free(&r);
    int64_t notes = scalar(d, "SELECT COUNT(*) FROM case_event WHERE case_id = $1 AND kind = 'notat'",
                           ids.guidance);
    snprintf(path, sizeof path, "/ansatt/saker/%lld/notat", (long long)ids.guidance);
    TAP_EQ_INT(post(path, "notat=Ringte+om+veiledning.", &r), 409,
               "%s: and refuses one with 409", E);
    TAP_OK(contains(&r, "bare i klagesaker"), "%s: saying why in Norwegian", E);
    http_response_free(&r);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM case_event WHERE case_id = $1 AND kind = 'notat'",
                      ids.guidance),
               notes, "%s: recording nothing", E);
}

/* The work queue pages by key: 30 more tips of Sara's, a third of them with deadlines, fill
 * «Mine saker» past one page; «Neste side» reaches the last page with each shown once, «Forrige
 * side» leads back to the first, and a page number in side is a 400. */
enum { QUEUE_MORE = 30 };

static void check_queue_paging(db *d)
{
    int64_t made[QUEUE_MORE];
    for (int i = 0; i < QUEUE_MORE; i++) {
        made[i] = case_make(d, CASE_TYPE_TIP, ids.nora, NULL, NULL, "mottatt", ids.sara);
        if (i % 3 == 0)
            db_run(d, "UPDATE case_record SET deadline = $1 WHERE id = $2", "ti",
                   i % 2 ? "2031-03-01" : "2031-02-01", made[i]);
    }
    int seen[QUEUE_MORE] = {0}, pages = 0;
    char path[512] = "/ansatt/saker?liste=mine";
    http_response r;
    for (;;) {
        get_as(sara_cookie, path, &r);
        pages++;
        for (int i = 0; i < QUEUE_MORE; i++) {
            char link[64];
            snprintf(link, sizeof link, "/ansatt/saker/%lld\"", (long long)made[i]);
            seen[i] += contains(&r, link);
        }
        if (!http_page_link(&r, "next", path, sizeof path) || pages > 5) break;
        http_response_free(&r);
    }
    int once = 1;
    for (int i = 0; i < QUEUE_MORE; i++) once &= seen[i] == 1;
    TAP_OK(once && pages == 2 && contains(&r, "Forrige side"),
           "%s: «Neste side» reaches the queue's last page, each case once (%d pages)", E, pages);
    http_page_link(&r, "prev", path, sizeof path);
    http_response_free(&r);
    get_as(sara_cookie, path, &r);
    TAP_OK(contains(&r, "Neste side") && !contains(&r, "Forrige side"), "%s: «Forrige side» leads back to the first page", E);
    http_response_free(&r);
    get_as(sara_cookie, "/ansatt/saker?side=2", &r);
    TAP_EQ_INT(r.status, 400, "%s: a page number where a cursor belongs is a 400", E);
    http_response_free(&r);
}

static void run_checks(void)
{
    db *d = NULL;
    char err[512];
    if (db_open(g_app.cfg.database_url, &d, err, sizeof err) != DB_OK) {
        TAP_OK(0, "%s: the test opens the database: %s", E, err);
        return;
    }
    http_server *server = site_server_start(site_routes);
    if (!server) {
        printf("Bail out! server did not start\n");
        exit(1);
    }
    http_client_init(http_server_port(server));
    check_access();
    check_staff_home();
    check_queue();
    check_case_page(d);
    check_assign(d);
    check_status(d);
    check_deadline(d);
    check_letters(d);
    check_note(d);
    check_queue_paging(d);
    http_server_stop(server, 5);
    db_close(d);
}

int main(int argc, char **argv)
{
    db_engine engine;
    const char *pg_url;
    if (fixture_engine_from_args(argc, argv, &engine, &pg_url)) return 0;
    if (engine == DB_POSTGRES) E = "postgres";
    clock_set_fixed(1798012800); /* 2026-12-23 09:00 Oslo, a Wednesday before Christmas */
    if (fixture_prepare_on(tmpdir, sizeof tmpdir, "2", seed, engine, pg_url, "casestaff") != 0)
        return 1;
    run_checks();
    fixture_cleanup(tmpdir);
    return tap_done();
}
