/* libFuzzer target for the screening (skjerming) form as a caseworker fills it in: the form's
 * fields read by archive_http_screening_form (the words field split at commas, the duration),
 * the screening's checks, and the public title with the words replaced.
 * Input: lines: words (ord), title, registry date, access code (tilgangskode), legal basis
 * (hjemmel), duration (varighet), then one screened field (felt: TRO, NA, NM, TD …) a line. */
#include "archive/archive_http.h"
#include "archive/archive_internal.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "fuzz_lines.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void form_add(req *r, const char *key, const char *value)
{
    if (value) kv_add(r->arena, &r->form, key, value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text_copy(data, size);
    if (!text) return 0;
    char *p = text;
    req r;
    memset(&r, 0, sizeof r);
    r.arena = arena_new();
    form_add(&r, "ord", fuzz_line_next(&p));
    const char *title = fuzz_line_next(&p), *date = fuzz_line_next(&p);
    form_add(&r, "tilgangskode", fuzz_line_next(&p));
    form_add(&r, "hjemmel", fuzz_line_next(&p));
    form_add(&r, "varighet", fuzz_line_next(&p));
    for (const char *felt; (felt = fuzz_line_next(&p));) form_add(&r, "felt", felt);

    archive_screening sc;
    char err[256] = "";
    int rc = archive_http_screening_form(&r, &sc, err, sizeof err);
    if (rc != 0 && !err[0]) abort(); /* a refusal always says why */
    if (rc == 0 && (sc.years < 0 || sc.years > 100)) abort();
    for (size_t i = 0; rc == 0 && sc.words && sc.words[i]; i++) {
        /* Each word is trimmed and never empty, and there is at most one more than allowed. */
        size_t n = strlen(sc.words[i]);
        if (i > ARCHIVE_MAX_WORDS || n == 0 || sc.words[i][0] == ' ' || sc.words[i][n - 1] == ' ' ||
            strchr(sc.words[i], ','))
            abort();
    }
    err[0] = '\0';
    if (rc == 0 && archive_screening_validate(&sc, err, sizeof err) == 0) {
        archive_screen_columns cols;
        archive_screening_columns(&sc, title ? title : "", date ? date : "", &cols);
        /* Valid words replaced in a valid title leave valid UTF-8. */
        if (title && utf8_valid(title, strlen(title)) &&
            !utf8_valid(cols.public_title, strlen(cols.public_title)))
            abort();
        if (!memchr(cols.ends, '\0', sizeof cols.ends)) abort();
        free(cols.public_title);
    } else if (rc == 0 && !err[0]) {
        abort();
    }
    arena_free(r.arena);
    free(text);
    return 0;
}
