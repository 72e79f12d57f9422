/* The SQL of org_privacy.h. */
#include "org/org_privacy.h"

#include "core/date_text.h"

static const char *text_or_empty(db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return t ? t : "";
}

int org_privacy_items(db *d, arena *a, int64_t person_id, json_t *items)
{
    db_stmt *s = db_prepare_bind(d, "SELECT m.orgnr, COALESCE(o.name, ''), m.role, m.status, m.given_name, "
                                    "m.applied_at, m.decided_at, m.reject_reason FROM org_member m "
                                    "LEFT JOIN organisation o ON o.orgnr = m.orgnr WHERE m.person_id = $1 "
                                    "ORDER BY m.applied_at DESC",
                                 "i", person_id);
    if (!s) return DB_ERR;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "organisasjonsnummer", text_or_empty(s, 0),
                                 "organisasjon", text_or_empty(s, 1), "rolle", text_or_empty(s, 2), "status",
                                 text_or_empty(s, 3), "oppgitt_navn", text_or_empty(s, 4), "soknad",
                                 date_text_nb(a, db_col_int(s, 5)));
        if (!db_col_is_null(s, 6)) json_object_set_new(item, "avgjort", json_string(date_text_nb(a, db_col_int(s, 6))));
        if (!db_col_is_null(s, 7)) json_object_set_new(item, "begrunnelse", json_string(text_or_empty(s, 7)));
        json_array_append_new(items, item);
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}
