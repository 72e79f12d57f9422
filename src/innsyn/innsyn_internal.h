/* Shared by the innsyn module's files; not for other modules. */
#ifndef MINSIDE_INNSYN_INNSYN_INTERNAL_H
#define MINSIDE_INNSYN_INNSYN_INTERNAL_H

#include <jansson.h>
#include <stdint.h>

#include "archive/archive.h"
#include "core/workdays.h"
#include "innsyn/innsyn.h"
#include "journal/journal.h"

/* The public view of an entry that may be asked for: the public journal's own (assessed, not a
 * note, publication not stopped), through the one function innsyn_entry.c. */
typedef journal_public_entry innsyn_entry;
int innsyn_entry_get(db *d, arena *a, int64_t entry_id, innsyn_entry *out);

/* Secrets in links: 64 hex digits of randomness, stored only as their SHA-256 in hex. */
void innsyn_token_new(char token[65]);
void innsyn_token_hash(const char *token, char hash[65]);
/* 1 when token is 64 lowercase hex digits. */
int innsyn_token_valid(const char *token);

/* The working-day dates counted from the day a request was received (Oslo). */
typedef struct {
    civil_date received, target, deadline;
} innsyn_dates;
innsyn_dates innsyn_dates_from(int64_t received_at);
/* When a request received at received_at counts as refused: the start of the day after the
 * deadline. */
int64_t innsyn_lapse_time(int64_t received_at);

/* The offentleglova sections a refusal may cite. */
typedef struct {
    const char *code;  /* stable, in forms: "13" */
    const char *label; /* as the requester reads it */
} innsyn_basis;
extern const innsyn_basis innsyn_bases[];
extern const size_t innsyn_basis_count;
const innsyn_basis *innsyn_basis_find(const char *code);

/* A new request as registered (the web form or an eInnsyn order). */
typedef struct {
    const char *source;       /* 'nett' or 'einnsyn' */
    const char *external_id;  /* eInnsyn's order id, or NULL */
    int64_t person_id;        /* 0 when not logged in */
    const char *email;        /* required unless person_id */
    const char *name;         /* or NULL */
    const char *client_key;   /* for the rate limit, or NULL (imports) */
    int confirmed;            /* 1: received at once (logged in, imported) */
    const int64_t *entry_ids;
    size_t entry_count;
} innsyn_new;

/* Registers a request with its entries in the caller's transaction; a confirmed one gets its
 * acknowledgement and deadline job, an unconfirmed one the e-mail with the confirmation link.
 * Returns 0 with the id, or an INNSYN_ERR_* (err in Norwegian) or db code. */
int innsyn_request_register(db *d, arena *a, const innsyn_new *in, int64_t *id_out, char *err,
                            size_t errlen);
/* Confirms the request whose confirmation token is token (within 24 hours): 0 with the id,
 * INNSYN_ERR_NOT_FOUND. In the caller's transaction. */
int innsyn_request_confirm(db *d, arena *a, const char *token, int64_t *id_out);

/* --- innsyn_db.c --- */
/* Ends a list query: resets s and returns list when the rows ran out (rc DB_DONE), else frees
 * it and returns NULL. */
json_t *innsyn_db_list_end(db_stmt *s, int rc, json_t *list);
int innsyn_db_rate_hit(db *d, const char *key, int64_t window_start, int64_t *hits);
int innsyn_db_request_insert(db *d, const innsyn_new *in, int64_t now, const char *confirm_hash,
                             int64_t *id_out);
int innsyn_db_item_insert(db *d, int64_t request_id, const innsyn_entry *e);
int innsyn_db_log(db *d, int64_t request_id, int64_t at, const char *event, const char *text);
/* Marks the request received at now with its dates. */
int innsyn_db_request_receive(db *d, int64_t id, int64_t now, const innsyn_dates *dates);
/* The unconfirmed request with this confirmation hash made after since: its id or 0. */
int innsyn_db_find_unconfirmed(db *d, const char *confirm_hash, int64_t since, int64_t *id_out);

/* A request as its pages and e-mails need it; strings in a. */
typedef struct {
    int64_t id, person_id, created_at, received_at, answered_at, release_until;
    const char *reference, *state, *email, *name, *source, *target_date, *deadline_date,
        *complaint_until;
    int complaint;
} innsyn_request_row;
int innsyn_db_request_get(db *d, arena *a, int64_t id, innsyn_request_row *out);
int innsyn_db_request_by_answer(db *d, const char *answer_hash, int64_t *id_out);

/* The request's lines of the innsyn log, oldest first: date and text. */
json_t *innsyn_db_log_json(db *d, arena *a, int64_t request_id);
/* The requested entries (item id, entry id, registry id, public title), JSON array. */
json_t *innsyn_db_items_json(db *d, int64_t request_id);

/* Sends subject and body to the requester: by e-mail when there is an address, and to the inbox
 * of a logged-in requester. In the caller's transaction. */
int innsyn_notify(db *d, const innsyn_request_row *q, const char *subject, const char *body);
/* Ends a request without (or before) a decision by staff, or with one: state becomes state,
 * the complaint period and the release window start at now, and a new answer token goes in
 * token. INNSYN_ERR_STATE when the request is not waiting in the queue. */
int innsyn_db_answer_set(db *d, int64_t id, const char *state, int64_t now, const char *token);
/* A complaint puts the request back in the queue. */
int innsyn_db_complaint_set(db *d, int64_t id);
/* The entries as e-mails list them: registry id and public title, never more. */
const char *innsyn_entries_text(db *d, arena *a, int64_t request_id);

/* One decision on one document, as the caseworker's form gives it. */
typedef struct {
    int64_t item_id, document_id, entry_id;
    int64_t object_id;          /* the archived file, for 'innsyn' */
    const char *registry_id;
    const char *document_title; /* as the public sees it */
    const char *outcome;        /* 'innsyn', 'delvis', 'avslag' */
    const char *legal_basis;    /* the basis's label, for 'delvis' and 'avslag' */
    const void *copy;           /* the redacted copy, for 'delvis' */
    size_t copy_size;
    const char *copy_name, *copy_mime;
} innsyn_decision;

/* What a released document's download sends: the archived file, or the redacted copy. */
typedef struct {
    int64_t object_id;
    void *copy;
    size_t copy_size;
    const char *copy_name, *copy_mime;
} innsyn_release;

/* --- innsyn_decision_db.c --- */
/* The requests waiting for a decision (complaints first, then by deadline). */
json_t *innsyn_db_queue_json(db *d, arena *a, const char *today);
/* The requests answered (or lapsed) since, newest first. */
json_t *innsyn_db_answered_json(db *d, arena *a, int64_t since);
int innsyn_db_decisions_clear(db *d, int64_t request_id);
int innsyn_db_decision_insert(db *d, int64_t request_id, const innsyn_decision *x, int64_t now,
                              const char *by);
/* The decisions as the answer page lists them. */
json_t *innsyn_db_decisions_json(db *d, int64_t request_id);
int innsyn_db_release_get(db *d, arena *a, int64_t request_id, int64_t decision_id,
                          innsyn_release *out);

/* Records the caseworker's decisions on every document of the request, answers the requester
 * (e-mail and inbox) with the right to complain and the link to the released documents, and
 * logs the outcome; in the caller's transaction. */
int innsyn_decide(db *d, arena *a, int64_t request_id, const innsyn_decision *decisions,
                  size_t count, const char *by);

/* --- the year's log (innsyn_year_log.c) --- */
typedef struct {
    const char *reference, *date, *entries, *event, *text;
} innsyn_log_line;
/* Calls visit for every log line of the requests made in year (Oslo), in order. */
int innsyn_db_year_lines(db *d, arena *a, int year,
                         int (*visit)(const innsyn_log_line *l, void *ud), void *ud);
/* 1 when year's log is registered, 0 when not, or a negative code. */
int innsyn_db_year_logged(db *d, int year);
int innsyn_db_year_logged_set(db *d, int year, int64_t entry_id, int64_t now);
void innsyn_year_log_register_kind(void);
/* Registers innsyn's retention rules (innsyn_retention_db.c). */
void innsyn_retention_register(void);

/* The acknowledgement to the requester: e-mail (when there is an address) and inbox. */
int innsyn_acknowledge(db *d, arena *a, int64_t request_id);

#endif
