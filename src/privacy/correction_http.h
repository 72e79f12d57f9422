/* «Be om retting»: the person's form (GET/POST /min-side/retting) and the staff queue
 * (GET /ansatt/retting, POST /ansatt/retting/:id), for saksbehandler. */
#ifndef MINSIDE_PRIVACY_CORRECTION_HTTP_H
#define MINSIDE_PRIVACY_CORRECTION_HTTP_H

#include "http/request.h"

void correction_page_form(req *r);
void correction_submit(req *r);
void correction_staff_queue(req *r);
void correction_staff_answer(req *r);

#endif
