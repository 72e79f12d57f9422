#include "view/templates.h"

#include "core/files.h"
#include "view/mustache.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TEMPLATE_SUFFIX ".mustache"
/* Guards against symbolic links that loop back into the tree. */
#define MAX_FOLDER_DEPTH 16

typedef struct named_template {
    char *name;
    mustache_template *tpl;
} named_template;

struct template_set {
    named_template *items; /* sorted by name once loading is done */
    size_t count, cap;
};

/* A malloc'd formatted string, for paths and error messages. */
__attribute__((format(printf, 1, 2))) static char *str_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0) abort();
    return s;
}

static void add_template(template_set *s, char *name, mustache_template *tpl)
{
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        named_template *items = realloc(s->items, cap * sizeof *items);
        if (!items) abort();
        s->items = items;
        s->cap = cap;
    }
    s->items[s->count++] = (named_template){name, tpl};
}

static int load_file(template_set *s, const char *path, const char *name, size_t name_len,
                     char **err)
{
    char *src;
    size_t len;
    if (file_read_all(path, &src, &len) != 0) {
        *err = str_format("%s: %s", path, strerror(errno));
        return -1;
    }
    mustache_template *tpl;
    char *compile_err = NULL;
    int rc = mustache_compile(src, len, &tpl, &compile_err);
    free(src);
    if (rc != 0) {
        *err = str_format("%s: %s", path, compile_err ? compile_err : "ugyldig mal");
        free(compile_err);
        return -1;
    }
    char *copy = strndup(name, name_len);
    if (!copy) abort();
    add_template(s, copy, tpl);
    return 0;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

typedef struct load_ctx {
    template_set *set;
    char **err;
} load_ctx;

static int visit_file(const char *path, const char *name, void *ud)
{
    load_ctx *ctx = ud;
    if (!has_suffix(name, TEMPLATE_SUFFIX)) return 0;
    return load_file(ctx->set, path, name, strlen(name) - strlen(TEMPLATE_SUFFIX), ctx->err);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(((const named_template *)a)->name, ((const named_template *)b)->name);
}

static const mustache_template *find(const template_set *s, const char *name)
{
    if (!s || !name || s->count == 0) return NULL;
    named_template key = {(char *)name, NULL};
    const named_template *hit = bsearch(&key, s->items, s->count, sizeof *s->items, compare_names);
    return hit ? hit->tpl : NULL;
}

static const mustache_template *find_partial(void *ud, const char *name)
{
    return find(ud, name);
}

int templates_load(const char *dir, template_set **out, char **err)
{
    *out = NULL;
    char *local_err = NULL;
    template_set *s = calloc(1, sizeof *s);
    if (!s) abort();
    load_ctx ctx = {s, &local_err};
    if (dir_walk(dir, MAX_FOLDER_DEPTH, visit_file, &ctx) != 0) {
        if (!local_err) local_err = str_format("%s: %s", dir, strerror(errno));
        templates_free(s);
        if (err)
            *err = local_err;
        else
            free(local_err);
        return -1;
    }
    if (s->count) qsort(s->items, s->count, sizeof *s->items, compare_names);
    *out = s;
    return 0;
}

void templates_free(template_set *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->count; i++) {
        free(s->items[i].name);
        mustache_free(s->items[i].tpl);
    }
    free(s->items);
    free(s);
}

int templates_render(const template_set *s, const char *name, json_t *ctx, strbuf *out)
{
    const mustache_template *tpl = find(s, name);
    if (!tpl) return -1;
    return mustache_render(tpl, ctx, find_partial, (void *)s, out);
}

int templates_has(const template_set *s, const char *name)
{
    return find(s, name) != NULL;
}
