/* A request as the handlers see it: everything parsed, validated and held in the request's
 * arena, plus the response the handler builds. */
#ifndef MINSIDE_HTTP_REQUEST_H
#define MINSIDE_HTTP_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

struct MHD_Connection;
struct auth_session;
struct http_pages;

typedef struct kv {
    const char *key;
    const char *value;
} kv;

typedef struct kv_list {
    kv *items;
    size_t count, cap;
} kv_list;

/* A file part of a multipart form, already on disk in the upload folder. The file is removed
 * when the request ends unless a handler has moved it away (and set path to NULL). */
typedef struct upload {
    const char *field;
    const char *filename;     /* as the browser sent it: only for display, never as a path */
    const char *content_type; /* as the browser claimed it: never trusted */
    char *path;
    uint64_t size;
} upload;

enum { ROUTE_MAX_PARAMS = 8 };

typedef struct resp_header {
    const char *name, *value;
    struct resp_header *next;
} resp_header;

typedef struct req {
    arena *arena;
    struct MHD_Connection *conn;
    char id[17];             /* request id, 16 hex digits, in the log and X-Request-Id */
    const char *method;
    const char *path;        /* percent-decoded path, without the query */
    const char *client_ip;   /* with its last part removed (/24, /48), as logged */
    const char *client_addr; /* whole, for limits only: never logged or stored as it is */
    int64_t started_us;      /* monotonic clock, for the request's duration */
    kv_list query, form, cookies;
    upload *uploads;
    size_t upload_count, upload_cap;
    kv params[ROUTE_MAX_PARAMS]; /* from the route pattern, e.g. :id */
    size_t param_count;
    const char *route_pattern; /* the pattern that matched ("/saker/:id"), or NULL */
    uint64_t max_file_bytes;   /* the largest file part this address takes (http/router.h) */
    const struct http_pages *pages; /* how pages are rendered (http/response.h) */
    /* Filled by the program's before-handler hook: the logged-in person or caseworker, or
     * NULL. The HTTP layer only carries it. */
    struct auth_session *session;
    int session_expired;     /* the browser brought a session that has run out */

    /* The response. */
    int status;
    const char *content_type;
    char *body;              /* malloc'd, or static when body_static */
    size_t body_len;
    int body_static;
    int body_fd;             /* a file sent instead of body (from its start), when body_is_fd */
    int body_is_fd;
    resp_header *headers;
    int responded;
} req;

const char *kv_get(const kv_list *l, const char *key);
void kv_add(arena *a, kv_list *l, const char *key, const char *value);

const char *req_query(const req *r, const char *key);
const char *req_form(const req *r, const char *key);
const char *req_cookie(const req *r, const char *key);
const char *req_param(const req *r, const char *key);
/* A route parameter that is a positive id (":id" = "42"), or 0 when it is anything else. */
int64_t req_param_id(const req *r, const char *key);
/* A request header, or NULL. */
const char *req_header(const req *r, const char *name);
const upload *req_upload(const req *r, const char *field);
/* 1 when the client is on this machine: a loopback peer with no proxy's forwarding header. */
int req_from_loopback(const req *r);

#endif
