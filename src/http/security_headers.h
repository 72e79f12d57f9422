#ifndef MINSIDE_HTTP_SECURITY_HEADERS_H
#define MINSIDE_HTTP_SECURITY_HEADERS_H

#include "http/request.h"

struct MHD_Response;

/* Adds the headers every response carries: a Content-Security-Policy that allows no inline
 * script or style and no framing, nosniff, a referrer policy, and HSTS behind https. Pages
 * also get Cache-Control: no-store unless the handler set its own caching. */
void security_headers_add(struct MHD_Response *resp, const req *r, const char *base_url);

#endif
