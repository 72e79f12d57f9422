/* Organisations from Enhetsregisteret: the rules that need no database. Organisation numbers
 * and their MOD11 check digit, and the normalised form of names that the search compares. */
#ifndef MINSIDE_ORG_ORG_H
#define MINSIDE_ORG_ORG_H

#include <stdbool.h>
#include <stddef.h>

enum {
    ORG_NAME_MAX = 600,      /* bytes of a unit's name; longer names are cut at a character */
    ORG_NORM_MAX = 700,      /* bytes of a normalised name (æ → ae can make it longer) */
    ORG_WORDS_MAX = 24,      /* words of a name that are indexed for the search */
    ORG_QUERY_MAX = 200,     /* bytes of a search query */
};

/* True when s is nine digits whose last is the MOD11 check digit of the first eight
 * (weights 3 2 7 6 5 4 3 2; a remainder of 0 gives 0, a remainder of 1 has no valid digit). */
bool org_number_valid(const char *s);

/* "310000027" → "310 000 027" (out has room for 12 bytes). */
void org_number_format(const char *orgnr, char out[12]);

/* Digits of a query that is an organisation number, whole or begun, with or without spaces
 * ("310 000", "310000027"): writes the digits (up to 9) to out and returns their count, or 0
 * when q is not such a query. */
size_t org_number_from_query(const char *q, char out[10]);

/* Normalises a name for comparison: lower case, æ → ae, ø → o, å → aa and other accents
 * dropped (é → e, ü → u), punctuation removed, runs of space collapsed. With
 * drop_legal_form, a last word that is a legal form (AS, ASA, ENK, DA, SA, ANS, NUF …) is
 * removed when other words remain. Writes at most outlen-1 bytes and a NUL; returns the
 * length. Bytes that are not valid UTF-8 are skipped. */
size_t org_name_normalise(const char *name, char *out, size_t outlen, bool drop_legal_form);

/* Splits a normalised name into its words (in place, replacing spaces by NULs); returns the
 * count, at most max. */
size_t org_name_words(char *norm, const char **words, size_t max);

#endif
