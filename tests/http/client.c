#include "client.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int server_port;

void http_client_init(int port)
{
    server_port = port;
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static size_t collect_body(char *data, size_t size, size_t n, void *ud)
{
    strbuf_append(ud, data, size * n);
    return size * n;
}

static size_t collect_header(char *data, size_t size, size_t n, void *ud)
{
    strbuf *b = ud;
    size_t len = size * n;
    /* A new status line (after 100 Continue) starts the header set again. */
    if (len > 5 && !strncmp(data, "HTTP/", 5)) strbuf_reset(b);
    int in_name = 1;
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == ':') in_name = 0;
        strbuf_putc(b, in_name ? (char)tolower((unsigned char)c) : c);
    }
    return len;
}

int http_send(const http_request *rq, http_response *out)
{
    memset(out, 0, sizeof *out);
    CURL *c = curl_easy_init();
    char url[8192];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", server_port, rq->path);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &out->body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &out->headers);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    struct curl_slist *hdrs = NULL;
    for (const char *const *h = rq->headers; h && *h; h++) hdrs = curl_slist_append(hdrs, *h);
    if (rq->mime) {
        curl_easy_setopt(c, CURLOPT_MIMEPOST, rq->mime);
    } else if (rq->read_fn) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_READFUNCTION, rq->read_fn);
        curl_easy_setopt(c, CURLOPT_READDATA, rq->read_ud);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->read_len);
    } else if (rq->body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)rq->body_len);
    }
    if (rq->method && !strcmp(rq->method, "HEAD")) curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    else if (rq->method) curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
    if (hdrs) curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
    /* A server that answers early (413) and closes may make curl report a send error after
     * the response arrived: the status is what counts then. */
    return (rc == CURLE_OK || out->status > 0) ? 0 : -1;
}

int http_get(const char *path, http_response *out)
{
    http_request rq = {.path = path};
    return http_send(&rq, out);
}

const char *http_header(const http_response *r, const char *name, char *buf, size_t len)
{
    if (!r->headers.data) return NULL;
    char key[128];
    snprintf(key, sizeof key, "\n%s:", name);
    for (char *k = key; *k; k++) *k = (char)tolower((unsigned char)*k);
    const char *hit = strstr(r->headers.data, key);
    if (!hit) return NULL;
    hit += strlen(key);
    while (*hit == ' ') hit++;
    size_t n = strcspn(hit, "\r\n");
    if (n >= len) n = len - 1;
    memcpy(buf, hit, n);
    buf[n] = '\0';
    return buf;
}

void http_response_free(http_response *r)
{
    strbuf_free(&r->headers);
    strbuf_free(&r->body);
}

CURL *http_curl_handle(void)
{
    return curl_easy_init();
}

int http_page_link(const http_response *r, const char *rel, char *buf, size_t len)
{
    char mark[32];
    snprintf(mark, sizeof mark, "\" rel=\"%s\"", rel);
    const char *end = r->body.data ? strstr(r->body.data, mark) : NULL;
    buf[0] = '\0';
    if (!end) return 0;
    const char *start = end;
    while (start > r->body.data && strncmp(start, "href=\"", 6)) start--;
    size_t n = 0;
    for (const char *p = start + 6; p < end && n + 1 < len; p++) {
        buf[n++] = *p;
        if (!strncmp(p, "&amp;", 5)) p += 4;
    }
    buf[n] = '\0';
    return n > 0;
}
