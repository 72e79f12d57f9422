/* The SQL of inbox_privacy.h. */
#include "inbox/inbox_privacy.h"

#include "core/date_text.h"

int inbox_privacy_items(db *d, arena *a, int64_t person_id, json_t *items)
{
    db_stmt *s = db_prepare_bind(d, "SELECT created_at, sender, subject, body, read_at FROM inbox_message "
                                    "WHERE person_id = $1 ORDER BY created_at DESC, id DESC",
                                 "i", person_id);
    if (!s) return DB_ERR;
    int rc;
    while ((rc = db_step(s)) == DB_ROW)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s}", "tid", date_text_nb(a, db_col_int(s, 0)),
                                               "fra", db_col_text(s, 1), "emne", db_col_text(s, 2), "tekst",
                                               db_col_text(s, 3), "lest", db_col_is_null(s, 4) ? "nei" : "ja"));
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}
