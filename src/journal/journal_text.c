/* The public search's input rules and the search index's text, without SQL. */
#include "journal/journal_internal.h"

#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int journal_is_case_number(const char *s)
{
    size_t n = strlen(s);
    return n >= 6 && n <= 16 && strspn(s, "0123456789") == 4 && s[4] == '/' &&
           strspn(s + 5, "0123456789") == n - 5 && s[5] != '0';
}

static int invalid(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return JOURNAL_ERR_INVALID;
}

/* Letters (any non-ASCII character counts as one) and digits. */
static int word_char(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Full-text search syntax that must not reach the engines, and that a person may think works. */
static int is_operator(const char *w, size_t n)
{
    static const char *const ops[] = {"OR", "AND", "NOT", "NEAR"};
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (n == strlen(ops[i]) && !strncmp(w, ops[i], n)) return 1;
    for (size_t i = 0; i < n; i++)
        if (strchr("\"*():^{}+|&!<>~", w[i])) return 1;
    return w[0] == '-';
}

int journal_terms_parse(arena *a, const char *text, journal_terms *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->terms = arena_alloc(a, (JOURNAL_MAX_TERMS + 1) * sizeof *out->terms);
    out->terms[0] = NULL;
    if (!text) return 0;
    size_t len = strlen(text);
    if (!utf8_valid(text, len)) return invalid(err, errlen, "Søket inneholder ugyldige tegn.");
    if (utf8_chars(text) > JOURNAL_MAX_QUERY_CHARS)
        return invalid(err, errlen, "Søket kan være på høyst 200 tegn.");
    size_t words = 0;
    for (const char *p = text; *p;) {
        p += strspn(p, " \t\r\n");
        size_t n = strcspn(p, " \t\r\n");
        if (!n) break;
        if (++words > JOURNAL_MAX_QUERY_WORDS)
            return invalid(err, errlen, "Søket kan ha høyst 10 ord.");
        if (is_operator(p, n))
            return invalid(err, errlen,
                           "Søket tar bare vanlige ord. Søkeoperatorer som OR, NEAR, «-», «*» og "
                           "anførselstegn brukes ikke: skriv ordene du leter etter.");
        char *word = arena_strndup(a, p, n);
        if (journal_is_case_number(word)) {
            out->case_number = word;
        } else {
            for (const char *q = word; *q;) {
                while (*q && !word_char((unsigned char)*q)) q++;
                size_t t = 0;
                while (q[t] && word_char((unsigned char)q[t])) t++;
                if (t && out->count < JOURNAL_MAX_TERMS)
                    out->terms[out->count++] = arena_strndup(a, q, t);
                q += t;
            }
        }
        p += n;
    }
    out->terms[out->count] = NULL;
    return 0;
}

/* Appends s and a space to b (cap bytes, which the caller sized for everything). */
static void append(char *b, size_t cap, const char *s)
{
    size_t n = strlen(b);
    snprintf(b + n, cap - n, "%s ", s);
}

/* Blanks every occurrence of name in text, so a person's name is not also a plain word. */
static void blank_out(char *text, const char *name)
{
    size_t n = strlen(name);
    if (!n) return;
    for (char *p = strstr(text, name); p; p = strstr(p + n, name)) memset(p, ' ', n);
}

void journal_index_text_make(arena *a, const archive_entry_public *pe, const char *const *tagged,
                             journal_index_text *out)
{
    size_t cap = strlen(pe->public_title) + strlen(pe->case_public_title) + 4;
    for (size_t i = 0; i < pe->party_count; i++)
        if (pe->parties[i].name) cap += strlen(pe->parties[i].name) + 2;
    for (size_t i = 0; tagged && tagged[i]; i++) cap += strlen(tagged[i]) + 2;
    out->words = arena_calloc(a, 1, cap);
    out->names = arena_calloc(a, 1, cap);
    char *title = arena_strdup(a, pe->public_title), *case_title = arena_strdup(a, pe->case_public_title);
    for (size_t i = 0; tagged && tagged[i]; i++) {
        /* A tagged name that the screening hid is not in the public title: never index it. */
        if (!strstr(pe->public_title, tagged[i]) && !strstr(pe->case_public_title, tagged[i]))
            continue;
        append(out->names, cap, tagged[i]);
        blank_out(title, tagged[i]);
        blank_out(case_title, tagged[i]);
    }
    for (size_t i = 0; i < pe->party_count; i++) {
        const archive_public_party *p = &pe->parties[i];
        if (!p->name) continue;
        if (p->person) {
            append(out->names, cap, p->name);
            blank_out(title, p->name);
            blank_out(case_title, p->name);
        }
    }
    append(out->words, cap, title);
    append(out->words, cap, case_title);
    /* An organisation's name is not a person's name, even when it contains one. */
    for (size_t i = 0; i < pe->party_count; i++)
        if (pe->parties[i].name && !pe->parties[i].person)
            append(out->words, cap, pe->parties[i].name);
}

static int64_t day_number(const char *ymd)
{
    return strtoll(ymd, NULL, 10) * 10000 + strtoll(ymd + 5, NULL, 10) * 100 +
           strtoll(ymd + 8, NULL, 10);
}

int64_t journal_sort_key(const char *ymd, int64_t entry_id)
{
    return day_number(ymd) << 32 | (entry_id & 0xffffffff);
}

int64_t journal_day_first_key(const char *ymd)
{
    return journal_sort_key(ymd, 0);
}

int64_t journal_day_last_key(const char *ymd)
{
    return journal_sort_key(ymd, 0xffffffff);
}
