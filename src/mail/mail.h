/* E-mail: an outbox table, sent by the `mail_send` job over SMTP.
 *
 * Enqueuing writes the message and its job in the caller's transaction, so a user's action and
 * the e-mail about it commit together or not at all. The job sends the message and marks it sent
 * only after the SMTP server accepted it; a server that is down or answers 4xx makes it wait
 * and try again with back-off. A permanent refusal of the recipient (5xx to RCPT TO) marks the
 * address as failed: the message fails, and later messages to the address are not sent until
 * mail_address_clear_failed() is called (when the person gives a new or corrected address).
 * Delivery is at least once: a worker that dies between the server's acceptance and the mark
 * leaves the message to be sent again. */
#ifndef MINSIDE_MAIL_MAIL_H
#define MINSIDE_MAIL_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "jobs/job.h"

#define MAIL_MAX_ADDRESS_BYTES 254
#define MAIL_MAX_SUBJECT_BYTES 200
#define MAIL_MAX_BODY_BYTES (64 * 1024)
#define MAIL_MAX_LINK_PATH_BYTES 1024

enum {
    MAIL_SKIPPED = 1,       /* not queued: the address is marked as failed */
    MAIL_ERR_ADDRESS = -30, /* not one plain ASCII e-mail address within the limits */
    MAIL_ERR_TEXT = -31,    /* subject, body or link empty, too long, not UTF-8, or a line break in
                               the subject */
};

/* Queues a message in the caller's transaction. Returns 0 (the outbox row's id in *id_out when
 * not NULL), MAIL_SKIPPED, or a negative code. */
int mail_enqueue(db *d, const char *to, const char *subject, const char *body, int64_t *id_out);

/* Queues the notice that something new is waiting on Min side, with a link to link_path (a path
 * on the service, starting with "/"). The text is fixed and says nothing else: never case
 * content, never names. Call it only for persons who chose to get notices, and never for
 * confidential (teiepliktig) content's sake with anything but this fixed text. */
int mail_notice_enqueue(db *d, const char *address, const char *link_path);

/* The notice's fixed subject and first words, for tests and templates that show it. */
#define MAIL_NOTICE_SUBJECT "Ny melding på Min side"
#define MAIL_NOTICE_TEXT "Du har fått en ny melding på Min side. Logg inn for å lese den: "

/* 1 when the address is marked as failed, 0 when not, or a negative code. */
int mail_address_is_failed(db *d, const char *address);
/* Removes the mark, so messages to the address are sent again. Returns 0 or a negative code. */
int mail_address_clear_failed(db *d, const char *address);

/* How many messages wait in the outbox to be sent (first tries and retries), or a negative
 * code. */
int64_t mail_outbox_backlog(db *d);

/* Deletes the sent and failed messages to address (not those still queued), for a service
 * that promises to forget an address at once (the newsletter's unsubscribe). Returns the number
 * deleted or a negative code. */
int64_t mail_forget_address(db *d, const char *address);

/* For the retention rules: messages sent before `before` (state "sent") or queued before it and
 * never delivered (state "failed"), with id > after_id, in id order (retention.h's list
 * contract); and the deletion of one of them, again only while it is such a message. */
struct retention_item;
int mail_finished_list(db *d, const char *state, int64_t before, int64_t after_id, struct retention_item *items,
                       int max);
int mail_finished_delete(db *d, int64_t id, const char *state, int64_t before);

/* The form an address is compared in (ASCII lower case, as every real mail system compares). */
void mail_address_key(const char *address, char *out, size_t outlen);

/* Registers the `mail_send` job kind (at start-up). */
void mail_register(void);

/* The `mail_send` job: payload {"outbox_id": N}. */
job_result mail_job_send(db *d, const job *j, char *err, size_t errlen);
/* Marks the job's message failed when the runner gives the job up. */
void mail_job_abandon(db *d, const job *j, const char *reason);

#endif
