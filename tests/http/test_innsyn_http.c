/* Requests for access (innsyn) over HTTP, in one process, on SQLite and (with
 * MINSIDE_TEST_PG_URL) on PostgreSQL: the form for one entry and a basket, confirmation by the
 * e-mailed link (forged, expired and reused links refused), the rate limits, a logged-in
 * requester, the caseworker's per-document decisions with the answer, the released documents
 * behind the e-mailed link for 30 days, the § 32 lapse across Easter and the complaint. */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "archive/archive.h"
#include "client.h"
#include "core/clock.h"
#include "fixture.h"
#include "http/server.h"
#include "innsyn/innsyn.h"
#include "jobs/job.h"
#include "journal/journal.h"
#include "tap.h"
#include "web/routes.h"
#include "web/site.h"

static char tmpdir[256];
static const char *E = "sqlite";

static struct {
    int64_t sara, nora;
    int64_t public_entry, second_entry, note_entry, screened_entry, unassessed_entry;
} ids;
static char nora_cookie[128], nora_csrf[65];

static int64_t scalar(db *d, const char *sql, int64_t arg)
{
    db_stmt *s = db_prepare(d, sql);
    int64_t v = -1;
    if (s && (strstr(sql, "$1") ? db_bind_int(s, 1, arg) : DB_OK) == DB_OK && db_step(s) == DB_ROW)
        v = db_col_int(s, 0);
    if (s) db_reset(s);
    return v;
}

/* The newest e-mail's body to address whose subject starts with subject (malloc'd), or NULL. */
static char *mail_find(db *d, const char *to, const char *subject)
{
    db_stmt *s = db_prepare(d, "SELECT body FROM mail_outbox WHERE recipient = $1 "
                               "AND subject LIKE $2 ORDER BY id DESC LIMIT 1");
    char *body = NULL, like[256];
    snprintf(like, sizeof like, "%s%%", subject);
    if (s && db_bind_text(s, 1, to) == DB_OK && db_bind_text(s, 2, like) == DB_OK &&
        db_step(s) == DB_ROW)
        body = strdup(db_col_text(s, 0));
    if (s) db_reset(s);
    return body;
}

/* The 64 hex digits after marker in text, into out; 0 when found. */
static int token_after(const char *text, const char *marker, char out[65])
{
    const char *p = text ? strstr(text, marker) : NULL;
    if (!p) return -1;
    p += strlen(marker);
    if (strlen(p) < 64) return -1;
    memcpy(out, p, 64);
    out[64] = 0;
    return 0;
}

static int64_t staff_add(db *d, const char *subject, const char *name, const char *roles)
{
    db_run(d, "INSERT INTO staff (subject, name, roles, last_login_at) VALUES ($1, $2, $3, 0)",
           "ttt", subject, name, roles);
    return scalar(d, "SELECT MAX(id) FROM staff", 0);
}

static int64_t person_add(db *d, const char *key, const char *name, const char *email)
{
    db_stmt *s = db_prepare(d, "INSERT INTO person (pid_hash, pid_enc, birth_date, name, email, "
                               "created_at, updated_at) VALUES ($1, $2, '1980-01-01', $3, $4, 0, 0)");
    db_bind_text(s, 1, key);
    db_bind_blob(s, 2, key, strlen(key));
    db_bind_text(s, 3, name);
    db_bind_text(s, 4, email);
    db_step(s);
    db_reset(s);
    return scalar(d, "SELECT MAX(id) FROM person", 0);
}

static void session_add(db *d, int64_t person, int64_t staff, char *cookie, char csrf[65])
{
    char token[65];
    if (fixture_session(d, person, staff, token, csrf) < 0) printf("# session: %s\n", db_errmsg(d));
    snprintf(cookie, 128, "Cookie: minside=%s", token);
}

static int64_t entry_add(db *d, int64_t file_id, archive_entry_type type, const char *title,
                         const char *const *docs, const archive_screening *sc)
{
    archive_document_new dn[4];
    size_t n = 0;
    for (; docs && docs[n]; n++)
        dn[n] = (archive_document_new){.title = docs[n],
                                       .file_name = "dokument.txt",
                                       .mime_type = "text/plain",
                                       .bytes = docs[n],
                                       .size = strlen(docs[n])};
    archive_party_new party = {ARCHIVE_PARTY_SENDER, ARCHIVE_PARTY_PERSON, "Petter Klagesen", NULL};
    archive_entry_new en = {.case_file_id = file_id,
                            .type = type,
                            .title = title,
                            .created_by = "Sara Saksbehandler",
                            .parties = &party,
                            .party_count = 1,
                            .documents = dn,
                            .document_count = n,
                            .screening = sc};
    archive_entry e = {0};
    char err[256];
    if (archive_entry_register(d, &en, &e, err, sizeof err) != DB_OK) printf("# entry: %s\n", err);
    return e.id;
}

static int seed(db *d)
{
    ids.sara = staff_add(d, "sara", "Sara Saksbehandler", "saksbehandler");
    ids.nora = person_add(d, "nora", "Nora Forbruker", "nora@example.no");
    char err[256];
    archive_case_file f;
    archive_case_file_new fn = {.title = "Klage på vaskemaskin",
                                .admin_unit = "Forbrukertilsynet",
                                .caseworker = "Sara Saksbehandler",
                                .created_by = "Sara Saksbehandler"};
    db_begin(d);
    archive_case_file_open(d, &fn, &f, err, sizeof err);
    const char *two[] = {"Klage", "Kvittering for vaskemaskin", NULL};
    const char *one[] = {"Svar til virksomheten", NULL};
    const char *note[] = {"Telefonnotat", NULL};
    const char *words[] = {"Hemmelig", NULL};
    archive_screening sc = {.access_code = "Unntatt offentlighet",
                            .legal_basis = "Offl. § 13 jf. fvl. § 13 første ledd nr. 1",
                            .fields = ARCHIVE_SCREEN_TITLE_WORDS | ARCHIVE_SCREEN_DOCUMENT_TITLE,
                            .words = words};
    const char *secret[] = {"Hemmelig helseopplysning", NULL};
    ids.public_entry = entry_add(d, f.id, ARCHIVE_ENTRY_INCOMING, "Klage på vaskemaskin", two, NULL);
    ids.second_entry = entry_add(d, f.id, ARCHIVE_ENTRY_OUTGOING, "Brev til virksomheten", one, NULL);
    ids.note_entry = entry_add(d, f.id, ARCHIVE_ENTRY_NOTE, "Telefon med klager", note, NULL);
    ids.screened_entry = entry_add(d, f.id, ARCHIVE_ENTRY_INCOMING, "Legeerklæring Hemmelig",
                                   secret, &sc);
    ids.unassessed_entry = entry_add(d, f.id, ARCHIVE_ENTRY_INCOMING, "Ikke vurdert ennå", one, NULL);
    int64_t assessed[] = {ids.public_entry, ids.second_entry, ids.screened_entry};
    for (size_t i = 0; i < 3; i++)
        if (journal_entry_assess(d, assessed[i], NULL, "Sara Saksbehandler", err, sizeof err))
            printf("# assess: %s\n", err);
    db_commit(d);
    return 0;
}

static int contains(const http_response *r, const char *needle)
{
    return r->body.data && strstr(r->body.data, needle) != NULL;
}

static long get_as(const char *cookie, const char *path, http_response *out)
{
    const char *hdrs[] = {cookie, NULL};
    http_request rq = {.path = path, .headers = cookie ? hdrs : NULL};
    http_send(&rq, out);
    return out->status;
}

static long post_as(const char *cookie, const char *csrf, const char *path, const char *fields,
                    http_response *out)
{
    char body[8192];
    snprintf(body, sizeof body, "csrf=%s&%s", csrf ? csrf : "", fields);
    const char *hdrs[] = {cookie, NULL};
    http_request rq = {.method = "POST",
                       .path = path,
                       .headers = cookie ? hdrs : NULL,
                       .body = body,
                       .body_len = strlen(body)};
    http_send(&rq, out);
    return out->status;
}

static long status_of_get(const char *cookie, const char *path)
{
    http_response r;
    long st = get_as(cookie, path, &r);
    http_response_free(&r);
    return st;
}

static void check_form(void)
{
    http_response r;
    char path[256];
    snprintf(path, sizeof path, "/innsyn/ny?entry=%lld&entry=%lld", (long long)ids.public_entry,
             (long long)ids.screened_entry);
    get_as(NULL, path, &r);
    TAP_OK(r.status == 200 && contains(&r, "Klage på vaskemaskin") &&
               contains(&r, "Kvittering for vaskemaskin") && contains(&r, "Legeerklæring *****"),
           "%s: the form lists a basket of two entries with their documents", E);
    TAP_OK(!contains(&r, "Hemmelig") && !contains(&r, "helseopplysning") &&
               !contains(&r, "Petter Klagesen"),
           "%s: no screened word, screened document title or party on the form", E);
    TAP_OK(contains(&r, "/logg-inn?neste=%2Finnsyn%2Fny%3Fentry%3D"),
           "%s: the login link comes back to the same basket", E);
    http_response_free(&r);
    snprintf(path, sizeof path, "/innsyn/ny?entry=%lld", (long long)ids.note_entry);
    TAP_EQ_INT(status_of_get(NULL, path), 404, "%s: a note (X) cannot be asked for", E);
    snprintf(path, sizeof path, "/innsyn/ny?entry=%lld", (long long)ids.unassessed_entry);
    TAP_EQ_INT(status_of_get(NULL, path), 404, "%s: an entry not yet assessed cannot be asked for", E);
    TAP_EQ_INT(status_of_get(NULL, "/innsyn/ny?entry=999999"), 404, "%s: an unknown entry is 404", E);
    TAP_EQ_INT(status_of_get(NULL, "/innsyn/ny?entry=abc"), 400, "%s: a bad id is a 400", E);
    TAP_EQ_INT(status_of_get(NULL, "/innsyn/ny"), 400, "%s: an empty basket is a 400", E);
    strcpy(path, "/innsyn/ny?");
    for (int i = 0; i < 21; i++) strcat(path, "entry=1&");
    TAP_EQ_INT(status_of_get(NULL, path), 400, "%s: more than 20 entries is a 400", E);
}

/* An anonymous request for two entries; returns the confirmation token from the e-mail. */
static int anonymous_request(db *d, const char *email, char token[65], long *status)
{
    http_response r;
    char fields[512];
    snprintf(fields, sizeof fields, "entry=%lld&entry=%lld&epost=%s&navn=Jon",
             (long long)ids.public_entry, (long long)ids.second_entry, email);
    *status = post_as(NULL, NULL, "/innsyn/ny", fields, &r);
    http_response_free(&r);
    char *body = mail_find(d, email, "Bekreft");
    int rc = token_after(body, "/innsyn/bekreft?t=", token);
    free(body);
    return rc;
}

static void check_anonymous(db *d)
{
    char token[65], path[128];
    long st;
    int found = anonymous_request(d, "jon@example.no", token, &st) == 0;
    TAP_OK(st == 303 && found, "%s: an anonymous request is registered and a link is e-mailed", E);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM innsyn_request WHERE state = 'ubekreftet'", 0), 1,
               "%s: it waits unconfirmed", E);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM job WHERE kind = 'innsyn_deadline'", 0), 0,
               "%s: no deadline runs before it is confirmed", E);
    snprintf(path, sizeof path, "/innsyn/bekreft?t=%s", token);
    http_response r;
    get_as(NULL, path, &r);
    TAP_OK(r.status == 200 && contains(&r, token), "%s: the link shows a button to confirm", E);
    http_response_free(&r);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM innsyn_request WHERE state = 'ubekreftet'", 0), 1,
               "%s: opening the link alone confirms nothing", E);
    char forged[65];
    memcpy(forged, token, 65);
    forged[0] = forged[0] == 'a' ? 'b' : 'a';
    char fields[128];
    snprintf(fields, sizeof fields, "t=%s", forged);
    TAP_EQ_INT(post_as(NULL, NULL, "/innsyn/bekreft", fields, &r), 404,
               "%s: a forged confirmation link is refused", E);
    TAP_OK(contains(&r, "Lenken virker ikke"), "%s: with a Norwegian message", E);
    http_response_free(&r);
    snprintf(fields, sizeof fields, "t=%s", token);
    post_as(NULL, NULL, "/innsyn/bekreft", fields, &r);
    TAP_OK(r.status == 200 && contains(&r, "INN-2026-"), "%s: confirming shows the reference", E);
    http_response_free(&r);
    TAP_EQ_INT(post_as(NULL, NULL, "/innsyn/bekreft", fields, &r), 404,
               "%s: a used confirmation link is refused", E);
    http_response_free(&r);
    char *ack = mail_find(d, "jon@example.no", "Innsynskravet ditt");
    TAP_OK(ack && strstr(ack, "Referansen er INN-2026-") && strstr(ack, "Klage på vaskemaskin") &&
               strstr(ack, "§ 32"),
           "%s: the acknowledgement e-mail has the reference, the entries and the deadline", E);
    free(ack);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM job WHERE kind = 'innsyn_deadline'", 0), 1,
               "%s: the § 32 deadline job is queued", E);

    /* Expired: confirmed after 24 hours. */
    anonymous_request(d, "sen@example.no", token, &st);
    clock_advance(24 * 3600 + 60);
    snprintf(fields, sizeof fields, "t=%s", token);
    TAP_EQ_INT(post_as(NULL, NULL, "/innsyn/bekreft", fields, &r), 404,
               "%s: a confirmation after 24 hours is refused", E);
    http_response_free(&r);
    db_begin(d);
    int64_t purged = innsyn_purge_unconfirmed(d, clock_now());
    db_commit(d);
    TAP_EQ_INT(purged, 1, "%s: the purge deletes the expired unconfirmed request", E);
}

static void check_limits(db *d)
{
    char token[65];
    long st = 0;
    for (int i = 0; i < INNSYN_RATE_PER_EMAIL; i++) anonymous_request(d, "mange@example.no", token, &st);
    TAP_EQ_INT(st, 303, "%s: requests within the limit per e-mail pass", E);
    http_response r;
    char fields[256];
    snprintf(fields, sizeof fields, "entry=%lld&epost=MANGE@example.no", (long long)ids.public_entry);
    post_as(NULL, NULL, "/innsyn/ny", fields, &r);
    TAP_OK(r.status == 429 && contains(&r, "mange innsynskrav"),
           "%s: one more to the same address (any case) is a Norwegian 429", E);
    http_response_free(&r);
    snprintf(fields, sizeof fields, "entry=%lld&epost=ikke-en-adresse", (long long)ids.public_entry);
    post_as(NULL, NULL, "/innsyn/ny", fields, &r);
    TAP_OK(r.status == 400 && contains(&r, "E-postadressen er ikke gyldig"),
           "%s: a bad address is a 400 on the form", E);
    http_response_free(&r);
    /* Per client address: the test's client is always the same loopback address. */
    int last = 0;
    for (int i = 0; i < INNSYN_RATE_PER_CLIENT + 2; i++) {
        char email[64];
        snprintf(email, sizeof email, "ip%d@example.no", i);
        anonymous_request(d, email, token, &st);
        if (st == 429) {
            last = i;
            break;
        }
    }
    TAP_OK(last > 0 && last <= INNSYN_RATE_PER_CLIENT,
           "%s: the client address is limited to %d an hour (refused at %d)", E,
           INNSYN_RATE_PER_CLIENT, last);
    clock_advance(3600);
    anonymous_request(d, "ny-time@example.no", token, &st);
    TAP_EQ_INT(st, 303, "%s: the next hour the address may ask again", E);
}

static void check_logged_in(db *d)
{
    session_add(d, ids.nora, 0, nora_cookie, nora_csrf);
    http_response r;
    char fields[128];
    snprintf(fields, sizeof fields, "entry=%lld", (long long)ids.screened_entry);
    post_as(nora_cookie, nora_csrf, "/innsyn/ny", fields, &r);
    char loc[256];
    TAP_OK(r.status == 303 && http_header(&r, "Location", loc, sizeof loc) &&
               !strcmp(loc, "/min-side/innsyn?sendt=1"),
           "%s: a logged-in person's request is received at once", E);
    http_response_free(&r);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM inbox_message WHERE person_id = $1 AND kind = 'innsyn'",
                      ids.nora),
               1, "%s: the acknowledgement is in the inbox", E);
    char *mail = mail_find(d, "nora@example.no", "Innsynskravet ditt");
    TAP_OK(mail && strstr(mail, "Legeerklæring *****") && !strstr(mail, "Hemmelig"),
           "%s: and e-mailed without the screened word", E);
    free(mail);
    get_as(nora_cookie, "/min-side/innsyn", &r);
    TAP_OK(r.status == 200 && contains(&r, "INN-2026-") && contains(&r, "Under behandling"),
           "%s: «Mine innsynskrav» lists it", E);
    http_response_free(&r);
    TAP_EQ_INT(status_of_get(NULL, "/min-side/innsyn"), 303, "%s: the list needs a login", E);
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
    check_form();
    check_anonymous(d);
    check_limits(d);
    check_logged_in(d);
    http_server_stop(server, 5);
    db_close(d);
}

int main(int argc, char **argv)
{
    db_engine engine;
    const char *pg_url;
    if (fixture_engine_from_args(argc, argv, &engine, &pg_url)) return 0;
    if (engine == DB_POSTGRES) E = "postgres";
    clock_set_fixed(1774951200); /* 2026-03-31 12:00 Oslo, the Tuesday before Easter */
    if (fixture_prepare_on(tmpdir, sizeof tmpdir, "2", seed, engine, pg_url, "innsyn") != 0)
        return 1;
    run_checks();
    fixture_cleanup(tmpdir);
    return tap_done();
}
