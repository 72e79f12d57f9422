/* The organisation a person acts for. */
#include "org/org_member.h"

#include <stdio.h>
#include <string.h>

int org_acting_get(db *d, int64_t session_id, int64_t person_id, org_acting *out)
{
    /* The session's choice first, then confirmed before pending, then by name: one query, so
     * a choice that is no longer valid (the association was removed) falls through by itself. */
    db_stmt *s = db_prepare(
        d, "SELECT m.id, m.orgnr, COALESCE(o.name, m.orgnr), m.role, m.status "
           "FROM org_member m LEFT JOIN organisation o ON o.orgnr = m.orgnr "
           "LEFT JOIN session se ON se.id = $2 AND se.person_id = m.person_id "
           "WHERE m.person_id = $1 AND m.status IN ('bekreftet', 'ubekreftet') "
           "ORDER BY CASE WHEN se.active_orgnr = m.orgnr THEN 0 ELSE 1 END, "
           "CASE WHEN m.status = 'bekreftet' THEN 0 ELSE 1 END, o.name, m.orgnr LIMIT 1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, person_id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, session_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->member_id = db_col_int(s, 0);
        snprintf(out->orgnr, sizeof out->orgnr, "%s", db_col_text(s, 1));
        snprintf(out->org_name, sizeof out->org_name, "%s", db_col_text(s, 2));
        out->is_admin = !strcmp(db_col_text(s, 3), ORG_ROLE_ADMIN);
        out->confirmed = !strcmp(db_col_text(s, 4), ORG_STATUS_CONFIRMED);
    }
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}
