/* Mustache compiler and renderer.
 *
 * The compiled form is a flat array of nodes. A section node records where its body ends, so
 * rendering walks index ranges instead of a tree. Text nodes point into the template's own
 * copy of the source, so text is stored only once.
 *
 * Standalone lines (a section, inverted, close, partial, comment or delimiter tag alone on a
 * line, with only spaces or tabs around it) are removed while compiling. A standalone
 * partial keeps its indentation, which is applied at render time: the renderer emits the
 * indentation before the first output of each line that comes from the partial's own text,
 * never inside interpolated values. This gives the same output as indenting the partial's
 * source and compiling it again, which is what the specification describes. */
#include "view/mustache.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum node_kind {
    NODE_TEXT,
    NODE_VAR,      /* {{name}}: HTML-escaped */
    NODE_RAW,      /* {{{name}}} or {{&name}} */
    NODE_SECTION,  /* {{#name}} */
    NODE_INVERTED, /* {{^name}} */
    NODE_PARTIAL,  /* {{>name}} */
} node_kind;

typedef struct node {
    node_kind kind;
    size_t off, len; /* TEXT: the text; PARTIAL: its indentation when standalone */
    char *name;      /* everything but TEXT */
    size_t body_end; /* SECTION, INVERTED: index of the first node after the body */
    size_t tag_pos;  /* SECTION, INVERTED: where it opens, for error messages */
    bool standalone; /* PARTIAL */
} node;

struct mustache_template {
    char *src;
    node *nodes;
    size_t count, cap;
};

/* ------------------------------------------------------------------------------------------ */
/* Compiling                                                                                   */

typedef struct parser {
    const char *src;
    size_t len;
    const char *otag, *ctag;
    size_t olen, clen;
    mustache_template *t;
    size_t open[MUSTACHE_MAX_DEPTH]; /* node indexes of sections not yet closed */
    size_t depth;
    size_t text_start; /* where the text not yet turned into a node begins */
    char **err;
} parser;

static size_t line_of(const char *src, size_t pos)
{
    size_t line = 1;
    for (size_t i = 0; i < pos; i++)
        if (src[i] == '\n') line++;
    return line;
}

__attribute__((format(printf, 3, 4))) static int fail(parser *p, size_t pos, const char *fmt, ...)
{
    if (p->err) {
        va_list ap;
        va_start(ap, fmt);
        char *msg = NULL;
        int n = vasprintf(&msg, fmt, ap);
        va_end(ap);
        if (n < 0) abort();
        strbuf b = STRBUF_INIT;
        strbuf_printf(&b, "linje %zu: %s", line_of(p->src, pos), msg);
        free(msg);
        *p->err = strbuf_take(&b);
    }
    return -1;
}

static node *add_node(mustache_template *t, node_kind kind)
{
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        node *nodes = realloc(t->nodes, cap * sizeof *nodes);
        if (!nodes) abort();
        t->nodes = nodes;
        t->cap = cap;
    }
    node *n = &t->nodes[t->count++];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    return n;
}

static void add_text(parser *p, size_t from, size_t to)
{
    if (to <= from) return;
    node *n = add_node(p->t, NODE_TEXT);
    n->off = from;
    n->len = to - from;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
    return is_blank(c) || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static char *dup_trimmed(const char *s, size_t n)
{
    while (n && is_space(*s))
        s++, n--;
    while (n && is_space(s[n - 1]))
        n--;
    char *r = malloc(n + 1);
    if (!r) abort();
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

/* Finds `before` immediately followed by the closing delimiter, from pos; `before` is 0 when
 * only the delimiter is wanted. Returns the position of the whole match or len. */
static size_t find_close(const parser *p, size_t pos, char before)
{
    size_t need = p->clen + (before ? 1 : 0);
    for (size_t i = pos; i + need <= p->len; i++) {
        if (before && p->src[i] != before) continue;
        if (memcmp(p->src + i + (before ? 1 : 0), p->ctag, p->clen) == 0) return i;
    }
    return p->len;
}

/* A tag is standalone when only blanks share its line. On success *line_start is where the
 * line begins and *next is just past the line's end (after "\n" or "\r\n", or at the end). */
static bool standalone_span(const parser *p, size_t tag_start, size_t tag_end, size_t *line_start,
                            size_t *next)
{
    size_t i = tag_start;
    while (i > 0 && is_blank(p->src[i - 1]))
        i--;
    if (i > 0 && p->src[i - 1] != '\n') return false;
    size_t j = tag_end;
    while (j < p->len && is_blank(p->src[j]))
        j++;
    if (j < p->len) {
        if (p->src[j] == '\n')
            j++;
        else if (p->src[j] == '\r' && j + 1 < p->len && p->src[j + 1] == '\n')
            j += 2;
        else
            return false;
    }
    *line_start = i;
    *next = j;
    return true;
}

static bool valid_delimiter(const char *s, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (is_space(s[i]) || s[i] == '=') return false;
    return true;
}

/* Applies "{{=<% %>=}}"; content is the text between the two '='. The new delimiters point
 * into the source, which outlives the parser. */
static int set_delimiters(parser *p, size_t content, size_t content_end, size_t tag_start)
{
    const char *s = p->src;
    size_t i = content;
    while (i < content_end && is_space(s[i]))
        i++;
    size_t open_start = i;
    while (i < content_end && !is_space(s[i]))
        i++;
    size_t open_end = i;
    while (i < content_end && is_space(s[i]))
        i++;
    size_t close_start = i;
    while (i < content_end && !is_space(s[i]))
        i++;
    size_t close_end = i;
    while (i < content_end && is_space(s[i]))
        i++;
    if (i != content_end || !valid_delimiter(s + open_start, open_end - open_start) ||
        !valid_delimiter(s + close_start, close_end - close_start))
        return fail(p, tag_start, "ugyldig skilletegn-tagg (venter f.eks. {{=<%% %%>=}})");
    p->otag = s + open_start;
    p->olen = open_end - open_start;
    p->ctag = s + close_start;
    p->clen = close_end - close_start;
    return 0;
}

static int open_section(parser *p, node_kind kind, char *name, size_t tag_start)
{
    if (p->depth == MUSTACHE_MAX_DEPTH) {
        free(name);
        return fail(p, tag_start, "seksjoner er nestet dypere enn %d nivåer", MUSTACHE_MAX_DEPTH);
    }
    node *n = add_node(p->t, kind);
    n->name = name;
    n->tag_pos = tag_start;
    p->open[p->depth++] = p->t->count - 1;
    return 0;
}

static int close_section(parser *p, char *name, size_t tag_start)
{
    int rc = 0;
    if (p->depth == 0) {
        rc = fail(p, tag_start, "«%s» lukkes, men er ikke åpnet", name);
    } else {
        node *open = &p->t->nodes[p->open[p->depth - 1]];
        if (strcmp(open->name, name) != 0) {
            rc = fail(p, tag_start, "«%s» lukkes, men innerste åpne seksjon er «%s» (linje %zu)",
                      name, open->name, line_of(p->src, open->tag_pos));
        } else {
            open->body_end = p->t->count;
            p->depth--;
        }
    }
    free(name);
    return rc;
}

static bool may_stand_alone(char sigil)
{
    return sigil && strchr("#^/>!=", sigil) != NULL;
}

/* Parses the tag whose opening delimiter starts at tag_start, after turning the text before
 * it into a node; *resume is set to where scanning goes on. */
static int parse_tag(parser *p, size_t tag_start, size_t *resume)
{
    size_t pos = tag_start + p->olen;
    char sigil = pos < p->len && strchr("#^/>!=&{", p->src[pos]) ? p->src[pos] : 0;
    if (sigil) pos++;
    char closing_char = sigil == '{' ? '}' : sigil == '=' ? '=' : 0;
    size_t close = find_close(p, pos, closing_char);
    if (close == p->len)
        return fail(p, tag_start, "taggen er ikke lukket (mangler «%s%.*s»)",
                    closing_char == '}'   ? "}"
                    : closing_char == '=' ? "="
                                          : "",
                    (int)p->clen, p->ctag);
    size_t tag_end = close + (closing_char ? 1 : 0) + p->clen;

    size_t line_start, next;
    bool standalone =
        may_stand_alone(sigil) && standalone_span(p, tag_start, tag_end, &line_start, &next);
    add_text(p, p->text_start, standalone ? line_start : tag_start);
    *resume = p->text_start = standalone ? next : tag_end;

    if (sigil == '!') return 0;
    if (sigil == '=') return set_delimiters(p, pos, close, tag_start);

    char *name = dup_trimmed(p->src + pos, close - pos);
    if (name[0] == '\0') {
        free(name);
        return fail(p, tag_start, "taggen mangler navn");
    }
    switch (sigil) {
    case '#':
        return open_section(p, NODE_SECTION, name, tag_start);
    case '^':
        return open_section(p, NODE_INVERTED, name, tag_start);
    case '/':
        return close_section(p, name, tag_start);
    case '>': {
        node *n = add_node(p->t, NODE_PARTIAL);
        n->name = name;
        n->standalone = standalone;
        if (standalone) {
            n->off = line_start;
            n->len = tag_start - line_start;
        }
        return 0;
    }
    default: {
        node *n = add_node(p->t, sigil ? NODE_RAW : NODE_VAR);
        n->name = name;
        return 0;
    }
    }
}

static int parse(parser *p)
{
    size_t pos = 0;
    for (;;) {
        const char *tag = memmem(p->src + pos, p->len - pos, p->otag, p->olen);
        if (!tag) break;
        if (parse_tag(p, (size_t)(tag - p->src), &pos) != 0) return -1;
    }
    add_text(p, p->text_start, p->len);
    if (p->depth > 0) {
        const node *open = &p->t->nodes[p->open[p->depth - 1]];
        return fail(p, open->tag_pos, "seksjonen «%s» er ikke lukket", open->name);
    }
    return 0;
}

int mustache_compile(const char *src, size_t len, mustache_template **out, char **err)
{
    *out = NULL;
    if (err) *err = NULL;
    mustache_template *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->src = malloc(len + 1);
    if (!t->src) abort();
    if (len) memcpy(t->src, src, len);
    t->src[len] = '\0';
    parser p = {
        .src = t->src,
        .len = len,
        .otag = "{{",
        .olen = 2,
        .ctag = "}}",
        .clen = 2,
        .t = t,
        .err = err,
    };
    if (parse(&p) != 0) {
        mustache_free(t);
        return -1;
    }
    *out = t;
    return 0;
}

void mustache_free(mustache_template *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->count; i++)
        free(t->nodes[i].name);
    free(t->nodes);
    free(t->src);
    free(t);
}

/* ------------------------------------------------------------------------------------------ */
/* Rendering                                                                                   */

typedef struct render_state {
    strbuf *out;
    mustache_partial_fn partials;
    void *ud;
    /* Context stack: the root plus one entry a section level, so depth bounds it. */
    json_t *stack[MUSTACHE_MAX_DEPTH + 1];
    size_t nstack;
    int depth;
    /* Indentation of standalone partials being rendered; the current one is
     * indents.data[indent_from, indents.len), as a partial inside an indented partial is
     * indented by both. */
    strbuf indents;
    size_t indent_from;
    bool at_line_start;
} render_state;

static void flush_indent(render_state *st)
{
    if (st->at_line_start && st->indents.len > st->indent_from)
        strbuf_append(st->out, st->indents.data + st->indent_from,
                      st->indents.len - st->indent_from);
    st->at_line_start = false;
}

static void emit_text(render_state *st, const char *s, size_t n)
{
    if (st->indents.len == st->indent_from) {
        strbuf_append(st->out, s, n);
        return;
    }
    size_t i = 0;
    while (i < n) {
        flush_indent(st);
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) + 1 : n;
        strbuf_append(st->out, s + i, end - i);
        st->at_line_start = nl != NULL;
        i = end;
    }
}

/* Resolves a name as the specification describes: "." is the top of the context stack; the
 * first part of a dotted name is looked up from the top of the stack down, the other parts
 * only inside what the previous part found. */
static json_t *lookup(const render_state *st, const char *name)
{
    if (strcmp(name, ".") == 0) return st->stack[st->nstack - 1];
    size_t part_len = strcspn(name, ".");
    json_t *v = NULL;
    for (size_t i = st->nstack; i-- > 0 && !v;)
        if (json_is_object(st->stack[i])) v = json_object_getn(st->stack[i], name, part_len);
    while (v && name[part_len] == '.') {
        name += part_len + 1;
        part_len = strcspn(name, ".");
        v = json_is_object(v) ? json_object_getn(v, name, part_len) : NULL;
    }
    return v;
}

static bool is_truthy(const json_t *v)
{
    if (!v || json_is_false(v) || json_is_null(v)) return false;
    return !json_is_array(v) || json_array_size(v) > 0;
}

/* The shortest "%g" form that reads back to the same double, so 1.21 prints as "1.21" and
 * not "1.2100000000000000". */
static void append_real(strbuf *out, double d)
{
    char buf[40];
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(buf, sizeof buf, "%.*g", precision, d);
        if (strtod(buf, NULL) == d) break;
    }
    strbuf_puts(out, buf);
}

static void emit_value(render_state *st, const json_t *v, bool escape)
{
    flush_indent(st);
    switch (json_typeof(v)) {
    case JSON_STRING:
        if (escape)
            strbuf_append_html(st->out, json_string_value(v), json_string_length(v));
        else
            strbuf_append(st->out, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        strbuf_printf(st->out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        append_real(st->out, json_real_value(v));
        break;
    case JSON_TRUE:
        strbuf_puts(st->out, "true");
        break;
    case JSON_FALSE:
        strbuf_puts(st->out, "false");
        break;
    default:
        break; /* null, objects and arrays have no text form */
    }
}

static int render_nodes(render_state *st, const mustache_template *t, size_t from, size_t to);

static int render_body_with(render_state *st, const mustache_template *t, const node *n,
                            size_t index, json_t *top)
{
    if (st->nstack > MUSTACHE_MAX_DEPTH) return -1;
    st->stack[st->nstack++] = top;
    int rc = render_nodes(st, t, index + 1, n->body_end);
    st->nstack--;
    return rc;
}

static int render_section_body(render_state *st, const mustache_template *t, size_t index)
{
    const node *n = &t->nodes[index];
    json_t *v = lookup(st, n->name);
    bool truthy = is_truthy(v);
    if (n->kind == NODE_INVERTED) return truthy ? 0 : render_nodes(st, t, index + 1, n->body_end);
    if (!truthy) return 0;
    if (!json_is_array(v)) return render_body_with(st, t, n, index, v);
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item) if (render_body_with(st, t, n, index, item) != 0) return -1;
    return 0;
}

/* Every section and partial is one level; the limit keeps recursive partials off the end
 * of the C stack and the context stack. */
static int render_section(render_state *st, const mustache_template *t, size_t index)
{
    if (st->depth == MUSTACHE_MAX_DEPTH) return -1;
    st->depth++;
    int rc = render_section_body(st, t, index);
    st->depth--;
    return rc;
}

static int render_partial(render_state *st, const mustache_template *t, const node *n)
{
    if (!n->standalone) flush_indent(st);
    const mustache_template *partial = st->partials ? st->partials(st->ud, n->name) : NULL;
    if (!partial) return 0;

    size_t saved_from = st->indent_from, saved_len = st->indents.len;
    if (n->standalone) {
        strbuf_append(&st->indents, t->src + n->off, n->len);
        st->at_line_start = true;
    } else {
        /* An inline partial starts mid-line, so no indentation applies to it. */
        st->indent_from = st->indents.len;
    }
    int rc = -1;
    if (st->depth < MUSTACHE_MAX_DEPTH) {
        st->depth++;
        rc = render_nodes(st, partial, 0, partial->count);
        st->depth--;
    }
    st->indent_from = saved_from;
    st->indents.len = saved_len;
    /* A standalone partial replaced a whole line, so the parent goes on at a line start. */
    st->at_line_start = n->standalone;
    return rc;
}

static int render_nodes(render_state *st, const mustache_template *t, size_t from, size_t to)
{
    int rc = 0;
    for (size_t i = from; i < to && rc == 0; i++) {
        const node *n = &t->nodes[i];
        switch (n->kind) {
        case NODE_TEXT:
            emit_text(st, t->src + n->off, n->len);
            break;
        case NODE_VAR:
        case NODE_RAW: {
            json_t *v = lookup(st, n->name);
            if (v)
                emit_value(st, v, n->kind == NODE_VAR);
            else
                flush_indent(st);
            break;
        }
        case NODE_SECTION:
        case NODE_INVERTED:
            rc = render_section(st, t, i);
            i = n->body_end - 1;
            break;
        case NODE_PARTIAL:
            rc = render_partial(st, t, n);
            break;
        }
    }
    return rc;
}

int mustache_render(const mustache_template *t, json_t *ctx, mustache_partial_fn partials, void *ud,
                    strbuf *out)
{
    if (!t || !out) return -1;
    render_state st = {.out = out, .partials = partials, .ud = ud, .nstack = 1};
    st.stack[0] = ctx;
    /* Appending nothing makes out NUL-terminated even when the template renders empty. */
    strbuf_append(out, "", 0);
    int rc = render_nodes(&st, t, 0, t->count);
    strbuf_free(&st.indents);
    return rc;
}
