/* What other modules ask of requests for access: a person's own requests, the retention rules'
 * purges and the statistics' count. */
#include "innsyn/innsyn_internal.h"

#include <string.h>

#include "core/date_text.h"

static const char *state_text(const char *state, int complaint)
{
    if (complaint) return "Klage under behandling";
    if (!strcmp(state, "mottatt")) return "Under behandling";
    if (!strcmp(state, "besvart")) return "Besvart";
    if (!strcmp(state, "avslatt_frist")) return "Regnes som avslått (ikke besvart i tide)";
    return "Venter på bekreftelse";
}

int innsyn_person_requests(db *d, arena *a, int64_t person_id,
                           int (*visit)(const innsyn_person_request *req, void *ud), void *ud)
{
    /* One row an entry, newest request first; the entries of a request are gathered here. */
    db_stmt *s = db_prepare(
        d, "SELECT r.id, r.created_at, r.received_at, r.state, r.complaint, i.registry_id "
           "FROM innsyn_request r JOIN innsyn_item i ON i.request_id = r.id "
           "WHERE r.person_id = $1 ORDER BY r.id DESC, i.id");
    if (!s) return DB_ERR;
    innsyn_person_request q = {0};
    int rc = db_bind_int(s, 1, person_id), stop = 0;
    while (!stop && rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        rc = DB_OK;
        if (q.id == db_col_int(s, 0)) {
            q.entries = arena_printf(a, "%s, %s", q.entries, db_col_text(s, 5));
            continue;
        }
        if (q.id) stop = visit(&q, ud);
        int64_t received = db_col_is_null(s, 2) ? db_col_int(s, 1) : db_col_int(s, 2);
        q = (innsyn_person_request){
            .id = db_col_int(s, 0),
            .reference = innsyn_reference(a, db_col_int(s, 0), db_col_int(s, 1)),
            .state = arena_strdup(a, db_col_text(s, 3)),
            .state_text = state_text(db_col_text(s, 3), db_col_int(s, 4) != 0),
            .received = date_text_nb(a, received),
            .entries = arena_strdup(a, db_col_text(s, 5)),
            .complaint = db_col_int(s, 4) != 0,
        };
    }
    db_reset(s);
    if (rc != DB_DONE && !stop) return rc < 0 ? rc : DB_ERR;
    if (q.id && !stop) visit(&q, ud);
    return DB_OK;
}

int64_t innsyn_purge_unconfirmed(db *d, int64_t now)
{
    int64_t before = now - INNSYN_CONFIRM_HOURS * 3600;
    if (db_run(d, "DELETE FROM innsyn_log WHERE request_id IN (SELECT id FROM innsyn_request "
                  "WHERE state = 'ubekreftet' AND created_at < $1)", "i", before) < 0)
        return DB_ERR;
    if (db_run(d, "DELETE FROM innsyn_item WHERE request_id IN (SELECT id FROM innsyn_request "
                  "WHERE state = 'ubekreftet' AND created_at < $1)", "i", before) < 0)
        return DB_ERR;
    return db_run_changes(d, "DELETE FROM innsyn_request WHERE state = 'ubekreftet' "
                             "AND created_at < $1", "i", before);
}

int64_t innsyn_purge_requester_addresses(db *d, int64_t now)
{
    char today[11];
    civil_date_format(civil_date_oslo(now), today);
    return db_run_changes(d, "UPDATE innsyn_request SET email = NULL, requester_name = NULL "
                             "WHERE person_id IS NULL AND email IS NOT NULL AND complaint = 0 "
                             "AND complaint_until IS NOT NULL AND complaint_until < $1",
                          "t", today);
}

int64_t innsyn_purge_released_copies(db *d, int64_t now)
{
    return db_run_changes(d, "UPDATE innsyn_decision SET copy_content = NULL WHERE "
                             "copy_content IS NOT NULL AND request_id IN (SELECT id FROM "
                             "innsyn_request WHERE release_until IS NOT NULL AND release_until < $1)",
                          "i", now);
}

int innsyn_count_decided_in_time(db *d, const char *from, const char *to, int64_t *within,
                                 int64_t *total)
{
    civil_date f, t;
    if (civil_date_parse(from, &f) || civil_date_parse(to, &t)) return INNSYN_ERR_INVALID;
    /* The first answer is the log's first 'avgjort' or 'avslatt_frist' line of each request. */
    db_stmt *s = db_prepare(
        d, "SELECT r.received_at, MIN(l.at), MIN(CASE WHEN l.event = 'avgjort' THEN l.at END) "
           "FROM innsyn_request r JOIN innsyn_log l ON l.request_id = r.id "
           "WHERE l.event IN ('avgjort', 'avslatt_frist') AND r.received_at IS NOT NULL "
           "GROUP BY r.id, r.received_at HAVING MIN(l.at) >= $1 AND MIN(l.at) < $2");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, civil_date_start_oslo(f));
    if (rc == DB_OK) rc = db_bind_int(s, 2, civil_date_start_oslo(civil_date_add_days(t, 1)));
    *within = *total = 0;
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        (*total)++;
        if (!db_col_is_null(s, 2) && db_col_int(s, 2) == db_col_int(s, 1)) {
            innsyn_dates dates = innsyn_dates_from(db_col_int(s, 0));
            if (civil_date_compare(civil_date_oslo(db_col_int(s, 2)), dates.target) <= 0)
                (*within)++;
        }
        rc = DB_OK;
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}
