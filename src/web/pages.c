#include "web/pages.h"

#include <jansson.h>

#include "app.h"
#include "auth/cookies.h"
#include "retention/retention.h"
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

/* The statement's two tables come from the code that makes them true: the cookie table from
 * auth/cookies.h (no other cookie can be set), the retention table from the registered rules. */
void page_privacy(req *r)
{
    json_t *rules = json_array();
    size_t n;
    const retention_rule *const *all = retention_rules(&n);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(rules, json_pack("{s:s, s:s}", "what", all[i]->what, "kept", all[i]->kept));
    resp_page(r, 200, "pages/personvern", "Personvernerklæring",
              json_pack("{s:o, s:o}", "cookies", cookie_table_json(), "rules", rules));
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
