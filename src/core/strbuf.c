#include "core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void strbuf_reserve(strbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) abort();
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        fputs("minside: tom for minne\n", stderr);
        abort();
    }
    b->data = p;
    b->cap = cap;
}

void strbuf_append(strbuf *b, const char *s, size_t n)
{
    strbuf_reserve(b, n);
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void strbuf_puts(strbuf *b, const char *s)
{
    strbuf_append(b, s, strlen(s));
}

void strbuf_putc(strbuf *b, char c)
{
    strbuf_append(b, &c, 1);
}

void strbuf_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) abort();
    strbuf_reserve(b, (size_t)n);
    /* Never NULL after the reserve; said again for GCC 12, which at -O2 with the sanitizers
     * otherwise warns about the vsnprintf calls. */
    if (!b->data) abort();
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    va_end(ap);
}

void strbuf_append_html(strbuf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        strbuf_append(b, s + start, i - start);
        strbuf_puts(b, rep);
        start = i + 1;
    }
    strbuf_append(b, s + start, n - start);
}

char *strbuf_take(strbuf *b)
{
    char *p = b->data;
    if (!p) {
        p = malloc(1);
        if (!p) abort();
        p[0] = '\0';
    }
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void strbuf_reset(strbuf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void strbuf_free(strbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
