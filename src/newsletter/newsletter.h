/* The newsletter: subscribers who gave their consent and confirmed their address (double
 * opt-in), issues written by staff and sent to the confirmed subscribers through the job table,
 * and the deletion of an address when its owner unsubscribes or mail to it bounces.
 *
 * Tokens in links are never stored: a confirmation link's token is kept as its SHA-256, and an
 * unsubscribe link carries the row's public key with a MAC made with the service's secret key.
 * Addresses are kept in their ASCII envelope form in lower case, so one address is one row. */
#ifndef MINSIDE_NEWSLETTER_NEWSLETTER_H
#define MINSIDE_NEWSLETTER_NEWSLETTER_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

enum {
    NEWSLETTER_CONFIRM_DAYS = 7,              /* a confirmation link is valid this long */
    NEWSLETTER_CONFIRM_RESEND_SECONDS = 86400, /* at most one confirmation e-mail a day an address */
    NEWSLETTER_SIGNUPS_PER_CLIENT_HOUR = 20,  /* sign-ups one client may post in an hour */
};

typedef enum {
    NEWSLETTER_OK = 0,         /* done (or quietly nothing to do: the page says the same) */
    NEWSLETTER_BAD_ADDRESS = 1,
    NEWSLETTER_NO_CONSENT = 2,
    NEWSLETTER_CLIENT_LIMIT = 3,
    NEWSLETTER_BAD_LINK = 4,   /* forged, unknown, used or run out: nothing changed */
} newsletter_status;

/* A sign-up: checks the address and the consent version, the per-client limit, and makes or
 * refreshes the unconfirmed row and queues the confirmation e-mail (at most one a day an
 * address; none to an address that is already confirmed), all in one transaction. The result
 * says nothing about whether the address was known. Returns a newsletter_status or a negative
 * db code. */
int newsletter_subscribe(db *d, const char *address, const char *consent_version,
                         const char *client, int64_t now);
/* The confirmation link's token: marks the address confirmed. NEWSLETTER_BAD_LINK when the
 * token is not one we gave, was used, or has run out. */
int newsletter_confirm(db *d, const char *token, int64_t now);
/* NEWSLETTER_OK when the token would confirm an address at now (the page before the button),
 * else NEWSLETTER_BAD_LINK or a negative db code. Changes nothing. */
int newsletter_confirm_check(db *d, const char *token, int64_t now);
/* The unsubscribe token (KEY.MAC) from a link or a one-click POST: deletes the address at once.
 * NEWSLETTER_BAD_LINK when the MAC is wrong or the address is gone already. */
int newsletter_unsubscribe(db *d, const char *token);
/* The unsubscribe token for a subscriber's key, into out (at least NEWSLETTER_TOKEN_BYTES). */
#define NEWSLETTER_TOKEN_BYTES 112
void newsletter_unsubscribe_token(const char *key, char *out, size_t outlen);

/* The current consent text and its version, as the sign-up page shows it. NULL on a db error;
 * the caller decrefs. {"version": "...", "text": "..."} */
json_t *newsletter_consent_current(db *d);

/* Retention: deletes sign-ups never confirmed whose link has run out (older than
 * NEWSLETTER_CONFIRM_DAYS at now), and sign-up attempts older than an hour. Returns the number
 * of sign-ups deleted, or a negative db code. */
int64_t newsletter_purge_unconfirmed(db *d, int64_t now);

/* «Mine personopplysninger»: what the newsletter holds about address, as
 * {"address", "confirmed": bool, "consent_version", "consent_text", "consent_at",
 * "confirmed_at"} (unix seconds; confirmed_at null while unconfirmed). *out is NULL when the
 * address is not subscribed. Returns 0 or a negative db code. */
int newsletter_subscription_lookup(db *d, const char *address, json_t **out);

/* `minside mail-bounce [RECIPIENT]`: reads one bounce report on standard input, as an MTA's pipe
 * transport hands it over, with the address it was sent to (bounce+REF-ISSUE@domain) as the
 * argument or in its headers. A permanent failure (5.x.x) deletes the subscriber's address; a
 * temporary one is counted, and MINSIDE_NEWSLETTER_SOFT_BOUNCES of consecutive issues in a row
 * delete it. Auto-replies, ordinary mail and reports about other addresses change nothing.
 * Returns the exit status: */
enum {
    NEWSLETTER_BOUNCE_DONE = 0,       /* the address was deleted, or the bounce counted */
    NEWSLETTER_BOUNCE_NOT_BOUNCE = 3, /* not a failure report we can read: nothing changed */
    NEWSLETTER_BOUNCE_UNKNOWN = 4,    /* no address of ours (token, subscriber, report): nothing changed */
    NEWSLETTER_BOUNCE_MALFORMED = 65, /* not a mail message at all (EX_DATAERR) */
    NEWSLETTER_BOUNCE_TEMPFAIL = 75,  /* the database failed; the MTA should try again (EX_TEMPFAIL) */
};
int newsletter_mail_bounce(const char *recipient);

/* Registers the `newsletter_send` job kind and starts GMime (at start-up). */
void newsletter_register(void);


#endif
