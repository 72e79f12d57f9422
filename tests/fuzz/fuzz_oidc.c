/* libFuzzer target for what the OpenID Connect provider sends: discovery metadata, the JWKS,
 * the token endpoint's answer and the ID token with its claims. The provider is played by this
 * file: it defines oidc_fetch_json itself, so the linker takes it instead of the libcurl one in
 * src/auth/oidc_fetch.c, and oidc.c runs unchanged.
 *
 * Input: one byte of flags, then up to four parts separated by NUL bytes: metadata JSON, JWKS
 * JSON, token answer JSON, and an ID token (or, with SIGN_CLAIMS, claims that this file signs
 * with its own key, which the JWKS then holds, so the claim checks are reached). */
#include "app.h"
#include "auth/oidc.h"
#include "auth/oidc_fetch.h"
#include "core/arena.h"

#include <cjose/cjose.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
    GOOD_METADATA = 1 << 0, /* serve valid metadata instead of part 1 */
    SIGN_CLAIMS = 1 << 1,   /* part 4 is claims to sign; the JWKS is this file's key */
    STATUS_ERROR = 1 << 2,  /* the endpoints answer 400 */
};

static const char *const good_metadata =
    "{\"issuer\":\"https://idp.test\",\"authorization_endpoint\":\"https://idp.test/authorize\","
    "\"token_endpoint\":\"https://idp.test/token\",\"jwks_uri\":\"https://idp.test/jwks\","
    "\"end_session_endpoint\":\"https://idp.test/logout\"}";

static cjose_jwk_t *signing_key;
static char *signing_jwks;

/* The answers for the current input. */
static const char *part_metadata, *part_jwks, *part_token;
static size_t len_metadata, len_jwks, len_token;
static long answer_status;

json_t *oidc_fetch_json(const char *url, const char *form, const char *user, const char *password,
                        long *status)
{
    (void)user;
    (void)password;
    const char *text = part_jwks;
    size_t len = len_jwks;
    static const char well_known[] = "/.well-known/openid-configuration";
    size_t ul = strlen(url);
    if (form) {
        text = part_token;
        len = len_token;
    } else if (ul >= sizeof well_known - 1 && !strcmp(url + ul - (sizeof well_known - 1), well_known)) {
        text = part_metadata;
        len = len_metadata;
    }
    *status = answer_status;
    json_t *out = json_loadb(text, len, 0, NULL);
    if (out && !json_is_object(out)) {
        json_decref(out);
        out = NULL;
    }
    return out;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_app.cfg.oidc_public.issuer = "https://idp.test";
    g_app.cfg.oidc_public.client_id = "minside";
    g_app.cfg.oidc_public.client_secret = "hemmelig";
    g_app.cfg.oidc_staff.issuer = "https://staff-idp.test/";
    g_app.cfg.oidc_staff.client_id = "minside-ansatt";
    cjose_err err;
    signing_key = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err);
    if (!signing_key || !cjose_jwk_set_kid(signing_key, "fuzz", 4, &err)) abort();
    char *pub = cjose_jwk_to_json(signing_key, false, &err);
    if (!pub) abort();
    size_t n = strlen(pub) + 16;
    signing_jwks = malloc(n);
    snprintf(signing_jwks, n, "{\"keys\":[%s]}", pub);
    free(pub);
    return 0;
}

/* The compact serialisation of claims signed with ES256 by this file's key (malloc'd), or NULL. */
static char *sign(const char *claims, size_t len)
{
    cjose_err err;
    cjose_header_t *hdr = cjose_header_new(&err);
    if (!hdr) return NULL;
    cjose_header_set(hdr, CJOSE_HDR_ALG, CJOSE_HDR_ALG_ES256, &err);
    cjose_header_set(hdr, CJOSE_HDR_KID, "fuzz", &err);
    cjose_jws_t *jws = cjose_jws_sign(signing_key, hdr, (const uint8_t *)claims, len, &err);
    cjose_header_release(hdr);
    const char *compact = NULL;
    char *out = jws && cjose_jws_export(jws, &compact, &err) ? strdup(compact) : NULL;
    cjose_jws_release(jws);
    return out;
}

/* Splits [p, end) at the first NUL: the part, its length, and where the next one begins. */
static const char *part(const char **p, const char *end, size_t *len)
{
    const char *start = *p, *nul = memchr(start, '\0', (size_t)(end - start));
    *len = (size_t)((nul ? nul : end) - start);
    *p = nul ? nul + 1 : end;
    return start;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned flags = data[0];
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    part_metadata = part(&p, end, &len_metadata);
    part_jwks = part(&p, end, &len_jwks);
    part_token = part(&p, end, &len_token);
    size_t len_last;
    const char *last = part(&p, end, &len_last);
    if (flags & GOOD_METADATA) {
        part_metadata = good_metadata;
        len_metadata = strlen(good_metadata);
    }
    if (flags & SIGN_CLAIMS) {
        part_jwks = signing_jwks;
        len_jwks = strlen(signing_jwks);
    }
    answer_status = (flags & STATUS_ERROR) ? 400 : 200;

    oidc_cache_clear();
    arena *a = arena_new();
    oidc_endpoints ep;
    if (oidc_endpoints_get(OIDC_PUBLIC, a, &ep) == OIDC_OK && (!ep.issuer || !ep.token)) abort();
    char *exchanged = NULL;
    int rc = oidc_code_exchange(OIDC_PUBLIC, a, "kode", "verifikator", "https://minside.test/inn",
                                &exchanged);
    if (rc == OIDC_OK && !exchanged) abort();

    char *token = (flags & SIGN_CLAIMS) ? sign(last, len_last) : strndup(last, len_last);
    static const char *const acr_allowed[] = {"idporten-loa-substantial", "idporten-loa-high", NULL};
    const char *tokens[] = {token, exchanged};
    for (size_t i = 0; i < 2; i++) {
        if (!tokens[i]) continue;
        json_t *claims = NULL;
        rc = oidc_id_token_verify(OIDC_PUBLIC, tokens[i], "fuzz-nonce", 1800000000,
                                  (flags & 8) ? acr_allowed : NULL, &claims);
        if (rc == OIDC_OK) {
            /* Accepted claims are ours: our issuer, a subject. */
            if (!claims || oidc_provider_by_issuer(json_string_value(json_object_get(claims, "iss"))) !=
                               OIDC_PUBLIC ||
                !json_is_string(json_object_get(claims, "sub")))
                abort();
            json_decref(claims);
        } else if (claims || !oidc_error_text(rc)) {
            abort();
        }
    }
    free(token);
    arena_free(a);
    return 0;
}
