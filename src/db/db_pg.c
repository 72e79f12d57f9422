/* The PostgreSQL engine over libpq. Each cached statement is prepared once per connection
 * under a generated name and described, so its parameter count is known before binding.
 * Parameters and results travel as text, except bound blobs, which go in binary format so
 * no bytea escaping is needed; bytea results arrive hex-encoded and are decoded on demand. */
#include "db/db_internal.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BYTEA_OID 17

typedef struct {
    db base;
    PGconn *conn;
    unsigned next_stmt_number;
    /* Counts reconnections: statements prepared under an older one are prepared again. */
    unsigned generation;
    int in_transaction;
} pg_db;

typedef struct {
    db_stmt base;
    char name[24];
    unsigned generation;
    int nparams, ncols;
    char **values; /* owned copies, NULL for SQL NULL */
    int *lengths;
    int *formats;
    PGresult *result;
    int row;               /* current row of result */
    unsigned char **blobs; /* decoded bytea values of the current row, by column */
    size_t *blob_lengths;
} pg_stmt;

static pg_db *as_pdb(db *d)
{
    return (pg_db *)d;
}

static pg_stmt *as_pst(db_stmt *s)
{
    return (pg_stmt *)s;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) abort();
    return p;
}

/* Copies msg as one line: libpq's messages span lines ("LINE 1: …", a caret, a hint)
 * that would break log lines apart. */
static void copy_one_line(char *dst, size_t dstlen, const char *msg)
{
    size_t n = 0;
    int space = 0;
    for (const char *p = msg; *p && n + 1 < dstlen; p++) {
        if (*p == '\n' || *p == '\t' || *p == ' ' || *p == '\r') {
            space = n > 0;
            continue;
        }
        if (space && n + 2 < dstlen) dst[n++] = ' ';
        space = 0;
        dst[n++] = *p;
    }
    dst[n] = '\0';
}

static void set_result_error(db *d, const PGresult *res)
{
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!primary) {
        const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(as_pdb(d)->conn);
        copy_one_line(d->errmsg, sizeof d->errmsg,
                      msg && *msg ? msg : "ukjent feil fra PostgreSQL");
        return;
    }
    const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
    char joined[sizeof d->errmsg];
    snprintf(joined, sizeof joined, "%s%s%s", primary, detail ? " – " : "", detail ? detail : "");
    copy_one_line(d->errmsg, sizeof d->errmsg, joined);
}

static int map_sqlstate(const char *state)
{
    if (!state) return DB_ERR;
    if (strncmp(state, "23", 2) == 0) return DB_ERR_CONSTRAINT;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0)
        return DB_ERR_BUSY;
    if (strncmp(state, "08", 2) == 0) return DB_ERR_CONNECT;
    return DB_ERR;
}

/* Records the error of a failed result (which may be NULL) and returns its code. */
static int result_error(db *d, const PGresult *res)
{
    PGconn *conn = as_pdb(d)->conn;
    set_result_error(d, res);
    if (PQstatus(conn) == CONNECTION_BAD)
        d->last_error = DB_ERR_CONNECT;
    else
        d->last_error = map_sqlstate(res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL);
    return d->last_error;
}

/* Server notices ("relation already exists, skipping") are not errors; libpq would print
 * them on stderr. */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* What every session needs, on the first connection and after a reconnection. Timestamps are
 * unix seconds everywhere, but now() and date arithmetic in SQL must agree with them. */
static PGresult *session_setup(PGconn *conn)
{
    PQsetNoticeProcessor(conn, ignore_notice, NULL);
    return PQexec(conn, "SET TIME ZONE 'UTC'");
}

/* A long-lived connection outlives server restarts and network breaks: when it is found
 * broken between transactions, it is opened again. Inside a transaction it is not, because
 * the transaction's earlier work is gone and the caller must hear that from COMMIT. */
static void reconnect_if_lost(db *d)
{
    pg_db *pd = as_pdb(d);
    if (pd->in_transaction || PQstatus(pd->conn) != CONNECTION_BAD) return;
    PQreset(pd->conn);
    if (PQstatus(pd->conn) != CONNECTION_OK) return;
    PGresult *res = session_setup(pd->conn);
    PQclear(res);
    pd->generation++;
}

static void track_transaction(db *d, const char *sql, int ok)
{
    pg_db *pd = as_pdb(d);
    if (strcmp(sql, "BEGIN") == 0)
        pd->in_transaction = ok;
    else if (strcmp(sql, "COMMIT") == 0 || strcmp(sql, "ROLLBACK") == 0)
        pd->in_transaction = 0;
}

static int pg_exec(db *d, const char *sql)
{
    reconnect_if_lost(d);
    PGresult *res = PQexec(as_pdb(d)->conn, sql);
    ExecStatusType st = PQresultStatus(res);
    int rc = DB_OK;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
        rc = result_error(d, res);
    } else if (strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
        /* PostgreSQL answers COMMIT of a failed transaction by rolling back without an error;
         * the caller must learn that nothing was saved. */
        db_set_error(d, "transaksjonen ble rullet tilbake fordi en setning i den feilet");
        rc = DB_ERR;
    }
    PQclear(res);
    track_transaction(d, sql, rc == DB_OK);
    return rc;
}

static int prepare_on_server(db *d, pg_stmt *s, const char *sql)
{
    PGconn *conn = as_pdb(d)->conn;
    PGresult *res = PQprepare(conn, s->name, sql, 0, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        int rc = result_error(d, res);
        PQclear(res);
        return rc;
    }
    PQclear(res);
    res = PQdescribePrepared(conn, s->name);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        int rc = result_error(d, res);
        PQclear(res);
        return rc;
    }
    s->nparams = PQnparams(res);
    s->ncols = PQnfields(res);
    PQclear(res);
    return DB_OK;
}

static void stmt_free_bindings(pg_stmt *s)
{
    for (int i = 0; i < s->nparams; i++) {
        free(s->values[i]);
        s->values[i] = NULL;
        s->lengths[i] = 0;
        s->formats[i] = 0;
    }
}

static void stmt_free_row_blobs(pg_stmt *s)
{
    if (!s->blobs) return;
    for (int i = 0; i < s->ncols; i++) {
        PQfreemem(s->blobs[i]);
        s->blobs[i] = NULL;
    }
}

static db_stmt *pg_stmt_new(db *d, const char *sql)
{
    pg_stmt *s = xcalloc(1, sizeof *s);
    snprintf(s->name, sizeof s->name, "minside_%u", ++as_pdb(d)->next_stmt_number);
    reconnect_if_lost(d);
    s->generation = as_pdb(d)->generation;
    if (prepare_on_server(d, s, sql) != DB_OK) {
        /* A name left prepared on the server is harmless: it is never used again. */
        free(s);
        return NULL;
    }
    s->values = xcalloc((size_t)s->nparams, sizeof *s->values);
    s->lengths = xcalloc((size_t)s->nparams, sizeof *s->lengths);
    s->formats = xcalloc((size_t)s->nparams, sizeof *s->formats);
    s->blobs = xcalloc((size_t)s->ncols, sizeof *s->blobs);
    s->blob_lengths = xcalloc((size_t)s->ncols, sizeof *s->blob_lengths);
    return &s->base;
}

static void pg_stmt_reset(db_stmt *base)
{
    pg_stmt *s = as_pst(base);
    stmt_free_row_blobs(s);
    PQclear(s->result);
    s->result = NULL;
    s->row = -1;
}

static void pg_stmt_free(db_stmt *base)
{
    pg_stmt *s = as_pst(base);
    pg_stmt_reset(base);
    stmt_free_bindings(s);
    free(s->values);
    free(s->lengths);
    free(s->formats);
    free(s->blobs);
    free(s->blob_lengths);
    free(s);
}

static void pg_stmt_clear_bindings(db_stmt *s)
{
    stmt_free_bindings(as_pst(s));
}

/* Stores a copy of len bytes (plus a terminating NUL for text) as parameter idx. */
static int set_param(db_stmt *base, int idx, const void *v, size_t len, int binary)
{
    pg_stmt *s = as_pst(base);
    if (idx < 1 || idx > s->nparams) {
        db_set_error(base->owner, "SQL-en har ingen parameter $%d", idx);
        return DB_ERR;
    }
    if (len > 0x7fffffff) {
        db_set_error(base->owner, "verdien for $%d er for stor", idx);
        return DB_ERR;
    }
    char *copy = NULL;
    if (v) {
        copy = malloc(len + 1);
        if (!copy) abort();
        if (len) memcpy(copy, v, len);
        copy[len] = '\0';
    }
    free(s->values[idx - 1]);
    s->values[idx - 1] = copy;
    s->lengths[idx - 1] = (int)len;
    s->formats[idx - 1] = binary;
    return DB_OK;
}

static int pg_bind_int(db_stmt *s, int idx, int64_t v)
{
    char text[24];
    int n = snprintf(text, sizeof text, "%lld", (long long)v);
    return set_param(s, idx, text, (size_t)n, 0);
}

static int pg_bind_text(db_stmt *s, int idx, const char *v, size_t len)
{
    if (memchr(v, '\0', len)) {
        db_set_error(s->owner, "tekst for $%d inneholder et NUL-tegn", idx);
        return DB_ERR;
    }
    return set_param(s, idx, v, len, 0);
}

static int pg_bind_blob(db_stmt *s, int idx, const void *v, size_t len)
{
    return set_param(s, idx, v, len, 1);
}

static int pg_bind_null(db_stmt *s, int idx)
{
    return set_param(s, idx, NULL, 0, 0);
}

static int execute(db_stmt *base)
{
    pg_stmt *s = as_pst(base);
    reconnect_if_lost(base->owner);
    if (s->generation != as_pdb(base->owner)->generation) {
        int nparams = s->nparams, ncols = s->ncols;
        int rc = prepare_on_server(base->owner, s, base->sql);
        if (rc == DB_OK && (s->nparams != nparams || s->ncols != ncols)) {
            /* The bindings and column arrays were sized for the old shape. */
            s->nparams = nparams;
            s->ncols = ncols;
            db_set_error(base->owner, "setningen har fått en annen form etter ny tilkobling");
            rc = DB_ERR;
        }
        if (rc != DB_OK) return rc;
        s->generation = as_pdb(base->owner)->generation;
    }
    s->result = PQexecPrepared(as_pdb(base->owner)->conn, s->name, s->nparams,
                               (const char *const *)s->values, s->lengths, s->formats, 0);
    ExecStatusType st = PQresultStatus(s->result);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
        s->row = -1;
        return DB_OK;
    }
    int rc = result_error(base->owner, s->result);
    PQclear(s->result);
    s->result = NULL;
    return rc;
}

static int pg_step(db_stmt *base)
{
    pg_stmt *s = as_pst(base);
    if (!s->result) {
        int rc = execute(base);
        if (rc != DB_OK) return rc;
    }
    stmt_free_row_blobs(s);
    if (s->row + 1 < PQntuples(s->result)) {
        s->row++;
        return DB_ROW;
    }
    s->row = PQntuples(s->result);
    return DB_DONE;
}

static int pg_column_count(db_stmt *s)
{
    return as_pst(s)->ncols;
}

static int current_row(pg_stmt *s)
{
    return s->result && s->row >= 0 && s->row < PQntuples(s->result);
}

static int pg_col_is_null(db_stmt *base, int col)
{
    pg_stmt *s = as_pst(base);
    return !current_row(s) || PQgetisnull(s->result, s->row, col);
}

static int64_t pg_col_int(db_stmt *base, int col)
{
    pg_stmt *s = as_pst(base);
    if (pg_col_is_null(base, col)) return 0;
    const char *v = PQgetvalue(s->result, s->row, col);
    /* Booleans come as t/f in text format; SQLite has 1/0 for the same expressions. */
    if (strcmp(v, "t") == 0) return 1;
    if (strcmp(v, "f") == 0) return 0;
    return strtoll(v, NULL, 10);
}

static const char *pg_col_text(db_stmt *base, int col)
{
    pg_stmt *s = as_pst(base);
    return pg_col_is_null(base, col) ? NULL : PQgetvalue(s->result, s->row, col);
}

static const void *pg_col_blob(db_stmt *base, int col, size_t *len)
{
    pg_stmt *s = as_pst(base);
    if (pg_col_is_null(base, col)) return NULL;
    const char *v = PQgetvalue(s->result, s->row, col);
    if (PQftype(s->result, col) != BYTEA_OID) {
        *len = (size_t)PQgetlength(s->result, s->row, col);
        return v;
    }
    if (!s->blobs[col]) {
        s->blobs[col] = PQunescapeBytea((const unsigned char *)v, &s->blob_lengths[col]);
        if (!s->blobs[col]) abort();
    }
    *len = s->blob_lengths[col];
    return s->blobs[col];
}

static int64_t pg_changes(db_stmt *base)
{
    pg_stmt *s = as_pst(base);
    if (!s->result) return 0;
    /* PQcmdTuples also counts the rows a SELECT returned; only writes count here. */
    const char *cmd = PQcmdStatus(s->result);
    if (strncmp(cmd, "INSERT", 6) && strncmp(cmd, "UPDATE", 6) && strncmp(cmd, "DELETE", 6) &&
        strncmp(cmd, "MERGE", 5))
        return 0;
    return strtoll(PQcmdTuples(s->result), NULL, 10);
}

static void pg_close(db *d)
{
    PQfinish(as_pdb(d)->conn);
    free(d);
}

static const db_ops pg_ops = {
    .exec = pg_exec,
    .stmt_new = pg_stmt_new,
    .stmt_free = pg_stmt_free,
    .stmt_reset = pg_stmt_reset,
    .stmt_clear_bindings = pg_stmt_clear_bindings,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .column_count = pg_column_count,
    .col_is_null = pg_col_is_null,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .changes = pg_changes,
    .close = pg_close,
};

static void connect_error(char *err, size_t errlen, const char *prefix, const char *msg)
{
    char line[1024];
    copy_one_line(line, sizeof line, msg && *msg ? msg : "ukjent feil");
    snprintf(err, errlen, "%s%s", prefix, line);
}

int db_pg_open(const char *url, db **out, char *err, size_t errlen)
{
    /* Keywords before dbname are defaults the URL may override; those after it are forced:
     * the code relies on UTF-8 text. */
    const char *keys[] = {"connect_timeout", "fallback_application_name", "dbname",
                          "client_encoding", NULL};
    const char *values[] = {"10", "minside", url, "UTF8", NULL};
    PGconn *conn = PQconnectdbParams(keys, values, 1);
    if (!conn) {
        snprintf(err, errlen, "kan ikke koble til databasen: tom for minne");
        return DB_ERR_CONNECT;
    }
    if (PQstatus(conn) != CONNECTION_OK) {
        connect_error(err, errlen, "kan ikke koble til databasen: ", PQerrorMessage(conn));
        PQfinish(conn);
        return DB_ERR_CONNECT;
    }
    PGresult *res = session_setup(conn);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        connect_error(err, errlen,
                      "kan ikke sette opp databaseforbindelsen: ", PQresultErrorMessage(res));
        PQclear(res);
        PQfinish(conn);
        return DB_ERR_CONNECT;
    }
    PQclear(res);
    pg_db *d = xcalloc(1, sizeof *d);
    db_base_init(&d->base, &pg_ops, DB_POSTGRES);
    d->conn = conn;
    *out = &d->base;
    return DB_OK;
}
