/* Filing a case and the parties' later steps, each in one transaction with its archive
 * registration. */
#include "cases/case_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/case_rules.h"
#include "core/clock.h"
#include "core/workdays.h"
#include "inbox/inbox.h"
#include "retention/retention.h"

#define CASE_CREATED_BY "Min side"

void case_tip_reference(char out[32], int year, int64_t id)
{
    snprintf(out, 32, "T-%04d-%06lld", year, (long long)id);
}

/* The words of a private person's name, screened in public titles (the privacy statement:
 * the names of consumers in complaint cases are not public). words holds pointers into buf. */
static size_t name_words(const char *name, char *buf, size_t buflen, const char **words,
                         size_t max)
{
    snprintf(buf, buflen, "%s", name ? name : "");
    size_t n = 0;
    for (char *save = NULL, *w = strtok_r(buf, " \t", &save); w && n + 1 < max;
         w = strtok_r(NULL, " \t", &save))
        words[n++] = w;
    words[n] = NULL;
    return n;
}

typedef struct {
    char buf[ARCHIVE_MAX_NAME + 1];
    const char *words[ARCHIVE_MAX_WORDS + 1];
    archive_screening sc;
} consumer_screening;

/* The screening of an entry a consumer sends: their name in the title and as sender. NULL for
 * an organisation, whose name is public. */
static const archive_screening *screening_for(const case_actor_info *by, consumer_screening *cs)
{
    if (by->orgnr) return NULL;
    unsigned fields = ARCHIVE_SCREEN_SENDER_NAME;
    if (name_words(by->name, cs->buf, sizeof cs->buf, cs->words, ARCHIVE_MAX_WORDS + 1) > 0)
        fields |= ARCHIVE_SCREEN_TITLE_WORDS;
    cs->sc = (archive_screening){.access_code = "Skjermet",
                                 .legal_basis = CASE_SCREENING_BASIS,
                                 .fields = fields,
                                 .words = cs->words,
                                 .years = 0};
    return &cs->sc;
}

static archive_party_new sender_party(const case_actor_info *by)
{
    if (by->orgnr)
        return (archive_party_new){ARCHIVE_PARTY_SENDER, ARCHIVE_PARTY_ORGANISATION,
                                   by->org_name && *by->org_name ? by->org_name : by->orgnr,
                                   by->orgnr};
    return (archive_party_new){ARCHIVE_PARTY_SENDER, ARCHIVE_PARTY_PERSON, by->name, NULL};
}

static int event_add(db *d, int64_t case_id, const char *kind, const char *text,
                     const char *actor, const char *audience)
{
    return db_run(d,
                  "INSERT INTO case_event (case_id, kind, text, actor, audience, created_at) "
                  "VALUES ($1, $2, $3, $4, $5, $6)",
                  "itttti", case_id, kind, text, actor, audience, clock_now()) < 0
               ? DB_ERR
               : DB_OK;
}

/* Registers an incoming entry on the case's file: the main text (when given) and the files;
 * links it to the case for audience. */
static int entry_incoming(db *d, int64_t case_id, int64_t case_file_id, const char *title,
                          const case_actor_info *by, const archive_party_new *recipient,
                          const char *main_title, const char *main_text,
                          const archive_document_new *files, size_t n, const char *audience,
                          char *err, size_t errlen)
{
    archive_document_new docs[CASE_MAX_ATTACHMENTS + 1];
    size_t count = 0;
    if (n > CASE_MAX_ATTACHMENTS) {
        snprintf(err, errlen, "Du kan legge ved høyst %d filer.", CASE_MAX_ATTACHMENTS);
        return CASE_ERR_INVALID;
    }
    if (main_text)
        docs[count++] = (archive_document_new){.title = main_title,
                                               .file_name = "melding.txt",
                                               .mime_type = "text/plain",
                                               .bytes = main_text,
                                               .size = strlen(main_text)};
    for (size_t i = 0; i < n; i++) docs[count++] = files[i];
    archive_party_new parties[2] = {sender_party(by)};
    size_t party_count = 1;
    if (recipient) parties[party_count++] = *recipient;
    consumer_screening cs;
    archive_entry_new in = {.case_file_id = case_file_id,
                            .type = ARCHIVE_ENTRY_INCOMING,
                            .title = title,
                            .created_by = CASE_CREATED_BY,
                            .parties = parties,
                            .party_count = party_count,
                            .documents = docs,
                            .document_count = count,
                            .screening = screening_for(by, &cs)};
    archive_entry e;
    int rc = archive_entry_register(d, &in, &e, err, errlen);
    if (rc == DB_OK)
        rc = case_entry_link(d, case_id, e.id, audience);
    return rc;
}

static int insert_case(db *d, const case_submission *in, const char *reference,
                       int64_t case_file_id, const char *delete_after, int64_t *id)
{
    int64_t now = clock_now();
    db_stmt *s = db_prepare(
        d, "INSERT INTO case_record (case_type, status, reference, case_file_id, title, details, "
           "submitter_person_id, submitter_orgnr, counterpart_orgnr, delete_after, created_at, "
           "updated_at) VALUES ($1, 'mottatt', $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) "
           "RETURNING id");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, in->case_type);
    if (rc == DB_OK) rc = db_bind_text(s, 2, reference);
    if (rc == DB_OK) rc = case_file_id ? db_bind_int(s, 3, case_file_id) : db_bind_null(s, 3);
    if (rc == DB_OK) rc = db_bind_text(s, 4, in->title);
    if (rc == DB_OK) rc = db_bind_text(s, 5, in->details_json);
    if (rc == DB_OK) rc = db_bind_int(s, 6, in->by.person_id);
    if (rc == DB_OK) rc = db_bind_text(s, 7, in->by.orgnr);
    if (rc == DB_OK) rc = db_bind_text(s, 8, in->counterpart_orgnr);
    if (rc == DB_OK) rc = db_bind_text(s, 9, delete_after);
    if (rc == DB_OK) rc = db_bind_int(s, 10, now);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *id = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

static int org_link(db *d, const char *orgnr, const char *type, int64_t case_id, const char *role)
{
    return db_run(d,
                  "INSERT INTO case_org (orgnr, case_type, case_id, party_role, status, "
                  "deadline_key) SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), id, CAST($4 AS TEXT), "
                  "status, COALESCE(deadline, '9999-12-31') FROM case_record WHERE id = $3",
                  "ttit", orgnr, type, case_id, role) < 0
               ? DB_ERR
               : DB_OK;
}

/* A tip: no case file; its own reference from its id, and a deletion date. */
static int submit_tip(db *d, const case_submission *in, case_receipt *out)
{
    civil_date today = civil_date_oslo(clock_now());
    civil_date del = today;
    int months = in->tip_retention_months;
    del.month += months % 12;
    del.year += months / 12 + (del.month > 12);
    if (del.month > 12) del.month -= 12;
    while (del.day > 28) {
        char probe[11];
        civil_date tmp;
        civil_date_format(del, probe);
        if (civil_date_parse(probe, &tmp) == 0) break;
        del.day--;
    }
    char delete_after[11], placeholder[37];
    civil_date_format(del, delete_after);
    archive_uuid_v4(placeholder); /* unique until the id is known */
    int rc = insert_case(d, in, placeholder, 0, delete_after, &out->case_id);
    if (rc == DB_OK) {
        case_tip_reference(out->reference, today.year, out->case_id);
        rc = db_run(d, "UPDATE case_record SET reference = $1 WHERE id = $2", "ti", out->reference,
                    out->case_id) < 0
                 ? DB_ERR
                 : DB_OK;
    }
    return rc;
}

static int submit_with_file(db *d, const case_submission *in, case_receipt *out, char *err,
                            size_t errlen)
{
    consumer_screening cs;
    const archive_screening *sc = screening_for(&in->by, &cs);
    archive_case_file_new cf = {.title = in->title,
                                .screened_words = sc && (sc->fields & ARCHIVE_SCREEN_TITLE_WORDS)
                                                      ? sc->words
                                                      : NULL,
                                .admin_unit = CASE_AUTHORITY,
                                .caseworker = CASE_AUTHORITY,
                                .created_by = CASE_CREATED_BY};
    archive_case_file f;
    int rc = archive_case_file_open(d, &cf, &f, err, errlen);
    if (rc == DB_OK) {
        snprintf(out->reference, sizeof out->reference, "%s", f.number);
        rc = insert_case(d, in, f.number, f.id, NULL, &out->case_id);
    }
    archive_party_new authority = {ARCHIVE_PARTY_RECIPIENT, ARCHIVE_PARTY_ORGANISATION,
                                   CASE_AUTHORITY, NULL};
    if (rc == DB_OK)
        rc = entry_incoming(d, out->case_id, f.id, in->title, &in->by, &authority,
                            in->title, in->document_text, in->attachments, in->attachment_count,
                            "parter", err, errlen);
    return rc;
}

int case_submit(db *d, const case_submission *in, case_receipt *out, char *err, size_t errlen)
{
    const case_type_info *t = case_type_find(in->case_type);
    err[0] = '\0';
    memset(out, 0, sizeof *out);
    if (!t) return CASE_ERR_INVALID;
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    rc = t->journal_bound ? submit_with_file(d, in, out, err, errlen) : submit_tip(d, in, out);
    if (rc == DB_OK && in->by.orgnr) rc = org_link(d, in->by.orgnr, t->code, out->case_id, "innsender");
    if (rc == DB_OK && in->counterpart_orgnr)
        rc = org_link(d, in->counterpart_orgnr, t->code, out->case_id, "motpart");
    if (rc == DB_OK)
        rc = event_add(d, out->case_id, "mottatt",
                       !strcmp(t->code, CASE_TYPE_TIP)
                           ? "Tipset er mottatt."
                           : "Saken er mottatt og registrert i arkivet.",
                       in->by.orgnr ? in->by.org_name : in->by.name, "parter");
    return db_finish(d, rc);
}

static const char *actor_label(const case_actor_info *by)
{
    return by->orgnr && by->org_name && *by->org_name ? by->org_name : by->name;
}

/* Marks the case changed, only while it is still in the status the caller saw: a step taken
 * at the same moment by someone else makes this one refused, not doubled. */
static int touch_in_status(db *d, int64_t case_id, const char *status)
{
    db_stmt *s = db_prepare(d, "UPDATE case_record SET updated_at = $1 WHERE id = $2 AND status = $3");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, clock_now());
    if (rc == DB_OK) rc = db_bind_int(s, 2, case_id);
    if (rc == DB_OK) rc = db_bind_text(s, 3, status);
    int64_t changed = db_step_changes(s, rc);
    if (changed < 0) return (int)changed;
    return changed == 1 ? DB_OK : CASE_ERR_REFUSED;
}

int case_documents_add(db *d, const case_access_info *a, const case_actor_info *by,
                       const char *comment, const archive_document_new *docs, size_t n,
                       char *err, size_t errlen)
{
    err[0] = '\0';
    if (!case_may_send_more(a->case_type, a->status) || !a->case_file_id) return CASE_ERR_REFUSED;
    if (n == 0) {
        snprintf(err, errlen, "Du må legge ved minst én fil.");
        return CASE_ERR_INVALID;
    }
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    rc = touch_in_status(d, a->case_id, a->status);
    archive_party_new authority = {ARCHIVE_PARTY_RECIPIENT, ARCHIVE_PARTY_ORGANISATION,
                                   CASE_AUTHORITY, NULL};
    if (rc == DB_OK)
        rc = entry_incoming(d, a->case_id, a->case_file_id, "Ettersendt dokumentasjon", by,
                            &authority, "Kommentar", comment && *comment ? comment : NULL, docs,
                            n, "parter", err, errlen);
    char text[128];
    snprintf(text, sizeof text, "%zu %s ettersendt.", n, n == 1 ? "dokument er" : "dokumenter er");
    if (rc == DB_OK) rc = event_add(d, a->case_id, "dokumentasjon", text, actor_label(by), "parter");
    return db_finish(d, rc);
}

typedef struct {
    int64_t caseworker; /* 0: none yet */
    char caseworker_name[ARCHIVE_MAX_NAME + 1];
    char title[ARCHIVE_MAX_TITLE + 1];
} case_facts;

static int facts_get(db *d, int64_t case_id, case_facts *f)
{
    db_stmt *s = db_prepare(d, "SELECT COALESCE(c.caseworker_staff_id, 0), s.name, c.title "
                               "FROM case_record c LEFT JOIN staff s ON s.id = c.caseworker_staff_id "
                               "WHERE c.id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        f->caseworker = db_col_int(s, 0);
        snprintf(f->caseworker_name, sizeof f->caseworker_name, "%s",
                 db_col_text(s, 1) ? db_col_text(s, 1) : CASE_AUTHORITY);
        snprintf(f->title, sizeof f->title, "%s", db_col_text(s, 2));
    }
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc == DB_DONE ? CASE_ERR_NOT_FOUND : rc;
}

/* The people on the other side of the case from party_role: the confirmed administrators of
 * its organisations there and the persons given the case. At most max ids. */
static int other_side(db *d, int64_t case_id, const char *party_role, int64_t *ids, int max)
{
    db_stmt *s = db_prepare(
        d, "SELECT DISTINCT m.person_id FROM case_org co JOIN org_member m ON m.orgnr = co.orgnr "
           "AND m.status = 'bekreftet' WHERE co.case_id = $1 AND co.party_role <> $2 AND "
           "(m.role = 'administrator' OR EXISTS (SELECT 1 FROM case_access a WHERE "
           "a.case_id = co.case_id AND a.person_id = m.person_id)) ORDER BY m.person_id");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, party_role);
    int n = 0;
    while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
        if (n < max) ids[n++] = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_DONE ? n : rc < 0 ? rc : DB_ERR;
}

enum { CASE_NOTIFY_MAX = 200 };

int case_withdraw(db *d, const case_access_info *a, const case_actor_info *by, const char *reason,
                  char *err, size_t errlen)
{
    err[0] = '\0';
    if (!a->is_submitter || !case_may_withdraw(a->case_type, a->status)) return CASE_ERR_REFUSED;
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    int64_t now = clock_now();
    db_stmt *s = db_prepare(
        d, "UPDATE case_record SET status = 'trukket', withdrawn_reason = $1, closed_at = $2, "
           "updated_at = $2, deadline = NULL, deadline_text = NULL "
           "WHERE id = $3 AND status = $4 AND submitter_person_id = $5");
    rc = s ? db_bind_text(s, 1, reason && *reason ? reason : NULL) : DB_ERR;
    if (rc == DB_OK) rc = db_bind_int(s, 2, now);
    if (rc == DB_OK) rc = db_bind_int(s, 3, a->case_id);
    if (rc == DB_OK) rc = db_bind_text(s, 4, a->status);
    if (rc == DB_OK) rc = db_bind_int(s, 5, by->person_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_DONE) rc = db_changes(s) == 1 ? DB_OK : CASE_ERR_REFUSED;
    if (s) db_reset(s);
    case_facts f;
    if (rc == DB_OK) rc = facts_get(d, a->case_id, &f);
    if (rc == DB_OK && a->case_file_id) {
        rc = archive_case_file_set_status(d, a->case_file_id,
                                          case_archive_status(a->case_type, CASE_STATUS_WITHDRAWN),
                                          CASE_CREATED_BY);
        char *text = NULL;
        if (rc == DB_OK && asprintf(&text, "Innsenderen trekker saken %s.\n\nBegrunnelse: %s\n",
                                    a->reference, reason && *reason ? reason : "(ingen)") < 0)
            abort();
        if (rc == DB_OK)
            rc = entry_incoming(d, a->case_id, a->case_file_id, "Saken trekkes", by, NULL,
                                "Melding om at saken trekkes", text, NULL, 0, "parter", err,
                                errlen);
        free(text);
    }
    char *event = NULL;
    if (asprintf(&event, "Saken er trukket av innsenderen.%s%s", reason && *reason ? " Begrunnelse: " : "",
                 reason && *reason ? reason : "") < 0)
        abort();
    if (rc == DB_OK) rc = event_add(d, a->case_id, "trukket", event, actor_label(by), "parter");
    free(event);
    if (rc == DB_OK && f.caseworker)
        rc = event_add(d, a->case_id, "trukket", "Saken er trukket: saksbehandleren er varslet.",
                       actor_label(by), "intern");
    int64_t ids[CASE_NOTIFY_MAX];
    int n = rc == DB_OK ? other_side(d, a->case_id, a->party_role, ids, CASE_NOTIFY_MAX) : 0;
    if (n < 0) rc = n;
    char link[48];
    snprintf(link, sizeof link, "/saker/%lld", (long long)a->case_id);
    for (int i = 0; rc == DB_OK && i < n; i++) {
        char subject[96];
        snprintf(subject, sizeof subject, "Sak %s er trukket", a->reference);
        inbox_message_new m = {.person_id = ids[i],
                               .kind = "case_withdrawn",
                               .sender = CASE_AUTHORITY,
                               .subject = subject,
                               .body = "Innsenderen har trukket saken. Saken er avsluttet, og du "
                                       "trenger ikke gjøre noe mer.",
                               .case_id = a->case_id,
                               .link_path = link};
        rc = inbox_deliver(d, &m, NULL);
    }
    return db_finish(d, rc);
}

int case_contact_send(db *d, const case_access_info *a, const case_actor_info *by,
                      int64_t staff_id, const char *subject, const char *text,
                      const archive_document_new *docs, size_t n, char *err, size_t errlen)
{
    err[0] = '\0';
    if (!a->case_file_id) return CASE_ERR_REFUSED;
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    case_facts f;
    rc = facts_get(d, a->case_id, &f);
    if (rc == DB_OK && staff_id != f.caseworker) {
        snprintf(err, errlen, "Mottakeren du valgte, er ikke saksbehandler i denne saken.");
        rc = CASE_ERR_INVALID;
    }
    archive_party_new recipient = {ARCHIVE_PARTY_RECIPIENT,
                                   f.caseworker ? ARCHIVE_PARTY_PERSON : ARCHIVE_PARTY_ORGANISATION,
                                   f.caseworker ? f.caseworker_name : CASE_AUTHORITY, NULL};
    char *title = NULL, *body = NULL;
    if (asprintf(&title, "Melding: %s", subject) < 0 ||
        asprintf(&body, "Emne: %s\n\n%s\n", subject, text) < 0)
        abort();
    if (rc == DB_OK)
        rc = entry_incoming(d, a->case_id, a->case_file_id, title, by, &recipient, title, body,
                            docs, n, a->party_role, err, errlen);
    char *event = NULL;
    if (asprintf(&event, "Ny melding fra %s: %s", actor_label(by), subject) < 0) abort();
    if (rc == DB_OK) rc = event_add(d, a->case_id, "melding", event, actor_label(by), "intern");
    free(event);
    if (asprintf(&event, "Melding sendt til %s: %s", recipient.name, subject) < 0) abort();
    if (rc == DB_OK) rc = event_add(d, a->case_id, "melding", event, actor_label(by), a->party_role);
    if (rc == DB_OK)
        rc = db_run(d, "UPDATE case_record SET updated_at = $1 WHERE id = $2", "ii", clock_now(),
                    a->case_id) < 0
                 ? DB_ERR
                 : DB_OK;
    free(event);
    free(title);
    free(body);
    return db_finish(d, rc);
}

static int case_access_change(db *d, int64_t case_id, const char *orgnr, int64_t admin_person_id,
                              int64_t person_id, int give);
enum { CASE_ACCESS_UNCHANGED = 1 };

/* The change of access on the organisation's side of the timeline: «Kari Testesen ga Ola
 * Testmann tilgang til saken.» */
static int access_event_add(db *d, int64_t case_id, const char *orgnr, int64_t admin_person_id,
                            int64_t person_id, int give)
{
    db_stmt *s = db_prepare(d, "SELECT COALESCE(g.name, 'En administrator'), "
                               "COALESCE(p.name, 'en bruker'), co.party_role FROM case_org co, "
                               "person g, person p WHERE co.case_id = $1 AND co.orgnr = $2 "
                               "AND g.id = $3 AND p.id = $4");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, orgnr);
    if (rc == DB_OK) rc = db_bind_int(s, 3, admin_person_id);
    if (rc == DB_OK) rc = db_bind_int(s, 4, person_id);
    if (rc == DB_OK) rc = db_step(s);
    char actor[320] = "", text[800] = "", audience[16] = "";
    if (rc == DB_ROW) {
        snprintf(actor, sizeof actor, "%s", db_col_text(s, 0));
        if (snprintf(text, sizeof text, give ? "%s ga %s tilgang til saken."
                                             : "%s fjernet tilgangen %s hadde til saken.",
                     actor, db_col_text(s, 1)) < 0)
            text[0] = '\0';
        snprintf(audience, sizeof audience, "%s", db_col_text(s, 2));
    }
    db_reset(s);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    return event_add(d, case_id, "tilgang", text, actor, audience);
}

int case_access_set(db *d, int64_t case_id, const char *orgnr, int64_t admin_person_id,
                    int64_t person_id, int give)
{
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    rc = case_access_change(d, case_id, orgnr, admin_person_id, person_id, give);
    if (rc == DB_OK) rc = access_event_add(d, case_id, orgnr, admin_person_id, person_id, give);
    if (rc == CASE_ACCESS_UNCHANGED) {
        db_rollback(d);
        return DB_OK;
    }
    return db_finish(d, rc);
}

/* Every condition in the statements: the giver ($3) is a confirmed administrator of orgnr ($2)
 * and the case ($1) belongs to orgnr; the person ($4) must be a confirmed `bruker` there. */
#define ADMIN_OF_CASE_SQL                                                                        \
    "EXISTS (SELECT 1 FROM org_member g WHERE g.orgnr = $2 AND g.person_id = $3 AND "           \
    "g.status = 'bekreftet' AND g.role = 'administrator') AND EXISTS (SELECT 1 FROM case_org co " \
    "WHERE co.case_id = $1 AND co.orgnr = $2)"

/* The change itself; CASE_ACCESS_UNCHANGED when the person already has (or, taking, already
 * lacks) the access and the giver may decide it. */
static int case_access_change(db *d, int64_t case_id, const char *orgnr, int64_t admin_person_id,
                              int64_t person_id, int give)
{
    db_stmt *s =
        give ? db_prepare(d, "INSERT INTO case_access (case_id, person_id, orgnr, granted_by, "
                             "granted_at) SELECT CAST($1 AS BIGINT), m.person_id, m.orgnr, CAST($3 AS BIGINT), "
                             "CAST($5 AS BIGINT) FROM org_member m "
                             "WHERE m.orgnr = $2 AND m.person_id = $4 AND m.status = 'bekreftet' "
                             "AND m.role = 'bruker' AND " ADMIN_OF_CASE_SQL " AND NOT EXISTS "
                             "(SELECT 1 FROM case_access x WHERE x.case_id = $1 AND x.person_id = $4)")
             : db_prepare(d, "DELETE FROM case_access WHERE case_id = $1 AND orgnr = $2 AND "
                             "person_id = $4 AND CAST($5 AS BIGINT) > 0 AND " ADMIN_OF_CASE_SQL);
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, case_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, orgnr);
    if (rc == DB_OK) rc = db_bind_int(s, 3, admin_person_id);
    if (rc == DB_OK) rc = db_bind_int(s, 4, person_id);
    if (rc == DB_OK) rc = db_bind_int(s, 5, clock_now());
    int64_t changed = db_step_changes(s, rc);
    if (changed < 0) return (int)changed;
    if (changed == 1) return DB_OK;
    /* Nothing changed: a repeated click (the access is already as asked) is no error, but only
     * for an administrator of the case's organisation and a confirmed bruker there. */
    s = db_prepare(d, "SELECT (SELECT COUNT(*) FROM case_access x WHERE x.case_id = $1 AND "
                      "x.person_id = $4) FROM org_member m WHERE m.orgnr = $2 AND m.person_id = $4 "
                      "AND m.status = 'bekreftet' AND m.role = 'bruker' AND " ADMIN_OF_CASE_SQL);
    if (!s) return DB_ERR;
    rc = db_bind_int(s, 1, case_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, orgnr);
    if (rc == DB_OK) rc = db_bind_int(s, 3, admin_person_id);
    if (rc == DB_OK) rc = db_bind_int(s, 4, person_id);
    if (rc == DB_OK) rc = db_step(s);
    int has = rc == DB_ROW && db_col_int(s, 0) > 0;
    db_reset(s);
    if (rc < 0) return rc;
    return rc == DB_ROW && has == give ? CASE_ACCESS_UNCHANGED : CASE_ERR_NOT_FOUND;
}
#undef ADMIN_OF_CASE_SQL

int case_tips_due_list(db *d, const char *today, int64_t after_id, struct retention_item *items, int max)
{
    return retention_items_read(db_prepare_bind(d, "SELECT id, created_at FROM case_record WHERE case_type = 'tips' "
                                                   "AND delete_after IS NOT NULL AND delete_after < $1 AND id > $2 "
                                                   "ORDER BY id LIMIT $3",
                                                "tii", today, after_id, (int64_t)max),
                                items, max);
}

/* The timeline and the access rows go with the tip (ON DELETE CASCADE). */
int case_tip_due_delete(db *d, int64_t id, const char *today)
{
    return (int)db_run_changes(d, "DELETE FROM case_record WHERE id = $1 AND case_type = 'tips' "
                                  "AND delete_after IS NOT NULL AND delete_after < $2",
                               "it", id, today);
}
