/* Appending to the audit trail and searching it. */
#include "audit/audit.h"
#include "audit/audit_internal.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/utf8.h"

/* Each field as "<length>:<bytes>\n", so the content is read back one way only. */
static void hash_field(crypto_hash_sha256_state *st, const char *s)
{
    char len[24];
    size_t n = strlen(s);
    int k = snprintf(len, sizeof len, "%zu:", n);
    crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(st, (const unsigned char *)s, n);
    crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

static void hash_int(crypto_hash_sha256_state *st, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    hash_field(st, buf);
}

void audit_row_hash(const char *prev_hash, const audit_row *row, char out[65])
{
    crypto_hash_sha256_state st;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    hash_field(&st, prev_hash);
    hash_int(&st, row->at);
    hash_field(&st, row->actor_kind);
    hash_int(&st, row->actor_id);
    hash_field(&st, row->actor_role);
    hash_field(&st, row->object_kind);
    hash_int(&st, row->object_id);
    hash_field(&st, row->action);
    hash_field(&st, row->request_id);
    hash_field(&st, row->detail);
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* A field as stored: present (or optional and NULL), within max bytes, UTF-8 on one line. */
static int field_copy(char *dst, size_t size, const char *src, int required)
{
    if (!src) {
        if (required) return AUDIT_ERR_INVALID;
        dst[0] = '\0';
        return 0;
    }
    if (!src[0] && !required) {
        dst[0] = '\0';
        return 0;
    }
    if (!utf8_text_within(src, size - 1, true)) return AUDIT_ERR_INVALID;
    memcpy(dst, src, strlen(src) + 1);
    return 0;
}

static int row_from_event(const audit_event *e, audit_row *row)
{
    memset(row, 0, sizeof *row);
    row->at = clock_now();
    row->actor_id = e->actor_id;
    row->object_id = e->object_id;
    if (field_copy(row->actor_kind, sizeof row->actor_kind, e->actor_kind, 1) ||
        field_copy(row->actor_role, sizeof row->actor_role, e->actor_role, 1) ||
        field_copy(row->object_kind, sizeof row->object_kind, e->object_kind, 1) ||
        field_copy(row->action, sizeof row->action, e->action, 1) ||
        field_copy(row->request_id, sizeof row->request_id, e->request_id, 0) ||
        field_copy(row->detail, sizeof row->detail, e->detail, 0))
        return AUDIT_ERR_INVALID;
    return 0;
}

int audit_append(db *d, const audit_event *e, int64_t *seq_out)
{
    audit_row row;
    int rc = row_from_event(e, &row);
    if (rc) return rc;
    char prev[65], hash[65];
    rc = audit_db_head_lock(d, &row.seq, prev);
    if (rc != DB_OK) return rc;
    row.seq++;
    audit_row_hash(prev, &row, hash);
    rc = audit_db_insert(d, &row, prev, hash);
    if (rc == DB_OK) rc = audit_db_head_set(d, row.seq, hash);
    if (rc == DB_OK && seq_out) *seq_out = row.seq;
    return rc;
}

/* Group commit for reads. A read has no transaction of its own to ride on, and with SQLite's
 * synchronous commits each transaction waits for an fsync, so one transaction a read would make
 * every page that audits a read wait for the disk. Instead the threads that record a read at
 * the same moment share one transaction: the first to find no batch being written writes all
 * that are waiting, the others wait until their row is committed (or the batch failed, which
 * they are told). Every row is durable before audit_record returns, as before; only the fsync
 * is shared. Within one process; instances each group their own. */
typedef struct audit_waiter {
    const audit_event *e;
    int rc, done;
    struct audit_waiter *next;
} audit_waiter;

static pthread_mutex_t group_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t group_cv = PTHREAD_COND_INITIALIZER;
static audit_waiter *group_head, *group_tail;
static int group_writing;

/* Writes the batch in one transaction on this thread's connection. */
static int group_write(db *d, audit_waiter *batch)
{
    int rc = db_begin(d);
    for (audit_waiter *w = batch; w && rc == DB_OK; w = w->next) rc = audit_append(d, w->e, NULL);
    return db_finish(d, rc);
}

int audit_record(db *d, const audit_event *e)
{
    /* A malformed event is refused here, so it never fails the batch of the others. */
    audit_row check;
    if (row_from_event(e, &check)) return AUDIT_ERR_INVALID;
    audit_waiter me = {.e = e, .rc = DB_ERR};
    pthread_mutex_lock(&group_mu);
    if (group_tail) group_tail->next = &me;
    else group_head = &me;
    group_tail = &me;
    while (!me.done) {
        if (group_writing) {
            pthread_cond_wait(&group_cv, &group_mu);
            continue;
        }
        group_writing = 1;
        audit_waiter *batch = group_head;
        group_head = group_tail = NULL;
        pthread_mutex_unlock(&group_mu);
        int rc = group_write(d, batch);
        pthread_mutex_lock(&group_mu);
        /* Under the lock: a waiter's struct lives on its stack until it sees done. */
        for (audit_waiter *w = batch, *next; w; w = next) {
            next = w->next;
            w->rc = rc;
            w->done = 1;
        }
        group_writing = 0;
        pthread_cond_broadcast(&group_cv);
    }
    pthread_mutex_unlock(&group_mu);
    return me.rc;
}

int audit_search(db *d, const audit_query *q, audit_row *rows, int max)
{
    if (max > AUDIT_SEARCH_MAX) max = AUDIT_SEARCH_MAX;
    if (max <= 0) return 0;
    return audit_db_search(d, q, rows, max);
}

static int row_newer_first(const void *a, const void *b)
{
    int64_t x = ((const audit_row *)a)->seq, y = ((const audit_row *)b)->seq;
    return x < y ? 1 : x > y ? -1 : 0;
}

int audit_search_any(db *d, const audit_query *qs, size_t nq, audit_row *rows, int max)
{
    if (max > AUDIT_SEARCH_MAX) max = AUDIT_SEARCH_MAX;
    if (max <= 0) return 0;
    /* Each query's newest max rows, then the newest max of them all: any row among the overall
     * newest max is among its own query's newest max. */
    audit_row *all = NULL;
    size_t count = 0, cap = 0;
    int rc = 0;
    for (size_t i = 0; i < nq && rc >= 0; i++) {
        if (cap - count < (size_t)max) {
            cap = cap ? cap * 2 + (size_t)max : (size_t)max * 2;
            audit_row *grown = realloc(all, cap * sizeof *all);
            if (!grown) {
                rc = DB_ERR;
                break;
            }
            all = grown;
        }
        rc = audit_db_search(d, &qs[i], all + count, max);
        if (rc > 0) count += (size_t)rc;
    }
    int n = 0;
    if (rc >= 0) {
        if (count) qsort(all, count, sizeof *all, row_newer_first);
        for (size_t i = 0; i < count && n < max; i++)
            if (n == 0 || rows[n - 1].seq != all[i].seq) rows[n++] = all[i];
    }
    free(all);
    return rc < 0 ? rc : n;
}

int audit_last_before(db *d, int64_t before, int64_t *seq, char hash[65])
{
    return audit_db_last_before(d, before, seq, hash);
}
