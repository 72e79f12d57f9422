#include "core/clock.h"

#include "core/workdays.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The whole clock state is one atomic word, so a worker thread can never see a half-made change
 * (say, "fixed" already set but the time not yet): CLOCK_SYSTEM means "use the system time",
 * anything else is the frozen time. */
#define CLOCK_SYSTEM INT64_MIN

static _Atomic int64_t fixed_now = CLOCK_SYSTEM;

/* The latest moment MINSIDE_FAKE_NOW may name, 9999-12-31T23:59:59Z: beyond it dates no longer fit
 * "YYYY-MM-DD", which the rest of the product assumes. */
#define CLOCK_MAX_FAKE INT64_C(253402300799)

static int64_t system_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

int64_t clock_now(void)
{
    int64_t t = atomic_load(&fixed_now);
    return t == CLOCK_SYSTEM ? system_now() : t;
}

void clock_set_fixed(int64_t t)
{
    atomic_store(&fixed_now, t == CLOCK_SYSTEM ? CLOCK_SYSTEM + 1 : t);
}

void clock_advance(int64_t seconds)
{
    int64_t old = atomic_load(&fixed_now);
    int64_t next;
    do {
        int64_t base = old == CLOCK_SYSTEM ? system_now() : old;
        if (__builtin_add_overflow(base, seconds, &next))
            next = seconds > 0 ? INT64_MAX : CLOCK_SYSTEM + 1;
        if (next == CLOCK_SYSTEM) next = CLOCK_SYSTEM + 1;
        /* A compare-and-swap rather than fetch_add, so concurrent advances never lose a step and
         * the sum can be checked for overflow. */
    } while (!atomic_compare_exchange_weak(&fixed_now, &old, next));
}

void clock_use_system(void)
{
    atomic_store(&fixed_now, CLOCK_SYSTEM);
}

static int parse_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Unix seconds: digits only, no sign, at most CLOCK_MAX_FAKE. */
static int parse_unix_seconds(const char *s, int64_t *out)
{
    int64_t v = 0;
    if (!*s) return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        v = v * 10 + (*s - '0');
        if (v > CLOCK_MAX_FAKE) return -1;
    }
    *out = v;
    return 0;
}

/* "YYYY-MM-DDTHH:MM:SSZ" exactly: the form the end-to-end scripts write, always in UTC so that a
 * fake time never depends on the machine's time zone. */
static int parse_utc_timestamp(const char *s, int64_t *out)
{
    if (strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return -1;
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    civil_date d;
    int hh, mm, ss;
    if (civil_date_parse(date, &d) != 0 || parse_digits(s + 11, 2, &hh) != 0 ||
        parse_digits(s + 14, 2, &mm) != 0 || parse_digits(s + 17, 2, &ss) != 0)
        return -1;
    if (hh > 23 || mm > 59 || ss > 59) return -1;
    struct tm tm = {.tm_year = d.year - 1900,
                    .tm_mon = d.month - 1,
                    .tm_mday = d.day,
                    .tm_hour = hh,
                    .tm_min = mm,
                    .tm_sec = ss};
    /* timegm, not mktime: the text is UTC whatever the local zone is. */
    time_t t = timegm(&tm);
    if (t < 0) return -1; /* before 1970: never a sensible "now" for the product */
    *out = (int64_t)t;
    return 0;
}

int clock_init_from_env(void)
{
    const char *v = getenv("MINSIDE_FAKE_NOW");
    if (!v || !*v) return 0;
    int64_t t;
    int rc = strchr(v, '-') ? parse_utc_timestamp(v, &t) : parse_unix_seconds(v, &t);
    if (rc != 0) return -1;
    clock_set_fixed(t);
    return 0;
}

int64_t clock_monotonic_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t clock_monotonic_ms(void)
{
    return clock_monotonic_us() / 1000;
}

static pthread_once_t tz_once = PTHREAD_ONCE_INIT;
static int tz_result = -1;

/* Oslo's offsets at two fixed moments, one in winter and one in summer. If the zone file is missing
 * glibc silently falls back to UTC, so checking what it actually gives is the only way to notice.
 */
static int oslo_offsets_ok(void)
{
    static const struct {
        time_t t;
        long gmtoff;
    } probes[] = {
        {1768478400, 3600}, /* 2026-01-15T12:00:00Z: CET, UTC+1 */
        {1784116800, 7200}, /* 2026-07-15T12:00:00Z: CEST, UTC+2 */
    };
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        struct tm tm;
        if (!localtime_r(&probes[i].t, &tm) || tm.tm_gmtoff != probes[i].gmtoff) return -1;
    }
    return 0;
}

static void init_timezone_once(void)
{
    /* Setting TZ once for the whole process, before threads exist, instead of around each
     * conversion: setenv while another thread calls getenv (as localtime_r may) is a data race,
     * and Oslo is the only local time the product ever needs. Logs use gmtime_r and are not
     * affected. */
    if (setenv("TZ", "Europe/Oslo", 1) != 0) return;
    tzset();
    tz_result = oslo_offsets_ok();
}

int clock_init_timezone(void)
{
    pthread_once(&tz_once, init_timezone_once);
    return tz_result;
}
