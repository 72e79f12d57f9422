/* The public form of a registry entry: what the public journal and its export may show, with
 * the screening in force applied here, in one place, so no caller can forget a field. */
#include "archive/archive_internal.h"

#include "core/clock.h"
#include "core/workdays.h"

#include <stdio.h>
#include <string.h>

static const char *dup_col(arena *a, db_stmt *s, int col)
{
    const char *v = db_col_text(s, col);
    return v ? arena_strdup(a, v) : NULL;
}

/* The codes of a stored screening ("TRO NA") as ARCHIVE_SCREEN_* flags. */
static unsigned screened_flags(const char *codes)
{
    unsigned f = 0;
    for (const char *p = codes ? codes : ""; *p;) {
        size_t n = strcspn(p, " ");
        if (n == 3 && !strncmp(p, "TRO", 3)) f |= ARCHIVE_SCREEN_TITLE_WORDS;
        if (n == 2 && !strncmp(p, "NA", 2)) f |= ARCHIVE_SCREEN_SENDER_NAME;
        if (n == 2 && !strncmp(p, "NM", 2)) f |= ARCHIVE_SCREEN_RECIPIENT_NAME;
        if (n == 2 && !strncmp(p, "TD", 2)) f |= ARCHIVE_SCREEN_DOCUMENT_TITLE;
        p += n;
        while (*p == ' ') p++;
    }
    return f;
}

static int read_entry(db *d, arena *a, int64_t entry_id, archive_entry_public *out)
{
    db_stmt *s = db_prepare(
        d, "SELECT e.id, e.case_file_id, e.system_id, c.system_id, c.case_year, c.case_seq, "
           "e.entry_year, e.entry_seq, e.entry_no, e.entry_type, e.registry_date, "
           "e.document_date, e.title, e.public_title, c.public_title, c.case_date, "
           "c.admin_unit, e.access_code, e.legal_basis, e.screened_fields, e.screening_ends, "
           "s.system_id FROM archive_entry e JOIN archive_case_file c ON c.id = e.case_file_id "
           "JOIN archive_series s ON s.id = c.series_id "
           "WHERE e.id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, entry_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc != DB_ROW) {
        db_reset(s);
        return rc == DB_DONE ? ARCHIVE_ERR_NOT_FOUND : rc;
    }
    out->id = db_col_int(s, 0);
    out->case_file_id = db_col_int(s, 1);
    out->system_id = dup_col(a, s, 2);
    out->case_system_id = dup_col(a, s, 3);
    snprintf(out->case_number, sizeof out->case_number, "%lld/%lld",
             (long long)db_col_int(s, 4), (long long)db_col_int(s, 5));
    out->year = (int)db_col_int(s, 6);
    out->seq = db_col_int(s, 7);
    out->number = db_col_int(s, 8);
    snprintf(out->registry_id, sizeof out->registry_id, "%s-%lld", out->case_number,
             (long long)out->number);
    out->type = dup_col(a, s, 9);
    out->registry_date = dup_col(a, s, 10);
    out->document_date = dup_col(a, s, 11);
    out->case_public_title = dup_col(a, s, 14);
    out->case_date = dup_col(a, s, 15);
    out->admin_unit = dup_col(a, s, 16);
    out->series_system_id = dup_col(a, s, 21);
    /* A screening whose duration has run out no longer applies: the title as it is. */
    const char *ends = db_col_text(s, 20);
    char today[11];
    civil_date_format(civil_date_oslo(clock_now()), today);
    int in_force = db_col_text(s, 17) && !(ends && strcmp(ends, today) <= 0);
    out->public_title = dup_col(a, s, in_force ? 13 : 12);
    if (in_force) {
        out->access_code = dup_col(a, s, 17);
        out->legal_basis = dup_col(a, s, 18);
        out->screened = screened_flags(db_col_text(s, 19));
    }
    db_reset(s);
    return DB_OK;
}

/* Room for one more element in a growing array in the arena. */
static void *grow(arena *a, void *items, size_t count, size_t *cap, size_t size)
{
    if (count < *cap) return items;
    *cap = *cap ? *cap * 2 : 4;
    void *more = arena_alloc(a, *cap * size);
    if (count) memcpy(more, items, count * size);
    return more;
}

static int read_parties(db *d, arena *a, archive_entry_public *out)
{
    db_stmt *s = db_prepare(d, "SELECT role, kind, name FROM archive_party WHERE entry_id = $1 "
                               "ORDER BY id");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, out->id);
    size_t cap = 0;
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        out->parties = grow(a, out->parties, out->party_count, &cap, sizeof *out->parties);
        archive_public_party *p = &out->parties[out->party_count++];
        p->role = dup_col(a, s, 0);
        p->person = !strcmp(db_col_text(s, 1), "person");
        unsigned hides = !strcmp(p->role, "Avsender") ? ARCHIVE_SCREEN_SENDER_NAME
                                                      : ARCHIVE_SCREEN_RECIPIENT_NAME;
        p->name = out->screened & hides ? NULL : dup_col(a, s, 2);
        rc = DB_OK;
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

static int read_documents(db *d, arena *a, archive_entry_public *out)
{
    db_stmt *s = db_prepare(d, "SELECT id, system_id, doc_no, role, title FROM archive_document "
                               "WHERE entry_id = $1 ORDER BY doc_no");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, out->id);
    size_t cap = 0;
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        out->documents = grow(a, out->documents, out->document_count, &cap, sizeof *out->documents);
        archive_public_document *doc = &out->documents[out->document_count++];
        doc->id = db_col_int(s, 0);
        doc->system_id = dup_col(a, s, 1);
        doc->number = db_col_int(s, 2);
        doc->role = dup_col(a, s, 3);
        doc->title = out->screened & ARCHIVE_SCREEN_DOCUMENT_TITLE ? ARCHIVE_SCREENED_TEXT
                                                                   : dup_col(a, s, 4);
        rc = DB_OK;
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

int archive_entry_public_get(db *d, arena *a, int64_t entry_id, archive_entry_public *out)
{
    memset(out, 0, sizeof *out);
    int rc = read_entry(d, a, entry_id, out);
    if (rc == DB_OK) rc = read_parties(d, a, out);
    if (rc == DB_OK) rc = read_documents(d, a, out);
    return rc;
}
