#include "http/static_files.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/files.h"
#include "http/response.h"

/* Files above this size stay out of memory: nothing under static/ should be that big. */
enum { STATIC_MAX_FILE = 8 * 1024 * 1024, STATIC_MAX_FILES = 4096 };

typedef struct static_file {
    char *name; /* relative path, '/'-separated */
    char *data;
    size_t len;
    char etag[24];
    const char *content_type;
} static_file;

struct static_files {
    static_file *files;
    size_t count, cap;
};

static const char *content_type_for(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json"},
    };
    const char *dot = strrchr(name, '.');
    if (dot)
        for (size_t i = 0; i < sizeof types / sizeof *types; i++)
            if (!strcmp(dot, types[i].ext)) return types[i].type;
    return "application/octet-stream";
}

static int add_file(static_files *s, const char *path, const char *name, char **err)
{
    if (s->count == STATIC_MAX_FILES) {
        *err = strdup("for mange statiske filer");
        return -1;
    }
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->files = realloc(s->files, s->cap * sizeof *s->files);
        if (!s->files) abort();
    }
    static_file *f = &s->files[s->count];
    if (file_read_all(path, &f->data, &f->len) != 0) {
        if (asprintf(err, "kan ikke lese %s: %s", path, strerror(errno)) < 0) *err = NULL;
        return -1;
    }
    f->name = strdup(name);
    f->content_type = content_type_for(name);
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, (const unsigned char *)f->data, f->len);
    f->etag[0] = '"';
    sodium_bin2hex(f->etag + 1, 17, hash, 8);
    f->etag[17] = '"';
    f->etag[18] = '\0';
    s->count++;
    return 0;
}

typedef struct load_ctx {
    static_files *files;
    char **err;
} load_ctx;

static int visit_file(const char *path, const char *name, void *ud)
{
    load_ctx *ctx = ud;
    struct stat st;
    if (stat(path, &st) != 0 || st.st_size > STATIC_MAX_FILE) return 0;
    return add_file(ctx->files, path, name, ctx->err);
}

static int compare_by_name(const void *a, const void *b)
{
    return strcmp(((const static_file *)a)->name, ((const static_file *)b)->name);
}

int static_files_load(const char *dir, static_files **out, char **err)
{
    static_files *s = calloc(1, sizeof *s);
    if (!s) abort();
    *err = NULL;
    load_ctx ctx = {s, err};
    struct stat st;
    /* A missing folder is an empty one: the server still runs without assets. */
    if (stat(dir, &st) == 0 && dir_walk(dir, 8, visit_file, &ctx) != 0) {
        if (!*err && asprintf(err, "kan ikke lese mappen %s", dir) < 0) *err = NULL;
        static_files_free(s);
        return -1;
    }
    if (s->count) qsort(s->files, s->count, sizeof *s->files, compare_by_name);
    *out = s;
    return 0;
}

void static_files_free(static_files *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->count; i++) {
        free(s->files[i].name);
        free(s->files[i].data);
    }
    free(s->files);
    free(s);
}

size_t static_files_count(const static_files *s)
{
    return s ? s->count : 0;
}

static int path_is_safe(const char *p)
{
    if (!*p || *p == '/') return 0;
    for (const char *seg = p; seg;) {
        const char *end = strchr(seg, '/');
        size_t len = end ? (size_t)(end - seg) : strlen(seg);
        if (len == 0 || (len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.'))
            return 0;
        if (memchr(seg, '\\', len)) return 0;
        seg = end ? end + 1 : NULL;
    }
    return 1;
}

static int etag_listed(const char *header, const char *etag)
{
    if (!header) return 0;
    if (!strcmp(header, "*")) return 1;
    /* Weak comparison, as RFC 9110 asks for If-None-Match. */
    const char *hit = strstr(header, etag);
    return hit != NULL;
}

void static_files_serve(req *r, const static_files *s, const char *relpath)
{
    if (!path_is_safe(relpath)) {
        resp_error(r, 400, "Ugyldig adresse",
                   "Adressen inneholder en ugyldig sti. Sjekk lenken og prøv igjen.");
        return;
    }
    static_file key = {.name = (char *)relpath};
    const static_file *f =
        s && s->count ? bsearch(&key, s->files, s->count, sizeof *s->files, compare_by_name) : NULL;
    if (!f) {
        resp_error(r, 404, "Fant ikke filen", "Filen du ba om finnes ikke.");
        return;
    }
    resp_header_add(r, "ETag", f->etag);
    /* Assets change only with a new release; a day is a fair trade between speed and updates,
     * and the ETag makes a stale copy cheap to revalidate. */
    resp_header_add(r, "Cache-Control", "public, max-age=86400");
    if (etag_listed(req_header(r, "If-None-Match"), f->etag)) {
        resp_static_body(r, 304, f->content_type, "", 0);
        return;
    }
    resp_static_body(r, 200, f->content_type, f->data, f->len);
}
