#include "core/workdays.h"

#include "core/clock.h"

#include <stddef.h>
#include <time.h>

/* Days since 1970-01-01 (proleptic Gregorian), by H. Hinnant's days_from_civil: pure arithmetic, so
 * date steps and weekdays never touch the C library's time zone state. */
static int64_t days_from_civil(civil_date d)
{
    int64_t y = (int64_t)d.year - (d.month <= 2);
    int64_t m = d.month;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static civil_date civil_from_days(int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t day = doy - (153 * mp + 2) / 5 + 1;
    int64_t month = mp < 10 ? mp + 3 : mp - 9;
    int64_t year = yoe + era * 400 + (month <= 2);
    return (civil_date){(int)year, (int)month, (int)day};
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/*
 * Conversions to and from Europe/Oslo use the tz database through localtime_r, with TZ set once by
 * clock_init_timezone(), rather than our own "last Sunday of March/October" rules: the database
 * also knows the years before today's EU rules and any future change, and tzdata updates reach us
 * without a release.
 *
 * Around the DST changes: Oslo switches at 01:00 UTC (02:00 -> 03:00 local on the last Sunday of
 * March, 03:00 -> 02:00 on the last Sunday of October), so local midnight, 22:00 or 23:00 UTC the
 * day before, is never skipped or repeated. The day of the spring change has 23 hours and that of
 * the autumn change 25; anything that assumed a fixed +1 or 86400-second days would put the
 * instants between 22:00 and 23:00 UTC on the wrong date for half the year.
 */
civil_date civil_date_oslo(int64_t t)
{
    clock_init_timezone();
    time_t tt = (time_t)t;
    struct tm tm;
    if (localtime_r(&tt, &tm)) return (civil_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    /* Only for instants outside what struct tm can hold; the UTC date is the best left to give. */
    return civil_from_days(floor_div(t, 86400));
}

static int64_t utc_offset_at(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    return localtime_r(&tt, &tm) ? (int64_t)tm.tm_gmtoff : 0;
}

int64_t civil_date_start_oslo(civil_date d)
{
    clock_init_timezone();
    int64_t utc_midnight = days_from_civil(d) * 86400;
    /* Local midnight is utc_midnight minus the offset in force at local midnight. Guess with the
     * offset at UTC midnight, then correct with the offset at the guess: the two differ only when a
     * DST change lies between them, and the second one is the one at the answer. */
    int64_t off = utc_offset_at(utc_midnight);
    int64_t t = utc_midnight - off;
    int64_t off2 = utc_offset_at(t);
    if (off2 != off) t = utc_midnight - off2;
    return t;
}

static int parse_number(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int civil_date_parse(const char *s, civil_date *out)
{
    if (!s) return -1;
    int y, m, d;
    /* Checking the separators first also guarantees the string is at least 10 bytes long before
     * the digits are read. */
    for (int i = 0; i < 10; i++)
        if (s[i] == '\0') return -1;
    if (s[4] != '-' || s[7] != '-' || s[10] != '\0') return -1;
    if (parse_number(s, 4, &y) || parse_number(s + 5, 2, &m) || parse_number(s + 8, 2, &d))
        return -1;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
    *out = (civil_date){y, m, d};
    return 0;
}

static void put_digits(char *out, int v, int n)
{
    if (v < 0) v = 0;
    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void civil_date_format(civil_date d, char out[11])
{
    /* Written by hand rather than snprintf so no input, however odd, can overflow the 11 bytes. */
    put_digits(out, d.year, 4);
    out[4] = '-';
    put_digits(out + 5, d.month, 2);
    out[7] = '-';
    put_digits(out + 8, d.day, 2);
    out[10] = '\0';
}

int civil_date_weekday(civil_date d)
{
    /* 1970-01-01 was a Thursday (4). */
    int64_t r = days_from_civil(d) % 7;
    if (r < 0) r += 7;
    return (int)((r + 3) % 7) + 1;
}

civil_date civil_date_add_days(civil_date d, int days)
{
    return civil_from_days(days_from_civil(d) + days);
}

int civil_date_compare(civil_date a, civil_date b)
{
    if (a.year != b.year) return a.year < b.year ? -1 : 1;
    if (a.month != b.month) return a.month < b.month ? -1 : 1;
    if (a.day != b.day) return a.day < b.day ? -1 : 1;
    return 0;
}

civil_date easter_sunday(int year)
{
    /* The anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    int a = year % 19, b = year / 100, c = year % 100;
    int d = b / 4, e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int n = h + l - 7 * m + 114;
    return (civil_date){year, n / 31, n % 31 + 1};
}

const char *norwegian_holiday_name(civil_date d)
{
    /* Fixed dates first, so 17 May keeps its own name when Whit Monday falls on it. */
    if (d.month == 1 && d.day == 1) return "Første nyttårsdag";
    if (d.month == 5 && d.day == 1) return "Offentlig høytidsdag";
    if (d.month == 5 && d.day == 17) return "Grunnlovsdag";
    if (d.month == 12 && d.day == 25) return "Første juledag";
    if (d.month == 12 && d.day == 26) return "Andre juledag";
    /* The movable feasts all lie between 19 March (Maundy Thursday at the earliest) and 14 June
     * (Whit Monday at the latest); checking the month first spares the computus for most days. */
    if (d.month < 3 || d.month > 6) return NULL;
    int64_t from_easter = days_from_civil(d) - days_from_civil(easter_sunday(d.year));
    switch (from_easter) {
    case -3:
        return "Skjærtorsdag";
    case -2:
        return "Langfredag";
    case 0:
        return "Første påskedag";
    case 1:
        return "Andre påskedag";
    case 39:
        return "Kristi himmelfartsdag";
    case 49:
        return "Første pinsedag";
    case 50:
        return "Andre pinsedag";
    default:
        return NULL;
    }
}

int is_working_day(civil_date d)
{
    return civil_date_weekday(d) <= 5 && norwegian_holiday_name(d) == NULL;
}

civil_date next_working_day(civil_date d)
{
    do
        d = civil_date_add_days(d, 1);
    while (!is_working_day(d));
    return d;
}

static civil_date previous_working_day(civil_date d)
{
    do
        d = civil_date_add_days(d, -1);
    while (!is_working_day(d));
    return d;
}

civil_date add_working_days(civil_date d, int n)
{
    if (n == 0) return is_working_day(d) ? d : next_working_day(d);
    for (; n > 0; n--)
        d = next_working_day(d);
    for (; n < 0; n++)
        d = previous_working_day(d);
    return d;
}

int working_days_between(civil_date from, civil_date to)
{
    int sign = 1;
    if (civil_date_compare(to, from) < 0) {
        civil_date t = from;
        from = to;
        to = t;
        sign = -1;
    }
    int64_t first = days_from_civil(from) + 1, last = days_from_civil(to);
    int count = 0;
    for (int64_t z = first; z <= last; z++)
        count += is_working_day(civil_from_days(z));
    return sign * count;
}
