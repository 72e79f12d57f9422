/* The caseworker's pages for cases: the work queue /ansatt/saker and the case /ansatt/saker/:id
 * with its forms. Every page needs the staff role saksbehandler. */
#ifndef MINSIDE_CASES_CASE_STAFF_HTTP_H
#define MINSIDE_CASES_CASE_STAFF_HTTP_H

#include "http/request.h"

void case_staff_page_queue(req *r);
void case_staff_page_case(req *r);
void case_staff_post_assign(req *r);
void case_staff_post_status(req *r);
void case_staff_post_deadline(req *r);
void case_staff_post_letter(req *r);
void case_staff_post_note(req *r);

#endif
