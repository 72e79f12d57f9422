/* Reading a bounce report (internal to src/newsletter): GMime takes the message apart; an RFC
 * 3464 delivery status part is read field by field, and the text notices of MTAs that write
 * none (Exim, qmail, Gmail, Exchange) are read for the address and a status code. */
#ifndef MINSIDE_NEWSLETTER_NEWSLETTER_BOUNCE_H
#define MINSIDE_NEWSLETTER_NEWSLETTER_BOUNCE_H

#include <stddef.h>

typedef enum {
    NL_BOUNCE_NOT_MAIL,      /* not a mail message at all */
    NL_BOUNCE_NOT_REPORT,    /* an auto-reply or ordinary mail */
    NL_BOUNCE_OTHER_ADDRESS, /* a report, but it does not name the address */
    NL_BOUNCE_NO_FAILURE,    /* a report naming the address without a failure we can read */
    NL_BOUNCE_TEMPORARY,     /* a 4.x.x failure, or a delay */
    NL_BOUNCE_PERMANENT,     /* a 5.x.x failure */
} nl_bounce_kind;

typedef struct nl_report nl_report;

/* Takes the message in data (len bytes) apart. NULL when it is not a mail message (no header,
 * or GMime cannot read it). */
nl_report *nl_report_parse(const char *data, size_t len);
/* A bounce+… address the report was delivered to (X-Original-To, Delivered-To, Envelope-To,
 * To), for when the MTA does not pass it on the command line; NULL when there is none. */
const char *nl_report_return_path(const nl_report *r, const char *local_part);
/* What the report says about address (lower-case ASCII); the status code found goes into status
 * ("" when none). */
nl_bounce_kind nl_report_classify(const nl_report *r, const char *address, char status[16]);
void nl_report_free(nl_report *r);

#endif
