/* The staff case page's model: the case, its parties, the whole timeline, the case file's
 * entries and documents, and what the forms may offer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "cases/case_db.h"
#include "cases/case_rules.h"
#include "cases/case_staff_view.h"
#include "core/date_text.h"
#include "core/workdays.h"
#include "org/org.h"

static const char *audience_label(const char *audience)
{
    if (!strcmp(audience, "parter")) return "Begge parter";
    if (!strcmp(audience, "innsender")) return "Innsender";
    if (!strcmp(audience, "motpart")) return "Motpart";
    return "Bare internt";
}

/* The label of a field the public forms store in case_record.details; a key not known here is
 * shown as it is, with its first letter in upper case. */
static const char *field_label(arena *a, const char *key)
{
    static const struct {
        const char *key, *label;
    } known[] = {{"kjopt", "Hva ble kjøpt"},
                 {"kjopsdato", "Kjøpsdato"},
                 {"problem", "Hva gikk galt"},
                 {"krav", "Hva forbrukeren krever"},
                 {"emne", "Emne"},
                 {"tekst", "Tekst"},
                 {"virksomhet", "Virksomheten det gjelder"}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(key, known[i].key)) return known[i].label;
    char *s = arena_strdup(a, key);
    for (char *p = s; *p; p++)
        if (*p == '_') *p = ' ';
    if (s[0] >= 'a' && s[0] <= 'z') s[0] = (char)(s[0] - 'a' + 'A');
    return s;
}

/* The form's fields as {label, value}, in the order they were stored. */
static json_t *details_fields(arena *a, const char *details)
{
    json_t *out = json_array();
    json_t *j = details ? json_loads(details, 0, NULL) : NULL;
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v)
    {
        const char *text = NULL;
        if (json_is_string(v))
            text = json_string_value(v);
        else if (json_is_true(v))
            text = "Ja";
        else if (json_is_false(v))
            text = "Nei";
        else if (json_is_null(v))
            continue;
        else {
            char *dumped = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
            text = arena_strdup(a, dumped ? dumped : "");
            free(dumped);
        }
        json_array_append_new(out,
                              json_pack("{s:s, s:s}", "label", field_label(a, key), "value", text));
    }
    json_decref(j);
    return out;
}

static json_t *org_party(const char *role, const char *name, const char *orgnr)
{
    char grouped[12];
    org_number_format(orgnr, grouped);
    return json_pack("{s:s, s:s, s:s, s:s}", "role", role, "kind", "Virksomhet", "name",
                     name ? name : "(ukjent navn)", "orgnr", grouped);
}

static int case_main(db *d, arena *a, const case_staff_case *c, json_t *m)
{
    db_stmt *s = db_prepare(
        d, "SELECT c.title, c.details, c.created_at, c.deadline, c.deadline_text, "
           "c.withdrawn_reason, st.name, so.name, p.name, "
           "mo.name FROM case_record c LEFT JOIN staff st ON st.id = c.caseworker_staff_id "
           "LEFT JOIN organisation so ON so.orgnr = c.submitter_orgnr "
           "LEFT JOIN person p ON p.id = c.submitter_person_id "
           "LEFT JOIN organisation mo ON mo.orgnr = c.counterpart_orgnr WHERE c.id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, c->id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc != DB_ROW) {
        db_reset(s);
        return rc < 0 ? rc : DB_ERR;
    }
    const case_status_info *st = case_status_find(c->case_type, c->status);
    json_object_set_new(m, "case",
                        json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)c->id,
                                  "reference", c->reference, "title", db_col_text(s, 0), "type",
                                  case_type_label(c->case_type), "status",
                                  case_status_label(c->case_type, c->status), "received",
                                  date_text_nb(a, db_col_int(s, 2)), "open", st && st->open));
    json_t *cs = json_object_get(m, "case");
    json_object_set_new(m, "details", details_fields(a, db_col_text(s, 1)));
    civil_date due;
    if (db_col_text(s, 3) && civil_date_parse(db_col_text(s, 3), &due) == 0) {
        json_object_set_new(cs, "deadline",
                            json_string(date_text_nb_civil(a, due)));
        json_object_set_new(cs, "deadline_text",
                            json_string(db_col_text(s, 4) ? db_col_text(s, 4) : ""));
    }
    if (db_col_text(s, 5))
        json_object_set_new(cs, "withdrawn_reason", json_string(db_col_text(s, 5)));
    if (db_col_text(s, 6)) json_object_set_new(cs, "caseworker", json_string(db_col_text(s, 6)));
    json_t *parties = json_array();
    if (c->submitter_orgnr[0]) {
        json_t *p = org_party("Innsender", db_col_text(s, 7), c->submitter_orgnr);
        if (db_col_text(s, 8)) json_object_set_new(p, "person", json_string(db_col_text(s, 8)));
        json_array_append_new(parties, p);
    } else {
        json_array_append_new(
            parties, json_pack("{s:s, s:s, s:s}", "role", "Innsender", "kind", "Forbruker", "name",
                               db_col_text(s, 8) ? db_col_text(s, 8) : "(uten navn)"));
    }
    if (c->counterpart_orgnr[0])
        json_array_append_new(parties,
                              org_party("Motpart", db_col_text(s, 9), c->counterpart_orgnr));
    json_object_set_new(m, "parties", parties);
    db_reset(s);
    if (!c->case_file_id) return DB_OK;
    archive_case_file_state f;
    rc = archive_case_file_state_get(d, c->case_file_id, &f);
    if (rc != DB_OK) return rc;
    json_object_set_new(m, "case_file", json_pack("{s:I, s:s, s:s}", "id",
                                                  (json_int_t)c->case_file_id, "number", f.number,
                                                  "status", f.status));
    return DB_OK;
}

static int case_events(db *d, arena *a, const case_staff_case *c, json_t *m, int64_t *last)
{
    db_stmt *s = db_prepare(d, "SELECT id, kind, text, actor, audience, created_at FROM case_event "
                               "WHERE case_id = $1 ORDER BY id");
    if (!s) return DB_ERR;
    json_t *events = json_array();
    json_object_set_new(m, "events", events);
    int rc = db_bind_int(s, 1, c->id);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        *last = db_col_int(s, 0);
        const char *aud = db_col_text(s, 4);
        json_array_append_new(
            events, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "kind", db_col_text(s, 1), "text",
                              db_col_text(s, 2), "actor", db_col_text(s, 3), "audience",
                              audience_label(aud), "date", date_text_nb(a, db_col_int(s, 5)),
                              "internal", !strcmp(aud, "intern")));
        rc = DB_OK;
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

typedef struct {
    arena *a;
    const char *file_number;
    const case_entry_ref *refs;
    size_t ref_count;
    json_t *entries, *cur;
    int64_t cur_id;
} entries_walk;

static int entry_visit(const archive_document_row *row, void *ud)
{
    entries_walk *w = ud;
    const case_entry_ref *ref = case_entry_ref_find(w->refs, w->ref_count, row->entry_id);
    if (!ref) return 0; /* registered in the case file by hand, not part of the case */
    if (!w->cur || row->entry_id != w->cur_id) {
        w->cur_id = row->entry_id;
        const char *date = date_text_nb_ymd(w->a, row->registry_date);
        w->cur = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:[]}", "registry_id",
                           arena_printf(w->a, "%s-%lld", w->file_number,
                                        (long long)row->entry_number),
                           "type", archive_entry_type_label(row->entry_type), "title",
                           row->entry_title, "date", date ? date : row->registry_date, "audience",
                           audience_label(ref->audience), "confidential", row->confidential,
                           "documents");
        json_array_append_new(w->entries, w->cur);
    }
    if (row->object_id)
        json_array_append_new(json_object_get(w->cur, "documents"),
                              json_pack("{s:I, s:s, s:s}", "object_id", (json_int_t)row->object_id,
                                        "title", row->document_title, "file_name",
                                        row->file_name));
    return 0;
}

static int case_entries(db *d, arena *a, const case_staff_case *c, const char *file_number,
                        json_t *m)
{
    json_t *entries = json_array();
    json_object_set_new(m, "entries", entries);
    if (!c->case_file_id) return DB_OK; /* a tip has no case file */
    entries_walk w = {.a = a, .file_number = file_number, .entries = entries};
    case_entry_ref *refs;
    int rc = case_entry_refs_all(d, c->id, &refs, &w.ref_count);
    if (rc != DB_OK) return rc;
    w.refs = refs;
    rc = archive_case_file_documents(d, c->case_file_id, entry_visit, &w);
    free(refs);
    return rc;
}

/* The caseworkers one can give the case to, the current one chosen. */
static int case_staff_choices(db *d, const case_staff_case *c, int64_t me, json_t *m)
{
    db_stmt *s = db_prepare(d, "SELECT id, name, roles FROM staff ORDER BY name, id");
    if (!s) return DB_ERR;
    json_t *list = json_array();
    json_object_set_new(m, "staff", list);
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (!auth_roles_include(db_col_text(s, 2), AUTH_ROLE_CASEWORKER)) continue;
        int64_t id = db_col_int(s, 0);
        json_array_append_new(list,
                              json_pack("{s:I, s:s, s:b, s:b}", "id", (json_int_t)id, "name",
                                        db_col_text(s, 1), "me", id == me, "selected",
                                        c->caseworker_id ? id == c->caseworker_id : id == me));
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

static void case_form_choices(const case_staff_case *c, json_t *m)
{
    const char *steps[16];
    int n = case_steps_from(c->case_type, c->status, steps, 16);
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        const case_status_info *st = case_status_find(c->case_type, steps[i]);
        json_array_append_new(
            list, json_pack("{s:s, s:s}", "code", steps[i], "label", st ? st->label : steps[i]));
    }
    json_object_set_new(m, "steps", list);
    json_object_set_new(m, "any_steps", json_boolean(n > 0));
    json_object_set_new(m, "journal_bound", json_boolean(c->case_file_id != 0));
    json_object_set_new(m, "phone_notes", json_boolean(case_staff_phone_notes_allowed(c->case_type)));
    json_object_set_new(m, "has_counterpart", json_boolean(c->counterpart_orgnr[0] != '\0'));
}

int case_staff_case_model(db *d, arena *a, const case_staff_case *c, int64_t staff_id,
                          int64_t *last_event, json_t **out)
{
    json_t *m = json_object();
    *last_event = 0;
    int rc = case_main(d, a, c, m);
    const char *number =
        json_string_value(json_object_get(json_object_get(m, "case_file"), "number"));
    if (rc == DB_OK) rc = case_events(d, a, c, m, last_event);
    if (rc == DB_OK) rc = case_entries(d, a, c, number ? number : c->reference, m);
    if (rc == DB_OK) rc = case_staff_choices(d, c, staff_id, m);
    if (rc != DB_OK) {
        json_decref(m);
        return rc;
    }
    case_form_choices(c, m);
    *out = m;
    return DB_OK;
}
