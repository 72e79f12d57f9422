/* The parties of a case as the caseworker's actions need them: who they are, what they are
 * called in the archive, and which persons are told. */
#include <stdio.h>
#include <string.h>

#include "auth/person.h"
#include "cases/case_staff_internal.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "inbox/inbox.h"
#include "org/org_db.h"

int case_staff_fail(char *err, size_t errlen, int code, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return code;
}

int case_staff_text_ok(const char *s, size_t max, int multiline)
{
    if (!s) return 0;
    size_t len = strlen(s);
    if (len == 0 || len > max || !utf8_valid(s, len) || strspn(s, " \t\r\n") == len) return 0;
    for (const char *p = s; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '\r' || ch == '\n') {
            if (!multiline) return 0;
        } else if ((ch < 0x20 && ch != '\t') || ch == 0x7F) {
            return 0;
        }
    }
    return 1;
}

int case_staff_event_add(db *d, int64_t case_id, const char *kind, const char *text,
                         const char *actor, const char *audience)
{
    return db_run(d,
                  "INSERT INTO case_event (case_id, kind, text, actor, audience, created_at) "
                  "VALUES ($1, $2, $3, $4, $5, $6)",
                  "itttti", case_id, kind, text, actor, audience, clock_now());
}

int case_staff_has_party(const case_staff_case *c, const char *role)
{
    if (!strcmp(role, CASE_PARTY_SUBMITTER)) return c->submitter_orgnr[0] || c->submitter_person_id;
    if (!strcmp(role, CASE_PARTY_COUNTERPART)) return c->counterpart_orgnr[0] != '\0';
    return 0;
}

static void person_add(int64_t id, int64_t *out, int max, int *n)
{
    for (int i = 0; i < *n; i++)
        if (out[i] == id) return;
    if (*n < max) out[(*n)++] = id;
}

int case_staff_party_persons(db *d, const case_staff_case *c, const char *role, int64_t *out,
                             int max, int *n)
{
    if (!strcmp(role, CASE_PARTY_SUBMITTER) && !c->submitter_orgnr[0]) {
        if (c->submitter_person_id) person_add(c->submitter_person_id, out, max, n);
        return DB_OK;
    }
    /* The organisation's confirmed administrators, and its confirmed users given the case:
     * the same people CASE_VISIBLE_SQL lets see it. */
    db_stmt *s = db_prepare(
        d, "SELECT m.person_id FROM case_org co JOIN org_member m ON m.orgnr = co.orgnr "
           "WHERE co.case_id = $1 AND co.party_role = $2 AND m.status = 'bekreftet' AND "
           "(m.role = 'administrator' OR EXISTS (SELECT 1 FROM case_access a "
           "WHERE a.case_id = co.case_id AND a.person_id = m.person_id)) ORDER BY m.person_id");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, c->id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, role);
    while (rc == DB_OK && (rc = db_step(s)) == DB_ROW) {
        person_add(db_col_int(s, 0), out, max, n);
        rc = DB_OK;
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

int case_staff_party_name(db *d, const case_staff_case *c, const char *role, char *name,
                          size_t namelen, char orgnr[10])
{
    const char *nr =
        !strcmp(role, CASE_PARTY_SUBMITTER) ? c->submitter_orgnr : c->counterpart_orgnr;
    snprintf(orgnr, 10, "%s", nr);
    int rc = nr[0] ? org_name_copy(d, nr, name, namelen)
                   : person_name_copy(d, c->submitter_person_id, name, namelen);
    if (rc < 0) return rc;
    if (rc == 1 && *name) return DB_OK;
    if (nr[0])
        snprintf(name, namelen, "Org.nr. %s", nr);
    else
        snprintf(name, namelen, "Forbruker");
    return DB_OK;
}

int case_staff_notify(db *d, const case_staff_case *c, const char *const *roles, const char *kind,
                      const char *subject, const char *body)
{
    int64_t persons[CASE_STAFF_MAX_PERSONS];
    int n = 0;
    for (int i = 0; roles[i]; i++) {
        int rc = case_staff_party_persons(d, c, roles[i], persons, CASE_STAFF_MAX_PERSONS, &n);
        if (rc != DB_OK) return rc;
    }
    char link[48];
    snprintf(link, sizeof link, "/saker/%lld", (long long)c->id);
    for (int i = 0; i < n; i++) {
        inbox_message_new m = {.person_id = persons[i],
                               .kind = kind,
                               .sender = "Forbrukertilsynet",
                               .subject = subject,
                               .body = body,
                               .case_id = c->id,
                               .link_path = link};
        int rc = inbox_deliver(d, &m, NULL);
        if (rc != 0) return rc;
    }
    return n;
}

const char *const *case_staff_recipient_roles(const char *recipient)
{
    static const char *const submitter[] = {CASE_PARTY_SUBMITTER, NULL};
    static const char *const counterpart[] = {CASE_PARTY_COUNTERPART, NULL};
    static const char *const both[] = {CASE_PARTY_SUBMITTER, CASE_PARTY_COUNTERPART, NULL};
    if (!recipient) return NULL;
    if (!strcmp(recipient, CASE_PARTY_SUBMITTER)) return submitter;
    if (!strcmp(recipient, CASE_PARTY_COUNTERPART)) return counterpart;
    if (!strcmp(recipient, CASE_PARTY_BOTH)) return both;
    return NULL;
}
