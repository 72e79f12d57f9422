/* A small HTTP client over libcurl for the server tests. */
#ifndef MINSIDE_TESTS_HTTP_CLIENT_H
#define MINSIDE_TESTS_HTTP_CLIENT_H

#include <curl/curl.h>
#include <stddef.h>

#include "core/strbuf.h"

typedef struct http_response {
    long status;
    strbuf headers; /* raw header lines, lower-cased names */
    strbuf body;
} http_response;

typedef struct http_request {
    const char *method;  /* default GET */
    const char *path;    /* sent as is, not normalised */
    const char *const *headers; /* NULL-terminated "Name: value" lines */
    const char *body;
    size_t body_len;
    curl_mime *mime;     /* multipart body instead of body */
    /* A body produced on the fly, for uploads larger than memory should hold. */
    size_t (*read_fn)(char *buf, size_t size, size_t n, void *ud);
    void *read_ud;
    long long read_len;
} http_request;

void http_client_init(int port);
int http_send(const http_request *rq, http_response *out);
/* Convenience for GET. */
int http_get(const char *path, http_response *out);
/* The value of a response header (case-insensitive name), copied into buf; NULL if absent. */
const char *http_header(const http_response *r, const char *name, char *buf, size_t len);
/* The href of the page's link with rel ("next", "prev"), its &amp; undone, copied into buf;
 * 0 (and "") when the page has none. */
int http_page_link(const http_response *r, const char *rel, char *buf, size_t len);
void http_response_free(http_response *r);
CURL *http_curl_handle(void);

#endif
