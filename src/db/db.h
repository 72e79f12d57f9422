/* One small database API over SQLite and PostgreSQL.
 *
 * SQL is written once, in PostgreSQL's placeholder style ($1, $2, ...), and runs on both
 * engines. Every statement is prepared and cached per connection, keyed by its SQL text, so
 * callers simply call db_prepare() with a string literal each time. A connection belongs to
 * one thread at a time. */
#ifndef MINSIDE_DB_DB_H
#define MINSIDE_DB_DB_H

#include <stddef.h>
#include <stdint.h>

typedef struct db db;
typedef struct db_stmt db_stmt;

typedef enum { DB_SQLITE, DB_POSTGRES } db_engine;

/* Result codes. Every function returns DB_OK (0) or a negative code. */
enum {
    DB_OK = 0,
    DB_ROW = 1,          /* db_step: a row is ready */
    DB_DONE = 2,         /* db_step: no more rows */
    DB_ERR = -1,         /* any other failure; db_errmsg() says what */
    DB_ERR_CONSTRAINT = -2, /* unique, foreign key or check constraint violated */
    DB_ERR_BUSY = -3,    /* lock or serialization conflict: the transaction may be retried */
    DB_ERR_CONNECT = -4, /* the database cannot be opened or reached */
};

/* url: "sqlite:PATH" (PATH relative or absolute; ":memory:" allowed) or a libpq URI
 * "postgresql://..." / "postgres://...". On failure *out is NULL and err holds a message. */
int db_open(const char *url, db **out, char *err, size_t errlen);
void db_close(db *d);
db_engine db_engine_of(const db *d);
const char *db_errmsg(const db *d);
/* How many database operations have failed in this process, on any connection (opening,
 * preparing, running a statement, a transaction's begin, commit or rollback). */
uint64_t db_failure_count(void);
/* SQLite: writes a consistent copy of the whole database, as of one moment, to the new file
 * dest_path while other connections go on writing (the backup API). Returns DB_OK, or DB_ERR
 * with a Norwegian message in err (also for PostgreSQL, which is copied with pg_dump). */
int db_sqlite_backup(db *d, const char *dest_path, char *err, size_t errlen);

/* Runs SQL without parameters or results (DDL, several statements allowed). */
int db_exec(db *d, const char *sql);

/* DB_OK when the connection answers a trivial query (for health checks). */
int db_ping(db *d);

/* Transactions. db_begin() takes the write lock at once on SQLite (BEGIN IMMEDIATE) so two
 * writers never deadlock half-way. Nested calls are not supported. */
int db_begin(db *d);
int db_commit(db *d);
int db_rollback(db *d);
/* A one-shot step run inside the next transaction just before it commits, and dropped when it
 * commits or rolls back: a caller attaches a record that must commit with a change (the audit
 * trail's row) to a function that owns its transaction. A step that fails makes db_commit()
 * return its code without committing (db_finish() then rolls back). ctx must live until the
 * commit; db_before_commit_clear() drops a step no transaction took. */
typedef int (*db_commit_step)(db *d, void *ctx);
void db_before_commit(db *d, db_commit_step step, void *ctx);
void db_before_commit_clear(db *d);
/* Ends the transaction of one action: commits when rc is not an error (rc >= 0) and returns rc,
 * or the commit's failure after rolling back; rolls back on an error and returns it. */
int db_finish(db *d, int rc);

/* Returns a cached prepared statement, reset and with its bindings cleared; NULL on error.
 * The statement stays owned by the connection: never free it. */
db_stmt *db_prepare(db *d, const char *sql);

/* Parameters are numbered from 1, as $1 in the SQL. Text is copied at bind time. */
int db_bind_int(db_stmt *s, int idx, int64_t v);
int db_bind_text(db_stmt *s, int idx, const char *v); /* NULL binds SQL NULL */
int db_bind_textn(db_stmt *s, int idx, const char *v, size_t len);
int db_bind_blob(db_stmt *s, int idx, const void *v, size_t len);
int db_bind_null(db_stmt *s, int idx);

/* Executes on the first call and returns DB_ROW for each row, then DB_DONE, or an error. */
int db_step(db_stmt *s);
/* Columns are numbered from 0. Values stay valid until the next db_step/db_prepare of s. */
int db_column_count(db_stmt *s);
int db_col_is_null(db_stmt *s, int col);
int64_t db_col_int(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col); /* NULL for SQL NULL */
const void *db_col_blob(db_stmt *s, int col, size_t *len);
/* Rows changed by the last INSERT/UPDATE/DELETE run through s. */
int64_t db_changes(db_stmt *s);
/* Runs a bound UPDATE or DELETE (rc is the binding's result, DB_OK to go on) and resets it:
 * the number of rows changed, or a negative code. */
int64_t db_step_changes(db_stmt *s, int rc);
/* Finishes the statement early (frees its result); db_prepare() also does this. */
void db_reset(db_stmt *s);

/* Convenience: prepare, bind by a type string and run to completion.
 * Types: 'i' int64_t, 't' const char * (NULL for SQL NULL), 'n' SQL NULL (no argument).
 * Returns DB_OK, or DB_ROW when the statement produced a row (which is not kept: use
 * db_prepare_bind() to read rows). */
int db_run(db *d, const char *sql, const char *types, ...);
/* Prepares and binds by the same types, for a query whose rows the caller steps through: the
 * statement, or NULL when it cannot be prepared or bound (db_errmsg() says why). */
db_stmt *db_prepare_bind(db *d, const char *sql, const char *types, ...);
/* The same for an UPDATE or DELETE: the number of rows changed, or a negative code. */
int64_t db_run_changes(db *d, const char *sql, const char *types, ...);

/* Applies the numbered migrations in dir that the database has not seen, each in its own
 * transaction, and records them. Writes what it applied to stdout when verbose. */
int db_migrate(db *d, const char *dir, int verbose, char *err, size_t errlen);

#endif
