/* Server-side sessions. The browser holds a 256-bit random id in a cookie; the database holds
 * only its SHA-256, so a copy of the database opens no session. Every instance reads the same
 * rows, so a login on one instance is seen by all. */
#ifndef MINSIDE_AUTH_SESSION_H
#define MINSIDE_AUTH_SESSION_H

#include <stdint.h>

#include "db/db.h"
#include "http/request.h"

typedef struct auth_session {
    int64_t id;
    const char *provider;   /* "public" or "staff" */
    int64_t person_id;      /* public login: the person, else 0 */
    int64_t staff_id;       /* staff login: the caseworker, else 0 */
    const char *name;       /* NULL until a person has filled in the profile */
    const char *roles;      /* staff roles, space separated; "" for persons */
    const char *csrf_token; /* 64 hex digits, in every form */
    const char *id_token;   /* for the provider's logout (id_token_hint) */
} auth_session;

/* The name of the session cookie: "__Host-" prefixed behind https (which browsers accept only
 * with Secure), a plain name on a development http address. */
const char *session_cookie_name(void);
/* Reads the session cookie, checks the idle and absolute time-outs against clock_now() and
 * slides the idle time. Sets r->session, or r->session_expired when the cookie named a session
 * that has run out. Returns 0, or -1 when the database cannot be read. */
int session_load(req *r);
/* A new session with a new id (never one the browser brought), with its cookie on r. Call
 * inside the login's transaction. */
int session_create(db *d, req *r, const char *provider, int64_t person_id, int64_t staff_id,
                   const char *idp_sid, const char *id_token);
/* Ends the request's session (if any) and clears its cookie. */
int session_end(db *d, req *r);
/* Front-channel logout: ends the sessions the provider knows by sid. Returns how many, or a
 * negative db code. */
int session_end_by_idp_sid(db *d, const char *provider, const char *sid);
/* A Set-Cookie header on r: value NULL clears the cookie. max_age < 0 for a browser-session
 * cookie. */
void session_cookie_set(req *r, const char *name, const char *value, int max_age);
/* SHA-256 of s as 64 hex digits into out. */
void session_hash_hex(const char *s, char out[65]);
/* 32 random bytes as 64 hex digits into out. */
void session_random_hex(char out[65]);

#endif
