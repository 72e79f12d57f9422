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


/* Registers the public journal with the archive at start-up: a change of an entry's screening
 * updates the search index in the same transaction. */
void journal_register(void);
/* `minside seed-demo`: assesses the entries the demo cases registered. 0, or -1. */
int journal_demo_seed(db *d);

/* ---- Assessment (offentlighetsvurdering) ---- */

enum { JOURNAL_MAX_NAMES = 20 };

/* Marks entry_id as assessed today (Oslo) by assessed_by, with the person names staff marked in
 * its title (NULL-terminated, may be NULL; each must stand in the public title), and puts it in
 * the search index: from the commit on it is public. In the caller's transaction.
 * JOURNAL_ERR_INVALID (message in err) for a note (X), an entry already assessed, or a name not
 * in the title; JOURNAL_ERR_NOT_PUBLIC for an unknown entry. */
int journal_entry_assess(db *d, int64_t entry_id, const char *const *names,
                         const char *assessed_by, char *err, size_t errlen);

/* ---- Stopping publication ---- */

typedef enum { JOURNAL_STOP_ENTRY, JOURNAL_STOP_CASE_FILE, JOURNAL_STOP_ALL } journal_stop_scope;

/* Stops publication at once: of one entry (target "2026/17-3"), one case file ("2026/17") or
 * the whole journal (target ignored). Logged with who and when. JOURNAL_ERR_INVALID with a
 * Norwegian message for a target that is malformed or not in the public journal. */
int journal_stop_add(db *d, journal_stop_scope scope, const char *target, const char *by,
                     char *err, size_t errlen);
/* Lifts the stop stop_id (logged); JOURNAL_ERR_NOT_PUBLIC when there is no such active stop. */
int journal_stop_lift(db *d, int64_t stop_id, const char *by);

/* ---- The search ---- */

enum {
    JOURNAL_MAX_QUERY_CHARS = 200,
    JOURNAL_MAX_QUERY_WORDS = 10,
    JOURNAL_PAGE_SIZE = 25,
};

typedef struct {
    const char *text;        /* words to find, or a case number; NULL or "" for none */
    const char *from, *to;   /* journal dates "YYYY-MM-DD", either may be NULL or "" */
    const char *type;        /* "I", "U", or NULL / "" for both */
    const char *case_number; /* "2026/17", or NULL / "" */
    const char *after;       /* the page cursor from the last result's next, or NULL */
} journal_query;

typedef struct {
    journal_public_entry *hits; /* newest journal date first */
    size_t count;
    const char *next; /* the cursor of the next page, NULL on the last */
} journal_result;

/* Searches the public journal. Words match the public title, the case file's public title and
 * the parties' public names; names of persons match only in entries whose journal date is less
 * than a year before today in Oslo (offentlegforskrifta § 6 fjerde ledd). JOURNAL_ERR_INVALID
 * with a Norwegian message for input the search does not take (too long, too many words,
 * search operators, bad dates, from after to). Call it outside a transaction: on PostgreSQL it
 * runs in one of its own. */
int journal_search(db *d, arena *a, const journal_query *q, journal_result *out, char *err,
                   size_t errlen);

/* 1 while publication of the whole journal is stopped, 0 when not, or a db code. */
int journal_stopped_all(db *d);

/* ---- eInnsyn ---- */

/* Writes one eInnsyn JSON-LD payload (the shape of the reference examples: Saksmappe,
 * Journalpost, Korrespondansepart, Skjerming, Dokumentbeskrivelse) per entry published now with
 * a journal date from..to ("YYYY-MM-DD", either may be NULL) into the new folder dir, named by
 * the entry's systemID. Only the public form goes out: offentligTittel without the names of
 * persons and offentligTittel_SENSITIV with them, never the title itself, no screened party or
 * word, nothing unassessed, no note. *count is the number written. On failure err says why in
 * Norwegian (JOURNAL_ERR_INVALID for the caller's input). */
int journal_export_einnsyn(db *d, const char *dir, const char *from, const char *to,
                           size_t *count, char *err, size_t errlen);

#endif
