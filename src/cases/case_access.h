/* Who may see a case, decided in one query. A person sees a case when they submitted it as a
 * consumer (no organisation), or when they are a confirmed person of an organisation the case
 * belongs to (case_org: as submitter or as counterpart) and either an administrator there or a
 * `bruker` an administrator gave this case (case_access). Everyone else gets "not found", the
 * same answer as for a case that does not exist. */
#ifndef MINSIDE_CASES_CASE_ACCESS_H
#define MINSIDE_CASES_CASE_ACCESS_H

#include <stdint.h>

#include "db/db.h"

typedef struct {
    int64_t case_id;
    char case_type[16];
    char status[32];
    char reference[32];
    int64_t case_file_id;  /* 0 for a tip */
    char party_role[16];   /* "innsender" or "motpart": which side the person is on */
    char orgnr[10];        /* the organisation through which the person sees it; "" for a consumer */
    int is_submitter;      /* the person submitted it: may withdraw */
    int is_org_admin;      /* an administrator of orgnr: may give and take access */
} case_access_info;

/* 1 when person_id may see case_id (out filled), 0 when not (or no such case), or a negative db
 * code. */
int case_access_get(db *d, int64_t case_id, int64_t person_id, case_access_info *out);

/* The SQL condition that the case row aliased c is visible to the person whose id is the
 * placeholder P (e.g. CASE_VISIBLE_SQL("$1")), for list queries that must decide the same way. */
#define CASE_VISIBLE_SQL(P)                                                                      \
    "((c.submitter_person_id = " P " AND c.submitter_orgnr IS NULL) OR EXISTS ("                 \
    "SELECT 1 FROM case_org co JOIN org_member m ON m.orgnr = co.orgnr "                        \
    "WHERE co.case_id = c.id AND m.person_id = " P " AND m.status = 'bekreftet' AND "           \
    "(m.role = 'administrator' OR EXISTS (SELECT 1 FROM case_access a "                         \
    "WHERE a.case_id = c.id AND a.person_id = " P "))))"

#endif
