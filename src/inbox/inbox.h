/* The inbox: messages to one person, from the authority (decisions, answers, letters) or from
 * the organisation (requests to approve a user). Every domain delivers through inbox_deliver()
 * inside its own transaction, so an action and the message about it commit together.
 *
 * Delivering also queues the e-mail notice when the person has an address and wants notices.
 * The notice is mail_notice_enqueue()'s fixed text and a link: never the subject or the body,
 * so nothing of a case (and nothing confidential) ever leaves in an e-mail. */
#ifndef MINSIDE_INBOX_INBOX_H
#define MINSIDE_INBOX_INBOX_H

#include <stdint.h>

#include "db/db.h"

enum {
    INBOX_MAX_SUBJECT = 200,   /* bytes */
    INBOX_MAX_BODY = 20000,    /* bytes */
    INBOX_MAX_SENDER = 300,    /* bytes */
    INBOX_ERR_INVALID = -40,   /* a field is missing, too long or not UTF-8 */
};

typedef struct {
    int64_t person_id;     /* required */
    const char *kind;      /* required: what it is about, e.g. "org_decision", "case_letter" */
    const char *sender;    /* required: shown as the sender, e.g. "Forbrukertilsynet" */
    const char *subject;   /* required, one line */
    const char *body;      /* required */
    const char *orgnr;     /* the organisation it concerns, or NULL */
    int64_t case_id;       /* the case it belongs to, or 0 */
    const char *link_path; /* where it leads on Min side ("/..."), or NULL */
} inbox_message_new;

/* Stores the message and queues the notice, in the caller's transaction. Returns 0 (the
 * message's id in *id_out when not NULL), INBOX_ERR_INVALID or a negative db code. A notice
 * that cannot be queued (no address, a failed address, notices turned off) does not stop the
 * delivery. */
int inbox_deliver(db *d, const inbox_message_new *m, int64_t *id_out);

/* How many of the person's messages are unread, or a negative db code. */
/* 1 when the person has a message of kind, 0 when not, or a negative code. */
int inbox_has_kind(db *d, int64_t person_id, const char *kind);
int64_t inbox_unread_count(db *d, int64_t person_id);

#endif
