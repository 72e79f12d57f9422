/* libFuzzer target for `minside mail-bounce`: a bounce report as the MTA hands it over, taken
 * apart by GMime (RFC 3464 delivery status, the text notices of Exim, qmail, Gmail, Exchange),
 * the return path it was delivered to and what it says about an address. The input is the
 * message; it is classified for an address its first To: header names, or a fixed one. */
#include "newsletter/newsletter_bounce.h"
#include "newsletter/newsletter_issue.h"
#include "newsletter/newsletter_message.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The address after the first "To: " line, lower-cased, into out; or a fixed one. Never empty:
 * the address is a subscriber's, stored after the e-mail check. */
static void address_of(const uint8_t *data, size_t size, char *out, size_t cap)
{
    strcpy(out, "shironeko@example.jp");
    const char *to = memmem(data, size, "\nTo: ", 5);
    if (!to) return;
    to += 5;
    if (to < (const char *)data + size && *to == '<') to++;
    size_t n = 0;
    while (to + n < (const char *)data + size && n + 1 < cap && isgraph((unsigned char)to[n]) &&
           to[n] != '>')
        n++;
    if (n == 0) return;
    for (size_t i = 0; i < n; i++) out[i] = (char)tolower((unsigned char)to[i]);
    out[n] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nl_gmime_init();
    nl_report *r = nl_report_parse((const char *)data, size);
    if (!r) return 0;
    const char *rp = nl_report_return_path(r, "bounce");
    if (rp) {
        char ref[33];
        int64_t issue = 0;
        if (nl_return_path_parse(rp, ref, &issue) == 0 && (!memchr(ref, '\0', sizeof ref) || issue < 0))
            abort();
    }
    char address[256], status[16];
    address_of(data, size, address, sizeof address);
    nl_bounce_kind kind = nl_report_classify(r, address, status);
    if (kind < NL_BOUNCE_NOT_MAIL || kind > NL_BOUNCE_PERMANENT || !memchr(status, '\0', sizeof status))
        abort();
    /* A failure is only read from a status that says so. */
    if (kind == NL_BOUNCE_PERMANENT && status[0] && status[0] != '5') abort();
    nl_report_free(r);
    return 0;
}
