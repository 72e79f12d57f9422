#include "web/site.h"

#include <jansson.h>

#include "app.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "inbox/inbox_pages.h"
#include "innsyn/innsyn.h"
#include "mail/mail.h"
#include "newsletter/newsletter.h"
#include "metrics/metrics.h"
#include "org/org_http.h"
#include "journal/journal.h"
#include "audit/audit.h"
#include "privacy/privacy.h"
#include "retention/retention.h"
#include "stats/stats.h"
#include "web/routes.h"

void site_register_modules(void)
{
    mail_register();
    retention_register();
    innsyn_register();
    journal_register();
    audit_register();
    privacy_register();
    stats_register();
    newsletter_register(); /* after the built-in sections of «Mine personopplysninger» */
}

/* The page header: who is logged in, with their role badge; for a person also the
 * organisation they act for and their unread messages. */
static void page_header_add(req *r, json_t *layout)
{
    auth_session *s = r->session;
    if (!s) {
        json_object_set_new(layout, "user", json_null());
        return;
    }
    json_t *user = json_pack("{s:s}", "name", s->name ? s->name : "Ny bruker");
    if (s->staff_id) {
        json_object_set_new(user, "badge", json_string(auth_staff_badge(s->roles)));
        json_object_set_new(user, "profile_url", json_string("/ansatt"));
    } else {
        json_object_set_new(user, "profile_url", json_string("/min-side/profil"));
        org_layout_add(r, user);
        inbox_layout_add(r, user);
    }
    json_object_set_new(layout, "user", user);
    json_object_set_new(layout, "csrf_token", json_string(s->csrf_token));
}

/* The server's one request_done hook: each request is counted for the operator's metrics and
 * for the web statistics. */
static void request_counted(const req *r, int64_t duration_us, int aborted)
{
    metrics_request_done(r, duration_us, aborted);
    stats_request_done(r, duration_us, aborted);
}

http_server *site_server_start(const route *routes)
{
    http_server_config config = {
        .cfg = &g_app.cfg,
        .routes = routes,
        .file_limits = site_file_limits,
        .pages = {.templates = g_app.templates,
                  .page_model = auth_page_model_add,
                  .layout_model = page_header_add},
        .hooks = {.before_handler = auth_request_begin, .request_done = request_counted},
    };
    metrics_init(routes);
    return http_server_start(&config);
}
