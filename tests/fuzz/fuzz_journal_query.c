/* libFuzzer target for the public journal's search text (journal_terms_parse): whatever anyone
 * types into «Søk i postjournalen». Either it is refused, or every term it gives is made of
 * letters and digits only, so nothing of the full-text engines' syntax can reach them. */
#include "core/arena.h"
#include "journal/journal_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    char *text = arena_strndup(a, (const char *)data, size);
    journal_terms t;
    char err[256];
    if (journal_terms_parse(a, text, &t, err, sizeof err) == 0) {
        if (t.count > JOURNAL_MAX_TERMS || t.terms[t.count]) abort();
        for (size_t i = 0; i < t.count; i++) {
            if (!*t.terms[i]) abort();
            for (const unsigned char *p = (const unsigned char *)t.terms[i]; *p; p++)
                if (*p < 0x80 && !((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                                   (*p >= 'A' && *p <= 'Z')))
                    abort();
        }
        if (t.case_number && !journal_is_case_number(t.case_number)) abort();
    } else if (!err[0]) {
        abort(); /* a refusal always says why */
    }
    arena_free(a);
    return 0;
}
