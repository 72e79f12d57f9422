/* HTTP of the archive: sending a stored document, and the staff pages under /ansatt/arkiv. */
#ifndef MINSIDE_ARCHIVE_ARCHIVE_HTTP_H
#define MINSIDE_ARCHIVE_ARCHIVE_HTTP_H

#include <stdint.h>

#include "db/db.h"
#include "http/request.h"

/* Answers r with the document object object_id: its bytes, its stored MIME type, and
 * Content-Disposition attachment with a safe file name (plain ASCII and RFC 5987 filename*);
 * the server adds X-Content-Type-Options: nosniff. Unknown id: a Norwegian 404. It decides
 * nothing about access: call it only after the caller's own check (staff, or a party to the
 * case). Returns 0, or the negative code after answering the error. */
int archive_http_send_document(req *r, db *d, int64_t object_id);

/* The largest document archive staff register (scanned paper, recordings of meetings): more
 * than the service's limit for forms. The whole request is capped by MINSIDE_MAX_BODY_BYTES. */
#define ARCHIVE_DOCUMENT_MAX_BYTES (100ull * 1024 * 1024)

/* Staff pages (any staff role may read; registering, screening and the confidential flag need
 * saksbehandler or arkivleder). */
void archive_staff_list(req *r);              /* GET  /ansatt/arkiv */
void archive_staff_case_create(req *r);       /* POST /ansatt/arkiv/saksmapper */
void archive_staff_case_show(req *r);         /* GET  /ansatt/arkiv/saksmapper/:id */
void archive_staff_entry_register(req *r);    /* POST /ansatt/arkiv/saksmapper/:id/journalposter */
void archive_staff_entry_screening(req *r);   /* POST /ansatt/arkiv/journalposter/:id/skjerming */
void archive_staff_entry_confidential(req *r); /* POST /ansatt/arkiv/journalposter/:id/teiepliktig */
void archive_staff_document(req *r);          /* GET  /ansatt/arkiv/dokumenter/:id */

#endif
