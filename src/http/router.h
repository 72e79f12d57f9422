/* Static route tables: method + path pattern → handler. Patterns are literal segments,
 * ":name" segments that match one segment, and a final "*name" that matches the rest. */
#ifndef MINSIDE_HTTP_ROUTER_H
#define MINSIDE_HTTP_ROUTER_H

#include "http/request.h"

typedef void (*route_handler)(req *r);

typedef struct route {
    const char *method; /* "GET" also answers HEAD */
    const char *pattern;
    route_handler handler;
} route;

typedef enum { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_METHOD_NOT_ALLOWED } route_result;

/* Finds the handler for r->method and r->path among routes (terminated by a NULL method);
 * fills r->params. On ROUTE_METHOD_NOT_ALLOWED, *allow lists the methods the path has. */
route_result router_match(const route *routes, req *r, route_handler *out, const char **allow);

#endif
