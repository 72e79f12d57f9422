/* The position in a list that pages by key (keyset paging): which way to read, and the sort key
 * and id of the row the page starts after (or ends before). In a URL it is one opaque, URL-safe
 * token; a token that does not decode is refused, so a forged cursor can only name a position,
 * never change the query. */
#ifndef MINSIDE_CORE_PAGE_CURSOR_H
#define MINSIDE_CORE_PAGE_CURSOR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"

enum { PAGE_CURSOR_KEY_MAX = 64 };

typedef struct {
    bool before;                        /* «Forrige»: the rows before the position, else after */
    int64_t id;                         /* the row's id, the last sort column of every list */
    char key[PAGE_CURSOR_KEY_MAX + 1];  /* the row's sort key as text, "" when the order is by id */
} page_cursor;

/* The token for c, allocated in a; NULL if the key is too long or not UTF-8. */
const char *page_cursor_encode(arena *a, const page_cursor *c);
/* Decodes token into c. Returns 0, or -1 if it is not a token page_cursor_encode made. */
int page_cursor_decode(const char *token, page_cursor *c);

/* The key of a list sorted by a number (a time, a year) before the id: 0 with *out set, or -1
 * when the key is not a non-negative decimal number. */
int page_cursor_key_int(const page_cursor *c, int64_t *out);

#endif
