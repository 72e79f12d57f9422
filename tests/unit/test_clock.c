#include "core/clock.h"
#include "tap.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* Sets MINSIDE_FAKE_NOW to value, starting from a clock frozen at a sentinel, and returns what
 * clock_init_from_env gave; *now receives clock_now() afterwards. */
static int from_env(const char *value, int64_t *now)
{
    clock_set_fixed(42);
    if (value)
        setenv("MINSIDE_FAKE_NOW", value, 1);
    else
        unsetenv("MINSIDE_FAKE_NOW");
    int rc = clock_init_from_env();
    *now = clock_now();
    return rc;
}

enum { READERS = 4, STEPS = 400000 };
static pthread_barrier_t start_line;
static atomic_int readers_failed;
static atomic_int stop_readers;

/* A worker's view while the test thread advances the clock: never backwards, never the system
 * time, never beyond the last value written. */
static void *reader(void *arg)
{
    (void)arg;
    int64_t last = clock_now();
    while (!atomic_load(&stop_readers)) {
        int64_t t = clock_now();
        if (t < last || t < 1000 || t > 1000 + STEPS) atomic_store(&readers_failed, 1);
        last = t;
    }
    return NULL;
}

static void *advancer(void *arg)
{
    (void)arg;
    /* Both advancers start together so their steps really interleave. */
    pthread_barrier_wait(&start_line);
    for (int i = 0; i < STEPS / 2; i++)
        clock_advance(1);
    return NULL;
}

int main(void)
{
    /* Fixed clock and advance. */
    clock_set_fixed(1795428000);
    TAP_EQ_INT(clock_now(), 1795428000, "a fixed clock returns the fixed time");
    TAP_EQ_INT(clock_now(), 1795428000, "and keeps returning it");
    clock_advance(86400);
    TAP_EQ_INT(clock_now(), 1795428000 + 86400, "advance moves a fixed clock forward");
    clock_advance(-3600);
    TAP_EQ_INT(clock_now(), 1795428000 + 86400 - 3600, "a negative advance moves it back");
    clock_set_fixed(INT64_MAX - 5);
    clock_advance(100);
    TAP_EQ_INT(clock_now(), INT64_MAX, "advance saturates instead of overflowing");

    /* System clock. */
    clock_use_system();
    int64_t sys = (int64_t)time(NULL);
    int64_t now = clock_now();
    TAP_OK(now >= sys - 2 && now <= sys + 2, "the system clock follows time() (%lld vs %lld)",
           (long long)now, (long long)sys);
    clock_advance(3600);
    now = clock_now();
    TAP_OK(now >= sys + 3600 - 2 && now <= sys + 3600 + 2,
           "advancing the system clock freezes it an hour ahead");
    struct timespec pause = {1, 100 * 1000 * 1000};
    nanosleep(&pause, NULL);
    TAP_EQ_INT(clock_now(), now, "and it then stays frozen");
    clock_use_system();
    TAP_OK(clock_now() < now - 1000, "use_system returns to the real time");

    /* Monotonic clock. */
    clock_set_fixed(5);
    int64_t m0 = clock_monotonic_ms();
    struct timespec short_pause = {0, 30 * 1000 * 1000};
    nanosleep(&short_pause, NULL);
    int64_t m1 = clock_monotonic_ms();
    TAP_OK(m1 - m0 >= 30 && m1 - m0 < 5000,
           "monotonic ms measures a 30 ms pause even on a fixed clock (%lld)",
           (long long)(m1 - m0));

    /* MINSIDE_FAKE_NOW. */
    int64_t t;
    TAP_EQ_INT(from_env("1795428000", &t), 0, "unix seconds are accepted");
    TAP_EQ_INT(t, 1795428000, "and freeze the clock there");
    TAP_EQ_INT(from_env("2026-11-23T10:00:00Z", &t), 0, "a UTC timestamp is accepted");
    TAP_EQ_INT(t, 1795428000, "and means the same instant");
    TAP_EQ_INT(from_env("2024-02-29T23:59:59Z", &t), 0, "a leap day is accepted");
    TAP_EQ_INT(t, 1709251199, "2024-02-29T23:59:59Z");
    TAP_EQ_INT(from_env("2038-01-19T03:14:08Z", &t), 0, "times past 2038 are accepted");
    TAP_EQ_INT(t, INT64_C(2147483648), "2038-01-19T03:14:08Z is 2^31");
    TAP_EQ_INT(from_env("0", &t), 0, "0 is the epoch");
    TAP_EQ_INT(t, 0, "the epoch");
    TAP_EQ_INT(from_env(NULL, &t), 0, "an unset variable is not an error");
    TAP_EQ_INT(t, 42, "and leaves the clock alone");
    TAP_EQ_INT(from_env("", &t), 0, "an empty variable is not an error");
    TAP_EQ_INT(t, 42, "and leaves the clock alone");

    static const char *const invalid[] = {
        "abc",
        "12a",
        "-5",
        "+5",
        " 1795428000",
        "1795428000 ",
        "1.5",
        "99999999999999999999999",
        "253402300800",
        "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-11-23T24:00:00Z",
        "2026-11-23T10:60:00Z",
        "2026-11-23T10:00:60Z",
        "2026-11-23T10:00:00",
        "2026-11-23T10:00:00+01:00",
        "2026-11-23 10:00:00Z",
        "2026-11-23T10:00Z",
        "2026-11-23",
        "2026-1-23T10:00:00Z",
        "2026-11-23T1a:00:00Z",
        "1969-12-31T23:59:59Z",
    };
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        int rc = from_env(invalid[i], &t);
        TAP_OK(rc == -1 && t == 42, "\"%s\" is rejected and leaves the clock alone", invalid[i]);
    }
    unsetenv("MINSIDE_FAKE_NOW");

    /* Many threads reading while two advance: every reader sees a consistent, growing time, and
     * concurrent advances all count. */
    clock_set_fixed(1000);
    pthread_t th[READERS], adv[2];
    for (int i = 0; i < READERS; i++)
        pthread_create(&th[i], NULL, reader, NULL);
    pthread_barrier_init(&start_line, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&adv[i], NULL, advancer, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(adv[i], NULL);
    atomic_store(&stop_readers, 1);
    for (int i = 0; i < READERS; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&start_line);
    TAP_OK(!atomic_load(&readers_failed), "readers see a monotone fixed time while it advances");
    TAP_EQ_INT(clock_now(), 1000 + STEPS, "no advance is lost");

    clock_use_system();
    return tap_done();
}
