/* Who a logged-in person is for an organisation: the association (org_member) and the
 * organisation the person acts for in this session. Other domains decide access in their own
 * queries by joining org_member (orgnr, person_id, status = 'bekreftet'); this is for pages
 * that need to know the acting organisation and the person's role in it. */
#ifndef MINSIDE_ORG_ORG_MEMBER_H
#define MINSIDE_ORG_ORG_MEMBER_H

#include <stdint.h>

#include "db/db.h"

#define ORG_ROLE_ADMIN "administrator"
#define ORG_ROLE_USER "bruker"
#define ORG_STATUS_PENDING "ubekreftet"
#define ORG_STATUS_CONFIRMED "bekreftet"
#define ORG_STATUS_REJECTED "avvist"

typedef struct {
    int64_t member_id;
    char orgnr[10];
    char org_name[256];
    int is_admin;  /* role 'administrator' */
    int confirmed; /* status 'bekreftet': only then may anything of the organisation be seen */
} org_acting;

/* The organisation the person of session session_id acts for: the session's chosen one
 * (session.active_orgnr) while the person is still associated with it, else the first confirmed
 * association by name, else the first one awaiting a decision. Rejected associations never
 * count. Returns 1 (out filled), 0 when the person represents no organisation, or a negative db
 * code. */
int org_acting_get(db *d, int64_t session_id, int64_t person_id, org_acting *out);

#endif
