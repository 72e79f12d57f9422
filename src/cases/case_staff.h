/* The caseworker's actions on a case: assignment, status, deadline, a letter or document to a
 * party, and a phone call recorded as a note. Each is one transaction together with its archive
 * registration, its timeline event and the parties' inbox messages, so nothing is half-saved.
 * The status steps are case_rules' alone; this only asks. */
#ifndef MINSIDE_CASES_CASE_STAFF_H
#define MINSIDE_CASES_CASE_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"
#include "db/db.h"

/* Results beyond the DB_* codes; err then holds a Norwegian message for the caseworker. */
enum {
    CASE_STAFF_ERR_INVALID = -50,  /* a field is missing, wrong or too long: 422 */
    CASE_STAFF_ERR_CONFLICT = -51, /* not allowed in the case's state: 409 */
    CASE_STAFF_ERR_REFUSED = -52,  /* confidential content to someone outside the case: 422,
                                      logged and on the internal timeline */
};

enum {
    CASE_STAFF_MAX_SUBJECT = 200, /* bytes, as the inbox takes */
    CASE_STAFF_MAX_TEXT = 20000,  /* bytes, as the inbox takes */
    CASE_STAFF_MAX_DEADLINE_TEXT = 200,
    CASE_STAFF_MAX_WORKING_DAYS = 250,
    CASE_STAFF_MAX_ATTACHMENTS = 10,
};

/* The parties a letter can go to. */
#define CASE_PARTY_SUBMITTER "innsender"
#define CASE_PARTY_COUNTERPART "motpart"
#define CASE_PARTY_BOTH "parter"
#define CASE_PARTY_EXTERNAL "ekstern" /* an e-mail address outside the case */

/* What the actions need to know about a case. */
typedef struct {
    int64_t id;
    char case_type[16];
    char status[32];
    char reference[32];
    int64_t case_file_id;  /* 0 for a tip */
    int64_t caseworker_id; /* 0 when nobody has it */
    int64_t seen_event;    /* the last event the caseworker saw */
    int64_t submitter_person_id;
    char submitter_orgnr[10];   /* "" for a consumer */
    char counterpart_orgnr[10]; /* "" when the case names no business */
} case_staff_case;

/* Who acts: the logged-in caseworker. */
typedef struct {
    int64_t staff_id;
    const char *name;
} case_staff_actor;

/* 1 (out filled), 0 when there is no such case, or a negative db code. */
int case_staff_case_get(db *d, int64_t case_id, case_staff_case *out);

/* Gives the case to staff_id, who must be a caseworker. */
int case_staff_assign(db *d, const case_staff_case *c, const case_staff_actor *who,
                      int64_t staff_id, char *err, size_t errlen);

/* Moves the case to status to, if case_rules allows the caseworker that step from where it is;
 * the case file's saksstatus follows, and the parties are told in their inbox. */
int case_staff_set_status(db *d, const case_staff_case *c, const case_staff_actor *who,
                          const char *to, char *err, size_t errlen);

/* Sets the next deadline: date ("YYYY-MM-DD", today or later) or working_days (1 ..
 * CASE_STAFF_MAX_WORKING_DAYS working days from today in Oslo) — exactly one of them — and
 * what it is for. The parties see it on the case. */
int case_staff_set_deadline(db *d, const case_staff_case *c, const case_staff_actor *who,
                            const char *date, const char *working_days, const char *what, char *err,
                            size_t errlen);

typedef struct {
    const char *recipient; /* CASE_PARTY_* */
    const char *email;     /* for CASE_PARTY_EXTERNAL */
    const char *subject;
    const char *text;
    int confidential; /* «Teiepliktig» */
    const archive_document_new *attachments;
    size_t attachment_count;
} case_letter_new;

/* Sends a letter (with documents) to a party: an outgoing entry with the recipient as party,
 * visible to that party on the case and delivered to its persons' inboxes; to an external
 * address, an e-mail. Confidential letters go only to the case's own parties: anything else is
 * CASE_STAFF_ERR_REFUSED, logged and kept on the internal timeline. */
int case_staff_send_letter(db *d, const case_staff_case *c, const case_staff_actor *who,
                           const case_letter_new *in, int64_t *entry_id, char *err, size_t errlen);

/* Whether a phone call may be recorded on a case of this type: complaint (mediation) cases only. */
bool case_staff_phone_notes_allowed(const char *case_type);

/* Records a phone call as a note (type X), on the internal timeline only. */
int case_staff_record_note(db *d, const case_staff_case *c, const case_staff_actor *who,
                           const char *with_whom, const char *text, char *err, size_t errlen);

/* Marks the party activity up to the newest event as seen by the assigned caseworker. */
int case_staff_mark_seen(db *d, const case_staff_case *c, int64_t staff_id, int64_t last_event);

#endif
