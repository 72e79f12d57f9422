#include "http/upload_check.h"

#include <magic.h>
#include <stdio.h>
#include <pthread.h>
#include <string.h>

#include "core/log.h"

static const file_kind accepted[] = {
    {"application/pdf", "pdf", "PDF"},
    {"image/jpeg", "jpg", "JPG"},
    {"image/png", "png", "PNG"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "DOCX"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "XLSX"},
    {"application/vnd.oasis.opendocument.text", "odt", "ODT"},
    {"text/plain", "txt", "TXT"},
};

/* A magic cookie is not safe to share between threads, and loading its database costs a few
 * milliseconds: one per thread, made on first use. */
static pthread_key_t magic_key;
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;

static void magic_cookie_free(void *cookie)
{
    magic_close(cookie);
}

static void magic_key_create(void)
{
    pthread_key_create(&magic_key, magic_cookie_free);
}

static magic_t thread_magic(void)
{
    pthread_once(&magic_once, magic_key_create);
    magic_t m = pthread_getspecific(magic_key);
    if (m) return m;
    m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    if (!m) return NULL;
    if (magic_load(m, NULL) != 0) {
        log_error("filtyper: kan ikke laste libmagic-databasen: %s", magic_error(m));
        magic_close(m);
        return NULL;
    }
    pthread_setspecific(magic_key, m);
    return m;
}

const file_kind *upload_detect_kind(const char *path)
{
    magic_t m = thread_magic();
    const char *mime = m ? magic_file(m, path) : NULL;
    if (!mime) return NULL;
    for (size_t i = 0; i < sizeof accepted / sizeof *accepted; i++)
        if (!strcmp(mime, accepted[i].mime)) return &accepted[i];
    return NULL;
}

const char *upload_allowed_kinds_text(void)
{
    return "PDF, JPG, PNG, DOCX, XLSX, ODT og TXT";
}

static void size_text(char *out, size_t len, uint64_t bytes)
{
    if (bytes >= 1024 * 1024) snprintf(out, len, "%llu MB", (unsigned long long)(bytes / (1024 * 1024)));
    else snprintf(out, len, "%llu kB", (unsigned long long)(bytes / 1024));
}

int upload_check_field(req *r, const char *field, size_t min_files, uint64_t max_bytes,
                       const file_kind **kinds, upload_verdict *verdict)
{
    verdict->file = NULL;
    verdict->message = NULL;
    size_t found = 0;
    for (size_t i = 0; i < r->upload_count; i++) {
        const upload *u = &r->uploads[i];
        if (strcmp(u->field, field) != 0 || !u->path) continue;
        char limit[32];
        size_text(limit, sizeof limit, max_bytes);
        const file_kind *kind = NULL;
        if (u->size == 0)
            verdict->message = arena_printf(r->arena, "Filen «%s» er tom.", u->filename);
        else if (u->size > max_bytes)
            verdict->message = arena_printf(r->arena, "Filen «%s» er større enn %s.", u->filename, limit);
        else if (!(kind = upload_detect_kind(u->path)))
            verdict->message = arena_printf(
                r->arena, "Filen «%s» er ikke av en type vi tar imot. Du kan sende %s.",
                u->filename, upload_allowed_kinds_text());
        if (verdict->message) {
            verdict->file = u;
            return -1;
        }
        if (kinds) kinds[found] = kind;
        found++;
    }
    if (found < min_files) {
        verdict->message = min_files == 1 ? "Du må legge ved minst én fil."
                                          : arena_printf(r->arena, "Du må legge ved minst %zu filer.", min_files);
        return -1;
    }
    return 0;
}
