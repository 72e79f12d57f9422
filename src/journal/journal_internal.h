/* What the public journal's own files share; not for the rest of the program. */
#ifndef MINSIDE_JOURNAL_JOURNAL_INTERNAL_H
#define MINSIDE_JOURNAL_JOURNAL_INTERNAL_H

#include "archive/archive.h"
#include "journal/journal.h"

/* The search words of a query, checked and split (journal_text.c). */
typedef struct {
    const char **terms; /* letters and digits only, at most JOURNAL_MAX_TERMS */
    size_t count;
    const char *case_number; /* a word of the query that was a case number, or NULL */
} journal_terms;

enum { JOURNAL_MAX_TERMS = 40 };

/* Checks text against the search's limits and splits it into terms: 0, or JOURNAL_ERR_INVALID
 * with a Norwegian message in err. */
int journal_terms_parse(arena *a, const char *text, journal_terms *out, char *err, size_t errlen);
/* 1 when s is a case number "ÅÅÅÅ/N". */
int journal_is_case_number(const char *s);

/* What the search index holds of an entry: its words, and the names of natural persons. */
typedef struct {
    char *words, *names; /* in the arena */
} journal_index_text;

/* From the public form of an entry and the names staff tagged in its title (NULL-terminated):
 * person parties' names and tagged names go to names, and are cut out of the words. */
void journal_index_text_make(arena *a, const archive_entry_public *pe, const char *const *tagged,
                             journal_index_text *out);

/* journal_public_entry_get() without asking whether the entry is published: for hits of a search,
 * whose query has just asked that. */
int journal_public_form(db *d, arena *a, int64_t entry_id, journal_public_entry *out);
/* The same for n entries in a few queries, in the order of ids; those not found or notes are
 * left out. *count is the number in out (room for n). */
int journal_public_forms(db *d, arena *a, const int64_t *ids, size_t n, journal_public_entry *out,
                         size_t *count);

/* ---- journal_db.c ---- */

/* 1 when the entry is published now (assessed, in the index, no stop covers it), 0 when not. */
int journal_db_published(db *d, int64_t entry_id);
/* 1 when assessed, 0 when not. */
int journal_db_assessed(db *d, int64_t entry_id);
int journal_db_assessment_add(db *d, int64_t entry_id, const char *date, int64_t at,
                              const char *by);
int journal_db_name_add(db *d, int64_t entry_id, const char *name);
/* The tagged names of an entry, NULL-terminated, in the arena. */
int journal_db_names(db *d, arena *a, int64_t entry_id, const char ***out);
/* Replaces the entry's row in the search index. */
int journal_db_index_put(db *d, const archive_entry_public *pe, const journal_index_text *t);

/* The case file (scope case file) or entry (scope entry) a target names, among published
 * entries: 0 and *id, or JOURNAL_ERR_NOT_PUBLIC. */
int journal_db_stop_target(db *d, journal_stop_scope scope, const char *case_number,
                           int64_t entry_no, int64_t *id);
int journal_db_stop_add(db *d, const char *scope, int64_t target_id, const char *target_text,
                        int64_t at, const char *by);
/* Rows changed (1, or 0 when no active stop has that id), or a db code. */
int64_t journal_db_stop_lift(db *d, int64_t stop_id, int64_t at, const char *by);

/* The journal's order in one integer: YYYYMMDD << 32 | entry id (ids stay below 2^32). The
 * first and last key of a day ("YYYY-MM-DD", already checked). */
int64_t journal_sort_key(const char *ymd, int64_t entry_id);
int64_t journal_day_first_key(const char *ymd);
int64_t journal_day_last_key(const char *ymd);

/* One hit of a page: the entry and its sort key (the next page's cursor). */
typedef struct {
    int64_t id, sort_key;
} journal_hit_key;

typedef struct {
    const journal_terms *terms;
    const char *sqlite_words, *sqlite_all; /* FTS5 queries (SQLite) */
    const char *pg_text;                   /* the terms for plainto_tsquery (PostgreSQL) */
    int64_t names_from;                    /* names match only from this key on (a year ago) */
    int64_t lo, hi;                        /* the date filters as a key range */
    const char *type, *case_number;        /* "" for any */
    int64_t before;                        /* the cursor: only keys below it */
} journal_db_search_args;

int journal_db_search(db *d, const journal_db_search_args *s, journal_hit_key *keys, size_t limit,
                      size_t *count);

/* The ids of the entries published now with a journal date from..to, oldest first; *ids is
 * malloc'd. */
int journal_db_published_ids(db *d, const char *from, const char *to, int64_t **ids, size_t *n);

#endif
