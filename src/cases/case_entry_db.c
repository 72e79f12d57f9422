/* Which registry entries belong to a case, and with whom each is shared (case_entry). The
 * entries themselves are the archive's, read through archive/archive.h. */
#include "cases/case_db.h"

#include <stdio.h>
#include <stdlib.h>

int case_entry_link(db *d, int64_t case_id, int64_t entry_id, const char *audience)
{
    int rc = db_run(d, "INSERT INTO case_entry (case_id, entry_id, audience) VALUES ($1, $2, $3)",
                    "iit", case_id, entry_id, audience);
    return rc < 0 ? rc : DB_OK;
}

static int collect(db_stmt *s, int rc, case_entry_ref **out, size_t *count)
{
    case_entry_ref *refs = NULL;
    size_t n = 0, cap = 0;
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            refs = realloc(refs, cap * sizeof *refs);
            if (!refs) abort();
        }
        refs[n].entry_id = db_col_int(s, 0);
        snprintf(refs[n].audience, sizeof refs[n].audience, "%s", db_col_text(s, 1));
        n++;
        rc = DB_OK;
    }
    db_reset(s);
    if (rc != DB_DONE) {
        free(refs);
        return rc < 0 ? rc : DB_ERR;
    }
    *out = refs;
    *count = n;
    return DB_OK;
}

int case_entry_refs_all(db *d, int64_t case_id, case_entry_ref **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    db_stmt *s = db_prepare(d, "SELECT entry_id, audience FROM case_entry WHERE case_id = $1 "
                               "ORDER BY entry_id");
    if (!s) return DB_ERR;
    return collect(s, db_bind_int(s, 1, case_id), out, count);
}

int case_entry_refs_shared(db *d, int64_t case_id, int64_t person_id, const char *party_role,
                           case_entry_ref **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    db_stmt *s = db_prepare(
        d, "SELECT ce.entry_id, ce.audience FROM case_entry ce JOIN case_record c ON c.id = "
           "ce.case_id WHERE ce.case_id = $1 AND (ce.audience = 'parter' OR ce.audience = $3) "
           "AND " CASE_VISIBLE_SQL("$2") " ORDER BY ce.entry_id");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, person_id);
    if (rc == DB_OK) rc = db_bind_text(s, 3, party_role);
    return collect(s, rc, out, count);
}

static int ref_compare(const void *key, const void *elem)
{
    int64_t a = *(const int64_t *)key, b = ((const case_entry_ref *)elem)->entry_id;
    return (a > b) - (a < b);
}

const case_entry_ref *case_entry_ref_find(const case_entry_ref *refs, size_t n, int64_t entry_id)
{
    return n ? bsearch(&entry_id, refs, n, sizeof *refs, ref_compare) : NULL;
}
