/* HTTP for the relying party: discovery, JWKS and the token endpoint, through libcurl with
 * short time-outs and a cap on the answer's size. */
#ifndef MINSIDE_AUTH_OIDC_FETCH_H
#define MINSIDE_AUTH_OIDC_FETCH_H

#include <jansson.h>

/* GETs url (or POSTs form, url-encoded, with HTTP basic authentication as user:password when
 * user is given) and parses the answer as a JSON object. Returns the object (caller decrefs)
 * and the HTTP status in *status, or NULL when the provider cannot be reached or the answer is
 * not JSON. */
json_t *oidc_fetch_json(const char *url, const char *form, const char *user, const char *password,
                        long *status);

#endif
