#include "core/date_text.h"

#include <stddef.h>

static const char *const months[] = {"januar",    "februar", "mars",     "april",
                                     "mai",       "juni",    "juli",     "august",
                                     "september", "oktober", "november", "desember"};

const char *date_text_nb_civil(arena *a, civil_date d)
{
    return arena_printf(a, "%d. %s %d", d.day, months[d.month - 1], d.year);
}

const char *date_text_nb_month(arena *a, civil_date d)
{
    return arena_printf(a, "%s %d", months[d.month - 1], d.year);
}

const char *date_text_nb(arena *a, int64_t t)
{
    return date_text_nb_civil(a, civil_date_oslo(t));
}

const char *date_text_nb_ymd(arena *a, const char *ymd)
{
    civil_date d;
    if (!ymd || civil_date_parse(ymd, &d) != 0) return NULL;
    return date_text_nb_civil(a, d);
}
