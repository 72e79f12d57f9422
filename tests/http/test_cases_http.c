/* Cases, the public side, over HTTP on the real server, on SQLite and (under
 * tests/pg/with-postgres.sh) on PostgreSQL: filing each type with its receipt, who sees what
 * in the lists, by id and by document id, an administrator giving a `bruker` access, further
 * documentation, «Kontakt oss» and withdrawal, every refused step, and uploads that are too
 * big, of a forbidden type or cut off, which must leave nothing behind. Persons log in by a
 * session row made here, as the login would make it. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "auth/session.h"
#include "cases/case_db.h"
#include "client.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/page_cursor.h"
#include "core/workdays.h"
#include "fixture.h"
#include "http/server.h"
#include "seed.h"
#include "org/org_http.h"
#include "tap.h"
#include "test_db_env.h"
#include "web/pages.h"
#include "web/site.h"
#include "web/routes.h"

#define ORG_A "310000027" /* EKSEMPEL HVITEVARER AS */
#define ORG_B "310000035" /* EKSEMPEL REISER AS */

typedef struct {
    int64_t id;
    char cookie[160];
    char csrf[65];
} who;

static char tmpdir[256];
static db *d; /* the test's own connection, for setting up and looking */
static who consumer, admin_a, user_a, pending_a, admin_b, outsider;
static int64_t staff_id;

static int64_t scalar(const char *sql, const char *types, ...)
{
    (void)types;
    db_stmt *s = db_prepare(d, sql);
    int64_t v = -1;
    if (s && db_step(s) == DB_ROW) v = db_col_int(s, 0);
    if (s) db_reset(s);
    return v;
}

static int64_t scalar_i(const char *sql, int64_t arg)
{
    db_stmt *s = db_prepare(d, sql);
    int64_t v = -1;
    if (s && db_bind_int(s, 1, arg) == DB_OK && db_step(s) == DB_ROW) v = db_col_int(s, 0);
    if (s) db_reset(s);
    return v;
}

static const char *text_i(const char *sql, int64_t arg, char *buf, size_t len)
{
    db_stmt *s = db_prepare(d, sql);
    buf[0] = '\0';
    if (s && db_bind_int(s, 1, arg) == DB_OK && db_step(s) == DB_ROW && db_col_text(s, 0))
        snprintf(buf, len, "%s", db_col_text(s, 0));
    if (s) db_reset(s);
    return buf;
}

static void login(who *w, const char *name, const char *key)
{
    seed_login l;
    w->id = seed_person(d, key, name);
    if (seed_session(d, w->id, 0, &l) < 0) printf("# session: %s\n", db_errmsg(d));
    snprintf(w->cookie, sizeof w->cookie, "%s", l.cookie);
    memcpy(w->csrf, l.csrf, sizeof w->csrf);
}

static void member(const who *w, const char *orgnr, const char *role, const char *status)
{
    seed_member(d, orgnr, w->id, role, status);
}

static long get(const who *w, const char *path, http_response *out)
{
    const char *headers[] = {w->cookie, NULL};
    http_request rq = {.path = path, .headers = headers};
    http_send(&rq, out);
    return out->status;
}

static long get_path(const who *w, const char *path)
{
    http_response r;
    long status = get(w, path, &r);
    http_response_free(&r);
    return status;
}

typedef struct {
    const char *name, *data;
    size_t len;
    const char *path; /* a file on disk instead of data */
} file_part;

/* A multipart POST like a browser's: fields as name, value pairs ending in NULL, then files.
 * Returns the status; location gets the Location header. */
static long post(const who *w, const char *path, const char *const *fields, const file_part *files,
                 size_t nfiles, http_response *out)
{
    char origin[300];
    snprintf(origin, sizeof origin, "Origin: %s", g_app.cfg.base_url);
    const char *headers[] = {w->cookie, origin, NULL};
    if (nfiles == 0) {
        /* A form without files goes as a browser sends it: URL-encoded. */
        strbuf body = STRBUF_INIT;
        char *v = curl_easy_escape(NULL, w->csrf, 0);
        strbuf_printf(&body, "csrf=%s", v);
        curl_free(v);
        for (size_t i = 0; fields && fields[i]; i += 2) {
            v = curl_easy_escape(NULL, fields[i + 1], 0);
            strbuf_printf(&body, "&%s=%s", fields[i], v);
            curl_free(v);
        }
        http_request rq = {.method = "POST", .path = path, .headers = headers, .body = body.data, .body_len = body.len};
        http_send(&rq, out);
        strbuf_free(&body);
        return out->status;
    }
    CURL *easy = http_curl_handle(); /* a new handle, only to make the form with */
    curl_mime *mime = curl_mime_init(easy);
    curl_mimepart *p = curl_mime_addpart(mime);
    curl_mime_name(p, "csrf");
    curl_mime_data(p, w->csrf, CURL_ZERO_TERMINATED);
    for (size_t i = 0; fields && fields[i]; i += 2) {
        p = curl_mime_addpart(mime);
        curl_mime_name(p, fields[i]);
        curl_mime_data(p, fields[i + 1], CURL_ZERO_TERMINATED);
    }
    for (size_t i = 0; i < nfiles; i++) {
        p = curl_mime_addpart(mime);
        curl_mime_name(p, "vedlegg");
        if (files[i].path) curl_mime_filedata(p, files[i].path);
        else curl_mime_data(p, files[i].data, files[i].len);
        curl_mime_filename(p, files[i].name);
    }
    http_request rq = {.method = "POST", .path = path, .headers = headers, .mime = mime};
    http_send(&rq, out);
    curl_mime_free(mime);
    curl_easy_cleanup(easy);
    return out->status;
}

static int contains(const http_response *r, const char *needle)
{
    return r->body.data && strstr(r->body.data, needle) != NULL;
}

static int64_t id_after(const http_response *r, const char *prefix)
{
    char loc[256];
    if (!http_header(r, "Location", loc, sizeof loc) || strncmp(loc, prefix, strlen(prefix))) return -1;
    return strtoll(loc + strlen(prefix), NULL, 10);
}

static const file_part receipt_txt = {"kvittering.txt", "Kvittering: oppvaskmaskin, 4990 kr\n", 35, NULL};

static int64_t file_mediation(const who *w, const char *orgnr, const file_part *files, size_t n)
{
    const char *fields[] = {"orgnr", orgnr, "kjopt", "Oppvaskmaskin", "kjopsdato", "2026-09-01",
                            "problem", "Den lekker.", "krav", "Ny maskin.", NULL};
    http_response r;
    post(w, "/ny-sak/mekling", fields, files, n, &r);
    int64_t id = r.status == 303 ? id_after(&r, "/ny-sak/kvittering/") : -1;
    if (r.status != 303) printf("# mekling: %ld %.300s\n", r.status, r.body.data ? r.body.data : "");
    http_response_free(&r);
    return id;
}

static int64_t stored_state(void)
{
    /* Rows a submission would add, and the document objects: a refused one adds none. */
    return scalar("SELECT (SELECT count(*) FROM case_record) * 1000000 + (SELECT count(*) FROM "
                  "archive_document_object) * 1000 + (SELECT count(*) FROM case_event)", "");
}

static int files_in(const char *dir)
{
    char cmd[600];
    if (snprintf(cmd, sizeof cmd, "find '%s' -type f 2>/dev/null | wc -l", dir) >= (int)sizeof cmd)
        return -1;
    FILE *f = popen(cmd, "r");
    int n = -1;
    if (f && fscanf(f, "%d", &n) != 1) n = -1;
    if (f) pclose(f);
    return n;
}

static void check_filing(const char *engine, int64_t *mediation_id)
{
    http_response r;
    TAP_EQ_INT(get(&consumer, "/ny-sak/mekling?q=hvitevarer", &r), 200, "%s: the complaint form searches businesses", engine);
    TAP_OK(contains(&r, "/ny-sak/mekling?orgnr=310000027"), "%s: and links to the one found", engine);
    http_response_free(&r);
    TAP_EQ_INT(get(&consumer, "/ny-sak/mekling?orgnr=310000027", &r), 200, "%s: the chosen business's form", engine);
    TAP_OK(contains(&r, "EKSEMPEL HVITEVARER AS") && contains(&r, "Hver fil kan være opptil 20 MB"),
           "%s: names the business and states the file limits", engine);
    http_response_free(&r);

    int64_t before = stored_state();
    const char *missing[] = {"orgnr", ORG_A, "kjopt", "", "kjopsdato", "2099-01-01", NULL};
    TAP_EQ_INT(post(&consumer, "/ny-sak/mekling", missing, NULL, 0, &r), 400, "%s: missing fields give 400", engine);
    TAP_OK(contains(&r, "Skjemaet har feil") && contains(&r, "Fyll ut «Hva kjøpte du?»") && contains(&r, "fram i tid"), "%s: with an error summary and Norwegian messages per field", engine);
    http_response_free(&r);
    const char *bad_org[] = {"orgnr", "123456789", "kjopt", "x", "kjopsdato", "2026-01-01", "problem", "x", "krav", "x", NULL};
    TAP_EQ_INT(post(&consumer, "/ny-sak/mekling", bad_org, NULL, 0, &r), 400, "%s: an unknown business gives 400", engine);
    http_response_free(&r);

    file_part exe = {"bilde.png", "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0", 20, NULL};
    const char *ok_fields[] = {"orgnr", ORG_A, "kjopt", "x", "kjopsdato", "2026-01-01", "problem", "x", "krav", "x", NULL};
    TAP_EQ_INT(post(&consumer, "/ny-sak/mekling", ok_fields, &exe, 1, &r), 415, "%s: a forbidden type (by content, not name) gives 415", engine);
    TAP_OK(contains(&r, "ikke av en type vi tar imot"), "%s: saying which types are taken", engine);
    http_response_free(&r);

    char big[512];
    snprintf(big, sizeof big, "%s/stor.pdf", tmpdir);
    FILE *f = fopen(big, "w");
    if (f) {
        fputs("%PDF-1.4\n", f);
        if (ftruncate(fileno(f), (20 << 20) + 1 /* the default MINSIDE_MAX_FILE_BYTES */) != 0) printf("# truncate failed\n");
        fclose(f);
    }
    file_part too_big = {"stor.pdf", NULL, 0, big};
    TAP_EQ_INT(post(&consumer, "/ny-sak/mekling", ok_fields, &too_big, 1, &r), 413, "%s: a file over 20 MB gives 413", engine);
    http_response_free(&r);
    unlink(big);

    /* A body that stops in the middle of a file part. */
    char origin[300], ctype[] = "Content-Type: multipart/form-data; boundary=XyZ";
    snprintf(origin, sizeof origin, "Origin: %s", g_app.cfg.base_url);
    const char *headers[] = {consumer.cookie, origin, ctype, NULL};
    char body[600];
    int len = snprintf(body, sizeof body,
                       "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
                       "--XyZ\r\nContent-Disposition: form-data; name=\"orgnr\"\r\n\r\n" ORG_A "\r\n"
                       "--XyZ\r\nContent-Disposition: form-data; name=\"vedlegg\"; filename=\"a.txt\"\r\n"
                       "Content-Type: text/plain\r\n\r\nbare halve fil",
                       consumer.csrf);
    http_request cut = {.method = "POST", .path = "/ny-sak/mekling", .headers = headers, .body = body, .body_len = (size_t)len};
    http_send(&cut, &r);
    TAP_OK(r.status >= 400 && r.status < 500, "%s: a cut-off upload gives a 4xx (%ld)", engine, r.status);
    http_response_free(&r);
    TAP_EQ_INT(stored_state(), before, "%s: none of the refused submissions stored a row or a document", engine);
    char uploads[600];
    snprintf(uploads, sizeof uploads, "%s/var/uploads", tmpdir);
    /* The files go when the request is completed, which may be just after the client has read
     * the answer: give it a moment. */
    for (int attempt = 0; attempt < 100 && files_in(uploads) != 0; attempt++) usleep(20 * 1000);
    TAP_EQ_INT(files_in(uploads), 0, "%s: and no upload is left in the upload folder", engine);

    int64_t id = file_mediation(&consumer, ORG_A, &receipt_txt, 1);
    TAP_OK(id > 0, "%s: a complaint with an attachment is filed (303 to the receipt)", engine);
    *mediation_id = id;
    char path[128], ref[64], want[96];
    snprintf(path, sizeof path, "/ny-sak/kvittering/%lld", (long long)id);
    TAP_EQ_INT(get(&consumer, path, &r), 200, "%s: the receipt answers 200", engine);
    text_i("SELECT reference FROM case_record WHERE id = $1", id, ref, sizeof ref);
    snprintf(want, sizeof want, "<strong>%s</strong>", ref);
    TAP_OK(contains(&r, want) && strchr(ref, '/'), "%s: showing the case file number %s", engine, ref);
    http_response_free(&r);
    TAP_EQ_INT(get_path(&admin_b, path), 404, "%s: another organisation's person gets 404 for the receipt", engine);
    TAP_EQ_INT(scalar_i("SELECT count(*) FROM case_org WHERE case_id = $1 AND orgnr = '310000027' AND party_role = 'motpart'", id),
               1, "%s: the business is the counterpart", engine);
    TAP_EQ_INT(scalar_i("SELECT count(*) FROM case_entry ce JOIN archive_document x ON x.entry_id = ce.entry_id "
                        "WHERE ce.case_id = $1 AND ce.audience = 'parter'", id),
               2, "%s: one incoming entry with the complaint and the attachment, for both parties", engine);
    char pub[300];
    text_i("SELECT ae.public_title FROM case_entry ce JOIN archive_entry ae ON ae.id = ce.entry_id WHERE ce.case_id = $1", id, pub, sizeof pub);
    TAP_OK(strstr(pub, "*****") && !strstr(pub, "Nora"), "%s: the consumer's name is screened in the public title (%s)", engine, pub);
    text_i("SELECT ae.legal_basis FROM case_entry ce JOIN archive_entry ae ON ae.id = ce.entry_id WHERE ce.case_id = $1", id, pub, sizeof pub);
    TAP_EQ_STR(pub, CASE_SCREENING_BASIS, "%s: with the legal basis", engine);
    TAP_EQ_INT(scalar_i("SELECT count(*) FROM case_event WHERE case_id = $1 AND kind = 'mottatt'", id), 1, "%s: and a «mottatt» event", engine);

    /* A tip from a consumer: no case file, a reference of its own, a deletion date. */
    const char *tip[] = {"emne", "Falske før-priser", "tekst", "Se nettbutikken.", "som", "privatperson", NULL};
    TAP_EQ_INT(post(&consumer, "/ny-sak/tips", tip, NULL, 0, &r), 303, "%s: a tip is filed", engine);
    int64_t tip_id = id_after(&r, "/ny-sak/kvittering/");
    http_response_free(&r);
    text_i("SELECT reference FROM case_record WHERE id = $1", tip_id, ref, sizeof ref);
    char want_ref[32];
    case_tip_reference(want_ref, civil_date_oslo(clock_now()).year, tip_id);
    TAP_EQ_STR(ref, want_ref, "%s: with a tip reference", engine);
    TAP_EQ_INT(scalar_i("SELECT count(*) FROM case_record WHERE id = $1 AND case_file_id IS NULL AND delete_after IS NOT NULL", tip_id),
               1, "%s: no case file, and a deletion date", engine);
    char del[16], expect[16];
    civil_date today = civil_date_oslo(clock_now()), later = today;
    later.month += 6;
    later.year += 1 + (later.month > 12);
    if (later.month > 12) later.month -= 12;
    if (later.day > 28) later.day = 28;
    civil_date_format(later, expect);
    text_i("SELECT delete_after FROM case_record WHERE id = $1", tip_id, del, sizeof del);
    TAP_OK(!strncmp(del, expect, 8), "%s: 18 months on (%s)", engine, del);
    snprintf(path, sizeof path, "/saker/%lld/kontakt", (long long)tip_id);
    TAP_EQ_INT(get_path(&consumer, path), 409, "%s: a tip has no «Kontakt oss»", engine);

    /* Guidance: only for a confirmed organisation. */
    TAP_EQ_INT(get_path(&consumer, "/ny-sak/veiledning"), 403, "%s: a consumer cannot ask for guidance", engine);
    const char *guidance[] = {"emne", "Angrerett", "tekst", "Gjelder angreretten på messer?", NULL};
    TAP_EQ_INT(post(&pending_a, "/ny-sak/veiledning", guidance, NULL, 0, &r), 403, "%s: nor can an unconfirmed person", engine);
    http_response_free(&r);
    TAP_EQ_INT(post(&admin_a, "/ny-sak/veiledning", guidance, &receipt_txt, 1, &r), 303, "%s: a confirmed administrator files a guidance request", engine);
    int64_t g = id_after(&r, "/ny-sak/kvittering/");
    http_response_free(&r);
    TAP_EQ_INT(scalar_i("SELECT count(*) FROM case_org WHERE case_id = $1 AND orgnr = '310000027' AND party_role = 'innsender'", g),
               1, "%s: as submitter for the organisation", engine);
    snprintf(path, sizeof path, "/saker/%lld/ettersend", (long long)g);
    TAP_EQ_INT(post(&admin_a, path, NULL, &receipt_txt, 1, &r), 409, "%s: further documentation on a guidance case is refused (wrong type)", engine);
    http_response_free(&r);
}

static void check_visibility(const char *engine, int64_t id)
{
    char path[128];
    http_response r;
    TAP_EQ_INT(get(&admin_a, "/vare-saker?type=mekling", &r), 200, "%s: «Våre saker» answers", engine);
    char ref[64];
    text_i("SELECT reference FROM case_record WHERE id = $1", id, ref, sizeof ref);
    TAP_OK(contains(&r, ref) && contains(&r, "Motpart"), "%s: the business's administrator sees the complaint as motpart", engine);
    http_response_free(&r);
    db_run(d, "UPDATE case_record SET deadline = '2030-01-02', deadline_text = 'Virksomheten har frist til å svare' WHERE id = $1", "i", id);
    get(&admin_a, "/vare-saker?type=mekling&sortering=frist", &r);
    TAP_OK(contains(&r, ref) && contains(&r, "2. januar 2030"), "%s: sorted by deadline, with the deadline a caseworker set", engine);
    http_response_free(&r);
    char status[32];
    text_i("SELECT status FROM case_record WHERE id = $1", id, status, sizeof status);
    page_cursor after = {.before = false, .id = id};
    snprintf(after.key, sizeof after.key, "%s", status);
    arena *ar = arena_new();
    snprintf(path, sizeof path, "/vare-saker?type=mekling&sortering=status&side=%s", page_cursor_encode(ar, &after));
    arena_free(ar);
    get(&admin_a, path, &r);
    TAP_OK(!contains(&r, ref) && contains(&r, "Forrige side"), "%s: the page after the one case is empty, with a link back", engine);
    http_response_free(&r);
    db_run(d, "UPDATE case_record SET deadline = NULL, deadline_text = NULL WHERE id = $1", "i", id);
    get(&user_a, "/vare-saker?type=mekling", &r);
    TAP_OK(!contains(&r, ref), "%s: a bruker not given the case does not see it", engine);
    http_response_free(&r);
    get(&pending_a, "/vare-saker?type=mekling", &r);
    TAP_OK(!contains(&r, ref) && contains(&r, "ikke godkjent"), "%s: an unconfirmed person sees nothing", engine);
    http_response_free(&r);
    get(&admin_b, "/vare-saker?type=mekling", &r);
    TAP_OK(!contains(&r, ref), "%s: another organisation's administrator does not see it", engine);
    http_response_free(&r);
    get(&consumer, "/mine-saker", &r);
    TAP_OK(contains(&r, ref), "%s: the consumer sees it on «Mine saker»", engine);
    http_response_free(&r);

    snprintf(path, sizeof path, "/saker/%lld", (long long)id);
    TAP_EQ_INT(get_path(&consumer, path), 200, "%s: the consumer opens the case", engine);
    TAP_EQ_INT(get_path(&admin_a, path), 200, "%s: so does the counterpart's administrator", engine);
    TAP_EQ_INT(get_path(&user_a, path), 404, "%s: a bruker without access gets 404", engine);
    TAP_EQ_INT(get_path(&pending_a, path), 404, "%s: an unconfirmed person gets 404", engine);
    TAP_EQ_INT(get_path(&admin_b, path), 404, "%s: another organisation gets 404", engine);
    TAP_EQ_INT(get_path(&outsider, path), 404, "%s: another consumer gets 404", engine);
    TAP_EQ_INT(get_path(&consumer, "/saker/999999"), 404, "%s: a case that does not exist: the same 404", engine);

    int64_t obj = scalar_i("SELECT min(o.id) FROM case_entry ce JOIN archive_document x ON x.entry_id = ce.entry_id "
                           "JOIN archive_document_object o ON o.document_id = x.id WHERE ce.case_id = $1", id);
    snprintf(path, sizeof path, "/saker/%lld/dokumenter/%lld", (long long)id, (long long)obj);
    TAP_EQ_INT(get(&consumer, path, &r), 200, "%s: the consumer downloads the complaint", engine);
    TAP_OK(contains(&r, "Klage til Forbrukertilsynet"), "%s: its content", engine);
    http_response_free(&r);
    TAP_EQ_INT(get_path(&admin_b, path), 404, "%s: another organisation gets 404 by document id", engine);
    TAP_EQ_INT(get_path(&outsider, path), 404, "%s: another consumer gets 404 by document id", engine);
    /* The outsider's own case with someone else's document id. */
    int64_t own = file_mediation(&outsider, ORG_B, NULL, 0);
    snprintf(path, sizeof path, "/saker/%lld/dokumenter/%lld", (long long)own, (long long)obj);
    TAP_EQ_INT(get_path(&outsider, path), 404, "%s: a document of another case through one's own case: 404", engine);
    get(&admin_a, "/vare-saker?type=mekling", &r);
    text_i("SELECT reference FROM case_record WHERE id = $1", own, ref, sizeof ref);
    TAP_OK(!contains(&r, ref), "%s: a complaint against another business is not in the list", engine);
    http_response_free(&r);
}

static void check_steps(const char *engine, int64_t id)
{
    char path[128], person[32];
    http_response r;
    snprintf(path, sizeof path, "/saker/%lld/tilgang", (long long)id);
    snprintf(person, sizeof person, "%lld", (long long)admin_b.id);
    const char *foreign[] = {"person", person, "handling", "gi", NULL};
    TAP_EQ_INT(post(&admin_a, path, foreign, NULL, 0, &r), 404, "%s: access for a person of another organisation is refused", engine);
    http_response_free(&r);
    snprintf(person, sizeof person, "%lld", (long long)user_a.id);
    const char *give[] = {"person", person, "handling", "gi", NULL};
    TAP_EQ_INT(post(&user_a, path, give, NULL, 0, &r), 404, "%s: a bruker cannot give access", engine);
    http_response_free(&r);
    TAP_EQ_INT(post(&admin_a, path, give, NULL, 0, &r), 303, "%s: the administrator gives the bruker access", engine);
    http_response_free(&r);
    TAP_EQ_INT(post(&admin_a, path, give, NULL, 0, &r), 303, "%s: giving it again (a second click) is no error", engine);
    http_response_free(&r);
    TAP_EQ_INT(scalar_i("SELECT COUNT(*) FROM case_event WHERE case_id = $1 AND kind = 'tilgang' "
                        "AND audience = 'motpart'", id),
               1, "%s: the access is on the business's side of the timeline, once", engine);
    snprintf(path, sizeof path, "/saker/%lld", (long long)id);
    TAP_EQ_INT(get_path(&user_a, path), 200, "%s: now the bruker opens the case", engine);

    /* Further documentation by the bruker. */
    snprintf(path, sizeof path, "/saker/%lld/ettersend", (long long)id);
    int64_t before = stored_state();
    file_part empty = {"tom.txt", "", 0, NULL};
    TAP_EQ_INT(post(&user_a, path, NULL, &empty, 1, &r), 400, "%s: an empty file is refused", engine);
    http_response_free(&r);
    TAP_EQ_INT(post(&user_a, path, NULL, NULL, 0, &r), 400, "%s: so is sending no file", engine);
    http_response_free(&r);
    TAP_EQ_INT(stored_state(), before, "%s: and nothing was stored", engine);
    file_part two[] = {{"bilde.txt", "Bilde av lekkasjen\n", 19, NULL}, {"notat.txt", "Notat\n", 6, NULL}};
    const char *comment[] = {"kommentar", "Her er bildene.", NULL};
    TAP_EQ_INT(post(&user_a, path, comment, two, 2, &r), 303, "%s: two files are sent as further documentation", engine);
    http_response_free(&r);
    snprintf(path, sizeof path, "/saker/%lld?fane=dokumenter", (long long)id);
    get(&consumer, path, &r);
    TAP_OK(contains(&r, "bilde.txt") && contains(&r, "notat.txt"), "%s: both parties see them on «Dokumenter»", engine);
    TAP_OK(contains(&r, "<dialog") && contains(&r, "/static/js/sak-kontakt.js"), "%s: with «Kontakt oss» as a dialog", engine);
    http_response_free(&r);

    /* «Kontakt oss». */
    snprintf(path, sizeof path, "/saker/%lld/kontakt", (long long)id);
    char staff[32];
    snprintf(staff, sizeof staff, "%lld", (long long)staff_id);
    const char *to_staff[] = {"mottaker", staff, "emne", "Spørsmål", "tekst", "Hei", NULL};
    TAP_EQ_INT(post(&user_a, path, to_staff, NULL, 0, &r), 400, "%s: a caseworker not on the case is refused as recipient", engine);
    TAP_OK(contains(&r, "ikke saksbehandler i denne saken"), "%s: saying so", engine);
    http_response_free(&r);
    const char *to_office[] = {"mottaker", "forbrukertilsynet", "emne", "Spørsmål", "tekst", "Hei", NULL};
    TAP_EQ_INT(post(&user_a, path, to_office, &receipt_txt, 1, &r), 303, "%s: a message to the authority while no caseworker", engine);
    http_response_free(&r);
    TAP_EQ_INT(scalar_i("SELECT count(*) FROM case_event WHERE case_id = $1 AND kind = 'melding' AND audience = 'intern'", id),
               1, "%s: the staff see it", engine);
    db_run(d, "UPDATE case_record SET caseworker_staff_id = $1 WHERE id = $2", "ii", staff_id, id);
    TAP_EQ_INT(post(&user_a, path, to_office, NULL, 0, &r), 400, "%s: once a caseworker is assigned, the authority is no longer a choice", engine);
    http_response_free(&r);
    TAP_EQ_INT(post(&user_a, path, to_staff, NULL, 0, &r), 303, "%s: the caseworker is", engine);
    http_response_free(&r);

    /* Withdrawal. */
    snprintf(path, sizeof path, "/saker/%lld/trekk", (long long)id);
    const char *reason[] = {"begrunnelse", "Vi ble enige.", NULL};
    TAP_EQ_INT(get_path(&admin_a, path), 403, "%s: the counterpart cannot withdraw", engine);
    TAP_EQ_INT(post(&admin_a, path, reason, NULL, 0, &r), 403, "%s: not by POST either", engine);
    http_response_free(&r);
    TAP_EQ_INT(get_path(&consumer, path), 200, "%s: the submitter gets the confirmation page", engine);
    TAP_EQ_INT(post(&consumer, path, reason, NULL, 0, &r), 303, "%s: and withdraws with a reason", engine);
    http_response_free(&r);
    char status[32];
    TAP_EQ_STR(text_i("SELECT status FROM case_record WHERE id = $1", id, status, sizeof status), "trukket", "%s: the case is withdrawn", engine);
    TAP_EQ_STR(text_i("SELECT f.status FROM case_record c JOIN archive_case_file f ON f.id = c.case_file_id WHERE c.id = $1", id, status, sizeof status),
               "Avsluttet", "%s: its case file is closed", engine);
    TAP_EQ_INT(scalar_i("SELECT count(*) FROM inbox_message WHERE case_id = $1", id), 2,
               "%s: the counterpart's administrator and the bruker with access are told", engine);
    TAP_EQ_INT(scalar_i("SELECT count(*) FROM case_event WHERE case_id = $1 AND kind = 'trukket' AND audience = 'intern'", id),
               1, "%s: and the caseworker", engine);
    TAP_EQ_INT(post(&consumer, path, reason, NULL, 0, &r), 409, "%s: withdrawing again is refused (wrong status)", engine);
    http_response_free(&r);
    snprintf(path, sizeof path, "/saker/%lld/ettersend", (long long)id);
    TAP_EQ_INT(post(&consumer, path, NULL, &receipt_txt, 1, &r), 409, "%s: so is further documentation", engine);
    http_response_free(&r);
    snprintf(path, sizeof path, "/saker/%lld", (long long)id);
    get(&admin_a, path, &r);
    TAP_OK(contains(&r, "Trukket") && contains(&r, "Vi ble enige."), "%s: the case page shows it, with the reason", engine);
    http_response_free(&r);
}

enum { PAGING_CASES = 60 };

/* Follows «Neste side» from the first page of order to the last, then «Forrige side» back:
 * every case is shown exactly once, the last page holds the order's last case, and the way
 * back ends on the first page. */
static void check_paging_order(const char *engine, const char *order, int last_case)
{
    int seen[PAGING_CASES + 1] = {0};
    char path[512], ref[32];
    snprintf(path, sizeof path, "/vare-saker?type=tips&sortering=%s", order);
    int pages = 0, ok = 1;
    http_response r;
    for (;;) {
        if (get(&admin_a, path, &r) != 200) ok = 0;
        pages++;
        for (int i = 1; i <= PAGING_CASES; i++) {
            snprintf(ref, sizeof ref, "SIDE-%03d<", i);
            seen[i] += contains(&r, ref);
        }
        http_page_link(&r, "next", path, sizeof path);
        if (!path[0] || pages > 10) break;
        http_response_free(&r);
    }
    for (int i = 1; i <= PAGING_CASES; i++) ok &= seen[i] == 1;
    snprintf(ref, sizeof ref, "SIDE-%03d<", last_case);
    TAP_OK(ok && pages == 3 && contains(&r, ref) && contains(&r, "Forrige side"),
           "%s: %s: «Neste side» reaches the last page, every case once (%d pages)", engine, order, pages);
    int back = 0;
    for (;;) {
        http_page_link(&r, "prev", path, sizeof path);
        if (!path[0] || back > 10) break;
        http_response_free(&r);
        get(&admin_a, path, &r);
        back++;
    }
    TAP_OK(back == 2 && contains(&r, "Neste side"), "%s: %s: «Forrige side» leads back to the first page", engine, order);
    http_response_free(&r);
}

static void check_paging(const char *engine)
{
    for (int i = 1; i <= PAGING_CASES; i++) {
        char ref[32];
        snprintf(ref, sizeof ref, "SIDE-%03d", i);
        const char *status = i % 2 ? "mottatt" : "avsluttet";
        db_run(d, "INSERT INTO case_record (case_type, status, reference, title, details, submitter_orgnr, "
                  "created_at, updated_at) VALUES ('tips', $1, $2, 'Tips til siden', '{}', $3, 1, 1)",
               "ttt", status, ref, ORG_A);
        db_stmt *q = db_prepare_bind(d, "SELECT id FROM case_record WHERE reference = $1", "t", ref);
        int64_t id = q && db_step(q) == DB_ROW ? db_col_int(q, 0) : -1;
        if (q) db_reset(q);
        db_run(d, "INSERT INTO case_org (orgnr, case_type, case_id, party_role, status) VALUES ($1, 'tips', $2, 'innsender', $3)",
               "tit", ORG_A, id, status);
    }
    check_paging_order(engine, "nyeste", 1);
    check_paging_order(engine, "eldste", PAGING_CASES);
    /* Status ascending («avsluttet» before «mottatt»), newest first within: the oldest
     * «mottatt» case comes last. */
    check_paging_order(engine, "status", 1);
    check_paging_order(engine, "frist", 1);
    TAP_EQ_INT(get_path(&admin_a, "/vare-saker?type=tips&side=2"), 400, "%s: a page number where a cursor belongs is refused", engine);
    http_response r;
    TAP_EQ_INT(get(&admin_a, "/mine-saker?side=***", &r), 400, "%s: a cursor that does not decode is a 400", engine);
    TAP_OK(contains(&r, "Ugyldig side"), "%s: with a Norwegian message", engine);
    http_response_free(&r);
}

static void run(const char *engine)
{
    login(&consumer, "Nora Forbruker", "k1");
    login(&admin_a, "Kari Testesen", "k2");
    login(&user_a, "Ola Testmann", "k3");
    login(&pending_a, "Ventende Person", "k4");
    login(&admin_b, "Lars Reisesen", "k5");
    login(&outsider, "Annen Forbruker", "k6");
    member(&admin_a, ORG_A, "administrator", "bekreftet");
    member(&user_a, ORG_A, "bruker", "bekreftet");
    member(&pending_a, ORG_A, "bruker", "ubekreftet");
    member(&admin_b, ORG_B, "administrator", "bekreftet");
    db_run(d, "INSERT INTO staff (subject, name, roles, last_login_at) VALUES ('s1', 'Sara Saksbehandler', 'saksbehandler', 1)", "");
    staff_id = scalar("SELECT id FROM staff WHERE subject = 's1'", "");

    http_server *server = site_server_start(site_routes);
    if (!server) {
        printf("Bail out! server did not start\n");
        exit(1);
    }
    http_client_init(http_server_port(server));
    int64_t id = -1;
    check_filing(engine, &id);
    check_visibility(engine, id);
    check_steps(engine, id);
    check_paging(engine);
    http_server_stop(server, 5);
}

static int seed(db *x)
{
    return org_demo_seed(x);
}

int main(void)
{
    if (fixture_prepare(tmpdir, sizeof tmpdir, "2", seed) != 0) return 1;
    char err[512];
    if (db_open(g_app.cfg.database_url, &d, err, sizeof err) != DB_OK) {
        printf("Bail out! %s\n", err);
        return 1;
    }
    run("sqlite");
    db_close(d);

    const char *pg = getenv("MINSIDE_TEST_PG_URL");
    if (pg && *pg) {
        d = test_db_open_fresh(DB_POSTGRES, pg, tmpdir, "cases_http", "main", 1);
        if (!d || org_demo_seed(d) < 0) {
            printf("Bail out! PostgreSQL\n");
            return 1;
        }
        char url[1024];
        test_db_url(DB_POSTGRES, pg, tmpdir, "cases_http", "main", url, sizeof url);
        free(g_app.cfg.database_url);
        g_app.cfg.database_url = strdup(url);
        run("postgresql");
        db_close(d);
    } else {
        printf("# PostgreSQL: MINSIDE_TEST_PG_URL is not set (run under tests/pg/with-postgres.sh)\n");
    }
    fixture_cleanup(tmpdir);
    return tap_done();
}
