/* What the case pages share: who is asking, which case, the uploaded files, and one mapping of
 * failures to answers. */
#ifndef MINSIDE_CASES_CASE_HTTP_INTERNAL_H
#define MINSIDE_CASES_CASE_HTTP_INTERNAL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"
#include "cases/case_access.h"
#include "cases/case_db.h"
#include "http/request.h"
#include "org/org_member.h"

/* A logged-in person with a name in the profile, and the database. Returns 0, or -1 after
 * answering (login, the profile form, 503). */
int case_http_person(req *r, db **d);
/* The person as actor; with acting (may be NULL) the organisation they act for, when confirmed
 * there. Returns 1 when acting for a confirmed organisation, 0 when not, or -1 after a 503. */
int case_http_actor(req *r, db *d, case_actor_info *by, org_acting *acting);
/* The case :id when the person may see it. Returns 0, or -1 after answering 404 (or 503). */
int case_http_case(req *r, db *d, case_access_info *a);
/* The files of field as archive documents, checked from their content. Returns 0, or -1 after
 * a 4xx with a Norwegian message. */
int case_http_files(req *r, const char *field, size_t min, archive_document_new **docs,
                    size_t *n);
/* Answers a failed case_* call: 400 with err for invalid input, 409 for a refused step, 404,
 * else 503 (logged). */
void case_http_failed(req *r, db *d, int rc, const char *err);
void case_http_not_found(req *r);
/* A positive id from a path segment, or -1. */
int64_t case_http_id(const char *s);
/* text trimmed of surrounding space, or "" (never NULL). */
const char *case_http_field(req *r, const char *name);
/* Adds an error for field to model's "errors" list and "error_<field>". */
void case_http_form_error(json_t *model, const char *field, const char *message);
/* Checks a required or optional text field's length (bytes, not empty when required). */
int case_http_check_text(json_t *model, const char *field, const char *value, size_t max,
                         int required, const char *label);
/* The recipients «Kontakt oss» offers: the case's caseworker, or the authority while it has
 * none, with chosen (may be NULL) selected. Returns 0 or a negative code. */
int case_http_recipients(db *d, const case_access_info *a, const char *chosen, json_t **out);
/* The text under the upload field: allowed kinds and sizes. */
json_t *case_http_upload_model(const req *r);

#endif
