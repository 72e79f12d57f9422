/* Where the domains are tied together into one service: the job kinds each module registers,
 * and the HTTP server started with the service's hooks (the session and form check before
 * every handler, the page header around every page). */
#ifndef MINSIDE_WEB_SITE_H
#define MINSIDE_WEB_SITE_H

#include "http/server.h"

/* Registers every module's job kinds. Call once at start-up, before jobs run or are queued. */
void site_register_modules(void);

/* Starts the HTTP server on the settings in g_app with routes (site_routes, or a test's own)
 * and the service's hooks. NULL (logged) when it cannot listen. */
http_server *site_server_start(const route *routes);

#endif
