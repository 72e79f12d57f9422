/* The public journal (offentleg journal): which registry entries the public may see, what they
 * see of them, and the search over them.
 *
 * An entry is public only when staff have assessed it (offentlighetsvurdertDato), it is not a
 * note (X), and no stop of publication covers it (the entry, its case file or the whole journal).
 * What the public sees is the entry's public title (screened words as *****), its parties unless
 * screened, the legal basis of a screening in words, the case file's public title and the
 * documents by title. Everything here works inside the caller's connection; the functions that
 * write work inside the caller's transaction. */
#ifndef MINSIDE_JOURNAL_JOURNAL_H
#define MINSIDE_JOURNAL_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* Results beyond the DB_* codes. */
enum {
    JOURNAL_ERR_INVALID = -40,    /* the caller's input was wrong: a Norwegian message in err */
    JOURNAL_ERR_NOT_PUBLIC = -41, /* no such entry, or not public (unassessed, X, stopped) */
};

/* One document of a public entry: its id (archive_document.id) and title. The title is
 * ARCHIVE_SCREENED_TEXT when the screening hides the documents' titles (TD). */
typedef struct {
    int64_t id;
    const char *title;
} journal_public_document;

/* A public registry entry, as anyone may see it. Strings live in the arena given. */
typedef struct {
    int64_t entry_id;
    int64_t case_file_id;
    const char *case_number;       /* "2026/123" */
    int64_t entry_number;          /* journalpostnummer within the case file */
    const char *registry_id;       /* "2026/123-4" */
    const char *registry_date;     /* journaldato, "YYYY-MM-DD" */
    const char *document_date;     /* dokumentets dato, "YYYY-MM-DD", or NULL («Udatert») */
    const char *entry_type;        /* "I" or "U" (or "N") */
    const char *public_title;      /* offentligTittel: screened words as ***** */
    const char *case_public_title; /* the case file's public title */
    const char *senders;           /* public names, "; "-separated; NULL when none or screened */
    const char *recipients;        /* the same for recipients and copy recipients */
    const char *access_code;       /* tilgangsrestriksjon, NULL when not screened */
    const char *legal_basis;       /* skjermingshjemmel in words, NULL when not screened */
    const journal_public_document *documents;
    size_t document_count;
} journal_public_entry;

/* The public view of one entry, for the public pages and for «Be om innsyn»: 0 and *out filled
 * (strings in a), JOURNAL_ERR_NOT_PUBLIC when the entry does not exist or is not public right
 * now, or a db code. Safe to call with any id from outside. */
int journal_public_entry_get(db *d, arena *a, int64_t entry_id, journal_public_entry *out);

#endif
