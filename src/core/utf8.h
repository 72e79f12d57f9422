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

#endif
