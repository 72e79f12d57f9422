/* The archive's staff pages over HTTP, in one process with the real server, route table,
 * templates and database (SQLite, or PostgreSQL with the argument "postgres"): who may list,
 * view and download; registering an entry with files, and that a refused or cut-off upload
 * leaves no row and no stored file; screening as seen in the public journal extract; the
 * confidential flag and a refused outward sending. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "archive/archive.h"
#include "auth/session.h"
#include "client.h"
#include "core/clock.h"
#include "core/workdays.h"
#include "core/files.h"
#include "fixture.h"
#include "http/server.h"
#include "tap.h"
#include "web/pages.h"
#include "web/site.h"
#include "web/routes.h"

static char tmpdir[256];
static db *d; /* the test's own connection, for looking behind the pages */

#define TOKEN(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c \
                 c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c
static const char *const sara_token = TOKEN("a"), *const leder_token = TOKEN("b"),
                         *const person_token = TOKEN("c");
static const char *const csrf = TOKEN("1");

static const char pdf_bytes[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

static int add_session(db *db_, const char *token, const char *provider, int64_t person,
                       int64_t staff)
{
    char hash[65];
    session_hash_hex(token, hash);
    int64_t now = clock_now();
    if (person)
        return db_run(db_,
                      "INSERT INTO session (token_hash, provider, person_id, csrf_token, "
                      "created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)",
                      "ttitii", hash, provider, person, csrf, now, now + 7200);
    return db_run(db_,
                  "INSERT INTO session (token_hash, provider, staff_id, csrf_token, created_at, "
                  "last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)",
                  "ttitii", hash, provider, staff, csrf, now, now + 7200);
}

static int seed(db *db_)
{
    int64_t now = clock_now();
    if (db_run(db_, "INSERT INTO staff (subject, name, roles, last_login_at) VALUES "
                    "('sara', 'Sara Saksbehandler', 'saksbehandler', $1), "
                    "('lene', 'Lene Leder', 'leder', $1)",
               "i", now) != DB_OK)
        return -1;
    if (db_run(db_, "INSERT INTO person (pid_hash, pid_enc, birth_date, name, created_at, "
                    "updated_at) VALUES ('h', 'x', '1980-05-17', 'Kari Testesen', $1, $1)",
               "i", now) != DB_OK)
        return -1;
    if (add_session(db_, sara_token, "staff", 0, 1) || add_session(db_, leder_token, "staff", 0, 2) ||
        add_session(db_, person_token, "public", 1, 0))
        return -1;
    return 0;
}

static int contains(const http_response *r, const char *needle)
{
    return r->body.data && strstr(r->body.data, needle) != NULL;
}

static const char *cookie_of(const char *token)
{
    static char buf[4][128];
    static int i;
    i = (i + 1) % 4;
    if (!token) return NULL;
    snprintf(buf[i], sizeof buf[i], "Cookie: minside=%s", token);
    return buf[i];
}

static void get_as(const char *token, const char *path, http_response *out)
{
    const char *hdrs[] = {cookie_of(token), NULL};
    http_request rq = {.path = path, .headers = token ? hdrs : NULL};
    http_send(&rq, out);
}

static void post_form_as(const char *token, const char *path, const char *body, http_response *out)
{
    const char *hdrs[] = {cookie_of(token), "Content-Type: application/x-www-form-urlencoded", NULL};
    http_request rq = {.method = "POST", .path = path, .headers = hdrs, .body = body,
                       .body_len = strlen(body)};
    http_send(&rq, out);
}

static long long count(const char *sql)
{
    db_stmt *s = db_prepare(d, sql);
    long long n = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    if (s) db_reset(s);
    return n;
}

/* Stored documents: files in the store (SQLite) or rows of content (PostgreSQL). */
static long long stored_documents(void)
{
    if (db_engine_of(d) == DB_POSTGRES) return count("SELECT COUNT(*) FROM archive_blob");
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "find '%s/var/documents' -path '%s/var/documents/tmp' -prune -o -type f -print 2>/dev/null | wc -l", tmpdir, tmpdir);
    FILE *p = popen(cmd, "r");
    long long n = -1;
    if (p && fscanf(p, "%lld", &n) != 1) n = -1;
    if (p) pclose(p);
    return n;
}

static int files_in(const char *sub)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/var/%s", tmpdir, sub);
    int n = 0;
    DIR *dd = opendir(dir);
    struct dirent *e;
    while (dd && (e = readdir(dd)))
        if (e->d_name[0] != '.') {
            n++;

        }
    if (dd) closedir(dd);
    return n;
}

typedef struct {
    const char *type, *title, *party;
    const char *file_name;
    const void *bytes;
    size_t len;
} entry_post;

static void register_as(const char *token, long long case_id, const entry_post *p, http_response *out)
{
    CURL *c = http_curl_handle();
    curl_mime *mime = curl_mime_init(c);
    const char *fields[][2] = {{"csrf", csrf}, {"type", p->type}, {"tittel", p->title},
                               {"part_rolle", "avsender"}, {"part_type", "person"},
                               {"part_navn", p->party ? p->party : ""}};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        curl_mimepart *part = curl_mime_addpart(mime);
        curl_mime_name(part, fields[i][0]);
        curl_mime_data(part, fields[i][1], CURL_ZERO_TERMINATED);
    }
    if (p->bytes) {
        curl_mimepart *part = curl_mime_addpart(mime);
        curl_mime_name(part, "dokument");
        curl_mime_filename(part, p->file_name);
        curl_mime_type(part, "application/pdf");
        curl_mime_data(part, p->bytes, p->len);
    }
    char path[128];
    snprintf(path, sizeof path, "/ansatt/arkiv/saksmapper/%lld/journalposter", case_id);
    const char *hdrs[] = {cookie_of(token), NULL};
    http_request rq = {.method = "POST", .path = path, .headers = hdrs, .mime = mime};
    http_send(&rq, out);
    curl_mime_free(mime);
    curl_easy_cleanup(c);
}

static long long id_after(const http_response *r, const char *key)
{
    char loc[512];
    if (!http_header(r, "Location", loc, sizeof loc)) return -1;
    const char *p = strstr(loc, key);
    return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

static long long case_id;
static long long entry_id;
static long long object_id;

static void check_access(void)
{
    http_response r;
    get_as(NULL, "/ansatt/arkiv", &r);
    char loc[256];
    TAP_EQ_INT(r.status, 303, "without a session the archive sends to the login");
    TAP_OK(http_header(&r, "Location", loc, sizeof loc) && !strncmp(loc, "/ansatt/logg-inn", 16),
           "the staff login (%s)", loc);
    http_response_free(&r);
    get_as(person_token, "/ansatt/arkiv", &r);
    TAP_EQ_INT(r.status, 303, "a person's session does not open the archive either");
    http_response_free(&r);
    get_as(leder_token, "/ansatt/arkiv", &r);
    TAP_EQ_INT(r.status, 200, "any staff role may read the archive");
    TAP_OK(!contains(&r, "Opprett saksmappe"), "but a role without archive rights gets no forms");
    http_response_free(&r);
    post_form_as(leder_token, "/ansatt/arkiv/saksmapper",
                 "csrf=" TOKEN("1") "&tittel=Ikke+lov", &r);
    TAP_EQ_INT(r.status, 403, "and may not open a case file");
    http_response_free(&r);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM archive_case_file"), 0, "nothing was opened");
}

/* The list pages by key: 30 case files of one search are two pages, «Neste side» reaches the
 * oldest, «Forrige side» leads back, and a cursor that does not decode is a 400. */
static void check_list_paging(void)
{
    http_response r;
    for (int i = 1; i <= 30; i++) {
        char body[128];
        snprintf(body, sizeof body, "csrf=" TOKEN("1") "&tittel=Sidesak+%02d", i);
        post_form_as(sara_token, "/ansatt/arkiv/saksmapper", body, &r);
        http_response_free(&r);
    }
    int seen[31] = {0}, pages = 0;
    char path[512] = "/ansatt/arkiv?q=Sidesak";
    for (;;) {
        get_as(sara_token, path, &r);
        pages++;
        for (int i = 1; i <= 30; i++) {
            char title[32];
            snprintf(title, sizeof title, "Sidesak %02d<", i);
            seen[i] += contains(&r, title);
        }
        if (!http_page_link(&r, "next", path, sizeof path) || pages > 5) break;
        http_response_free(&r);
    }
    int once = 1;
    for (int i = 1; i <= 30; i++) once &= seen[i] == 1;
    TAP_OK(once && pages == 2 && contains(&r, "Sidesak 01<") && contains(&r, "Forrige side"),
           "«Neste side» reaches the oldest case file, each shown once (%d pages)", pages);
    http_page_link(&r, "prev", path, sizeof path);
    http_response_free(&r);
    get_as(sara_token, path, &r);
    TAP_OK(contains(&r, "Sidesak 30<") && contains(&r, "Neste side") && !contains(&r, "Forrige side"),
           "«Forrige side» leads back to the first page");
    http_response_free(&r);
    get_as(sara_token, "/ansatt/arkiv?side=2", &r);
    TAP_EQ_INT(r.status, 400, "a page number where a cursor belongs is a 400");
    TAP_OK(contains(&r, "Ugyldig side"), "with a Norwegian message");
    http_response_free(&r);
}

static void check_list_and_register(void)
{
    http_response r;
    post_form_as(sara_token, "/ansatt/arkiv/saksmapper", "tittel=Klage+p%C3%A5+vaskemaskin&enhet=Seksjon+for+forbrukerrett", &r);
    TAP_EQ_INT(r.status, 403, "a form without the CSRF token is refused");
    http_response_free(&r);
    post_form_as(sara_token, "/ansatt/arkiv/saksmapper", "csrf=" TOKEN("1") "&tittel=+", &r);
    TAP_EQ_INT(r.status, 400, "a case file without a title gives 400");
    TAP_OK(contains(&r, "Saken må ha en tittel"), "with a Norwegian message");
    http_response_free(&r);
    post_form_as(sara_token, "/ansatt/arkiv/saksmapper",
                 "csrf=" TOKEN("1") "&tittel=Klage+p%C3%A5+vaskemaskin&enhet=Seksjon+for+forbrukerrett", &r);
    TAP_EQ_INT(r.status, 303, "a caseworker opens a case file");
    case_id = id_after(&r, "saksmapper/");
    TAP_OK(case_id > 0, "and is sent to its page");
    http_response_free(&r);
    post_form_as(sara_token, "/ansatt/arkiv/saksmapper", "csrf=" TOKEN("1") "&tittel=Annen+sak", &r);
    http_response_free(&r);

    int year = civil_date_oslo(clock_now()).year;
    char number[32], want[128];
    snprintf(number, sizeof number, "%d/1", year);
    get_as(sara_token, "/ansatt/arkiv", &r);
    TAP_EQ_INT(r.status, 200, "the list answers 200");
    const char *first = strstr(r.body.data, "Annen sak"), *second = strstr(r.body.data, "Klage på vaskemaskin");
    TAP_OK(first && second && first < second, "newest first");
    snprintf(want, sizeof want, ">%s</a>", number);
    TAP_OK(contains(&r, want), "with the case number %s", number);
    http_response_free(&r);
    char path[128];
    snprintf(path, sizeof path, "/ansatt/arkiv?q=%d%%2F1", year);
    get_as(sara_token, path, &r);
    TAP_OK(contains(&r, "Klage på vaskemaskin") && !contains(&r, "Annen sak"), "a search by number finds that case file only");
    http_response_free(&r);
    get_as(sara_token, "/ansatt/arkiv?q=VASKEMASKIN", &r);
    TAP_OK(contains(&r, "Klage på vaskemaskin") && !contains(&r, "Annen sak"), "a search by a word of the title too");
    http_response_free(&r);
    get_as(sara_token, "/ansatt/arkiv?q=%25", &r);
    TAP_OK(contains(&r, "Ingen saksmapper passer"), "«%%» is a character, not a wildcard");
    http_response_free(&r);

    entry_post ok = {"I", "Klage fra Kari Nordmann på vaskemaskin", "Kari Nordmann",
                     "klage \"æøå\"/..\\x.pdf", pdf_bytes, sizeof pdf_bytes - 1};
    register_as(sara_token, case_id, &ok, &r);
    TAP_EQ_INT(r.status, 303, "registering an entry with a PDF answers 303 after the commit");
    entry_id = id_after(&r, "journalpost=");
    TAP_OK(entry_id > 0, "naming the entry in the address");
    http_response_free(&r);
    object_id = count("SELECT MAX(id) FROM archive_document_object");

    snprintf(path, sizeof path, "/ansatt/arkiv/saksmapper/%lld", case_id);
    get_as(sara_token, path, &r);
    TAP_EQ_INT(r.status, 200, "the case file's page answers 200");
    snprintf(want, sizeof want, "%d/1-1 Klage fra Kari Nordmann", year);
    TAP_OK(contains(&r, want), "with the entry's registry id and title");
    TAP_OK(contains(&r, "I – Inngående") && contains(&r, "Avsender: Kari Nordmann (Person)"),
           "its type in Norwegian and its party");
    snprintf(want, sizeof want, "href=\"/ansatt/arkiv/dokumenter/%lld\"", object_id);
    TAP_OK(contains(&r, want), "and a download link for its document");
    TAP_OK(contains(&r, "Seksjon for forbrukerrett") && contains(&r, "Sara Saksbehandler"),
           "the unit and caseworker");
    http_response_free(&r);
    get_as(sara_token, "/ansatt/arkiv/saksmapper/99999", &r);
    TAP_EQ_INT(r.status, 404, "an unknown case file gives 404");
    http_response_free(&r);
    get_as(sara_token, "/ansatt/arkiv/saksmapper/1x", &r);
    TAP_EQ_INT(r.status, 404, "so does a malformed id");
    http_response_free(&r);
}

static void check_download(void)
{
    http_response r;
    char path[128], buf[512];
    snprintf(path, sizeof path, "/ansatt/arkiv/dokumenter/%lld", object_id);
    get_as(sara_token, path, &r);
    TAP_EQ_INT(r.status, 200, "staff download the document");
    TAP_OK(r.body.len == sizeof pdf_bytes - 1 && !memcmp(r.body.data, pdf_bytes, r.body.len),
           "byte for byte");
    TAP_EQ_STR(http_header(&r, "Content-Type", buf, sizeof buf), "application/pdf", "with the stored MIME type");
    TAP_EQ_STR(http_header(&r, "X-Content-Type-Options", buf, sizeof buf), "nosniff", "nosniff");
    http_header(&r, "Content-Disposition", buf, sizeof buf);
    TAP_EQ_STR(buf, "attachment; filename=\"x.pdf\"; filename*=UTF-8''x.pdf",
               "as an attachment named without the path it was sent with");
    http_response_free(&r);
    get_as(leder_token, path, &r);
    TAP_EQ_INT(r.status, 200, "any staff role may download");
    http_response_free(&r);
    get_as(person_token, path, &r);
    TAP_OK(r.status == 303 && r.body.len < 200, "a person's session gets no document (%ld)", r.status);
    http_response_free(&r);
    get_as(NULL, path, &r);
    TAP_OK(r.status == 303 && !contains(&r, "%PDF"), "nor does a request without a session");
    http_response_free(&r);
    get_as(sara_token, "/ansatt/arkiv/dokumenter/99999", &r);
    TAP_EQ_INT(r.status, 404, "an unknown document gives 404");
    http_response_free(&r);
    get_as(sara_token, "/ansatt/arkiv/dokumenter/..%2F..%2Fetc%2Fpasswd", &r);
    TAP_EQ_INT(r.status, 404, "and a path instead of an id gives 404");
    http_response_free(&r);

    static const char name_pdf[] = "%PDF-1.4\n%%EOF\n";
    entry_post named = {"N", "Notat med norsk filnavn", NULL, "Møtereferat ÆØÅ.pdf", name_pdf, sizeof name_pdf - 1};
    register_as(sara_token, case_id, &named, &r);
    TAP_EQ_INT(r.status, 303, "an internal entry needs no party");
    http_response_free(&r);
    snprintf(path, sizeof path, "/ansatt/arkiv/dokumenter/%lld", count("SELECT MAX(id) FROM archive_document_object"));
    get_as(sara_token, path, &r);
    http_header(&r, "Content-Disposition", buf, sizeof buf);
    TAP_EQ_STR(buf, "attachment; filename=\"M__tereferat ______.pdf\"; filename*=UTF-8''M%C3%B8tereferat%20%C3%86%C3%98%C3%85.pdf",
               "a non-ASCII name: '_' in filename, UTF-8 in filename* (RFC 5987)");
    http_response_free(&r);
}

/* ---- Refused uploads leave nothing ---- */

typedef struct {
    const char *head;
    size_t head_len, head_sent;
    unsigned long long total, sent, abort_at;
    const char *tail;
    int tail_done;
} stream_body;

static size_t stream_read(char *buf, size_t size, size_t n, void *ud)
{
    stream_body *s = ud;
    size_t cap = size * n;
    if (s->head_sent < s->head_len) {
        size_t len = s->head_len - s->head_sent < cap ? s->head_len - s->head_sent : cap;
        memcpy(buf, s->head + s->head_sent, len);
        s->head_sent += len;
        return len;
    }
    if (s->abort_at && s->sent >= s->abort_at) return CURL_READFUNC_ABORT;
    if (s->sent < s->total) {
        size_t len = cap;
        if (len > s->total - s->sent) len = (size_t)(s->total - s->sent);
        memset(buf, 'a', len);
        s->sent += len;
        return len;
    }
    if (!s->tail_done) {
        s->tail_done = 1;
        memcpy(buf, s->tail, strlen(s->tail));
        return strlen(s->tail);
    }
    return 0;
}

static void stream_upload(unsigned long long file_bytes, unsigned long long abort_at, http_response *r)
{
    static char head[1024];
    int n = snprintf(head, sizeof head,
                     "--grense\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
                     "--grense\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nX\r\n"
                     "--grense\r\nContent-Disposition: form-data; name=\"tittel\"\r\n\r\nStor\r\n"
                     "--grense\r\nContent-Disposition: form-data; name=\"dokument\"; filename=\"stor.txt\"\r\n"
                     "Content-Type: text/plain\r\n\r\n",
                     csrf);
    stream_body s = {.head = head, .head_len = (size_t)n, .total = file_bytes, .abort_at = abort_at,
                     .tail = "\r\n--grense--\r\n"};
    char path[128];
    snprintf(path, sizeof path, "/ansatt/arkiv/saksmapper/%lld/journalposter", case_id);
    const char *hdrs[] = {cookie_of(sara_token), "Content-Type: multipart/form-data; boundary=grense", NULL};
    http_request rq = {.method = "POST", .path = path, .headers = hdrs, .read_fn = stream_read,
                       .read_ud = &s, .read_len = (long long)(n + file_bytes + strlen(s.tail))};
    memset(r, 0, sizeof *r);
    http_send(&rq, r);
}

/* The server finishes an aborted request a little after the client gave up: wait until the
 * upload folder has stayed empty for a while. */
static void wait_uploads_gone(void)
{
    for (int i = 0, empty = 0; i < 400 && empty < 10; i++) {
        empty = files_in("uploads") ? 0 : empty + 1;
        usleep(50000);
    }
}

static void check_refused_uploads(void)
{
    long long entries = count("SELECT COUNT(*) FROM archive_entry"), docs = stored_documents();
    long long objects = count("SELECT COUNT(*) FROM archive_document_object");
    http_response r;
    static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0";
    entry_post bad = {"I", "Et program", "Kari", "virus.pdf", elf, sizeof elf - 1};
    register_as(sara_token, case_id, &bad, &r);
    TAP_EQ_INT(r.status, 400, "a file of a forbidden kind gives 400, whatever its name");
    TAP_OK(contains(&r, "ikke av en type vi tar imot"), "with a Norwegian message");
    TAP_OK(contains(&r, "value=\"Et program\""), "and the form keeps what was typed");
    http_response_free(&r);

    entry_post no_party = {"U", "Svar", NULL, "svar.pdf", pdf_bytes, sizeof pdf_bytes - 1};
    register_as(sara_token, case_id, &no_party, &r);
    TAP_EQ_INT(r.status, 400, "an outgoing entry without a party gives 400");
    TAP_OK(contains(&r, "må ha en korrespondansepart"), "saying so");
    http_response_free(&r);

    entry_post no_file = {"I", "Uten fil", "Kari", NULL, NULL, 0};
    register_as(sara_token, case_id, &no_file, &r);
    TAP_EQ_INT(r.status, 400, "an entry without a file gives 400");
    http_response_free(&r);

    register_as(leder_token, case_id, &no_party, &r);
    TAP_EQ_INT(r.status, 403, "a role without archive rights may not register");
    http_response_free(&r);

    stream_upload(100ull * 1024 * 1024 + 1, 0, &r);
    TAP_EQ_INT(r.status, 413, "a file over 100 MB gives 413");
    TAP_OK(contains(&r, "større enn 100 MB"), "with a Norwegian message");
    http_response_free(&r);

    wait_uploads_gone();
    TAP_EQ_INT(files_in("uploads"), 0, "the refused uploads are gone from the upload folder");

    stream_upload(4ull * 1024 * 1024, 1024 * 1024, &r);
    TAP_OK(r.status != 303 && r.status != 200, "an upload cut off half-way gets no acknowledgement (%ld)", r.status);
    http_response_free(&r);

    TAP_EQ_INT(count("SELECT COUNT(*) FROM archive_entry"), entries, "none of them left an entry");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM archive_document_object"), objects, "or a document row");
    TAP_EQ_INT(stored_documents(), docs, "or a stored document");
}

/* ---- Screening and the public journal ---- */

static char *public_journal(void)
{
    char dir[512], err[512], file[600];
    static int n;
    snprintf(dir, sizeof dir, "%s/uttrekk-%d", tmpdir, ++n);
    if (archive_export(d, dir, NULL, NULL, NULL, err, sizeof err) != 0) {
        printf("# export: %s\n", err);
        return NULL;
    }
    snprintf(file, sizeof file, "%s/offentligJournal.xml", dir);
    size_t len;
    char *data = NULL;
    return file_read_all(file, &data, &len) == 0 ? data : NULL;
}

static void check_screening(void)
{
    http_response r;
    char path[128], body[512];
    snprintf(path, sizeof path, "/ansatt/arkiv/journalposter/%lld/skjerming", entry_id);
    char *xml = public_journal();
    TAP_OK(xml && strstr(xml, "Klage fra Kari Nordmann"), "unscreened, the public journal shows the title");
    free(xml);
    snprintf(body, sizeof body, "csrf=%s&handling=sett&tilgangskode=Unntatt+offentlighet&hjemmel=Offl.+%%C2%%A7+13&felt=TRO&felt=NA&ord=Kari+Nordmann&varighet=abc", csrf);
    post_form_as(sara_token, path, body, &r);
    TAP_EQ_INT(r.status, 400, "a duration that is not a number gives 400");
    TAP_OK(contains(&r, "Skjermingsvarigheten"), "saying so");
    http_response_free(&r);
    snprintf(body, sizeof body, "csrf=%s&handling=sett&tilgangskode=Unntatt+offentlighet&hjemmel=Offl.+%%C2%%A7+13&felt=TRO&felt=NA&ord=Kari+Nordmann&varighet=5", csrf);
    post_form_as(sara_token, path, body, &r);
    TAP_EQ_INT(r.status, 303, "the screening form saves");
    http_response_free(&r);
    snprintf(path, sizeof path, "/ansatt/arkiv/saksmapper/%lld", case_id);
    get_as(sara_token, path, &r);
    TAP_OK(contains(&r, "Unntatt offentlighet") && contains(&r, "Offl. § 13") &&
               contains(&r, "ord i tittelen, avsenders navn") && contains(&r, "5 år, til"),
           "the page shows the screening");
    TAP_OK(contains(&r, "Klage fra ***** på vaskemaskin"), "and the public title");
    TAP_OK(contains(&r, "name=\"felt\" value=\"TRO\" checked") &&
               contains(&r, "name=\"felt\" value=\"NA\" checked") &&
               !contains(&r, "name=\"felt\" value=\"NM\" checked") &&
               contains(&r, "value=\"Offl. § 13\"") && contains(&r, "value=\"5\" inputmode"),
           "the form to change it starts from the screening as it is");
    http_response_free(&r);
    xml = public_journal();
    TAP_OK(xml && strstr(xml, "Klage fra ***** på vaskemaskin") && !strstr(xml, "Kari Nordmann"),
           "the public journal extract hides the screened words and the sender");
    free(xml);
    snprintf(path, sizeof path, "/ansatt/arkiv/journalposter/%lld/skjerming", entry_id);
    snprintf(body, sizeof body, "csrf=%s&handling=opphev", csrf);
    post_form_as(sara_token, path, body, &r);
    TAP_EQ_INT(r.status, 303, "lifting the screening saves");
    http_response_free(&r);
    xml = public_journal();
    TAP_OK(xml && strstr(xml, "Klage fra Kari Nordmann på vaskemaskin"), "and the public journal shows the title again");
    free(xml);
    TAP_OK(count("SELECT COUNT(*) FROM archive_change WHERE field = 'offentligTittel'") == 2,
           "both changes are in the change log");
    post_form_as(sara_token, "/ansatt/arkiv/journalposter/99999/skjerming", body, &r);
    TAP_EQ_INT(r.status, 404, "an unknown entry gives 404");
    http_response_free(&r);
}

static void check_confidential(void)
{
    http_response r;
    char path[128], body[256];
    snprintf(path, sizeof path, "/ansatt/arkiv/journalposter/%lld/teiepliktig", entry_id);
    TAP_EQ_INT(archive_confidential_refuse_outward(d, entry_id, "test", "e-post til kari@eksempel.no"), 0,
               "an ordinary entry may be sent");
    snprintf(body, sizeof body, "csrf=%s&teiepliktig=1", csrf);
    post_form_as(leder_token, path, body, &r);
    TAP_EQ_INT(r.status, 403, "a role without archive rights may not mark an entry confidential");
    http_response_free(&r);
    post_form_as(sara_token, path, body, &r);
    TAP_EQ_INT(r.status, 303, "a caseworker marks it confidential");
    http_response_free(&r);
    TAP_EQ_INT(archive_entry_is_confidential(d, entry_id), 1, "the entry is confidential");
    TAP_EQ_INT(archive_document_object_is_confidential(d, object_id), 1, "and so is its document");
    TAP_EQ_INT(archive_entry_is_confidential(d, 99999), ARCHIVE_ERR_NOT_FOUND, "an unknown entry is not found");
    snprintf(path, sizeof path, "/ansatt/arkiv/saksmapper/%lld", case_id);
    get_as(sara_token, path, &r);
    TAP_OK(contains(&r, ">Teiepliktig</span>"), "the page shows «Teiepliktig»");
    http_response_free(&r);
    TAP_EQ_INT(archive_confidential_refuse_outward(d, entry_id, "Sara Saksbehandler", "e-post til kari@eksempel.no"),
               ARCHIVE_ERR_CONFIDENTIAL, "sending it outward is refused");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM archive_refusal WHERE recipient = 'e-post til kari@eksempel.no' AND actor = 'Sara Saksbehandler'"), 1,
               "and the refusal is recorded");
    char log_path[400];
    snprintf(log_path, sizeof log_path, "%s/server.log", tmpdir);
    fflush(stderr);
    size_t len;
    char *log = NULL;
    if (file_read_all(log_path, &log, &len) != 0) log = NULL;
    TAP_OK(log && strstr(log, "avviste utsending av teiepliktig journalpost"), "and logged");
    free(log);
    snprintf(path, sizeof path, "/ansatt/arkiv/journalposter/%lld/teiepliktig", entry_id);
    snprintf(body, sizeof body, "csrf=%s&teiepliktig=0", csrf);
    post_form_as(sara_token, path, body, &r);
    TAP_EQ_INT(r.status, 303, "the flag is cleared");
    http_response_free(&r);
    TAP_EQ_INT(archive_entry_is_confidential(d, entry_id), 0, "the entry is no longer confidential");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM archive_change WHERE field = 'teiepliktig'"), 2,
               "setting and clearing are both in the change log");
    snprintf(body, sizeof body, "csrf=%s&teiepliktig=kanskje", csrf);
    post_form_as(sara_token, path, body, &r);
    TAP_EQ_INT(r.status, 400, "a value other than 0 or 1 gives 400");
    http_response_free(&r);
}

int main(int argc, char **argv)
{
    db_engine engine;
    const char *pg;
    if (fixture_engine_from_args(argc, argv, &engine, &pg)) return 0;
    if (fixture_prepare_on(tmpdir, sizeof tmpdir, "4", seed, engine, pg, "archive") != 0) return 1;
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
    check_access();
    check_list_and_register();
    check_list_paging();
    check_download();
    check_refused_uploads();
    check_screening();
    check_confidential();
    http_server_stop(server, 5);
    db_close(d);
    fixture_cleanup(tmpdir);
    return tap_done();
}
