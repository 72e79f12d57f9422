/* Per-request memory: many small allocations, freed together when the request ends. */
#ifndef MINSIDE_CORE_ARENA_H
#define MINSIDE_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

/* The allocating functions never return NULL: an allocation failure aborts, as nothing sensible
 * can follow it (the attribute lets the compiler know, so optimised builds do not warn about
 * NULL that cannot happen). */
#define ARENA_NONNULL __attribute__((returns_nonnull))
arena *arena_new(void) ARENA_NONNULL;
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t size) ARENA_NONNULL;
void *arena_calloc(arena *a, size_t count, size_t size) ARENA_NONNULL;
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3))) ARENA_NONNULL;
char *arena_vprintf(arena *a, const char *fmt, va_list ap) ARENA_NONNULL;
/* Bytes handed out so far, for limits and tests. */
size_t arena_used(const arena *a);

#endif
