#include "mail/mail_message.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/strbuf.h"
#include "core/utf8.h"

/* RFC 5322 wants English day and month names whatever the locale says, so no strftime. */
static void append_date(strbuf *b, int64_t t)
{
    static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strbuf_printf(b, "Date: %s, %d %s %d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static int is_plain_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e) return 0;
    return 1;
}

/* Subject as =?UTF-8?B?…?= words of at most 45 bytes of text each (75 characters encoded, the
 * limit of RFC 2047), cut only between characters, one word a folded line. */
static void append_subject(strbuf *b, const char *subject)
{
    strbuf_puts(b, "Subject: ");
    if (is_plain_ascii(subject)) {
        strbuf_puts(b, subject);
        strbuf_puts(b, "\r\n");
        return;
    }
    const unsigned char *p = (const unsigned char *)subject;
    size_t left = strlen(subject);
    int first = 1;
    while (left) {
        size_t n = utf8_prefix_len((const char *)p, left, 45);
        char encoded[sodium_base64_ENCODED_LEN(45, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(encoded, sizeof encoded, p, n, sodium_base64_VARIANT_ORIGINAL);
        strbuf_printf(b, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", encoded);
        first = 0;
        p += n;
        left -= n;
    }
    strbuf_puts(b, "\r\n");
}

/* Quoted-printable (RFC 2045 6.7): lines of at most 76 characters with soft breaks, spaces at a
 * line's end and every byte outside printable ASCII as =XX. A dot that would start a line is
 * encoded too, so no SMTP server or client ever needs to dot-stuff the body. */
static void append_quoted_printable(strbuf *b, const char *text)
{
    size_t col = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\n') {
            strbuf_puts(b, "\r\n");
            col = 0;
            continue;
        }
        if (*p == '\r') continue;
        char token[4];
        int at_line_end = p[1] == '\n' || p[1] == '\0' || (p[1] == '\r' && p[2] == '\n');
        int literal = (*p >= 33 && *p <= 126 && *p != '=' && !(*p == '.' && col == 0)) ||
                      ((*p == ' ' || *p == '\t') && !at_line_end);
        if (literal) {
            token[0] = (char)*p;
            token[1] = '\0';
        } else {
            snprintf(token, sizeof token, "=%02X", *p);
        }
        size_t n = strlen(token);
        if (col + n > 75) { /* 75 plus the "=" of the soft break */
            strbuf_puts(b, "=\r\n");
            col = 0;
            if (token[0] == '.') snprintf(token, sizeof token, "=2E"), n = 3;
        }
        strbuf_puts(b, token);
        col += n;
    }
    if (col) strbuf_puts(b, "\r\n");
}

char *mail_message_format(const mail_message *m, size_t *len)
{
    strbuf b = STRBUF_INIT;
    append_date(&b, m->date);
    strbuf_printf(&b, "From: Min side <%s>\r\n", m->from);
    strbuf_printf(&b, "To: <%s>\r\n", m->to);
    append_subject(&b, m->subject);
    strbuf_printf(&b, "Message-ID: %s\r\n", m->message_id);
    strbuf_puts(&b, "MIME-Version: 1.0\r\n"
                    "Content-Type: text/plain; charset=utf-8\r\n"
                    "Content-Transfer-Encoding: quoted-printable\r\n"
                    /* RFC 3834: tells vacation responders not to answer a notice. */
                    "Auto-Submitted: auto-generated\r\n"
                    "\r\n");
    append_quoted_printable(&b, m->body);
    if (len) *len = b.len;
    return strbuf_take(&b);
}

void mail_message_id_new(const char *from, char *out, size_t outlen)
{
    unsigned char random[16];
    char hex[sizeof random * 2 + 1];
    randombytes_buf(random, sizeof random);
    sodium_bin2hex(hex, sizeof hex, random, sizeof random);
    const char *at = strrchr(from, '@');
    snprintf(out, outlen, "<%s@%s>", hex, at && at[1] ? at + 1 : "localhost");
}
