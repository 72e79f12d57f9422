/* libFuzzer target for screening (skjerming) as a caseworker types it: the words field split at
 * commas, the screening's checks, and the public title with the words replaced. Input: a byte
 * of screened fields, a byte of years, then lines: words, title, registry date, access code,
 * legal basis. */
#include "archive/archive_internal.h"
#include "core/arena.h"
#include "core/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The next line of the input (NUL-terminated in place), or "" at the end. */
static char *next_line(char **p)
{
    if (!*p) return "";
    char *line = *p, *nl = strchr(line, '\n');
    if (nl) *nl = '\0';
    *p = nl ? nl + 1 : NULL;
    return line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    char *text = malloc(size - 1);
    if (!text) return 0;
    memcpy(text, data + 2, size - 2);
    text[size - 2] = '\0';
    char *p = text;
    arena *a = arena_new();
    const char *words_field = next_line(&p), *title = next_line(&p), *date = next_line(&p);
    archive_screening sc = {.fields = data[0], .years = (int8_t)data[1]};
    sc.words = archive_screening_words_split(a, words_field);
    sc.access_code = next_line(&p);
    sc.legal_basis = next_line(&p);

    for (size_t i = 0; sc.words[i]; i++) {
        /* Each word is trimmed and never empty, and there are at most one more than allowed. */
        size_t n = strlen(sc.words[i]);
        if (i > ARCHIVE_MAX_WORDS || n == 0 || sc.words[i][0] == ' ' || sc.words[i][n - 1] == ' ' ||
            strchr(sc.words[i], ','))
            abort();
    }
    char err[256];
    if (archive_screening_validate(&sc, err, sizeof err) == 0) {
        archive_screen_columns cols;
        archive_screening_columns(&sc, title, date, &cols);
        /* Valid words replaced in a valid title leave valid UTF-8. */
        if (utf8_valid(title, strlen(title)) &&
            !utf8_valid(cols.public_title, strlen(cols.public_title)))
            abort();
        if (memchr(cols.ends, '\0', sizeof cols.ends) == NULL) abort();
        free(cols.public_title);
    } else if (!err[0]) {
        abort(); /* a refusal always says why */
    }
    arena_free(a);
    free(text);
    return 0;
}
