/* Hands one message to the configured SMTP server with libcurl. */
#ifndef MINSIDE_MAIL_MAIL_SMTP_H
#define MINSIDE_MAIL_MAIL_SMTP_H

#include <stddef.h>

typedef enum {
    MAIL_SMTP_SENT = 0,             /* the server accepted the message */
    MAIL_SMTP_TEMPORARY = 1,        /* try again later: no connection, 4xx, timeout, stopping */
    MAIL_SMTP_RECIPIENT_REFUSED = 2 /* 5xx to RCPT TO: the address does not exist */
} mail_smtp_result;

/* Sends message (RFC 5322 text with CRLF line ends) from `from` to `to`, using the SMTP URL,
 * login and sender of g_app.cfg. err gets the reason when it was not sent. */
mail_smtp_result mail_smtp_send(const char *from, const char *to, const char *message, size_t len,
                                char *err, size_t errlen);

/* A connection kept open for many messages (a newsletter's batch): libcurl reuses it from one
 * message to the next instead of connecting and greeting the server for each. NULL when
 * libcurl cannot start. One thread at a time. */
typedef struct mail_smtp_conn mail_smtp_conn;
mail_smtp_conn *mail_smtp_open(void);
/* As mail_smtp_send, over c; `from` is the envelope sender (the return path). */
mail_smtp_result mail_smtp_conn_send(mail_smtp_conn *c, const char *from, const char *to,
                                     const char *message, size_t len, char *err, size_t errlen);
void mail_smtp_close(mail_smtp_conn *c);

#endif
