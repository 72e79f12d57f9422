/* For targets whose input is several text fields, one a line. */
#ifndef MINSIDE_FUZZ_FUZZ_LINES_H
#define MINSIDE_FUZZ_FUZZ_LINES_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The input as a NUL-terminated copy (malloc'd), or NULL. */
static inline char *fuzz_text_copy(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return NULL;
    memcpy(text, data, size);
    text[size] = '\0';
    return text;
}

/* The next line of a copy (NUL-terminated in place), or NULL after the last one. */
static inline char *fuzz_line_next(char **p)
{
    if (!*p) return NULL;
    char *line = *p, *nl = strchr(line, '\n');
    if (nl) *nl = '\0';
    *p = nl ? nl + 1 : NULL;
    return line;
}

#endif
