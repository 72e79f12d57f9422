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
    int rc = db_run(d, "DELETE FROM journal_index WHERE entry_id = $1", "i", pe->id);
    if (rc == DB_OK)
        rc = db_run(d, "INSERT INTO journal_index (entry_id, case_file_id, case_number, entry_no, "
                       "entry_type, registry_date, words, names) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    "iititttt", pe->id, pe->case_file_id, pe->case_number, pe->number,
                    pe->type, pe->registry_date, t->words, t->names);
    if (rc == DB_OK && db_engine_of(d) == DB_SQLITE) {
        rc = db_run(d, "DELETE FROM journal_fts WHERE rowid = $1", "i", pe->id);
        if (rc == DB_OK)
            rc = db_run(d, "INSERT INTO journal_fts (rowid, words, names) VALUES ($1, $2, $3)",
                        "itt", pe->id, t->words, t->names);
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

/* The filters every search shares: $1 from, $2 to, $3 type ('' for both), $4 case number ('' for
 * any), $5/$6 the cursor (journal date and id of the last hit shown). */
#define JOURNAL_FILTERS                                                                            \
    " AND i.registry_date >= $1 AND i.registry_date <= $2 AND ($3 = '' OR i.entry_type = $3)"     \
    " AND ($4 = '' OR i.case_number = $4)"                                                         \
    " AND (i.registry_date < $5 OR (i.registry_date = $5 AND i.entry_id < $6)) AND"               \
    JOURNAL_NOT_STOPPED " ORDER BY i.registry_date DESC, i.entry_id DESC"

int journal_db_search(db *d, const journal_db_search_args *a, journal_hit_key *keys, size_t limit,
                      size_t *count)
{
    int pg = db_engine_of(d) == DB_POSTGRES, text = a->terms->count > 0;
    const char *sql;
    if (!text)
        sql = "SELECT i.entry_id, i.registry_date FROM journal_index i WHERE 1 = 1" JOURNAL_FILTERS
              " LIMIT $7";
    else if (pg)
        /* Words match any entry; with the names as well only entries newer than the cutoff. */
        sql = "SELECT i.entry_id, i.registry_date FROM journal_index i WHERE "
              "(i.words_tsv @@ plainto_tsquery('simple', $7) OR (i.registry_date > $8 AND "
              "i.all_tsv @@ plainto_tsquery('simple', $7)))" JOURNAL_FILTERS " LIMIT $9";
    else
        sql = "SELECT i.entry_id, i.registry_date FROM journal_index i WHERE "
              "(i.entry_id IN (SELECT rowid FROM journal_fts WHERE journal_fts MATCH $7) OR "
              "(i.registry_date > $8 AND i.entry_id IN (SELECT rowid FROM journal_fts WHERE "
              "journal_fts MATCH $9)))" JOURNAL_FILTERS " LIMIT $10";
    db_stmt *s = db_prepare(d, sql);
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, a->from);
    if (rc == DB_OK) rc = db_bind_text(s, 2, a->to);
    if (rc == DB_OK) rc = db_bind_text(s, 3, a->type);
    if (rc == DB_OK) rc = db_bind_text(s, 4, a->case_number);
    if (rc == DB_OK) rc = db_bind_text(s, 5, a->after_date);
    if (rc == DB_OK) rc = db_bind_int(s, 6, a->after_id);
    int next = 7;
    if (text && rc == DB_OK) {
        rc = db_bind_text(s, next++, pg ? a->pg_text : a->sqlite_words);
        if (rc == DB_OK) rc = db_bind_text(s, next++, a->name_cutoff);
        if (rc == DB_OK && !pg) rc = db_bind_text(s, next++, a->sqlite_all);
    }
    if (rc == DB_OK) rc = db_bind_int(s, next, (int64_t)limit);
    *count = 0;
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        keys[*count].id = db_col_int(s, 0);
        snprintf(keys[*count].registry_date, sizeof keys[*count].registry_date, "%s",
                 db_col_text(s, 1));
        (*count)++;
        rc = DB_OK;
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
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
