/* Issues and their sending: internal to src/newsletter. */
#ifndef MINSIDE_NEWSLETTER_NEWSLETTER_ISSUE_H
#define MINSIDE_NEWSLETTER_NEWSLETTER_ISSUE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "jobs/job.h"

enum {
    NL_TITLE_MAX = 200,        /* bytes of a title (an e-mail subject) */
    NL_BODY_MAX = 60 * 1024,   /* bytes of the Markdown body */
    NL_BATCH_SIZE = 500,       /* subscribers a sending job takes */
    NL_NOT_DRAFT = 1,          /* the issue is being or has been sent */
};

typedef struct {
    int64_t id;
    char *title, *body, *state;
    int64_t created_at, send_started_at, send_finished_at;
    int64_t recipients, sent, failed, bounced, batches_left;
} nl_issue;

int nl_issue_create(db *d, int64_t staff_id, const char *title, const char *body, int64_t now,
                    int64_t *id);
/* Changes a draft. Returns 0, NL_NOT_DRAFT, or a negative code (0 rows: not found is
 * NL_NOT_DRAFT too, the caller has loaded it). */
int nl_issue_update(db *d, int64_t id, const char *title, const char *body, int64_t now);
/* 1 when found (i filled, free with nl_issue_free), 0 when not, or a negative code. */
int nl_issue_load(db *d, int64_t id, nl_issue *i);
void nl_issue_free(nl_issue *i);
/* The issues, newest first, for the staff page; NULL on a db error. */
json_t *nl_issue_list_json(db *d);
/* In one transaction: marks the draft as sending at now and queues a `newsletter_send` job for
 * each NL_BATCH_SIZE confirmed subscribers. Returns 0 (recipients in *n), NL_NOT_DRAFT, or a
 * negative code. */
int nl_issue_start_sending(db *d, int64_t id, int64_t now, int64_t *n);
/* The issue sent before this one (by the time its sending began), or 0; negative on error. */
int64_t nl_issue_previous(db *d, int64_t issue_id);
/* Counts a bounce report for the issue. */
int nl_issue_bounced_add(db *d, int64_t issue_id);

typedef struct {
    int64_t id, issue_id, first_id, last_id, done_through, finished_at;
} nl_batch;

typedef struct {
    int64_t id;
    char address[255];
    char ref[33];
} nl_recipient;

/* 1 when found, 0 when not, or a negative code. */
int nl_batch_load(db *d, int64_t id, nl_batch *b);
/* The batch's subscribers not yet handled who were confirmed by `confirmed_by`, in id order,
 * into a malloc'd array. Returns the number or a negative code. */
int64_t nl_batch_recipients(db *d, const nl_batch *b, int64_t confirmed_by, nl_recipient **out);
/* Records that the batch has handled every subscriber up to done_through, adding sent and
 * failed to its counts. */
int nl_batch_progress(db *d, int64_t id, int64_t done_through, int64_t sent, int64_t failed);
/* Marks the batch finished and, when it was the issue's last, the issue sent; one transaction. */
int nl_batch_finish(db *d, const nl_batch *b, int64_t now);

/* The envelope sender of an issue to one subscriber: the return path setting with +REF-ISSUE
 * after its local part (bounce+REF-ISSUE@domain); with ref NULL the return path as it is. */
void nl_return_path(const char *ref, int64_t issue_id, char *out, size_t outlen);
/* The ref and issue from such an address (what follows the domain is not looked at). Returns 0,
 * or -1 when it is not one. */
int nl_return_path_parse(const char *address, char ref[33], int64_t *issue_id);
/* Sends the issue to one address at once (the staff's test send), with an unsubscribe link
 * that removes nobody. Returns 0, or -1 with the reason in err. */
int nl_send_test(const char *title, const char *markdown, const char *to, char *err,
                 size_t errlen);

/* The `newsletter_send` job: payload {"batch_id": N}. */
job_result nl_job_send(db *d, const job *j, char *err, size_t errlen);

#endif
