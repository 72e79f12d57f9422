/* Representation of organisations: registering as a representative, the authority's decision
 * on an organisation's first administrator, the administrators' decisions on later users, role
 * changes and removals, the organisation a session acts for, and requests for organisations the
 * search did not find. Every function is one transaction (one user action), and who may do what
 * is decided in the SQL itself. */
#ifndef MINSIDE_ORG_ORG_REP_H
#define MINSIDE_ORG_ORG_REP_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/page_cursor.h"
#include "db/db.h"

enum {
    ORG_GIVEN_NAME_MAX = 200,  /* bytes of the name an applicant gives */
    ORG_REASON_MAX = 2000,     /* bytes of a rejection's reason */
    ORG_REQUEST_NAME_MAX = 300,
    ORG_REQUEST_MESSAGE_MAX = 4000,

    ORG_ERR_NOT_FOUND = -50,   /* no such organisation or association, or not one the caller sees */
    ORG_ERR_FORBIDDEN = -51,   /* the caller is not a confirmed administrator of the organisation */
    ORG_ERR_LAST_ADMIN = -52,  /* the change would leave the organisation without an administrator */
    ORG_ERR_DECIDED = -53,     /* the application was already decided */
};

/* When a decision on an application made at now is due: the end of the next working day in
 * Oslo (00:00 of the day after it), so an application made on a Friday is due by the end of
 * Monday, or Tuesday when Monday is a holiday. */
int64_t org_due_at(int64_t now);

typedef struct {
    int created;      /* 1 new or renewed after a rejection, 0 an association that was already there */
    int is_admin;     /* role 'administrator' */
    int confirmed;    /* status 'bekreftet' */
    int64_t due_at;
} org_registration;

/* Registers person_id as a representative of orgnr under the name given (and e-mail, stored in
 * the profile when given). The first one becomes 'ubekreftet administrator' (decided by a
 * caseworker), later ones 'ubekreftet bruker', and every confirmed administrator gets a request
 * in the inbox. Applying again while an application is pending or approved changes nothing; after
 * a rejection it applies anew. Returns 0, ORG_ERR_NOT_FOUND (no such unit), or a db code. */
int org_register(db *d, int64_t person_id, const char *orgnr, const char *given_name,
                 const char *email, int64_t now, org_registration *out);

/* The caseworker's decision on a pending administrator application. reason is required when
 * rejecting; when approving it is the basis the caseworker gave (NULL or "" for none), recorded
 * with the decision. The applicant gets the decision in the inbox in the same transaction. Returns 0,
 * ORG_ERR_NOT_FOUND, ORG_ERR_DECIDED or a db code. */
/* Whether the applicant of a pending administrator application likely holds a role in
 * Enhetsregisteret that may represent the unit: 1 or 0 (1 when there is no such pending
 * application, so the decision itself answers), or a db code. */
int org_application_likely_match(db *d, int64_t member_id);

int org_admin_decide(db *d, int64_t member_id, int64_t staff_id, int approve, const char *reason,
                     int64_t now);

/* An administrator (admin_person, confirmed for orgnr) decides on a pending user of orgnr. */
int org_user_decide(db *d, const char *orgnr, int64_t admin_person, int64_t member_id,
                    int approve, const char *reason, int64_t now);
/* An administrator sets a confirmed person's role ("administrator" or "bruker"); never the last
 * confirmed administrator's to "bruker" (ORG_ERR_LAST_ADMIN). */
int org_user_set_role(db *d, const char *orgnr, int64_t admin_person, int64_t member_id,
                      const char *role, int64_t now);
/* An administrator deletes a person's association; never the last confirmed administrator. */
int org_user_remove(db *d, const char *orgnr, int64_t admin_person, int64_t member_id, int64_t now);

/* Sets the organisation the session acts for, when the person is associated with it (pending
 * or confirmed). Returns 0 or ORG_ERR_NOT_FOUND. */
int org_session_switch(db *d, int64_t session_id, int64_t person_id, const char *orgnr);

/* «Jeg finner ikke organisasjonen min». */
int org_request_create(db *d, int64_t person_id, const char *org_name, const char *orgnr,
                       const char *message, int64_t now);
/* A caseworker closes an open request. Returns 0 or ORG_ERR_NOT_FOUND. */
int org_request_close(db *d, int64_t request_id, int64_t staff_id, int64_t now);

/* Lists for the pages, as JSON arrays (NULL on a db error). Dates are unix seconds. */
/* The person's associations: orgnr, org_name, role, status, status_label, reject_reason, and
 * for a pending one the day the decision is due. */
json_t *org_memberships_json(db *d, arena *a, int64_t person_id);
/* People a page of «Brukere». */
enum { ORG_PEOPLE_PAGE = 100 };
/* The organisation's people as seen by admin_person, who must be a confirmed administrator of
 * orgnr (otherwise an empty list): id, name, given_name, role, status, status_label, is_self;
 * pending first, then by given name. The page after (or, at->before, before) the member at->id,
 * or the first page when at is NULL; *more is set when more follow in the direction read. */
json_t *org_people_json(db *d, const char *orgnr, int64_t admin_person, const page_cursor *at,
                        int *more);
/* One person of that list by their member id, as a JSON object; JSON null when admin_person
 * may not see them there; NULL on a database failure. */
json_t *org_person_json(db *d, const char *orgnr, int64_t admin_person, int64_t member_id);
/* Pending administrator applications, oldest due first, with the organisation's roles from
 * Enhetsregisteret and whether the applicant likely holds one that may represent it. */
json_t *org_queue_json(db *d, arena *a, int64_t now);
/* Open «finner ikke» requests, oldest first. */
json_t *org_requests_json(db *d, arena *a);

/* "ubekreftet administrator", "administrator", "ubekreftet bruker", "bruker", or the rejected
 * forms. */
const char *org_status_label(const char *role, const char *status);

#endif
