#include "auth/fnr.h"

#include <stdio.h>
#include <string.h>

static int digit(const char *s, int i)
{
    return s[i] - '0';
}

bool fnr_check_digits_valid(const char *s)
{
    static const int w1[9] = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    static const int w2[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    if (!s || strlen(s) != 11) return false;
    for (int i = 0; i < 11; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    int sum = 0;
    for (int i = 0; i < 9; i++)
        sum += w1[i] * digit(s, i);
    int k1 = 11 - sum % 11;
    if (k1 == 11) k1 = 0;
    if (k1 == 10 || k1 != digit(s, 9)) return false;
    sum = 0;
    for (int i = 0; i < 10; i++)
        sum += w2[i] * digit(s, i);
    int k2 = 11 - sum % 11;
    if (k2 == 11) k2 = 0;
    return k2 != 10 && k2 == digit(s, 10);
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The century from the individual number (digits 7-9) and the two-digit year, as the
 * population register assigns them. */
static int century_year(int individual, int yy)
{
    if (individual <= 499) return 1900 + yy;
    if (individual <= 749 && yy >= 54) return 1800 + yy;
    if (individual >= 900 && yy >= 40) return 1900 + yy;
    if (yy <= 39) return 2000 + yy;
    return -1;
}

int fnr_birth_date(const char *s, char out[11])
{
    if (!fnr_check_digits_valid(s)) return -1;
    int day = digit(s, 0) * 10 + digit(s, 1);
    int month = digit(s, 2) * 10 + digit(s, 3);
    int yy = digit(s, 4) * 10 + digit(s, 5);
    int individual = digit(s, 6) * 100 + digit(s, 7) * 10 + digit(s, 8);
    if (day > 40) day -= 40; /* d-nummer */
    int year = century_year(individual, yy);
    static const int days_in[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 0 || month < 1 || month > 12 || day < 1) return -1;
    int max = days_in[month - 1] + (month == 2 && leap(year));
    if (day > max) return -1;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)year % 10000u, (unsigned)month % 100u,
             (unsigned)day % 100u);
    return 0;
}
