/* The person table: finding a person by pid, the profile, and the choice of e-mail notices. */
#include "auth/person.h"

#include <stdio.h>
#include <string.h>

#include "auth/fnr.h"
#include "core/utf8.h"

int person_find_or_create(db *d, const char *pid, int64_t now, int64_t *id)
{
    char key[PERSON_KEY_HEX], birth[11];
    if (fnr_birth_date(pid, birth) != 0) return DB_ERR;
    person_pid_key(pid, key);
    db_stmt *st = db_prepare(d, "SELECT id FROM person WHERE pid_hash = $1");
    if (!st || db_bind_text(st, 1, key)) return DB_ERR;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
        db_reset(st);
        return DB_OK;
    }
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ERR;
    size_t sealed_len = auth_sealed_len(pid);
    unsigned char sealed[64];
    if (sealed_len > sizeof sealed) return DB_ERR;
    auth_seal(pid, sealed);
    st = db_prepare(d, "INSERT INTO person (pid_hash, pid_enc, birth_date, created_at, "
                       "updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id");
    if (!st || db_bind_text(st, 1, key) || db_bind_blob(st, 2, sealed, sealed_len) ||
        db_bind_text(st, 3, birth) || db_bind_int(st, 4, now))
        return DB_ERR;
    rc = db_step(st);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    *id = db_col_int(st, 0);
    db_reset(st);
    return DB_OK;
}

int person_profile_get(db *d, arena *a, int64_t id, person_profile *out)
{
    db_stmt *st = db_prepare(d, "SELECT name, email, phone, birth_date FROM person WHERE id = $1");
    if (!st || db_bind_int(st, 1, id)) return DB_ERR;
    int rc = db_step(st);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    const char *v;
    out->name = (v = db_col_text(st, 0)) ? arena_strdup(a, v) : NULL;
    out->email = (v = db_col_text(st, 1)) ? arena_strdup(a, v) : NULL;
    out->phone = (v = db_col_text(st, 2)) ? arena_strdup(a, v) : NULL;
    out->birth_date = arena_strdup(a, db_col_text(st, 3));
    db_reset(st);
    return DB_OK;
}

int person_profile_set(db *d, int64_t id, const char *name, const char *email, const char *phone,
                       int64_t now)
{
    return db_run(d,
                  "UPDATE person SET name = $1, email = $2, phone = $3, updated_at = $4 "
                  "WHERE id = $5",
                  "tttii", name, email, phone, now, id) == DB_OK
               ? DB_OK
               : DB_ERR;
}

int person_notify_get(db *d, int64_t person_id)
{
    db_stmt *s = db_prepare(d, "SELECT notify_email FROM person WHERE id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, person_id);
    if (rc == DB_OK) rc = db_step(s);
    int on = rc == DB_ROW && db_col_int(s, 0) != 0;
    db_reset(s);
    return rc == DB_ROW ? on : rc < 0 ? rc : DB_ERR;
}

int person_notify_set(db *d, int64_t person_id, int on)
{
    int rc = db_run(d, "UPDATE person SET notify_email = $1 WHERE id = $2", "ii",
                    (int64_t)(on != 0), person_id);
    return rc < 0 ? rc : DB_OK;
}

/* One name by id, by the given SQL. */
static int name_copy(db *d, const char *sql, int64_t id, char *name, size_t len)
{
    db_stmt *s = db_prepare(d, sql);
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, id);
    if (rc == DB_OK) rc = db_step(s);
    int found = rc == DB_ROW && db_col_text(s, 0) && *db_col_text(s, 0);
    if (found) utf8_copy(name, len, db_col_text(s, 0));
    db_reset(s);
    return rc < 0 ? rc : found;
}

int person_name_copy(db *d, int64_t id, char *name, size_t len)
{
    return name_copy(d, "SELECT name FROM person WHERE id = $1", id, name, len);
}

int staff_name_copy(db *d, int64_t id, char *name, size_t len)
{
    return name_copy(d, "SELECT name FROM staff WHERE id = $1", id, name, len);
}

int person_notice_address(db *d, int64_t id, char *address, size_t len)
{
    db_stmt *s = db_prepare(d, "SELECT email, notify_email FROM person WHERE id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, id);
    if (rc == DB_OK) rc = db_step(s);
    int found = rc == DB_ROW && db_col_int(s, 1) != 0 && db_col_text(s, 0) && *db_col_text(s, 0);
    if (found) utf8_copy(address, len, db_col_text(s, 0));
    db_reset(s);
    return rc < 0 ? rc : found;
}
