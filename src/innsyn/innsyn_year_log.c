/* The innsyn log of a year, registered in the archive at year end (the privacy statement:
 * «Skjemaet blir journalført ved slutten av året»). The document lists every request of the
 * year with its entries and every event of its handling, without the requester's name or
 * address, so it can itself be released on request. */
#include "innsyn/innsyn_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/date_text.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "jobs/job.h"

static int line_add(const innsyn_log_line *l, void *ud)
{
    strbuf *b = ud;
    strbuf_printf(b, "%s\t%s\t%s\t%s\t%s\n", l->reference, l->date, l->entries, l->event, l->text);
    return 0;
}

int innsyn_year_log_register(db *d, int year, const char *by, int64_t *entry_id)
{
    int done = innsyn_db_year_logged(d, year);
    if (done < 0) return done;
    if (done) return INNSYN_ERR_STATE;
    arena *a = arena_new();
    strbuf b = {0};
    strbuf_printf(&b, "Innsynslogg %d for Forbrukertilsynet\nReferanse\tDato\tJournalposter\t"
                      "Hendelse\tTekst\n", year);
    int rc = innsyn_db_year_lines(d, a, year, line_add, &b);
    char *text = strbuf_take(&b);
    char title[64], err[256] = "", file_name[64];
    snprintf(title, sizeof title, "Innsynslogg %d", year);
    snprintf(file_name, sizeof file_name, "innsynslogg-%d.txt", year);
    archive_case_file f;
    archive_case_file_new fn = {.title = title,
                                .admin_unit = "Forbrukertilsynet",
                                .caseworker = by,
                                .created_by = by};
    if (rc == DB_OK) rc = archive_case_file_open(d, &fn, &f, err, sizeof err);
    archive_document_new doc = {.title = title,
                                .file_name = file_name,
                                .mime_type = "text/plain",
                                .bytes = text,
                                .size = strlen(text)};
    archive_entry_new en = {.case_file_id = f.id,
                            .type = ARCHIVE_ENTRY_INTERNAL,
                            .title = title,
                            .created_by = by,
                            .documents = &doc,
                            .document_count = 1};
    archive_entry e = {0};
    if (rc == DB_OK) rc = archive_entry_register(d, &en, &e, err, sizeof err);
    if (rc == DB_OK) rc = archive_case_file_set_status(d, f.id, "Avsluttet", by);
    if (rc == DB_OK) rc = innsyn_db_year_logged_set(d, year, e.id, clock_now());
    if (rc == DB_OK && entry_id) *entry_id = e.id;
    if (rc != DB_OK && *err) log_error("innsynsloggen for %d: %s", year, err);
    free(text);
    arena_free(a);
    return rc;
}

/* Queues the run that registers year's log, at 01:00 Oslo on 1 January after it; the year is in
 * the payload, so a run that comes late (a server down over New Year) still registers the year
 * that ended, not the one it runs in. */
static int year_log_enqueue(db *d, int year)
{
    char payload[32];
    snprintf(payload, sizeof payload, "{\"year\": %d}", year);
    civil_date next = {year + 1, 1, 1};
    return job_enqueue(d, "innsyn_year_log", payload, civil_date_start_oslo(next) + 3600, NULL);
}

static job_result job_year_log(db *d, const job *j, char *err, size_t errlen)
{
    json_t *p = json_loads(j->payload, 0, NULL);
    int year = (int)json_integer_value(json_object_get(p, "year"));
    json_decref(p);
    if (year < 2000 || year > 9999) {
        snprintf(err, errlen, "jobben mangler året");
        return JOB_FAILED;
    }
    int rc = db_begin(d);
    if (rc == DB_OK) {
        rc = innsyn_year_log_register(d, year, "Min side", NULL);
        if (rc == INNSYN_ERR_STATE) rc = DB_OK; /* done already: keep the schedule going */
        if (rc == DB_OK) rc = year_log_enqueue(d, year + 1);
        rc = db_finish(d, rc);
    }
    if (rc != DB_OK) {
        snprintf(err, errlen, "innsynsloggen for %d: %s", year, db_errmsg(d));
        return JOB_RETRY;
    }
    log_info("innsynsloggen for %d er journalført", year);
    return JOB_DONE;
}

int innsyn_schedule(db *d)
{
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    rc = job_kind_is_queued(d, "innsyn_year_log");
    if (rc == 0) rc = year_log_enqueue(d, civil_date_oslo(clock_now()).year);
    else if (rc == 1) rc = DB_OK;
    return db_finish(d, rc);
}

void innsyn_year_log_register_kind(void)
{
    static const job_kind kind = {"innsyn_year_log", job_year_log, 20, NULL};
    job_kind_register(&kind);
}
