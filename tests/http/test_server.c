/* The HTTP server end to end, in one process: the real server code with the real templates
 * and static files, a migrated SQLite database, and libcurl as the client. A few extra routes
 * echo what the server parsed, so forms, uploads and limits can be checked from outside. */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "client.h"
#include "fixture.h"
#include "core/clock.h"
#include "core/strbuf.h"
#include "http/response.h"
#include "http/upload_check.h"
#include "http/upload_sink.h"
#include "http/server.h"
#include "tap.h"
#include "web/pages.h"
#include "web/site.h"

static char tmpdir[256];

static void echo_form(req *r)
{
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < r->form.count; i++)
        strbuf_printf(&b, "felt %s=%s\n", r->form.items[i].key, r->form.items[i].value);
    for (size_t i = 0; i < r->upload_count; i++) {
        const upload *u = &r->uploads[i];
        unsigned char hash[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_state st;
        crypto_hash_sha256_init(&st);
        FILE *f = fopen(u->path, "rb");
        char chunk[65536];
        size_t n;
        while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
            crypto_hash_sha256_update(&st, (unsigned char *)chunk, n);
        if (f) fclose(f);
        crypto_hash_sha256_final(&st, hash);
        char hex[65];
        sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
        strbuf_printf(&b, "fil %s %s %llu %s\n", u->field, u->filename,
                      (unsigned long long)u->size, hex);
        struct stat on_disk;
        strbuf_printf(&b, "disk %s %lld\n", u->filename,
                      stat(u->path, &on_disk) == 0 ? (long long)on_disk.st_size : -1LL);
    }
    size_t len = b.len;
    resp_body(r, 200, "text/plain; charset=utf-8", strbuf_take(&b), len);
}

static void echo_params(req *r)
{
    resp_body(r, 200, "text/plain; charset=utf-8",
              strdup(arena_printf(r->arena, "sak=%s dok=%s q=%s c=%s", req_param(r, "id"),
                                  req_param(r, "doc"), req_query(r, "q") ? req_query(r, "q") : "",
                                  req_cookie(r, "valg") ? req_cookie(r, "valg") : "")),
              0);
    r->body_len = strlen(r->body);
}

static void check_uploads(req *r)
{
    const file_kind *kinds[8];
    upload_verdict verdict;
    if (upload_check_field(r, "vedlegg", 1, 1024 * 1024, kinds, &verdict) != 0) {
        resp_error(r, 422, "Filen kan ikke tas imot", verdict.message);
        return;
    }
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < r->upload_count; i++) strbuf_printf(&b, "%s ", kinds[i]->extension);
    size_t len = b.len;
    resp_body(r, 200, "text/plain; charset=utf-8", strbuf_take(&b), len);
}

static void slow(req *r)
{
    usleep(800 * 1000);
    resp_text(r, 200, "ferdig");
}

static const route test_routes[] = {
    {"GET", "/", page_front},
    {"GET", "/healthz", page_healthz},
    {"GET", "/static/*path", page_static},
    {"POST", "/ekko", echo_form},
    {"POST", "/sjekk", check_uploads},
    {"GET", "/sak/:id/dokumenter/:doc", echo_params},
    {"GET", "/treg", slow},
    {NULL, NULL, NULL},
};

static int contains(const http_response *r, const char *needle)
{
    return r->body.data && strstr(r->body.data, needle) != NULL;
}

static void check_pages_and_headers(void)
{
    http_response r;
    char h[512];
    http_get("/", &r);
    TAP_EQ_INT(r.status, 200, "front page answers 200");
    TAP_OK(contains(&r, "Ny Min side for virksomheter"), "front page shows a notice read from the database");
    TAP_OK(contains(&r, "lang=\"nb\""), "front page is in Norwegian bokmål");
    const char *csp = http_header(&r, "Content-Security-Policy", h, sizeof h);
    TAP_OK(csp && strstr(csp, "frame-ancestors 'none'") && strstr(csp, "script-src 'self'") &&
               !strstr(csp, "unsafe-inline"),
           "CSP forbids framing and inline script");
    TAP_EQ_STR(http_header(&r, "X-Content-Type-Options", h, sizeof h), "nosniff", "nosniff is set");
    TAP_OK(http_header(&r, "Referrer-Policy", h, sizeof h) != NULL, "Referrer-Policy is set");
    TAP_EQ_STR(http_header(&r, "Cache-Control", h, sizeof h), "no-store", "pages are not cached");
    TAP_OK(http_header(&r, "X-Request-Id", h, sizeof h) && strlen(h) == 16, "request id is sent");
    http_response_free(&r);

    http_get("/finnes-ikke", &r);
    TAP_EQ_INT(r.status, 404, "unknown route gives 404");
    TAP_OK(contains(&r, "Siden finnes ikke"), "404 page says so in Norwegian");
    TAP_OK(http_header(&r, "Content-Security-Policy", h, sizeof h) != NULL, "error pages carry the security headers too");
    http_response_free(&r);

    http_request post_front = {.method = "POST", .path = "/", .body = "a=1", .body_len = 3};
    http_send(&post_front, &r);
    TAP_EQ_INT(r.status, 405, "POST to a GET route gives 405");
    TAP_OK(http_header(&r, "Allow", h, sizeof h) && strstr(h, "GET"), "405 lists the allowed methods");
    TAP_OK(contains(&r, "ikke tillatt"), "405 page is in Norwegian");
    http_response_free(&r);

    http_request head = {.method = "HEAD", .path = "/"};
    http_send(&head, &r);
    TAP_EQ_INT(r.status, 200, "HEAD answers like GET");
    TAP_EQ_INT(r.body.len, 0, "HEAD has no body");
    http_response_free(&r);

    const char *cookie_hdr[] = {"Cookie: annet=1; valg=nynorsk", NULL};
    http_request params = {.path = "/sak/2026-17/dokumenter/5?q=%C3%A6%C3%B8%C3%A5", .headers = cookie_hdr};
    http_send(&params, &r);
    TAP_EQ_STR(r.body.data, "sak=2026-17 dok=5 q=æøå c=nynorsk",
               "path parameters, the decoded query and cookies reach the handler");
    http_response_free(&r);

    http_get("/healthz", &r);
    TAP_EQ_INT(r.status, 200, "healthz answers 200 with a working database");
    http_response_free(&r);
}

static void check_static_files(void)
{
    http_response r;
    char etag[128], h[256];
    http_get("/static/css/minside.css", &r);
    TAP_EQ_INT(r.status, 200, "a static file is served");
    TAP_OK(http_header(&r, "Content-Type", h, sizeof h) && strstr(h, "text/css"), "with its content type");
    int has_etag = http_header(&r, "ETag", etag, sizeof etag) != NULL;
    TAP_OK(has_etag, "with an ETag");
    TAP_OK(http_header(&r, "Cache-Control", h, sizeof h) && strstr(h, "max-age"), "and cache headers");
    http_response_free(&r);

    char inm[200];
    snprintf(inm, sizeof inm, "If-None-Match: %s", has_etag ? etag : "\"x\"");
    const char *hdrs[] = {inm, NULL};
    http_request cond = {.path = "/static/css/minside.css", .headers = hdrs};
    http_send(&cond, &r);
    TAP_EQ_INT(r.status, 304, "a matching ETag gives 304");
    http_response_free(&r);

    const char *bad[] = {"/static/../meson.build", "/static/%2e%2e/meson.build",
                         "/static/css/../../meson.build", "/static//etc/passwd"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        http_get(bad[i], &r);
        TAP_OK(r.status == 400 || r.status == 404, "path traversal %s is refused (%ld)", bad[i], r.status);
        TAP_OK(!contains(&r, "project("), "and nothing outside static/ is shown");
        http_response_free(&r);
    }
    http_get("/static/finnes-ikke.css", &r);
    TAP_EQ_INT(r.status, 404, "a missing static file gives 404");
    http_response_free(&r);
}

static void check_forms(void)
{
    http_response r;
    const char *form = "navn=%C3%86rlig+%C3%B8l&tom=&tekst=a%26b%3Dc";
    http_request rq = {.method = "POST", .path = "/ekko", .body = form, .body_len = strlen(form)};
    http_send(&rq, &r);
    TAP_EQ_INT(r.status, 200, "url-encoded form is accepted");
    TAP_OK(contains(&r, "felt navn=Ærlig øl\n"), "form value is decoded");
    TAP_OK(contains(&r, "felt tekst=a&b=c\n"), "encoded separators stay in the value");
    TAP_OK(contains(&r, "felt tom=\n"), "an empty value is kept");
    http_response_free(&r);

    const char *bad_utf8 = "navn=%FF%FE";
    http_request bu = {.method = "POST", .path = "/ekko", .body = bad_utf8, .body_len = strlen(bad_utf8)};
    http_send(&bu, &r);
    TAP_EQ_INT(r.status, 400, "invalid UTF-8 in a form gives 400");
    TAP_OK(contains(&r, "UTF-8"), "and says why");
    http_response_free(&r);

    http_get("/?q=%C3%28", &r);
    TAP_EQ_INT(r.status, 400, "invalid UTF-8 in the query gives 400");
    http_response_free(&r);
    http_get("/%FF", &r);
    TAP_EQ_INT(r.status, 400, "invalid UTF-8 in the path gives 400");
    http_response_free(&r);

    strbuf big = STRBUF_INIT;
    strbuf_puts(&big, "lang=");
    for (int i = 0; i < 70 * 1024; i++) strbuf_putc(&big, 'x');
    http_request lf = {.method = "POST", .path = "/ekko", .body = big.data, .body_len = big.len};
    http_send(&lf, &r);
    TAP_EQ_INT(r.status, 413, "a field over the limit gives 413");
    TAP_OK(contains(&r, "for langt"), "and says the field is too long");
    http_response_free(&r);
    strbuf_reset(&big);
    for (int i = 0; i < 300; i++) strbuf_printf(&big, "%sf%d=1", i ? "&" : "", i);
    http_request many = {.method = "POST", .path = "/ekko", .body = big.data, .body_len = big.len};
    http_send(&many, &r);
    TAP_EQ_INT(r.status, 413, "too many fields give 413");
    http_response_free(&r);
    strbuf_free(&big);

    const char *json_hdr[] = {"Content-Type: application/json", NULL};
    http_request js = {.method = "POST", .path = "/ekko", .body = "{}", .body_len = 2, .headers = json_hdr};
    http_send(&js, &r);
    TAP_EQ_INT(r.status, 415, "an unsupported content type gives 415");
    http_response_free(&r);

    const char *huge_len[] = {"Content-Length: 900000000000", "Content-Type: application/x-www-form-urlencoded", NULL};
    http_request hl = {.method = "POST", .path = "/ekko", .body = "a=1", .body_len = 3, .headers = huge_len};
    http_send(&hl, &r);
    TAP_EQ_INT(r.status, 413, "a body declared larger than the limit gives 413");
    TAP_OK(contains(&r, "større enn"), "with a Norwegian explanation");
    http_response_free(&r);

    strbuf cookie = STRBUF_INIT;
    strbuf_puts(&cookie, "Cookie: stor=");
    for (int i = 0; i < 20000; i++) strbuf_putc(&cookie, 'k');
    const char *cookie_hdr[] = {cookie.data, NULL};
    http_request ck = {.path = "/", .headers = cookie_hdr};
    http_send(&ck, &r);
    TAP_EQ_INT(r.status, 431, "oversized headers give 431");
    TAP_OK(contains(&r, "meldingshoder"), "with a Norwegian page");
    http_response_free(&r);
    strbuf_free(&cookie);
}

/* Sends raw bytes and returns the status line the server answers with. */
static void raw_exchange(int port, const char *request, char *status_line, size_t len)
{
    status_line[0] = '\0';
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    /* A server waiting for the rest of a body answers nothing: don't wait for its time-out. */
    struct timeval patience = {2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return;
    }
    if (write(fd, request, strlen(request)) < 0) {
        close(fd);
        return;
    }
    shutdown(fd, SHUT_WR);
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return;
    buf[n] = '\0';
    size_t line = strcspn(buf, "\r\n");
    if (line >= len) line = len - 1;
    memcpy(status_line, buf, line);
    status_line[line] = '\0';
}

static void check_malformed_requests(int port)
{
    char status[256];
    raw_exchange(port, "DETTE ER IKKE HTTP\r\n\r\n", status, sizeof status);
    TAP_OK(strstr(status, " 400") != NULL, "a request line that is not HTTP gives 400 (%s)", status);
    raw_exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nDårlig linje uten kolon\r\n\r\n", status, sizeof status);
    TAP_OK(strstr(status, " 400") != NULL, "a broken header line gives 400 (%s)", status);
    raw_exchange(port, "GET / HTTP/1.1\r\n\r\n", status, sizeof status);
    TAP_OK(strstr(status, " 400") != NULL, "HTTP/1.1 without Host gives 400 (%s)", status);
    raw_exchange(port, "POST /ekko HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                       "Content-Length: 100\r\n\r\na=1", status, sizeof status);
    TAP_OK(status[0] == '\0' || strstr(status, " 400") != NULL,
           "a body shorter than its Content-Length is never handled as complete (%s)",
           status[0] ? status : "closed");
    /* A NUL byte, encoded, is refused wherever it stands rather than cutting the text short. */
    raw_exchange(port, "GET /sak/1%00/dokumenter/2 HTTP/1.1\r\nHost: x\r\n\r\n", status, sizeof status);
    TAP_OK(strstr(status, " 400") != NULL, "%%00 in the path gives 400 (%s)", status);
    raw_exchange(port, "GET /static/css/minside.css%00.png HTTP/1.1\r\nHost: x\r\n\r\n", status,
                 sizeof status);
    TAP_OK(strstr(status, " 400") != NULL, "%%00 before a file ending gives 400 (%s)", status);
    raw_exchange(port, "GET /?q=a%00b HTTP/1.1\r\nHost: x\r\n\r\n", status, sizeof status);
    TAP_OK(strstr(status, " 400") != NULL, "%%00 in the query gives 400 (%s)", status);
    http_response r;
    http_get("/sak/1%2500/dokumenter/2", &r);
    TAP_EQ_INT(r.status, 200, "an encoded percent sign followed by 00 is no NUL");
    http_response_free(&r);
    http_get("/healthz", &r);
    TAP_EQ_INT(r.status, 200, "the server is unharmed afterwards");
    http_response_free(&r);
}

static void check_busy_port(int port)
{
    char *listen_was = g_app.cfg.listen;
    char listen[64];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
    g_app.cfg.listen = listen;
    http_server *second = site_server_start(test_routes);
    g_app.cfg.listen = listen_was;
    TAP_OK(second == NULL, "a second server on the same address refuses to start");
    if (second) http_server_stop(second, 0);
    http_response r;
    http_get("/healthz", &r);
    TAP_EQ_INT(r.status, 200, "and the first one goes on serving");
    http_response_free(&r);
}

static void check_multipart(void)
{
    http_response r;
    CURL *c = http_curl_handle();
    curl_mime *mime = curl_mime_init(c);
    curl_mimepart *p = curl_mime_addpart(mime);
    curl_mime_name(p, "tittel");
    curl_mime_data(p, "Kvittering fra butikken", CURL_ZERO_TERMINATED);
    static char pdf[300000];
    for (size_t i = 0; i < sizeof pdf; i++) pdf[i] = (char)(i * 7 + 3);
    p = curl_mime_addpart(mime);
    curl_mime_name(p, "vedlegg");
    curl_mime_filename(p, "kvittering æøå.pdf");
    curl_mime_type(p, "application/pdf");
    curl_mime_data(p, pdf, sizeof pdf);
    p = curl_mime_addpart(mime);
    curl_mime_name(p, "vedlegg");
    curl_mime_filename(p, "C:\\fakepath\\bilde.png");
    curl_mime_data(p, "\x89PNG\r\n", 6);
    p = curl_mime_addpart(mime);
    curl_mime_name(p, "tom");
    curl_mime_filename(p, "");
    curl_mime_data(p, "", 0);
    http_request rq = {.method = "POST", .path = "/ekko", .mime = mime};
    http_send(&rq, &r);
    TAP_EQ_INT(r.status, 200, "multipart form is accepted");
    TAP_OK(contains(&r, "felt tittel=Kvittering fra butikken\n"), "text part becomes a field");
    unsigned char hash[32];
    char hex[65], want[256];
    crypto_hash_sha256(hash, (unsigned char *)pdf, sizeof pdf);
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    snprintf(want, sizeof want, "fil vedlegg kvittering æøå.pdf 300000 %s\n", hex);
    TAP_OK(contains(&r, want), "file part arrives whole on disk, name kept for display");
    TAP_OK(contains(&r, "fil vedlegg bilde.png 6 "), "a client-side path is cut to the file name");
    TAP_OK(!contains(&r, "fil tom"), "an empty file input is not an upload");
    http_response_free(&r);
    curl_mime_free(mime);
    curl_easy_cleanup(c);

    const char *broken_hdr[] = {"Content-Type: multipart/form-data; boundary=grense", NULL};
    const char *broken = "--grense\r\nContent-Disposition: form-data; name=\"vedlegg\"; "
                         "filename=\"a.pdf\"\r\n\r\nhalvveis";
    http_request br = {.method = "POST", .path = "/ekko", .body = broken, .body_len = strlen(broken),
                       .headers = broken_hdr};
    http_send(&br, &r);
    TAP_EQ_INT(r.status, 400, "a cut-off multipart body gives 400");
    TAP_OK(contains(&r, "god stand"), "with a Norwegian explanation");
    http_response_free(&r);

    const char *garbage = "dette er ikke multipart i det hele tatt";
    http_request gb = {.method = "POST", .path = "/ekko", .body = garbage, .body_len = strlen(garbage),
                       .headers = broken_hdr};
    http_send(&gb, &r);
    TAP_OK(r.status == 400, "a body without any boundary gives 400 (%ld)", r.status);
    http_response_free(&r);
}

static long post_files(const char *const *names, const char *const *data, const size_t *lens,
                       size_t count, http_response *r)
{
    CURL *c = http_curl_handle();
    curl_mime *mime = curl_mime_init(c);
    for (size_t i = 0; i < count; i++) {
        curl_mimepart *p = curl_mime_addpart(mime);
        curl_mime_name(p, "vedlegg");
        curl_mime_filename(p, names[i]);
        curl_mime_type(p, "application/pdf"); /* what a browser may claim: never trusted */
        curl_mime_data(p, data[i], lens[i]);
    }
    http_request rq = {.method = "POST", .path = "/sjekk", .mime = mime};
    http_send(&rq, r);
    curl_mime_free(mime);
    curl_easy_cleanup(c);
    return r->status;
}

static void check_file_kinds(void)
{
    static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0\x90\x91h6";
    static const char exe[] = "MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0PE\0\0";
    static const char text[] = "Kvittering: 1 stk. vaskemaskin, kr 7 990.\n";
    http_response r;
    const char *n1[] = {"kvittering.pdf", "bilde.png", "notat.txt"};
    const char *d1[] = {pdf, png, text};
    size_t l1[] = {sizeof pdf - 1, sizeof png - 1, sizeof text - 1};
    post_files(n1, d1, l1, 3, &r);
    TAP_EQ_INT(r.status, 200, "PDF, PNG and text are accepted");
    TAP_EQ_STR(r.body.data, "pdf png txt ", "the kind comes from the content");
    http_response_free(&r);

    const char *n2[] = {"kvittering.pdf"};
    const char *d2[] = {exe};
    size_t l2[] = {sizeof exe - 1};
    post_files(n2, d2, l2, 1, &r);
    TAP_EQ_INT(r.status, 422, "a program named .pdf is refused");
    TAP_OK(contains(&r, "ikke av en type vi tar imot") && contains(&r, "PDF, JPG, PNG"),
           "with the accepted kinds listed");
    http_response_free(&r);

    const char *d3[] = {""};
    size_t l3[] = {0};
    const char *n3[] = {"tom.pdf"};
    post_files(n3, d3, l3, 1, &r);
    TAP_OK(r.status == 422 && contains(&r, "er tom"), "an empty file is refused");
    http_response_free(&r);

    static char big[1024 * 1024 + 100];
    memcpy(big, pdf, sizeof pdf - 1);
    memset(big + sizeof pdf - 1, ' ', sizeof big - sizeof pdf + 1);
    const char *d4[] = {big};
    size_t l4[] = {sizeof big};
    post_files(n3, d4, l4, 1, &r);
    TAP_OK(r.status == 422 && contains(&r, "større enn 1 MB"), "a file over the limit is refused");
    http_response_free(&r);

    http_request none = {.method = "POST", .path = "/sjekk", .body = "a=1", .body_len = 3};
    http_send(&none, &r);
    TAP_OK(r.status == 422 && contains(&r, "minst én fil"), "no file at all is refused");
    http_response_free(&r);
}

/* 100 MB made on the fly, so neither side holds it in memory. */
typedef struct stream_source {
    unsigned long long sent, total;
    crypto_hash_sha256_state hash;
    int header_done, trailer_done;
} stream_source;

static const char stream_head[] =
    "--grense\r\nContent-Disposition: form-data; name=\"vedlegg\"; filename=\"stor.bin\"\r\n"
    "Content-Type: application/octet-stream\r\n\r\n";
static const char stream_tail[] = "\r\n--grense--\r\n";

static size_t stream_read(char *buf, size_t size, size_t n, void *ud)
{
    stream_source *s = ud;
    size_t cap = size * n;
    if (!s->header_done) {
        s->header_done = 1;
        memcpy(buf, stream_head, sizeof stream_head - 1);
        return sizeof stream_head - 1;
    }
    if (s->sent < s->total) {
        size_t len = cap;
        if (len > s->total - s->sent) len = (size_t)(s->total - s->sent);
        for (size_t i = 0; i < len; i++) buf[i] = (char)((s->sent + i) * 2654435761u >> 13);
        crypto_hash_sha256_update(&s->hash, (unsigned char *)buf, len);
        s->sent += len;
        return len;
    }
    if (!s->trailer_done) {
        s->trailer_done = 1;
        memcpy(buf, stream_tail, sizeof stream_tail - 1);
        return sizeof stream_tail - 1;
    }
    return 0;
}

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void check_large_upload(void)
{
    uint64_t configured = g_app.cfg.max_file_bytes;
    g_app.cfg.max_file_bytes = 200ull * 1024 * 1024; /* MINSIDE_MAX_FILE_BYTES */
    stream_source src = {.total = 100ull * 1024 * 1024};
    crypto_hash_sha256_init(&src.hash);
    const char *hdrs[] = {"Content-Type: multipart/form-data; boundary=grense", NULL};
    http_request rq = {.method = "POST", .path = "/ekko", .headers = hdrs, .read_fn = stream_read,
                       .read_ud = &src,
                       .read_len = (long long)(sizeof stream_head - 1 + src.total + sizeof stream_tail - 1)};
    long rss_before = max_rss_kb();
    http_response r;
    http_send(&rq, &r);
    long rss_growth_mb = (max_rss_kb() - rss_before) / 1024;
    unsigned char hash[32];
    char hex[65], want[256];
    crypto_hash_sha256_final(&src.hash, hash);
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    snprintf(want, sizeof want, "fil vedlegg stor.bin %llu %s\n", src.total, hex);
    TAP_EQ_INT(r.status, 200, "a 100 MB upload is accepted");
    TAP_OK(contains(&r, want), "and arrives on disk with the same checksum");
    TAP_OK(rss_growth_mb < 40, "without being held in memory (peak grew %ld MB)", rss_growth_mb);
    http_response_free(&r);

    char dir[512];
    snprintf(dir, sizeof dir, "%s/var/uploads", tmpdir);
    /* The files go when the request is completed, which may be just after the client has
     * read the answer: give it a moment. */
    int leftovers = 0;
    for (int attempt = 0; attempt < 100; attempt++) {
        leftovers = 0;
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d && (e = readdir(d)))
            if (e->d_name[0] != '.') leftovers++;
        if (d) closedir(d);
        if (!leftovers) break;
        usleep(20 * 1000);
    }
    TAP_EQ_INT(leftovers, 0, "no upload file is left behind once requests end");
    g_app.cfg.max_file_bytes = configured;
}

static void stream_post(stream_source *src, http_response *r)
{
    crypto_hash_sha256_init(&src->hash);
    const char *hdrs[] = {"Content-Type: multipart/form-data; boundary=grense", NULL};
    http_request rq = {.method = "POST", .path = "/ekko", .headers = hdrs, .read_fn = stream_read,
                       .read_ud = src,
                       .read_len = (long long)(sizeof stream_head - 1 + src->total + sizeof stream_tail - 1)};
    http_send(&rq, r);
}

/* A file part stops being written at the limit while it streams in, and all uploads in
 * progress share a capped space. */
static void check_upload_limits_while_streaming(void)
{
    uint64_t file_limit = g_app.cfg.max_file_bytes, space = g_app.cfg.upload_space_bytes;
    g_app.cfg.max_file_bytes = 1024 * 1024;
    stream_source src = {.total = 30ull * 1024 * 1024};
    http_response r;
    stream_post(&src, &r);
    TAP_OK(r.status == 200 && contains(&r, "fil vedlegg stor.bin 31457280 "),
           "a 30 MB part to a 1 MB address still counts its whole size for the handler");
    TAP_OK(contains(&r, "disk stor.bin 1048576\n"), "but no more than 1 MB of it is written to disk");
    http_response_free(&r);

    g_app.cfg.max_file_bytes = 64ull * 1024 * 1024;
    g_app.cfg.upload_space_bytes = 4ull * 1024 * 1024;
    stream_source big = {.total = 10ull * 1024 * 1024};
    stream_post(&big, &r);
    TAP_EQ_INT(r.status, 503, "an upload that would overfill the upload space gets 503");
    TAP_OK(contains(&r, "Prøv igjen om noen minutter"), "with a Norwegian message");
    http_response_free(&r);
    for (int attempt = 0; attempt < 100 && upload_space_in_use() != 0; attempt++) usleep(20 * 1000);
    TAP_EQ_INT((long long)upload_space_in_use(), 0, "the space is given back when the request ends");
    stream_source small = {.total = 1024 * 1024};
    stream_post(&small, &r);
    TAP_EQ_INT(r.status, 200, "and the next upload that fits is taken");
    http_response_free(&r);
    g_app.cfg.max_file_bytes = file_limit;
    g_app.cfg.upload_space_bytes = space;
}

static void *slow_request(void *ud)
{
    http_response *r = ud;
    http_get("/treg", r);
    return NULL;
}

static void check_graceful_stop(http_server *server)
{
    http_response r;
    pthread_t t;
    pthread_create(&t, NULL, slow_request, &r);
    usleep(200 * 1000);
    http_server_stop(server, 10);
    pthread_join(t, NULL);
    TAP_EQ_INT(r.status, 200, "a request running at shutdown is allowed to finish");
    TAP_EQ_STR(r.body.data, "ferdig", "and its answer arrives whole");
    http_response_free(&r);
    http_response after;
    int rc = http_get("/", &after);
    TAP_OK(rc != 0 || after.status == 0, "after shutdown no new request is served");
    http_response_free(&after);
}

static void check_access_log(const char *log_path)
{
    fflush(stderr);
    FILE *f = fopen(log_path, "r");
    strbuf log = STRBUF_INIT;
    char line[4096];
    while (f && fgets(line, sizeof line, f)) strbuf_puts(&log, line);
    if (f) fclose(f);
    const char *text = log.data ? log.data : "";
    TAP_OK(strstr(text, "method=GET path=/ status=200") != NULL, "each request has an access log line");
    TAP_OK(strstr(text, "ip=127.0.0.0") != NULL, "the address is logged with its last part removed");
    TAP_OK(strstr(text, "q=%C3") == NULL && strstr(text, "æøå") == NULL, "the query string is not logged");
    TAP_OK(strstr(text, "path=/sak/2026-17/dokumenter/5 status=200") != NULL, "the path is logged without query");
    strbuf_free(&log);
}

static void check_unreachable_database(void)
{
    free(g_app.cfg.database_url);
    g_app.cfg.database_url = strdup("sqlite:/finnes/ikke/minside.db");
    http_server *s = site_server_start(test_routes);
    TAP_OK(s != NULL, "server starts with a database that cannot be opened");
    if (!s) return;
    http_client_init(http_server_port(s));
    http_response r;
    http_get("/", &r);
    TAP_EQ_INT(r.status, 503, "a page that needs the database gives 503");
    TAP_OK(contains(&r, "midlertidig utilgjengelig"), "with a Norwegian explanation");
    http_response_free(&r);
    http_get("/healthz", &r);
    TAP_EQ_INT(r.status, 503, "healthz reports the database as down");
    http_response_free(&r);
    http_server_stop(s, 5);
}

int main(void)
{
    if (fixture_prepare(tmpdir, sizeof tmpdir, "4", demo_seed) != 0) return 1;
    char log_path[512];
    snprintf(log_path, sizeof log_path, "%s/server.log", tmpdir);

    http_server *server = site_server_start(test_routes);
    if (!server) {
        printf("Bail out! server did not start\n");
        return 1;
    }
    http_client_init(http_server_port(server));
    check_pages_and_headers();
    check_static_files();
    check_forms();
    check_multipart();
    check_file_kinds();
    check_malformed_requests(http_server_port(server));
    check_busy_port(http_server_port(server));
    check_large_upload();
    check_upload_limits_while_streaming();
    check_graceful_stop(server);
    check_access_log(log_path);
    check_unreachable_database();
    fixture_cleanup(tmpdir);
    return tap_done();
}
