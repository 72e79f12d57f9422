/* Calendar dates as Norwegians see them (Europe/Oslo), Norwegian public holidays and working days,
 * for deadlines such as "svar innen 15 virkedager". Dates are plain values with no time zone; the
 * two *_oslo functions are the only bridge to unix time. */
#ifndef MINSIDE_CORE_WORKDAYS_H
#define MINSIDE_CORE_WORKDAYS_H

#include <stdint.h>

typedef struct {
    int year, month, day;
} civil_date;

/* The calendar date in Europe/Oslo at unix time t. Needs clock_init_timezone() (core/clock.h). */
civil_date civil_date_oslo(int64_t t);
/* Unix time of 00:00 Europe/Oslo on d. */
int64_t civil_date_start_oslo(civil_date d);
/* "YYYY-MM-DD" exactly, a real date (no 2026-02-30), year 0001-9999. Returns 0, or -1 without
 * touching *out. */
int civil_date_parse(const char *s, civil_date *out);
/* "YYYY-MM-DD"; out needs 11 bytes. */
void civil_date_format(civil_date d, char out[11]);
/* 1 = Monday ... 7 = Sunday. */
int civil_date_weekday(civil_date d);
/* d moved by days (negative goes back), across months and years. */
civil_date civil_date_add_days(civil_date d, int days);
/* Negative, zero or positive as a is before, equal to or after b. */
int civil_date_compare(civil_date a, civil_date b);
/* Easter Sunday of year in the Gregorian calendar. */
civil_date easter_sunday(int year);
/* The Norwegian public holiday (helligdag or offentlig høytidsdag) on d, by its Norwegian name, or
 * NULL: 1 Jan, Maundy Thursday, Good Friday, Easter Sunday, Easter Monday, 1 May, 17 May,
 * Ascension Day, Whit Sunday, Whit Monday, 25 Dec, 26 Dec. When a fixed date falls on a movable
 * feast (17 May on Whit Monday in 2027) the fixed date's name is given. Christmas Eve and New
 * Year's Eve are ordinary working days. */
const char *norwegian_holiday_name(civil_date d);
/* Not Saturday, not Sunday, not a public holiday. */
int is_working_day(civil_date d);
/* The first working day strictly after d. */
civil_date next_working_day(civil_date d);
/* The n-th working day after d; n = 0 gives d itself if it is a working day, else the next one.
 * A negative n counts back the same way: the |n|-th working day strictly before d. */
civil_date add_working_days(civil_date d, int n);
/* The number of working days in (from, to]; when to is before from, minus the number in (to, from],
 * so an overdue deadline gives a negative count. */
int working_days_between(civil_date from, civil_date to);

#endif
