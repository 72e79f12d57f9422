/* The public pages every visitor sees, and the route table of the whole service. */
#ifndef MINSIDE_WEB_PAGES_H
#define MINSIDE_WEB_PAGES_H

#include "db/db.h"
#include "http/router.h"

extern const route minside_routes[];

void page_front(req *r);
void page_privacy(req *r);
void page_accessibility(req *r);
void page_healthz(req *r);
void page_static(req *r);

/* "23. november 2026" for a unix time, in Norwegian time. */
const char *format_date_nb(arena *a, int64_t t);

/* Loads the demo data once (idempotent). Returns 0 or a negative db code. */
int demo_seed(db *d);

#endif
