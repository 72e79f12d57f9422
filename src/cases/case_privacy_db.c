/* The SQL of case_privacy.h. */
#include "cases/case_privacy.h"

#include "cases/case_access.h"
#include "cases/case_public_view.h"
#include "cases/case_rules.h"
#include "core/date_text.h"
#include "core/utf8.h"

int case_ids_of_person(db *d, int64_t person_id, int64_t *ids, int max)
{
    db_stmt *s = db_prepare_bind(d, "SELECT c.id FROM case_record c WHERE " CASE_VISIBLE_SQL("$1")
                                    " ORDER BY c.id DESC LIMIT $2",
                                 "ii", person_id, (int64_t)max);
    if (!s) return DB_ERR;
    int n = 0, rc;
    while (n < max && (rc = db_step(s)) == DB_ROW) ids[n++] = db_col_int(s, 0);
    db_reset(s);
    return n < max && rc != DB_DONE ? rc : n;
}

int case_privacy_items(db *d, arena *a, int64_t person_id, json_t *list)
{
    db_stmt *s = db_prepare_bind(
        d,
        "SELECT c.reference, c.case_type, c.status, c.title, "
        "CASE WHEN c.submitter_person_id = $1 THEN 'innsender' ELSE COALESCE((SELECT co.party_role FROM case_org co "
        "JOIN org_member m ON m.orgnr = co.orgnr WHERE co.case_id = c.id AND m.person_id = $1 "
        "AND m.status = 'bekreftet' ORDER BY co.party_role LIMIT 1), 'innsender') END, "
        "COALESCE(c.submitter_orgnr, ''), c.created_at, c.closed_at FROM case_record c WHERE " CASE_VISIBLE_SQL("$1")
        " ORDER BY c.id DESC",
        "i", person_id);
    if (!s) return DB_ERR;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        const char *type = db_col_text(s, 1), *status = db_col_text(s, 2);
        json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "saksnummer", db_col_text(s, 0), "sakstype",
                                 case_type_label(type), "status", case_status_label(type, status), "tittel",
                                 db_col_text(s, 3), "rolle", case_party_role_label(db_col_text(s, 4)),
                                 "for_virksomhet", db_col_text(s, 5), "mottatt", date_text_nb(a, db_col_int(s, 6)));
        if (!db_col_is_null(s, 7)) json_object_set_new(item, "avsluttet", json_string(date_text_nb(a, db_col_int(s, 7))));
        json_array_append_new(list, item);
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

int case_reference_copy(db *d, int64_t case_id, char *out, size_t len)
{
    db_stmt *s = db_prepare_bind(d, "SELECT reference FROM case_record WHERE id = $1", "i", case_id);
    if (!s) return DB_ERR;
    int rc = db_step(s);
    if (rc == DB_ROW) utf8_copy(out, len, db_col_text(s, 0));
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}
