/* The SQLite engine. Parameters are written $1..$n as for PostgreSQL; SQLite reads "$1" as a
 * named parameter, so binding goes by name and the order of appearance does not matter.
 * SQLite's Tcl-style names swallow "::" ("$1::bigint" is one name), so SQL shared by both
 * engines writes casts as CAST($1 AS BIGINT). */
#include "db/db_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    db base;
    sqlite3 *conn;
} sqlite_db;

/* A copy of one result value, for rows of writing statements (see run_write_to_end). */
typedef struct {
    int type;
    int64_t i;
    char *bytes; /* text or blob, NUL-terminated; NULL for SQL NULL */
    size_t len;
} cell;

typedef struct {
    db_stmt base;
    sqlite3_stmt *stmt;
    int64_t changes;
    int buffered; /* rows are served from cells, the SQLite statement has finished */
    int ncols;
    cell *cells; /* nrows * ncols */
    size_t nrows, cap_rows, current;
    int *param_slots; /* param_slots[idx] is SQLite's number for $idx, made on first bind */
    int param_max;
} sqlite_stmt;

static sqlite_db *as_sdb(db *d)
{
    return (sqlite_db *)d;
}

static sqlite_stmt *as_sst(db_stmt *s)
{
    return (sqlite_stmt *)s;
}

static int map_error(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
        return DB_ERR_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return DB_ERR_BUSY;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
        return DB_ERR_CONNECT;
    default:
        return DB_ERR;
    }
}

static int fail(db *d, int rc)
{
    db_set_error(d, "%s", sqlite3_errmsg(as_sdb(d)->conn));
    d->last_error = map_error(rc);
    return d->last_error;
}

static int sqlite_exec(db *d, const char *sql)
{
    sqlite3 *conn = as_sdb(d)->conn;
    /* A failed statement can already have ended the transaction (busy, I/O error); rolling
     * back what no longer exists is then a success, not a second error. */
    if (strcmp(sql, "ROLLBACK") == 0 && sqlite3_get_autocommit(conn)) return DB_OK;
    char *msg = NULL;
    int rc = sqlite3_exec(conn, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK) return DB_OK;
    db_set_error(d, "%s", msg ? msg : sqlite3_errmsg(conn));
    sqlite3_free(msg);
    d->last_error = map_error(rc);
    return d->last_error;
}

static int only_whitespace(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == ';')
        s++;
    return *s == '\0';
}

static db_stmt *sqlite_stmt_new(db *d, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    const char *tail = NULL;
    int rc = sqlite3_prepare_v3(as_sdb(d)->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
    if (rc != SQLITE_OK) {
        fail(d, rc);
        return NULL;
    }
    if (tail && !only_whitespace(tail)) {
        sqlite3_finalize(stmt);
        db_set_error(d, "db_prepare tar bare én SQL-setning");
        return NULL;
    }
    sqlite_stmt *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->stmt = stmt;
    return &s->base;
}

static void free_cells(sqlite_stmt *ss)
{
    for (size_t i = 0; i < ss->nrows * (size_t)ss->ncols; i++)
        free(ss->cells[i].bytes);
    free(ss->cells);
    ss->cells = NULL;
    ss->nrows = ss->cap_rows = ss->current = 0;
    ss->buffered = 0;
}

static void sqlite_stmt_free(db_stmt *s)
{
    free_cells(as_sst(s));
    free(as_sst(s)->param_slots);
    sqlite3_finalize(as_sst(s)->stmt);
    free(s);
}

static void sqlite_stmt_reset(db_stmt *s)
{
    free_cells(as_sst(s));
    sqlite3_reset(as_sst(s)->stmt);
    as_sst(s)->changes = 0;
}

static void sqlite_stmt_clear_bindings(db_stmt *s)
{
    sqlite3_clear_bindings(as_sst(s)->stmt);
}

/* Makes the table from $N to SQLite's own parameter numbers. sqlite3_bind_parameter_index()
 * searches the names one by one, which makes binding a multi-row statement with thousands of
 * parameters quadratic. */
static void parameter_slots_make(sqlite_stmt *ss)
{
    int count = sqlite3_bind_parameter_count(ss->stmt);
    ss->param_max = 0;
    for (int i = 1; i <= count; i++) {
        const char *name = sqlite3_bind_parameter_name(ss->stmt, i);
        int n = name && name[0] == '$' ? atoi(name + 1) : 0;
        if (n > ss->param_max) ss->param_max = n;
    }
    ss->param_slots = calloc((size_t)ss->param_max + 1, sizeof *ss->param_slots);
    if (!ss->param_slots) abort();
    for (int i = 1; i <= count; i++) {
        const char *name = sqlite3_bind_parameter_name(ss->stmt, i);
        int n = name && name[0] == '$' ? atoi(name + 1) : 0;
        if (n > 0) ss->param_slots[n] = i;
    }
}

/* Maps $idx to SQLite's own parameter number; 0 when the SQL has no such parameter. */
static int parameter_index(db_stmt *s, int idx)
{
    sqlite_stmt *ss = as_sst(s);
    if (!ss->param_slots) parameter_slots_make(ss);
    int n = idx > 0 && idx <= ss->param_max ? ss->param_slots[idx] : 0;
    if (!n) db_set_error(s->owner, "SQL-en har ingen parameter $%d", idx);
    return n;
}

static int bind_result(db_stmt *s, int rc)
{
    return rc == SQLITE_OK ? DB_OK : fail(s->owner, rc);
}

static int sqlite_bind_int(db_stmt *s, int idx, int64_t v)
{
    int n = parameter_index(s, idx);
    return n ? bind_result(s, sqlite3_bind_int64(as_sst(s)->stmt, n, v)) : DB_ERR;
}

static int sqlite_bind_text(db_stmt *s, int idx, const char *v, size_t len)
{
    int n = parameter_index(s, idx);
    return n ? bind_result(s, sqlite3_bind_text64(as_sst(s)->stmt, n, v, len, SQLITE_TRANSIENT,
                                                  SQLITE_UTF8))
             : DB_ERR;
}

static int sqlite_bind_blob(db_stmt *s, int idx, const void *v, size_t len)
{
    int n = parameter_index(s, idx);
    return n ? bind_result(s, sqlite3_bind_blob64(as_sst(s)->stmt, n, v, len, SQLITE_TRANSIENT))
             : DB_ERR;
}

static int sqlite_bind_null(db_stmt *s, int idx)
{
    int n = parameter_index(s, idx);
    return n ? bind_result(s, sqlite3_bind_null(as_sst(s)->stmt, n)) : DB_ERR;
}

static void copy_row(sqlite_stmt *ss)
{
    if (ss->nrows == ss->cap_rows) {
        ss->cap_rows = ss->cap_rows ? ss->cap_rows * 2 : 4;
        ss->cells = realloc(ss->cells, ss->cap_rows * (size_t)ss->ncols * sizeof *ss->cells);
        if (!ss->cells) abort();
    }
    cell *row = ss->cells + ss->nrows * (size_t)ss->ncols;
    for (int c = 0; c < ss->ncols; c++) {
        cell *v = &row[c];
        v->type = sqlite3_column_type(ss->stmt, c);
        v->i = sqlite3_column_int64(ss->stmt, c);
        v->bytes = NULL;
        v->len = 0;
        if (v->type == SQLITE_NULL) continue;
        const void *p = v->type == SQLITE_BLOB ? sqlite3_column_blob(ss->stmt, c)
                                               : (const void *)sqlite3_column_text(ss->stmt, c);
        v->len = (size_t)sqlite3_column_bytes(ss->stmt, c);
        v->bytes = malloc(v->len + 1);
        if (!v->bytes) abort();
        if (v->len) memcpy(v->bytes, p, v->len);
        v->bytes[v->len] = '\0';
    }
    ss->nrows++;
}

static void record_changes(sqlite_stmt *ss)
{
    /* Read-only statements leave the connection's counter from an earlier write. */
    ss->changes =
        sqlite3_stmt_readonly(ss->stmt) ? 0 : sqlite3_changes64(as_sdb(ss->base.owner)->conn);
}

static int step_failed(sqlite_stmt *ss, int rc)
{
    /* Reset at once so a failed statement does not keep a transaction open. */
    int err = fail(ss->base.owner, rc);
    free_cells(ss);
    sqlite3_reset(ss->stmt);
    return err;
}

/* A writing statement with RETURNING keeps its write (and, outside a transaction, the
 * database's write lock) open until it is run to the end, and COMMIT refuses to run while
 * it is pending. So it runs to the end at once and its rows are kept, as PostgreSQL does. */
static int run_write_to_end(sqlite_stmt *ss)
{
    ss->ncols = sqlite3_column_count(ss->stmt);
    int rc;
    do {
        copy_row(ss);
    } while ((rc = sqlite3_step(ss->stmt)) == SQLITE_ROW);
    if (rc != SQLITE_DONE) return step_failed(ss, rc);
    record_changes(ss);
    sqlite3_reset(ss->stmt);
    ss->buffered = 1;
    ss->current = 0;
    return DB_ROW;
}

static int sqlite_step(db_stmt *s)
{
    sqlite_stmt *ss = as_sst(s);
    if (ss->buffered) {
        if (ss->current + 1 >= ss->nrows) return DB_DONE;
        ss->current++;
        return DB_ROW;
    }
    int rc = sqlite3_step(ss->stmt);
    if (rc == SQLITE_ROW) return sqlite3_stmt_readonly(ss->stmt) ? DB_ROW : run_write_to_end(ss);
    if (rc == SQLITE_DONE) {
        record_changes(ss);
        return DB_DONE;
    }
    return step_failed(ss, rc);
}

static const cell *buffered_cell(db_stmt *s, int col)
{
    sqlite_stmt *ss = as_sst(s);
    return ss->buffered ? &ss->cells[ss->current * (size_t)ss->ncols + (size_t)col] : NULL;
}

static int sqlite_column_count(db_stmt *s)
{
    return sqlite3_column_count(as_sst(s)->stmt);
}

static int sqlite_col_is_null(db_stmt *s, int col)
{
    const cell *v = buffered_cell(s, col);
    if (v) return v->type == SQLITE_NULL;
    return sqlite3_column_type(as_sst(s)->stmt, col) == SQLITE_NULL;
}

static int64_t sqlite_col_int(db_stmt *s, int col)
{
    const cell *v = buffered_cell(s, col);
    if (v) return v->i;
    return sqlite3_column_int64(as_sst(s)->stmt, col);
}

static const char *sqlite_col_text(db_stmt *s, int col)
{
    const cell *v = buffered_cell(s, col);
    if (v) return v->bytes;
    return (const char *)sqlite3_column_text(as_sst(s)->stmt, col);
}

static const void *sqlite_col_blob(db_stmt *s, int col, size_t *len)
{
    const cell *v = buffered_cell(s, col);
    if (v) {
        *len = v->len;
        return v->bytes;
    }
    sqlite3_stmt *stmt = as_sst(s)->stmt;
    if (sqlite3_column_type(stmt, col) == SQLITE_NULL) return NULL;
    const void *p = sqlite3_column_blob(stmt, col);
    *len = (size_t)sqlite3_column_bytes(stmt, col);
    /* SQLite answers NULL for an empty blob; callers tell empty from SQL NULL by the pointer. */
    return p ? p : "";
}

static int64_t sqlite_changes(db_stmt *s)
{
    return as_sst(s)->changes;
}

static void sqlite_close(db *d)
{
    sqlite3_close_v2(as_sdb(d)->conn);
    free(d);
}

static const db_ops sqlite_ops = {
    .exec = sqlite_exec,
    .stmt_new = sqlite_stmt_new,
    .stmt_free = sqlite_stmt_free,
    .stmt_reset = sqlite_stmt_reset,
    .stmt_clear_bindings = sqlite_stmt_clear_bindings,
    .bind_int = sqlite_bind_int,
    .bind_text = sqlite_bind_text,
    .bind_blob = sqlite_bind_blob,
    .bind_null = sqlite_bind_null,
    .step = sqlite_step,
    .column_count = sqlite_column_count,
    .col_is_null = sqlite_col_is_null,
    .col_int = sqlite_col_int,
    .col_text = sqlite_col_text,
    .col_blob = sqlite_col_blob,
    .changes = sqlite_changes,
    .close = sqlite_close,
};

/* WAL lets readers work while one writer writes; synchronous=FULL makes every commit
 * durable before it is acknowledged; the busy timeout makes a second writer wait for the
 * first instead of failing at once. Reading through a memory map (up to 4 GB of the file,
 * address space only) spares a system call and a copy per page for large tables such as
 * the organisation register. */
static const char connection_setup[] = "PRAGMA busy_timeout = 5000;"
                                       "PRAGMA journal_mode = WAL;"
                                       "PRAGMA synchronous = FULL;"
                                       "PRAGMA foreign_keys = ON;"
                                       "PRAGMA mmap_size = 4294967296;";

static int open_failure(sqlite3 *conn, const char *path, char *err, size_t errlen)
{
    int sys = conn ? sqlite3_system_errno(conn) : 0;
    const char *reason = conn ? sqlite3_errmsg(conn) : "tom for minne";
    if (sys)
        snprintf(err, errlen, "kan ikke åpne databasen «%s»: %s (%s)", path, reason, strerror(sys));
    else
        snprintf(err, errlen, "kan ikke åpne databasen «%s»: %s", path, reason);
    sqlite3_close_v2(conn);
    return DB_ERR_CONNECT;
}

int db_sqlite_open(const char *path, db **out, char *err, size_t errlen)
{
    if (!*path) {
        snprintf(err, errlen, "kan ikke åpne databasen: sqlite-adressen mangler filsti");
        return DB_ERR_CONNECT;
    }
    sqlite3 *conn = NULL;
    int rc = sqlite3_open_v2(
        path, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) return open_failure(conn, path, err, errlen);
    sqlite3_extended_result_codes(conn, 1);
    if (sqlite3_exec(conn, connection_setup, NULL, NULL, NULL) != SQLITE_OK)
        return open_failure(conn, path, err, errlen);
    sqlite_db *d = calloc(1, sizeof *d);
    if (!d) abort();
    db_base_init(&d->base, &sqlite_ops, DB_SQLITE);
    d->conn = conn;
    *out = &d->base;
    return DB_OK;
}

/* The online copy: sqlite3_backup_step(-1) copies every page under one read transaction of the
 * source, so the copy is the database as it stood at one commit, while writers go on (WAL lets
 * them). A busy or locked source is retried a while. The copy is then made self-contained
 * (rollback journal, no -wal file). */
int db_sqlite_backup(db *d, const char *dest_path, char *err, size_t errlen)
{
    if (d->engine != DB_SQLITE) {
        snprintf(err, errlen, "sikkerhetskopi med minside backup gjelder SQLite; med PostgreSQL brukes pg_dump");
        return DB_ERR;
    }
    sqlite3 *dst = NULL;
    int rc = sqlite3_open_v2(dest_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dst, "main", as_sdb(d)->conn, "main") : NULL;
    if (!b) {
        snprintf(err, errlen, "kan ikke lage kopien %s: %s", dest_path, dst ? sqlite3_errmsg(dst) : "tom for minne");
        sqlite3_close_v2(dst);
        return DB_ERR;
    }
    for (int tries = 0; tries < 100; tries++) {
        rc = sqlite3_backup_step(b, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
        sqlite3_sleep(100);
    }
    int finish = sqlite3_backup_finish(b);
    if (rc == SQLITE_DONE && finish == SQLITE_OK)
        rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    else if (rc == SQLITE_DONE)
        rc = finish;
    if (rc != SQLITE_OK) snprintf(err, errlen, "kopien av databasen feilet: %s", sqlite3_errstr(rc));
    sqlite3_close_v2(dst);
    return rc == SQLITE_OK ? DB_OK : DB_ERR;
}
