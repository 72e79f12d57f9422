/* HTTP of the archive: sending a stored document, and the staff pages under /ansatt/arkiv. */
#ifndef MINSIDE_ARCHIVE_ARCHIVE_HTTP_H
#define MINSIDE_ARCHIVE_ARCHIVE_HTTP_H

#include <stdint.h>

#include "archive/archive.h"
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

/* Reads the screening form's fields (tilgangskode, hjemmel, felt = TRO/NA/NM/TD, ord comma
 * separated, varighet in years) into sc, with strings in r's arena: 0, or ARCHIVE_ERR_INVALID
 * with a Norwegian message for a bad duration. archive_entry_set_screening() checks the rest. */
int archive_http_screening_form(req *r, archive_screening *sc, char *err, size_t errlen);

/* A form field's comma-separated list (words to screen, names to tag), each item trimmed, empty
 * ones dropped, at most ARCHIVE_MAX_WORDS + 1 (one more than allowed, so the check that follows
 * sees that there were too many); NULL-terminated, in r's arena. */
const char **archive_http_comma_list(req *r, const char *text);

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
