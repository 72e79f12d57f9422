/* The rules of cases that need no database: the case types, their statuses and the steps
 * allowed between them, and who may take each step. One table (case_rules.c) decides; the pages
 * only ask it, and docs/cases.md shows the same table. */
#ifndef MINSIDE_CASES_CASE_RULES_H
#define MINSIDE_CASES_CASE_RULES_H

#include <stdbool.h>

#define CASE_TYPE_MEDIATION "mekling"
#define CASE_TYPE_TIP "tips"
#define CASE_TYPE_GUIDANCE "veiledning"

/* Who takes a step: a caseworker, or the person who submitted the case (withdrawal only). */
typedef enum { CASE_ACTOR_STAFF, CASE_ACTOR_SUBMITTER } case_actor;

typedef struct {
    const char *code;         /* "mekling", "tips", "veiledning" */
    const char *label;        /* «Meklingssak» */
    const char *plural_label; /* «Meklingssaker», for the choice on «Våre saker» */
    bool journal_bound;       /* false for tips: no case file, never in the public journal */
} case_type_info;

typedef struct {
    const char *code;  /* "under_behandling" */
    const char *label; /* «Under behandling» */
    bool open;         /* the case is ongoing (not closed, not withdrawn) */
} case_status_info;

/* The type called code, or NULL. */
const case_type_info *case_type_find(const char *code);
/* The types in the order pages show them, ended by a NULL code. */
extern const case_type_info case_types[];

/* Every new case starts here. */
#define CASE_STATUS_RECEIVED "mottatt"
#define CASE_STATUS_WITHDRAWN "trukket"

/* The status called code in cases of type, or NULL when the type has no such status. */
const case_status_info *case_status_find(const char *type, const char *code);
/* The labels pages show: the type's or status's label, or the code itself when unknown. */
const char *case_type_label(const char *type);
const char *case_status_label(const char *type, const char *status);
/* The statuses of type in order, ended by a NULL code; NULL for an unknown type. */
const case_status_info *case_statuses_of(const char *type);

/* True when actor may move a case of type from status from to status to. Withdrawal is the
 * submitter's alone, and only from an open status; every other step is the staff's. */
bool case_step_allowed(const char *type, const char *from, const char *to, case_actor actor);

/* The steps staff may take from a status, for the caseworker's form: writes up to max status
 * codes to out and returns their count. */
int case_steps_from(const char *type, const char *from, const char **out, int max);

/* «Ettersend dokumentasjon» is offered only on an ongoing mediation case. */
bool case_may_send_more(const char *type, const char *status);
/* «Trekk saken»: an open case (the caller checks that the person is the submitter). */
bool case_may_withdraw(const char *type, const char *status);

/* The Noark saksstatus a case file gets in a status: "Avsluttet" for closed and withdrawn
 * cases (archive_case_file_set_status closes the file), else "Under behandling". */
const char *case_archive_status(const char *type, const char *status);

#endif
