/* An e-mail as RFC 5322 text: the headers a receiving server and a mail program expect, a
 * Subject in RFC 2047 encoded words when it is not plain ASCII, and a UTF-8 text body in
 * quoted-printable, so every line stays short and 7-bit whatever the text holds. */
#ifndef MINSIDE_MAIL_MAIL_MESSAGE_H
#define MINSIDE_MAIL_MAIL_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

typedef struct mail_message {
    const char *from;       /* bare address: ikke-svar@eksempel.no */
    const char *to;         /* bare address */
    const char *subject;    /* UTF-8, one line */
    const char *body;       /* UTF-8, lines ended by \n */
    const char *message_id; /* with its angle brackets */
    int64_t date;           /* unix seconds */
} mail_message;

/* The whole message with CRLF line ends, NUL-terminated; the caller frees it. */
char *mail_message_format(const mail_message *m, size_t *len);
/* A new, globally unique Message-ID: <32 hex digits@the sender's domain>. */
void mail_message_id_new(const char *from, char *out, size_t outlen);

#endif
