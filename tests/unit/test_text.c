/* The text helpers of core: e-mail addresses, UTF-8 cuts and counts, Norwegian dates. */
#include "core/arena.h"
#include "core/clock.h"
#include "core/date_text.h"
#include "core/email.h"
#include "core/utf8.h"
#include "tap.h"

#include <string.h>

static void check_email(void)
{
    static const char *const good[] = {
        "kari@example.no", "Kari.Nordmann+min-side@Example.NO", "o'brien@post.example.com",
        "a@b.co", "post@blåbær.no", "x@æøå.example", "ola_n@sub-domene.example.no",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        TAP_OK(email_valid(good[i]), "accepted: %s", good[i]);
    static const char *const bad[] = {
        "", "kari", "@example.no", "kari@", "kari@example", "a\"b@example.com",
        "\"kari\"@example.no", "kari@@example.no", "ka ri@example.no", "kari@exa mple.no",
        ".kari@example.no", "kari.@example.no", "ka..ri@example.no", "kari@example..no",
        "kari@-example.no", "kari@example-.no", "kari@example.no.", "kåri@example.no",
        "kari@example.no>", "<kari@example.no>", "kari@example.no,ola@example.no",
        "kari@example.no\r\nBcc: x@example.no", "kari@[127.0.0.1]", "kari@exa_mple.no",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        TAP_OK(!email_valid(bad[i]), "refused: bad address %zu", i);
    char local[70], address[300];
    memset(local, 'a', 65);
    local[65] = '\0';
    snprintf(address, sizeof address, "%s@example.no", local);
    TAP_OK(!email_valid(address), "a local part over 64 bytes is refused");
    local[64] = '\0';
    snprintf(address, sizeof address, "%s@example.no", local);
    TAP_OK(email_valid(address), "64 bytes are allowed");
    char ascii[300];
    TAP_EQ_INT(email_to_ascii("post@blåbær.no", ascii, sizeof ascii), 0, "an IDN domain converts");
    TAP_EQ_STR(ascii, "post@xn--blbr-roah.no", "to its xn-- form");
    TAP_EQ_INT(email_to_ascii("Person@Example.no", ascii, sizeof ascii), 0, "an ASCII address");
    TAP_EQ_STR(ascii, "Person@Example.no", "is kept as given");
    TAP_EQ_INT(email_to_ascii("post@blåbær.no", ascii, 10), -1, "a too small buffer is refused");
    TAP_OK(!email_valid(NULL), "NULL is refused");
}

static void check_utf8(void)
{
    const char *s = "blåbær";                       /* b l å(2) b æ(2) r: 8 bytes */
    TAP_EQ_INT(utf8_prefix_len(s, 8, 3), 2, "a cut inside å goes back before it");
    TAP_EQ_INT(utf8_prefix_len(s, 8, 4), 4, "a cut after å keeps it");
    TAP_EQ_INT(utf8_prefix_len(s, 8, 20), 8, "a short text is not cut");
    char buf[8];
    utf8_copy(buf, 7, "blåbær!");
    TAP_EQ_STR(buf, "blåb", "a copy is cut between characters");
    utf8_copy(buf, sizeof buf, NULL);
    TAP_EQ_STR(buf, "", "NULL copies as empty");
    char cut[] = "Øst-Ågder";
    utf8_cut(cut, 1);
    TAP_EQ_STR(cut, "", "cutting within the first character leaves nothing");
    TAP_EQ_INT(utf8_chars("blåbær"), 6, "characters are counted, not bytes");
}

static void check_dates(void)
{
    arena *a = arena_new();
    /* 2026-12-31 23:30 UTC is 1 January 2027 in Oslo. */
    TAP_EQ_STR(date_text_nb(a, 1798759800), "1. januar 2027", "a date is the day in Oslo");
    TAP_EQ_STR(date_text_nb_ymd(a, "2026-05-17"), "17. mai 2026", "a YYYY-MM-DD date");
    TAP_OK(date_text_nb_ymd(a, "2026-02-30") == NULL, "an impossible date gives NULL");
    TAP_OK(date_text_nb_ymd(a, NULL) == NULL, "no date gives NULL");
    civil_date d = {2026, 12, 2};
    TAP_EQ_STR(date_text_nb_civil(a, d), "2. desember 2026", "a civil date");
    TAP_EQ_STR(date_text_nb_month(a, d), "desember 2026", "a month");
    arena_free(a);
}

int main(void)
{
    if (clock_init_timezone() != 0) return 1;
    check_email();
    check_utf8();
    check_dates();
    return tap_done();
}
