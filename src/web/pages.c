#include "web/pages.h"

#include <jansson.h>

#include "app.h"
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
    json_t *notices = json_array();
    if (notices_current(d, r->arena, clock_now(), 5, notices) != DB_OK) {
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
    if (!d || db_ping(d) != DB_OK) {
        resp_text(r, 503, "database utilgjengelig\n");
        return;
    }
    resp_text(r, 200, "ok\n");
}

void page_static(req *r)
{
    static_files_serve(r, g_app.statics, req_param(r, "path"));
}
