#include "web/pages.h"

#include <jansson.h>

#include "app.h"
#include "core/date_text.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/response.h"
#include "http/static_files.h"

static void page_unavailable(req *r)
{
    resp_error(r, 503, "Tjenesten er midlertidig utilgjengelig",
               "Min side har problemer med å nå dataene sine akkurat nå. Prøv igjen om litt.");
}

void page_front(req *r)
{
    db *d = app_db();
    if (!d) {
        page_unavailable(r);
        return;
    }
    int64_t now = clock_now();
    db_stmt *st = db_prepare(d, "SELECT title, body, published_at FROM notice "
                                "WHERE published_at <= $1 AND (expires_at IS NULL OR expires_at > $1) "
                                "ORDER BY published_at DESC, id DESC LIMIT 5");
    json_t *notices = json_array();
    int rc = st ? db_bind_int(st, 1, now) : DB_ERR;
    while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
        json_array_append_new(notices, json_pack("{s:s, s:s, s:s}", "title", db_col_text(st, 0),
                                                 "body", db_col_text(st, 1), "published",
                                                 date_text_nb(r->arena, db_col_int(st, 2))));
        rc = DB_OK;
    }
    if (st) db_reset(st);
    if (rc != DB_DONE) {
        log_error("request=%s kunne ikke lese aktuelt: %s", r->id, db_errmsg(d));
        json_decref(notices);
        page_unavailable(r);
        return;
    }
    resp_page(r, 200, "pages/front", "Forside", json_pack("{s:o}", "notices", notices));
}

void page_privacy(req *r)
{
    resp_page(r, 200, "pages/personvern", "Personvernerklæring", NULL);
}

void page_accessibility(req *r)
{
    resp_page(r, 200, "pages/tilgjengelighet", "Tilgjengelighetserklæring", NULL);
}

void page_healthz(req *r)
{
    db *d = app_db();
    db_stmt *st = d ? db_prepare(d, "SELECT 1") : NULL;
    int rc = st ? db_step(st) : DB_ERR;
    if (st) db_reset(st);
    if (rc != DB_ROW) {
        resp_text(r, 503, "database utilgjengelig\n");
        return;
    }
    resp_text(r, 200, "ok\n");
}

void page_static(req *r)
{
    static_files_serve(r, g_app.statics, req_param(r, "path"));
}
