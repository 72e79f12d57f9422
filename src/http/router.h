/* Static route tables: method + path pattern → handler. Patterns are literal segments,
 * ":name" segments that match one segment, and a final "*name" that matches the rest. */
#ifndef MINSIDE_HTTP_ROUTER_H
#define MINSIDE_HTTP_ROUTER_H

#include <stdint.h>

#include "http/request.h"

typedef void (*route_handler)(req *r);

typedef struct route {
    const char *method; /* "GET" also answers HEAD */
    const char *pattern;
    route_handler handler;
} route;

/* An address that takes larger files than the configured MINSIDE_MAX_FILE_BYTES: a file part
 * stops being written at its limit while it streams in. */
typedef struct route_file_limit {
    const char *pattern; /* as in the route table */
    uint64_t max_file_bytes;
} route_file_limit;

typedef enum { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_METHOD_NOT_ALLOWED } route_result;

/* Finds the handler for r->method and r->path among routes (terminated by a NULL method);
 * fills r->params. On ROUTE_METHOD_NOT_ALLOWED, *allow lists the methods the path has. */
route_result router_match(const route *routes, req *r, route_handler *out, const char **allow);
/* The route for r->method and r->path, or NULL; fills nothing in r. */
const route *router_find(const route *routes, const req *r);

#endif
