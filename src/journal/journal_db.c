/* The public journal's tables: assessments, tagged names, stops of publication, and the search
 * index (FTS5 on SQLite, tsvector columns with GIN indexes on PostgreSQL). */
#include "journal/journal_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* No active stop covers the index row i: not the whole journal, its case file or itself. */
#define JOURNAL_NOT_STOPPED                                                                        \
    " NOT EXISTS (SELECT 1 FROM journal_stop s WHERE s.lifted_at IS NULL AND "                     \
    "(s.scope = 'journal' OR (s.scope = 'saksmappe' AND s.target_id = i.case_file_id) OR "         \
    "(s.scope = 'journalpost' AND s.target_id = i.entry_id)))"

static int one_or_zero(db_stmt *s, int rc)
{
    if (rc == DB_OK) rc = db_step(s);
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

int journal_db_published(db *d, int64_t entry_id)
{
    db_stmt *s = db_prepare(d, "SELECT 1 FROM journal_index i WHERE i.entry_id = $1 AND"
                               JOURNAL_NOT_STOPPED);
    return s ? one_or_zero(s, db_bind_int(s, 1, entry_id)) : DB_ERR;
}

int journal_stopped_all(db *d)
{
    db_stmt *s = db_prepare(d, "SELECT 1 FROM journal_stop WHERE scope = 'journal' AND "
                               "target_id = 0 AND lifted_at IS NULL");
    return s ? one_or_zero(s, DB_OK) : DB_ERR;
}

int journal_db_assessed(db *d, int64_t entry_id)
{
    db_stmt *s = db_prepare(d, "SELECT 1 FROM journal_assessment WHERE entry_id = $1");
    return s ? one_or_zero(s, db_bind_int(s, 1, entry_id)) : DB_ERR;
}

int journal_db_assessment_add(db *d, int64_t entry_id, const char *date, int64_t at,
                              const char *by)
{
    return db_run(d, "INSERT INTO journal_assessment (entry_id, assessed_date, assessed_at, "
                     "assessed_by) VALUES ($1, $2, $3, $4)",
                  "itit", entry_id, date, at, by);
}

int journal_db_name_add(db *d, int64_t entry_id, const char *name)
{
    return db_run(d, "INSERT INTO journal_name (entry_id, name) VALUES ($1, $2) "
                     "ON CONFLICT DO NOTHING",
                  "it", entry_id, name);
}

int journal_db_names(db *d, arena *a, int64_t entry_id, const char ***out)
{
    const char **names = arena_alloc(a, (JOURNAL_MAX_NAMES + 1) * sizeof *names);
    size_t n = 0;
    db_stmt *s = db_prepare(d, "SELECT name FROM journal_name WHERE entry_id = $1 ORDER BY name");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, entry_id);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        if (n < JOURNAL_MAX_NAMES) names[n++] = arena_strdup(a, db_col_text(s, 0));
        rc = DB_OK;
    }
    db_reset(s);
    names[n] = NULL;
    *out = names;
    return rc == DB_DONE ? DB_OK : rc;
}

int journal_db_index_put(db *d, const archive_entry_public *pe, const journal_index_text *t)
{
    if (pe->id < 0 || pe->id > 0xffffffff) return DB_ERR; /* outside the sort key's 32 bits */
    int64_t key = journal_sort_key(pe->registry_date, pe->id);
    int rc = db_run(d, "DELETE FROM journal_index WHERE entry_id = $1", "i", pe->id);
    if (rc == DB_OK)
        rc = db_run(d, "INSERT INTO journal_index (entry_id, case_file_id, case_number, entry_no, "
                       "entry_type, registry_date, sort_key, words, names) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    "iitittitt", pe->id, pe->case_file_id, pe->case_number, pe->number,
                    pe->type, pe->registry_date, key, t->words, t->names);
    if (rc == DB_OK && db_engine_of(d) == DB_SQLITE) {
        rc = db_run(d, "DELETE FROM journal_fts WHERE rowid = $1", "i", key);
        if (rc == DB_OK)
            rc = db_run(d, "INSERT INTO journal_fts (rowid, words, names) VALUES ($1, $2, $3)",
                        "itt", key, t->words, t->names);
    }
    return rc;
}

int journal_db_stop_target(db *d, journal_stop_scope scope, const char *case_number,
                           int64_t entry_no, int64_t *id)
{
    db_stmt *s = db_prepare(d, scope == JOURNAL_STOP_CASE_FILE
                                   ? "SELECT case_file_id FROM journal_index WHERE "
                                     "case_number = $1 LIMIT 1"
                                   : "SELECT entry_id FROM journal_index WHERE "
                                     "case_number = $1 AND entry_no = $2");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, case_number);
    if (rc == DB_OK && scope == JOURNAL_STOP_ENTRY) rc = db_bind_int(s, 2, entry_no);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *id = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? JOURNAL_ERR_NOT_PUBLIC : rc;
}

int journal_db_stop_add(db *d, const char *scope, int64_t target_id, const char *target_text,
                        int64_t at, const char *by)
{
    return db_run(d, "INSERT INTO journal_stop (scope, target_id, target_text, stopped_at, "
                     "stopped_by) VALUES ($1, $2, $3, $4, $5)",
                  "titit", scope, target_id, target_text, at, by);
}

int64_t journal_db_stop_lift(db *d, int64_t stop_id, int64_t at, const char *by)
{
    return db_run_changes(d, "UPDATE journal_stop SET lifted_at = $1, lifted_by = $2 "
                             "WHERE id = $3 AND lifted_at IS NULL",
                          "iti", at, by, stop_id);
}

/* The filters every search shares, on the index row i: $1..$2 the key range of the dates, $3
 * the cursor (keys below it), $4 the type ('' for both), $5 the case number ('' for any). */
#define JOURNAL_FILTERS                                                                            \
    " AND i.sort_key >= $1 AND i.sort_key <= $2 AND i.sort_key < $3"                               \
    " AND ($4 = '' OR i.entry_type = $4) AND ($5 = '' OR i.case_number = $5) AND"                  \
    JOURNAL_NOT_STOPPED

/* Runs a search statement whose $1..$5 are the filters and $6 the limit, after binding text to
 * $7 when it is given, and appends its hits to keys. */
static int run_search(db_stmt *s, const journal_db_search_args *a, int64_t lo, const char *text,
                      journal_hit_key *keys, size_t limit, size_t *count)
{
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, lo);
    if (rc == DB_OK) rc = db_bind_int(s, 2, a->hi);
    if (rc == DB_OK) rc = db_bind_int(s, 3, a->before);
    if (rc == DB_OK) rc = db_bind_text(s, 4, a->type);
    if (rc == DB_OK) rc = db_bind_text(s, 5, a->case_number);
    if (rc == DB_OK) rc = db_bind_int(s, 6, (int64_t)limit);
    if (rc == DB_OK && text) rc = db_bind_text(s, 7, text);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        if (*count < 2 * limit) {
            keys[*count].id = db_col_int(s, 0);
            keys[*count].sort_key = db_col_int(s, 1);
            (*count)++;
        }
        rc = DB_OK;
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

static int by_key_descending(const void *x, const void *y)
{
    const journal_hit_key *a = x, *b = y;
    return a->sort_key < b->sort_key ? 1 : a->sort_key > b->sort_key ? -1 : 0;
}

/* SQLite: FTS5 gives the hits in rowid (= sort key) order, newest first, and stops at the limit,
 * however common the words. Words match every entry; words or names only entries newer than a
 * year: two such walks, merged here. */
static int search_sqlite(db *d, const journal_db_search_args *a, journal_hit_key *keys,
                         size_t limit, size_t *count)
{
#define FTS_SEARCH                                                                                 \
    "SELECT i.entry_id, f.rowid FROM journal_fts f JOIN journal_index i ON i.sort_key = f.rowid "  \
    "WHERE journal_fts MATCH $7 AND f.rowid >= $1 AND f.rowid <= $2 AND f.rowid < $3"             \
    JOURNAL_FILTERS " ORDER BY f.rowid DESC LIMIT $6"
    int rc = run_search(db_prepare(d, FTS_SEARCH), a, a->lo, a->sqlite_words, keys, limit, count);
    int64_t lo = a->lo > a->names_from ? a->lo : a->names_from;
    if (rc == DB_OK && lo <= a->hi)
        rc = run_search(db_prepare(d, FTS_SEARCH), a, lo, a->sqlite_all, keys, limit, count);
#undef FTS_SEARCH
    if (rc != DB_OK) return rc;
    qsort(keys, *count, sizeof *keys, by_key_descending);
    size_t n = 0;
    for (size_t i = 0; i < *count; i++)
        if (!n || keys[n - 1].sort_key != keys[i].sort_key) keys[n++] = keys[i];
    *count = n < limit ? n : limit;
    return DB_OK;
}

static int search(db *d, const journal_db_search_args *a, journal_hit_key *keys, size_t limit,
                  size_t *count)
{
    /* A case has few entries: start from them (the case index is in key order) and test the
     * words on each, rather than walk the whole journal for a case's entries. */
    if (*a->case_number) {
        if (!a->terms->count)
            return run_search(db_prepare(d, "SELECT i.entry_id, i.sort_key FROM journal_index i "
                                            "WHERE i.case_number = $5" JOURNAL_FILTERS
                                            " ORDER BY i.sort_key DESC LIMIT $6"),
                              a, a->lo, NULL, keys, limit, count);
        if (db_engine_of(d) == DB_SQLITE) {
            db_stmt *s = db_prepare(
                d, "SELECT i.entry_id, i.sort_key FROM journal_index i WHERE i.case_number = $5 "
                   "AND (EXISTS (SELECT 1 FROM journal_fts f WHERE f.rowid = i.sort_key AND "
                   "journal_fts MATCH $7) OR (i.sort_key >= $8 AND EXISTS (SELECT 1 FROM "
                   "journal_fts f WHERE f.rowid = i.sort_key AND journal_fts MATCH $9)))"
                   JOURNAL_FILTERS " ORDER BY i.sort_key DESC LIMIT $6");
            if (s && (db_bind_int(s, 8, a->names_from) != DB_OK ||
                      db_bind_text(s, 9, a->sqlite_all) != DB_OK))
                return DB_ERR;
            return run_search(s, a, a->lo, a->sqlite_words, keys, limit, count);
        }
        db_stmt *s = db_prepare(d, "SELECT i.entry_id, i.sort_key FROM journal_index i WHERE "
                                   "i.case_number = $5 AND (i.words_tsv @@ plainto_tsquery("
                                   "'simple', $7) OR (i.sort_key >= $8 AND i.all_tsv @@ "
                                   "plainto_tsquery('simple', $7)))" JOURNAL_FILTERS
                                   " ORDER BY i.sort_key DESC LIMIT $6");
        if (s && db_bind_int(s, 8, a->names_from) != DB_OK) return DB_ERR;
        return run_search(s, a, a->lo, a->pg_text, keys, limit, count);
    }
    if (!a->terms->count)
        return run_search(db_prepare(d, "SELECT i.entry_id, i.sort_key FROM journal_index i "
                                        "WHERE 1 = 1" JOURNAL_FILTERS
                                        " ORDER BY i.sort_key DESC LIMIT $6"),
                          a, a->lo, NULL, keys, limit, count);
    if (db_engine_of(d) == DB_SQLITE) return search_sqlite(d, a, keys, limit, count);
    /* PostgreSQL: the names count only in entries from names_from ($8) on. */
    db_stmt *s = db_prepare(d, "SELECT i.entry_id, i.sort_key FROM journal_index i WHERE "
                               "(i.words_tsv @@ plainto_tsquery('simple', $7) OR (i.sort_key >= $8 "
                               "AND i.all_tsv @@ plainto_tsquery('simple', $7)))" JOURNAL_FILTERS
                               " ORDER BY i.sort_key DESC LIMIT $6");
    if (s && db_bind_int(s, 8, a->names_from) != DB_OK) return DB_ERR;
    return run_search(s, a, a->lo, a->pg_text, keys, limit, count);
}

int journal_db_published_ids(db *d, const char *from, const char *to, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT i.entry_id FROM journal_index i WHERE i.registry_date >= $1 "
                               "AND i.registry_date <= $2 AND" JOURNAL_NOT_STOPPED
                               " ORDER BY i.registry_date, i.entry_id");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, from);
    if (rc == DB_OK) rc = db_bind_text(s, 2, to);
    size_t cap = 0;
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            int64_t *more = realloc(*ids, cap * sizeof *more);
            if (!more) abort();
            *ids = more;
        }
        (*ids)[(*n)++] = db_col_int(s, 0);
        rc = DB_OK;
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

int journal_db_search(db *d, const journal_db_search_args *a, journal_hit_key *keys, size_t limit,
                      size_t *count)
{
    *count = 0;
    if (db_engine_of(d) != DB_POSTGRES) return search(d, a, keys, limit, count);
    /* PostgreSQL plans a prepared statement once for all values after a few runs; the best plan
     * for a search depends on how common its words are (walk the journal backwards for a common
     * word, the GIN index for a rare one), so each search is planned for its own values. */
    int rc = db_begin(d);
    if (rc == DB_OK) rc = db_exec(d, "SET LOCAL plan_cache_mode = force_custom_plan");
    if (rc == DB_OK) rc = search(d, a, keys, limit, count);
    return db_finish(d, rc);
}
