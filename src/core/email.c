#include "core/email.h"

#include <ctype.h>
#include <idn2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

enum { LOCAL_MAX = 64, DOMAIN_MAX = 253, LABEL_MAX = 63 };

static bool local_part_valid(const char *s, size_t len)
{
    if (len == 0 || len > LOCAL_MAX || s[0] == '.' || s[len - 1] == '.') return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (s[i + 1] == '.') return false;
        } else if (!isalnum(c) && !strchr("!#$%&'*+/=?^_`{|}~-", c)) {
            return false;
        }
    }
    return true;
}

/* An ASCII host name of two or more labels, each 1 to 63 letters, digits and inner hyphens. */
static bool ascii_domain_valid(const char *d)
{
    size_t len = strlen(d), labels = 0;
    if (len == 0 || len > DOMAIN_MAX) return false;
    for (const char *p = d; *p;) {
        size_t n = strcspn(p, ".");
        if (n == 0 || n > LABEL_MAX || p[0] == '-' || p[n - 1] == '-') return false;
        for (size_t i = 0; i < n; i++)
            if (!isalnum((unsigned char)p[i]) && p[i] != '-') return false;
        labels++;
        p += n;
        if (*p == '.') {
            p++;
            if (!*p) return false; /* a trailing dot */
        }
    }
    return labels >= 2;
}

/* The domain's ASCII form (an ASCII domain as it was given), or -1. */
static int domain_to_ascii(const char *domain, char *out, size_t outlen)
{
    size_t len = strlen(domain);
    if (len == 0 || len > DOMAIN_MAX * 4 || !utf8_valid(domain, len)) return -1;
    char *ascii = NULL;
    int ascii_only = 1;
    for (const char *p = domain; *p; p++)
        if ((unsigned char)*p >= 0x80) ascii_only = 0;
    if (ascii_only) {
        ascii = strdup(domain);
        if (!ascii) abort();
    } else if (idn2_to_ascii_8z(domain, &ascii, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT) !=
               IDN2_OK) {
        return -1;
    }
    int ok = ascii_domain_valid(ascii) && strlen(ascii) < outlen;
    if (ok) memcpy(out, ascii, strlen(ascii) + 1);
    if (ascii_only) free(ascii);
    else idn2_free(ascii);
    return ok ? 0 : -1;
}

int email_to_ascii(const char *address, char *out, size_t outlen)
{
    if (!address) return -1;
    size_t len = strlen(address);
    const char *at = strrchr(address, '@');
    if (len > EMAIL_MAX_BYTES || !at || !local_part_valid(address, (size_t)(at - address)))
        return -1;
    char domain[DOMAIN_MAX + 1];
    if (domain_to_ascii(at + 1, domain, sizeof domain) != 0) return -1;
    int n = snprintf(out, outlen, "%.*s@%s", (int)(at - address), address, domain);
    return n > 0 && (size_t)n < outlen && (size_t)n <= EMAIL_MAX_BYTES ? 0 : -1;
}

bool email_valid(const char *address)
{
    char ascii[EMAIL_MAX_BYTES + 1];
    return email_to_ascii(address, ascii, sizeof ascii) == 0;
}
