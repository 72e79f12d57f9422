/* The organisation search. Every step is a range scan over an index that is already in the
 * order results are shown in, so a step reads about as many rows as it returns, whatever the
 * size of the register:
 *   1. organisation numbers, whole or begun (digits with or without spaces);
 *   2. names that start with what was typed (an exact name comes first: it sorts first);
 *   3. names that have every typed word as the start of one of their words, in any order:
 *      the longest typed word drives the scan, the others filter the units it finds;
 *   4. only when nothing matched and the query is not a number: the same among active units
 *      with one typing mistake undone in the driving word.
 * Steps 2 and 3 run for active units first and then for bankrupt, liquidating and deleted
 * ones, so those always come last. */
#include <string.h>

#include "org/org.h"
#include "org/org_db.h"

enum {
    QUERY_WORDS_MAX = 4,  /* the driving word and up to three filters */
    DRIVER_SCAN_MAX = 2000, /* units one driving prefix may feed the filters */
    TYPO_QUERIES_MAX = 16,  /* spellings tried when nothing matched */
};

#define HIT_COLUMNS "o.orgnr, o.name, o.legal_form, o.city, o.deleted_on, o.bankrupt, o.liquidating"

typedef struct search {
    db *d;
    arena *a;
    org_hit *out;
    int count, limit;
} search;

/* The smallest string greater than every string that starts with p: p followed by the
 * largest code point, valid UTF-8 for PostgreSQL and larger than any byte a name has. */
static const char *prefix_end(arena *a, const char *p)
{
    return arena_printf(a, "%s\xF4\x8F\xBF\xBF", p);
}

static int have(const search *s, const char *orgnr)
{
    for (int i = 0; i < s->count; i++)
        if (!strcmp(s->out[i].orgnr, orgnr)) return 1;
    return 0;
}

/* Reads hits from a statement whose first columns are HIT_COLUMNS, skipping ones already
 * found. */
static int hits_collect(search *s, db_stmt *st)
{
    int rc;
    while (s->count < s->limit && (rc = db_step(st)) == DB_ROW) {
        if (have(s, db_col_text(st, 0))) continue;
        org_hit *h = &s->out[s->count++];
        h->orgnr = arena_strdup(s->a, db_col_text(st, 0));
        h->name = arena_strdup(s->a, db_col_text(st, 1));
        h->legal_form = db_col_text(st, 2) ? arena_strdup(s->a, db_col_text(st, 2)) : NULL;
        h->city = db_col_text(st, 3) ? arena_strdup(s->a, db_col_text(st, 3)) : NULL;
        h->deleted_on = db_col_text(st, 4) ? arena_strdup(s->a, db_col_text(st, 4)) : NULL;
        h->bankrupt = (int)db_col_int(st, 5);
        h->liquidating = (int)db_col_int(st, 6);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

static int search_numbers(search *s, const char *digits)
{
    db_stmt *st = db_prepare(s->d, "SELECT " HIT_COLUMNS " FROM organisation o "
                                   "WHERE o.orgnr >= $1 AND o.orgnr < $2 ORDER BY o.orgnr LIMIT $3");
    if (!st) return DB_ERR;
    db_bind_text(st, 1, digits);
    db_bind_text(st, 2, prefix_end(s->a, digits));
    db_bind_int(st, 3, s->limit);
    return hits_collect(s, st);
}

static int search_name_start(search *s, int status, const char *norm)
{
    db_stmt *st = db_prepare(s->d, "SELECT " HIT_COLUMNS " FROM organisation o "
                                   "WHERE o.status = $1 AND o.name_norm >= $2 AND o.name_norm < $3 "
                                   "ORDER BY o.name_norm LIMIT $4");
    if (!st) return DB_ERR;
    db_bind_int(st, 1, status);
    db_bind_text(st, 2, norm);
    db_bind_text(st, 3, prefix_end(s->a, norm));
    db_bind_int(st, 4, s->limit);
    return hits_collect(s, st);
}

/* Units of the given status with a word starting with driver and, for each filter, a word
 * starting with it. Unused filters are "%", which every name matches. */
static int search_words(search *s, int status, const char *driver, const char *const *filters,
                        size_t filter_count)
{
    /* Innermost: at most $4 rows of the driving prefix, in result order. Then the filters on
     * the name that rides along in the same rows, and only the $8 survivors are looked up. */
    db_stmt *st = db_prepare(
        s->d, "SELECT " HIT_COLUMNS " FROM ("
              "SELECT m.word, m.name_len, m.orgnr FROM ("
              "SELECT w.word, w.name_len, w.orgnr, w.name_norm FROM organisation_word w "
              "WHERE w.status = $1 AND w.word >= $2 AND w.word < $3 "
              "ORDER BY w.word, w.name_len, w.orgnr LIMIT $4) m "
              "WHERE ' ' || m.name_norm LIKE $5 AND ' ' || m.name_norm LIKE $6 "
              "AND ' ' || m.name_norm LIKE $7 "
              "ORDER BY m.word, m.name_len, m.orgnr LIMIT $8) f "
              "JOIN organisation o ON o.orgnr = f.orgnr "
              "ORDER BY f.word, f.name_len, f.orgnr");
    if (!st) return DB_ERR;
    db_bind_int(st, 1, status);
    db_bind_text(st, 2, driver);
    db_bind_text(st, 3, prefix_end(s->a, driver));
    /* Without filters every scanned unit is a hit: read a few more than needed, for the ones
     * already found in step 2. */
    db_bind_int(st, 4, filter_count ? DRIVER_SCAN_MAX : 2 * s->limit);
    for (size_t i = 0; i < QUERY_WORDS_MAX - 1; i++)
        db_bind_text(st, 5 + (int)i, i < filter_count ? arena_printf(s->a, "%% %s%%", filters[i]) : "%");
    db_bind_int(st, 8, s->limit);
    return hits_collect(s, st);
}

/* Names that start with the typed words in another order ("bygg hansen" finds HANSEN BYGG
 * AS): for two or three words, each other order is one cheap range scan, and they usually
 * fill the list before the word scan of step 3 is needed. */
static int search_name_start_reordered(search *s, int status, const char *norm)
{
    static const int orders[][3] = {{1, 0, -1}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    char buf[ORG_NORM_MAX];
    memcpy(buf, norm, strlen(norm) + 1);
    const char *words[4];
    size_t n = org_name_words(buf, words, 4);
    if (n < 2 || n > 3) return DB_OK;
    int rc = DB_OK;
    for (size_t o = n == 2 ? 0 : 1; o < (n == 2 ? 1 : 6) && rc == DB_OK && s->count < s->limit; o++) {
        const char *w0 = words[orders[o][0]], *w1 = words[orders[o][1]];
        const char *w2 = n == 3 ? words[orders[o][2]] : NULL;
        rc = search_name_start(s, status, w2 ? arena_printf(s->a, "%s %s %s", w0, w1, w2)
                                              : arena_printf(s->a, "%s %s", w0, w1));
    }
    return rc;
}

/* Puts the longest word first: it matches the fewest units, so it drives the scan. */
static void words_order_by_length(const char **words, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (strlen(words[i]) > strlen(words[0])) {
            const char *t = words[0];
            words[0] = words[i];
            words[i] = t;
        }
}


/* Spellings of w one mistake away that a prefix search can use: å typed as a (names have it
 * as aa), a letter too many, two letters swapped, or a wrong letter near the end (the word
 * cut before it). Among active units only, and at most TYPO_QUERIES_MAX spellings: each is a
 * query of its own. */
/* One spelling, while the budget lasts. */
static int typo_try(search *s, const char *v, const char *const *filters, size_t nf, int *budget)
{
    if (s->count > 0 || (*budget)-- <= 0) return DB_OK;
    return search_words(s, 0, v, filters, nf);
}

static int search_typo_variants(search *s, const char *w, const char *const *filters, size_t nf)
{
    size_t len = strlen(w);
    if (len < 4) return DB_OK;
    char v[ORG_NORM_MAX];
    int rc = DB_OK, budget = TYPO_QUERIES_MAX;
    for (size_t i = 0; i < len && len + 1 < sizeof v && rc == DB_OK; i++) {
        if (w[i] != 'a' || w[i + 1] == 'a' || (i > 0 && w[i - 1] == 'a')) continue;
        memcpy(v, w, i + 1);
        memcpy(v + i + 1, w + i, len - i + 1); /* the a doubled, with the NUL */
        rc = typo_try(s, v, filters, nf, &budget);
    }
    for (size_t cut = len - 1; cut >= len - 2 && cut >= 3 && rc == DB_OK; cut--) {
        memcpy(v, w, cut);
        v[cut] = '\0';
        rc = typo_try(s, v, filters, nf, &budget);
    }
    for (size_t i = 0; i < len && rc == DB_OK; i++) {
        memcpy(v, w, i);
        memcpy(v + i, w + i + 1, len - i); /* without letter i, with the NUL */
        rc = typo_try(s, v, filters, nf, &budget);
    }
    for (size_t i = 0; i + 1 < len && rc == DB_OK; i++) {
        if (w[i] == w[i + 1]) continue;
        memcpy(v, w, len + 1);
        v[i] = w[i + 1];
        v[i + 1] = w[i];
        rc = typo_try(s, v, filters, nf, &budget);
    }
    return rc;
}

int org_search(db *d, arena *a, const char *query, int limit, org_hit *out)
{
    search s = {d, a, out, 0, limit > ORG_SEARCH_LIMIT_MAX ? ORG_SEARCH_LIMIT_MAX : limit};
    if (!query || strlen(query) > ORG_QUERY_MAX || s.limit <= 0) return 0;
    char digits[10];
    int rc = DB_OK;
    size_t digit_count = org_number_from_query(query, digits);
    if (digit_count >= 3) rc = search_numbers(&s, digits);

    char norm[ORG_NORM_MAX], words_buf[ORG_NORM_MAX];
    if (org_name_normalise(query, norm, sizeof norm, true) == 0) return rc < 0 ? rc : s.count;
    for (int status = 0; status <= 1 && rc == DB_OK && s.count < s.limit; status++) {
        rc = search_name_start(&s, status, norm);
        if (rc == DB_OK && s.count < s.limit) rc = search_name_start_reordered(&s, status, norm);
        if (rc == DB_OK && s.count < s.limit) {
            memcpy(words_buf, norm, sizeof norm);
            const char *words[QUERY_WORDS_MAX];
            size_t n = org_name_words(words_buf, words, QUERY_WORDS_MAX);
            words_order_by_length(words, n);
            rc = search_words(&s, status, words[0], words + 1, n - 1);
        }
    }
    if (rc == DB_OK && s.count == 0 && digit_count == 0) {
        memcpy(words_buf, norm, sizeof norm);
        const char *words[QUERY_WORDS_MAX];
        size_t n = org_name_words(words_buf, words, QUERY_WORDS_MAX);
        words_order_by_length(words, n);
        rc = search_typo_variants(&s, words[0], words + 1, n - 1);
    }
    return rc < 0 ? rc : s.count;
}

const char *org_hit_status_label(const org_hit *h)
{
    if (h->deleted_on) return "Slettet";
    if (h->bankrupt) return "Konkurs";
    if (h->liquidating) return "Under avvikling";
    return NULL;
}
