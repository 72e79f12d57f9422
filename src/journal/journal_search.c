/* The public search: the query checked, turned into each engine's full-text query, one page of
 * hits fetched by keyset (journal date, id) newest first, and each hit read in its public form. */
#include "journal/journal_internal.h"

#include "core/clock.h"
#include "core/workdays.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int invalid(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return JOURNAL_ERR_INVALID;
}

static const char *empty_if_null(const char *s)
{
    return s ? s : "";
}

/* The first sort key whose entry still gives hits on names: the day after the same day a year
 * before today in Oslo (29 February goes back to 28 February). */
static int64_t names_from(void)
{
    civil_date t = civil_date_oslo(clock_now());
    t.year -= 1;
    if (t.month == 2 && t.day == 29) t.day = 28;
    char day[11];
    civil_date_format(t, day);
    return journal_day_last_key(day) + 1;
}

/* The terms joined by spaces, each in quote (FTS5 wants "t1" "t2"; plainto_tsquery the bare
 * words). Terms are letters and digits only, so quoting is all FTS5 needs. */
static char *join_terms(arena *a, const journal_terms *t, const char *quote)
{
    size_t cap = 1;
    for (size_t i = 0; i < t->count; i++) cap += strlen(t->terms[i]) + 3;
    char *out = arena_calloc(a, 1, cap);
    for (size_t i = 0; i < t->count; i++) {
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s%s%s%s", i ? " " : "", quote, t->terms[i], quote);
    }
    return out;
}

/* A date filter: "" (none) or a real date. */
static int date_ok(const char *s)
{
    civil_date c;
    return !s || !*s || civil_date_parse(s, &c) == 0;
}

/* The cursor: the sort key of the last hit shown. */
static int cursor_parse(const char *s, int64_t *key)
{
    if (!*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s)) return -1;
    *key = strtoll(s, NULL, 10);
    return 0;
}

int journal_search(db *d, arena *a, const journal_query *q, journal_result *out, char *err,
                   size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (errlen) err[0] = '\0';
    journal_terms terms;
    int rc = journal_terms_parse(a, q->text, &terms, err, errlen);
    if (rc) return rc;
    const char *from = empty_if_null(q->from), *to = empty_if_null(q->to);
    if (!date_ok(from) || !date_ok(to))
        return invalid(err, errlen, "Skriv datoene slik: 2026-03-17.");
    if (*from && *to && strcmp(from, to) > 0)
        return invalid(err, errlen, "Fra-datoen kan ikke være etter til-datoen.");
    const char *type = empty_if_null(q->type);
    if (*type && strcmp(type, "I") && strcmp(type, "U"))
        return invalid(err, errlen, "Velg inngående (I), utgående (U) eller begge.");
    const char *case_number = empty_if_null(q->case_number);
    if (*case_number && !journal_is_case_number(case_number))
        return invalid(err, errlen, "Skriv saksnummeret slik: 2026/17.");
    if (terms.case_number) {
        if (*case_number && strcmp(case_number, terms.case_number)) return 0; /* nothing fits */
        case_number = terms.case_number;
    }
    int64_t before = INT64_MAX;
    if (q->after && *q->after && cursor_parse(q->after, &before))
        return invalid(err, errlen, "Lenken til neste side er ugyldig. Søk på nytt.");
    journal_db_search_args args = {
        .terms = &terms,
        .pg_text = join_terms(a, &terms, ""),
        .sqlite_all = join_terms(a, &terms, "\""),
        .names_from = names_from(),
        .lo = *from ? journal_day_first_key(from) : 0,
        .hi = *to ? journal_day_last_key(to) : INT64_MAX,
        .type = type,
        .case_number = case_number,
        .before = before,
    };
    args.sqlite_words = arena_printf(a, "{words} : (%s)", args.sqlite_all);
    journal_hit_key keys[2 * (JOURNAL_PAGE_SIZE + 1)];
    size_t n = 0;
    rc = journal_db_search(d, &args, keys, JOURNAL_PAGE_SIZE + 1, &n);
    if (rc) return rc;
    out->hits = arena_calloc(a, JOURNAL_PAGE_SIZE + 1, sizeof *out->hits);
    int64_t ids[JOURNAL_PAGE_SIZE];
    size_t shown = n < JOURNAL_PAGE_SIZE ? n : JOURNAL_PAGE_SIZE;
    for (size_t i = 0; i < shown; i++) ids[i] = keys[i].id;
    rc = journal_public_forms(d, a, ids, shown, out->hits, &out->count);
    if (rc) return rc;
    if (n > JOURNAL_PAGE_SIZE) {
        out->next = arena_printf(a, "%lld", (long long)keys[JOURNAL_PAGE_SIZE - 1].sort_key);
    }
    return 0;
}
