/* The public journal over HTTP, in one process with the real server, route table, templates and
 * database (SQLite, or PostgreSQL with the argument "postgres"): «Søk i postjournalen» and the
 * entry page without login, nothing screened, unassessed or a note in any of their answers
 * (hits, entry pages, error pages); refused input as Norwegian 400s; «Til offentlighetsvurdering»
 * with the screening form and tagged names, and who may use it; «Stopp publisering» hiding an
 * entry and the whole journal at once, and lifting again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "archive/archive.h"
#include "client.h"
#include "core/clock.h"
#include "fixture.h"
#include "http/server.h"
#include "journal/journal.h"
#include "tap.h"
#include "web/routes.h"
#include "web/site.h"

static char tmpdir[256];
static db *d;

/* The test's logins: a caseworker, a manager and a person. */
typedef struct {
    char token[65], csrf[65];
} login;
static login sara_login, lene_login, person_login;
static const login *const sara_token = &sara_login, *const leder_token = &lene_login,
                          *const person_token = &person_login;

/* What must never be in a public answer. */
static const char *const secrets[] = {"hemmelig", "Per Varsler", "Uvurdert brev", "Telefonnotat"};

static int seed(db *db_)
{
    int64_t now = clock_now();
    if (db_run(db_, "INSERT INTO staff (subject, name, roles, last_login_at) VALUES "
                    "('sara', 'Sara Saksbehandler', 'saksbehandler', $1), "
                    "('lene', 'Lene Leder', 'leder', $1)",
               "i", now) != DB_OK ||
        db_run(db_, "INSERT INTO person (pid_hash, pid_enc, birth_date, name, created_at, "
                    "updated_at) VALUES ('h', 'x', '1980-05-17', 'Kari Testesen', $1, $1)",
               "i", now) != DB_OK)
        return -1;
    if (fixture_session(db_, 0, 1, sara_login.token, sara_login.csrf) < 0 ||
        fixture_session(db_, 0, 2, lene_login.token, lene_login.csrf) < 0 ||
        fixture_session(db_, 1, 0, person_login.token, person_login.csrf) < 0)
        return -1;
    return 0;
}

static int contains(const http_response *r, const char *needle)
{
    return r->body.data && strstr(r->body.data, needle) != NULL;
}

/* The first secret in the answer, or NULL when there is none. */
static const char *leak(const http_response *r)
{
    for (size_t i = 0; i < sizeof secrets / sizeof *secrets; i++)
        if (contains(r, secrets[i])) return secrets[i];
    return NULL;
}

static const char *cookie_of(const login *who)
{
    static char buf[4][128];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "Cookie: minside=%s", who->token);
    return buf[i];
}

static void get_as(const login *token, const char *path, http_response *out)
{
    const char *hdrs[] = {token ? cookie_of(token) : NULL, NULL};
    http_request rq = {.path = path, .headers = token ? hdrs : NULL};
    http_send(&rq, out);
}

static void post_as(const login *token, const char *path, const char *body, http_response *out)
{
    char full[4096];
    snprintf(full, sizeof full, "csrf=%s&%s", token->csrf, body);
    const char *hdrs[] = {cookie_of(token), "Content-Type: application/x-www-form-urlencoded", NULL};
    http_request rq = {.method = "POST", .path = path, .headers = hdrs, .body = full,
                       .body_len = strlen(full)};
    http_send(&rq, out);
}

static long status_of_get(const login *token, const char *path, const char *must, int *has)
{
    http_response r;
    get_as(token, path, &r);
    long st = r.status;
    if (has) *has = must ? contains(&r, must) : 0;
    http_response_free(&r);
    return st;
}

static int64_t case_id;
static archive_entry plain, screened, unassessed, note;

static int64_t reg(const char *title, char type, const char *party, int person,
                   const archive_screening *sc, const char *doc, archive_entry *out)
{
    archive_party_new p = {.role = ARCHIVE_PARTY_SENDER,
                           .kind = person ? ARCHIVE_PARTY_PERSON : ARCHIVE_PARTY_ORGANISATION,
                           .name = party};
    archive_document_new dn = {.title = doc, .file_name = "brev.txt", .mime_type = "text/plain",
                               .bytes = "brev", .size = 4};
    archive_entry_new in = {.case_file_id = case_id, .type = type, .title = title,
                            .created_by = "Sara", .parties = party ? &p : NULL,
                            .party_count = party ? 1 : 0, .documents = doc ? &dn : NULL,
                            .document_count = doc ? 1 : 0, .screening = sc};
    char err[256];
    int rc = db_begin(d);
    if (rc == DB_OK) rc = db_finish(d, archive_entry_register(d, &in, out, err, sizeof err));
    if (rc) printf("# %s: %s\n", title, err);
    return rc ? -1 : out->id;
}

static void setup_entries(void)
{
    archive_case_file c;
    char err[256];
    int rc = db_begin(d);
    if (rc == DB_OK)
        rc = db_finish(d, archive_case_file_open(d, &(archive_case_file_new){.title = "Klage på kjøleskap",
                                                     .admin_unit = "Forbrukerrett", .caseworker = "Sara",
                                                     .created_by = "Sara"}, &c, err, sizeof err));
    case_id = c.id;
    reg("Klage fra Kari Nordmann om kjøleskap", 'I', "Kari Nordmann", 1, NULL, "Klagebrevet", &plain);
    reg("Tips om hemmelig prisavtale", 'I', "Per Varsler", 1, NULL, "Vedlagt avtale", &screened);
    reg("Uvurdert brev om kjøleskap", 'U', "Elektro AS", 0, NULL, NULL, &unassessed);
    reg("Telefonnotat om kjøleskap", 'X', NULL, 0, NULL, NULL, &note);
    TAP_OK(rc == 0 && plain.id > 0 && screened.id > 0 && unassessed.id > 0 && note.id > 0,
           "a case file with four entries");
}

static void check_before_assessment(void)
{
    http_response r;
    get_as(NULL, "/postjournal", &r);
    TAP_EQ_INT(r.status, 200, "«Søk i postjournalen» answers without login");
    TAP_OK(contains(&r, "Ingen journalposter passer") && !leak(&r), "and shows nothing before assessment");
    http_response_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/postjournal/%lld", (long long)plain.id);
    get_as(NULL, path, &r);
    TAP_EQ_INT(r.status, 404, "an entry not yet assessed has no page");
    TAP_OK(!contains(&r, "Kari Nordmann") && !contains(&r, "kjøleskap"), "and its 404 says nothing of it");
    http_response_free(&r);
}

static void check_staff_queue(void)
{
    http_response r;
    int has;
    TAP_EQ_INT(status_of_get(NULL, "/ansatt/offentlig-journal", NULL, NULL), 303, "the queue needs a staff login");
    TAP_EQ_INT(status_of_get(person_token, "/ansatt/offentlig-journal", NULL, NULL), 303, "a person's login does not open it");
    TAP_EQ_INT(status_of_get(sara_token, "/ansatt/offentlig-journal", "Tips om hemmelig prisavtale", &has), 200,
               "a caseworker sees «Til offentlighetsvurdering»");
    TAP_OK(has, "with the entries waiting");
    get_as(sara_token, "/ansatt/offentlig-journal", &r);
    TAP_OK(contains(&r, "Venter på vurdering (3)") && !contains(&r, "Telefonnotat"), "three waiting, the note not among them");
    TAP_OK(contains(&r, "name=\"tilgangskode\"") && contains(&r, "name=\"navn\""), "each with the screening form and the names field");
    TAP_OK(!contains(&r, "action=\"/ansatt/offentlig-journal/stopp\""), "but no stop form for a caseworker");
    http_response_free(&r);
    get_as(leder_token, "/ansatt/offentlig-journal", &r);
    TAP_OK(r.status == 200 && contains(&r, "action=\"/ansatt/offentlig-journal/stopp\"") &&
           !contains(&r, "Godkjenn for postjournalen"), "a manager gets the stop form, not the assessment");
    http_response_free(&r);

    char path[128];
    snprintf(path, sizeof path, "/ansatt/offentlig-journal/journalposter/%lld/vurder", (long long)plain.id);
    post_as(leder_token, path, "skjerming=behold", &r);
    TAP_EQ_INT(r.status, 403, "a manager may not assess");
    http_response_free(&r);
    post_as(sara_token, path, "skjerming=behold&navn=Ola+Ukjent", &r);
    TAP_EQ_INT(r.status, 400, "a name that is not in the title is refused");
    TAP_OK(contains(&r, "står ikke i den offentlige tittelen"), "with a Norwegian message");
    http_response_free(&r);
    post_as(sara_token, path, "skjerming=behold&navn=Kari+Nordmann", &r);
    TAP_EQ_INT(r.status, 303, "a caseworker assesses an entry with a name tagged in its title");
    http_response_free(&r);
    snprintf(path, sizeof path, "/ansatt/offentlig-journal/journalposter/%lld/vurder", (long long)screened.id);
    post_as(sara_token, path, "skjerming=sett&tilgangskode=Unntatt+offentlighet&hjemmel=Offl.+%C2%A7+13+jf.+fvl.+%C2%A7+13+f%C3%B8rste+ledd+nr.+1&felt=TRO&felt=NA&felt=TD&ord=hemmelig&varighet=", &r);
    TAP_EQ_INT(r.status, 303, "and screens and assesses the tip in one step");
    http_response_free(&r);
    snprintf(path, sizeof path, "/ansatt/offentlig-journal/journalposter/%lld/vurder", (long long)note.id);
    post_as(sara_token, path, "skjerming=behold", &r);
    TAP_OK(r.status == 400 && contains(&r, "Notater (X) publiseres ikke"), "a note is refused (%ld)", r.status);
    http_response_free(&r);
    post_as(sara_token, "/ansatt/offentlig-journal/journalposter/999999/vurder", "skjerming=behold", &r);
    TAP_EQ_INT(r.status, 404, "an unknown entry gives 404");
    http_response_free(&r);
}

static void check_public_pages(void)
{
    http_response r;
    get_as(NULL, "/postjournal?q=kj%C3%B8leskap", &r);
    TAP_EQ_INT(r.status, 200, "a search answers 200");
    TAP_OK(contains(&r, "Klage fra Kari Nordmann om kjøleskap"), "and finds the assessed entry");
    const char *l = leak(&r);
    TAP_OK(!l, "nothing screened, unassessed or a note in the hits (%s)", l ? l : "");
    char want[128];
    snprintf(want, sizeof want, "href=\"/innsyn/ny?entry=%lld\"", (long long)plain.id);
    TAP_OK(contains(&r, want), "each hit links to «Be om innsyn»");
    TAP_OK(contains(&r, plain.registry_id) && contains(&r, "Udatert") && contains(&r, "I – Inngående"),
           "with its registry id, «Udatert» and I/U in words");
    http_response_free(&r);
    get_as(NULL, "/postjournal?q=prisavtale", &r);
    TAP_OK(contains(&r, "Tips om ***** prisavtale") && contains(&r, "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"),
           "the screened entry: its word as ***** and the legal basis in words");
    TAP_OK(!leak(&r), "and neither its screened word nor its screened sender");
    http_response_free(&r);
    get_as(NULL, "/postjournal?q=hemmelig", &r);
    TAP_OK(contains(&r, "Ingen journalposter passer") && !contains(&r, "prisavtale"),
           "a search for the screened word finds nothing");
    http_response_free(&r);

    char path[64];
    snprintf(path, sizeof path, "/postjournal/%lld", (long long)plain.id);
    get_as(NULL, path, &r);
    TAP_EQ_INT(r.status, 200, "the entry's page answers without login");
    TAP_OK(contains(&r, "Hoveddokument: Klagebrevet") && contains(&r, "Kari Nordmann"), "with its document by title and its sender");
    TAP_OK(contains(&r, want + 0) || contains(&r, "/innsyn/ny?entry="), "and «Be om innsyn»");
    http_response_free(&r);
    snprintf(path, sizeof path, "/postjournal/%lld", (long long)screened.id);
    get_as(NULL, path, &r);
    TAP_OK(r.status == 200 && contains(&r, "Hoveddokument: *****") && !leak(&r),
           "the screened entry's page: the document title screened, nothing leaks");
    http_response_free(&r);
    const char *hidden[] = {"/postjournal/%lld", "/postjournal/%lld"};
    int64_t ids[] = {unassessed.id, note.id};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, hidden[i], (long long)ids[i]);
        get_as(NULL, path, &r);
        TAP_OK(r.status == 404 && !leak(&r), "%s gives 404 and says nothing", i ? "a note" : "an unassessed entry");
        http_response_free(&r);
    }
    get_as(NULL, "/postjournal/1x", &r);
    TAP_EQ_INT(r.status, 404, "a malformed id gives 404");
    http_response_free(&r);
}

static void check_bad_input(void)
{
    char path[600] = "/postjournal?q=";
    size_t n = strlen(path);
    for (int i = 0; i < 201; i++) path[n++] = 'a';
    path[n] = '\0';
    const struct {
        const char *path, *message;
    } bad[] = {
        {path, "høyst 200 tegn"},
        {"/postjournal?q=en+to+tre+fire+fem+seks+sju+%C3%A5tte+ni+ti+elleve", "høyst 10 ord"},
        {"/postjournal?q=%22kj%C3%B8leskap", "Søkeoperatorer"},
        {"/postjournal?q=kj%C3%B8l*", "Søkeoperatorer"},
        {"/postjournal?q=klage+NEAR+kj%C3%B8leskap", "Søkeoperatorer"},
        {"/postjournal?q=klage+OR+brev", "Søkeoperatorer"},
        {"/postjournal?q=-klage", "Søkeoperatorer"},
        {"/postjournal?fra=2026-13-01", "Skriv datoene slik"},
        {"/postjournal?fra=i+g%C3%A5r", "Skriv datoene slik"},
        {"/postjournal?fra=2026-05-02&til=2026-05-01", "Fra-datoen kan ikke være etter til-datoen"},
        {"/postjournal?type=X", "Velg inngående"},
        {"/postjournal?sak=abc", "Skriv saksnummeret"},
        {"/postjournal?etter=2026-01-01.%27", "Lenken til neste side"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        http_response r;
        get_as(NULL, bad[i].path, &r);
        TAP_OK(r.status == 400 && contains(&r, bad[i].message) && !leak(&r),
               "%.60s: a Norwegian 400 («%s»), got %ld", bad[i].path, bad[i].message, r.status);
        http_response_free(&r);
    }
}

static void check_stop(void)
{
    http_response r;
    char body[128], path[64];
    snprintf(body, sizeof body, "omfang=journalpost&nummer=%s", plain.registry_id);
    post_as(sara_token, "/ansatt/offentlig-journal/stopp", body, &r);
    TAP_EQ_INT(r.status, 403, "a caseworker may not stop publication");
    http_response_free(&r);
    post_as(leder_token, "/ansatt/offentlig-journal/stopp", "omfang=journalpost&nummer=1999%2F1-1", &r);
    TAP_OK(r.status == 400 && contains(&r, "Fant ikke noe publisert"), "an unknown entry is refused with a message");
    http_response_free(&r);
    post_as(leder_token, "/ansatt/offentlig-journal/stopp", body, &r);
    TAP_EQ_INT(r.status, 303, "a manager stops publication of %s", plain.registry_id);
    http_response_free(&r);
    snprintf(path, sizeof path, "/postjournal/%lld", (long long)plain.id);
    int has;
    TAP_EQ_INT(status_of_get(NULL, path, NULL, NULL), 404, "its page is gone on the next request");
    TAP_OK(status_of_get(NULL, "/postjournal?q=Klage", "Kari Nordmann", &has) == 200 && !has,
           "and so is its hit");
    get_as(leder_token, "/ansatt/offentlig-journal", &r);
    TAP_OK(contains(&r, "stoppet") && contains(&r, "av Lene Leder"), "the stop is shown and logged with who");
    http_response_free(&r);
    long long stop_id = 0;
    db_stmt *s = db_prepare(d, "SELECT MAX(id) FROM journal_stop");
    if (s && db_step(s) == DB_ROW) stop_id = db_col_int(s, 0);
    db_reset(s);
    char lift[96];
    snprintf(lift, sizeof lift, "/ansatt/offentlig-journal/stopp/%lld/opphev", stop_id);
    post_as(sara_token, lift, "x=1", &r);
    TAP_EQ_INT(r.status, 403, "a caseworker may not lift it");
    http_response_free(&r);
    post_as(leder_token, lift, "x=1", &r);
    TAP_EQ_INT(r.status, 303, "the manager lifts it");
    http_response_free(&r);
    TAP_EQ_INT(status_of_get(NULL, path, NULL, NULL), 200, "and the entry is public again at once");
    post_as(leder_token, lift, "x=1", &r);
    TAP_EQ_INT(r.status, 404, "a stop is lifted only once");
    http_response_free(&r);

    post_as(leder_token, "/ansatt/offentlig-journal/stopp", "omfang=journal&nummer=", &r);
    TAP_EQ_INT(r.status, 303, "a manager stops the whole journal");
    http_response_free(&r);
    TAP_OK(status_of_get(NULL, "/postjournal", "midlertidig ikke tilgjengelig", &has) == 200 && has,
           "the search says the journal is not available");
    TAP_EQ_INT(status_of_get(NULL, path, NULL, NULL), 404, "and no entry page answers");
    snprintf(lift, sizeof lift, "/ansatt/offentlig-journal/stopp/%lld/opphev", stop_id + 1);
    post_as(leder_token, lift, "x=1", &r);
    http_response_free(&r);
    TAP_OK(status_of_get(NULL, "/postjournal?q=Klage", "Kari Nordmann", &has) == 200 && has,
           "lifted, the journal is back");
}

int main(int argc, char **argv)
{
    db_engine engine;
    const char *pg;
    if (fixture_engine_from_args(argc, argv, &engine, &pg)) return 0;
    if (fixture_prepare_on(tmpdir, sizeof tmpdir, "4", seed, engine, pg, "journal") != 0) return 1;
    char err[512];
    if (db_open(g_app.cfg.database_url, &d, err, sizeof err) != DB_OK) {
        printf("Bail out! %s\n", err);
        return 1;
    }
    http_server *server = site_server_start(site_routes);
    if (!server) {
        printf("Bail out! server did not start\n");
        return 1;
    }
    http_client_init(http_server_port(server));
    setup_entries();
    check_before_assessment();
    check_staff_queue();
    check_public_pages();
    check_bad_input();
    check_stop();
    http_server_stop(server, 5);
    db_close(d);
    fixture_cleanup(tmpdir);
    return tap_done();
}
