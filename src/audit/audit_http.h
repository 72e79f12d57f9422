/* The audit trail from a request: who acted is the request's session, the request id its own. */
#ifndef MINSIDE_AUDIT_AUDIT_HTTP_H
#define MINSIDE_AUDIT_AUDIT_HTTP_H

#include <stdint.h>

#include "db/db.h"
#include "http/request.h"

/* Appends a row for what the logged-in person or caseworker of r did (inside the action's
 * transaction, as audit_append). detail: a note without personal data, or NULL. */
int audit_append_req(db *d, const req *r, const char *object_kind, int64_t object_id, const char *action,
                     const char *detail);
/* The same for a read that has no transaction of its own. */
int audit_record_req(db *d, const req *r, const char *object_kind, int64_t object_id, const char *action,
                     const char *detail);

/* For an action whose function owns its transaction: the row is appended inside that
 * transaction, just before it commits (db_before_commit), so the change and its row commit
 * together or not at all. Call audit_after_action() when the function has returned, so a step
 * no transaction took (the action was refused before it began) is dropped. */
void audit_on_commit_req(db *d, req *r, const char *object_kind, int64_t object_id, const char *action,
                         const char *detail);
void audit_after_action(db *d);

/* «Revisjonslogg» (GET /ansatt/revisjonslogg), for leder. */
void audit_page_search(req *r);
/* What a kind of object is called on the pages: «sak», «dokument» … */
const char *audit_object_label(const char *kind);

#endif
