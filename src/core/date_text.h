/* Dates as Norwegians read them: «2. desember 2026», in Norway's time zone. */
#ifndef MINSIDE_CORE_DATE_TEXT_H
#define MINSIDE_CORE_DATE_TEXT_H

#include <stdint.h>

#include "core/arena.h"
#include "core/workdays.h"

/* The calendar day in Europe/Oslo at unix time t. */
const char *date_text_nb(arena *a, int64_t t);
const char *date_text_nb_civil(arena *a, civil_date d);
/* The month of d: «november 2026». */
const char *date_text_nb_month(arena *a, civil_date d);
/* A "YYYY-MM-DD" date, or NULL when ymd is NULL or not such a date. */
const char *date_text_nb_ymd(arena *a, const char *ymd);

#endif
