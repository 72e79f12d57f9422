/* A letter or document from the caseworker to a party: an outgoing entry (U) in the case file,
 * visible on the case to the party it went to and delivered to its persons' inboxes. To an
 * address outside the case it goes as an e-mail, which a confidential letter never may. */
#include <stdio.h>
#include <string.h>

#include "cases/case_db.h"
#include "cases/case_staff_internal.h"
#include "core/email.h"
#include "core/log.h"
#include "mail/mail.h"

/* Confidential letters are screened in the public journal. */
static const archive_screening confidential_screening = {
    .access_code = "Unntatt offentlighet",
    .legal_basis = "Offl. § 13 jf. fvl. § 13 første ledd nr. 1",
    .fields = ARCHIVE_SCREEN_DOCUMENT_TITLE | ARCHIVE_SCREEN_RECIPIENT_NAME,
};

/* The refusal is kept even though the letter is not: logged, and on the internal timeline in a
 * transaction of its own. */
static int refuse(db *d, const case_staff_case *c, const case_staff_actor *who,
                  const char *recipient, char *err, size_t errlen)
{
    int external = recipient && !strcmp(recipient, CASE_PARTY_EXTERNAL);
    log_warn("avviste teiepliktig brev i sak %lld (%s) til %s", (long long)c->id, c->reference,
             external ? "ekstern mottaker" : "en som ikke er part i saken");
    char text[300];
    snprintf(text, sizeof text, "Et teiepliktig brev ble stoppet: mottakeren %s.",
             external ? "var en ekstern e-postadresse" : "er ikke part i saken");
    if (db_begin(d) == DB_OK) db_finish(d, case_staff_event_add(d, c->id, "avvist", text, who->name, "intern"));
    return case_staff_fail(err, errlen, CASE_STAFF_ERR_REFUSED,
                           external ? "Teiepliktige brev og dokumenter kan ikke sendes på e-post "
                                      "eller til andre enn partene i saken. Sendingen er stoppet "
                                      "og logget."
                                    : "Mottakeren er ikke part i saken, og teiepliktige brev og "
                                      "dokumenter kan bare sendes til partene. Sendingen er "
                                      "stoppet og logget.");
}

/* Checks what can be checked before anything is written. */
static int letter_check(db *d, const case_staff_case *c, const case_staff_actor *who,
                        const case_letter_new *in, char *err, size_t errlen)
{
    int external = in->recipient && !strcmp(in->recipient, CASE_PARTY_EXTERNAL);
    const char *const *roles = case_staff_recipient_roles(in->recipient);
    if (!external && !roles)
        return in->confidential ? refuse(d, c, who, in->recipient, err, errlen)
                                : case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                                                  "Velg hvem brevet skal til.");
    if (external && in->confidential) return refuse(d, c, who, in->recipient, err, errlen);
    for (int i = 0; roles && roles[i]; i++)
        if (!case_staff_has_party(c, roles[i]))
            return in->confidential
                       ? refuse(d, c, who, in->recipient, err, errlen)
                       : case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                                         "Saken har ingen motpart å sende brevet til.");
    if (!c->case_file_id)
        return case_staff_fail(
            err, errlen, CASE_STAFF_ERR_CONFLICT,
            "Et tips har ingen saksmappe, så brev kan ikke journalføres på det.");
    if (!case_staff_text_ok(in->subject, CASE_STAFF_MAX_SUBJECT, 0))
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                               "Skriv et emne (høyst 200 tegn, på én linje).");
    if (!case_staff_text_ok(in->text, CASE_STAFF_MAX_TEXT, 1))
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                               "Skriv brevets tekst (høyst 20 000 tegn).");
    if (in->attachment_count > CASE_STAFF_MAX_ATTACHMENTS)
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                               "Du kan legge ved høyst 10 filer.");
    if (external && !email_valid(in->email))
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                               "Skriv en gyldig e-postadresse for den eksterne mottakeren.");
    if (external && in->attachment_count)
        return case_staff_fail(err, errlen, CASE_STAFF_ERR_INVALID,
                               "Vedlegg kan ikke sendes på e-post. Send brevet uten vedlegg.");
    return DB_OK;
}

/* The archive entry, the case's own record of it, and who is told. */
static int letter_register(db *d, const case_staff_case *c, const case_staff_actor *who,
                           const case_letter_new *in, int64_t *entry_id, char *err, size_t errlen)
{
    int external = !strcmp(in->recipient, CASE_PARTY_EXTERNAL);
    const char *const *roles = case_staff_recipient_roles(in->recipient);
    archive_party_new parties[2];
    char names[2][ARCHIVE_MAX_NAME + 1], orgnrs[2][10];
    size_t np = 0;
    int rc = DB_OK;
    if (external) {
        parties[np++] =
            (archive_party_new){ARCHIVE_PARTY_RECIPIENT, ARCHIVE_PARTY_PERSON, in->email, NULL};
    }
    for (int i = 0; roles && roles[i] && rc == DB_OK; i++, np++) {
        rc = case_staff_party_name(d, c, roles[i], names[np], sizeof names[np], orgnrs[np]);
        parties[np] =
            (archive_party_new){ARCHIVE_PARTY_RECIPIENT,
                                orgnrs[np][0] ? ARCHIVE_PARTY_ORGANISATION : ARCHIVE_PARTY_PERSON,
                                names[np], orgnrs[np][0] ? orgnrs[np] : NULL};
    }
    if (rc != DB_OK) return rc;
    archive_document_new docs[CASE_STAFF_MAX_ATTACHMENTS + 1];
    docs[0] = (archive_document_new){.title = in->subject,
                                     .file_name = "brev.txt",
                                     .mime_type = "text/plain",
                                     .bytes = in->text,
                                     .size = strlen(in->text)};
    for (size_t i = 0; i < in->attachment_count; i++)
        docs[i + 1] = in->attachments[i];
    archive_entry_new en = {.case_file_id = c->case_file_id,
                            .type = ARCHIVE_ENTRY_OUTGOING,
                            .title = in->subject,
                            .created_by = who->name,
                            .parties = parties,
                            .party_count = np,
                            .documents = docs,
                            .document_count = in->attachment_count + 1,
                            .screening = in->confidential ? &confidential_screening : NULL};
    archive_entry e = {0};
    rc = archive_entry_register(d, &en, &e, err, errlen);
    if (rc == ARCHIVE_ERR_INVALID) return CASE_STAFF_ERR_INVALID;
    if (rc != DB_OK) return rc;
    *entry_id = e.id;
    /* A letter to someone outside the case is the caseworker's record only. */
    const char *audience = external ? "intern" : in->recipient;
    rc = in->confidential ? archive_entry_set_confidential(d, e.id, 1, who->name) : DB_OK;
    if (rc == DB_OK)
        rc = case_entry_link(d, c->id, e.id, audience);
    char event[400];
    snprintf(event, sizeof event, "Brev %s sendt%s: %s", e.registry_id,
             external ? " på e-post til en ekstern mottaker" : "", in->subject);
    if (rc == DB_OK) rc = case_staff_event_add(d, c->id, "brev", event, who->name, audience);
    if (rc == DB_OK && roles) {
        rc = case_staff_notify(d, c, roles, "case_letter", in->subject, in->text);
        if (rc > 0) rc = DB_OK;
    }
    if (rc == DB_OK && external) {
        /* Never confidential here: letter_check refused that. */
        rc = mail_enqueue(d, in->email, in->subject, in->text, NULL);
        if (rc == MAIL_SKIPPED)
            rc = DB_OK;
        else if (rc == MAIL_ERR_ADDRESS || rc == MAIL_ERR_TEXT)
            rc = case_staff_fail(
                err, errlen, CASE_STAFF_ERR_INVALID,
                "Brevet kunne ikke legges i e-postkøen: sjekk adressen og teksten.");
    }
    return rc;
}

int case_staff_send_letter(db *d, const case_staff_case *c, const case_staff_actor *who,
                           const case_letter_new *in, int64_t *entry_id, char *err, size_t errlen)
{
    int rc = letter_check(d, c, who, in, err, errlen);
    if (rc != DB_OK) return rc;
    rc = db_begin(d);
    if (rc != DB_OK) return rc;
    rc = letter_register(d, c, who, in, entry_id, err, errlen);
    return db_finish(d, rc);
}
