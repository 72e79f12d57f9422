/* The HTTP server: libmicrohttpd with its own epoll threads, turning connections into
 * `req`s, routing them and answering. */
#ifndef MINSIDE_HTTP_SERVER_H
#define MINSIDE_HTTP_SERVER_H

#include "http/router.h"

typedef struct http_server http_server;

/* Listens on host:port from g_app.cfg.listen and serves routes. Returns NULL (logged) when
 * the address cannot be used. */
http_server *http_server_start(const route *routes);
/* The port actually bound (useful when the configuration says port 0). */
int http_server_port(const http_server *s);
/* Stops accepting, lets running requests finish for up to grace_seconds, then stops. */
void http_server_stop(http_server *s, int grace_seconds);

#endif
