/* Fills a migrated Min side database's audit trail with made-up rows for the verify-audit
 * benchmark and the command's tests:
 *
 *   gen-audit --db URL --rows 10000000
 *
 * appends the rows to the chain as audit_append() would (the same hash), but thousands to a
 * transaction and without moving the head row by row: the head is set once at the end. As in any
 * bulk load, the trail's search indexes are dropped first and made again at the end. Rows name
 * one of 50 caseworkers reading, changing or adding to one of 100,000 cases, a minute apart. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_internal.h"
#include "db/db.h"

enum { PER_TRANSACTION = 20000 };

static void die(const char *what, db *d)
{
    fprintf(stderr, "gen-audit: %s%s%s\n", what, d ? ": " : "", d ? db_errmsg(d) : "");
    exit(1);
}

int main(int argc, char **argv)
{
    const char *url = NULL;
    long long rows = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--db")) url = argv[i + 1];
        else if (!strcmp(argv[i], "--rows")) rows = atoll(argv[i + 1]);
    }
    if (!url || rows <= 0) {
        fputs("Bruk: gen-audit --db URL --rows N\n", stderr);
        return 2;
    }
    if (sodium_init() < 0) die("libsodium", NULL);
    char err[512];
    db *d = NULL;
    if (db_open(url, &d, err, sizeof err) != DB_OK) {
        fprintf(stderr, "gen-audit: %s\n", err);
        return 1;
    }
    /* The search indexes of migration 0019, made again after the rows are in. */
    static const char *const indexes[] = {
        "CREATE INDEX audit_log_object ON audit_log (object_kind, object_id, seq)",
        "CREATE INDEX audit_log_actor ON audit_log (actor_kind, actor_id, seq)",
        "CREATE INDEX audit_log_at ON audit_log (at)",
    };
    if (db_exec(d, "DROP INDEX IF EXISTS audit_log_object; DROP INDEX IF EXISTS audit_log_actor; "
                   "DROP INDEX IF EXISTS audit_log_at") != DB_OK)
        die("dropping the indexes", d);
    static const char *const actions[] = {"read", "read", "read", "change", "create"};
    int64_t seq;
    char prev[65], hash[65];
    if (db_begin(d) != DB_OK || audit_db_head_lock(d, &seq, prev) != DB_OK) die("the head", d);
    int64_t t0 = 1767225600; /* 2026-01-01 */
    for (long long i = 0; i < rows; i++) {
        audit_row r = {.seq = ++seq, .at = t0 + seq * 60, .actor_id = 1 + (int64_t)(i % 50),
                       .object_id = 1 + (int64_t)((i * 7919) % 100000)};
        strcpy(r.actor_kind, "staff");
        strcpy(r.actor_role, "saksbehandler");
        strcpy(r.object_kind, "case");
        strcpy(r.action, actions[i % 5]);
        snprintf(r.request_id, sizeof r.request_id, "%016llx", (unsigned long long)seq);
        audit_row_hash(prev, &r, hash);
        if (audit_db_insert(d, &r, prev, hash) != DB_OK) die("insert", d);
        memcpy(prev, hash, sizeof prev);
        if ((i + 1) % PER_TRANSACTION == 0) {
            if (audit_db_head_set(d, seq, prev) != DB_OK || db_commit(d) != DB_OK || db_begin(d) != DB_OK)
                die("commit", d);
            if (audit_db_head_lock(d, &seq, prev) != DB_OK) die("the head", d);
        }
    }
    if (audit_db_head_set(d, seq, prev) != DB_OK || db_commit(d) != DB_OK) die("commit", d);
    for (size_t i = 0; i < sizeof indexes / sizeof *indexes; i++)
        if (db_exec(d, indexes[i]) != DB_OK) die("making the indexes", d);
    printf("rows=%lld\nlast_seq=%lld\nlast_hash=%s\n", rows, (long long)seq, prev);
    db_close(d);
    return 0;
}
