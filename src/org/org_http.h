/* «Velg organisasjon»: the search page (a plain form) and the suggestions for as-you-type. */
#ifndef MINSIDE_ORG_ORG_HTTP_H
#define MINSIDE_ORG_ORG_HTTP_H

#include "db/db.h"
#include "http/request.h"

/* GET /velg-organisasjon?q=… */
void org_page_choose(req *r);
/* GET /api/organisasjoner/forslag?q=… */
void org_api_suggestions(req *r);

/* The demo organisations from Enhetsregisteret's samples (idempotent). */
int org_demo_seed(db *d);

#endif
