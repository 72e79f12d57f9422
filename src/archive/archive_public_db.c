/* What the public may see of one registry entry: its public title, numbers and its documents'
 * titles (as ***** when the screening hides them), and the file of each document to release. */
#include "archive/archive.h"

#include <string.h>

/* 1 when the space-separated skjermingMetadata codes include code. */
static int screened_has(const char *fields, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = fields ? fields : ""; *p;) {
        while (*p == ' ') p++;
        size_t len = strcspn(p, " ");
        if (len == n && !strncmp(p, code, n)) return 1;
        p += len;
    }
    return 0;
}

static int documents_read(db *d, arena *a, int64_t entry_id, int hide_titles,
                          archive_public_entry *out)
{
    db_stmt *s = db_prepare(d, "SELECT id, title FROM archive_document WHERE entry_id = $1 "
                               "ORDER BY doc_no LIMIT 50");
    if (!s) return DB_ERR;
    archive_public_document *docs = arena_calloc(a, ARCHIVE_MAX_DOCUMENTS, sizeof *docs);
    size_t n = 0;
    int rc = db_bind_int(s, 1, entry_id);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        if (n < ARCHIVE_MAX_DOCUMENTS) {
            docs[n].id = db_col_int(s, 0);
            docs[n].title = hide_titles ? ARCHIVE_SCREENED_TEXT : arena_strdup(a, db_col_text(s, 1));
            n++;
        }
        rc = DB_OK;
    }
    db_reset(s);
    out->documents = docs;
    out->document_count = n;
    return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}

int archive_entry_public_read(db *d, arena *a, int64_t entry_id, archive_public_entry *out)
{
    db_stmt *s = db_prepare(
        d, "SELECT e.entry_no, e.entry_type, e.registry_date, e.public_title, e.screened_fields, "
           "e.confidential, c.case_year, c.case_seq FROM archive_entry e "
           "JOIN archive_case_file c ON c.id = e.case_file_id WHERE e.id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, entry_id);
    if (rc == DB_OK) rc = db_step(s);
    int hide_titles = 0;
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->entry_id = entry_id;
        out->entry_type = arena_strdup(a, db_col_text(s, 1));
        out->registry_date = arena_strdup(a, db_col_text(s, 2));
        out->public_title = arena_strdup(a, db_col_text(s, 3));
        hide_titles = screened_has(db_col_text(s, 4), "TD");
        out->confidential = db_col_int(s, 5) != 0;
        out->case_number = arena_printf(a, "%lld/%lld", (long long)db_col_int(s, 6),
                                        (long long)db_col_int(s, 7));
        out->registry_id = arena_printf(a, "%s-%lld", out->case_number,
                                        (long long)db_col_int(s, 0));
    }
    db_reset(s);
    if (rc == DB_DONE) return ARCHIVE_ERR_NOT_FOUND;
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    return documents_read(d, a, entry_id, hide_titles, out);
}

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
