/* libFuzzer target for what the server checks in every request before a handler sees it:
 * UTF-8 validation, route matching with parameters, and the static file path rules. The input
 * is taken as a request path. */
#include "core/arena.h"
#include "core/utf8.h"
#include "http/router.h"
#include "http/static_files.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void handler(req *r)
{
    (void)r;
}

static const route routes[] = {
    {"GET", "/", handler},
    {"GET", "/sak/:id", handler},
    {"GET", "/sak/:id/dokumenter/:doc", handler},
    {"POST", "/sak/:id", handler},
    {"GET", "/static/*path", handler},
    {NULL, NULL, NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!utf8_valid((const char *)data, size)) return 0;
    arena *a = arena_new();
    req r;
    memset(&r, 0, sizeof r);
    r.arena = a;
    r.method = (size & 1) ? "GET" : "POST";
    r.path = arena_strndup(a, (const char *)data, size);
    route_handler h = NULL;
    const char *allow = NULL;
    route_result res = router_match(routes, &r, &h, &allow);
    if (res == ROUTE_FOUND) {
        for (size_t i = 0; i < r.param_count; i++)
            if (!r.params[i].key || !r.params[i].value) abort();
    } else if (res == ROUTE_METHOD_NOT_ALLOWED && !allow) {
        abort();
    }
    arena_free(a);
    return 0;
}
