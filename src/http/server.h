/* The HTTP server: libmicrohttpd with its own epoll threads, turning connections into
 * `req`s, routing them and answering. It knows no domain: the program hands over its routes,
 * its settings and its hooks when it starts the server. */
#ifndef MINSIDE_HTTP_SERVER_H
#define MINSIDE_HTTP_SERVER_H

#include <stdint.h>

#include "core/config.h"
#include "http/response.h"
#include "http/router.h"

typedef struct http_server http_server;

typedef struct http_hooks {
    /* After routing, before the handler (e.g. loading the session and checking a form's
     * origin). A non-zero return means the hook has answered and the handler is skipped.
     * May be NULL. */
    int (*before_handler)(req *r);
    /* When a request is over, answered or not (r->route_pattern is NULL when no route
     * matched; aborted is non-zero when the client went away first). For counting; it must
     * not block. May be NULL. */
    void (*request_done)(const req *r, int64_t duration_us, int aborted);
} http_hooks;

typedef struct http_server_config {
    const config *cfg;   /* listen address, threads, request limits, base URL, proxy trust */
    const route *routes; /* ended by a NULL method */
    const route_file_limit *file_limits; /* ended by a NULL pattern; may be NULL */
    http_pages pages;
    http_hooks hooks;
} http_server_config;

/* Listens on host:port from cfg->listen and serves the routes. The setup is copied; cfg and
 * the templates must outlive the server. Returns NULL (logged) when the address cannot be
 * used. */
http_server *http_server_start(const http_server_config *setup);
/* The port actually bound (useful when the configuration says port 0). */
int http_server_port(const http_server *s);
/* Stops accepting, lets running requests finish for up to grace_seconds, then stops. */
void http_server_stop(http_server *s, int grace_seconds);

#endif
