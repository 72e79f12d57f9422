/* The caseworker's actions that change the case itself: assignment, status, deadline, and the
 * phone note. Letters are in case_staff_letter.c. */
#include "cases/case_staff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "auth/auth.h"
#include "cases/case_rules.h"
#include "cases/case_staff_internal.h"
#include "core/clock.h"
#include "core/workdays.h"
#include "core/utf8.h"

int case_staff_case_get(db *d, int64_t case_id, case_staff_case *out)
{
    db_stmt *s = db_prepare(
        d, "SELECT id, case_type, status, reference, COALESCE(case_file_id, 0), "
           "COALESCE(caseworker_staff_id, 0), staff_seen_event, COALESCE(submitter_person_id, 0), "
           "submitter_orgnr, counterpart_orgnr FROM case_record WHERE id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->id = db_col_int(s, 0);
        utf8_copy(out->case_type, sizeof out->case_type, db_col_text(s, 1));
        utf8_copy(out->status, sizeof out->status, db_col_text(s, 2));
        utf8_copy(out->reference, sizeof out->reference, db_col_text(s, 3));
        out->case_file_id = db_col_int(s, 4);
        out->caseworker_id = db_col_int(s, 5);
        out->seen_event = db_col_int(s, 6);
        out->submitter_person_id = db_col_int(s, 7);
        utf8_copy(out->submitter_orgnr, sizeof out->submitter_orgnr, db_col_text(s, 8));
        utf8_copy(out->counterpart_orgnr, sizeof out->counterpart_orgnr, db_col_text(s, 9));
    }
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

int case_staff_assign(db *d, const case_staff_case *c, const case_staff_actor *who,
                      int64_t staff_id, char *err, size_t errlen)
{
    db_stmt *s = db_prepare(d, "SELECT name, roles FROM staff WHERE id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, staff_id);
    if (rc == DB_OK) rc = db_step(s);
    char name[300] = "";
    int caseworker = rc == DB_ROW && auth_roles_include(db_col_text(s, 1), AUTH_ROLE_CASEWORKER);
    if (caseworker) utf8_copy(name, sizeof name, db_col_text(s, 0));
    db_reset(s);
    if (rc < 0) return rc;
    if (!caseworker)
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                               "Velg en saksbehandler fra listen.");
    rc = db_begin(d);
    if (rc != DB_OK) return rc;
    rc = db_run(d, "UPDATE case_record SET caseworker_staff_id = $1, updated_at = $2 WHERE id = $3",
                "iii", staff_id, clock_now(), c->id);
    /* The case file's saksansvarlig follows, in the same transaction (a tip has no file). */
    if (rc == DB_OK && c->case_file_id)
        rc = archive_case_file_set_caseworker(d, c->case_file_id, name, who->name);
    char text[400];
    snprintf(text, sizeof text, "Saken er tildelt %s.", name);
    if (rc == DB_OK) rc = case_staff_event_add(d, c->id, "tildelt", text, who->name, "intern");
    return db_finish(d, rc);
}

/* Sets the case file's saksstatus when the case's status asks for another one. */
static int archive_status_follow(db *d, const case_staff_case *c, const char *to, const char *by)
{
    if (!c->case_file_id) return DB_OK; /* a tip has no case file */
    return archive_case_file_set_status(d, c->case_file_id, case_archive_status(c->case_type, to),
                                        by);
}

int case_staff_set_status(db *d, const case_staff_case *c, const case_staff_actor *who,
                          const char *to, char *err, size_t errlen)
{
    if (!to || !*to)
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID, "Velg en ny status.");
    const case_status_info *to_st = case_status_find(c->case_type, to);
    if (!to_st)
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                               "Den valgte statusen finnes ikke for denne sakstypen.");
    if (!case_step_allowed(c->case_type, c->status, to, CASE_ACTOR_STAFF)) {
        snprintf(err, errlen, "Saken kan ikke gå fra «%s» til «%s».",
                 case_status_label(c->case_type, c->status), to_st->label);
        return CASE_STAFF_ERR_CONFLICT;
    }
    int64_t now = clock_now();
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    /* Only from the status the caseworker saw: two caseworkers never both move it. */
    db_stmt *s =
        db_prepare(d, "UPDATE case_record SET status = $1, updated_at = $2, closed_at = $3 "
                      "WHERE id = $4 AND status = $5");
    rc = s ? DB_OK : DB_ERR;
    if (rc == DB_OK) rc = db_bind_text(s, 1, to);
    if (rc == DB_OK) rc = db_bind_int(s, 2, now);
    if (rc == DB_OK) rc = to_st->open ? db_bind_null(s, 3) : db_bind_int(s, 3, now);
    if (rc == DB_OK) rc = db_bind_int(s, 4, c->id);
    if (rc == DB_OK) rc = db_bind_text(s, 5, c->status);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_DONE) rc = db_changes(s) == 1 ? DB_OK : CASE_STAFF_ERR_CONFLICT;
    if (s) db_reset(s);
    if (rc == CASE_STAFF_ERR_CONFLICT)
        snprintf(err, errlen, "Saken har fått en annen status i mellomtiden. Last siden på nytt.");
    if (rc == DB_OK) rc = archive_status_follow(d, c, to, who->name);
    char text[200], subject[120];
    snprintf(text, sizeof text, "Saken har fått status «%s».", to_st->label);
    if (rc == DB_OK) rc = case_staff_event_add(d, c->id, "status", text, who->name, "parter");
    snprintf(subject, sizeof subject, "Ny status i sak %s", c->reference);
    static const char *const both[] = {CASE_PARTY_SUBMITTER, CASE_PARTY_COUNTERPART, NULL};
    if (rc == DB_OK) rc = case_staff_notify(d, c, both, "case_status", subject, text);
    return db_finish(d, rc < 0 ? rc : DB_OK);
}

static int parse_working_days(const char *s)
{
    if (!s || !*s || strlen(s) > 3 || strspn(s, "0123456789") != strlen(s)) return -1;
    int n = atoi(s);
    return n >= 1 && n <= CASE_STAFF_MAX_WORKING_DAYS ? n : -1;
}

int case_staff_set_deadline(db *d, const case_staff_case *c, const case_staff_actor *who,
                            const char *date, const char *working_days, const char *what, char *err,
                            size_t errlen)
{
    const case_status_info *st = case_status_find(c->case_type, c->status);
    if (!st || !st->open)
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_CONFLICT,
                               "Saken er avsluttet og kan ikke få en ny frist.");
    int has_date = date && *date, has_days = working_days && *working_days;
    if (has_date == has_days)
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                               "Fyll inn enten en dato eller et antall virkedager.");
    if (!case_staff_text_ok(what, CASE_STAFF_MAX_DEADLINE_TEXT, 0))
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                               "Skriv hva fristen gjelder (høyst 200 tegn, på én linje).");
    civil_date today = civil_date_oslo(clock_now()), due;
    if (has_days) {
        int n = parse_working_days(working_days);
        if (n < 0)
            return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                                   "Antall virkedager må være et helt tall fra 1 til 250.");
        due = add_working_days(today, n);
    } else if (civil_date_parse(date, &due) != 0) {
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                               "Skriv datoen som åååå-mm-dd, for eksempel 2026-12-01.");
    } else if (civil_date_compare(due, today) < 0) {
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                               "Fristen kan ikke være tilbake i tid.");
    }
    char iso[11], text[300];
    civil_date_format(due, iso);
    snprintf(text, sizeof text, "Frist %s: %s", iso, what);
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    rc = db_run(d,
                "UPDATE case_record SET deadline = $1, deadline_text = $2, updated_at = $3 "
                "WHERE id = $4",
                "ttii", iso, what, clock_now(), c->id);
    if (rc == DB_OK) rc = case_staff_event_add(d, c->id, "frist", text, who->name, "parter");
    return db_finish(d, rc);
}

bool case_staff_phone_notes_allowed(const char *case_type)
{
    return !strcmp(case_type, CASE_TYPE_MEDIATION);
}

int case_staff_record_note(db *d, const case_staff_case *c, const case_staff_actor *who,
                           const char *with_whom, const char *text, char *err, size_t errlen)
{
    if (!c->case_file_id)
        return case_staff_fail(
            err, errlen, CASE_STAFF_ERR_CONFLICT,
            "Et tips har ingen saksmappe, så notater kan ikke journalføres på det.");
    /* The privacy statement promises that phone calls are recorded only in a complaint case. */
    if (!case_staff_phone_notes_allowed(c->case_type))
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_CONFLICT,
                               "Telefonsamtaler registreres bare i klagesaker (meklingssaker), "
                               "ikke i veiledningssaker.");
    if (with_whom && !*with_whom) with_whom = NULL;
    if (with_whom && !case_staff_text_ok(with_whom, ARCHIVE_MAX_NAME, 0))
        return case_staff_fail(
            err, errlen, CASE_STAFF_ERR_INVALID,
            "Navnet på den du snakket med kan være høyst 300 tegn, på én linje.");
    if (!case_staff_text_ok(text, CASE_STAFF_MAX_TEXT, 1))
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                               "Skriv hva samtalen gjaldt (høyst 20 000 tegn).");
    char title[400];
    if (with_whom)
        snprintf(title, sizeof title, "Telefonsamtale med %s", with_whom);
    else
        snprintf(title, sizeof title, "Telefonsamtale");
    archive_party_new party = {ARCHIVE_PARTY_SENDER, ARCHIVE_PARTY_PERSON, with_whom, NULL};
    archive_document_new doc = {.title = title,
                                .file_name = "telefonnotat.txt",
                                .mime_type = "text/plain",
                                .bytes = text,
                                .size = strlen(text)};
    archive_entry_new in = {.case_file_id = c->case_file_id,
                            .type = ARCHIVE_ENTRY_NOTE,
                            .title = title,
                            .created_by = who->name,
                            .parties = with_whom ? &party : NULL,
                            .party_count = with_whom ? 1 : 0,
                            .documents = &doc,
                            .document_count = 1};
    archive_entry e = {0};
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    rc = archive_entry_register(d, &in, &e, err, errlen);
    if (rc == ARCHIVE_ERR_INVALID) rc = CASE_STAFF_ERR_INVALID;
    if (rc == DB_OK)
        rc = db_run(
            d, "INSERT INTO case_entry (case_id, entry_id, audience) VALUES ($1, $2, 'intern')",
            "ii", c->id, e.id);
    char event[500];
    snprintf(event, sizeof event, "Telefonnotat %s: %s", e.registry_id, title);
    if (rc == DB_OK) rc = case_staff_event_add(d, c->id, "notat", event, who->name, "intern");
    return db_finish(d, rc);
}

int case_staff_mark_seen(db *d, const case_staff_case *c, int64_t staff_id, int64_t last_event)
{
    /* Only the assigned caseworker's look counts, and only when there is something new: a
     * page view otherwise writes nothing. */
    if (c->caseworker_id != staff_id || last_event <= c->seen_event) return DB_OK;
    return db_run(d,
                  "UPDATE case_record SET staff_seen_event = $1 WHERE id = $2 AND "
                  "staff_seen_event < $1",
                  "ii", last_event, c->id);
}
