/* The engine-independent half of the database API: opening by URL, the per-connection
 * statement cache, the step state machine that makes both engines behave alike, and
 * db_run(). */
#include "db/db_internal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Failures of every connection in the process, for the metrics: one counter, updated from
 * any thread. */
static atomic_uint_fast64_t failures;

static int counted(int rc)
{
    if (rc < 0) atomic_fetch_add_explicit(&failures, 1, memory_order_relaxed);
    return rc;
}

uint64_t db_failure_count(void)
{
    return (uint64_t)atomic_load_explicit(&failures, memory_order_relaxed);
}

void db_base_init(db *d, const db_ops *ops, db_engine engine)
{
    d->ops = ops;
    d->engine = engine;
    d->buckets = NULL;
    d->bucket_count = 0;
    d->stmt_count = 0;
    d->errmsg[0] = '\0';
    db_before_commit_clear(d);
}

void db_set_error(db *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->errmsg, sizeof d->errmsg, fmt, ap);
    va_end(ap);
    d->last_error = DB_ERR;
}

static int has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int db_open(const char *url, db **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!url || !*url) {
        snprintf(err, errlen, "kan ikke åpne databasen: ingen databaseadresse er satt");
        return DB_ERR_CONNECT;
    }
    if (has_prefix(url, "sqlite:"))
        return counted(db_sqlite_open(url + strlen("sqlite:"), out, err, errlen));
    if (has_prefix(url, "postgresql://") || has_prefix(url, "postgres://"))
        return counted(db_pg_open(url, out, err, errlen));
    /* The URL may hold a password, so only its scheme goes into the message. */
    int scheme_len = (int)strcspn(url, ":");
    snprintf(err, errlen,
             "kan ikke åpne databasen: ukjent type databaseadresse «%.*s» "
             "(bruk sqlite:STI eller postgresql://…)",
             scheme_len > 40 ? 40 : scheme_len, url);
    return DB_ERR_CONNECT;
}

void db_close(db *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->bucket_count; i++) {
        db_stmt *s = d->buckets[i];
        while (s) {
            db_stmt *next = s->next_in_bucket;
            free(s->sql);
            d->ops->stmt_free(s);
            s = next;
        }
    }
    free(d->buckets);
    d->ops->close(d);
}

db_engine db_engine_of(const db *d)
{
    return d->engine;
}

const char *db_errmsg(const db *d)
{
    return d->errmsg[0] ? d->errmsg : "ingen feil";
}

int db_exec(db *d, const char *sql)
{
    return counted(d->ops->exec(d, sql));
}

/* A statement left mid-read holds an SQLite read snapshot, which would make the write lock
 * of a following transaction wait and fail: transactions start from finished statements. */
static void db_reset_all(db *d)
{
    for (size_t b = 0; b < d->bucket_count; b++)
        for (db_stmt *s = d->buckets[b]; s; s = s->next_in_bucket) db_reset(s);
}

int db_begin(db *d)
{
    db_reset_all(d);
    /* SQLite needs IMMEDIATE: a deferred transaction that reads first and writes later can
     * fail half-way when another connection wrote in between. */
    return counted(d->ops->exec(d, d->engine == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN"));
}

void db_before_commit(db *d, db_commit_step step, void *ctx)
{
    d->before_commit = step;
    d->before_commit_ctx = ctx;
}

void db_before_commit_clear(db *d)
{
    db_before_commit(d, NULL, NULL);
}

int db_commit(db *d)
{
    db_commit_step step = d->before_commit;
    void *ctx = d->before_commit_ctx;
    db_before_commit_clear(d);
    int rc = step ? step(d, ctx) : DB_OK;
    if (rc < 0) return rc;
    return counted(d->ops->exec(d, "COMMIT"));
}

int db_rollback(db *d)
{
    db_before_commit_clear(d);
    return counted(d->ops->exec(d, "ROLLBACK"));
}

int db_finish(db *d, int rc)
{
    if (rc >= 0) {
        int c = db_commit(d);
        if (c == DB_OK) return rc;
        rc = c;
    }
    db_rollback(d);
    return rc;
}

/* ---- statement cache: a chained hash table keyed by the SQL text ---- */

static uint64_t sql_hash(const char *sql)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++) {
        h ^= *p;
        h *= 1099511628211u;
    }
    return h;
}

static db_stmt *cache_find(db *d, const char *sql, uint64_t hash)
{
    if (!d->bucket_count) return NULL;
    for (db_stmt *s = d->buckets[hash & (d->bucket_count - 1)]; s; s = s->next_in_bucket)
        if (s->hash == hash && strcmp(s->sql, sql) == 0) return s;
    return NULL;
}

static void cache_grow(db *d)
{
    size_t count = d->bucket_count ? d->bucket_count * 2 : 32;
    db_stmt **buckets = calloc(count, sizeof *buckets);
    if (!buckets) abort();
    for (size_t i = 0; i < d->bucket_count; i++) {
        db_stmt *s = d->buckets[i];
        while (s) {
            db_stmt *next = s->next_in_bucket;
            s->next_in_bucket = buckets[s->hash & (count - 1)];
            buckets[s->hash & (count - 1)] = s;
            s = next;
        }
    }
    free(d->buckets);
    d->buckets = buckets;
    d->bucket_count = count;
}

static void cache_insert(db *d, db_stmt *s)
{
    if (d->stmt_count >= d->bucket_count) cache_grow(d);
    size_t b = s->hash & (d->bucket_count - 1);
    s->next_in_bucket = d->buckets[b];
    d->buckets[b] = s;
    d->stmt_count++;
}

db_stmt *db_prepare(db *d, const char *sql)
{
    uint64_t hash = sql_hash(sql);
    db_stmt *s = cache_find(d, sql, hash);
    if (s) {
        db_reset(s);
        d->ops->stmt_clear_bindings(s);
        return s;
    }
    s = d->ops->stmt_new(d, sql);
    if (!s) {
        counted(DB_ERR);
        return NULL;
    }
    s->owner = d;
    s->sql = strdup(sql);
    if (!s->sql) abort();
    s->hash = hash;
    s->state = DB_STMT_FRESH;
    s->last_rc = DB_DONE;
    cache_insert(d, s);
    return s;
}

/* ---- binding ---- */

/* Binding while rows are being read would mix two executions: the caller must db_reset()
 * or db_prepare() first. A finished statement is simply made ready to run again. */
static int bind_allowed(db_stmt *s, int idx)
{
    if (s->state == DB_STMT_FINISHED) db_reset(s);
    if (s->state != DB_STMT_FRESH) {
        db_set_error(s->owner, "kan ikke binde $%d etter at setningen er kjørt", idx);
        return 0;
    }
    return 1;
}

int db_bind_int(db_stmt *s, int idx, int64_t v)
{
    return bind_allowed(s, idx) ? s->owner->ops->bind_int(s, idx, v) : DB_ERR;
}

int db_bind_text(db_stmt *s, int idx, const char *v)
{
    if (!v) return db_bind_null(s, idx);
    return db_bind_textn(s, idx, v, strlen(v));
}

int db_bind_textn(db_stmt *s, int idx, const char *v, size_t len)
{
    if (!v) return db_bind_null(s, idx);
    return bind_allowed(s, idx) ? s->owner->ops->bind_text(s, idx, v, len) : DB_ERR;
}

int db_bind_blob(db_stmt *s, int idx, const void *v, size_t len)
{
    if (!v) return db_bind_null(s, idx);
    return bind_allowed(s, idx) ? s->owner->ops->bind_blob(s, idx, v, len) : DB_ERR;
}

int db_bind_null(db_stmt *s, int idx)
{
    return bind_allowed(s, idx) ? s->owner->ops->bind_null(s, idx) : DB_ERR;
}

/* ---- stepping and columns ---- */

int db_step(db_stmt *s)
{
    /* Once finished, a statement keeps answering the same way instead of running again:
     * an accidental extra db_step() must never repeat an INSERT. */
    if (s->state == DB_STMT_FINISHED) return s->last_rc;
    s->state = DB_STMT_RUNNING;
    int rc = counted(s->owner->ops->step(s));
    if (rc != DB_ROW) {
        s->state = DB_STMT_FINISHED;
        s->last_rc = rc;
    }
    return rc;
}

int db_column_count(db_stmt *s)
{
    return s->owner->ops->column_count(s);
}

static int column_readable(db_stmt *s, int col)
{
    return s->state == DB_STMT_RUNNING && col >= 0 && col < db_column_count(s);
}

int db_col_is_null(db_stmt *s, int col)
{
    return column_readable(s, col) ? s->owner->ops->col_is_null(s, col) : 1;
}

int64_t db_col_int(db_stmt *s, int col)
{
    return column_readable(s, col) ? s->owner->ops->col_int(s, col) : 0;
}

const char *db_col_text(db_stmt *s, int col)
{
    return column_readable(s, col) ? s->owner->ops->col_text(s, col) : NULL;
}

const void *db_col_blob(db_stmt *s, int col, size_t *len)
{
    *len = 0;
    return column_readable(s, col) ? s->owner->ops->col_blob(s, col, len) : NULL;
}

int64_t db_changes(db_stmt *s)
{
    return s->owner->ops->changes(s);
}

void db_reset(db_stmt *s)
{
    if (s->state == DB_STMT_FRESH) return;
    s->owner->ops->stmt_reset(s);
    s->state = DB_STMT_FRESH;
    s->last_rc = DB_DONE;
}

/* ---- convenience ---- */

static int bind_varargs(db_stmt *s, const char *types, va_list ap)
{
    for (int i = 0; types[i]; i++) {
        int rc;
        switch (types[i]) {
        case 'i':
            rc = db_bind_int(s, i + 1, va_arg(ap, int64_t));
            break;
        case 't':
            rc = db_bind_text(s, i + 1, va_arg(ap, const char *));
            break;
        case 'n':
            rc = db_bind_null(s, i + 1);
            break;
        default:
            db_set_error(s->owner, "db_run: ukjent parametertype «%c»", types[i]);
            return DB_ERR;
        }
        if (rc != DB_OK) return rc;
    }
    return DB_OK;
}

/* Prepares sql and binds the arguments by types; *rc is DB_OK or the failure. */
static db_stmt *prepare_bound(db *d, const char *sql, const char *types, va_list ap, int *rc)
{
    db_stmt *s = db_prepare(d, sql);
    if (!s) {
        *rc = d->last_error < 0 ? d->last_error : DB_ERR;
        return NULL;
    }
    *rc = bind_varargs(s, types ? types : "", ap);
    return s;
}

int db_run(db *d, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc;
    db_stmt *s = prepare_bound(d, sql, types, ap, &rc);
    va_end(ap);
    if (rc != DB_OK) return rc;
    rc = db_step(s);
    /* A statement that returned a row would otherwise stay open (on SQLite holding its read
     * snapshot) until its next use: the caller cannot read the row, so it is closed here. */
    if (rc == DB_ROW) {
        db_reset(s);
        return DB_ROW;
    }
    if (rc == DB_DONE) return DB_OK;
    return rc;
}

db_stmt *db_prepare_bind(db *d, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc;
    db_stmt *s = prepare_bound(d, sql, types, ap, &rc);
    va_end(ap);
    if (s && rc != DB_OK) {
        db_reset(s);
        return NULL;
    }
    return s;
}

int64_t db_step_changes(db_stmt *s, int rc)
{
    if (rc == DB_OK) rc = db_step(s);
    int64_t changed = rc == DB_DONE ? db_changes(s) : 0;
    db_reset(s);
    return rc < 0 ? rc : rc == DB_DONE ? changed : DB_ERR;
}

int64_t db_run_changes(db *d, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc;
    db_stmt *s = prepare_bound(d, sql, types, ap, &rc);
    va_end(ap);
    if (!s) return rc;
    return db_step_changes(s, rc);
}

int db_ping(db *d)
{
    db_stmt *s = db_prepare(d, "SELECT 1");
    int rc = s ? db_step(s) : DB_ERR;
    if (s) db_reset(s);
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}
