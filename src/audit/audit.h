/* The audit trail: who read or changed personal data and case documents, and when.
 *
 * One row is appended for every time staff open a case, a person's data or a document, and for
 * every change of personal data or case documents by anyone, in the SAME transaction as the
 * change it records, so a change is never kept without its row (and a failed append undoes the
 * change). Rows are chained: each row holds the SHA-256 of the previous row's hash followed by
 * its own content, so `minside verify-audit` finds a row that was changed, removed, inserted or
 * moved. The chain's head (last number and hash) is one locked row: appends are serialised
 * across threads and across instances on one PostgreSQL (and by BEGIN IMMEDIATE on SQLite).
 *
 * The trail names people and objects by id only: it holds no names, numbers or texts, so it can
 * be kept as long as the data it watches over without becoming a second copy of that data. */
#ifndef MINSIDE_AUDIT_AUDIT_H
#define MINSIDE_AUDIT_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db/db.h"

/* Who acted. */
#define AUDIT_ACTOR_PERSON "person" /* a person logged in through ID-porten: actor_id is person.id */
#define AUDIT_ACTOR_STAFF "staff"   /* a caseworker: actor_id is staff.id */
#define AUDIT_ACTOR_SYSTEM "system" /* a job or a command: actor_id 0 */

/* What was done. */
#define AUDIT_READ "read"     /* opened, viewed or downloaded */
#define AUDIT_CREATE "create" /* added */
#define AUDIT_CHANGE "change" /* changed */
#define AUDIT_DELETE "delete" /* deleted */
#define AUDIT_SEARCH "search" /* searched (the object is what was searched for) */
#define AUDIT_EXPORT "export" /* handed out as a whole (a person's own data, an extract) */

/* Kinds of object a row may name; modules may use their own short lowercase words too. */
#define AUDIT_OBJ_PERSON "person"         /* a person's own data (profile, personal number) */
#define AUDIT_OBJ_CASE "case"             /* a case (case_record.id) */
#define AUDIT_OBJ_CASE_FILE "case_file"   /* an archive case file (saksmappe) */
#define AUDIT_OBJ_DOCUMENT "document"     /* a document object of the archive */
#define AUDIT_OBJ_ENTRY "entry"           /* a registry entry (journalpost) */
#define AUDIT_OBJ_AUDIT "audit"           /* the trail itself (a search of it) */

typedef struct audit_event {
    const char *actor_kind; /* AUDIT_ACTOR_* */
    int64_t actor_id;       /* 0 for the system */
    const char *actor_role; /* the staff roles as the session holds them, "person" or "system" */
    const char *object_kind; /* AUDIT_OBJ_* or a module's own word */
    int64_t object_id;
    const char *action;     /* AUDIT_READ … */
    const char *request_id; /* the request's id (X-Request-Id), NULL outside a request */
    /* A short note without personal data, e.g. what a search asked for ("sak 12"); NULL for none. */
    const char *detail;
} audit_event;

/* Limits on the text fields; longer values are refused with AUDIT_ERR_INVALID. */
enum { AUDIT_FIELD_MAX = 64, AUDIT_DETAIL_MAX = 200 };

enum {
    AUDIT_ERR_INVALID = -30, /* a field is missing, too long or not UTF-8 */
};

/* Appends one row at clock_now(). Call INSIDE the transaction of the action it records, as late
 * in it as possible (the chain's head is locked from here until the commit). Returns 0 (the
 * row's number in *seq_out when not NULL) or a negative code; on a failure the caller rolls the
 * whole action back. */
int audit_append(db *d, const audit_event *e, int64_t *seq_out);

/* For a pure read that has no transaction of its own: the row is committed before this returns,
 * in one transaction with the reads other threads record at the same moment (group commit, so
 * they share one fsync). Returns 0, AUDIT_ERR_INVALID, or the shared transaction's failure. */
int audit_record(db *d, const audit_event *e);

/* One row as read back (a copy: it stays valid after the search). */
typedef struct audit_row {
    int64_t seq, at;
    char actor_kind[AUDIT_FIELD_MAX + 1];
    int64_t actor_id;
    char actor_role[AUDIT_FIELD_MAX + 1];
    char object_kind[AUDIT_FIELD_MAX + 1];
    int64_t object_id;
    char action[AUDIT_FIELD_MAX + 1];
    char request_id[AUDIT_FIELD_MAX + 1];
    char detail[AUDIT_DETAIL_MAX + 1];
} audit_row;

/* What a search asks for: every field set must match (NULL / 0 for "any"). */
typedef struct audit_query {
    const char *actor_kind; /* with actor_id */
    int64_t actor_id;
    const char *object_kind; /* with object_id */
    int64_t object_id;
} audit_query;

enum { AUDIT_SEARCH_MAX = 500 };

/* The newest rows (at most max, up to AUDIT_SEARCH_MAX) that match q, newest first, into rows.
 * Returns how many or a negative code. */
int audit_search(db *d, const audit_query *q, audit_row *rows, int max);
/* The same for several queries at once (e.g. a person's own data and each of their cases):
 * the newest rows matching any of them, without duplicates, newest first. */
int audit_search_any(db *d, const audit_query *qs, size_t nq, audit_row *rows, int max);

/* Result of a check of the whole chain. */
typedef struct audit_verify_result {
    int64_t rows;      /* rows read */
    int64_t problems;  /* places where the chain is broken */
    int64_t last_seq;  /* the last row's number */
    char last_hash[65];
} audit_verify_result;

/* Reads the chain in order and recomputes every hash. Writes each place where it is broken to
 * out, in Norwegian, naming the row numbers: a changed row, a missing (deleted) row, an inserted
 * row, a pair in the wrong order, a head that does not match the last row. Returns 0 (result in
 * *res, problems 0 when intact) or a negative db code. */
int audit_verify(db *d, FILE *out, audit_verify_result *res);

/* The last row before time `before` (its number and hash), for the daily anchor: 1 when found,
 * 0 when the trail is empty before then, or a negative code. */
int audit_last_before(db *d, int64_t before, int64_t *seq, char hash[65]);

/* Registers the `audit_anchor` job kind (at start-up). */
void audit_register(void);
/* Makes sure one anchor job is waiting (at serve start): just after the next midnight in Oslo. */
int audit_schedule(db *d);

#endif
