/* The product's notion of "now". Everything time-based (deadlines, retention, sessions) asks this
 * clock rather than time(), so that tests and end-to-end runs can put the product at a chosen
 * moment. All functions are safe to call from any thread. */
#ifndef MINSIDE_CORE_CLOCK_H
#define MINSIDE_CORE_CLOCK_H

#include <stdint.h>

/* Unix seconds, UTC: the system time, or the fixed time if one is set. */
int64_t clock_now(void);
/* Tests: freeze time at t (INT64_MIN is reserved and is stored as INT64_MIN + 1). */
void clock_set_fixed(int64_t t);
/* Tests: move a fixed clock forward by seconds (negative moves it back; saturates instead of
 * overflowing). On the system clock it freezes time at the current time plus seconds, so a test
 * can always advance without first choosing a start. */
void clock_advance(int64_t seconds);
/* Back to the system time. */
void clock_use_system(void);
/* Reads MINSIDE_FAKE_NOW, either unix seconds ("1795430400") or "YYYY-MM-DDTHH:MM:SSZ", and
 * freezes the clock there, so end-to-end tests can run the server at a chosen time. Unset or empty
 * leaves the clock as it is. Returns 0, or -1 on an unparsable value (the clock is then left as
 * it is). Call at start-up. */
int clock_init_from_env(void);
/* Milliseconds (microseconds) from an arbitrary start that never jumps: for measuring durations
 * only. It ignores the fixed clock, since a frozen clock would make every duration zero. */
int64_t clock_monotonic_ms(void);
int64_t clock_monotonic_us(void);

/* Makes the C library's local time Europe/Oslo (sets TZ and calls tzset), which the civil-date
 * functions in core/workdays.h rely on. main must call it before starting any thread: changing
 * the environment while another thread reads it is a data race. Single-threaded programs (tests,
 * tools) may skip it; the first civil-date conversion then does it once. Returns 0, or -1 when the
 * time zone database does not give Oslo's +01:00/+02:00 (e.g. tzdata not installed), in which
 * case dates near midnight would be wrong and the server should refuse to start. */
int clock_init_timezone(void);

#endif
