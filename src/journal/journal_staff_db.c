/* Queries behind «Til offentlighetsvurdering»: the entries waiting for assessment and the stops
 * of publication. The queue lists the archive's entries that have no assessment here: it reads
 * archive_entry's id and title to list them, and takes everything else through archive.h. */
#include "journal/journal_internal.h"
#include "journal/journal_staff.h"

#include "core/date_text.h"

#include <stdio.h>
#include <string.h>

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *public_form(arena *a, const archive_entry_public *pe)
{
    json_t *parties = json_array();
    for (size_t i = 0; i < pe->party_count; i++)
        json_array_append_new(parties, json_pack("{s:s,s:s,s:o}", "role", pe->parties[i].role,
                                                 "kind", pe->parties[i].person ? "person" : "organisasjon",
                                                 "name", text_or_null(pe->parties[i].name)));
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o}", "id", (json_int_t)pe->id,
                     "registry_id", pe->registry_id, "type", pe->type, "registry_date",
                     date_text_nb_ymd(a, pe->registry_date), "public_title", pe->public_title,
                     "case_title", pe->case_public_title, "access_code", text_or_null(pe->access_code),
                     "legal_basis", text_or_null(pe->legal_basis), "parties", parties);
}

int journal_staff_queue_read(db *d, arena *a, json_t **items, int64_t *total)
{
    *items = json_array();
    *total = 0;
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM archive_entry e WHERE e.entry_type <> 'X' "
                               "AND NOT EXISTS (SELECT 1 FROM journal_assessment j WHERE "
                               "j.entry_id = e.id)");
    if (!s) return DB_ERR;
    int rc = db_step(s);
    if (rc == DB_ROW) *total = db_col_int(s, 0);
    db_reset(s);
    if (rc != DB_ROW) return rc;
    int64_t ids[JOURNAL_QUEUE_SIZE];
    const char *titles[JOURNAL_QUEUE_SIZE];
    size_t n = 0;
    s = db_prepare(d, "SELECT e.id, e.title FROM archive_entry e WHERE e.entry_type <> 'X' AND "
                      "NOT EXISTS (SELECT 1 FROM journal_assessment j WHERE j.entry_id = e.id) "
                      "ORDER BY e.id LIMIT $1");
    if (!s) return DB_ERR;
    rc = db_bind_int(s, 1, JOURNAL_QUEUE_SIZE);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        ids[n] = db_col_int(s, 0);
        titles[n++] = arena_strdup(a, db_col_text(s, 1));
        rc = DB_OK;
    }
    db_reset(s);
    if (rc != DB_DONE) return rc;
    for (size_t i = 0; i < n; i++) {
        archive_entry_public pe;
        rc = archive_entry_public_get(d, a, ids[i], &pe);
        if (rc) return rc;
        json_t *item = public_form(a, &pe);
        json_object_set_new(item, "title", json_string(titles[i]));
        json_array_append_new(*items, item);
    }
    return DB_OK;
}

static json_t *stop_row(arena *a, db_stmt *s)
{
    static const char *const scopes[][2] = {
        {"journal", "Hele postjournalen"}, {"saksmappe", "Saksmappe"}, {"journalpost", "Journalpost"}};
    const char *scope = db_col_text(s, 1), *label = scope;
    for (size_t i = 0; i < sizeof scopes / sizeof *scopes; i++)
        if (!strcmp(scope, scopes[i][0])) label = scopes[i][1];
    json_t *row = json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(s, 0), "scope",
                            label, "target", db_col_text(s, 2), "stopped_at",
                            date_text_nb(a, db_col_int(s, 3)), "stopped_by", db_col_text(s, 4));
    if (!db_col_is_null(s, 5))
        json_object_set_new(row, "lifted", json_pack("{s:s,s:s}", "at", date_text_nb(a, db_col_int(s, 5)),
                                                     "by", db_col_text(s, 6)));
    return row;
}

static int stops_into(arena *a, db_stmt *s, json_t *out)
{
    int rc = s ? DB_OK : DB_ERR;
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        json_array_append_new(out, stop_row(a, s));
        rc = DB_OK;
    }
    if (s) db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

int journal_staff_stops_read(db *d, json_t **active, json_t **history)
{
    *active = json_array();
    *history = json_array();
    arena *a = arena_new();
    int rc = stops_into(a,
                        db_prepare(d, "SELECT id, scope, target_text, stopped_at, stopped_by, "
                                      "lifted_at, lifted_by FROM journal_stop WHERE lifted_at IS "
                                      "NULL ORDER BY id DESC"),
                        *active);
    if (rc == DB_OK)
        rc = stops_into(a,
                        db_prepare(d, "SELECT id, scope, target_text, stopped_at, stopped_by, "
                                      "lifted_at, lifted_by FROM journal_stop ORDER BY id DESC "
                                      "LIMIT 20"),
                        *history);
    arena_free(a);
    return rc;
}
