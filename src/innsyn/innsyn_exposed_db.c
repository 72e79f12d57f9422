/* What other modules ask of requests for access: a person's own requests and the statistics'
 * count (the purges are in innsyn_retention_db.c). */
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

int innsyn_each_first_answer(db *d, int64_t from, int64_t to, innsyn_first_answer_fn each, void *ud)
{
    /* The first answer is the log's first 'avgjort' or 'avslatt_frist' line of each request. */
    db_stmt *s = db_prepare(
        d, "SELECT r.received_at, MIN(l.at), MIN(CASE WHEN l.event = 'avgjort' THEN l.at END) "
           "FROM innsyn_request r JOIN innsyn_log l ON l.request_id = r.id "
           "WHERE l.event IN ('avgjort', 'avslatt_frist') AND r.received_at IS NOT NULL "
           "GROUP BY r.id, r.received_at HAVING MIN(l.at) >= $1 AND MIN(l.at) < $2");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, from);
    if (rc == DB_OK) rc = db_bind_int(s, 2, to);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        int in_time = 0;
        if (!db_col_is_null(s, 2) && db_col_int(s, 2) == db_col_int(s, 1)) {
            innsyn_dates dates = innsyn_dates_from(db_col_int(s, 0));
            in_time = civil_date_compare(civil_date_oslo(db_col_int(s, 2)), dates.target) <= 0;
        }
        each(ud, db_col_int(s, 1), in_time);
        rc = DB_OK;
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}

typedef struct in_time_count {
    int64_t *within, *total;
} in_time_count;

static void count_first_answer(void *ud, int64_t answered_at, int in_time)
{
    (void)answered_at;
    in_time_count *c = ud;
    (*c->total)++;
    if (in_time) (*c->within)++;
}

int innsyn_count_decided_in_time(db *d, const char *from, const char *to, int64_t *within,
                                 int64_t *total)
{
    civil_date f, t;
    if (civil_date_parse(from, &f) || civil_date_parse(to, &t)) return INNSYN_ERR_INVALID;
    *within = *total = 0;
    in_time_count c = {within, total};
    return innsyn_each_first_answer(d, civil_date_start_oslo(f),
                                    civil_date_start_oslo(civil_date_add_days(t, 1)),
                                    count_first_answer, &c);
}
