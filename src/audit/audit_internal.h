/* Between the audit trail's rules (audit.c, audit_verify.c) and its SQL (audit_db.c). */
#ifndef MINSIDE_AUDIT_AUDIT_INTERNAL_H
#define MINSIDE_AUDIT_AUDIT_INTERNAL_H

#include "audit/audit.h"

/* A row as the check reads it: the content plus its two hashes as stored. */
typedef struct audit_chain_row {
    audit_row row;
    char prev_hash[65];
    char hash[65];
} audit_chain_row;

/* The hash a row must carry: SHA-256 of prev_hash (hex) and the row's content, length-prefixed
 * field by field so no two different rows hash alike. out is 64 hex digits. */
void audit_row_hash(const char *prev_hash, const audit_row *row, char out[65]);

/* Locks the chain's head for this transaction and reads it. */
int audit_db_head_lock(db *d, int64_t *seq, char hash[65]);
int audit_db_head_set(db *d, int64_t seq, const char *hash);
int audit_db_head_get(db *d, int64_t *seq, char hash[65]);
int audit_db_insert(db *d, const audit_row *row, const char *prev_hash, const char *hash);
/* Up to max rows after seq `after`, in order, into rows; the number read or a negative code. */
int audit_db_read_after(db *d, int64_t after, audit_chain_row *rows, int max);
int audit_db_search(db *d, const audit_query *q, audit_row *rows, int max);
int audit_db_last_before(db *d, int64_t before, int64_t *seq, char hash[65]);

#endif
