/* libFuzzer target for date fields ("YYYY-MM-DD" from forms and imported files) and what is
 * computed from a date that passed: the Norwegian text, weekdays, holidays and working-day
 * deadlines. The input is a date text; its last two bytes, when there are some, are also used
 * as a number of days. */
#include "core/arena.h"
#include "core/date_text.h"
#include "core/workdays.h"
#include "fuzz_lines.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_text_copy(data, size);
    if (!s) return 0;
    int days = size >= 2 ? (int16_t)(data[size - 2] | data[size - 1] << 8) : 0;

    arena *a = arena_new();
    civil_date d;
    const char *text = date_text_nb_ymd(a, s);
    if (civil_date_parse(s, &d) == 0) {
        /* What passes is exactly the canonical form of a real date. */
        char back[11];
        civil_date_format(d, back);
        if (strcmp(back, s) || !text) abort();
        int wd = civil_date_weekday(d);
        if (wd < 1 || wd > 7) abort();
        (void)norwegian_holiday_name(d);
        civil_date later = add_working_days(d, days % 400);
        if (!is_working_day(later)) abort();
        if (days % 400 > 0 && working_days_between(d, later) != days % 400) abort();
        civil_date moved = civil_date_add_days(d, days);
        if ((days > 0) != (civil_date_compare(moved, d) > 0)) abort();
    } else if (text) {
        abort(); /* the text is only made for a valid date */
    }
    arena_free(a);
    free(s);
    return 0;
}
