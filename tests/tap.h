/* A minimal TAP producer for meson's test runner: each check prints "ok N" or "not ok N". */
#ifndef MINSIDE_TESTS_TAP_H
#define MINSIDE_TESTS_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

#define TAP_OK(cond, ...)                                                                          \
    do {                                                                                           \
        int tap_c_ = (cond);                                                                       \
        tap_count++;                                                                               \
        if (!tap_c_) tap_failed++;                                                                 \
        printf("%sok %d - ", tap_c_ ? "" : "not ", tap_count);                                     \
        printf(__VA_ARGS__);                                                                       \
        printf("\n");                                                                              \
        if (!tap_c_) printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__, #cond);               \
        fflush(stdout);                                                                            \
    } while (0)

#define TAP_EQ_STR(got, want, ...)                                                                 \
    do {                                                                                           \
        const char *tap_g_ = (got), *tap_w_ = (want);                                              \
        int tap_same_ = (tap_g_ && tap_w_) ? strcmp(tap_g_, tap_w_) == 0 : tap_g_ == tap_w_;       \
        TAP_OK(tap_same_, __VA_ARGS__);                                                            \
        if (!tap_same_)                                                                            \
            printf("#   got:  \"%s\"\n#   want: \"%s\"\n", tap_g_ ? tap_g_ : "(null)",             \
                   tap_w_ ? tap_w_ : "(null)");                                                    \
    } while (0)

#define TAP_EQ_INT(got, want, ...)                                                                 \
    do {                                                                                           \
        long long tap_g_ = (long long)(got), tap_w_ = (long long)(want);                           \
        TAP_OK(tap_g_ == tap_w_, __VA_ARGS__);                                                     \
        if (tap_g_ != tap_w_) printf("#   got: %lld  want: %lld\n", tap_g_, tap_w_);              \
    } while (0)

#define TAP_SKIP(reason) printf("ok %d # SKIP %s\n", ++tap_count, reason)

/* Prints the plan and returns the process exit status. */
static inline int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

#endif
