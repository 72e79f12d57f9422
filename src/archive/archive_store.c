/* The document store. On SQLite a document's bytes go to a temporary file, are fsynced, and
 * the file is renamed to its checksum's name and the folder fsynced, all before the row that
 * points at it is inserted: once the row commits, the bytes are on disk. A crash in between
 * leaves a file without a row, which the sweep removes. On PostgreSQL the bytes go into
 * archive_blob in the caller's transaction, so they commit or vanish with the row. */
#include "archive/archive_store.h"
#include "archive/archive_internal.h"

#include "app.h"
#include "core/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { CHUNK = 64 * 1024 };

int archive_sha256_valid(const char *s)
{
    if (!s || strlen(s) != 64) return 0;
    return strspn(s, "0123456789abcdef") == 64;
}

static void hex_digest(crypto_hash_sha256_state *st, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static void store_dir(char *buf, size_t len, const char *sub)
{
    snprintf(buf, len, "%s/documents%s%s", g_app.cfg.var_dir, sub ? "/" : "", sub ? sub : "");
}

/* documents/ab/cdef…: the first two hex digits fan the files out over 256 folders. */
static void object_path_in(const char *var_dir, const char *sha, char *buf, size_t len)
{
    snprintf(buf, len, "%s/documents/%.2s/%s", var_dir, sha, sha + 2);
}

static void object_path(const char *sha, char *buf, size_t len)
{
    object_path_in(g_app.cfg.var_dir, sha, buf, len);
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0750) == 0 || errno == EEXIST) return 0;
    return -1;
}

static int fsync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Copies the document's bytes to fd (when fd >= 0) and hashes them. */
static int copy_and_hash(const archive_document_new *doc, int fd, char sha[65], uint64_t *size)
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    *size = 0;
    if (!doc->path) {
        crypto_hash_sha256_update(&st, doc->bytes, doc->size);
        if (fd >= 0 && file_write_all(fd, doc->bytes, doc->size)) return -1;
        *size = doc->size;
        hex_digest(&st, sha);
        return 0;
    }
    int in = open(doc->path, O_RDONLY | O_CLOEXEC);
    if (in < 0) return -1;
    unsigned char *buf = malloc(CHUNK);
    if (!buf) abort();
    int rc = 0;
    for (;;) {
        ssize_t n = read(in, buf, CHUNK);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) rc = -1;
        if (n <= 0) break;
        crypto_hash_sha256_update(&st, buf, (size_t)n);
        if (fd >= 0 && file_write_all(fd, buf, (size_t)n)) {
            rc = -1;
            break;
        }
        *size += (uint64_t)n;
    }
    free(buf);
    close(in);
    if (rc == 0) hex_digest(&st, sha);
    return rc;
}

static int put_file(const archive_document_new *doc, char sha[65], uint64_t *size, char *err,
                    size_t errlen)
{
    char tmpdir[4096], tmp[4200], dir[4096], final[4200];
    store_dir(dir, sizeof dir, NULL);
    store_dir(tmpdir, sizeof tmpdir, "tmp");
    if (make_dir(g_app.cfg.var_dir) || make_dir(dir) || make_dir(tmpdir)) {
        snprintf(err, errlen, "kan ikke lage dokumentlageret %s: %s", dir, strerror(errno));
        return ARCHIVE_ERR_IO;
    }
    snprintf(tmp, sizeof tmp, "%s/upload-XXXXXX", tmpdir);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "kan ikke lage midlertidig fil: %s", strerror(errno));
        return ARCHIVE_ERR_IO;
    }
    int rc = copy_and_hash(doc, fd, sha, size);
    if (rc == 0) rc = fsync(fd);
    close(fd);
    if (rc != 0) {
        snprintf(err, errlen, "kan ikke lagre dokumentet: %s", strerror(errno));
        unlink(tmp);
        return ARCHIVE_ERR_IO;
    }
    char fan[4200];
    snprintf(fan, sizeof fan, "%s/%.2s", dir, sha);
    object_path(sha, final, sizeof final);
    /* The same bytes may be stored already: renaming over them keeps one copy and replaces a
     * copy that had been damaged on disk with the fresh one. */
    if (make_dir(fan) != 0 || rename(tmp, final) != 0 || fsync_dir(fan) != 0 ||
        fsync_dir(dir) != 0) {
        snprintf(err, errlen, "kan ikke lagre dokumentet: %s", strerror(errno));
        unlink(tmp);
        return ARCHIVE_ERR_IO;
    }
    return 0;
}

/* PostgreSQL: the bytes in memory, then into archive_blob in the caller's transaction. The
 * whole document sits in memory once here; uploads are limited to MINSIDE_MAX_BODY_BYTES. */
static int put_blob(db *d, const archive_document_new *doc, char sha[65], uint64_t *size, char *err,
                    size_t errlen)
{
    unsigned char *owned = NULL;
    const unsigned char *bytes = doc->bytes;
    size_t n = doc->size;
    if (doc->path) {
        FILE *f = fopen(doc->path, "rb");
        struct stat st;
        if (!f || fstat(fileno(f), &st) != 0) {
            if (f) fclose(f);
            snprintf(err, errlen, "kan ikke lese dokumentet: %s", strerror(errno));
            return ARCHIVE_ERR_IO;
        }
        n = (size_t)st.st_size;
        owned = malloc(n ? n : 1);
        if (!owned) abort();
        size_t got = fread(owned, 1, n, f);
        fclose(f);
        if (got != n) {
            free(owned);
            snprintf(err, errlen, "kan ikke lese dokumentet");
            return ARCHIVE_ERR_IO;
        }
        bytes = owned;
    }
    archive_document_new mem = {.bytes = bytes, .size = n};
    copy_and_hash(&mem, -1, sha, size);
    int rc = archive_store_db_blob_put(d, sha, bytes, n);
    free(owned);
    if (rc != DB_OK) {
        snprintf(err, errlen, "kan ikke lagre dokumentet: %s", db_errmsg(d));
        return rc;
    }
    return 0;
}

int archive_store_put(db *d, const archive_document_new *doc, char sha256[65], uint64_t *size,
                      char *err, size_t errlen)
{
    if (db_engine_of(d) == DB_POSTGRES) return put_blob(d, doc, sha256, size, err, errlen);
    return put_file(doc, sha256, size, err, errlen);
}

int archive_store_read(db *d, const char *sha256, archive_document_content *out)
{
    memset(out, 0, sizeof *out);
    out->fd = -1;
    if (!archive_sha256_valid(sha256)) return ARCHIVE_ERR_NOT_FOUND;
    snprintf(out->sha256, sizeof out->sha256, "%s", sha256);
    if (db_engine_of(d) == DB_SQLITE) {
        char path[4200];
        object_path(sha256, path, sizeof path);
        out->fd = open(path, O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (out->fd < 0 || fstat(out->fd, &st) != 0) {
            if (out->fd >= 0) close(out->fd);
            out->fd = -1;
            return ARCHIVE_ERR_IO;
        }
        out->size = (size_t)st.st_size;
        return 0;
    }
    return archive_store_db_blob_get(d, sha256, &out->data, &out->size);
}

/* Hashes the content, and writes it to fd when fd >= 0. */
static int content_hash(const archive_document_content *c, int fd, char sha[65])
{
    if (c->data) {
        archive_document_new mem = {.bytes = c->data, .size = c->size};
        uint64_t n;
        return copy_and_hash(&mem, fd, sha, &n);
    }
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char *buf = malloc(CHUNK);
    if (!buf) abort();
    int rc = 0;
    off_t off = 0;
    for (;;) {
        ssize_t n = pread(c->fd, buf, CHUNK, off);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) rc = -1;
        if (n <= 0) break;
        off += n;
        crypto_hash_sha256_update(&st, buf, (size_t)n);
        if (fd >= 0 && file_write_all(fd, buf, (size_t)n)) {
            rc = -1;
            break;
        }
    }
    free(buf);
    if (rc == 0) hex_digest(&st, sha);
    return rc;
}

int archive_store_copy_out(db *d, const char *sha256, const char *dest)
{
    archive_document_content c;
    int rc = archive_store_read(d, sha256, &c);
    if (rc) return rc;
    int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    char got[65] = "";
    if (fd < 0)
        rc = ARCHIVE_ERR_IO;
    else {
        rc = content_hash(&c, fd, got) ? ARCHIVE_ERR_IO : 0;
        if (rc == 0 && fsync(fd)) rc = ARCHIVE_ERR_IO;
        close(fd);
        /* An extract must not carry a document that no longer matches its checksum. */
        if (rc == 0 && strcmp(got, sha256) != 0) rc = ARCHIVE_ERR_IO;
    }
    archive_document_close(&c);
    return rc;
}

int archive_store_verify(db *d, FILE *out, progress *shown)
{
    /* One pass over the objects, ordered by checksum so shared content is read once. The rows
     * are collected first: reading a PostgreSQL blob needs the connection. */
    archive_store_object *rows = NULL;
    size_t n = 0;
    int rc = archive_store_db_objects(d, &rows, &n);
    if (rc != DB_OK) return rc;
    progress_set_total(shown, (long long)n);
    int bad = 0;
    char last[65] = "", last_got[65] = "";
    int64_t last_size = -1;
    for (size_t i = 0; i < n; i++) {
        progress_step(shown);
        if (strcmp(rows[i].sha, last) != 0) {
            snprintf(last, sizeof last, "%s", rows[i].sha);
            archive_document_content c;
            snprintf(last_got, sizeof last_got, "mangler");
            last_size = -1;
            if (archive_store_read(d, last, &c) == 0) {
                if (content_hash(&c, -1, last_got)) snprintf(last_got, sizeof last_got, "lesefeil");
                last_size = (int64_t)c.size;
                archive_document_close(&c);
            }
        }
        if (strcmp(last_got, rows[i].sha) == 0 && last_size == rows[i].size) continue;
        bad++;
        fprintf(out, "dokumentobjekt %lld: forventet sjekksum %s, fant %s (%lld byte)\n",
                (long long)rows[i].id, rows[i].sha, last_got, (long long)last_size);
    }
    free(rows);
    return bad;
}

static int sweep_tmp(void)
{
    char dir[4096];
    store_dir(dir, sizeof dir, "tmp");
    DIR *dh = opendir(dir);
    if (!dh) return 0;
    int removed = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.') continue;
        if (unlinkat(dirfd(dh), e->d_name, 0) == 0) removed++;
    }
    closedir(dh);
    return removed;
}

static int sweep_fan(db *d, const char *fan_name, int *removed, progress *shown)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/documents/%s", g_app.cfg.var_dir, fan_name);
    DIR *dh = opendir(dir);
    if (!dh) return 0;
    struct dirent *e;
    int rc = 0;
    while (rc >= 0 && (e = readdir(dh))) {
        if (e->d_name[0] == '.') continue;
        progress_step(shown);
        char sha[65];
        if (strlen(e->d_name) != 62) continue;
        memcpy(sha, fan_name, 2);
        memcpy(sha + 2, e->d_name, 63);
        if (!archive_sha256_valid(sha)) continue;
        rc = archive_store_db_referenced(d, sha);
        if (rc == 0 && unlinkat(dirfd(dh), e->d_name, 0) == 0) (*removed)++;
    }
    closedir(dh);
    return rc < 0 ? rc : 0;
}

int archive_store_sweep(db *d, progress *shown)
{
    /* On PostgreSQL a blob commits or rolls back with its row, so nothing is left over. */
    if (db_engine_of(d) == DB_POSTGRES) return 0;
    /* Every registration writes its files while it holds the write lock (db_begin() is BEGIN
     * IMMEDIATE), so holding the lock here means no file is waiting for its row. */
    int rc = db_begin(d);
    if (rc) return rc;
    int removed = sweep_tmp();
    char dir[4096];
    store_dir(dir, sizeof dir, NULL);
    DIR *dh = opendir(dir);
    if (dh) {
        struct dirent *e;
        while (rc == 0 && (e = readdir(dh))) {
            if (strlen(e->d_name) != 2 || strspn(e->d_name, "0123456789abcdef") != 2) continue;
            rc = sweep_fan(d, e->d_name, &removed, shown);
        }
        closedir(dh);
    }
    rc = db_finish(d, rc);
    return rc ? rc : removed;
}

int archive_store_backup(db *snapshot, const char *dir, progress *shown, char *err, size_t errlen)
{
    archive_store_object *rows = NULL;
    size_t n = 0;
    int rc = archive_store_db_objects(snapshot, &rows, &n);
    if (rc != DB_OK) {
        snprintf(err, errlen, "kan ikke lese dokumentene i kopien: %s", db_errmsg(snapshot));
        return rc;
    }
    progress_set_total(shown, (long long)n);
    char path[4200];
    snprintf(path, sizeof path, "%s/documents", dir);
    int copied = make_dir(path) ? ARCHIVE_ERR_IO : 0;
    if (copied) snprintf(err, errlen, "kan ikke lage %s: %s", path, strerror(errno));
    /* Ordered by checksum: shared content is copied once. */
    for (size_t i = 0; i < n && copied >= 0; i++) {
        progress_step(shown);
        if (i > 0 && !strcmp(rows[i].sha, rows[i - 1].sha)) continue;
        snprintf(path, sizeof path, "%s/documents/%.2s", dir, rows[i].sha);
        if (make_dir(path) != 0) {
            snprintf(err, errlen, "kan ikke lage %s: %s", path, strerror(errno));
            copied = ARCHIVE_ERR_IO;
            break;
        }
        char file[4200];
        object_path_in(dir, rows[i].sha, file, sizeof file);
        if (archive_store_copy_out(snapshot, rows[i].sha, file) != 0 || fsync_dir(path) != 0) {
            snprintf(err, errlen, "dokumentobjekt %lld (sjekksum %s) mangler i lageret eller stemmer ikke; "
                                  "kjør minside verify-documents", (long long)rows[i].id, rows[i].sha);
            copied = ARCHIVE_ERR_IO;
            break;
        }
        copied++;
    }
    free(rows);
    snprintf(path, sizeof path, "%s/documents", dir);
    if (copied >= 0 && fsync_dir(path) != 0) {
        snprintf(err, errlen, "kan ikke lagre %s: %s", path, strerror(errno));
        copied = ARCHIVE_ERR_IO;
    }
    return copied;
}

void archive_document_close(archive_document_content *c)
{
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
    free(c->data);
    c->data = NULL;
    free(c->mime_type);
    free(c->file_name);
    c->mime_type = c->file_name = NULL;
}
