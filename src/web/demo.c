/* Demo data for `make run`: enough to show every page with something on it. */
#include "core/clock.h"
#include "web/pages.h"

int demo_seed(db *d)
{
    static const struct {
        const char *title, *body;
        int days_ago;
    } notices[] = {
        {"Ny Min side for virksomheter",
         "Virksomheter kan nå følge sakene sine, ettersende dokumentasjon og sende meldinger til "
         "saksbehandleren i Min side.",
         2},
        {"Planlagt vedlikehold",
         "Min side kan være utilgjengelig en kort stund natt til søndag på grunn av vedlikehold.",
         9},
        {"Slik klager du på en virksomhet",
         "Har du kjøpt noe som ikke var som avtalt? Ta først kontakt med selgeren. Kommer dere ikke "
         "til enighet, kan du be oss mekle.",
         30},
    };
    db_stmt *st = db_prepare(d, "SELECT count(*) FROM notice");
    if (!st) return DB_ERR;
    int rc = db_step(st);
    int64_t existing = rc == DB_ROW ? db_col_int(st, 0) : -1;
    db_reset(st);
    if (existing < 0) return DB_ERR;
    if (existing > 0) return DB_OK;
    if ((rc = db_begin(d)) != DB_OK) return rc;
    int64_t now = clock_now();
    for (size_t i = 0; rc >= 0 && i < sizeof notices / sizeof *notices; i++)
        rc = db_run(d, "INSERT INTO notice (title, body, published_at) VALUES ($1, $2, $3)", "tti",
                    notices[i].title, notices[i].body, now - (int64_t)notices[i].days_ago * 86400);
    return db_finish(d, rc);
}
