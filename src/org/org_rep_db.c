/* Representation of organisations in the database: registration, decisions, roles, removals.
 * Each function is one transaction. Changes to an organisation's people first lock the
 * organisation's row (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers), so two
 * administrators demoting each other at the same moment are decided one after the other and the
 * second sees that only one administrator is left. */
#include "org/org_rep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/person.h"
#include "core/utf8.h"
#include "core/workdays.h"
#include "inbox/inbox.h"
#include "org/org.h"
#include "org/org_member.h"

enum { ADMINS_NOTIFIED_MAX = 50, ORG_NAME_BYTES = ORG_NAME_MAX + 1 };

#define AUTHORITY "Forbrukertilsynet"
#define IS_ADMIN_OF_ORG                                                                           \
    "EXISTS (SELECT 1 FROM org_member a WHERE a.orgnr = $2 AND a.person_id = $3 "                 \
    "AND a.role = 'administrator' AND a.status = 'bekreftet')"
#define CONFIRMED_ADMINS                                                                          \
    "(SELECT COUNT(*) FROM org_member c WHERE c.orgnr = $2 AND c.role = 'administrator' "         \
    "AND c.status = 'bekreftet')"

int64_t org_due_at(int64_t now)
{
    civil_date due = next_working_day(civil_date_oslo(now));
    return civil_date_start_oslo(civil_date_add_days(due, 1));
}

const char *org_status_label(const char *role, const char *status)
{
    int admin = role && !strcmp(role, ORG_ROLE_ADMIN);
    if (status && !strcmp(status, ORG_STATUS_CONFIRMED)) return admin ? "administrator" : "bruker";
    if (status && !strcmp(status, ORG_STATUS_REJECTED))
        return admin ? "avvist som administrator" : "avvist som bruker";
    return admin ? "ubekreftet administrator" : "ubekreftet bruker";
}


/* Locks the organisation's row for the rest of the transaction and copies its name. Returns 1,
 * 0 when there is no such unit, or a db code. */
static int org_lock(db *d, const char *orgnr, char *name, size_t len)
{
    db_stmt *s = db_prepare(d, db_engine_of(d) == DB_POSTGRES
                                   ? "SELECT name FROM organisation WHERE orgnr = $1 FOR UPDATE"
                                   : "SELECT name FROM organisation WHERE orgnr = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, orgnr);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW && name) snprintf(name, len, "%s", db_col_text(s, 0));
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

/* "first" sep "second", cut to fit out at a character boundary. */
static void join_cut(char *out, size_t len, const char *first, const char *sep, const char *second)
{
    char *full = NULL;
    if (asprintf(&full, "%s%s%s", first, sep, second) < 0) abort();
    utf8_copy(out, len, full);
    free(full);
}

static int deliver(db *d, int64_t person_id, const char *kind, const char *sender,
                   const char *subject, const char *body, const char *orgnr, const char *link)
{
    inbox_message_new m = {.person_id = person_id, .kind = kind, .sender = sender,
                           .subject = subject, .body = body, .orgnr = orgnr, .link_path = link};
    return inbox_deliver(d, &m, NULL);
}

/* ---- Registration -------------------------------------------------------------------------- */

/* Every confirmed administrator of orgnr gets a request to approve the new user. */
static int admins_ask_approval(db *d, const char *orgnr, const char *org_name,
                               const char *given_name)
{
    int64_t admins[ADMINS_NOTIFIED_MAX];
    int n = 0;
    db_stmt *s = db_prepare(d, "SELECT person_id FROM org_member WHERE orgnr = $1 "
                               "AND role = 'administrator' AND status = 'bekreftet' ORDER BY id");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, orgnr);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        if (n < ADMINS_NOTIFIED_MAX) admins[n++] = db_col_int(s, 0);
        rc = DB_OK;
    }
    db_reset(s);
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ERR;
    char subject[INBOX_MAX_SUBJECT];
    join_cut(subject, sizeof subject, "Ny bruker venter på godkjenning:", " ", org_name);
    char body[2048];
    snprintf(body, sizeof body,
             "%s har registrert seg som bruker for %s (org.nr. %s) og venter på godkjenning.\n\n"
             "Gå til «Brukere» på Min side for å godkjenne eller avvise.",
             given_name, org_name, orgnr);
    for (int i = 0; i < n; i++) {
        rc = deliver(d, admins[i], "org_user_request", "Min side", subject, body, orgnr,
                     "/virksomhet/brukere");
        if (rc < 0) return rc;
    }
    return DB_OK;
}

static int register_in_tx(db *d, int64_t person_id, const char *orgnr, const char *given_name,
                          const char *email, int64_t now, org_registration *out)
{
    char org_name[ORG_NAME_BYTES];
    int rc = org_lock(d, orgnr, org_name, sizeof org_name);
    if (rc <= 0) return rc == 0 ? ORG_ERR_NOT_FOUND : rc;

    db_stmt *s = db_prepare(d, "SELECT id, role, status FROM org_member "
                               "WHERE orgnr = $1 AND person_id = $2");
    if (!s) return DB_ERR;
    rc = db_bind_text(s, 1, orgnr);
    if (rc == DB_OK) rc = db_bind_int(s, 2, person_id);
    if (rc == DB_OK) rc = db_step(s);
    int64_t existing = 0;
    if (rc == DB_ROW) {
        existing = db_col_int(s, 0);
        if (strcmp(db_col_text(s, 2), ORG_STATUS_REJECTED)) {
            /* Already pending or approved: applying twice changes nothing. */
            out->created = 0;
            out->is_admin = !strcmp(db_col_text(s, 1), ORG_ROLE_ADMIN);
            out->confirmed = !strcmp(db_col_text(s, 2), ORG_STATUS_CONFIRMED);
            db_reset(s);
            return DB_OK;
        }
    }
    db_reset(s);
    if (rc < 0) return rc;

    /* The first one becomes the administrator the authority decides on; while someone else is
     * an administrator or applying as one, the newcomer is a user the administrators decide on. */
    s = db_prepare(d, "SELECT COUNT(*) FROM org_member WHERE orgnr = $1 AND person_id <> $2 "
                      "AND role = 'administrator' AND status IN ('ubekreftet', 'bekreftet')");
    if (!s) return DB_ERR;
    rc = db_bind_text(s, 1, orgnr);
    if (rc == DB_OK) rc = db_bind_int(s, 2, person_id);
    if (rc == DB_OK) rc = db_step(s);
    int admin = rc == DB_ROW && db_col_int(s, 0) == 0;
    db_reset(s);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;

    int64_t due = org_due_at(now);
    const char *role = admin ? ORG_ROLE_ADMIN : ORG_ROLE_USER;
    if (existing)
        rc = db_run(d, "UPDATE org_member SET role = $1, status = 'ubekreftet', given_name = $2, "
                       "applied_at = $3, due_at = $4, decided_at = NULL, decided_by_staff = NULL, "
                       "decided_by_person = NULL, reject_reason = NULL WHERE id = $5",
                    "ttiii", role, given_name, now, due, existing);
    else
        rc = db_run(d, "INSERT INTO org_member (orgnr, person_id, role, status, given_name, "
                       "applied_at, due_at) VALUES ($1, $2, $3, 'ubekreftet', $4, $5, $6)",
                    "tittii", orgnr, person_id, role, given_name,
                    now, due);
    if (rc < 0) return rc;
    if (email && *email) {
        rc = db_run(d, "UPDATE person SET email = $1, updated_at = $2 WHERE id = $3", "tii", email,
                    now, person_id);
        if (rc < 0) return rc;
    }
    if (!admin && (rc = admins_ask_approval(d, orgnr, org_name, given_name)) < 0) return rc;
    out->created = 1;
    out->is_admin = admin;
    out->confirmed = 0;
    out->due_at = due;
    return DB_OK;
}

int org_register(db *d, int64_t person_id, const char *orgnr, const char *given_name,
                 const char *email, int64_t now, org_registration *out)
{
    memset(out, 0, sizeof *out);
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    return db_finish(d, register_in_tx(d, person_id, orgnr, given_name, email, now, out));
}

/* ---- The authority's decision -------------------------------------------------------------- */

/* The person and organisation of an association, for the message about it. */
static int member_about(db *d, int64_t member_id, int64_t *person_id, char orgnr[10],
                        char *org_name, size_t len)
{
    db_stmt *s = db_prepare(d, "SELECT m.person_id, m.orgnr, COALESCE(o.name, m.orgnr) "
                               "FROM org_member m LEFT JOIN organisation o ON o.orgnr = m.orgnr "
                               "WHERE m.id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, member_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        *person_id = db_col_int(s, 0);
        snprintf(orgnr, 10, "%s", db_col_text(s, 1));
        snprintf(org_name, len, "%s", db_col_text(s, 2));
    }
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

static int decision_deliver(db *d, int64_t person_id, const char *sender, const char *orgnr,
                            const char *org_name, const char *as_role, int approve,
                            const char *reason)
{
    char subject[INBOX_MAX_SUBJECT], body[ORG_REASON_MAX + 2048];
    if (approve) {
        join_cut(subject, sizeof subject, "Godkjent som representant for", " ", org_name);
        snprintf(body, sizeof body,
                 "Du er godkjent som %s for %s (org.nr. %s) på Min side.\n\n"
                 "Du ser nå virksomheten øverst til høyre på Min side.",
                 as_role, org_name, orgnr);
    } else {
        join_cut(subject, sizeof subject, "Avvist som representant for", " ", org_name);
        snprintf(body, sizeof body,
                 "Søknaden din om å representere %s (org.nr. %s) som %s er avvist.\n\n"
                 "Begrunnelse: %s\n\n"
                 "Du kan søke på nytt under «Jeg representerer en virksomhet» på Min side.",
                 org_name, orgnr, as_role, reason);
    }
    return deliver(d, person_id, approve ? "org_approved" : "org_rejected", sender, subject, body,
                   orgnr, "/virksomhet");
}

/* After an administrator application is rejected, an organisation with no administrator left
 * (confirmed or applying) would leave its pending users waiting for nobody: the oldest of them
 * becomes the administrator application the authority decides on, due the next working day. */
static int pending_user_to_admin(db *d, const char *orgnr, const char *org_name, int64_t now)
{
    db_stmt *s = db_prepare(
        d, "UPDATE org_member SET role = 'administrator', due_at = $2 WHERE id = (SELECT id FROM "
           "org_member WHERE orgnr = $1 AND role = 'bruker' AND status = 'ubekreftet' "
           "ORDER BY applied_at, id LIMIT 1) AND NOT EXISTS (SELECT 1 FROM org_member WHERE "
           "orgnr = $1 AND role = 'administrator' AND status IN ('ubekreftet', 'bekreftet')) "
           "RETURNING person_id");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, orgnr);
    if (rc == DB_OK) rc = db_bind_int(s, 2, org_due_at(now));
    if (rc == DB_OK) rc = db_step(s);
    int64_t person_id = rc == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (rc != DB_ROW) return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
    char subject[INBOX_MAX_SUBJECT], body[1024];
    join_cut(subject, sizeof subject, "Søknaden din gjelder nå administrator for", " ", org_name);
    snprintf(body, sizeof body,
             "%s (org.nr. %s) har ingen administrator på Min side. Søknaden din gjelder derfor "
             "nå som administrator, og Forbrukertilsynet avgjør den innen neste virkedag.",
             org_name, orgnr);
    return deliver(d, person_id, "org_now_admin", AUTHORITY, subject, body, orgnr, "/virksomhet");
}

static int admin_decide_in_tx(db *d, int64_t member_id, int64_t staff_id, int approve,
                              const char *reason, int64_t now)
{
    db_stmt *s = db_prepare(d, "UPDATE org_member SET status = $2, decided_at = $3, "
                               "decided_by_staff = $4, reject_reason = $5, approval_basis = $6 "
                               "WHERE id = $1 AND role = 'administrator' AND status = 'ubekreftet'");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, member_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, approve ? ORG_STATUS_CONFIRMED : ORG_STATUS_REJECTED);
    if (rc == DB_OK) rc = db_bind_int(s, 3, now);
    if (rc == DB_OK) rc = db_bind_int(s, 4, staff_id);
    if (rc == DB_OK) rc = db_bind_text(s, 5, approve ? NULL : reason);
    if (rc == DB_OK) rc = db_bind_text(s, 6, approve && reason && *reason ? reason : NULL);
    int64_t changed = db_step_changes(s, rc);
    if (changed < 0) return (int)changed;
    int64_t person_id;
    char orgnr[10], org_name[ORG_NAME_BYTES];
    int found = member_about(d, member_id, &person_id, orgnr, org_name, sizeof org_name);
    if (found < 0) return found;
    if (!changed) return found ? ORG_ERR_DECIDED : ORG_ERR_NOT_FOUND;
    rc = decision_deliver(d, person_id, AUTHORITY, orgnr, org_name, "administrator", approve,
                          reason);
    if (rc == DB_OK && !approve) rc = pending_user_to_admin(d, orgnr, org_name, now);
    return rc;
}

int org_admin_decide(db *d, int64_t member_id, int64_t staff_id, int approve, const char *reason,
                     int64_t now)
{
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    return db_finish(d, admin_decide_in_tx(d, member_id, staff_id, approve, reason, now));
}

/* ---- The administrators' actions ----------------------------------------------------------- */

/* Why an administrator's change touched no row: not an administrator, no such person in the
 * organisation (or not in the state the action needs), or the last administrator. */
static int why_unchanged(db *d, const char *orgnr, int64_t admin_person, int64_t member_id,
                         int otherwise)
{
    db_stmt *s = db_prepare(d, "SELECT " IS_ADMIN_OF_ORG ", EXISTS (SELECT 1 FROM org_member t "
                               "WHERE t.id = $1 AND t.orgnr = $2)");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, member_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, orgnr);
    if (rc == DB_OK) rc = db_bind_int(s, 3, admin_person);
    if (rc == DB_OK) rc = db_step(s);
    int is_admin = rc == DB_ROW && db_col_int(s, 0);
    int exists = rc == DB_ROW && db_col_int(s, 1);
    db_reset(s);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    if (!is_admin) return ORG_ERR_FORBIDDEN;
    return exists ? otherwise : ORG_ERR_NOT_FOUND;
}

/* The name an administrator is shown by in messages: "Kari Testesen, EKSEMPEL AS". */
static void admin_sender(db *d, int64_t admin_person, const char *org_name, char *out, size_t len)
{
    char name[300];
    int found = person_name_copy(d, admin_person, name, sizeof name) == 1;
    join_cut(out, len, found ? name : "Administrator", ", ", org_name);
}

static int user_decide_in_tx(db *d, const char *orgnr, int64_t admin_person, int64_t member_id,
                             int approve, const char *reason, int64_t now)
{
    char org_name[ORG_NAME_BYTES];
    int rc = org_lock(d, orgnr, org_name, sizeof org_name);
    if (rc <= 0) return rc == 0 ? ORG_ERR_NOT_FOUND : rc;
    db_stmt *s = db_prepare(d, "UPDATE org_member SET status = $4, decided_at = $5, "
                               "decided_by_person = $3, reject_reason = $6 "
                               "WHERE id = $1 AND orgnr = $2 AND role = 'bruker' "
                               "AND status = 'ubekreftet' AND " IS_ADMIN_OF_ORG);
    if (!s) return DB_ERR;
    rc = db_bind_int(s, 1, member_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, orgnr);
    if (rc == DB_OK) rc = db_bind_int(s, 3, admin_person);
    if (rc == DB_OK) rc = db_bind_text(s, 4, approve ? ORG_STATUS_CONFIRMED : ORG_STATUS_REJECTED);
    if (rc == DB_OK) rc = db_bind_int(s, 5, now);
    if (rc == DB_OK) rc = db_bind_text(s, 6, approve ? NULL : reason);
    int64_t changed = db_step_changes(s, rc);
    if (changed < 0) return (int)changed;
    if (!changed) return why_unchanged(d, orgnr, admin_person, member_id, ORG_ERR_DECIDED);
    int64_t person_id;
    char nr[10], sender[INBOX_MAX_SENDER];
    if ((rc = member_about(d, member_id, &person_id, nr, org_name, sizeof org_name)) <= 0)
        return rc < 0 ? rc : DB_ERR;
    admin_sender(d, admin_person, org_name, sender, sizeof sender);
    return decision_deliver(d, person_id, sender, orgnr, org_name, "bruker", approve, reason);
}

int org_user_decide(db *d, const char *orgnr, int64_t admin_person, int64_t member_id,
                    int approve, const char *reason, int64_t now)
{
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    return db_finish(d, user_decide_in_tx(d, orgnr, admin_person, member_id, approve, reason, now));
}

static int set_role_in_tx(db *d, const char *orgnr, int64_t admin_person, int64_t member_id,
                          const char *role, int64_t now)
{
    char org_name[ORG_NAME_BYTES];
    int rc = org_lock(d, orgnr, org_name, sizeof org_name);
    if (rc <= 0) return rc == 0 ? ORG_ERR_NOT_FOUND : rc;
    /* The check and the change are one statement, after the organisation's lock. */
    db_stmt *s = db_prepare(d, "UPDATE org_member SET role = $4 WHERE id = $1 AND orgnr = $2 "
                               "AND status = 'bekreftet' AND " IS_ADMIN_OF_ORG " "
                               "AND ($4 = 'administrator' OR role <> 'administrator' OR "
                               CONFIRMED_ADMINS " > 1)");
    if (!s) return DB_ERR;
    rc = db_bind_int(s, 1, member_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, orgnr);
    if (rc == DB_OK) rc = db_bind_int(s, 3, admin_person);
    if (rc == DB_OK) rc = db_bind_text(s, 4, role);
    int64_t changed = db_step_changes(s, rc);
    if (changed < 0) return (int)changed;
    if (!changed) {
        rc = why_unchanged(d, orgnr, admin_person, member_id, ORG_ERR_LAST_ADMIN);
        /* A person still waiting for approval has no role to change yet. */
        if (rc == ORG_ERR_LAST_ADMIN) {
            s = db_prepare(d, "SELECT 1 FROM org_member WHERE id = $1 AND status = 'bekreftet'");
            int found = s ? db_bind_int(s, 1, member_id) : DB_ERR;
            if (found == DB_OK) found = db_step(s);
            if (s) db_reset(s);
            if (found < 0) return found;
            if (found != DB_ROW) rc = ORG_ERR_NOT_FOUND;
        }
        return rc;
    }
    int64_t person_id;
    char nr[10], sender[INBOX_MAX_SENDER], subject[INBOX_MAX_SUBJECT], body[2048];
    if ((rc = member_about(d, member_id, &person_id, nr, org_name, sizeof org_name)) <= 0)
        return rc < 0 ? rc : DB_ERR;
    if (person_id == admin_person) return DB_OK;
    admin_sender(d, admin_person, org_name, sender, sizeof sender);
    join_cut(subject, sizeof subject, "Ny rolle for", " ", org_name);
    snprintf(body, sizeof body, "Rollen din for %s (org.nr. %s) er endret til %s.", org_name,
             orgnr, role);
    (void)now;
    return deliver(d, person_id, "org_role_changed", sender, subject, body, orgnr, "/virksomhet");
}

int org_user_set_role(db *d, const char *orgnr, int64_t admin_person, int64_t member_id,
                      const char *role, int64_t now)
{
    if (!role || (strcmp(role, ORG_ROLE_ADMIN) && strcmp(role, ORG_ROLE_USER)))
        return ORG_ERR_NOT_FOUND;
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    return db_finish(d, set_role_in_tx(d, orgnr, admin_person, member_id, role, now));
}

static int remove_in_tx(db *d, const char *orgnr, int64_t admin_person, int64_t member_id)
{
    char org_name[ORG_NAME_BYTES];
    int rc = org_lock(d, orgnr, org_name, sizeof org_name);
    if (rc <= 0) return rc == 0 ? ORG_ERR_NOT_FOUND : rc;
    int64_t person_id;
    char nr[10];
    int found = member_about(d, member_id, &person_id, nr, org_name, sizeof org_name);
    if (found < 0) return found;
    db_stmt *s = db_prepare(d, "DELETE FROM org_member WHERE id = $1 AND orgnr = $2 AND "
                               IS_ADMIN_OF_ORG " AND (role <> 'administrator' OR "
                               "status <> 'bekreftet' OR " CONFIRMED_ADMINS " > 1)");
    if (!s) return DB_ERR;
    rc = db_bind_int(s, 1, member_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, orgnr);
    if (rc == DB_OK) rc = db_bind_int(s, 3, admin_person);
    int64_t changed = db_step_changes(s, rc);
    if (changed < 0) return (int)changed;
    if (!changed) return why_unchanged(d, orgnr, admin_person, member_id, ORG_ERR_LAST_ADMIN);
    if (person_id == admin_person) return DB_OK;
    char sender[INBOX_MAX_SENDER], subject[INBOX_MAX_SUBJECT], body[2048];
    admin_sender(d, admin_person, org_name, sender, sizeof sender);
    join_cut(subject, sizeof subject, "Tilknytning slettet:", " ", org_name);
    snprintf(body, sizeof body,
             "Tilknytningen din til %s (org.nr. %s) på Min side er slettet av en administrator.",
             org_name, orgnr);
    return deliver(d, person_id, "org_removed", sender, subject, body, orgnr, NULL);
}

int org_user_remove(db *d, const char *orgnr, int64_t admin_person, int64_t member_id, int64_t now)
{
    (void)now;
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    return db_finish(d, remove_in_tx(d, orgnr, admin_person, member_id));
}

/* ---- The session's organisation, and requests ---------------------------------------------- */

int org_session_switch(db *d, int64_t session_id, int64_t person_id, const char *orgnr)
{
    db_stmt *s = db_prepare(d, "UPDATE session SET active_orgnr = $1 WHERE id = $2 "
                               "AND person_id = $3 AND EXISTS (SELECT 1 FROM org_member m "
                               "WHERE m.orgnr = $1 AND m.person_id = $3 "
                               "AND m.status IN ('ubekreftet', 'bekreftet'))");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, orgnr);
    if (rc == DB_OK) rc = db_bind_int(s, 2, session_id);
    if (rc == DB_OK) rc = db_bind_int(s, 3, person_id);
    int64_t changed = db_step_changes(s, rc);
    if (changed < 0) return (int)changed;
    return changed ? DB_OK : ORG_ERR_NOT_FOUND;
}

int org_request_create(db *d, int64_t person_id, const char *org_name, const char *orgnr,
                       const char *message, int64_t now)
{
    int rc = db_run(d, "INSERT INTO org_request (person_id, org_name, orgnr, message, created_at) "
                       "VALUES ($1, $2, $3, $4, $5)",
                    "ittti", person_id, org_name, orgnr && *orgnr ? orgnr : NULL, message, now);
    return rc < 0 ? rc : DB_OK;
}

int org_request_close(db *d, int64_t request_id, int64_t staff_id, int64_t now)
{
    db_stmt *s = db_prepare(d, "UPDATE org_request SET closed_at = $2, closed_by_staff = $3 "
                               "WHERE id = $1 AND closed_at IS NULL");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, request_id);
    if (rc == DB_OK) rc = db_bind_int(s, 2, now);
    if (rc == DB_OK) rc = db_bind_int(s, 3, staff_id);
    int64_t changed = db_step_changes(s, rc);
    if (changed < 0) return (int)changed;
    return changed ? DB_OK : ORG_ERR_NOT_FOUND;
}
