#include "seed.h"

#include <stdio.h>
#include <string.h>

#include "auth/session.h"
#include "fixture.h"

static int64_t returned_id(db *d, db_stmt *s, const char *what)
{
    int64_t id = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    if (id < 0) printf("# %s: %s\n", what, db_errmsg(d));
    if (s) db_reset(s);
    return id;
}

int64_t seed_person_with(db *d, const char *key, const char *name, const char *birth_date,
                         const char *email)
{
    db_stmt *s = db_prepare(d, "INSERT INTO person (pid_hash, pid_enc, birth_date, name, email, "
                               "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 0, 0) "
                               "RETURNING id");
    if (s && (db_bind_text(s, 1, key) != DB_OK || db_bind_blob(s, 2, key, strlen(key)) != DB_OK ||
              db_bind_text(s, 3, birth_date) != DB_OK || db_bind_text(s, 4, name) != DB_OK ||
              db_bind_text(s, 5, email) != DB_OK))
        s = (db_reset(s), NULL);
    return returned_id(d, s, "person");
}

int64_t seed_person(db *d, const char *key, const char *name)
{
    return seed_person_with(d, key, name, "1980-01-01", "person@example.no");
}

int64_t seed_staff(db *d, const char *subject, const char *name, const char *roles)
{
    db_stmt *s = db_prepare(d, "INSERT INTO staff (subject, name, roles, last_login_at) VALUES "
                               "($1, $2, $3, 0) RETURNING id");
    if (s && (db_bind_text(s, 1, subject) != DB_OK || db_bind_text(s, 2, name) != DB_OK ||
              db_bind_text(s, 3, roles) != DB_OK))
        s = (db_reset(s), NULL);
    return returned_id(d, s, "staff");
}

int seed_organisation(db *d, const char *orgnr, const char *name)
{
    char norm[256];
    size_t i = 0;
    for (; name[i] && i + 1 < sizeof norm; i++)
        norm[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] - 'A' + 'a') : name[i];
    norm[i] = '\0';
    if (db_run(d, "INSERT INTO organisation (orgnr, name, name_norm, updated_at) VALUES ($1, $2, "
                  "$3, 0)",
               "ttt", orgnr, name, norm) < 0) {
        printf("# organisation: %s\n", db_errmsg(d));
        return -1;
    }
    return 0;
}

int64_t seed_member(db *d, const char *orgnr, int64_t person_id, const char *role,
                    const char *status)
{
    db_stmt *s = db_prepare(d, "INSERT INTO org_member (orgnr, person_id, role, status, "
                               "given_name, applied_at, due_at) VALUES ($1, $2, $3, $4, 'Navn', "
                               "0, 0) RETURNING id");
    if (s && (db_bind_text(s, 1, orgnr) != DB_OK || db_bind_int(s, 2, person_id) != DB_OK ||
              db_bind_text(s, 3, role) != DB_OK || db_bind_text(s, 4, status) != DB_OK))
        s = (db_reset(s), NULL);
    return returned_id(d, s, "org_member");
}

int seed_session(db *d, int64_t person_id, int64_t staff_id, seed_login *out)
{
    char token[65];
    out->session_id = fixture_session(d, person_id, staff_id, token, out->csrf);
    snprintf(out->cookie, sizeof out->cookie, "Cookie: %s=%s", session_cookie_name(), token);
    return out->session_id < 0 ? -1 : 0;
}
