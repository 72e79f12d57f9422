/* The newsletter's pages: signing up, confirming and unsubscribing (public, no login), and
 * the staff pages where issues are written and sent. */
#ifndef MINSIDE_NEWSLETTER_NEWSLETTER_HTTP_H
#define MINSIDE_NEWSLETTER_NEWSLETTER_HTTP_H

#include "http/request.h"

void newsletter_page_signup(req *r);       /* GET /nyhetsbrev */
void newsletter_signup_post(req *r);       /* POST /nyhetsbrev */
void newsletter_page_confirm(req *r);      /* GET /nyhetsbrev/bekreft/:token */
void newsletter_confirm_post(req *r);      /* POST /nyhetsbrev/bekreft/:token */
void newsletter_unsubscribe_get(req *r);   /* GET /nyhetsbrev/avmeld/:token (the link, one click) */
void newsletter_unsubscribe_post(req *r);  /* POST /nyhetsbrev/avmeld/:token (RFC 8058 one-click) */

void newsletter_staff_list(req *r);        /* GET /ansatt/nyhetsbrev */
void newsletter_staff_create(req *r);      /* POST /ansatt/nyhetsbrev */
void newsletter_staff_show(req *r);        /* GET /ansatt/nyhetsbrev/:id (preview, progress) */
void newsletter_staff_save(req *r);        /* POST /ansatt/nyhetsbrev/:id */
void newsletter_staff_test(req *r);        /* POST /ansatt/nyhetsbrev/:id/test */
void newsletter_staff_send(req *r);        /* POST /ansatt/nyhetsbrev/:id/send */

#endif
