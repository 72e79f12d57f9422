/* Who may see a case. */
#include "cases/case_access.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

int case_access_get(db *d, int64_t case_id, int64_t person_id, case_access_info *out)
{
    /* The consumer's own case first; otherwise the organisation through which the person sees
     * it, an administrator's association before a granted one. */
    db_stmt *s = db_prepare(
        d, "SELECT c.id, c.case_type, c.status, c.reference, COALESCE(c.case_file_id, 0), "
           "CASE WHEN c.submitter_orgnr IS NULL AND c.submitter_person_id = $2 THEN 'innsender' "
           "ELSE co.party_role END, co.orgnr, "
           "CASE WHEN c.submitter_person_id = $2 THEN 1 ELSE 0 END, "
           "CASE WHEN m.role = 'administrator' THEN 1 ELSE 0 END "
           "FROM case_record c "
           "LEFT JOIN case_org co ON co.case_id = c.id AND EXISTS (SELECT 1 FROM org_member m2 "
           "  WHERE m2.orgnr = co.orgnr AND m2.person_id = $2 AND m2.status = 'bekreftet') "
           "LEFT JOIN org_member m ON m.orgnr = co.orgnr AND m.person_id = $2 "
           "  AND m.status = 'bekreftet' "
           "WHERE c.id = $1 AND " CASE_VISIBLE_SQL("$2") " "
           "ORDER BY CASE WHEN c.submitter_orgnr IS NULL AND c.submitter_person_id = $2 "
           "THEN 0 ELSE 1 END, CASE WHEN m.role = 'administrator' THEN 0 ELSE 1 END LIMIT 1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, person_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->case_id = db_col_int(s, 0);
        utf8_copy(out->case_type, sizeof out->case_type, db_col_text(s, 1));
        utf8_copy(out->status, sizeof out->status, db_col_text(s, 2));
        utf8_copy(out->reference, sizeof out->reference, db_col_text(s, 3));
        out->case_file_id = db_col_int(s, 4);
        utf8_copy(out->party_role, sizeof out->party_role, db_col_text(s, 5));
        utf8_copy(out->orgnr, sizeof out->orgnr, db_col_text(s, 6));
        out->is_submitter = db_col_int(s, 7) != 0;
        out->is_org_admin = db_col_int(s, 8) != 0;
    }
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}
