/* Screening (skjerming) of registry entries: the rules for a valid screening and the public
 * title with screened words replaced. Storing it: archive_screening_db.c. */
#include "archive/archive_internal.h"

#include "core/workdays.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *archive_screen_text(const char *title, const char *const *words)
{
    size_t cap = strlen(title) + 1, len = 0;
    char *out = malloc(cap);
    if (!out) abort();
    const char *p = title;
    while (*p) {
        /* The longest word that starts here wins, so "Kari Nordmann" beats "Kari". Words are
         * whole UTF-8 sequences, so a match never starts inside a character. */
        size_t best = 0;
        for (size_t i = 0; words && words[i]; i++) {
            size_t n = strlen(words[i]);
            if (n > best && strncmp(p, words[i], n) == 0) best = n;
        }
        const char *piece = best ? ARCHIVE_SCREENED_TEXT : p;
        size_t n = best ? strlen(ARCHIVE_SCREENED_TEXT) : 1;
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            out = realloc(out, cap);
            if (!out) abort();
        }
        memcpy(out + len, piece, n);
        len += n;
        p += best ? best : 1;
    }
    out[len] = '\0';
    return out;
}

int archive_screening_validate(const archive_screening *sc, char *err, size_t errlen)
{
    if (!archive_text_ok(sc->access_code, 100) ||
        !archive_text_ok(sc->legal_basis, ARCHIVE_MAX_NAME))
        return archive_invalid(err, errlen, "Skjerming krever tilgangskode og hjemmel.");
    if (!sc->fields || sc->fields > 0xf)
        return archive_invalid(err, errlen, "Skjerming må si hvilke felt som skjermes.");
    if (!archive_words_ok(sc->words) ||
        ((sc->fields & ARCHIVE_SCREEN_TITLE_WORDS) && (!sc->words || !sc->words[0])))
        return archive_invalid(err, errlen, "Skjerming av ord i tittelen krever ordene.");
    if (sc->years < 0 || sc->years > 100)
        return archive_invalid(err, errlen, "Skjermingsvarigheten må være 0–100 år.");
    return 0;
}

/* "TRO NA" from the screening flags. */
static void screened_codes(unsigned fields, char *buf, size_t len)
{
    static const struct {
        unsigned flag;
        const char *code;
    } codes[] = {{ARCHIVE_SCREEN_TITLE_WORDS, "TRO"},
                 {ARCHIVE_SCREEN_SENDER_NAME, "NA"},
                 {ARCHIVE_SCREEN_RECIPIENT_NAME, "NM"},
                 {ARCHIVE_SCREEN_DOCUMENT_TITLE, "TD"}};
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
        if (!(fields & codes[i].flag)) continue;
        size_t n = strlen(buf);
        snprintf(buf + n, len - n, "%s%s", n ? " " : "", codes[i].code);
    }
}

void archive_screening_columns(const archive_screening *sc, const char *title,
                               const char *registry_date, archive_screen_columns *out)
{
    memset(out, 0, sizeof *out);
    const char *const *words = NULL;
    if (sc) {
        screened_codes(sc->fields, out->codes, sizeof out->codes);
        if (sc->fields & ARCHIVE_SCREEN_TITLE_WORDS) words = sc->words;
        civil_date e;
        if (sc->years > 0 && civil_date_parse(registry_date, &e) == 0) {
            e.year += sc->years;
            if (e.month == 2 && e.day == 29) e.day = 28;
            civil_date_format(e, out->ends);
        }
    }
    out->public_title = archive_screen_text(title, words);
}
