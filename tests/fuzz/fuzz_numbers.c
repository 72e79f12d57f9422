/* libFuzzer target for the numbers people type or the register sends: fødselsnummer and
 * d-nummer (check digits, birth date) and organisation numbers (check digit, display form,
 * the search box's number queries). The input is taken as one such text. */
#include "auth/fnr.h"
#include "core/workdays.h"
#include "org/org.h"
#include "fuzz_lines.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_text_copy(data, size);
    if (!s) return 0;

    if (fnr_check_digits_valid(s) && (strlen(s) != 11 || !all_digits(s, 11))) abort();
    char birth[11];
    if (fnr_birth_date(s, birth) == 0) {
        /* A birth date is only ever given for a valid number, and it is a real date. */
        civil_date d;
        if (!fnr_check_digits_valid(s) || civil_date_parse(birth, &d) != 0) abort();
    }

    if (org_number_valid(s)) {
        if (strlen(s) != 9 || !all_digits(s, 9)) abort();
        char shown[12];
        org_number_format(s, shown);
        if (strlen(shown) != 11 || shown[3] != ' ' || shown[7] != ' ') abort();
    }
    char digits[10];
    size_t n = org_number_from_query(s, digits);
    if (n > 9 || !all_digits(digits, n)) abort();
    free(s);
    return 0;
}
