/* Pending logins and the limit on failed or abandoned ones, in the database so that any
 * instance can finish a login another began, and all instances count the same attempts. */
#ifndef MINSIDE_AUTH_LOGIN_DB_H
#define MINSIDE_AUTH_LOGIN_DB_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

enum {
    LOGIN_ATTEMPT_SECONDS = 15 * 60, /* a login must come back within this time */
    LOGIN_LIMIT_WINDOW_SECONDS = 15 * 60,
};

typedef struct login_pending {
    int64_t id;
    const char *browser_hash, *provider, *nonce, *code_verifier, *return_path;
} login_pending;

/* Who begins a login, as the limits count it. */
typedef struct login_client {
    const char *browser_hash; /* the browser's login cookie, hashed; NULL when it brought none */
    const char *address_key;  /* a keyed hash of the whole address */
    const char *range;        /* the address with its last part removed (/24, /48) */
} login_client;

typedef struct login_unfinished_counts {
    int64_t browser, address, range;
} login_unfinished_counts;

int login_attempt_start(db *d, const char *provider, const char *state_hash,
                        const char *browser_hash, const char *nonce, const char *code_verifier,
                        const char *return_path, const login_client *client, int64_t now);
/* Takes the pending login with this state, once: a second call with the same state, or one
 * after LOGIN_ATTEMPT_SECONDS, finds nothing. Returns DB_ROW with *out filled, DB_DONE when
 * there is no such pending login, or a negative db code. */
int login_attempt_take(db *d, arena *a, const char *state_hash, int64_t now, login_pending *out);
/* Records how it ended: outcome "ok" or "failed"; person_key when the person is known. */
int login_attempt_finish(db *d, int64_t id, const char *outcome, const char *person_key);
/* For the retention rules (retention.h's list and delete contract): login attempts made before
 * `before`, and sessions that have run out at now (past their end, or idle since idle_before):
 * nothing can use them any more, and the limits look back 15 minutes. */
struct retention_item;
int login_attempt_old_list(db *d, int64_t before, int64_t after_id, struct retention_item *items, int max);
int login_attempt_old_delete(db *d, int64_t id, int64_t before);
int session_expired_list(db *d, int64_t now, int64_t idle_before, int64_t after_id, struct retention_item *items,
                         int max);
int session_expired_delete(db *d, int64_t id, int64_t now, int64_t idle_before);
/* Logins with this provider in the window that did not succeed (pending or failed), counted
 * for the client's browser (when known), its whole address and its address range. */
int login_unfinished(db *d, const char *provider, const login_client *client, int64_t now,
                     login_unfinished_counts *out);
/* Failed logins of this person in the window. */
int64_t login_failed_by_person(db *d, const char *person_key, int64_t now);

#endif
