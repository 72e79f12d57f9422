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
#include <unistd.h>

#include "app.h"
#include "archive/archive.h"
#include "client.h"
#include "core/clock.h"
#include "fixture.h"
#include "http/server.h"
#include "innsyn/innsyn.h"
#include "jobs/job.h"
#include "journal/journal.h"
#include "retention/retention.h"
#include "tap.h"
#include "web/routes.h"
#include "web/site.h"

static char tmpdir[256];
static const char *E = "sqlite";

static struct {
    int64_t sara, nora;
    int64_t public_entry, second_entry, note_entry, screened_entry, unassessed_entry, reference_entry;
} ids;
static char nora_cookie[128], nora_csrf[65], sara_cookie[128], sara_csrf[65];
static char answer_token[65];
static const char pdf_bytes[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

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

/* The entry eInnsyn's reference orders name: 2025/23456-1. */
static void seed_reference_entry(db *d)
{
    char err[256];
    int64_t now = clock_now();
    clock_set_fixed(1748858400); /* 2 June 2025 */
    db_run(d, "INSERT INTO archive_counter (kind, year, last_value) VALUES ('saksmappe', 2025, 23455)", "");
    archive_case_file f;
    archive_case_file_new fn = {.title = "Tilsyn med nettbutikk",
                                .admin_unit = "Forbrukertilsynet",
                                .caseworker = "Sara Saksbehandler",
                                .created_by = "Sara Saksbehandler"};
    db_begin(d);
    archive_case_file_open(d, &fn, &f, err, sizeof err);
    const char *docs[] = {"Varsel om tilsyn", NULL};
    ids.reference_entry = entry_add(d, f.id, ARCHIVE_ENTRY_OUTGOING, "Varsel om tilsyn", docs, NULL);
    if (journal_entry_assess(d, ids.reference_entry, NULL, "Sara Saksbehandler", err, sizeof err))
        printf("# assess: %s\n", err);
    db_commit(d);
    clock_set_fixed(now);
}

static int seed(db *d)
{
    seed_reference_entry(d);
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

static void check_form(db *d)
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
    /* «Legg til» by registry id: the second entry of the same case file. */
    char reg[48];
    {
        db_stmt *st = db_prepare(d, "SELECT c.case_year, c.case_seq, e.entry_no FROM archive_entry e "
                                    "JOIN archive_case_file c ON c.id = e.case_file_id WHERE e.id = $1");
        db_bind_int(st, 1, ids.second_entry);
        if (db_step(st) == DB_ROW)
            snprintf(reg, sizeof reg, "%lld/%lld-%lld", (long long)db_col_int(st, 0),
                     (long long)db_col_int(st, 1), (long long)db_col_int(st, 2));
        db_reset(st);
    }
    snprintf(path, sizeof path, "/innsyn/ny?entry=%lld&legg_til=%s", (long long)ids.public_entry, reg);
    get_as(NULL, path, &r);
    char loc[256], want[256];
    snprintf(want, sizeof want, "/innsyn/ny?entry=%lld&entry=%lld", (long long)ids.public_entry,
             (long long)ids.second_entry);
    TAP_OK(r.status == 303 && http_header(&r, "Location", loc, sizeof loc) && !strcmp(loc, want),
           "%s: «Legg til» puts another entry in the basket by its number", E);
    http_response_free(&r);
    snprintf(path, sizeof path, "/innsyn/ny?entry=%lld&legg_til=%s", (long long)ids.second_entry, reg);
    get_as(NULL, path, &r);
    TAP_OK(r.status == 400 && contains(&r, "allerede med"), "%s: not twice", E);
    http_response_free(&r);
    snprintf(path, sizeof path, "/innsyn/ny?entry=%lld&legg_til=2026/999-1", (long long)ids.second_entry);
    get_as(NULL, path, &r);
    TAP_OK(r.status == 400 && contains(&r, "finnes ikke i den offentlige journalen"),
           "%s: an unknown number is a Norwegian 400 on the form", E);
    http_response_free(&r);
    snprintf(path, sizeof path, "/innsyn/ny?entry=%lld&legg_til=tull", (long long)ids.second_entry);
    TAP_EQ_INT(status_of_get(NULL, path), 400, "%s: so is a malformed one", E);
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

/* The form field of a document in the caseworker's decision: 'd' the outcome, 'h' the legal
 * basis, 'f' the redacted copy. */
static void field_name(char out[32], char kind, int64_t document_id)
{
    snprintf(out, 32, "%c%lld", kind, (long long)document_id);
}

/* The ids of the documents of an entry, in order. */
static size_t document_ids(db *d, int64_t entry, int64_t *out)
{
    db_stmt *s = db_prepare(d, "SELECT id FROM archive_document WHERE entry_id = $1 ORDER BY doc_no");
    size_t n = 0;
    db_bind_int(s, 1, entry);
    while (n < 4 && db_step(s) == DB_ROW) out[n++] = db_col_int(s, 0);
    db_reset(s);
    return n;
}

/* The caseworker's decision as a multipart form: fields[i] = {name, value}; copy_field gets the
 * PDF when not NULL. */
static long decide(int64_t request, const char *const (*fields)[2], size_t n,
                   const char *copy_field, http_response *out)
{
    CURL *c = http_curl_handle();
    curl_mime *mime = curl_mime_init(c);
    curl_mimepart *part = curl_mime_addpart(mime);
    curl_mime_name(part, "csrf");
    curl_mime_data(part, sara_csrf, CURL_ZERO_TERMINATED);
    for (size_t i = 0; i < n; i++) {
        part = curl_mime_addpart(mime);
        curl_mime_name(part, fields[i][0]);
        curl_mime_data(part, fields[i][1], CURL_ZERO_TERMINATED);
    }
    if (copy_field) {
        part = curl_mime_addpart(mime);
        curl_mime_name(part, copy_field);
        curl_mime_filename(part, "sladdet.pdf");
        curl_mime_data(part, pdf_bytes, sizeof pdf_bytes - 1);
    }
    char path[128];
    snprintf(path, sizeof path, "/ansatt/innsyn/%lld/vedtak", (long long)request);
    const char *hdrs[] = {sara_cookie, NULL};
    http_request rq = {.method = "POST", .path = path, .headers = hdrs, .mime = mime};
    http_send(&rq, out);
    curl_mime_free(mime);
    curl_easy_cleanup(c);
    return out->status;
}

static void check_decision(db *d)
{
    session_add(d, 0, ids.sara, sara_cookie, sara_csrf);
    int64_t request = scalar(d, "SELECT id FROM innsyn_request WHERE email = 'jon@example.no'", 0);
    http_response r;
    get_as(sara_cookie, "/ansatt/innsyn", &r);
    TAP_OK(r.status == 200 && contains(&r, "/ansatt/innsyn/") && contains(&r, "INN-2026-"),
           "%s: the caseworker's queue lists the confirmed request", E);
    TAP_OK(!contains(&r, "sen@example.no") && !contains(&r, "jon@example.no"),
           "%s: the queue does not show addresses", E);
    http_response_free(&r);
    TAP_OK(status_of_get(nora_cookie, "/ansatt/innsyn") >= 300, "%s: a person cannot see the queue", E);
    TAP_EQ_INT(status_of_get(NULL, "/ansatt/innsyn"), 303, "%s: the queue needs the staff login", E);
    char path[128];
    snprintf(path, sizeof path, "/ansatt/innsyn/%lld", (long long)request);
    get_as(sara_cookie, path, &r);
    TAP_OK(r.status == 200 && contains(&r, "Kvittering for vaskemaskin") &&
               contains(&r, "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"),
           "%s: the request page has each document with the list of legal bases", E);
    TAP_OK(contains(&r, "Kravet er bekreftet fra lenken i e-posten.") &&
               contains(&r, "Kravet er mottatt og i køen."),
           "%s: and the request's lines of the innsyn log", E);
    http_response_free(&r);

    int64_t docs[4], other[4];
    document_ids(d, ids.public_entry, docs);
    document_ids(d, ids.second_entry, other);
    char d1[32], d2[32], d3[32], h2[32], h3[32], f3[32];
    field_name(d1, 'd', docs[0]);
    field_name(d2, 'd', docs[1]);
    field_name(h2, 'h', docs[1]);
    field_name(d3, 'd', other[0]);
    field_name(h3, 'h', other[0]);
    field_name(f3, 'f', other[0]);
    const char *const missing[][2] = {{d1, "innsyn"}, {d2, "avslag"}, {d3, "innsyn"}};
    decide(request, missing, 3, NULL, &r);
    TAP_OK(r.status == 400 && contains(&r, "Velg hjemmel"), "%s: a refusal without a basis is a 400", E);
    http_response_free(&r);
    const char *const no_copy[][2] = {{d1, "innsyn"}, {d2, "avslag"}, {h2, "13-fvl13-1-1"},
                                      {d3, "delvis"}, {h3, "13"}};
    decide(request, no_copy, 5, NULL, &r);
    TAP_OK(r.status == 400 && contains(&r, "sladdede kopien"),
           "%s: partial access without the redacted copy is a 400", E);
    http_response_free(&r);
    const char *const undecided[][2] = {{d1, "innsyn"}};
    TAP_EQ_INT(decide(request, undecided, 1, NULL, &r), 400, "%s: every document must be decided", E);
    http_response_free(&r);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM innsyn_decision", 0), 0, "%s: nothing was saved", E);

    const char *const ok[][2] = {{d1, "innsyn"}, {d2, "avslag"}, {h2, "13-fvl13-1-1"},
                                 {d3, "delvis"}, {h3, "13"}};
    decide(request, ok, 5, f3, &r);
    TAP_EQ_INT(r.status, 303, "%s: a full decision is saved", E);
    http_response_free(&r);
    char *mail = mail_find(d, "jon@example.no", "Svar på innsynskravet");
    TAP_OK(mail && strstr(mail, "«Klage»: Innsyn gitt.") &&
               strstr(mail, "«Kvittering for vaskemaskin»: Innsyn avslått. Hjemmel: Offl. § 13 jf. "
                            "fvl. § 13 første ledd nr. 1") &&
               strstr(mail, "Delvis innsyn"),
           "%s: the answer e-mail gives each document's outcome with its basis", E);
    TAP_OK(mail && strstr(mail, "tre uker") && strstr(mail, "til og med"),
           "%s: it tells the right to complain and the three-week deadline", E);
    TAP_OK(token_after(mail, "/innsyn/svar/", answer_token) == 0,
           "%s: it links to the released documents", E);
    free(mail);
    TAP_EQ_INT(decide(request, ok, 5, f3, &r), 409, "%s: an answered request is not decided twice", E);
    http_response_free(&r);
    char href[64];
    snprintf(href, sizeof href, "href=\"/ansatt/innsyn/%lld\"", (long long)request);
    get_as(sara_cookie, "/ansatt/innsyn", &r);
    const char *answered = r.body.data ? strstr(r.body.data, "Besvart de siste 30 dagene") : NULL;
    TAP_OK(r.status == 200 && answered && strstr(answered, href),
           "%s: the queue lists it under «Besvart de siste 30 dagene»", E);
    http_response_free(&r);
}

/* Nora complains on the lapse; the caseworker refuses the screened document; the answer names
 * it only as the public sees it. */
static void check_complaint_after_lapse(db *d, int64_t request)
{
    char *mail = mail_find(d, "nora@example.no", "Innsynskravet ditt INN");
    char token[65], path[256];
    int found = token_after(mail, "/innsyn/svar/", token) == 0;
    free(mail);
    http_response r;
    snprintf(path, sizeof path, "/innsyn/svar/%s", token);
    get_as(NULL, path, &r);
    TAP_OK(found && r.status == 200 && contains(&r, "regnes derfor som avslått") &&
               contains(&r, "Klag på svaret") && !contains(&r, "lastes ned") && !contains(&r, "30 dager"),
           "%s: the lapse's link opens a page that offers a complaint", E);
    http_response_free(&r);
    snprintf(path, sizeof path, "/innsyn/svar/%s/klage", token);
    char long_text[5100] = "begrunnelse=";
    memset(long_text + 12, 'a', 5001);
    long_text[12 + 5001] = 0;
    post_as(NULL, NULL, path, long_text, &r);
    TAP_OK(r.status == 400 && contains(&r, "høyst 5000 tegn"), "%s: a too long complaint is a Norwegian 400", E);
    http_response_free(&r);
    TAP_EQ_INT(post_as(NULL, NULL, path, "begrunnelse=", &r), 303, "%s: the requester complains", E);
    http_response_free(&r);
    session_add(d, 0, ids.sara, sara_cookie, sara_csrf);
    int64_t doc[4];
    document_ids(d, ids.screened_entry, doc);
    char dn[32], hn[32];
    field_name(dn, 'd', doc[0]);
    field_name(hn, 'h', doc[0]);
    const char *const refuse[][2] = {{dn, "avslag"}, {hn, "13-fvl13-1-1"}};
    TAP_EQ_INT(decide(request, refuse, 2, NULL, &r), 303, "%s: the complaint is decided again", E);
    http_response_free(&r);
    mail = mail_find(d, "nora@example.no", "Svar på innsynskravet");
    TAP_OK(mail && strstr(mail, "«*****»: Innsyn avslått") && !strstr(mail, "Hemmelig") &&
               !strstr(mail, "helseopplysning") && !strstr(mail, "Petter"),
           "%s: the answer names the screened document only as *****", E);
    free(mail);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM inbox_message WHERE person_id = $1 AND subject LIKE "
                         "'Svar på innsynskravet%'", ids.nora),
               1, "%s: and reaches the logged-in requester's inbox", E);
}

static int64_t run_jobs(db *d)
{
    int ran, total = 0;
    while ((ran = job_run_due(d, "test", 100)) > 0) total += ran;
    return total;
}

/* Nora's request came in on Wednesday 1 April 2026 (Oslo); with Maundy Thursday, Good Friday
 * and Easter Monday off, its third working day is Thursday 9 April and its fifth Monday 13 April. */
static void check_lapse(db *d)
{
    int64_t nora_request = scalar(d, "SELECT id FROM innsyn_request WHERE person_id = $1", ids.nora);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM innsyn_request WHERE id = $1 AND "
                         "deadline_date = '2026-04-13' AND target_date = '2026-04-09'",
                      nora_request),
               1, "%s: target and § 32 deadline in working days across Easter", E);
    clock_set_fixed(1775858340); /* Friday 10 April 23:59 Oslo */
    run_jobs(d);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM innsyn_request WHERE state = 'avslatt_frist'", 0), 0,
               "%s: nothing lapses before the deadline (the answered request stays answered)", E);
    clock_set_fixed(1776117540); /* Monday 13 April 23:59 Oslo, the deadline day */
    run_jobs(d);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM innsyn_request WHERE state = 'avslatt_frist'", 0), 0,
               "%s: not on the deadline day itself", E);
    clock_set_fixed(1776117630); /* Tuesday 14 April 00:00:30 Oslo */
    run_jobs(d);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM innsyn_request WHERE state = 'avslatt_frist' AND id = $1",
                      nora_request),
               1, "%s: the day after the fifth working day it counts as refused", E);
    char *mail = mail_find(d, "nora@example.no", "Innsynskravet ditt INN");
    TAP_OK(mail && strstr(mail, "regnes kravet da som avslått") && strstr(mail, "/innsyn/svar/") &&
               !strstr(mail, "Hemmelig"),
           "%s: the requester is told by e-mail that they may complain, nothing screened", E);
    free(mail);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM inbox_message WHERE person_id = $1 AND subject LIKE "
                         "'%avslått'", ids.nora),
               1, "%s: and in the inbox", E);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'jon@example.no' AND "
                         "subject LIKE '%avslått'", 0),
               0, "%s: the request answered in time gets no such message", E);
    check_complaint_after_lapse(d, nora_request);
    int64_t within = -1, total = -1;
    innsyn_count_decided_in_time(d, "2026-03-01", "2026-04-30", &within, &total);
    TAP_OK(within == 1 && total == 2, "%s: the statistics count 1 of 2 decided within three working "
                                      "days (got %lld of %lld)", E, (long long)within, (long long)total);
}

static void check_release(db *d)
{
    http_response r;
    char path[256];
    snprintf(path, sizeof path, "/innsyn/svar/%s", answer_token);
    get_as(NULL, path, &r);
    TAP_OK(r.status == 200 && contains(&r, "Innsyn gitt") && contains(&r, "Innsyn avslått") &&
               contains(&r, "Klag på svaret"),
           "%s: the answer page lists the outcomes and offers a complaint", E);
    http_response_free(&r);
    int64_t full = scalar(d, "SELECT id FROM innsyn_decision WHERE outcome = 'innsyn'", 0);
    int64_t part = scalar(d, "SELECT id FROM innsyn_decision WHERE outcome = 'delvis'", 0);
    int64_t refused = scalar(d, "SELECT id FROM innsyn_decision WHERE outcome = 'avslag'", 0);
    snprintf(path, sizeof path, "/innsyn/svar/%s/dokumenter/%lld", answer_token, (long long)full);
    get_as(NULL, path, &r);
    TAP_OK(r.status == 200 && r.body.len == 5 && !memcmp(r.body.data, "Klage", 5),
           "%s: the released document downloads from the link", E);
    http_response_free(&r);
    snprintf(path, sizeof path, "/innsyn/svar/%s/dokumenter/%lld", answer_token, (long long)part);
    get_as(NULL, path, &r);
    TAP_OK(r.status == 200 && r.body.len == sizeof pdf_bytes - 1,
           "%s: the redacted copy downloads in place of the partly released one", E);
    http_response_free(&r);
    snprintf(path, sizeof path, "/innsyn/svar/%s/dokumenter/%lld", answer_token, (long long)refused);
    TAP_EQ_INT(status_of_get(NULL, path), 404, "%s: a refused document does not download", E);
    char forged[65];
    memcpy(forged, answer_token, 65);
    forged[5] = forged[5] == '0' ? '1' : '0';
    snprintf(path, sizeof path, "/innsyn/svar/%s/dokumenter/%lld", forged, (long long)full);
    TAP_EQ_INT(status_of_get(NULL, path), 404, "%s: a forged answer link is a 404", E);
    TAP_EQ_INT(status_of_get(NULL, "/innsyn/svar/ikke-et-token"), 404, "%s: a malformed one too", E);

    /* The complaint returns the request to the queue. */
    snprintf(path, sizeof path, "/innsyn/svar/%s/klage", answer_token);
    post_as(NULL, NULL, path, "begrunnelse=Kvitteringen+er+ikke+taushetsbelagt", &r);
    TAP_EQ_INT(r.status, 303, "%s: the requester complains from the answer page", E);
    http_response_free(&r);
    TAP_EQ_INT(post_as(NULL, NULL, path, "begrunnelse=igjen", &r), 409,
               "%s: a second complaint on the same answer is refused", E);
    http_response_free(&r);
    session_add(d, 0, ids.sara, sara_cookie, sara_csrf);
    get_as(sara_cookie, "/ansatt/innsyn", &r);
    TAP_OK(r.status == 200 && contains(&r, ">Klage</span>"), "%s: the queue marks it as a complaint", E);
    http_response_free(&r);

    /* After 30 days the released documents are gone. */
    clock_advance(31 * 24 * 3600);
    snprintf(path, sizeof path, "/innsyn/svar/%s/dokumenter/%lld", answer_token, (long long)full);
    TAP_EQ_INT(status_of_get(NULL, path), 410, "%s: after 30 days the link is gone (410)", E);
    db_begin(d);
    int64_t purged = innsyn_purge_released_copies(d, clock_now());
    db_commit(d);
    TAP_EQ_INT(purged, 1, "%s: and the purge deletes the redacted copy", E);
}

/* The year's log is registered in the archive just after New Year, without addresses. */
static void check_year_log(db *d)
{
    clock_set_fixed(1798761630); /* 1 January 2027 01:00:30 Oslo */
    run_jobs(d);
    int64_t entry = scalar(d, "SELECT entry_id FROM innsyn_year_log WHERE year = 2026", 0);
    TAP_OK(entry > 0, "%s: the 2026 innsyn log is registered as an archive entry", E);
    int64_t object = scalar(d, "SELECT o.id FROM archive_document_object o JOIN archive_document "
                               "x ON x.id = o.document_id WHERE x.entry_id = $1", entry);
    archive_document_content c;
    char *text = NULL;
    if (object > 0 && archive_document_open(d, object, &c) == DB_OK) {
        text = calloc(1, c.size + 1);
        if (c.data) memcpy(text, c.data, c.size);
        else if (read(c.fd, text, c.size) < 0) text[0] = 0;
        archive_document_close(&c);
    }
    TAP_OK(text && strstr(text, "Innsynslogg 2026") && strstr(text, "INN-2026-1\t") &&
               strstr(text, "avgjort") && strstr(text, "avslatt_frist") && strstr(text, "klage"),
           "%s: it lists every request with its outcomes and complaints", E);
    TAP_OK(text && !strstr(text, "@example.no") && !strstr(text, "Jon") && !strstr(text, "Hemmelig"),
           "%s: without addresses, names or screened words", E);
    free(text);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM job WHERE kind = 'innsyn_year_log' AND state = 'queued' "
                         "AND payload LIKE '%2027%'", 0),
               1, "%s: next year's run is queued", E);
    db_begin(d);
    int rc = innsyn_year_log_register(d, 2026, "test", NULL);
    db_rollback(d);
    TAP_EQ_INT(rc, INNSYN_ERR_STATE, "%s: a year is registered once", E);
}

static int import(db *d, const char *a, const char *b, char *err, size_t errlen)
{
    const char *files[] = {a, b};
    return innsyn_import_files(d, files, b ? 2 : 1, NULL, err, errlen);
}

static const char *temp_file(const char *name, const char *text)
{
    static char path[8][512];
    static int next;
    char *p = path[next++ % 8];
    snprintf(p, 512, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return p;
}

static void check_import(db *d)
{
    char v1[512], v2[512], err[1024] = "";
    const char *spec = getenv("MINSIDE_SPEC_DIR");
    snprintf(v1, sizeof v1, "%s/einnsyn/innsynskrav/order-v1.xml", spec ? spec : ".");
    snprintf(v2, sizeof v2, "%s/einnsyn/innsynskrav/order-v2.xml", spec ? spec : ".");
    int64_t before = scalar(d, "SELECT COUNT(*) FROM innsyn_request", 0);
    const char *good = temp_file("ok.xml",
        "<?xml version=\"1.0\"?>\n<bestilling>\n<id>http://data.einnsyn.no/innsynskrav/x1</id>\n"
        "<bestillingsdato>21.12.2021</bestillingsdato>\n<kontaktinfo><e-post>a@example.no</e-post>"
        "</kontaktinfo>\n<dokumenter><dokument><saksnr>2025/23456</saksnr><dokumentnr>1</dokumentnr>"
        "</dokument></dokumenter>\n</bestilling>\n");
    const char *broken = temp_file("brutt.xml", "<?xml version=\"1.0\"?>\n<bestilling>\n<id>x</id>\n");
    int rc = import(d, good, broken, err, sizeof err);
    TAP_OK(rc == INNSYN_ERR_INVALID && strstr(err, "brutt.xml:") && strstr(err, "ikke gyldig XML"),
           "%s: malformed XML is refused with file and line (%s)", E, err);
    const char *no_mail = temp_file("uten-epost.xml",
        "<?xml version=\"1.0\"?>\n<bestilling>\n<id>y</id>\n<bestillingsdato>21.12.2021"
        "</bestillingsdato>\n<kontaktinfo>\n<navn>Ola</navn>\n</kontaktinfo>\n<dokumenter><dokument>"
        "<saksnr>2025/23456</saksnr><dokumentnr>1</dokumentnr></dokument></dokumenter>\n</bestilling>\n");
    rc = import(d, no_mail, NULL, err, sizeof err);
    TAP_OK(rc == INNSYN_ERR_INVALID && strstr(err, "uten-epost.xml:5: <kontaktinfo> mangler"),
           "%s: an order without an e-mail address is refused at its line (%s)", E, err);
    const char *unknown = temp_file("ukjent.xml",
        "<?xml version=\"1.0\"?>\n<bestilling>\n<id>z</id>\n<bestillingsdato>21.12.2021"
        "</bestillingsdato>\n<kontaktinfo><e-post>b@example.no</e-post></kontaktinfo>\n<dokumenter>\n"
        "<dokument><saksnr>2025/99999</saksnr><dokumentnr>1</dokumentnr></dokument>\n</dokumenter>\n"
        "</bestilling>\n");
    rc = import(d, good, unknown, err, sizeof err);
    TAP_OK(rc == INNSYN_ERR_INVALID && strstr(err, "ukjent.xml:7:") && strstr(err, "finnes ikke"),
           "%s: an unknown entry is refused at the line of its <dokument> (%s)", E, err);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM innsyn_request", 0), before,
               "%s: a refused import imports nothing, not even the good file", E);

    rc = import(d, v1, v2, err, sizeof err);
    TAP_OK(rc == DB_OK, "%s: the reference order.xml v1 and v2 are imported (%s)", E, err);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM innsyn_request r JOIN innsyn_item i ON "
                         "i.request_id = r.id WHERE r.source = 'einnsyn' AND r.state = 'mottatt' "
                         "AND r.email = 'olanordmann@gmail.com' AND i.entry_id = $1",
                      ids.reference_entry),
               2, "%s: both are in the queue for entry 2025/23456-1 with the requester's address", E);
    char *ack = mail_find(d, "olanordmann@gmail.com", "Innsynskravet ditt");
    TAP_OK(ack && strstr(ack, "2025/23456-1 «Varsel om tilsyn»"), "%s: and acknowledged by e-mail", E);
    free(ack);
    rc = import(d, v1, NULL, err, sizeof err);
    TAP_OK(rc == INNSYN_ERR_INVALID && strstr(err, "lest inn fra før"),
           "%s: an order imported before is refused (%s)", E, err);
    http_response r;
    get_as(sara_cookie, "/ansatt/innsyn", &r);
    TAP_OK(r.status == 200 && contains(&r, ">eInnsyn</span>"), "%s: the queue marks eInnsyn's orders", E);
    http_response_free(&r);
}

/* The retention rules: jon's complaint is answered again; his address goes once the new
 * complaint period is over; unconfirmed requests go after 24 hours. */
static void check_retention(db *d)
{
    TAP_OK(retention_rule_find("innsyn_unconfirmed") && retention_rule_find("innsyn_requester_address") &&
               retention_rule_find("innsyn_copies"),
           "%s: innsyn's three retention rules are registered", E);
    session_add(d, 0, ids.sara, sara_cookie, sara_csrf);
    int64_t request = scalar(d, "SELECT id FROM innsyn_request WHERE email = 'jon@example.no'", 0);
    int64_t docs[4], other[4];
    document_ids(d, ids.public_entry, docs);
    document_ids(d, ids.second_entry, other);
    char d1[32], d2[32], d3[32];
    field_name(d1, 'd', docs[0]);
    field_name(d2, 'd', docs[1]);
    field_name(d3, 'd', other[0]);
    const char *const all[][2] = {{d1, "innsyn"}, {d2, "innsyn"}, {d3, "innsyn"}};
    http_response r;
    TAP_EQ_INT(decide(request, all, 3, NULL, &r), 303, "%s: the complaint is answered with full access", E);
    http_response_free(&r);
    db_begin(d);
    int64_t early = innsyn_purge_requester_addresses(d, clock_now());
    db_commit(d);
    TAP_EQ_INT(early, 0, "%s: the address stays while the complaint period runs", E);
    clock_advance(22 * 24 * 3600);
    db_begin(d);
    int64_t late = innsyn_purge_requester_addresses(d, clock_now());
    int64_t unconfirmed = innsyn_purge_unconfirmed(d, clock_now());
    db_commit(d);
    TAP_OK(late >= 1 && scalar(d, "SELECT COUNT(*) FROM innsyn_request WHERE id = $1 AND email IS NULL "
                                   "AND requester_name IS NULL AND state = 'besvart'", request) == 1,
           "%s: after it the anonymous requester's address and name go, the request stays", E);
    TAP_OK(scalar(d, "SELECT COUNT(*) FROM innsyn_log WHERE request_id = $1", request) > 3,
           "%s: and so does its log", E);
    TAP_OK(unconfirmed > 0 && scalar(d, "SELECT COUNT(*) FROM innsyn_request WHERE state = 'ubekreftet'", 0) == 0,
           "%s: unconfirmed requests older than 24 hours are deleted (%lld)", E, (long long)unconfirmed);
}

/* A confidential (teiepliktig) entry is never released in full; the attempt is recorded. */
static void check_confidential(db *d)
{
    db_begin(d);
    archive_entry_set_confidential(d, ids.public_entry, 1, "Sara Saksbehandler");
    db_commit(d);
    session_add(d, ids.nora, 0, nora_cookie, nora_csrf);
    session_add(d, 0, ids.sara, sara_cookie, sara_csrf);
    http_response r;
    char fields[64];
    snprintf(fields, sizeof fields, "entry=%lld", (long long)ids.public_entry);
    post_as(nora_cookie, nora_csrf, "/innsyn/ny", fields, &r);
    http_response_free(&r);
    int64_t request = scalar(d, "SELECT MAX(id) FROM innsyn_request WHERE person_id = $1", ids.nora);
    int64_t docs[4];
    document_ids(d, ids.public_entry, docs);
    char d1[32], d2[32], h2[32], f1[32], h1[32];
    field_name(d1, 'd', docs[0]);
    field_name(h1, 'h', docs[0]);
    field_name(f1, 'f', docs[0]);
    field_name(d2, 'd', docs[1]);
    field_name(h2, 'h', docs[1]);
    const char *const full[][2] = {{d1, "innsyn"}, {d2, "avslag"}, {h2, "13"}};
    decide(request, full, 3, NULL, &r);
    TAP_OK(r.status == 422 && contains(&r, "teiepliktig"),
           "%s: full access to a confidential entry is refused with a Norwegian 422", E);
    http_response_free(&r);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM archive_refusal WHERE entry_id = $1", ids.public_entry), 1,
               "%s: and the attempt is recorded in the archive", E);
    const char *const partial[][2] = {{d1, "delvis"}, {h1, "13-fvl13-1-1"}, {d2, "avslag"}, {h2, "13"}};
    TAP_EQ_INT(decide(request, partial, 4, f1, &r), 303,
               "%s: a redacted copy of it may be released", E);
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
    innsyn_schedule(d);
    check_form(d);
    check_anonymous(d);
    check_limits(d);
    check_logged_in(d);
    check_decision(d);
    check_lapse(d);
    check_release(d);
    check_year_log(d);
    session_add(d, 0, ids.sara, sara_cookie, sara_csrf);
    check_import(d);
    check_retention(d);
    check_confidential(d);
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
