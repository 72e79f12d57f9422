#include "org/org.h"

#include <string.h>

bool org_number_valid(const char *s)
{
    static const int weights[8] = {3, 2, 7, 6, 5, 4, 3, 2};
    if (!s || strlen(s) != 9) return false;
    int sum = 0;
    for (int i = 0; i < 9; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        if (i < 8) sum += (s[i] - '0') * weights[i];
    }
    int rest = sum % 11;
    int check = rest == 0 ? 0 : 11 - rest;
    return check != 10 && check == s[8] - '0';
}

void org_number_format(const char *orgnr, char out[12])
{
    if (strlen(orgnr) != 9) {
        strncpy(out, orgnr, 11);
        out[11] = '\0';
        return;
    }
    memcpy(out, orgnr, 3);
    out[3] = ' ';
    memcpy(out + 4, orgnr + 3, 3);
    out[7] = ' ';
    memcpy(out + 8, orgnr + 6, 3);
    out[11] = '\0';
}

size_t org_number_from_query(const char *q, char out[10])
{
    size_t n = 0;
    for (const char *p = q; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (n == 9) return 0;
            out[n++] = *p;
        } else if (*p != ' ' && *p != '\t') {
            return 0;
        }
    }
    out[n] = '\0';
    return n;
}

/* Decodes one UTF-8 character at s; returns its length, or 0 for an invalid sequence. */
static size_t utf8_decode(const unsigned char *s, unsigned *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
        *cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        return *cp >= 0x80 ? 2 : 0;
    }
    if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        return *cp >= 0x800 ? 3 : 0;
    }
    if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
        (s[3] & 0xC0) == 0x80) {
        *cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
              (s[3] & 0x3Fu);
        return *cp >= 0x10000 && *cp <= 0x10FFFF ? 4 : 0;
    }
    return 0;
}

/* The ASCII spelling a searcher types for a letter of a name: Norwegian letters as they are
 * written without them (æ → ae, ø → o, å → aa), other accents dropped, Sami letters by
 * their base letter. NULL for letters kept as they are. */
static const char *letter_spelling(unsigned cp)
{
    static const struct {
        unsigned cp;
        const char *s;
    } map[] = {
        {0xC6, "ae"}, {0xE6, "ae"}, {0xD8, "o"},  {0xF8, "o"},  {0xC5, "aa"}, {0xE5, "aa"},
        {0xC4, "ae"}, {0xE4, "ae"}, {0xD6, "o"},  {0xF6, "o"},  {0xDC, "u"},  {0xFC, "u"},
        {0xC0, "a"},  {0xC1, "a"},  {0xC2, "a"},  {0xC3, "a"},  {0xE0, "a"},  {0xE1, "a"},
        {0xE2, "a"},  {0xE3, "a"},  {0xC7, "c"},  {0xE7, "c"},  {0xC8, "e"},  {0xC9, "e"},
        {0xCA, "e"},  {0xCB, "e"},  {0xE8, "e"},  {0xE9, "e"},  {0xEA, "e"},  {0xEB, "e"},
        {0xCC, "i"},  {0xCD, "i"},  {0xCE, "i"},  {0xCF, "i"},  {0xEC, "i"},  {0xED, "i"},
        {0xEE, "i"},  {0xEF, "i"},  {0xD1, "n"},  {0xF1, "n"},  {0xD2, "o"},  {0xD3, "o"},
        {0xD4, "o"},  {0xD5, "o"},  {0xF2, "o"},  {0xF3, "o"},  {0xF4, "o"},  {0xF5, "o"},
        {0xD9, "u"},  {0xDA, "u"},  {0xDB, "u"},  {0xF9, "u"},  {0xFA, "u"},  {0xFB, "u"},
        {0xDD, "y"},  {0xFD, "y"},  {0xFF, "y"},  {0xDF, "ss"}, {0x10C, "c"}, {0x10D, "c"},
        {0x110, "d"}, {0x111, "d"}, {0x14A, "n"}, {0x14B, "n"}, {0x160, "s"}, {0x161, "s"},
        {0x166, "t"}, {0x167, "t"}, {0x17D, "z"}, {0x17E, "z"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (map[i].cp == cp) return map[i].s;
    return NULL;
}

static bool is_legal_form(const char *w, size_t len)
{
    static const char *const forms[] = {"as", "asa", "enk", "da", "sa", "ans", "nuf", "ba", "ks", "iks"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        if (strlen(forms[i]) == len && memcmp(forms[i], w, len) == 0) return true;
    return false;
}

size_t org_name_normalise(const char *name, char *out, size_t outlen, bool drop_legal_form)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t n = 0;
    int pending_space = 0;
    if (outlen == 0) return 0;
    while (*s) {
        unsigned cp;
        size_t len = utf8_decode(s, &cp);
        if (len == 0) {
            s++;
            continue;
        }
        char one[2] = {0, 0};
        const char *add = NULL;
        size_t add_len = 0;
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
            one[0] = (char)cp;
            add = one;
        } else if (cp >= 'A' && cp <= 'Z') {
            one[0] = (char)(cp - 'A' + 'a');
            add = one;
        } else if (cp == '.' || cp == '\'' || cp == 0x2019) {
            /* "A.S." and "Kari's" keep their letters together */
        } else if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F)) {
            pending_space = n > 0;
        } else if ((add = letter_spelling(cp)) == NULL) {
            /* a letter without a simpler spelling is kept as it is */
            add = (const char *)s;
            add_len = len;
        }
        if (add) {
            if (!add_len) add_len = strlen(add);
            size_t need = add_len + (pending_space ? 1 : 0);
            if (n + need >= outlen) break;
            if (pending_space) out[n++] = ' ';
            memcpy(out + n, add, add_len);
            n += add_len;
            pending_space = 0;
        }
        s += len;
    }
    out[n] = '\0';
    if (drop_legal_form) {
        char *last = strrchr(out, ' ');
        if (last && is_legal_form(last + 1, n - (size_t)(last + 1 - out))) {
            *last = '\0';
            n = (size_t)(last - out);
        }
    }
    return n;
}

size_t org_name_words(char *norm, const char **words, size_t max)
{
    size_t count = 0;
    char *p = norm;
    while (*p && count < max) {
        words[count++] = p;
        char *sp = strchr(p, ' ');
        if (!sp) break;
        *sp = '\0';
        p = sp + 1;
    }
    return count;
}
