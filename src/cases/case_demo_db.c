/* Demo cases for `make run`: the demo consumer's complaints against the demo businesses, and a
 * guidance request and a tip from EKSEMPEL HVITEVARER AS, whose styreleder (Per Prøvesen) is a
 * confirmed administrator, so «Våre saker» and «Mine saker» have content. The persons are found
 * by their pid, which needs the service's secret key: without one nothing is added. */
#include "cases/case_http.h"

#include <string.h>

#include "app.h"
#include "auth/person.h"
#include "cases/case_db.h"
#include "cases/case_rules.h"
#include "core/clock.h"
#include "core/workdays.h"

#define DEMO_ORG "310000027"
#define DEMO_ORG_NAME "EKSEMPEL HVITEVARER AS"

static int demo_person(db *d, const char *pid, int64_t *id)
{
    int rc = db_begin(d);
    if (rc == DB_OK) rc = person_find_or_create(d, pid, clock_now(), id);
    return db_finish(d, rc);
}

static int demo_file(db *d, const case_submission *in, const char *status, int deadline_days,
                     const char *deadline_text)
{
    char err[256];
    case_receipt rec;
    int rc = case_submit(d, in, &rec, err, sizeof err);
    if (rc != DB_OK) return rc;
    char deadline[11];
    civil_date due = add_working_days(civil_date_oslo(clock_now()), deadline_days);
    civil_date_format(due, deadline);
    return db_run(d, "UPDATE case_record SET status = $1, deadline = $2, deadline_text = $3 WHERE id = $4",
                  "ttti", status, deadline_days ? deadline : NULL, deadline_days ? deadline_text : NULL,
                  rec.case_id) < 0
               ? DB_ERR
               : DB_OK;
}

int case_demo_seed(db *d)
{
    if (!g_app.cfg.secret_key_set) return DB_OK;
    db_stmt *s = db_prepare(d, "SELECT count(*) FROM case_record");
    int rc = s ? db_step(s) : DB_ERR;
    int64_t existing = rc == DB_ROW ? db_col_int(s, 0) : -1;
    if (s) db_reset(s);
    if (existing < 0) return DB_ERR;
    if (existing > 0) return DB_OK;
    int64_t nora = 0, per = 0;
    if ((rc = demo_person(d, "12040155021", &nora)) != DB_OK) return rc;
    if ((rc = demo_person(d, "03116245085", &per)) != DB_OK) return rc;
    int64_t now = clock_now();
    rc = db_run(d,
                "INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, "
                "due_at, decided_at) SELECT $1, CAST($2 AS BIGINT), 'administrator', 'bekreftet', "
                "'Per Prøvesen', CAST($3 AS BIGINT), CAST($3 AS BIGINT), CAST($3 AS BIGINT) "
                "WHERE NOT EXISTS (SELECT 1 FROM org_member WHERE orgnr = $1 AND person_id = $2)",
                "tii", DEMO_ORG, per, now);
    if (rc < 0) return rc;

    case_actor_info consumer = {.person_id = nora, .name = "Nora Forbruker"};
    case_actor_info business = {.person_id = per, .name = "Per Prøvesen", .orgnr = DEMO_ORG,
                                .org_name = DEMO_ORG_NAME};
    const struct {
        const char *type, *counterpart, *counterpart_name, *title, *text, *status;
        int deadline_days;
        const char *deadline_text;
        int as_business;
    } demo[] = {
        {CASE_TYPE_MEDIATION, DEMO_ORG, DEMO_ORG_NAME, "Klage på EKSEMPEL HVITEVARER AS fra Nora Forbruker",
         "Oppvaskmaskinen lekker etter to måneder. Jeg ønsker at den repareres eller byttes.",
         "venter_motpart", 5, "Virksomheten har frist til å svare", 0},
        {CASE_TYPE_MEDIATION, "310000035", "EKSEMPEL REISER AS", "Klage på EKSEMPEL REISER AS fra Nora Forbruker",
         "Hotellet på pakkereisen var et annet enn det som var avtalt. Jeg ønsker prisavslag.",
         CASE_STATUS_RECEIVED, 0, NULL, 0},
        {CASE_TYPE_GUIDANCE, NULL, NULL, "Angrerett ved salg på messer",
         "Gjelder angreretten når kunden kjøper en vare på vår stand på en messe?", "under_behandling",
         10, "Forbrukertilsynet svarer innen", 1},
        {CASE_TYPE_TIP, NULL, NULL, "Villedende prismerking hos en konkurrent",
         "En konkurrent markedsfører «før-priser» som aldri har vært brukt.", CASE_STATUS_RECEIVED, 0,
         NULL, 1},
    };
    for (size_t i = 0; rc >= 0 && i < sizeof demo / sizeof *demo; i++) {
        case_submission in = {.case_type = demo[i].type,
                              .by = demo[i].as_business ? business : consumer,
                              .counterpart_orgnr = demo[i].counterpart,
                              .counterpart_name = demo[i].counterpart_name,
                              .title = demo[i].title,
                              .details_json = "{}",
                              .document_text = demo[i].text,
                              .tip_retention_months = g_app.cfg.tip_retention_months};
        rc = demo_file(d, &in, demo[i].status, demo[i].deadline_days, demo[i].deadline_text);
    }
    return rc < 0 ? rc : DB_OK;
}
