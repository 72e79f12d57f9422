/* Seeding shared by the HTTP tests: persons, caseworkers, organisations, associations and
 * logged-in sessions, made the way the login and the domains make them. Each returns the new
 * row's id (or 0), or -1 after printing the database's message as a TAP comment. */
#ifndef MINSIDE_TESTS_HTTP_SEED_H
#define MINSIDE_TESTS_HTTP_SEED_H

#include <stdint.h>

#include "db/db.h"

/* A person as the public login leaves one after the profile form: key stands in for the pid's
 * keyed hash (and its sealed form), so it must be unique. */
int64_t seed_person(db *d, const char *key, const char *name);
/* The same with a birth date ("YYYY-MM-DD") and an e-mail address (NULL: none) of the test's
 * choosing. */
int64_t seed_person_with(db *d, const char *key, const char *name, const char *birth_date,
                         const char *email);
/* A caseworker as the staff login makes one; roles space separated (AUTH_ROLE_*). */
int64_t seed_staff(db *d, const char *subject, const char *name, const char *roles);
/* An organisation as the import from Enhetsregisteret leaves it (name_norm is the lower case
 * name: enough for pages that show it, not for search). */
int seed_organisation(db *d, const char *orgnr, const char *name);
/* An association (org_member) with role ORG_ROLE_* and status ORG_STATUS_*; returns its id. */
int64_t seed_member(db *d, const char *orgnr, int64_t person_id, const char *role,
                    const char *status);

/* A logged-in session (person_id for a person, staff_id for a caseworker, the other 0): the
 * whole "Cookie: name=token" header line and the form token. */
typedef struct {
    int64_t session_id;
    char cookie[160];
    char csrf[65];
} seed_login;

int seed_session(db *d, int64_t person_id, int64_t staff_id, seed_login *out);

#endif
