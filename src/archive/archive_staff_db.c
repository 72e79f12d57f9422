/* Queries behind the staff pages of the archive: the list of case files and one case file with
 * everything registered in it. */
#include "archive/archive.h"
#include "archive/archive_staff.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *text_or_empty(const char *s)
{
    return json_string(s ? s : "");
}

/* "2026-03-17" as "17.03.2026", the Norwegian way; "" for NULL. */
static json_t *date_nb(const char *iso)
{
    if (!iso || strlen(iso) != 10) return text_or_empty(iso);
    char buf[11];
    snprintf(buf, sizeof buf, "%.2s.%.2s.%.4s", iso + 8, iso + 5, iso);
    return json_string(buf);
}

static json_t *size_text(int64_t bytes)
{
    char buf[32];
    if (bytes >= 1024 * 1024)
        snprintf(buf, sizeof buf, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
    else if (bytes >= 1024)
        snprintf(buf, sizeof buf, "%lld kB", (long long)((bytes + 1023) / 1024));
    else
        snprintf(buf, sizeof buf, "%lld byte", (long long)bytes);
    return json_string(buf);
}

/* "2026/17" into year and number; 0 when q is not a case number. */
static int parse_case_number(const char *q, int64_t *year, int64_t *seq)
{
    char *end;
    if (strlen(q) < 6 || strspn(q, "0123456789") != 4 || q[4] != '/') return 0;
    if (!isdigit((unsigned char)q[5]) || strspn(q + 5, "0123456789") != strlen(q + 5) ||
        strlen(q + 5) > 12)
        return 0;
    *year = strtoll(q, &end, 10);
    *seq = strtoll(q + 5, &end, 10);
    return 1;
}

/* "%q%" with LIKE's own characters escaped by '\'. */
static char *like_pattern(const char *q)
{
    size_t n = strlen(q);
    char *p = malloc(2 * n + 3), *o = p;
    if (!p) abort();
    *o++ = '%';
    for (const char *c = q; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '\\') *o++ = '\\';
        *o++ = *c;
    }
    *o++ = '%';
    *o = '\0';
    return p;
}

int archive_staff_case_list(db *d, const char *q, const page_cursor *at, int64_t at_year,
                            json_t **items, int *has_more, page_cursor *first, page_cursor *last)
{
    int64_t year = 0, seq = 0;
    int by_number = q && *q && parse_case_number(q, &year, &seq);
    const char *cols = "SELECT id, case_year, case_seq, title, status, admin_unit, caseworker, "
                       "case_date FROM archive_case_file WHERE ";
    /* Keyset paging, newest first: the files after (or read backwards, before) the cursor's
     * number, one range of the (case_year, case_seq) index however deep the page. The casts
     * let PostgreSQL take the first page's cursor, past any INTEGER. */
    const char *order = at->before
                            ? " AND (case_year, case_seq) > (CAST($2 AS BIGINT), CAST($3 AS BIGINT)) ORDER BY case_year, case_seq LIMIT $1"
                            : " AND (case_year, case_seq) < (CAST($2 AS BIGINT), CAST($3 AS BIGINT)) "
                              "ORDER BY case_year DESC, case_seq DESC LIMIT $1";
    char sql[600];
    if (by_number)
        snprintf(sql, sizeof sql, "%scase_year = $4 AND case_seq = $5%s", cols, order);
    else if (q && *q)
        snprintf(sql, sizeof sql, "%sLOWER(title) LIKE LOWER($4) ESCAPE '\\'%s", cols, order);
    else
        snprintf(sql, sizeof sql, "%s1 = 1%s", cols, order);
    db_stmt *s = db_prepare(d, sql);
    if (!s) return DB_ERR;
    char *pattern = by_number || !q || !*q ? NULL : like_pattern(q);
    int rc = db_bind_int(s, 1, ARCHIVE_STAFF_PAGE_SIZE + 1);
    if (rc == DB_OK) rc = db_bind_int(s, 2, at_year);
    if (rc == DB_OK) rc = db_bind_int(s, 3, at->id);
    if (rc == DB_OK && by_number) rc = db_bind_int(s, 4, year);
    if (rc == DB_OK && by_number) rc = db_bind_int(s, 5, seq);
    if (rc == DB_OK && pattern) rc = db_bind_text(s, 4, pattern);
    free(pattern);
    *items = json_array();
    *has_more = 0;
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        rc = DB_OK;
        if (json_array_size(*items) == ARCHIVE_STAFF_PAGE_SIZE) {
            *has_more = 1;
            continue;
        }
        /* Read backwards, the first row read is the page's last. */
        bool opening = json_array_size(*items) == 0;
        page_cursor *edge = opening == at->before ? last : first;
        edge->id = db_col_int(s, 2);
        snprintf(edge->key, sizeof edge->key, "%lld", (long long)db_col_int(s, 1));
        if (opening) *(edge == first ? last : first) = *edge;
        char number[48];
        snprintf(number, sizeof number, "%lld/%lld", (long long)db_col_int(s, 1),
                 (long long)db_col_int(s, 2));
        json_array_insert_new(
            *items, at->before ? 0 : json_array_size(*items), json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
                              (json_int_t)db_col_int(s, 0), "number", number, "title",
                              text_or_empty(db_col_text(s, 3)), "status",
                              text_or_empty(db_col_text(s, 4)), "unit",
                              text_or_empty(db_col_text(s, 5)), "caseworker",
                              text_or_empty(db_col_text(s, 6)), "case_date",
                              date_nb(db_col_text(s, 7))));
    }
    db_reset(s);
    if (rc == DB_DONE) return DB_OK;
    json_decref(*items);
    *items = NULL;
    return rc < 0 ? rc : DB_ERR;
}

/* Whether the space-separated skjermingMetadata codes include code. */
static int has_code(const char *codes, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = codes; p && (p = strstr(p, code)); p += n)
        if ((p == codes || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return 1;
    return 0;
}

/* What the screening form starts from: the entry's screening, or the usual legal basis. The
 * screened words are not kept apart from the public title, so they are asked for again. */
static json_t *screening_form(db_stmt *s)
{
    const char *codes = db_col_text(s, 10);
    const char *basis = db_col_text(s, 9);
    return json_pack("{s:b, s:s, s:b, s:b, s:b, s:b, s:I}", "restricted",
                     db_col_text(s, 8) && !strcmp(db_col_text(s, 8), "Taushetsbelagt"),
                     "legal_basis", basis ? basis : "Offl. § 13 jf. fvl. § 13 første ledd nr. 1",
                     "tro", has_code(codes, "TRO"), "na", has_code(codes, "NA"), "nm",
                     has_code(codes, "NM"), "td", has_code(codes, "TD"), "years",
                     (json_int_t)(db_col_is_null(s, 11) ? 0 : db_col_int(s, 11)));
}

/* "TRO NA" as the words people read. */
static json_t *screened_fields_text(const char *codes)
{
    static const struct {
        const char *code, *label;
    } names[] = {{"TRO", "ord i tittelen"},
                 {"NA", "avsenders navn"},
                 {"NM", "mottakers navn"},
                 {"TD", "dokumenttitler"}};
    char buf[200] = "";
    for (size_t i = 0; codes && i < sizeof names / sizeof *names; i++) {
        if (!has_code(codes, names[i].code)) continue;
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof buf - len, "%s%s", len ? ", " : "", names[i].label);
    }
    return json_string(buf);
}

static json_t *entry_row(db_stmt *s, const char *case_number)
{
    char registry_id[64];
    snprintf(registry_id, sizeof registry_id, "%s-%lld", case_number, (long long)db_col_int(s, 1));
    const char *type = db_col_text(s, 2);
    json_t *e = json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o}", "id",
        (json_int_t)db_col_int(s, 0), "registry_id", registry_id, "type", type ? type : "",
        "type_label", archive_entry_type_label(type), "status", text_or_empty(db_col_text(s, 3)),
        "registry_date", date_nb(db_col_text(s, 4)), "document_date",
        date_nb(db_col_text(s, 5)), "title", text_or_empty(db_col_text(s, 6)), "public_title",
        text_or_empty(db_col_text(s, 7)), "confidential", db_col_int(s, 13) != 0, "parties",
        json_array(), "documents", json_array());
    json_object_set_new(e, "form", screening_form(s));
    if (!db_col_is_null(s, 8)) {
        json_t *sc = json_pack("{s:o, s:o, s:o, s:o}", "access_code",
                               text_or_empty(db_col_text(s, 8)), "legal_basis",
                               text_or_empty(db_col_text(s, 9)), "fields",
                               screened_fields_text(db_col_text(s, 10)), "ends",
                               date_nb(db_col_text(s, 12)));
        if (!db_col_is_null(s, 11))
            json_object_set_new(sc, "years", json_integer(db_col_int(s, 11)));
        json_object_set_new(e, "screening", sc);
    }
    return e;
}

/* Adds the rows of sql (first column the entry id) to each entry's list key. */
static int attach_rows(db *d, const char *sql, int64_t case_id, json_t *by_id, const char *key,
                       json_t *(*row)(db_stmt *s))
{
    db_stmt *s = db_prepare(d, sql);
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_id);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        rc = DB_OK;
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)db_col_int(s, 0));
        json_t *entry = json_object_get(by_id, id);
        if (entry) json_array_append_new(json_object_get(entry, key), row(s));
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}

static json_t *party_row(db_stmt *s)
{
    const char *kind = db_col_text(s, 2);
    json_t *p = json_pack("{s:o, s:s, s:o}", "role", text_or_empty(db_col_text(s, 1)), "kind",
                          kind && !strcmp(kind, "organisasjon") ? "Organisasjon" : "Person",
                          "name", text_or_empty(db_col_text(s, 3)));
    if (!db_col_is_null(s, 4)) json_object_set_new(p, "org_number", json_string(db_col_text(s, 4)));
    return p;
}

static json_t *document_row(db_stmt *s)
{
    return json_pack("{s:I, s:o, s:o, s:I, s:o, s:o, s:o, s:o}", "doc_no",
                     (json_int_t)db_col_int(s, 1), "role", text_or_empty(db_col_text(s, 2)),
                     "title", text_or_empty(db_col_text(s, 3)), "object_id",
                     (json_int_t)db_col_int(s, 4), "file_name", text_or_empty(db_col_text(s, 5)),
                     "format", text_or_empty(db_col_text(s, 6)), "size", size_text(db_col_int(s, 7)),
                     "sha256", text_or_empty(db_col_text(s, 8)));
}

static int read_case_row(db *d, int64_t case_id, json_t **out, char number[48])
{
    db_stmt *s = db_prepare(d, "SELECT case_year, case_seq, title, status, admin_unit, "
                               "caseworker, case_date FROM archive_case_file WHERE id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        snprintf(number, 48, "%lld/%lld", (long long)db_col_int(s, 0),
                 (long long)db_col_int(s, 1));
        *out = json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)case_id,
                         "number", number, "title", text_or_empty(db_col_text(s, 2)), "status",
                         text_or_empty(db_col_text(s, 3)), "unit",
                         text_or_empty(db_col_text(s, 4)), "caseworker",
                         text_or_empty(db_col_text(s, 5)), "case_date",
                         date_nb(db_col_text(s, 6)));
    }
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc == DB_DONE ? ARCHIVE_ERR_NOT_FOUND : rc < 0 ? rc : DB_ERR;
}

int archive_staff_case_read(db *d, int64_t case_id, json_t **out)
{
    char number[48];
    *out = NULL;
    int rc = read_case_row(d, case_id, out, number);
    if (rc) return rc;
    db_stmt *s = db_prepare(d, "SELECT id, entry_no, entry_type, status, registry_date, "
                               "document_date, title, public_title, access_code, legal_basis, "
                               "screened_fields, screening_years, screening_ends, confidential "
                               "FROM archive_entry WHERE case_file_id = $1 ORDER BY entry_no");
    json_t *entries = json_array(), *by_id = json_object();
    rc = s ? db_bind_int(s, 1, case_id) : DB_ERR;
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        rc = DB_OK;
        json_t *e = entry_row(s, number);
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)db_col_int(s, 0));
        json_object_set(by_id, id, e);
        json_array_append_new(entries, e);
    }
    if (s) db_reset(s);
    rc = rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
    if (rc == DB_OK)
        rc = attach_rows(d,
                         "SELECT p.entry_id, p.role, p.kind, p.name, p.org_number FROM "
                         "archive_party p JOIN archive_entry e ON e.id = p.entry_id WHERE "
                         "e.case_file_id = $1 ORDER BY p.id",
                         case_id, by_id, "parties", party_row);
    if (rc == DB_OK)
        rc = attach_rows(d,
                         "SELECT x.entry_id, x.doc_no, x.role, x.title, o.id, o.file_name, "
                         "o.format, o.size, o.sha256 FROM archive_document x JOIN "
                         "archive_document_object o ON o.document_id = x.id JOIN archive_entry "
                         "e ON e.id = x.entry_id WHERE e.case_file_id = $1 ORDER BY x.entry_id, "
                         "x.doc_no, o.version",
                         case_id, by_id, "documents", document_row);
    json_decref(by_id);
    if (rc != DB_OK) {
        json_decref(entries);
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e) {
        json_object_set_new(e, "has_parties", json_boolean(json_array_size(json_object_get(e, "parties"))));
        json_object_set_new(e, "has_documents", json_boolean(json_array_size(json_object_get(e, "documents"))));
    }
    json_object_set_new(*out, "entries", entries);
    json_object_set_new(*out, "entry_count", json_integer((json_int_t)json_array_size(entries)));
    return DB_OK;
}

int archive_staff_entry_case(db *d, int64_t entry_id, int64_t *case_id)
{
    db_stmt *s = db_prepare(d, "SELECT case_file_id FROM archive_entry WHERE id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, entry_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *case_id = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc == DB_DONE ? ARCHIVE_ERR_NOT_FOUND : rc < 0 ? rc : DB_ERR;
}
