/* Helpers shared by the archive's own files; not for the rest of the program. */
#ifndef MINSIDE_ARCHIVE_ARCHIVE_INTERNAL_H
#define MINSIDE_ARCHIVE_ARCHIVE_INTERNAL_H

#include "archive/archive.h"

/* Puts msg in err and returns ARCHIVE_ERR_INVALID. */
int archive_invalid(char *err, size_t errlen, const char *msg);
/* A required text: present, not blank, well-formed UTF-8, at most max bytes. */
int archive_text_ok(const char *s, size_t max);
/* A NULL-terminated list of at most ARCHIVE_MAX_WORDS words (NULL is an empty list). */
int archive_words_ok(const char *const *words);
/* Records a change of a registered field in the change log (endringslogg). */
int archive_change_log(db *d, const char *target, const char *field, const char *by,
                       const char *old_value, const char *new_value);

/* Tells the listener (archive_entry_change_listen) that entry_id's public metadata changed. */
int archive_entry_changed(db *d, int64_t entry_id);

/* The stored form of a screening: the codes ("TRO NA"), the day it lapses ("" when it does
 * not) and the public title (malloc'd; the title itself when no words are screened). */
typedef struct {
    char codes[32];
    char ends[11];
    char *public_title;
} archive_screen_columns;

int archive_screening_validate(const archive_screening *sc, char *err, size_t errlen);
/* sc may be NULL (no screening). registry_date is "YYYY-MM-DD". */
void archive_screening_columns(const archive_screening *sc, const char *title,
                               const char *registry_date, archive_screen_columns *out);
/* Binds access_code, legal_basis, screened_fields, screening_years and screening_ends to the
 * parameters first .. first + 4 (SQL NULL when sc is NULL). */
int archive_screening_bind(db_stmt *s, int first, const archive_screening *sc,
                           const archive_screen_columns *cols);

/* The document store's rows (archive_store_db.c). */
typedef struct {
    int64_t id, size;
    char sha[65];
} archive_store_object;

/* Keeps content in the database under its checksum (once). Returns 0 or a db code. */
int archive_store_db_blob_put(db *d, const char *sha256, const void *bytes, size_t n);
/* The content kept under sha256 in *data (malloc'd); ARCHIVE_ERR_IO when there is none. */
int archive_store_db_blob_get(db *d, const char *sha256, unsigned char **data, size_t *size);
/* Every document object, ordered by checksum; *out is malloc'd. Returns 0 or a db code. */
int archive_store_db_objects(db *d, archive_store_object **out, size_t *count);
/* 1 when a document object points at sha256, 0 when none does, or a db code. */
int archive_store_db_referenced(db *d, const char *sha256);

#endif
