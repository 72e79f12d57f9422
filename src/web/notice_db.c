/* The notices («Aktuelt») on the front page, and the demo data for `make run`: enough to show
 * every page with something on it. */
#include "core/clock.h"
#include "core/date_text.h"
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

int notices_current(db *d, arena *a, int64_t now, int max, json_t *list)
{
    db_stmt *st = db_prepare(d, "SELECT title, body, published_at FROM notice "
                                "WHERE published_at <= $1 AND (expires_at IS NULL OR expires_at > $1) "
                                "ORDER BY published_at DESC, id DESC LIMIT $2");
    if (!st) return DB_ERR;
    int rc = db_bind_int(st, 1, now);
    if (rc == DB_OK) rc = db_bind_int(st, 2, max);
    while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
        json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "title", db_col_text(st, 0),
                                              "body", db_col_text(st, 1), "published",
                                              date_text_nb(a, db_col_int(st, 2))));
        rc = DB_OK;
    }
    db_reset(st);
    return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}
