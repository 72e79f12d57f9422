/* The OpenID Connect relying party: discovery, the token endpoint and the ID token's checks
 * (signature against the provider's JWKS, issuer, audience, expiry, issued-at, nonce, acr).
 *
 * The provider's metadata and keys are cached in this process only: they are not state that
 * matters, since any instance can fetch them again. An ID token signed with a key id the cache
 * does not know makes the JWKS be fetched again (the provider has rotated its keys), at most
 * once a second. */
#ifndef MINSIDE_AUTH_OIDC_H
#define MINSIDE_AUTH_OIDC_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/config.h"

typedef enum { OIDC_PUBLIC = 0, OIDC_STAFF = 1 } oidc_provider;

enum {
    OIDC_OK = 0,
    OIDC_ERR_NOT_CONFIGURED = -1,
    OIDC_ERR_UNREACHABLE = -2, /* discovery, JWKS or token endpoint failed */
    OIDC_ERR_TOKEN = -3,       /* the token endpoint refused or answered without an ID token */
    OIDC_ERR_SIGNATURE = -4,
    OIDC_ERR_ISSUER = -5,
    OIDC_ERR_AUDIENCE = -6,
    OIDC_ERR_EXPIRED = -7,
    OIDC_ERR_ISSUED_AT = -8,
    OIDC_ERR_NONCE = -9,
    OIDC_ERR_ACR = -10,
    OIDC_ERR_MALFORMED = -11,
};

/* The provider's endpoints, copied into a. */
typedef struct oidc_endpoints {
    const char *issuer;
    const char *authorization;
    const char *token;
    const char *end_session; /* NULL when the provider has none */
} oidc_endpoints;

const oidc_settings *oidc_settings_of(oidc_provider p);
int oidc_configured(oidc_provider p);
/* The provider whose configured issuer is iss, or -1. */
int oidc_provider_by_issuer(const char *iss);
int oidc_endpoints_get(oidc_provider p, arena *a, oidc_endpoints *out);
/* Exchanges the authorization code (with the PKCE verifier) for the ID token, copied into a. */
int oidc_code_exchange(oidc_provider p, arena *a, const char *code, const char *verifier,
                       const char *redirect_uri, char **id_token);
/* Checks the ID token; on OIDC_OK *claims holds its payload (caller decrefs). acr must be one of
 * the NULL-terminated acr_allowed when that list is given. */
int oidc_id_token_verify(oidc_provider p, const char *id_token, const char *nonce, int64_t now,
                         const char *const *acr_allowed, json_t **claims);
/* A Norwegian explanation of an error code, for the page the person sees. */
const char *oidc_error_text(int rc);
/* Forgets the cached metadata and keys (tests). */
void oidc_cache_clear(void);

#endif
