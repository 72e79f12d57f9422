/* Sending a stored document to the browser, for every route that lets someone download one
 * after its own access check. */
#include "archive/archive.h"
#include "archive/archive_http.h"

#include "core/log.h"
#include "http/response.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The uploaded name made harmless for a header: no path, no control characters, no quotes. The
 * plain filename= gets ASCII only (others become '_'); filename*= (RFC 5987) keeps the UTF-8. */
static const char *content_disposition(req *r, const char *file_name)
{
    const char *base = file_name ? file_name : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\') base = p + 1;
    size_t n = strnlen(base, 255);
    char *plain = arena_alloc(r->arena, n + 1), *utf8 = arena_alloc(r->arena, n + 1);
    size_t u = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)base[i];
        int bad = c < 0x20 || c == 0x7f || c == '"' || c == ';' || c == '%';
        plain[i] = bad || c >= 0x80 ? '_' : (char)c;
        if (!(c < 0x20 || c == 0x7f)) utf8[u++] = (char)c;
    }
    plain[n] = '\0';
    utf8[u] = '\0';
    if (!n || strspn(plain, "._ ") == n) {
        plain = "dokument";
        utf8 = "dokument";
        u = strlen(utf8);
    }
    char *enc = curl_easy_escape(NULL, utf8, (int)u);
    const char *h = arena_printf(r->arena, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
                                 plain, enc ? enc : "dokument");
    curl_free(enc);
    return h;
}

int archive_http_send_document(req *r, db *d, int64_t object_id)
{
    archive_document_content c;
    int rc = archive_document_open(d, object_id, &c);
    if (rc == ARCHIVE_ERR_NOT_FOUND) {
        resp_error(r, 404, "Fant ikke dokumentet", "Dokumentet finnes ikke.");
        return rc;
    }
    if (rc != DB_OK) {
        log_error("request=%s kunne ikke lese dokumentobjekt %lld (%d)", r->id,
                  (long long)object_id, rc);
        archive_document_close(&c);
        resp_error(r, 503, "Dokumentet kan ikke hentes nå",
                   "Min side fikk ikke lest dokumentet akkurat nå. Prøv igjen om litt.");
        return rc;
    }
    resp_header_add(r, "Content-Disposition", content_disposition(r, c.file_name));
    resp_header_add(r, "Cache-Control", "private, no-store");
    const char *type = arena_strdup(r->arena, c.mime_type);
    if (c.data) {
        /* PostgreSQL: the bytes came with the row. */
        resp_body(r, 200, type, (char *)c.data, c.size);
        c.data = NULL;
    } else {
        /* SQLite: the stored file is sent from disk, not read into memory first. */
        resp_file(r, 200, type, c.fd, c.size);
        c.fd = -1;
    }
    archive_document_close(&c);
    return DB_OK;
}

/* ---- The screening form, shared by every page that screens an entry ---- */

const char **archive_http_comma_list(req *r, const char *text)
{
    const char **w = arena_alloc(r->arena, (ARCHIVE_MAX_WORDS + 2) * sizeof *w);
    size_t n = 0;
    const char *p = text ? text : "";
    while (*p && n <= ARCHIVE_MAX_WORDS) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && (*p == ' ')) p++, len--;
        while (len && p[len - 1] == ' ') len--;
        if (len) {
            char *word = arena_alloc(r->arena, len + 1);
            memcpy(word, p, len);
            word[len] = '\0';
            w[n++] = word;
        }
        if (!end) break;
        p = end + 1;
    }
    w[n] = NULL;
    return w;
}

static unsigned screened_fields(req *r)
{
    static const struct {
        const char *code;
        unsigned flag;
    } codes[] = {{"TRO", ARCHIVE_SCREEN_TITLE_WORDS},
                 {"NA", ARCHIVE_SCREEN_SENDER_NAME},
                 {"NM", ARCHIVE_SCREEN_RECIPIENT_NAME},
                 {"TD", ARCHIVE_SCREEN_DOCUMENT_TITLE}};
    unsigned fields = 0;
    for (size_t i = 0; i < r->form.count; i++)
        for (size_t j = 0; j < sizeof codes / sizeof *codes; j++)
            if (!strcmp(r->form.items[i].key, "felt") &&
                !strcmp(r->form.items[i].value, codes[j].code))
                fields |= codes[j].flag;
    return fields;
}

int archive_http_screening_form(req *r, archive_screening *sc, char *err, size_t errlen)
{
    *sc = (archive_screening){.access_code = req_form(r, "tilgangskode"),
                              .legal_basis = req_form(r, "hjemmel"),
                              .fields = screened_fields(r),
                              .words = archive_http_comma_list(r, req_form(r, "ord"))};
    const char *years = req_form(r, "varighet");
    if (!years || !*years) return 0;
    if (strlen(years) > 3 || strspn(years, "0123456789") != strlen(years) || atoi(years) > 100) {
        snprintf(err, errlen, "Skjermingsvarigheten må være et helt antall år, 0–100.");
        return ARCHIVE_ERR_INVALID;
    }
    sc->years = atoi(years);
    return 0;
}
