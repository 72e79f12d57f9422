#include "http/upload_sink.h"

#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/files.h"
#include "core/log.h"
#include "core/utf8.h"

enum { FILENAME_MAX_BYTES = 255 };

/* Shared by every request of the process: what uploads in progress have written so far. */
static _Atomic uint64_t space_in_use;

uint64_t upload_space_in_use(void)
{
    return atomic_load(&space_in_use);
}

/* Takes n bytes of the upload space for this request, or refuses when it is full. */
static int space_take(upload_sink *s, uint64_t n)
{
    uint64_t before = atomic_fetch_add(&space_in_use, n);
    if (before + n > s->cfg->upload_space_bytes) {
        atomic_fetch_sub(&space_in_use, n);
        return -1;
    }
    s->space_held += n;
    return 0;
}

void upload_sink_init(upload_sink *s, req *r, const config *cfg)
{
    memset(s, 0, sizeof *s);
    s->r = r;
    s->cfg = cfg;
    s->fd = -1;
}

static int sink_fail(upload_sink *s, int status, const char *heading, const char *message)
{
    if (!s->error_status) {
        s->error_status = status;
        s->error_heading = heading;
        s->error_message = message;
    }
    return -1;
}

/* Browsers may send a whole client-side path ("C:\fakepath\a.pdf"): only the last part is
 * the name the person knows. */
static const char *filename_display_part(const char *name)
{
    const char *slash = strrchr(name, '/'), *backslash = strrchr(name, '\\');
    const char *last = slash > backslash ? slash : backslash;
    return last ? last + 1 : name;
}

static int open_upload_file(upload_sink *s, const char *filename, const char *content_type)
{
    req *r = s->r;
    if (r->upload_count >= s->cfg->max_files)
        return sink_fail(s, 413, "For mange filer", "Du kan ikke sende så mange filer på én gang.");
    const char *shown = filename_display_part(filename);
    size_t len = strlen(shown);
    if (len > FILENAME_MAX_BYTES || !utf8_valid(shown, len))
        return sink_fail(s, 400, "Ugyldig filnavn",
                         "Filnavnet er for langt eller inneholder ugyldige tegn. Gi filen et "
                         "kortere navn og prøv igjen.");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/uploads", s->cfg->var_dir);
    mkdir(s->cfg->var_dir, 0750);
    mkdir(dir, 0750);
    char *path = arena_printf(r->arena, "%s/upload-XXXXXX", dir);
    int fd = mkostemp(path, O_CLOEXEC);
    if (fd < 0) {
        log_error("request=%s kan ikke lage opplastingsfil i %s: %s", r->id, dir, strerror(errno));
        return sink_fail(s, 503, "Kan ikke ta imot filer nå",
                         "Min side kan ikke ta imot filer akkurat nå. Prøv igjen om litt.");
    }
    if (r->upload_count == r->upload_cap) {
        size_t cap = r->upload_cap ? r->upload_cap * 2 : 4;
        upload *items = arena_calloc(r->arena, cap, sizeof *items);
        if (r->upload_count) memcpy(items, r->uploads, r->upload_count * sizeof *items);
        r->uploads = items;
        r->upload_cap = cap;
    }
    upload *u = &r->uploads[r->upload_count++];
    u->field = s->key;
    u->filename = arena_strdup(r->arena, shown);
    u->content_type = arena_strdup(r->arena, content_type ? content_type : "");
    u->path = path;
    u->size = 0;
    s->fd = fd;
    s->file = u;
    return 0;
}

static int finish_field(upload_sink *s)
{
    if (!s->active) return 0;
    s->active = 0;
    req *r = s->r;
    if (s->is_file) {
        if (s->fd >= 0) close(s->fd);
        s->fd = -1;
        /* A file field left empty in the browser arrives as an empty part: not an upload. */
        if (s->file && s->file->size == 0 && s->file->filename[0] == '\0') {
            unlink(s->file->path);
            r->upload_count--;
        }
        s->file = NULL;
        return 0;
    }
    const char *value = s->value.data ? s->value.data : "";
    if (!utf8_valid(value, s->value.len))
        return sink_fail(s, 400, "Ugyldige tegn",
                         "Skjemaet inneholder tegn som ikke er gyldig UTF-8.");
    kv_add(r->arena, &r->form, s->key, arena_strndup(r->arena, value, s->value.len));
    strbuf_reset(&s->value);
    return 0;
}

static int start_field(upload_sink *s, const char *key, const char *filename,
                       const char *content_type)
{
    req *r = s->r;
    size_t key_len = strlen(key);
    if (!utf8_valid(key, key_len) || key_len > 256)
        return sink_fail(s, 400, "Ugyldig skjema", "Skjemaet har et ugyldig feltnavn.");
    if (r->form.count + r->upload_count >= s->cfg->max_fields)
        return sink_fail(s, 413, "For mange felt", "Skjemaet har for mange felt.");
    s->active = 1;
    s->parts_seen++;
    s->key = arena_strdup(r->arena, key);
    s->is_file = filename != NULL;
    s->received = 0;
    strbuf_reset(&s->value);
    return s->is_file ? open_upload_file(s, filename, content_type) : 0;
}

enum MHD_Result upload_sink_iterate(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *filename, const char *content_type,
                                    const char *transfer_encoding, const char *data, uint64_t off,
                                    size_t size)
{
    (void)kind;
    (void)transfer_encoding;
    upload_sink *s = cls;
    if (s->error_status || !key) return MHD_NO;
    /* A field begins at offset 0; an empty first call followed by the data at offset 0 again
     * is still the same field. */
    int continues = s->active && off == 0 && s->received == 0 && !strcmp(s->key, key) &&
                    s->is_file == (filename != NULL);
    if (off == 0 && !continues) {
        if (finish_field(s) != 0 || start_field(s, key, filename, content_type) != 0) return MHD_NO;
    }
    s->received += size;
    if (s->is_file) {
        /* Past the address's limit nothing more is written: the size still grows, so the
         * handler sees the file is too big and says so. */
        uint64_t limit = s->r->max_file_bytes;
        uint64_t room = s->file->size < limit ? limit - s->file->size : 0;
        size_t writable = size < room ? size : (size_t)room;
        s->file->size += size;
        if (writable && space_take(s, writable) != 0) {
            log_error("request=%s opplastingsplassen er full (%llu byte i bruk)", s->r->id,
                      (unsigned long long)upload_space_in_use());
            sink_fail(s, 503, "Kan ikke ta imot filer nå",
                      "Min side tar imot svært mange filer akkurat nå. Prøv igjen om noen minutter.");
            return MHD_NO;
        }
        if (writable && file_write_all(s->fd, data, writable) != 0) {
            log_error("request=%s kan ikke skrive opplastingsfil: %s", s->r->id, strerror(errno));
            sink_fail(s, 503, "Kan ikke ta imot filer nå",
                      "Min side kan ikke ta imot filer akkurat nå. Prøv igjen om litt.");
            return MHD_NO;
        }
        return MHD_YES;
    }
    if (s->received > s->cfg->max_field_bytes) {
        sink_fail(s, 413, "For langt felt", "Et av feltene i skjemaet er for langt.");
        return MHD_NO;
    }
    strbuf_append(&s->value, data ? data : "", size);
    return MHD_YES;
}

int upload_sink_finish(upload_sink *s)
{
    if (s->error_status) return -1;
    return finish_field(s);
}

void upload_sink_cleanup(upload_sink *s)
{
    if (!s->r) return;
    if (s->fd >= 0) close(s->fd);
    s->fd = -1;
    for (size_t i = 0; i < s->r->upload_count; i++)
        if (s->r->uploads[i].path) unlink(s->r->uploads[i].path);
    atomic_fetch_sub(&space_in_use, s->space_held);
    s->space_held = 0;
    strbuf_free(&s->value);
}
