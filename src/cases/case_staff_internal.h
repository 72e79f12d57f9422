/* Helpers shared by the caseworker's files in src/cases; not for the rest of the program. */
#ifndef MINSIDE_CASES_CASE_STAFF_INTERNAL_H
#define MINSIDE_CASES_CASE_STAFF_INTERNAL_H

#include "cases/case_staff.h"

enum { CASE_STAFF_MAX_PERSONS = 500 }; /* persons told of one action */

/* Puts msg in err and returns code. */
int case_staff_fail(char *err, size_t errlen, int code, const char *msg);
/* A required one-line or multi-line text: present, not blank, UTF-8, at most max bytes. */
int case_staff_text_ok(const char *s, size_t max, int multiline);

/* Adds an event to the case's timeline. */
int case_staff_event_add(db *d, int64_t case_id, const char *kind, const char *text,
                         const char *actor, const char *audience);

/* 1 when the case has party role (CASE_PARTY_SUBMITTER / CASE_PARTY_COUNTERPART). */
int case_staff_has_party(const case_staff_case *c, const char *role);

/* The persons of one party who may see the case: the consumer who submitted it, or the
 * confirmed administrators of the party's organisation and its confirmed users given this
 * case. Appends to out (no duplicates) up to max; *n is the count so far. */
int case_staff_party_persons(db *d, const case_staff_case *c, const char *role, int64_t *out,
                             int max, int *n);

/* The party's name for the archive (the person's or the organisation's) into name, and its
 * organisation number into orgnr ("" for a person). */
int case_staff_party_name(db *d, const case_staff_case *c, const char *role, char *name,
                          size_t namelen, char orgnr[10]);

/* Delivers one inbox message (kind as in inbox_message_new) to every person of the parties in roles
 * (NULL-terminated) and returns how many got it, or a negative code. */
int case_staff_notify(db *d, const case_staff_case *c, const char *const *roles, const char *kind,
                      const char *subject, const char *body);

/* The roles a recipient choice stands for (NULL-terminated), or NULL for an unknown choice. */
const char *const *case_staff_recipient_roles(const char *recipient);

#endif
