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

/* The last day whose entries no longer give hits on names: a year before today in Oslo (29
 * February goes back to 28 February). */
static void name_cutoff(char out[11])
{
    civil_date t = civil_date_oslo(clock_now());
    t.year -= 1;
    if (t.month == 2 && t.day == 29) t.day = 28;
    civil_date_format(t, out);
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

/* The cursor "YYYY-MM-DD.ID". */
static int cursor_parse(const char *s, char date[11], int64_t *id)
{
    civil_date c;
    if (strlen(s) < 12 || strlen(s) > 30 || s[10] != '.') return -1;
    snprintf(date, 11, "%.10s", s);
    const char *digits = s + 11;
    if (civil_date_parse(date, &c) || strspn(digits, "0123456789") != strlen(digits)) return -1;
    *id = strtoll(digits, NULL, 10);
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
    char after_date[11] = "9999-12-31", cutoff[11];
    int64_t after_id = INT64_MAX;
    if (q->after && *q->after && cursor_parse(q->after, after_date, &after_id))
        return invalid(err, errlen, "Lenken til neste side er ugyldig. Søk på nytt.");
    name_cutoff(cutoff);
    journal_db_search_args args = {
        .terms = &terms,
        .pg_text = join_terms(a, &terms, ""),
        .sqlite_all = join_terms(a, &terms, "\""),
        .name_cutoff = cutoff,
        .from = *from ? from : "0000-01-01",
        .to = *to ? to : "9999-12-31",
        .type = type,
        .case_number = case_number,
        .after_date = after_date,
        .after_id = after_id,
    };
    args.sqlite_words = arena_printf(a, "{words} : (%s)", args.sqlite_all);
    journal_hit_key keys[JOURNAL_PAGE_SIZE + 1];
    size_t n = 0;
    rc = journal_db_search(d, &args, keys, JOURNAL_PAGE_SIZE + 1, &n);
    if (rc) return rc;
    out->hits = arena_calloc(a, JOURNAL_PAGE_SIZE + 1, sizeof *out->hits);
    for (size_t i = 0; i < n && i < JOURNAL_PAGE_SIZE; i++) {
        rc = journal_public_entry_get(d, a, keys[i].id, &out->hits[out->count]);
        if (rc == JOURNAL_ERR_NOT_PUBLIC) continue; /* stopped between the two reads */
        if (rc) return rc;
        out->count++;
    }
    if (n > JOURNAL_PAGE_SIZE) {
        const journal_hit_key *last = &keys[JOURNAL_PAGE_SIZE - 1];
        out->next = arena_printf(a, "%s.%lld", last->registry_date, (long long)last->id);
    }
    return 0;
}
