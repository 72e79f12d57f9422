#include "org/org_stats.h"

int org_stats_admin_applications(db *d, int64_t from, int64_t to, org_stats_application_fn each,
                                 void *ud)
{
    db_stmt *s = db_prepare(d, "SELECT applied_at, COALESCE(decided_at, 0) FROM org_member "
                               "WHERE role = 'administrator' AND decided_by_person IS NULL "
                               "AND applied_at >= $1 AND applied_at < $2");
    int rc = s ? db_bind_int(s, 1, from) : DB_ERR;
    if (rc == DB_OK) rc = db_bind_int(s, 2, to);
    while (rc >= 0 && (rc = db_step(s)) == DB_ROW) each(ud, db_col_int(s, 0), db_col_int(s, 1));
    if (s) db_reset(s);
    return rc < 0 ? rc : 0;
}
