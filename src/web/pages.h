/* The public pages every visitor sees. */
#ifndef MINSIDE_WEB_PAGES_H
#define MINSIDE_WEB_PAGES_H

#include "db/db.h"
#include "http/router.h"

void page_front(req *r);
void page_privacy(req *r);
void page_accessibility(req *r);
void page_healthz(req *r);
void page_static(req *r);

/* Loads the demo data once (idempotent). Returns 0 or a negative db code. */
int demo_seed(db *d);

#endif
