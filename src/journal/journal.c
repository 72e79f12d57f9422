/* The public journal's rules: what is published, assessment, stopping publication, and the
 * search with the one-year rule for names. SQL: journal_db.c; input rules: journal_text.c. */
#include "journal/journal_internal.h"

#include "core/clock.h"
#include "core/log.h"
#include "core/utf8.h"
#include "core/workdays.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int invalid(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return JOURNAL_ERR_INVALID;
}

/* Rebuilds the entry's row in the search index when it has been assessed; the archive calls it
 * when a screening changes, so what is newly screened stops matching in the same commit. */
static int index_refresh(db *d, int64_t entry_id)
{
    int rc = journal_db_assessed(d, entry_id);
    if (rc <= 0) return rc;
    arena *a = arena_new();
    archive_entry_public pe;
    const char **names = NULL;
    journal_index_text t;
    rc = archive_entry_public_get(d, a, entry_id, &pe);
    if (rc == DB_OK) rc = journal_db_names(d, a, entry_id, &names);
    if (rc == DB_OK) {
        journal_index_text_make(a, &pe, names, &t);
        rc = journal_db_index_put(d, &pe, &t);
    }
    arena_free(a);
    return rc;
}

void journal_register(void)
{
    archive_entry_change_listen(index_refresh);
}

/* "; "-joined public names of the parties in role(s), NULL when none is shown. */
static const char *party_names(arena *a, const archive_entry_public *pe, int senders)
{
    size_t cap = 1;
    for (size_t i = 0; i < pe->party_count; i++)
        if (pe->parties[i].name) cap += strlen(pe->parties[i].name) + 2;
    char *out = arena_calloc(a, 1, cap);
    for (size_t i = 0; i < pe->party_count; i++) {
        const archive_public_party *p = &pe->parties[i];
        if (!p->name || (!strcmp(p->role, "Avsender")) != senders) continue;
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s%s", n ? "; " : "", p->name);
    }
    return *out ? out : NULL;
}

int journal_public_entry_get(db *d, arena *a, int64_t entry_id, journal_public_entry *out)
{
    memset(out, 0, sizeof *out);
    int rc = journal_db_published(d, entry_id);
    if (rc <= 0) return rc == 0 ? JOURNAL_ERR_NOT_PUBLIC : rc;
    return journal_public_form(d, a, entry_id, out);
}

/* What the public sees of an entry, from its public form. */
static void public_entry_from(arena *a, const archive_entry_public *pe, journal_public_entry *out)
{
    memset(out, 0, sizeof *out);
    out->entry_id = pe->id;
    out->case_file_id = pe->case_file_id;
    out->case_number = arena_strdup(a, pe->case_number);
    out->entry_number = pe->number;
    out->registry_id = arena_strdup(a, pe->registry_id);
    out->registry_date = pe->registry_date;
    out->document_date = pe->document_date;
    out->entry_type = pe->type;
    out->public_title = pe->public_title;
    out->case_public_title = pe->case_public_title;
    out->senders = party_names(a, pe, 1);
    out->recipients = party_names(a, pe, 0);
    out->access_code = pe->access_code;
    out->legal_basis = pe->legal_basis;
    journal_public_document *docs = arena_calloc(a, pe->document_count + 1, sizeof *docs);
    for (size_t i = 0; i < pe->document_count; i++) {
        docs[i].id = pe->documents[i].id;
        docs[i].title = pe->documents[i].title;
    }
    out->documents = docs;
    out->document_count = pe->document_count;
}

int journal_public_forms(db *d, arena *a, const int64_t *ids, size_t n, journal_public_entry *out,
                         size_t *count)
{
    *count = 0;
    archive_entry_public *pe = arena_calloc(a, n ? n : 1, sizeof *pe);
    int rc = archive_entries_public_get(d, a, ids, n, pe);
    for (size_t i = 0; rc == DB_OK && i < n; i++)
        if (pe[i].type && strcmp(pe[i].type, "X")) public_entry_from(a, &pe[i], &out[(*count)++]);
    return rc;
}

int journal_public_form(db *d, arena *a, int64_t entry_id, journal_public_entry *out)
{
    size_t n;
    int rc = journal_public_forms(d, a, &entry_id, 1, out, &n);
    return rc == DB_OK && n == 0 ? JOURNAL_ERR_NOT_PUBLIC : rc;
}

static void today_oslo(char out[11])
{
    civil_date_format(civil_date_oslo(clock_now()), out);
}

int journal_entry_assess(db *d, int64_t entry_id, const char *const *names,
                         const char *assessed_by, char *err, size_t errlen)
{
    if (errlen) err[0] = '\0';
    if (!utf8_text_within(assessed_by, ARCHIVE_MAX_NAME, true))
        return invalid(err, errlen, "Det mangler hvem som vurderer journalposten.");
    arena *a = arena_new();
    archive_entry_public pe;
    int rc = archive_entry_public_get(d, a, entry_id, &pe);
    if (rc == ARCHIVE_ERR_NOT_FOUND) rc = JOURNAL_ERR_NOT_PUBLIC;
    if (rc == DB_OK && !strcmp(pe.type, "X"))
        rc = invalid(err, errlen, "Notater (X) publiseres ikke i postjournalen.");
    if (rc == DB_OK && (rc = journal_db_assessed(d, entry_id)) == 1)
        rc = invalid(err, errlen, "Journalposten er allerede vurdert.");
    size_t n = 0;
    for (; rc == DB_OK && names && names[n]; n++) {
        if (n >= JOURNAL_MAX_NAMES)
            rc = invalid(err, errlen, "Du kan merke høyst 20 navn i en tittel.");
        else if (!utf8_text_within(names[n], ARCHIVE_MAX_NAME, true) ||
                 !strstr(pe.public_title, names[n])) {
            snprintf(err, errlen, "«%.200s» står ikke i den offentlige tittelen.", names[n]);
            rc = JOURNAL_ERR_INVALID;
        }
    }
    char today[11];
    today_oslo(today);
    if (rc == DB_OK) rc = journal_db_assessment_add(d, entry_id, today, clock_now(), assessed_by);
    for (size_t i = 0; rc == DB_OK && i < n; i++) rc = journal_db_name_add(d, entry_id, names[i]);
    if (rc == DB_OK) rc = index_refresh(d, entry_id);
    if (rc == DB_OK)
        log_info("journalpost %s offentlighetsvurdert av %s", pe.registry_id, assessed_by);
    arena_free(a);
    return rc;
}

/* "2026/17-3" into its case number and entry number. */
static int parse_registry_id(const char *s, char case_number[32], int64_t *entry_no)
{
    const char *dash = strchr(s, '-');
    if (!dash || (size_t)(dash - s) >= 32 || !dash[1] || strlen(dash + 1) > 9 ||
        strspn(dash + 1, "0123456789") != strlen(dash + 1))
        return -1;
    snprintf(case_number, 32, "%.*s", (int)(dash - s), s);
    *entry_no = strtoll(dash + 1, NULL, 10);
    return journal_is_case_number(case_number) ? 0 : -1;
}

int journal_stop_add(db *d, journal_stop_scope scope, const char *target, const char *by,
                     char *err, size_t errlen)
{
    if (errlen) err[0] = '\0';
    if (!utf8_text_within(by, ARCHIVE_MAX_NAME, true))
        return invalid(err, errlen, "Det mangler hvem som stopper publiseringen.");
    char case_number[32] = "";
    int64_t entry_no = 0, id = 0;
    const char *scope_name = "journal";
    target = target ? target + strspn(target, " ") : "";
    if (scope == JOURNAL_STOP_CASE_FILE) {
        scope_name = "saksmappe";
        if (!journal_is_case_number(target))
            return invalid(err, errlen, "Skriv saksnummeret slik: 2026/17.");
        snprintf(case_number, sizeof case_number, "%s", target);
    } else if (scope == JOURNAL_STOP_ENTRY) {
        scope_name = "journalpost";
        if (parse_registry_id(target, case_number, &entry_no))
            return invalid(err, errlen, "Skriv journalpostens ID slik: 2026/17-3.");
    }
    int rc = 0;
    if (scope != JOURNAL_STOP_ALL) {
        rc = journal_db_stop_target(d, scope, case_number, entry_no, &id);
        if (rc == JOURNAL_ERR_NOT_PUBLIC)
            return invalid(err, errlen, "Fant ikke noe publisert med det nummeret.");
    }
    if (rc == 0)
        rc = journal_db_stop_add(d, scope_name, id, scope == JOURNAL_STOP_ALL ? "" : target,
                                 clock_now(), by);
    if (rc == 0)
        log_info("publisering stoppet (%s %s) av %s", scope_name,
                 scope == JOURNAL_STOP_ALL ? "hele journalen" : target, by);
    return rc;
}

int journal_stop_lift(db *d, int64_t stop_id, const char *by)
{
    int64_t n = journal_db_stop_lift(d, stop_id, clock_now(), by);
    if (n == 1) log_info("stopp av publisering %lld opphevet av %s", (long long)stop_id, by);
    return n == 1 ? 0 : n == 0 ? JOURNAL_ERR_NOT_PUBLIC : (int)n;
}
