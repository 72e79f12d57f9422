/* Storing an entry's screening, and changing it afterwards, which is recorded in the change
 * log. */
#include "archive/archive_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int archive_screening_bind(db_stmt *s, int first, const archive_screening *sc,
                           const archive_screen_columns *cols)
{
    int rc = db_bind_text(s, first, sc ? sc->access_code : NULL);
    if (rc == DB_OK) rc = db_bind_text(s, first + 1, sc ? sc->legal_basis : NULL);
    if (rc == DB_OK) rc = db_bind_text(s, first + 2, sc ? cols->codes : NULL);
    if (rc == DB_OK)
        rc = sc && sc->years ? db_bind_int(s, first + 3, sc->years) : db_bind_null(s, first + 3);
    if (rc == DB_OK) rc = db_bind_text(s, first + 4, cols->ends[0] ? cols->ends : NULL);
    return rc;
}

/* The entry's current values of the fields a screening change touches. */
typedef struct {
    char system_id[37], registry_date[11];
    char *title, *public_title, *access_code, *legal_basis;
} entry_screening;

static char *dup_or_null(const char *s)
{
    if (!s) return NULL;
    char *p = strdup(s);
    if (!p) abort();
    return p;
}

static int read_entry(db *d, int64_t entry_id, entry_screening *e)
{
    /* FOR UPDATE keeps two changes from logging the same old value (PostgreSQL; on SQLite the
     * caller's write lock does the same). */
    const char *sql = db_engine_of(d) == DB_POSTGRES
                          ? "SELECT system_id, registry_date, title, public_title, access_code, "
                            "legal_basis FROM archive_entry WHERE id = $1 FOR UPDATE"
                          : "SELECT system_id, registry_date, title, public_title, access_code, "
                            "legal_basis FROM archive_entry WHERE id = $1";
    db_stmt *s = db_prepare(d, sql);
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, entry_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        snprintf(e->system_id, sizeof e->system_id, "%s", db_col_text(s, 0));
        snprintf(e->registry_date, sizeof e->registry_date, "%s", db_col_text(s, 1));
        e->title = dup_or_null(db_col_text(s, 2));
        e->public_title = dup_or_null(db_col_text(s, 3));
        e->access_code = dup_or_null(db_col_text(s, 4));
        e->legal_basis = dup_or_null(db_col_text(s, 5));
    }
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc == DB_DONE ? ARCHIVE_ERR_NOT_FOUND : rc;
}

/* Logs field when it changed. */
static int log_if_changed(db *d, const entry_screening *e, const char *field, const char *by,
                          const char *old_value, const char *new_value)
{
    if ((!old_value && !new_value) || (old_value && new_value && !strcmp(old_value, new_value)))
        return DB_OK;
    return archive_change_log(d, e->system_id, field, by, old_value, new_value);
}

int archive_entry_set_screening(db *d, int64_t entry_id, const archive_screening *sc,
                                const char *changed_by, char *err, size_t errlen)
{
    if (errlen) err[0] = '\0';
    if (!archive_text_ok(changed_by, ARCHIVE_MAX_NAME))
        return archive_invalid(err, errlen, "Det mangler hvem som endrer skjermingen.");
    int rc = sc ? archive_screening_validate(sc, err, errlen) : 0;
    if (rc) return rc;
    entry_screening e = {0};
    rc = read_entry(d, entry_id, &e);
    if (rc == ARCHIVE_ERR_NOT_FOUND) snprintf(err, errlen, "Journalposten finnes ikke.");
    archive_screen_columns cols = {0};
    if (rc == DB_OK) {
        archive_screening_columns(sc, e.title, e.registry_date, &cols);
        db_stmt *s = db_prepare(d, "UPDATE archive_entry SET public_title = $1, access_code = $2, "
                                   "legal_basis = $3, screened_fields = $4, screening_years = $5, "
                                   "screening_ends = $6 WHERE id = $7");
        rc = s ? db_bind_text(s, 1, cols.public_title) : DB_ERR;
        if (rc == DB_OK) rc = archive_screening_bind(s, 2, sc, &cols);
        if (rc == DB_OK) rc = db_bind_int(s, 7, entry_id);
        if (rc == DB_OK) rc = db_step(s) == DB_DONE ? DB_OK : DB_ERR;
    }
    if (rc == DB_OK)
        rc =
            log_if_changed(d, &e, "offentligTittel", changed_by, e.public_title, cols.public_title);
    if (rc == DB_OK)
        rc = log_if_changed(d, &e, "tilgangsrestriksjon", changed_by, e.access_code,
                            sc ? sc->access_code : NULL);
    if (rc == DB_OK)
        rc = log_if_changed(d, &e, "skjermingshjemmel", changed_by, e.legal_basis,
                            sc ? sc->legal_basis : NULL);
    if (rc == DB_OK) rc = archive_entry_changed(d, entry_id);
    free(cols.public_title);
    free(e.title);
    free(e.public_title);
    free(e.access_code);
    free(e.legal_basis);
    return rc;
}
