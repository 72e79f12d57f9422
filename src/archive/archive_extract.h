/* The archival extract (arkivuttrekk) in the Noark 5 v5.0 format: the data read from the
 * database once, and the writers of each XML file. Shared by the archive_extract_*.c files. */
#ifndef MINSIDE_ARCHIVE_ARCHIVE_EXTRACT_H
#define MINSIDE_ARCHIVE_ARCHIVE_EXTRACT_H

#include <libxml/xmlwriter.h>
#include <stdint.h>

#include "archive/archive.h"

typedef struct {
    char *role, *name;
} x_party;

typedef struct {
    char *doc_uuid, *obj_uuid, *title, *role, *format, *mime, *sha256, *created_by;
    char *file_ref; /* dokumenter/<uuid>.<ext>, relative to the extract folder */
    int64_t doc_no, size, created_at;
} x_document;

typedef struct {
    char *uuid, *type, *status, *registry_date, *document_date, *title, *public_title;
    char *created_by, *access_code, *legal_basis, *screened_fields, *screening_ends;
    int64_t id, year, seq, number, created_at, screening_years;
    x_party *parties;
    size_t party_count;
    x_document *docs;
    size_t doc_count;
} x_entry;

typedef struct {
    int64_t id, year, seq, created_at, closed_at;
    char *uuid, *title, *public_title, *status, *unit, *caseworker, *case_date;
    char *created_by, *closed_by;
    x_entry *entries;
    size_t entry_count;
} x_case;

typedef struct {
    char *target, *field, *by, *old_value, *new_value;
    int64_t at;
} x_change;

typedef struct {
    char *archive_uuid, *archive_title, *creator_id, *creator_name, *series_uuid, *series_title;
    int64_t archive_created, series_created;
    int64_t now;           /* when the extract is taken */
    char from[11], to[11]; /* the period: journaldato from and to, inclusive */
    char today[11];
    x_case *cases;
    size_t case_count, entry_count, doc_count;
    x_change *changes;
    size_t change_count;
} x_extract;

/* Reads everything in the period (from/to may be NULL for all). */
int x_extract_load(db *d, const char *from, const char *to, x_extract *x);
void x_extract_free(x_extract *x);

/* "2026-03-03T09:15:00+01:00" in Oslo time; out needs 32 bytes. */
void x_datetime(int64_t t, char out[32]);
/* Writes <name>text</name>; a NULL text writes nothing. */
void x_el(xmlTextWriterPtr w, const char *name, const char *text);
void x_el_int(xmlTextWriterPtr w, const char *name, int64_t v);
void x_el_time(xmlTextWriterPtr w, const char *name, int64_t t);
/* Opens path for writing with an XML declaration and a root in namespace ns. */
xmlTextWriterPtr x_begin(const char *path, const char *root, const char *ns);
/* Ends the document and closes the file. Returns 0 or -1. */
int x_end(xmlTextWriterPtr w);

/* Noark's names for the stored codes. */
const char *x_entry_type_name(const char *code);
/* "TRO NA" → "Skjerming tittel registrering - utvalgte ord" for the first code, etc. */
const char *x_screen_code_name(const char *code, size_t len);
/* 1 when the entry's screening is in force at the day of the extract. */
int x_screened(const x_extract *x, const x_entry *e);
/* 1 when code (e.g. "NA") is among the entry's screened fields. */
int x_screens(const x_entry *e, const char *code);

int x_write_arkivstruktur(const x_extract *x, const char *path);
int x_write_journal(const x_extract *x, const char *path, int public);
int x_write_endringslogg(const x_extract *x, const char *path);
/* arkivuttrekk.xml (ADDML) naming each file of the extract with its SHA-256 checksum. */
int x_write_addml(const x_extract *x, const char *dir);

#endif
