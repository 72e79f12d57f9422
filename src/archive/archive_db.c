/* Case files and registry entries: numbering, rows and rules. Everything runs in the caller's
 * transaction. */
#include "archive/archive.h"
#include "archive/archive_internal.h"
#include "archive/archive_store.h"

#include "core/clock.h"
#include "core/workdays.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The next number of kind in year: an upsert that takes the counter row's lock until the
 * caller's transaction ends, so concurrent writers queue and a rollback returns the number. */
static int next_number(db *d, const char *kind, int year, int64_t *out)
{
    db_stmt *s = db_prepare(d, "INSERT INTO archive_counter (kind, year, last_value) "
                               "VALUES ($1, $2, 1) ON CONFLICT (kind, year) DO UPDATE SET "
                               "last_value = archive_counter.last_value + 1 RETURNING last_value");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, kind);
    if (rc == DB_OK) rc = db_bind_int(s, 2, year);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *out = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

static void today_oslo(civil_date *d, char buf[11])
{
    *d = civil_date_oslo(clock_now());
    civil_date_format(*d, buf);
}

int archive_case_file_open(db *d, const archive_case_file_new *in, archive_case_file *out,
                           char *err, size_t errlen)
{
    if (!archive_text_ok(in->title, ARCHIVE_MAX_TITLE))
        return archive_invalid(err, errlen, "Saken må ha en tittel på høyst 1000 tegn.");
    if (!archive_text_ok(in->admin_unit, ARCHIVE_MAX_NAME) ||
        !archive_text_ok(in->caseworker, ARCHIVE_MAX_NAME) ||
        !archive_text_ok(in->created_by, ARCHIVE_MAX_NAME))
        return archive_invalid(err, errlen, "Saken må ha ansvarlig enhet og saksbehandler.");
    if (!archive_words_ok(in->screened_words))
        return archive_invalid(err, errlen, "Ordene som skal skjermes i tittelen er ugyldige.");
    civil_date today;
    char date[11];
    today_oslo(&today, date);
    memset(out, 0, sizeof *out);
    out->year = today.year;
    int rc = next_number(d, "saksmappe", today.year, &out->seq);
    if (rc) return rc;
    archive_uuid_v4(out->system_id);
    char *public_title = archive_screen_text(in->title, in->screened_words);
    db_stmt *s = db_prepare(
        d, "INSERT INTO archive_case_file (series_id, system_id, case_year, case_seq, title, "
           "public_title, status, admin_unit, caseworker, case_date, created_at, created_by) "
           "VALUES (1, $1, $2, $3, $4, $5, 'Under behandling', $6, $7, $8, $9, $10) RETURNING id");
    rc = s ? DB_OK : DB_ERR;
    if (rc == DB_OK) rc = db_bind_text(s, 1, out->system_id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, out->year);
    if (rc == DB_OK) rc = db_bind_int(s, 3, out->seq);
    if (rc == DB_OK) rc = db_bind_text(s, 4, in->title);
    if (rc == DB_OK) rc = db_bind_text(s, 5, public_title);
    if (rc == DB_OK) rc = db_bind_text(s, 6, in->admin_unit);
    if (rc == DB_OK) rc = db_bind_text(s, 7, in->caseworker);
    if (rc == DB_OK) rc = db_bind_text(s, 8, date);
    if (rc == DB_OK) rc = db_bind_int(s, 9, clock_now());
    if (rc == DB_OK) rc = db_bind_text(s, 10, in->created_by);
    if (rc == DB_OK) rc = db_step(s);
    free(public_title);
    if (rc == DB_ROW) out->id = db_col_int(s, 0);
    db_reset(s);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    snprintf(out->number, sizeof out->number, "%d/%lld", out->year, (long long)out->seq);
    return DB_OK;
}

/* Reads a case file's systemID and the present value of column (a fixed column name, never
 * input) before a change is logged. FOR UPDATE keeps two changes from logging the same old value
 * (PostgreSQL; SQLite's write lock does the same). */
static int case_file_field_for_change(db *d, int64_t case_file_id, const char *column,
                                      char system_id[37], char *old, size_t oldlen)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT system_id, %s FROM archive_case_file WHERE id = $1%s", column,
             db_engine_of(d) == DB_POSTGRES ? " FOR UPDATE" : "");
    db_stmt *s = db_prepare(d, sql);
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_file_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        snprintf(system_id, 37, "%s", db_col_text(s, 0));
        snprintf(old, oldlen, "%s", db_col_text(s, 1));
    }
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc == DB_DONE ? ARCHIVE_ERR_NOT_FOUND : rc;
}

int archive_case_file_set_status(db *d, int64_t case_file_id, const char *status,
                                 const char *changed_by)
{
    static const char *const allowed[] = {"Under behandling", "Avsluttet", "Utgår",
                                          "Avsluttet av saksbehandler", NULL};
    int known = 0;
    for (size_t i = 0; allowed[i]; i++)
        known |= status && !strcmp(status, allowed[i]);
    if (!known || !archive_text_ok(changed_by, ARCHIVE_MAX_NAME)) return ARCHIVE_ERR_INVALID;
    char system_id[37], old[64];
    int rc = case_file_field_for_change(d, case_file_id, "status", system_id, old, sizeof old);
    if (rc != DB_OK) return rc;
    if (!strcmp(old, status)) return DB_OK;
    int closing = !strcmp(status, "Avsluttet");
    rc = db_run(d,
                "UPDATE archive_case_file SET status = $1, "
                "closed_at = CASE WHEN $2 = 1 THEN CAST($3 AS BIGINT) ELSE NULL END, "
                "closed_by = CASE WHEN $2 = 1 THEN CAST($4 AS TEXT) ELSE NULL END WHERE id = $5",
                "tiiti", status, (int64_t)closing, clock_now(), changed_by, case_file_id);
    if (rc != DB_OK) return rc;
    return archive_change_log(d, system_id, "saksstatus", changed_by, old, status);
}

int archive_case_file_set_caseworker(db *d, int64_t case_file_id, const char *caseworker,
                                     const char *changed_by)
{
    if (!archive_text_ok(caseworker, ARCHIVE_MAX_NAME) ||
        !archive_text_ok(changed_by, ARCHIVE_MAX_NAME))
        return ARCHIVE_ERR_INVALID;
    char system_id[37], old[ARCHIVE_MAX_NAME + 1];
    int rc = case_file_field_for_change(d, case_file_id, "caseworker", system_id, old, sizeof old);
    if (rc != DB_OK) return rc;
    if (!strcmp(old, caseworker)) return DB_OK;
    rc = db_run(d, "UPDATE archive_case_file SET caseworker = $1 WHERE id = $2", "ti", caseworker,
                case_file_id);
    if (rc != DB_OK) return rc;
    return archive_change_log(d, system_id, "saksansvarlig", changed_by, old, caseworker);
}

static const char *party_role_name(archive_party_role r)
{
    switch (r) {
    case ARCHIVE_PARTY_SENDER:
        return "Avsender";
    case ARCHIVE_PARTY_RECIPIENT:
        return "Mottaker";
    case ARCHIVE_PARTY_COPY:
        return "Kopimottaker";
    }
    return NULL;
}

static int entry_validate(const archive_entry_new *in, char *err, size_t errlen)
{
    if (in->type != ARCHIVE_ENTRY_INCOMING && in->type != ARCHIVE_ENTRY_OUTGOING &&
        in->type != ARCHIVE_ENTRY_INTERNAL && in->type != ARCHIVE_ENTRY_NOTE)
        return archive_invalid(err, errlen, "Ukjent journalposttype.");
    if (!archive_text_ok(in->title, ARCHIVE_MAX_TITLE))
        return archive_invalid(err, errlen, "Journalposten må ha en tittel på høyst 1000 tegn.");
    if (!archive_text_ok(in->created_by, ARCHIVE_MAX_NAME))
        return archive_invalid(err, errlen, "Det mangler hvem som registrerer journalposten.");
    civil_date dd;
    if (in->document_date && civil_date_parse(in->document_date, &dd) != 0)
        return archive_invalid(err, errlen, "Dokumentdatoen må skrives ÅÅÅÅ-MM-DD.");
    if (in->party_count > ARCHIVE_MAX_PARTIES || (in->party_count && !in->parties))
        return archive_invalid(err, errlen, "For mange korrespondanseparter.");
    for (size_t i = 0; i < in->party_count; i++) {
        const archive_party_new *p = &in->parties[i];
        if (!party_role_name(p->role) ||
            (p->kind != ARCHIVE_PARTY_PERSON && p->kind != ARCHIVE_PARTY_ORGANISATION))
            return archive_invalid(err, errlen, "Ukjent rolle for en korrespondansepart.");
        if (!archive_text_ok(p->name, ARCHIVE_MAX_NAME))
            return archive_invalid(err, errlen, "Hver korrespondansepart må ha et navn.");
        if (p->org_number &&
            (strlen(p->org_number) != 9 || strspn(p->org_number, "0123456789") != 9))
            return archive_invalid(err, errlen, "Organisasjonsnummeret må ha ni sifre.");
    }
    if (in->document_count > ARCHIVE_MAX_DOCUMENTS || (in->document_count && !in->documents))
        return archive_invalid(err, errlen, "For mange dokumenter i én journalpost.");
    for (size_t i = 0; i < in->document_count; i++) {
        const archive_document_new *doc = &in->documents[i];
        if (!archive_text_ok(doc->title, ARCHIVE_MAX_TITLE))
            return archive_invalid(err, errlen, "Hvert dokument må ha en tittel.");
        if (!archive_text_ok(doc->mime_type, 200) ||
            (doc->file_name && !archive_text_ok(doc->file_name, 255)))
            return archive_invalid(err, errlen,
                                   "Dokumentet mangler filtype eller har et ugyldig filnavn.");
        if (!doc->path && !doc->bytes && doc->size)
            return archive_invalid(err, errlen, "Dokumentet mangler innhold.");
    }
    return in->screening ? archive_screening_validate(in->screening, err, errlen) : 0;
}

/* Locks the case file's row and gives the next journalpostnummer in it. */
static int next_entry_no(db *d, int64_t case_file_id, char case_number[32], int64_t *out)
{
    db_stmt *s = db_prepare(d, "UPDATE archive_case_file SET last_entry_no = last_entry_no + 1 "
                               "WHERE id = $1 RETURNING last_entry_no, case_year, case_seq");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_file_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        *out = db_col_int(s, 0);
        snprintf(case_number, 32, "%lld/%lld", (long long)db_col_int(s, 1),
                 (long long)db_col_int(s, 2));
    }
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc == DB_DONE ? ARCHIVE_ERR_NOT_FOUND : rc;
}

static int insert_entry(db *d, const archive_entry_new *in, archive_entry *out, const char *date)
{
    const archive_screening *sc = in->screening;
    archive_screen_columns cols;
    archive_screening_columns(sc, in->title, date, &cols);
    char type[2] = {(char)in->type, 0};
    db_stmt *s = db_prepare(
        d, "INSERT INTO archive_entry (case_file_id, system_id, entry_year, entry_seq, entry_no, "
           "entry_type, status, registry_date, document_date, title, public_title, created_at, "
           "created_by, access_code, legal_basis, screened_fields, screening_years, "
           "screening_ends) VALUES ($1, $2, $3, $4, $5, $6, 'Journalført', $7, $8, $9, $10, $11, "
           "$12, $13, $14, $15, $16, $17) RETURNING id");
    int rc = s ? DB_OK : DB_ERR;
    if (rc == DB_OK) rc = db_bind_int(s, 1, in->case_file_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, out->system_id);
    if (rc == DB_OK) rc = db_bind_int(s, 3, out->year);
    if (rc == DB_OK) rc = db_bind_int(s, 4, out->seq);
    if (rc == DB_OK) rc = db_bind_int(s, 5, out->number);
    if (rc == DB_OK) rc = db_bind_text(s, 6, type);
    if (rc == DB_OK) rc = db_bind_text(s, 7, date);
    if (rc == DB_OK) rc = db_bind_text(s, 8, in->document_date);
    if (rc == DB_OK) rc = db_bind_text(s, 9, in->title);
    if (rc == DB_OK) rc = db_bind_text(s, 10, cols.public_title);
    if (rc == DB_OK) rc = db_bind_int(s, 11, clock_now());
    if (rc == DB_OK) rc = db_bind_text(s, 12, in->created_by);
    if (rc == DB_OK) rc = archive_screening_bind(s, 13, sc, &cols);
    if (rc == DB_OK) rc = db_step(s);
    free(cols.public_title);
    if (rc == DB_ROW) out->id = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

static int insert_parties(db *d, const archive_entry_new *in, int64_t entry_id)
{
    for (size_t i = 0; i < in->party_count; i++) {
        const archive_party_new *p = &in->parties[i];
        int rc = db_run(d,
                        "INSERT INTO archive_party (entry_id, role, kind, name, org_number) "
                        "VALUES ($1, $2, $3, $4, $5)",
                        "itttt", entry_id, party_role_name(p->role),
                        p->kind == ARCHIVE_PARTY_PERSON ? "person" : "organisasjon", p->name,
                        p->org_number);
        if (rc != DB_OK) return rc;
    }
    return DB_OK;
}

/* The file type written in the extract's format field, from the MIME type. */
static const char *format_of(const char *mime)
{
    static const struct {
        const char *mime, *format;
    } known[] = {
        {"application/pdf", "PDF"},
        {"image/png", "PNG"},
        {"image/jpeg", "JPEG"},
        {"text/plain", "TXT"},
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"},
        {"message/rfc822", "EML"}};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (!strcmp(mime, known[i].mime)) return known[i].format;
    return mime;
}

static int insert_document(db *d, const archive_entry_new *in, int64_t entry_id, size_t i,
                           char *err, size_t errlen)
{
    const archive_document_new *doc = &in->documents[i];
    char sha[65], doc_uuid[37], obj_uuid[37];
    uint64_t size = 0;
    /* The content is on disk (fsynced) or in the transaction before its rows exist. */
    int rc = archive_store_put(d, doc, sha, &size, err, errlen);
    if (rc) return rc;
    archive_uuid_v4(doc_uuid);
    archive_uuid_v4(obj_uuid);
    db_stmt *s = db_prepare(d, "INSERT INTO archive_document (entry_id, system_id, doc_no, role, "
                               "title, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, "
                               "$7) RETURNING id");
    rc = s ? DB_OK : DB_ERR;
    if (rc == DB_OK) rc = db_bind_int(s, 1, entry_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, doc_uuid);
    if (rc == DB_OK) rc = db_bind_int(s, 3, (int64_t)i + 1);
    if (rc == DB_OK) rc = db_bind_text(s, 4, i == 0 ? "Hoveddokument" : "Vedlegg");
    if (rc == DB_OK) rc = db_bind_text(s, 5, doc->title);
    if (rc == DB_OK) rc = db_bind_int(s, 6, clock_now());
    if (rc == DB_OK) rc = db_bind_text(s, 7, in->created_by);
    if (rc == DB_OK) rc = db_step(s);
    int64_t doc_id = rc == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    return db_run(d,
                  "INSERT INTO archive_document_object (document_id, system_id, version, "
                  "variant, format, mime_type, file_name, size, sha256, created_at, created_by) "
                  "VALUES ($1, $2, 1, 'Produksjonsformat', $3, $4, $5, $6, $7, $8, $9)",
                  "ittttitit", doc_id, obj_uuid, format_of(doc->mime_type), doc->mime_type,
                  doc->file_name ? doc->file_name : "dokument", (int64_t)size, sha, clock_now(),
                  in->created_by);
}

int archive_entry_register(db *d, const archive_entry_new *in, archive_entry *out, char *err,
                           size_t errlen)
{
    if (errlen) err[0] = '\0';
    int rc = entry_validate(in, err, errlen);
    if (rc) return rc;
    memset(out, 0, sizeof *out);
    char case_number[32];
    rc = next_entry_no(d, in->case_file_id, case_number, &out->number);
    if (rc == ARCHIVE_ERR_NOT_FOUND) snprintf(err, errlen, "Saken finnes ikke.");
    if (rc) return rc;
    civil_date today;
    char date[11];
    today_oslo(&today, date);
    out->year = today.year;
    rc = next_number(d, "journalpost", today.year, &out->seq);
    if (rc) return rc;
    archive_uuid_v4(out->system_id);
    snprintf(out->registry_id, sizeof out->registry_id, "%s-%lld", case_number,
             (long long)out->number);
    rc = insert_entry(d, in, out, date);
    if (rc == DB_OK) rc = insert_parties(d, in, out->id);
    for (size_t i = 0; rc == DB_OK && i < in->document_count; i++)
        rc = insert_document(d, in, out->id, i, err, errlen);
    if (rc && rc != ARCHIVE_ERR_IO && !*err) snprintf(err, errlen, "%s", db_errmsg(d));
    return rc;
}

int archive_document_open(db *d, int64_t object_id, archive_document_content *out)
{
    memset(out, 0, sizeof *out);
    out->fd = -1;
    db_stmt *s = db_prepare(d, "SELECT sha256, mime_type, file_name FROM archive_document_object "
                               "WHERE id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, object_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc != DB_ROW) {
        db_reset(s);
        return rc == DB_DONE ? ARCHIVE_ERR_NOT_FOUND : rc;
    }
    char sha[65];
    snprintf(sha, sizeof sha, "%s", db_col_text(s, 0));
    char *mime = strdup(db_col_text(s, 1)), *name = strdup(db_col_text(s, 2));
    db_reset(s);
    if (!mime || !name) abort();
    rc = archive_store_read(d, sha, out);
    out->mime_type = mime;
    out->file_name = name;
    if (rc) archive_document_close(out);
    return rc;
}

int archive_change_log(db *d, const char *target, const char *field, const char *by,
                       const char *old_value, const char *new_value)
{
    return db_run(d,
                  "INSERT INTO archive_change (target_system_id, field, changed_at, changed_by, "
                  "old_value, new_value) VALUES ($1, $2, $3, $4, $5, $6)",
                  "ttittt", target, field, clock_now(), by, old_value, new_value) == DB_OK
               ? DB_OK
               : DB_ERR;
}

int archive_case_file_state_get(db *d, int64_t case_file_id, archive_case_file_state *out)
{
    db_stmt *s = db_prepare(d, "SELECT case_year, case_seq, status FROM archive_case_file "
                               "WHERE id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_file_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        snprintf(out->number, sizeof out->number, "%lld/%lld", (long long)db_col_int(s, 0),
                 (long long)db_col_int(s, 1));
        snprintf(out->status, sizeof out->status, "%s", db_col_text(s, 2) ? db_col_text(s, 2) : "");
    }
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc == DB_DONE ? ARCHIVE_ERR_NOT_FOUND : rc;
}

int archive_case_file_documents(db *d, int64_t case_file_id,
                                int (*visit)(const archive_document_row *row, void *ud), void *ud)
{
    db_stmt *s = db_prepare(
        d, "SELECT e.id, e.entry_no, e.entry_type, e.title, e.registry_date, e.confidential, "
           "o.id, o.size, x.title, o.file_name FROM archive_entry e "
           "LEFT JOIN archive_document x ON x.entry_id = e.id "
           "LEFT JOIN archive_document_object o ON o.document_id = x.id "
           "WHERE e.case_file_id = $1 ORDER BY e.entry_no, x.doc_no, o.version");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_file_id);
    int stop = 0;
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        archive_document_row row = {
            .entry_id = db_col_int(s, 0),
            .entry_number = db_col_int(s, 1),
            .entry_type = db_col_text(s, 2),
            .entry_title = db_col_text(s, 3),
            .registry_date = db_col_text(s, 4),
            .confidential = db_col_int(s, 5) != 0,
            .object_id = db_col_is_null(s, 6) ? 0 : db_col_int(s, 6),
            .size = db_col_is_null(s, 7) ? 0 : db_col_int(s, 7),
            .document_title = db_col_text(s, 8),
            .file_name = db_col_text(s, 9),
        };
        stop = visit(&row, ud);
        rc = stop ? DB_DONE : DB_OK;
    }
    db_reset(s);
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ERR;
    return stop;
}

int archive_document_object_entry(db *d, int64_t object_id, int64_t *entry_id)
{
    db_stmt *s = db_prepare(d, "SELECT x.entry_id FROM archive_document_object o "
                               "JOIN archive_document x ON x.id = o.document_id WHERE o.id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, object_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *entry_id = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc == DB_DONE ? ARCHIVE_ERR_NOT_FOUND : rc;
}
