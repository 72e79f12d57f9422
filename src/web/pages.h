/* The public pages every visitor sees. */
#ifndef MINSIDE_WEB_PAGES_H
#define MINSIDE_WEB_PAGES_H

#include <jansson.h>

#include "db/db.h"
#include "http/router.h"

void page_front(req *r);
void page_privacy(req *r);
void page_accessibility(req *r);
void page_healthz(req *r);
void page_static(req *r);

/* The notices («Aktuelt») published and not expired at now, newest first, at most max, appended
 * to list as {title, body, published}. Returns 0 or a db code. */
int notices_current(db *d, arena *a, int64_t now, int max, json_t *list);

/* Loads the demo data once (idempotent). Returns 0 or a negative db code. */
int demo_seed(db *d);

#endif
