/* Writing units and roles. Units arrive one at a time from the importer and are written a
 * batch at a time with multi-row statements: on PostgreSQL a statement per unit would spend
 * the import in network round trips. */
#include "org/org_db.h"

#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/strbuf.h"
#include "org/org.h"

enum {
    BATCH = 256,         /* units per batch; a power of two (see chunk sizes below) */
    ORG_COLUMNS = 11,
    WORD_COLUMNS = 5,
    SLOTS = 1024,        /* hash slots for finding a batch's units by number */
};

typedef struct pending {
    char orgnr[10];
    const char *name, *legal_form, *city, *parent_orgnr, *deleted_on;
    int bankrupt, liquidating, status;
    char *norm;
    int existed, old_status;
    char *old_norm;
} pending;

typedef struct word_row {
    int status, name_len;
    const char *word, *orgnr, *norm;
} word_row;

struct org_writer {
    db *d;
    arena *batch_arena;
    pending units[BATCH];
    size_t count;
    int slot[SLOTS]; /* index + 1 into units, 0 for empty */
    word_row *words;
    size_t word_count, word_cap;
    char *upsert_sql[BATCH + 1]; /* by row count; only powers of two are made */
    char *word_sql[BATCH + 1];
    char *lookup_sql;
    int64_t now;
};

static unsigned slot_of(const char *orgnr)
{
    unsigned h = 2166136261u;
    for (const char *p = orgnr; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
    return h % SLOTS;
}

static pending *batch_find(org_writer *w, const char *orgnr)
{
    for (unsigned i = slot_of(orgnr);; i = (i + 1) % SLOTS) {
        if (!w->slot[i]) return NULL;
        pending *p = &w->units[w->slot[i] - 1];
        if (!strcmp(p->orgnr, orgnr)) return p;
    }
}

static void batch_remember(org_writer *w, size_t index)
{
    unsigned i = slot_of(w->units[index].orgnr);
    while (w->slot[i]) i = (i + 1) % SLOTS;
    w->slot[i] = (int)index + 1;
}

/* "(…), (…)" with numbered placeholders for rows × columns. */
static void values_append(strbuf *b, size_t rows, size_t columns)
{
    int n = 1;
    for (size_t r = 0; r < rows; r++) {
        strbuf_puts(b, r ? ", (" : "(");
        for (size_t c = 0; c < columns; c++) strbuf_printf(b, "%s$%d", c ? ", " : "", n++);
        strbuf_putc(b, ')');
    }
}

static const char *upsert_sql(org_writer *w, size_t rows)
{
    if (w->upsert_sql[rows]) return w->upsert_sql[rows];
    strbuf b = STRBUF_INIT;
    strbuf_puts(&b, "INSERT INTO organisation (orgnr, name, name_norm, legal_form, city, "
                    "parent_orgnr, bankrupt, liquidating, deleted_on, status, updated_at) VALUES ");
    values_append(&b, rows, ORG_COLUMNS);
    strbuf_puts(&b, " ON CONFLICT (orgnr) DO UPDATE SET name = excluded.name, "
                    "name_norm = excluded.name_norm, legal_form = excluded.legal_form, "
                    "city = excluded.city, parent_orgnr = excluded.parent_orgnr, "
                    "bankrupt = excluded.bankrupt, liquidating = excluded.liquidating, "
                    "deleted_on = excluded.deleted_on, status = excluded.status, "
                    "updated_at = excluded.updated_at");
    return w->upsert_sql[rows] = strbuf_take(&b);
}

static const char *word_sql(org_writer *w, size_t rows)
{
    if (w->word_sql[rows]) return w->word_sql[rows];
    strbuf b = STRBUF_INIT;
    strbuf_puts(&b, "INSERT INTO organisation_word (status, word, name_len, orgnr, name_norm) VALUES ");
    values_append(&b, rows, WORD_COLUMNS);
    strbuf_puts(&b, " ON CONFLICT DO NOTHING");
    return w->word_sql[rows] = strbuf_take(&b);
}

org_writer *org_writer_new(db *d)
{
    org_writer *w = calloc(1, sizeof *w);
    if (!w) abort();
    w->d = d;
    w->batch_arena = arena_new();
    w->now = clock_now();
    strbuf b = STRBUF_INIT;
    strbuf_puts(&b, "SELECT orgnr, name_norm, status FROM organisation WHERE orgnr IN (");
    for (int i = 1; i <= BATCH; i++) strbuf_printf(&b, "%s$%d", i > 1 ? ", " : "", i);
    strbuf_putc(&b, ')');
    w->lookup_sql = strbuf_take(&b);
    return w;
}

void org_writer_free(org_writer *w)
{
    if (!w) return;
    for (size_t i = 0; i <= BATCH; i++) {
        free(w->upsert_sql[i]);
        free(w->word_sql[i]);
    }
    free(w->lookup_sql);
    free(w->words);
    arena_free(w->batch_arena);
    free(w);
}

static const char *copy_or_null(arena *a, const char *s)
{
    return s && *s ? arena_strdup(a, s) : NULL;
}

int org_writer_add(org_writer *w, const org_unit *u)
{
    /* A unit twice in one batch would make PostgreSQL refuse the upsert: the later one wins,
     * as it would one batch later. */
    if (batch_find(w, u->orgnr)) {
        int rc = org_writer_flush(w);
        if (rc < 0) return rc;
    }
    pending *p = &w->units[w->count];
    memset(p, 0, sizeof *p);
    arena *a = w->batch_arena;
    snprintf(p->orgnr, sizeof p->orgnr, "%s", u->orgnr);
    char name[ORG_NAME_MAX + 1];
    snprintf(name, sizeof name, "%s", u->name ? u->name : "");
    p->name = arena_strdup(a, name);
    p->legal_form = copy_or_null(a, u->legal_form);
    p->city = copy_or_null(a, u->city);
    p->parent_orgnr = copy_or_null(a, u->parent_orgnr);
    p->deleted_on = copy_or_null(a, u->deleted_on);
    p->bankrupt = u->bankrupt != 0;
    p->liquidating = u->liquidating != 0;
    p->status = p->bankrupt || p->liquidating || p->deleted_on ? 1 : 0;
    char norm[ORG_NORM_MAX];
    org_name_normalise(p->name, norm, sizeof norm, true);
    p->norm = arena_strdup(a, norm);
    batch_remember(w, w->count);
    if (++w->count == BATCH) return org_writer_flush(w);
    return DB_OK;
}

static int batch_lookup_old(org_writer *w)
{
    db_stmt *s = db_prepare(w->d, w->lookup_sql);
    if (!s) return DB_ERR;
    for (size_t i = 0; i < BATCH; i++) /* unused places repeat the first number */
        db_bind_text(s, (int)i + 1, w->units[i < w->count ? i : 0].orgnr);
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        pending *p = batch_find(w, db_col_text(s, 0));
        if (!p) continue;
        p->existed = 1;
        p->old_norm = arena_strdup(w->batch_arena, db_col_text(s, 1));
        p->old_status = (int)db_col_int(s, 2);
    }
    return rc == DB_DONE ? DB_OK : rc;
}

static int words_changed(const pending *p)
{
    return !p->existed || p->old_status != p->status || strcmp(p->old_norm, p->norm) != 0;
}

static int unit_words_delete_old(org_writer *w, pending *p)
{
    const char *words[ORG_WORDS_MAX];
    size_t len = strlen(p->old_norm);
    size_t n = org_name_words(p->old_norm, words, ORG_WORDS_MAX);
    for (size_t i = 0; i < n; i++) {
        int rc = db_run(w->d, "DELETE FROM organisation_word WHERE status = $1 AND word = $2 "
                              "AND name_len = $3 AND orgnr = $4",
                        "itit", (int64_t)p->old_status, words[i], (int64_t)len, p->orgnr);
        if (rc < 0) return rc;
    }
    return DB_OK;
}

static void words_collect(org_writer *w, pending *p)
{
    char *copy = arena_strdup(w->batch_arena, p->norm);
    const char *words[ORG_WORDS_MAX];
    size_t n = org_name_words(copy, words, ORG_WORDS_MAX);
    for (size_t i = 0; i < n; i++) {
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++) seen = !strcmp(words[i], words[j]);
        if (seen) continue;
        if (w->word_count == w->word_cap) {
            w->word_cap = w->word_cap ? w->word_cap * 2 : 1024;
            w->words = realloc(w->words, w->word_cap * sizeof *w->words);
            if (!w->words) abort();
        }
        w->words[w->word_count++] = (word_row){p->status, (int)strlen(p->norm), words[i], p->orgnr, p->norm};
    }
}

/* Writes rows [from, from+rows) with one statement; rows is a power of two up to BATCH. */
static int units_upsert(org_writer *w, size_t from, size_t rows)
{
    db_stmt *s = db_prepare(w->d, upsert_sql(w, rows));
    if (!s) return DB_ERR;
    int n = 1;
    for (size_t i = from; i < from + rows; i++) {
        const pending *p = &w->units[i];
        db_bind_text(s, n++, p->orgnr);
        db_bind_text(s, n++, p->name);
        db_bind_text(s, n++, p->norm);
        db_bind_text(s, n++, p->legal_form);
        db_bind_text(s, n++, p->city);
        db_bind_text(s, n++, p->parent_orgnr);
        db_bind_int(s, n++, p->bankrupt);
        db_bind_int(s, n++, p->liquidating);
        db_bind_text(s, n++, p->deleted_on);
        db_bind_int(s, n++, p->status);
        db_bind_int(s, n++, w->now);
    }
    int rc = db_step(s);
    return rc == DB_DONE ? DB_OK : rc;
}

static int words_insert(org_writer *w, size_t from, size_t rows)
{
    db_stmt *s = db_prepare(w->d, word_sql(w, rows));
    if (!s) return DB_ERR;
    int n = 1;
    for (size_t i = from; i < from + rows; i++) {
        const word_row *r = &w->words[i];
        db_bind_int(s, n++, r->status);
        db_bind_text(s, n++, r->word);
        db_bind_int(s, n++, r->name_len);
        db_bind_text(s, n++, r->orgnr);
        db_bind_text(s, n++, r->norm);
    }
    int rc = db_step(s);
    return rc == DB_DONE ? DB_OK : rc;
}

/* Runs write(from, rows) over [0, total) in chunks whose sizes are powers of two, so only a
 * handful of statement texts are ever prepared. */
static int in_chunks(org_writer *w, size_t total, int (*write)(org_writer *, size_t, size_t))
{
    size_t done = 0;
    while (done < total) {
        size_t rows = BATCH;
        while (rows > total - done) rows /= 2;
        int rc = write(w, done, rows);
        if (rc < 0) return rc;
        done += rows;
    }
    return DB_OK;
}

int org_writer_flush(org_writer *w)
{
    if (w->count == 0) return DB_OK;
    int rc = batch_lookup_old(w);
    w->word_count = 0;
    for (size_t i = 0; rc == DB_OK && i < w->count; i++) {
        pending *p = &w->units[i];
        if (!words_changed(p)) continue;
        if (p->existed) rc = unit_words_delete_old(w, p);
        words_collect(w, p);
    }
    if (rc == DB_OK) rc = in_chunks(w, w->count, units_upsert);
    if (rc == DB_OK) rc = in_chunks(w, w->word_count, words_insert);
    w->count = 0;
    w->word_count = 0;
    memset(w->slot, 0, sizeof w->slot);
    arena_free(w->batch_arena);
    w->batch_arena = arena_new();
    return rc;
}

int org_roles_replace(db *d, const char *orgnr, const org_role *roles, size_t count)
{
    int rc = db_run(d, "DELETE FROM organisation_role WHERE orgnr = $1", "t", orgnr);
    for (size_t i = 0; rc >= 0 && i < count; i++) {
        const org_role *r = &roles[i];
        rc = db_run(d,
                    "INSERT INTO organisation_role (orgnr, group_code, role_code, person_name, "
                    "birth_date, unit_orgnr, resigned, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    "ttttttii", orgnr, r->group_code, r->role_code, r->person_name, r->birth_date,
                    r->unit_orgnr, (int64_t)(r->resigned != 0), (int64_t)i);
    }
    return rc < 0 ? rc : DB_OK;
}

int org_name_copy(db *d, const char *orgnr, char *name, size_t len)
{
    db_stmt *s = db_prepare(d, "SELECT name FROM organisation WHERE orgnr = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, orgnr);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) utf8_copy(name, len, db_col_text(s, 0));
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

void org_db_import_prepare(db *d)
{
    if (db_engine_of(d) == DB_POSTGRES) {
        /* The commit must be on disk before VACUUM can mark the new rows visible to all (and
         * before the import says it is done), whatever the server's default is. */
        db_exec(d, "SET synchronous_commit = on");
        return;
    }
    /* Only this connection, and only for the import: after a crash the import is simply run
     * again (it is idempotent), so it need not wait for the disk at every commit; WAL keeps the
     * database itself consistent either way. A large page cache holds the indexes being filled,
     * and statement journals in memory keep each multi-row upsert's undo copy off the disk (the
     * transaction's own rollback still goes through the WAL). */
    db_exec(d, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -1048576; "
               "PRAGMA temp_store = MEMORY");
}

int org_db_import_analyse(db *d)
{
    /* Fresh statistics for the planner, and on PostgreSQL a visibility map that lets the word
     * scan read the index alone. */
    return db_engine_of(d) == DB_POSTGRES
               ? db_exec(d, "VACUUM (ANALYZE) organisation, organisation_word")
               : db_exec(d, "PRAGMA optimize");
}
