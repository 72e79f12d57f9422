/* The mail module's SQL: the outbox and the failed addresses. Internal to src/mail. */
#ifndef MINSIDE_MAIL_MAIL_DB_H
#define MINSIDE_MAIL_MAIL_DB_H

#include <stdint.h>

#include "mail/mail.h"

typedef struct {
    int64_t id;
    char *recipient, *subject, *body, *message_id, *state;
    int64_t created_at;
} mail_outbox_row;

/* Adds a queued message; its id in *id. Returns 0 or a negative code. */
int mail_db_outbox_insert(db *d, const char *to, const char *subject, const char *body,
                          const char *message_id, int64_t *id);
/* 1 when found (r filled, to be freed), 0 when not, or a negative code. */
int mail_db_row_load(db *d, int64_t id, mail_outbox_row *r);
void mail_db_row_free(mail_outbox_row *r);
/* State changes of a queued message; each does nothing once the message is sent or failed. */
int mail_db_mark_sent(db *d, int64_t id);
int mail_db_mark_waiting(db *d, int64_t id, int64_t next_attempt, const char *error);
int mail_db_mark_failed(db *d, int64_t id, int counts_attempt, const char *error);
/* The address and the message fail together, so no later notice is tried in between. */
int mail_db_mark_address_failed(db *d, const mail_outbox_row *r, const char *error);

#endif
