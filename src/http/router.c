#include "http/router.h"

#include <string.h>

/* Matches path against pattern, filling params. Both start with '/'. */
static int pattern_match(const char *pattern, const char *path, req *r)
{
    size_t nparams = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p != '/' || *s != '/') return 0;
        p++;
        s++;
        const char *pend = strchrnul(p, '/');
        const char *send = strchrnul(s, '/');
        if (*p == '*') {
            if (nparams == ROUTE_MAX_PARAMS) return 0;
            r->params[nparams].key = arena_strndup(r->arena, p + 1, (size_t)(pend - p - 1));
            r->params[nparams].value = arena_strdup(r->arena, s);
            nparams++;
            r->param_count = nparams;
            return 1;
        }
        if (*p == ':') {
            if (send == s || nparams == ROUTE_MAX_PARAMS) return 0;
            r->params[nparams].key = arena_strndup(r->arena, p + 1, (size_t)(pend - p - 1));
            r->params[nparams].value = arena_strndup(r->arena, s, (size_t)(send - s));
            nparams++;
        } else if (pend - p != send - s || memcmp(p, s, (size_t)(pend - p)) != 0) {
            return 0;
        }
        p = pend;
        s = send;
    }
    if (*p || *s) return 0;
    r->param_count = nparams;
    return 1;
}

static int method_matches(const char *route_method, const char *method)
{
    if (!strcmp(route_method, method)) return 1;
    return !strcmp(route_method, "GET") && !strcmp(method, "HEAD");
}

const route *router_find(const route *routes, const req *r)
{
    req probe = *r; /* pattern_match records parameters; the caller's request keeps none */
    for (const route *rt = routes; rt->method; rt++)
        if (method_matches(rt->method, r->method) && pattern_match(rt->pattern, r->path, &probe))
            return rt;
    return NULL;
}

route_result router_match(const route *routes, req *r, route_handler *out, const char **allow)
{
    char allowed[128] = "";
    int path_known = 0;
    for (const route *rt = routes; rt->method; rt++) {
        if (!pattern_match(rt->pattern, r->path, r)) continue;
        if (method_matches(rt->method, r->method)) {
            *out = rt->handler;
            r->route_pattern = rt->pattern;
            return ROUTE_FOUND;
        }
        path_known = 1;
        if (!strstr(allowed, rt->method) && strlen(allowed) + strlen(rt->method) + 8 < sizeof allowed) {
            if (*allowed) strcat(allowed, ", ");
            strcat(allowed, rt->method);
            if (!strcmp(rt->method, "GET")) strcat(allowed, ", HEAD");
        }
    }
    r->param_count = 0;
    if (!path_known) return ROUTE_NOT_FOUND;
    *allow = arena_strdup(r->arena, allowed);
    return ROUTE_METHOD_NOT_ALLOWED;
}
