/* The SQL of person_privacy.h. */
#include "auth/person_privacy.h"
#include "auth/person.h"

#include <string.h>

#include "core/date_text.h"

const char *person_pid_masked(arena *a, const char *pid)
{
    if (!pid || strlen(pid) != 11) return "";
    return arena_printf(a, "%.6s *****", pid);
}

static const char *text_or_empty(db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return t ? t : "";
}

int person_privacy_profile(db *d, arena *a, int64_t person_id, json_t *items)
{
    db_stmt *s = db_prepare_bind(d, "SELECT name, email, phone, birth_date, pid_enc, notify_email, created_at "
                                    "FROM person WHERE id = $1",
                                 "i", person_id);
    if (!s) return DB_ERR;
    int rc = db_step(s);
    if (rc == DB_ROW) {
        size_t len = 0;
        const void *sealed = db_col_blob(s, 4, &len);
        const char *pid = sealed ? auth_unseal(a, sealed, len) : NULL;
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "navn", text_or_empty(s, 0),
                                               "epost", text_or_empty(s, 1), "telefon", text_or_empty(s, 2),
                                               "fodselsdato", text_or_empty(s, 3), "fodselsnummer",
                                               person_pid_masked(a, pid), "epostvarsel",
                                               db_col_int(s, 5) ? "ja" : "nei", "forst_sett",
                                               date_text_nb(a, db_col_int(s, 6))));
        rc = DB_DONE;
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

int person_privacy_logins(db *d, arena *a, int64_t person_id, json_t *items)
{
    db_stmt *s = db_prepare_bind(
        d,
        "SELECT 'innlogging', la.created_at, la.client_ip, COALESCE(la.outcome, 'påbegynt') FROM login_attempt la "
        "JOIN person p ON p.pid_hash = la.person_key WHERE p.id = $1 "
        "UNION ALL SELECT 'økt', s.created_at, '', 'åpen' FROM session s WHERE s.person_id = $1 "
        "ORDER BY 2 DESC LIMIT 50",
        "i", person_id);
    if (!s) return DB_ERR;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        const char *outcome = text_or_empty(s, 3);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s}", "hva", text_or_empty(s, 0), "tid",
                                               date_text_nb(a, db_col_int(s, 1)), "adresse", text_or_empty(s, 2),
                                               "utfall", !strcmp(outcome, "ok") ? "vellykket"
                                                         : !strcmp(outcome, "failed") ? "mislyktes"
                                                                                      : outcome));
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}
