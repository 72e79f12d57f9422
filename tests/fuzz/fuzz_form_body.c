/* libFuzzer target for form bodies: url-encoded and multipart, through libmicrohttpd's post
 * processor into the upload sink (src/http/upload_sink.c) of a running server, whose handler
 * checks the fields and files it got (http_harness.c).
 *
 * Input: a byte choosing the Content-Type (bits 0-1: url-encoded, multipart with the boundary
 * "grense", the body's first line as the Content-Type, or none; bit 2: chunked transfer with
 * chunks of the next byte's size + 1; bit 3: the address with a file limit of its own), the
 * chunk size byte, then the body. */
#include "core/strbuf.h"
#include "http_harness.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    fuzz_http_start();
    unsigned flags = data[0];
    size_t chunk = (size_t)data[1] + 1;
    const char *body = (const char *)data + 2;
    size_t body_len = size - 2;

    strbuf rq = STRBUF_INIT;
    strbuf_printf(&rq, "POST %s HTTP/1.1\r\nHost: fuzz\r\n",
                  (flags & 8) ? "/saker/7/dokumenter" : "/skjema");
    switch (flags & 3) {
    case 0:
        strbuf_printf(&rq, "Content-Type: application/x-www-form-urlencoded\r\n");
        break;
    case 1:
        strbuf_printf(&rq, "Content-Type: multipart/form-data; boundary=grense\r\n");
        break;
    case 2: {
        const char *nl = memchr(body, '\n', body_len);
        size_t line = nl ? (size_t)(nl - body) : body_len;
        strbuf_printf(&rq, "Content-Type: ");
        for (size_t i = 0; i < line; i++)
            if (body[i] != '\r' && body[i] != '\0') strbuf_append(&rq, body + i, 1);
        strbuf_printf(&rq, "\r\n");
        body += nl ? line + 1 : line;
        body_len -= nl ? line + 1 : line;
        break;
    }
    default:
        break;
    }
    if (flags & 4) {
        strbuf_printf(&rq, "Transfer-Encoding: chunked\r\n\r\n");
        for (size_t at = 0; at < body_len; at += chunk) {
            size_t n = body_len - at < chunk ? body_len - at : chunk;
            strbuf_printf(&rq, "%zx\r\n", n);
            strbuf_append(&rq, body + at, n);
            strbuf_printf(&rq, "\r\n");
        }
        strbuf_printf(&rq, "0\r\n\r\n");
    } else {
        strbuf_printf(&rq, "Content-Length: %zu\r\n\r\n", body_len);
        strbuf_append(&rq, body, body_len);
    }
    fuzz_http_exchange(rq.data, rq.len);
    strbuf_free(&rq);
    return 0;
}
