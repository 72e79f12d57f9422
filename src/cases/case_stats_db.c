#include "cases/case_stats.h"

#include "cases/case_rules.h"

int case_stats_filed(db *d, int64_t from, int64_t to, case_stats_filed_fn each, void *ud)
{
    db_stmt *s = db_prepare(d, "SELECT case_type, created_at FROM case_record "
                               "WHERE created_at >= $1 AND created_at < $2");
    int rc = s ? db_bind_int(s, 1, from) : DB_ERR;
    if (rc == DB_OK) rc = db_bind_int(s, 2, to);
    while (rc >= 0 && (rc = db_step(s)) == DB_ROW) each(ud, db_col_text(s, 0), db_col_int(s, 1));
    if (s) db_reset(s);
    return rc < 0 ? rc : 0;
}

int case_stats_mediation_decided(db *d, int64_t from, int64_t to, case_stats_decided_fn each,
                                 void *ud)
{
    db_stmt *s = db_prepare(d, "SELECT created_at, closed_at FROM case_record "
                               "WHERE case_type = $1 AND status = 'avsluttet' "
                               "AND closed_at >= $2 AND closed_at < $3");
    int rc = s ? db_bind_text(s, 1, CASE_TYPE_MEDIATION) : DB_ERR;
    if (rc == DB_OK) rc = db_bind_int(s, 2, from);
    if (rc == DB_OK) rc = db_bind_int(s, 3, to);
    while (rc >= 0 && (rc = db_step(s)) == DB_ROW) each(ud, db_col_int(s, 0), db_col_int(s, 1));
    if (s) db_reset(s);
    return rc < 0 ? rc : 0;
}
