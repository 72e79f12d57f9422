/* Confidential (teiepliktig) registry entries (F-MSG-4): a flag a caseworker sets or clears,
 * recorded in the change log, and the guard every outward sending (e-mail, a message to a
 * party) passes first, which records each refused attempt. */
#include "archive/archive.h"
#include "archive/archive_internal.h"

#include "core/clock.h"
#include "core/log.h"

#include <stdio.h>

int archive_entry_set_confidential(db *d, int64_t entry_id, int on, const char *changed_by)
{
    if (!archive_text_ok(changed_by, ARCHIVE_MAX_NAME)) return ARCHIVE_ERR_INVALID;
    /* FOR UPDATE: two changes at once must not both log the same old value (PostgreSQL;
     * SQLite's write lock does the same). */
    const char *sql = db_engine_of(d) == DB_POSTGRES
                          ? "SELECT system_id, confidential FROM archive_entry WHERE id = $1 "
                            "FOR UPDATE"
                          : "SELECT system_id, confidential FROM archive_entry WHERE id = $1";
    db_stmt *s = db_prepare(d, sql);
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, entry_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc != DB_ROW) {
        db_reset(s);
        return rc == DB_DONE ? ARCHIVE_ERR_NOT_FOUND : rc;
    }
    char system_id[37];
    snprintf(system_id, sizeof system_id, "%s", db_col_text(s, 0));
    int was = db_col_int(s, 1) != 0;
    db_reset(s);
    on = on != 0;
    if (was == on) return DB_OK;
    rc = db_run(d, "UPDATE archive_entry SET confidential = $1 WHERE id = $2", "ii", (int64_t)on,
                entry_id);
    if (rc != DB_OK) return rc;
    return archive_change_log(d, system_id, "teiepliktig", changed_by, was ? "ja" : "nei",
                              on ? "ja" : "nei");
}

/* 1 or 0 from a query that yields the flag in its first column, or ARCHIVE_ERR_NOT_FOUND. */
static int flag_of(db *d, const char *sql, int64_t id)
{
    db_stmt *s = db_prepare(d, sql);
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, id);
    if (rc == DB_OK) rc = db_step(s);
    int flag = rc == DB_ROW && db_col_int(s, 0) != 0;
    db_reset(s);
    if (rc == DB_DONE) return ARCHIVE_ERR_NOT_FOUND;
    return rc == DB_ROW ? flag : rc < 0 ? rc : DB_ERR;
}

int archive_entry_is_confidential(db *d, int64_t entry_id)
{
    return flag_of(d, "SELECT confidential FROM archive_entry WHERE id = $1", entry_id);
}

int archive_document_object_is_confidential(db *d, int64_t object_id)
{
    return flag_of(d,
                   "SELECT e.confidential FROM archive_document_object o "
                   "JOIN archive_document x ON x.id = o.document_id "
                   "JOIN archive_entry e ON e.id = x.entry_id WHERE o.id = $1",
                   object_id);
}

int archive_confidential_refuse_outward(db *d, int64_t entry_id, const char *actor,
                                        const char *recipient_desc)
{
    int rc = archive_entry_is_confidential(d, entry_id);
    if (rc <= 0) return rc;
    const char *who = actor && *actor ? actor : "ukjent";
    const char *to = recipient_desc && *recipient_desc ? recipient_desc : "ukjent mottaker";
    log_warn("avviste utsending av teiepliktig journalpost %lld (%s, til %s)",
             (long long)entry_id, who, to);
    rc = db_run(d,
                "INSERT INTO archive_refusal (entry_id, actor, recipient, refused_at) "
                "VALUES ($1, $2, $3, $4)",
                "itti", entry_id, who, to, clock_now());
    /* The refusal stands even if it could not be recorded: the log line above remains. */
    if (rc != DB_OK) log_error("kunne ikke registrere avvist utsending: %s", db_errmsg(d));
    return ARCHIVE_ERR_CONFIDENTIAL;
}
