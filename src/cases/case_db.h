/* The public side's writes to cases: filing, further documentation, withdrawal, «Kontakt oss»
 * and the access an administrator gives a `bruker`. Each function is one user action and owns
 * its transaction: the case rows, the archive registration and any inbox messages commit
 * together or not at all. Access has been decided by case_access_get() before these are called,
 * and the writes repeat the decisive conditions in their own SQL. */
#ifndef MINSIDE_CASES_CASE_DB_H
#define MINSIDE_CASES_CASE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"
#include "cases/case_access.h"
#include "db/db.h"

enum {
    CASE_ERR_INVALID = -60, /* the input was wrong: err holds a Norwegian message */
    CASE_ERR_REFUSED = -61, /* the step is not allowed in this case's type or status */
    CASE_ERR_NOT_FOUND = -62,
};

enum {
    CASE_MAX_LINE = 200,           /* bytes of a one-line field (subject, what was bought) */
    CASE_MAX_TEXT = 10000,         /* bytes of a free-text field */
    CASE_MAX_ATTACHMENTS = 10      /* files in one submission or letter; their size: MINSIDE_MAX_FILE_BYTES */
};

#define CASE_AUTHORITY "Forbrukertilsynet"
#define CASE_SCREENING_BASIS "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"

/* Who acts: the logged-in person and, when acting for an organisation, which one. */
typedef struct {
    int64_t person_id;
    const char *name;     /* the person's name from the profile */
    const char *orgnr;    /* NULL: as a private person (consumer) */
    const char *org_name; /* with orgnr */
} case_actor_info;

typedef struct {
    const char *case_type;         /* CASE_TYPE_* */
    case_actor_info by;
    const char *counterpart_orgnr; /* mediation: the business complained about */
    const char *counterpart_name;
    const char *title;             /* the case's title as the parties see it */
    const char *details_json;      /* the form's fields */
    const char *document_text;     /* the submission as the main document (plain text) */
    const archive_document_new *attachments;
    size_t attachment_count;
    int tip_retention_months;      /* tips: months until deletion */
} case_submission;

typedef struct {
    int64_t case_id;
    char reference[32];
} case_receipt;

/* Files a case. Returns 0, CASE_ERR_INVALID / ARCHIVE_ERR_INVALID (err says why) or a db code. */
int case_submit(db *d, const case_submission *in, case_receipt *out, char *err, size_t errlen);

/* «Ettersend dokumentasjon»: an incoming entry with the files, shown to both parties. */
int case_documents_add(db *d, const case_access_info *a, const case_actor_info *by,
                       const char *comment, const archive_document_new *docs, size_t n,
                       char *err, size_t errlen);

/* «Trekk saken»: the submitter withdraws; the other party and the caseworker are told. */
int case_withdraw(db *d, const case_access_info *a, const case_actor_info *by, const char *reason,
                  char *err, size_t errlen);

/* «Kontakt oss»: a message to the case's caseworker (staff_id) or, while the case has none, to
 * the authority (staff_id 0). A recipient not on the case gives CASE_ERR_INVALID. */
int case_contact_send(db *d, const case_access_info *a, const case_actor_info *by,
                      int64_t staff_id, const char *subject, const char *text,
                      const archive_document_new *docs, size_t n, char *err, size_t errlen);

/* An administrator of orgnr gives or takes a confirmed `bruker` of the same organisation access
 * to a case of that organisation, and the change is on the organisation's side of the
 * timeline, in one transaction. Returns 0 (also when the access already was as asked), or
 * CASE_ERR_NOT_FOUND when any of those conditions fails (decided in the statements). */
int case_access_set(db *d, int64_t case_id, const char *orgnr, int64_t admin_person_id,
                    int64_t person_id, int give);

/* A registry entry of a case and whom it is shared with: "parter" (both parties),
 * "innsender", "motpart" or "intern". */
typedef struct {
    int64_t entry_id;
    char audience[16];
} case_entry_ref;

/* Links a registered entry to the case, shared with audience (in the caller's transaction). */
int case_entry_link(db *d, int64_t case_id, int64_t entry_id, const char *audience);
/* The case's entries, by entry id (*out malloc'd): all of them (for staff), or those shared with
 * party_role's side, and only while person_id may see the case. Returns 0 or a db code. */
int case_entry_refs_all(db *d, int64_t case_id, case_entry_ref **out, size_t *count);
int case_entry_refs_shared(db *d, int64_t case_id, int64_t person_id, const char *party_role,
                           case_entry_ref **out, size_t *count);
/* The ref of entry_id among refs (sorted by entry id), or NULL. */
const case_entry_ref *case_entry_ref_find(const case_entry_ref *refs, size_t n, int64_t entry_id);

/* For the retention rule on tips (retention.h's list and delete contract): tips whose deletion
 * date (delete_after) is before today ("YYYY-MM-DD", Oslo), with id > after_id, in id order; and
 * the deletion of one, with everything that belongs to it, again only while it is due. */
struct retention_item;
int case_tips_due_list(db *d, const char *today, int64_t after_id, struct retention_item *items, int max);
int case_tip_due_delete(db *d, int64_t id, const char *today);

/* The tip reference for case id in year: «T-2026-000042». */
void case_tip_reference(char out[32], int year, int64_t id);

#endif
