/* Finding an entry by its registry id, and the file of a document to release. */
#include "archive/archive.h"

int archive_entry_find(db *d, int case_year, int64_t case_seq, int64_t entry_number,
                       int64_t *entry_id)
{
    db_stmt *s = db_prepare(d, "SELECT e.id FROM archive_entry e JOIN archive_case_file c "
                               "ON c.id = e.case_file_id WHERE c.case_year = $1 "
                               "AND c.case_seq = $2 AND e.entry_no = $3");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_year);
    if (rc == DB_OK) rc = db_bind_int(s, 2, case_seq);
    if (rc == DB_OK) rc = db_bind_int(s, 3, entry_number);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *entry_id = db_col_int(s, 0);
    db_reset(s);
    if (rc == DB_DONE) return ARCHIVE_ERR_NOT_FOUND;
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

int archive_document_current_object(db *d, int64_t document_id, int64_t *object_id)
{
    db_stmt *s = db_prepare(d, "SELECT id FROM archive_document_object WHERE document_id = $1 "
                               "ORDER BY version DESC, id DESC LIMIT 1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, document_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *object_id = db_col_int(s, 0);
    db_reset(s);
    if (rc == DB_DONE) return ARCHIVE_ERR_NOT_FOUND;
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}
