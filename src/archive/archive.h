/* The Noark 5 archive: case files (saksmappe), registry entries (journalpost) with their
 * correspondence parties, documents and screening, and the document store.
 *
 * Every function that writes works inside the caller's transaction (db_begin() ... db_commit()
 * by the caller), so a user action and its registration commit or fail together. Case and
 * journal numbers are taken inside that transaction from a counter row, so a rollback gives the
 * number back: numbers are gap-free and unique per year whatever the number of writers.
 *
 * Documents are stored by their SHA-256 checksum: on SQLite as files under
 * MINSIDE_VAR_DIR/documents, written and fsynced before the row that points at them is
 * inserted; on PostgreSQL as a row in the same transaction. They are read back by document
 * object id only, never by a path from outside. */
#ifndef MINSIDE_ARCHIVE_ARCHIVE_H
#define MINSIDE_ARCHIVE_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/progress.h"
#include "db/db.h"

/* Results beyond the DB_* codes: the caller's input was wrong (a 4xx, with a Norwegian message
 * in the out->error / err field), or a row does not exist. */
enum {
    ARCHIVE_ERR_INVALID = -20,
    ARCHIVE_ERR_NOT_FOUND = -21,
    ARCHIVE_ERR_IO = -22,
    ARCHIVE_ERR_CONFIDENTIAL = -23, /* a confidential entry may not be sent outward */
};

/* What a refused outward sending of a confidential entry tells the user (with a 4xx). */
#define ARCHIVE_CONFIDENTIAL_MESSAGE "Dokumentet er merket teiepliktig og kan ikke sendes ut."


/* Limits on what a caller may store. */
enum {
    ARCHIVE_MAX_TITLE = 1000, /* bytes of a title */
    ARCHIVE_MAX_NAME = 300,   /* a party's or a person's name, a unit */
    ARCHIVE_MAX_PARTIES = 50,
    ARCHIVE_MAX_DOCUMENTS = 50,
    ARCHIVE_MAX_WORDS = 20, /* screened words in one title */
};

#define ARCHIVE_SCREENED_TEXT "*****"

typedef struct {
    const char *title;                 /* tittel, required */
    const char *const *screened_words; /* NULL-terminated; replaced by ***** in offentligTittel */
    const char *admin_unit;            /* administrativEnhet, required */
    const char *caseworker;            /* saksansvarlig, required */
    const char *created_by;            /* opprettetAv, required */
} archive_case_file_new;

typedef struct {
    int64_t id;
    char system_id[37];
    int year;
    int64_t seq;
    char number[32]; /* "2026/17" */
} archive_case_file;

typedef enum {
    ARCHIVE_ENTRY_INCOMING = 'I', /* inngående */
    ARCHIVE_ENTRY_OUTGOING = 'U', /* utgående */
    ARCHIVE_ENTRY_INTERNAL = 'N', /* organinternt, med oppfølging */
    ARCHIVE_ENTRY_NOTE = 'X',     /* notat, e.g. a phone call in a complaint case */
} archive_entry_type;

typedef enum {
    ARCHIVE_PARTY_SENDER,
    ARCHIVE_PARTY_RECIPIENT,
    ARCHIVE_PARTY_COPY
} archive_party_role;
typedef enum { ARCHIVE_PARTY_PERSON, ARCHIVE_PARTY_ORGANISATION } archive_party_kind;

typedef struct {
    archive_party_role role;
    archive_party_kind kind;
    const char *name;       /* required */
    const char *org_number; /* organisations: nine digits, or NULL */
} archive_party_new;

/* One document: from an uploaded file on disk (path) or from bytes in memory. */
typedef struct {
    const char *title;     /* required */
    const char *file_name; /* the name it came with: shown to people, never used as a path */
    const char *mime_type; /* required, e.g. "application/pdf" */
    const char *path;      /* a temporary upload to copy in, or NULL */
    const void *bytes;     /* used when path is NULL */
    size_t size;
} archive_document_new;

/* Which metadata a screening hides, as Noark's skjermingMetadata codes. */
enum {
    ARCHIVE_SCREEN_TITLE_WORDS = 1 << 0,    /* TRO: chosen words of the entry's title */
    ARCHIVE_SCREEN_SENDER_NAME = 1 << 1,    /* NA: sender's name */
    ARCHIVE_SCREEN_RECIPIENT_NAME = 1 << 2, /* NM: recipients' and copy recipients' names */
    ARCHIVE_SCREEN_DOCUMENT_TITLE = 1 << 3, /* TD: the documents' titles */
};

typedef struct {
    const char *access_code;  /* tilgangsrestriksjon, e.g. "Unntatt offentlighet" */
    const char *legal_basis;  /* skjermingshjemmel, e.g. "Offl. § 13 jf. fvl. § 13 ..." */
    unsigned fields;          /* ARCHIVE_SCREEN_*, at least one */
    const char *const *words; /* NULL-terminated, for ARCHIVE_SCREEN_TITLE_WORDS */
    int years;                /* skjermingsvarighet; 0 when it does not lapse */
} archive_screening;

typedef struct {
    int64_t case_file_id;
    archive_entry_type type;
    const char *title;         /* required */
    const char *document_date; /* "YYYY-MM-DD" or NULL */
    const char *created_by;    /* required */
    const archive_party_new *parties;
    size_t party_count;
    const archive_document_new *documents; /* the first is the main document */
    size_t document_count;
    const archive_screening *screening; /* NULL: public */
} archive_entry_new;

typedef struct {
    int64_t id;
    char system_id[37];
    int year;
    int64_t seq;          /* journalsekvensnummer */
    int64_t number;       /* journalpostnummer within the case file */
    char registry_id[48]; /* "2026/17-3" */
} archive_entry;

/* Opens a case file with the next number of the current year (Oslo time). On
 * ARCHIVE_ERR_INVALID, err holds a Norwegian message for the user. */
int archive_case_file_open(db *d, const archive_case_file_new *in, archive_case_file *out,
                           char *err, size_t errlen);
/* Changes a case file's status (saksstatus) and records the change in the change log;
 * "Avsluttet" also closes it. Nothing happens when the file already has that status. */
int archive_case_file_set_status(db *d, int64_t case_file_id, const char *status,
                                 const char *changed_by);
/* Gives a case file a new responsible caseworker (saksansvarlig) and records the change in the
 * change log (nothing happens when it is the same). */
int archive_case_file_set_caseworker(db *d, int64_t case_file_id, const char *caseworker,
                                     const char *changed_by);
/* A case file's number and status (saksstatus) as they stand. ARCHIVE_ERR_NOT_FOUND for an
 * unknown id. */
typedef struct {
    char number[32]; /* "2026/17" */
    char status[64];
} archive_case_file_state;
int archive_case_file_state_get(db *d, int64_t case_file_id, archive_case_file_state *out);

/* One document object of a registry entry, or the entry alone (object_id 0) when it has none.
 * The strings live until the visitor returns. */
typedef struct {
    int64_t entry_id, entry_number;
    const char *entry_type;    /* "I", "U", "N", "X" */
    const char *entry_title;   /* tittel (not the public title: for those who may see the entry) */
    const char *registry_date; /* journaldato, "YYYY-MM-DD" */
    int confidential;
    int64_t object_id, size;
    const char *document_title, *file_name;
} archive_document_row;

/* The registry entry a document object belongs to, in *entry_id: 0, ARCHIVE_ERR_NOT_FOUND for an
 * unknown object, or a db code. */
int archive_document_object_entry(db *d, int64_t object_id, int64_t *entry_id);

/* Calls visit for the entries of a case file and each of their document objects, by entry
 * number, document number and version. visit returns 0 to go on; anything else stops the walk
 * and is returned. Returns 0 or a db code. */
int archive_case_file_documents(db *d, int64_t case_file_id,
                                int (*visit)(const archive_document_row *row, void *ud), void *ud);

/* Registers an entry in a case file with its parties, documents and screening. Documents are
 * stored before their rows are inserted. */
int archive_entry_register(db *d, const archive_entry_new *in, archive_entry *out, char *err,
                           size_t errlen);

/* Sets (sc) or lifts (NULL) the screening of a registered entry and recomputes its public
 * title; each changed field is recorded in the change log. */
int archive_entry_set_screening(db *d, int64_t entry_id, const archive_screening *sc,
                                const char *changed_by, char *err, size_t errlen);

/* Confidential (teiepliktig) entries, F-MSG-4: their documents are never e-mailed or sent
 * outward. The flag is set or cleared (on 0/1) in the caller's transaction and recorded in the
 * change log (field "teiepliktig"). ARCHIVE_ERR_NOT_FOUND for an unknown entry. */
int archive_entry_set_confidential(db *d, int64_t entry_id, int on, const char *changed_by);
/* 1 when confidential, 0 when not, or a negative code (ARCHIVE_ERR_NOT_FOUND). */
int archive_entry_is_confidential(db *d, int64_t entry_id);
/* The same for the entry a document object belongs to. */
int archive_document_object_is_confidential(db *d, int64_t object_id);
/* The guard before anything leaves the authority: 0 when the entry may be sent; when it is
 * confidential, logs the attempt (log_warn and a row in archive_refusal with actor and
 * recipient_desc, e.g. "e-post til kari@eksempel.no") and returns ARCHIVE_ERR_CONFIDENTIAL,
 * which the caller answers with a 4xx and ARCHIVE_CONFIDENTIAL_MESSAGE. Call it outside the
 * sending's transaction (or commit after it), so the record of the refusal is kept. */
int archive_confidential_refuse_outward(db *d, int64_t entry_id, const char *actor,
                                        const char *recipient_desc);

/* A stored document, read by document object id. Exactly one of fd (SQLite: an open file)
 * and data (PostgreSQL: the bytes in memory) is set. */
typedef struct {
    int fd;
    unsigned char *data;
    size_t size;
    char sha256[65];
    char *mime_type, *file_name;
} archive_document_content;

int archive_document_open(db *d, int64_t object_id, archive_document_content *out);
/* (Sending a document over HTTP after an access check: archive_http_send_document() in
 * archive/archive_http.h.) */
void archive_document_close(archive_document_content *c);

/* Writes the Noark 5 v5.0 extract of the entries registered from..to (journaldato, "YYYY-MM-DD",
 * either may be NULL) into the new folder dir; shown (may be NULL) counts the documents copied.
 * On failure err says why in Norwegian. */
int archive_export(db *d, const char *dir, const char *from, const char *to, progress *shown,
                   char *err, size_t errlen);

/* Helpers shared by the archive's files. */
void archive_uuid_v4(char out[37]);
/* The Norwegian name of a journalposttype ("I" → «Inngående»), «Ukjent» for anything else. */
const char *archive_entry_type_label(const char *type);
/* title with every screened word replaced by *****; malloc'd. */
char *archive_screen_text(const char *title, const char *const *words);


/* ---- What the public may see of an entry (the public journal and its export) ---- */

/* A correspondence party as the public sees it. */
typedef struct {
    const char *role; /* "Avsender", "Mottaker", "Kopimottaker" */
    int person;       /* 1 for a natural person, 0 for an organisation */
    const char *name; /* NULL when the screening in force hides it (NA, NM) */
} archive_public_party;

/* A document as the public sees it. */
typedef struct {
    int64_t id;
    const char *system_id;
    int64_t number;    /* dokumentnummer */
    const char *role;  /* "Hoveddokument" or "Vedlegg" */
    const char *title; /* ARCHIVE_SCREENED_TEXT when the screening hides the titles (TD) */
} archive_public_document;

/* A registry entry with only what may be published: the public titles, the parties and
 * documents with the screening in force applied (a screening whose duration has run out as of
 * today in Oslo no longer applies), never the title itself. Strings live in the arena. */
typedef struct {
    int64_t id, case_file_id;
    const char *system_id, *case_system_id, *series_system_id;
    char case_number[32];  /* "2026/17" */
    char registry_id[48];  /* "2026/17-3" */
    int year;              /* journalår */
    int64_t seq, number;   /* journalsekvensnummer, journalpostnummer */
    const char *type;      /* "I", "U", "N", "X" */
    const char *registry_date, *document_date; /* "YYYY-MM-DD"; document_date may be NULL */
    const char *public_title, *case_public_title, *case_date, *admin_unit;
    const char *access_code, *legal_basis; /* NULL when no screening is in force */
    unsigned screened;                     /* ARCHIVE_SCREEN_* in force */
    archive_public_party *parties;
    size_t party_count;
    archive_public_document *documents;
    size_t document_count;
} archive_entry_public;

/* The public form of entry_id: 0, ARCHIVE_ERR_NOT_FOUND, or a db code. It decides nothing about
 * whether the entry is published (that is the public journal's rule, journal/journal.h). */
int archive_entry_public_get(db *d, arena *a, int64_t entry_id, archive_entry_public *out);
/* The same for n entries at once (a page of search hits) in three queries: out[i] for ids[i],
 * with type NULL when there is no such entry. Returns 0 or a db code. */
int archive_entries_public_get(db *d, arena *a, const int64_t *ids, size_t n,
                               archive_entry_public *out);

/* A module that keeps something derived from an entry's public metadata (the public journal's
 * search index) registers here at start-up; the archive calls fn inside the transaction of every
 * change to an entry's screening, so the copy never shows what has just been screened. A
 * failure of fn fails the change. One listener; NULL removes it. */
typedef int (*archive_entry_change_fn)(db *d, int64_t entry_id);
void archive_entry_change_listen(archive_entry_change_fn fn);

/* The entry numbered case_year/case_seq-entry_number («2026/17-3») in *entry_id: 0,
 * ARCHIVE_ERR_NOT_FOUND, or a db code. */
int archive_entry_find(db *d, int case_year, int64_t case_seq, int64_t entry_number,
                       int64_t *entry_id);
/* The newest document object (the file) of a document: 0, ARCHIVE_ERR_NOT_FOUND, or a db code. */
int archive_document_current_object(db *d, int64_t document_id, int64_t *object_id);

#endif
