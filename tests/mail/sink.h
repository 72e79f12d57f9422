/* The SMTP server the mail tests send to: tests/mail/smtp_sink.py (Debian's python3-aiosmtpd)
 * on loopback, keeping each message it accepts as NNNNNN.eml and NNNNNN.json in its folder. */
#ifndef MINSIDE_TESTS_MAIL_SINK_H
#define MINSIDE_TESTS_MAIL_SINK_H

#include <jansson.h>
#include <sys/types.h>

typedef struct {
    pid_t pid;
    int port;
    char dir[600];
} sink;

/* Starts smtp_sink.py on port (0: any free one), refusing nei@example.no (550) and delaying
 * vent@example.no (451), hanging on treg@example.no. Returns 0 when it listens. */
int sink_start(sink *s, int port);
void sink_stop(sink *s);
/* The number of messages it has kept. */
int sink_count(const sink *s);
/* Message number n (from 1) as the sink's parser read it; the caller decrefs it. */
json_t *sink_message(const sink *s, int n);
/* Message n as received (up to 64 KiB); the caller frees it. */
char *sink_raw(const sink *s, int n);
/* Points the program's SMTP setting at the sink's port. */
void use_sink_port(int port);

#endif
