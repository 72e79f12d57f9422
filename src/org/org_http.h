/* «Velg organisasjon»: the search page (a plain form) and the suggestions for as-you-type; the
 * representation pages and the caseworkers' queue. */
#ifndef MINSIDE_ORG_ORG_HTTP_H
#define MINSIDE_ORG_ORG_HTTP_H

#include <jansson.h>

#include "db/db.h"
#include "http/request.h"

/* GET /velg-organisasjon?q=… */
void org_page_choose(req *r);
/* GET /api/organisasjoner/forslag?q=… */
void org_api_suggestions(req *r);

/* Representation (org_rep_http.c). */
void org_page_register(req *r);   /* GET /virksomhet/registrer?orgnr=… */
void org_register_submit(req *r); /* POST /virksomhet/registrer */
void org_page_mine(req *r);       /* GET /virksomhet */
void org_switch(req *r);          /* POST /virksomhet/bytt */
void org_page_request(req *r);    /* GET /virksomhet/finner-ikke */
void org_request_submit(req *r);  /* POST /virksomhet/finner-ikke */
void org_page_people(req *r);     /* GET /virksomhet/brukere */
void org_people_approve(req *r);  /* POST /virksomhet/brukere/:id/godkjenn */
void org_people_reject(req *r);   /* POST /virksomhet/brukere/:id/avvis */
void org_people_role(req *r);     /* POST /virksomhet/brukere/:id/rolle */
void org_page_people_remove(req *r); /* GET /virksomhet/brukere/:id/slett: asks first */
void org_people_remove(req *r);   /* POST /virksomhet/brukere/:id/slett */
/* Adds the organisation the person acts for ({name, status, confirmed}) to the header's user. */
void org_layout_add(req *r, json_t *user);

/* The caseworkers' queue (org_staff_http.c). */
void org_staff_queue(req *r);         /* GET /ansatt/virksomheter */
void org_staff_approve(req *r);       /* POST /ansatt/virksomheter/:id/godkjenn */
void org_staff_reject(req *r);        /* POST /ansatt/virksomheter/:id/avvis */
void org_staff_request_close(req *r); /* POST /ansatt/virksomheter/foresporsler/:id/lukk */

/* The demo organisations from Enhetsregisteret's samples (idempotent). */
int org_demo_seed(db *d);
/* The demo roles of the sample units and, when a lasting secret key is set (the person key),
 * one confirmed administrator: Kari Testesen for 310000027. Idempotent. */
int org_demo_seed_representation(db *d);

#endif
