/* The public side of cases: filing (/ny-sak/…), the lists («Våre saker», «Mine saker»), the
 * case page with its documents, and the parties' steps (further documentation, withdrawal,
 * «Kontakt oss», access for a `bruker`). */
#ifndef MINSIDE_CASES_CASE_HTTP_H
#define MINSIDE_CASES_CASE_HTTP_H

#include "db/db.h"
#include "http/request.h"

/* GET and POST /ny-sak/mekling, /ny-sak/tips, /ny-sak/veiledning */
void case_page_new_mediation(req *r);
void case_submit_mediation(req *r);
void case_page_new_tip(req *r);
void case_submit_tip(req *r);
void case_page_new_guidance(req *r);
void case_submit_guidance(req *r);
/* GET /ny-sak/kvittering/:id */
void case_page_receipt(req *r);

/* GET /vare-saker and /mine-saker */
void case_page_org_list(req *r);
void case_page_my_list(req *r);
/* GET /saker/:id (?fane=dokumenter) and GET /saker/:id/dokumenter/:object_id */
void case_page_show(req *r);
void case_document_get(req *r);

/* GET and POST /saker/:id/ettersend, /saker/:id/trekk, /saker/:id/kontakt; POST
 * /saker/:id/tilgang */
void case_page_send_more(req *r);
void case_send_more(req *r);
void case_page_withdraw(req *r);
void case_withdraw_post(req *r);
void case_page_contact(req *r);
void case_contact_post(req *r);
void case_access_post(req *r);

/* A few cases for the demo organisation and the demo consumer (idempotent). */
int case_demo_seed(db *d);

#endif
