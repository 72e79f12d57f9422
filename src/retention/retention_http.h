/* «Sletting» (GET /ansatt/sletting), for arkivleder: the rules and the record of deletions. */
#ifndef MINSIDE_RETENTION_RETENTION_HTTP_H
#define MINSIDE_RETENTION_RETENTION_HTTP_H

#include "http/request.h"

void retention_page_record(req *r);

#endif
