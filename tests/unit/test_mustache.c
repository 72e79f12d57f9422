/* Runs every test of the official mustache specification (the required modules; the optional
 * "~" ones cover lambdas, inheritance and dynamic names, which the engine does not offer),
 * then checks the engine's own limits and error messages. */
#include "core/strbuf.h"
#include "tap.h"
#include "view/mustache.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const spec_modules[] = {
    "comments", "delimiters", "interpolation", "inverted", "partials", "sections",
};

/* The partials of one spec test, compiled. */
typedef struct partial_table {
    const char *names[32];
    mustache_template *tpls[32];
    size_t count;
} partial_table;

static const mustache_template *find_partial(void *ud, const char *name)
{
    const partial_table *table = ud;
    for (size_t i = 0; i < table->count; i++)
        if (strcmp(table->names[i], name) == 0) return table->tpls[i];
    return NULL;
}

static int compile_partials(json_t *partials, partial_table *table)
{
    const char *name;
    json_t *src;
    json_object_foreach(partials, name, src)
    {
        if (table->count == 32) return -1;
        char *err = NULL;
        mustache_template *t;
        if (mustache_compile(json_string_value(src), json_string_length(src), &t, &err) != 0) {
            printf("# partial %s: %s\n", name, err);
            free(err);
            return -1;
        }
        table->names[table->count] = name;
        table->tpls[table->count++] = t;
    }
    return 0;
}

static void free_partials(partial_table *table)
{
    for (size_t i = 0; i < table->count; i++)
        mustache_free(table->tpls[i]);
}

static void run_spec_test(const char *module, json_t *test)
{
    const char *name = json_string_value(json_object_get(test, "name"));
    json_t *template = json_object_get(test, "template");
    const char *expected = json_string_value(json_object_get(test, "expected"));
    partial_table partials = {.count = 0};
    strbuf out = STRBUF_INIT;
    char *err = NULL;
    mustache_template *t = NULL;
    int rc = compile_partials(json_object_get(test, "partials"), &partials);
    if (rc == 0)
        rc = mustache_compile(json_string_value(template), json_string_length(template), &t, &err);
    if (rc == 0)
        rc = mustache_render(t, json_object_get(test, "data"), find_partial, &partials, &out);
    if (err) printf("# %s\n", err);
    TAP_EQ_STR(rc == 0 ? out.data : NULL, expected, "%s: %s", module, name);
    free(err);
    mustache_free(t);
    free_partials(&partials);
    strbuf_free(&out);
}

static int run_spec_module(const char *spec_dir, const char *module)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/mustache/specs/%s.json", spec_dir, module);
    json_error_t error;
    json_t *spec = json_load_file(path, 0, &error);
    TAP_OK(spec != NULL, "spec file %s loads (%s)", path, spec ? "ok" : error.text);
    if (!spec) return 0;
    size_t i;
    json_t *test;
    json_t *tests = json_object_get(spec, "tests");
    json_array_foreach(tests, i, test) run_spec_test(module, test);
    size_t count = json_array_size(tests);
    json_decref(spec);
    return (int)count;
}

/* Renders src with the JSON data and no partials; returns a malloc'd string or NULL. */
static char *render(const char *src, const char *data)
{
    mustache_template *t;
    if (mustache_compile(src, strlen(src), &t, NULL) != 0) return NULL;
    json_t *ctx = json_loads(data, JSON_DECODE_ANY, NULL);
    strbuf out = STRBUF_INIT;
    int rc = mustache_render(t, ctx, NULL, NULL, &out);
    json_decref(ctx);
    mustache_free(t);
    if (rc != 0) {
        strbuf_free(&out);
        return NULL;
    }
    return strbuf_take(&out);
}

static void check_render(const char *src, const char *data, const char *want, const char *what)
{
    char *got = render(src, data);
    TAP_EQ_STR(got, want, "%s", what);
    free(got);
}

/* Compiles src expecting failure; returns the malloc'd message. */
static char *compile_error(const char *src)
{
    mustache_template *t = NULL;
    char *err = NULL;
    int rc = mustache_compile(src, strlen(src), &t, &err);
    if (rc == 0) mustache_free(t);
    return rc == -1 ? err : NULL;
}

static void check_compile_error(const char *src, const char *needle, const char *what)
{
    char *err = compile_error(src);
    TAP_OK(err && strstr(err, needle), "%s (%s)", what, err ? err : "compiled");
    free(err);
}

static void test_values(void)
{
    check_render("{{a}}|{{b}}|{{c}}|{{d}}", "{\"a\":true,\"b\":false,\"c\":-7,\"d\":0.1}",
                 "true|false|-7|0.1", "booleans, negative integers and reals have text forms");
    check_render("{{x}}", "{\"x\":1e300}", "1e+300", "large reals print briefly");
    check_render("{{x}}{{y}}", "{\"x\":{\"a\":1},\"y\":[1]}", "",
                 "objects and arrays print nothing");
    check_render("{{#s}}yes{{/s}}{{#z}}zero{{/z}}", "{\"s\":\"\",\"z\":0}", "yeszero",
                 "empty string and 0 are truthy in sections");
    check_render("{{x}}", "{\"x\":\"Ærlig 'rett'\"}", "Ærlig &#39;rett&#39;",
                 "apostrophes are escaped too");
    check_render("{{a.b}}", "{\"a\":\"str\"}", "", "dotting into a string yields nothing");
    check_render("{{x}}", "null", "", "a null root context renders missing names empty");
}

static void test_compile_errors(void)
{
    check_compile_error("a\nb\n{{#open}}\nx\n", "linje 3", "an unclosed section names its line");
    check_compile_error("{{#a}}\n{{/b}}", "linje 2", "a mismatched close names its line");
    check_compile_error("x\n{{/a}}", "linje 2", "a close without open names its line");
    check_compile_error("x {{name", "linje 1", "an unclosed tag is an error");
    check_compile_error("{{{name}}", "linje 1", "an unclosed triple mustache is an error");
    check_compile_error("{{}}", "navn", "an empty tag is an error");
    check_compile_error("{{=<%%>=}}", "skilletegn", "a delimiter tag needs two delimiters");
    check_compile_error("{{= <% % >=}}", "skilletegn", "a delimiter tag takes exactly two");
}

static void test_depth_limits(void)
{
    strbuf deep = STRBUF_INIT;
    for (int i = 0; i < MUSTACHE_MAX_DEPTH + 1; i++)
        strbuf_puts(&deep, "{{#a}}");
    for (int i = 0; i < MUSTACHE_MAX_DEPTH + 1; i++)
        strbuf_puts(&deep, "{{/a}}");
    check_compile_error(deep.data, "dypere", "sections nested too deep are refused");
    strbuf_reset(&deep);
    for (int i = 0; i < MUSTACHE_MAX_DEPTH; i++)
        strbuf_puts(&deep, "{{#a}}");
    strbuf_puts(&deep, "{{x}}");
    for (int i = 0; i < MUSTACHE_MAX_DEPTH; i++)
        strbuf_puts(&deep, "{{/a}}");
    check_render(deep.data, "{\"a\":true,\"x\":\"bunn\"}", "bunn",
                 "sections nested exactly as deep as allowed render");
    strbuf_free(&deep);

    /* A partial that includes itself unconditionally would recurse forever. */
    partial_table partials = {.count = 0};
    json_t *defs = json_pack("{s:s}", "self", "x{{>self}}");
    TAP_OK(compile_partials(defs, &partials) == 0, "a self-including partial compiles");
    strbuf out = STRBUF_INIT;
    json_t *ctx = json_object();
    TAP_EQ_INT(mustache_render(partials.tpls[0], ctx, find_partial, &partials, &out), -1,
               "endless partial recursion is stopped");
    TAP_OK(out.len < 200, "and stops early (%zu bytes written)", out.len);

    /* Recursion that ends is fine, as deep as the limit allows. */
    json_t *tree = json_object();
    json_t *node = tree;
    for (int i = 0; i < 20; i++) {
        json_t *child = json_object();
        json_object_set_new(node, "c", child);
        node = child;
    }
    /* Without this the innermost lookup of "c" would find its parent's "c" again. */
    json_object_set_new(node, "c", json_false());
    json_t *defs2 = json_pack("{s:s}", "node", "({{#c}}{{>node}}{{/c}})");
    partial_table tree_partials = {.count = 0};
    compile_partials(defs2, &tree_partials);
    strbuf_reset(&out);
    TAP_EQ_INT(mustache_render(tree_partials.tpls[0], tree, find_partial, &tree_partials, &out), 0,
               "bounded partial recursion renders");
    TAP_EQ_INT(out.len, 42, "to the full depth");

    free_partials(&partials);
    free_partials(&tree_partials);
    json_decref(defs);
    json_decref(defs2);
    json_decref(ctx);
    json_decref(tree);
    strbuf_free(&out);
}

static void test_nested_indentation(void)
{
    partial_table partials = {.count = 0};
    json_t *defs = json_pack("{s:s,s:s}", "outer", "<\n  {{>inner}}\n>\n", "inner", "a\nb\n");
    compile_partials(defs, &partials);
    mustache_template *t;
    const char *src = "  {{>outer}}\nend {{>inner}}";
    mustache_compile(src, strlen(src), &t, NULL);
    strbuf out = STRBUF_INIT;
    json_t *ctx = json_object();
    mustache_render(t, ctx, find_partial, &partials, &out);
    TAP_EQ_STR(
        out.data, "  <\n    a\n    b\n  >\nend a\nb\n",
        "standalone partials inside partials add up their indentation; inline ones get none");
    mustache_free(t);
    free_partials(&partials);
    json_decref(defs);
    json_decref(ctx);
    strbuf_free(&out);
}

int main(void)
{
    const char *spec_dir = getenv("MINSIDE_SPEC_DIR");
    if (!spec_dir) spec_dir = MINSIDE_SOURCE_DIR "/../shared/reference";
    int spec_tests = 0;
    for (size_t i = 0; i < sizeof spec_modules / sizeof *spec_modules; i++)
        spec_tests += run_spec_module(spec_dir, spec_modules[i]);
    printf("# %d specification tests run\n", spec_tests);
    TAP_OK(spec_tests > 100, "the specification files hold the expected tests");

    test_values();
    test_compile_errors();
    test_depth_limits();
    test_nested_indentation();
    return tap_done();
}
