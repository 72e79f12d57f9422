/* A growable byte buffer on the heap, for output whose size is not known in advance
 * (rendered pages, XML, JSON). The caller owns `data` and may take it with strbuf_take(). */
#ifndef MINSIDE_CORE_STRBUF_H
#define MINSIDE_CORE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
    char *data; /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}

void strbuf_append(strbuf *b, const char *s, size_t n);
void strbuf_puts(strbuf *b, const char *s);
void strbuf_putc(strbuf *b, char c);
void strbuf_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with the five HTML-significant characters escaped (& < > " '). */
void strbuf_append_html(strbuf *b, const char *s, size_t n);
/* Returns the buffer (never NULL, "" when empty) and leaves b empty. */
char *strbuf_take(strbuf *b);
void strbuf_reset(strbuf *b);
void strbuf_free(strbuf *b);

#endif
