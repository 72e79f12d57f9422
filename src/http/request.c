#include "http/request.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

void kv_add(arena *a, kv_list *l, const char *key, const char *value)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        kv *items = arena_alloc(a, cap * sizeof *items);
        if (l->count) memcpy(items, l->items, l->count * sizeof *items);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count].key = key;
    l->items[l->count].value = value;
    l->count++;
}

const char *kv_get(const kv_list *l, const char *key)
{
    for (size_t i = 0; i < l->count; i++)
        if (!strcmp(l->items[i].key, key)) return l->items[i].value;
    return NULL;
}

const char *req_query(const req *r, const char *key)
{
    return kv_get(&r->query, key);
}

const char *req_form(const req *r, const char *key)
{
    return kv_get(&r->form, key);
}

int64_t req_param_id(const req *r, const char *key)
{
    const char *s = req_param(r, key);
    if (!s || !*s || strlen(s) > 18) return 0;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9') return 0;
    return strtoll(s, NULL, 10);
}

const char *req_cookie(const req *r, const char *key)
{
    return kv_get(&r->cookies, key);
}

const char *req_param(const req *r, const char *key)
{
    for (size_t i = 0; i < r->param_count; i++)
        if (!strcmp(r->params[i].key, key)) return r->params[i].value;
    return NULL;
}

const char *req_header(const req *r, const char *name)
{
    return r->conn ? MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name) : NULL;
}

int req_from_loopback(const req *r)
{
    if (!r->conn) return 0;
    /* A proxy on the same machine connects from loopback too: what it forwards is not local. */
    if (req_header(r, "X-Forwarded-For") || req_header(r, "Forwarded")) return 0;
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr) return 0;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6) return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr);
    return 0;
}

const upload *req_upload(const req *r, const char *field)
{
    for (size_t i = 0; i < r->upload_count; i++)
        if (!strcmp(r->uploads[i].field, field)) return &r->uploads[i];
    return NULL;
}
