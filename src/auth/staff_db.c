#include "auth/staff.h"

#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/strbuf.h"

const char *staff_roles_from_claims(arena *a, json_t *claims)
{
    static const char *const known[] = {AUTH_ROLE_CASEWORKER, AUTH_ROLE_ARCHIVIST,
                                        AUTH_ROLE_MANAGER};
    json_t *roles = json_object_get(claims, "roles");
    strbuf b = STRBUF_INIT;
    for (size_t k = 0; k < sizeof known / sizeof *known; k++) {
        size_t i;
        json_t *v;
        int has = 0;
        json_array_foreach(roles, i, v) has |=
            json_is_string(v) && !strcmp(json_string_value(v), known[k]);
        if (has) strbuf_printf(&b, "%s%s", b.len ? " " : "", known[k]);
    }
    const char *out = arena_strdup(a, b.data ? b.data : "");
    strbuf_free(&b);
    return out;
}

int staff_upsert(db *d, const char *subject, const char *name, const char *email, const char *roles,
                 int64_t now, int64_t *id)
{
    db_stmt *st = db_prepare(d, "UPDATE staff SET name = $1, email = $2, roles = $3, "
                                "last_login_at = $4 WHERE subject = $5 RETURNING id");
    if (!st || db_bind_text(st, 1, name) || db_bind_text(st, 2, email) ||
        db_bind_text(st, 3, roles) || db_bind_int(st, 4, now) || db_bind_text(st, 5, subject))
        return DB_ERR;
    int rc = db_step(st);
    if (rc == DB_DONE) {
        st = db_prepare(d, "INSERT INTO staff (subject, name, email, roles, last_login_at) "
                           "VALUES ($1, $2, $3, $4, $5) RETURNING id");
        if (!st || db_bind_text(st, 1, subject) || db_bind_text(st, 2, name) ||
            db_bind_text(st, 3, email) || db_bind_text(st, 4, roles) || db_bind_int(st, 5, now))
            return DB_ERR;
        rc = db_step(st);
    }
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    *id = db_col_int(st, 0);
    db_reset(st);
    return DB_OK;
}

int staff_email_copy(db *d, int64_t staff_id, char *out, size_t outlen)
{
    db_stmt *s = db_prepare(d, "SELECT email FROM staff WHERE id = $1 AND email IS NOT NULL "
                               "AND email <> ''");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, staff_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) snprintf(out, outlen, "%s", db_col_text(s, 0));
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}
