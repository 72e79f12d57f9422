#ifndef MINSIDE_CORE_UTF8_H
#define MINSIDE_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlong forms, no surrogates, no NUL bytes:
 * a NUL inside user input is never legitimate and would cut strings short later). */
bool utf8_valid(const char *s, size_t len);

/* True when s is a text field as stored: not NULL, 1 to max bytes, well-formed UTF-8, and
 * with one_line no line break (a subject, a header, a name). */
bool utf8_text_within(const char *s, size_t max, bool one_line);

/* The length of the longest start of s[0..len) that has at most max bytes and does not end
 * inside a character: where a text is cut to fit a field or an encoded word. */
size_t utf8_prefix_len(const char *s, size_t len, size_t max);

/* Cuts the NUL-terminated s to at most max bytes, between characters. */
void utf8_cut(char *s, size_t max);

/* Copies src (NULL as "") into dst of size bytes, cut between characters when it is longer. */
void utf8_copy(char *dst, size_t size, const char *src);

/* The number of characters (code points) in the well-formed, NUL-terminated s. */
size_t utf8_chars(const char *s);

#endif
