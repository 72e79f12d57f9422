/* The jobs of requests for access: a request that is still unanswered after its fifth working
 * day counts as refused (offl. § 32 første ledd), and the requester is told they may complain. */
#include "innsyn/innsyn_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "core/clock.h"
#include "core/date_text.h"
#include "core/log.h"
#include "jobs/job.h"

/* The request still waits: it now counts as refused, with the complaint link. Returns DB_OK
 * also when it was answered in time (nothing to do). */
static int lapse(db *d, arena *a, int64_t id, int64_t now)
{
    innsyn_request_row q;
    int rc = innsyn_db_request_get(d, a, id, &q);
    if (rc == INNSYN_ERR_NOT_FOUND) return DB_OK;
    if (rc != DB_OK) return rc;
    if (strcmp(q.state, "mottatt") || q.complaint) return DB_OK;
    char token[65];
    innsyn_token_new(token);
    rc = innsyn_db_answer_set(d, id, "avslatt_frist", now, token);
    if (rc == INNSYN_ERR_STATE) return DB_OK;
    if (rc == DB_OK)
        rc = innsyn_db_log(d, id, now, "avslatt_frist",
                           "Ikke besvart innen fem virkedager: regnes som avslått (offl. § 32).");
    if (rc != DB_OK) return rc;
    innsyn_db_request_get(d, a, id, &q);
    const char *subject = arena_printf(a, "Innsynskravet ditt %s regnes som avslått", q.reference);
    const char *body = arena_printf(
        a,
        "Vi har ikke svart på innsynskravet ditt %s innen fem virkedager. Etter offentleglova "
        "§ 32 første ledd regnes kravet da som avslått, og du kan klage på avslaget.\n\n"
        "Du ba om innsyn i:\n%s\n"
        "Klagefristen er tre uker, til og med %s. Du klager ved å åpne lenken og trykke "
        "«Klag på svaret»:\n%s/innsyn/svar/%s\n\n"
        "Vi beklager at svaret er forsinket.\n\nMed vennlig hilsen\nForbrukertilsynet\n",
        q.reference, innsyn_entries_text(d, a, id), date_text_nb_ymd(a, q.complaint_until),
        g_app.cfg.base_url, token);
    return innsyn_notify(d, &q, subject, body);
}

static job_result job_deadline(db *d, const job *j, char *err, size_t errlen)
{
    json_t *p = json_loads(j->payload, 0, NULL);
    json_int_t id = json_integer_value(json_object_get(p, "request_id"));
    json_decref(p);
    if (id <= 0) {
        snprintf(err, errlen, "jobben mangler request_id");
        return JOB_FAILED;
    }
    arena *a = arena_new();
    int rc = db_begin(d);
    if (rc == DB_OK) rc = db_finish(d, lapse(d, a, id, clock_now()));
    arena_free(a);
    if (rc != DB_OK) {
        snprintf(err, errlen, "fristen for innsynskrav %lld: %s", (long long)id, db_errmsg(d));
        return JOB_RETRY;
    }
    return JOB_DONE;
}

void innsyn_register(void)
{
    static const job_kind deadline = {"innsyn_deadline", job_deadline, 10, NULL};
    job_kind_register(&deadline);
    innsyn_year_log_register_kind();
    innsyn_retention_register();
}
