/* The caseworker's pages' models, read in a few queries each. */
#include "cases/case_staff_view.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cases/case_rules.h"
#include "core/date_text.h"
#include "core/workdays.h"

/* The closed statuses of every type, as an SQL list ('avsluttet', ...), taken from case_rules so
 * that the queue and the rules never disagree about which cases are open. */
static char closed_sql[256];
static pthread_once_t closed_once = PTHREAD_ONCE_INIT;

static void closed_sql_build(void)
{
    size_t len = 0;
    for (const case_type_info *t = case_types; t->code; t++)
        for (const case_status_info *s = case_statuses_of(t->code); s->code; s++) {
            char quoted[48];
            snprintf(quoted, sizeof quoted, "'%s'", s->code);
            if (s->open || strstr(closed_sql, quoted)) continue;
            len += (size_t)snprintf(closed_sql + len, sizeof closed_sql - len, "%s%s",
                                    len ? ", " : "", quoted);
        }
}

/* The queue's SQL: the page of cases first (WHERE, ORDER BY, LIMIT), then the names
 * for those rows only, so neither engine joins before it limits; then ORDER BY again. */
#define QUEUE_COLUMNS                                                                              \
    "SELECT c.id, c.reference, c.case_type, c.status, c.title, c.created_at, c.deadline, "         \
    "c.deadline_text, COALESCE(so.name, p.name, c.submitter_orgnr), mo.name, "                     \
    "c.counterpart_orgnr, "                                                                        \
    "st.name FROM (SELECT * FROM case_record c WHERE %s%s ORDER BY %s LIMIT %d) c "        \
    "LEFT JOIN organisation so ON so.orgnr = c.submitter_orgnr "                                   \
    "LEFT JOIN person p ON p.id = c.submitter_person_id AND c.submitter_orgnr IS NULL "            \
    "LEFT JOIN organisation mo ON mo.orgnr = c.counterpart_orgnr "                                 \
    "LEFT JOIN staff st ON st.id = c.caseworker_staff_id "
#define DEADLINE_ORDER "COALESCE(c.deadline, '9999-12-31')"

/* The WHERE of list (with $1 the caseworker and $2 the type when filtered) and its order. */
static void queue_sql(arena *a, const char *list, int typed, const char **where, const char **order)
{
    pthread_once(&closed_once, closed_sql_build);
    const char *type = typed ? " AND c.case_type = $2" : "";
    if (!strcmp(list, CASE_QUEUE_MINE)) {
        *where = arena_printf(a, "c.caseworker_staff_id = $1 AND c.status NOT IN (%s)%s",
                              closed_sql, type);
        *order = DEADLINE_ORDER ", c.id";
    } else if (!strcmp(list, CASE_QUEUE_ACTIVITY)) {
        /* The kinds match case_event_party_activity's condition, so that index is used. */
        *where = arena_printf(
            a,
            "c.caseworker_staff_id = $1 AND c.status NOT IN (%s)%s AND EXISTS (SELECT 1 FROM "
            "case_event e WHERE e.case_id = c.id AND e.id > c.staff_seen_event AND e.kind IN "
            "('melding', 'dokumentasjon'))",
            closed_sql, type);
        *order = DEADLINE_ORDER ", c.id";
    } else {
        /* $1 is bound for every list; here it only keeps the numbering. */
        *where = arena_printf(a,
                              "c.status = 'mottatt' AND c.caseworker_staff_id IS NULL AND "
                              "$1 > 0%s",
                              type);
        *order = "c.id";
    }
}

static int queue_bind(db_stmt *s, int64_t staff_id, const char *type)
{
    int rc = db_bind_int(s, 1, staff_id);
    if (rc == DB_OK && *type) rc = db_bind_text(s, 2, type);
    return rc;
}

static int queue_count(db *d, arena *a, int64_t staff_id, const char *list, const char *type,
                       int64_t *out)
{
    const char *where, *order;
    queue_sql(a, list, *type != '\0', &where, &order);
    db_stmt *s =
        db_prepare(d, arena_printf(a, "SELECT COUNT(*) FROM case_record c WHERE %s", where));
    if (!s) return DB_ERR;
    int rc = queue_bind(s, staff_id, type);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *out = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

static json_t *queue_row(arena *a, db_stmt *s)
{
    const char *type = db_col_text(s, 2), *status = db_col_text(s, 3);
    const char *counterpart = db_col_text(s, 9) ? db_col_text(s, 9) : db_col_text(s, 10);
    json_t *row =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)db_col_int(s, 0), "reference",
                  db_col_text(s, 1), "type", case_type_label(type), "status", case_status_label(type, status),
                  "title", db_col_text(s, 4), "received", date_text_nb(a, db_col_int(s, 5)));
    const char *deadline = date_text_nb_ymd(a, db_col_text(s, 6));
    if (deadline) json_object_set_new(row, "deadline", json_string(deadline));
    if (db_col_text(s, 7))
        json_object_set_new(row, "deadline_text", json_string(db_col_text(s, 7)));
    if (db_col_text(s, 8)) json_object_set_new(row, "submitter", json_string(db_col_text(s, 8)));
    if (counterpart) json_object_set_new(row, "counterpart", json_string(counterpart));
    if (db_col_text(s, 11)) json_object_set_new(row, "caseworker", json_string(db_col_text(s, 11)));
    return row;
}

/* Keyset paging: the cases after (or, read backwards, before) the cursor's (deadline key, id)
 * or id, so a deep page costs what the first does. Its placeholders follow the list's own. */
static const char *queue_after(arena *a, const char *list, int typed, const page_cursor *at)
{
    if (!at) return "";
    int n = typed ? 3 : 2;
    const char *op = at->before ? "<" : ">";
    if (!strcmp(list, CASE_QUEUE_NEW)) return arena_printf(a, " AND c.id %s $%d", op, n);
    return arena_printf(a, " AND (" DEADLINE_ORDER ", c.id) %s ($%d, $%d)", op, n, n + 1);
}

static int queue_bind_after(db_stmt *s, const char *list, int typed, const page_cursor *at)
{
    int n = typed ? 3 : 2;
    if (!at) return DB_OK;
    if (!strcmp(list, CASE_QUEUE_NEW)) return db_bind_int(s, n, at->id);
    int rc = db_bind_text(s, n, at->key);
    return rc == DB_OK ? db_bind_int(s, n + 1, at->id) : rc;
}

/* The order read backwards: every column descending. */
static const char *queue_order_back(const char *list)
{
    return !strcmp(list, CASE_QUEUE_NEW) ? "c.id DESC" : DEADLINE_ORDER " DESC, c.id DESC";
}

static json_t *page_link(arena *a, const char *list, const char *type, const page_cursor *at)
{
    if (!at)
        return json_string(arena_printf(a, "/ansatt/saker?liste=%s%s%s", list, *type ? "&type=" : "", type));
    return json_string(arena_printf(a, "/ansatt/saker?liste=%s%s%s&side=%s", list,
                                    *type ? "&type=" : "", type, page_cursor_encode(a, at)));
}

/* The cursor at a row of the page: its id and deadline key. */
static page_cursor queue_position(json_t *rows, size_t index, const char *keys, bool before)
{
    page_cursor c = {.before = before};
    json_t *row = json_array_get(rows, index);
    c.id = json_integer_value(json_object_get(row, "id"));
    snprintf(c.key, sizeof c.key, "%s", keys + index * 11);
    return c;
}

int case_staff_queue_model(db *d, arena *a, int64_t staff_id, const char *list, const char *type,
                           const page_cursor *at, json_t **out)
{
    static const struct {
        const char *code, *label;
    } lists[] = {{CASE_QUEUE_NEW, "Nye saker"},
                 {CASE_QUEUE_MINE, "Mine saker"},
                 {CASE_QUEUE_ACTIVITY, "Ny aktivitet"}};
    json_t *m = json_object(), *tabs = json_array(), *types = json_array(), *rows = json_array();
    json_object_set_new(m, "tabs", tabs);
    json_object_set_new(m, "types", types);
    json_object_set_new(m, "cases", rows);
    int64_t total = 0;
    int rc = DB_OK;
    const char *current_label = "";
    for (size_t i = 0; i < sizeof lists / sizeof lists[0] && rc == DB_OK; i++) {
        int64_t n = 0;
        rc = queue_count(d, a, staff_id, lists[i].code, type, &n);
        int current = !strcmp(list, lists[i].code);
        if (current) total = n, current_label = lists[i].label;
        json_array_append_new(
            tabs, json_pack("{s:s, s:I, s:o, s:b}", "label", lists[i].label, "count", (json_int_t)n,
                            "href", page_link(a, lists[i].code, type, NULL), "current", current));
    }
    json_array_append_new(types, json_pack("{s:s, s:s, s:b}", "code", "", "label", "Alle typer",
                                           "selected", *type == '\0'));
    for (const case_type_info *t = case_types; t->code; t++)
        json_array_append_new(types,
                              json_pack("{s:s, s:s, s:b}", "code", t->code, "label",
                                        t->plural_label, "selected", !strcmp(t->code, type)));
    const char *where, *order;
    int typed = *type != '\0';
    queue_sql(a, list, typed, &where, &order);
    if (at && at->before) order = queue_order_back(list);
    db_stmt *s = rc == DB_OK ? db_prepare(d, arena_printf(a, QUEUE_COLUMNS "ORDER BY %s", where,
                                                          queue_after(a, list, typed, at), order,
                                                          CASE_STAFF_PAGE_SIZE + 1, order))
                             : NULL;
    if (rc == DB_OK && !s) rc = DB_ERR;
    if (rc == DB_OK) rc = queue_bind(s, staff_id, type);
    if (rc == DB_OK) rc = queue_bind_after(s, list, typed, at);
    /* Each shown row's deadline key, 10 characters and a NUL, in display order. */
    char *keys = arena_calloc(a, CASE_STAFF_PAGE_SIZE, 11);
    int more = 0;
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        rc = DB_OK;
        size_t n = json_array_size(rows);
        if (n == CASE_STAFF_PAGE_SIZE) {
            more = 1;
            continue;
        }
        const char *key = db_col_text(s, 6) ? db_col_text(s, 6) : "9999-12-31";
        if (at && at->before) {
            memmove(keys + 11, keys, n * 11);
            snprintf(keys, 11, "%s", key);
            json_array_insert_new(rows, 0, queue_row(a, s));
        } else {
            snprintf(keys + n * 11, 11, "%s", key);
            json_array_append_new(rows, queue_row(a, s));
        }
    }
    if (s) db_reset(s);
    if (rc != DB_DONE && rc != DB_OK) {
        json_decref(m);
        return rc;
    }
    if (at && at->before && !more) {
        /* Read back to the start: the first page, whole. */
        json_decref(m);
        return case_staff_queue_model(d, a, staff_id, list, type, NULL, out);
    }
    bool prev = at != NULL, next = more || (at && at->before);
    if (at && at->before) prev = more;
    size_t shown = json_array_size(rows);
    json_object_set_new(m, "list", json_string(list));
    json_object_set_new(m, "list_label", json_string(current_label));
    json_object_set_new(m, "type", json_string(type));
    json_object_set_new(m, "total", json_integer(total));
    json_object_set_new(m, "any", json_boolean(shown > 0));
    if (prev || (next && shown)) {
        json_t *paging = json_object();
        if (prev) {
            page_cursor c = shown ? queue_position(rows, 0, keys, true) : (page_cursor){0};
            json_object_set_new(m, "prev_href", page_link(a, list, type, shown ? &c : NULL));
        }
        if (next && shown) {
            page_cursor c = queue_position(rows, shown - 1, keys, false);
            json_object_set_new(m, "next_href", page_link(a, list, type, &c));
        }
        json_object_set_new(m, "paging", paging);
    }
    *out = m;
    return DB_OK;
}
