/* What db.c shares with the two engines: the connection and statement headers that every
 * engine embeds first in its own structs, and the table of engine operations. db.c owns
 * the statement cache, the step state and the convenience functions; an engine only talks
 * to its library. */
#ifndef MINSIDE_DB_DB_INTERNAL_H
#define MINSIDE_DB_DB_INTERNAL_H

#include "db/db.h"

#include <stdarg.h>
#include <stdint.h>

typedef struct db_ops {
    int (*exec)(db *d, const char *sql);
    /* Prepares sql on the server or library; returns NULL with the error set on d. */
    db_stmt *(*stmt_new)(db *d, const char *sql);
    void (*stmt_free)(db_stmt *s);
    /* Frees the result, keeps the bindings. */
    void (*stmt_reset)(db_stmt *s);
    void (*stmt_clear_bindings)(db_stmt *s);
    int (*bind_int)(db_stmt *s, int idx, int64_t v);
    int (*bind_text)(db_stmt *s, int idx, const char *v, size_t len);
    int (*bind_blob)(db_stmt *s, int idx, const void *v, size_t len);
    int (*bind_null)(db_stmt *s, int idx);
    int (*step)(db_stmt *s);
    int (*column_count)(db_stmt *s);
    int (*col_is_null)(db_stmt *s, int col);
    int64_t (*col_int)(db_stmt *s, int col);
    const char *(*col_text)(db_stmt *s, int col);
    const void *(*col_blob)(db_stmt *s, int col, size_t *len);
    int64_t (*changes)(db_stmt *s);
    void (*close)(db *d);
} db_ops;

enum { DB_STMT_FRESH, DB_STMT_RUNNING, DB_STMT_FINISHED };

struct db_stmt {
    db *owner;
    char *sql;
    uint64_t hash;
    db_stmt *next_in_bucket;
    int state;
    int last_rc; /* what db_step returns again once the statement has finished */
};

struct db {
    const db_ops *ops;
    db_engine engine;
    db_stmt **buckets;
    size_t bucket_count, stmt_count;
    char errmsg[1024];
    int last_error; /* the code that went with errmsg, for callers that only got NULL */
    db_commit_step before_commit; /* one-shot, see db_before_commit() */
    void *before_commit_ctx;
};

void db_base_init(db *d, const db_ops *ops, db_engine engine);
/* Sets the message and DB_ERR as the last error; engines then refine last_error. */
void db_set_error(db *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Engine constructors; db_open() picks one by the URL's scheme. */
int db_sqlite_open(const char *path, db **out, char *err, size_t errlen);
int db_pg_open(const char *url, db **out, char *err, size_t errlen);

#endif
