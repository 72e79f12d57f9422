/* The site's templates: every *.mustache file under a folder, compiled once at start-up and
 * then shared read-only by all request threads. */
#ifndef MINSIDE_VIEW_TEMPLATES_H
#define MINSIDE_VIEW_TEMPLATES_H

#include "core/strbuf.h"

#include <jansson.h>

typedef struct template_set template_set;

/* Loads dir recursively; a template's name is its path relative to dir without ".mustache",
 * e.g. "layout", "pages/front", "partials/header". Partials are looked up in the same set by
 * that name ({{> partials/header}}). Files and folders whose name starts with '.' are
 * skipped. Returns 0, or -1 with *err (malloc'd) naming the file and line. */
int templates_load(const char *dir, template_set **out, char **err);
void templates_free(template_set *s);
/* Returns 0, or -1 when no template has that name or rendering fails. */
int templates_render(const template_set *s, const char *name, json_t *ctx, strbuf *out);
int templates_has(const template_set *s, const char *name);

#endif
