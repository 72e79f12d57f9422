#include "core/clock.h"
#include "core/workdays.h"
#include "tap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Expected instants are computed with timegm, independently of the code under test. */
static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = s};
    return (int64_t)timegm(&tm);
}

static civil_date D(int y, int m, int d)
{
    return (civil_date){y, m, d};
}

static const char *fmt(civil_date d)
{
    static char buf[4][11];
    static int next;
    char *out = buf[next++ % 4];
    civil_date_format(d, out);
    return out;
}

#define TAP_EQ_DATE(got, want, ...) TAP_EQ_STR(fmt(got), fmt(want), __VA_ARGS__)

static int same(civil_date a, civil_date b)
{
    return a.year == b.year && a.month == b.month && a.day == b.day;
}

struct holiday {
    civil_date date;
    const char *name;
};

/* Walks every day of year and compares the holidays found with the expected list, so a missing,
 * misplaced or extra holiday all fail. */
static void check_holidays(int year, const struct holiday *want, int n)
{
    int found = 0, ok = 1;
    for (civil_date d = D(year, 1, 1); d.year == year; d = civil_date_add_days(d, 1)) {
        const char *name = norwegian_holiday_name(d);
        if (!name) continue;
        if (found >= n || !same(d, want[found].date) || strcmp(name, want[found].name) != 0) {
            printf("#   %s: got \"%s\", expected %s \"%s\"\n", fmt(d), name,
                   found < n ? fmt(want[found].date) : "nothing",
                   found < n ? want[found].name : "");
            ok = 0;
        }
        found++;
    }
    TAP_OK(ok && found == n, "the holidays of %d (%d found, %d expected)", year, found, n);
}

int main(void)
{
    /* A different zone in the environment must not matter: the first conversion sets up Oslo. */
    setenv("TZ", "America/New_York", 1);
    tzset();
    TAP_EQ_DATE(civil_date_oslo(utc(2026, 1, 14, 23, 30, 0)), D(2026, 1, 15),
                "the first conversion uses Oslo even with TZ set elsewhere");
    TAP_EQ_INT(clock_init_timezone(), 0, "clock_init_timezone finds Europe/Oslo");
    TAP_EQ_STR(getenv("TZ"), "Europe/Oslo", "and has set TZ");

    /* Parsing, formatting and date arithmetic. */
    civil_date d = D(1, 1, 1);
    TAP_OK(civil_date_parse("2026-11-23", &d) == 0 && same(d, D(2026, 11, 23)), "parse a date");
    TAP_OK(civil_date_parse("2024-02-29", &d) == 0 && same(d, D(2024, 2, 29)), "parse a leap day");
    TAP_OK(civil_date_parse("2000-02-29", &d) == 0 && same(d, D(2000, 2, 29)), "2000 is leap");
    static const char *const bad_dates[] = {
        "2026-02-30",  "2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
        "2026-01-00",  "2026-01-32", "0000-01-01", "2026-1-01",  "2026-01-1",  "2026/01/01",
        "2026-01-01x", "2026-01-0",  "",           "26-01-01",   "2026-0a-01", "-026-01-01",
    };
    for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++) {
        d = D(7, 7, 7);
        TAP_OK(civil_date_parse(bad_dates[i], &d) == -1 && same(d, D(7, 7, 7)),
               "\"%s\" is rejected", bad_dates[i]);
    }
    TAP_OK(civil_date_parse(NULL, &d) == -1, "NULL is rejected");
    TAP_EQ_STR(fmt(D(2026, 5, 7)), "2026-05-07", "format pads with zeros");
    TAP_EQ_STR(fmt(D(987, 12, 31)), "0987-12-31", "format pads the year");

    TAP_EQ_INT(civil_date_weekday(D(2026, 11, 23)), 1, "2026-11-23 is a Monday");
    TAP_EQ_INT(civil_date_weekday(D(1970, 1, 1)), 4, "1970-01-01 was a Thursday");
    TAP_EQ_INT(civil_date_weekday(D(2000, 1, 1)), 6, "2000-01-01 was a Saturday");
    TAP_EQ_INT(civil_date_weekday(D(2026, 5, 17)), 7, "2026-05-17 is a Sunday");
    TAP_EQ_INT(civil_date_weekday(D(1969, 12, 31)), 3, "1969-12-31 was a Wednesday");

    TAP_EQ_DATE(civil_date_add_days(D(2026, 1, 31), 1), D(2026, 2, 1), "add across a month");
    TAP_EQ_DATE(civil_date_add_days(D(2026, 12, 31), 1), D(2027, 1, 1), "add across a year");
    TAP_EQ_DATE(civil_date_add_days(D(2028, 2, 28), 1), D(2028, 2, 29), "add onto a leap day");
    TAP_EQ_DATE(civil_date_add_days(D(2027, 2, 28), 1), D(2027, 3, 1), "no leap day in 2027");
    TAP_EQ_DATE(civil_date_add_days(D(2026, 3, 1), -1), D(2026, 2, 28), "subtract days");
    TAP_EQ_DATE(civil_date_add_days(D(2026, 11, 23), 365), D(2027, 11, 23), "add a year");
    TAP_EQ_DATE(civil_date_add_days(D(2026, 11, 23), -36525), D(1926, 11, 23), "back a century");

    TAP_OK(civil_date_compare(D(2026, 1, 2), D(2026, 1, 3)) < 0, "compare: day");
    TAP_OK(civil_date_compare(D(2026, 2, 1), D(2026, 1, 31)) > 0, "compare: month");
    TAP_OK(civil_date_compare(D(2025, 12, 31), D(2026, 1, 1)) < 0, "compare: year");
    TAP_OK(civil_date_compare(D(2026, 1, 1), D(2026, 1, 1)) == 0, "compare: equal");

    /* Easter Sunday against published dates. */
    static const civil_date easters[] = {
        {1818, 3, 22}, {1943, 4, 25}, {1961, 4, 2},  {2000, 4, 23}, {2008, 3, 23}, {2011, 4, 24},
        {2016, 3, 27}, {2019, 4, 21}, {2020, 4, 12}, {2021, 4, 4},  {2022, 4, 17}, {2023, 4, 9},
        {2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5},  {2027, 3, 28}, {2028, 4, 16}, {2029, 4, 1},
        {2030, 4, 21}, {2031, 4, 13}, {2032, 3, 28}, {2033, 4, 17}, {2034, 4, 9},  {2035, 3, 25},
        {2038, 4, 25}, {2285, 3, 22},
    };
    for (size_t i = 0; i < sizeof easters / sizeof easters[0]; i++)
        TAP_EQ_DATE(easter_sunday(easters[i].year), easters[i], "Easter %d", easters[i].year);
    int all_sundays = 1, all_in_range = 1;
    for (int y = 1583; y <= 4099; y++) {
        civil_date e = easter_sunday(y);
        all_sundays &= civil_date_weekday(e) == 7;
        all_in_range &=
            civil_date_compare(e, D(y, 3, 22)) >= 0 && civil_date_compare(e, D(y, 4, 25)) <= 0;
    }
    TAP_OK(all_sundays, "Easter is a Sunday every year 1583-4099");
    TAP_OK(all_in_range, "Easter lies between 22 March and 25 April every year 1583-4099");

    /* All holidays by name. */
    static const struct holiday h2025[] = {
        {{2025, 1, 1}, "Første nyttårsdag"}, {{2025, 4, 17}, "Skjærtorsdag"},
        {{2025, 4, 18}, "Langfredag"},       {{2025, 4, 20}, "Første påskedag"},
        {{2025, 4, 21}, "Andre påskedag"},   {{2025, 5, 1}, "Offentlig høytidsdag"},
        {{2025, 5, 17}, "Grunnlovsdag"},     {{2025, 5, 29}, "Kristi himmelfartsdag"},
        {{2025, 6, 8}, "Første pinsedag"},   {{2025, 6, 9}, "Andre pinsedag"},
        {{2025, 12, 25}, "Første juledag"},  {{2025, 12, 26}, "Andre juledag"},
    };
    static const struct holiday h2026[] = {
        {{2026, 1, 1}, "Første nyttårsdag"},
        {{2026, 4, 2}, "Skjærtorsdag"},
        {{2026, 4, 3}, "Langfredag"},
        {{2026, 4, 5}, "Første påskedag"},
        {{2026, 4, 6}, "Andre påskedag"},
        {{2026, 5, 1}, "Offentlig høytidsdag"},
        {{2026, 5, 14}, "Kristi himmelfartsdag"},
        {{2026, 5, 17}, "Grunnlovsdag"},
        {{2026, 5, 24}, "Første pinsedag"},
        {{2026, 5, 25}, "Andre pinsedag"},
        {{2026, 12, 25}, "Første juledag"},
        {{2026, 12, 26}, "Andre juledag"},
    };
    /* 2027: Whit Monday falls on 17 May, so there are eleven holiday dates. */
    static const struct holiday h2027[] = {
        {{2027, 1, 1}, "Første nyttårsdag"},     {{2027, 3, 25}, "Skjærtorsdag"},
        {{2027, 3, 26}, "Langfredag"},           {{2027, 3, 28}, "Første påskedag"},
        {{2027, 3, 29}, "Andre påskedag"},       {{2027, 5, 1}, "Offentlig høytidsdag"},
        {{2027, 5, 6}, "Kristi himmelfartsdag"}, {{2027, 5, 16}, "Første pinsedag"},
        {{2027, 5, 17}, "Grunnlovsdag"},         {{2027, 12, 25}, "Første juledag"},
        {{2027, 12, 26}, "Andre juledag"},
    };
    check_holidays(2025, h2025, (int)(sizeof h2025 / sizeof h2025[0]));
    check_holidays(2026, h2026, (int)(sizeof h2026 / sizeof h2026[0]));
    check_holidays(2027, h2027, (int)(sizeof h2027 / sizeof h2027[0]));
    TAP_EQ_STR(norwegian_holiday_name(D(2026, 12, 24)), NULL, "Christmas Eve is no holiday");
    TAP_EQ_STR(norwegian_holiday_name(D(2026, 12, 31)), NULL, "New Year's Eve is no holiday");
    TAP_EQ_STR(norwegian_holiday_name(D(2026, 4, 4)), NULL, "Easter Saturday is no holiday");
    TAP_OK(!is_working_day(D(2027, 5, 17)), "17 May 2027 (also Whit Monday) is not a working day");

    /* Working days. */
    TAP_OK(is_working_day(D(2026, 11, 23)), "an ordinary Monday is a working day");
    TAP_OK(!is_working_day(D(2026, 11, 21)), "Saturday is not");
    TAP_OK(!is_working_day(D(2026, 11, 22)), "Sunday is not");
    TAP_OK(!is_working_day(D(2026, 4, 2)), "Maundy Thursday is not");
    TAP_OK(is_working_day(D(2026, 12, 24)), "Christmas Eve on a Thursday is");

    TAP_EQ_DATE(next_working_day(D(2026, 4, 1)), D(2026, 4, 7),
                "Wednesday before Easter 2026 -> Tuesday after Easter Monday");
    TAP_EQ_DATE(next_working_day(D(2025, 4, 16)), D(2025, 4, 22),
                "Wednesday before Easter 2025 -> Tuesday after Easter Monday");
    TAP_EQ_DATE(next_working_day(D(2028, 5, 16)), D(2028, 5, 18), "over 17 May on a Wednesday");
    TAP_EQ_DATE(next_working_day(D(2024, 5, 16)), D(2024, 5, 21),
                "over 17 May (Friday), the weekend and Whit Monday 2024");
    TAP_EQ_DATE(next_working_day(D(2027, 5, 14)), D(2027, 5, 18),
                "over 17 May 2027, which is Whit Monday");
    TAP_EQ_DATE(next_working_day(D(2026, 12, 24)), D(2026, 12, 28), "over Christmas 2026");
    TAP_EQ_DATE(next_working_day(D(2026, 12, 31)), D(2027, 1, 4), "over New Year 2027");
    TAP_EQ_DATE(next_working_day(D(2025, 12, 23)), D(2025, 12, 24), "23 -> 24 December 2025");
    TAP_EQ_DATE(next_working_day(D(2025, 12, 24)), D(2025, 12, 29), "over Christmas 2025");
    TAP_EQ_DATE(next_working_day(D(2025, 12, 31)), D(2026, 1, 2), "over New Year 2026");
    TAP_EQ_DATE(next_working_day(D(2026, 5, 13)), D(2026, 5, 15), "over Ascension Day 2026");
    TAP_EQ_DATE(next_working_day(D(2026, 5, 22)), D(2026, 5, 26), "over Whit Monday 2026");
    TAP_EQ_DATE(next_working_day(D(2025, 5, 28)), D(2025, 5, 30), "over Ascension Day 2025");
    TAP_EQ_DATE(next_working_day(D(2025, 6, 6)), D(2025, 6, 10), "over Whit Monday 2025");
    TAP_EQ_DATE(next_working_day(D(2026, 11, 23)), D(2026, 11, 24), "Monday -> Tuesday");
    TAP_EQ_DATE(next_working_day(D(2026, 11, 20)), D(2026, 11, 23), "Friday -> Monday");
    TAP_EQ_DATE(next_working_day(D(2026, 11, 21)), D(2026, 11, 23), "Saturday -> Monday");

    TAP_EQ_DATE(add_working_days(D(2026, 11, 23), 0), D(2026, 11, 23), "+0 on a working day");
    TAP_EQ_DATE(add_working_days(D(2026, 11, 21), 0), D(2026, 11, 23), "+0 on a Saturday");
    TAP_EQ_DATE(add_working_days(D(2026, 4, 3), 0), D(2026, 4, 7), "+0 on Good Friday");
    TAP_EQ_DATE(add_working_days(D(2026, 11, 20), 1), D(2026, 11, 23), "Friday +1");
    TAP_EQ_DATE(add_working_days(D(2026, 11, 20), 5), D(2026, 11, 27), "Friday +5");
    TAP_EQ_DATE(add_working_days(D(2026, 11, 21), 5), D(2026, 11, 27), "Saturday +5");
    TAP_EQ_DATE(add_working_days(D(2026, 11, 20), 10), D(2026, 12, 4), "Friday +10");
    TAP_EQ_DATE(add_working_days(D(2026, 11, 23), 15), D(2026, 12, 14), "three weeks");
    TAP_EQ_DATE(add_working_days(D(2026, 3, 30), 5), D(2026, 4, 9), "+5 across Easter");
    TAP_EQ_DATE(add_working_days(D(2026, 12, 21), 5), D(2026, 12, 29), "+5 across Christmas");
    TAP_EQ_DATE(add_working_days(D(2026, 4, 7), -1), D(2026, 4, 1), "-1 back across Easter");
    TAP_EQ_DATE(add_working_days(D(2026, 11, 23), -1), D(2026, 11, 20), "-1 from a Monday");

    TAP_EQ_INT(working_days_between(D(2026, 11, 20), D(2026, 11, 23)), 1, "Friday to Monday");
    TAP_EQ_INT(working_days_between(D(2026, 11, 20), D(2026, 11, 22)), 0, "Friday to Sunday");
    TAP_EQ_INT(working_days_between(D(2026, 11, 23), D(2026, 11, 23)), 0, "the same day");
    TAP_EQ_INT(working_days_between(D(2026, 11, 22), D(2026, 11, 23)), 1, "(from, to] has to");
    TAP_EQ_INT(working_days_between(D(2026, 11, 23), D(2026, 11, 24)), 1, "and not from");
    TAP_EQ_INT(working_days_between(D(2026, 3, 31), D(2026, 4, 7)), 2, "across Easter");
    TAP_EQ_INT(working_days_between(D(2026, 11, 23), D(2026, 11, 20)), -1, "backwards");
    TAP_EQ_INT(working_days_between(D(2025, 12, 31), D(2026, 12, 31)), 253, "all of 2026");
    TAP_EQ_INT(working_days_between(D(2024, 12, 31), D(2025, 12, 31)), 252, "all of 2025");

    int consistent = 1;
    for (civil_date s = D(2025, 1, 1); s.year < 2029; s = civil_date_add_days(s, 1)) {
        civil_date e = s;
        for (int n = 1; n <= 25; n++) {
            e = next_working_day(e);
            civil_date a = add_working_days(s, n);
            /* Going back n from a lands on s, or on the last working day before s. */
            civil_date back = is_working_day(s) ? s : add_working_days(s, -1);
            if (!same(a, e) || !is_working_day(a) || working_days_between(s, a) != n ||
                working_days_between(a, s) != -n || !same(add_working_days(a, -n), back))
                consistent = 0;
        }
    }
    TAP_OK(consistent,
           "add_working_days, next_working_day and working_days_between agree 2025-2028");

    /* Europe/Oslo dates around midnight: winter UTC+1, summer UTC+2. */
    int64_t winter_midnight = utc(2026, 1, 14, 23, 0, 0);
    TAP_EQ_DATE(civil_date_oslo(winter_midnight - 1), D(2026, 1, 14), "winter: 23:59:59 Oslo");
    TAP_EQ_DATE(civil_date_oslo(winter_midnight), D(2026, 1, 15), "winter: 00:00:00 Oslo");
    TAP_EQ_DATE(civil_date_oslo(utc(2026, 1, 15, 22, 59, 59)), D(2026, 1, 15),
                "winter: 22:59:59 UTC is still the same Oslo day");
    TAP_EQ_INT(civil_date_start_oslo(D(2026, 1, 15)), winter_midnight, "winter: start of day");
    int64_t summer_midnight = utc(2026, 6, 30, 22, 0, 0);
    TAP_EQ_DATE(civil_date_oslo(summer_midnight - 1), D(2026, 6, 30), "summer: 23:59:59 Oslo");
    TAP_EQ_DATE(civil_date_oslo(summer_midnight), D(2026, 7, 1), "summer: 00:00:00 Oslo");
    TAP_EQ_DATE(civil_date_oslo(utc(2026, 6, 30, 22, 30, 0)), D(2026, 7, 1),
                "summer: 22:30 UTC is already the next Oslo day");
    TAP_EQ_INT(civil_date_start_oslo(D(2026, 7, 1)), summer_midnight, "summer: start of day");
    TAP_EQ_DATE(civil_date_oslo(utc(2026, 12, 31, 23, 0, 0)), D(2027, 1, 1),
                "New Year arrives at 23:00 UTC");

    /* The DST changes of 2026: 29 March (23 hours) and 25 October (25 hours), at 01:00 UTC. */
    TAP_EQ_INT(civil_date_start_oslo(D(2026, 3, 29)), utc(2026, 3, 28, 23, 0, 0),
               "29 March 2026 starts at UTC+1");
    TAP_EQ_INT(civil_date_start_oslo(D(2026, 3, 30)), utc(2026, 3, 29, 22, 0, 0),
               "30 March 2026 starts at UTC+2");
    TAP_EQ_DATE(civil_date_oslo(utc(2026, 3, 29, 0, 59, 59)), D(2026, 3, 29),
                "just before the spring change");
    TAP_EQ_DATE(civil_date_oslo(utc(2026, 3, 29, 1, 0, 0)), D(2026, 3, 29),
                "just after the spring change");
    TAP_EQ_DATE(civil_date_oslo(utc(2026, 3, 29, 21, 59, 59)), D(2026, 3, 29),
                "last second of the 23-hour day");
    TAP_EQ_DATE(civil_date_oslo(utc(2026, 3, 29, 22, 30, 0)), D(2026, 3, 30),
                "22:30 UTC after the spring change is the next day");
    TAP_EQ_DATE(civil_date_oslo(utc(2026, 3, 28, 22, 30, 0)), D(2026, 3, 28),
                "22:30 UTC before the spring change is the same day");
    TAP_EQ_INT(civil_date_start_oslo(D(2026, 10, 25)), utc(2026, 10, 24, 22, 0, 0),
               "25 October 2026 starts at UTC+2");
    TAP_EQ_INT(civil_date_start_oslo(D(2026, 10, 26)), utc(2026, 10, 25, 23, 0, 0),
               "26 October 2026 starts at UTC+1");
    TAP_EQ_DATE(civil_date_oslo(utc(2026, 10, 25, 0, 59, 59)), D(2026, 10, 25),
                "just before the autumn change");
    TAP_EQ_DATE(civil_date_oslo(utc(2026, 10, 25, 1, 0, 0)), D(2026, 10, 25),
                "just after the autumn change");
    TAP_EQ_DATE(civil_date_oslo(utc(2026, 10, 25, 22, 30, 0)), D(2026, 10, 25),
                "22:30 UTC after the autumn change is still the same day");
    TAP_EQ_DATE(civil_date_oslo(utc(2026, 10, 24, 22, 30, 0)), D(2026, 10, 25),
                "22:30 UTC before the autumn change is already the next day");
    TAP_EQ_INT(civil_date_start_oslo(D(2025, 3, 31)) - civil_date_start_oslo(D(2025, 3, 30)),
               23 * 3600, "30 March 2025 has 23 hours");
    TAP_EQ_INT(civil_date_start_oslo(D(2025, 10, 27)) - civil_date_start_oslo(D(2025, 10, 26)),
               25 * 3600, "26 October 2025 has 25 hours");
    TAP_EQ_INT(civil_date_start_oslo(D(2040, 7, 1)), utc(2040, 6, 30, 22, 0, 0),
               "summer time past 2038 (from the zone's rule, not its table)");
    TAP_EQ_INT(civil_date_start_oslo(D(2040, 1, 1)), utc(2039, 12, 31, 23, 0, 0),
               "winter time past 2038");

    /* Every day 2024-2030: the start round-trips, the second before is the previous day, and the
     * day is 23 hours only on the last Sunday of March, 25 only on the last Sunday of October. */
    int roundtrip = 1, lengths = 1;
    for (civil_date day = D(2024, 1, 1); day.year <= 2030; day = civil_date_add_days(day, 1)) {
        civil_date next = civil_date_add_days(day, 1);
        int64_t s = civil_date_start_oslo(day), e = civil_date_start_oslo(next);
        if (!same(civil_date_oslo(s), day) ||
            !same(civil_date_oslo(s - 1), civil_date_add_days(day, -1)) ||
            !same(civil_date_oslo(e - 1), day))
            roundtrip = 0;
        int last_sunday = civil_date_weekday(day) == 7 && day.day >= 25;
        int64_t want = last_sunday && day.month == 3    ? 23 * 3600
                       : last_sunday && day.month == 10 ? 25 * 3600
                                                        : 24 * 3600;
        if (e - s != want) {
            printf("#   %s lasts %lld s, want %lld\n", fmt(day), (long long)(e - s),
                   (long long)want);
            lengths = 0;
        }
    }
    TAP_OK(roundtrip, "start of day and civil_date_oslo agree every day 2024-2030");
    TAP_OK(lengths, "day lengths change exactly on the DST Sundays 2024-2030");

    /* The fixed clock drives "today in Oslo", as the deadline code uses it. */
    clock_set_fixed(utc(2026, 5, 16, 22, 15, 0));
    TAP_EQ_DATE(civil_date_oslo(clock_now()), D(2026, 5, 17), "today from the fixed clock");
    clock_advance(-30 * 60);
    TAP_EQ_DATE(civil_date_oslo(clock_now()), D(2026, 5, 16), "half an hour earlier");
    clock_use_system();
    return tap_done();
}
