/* Mustache templates (https://mustache.github.io/mustache.5.html) rendered from a jansson
 * view model. A template is compiled once and then rendered any number of times, from any
 * number of threads: rendering only reads the compiled form.
 *
 * Supported: variables ({{name}} escaped, {{{name}}} and {{&name}} raw), sections, inverted
 * sections, comments, partials (with standalone-line indentation), set-delimiter tags,
 * dotted names and the implicit iterator ".". Lambdas are not supported (the view model is
 * plain JSON).
 *
 * Values: strings render as-is, integers as integers, reals in the shortest form that reads
 * back to the same number, true/false as "true"/"false", null, missing names, objects and
 * arrays as nothing. In sections false, null, missing names and empty arrays are falsy;
 * everything else (including "" and 0) is truthy. */
#ifndef MINSIDE_VIEW_MUSTACHE_H
#define MINSIDE_VIEW_MUSTACHE_H

#include "core/strbuf.h"

#include <jansson.h>
#include <stddef.h>

/* Deepest nesting of sections and partials, at compile and at render time; it bounds the
 * stack used by recursive partials. */
#define MUSTACHE_MAX_DEPTH 64

typedef struct mustache_template mustache_template;

/* Compiles src; on error returns -1 and sets *err to a malloc'd message with line number. */
int mustache_compile(const char *src, size_t len, mustache_template **out, char **err);
void mustache_free(mustache_template *t);

/* Looks up a partial by name; returns NULL when unknown (renders as empty, per spec). */
typedef const mustache_template *(*mustache_partial_fn)(void *ud, const char *name);

/* Renders t with ctx into out. Thread-safe: a compiled template is read-only. Returns 0 or -1
 * (nesting deeper than MUSTACHE_MAX_DEPTH, e.g. a partial that includes itself forever).
 * partials may be NULL when the template uses none. On -1, out holds partial output. */
int mustache_render(const mustache_template *t, json_t *ctx, mustache_partial_fn partials, void *ud,
                    strbuf *out);

#endif
