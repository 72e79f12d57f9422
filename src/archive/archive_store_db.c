/* The document store's rows: document contents kept in the database (PostgreSQL), and the
 * document objects that point at stored contents. */
#include "archive/archive_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int archive_store_db_blob_put(db *d, const char *sha256, const void *bytes, size_t n)
{
    db_stmt *s = db_prepare(d, "INSERT INTO archive_blob (sha256, content) VALUES ($1, $2) "
                               "ON CONFLICT (sha256) DO NOTHING");
    int rc = s ? db_bind_text(s, 1, sha256) : DB_ERR;
    if (rc == DB_OK) rc = db_bind_blob(s, 2, bytes, n);
    if (rc == DB_OK) rc = db_step(s);
    if (s) db_reset(s);
    return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}

int archive_store_db_blob_get(db *d, const char *sha256, unsigned char **data, size_t *size)
{
    db_stmt *s = db_prepare(d, "SELECT content FROM archive_blob WHERE sha256 = $1");
    int rc = s ? db_bind_text(s, 1, sha256) : DB_ERR;
    if (rc == DB_OK) rc = db_step(s);
    if (rc != DB_ROW) {
        if (s) db_reset(s);
        return rc == DB_DONE ? ARCHIVE_ERR_IO : rc;
    }
    const void *p = db_col_blob(s, 0, size);
    *data = malloc(*size ? *size : 1);
    if (!*data) abort();
    if (*size) memcpy(*data, p, *size);
    db_reset(s);
    return 0;
}

int archive_store_db_objects(db *d, archive_store_object **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    db_stmt *s = db_prepare(d, "SELECT id, sha256, size FROM archive_document_object "
                               "ORDER BY sha256, id");
    if (!s) return DB_ERR;
    archive_store_object *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            rows = realloc(rows, cap * sizeof *rows);
            if (!rows) abort();
        }
        rows[n].id = db_col_int(s, 0);
        rows[n].size = db_col_int(s, 2);
        snprintf(rows[n].sha, sizeof rows[n].sha, "%s", db_col_text(s, 1));
        n++;
    }
    if (rc != DB_DONE) {
        free(rows);
        return rc;
    }
    *out = rows;
    *count = n;
    return DB_OK;
}

int archive_store_db_referenced(db *d, const char *sha256)
{
    db_stmt *s = db_prepare(d, "SELECT 1 FROM archive_document_object WHERE sha256 = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, sha256);
    if (rc == DB_OK) rc = db_step(s);
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}
