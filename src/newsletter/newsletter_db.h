/* The newsletter's SQL: subscribers, consent texts and sign-up attempts. Internal to
 * src/newsletter. */
#ifndef MINSIDE_NEWSLETTER_NEWSLETTER_DB_H
#define MINSIDE_NEWSLETTER_NEWSLETTER_DB_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

typedef struct {
    int64_t id;
    char ref[33];
    int64_t confirmed_at;      /* 0 while unconfirmed */
    int64_t confirm_mailed_at; /* 0 when no confirmation e-mail went */
} nl_subscriber;

/* 1 when the version is a consent text we have, 0 when not, or a negative code. */
int nl_db_consent_exists(db *d, const char *version);
/* The newest consent text as {"version", "text"}, or NULL on a db error. */
json_t *nl_db_consent_current(db *d);

/* Sign-up attempts by client_hash since `since`, or a negative code. */
int64_t nl_db_attempts_since(db *d, const char *client_hash, int64_t since);
int nl_db_attempt_add(db *d, const char *client_hash, int64_t at);

/* 1 when the address has a row (s filled), 0 when not, or a negative code. */
int nl_db_subscriber_by_address(db *d, const char *address, nl_subscriber *s);
/* A new unconfirmed row waiting for the token whose hash is confirm_hash. */
int nl_db_subscriber_insert(db *d, const char *address, const char *ref, const char *version,
                            int64_t now, const char *confirm_hash, int64_t expires);
/* An unconfirmed row given a new consent and a new token (the old link stops working). */
int nl_db_subscriber_renew(db *d, int64_t id, const char *version, int64_t now,
                           const char *confirm_hash, int64_t expires);
/* 1 when an unconfirmed row waits for confirm_hash and has not run out at now, else 0. */
int nl_db_confirm_valid(db *d, const char *confirm_hash, int64_t now);
/* Marks the row waiting for confirm_hash confirmed. Rows changed (0 or 1) or a negative code. */
int64_t nl_db_confirm(db *d, const char *confirm_hash, int64_t now);
/* Deletes the row with this ref. Rows deleted (0 or 1) or a negative code. */
int64_t nl_db_delete_by_ref(db *d, const char *ref);
/* Deletes the row with this ref and every sent e-mail to its address (the confirmation), in the
 * caller's transaction when one is open. Rows deleted (0 or 1) or a negative code. */
int64_t nl_db_forget(db *d, const char *ref);
/* The row's address by ref into out; 1 found, 0 not, or a negative code. */
int nl_db_address_by_ref(db *d, const char *ref, char *out, size_t outlen);
/* Records a temporary bounce of issue_id for ref: the count goes up when the last one was for
 * prev_issue_id (the issue sent before), stays when it was for this issue already, and starts
 * again at 1 otherwise. Returns the count in a row, 0 when there is no such row, or a negative
 * code. */
int64_t nl_db_soft_bounce_record(db *d, const char *ref, int64_t issue_id, int64_t prev_issue_id);
/* Unconfirmed rows made before `before`, and attempts before `attempts_before`. Returns the
 * rows deleted or a negative code. */
int64_t nl_db_purge(db *d, int64_t before, int64_t attempts_before);
/* The lookup for «Mine personopplysninger». */
int nl_db_lookup(db *d, const char *address, json_t **out);
/* Confirmed subscribers. */
int64_t nl_db_confirmed_count(db *d);

/* Registers the newsletter's retention rules (newsletter_retention_db.c). */
void nl_retention_register(void);
/* Registers the newsletter's section of «Mine personopplysninger» (newsletter_privacy.c). */
void nl_privacy_register(void);

#endif
