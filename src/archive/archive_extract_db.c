/* Reads what an extract holds: the archive and series, the case files with entries whose
 * registry date (journaldato) is in the period, their parties and documents, and the change
 * log for them. Everything is read into memory first so the writers need no database. */
#include "archive/archive_extract.h"

#include "core/clock.h"
#include "core/workdays.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_col(db_stmt *s, int col)
{
    const char *v = db_col_text(s, col);
    if (!v) return NULL;
    char *p = strdup(v);
    if (!p) abort();
    return p;
}

/* Runs the bound statement s (rc: the result of binding) and returns a new array with one
 * zeroed item of size for each row, filled by fill; the count in *count. */
typedef void (*row_fill)(db_stmt *s, void *item);

static void *load_rows(db_stmt *s, int *rc, size_t *count, size_t size, row_fill fill)
{
    char *items = NULL;
    size_t cap = 0;
    *count = 0;
    while (*rc == DB_OK || *rc == DB_ROW) {
        *rc = db_step(s);
        if (*rc != DB_ROW) break;
        if (*count == cap) {
            cap = cap ? cap * 2 : 8;
            items = realloc(items, cap * size);
            if (!items) abort();
        }
        void *item = items + *count * size;
        memset(item, 0, size);
        fill(s, item);
        (*count)++;
    }
    db_reset(s);
    if (*rc == DB_DONE) *rc = 0;
    return items;
}

static int load_archive(db *d, x_extract *x)
{
    db_stmt *s = db_prepare(d, "SELECT a.system_id, a.title, a.creator_id, a.creator_name, "
                               "a.created_at, s.system_id, s.title, s.created_at FROM archive a "
                               "JOIN archive_series s ON s.archive_id = a.id WHERE s.id = 1");
    if (!s) return DB_ERR;
    int rc = db_step(s);
    if (rc == DB_ROW) {
        x->archive_uuid = dup_col(s, 0);
        x->archive_title = dup_col(s, 1);
        x->creator_id = dup_col(s, 2);
        x->creator_name = dup_col(s, 3);
        x->archive_created = db_col_int(s, 4);
        x->series_uuid = dup_col(s, 5);
        x->series_title = dup_col(s, 6);
        x->series_created = db_col_int(s, 7);
    }
    db_reset(s);
    return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERR;
}

static void fill_case(db_stmt *s, void *item)
{
    x_case *c = item;
    c->id = db_col_int(s, 0);
    c->uuid = dup_col(s, 1);
    c->year = db_col_int(s, 2);
    c->seq = db_col_int(s, 3);
    c->title = dup_col(s, 4);
    c->public_title = dup_col(s, 5);
    c->status = dup_col(s, 6);
    c->unit = dup_col(s, 7);
    c->caseworker = dup_col(s, 8);
    c->case_date = dup_col(s, 9);
    c->created_at = db_col_int(s, 10);
    c->created_by = dup_col(s, 11);
    c->closed_at = db_col_is_null(s, 12) ? 0 : db_col_int(s, 12);
    c->closed_by = dup_col(s, 13);
}

static int load_cases(db *d, x_extract *x)
{
    db_stmt *s = db_prepare(
        d, "SELECT id, system_id, case_year, case_seq, title, public_title, status, admin_unit, "
           "caseworker, case_date, created_at, created_by, closed_at, closed_by "
           "FROM archive_case_file c WHERE EXISTS (SELECT 1 FROM archive_entry e WHERE "
           "e.case_file_id = c.id AND e.registry_date BETWEEN $1 AND $2) "
           "ORDER BY case_year, case_seq");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, x->from);
    if (rc == DB_OK) rc = db_bind_text(s, 2, x->to);
    x->cases = load_rows(s, &rc, &x->case_count, sizeof *x->cases, fill_case);
    return rc;
}

static void fill_entry(db_stmt *s, void *item)
{
    x_entry *e = item;
    char **texts[] = {&e->uuid,          &e->type,        &e->status,          &e->registry_date,
                      &e->document_date, &e->title,       &e->public_title,    &e->created_by,
                      &e->access_code,   &e->legal_basis, &e->screened_fields, &e->screening_ends};
    for (int i = 0; i < 12; i++)
        *texts[i] = dup_col(s, i);
    e->year = db_col_int(s, 12);
    e->seq = db_col_int(s, 13);
    e->number = db_col_int(s, 14);
    e->created_at = db_col_int(s, 15);
    e->screening_years = db_col_is_null(s, 16) ? 0 : db_col_int(s, 16);
    e->id = db_col_int(s, 17);
}

static int load_entries(db *d, x_extract *x, x_case *c)
{
    db_stmt *s = db_prepare(
        d, "SELECT system_id, entry_type, status, registry_date, document_date, title, "
           "public_title, created_by, access_code, legal_basis, screened_fields, screening_ends, "
           "entry_year, entry_seq, entry_no, created_at, screening_years, id FROM archive_entry "
           "WHERE case_file_id = $1 AND registry_date BETWEEN $2 AND $3 ORDER BY entry_no");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, c->id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, x->from);
    if (rc == DB_OK) rc = db_bind_text(s, 3, x->to);
    c->entries = load_rows(s, &rc, &c->entry_count, sizeof *c->entries, fill_entry);
    x->entry_count += c->entry_count;
    return rc;
}

static void fill_party(db_stmt *s, void *item)
{
    x_party *p = item;
    p->role = dup_col(s, 0);
    p->name = dup_col(s, 1);
}

static int load_parties(db *d, x_entry *e)
{
    db_stmt *s = db_prepare(d, "SELECT role, name FROM archive_party WHERE entry_id = $1 "
                               "ORDER BY id");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, e->id);
    e->parties = load_rows(s, &rc, &e->party_count, sizeof *e->parties, fill_party);
    return rc;
}

static const char *extension_of(const char *mime)
{
    static const char *const map[][2] = {
        {"application/pdf", "pdf"},
        {"image/png", "png"},
        {"image/jpeg", "jpg"},
        {"text/plain", "txt"},
        {"message/rfc822", "eml"},
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(mime, map[i][0])) return map[i][1];
    return "bin";
}

static void fill_document(db_stmt *s, void *item)
{
    x_document *doc = item;
    char **texts[] = {&doc->doc_uuid, &doc->obj_uuid, &doc->title,  &doc->role,
                      &doc->format,   &doc->mime,     &doc->sha256, &doc->created_by};
    for (int i = 0; i < 8; i++)
        *texts[i] = dup_col(s, i);
    doc->doc_no = db_col_int(s, 8);
    doc->size = db_col_int(s, 9);
    doc->created_at = db_col_int(s, 10);
    char ref[128];
    snprintf(ref, sizeof ref, "dokumenter/%s.%s", doc->obj_uuid, extension_of(doc->mime));
    doc->file_ref = strdup(ref);
    if (!doc->file_ref) abort();
}

static int load_documents(db *d, x_extract *x, x_entry *e)
{
    db_stmt *s = db_prepare(
        d, "SELECT d.system_id, o.system_id, d.title, d.role, o.format, o.mime_type, o.sha256, "
           "d.created_by, d.doc_no, o.size, d.created_at FROM archive_document d "
           "JOIN archive_document_object o ON o.document_id = d.id WHERE d.entry_id = $1 "
           "ORDER BY d.doc_no, o.version");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, e->id);
    e->docs = load_rows(s, &rc, &e->doc_count, sizeof *e->docs, fill_document);
    x->doc_count += e->doc_count;
    return rc;
}

static int load_changes(db *d, x_extract *x)
{
    /* Changes to the case files and entries in the extract; the list of them is short enough
     * to compare in memory. */
    db_stmt *s = db_prepare(d, "SELECT target_system_id, field, changed_by, old_value, "
                               "new_value, changed_at FROM archive_change ORDER BY id");
    if (!s) return DB_ERR;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        const char *target = db_col_text(s, 0);
        int ours = 0;
        for (size_t i = 0; i < x->case_count && !ours; i++) {
            ours = !strcmp(x->cases[i].uuid, target);
            for (size_t j = 0; j < x->cases[i].entry_count && !ours; j++)
                ours = !strcmp(x->cases[i].entries[j].uuid, target);
        }
        if (!ours) continue;
        if (x->change_count == cap) {
            cap = cap ? cap * 2 : 8;
            x->changes = realloc(x->changes, cap * sizeof *x->changes);
            if (!x->changes) abort();
        }
        x_change *ch = &x->changes[x->change_count++];
        ch->target = dup_col(s, 0);
        ch->field = dup_col(s, 1);
        ch->by = dup_col(s, 2);
        ch->old_value = dup_col(s, 3);
        ch->new_value = dup_col(s, 4);
        ch->at = db_col_int(s, 5);
    }
    db_reset(s);
    return rc == DB_DONE ? 0 : rc;
}

/* Without --from/--to the period is that of the entries themselves. */
static void narrow_period(x_extract *x, const char *from, const char *to)
{
    const char *lo = NULL, *hi = NULL;
    for (size_t i = 0; i < x->case_count; i++)
        for (size_t j = 0; j < x->cases[i].entry_count; j++) {
            const char *day = x->cases[i].entries[j].registry_date;
            if (!lo || strcmp(day, lo) < 0) lo = day;
            if (!hi || strcmp(day, hi) > 0) hi = day;
        }
    if (!from) snprintf(x->from, sizeof x->from, "%s", lo ? lo : x->today);
    if (!to) snprintf(x->to, sizeof x->to, "%s", hi ? hi : x->today);
}

int x_extract_load(db *d, const char *from, const char *to, x_extract *x)
{
    memset(x, 0, sizeof *x);
    x->now = clock_now();
    civil_date_format(civil_date_oslo(x->now), x->today);
    snprintf(x->from, sizeof x->from, "%s", from ? from : "0001-01-01");
    snprintf(x->to, sizeof x->to, "%s", to ? to : "9999-12-31");
    int rc = load_archive(d, x);
    if (rc == 0) rc = load_cases(d, x);
    for (size_t i = 0; rc == 0 && i < x->case_count; i++) {
        x_case *c = &x->cases[i];
        rc = load_entries(d, x, c);
        for (size_t j = 0; rc == 0 && j < c->entry_count; j++) {
            x_entry *e = &c->entries[j];
            rc = load_parties(d, e);
            if (rc == 0) rc = load_documents(d, x, e);
        }
    }
    if (rc == 0) rc = load_changes(d, x);
    if (rc == 0) narrow_period(x, from, to);
    return rc;
}

void x_extract_free(x_extract *x)
{
    for (size_t i = 0; i < x->case_count; i++) {
        x_case *c = &x->cases[i];
        for (size_t j = 0; j < c->entry_count; j++) {
            x_entry *e = &c->entries[j];
            for (size_t k = 0; k < e->party_count; k++) {
                free(e->parties[k].role);
                free(e->parties[k].name);
            }
            for (size_t k = 0; k < e->doc_count; k++) {
                x_document *doc = &e->docs[k];
                char *texts[] = {doc->doc_uuid, doc->obj_uuid,   doc->title,
                                 doc->role,     doc->format,     doc->mime,
                                 doc->sha256,   doc->created_by, doc->file_ref};
                for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
                    free(texts[t]);
            }
            char *texts[] = {
                e->uuid,          e->type,        e->status,          e->registry_date,
                e->document_date, e->title,       e->public_title,    e->created_by,
                e->access_code,   e->legal_basis, e->screened_fields, e->screening_ends};
            for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
                free(texts[t]);
            free(e->parties);
            free(e->docs);
        }
        char *texts[] = {c->uuid,       c->title,     c->public_title, c->status,   c->unit,
                         c->caseworker, c->case_date, c->created_by,   c->closed_by};
        for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
            free(texts[t]);
        free(c->entries);
    }
    free(x->cases);
    for (size_t i = 0; i < x->change_count; i++) {
        x_change *ch = &x->changes[i];
        free(ch->target);
        free(ch->field);
        free(ch->by);
        free(ch->old_value);
        free(ch->new_value);
    }
    free(x->changes);
    char *texts[] = {x->archive_uuid, x->archive_title, x->creator_id,
                     x->creator_name, x->series_uuid,   x->series_title};
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
        free(texts[t]);
    memset(x, 0, sizeof *x);
}
