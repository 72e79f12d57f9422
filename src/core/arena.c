#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ARENA_CHUNK = 16 * 1024, ARENA_ALIGN = 16 };

struct chunk {
    struct chunk *next;
    size_t size;
    size_t used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
    struct chunk *head;
    size_t total;
};

static void *checked_malloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fputs("minside: tom for minne\n", stderr);
        abort();
    }
    return p;
}

arena *arena_new(void)
{
    arena *a = checked_malloc(sizeof *a);
    a->head = NULL;
    a->total = 0;
    return a;
}

void arena_free(arena *a)
{
    if (!a) return;
    struct chunk *c = a->head;
    while (c) {
        struct chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

void *arena_alloc(arena *a, size_t size)
{
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (rounded < size) abort();
    struct chunk *c = a->head;
    if (!c || c->size - c->used < rounded) {
        /* Large requests get a chunk of their own so they do not waste a shared one. */
        size_t cap = rounded > ARENA_CHUNK / 4 ? rounded : ARENA_CHUNK;
        struct chunk *n = checked_malloc(sizeof *n + cap);
        n->size = cap;
        n->used = 0;
        if (c && rounded > ARENA_CHUNK / 4) {
            /* Keep the partly used chunk at the head for later small allocations. */
            n->next = c->next;
            c->next = n;
        } else {
            n->next = c;
            a->head = n;
        }
        c = n;
    }
    void *p = c->data + c->used;
    c->used += rounded;
    a->total += size;
    return p;
}

void *arena_calloc(arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) abort();
    void *p = arena_alloc(a, count * size);
    memset(p, 0, count * size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) abort();
    char *p = arena_alloc(a, (size_t)n + 1);
    /* Never NULL (arena_alloc aborts first); said again for GCC 12, which at -O2 with the
     * sanitizers otherwise warns about the vsnprintf calls. */
    if (!p) abort();
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

size_t arena_used(const arena *a)
{
    return a->total;
}
