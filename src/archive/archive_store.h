/* The document store behind the archive: content addressed by SHA-256. SQLite keeps the
 * content in files under MINSIDE_VAR_DIR/documents/ab/cdef…; PostgreSQL keeps it in the table
 * archive_blob, in the caller's transaction. */
#ifndef MINSIDE_ARCHIVE_ARCHIVE_STORE_H
#define MINSIDE_ARCHIVE_ARCHIVE_STORE_H

#include "core/progress.h"
#include <stdint.h>
#include <stdio.h>

#include "archive/archive.h"

/* Stores the document's content and gives its checksum and size. On SQLite the file is fsynced
 * and in place, with its folder fsynced, before this returns; the caller then inserts the row.
 * The same content is stored once. */
int archive_store_put(db *d, const archive_document_new *doc, char sha256[65], uint64_t *size,
                      char *err, size_t errlen);
/* Opens stored content for reading (see archive_document_content). */
int archive_store_read(db *d, const char *sha256, archive_document_content *out);
/* Writes stored content to a new file at dest (for the extract) and checks its checksum. */
int archive_store_copy_out(db *d, const char *sha256, const char *dest);
/* Re-reads every stored document and compares its checksum; reports each bad one to out.
 * shown (may be NULL) counts the objects checked. Returns the number of bad document objects, or a negative error. */
int archive_store_verify(db *d, FILE *out, progress *shown);
/* SQLite: removes stored files no row points at and leftover temporary files. Runs under the
 * write lock, so no registration is half-way while it looks. Returns the number removed, or a
 * negative error. PostgreSQL needs no sweep (a blob commits or rolls back with its row).
 * shown (may be NULL) counts the files looked at. */
int archive_store_sweep(db *d, progress *shown);
/* SQLite: copies, into dir/documents/ laid out as the store, every document that the database
 * snapshot (a copy made with db_sqlite_backup) points at, from the live store, checking each
 * checksum. The store only ever removes files no row points at, so each one is there. Returns
 * how many files were copied, or a negative code with a Norwegian message in err. */
int archive_store_backup(db *snapshot, const char *dir, progress *shown, char *err, size_t errlen);
/* 1 when s is 64 lowercase hex digits. */
int archive_sha256_valid(const char *s);

#endif
