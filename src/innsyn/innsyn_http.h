/* The pages of requests for access: the public side under /innsyn, the requester's own list
 * under /min-side/innsyn, and the caseworkers' queue under /ansatt/innsyn. */
#ifndef MINSIDE_INNSYN_INNSYN_HTTP_H
#define MINSIDE_INNSYN_INNSYN_HTTP_H

#include "http/request.h"

void innsyn_page_new(req *r);         /* GET  /innsyn/ny?entry=ID&entry=ID… */
void innsyn_submit(req *r);           /* POST /innsyn/ny */
void innsyn_page_sent(req *r);        /* GET  /innsyn/sendt */
void innsyn_page_confirm(req *r);     /* GET  /innsyn/bekreft?t=TOKEN */
void innsyn_confirm_submit(req *r);   /* POST /innsyn/bekreft */
void innsyn_page_mine(req *r);        /* GET  /min-side/innsyn */
void innsyn_page_answer(req *r);      /* GET  /innsyn/svar/:token */
void innsyn_answer_document(req *r);  /* GET  /innsyn/svar/:token/dokumenter/:id */
void innsyn_complaint_submit(req *r); /* POST /innsyn/svar/:token/klage */

void innsyn_staff_queue(req *r);      /* GET  /ansatt/innsyn */
void innsyn_staff_show(req *r);       /* GET  /ansatt/innsyn/:id */
void innsyn_staff_decide(req *r);     /* POST /ansatt/innsyn/:id/vedtak */

#endif
