/* What every request and every domain needs from login: the session loaded before the handler,
 * the CSRF check on state-changing requests, and the checks other domains call. */
#ifndef MINSIDE_AUTH_AUTH_H
#define MINSIDE_AUTH_AUTH_H

#include <jansson.h>

#include "http/request.h"

/* Staff roles the staff provider may give. */
#define AUTH_ROLE_CASEWORKER "saksbehandler"
#define AUTH_ROLE_ARCHIVIST "arkivleder"
#define AUTH_ROLE_MANAGER "leder"

/* Before the handler: loads the session and, for POST, PUT, PATCH and DELETE, checks the
 * Origin/Referer against MINSIDE_BASE_URL and the form's csrf field against the session's
 * token (constant time). Returns 0, or -1 after answering the request with a refusal. */
int auth_request_begin(req *r);
/* 503 in Norwegian when the database cannot be reached. */
void auth_page_unavailable(req *r);
/* Adds csrf_token to a page's model (the pages' hook: every form carries the token). */
void auth_page_model_add(req *r, json_t *model);
/* The role badge shown in a caseworker's page header: «Leder», «Arkivleder», «Saksbehandler». */
const char *auth_staff_badge(const char *roles);

/* 0 when a person is logged in; otherwise answers with a redirect to the login that comes
 * back to this page, and returns -1. */
int auth_require_person(req *r);
/* 0 when a caseworker with role (NULL: any staff role) is logged in; otherwise redirects to
 * the staff login (not logged in as staff) or answers 403, and returns -1. */
int auth_require_staff(req *r, const char *role);
/* The database for a logged-in person's page, or for a caseworker's with role; NULL after
 * answering (the login, 403, or 503 when the database cannot be reached). */
struct db *auth_person_db(req *r);
struct db *auth_staff_db(req *r, const char *role);
/* True when session roles (space separated) include role. */
int auth_roles_include(const char *roles, const char *role);

/* path when it is a safe place to come back to after login (a same-site path such as
 * "/sak/1?fane=dokumenter"), else "/min-side". Never an address on another site. */
const char *auth_return_path(const char *path);

#endif
