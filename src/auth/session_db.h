/* The session table's SQL (session_db.c). Internal to src/auth. */
#ifndef MINSIDE_AUTH_SESSION_DB_H
#define MINSIDE_AUTH_SESSION_DB_H

#include <stddef.h>
#include <stdint.h>

#include "auth/session.h"
#include "core/arena.h"

/* The session whose token hashes to token_hash, with its person's or caseworker's name and
 * roles, into *out (strings in a): 1, 0 when there is none, or a db code. */
int session_db_find(db *d, arena *a, const char *token_hash, auth_session *out,
                    int64_t *last_seen_at, int64_t *expires_at);

typedef struct {
    const char *token_hash, *provider;
    int64_t person_id, staff_id; /* 0 for none */
    const char *csrf_token, *idp_sid;
    const unsigned char *id_token_sealed; /* NULL for none */
    size_t id_token_sealed_len;
    int64_t created_at, expires_at;
} session_db_new;

int session_db_insert(db *d, const session_db_new *in);
/* Marks the session used at now (the idle time starts again). */
int session_db_touch(db *d, int64_t id, int64_t now);
int session_db_delete(db *d, int64_t id);

#endif
