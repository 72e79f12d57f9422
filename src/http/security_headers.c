#include "http/security_headers.h"

#include <microhttpd.h>
#include <string.h>

static const char content_security_policy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'";

static int handler_set(const req *r, const char *name)
{
    for (const resp_header *h = r->headers; h; h = h->next)
        if (!strcasecmp(h->name, name)) return 1;
    return 0;
}

void security_headers_add(struct MHD_Response *resp, const req *r, const char *base_url)
{
    MHD_add_response_header(resp, "Content-Security-Policy", content_security_policy);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (!strncmp(base_url, "https://", 8))
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
    /* Pages may show personal data: no shared or browser cache may keep them. */
    if (!handler_set(r, "Cache-Control")) MHD_add_response_header(resp, "Cache-Control", "no-store");
}
