/* libFuzzer target for what a GET brings besides its path: the query string and the cookies
 * (decoded by libmicrohttpd, checked by src/http/server.c) and X-Forwarded-For, sent to a
 * running server whose handler checks what it got (http_harness.c).
 *
 * Input: lines: the request target ("/sok?q=…"), the Cookie header, the X-Forwarded-For
 * header. Carriage returns and NUL bytes are left out of the headers, which they would end. */
#include "core/strbuf.h"
#include "http_harness.h"

#include <stdint.h>
#include <string.h>

/* Appends the next line of [*p, end) without CR and NUL, and moves *p past it. */
static void line_append(strbuf *b, const char **p, const char *end)
{
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));
    const char *stop = nl ? nl : end;
    for (const char *c = *p; c < stop; c++)
        if (*c != '\r' && *c != '\0') strbuf_append(b, c, 1);
    *p = nl ? nl + 1 : end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_http_start();
    const char *p = (const char *)data, *end = p + size;
    strbuf rq = STRBUF_INIT;
    strbuf_printf(&rq, "GET ");
    size_t before = rq.len;
    line_append(&rq, &p, end);
    if (rq.len == before) strbuf_printf(&rq, "/");
    strbuf_printf(&rq, " HTTP/1.1\r\nHost: fuzz\r\nCookie: ");
    line_append(&rq, &p, end);
    strbuf_printf(&rq, "\r\nX-Forwarded-For: ");
    line_append(&rq, &p, end);
    strbuf_printf(&rq, "\r\n\r\n");
    fuzz_http_exchange(rq.data, rq.len);
    strbuf_free(&rq);
    return 0;
}
