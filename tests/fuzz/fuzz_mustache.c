/* libFuzzer target for the mustache engine. The input is a template, optionally followed by
 * a NUL byte and a JSON view model. Every partial name resolves to the template itself, so
 * recursion and the depth limit get exercised too.
 *
 * Build (from the repository root):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *     tests/fuzz/fuzz_mustache.c src/view/mustache.c src/core/strbuf.c -ljansson \
 *     -o fuzz_mustache
 *   ./fuzz_mustache -max_total_time=60 */
#include "core/strbuf.h"
#include "view/mustache.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const mustache_template *every_partial_is_self(void *ud, const char *name)
{
    (void)name;
    return ud;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *src = (const char *)data;
    const char *nul = memchr(src, '\0', size);
    size_t template_len = nul ? (size_t)(nul - src) : size;

    mustache_template *t = NULL;
    char *err = NULL;
    if (mustache_compile(src, template_len, &t, &err) != 0) {
        if (!err) abort(); /* a failed compile must always say why */
        free(err);
        return 0;
    }
    json_t *ctx = nul ? json_loadb(nul + 1, size - template_len - 1, JSON_DECODE_ANY, NULL)
                      : json_pack("{s:s,s:[i,f,b],s:{s:s}}", "a", "<&>", "b", 1, 2.5, 1, "c",
                                  "d", "e");
    strbuf out = STRBUF_INIT;
    mustache_render(t, ctx, every_partial_is_self, t, &out);
    strbuf_free(&out);
    json_decref(ctx);
    mustache_free(t);
    return 0;
}
