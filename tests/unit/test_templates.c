/* Loading a template folder: names from relative paths, partials from subfolders, and errors
 * that say which file and line is wrong. */
#include "core/strbuf.h"
#include "tap.h"
#include "view/templates.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURES MINSIDE_SOURCE_DIR "/tests/unit/fixtures/templates"

static void test_site(void)
{
    template_set *set = NULL;
    char *err = NULL;
    int rc = templates_load(FIXTURES "/site", &set, &err);
    TAP_EQ_INT(rc, 0, "the fixture site loads (%s)", err ? err : "no error");
    free(err);
    if (rc != 0) return;

    TAP_OK(templates_has(set, "layout"), "a top-level template is named by its file name");
    TAP_OK(templates_has(set, "pages/front"), "a template in a subfolder carries the folder");
    TAP_OK(templates_has(set, "partials/case.item"), "names may contain dots");
    TAP_OK(!templates_has(set, "layout.mustache"), "the suffix is not part of the name");
    TAP_OK(!templates_has(set, ".hidden"), "hidden files are skipped");
    TAP_OK(!templates_has(set, "README"), "files without the suffix are skipped");

    json_t *ctx = json_pack("{s:s,s:{s:s},s:s}", "title", "Min side", "user", "name", "Kari",
                            "content", "<p>Hei</p>");
    strbuf out = STRBUF_INIT;
    TAP_EQ_INT(templates_render(set, "layout", ctx, &out), 0, "the layout renders");
    TAP_EQ_STR(out.data,
               "<!doctype html>\n<html lang=\"nb\">\n<body>\n"
               "  <header>\n    <h1>Min side</h1>\n    <p>Innlogget som Kari</p>\n  </header>\n"
               "  <main>\n    <p>Hei</p>\n  </main>\n</body>\n</html>\n",
               "the header partial is found in its subfolder and indented");
    json_decref(ctx);

    ctx = json_pack("{s:[{s:i,s:s}]}", "cases", "id", 17, "subject", "Klage & svar");
    strbuf_reset(&out);
    TAP_EQ_INT(templates_render(set, "pages/front", ctx, &out), 0, "a page renders");
    TAP_EQ_STR(out.data, "<ul>\n  <li>Sak 17: Klage &amp; svar</li>\n</ul>\n",
               "a list renders through a dotted partial name, escaped");
    json_decref(ctx);

    ctx = json_pack("{s:[]}", "cases");
    strbuf_reset(&out);
    templates_render(set, "pages/front", ctx, &out);
    TAP_EQ_STR(out.data, "<ul>\n  <li>Ingen saker</li>\n</ul>\n", "an empty list is falsy");

    strbuf_reset(&out);
    TAP_EQ_INT(templates_render(set, "pages/missing", ctx, &out), -1, "an unknown name is -1");
    TAP_EQ_INT(templates_render(set, "", ctx, &out), -1, "an empty name is -1");
    TAP_OK(!templates_has(set, "pages/missing"), "templates_has says no to unknown names");
    json_decref(ctx);
    strbuf_free(&out);
    templates_free(set);
}

static void test_syntax_error(void)
{
    template_set *set = (template_set *)1;
    char *err = NULL;
    TAP_EQ_INT(templates_load(FIXTURES "/broken", &set, &err), -1,
               "a broken template fails loading");
    TAP_OK(set == NULL, "and yields no set");
    TAP_OK(err && strstr(err, "pages/list.mustache"), "the error names the file (%s)",
           err ? err : "none");
    TAP_OK(err && strstr(err, "linje 3"), "the error names the line of the unclosed section");
    TAP_OK(err && strstr(err, "cases"), "the error names the section");
    free(err);
}

static void test_missing_folder(void)
{
    template_set *set = NULL;
    char *err = NULL;
    TAP_EQ_INT(templates_load(FIXTURES "/no-such-folder", &set, &err), -1,
               "a missing folder fails loading");
    TAP_OK(err && strstr(err, "no-such-folder"), "the error names the folder");
    free(err);
}

int main(void)
{
    test_site();
    test_syntax_error();
    test_missing_folder();
    return tap_done();
}
