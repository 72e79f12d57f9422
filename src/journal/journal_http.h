/* The public journal's pages: «Søk i postjournalen» and an entry's page (no login), and the
 * staff's «Til offentlighetsvurdering» with «Stopp publisering». */
#ifndef MINSIDE_JOURNAL_JOURNAL_HTTP_H
#define MINSIDE_JOURNAL_JOURNAL_HTTP_H

#include "http/request.h"

void journal_page_search(req *r); /* GET /postjournal */
void journal_page_entry(req *r);  /* GET /postjournal/:id */

/* Staff (any staff role reads; assessing needs saksbehandler or arkivleder, stopping
 * publication leder). */
void journal_staff_queue(req *r);  /* GET  /ansatt/offentlig-journal */
void journal_staff_assess(req *r); /* POST /ansatt/offentlig-journal/journalposter/:id/vurder */
void journal_staff_stop(req *r);   /* POST /ansatt/offentlig-journal/stopp */
void journal_staff_lift(req *r);   /* POST /ansatt/offentlig-journal/stopp/:id/opphev */

#endif
