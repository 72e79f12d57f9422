/* libFuzzer target for «Søk i postjournalen»: the public search form (words or a case number,
 * dates, type, case number, the page cursor) through journal_search, terms parsing and the
 * full-text query included, on an SQLite database in memory with every migration applied.
 * Input: lines: q, fra, til, type, sak, etter. Bad input must be refused with a Norwegian
 * message (a 400 page); any other error would be a 503 for the person searching. */
#include "fuzz_db.h"
#include "fuzz_lines.h"
#include "journal/journal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    db *d = fuzz_db();
    char *text = fuzz_text_copy(data, size);
    if (!text) return 0;
    char *p = text;
    journal_query q = {0};
    q.text = fuzz_line_next(&p);
    q.from = fuzz_line_next(&p);
    q.to = fuzz_line_next(&p);
    q.type = fuzz_line_next(&p);
    q.case_number = fuzz_line_next(&p);
    q.after = fuzz_line_next(&p);
    arena *a = arena_new();
    journal_result res;
    char err[256] = "";
    int rc = journal_search(d, a, &q, &res, err, sizeof err);
    if (rc == JOURNAL_ERR_INVALID && !err[0]) abort(); /* a refusal says why */
    if (rc != 0 && rc != JOURNAL_ERR_INVALID) {
        fprintf(stderr, "fuzz: journal_search gave %d: %s (%s)\n", rc, err, db_errmsg(d));
        abort();
    }
    arena_free(a);
    free(text);
    return 0;
}
