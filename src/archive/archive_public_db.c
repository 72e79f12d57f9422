/* The public form of a registry entry: what the public journal and its export may show, with
 * the screening in force applied here, in one place, so no caller can forget a field. */
#include "archive/archive_internal.h"

#include "core/clock.h"
#include "core/workdays.h"

#include <stdio.h>
#include <stdlib.h>
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

/* The ids as one parameter: a JSON array for SQLite's json_each, an array literal for
 * PostgreSQL's ANY. */
static const char *id_list(db *d, arena *a, const int64_t *ids, size_t n)
{
    int pg = db_engine_of(d) == DB_POSTGRES;
    size_t cap = n * 21 + 3, used = 1;
    char *out = arena_alloc(a, cap);
    out[0] = pg ? '{' : '[';
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(out + used, cap - used, "%s%lld", i ? "," : "", (long long)ids[i]);
        if (w < 0 || (size_t)w >= cap - used) abort(); /* 21 bytes hold any id and its comma */
        used += (size_t)w;
    }
    out[used++] = pg ? '}' : ']';
    out[used] = '\0';
    return out;
}

/* "… WHERE <column> is one of $1", for each engine. */
#define ONE_OF_SQLITE(col) " WHERE " col " IN (SELECT value FROM json_each($1))"
#define ONE_OF_PG(col) " WHERE " col " = ANY($1::bigint[])"

/* The entry of out[] with this id, or NULL. */
static archive_entry_public *slot(archive_entry_public *out, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (out[i].id == id) return &out[i];
    return NULL;
}

static void fill_entry(arena *a, db_stmt *s, const char *today, archive_entry_public *out)
{
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
    int in_force = db_col_text(s, 17) && !(ends && strcmp(ends, today) <= 0);
    out->public_title = dup_col(a, s, in_force ? 13 : 12);
    if (in_force) {
        out->access_code = dup_col(a, s, 17);
        out->legal_basis = dup_col(a, s, 18);
        out->screened = screened_flags(db_col_text(s, 19));
    }
}

#define ENTRY_COLUMNS                                                                              \
    "SELECT e.id, e.case_file_id, e.system_id, c.system_id, c.case_year, c.case_seq, "             \
    "e.entry_year, e.entry_seq, e.entry_no, e.entry_type, e.registry_date, "                       \
    "e.document_date, e.title, e.public_title, c.public_title, c.case_date, "                      \
    "c.admin_unit, e.access_code, e.legal_basis, e.screened_fields, e.screening_ends, "            \
    "s.system_id FROM archive_entry e JOIN archive_case_file c ON c.id = e.case_file_id "          \
    "JOIN archive_series s ON s.id = c.series_id"

static int read_entries(db *d, arena *a, const char *ids, archive_entry_public *out, size_t n)
{
    db_stmt *s = db_prepare(d, db_engine_of(d) == DB_POSTGRES ? ENTRY_COLUMNS ONE_OF_PG("e.id")
                                                              : ENTRY_COLUMNS ONE_OF_SQLITE("e.id"));
    if (!s) return DB_ERR;
    char today[11];
    civil_date_format(civil_date_oslo(clock_now()), today);
    int rc = db_bind_text(s, 1, ids);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        archive_entry_public *e = slot(out, n, db_col_int(s, 0));
        if (e) fill_entry(a, s, today, e);
        rc = DB_OK;
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
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

#define PARTY_COLUMNS "SELECT entry_id, role, kind, name FROM archive_party"

static int read_parties(db *d, arena *a, const char *ids, archive_entry_public *out, size_t n,
                        size_t *caps)
{
    db_stmt *s = db_prepare(d, db_engine_of(d) == DB_POSTGRES
                                   ? PARTY_COLUMNS ONE_OF_PG("entry_id") " ORDER BY id"
                                   : PARTY_COLUMNS ONE_OF_SQLITE("entry_id") " ORDER BY id");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, ids);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        archive_entry_public *e = slot(out, n, db_col_int(s, 0));
        rc = DB_OK;
        if (!e || !e->type) continue;
        size_t *cap = &caps[e - out];
        e->parties = grow(a, e->parties, e->party_count, cap, sizeof *e->parties);
        archive_public_party *p = &e->parties[e->party_count++];
        p->role = dup_col(a, s, 1);
        p->person = !strcmp(db_col_text(s, 2), "person");
        unsigned hides = !strcmp(p->role, "Avsender") ? ARCHIVE_SCREEN_SENDER_NAME
                                                      : ARCHIVE_SCREEN_RECIPIENT_NAME;
        p->name = e->screened & hides ? NULL : dup_col(a, s, 3);
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

#define DOCUMENT_COLUMNS "SELECT entry_id, id, system_id, doc_no, role, title FROM archive_document"

static int read_documents(db *d, arena *a, const char *ids, archive_entry_public *out, size_t n,
                          size_t *caps)
{
    db_stmt *s = db_prepare(d, db_engine_of(d) == DB_POSTGRES
                                   ? DOCUMENT_COLUMNS ONE_OF_PG("entry_id") " ORDER BY doc_no"
                                   : DOCUMENT_COLUMNS ONE_OF_SQLITE("entry_id") " ORDER BY doc_no");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, ids);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        archive_entry_public *e = slot(out, n, db_col_int(s, 0));
        rc = DB_OK;
        if (!e || !e->type) continue;
        size_t *cap = &caps[e - out];
        e->documents = grow(a, e->documents, e->document_count, cap, sizeof *e->documents);
        archive_public_document *doc = &e->documents[e->document_count++];
        doc->id = db_col_int(s, 1);
        doc->system_id = dup_col(a, s, 2);
        doc->number = db_col_int(s, 3);
        doc->role = dup_col(a, s, 4);
        doc->title = e->screened & ARCHIVE_SCREEN_DOCUMENT_TITLE ? ARCHIVE_SCREENED_TEXT
                                                                 : dup_col(a, s, 5);
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

int archive_entries_public_get(db *d, arena *a, const int64_t *ids, size_t n,
                               archive_entry_public *out)
{
    memset(out, 0, n * sizeof *out);
    if (!n) return DB_OK;
    for (size_t i = 0; i < n; i++) out[i].id = ids[i];
    const char *list = id_list(d, a, ids, n);
    size_t *party_caps = arena_calloc(a, n, sizeof *party_caps);
    size_t *document_caps = arena_calloc(a, n, sizeof *document_caps);
    int rc = read_entries(d, a, list, out, n);
    if (rc == DB_OK) rc = read_parties(d, a, list, out, n, party_caps);
    if (rc == DB_OK) rc = read_documents(d, a, list, out, n, document_caps);
    return rc;
}

int archive_entry_public_get(db *d, arena *a, int64_t entry_id, archive_entry_public *out)
{
    int rc = archive_entries_public_get(d, a, &entry_id, 1, out);
    return rc == DB_OK && !out->type ? ARCHIVE_ERR_NOT_FOUND : rc;
}
