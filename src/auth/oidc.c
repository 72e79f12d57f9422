#include "auth/oidc.h"

#include <cjose/cjose.h>
#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth/oidc_fetch.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/strbuf.h"

enum {
    METADATA_MAX_AGE_MS = 60 * 60 * 1000,
    JWKS_MIN_REFRESH_MS = 1000, /* an unknown kid refetches the JWKS at most this often */
    CLOCK_LEEWAY_SECONDS = 60,
    ID_TOKEN_MAX_AGE_SECONDS = 10 * 60,
    ID_TOKEN_MAX_BYTES = 64 * 1024, /* an ID token is a few KiB; the answer is capped at 1 MiB */
    MAX_KEYS = 16,
};

typedef struct provider_cache {
    pthread_mutex_t lock;
    json_t *metadata;
    int64_t metadata_at_ms;
    cjose_jwk_t *keys[MAX_KEYS];
    char *kids[MAX_KEYS];
    size_t key_count;
    int64_t jwks_at_ms;
} provider_cache;

static provider_cache caches[2] = {{.lock = PTHREAD_MUTEX_INITIALIZER},
                                   {.lock = PTHREAD_MUTEX_INITIALIZER}};

const oidc_settings *oidc_settings_of(oidc_provider p)
{
    return p == OIDC_STAFF ? &g_app.cfg.oidc_staff : &g_app.cfg.oidc_public;
}

int oidc_configured(oidc_provider p)
{
    const oidc_settings *s = oidc_settings_of(p);
    return s->issuer && *s->issuer && s->client_id && *s->client_id;
}

static int issuer_equal(const char *a, const char *b)
{
    /* "https://idp/" and "https://idp" name the same issuer in configuration files. */
    size_t la = strlen(a), lb = strlen(b);
    while (la && a[la - 1] == '/')
        la--;
    while (lb && b[lb - 1] == '/')
        lb--;
    return la == lb && !memcmp(a, b, la);
}

int oidc_provider_by_issuer(const char *iss)
{
    if (!iss) return -1;
    for (int p = OIDC_PUBLIC; p <= OIDC_STAFF; p++)
        if (oidc_configured(p) && issuer_equal(oidc_settings_of(p)->issuer, iss)) return p;
    return -1;
}

static void keys_clear(provider_cache *c)
{
    for (size_t i = 0; i < c->key_count; i++) {
        cjose_jwk_release(c->keys[i]);
        free(c->kids[i]);
    }
    c->key_count = 0;
}

void oidc_cache_clear(void)
{
    for (int p = 0; p < 2; p++) {
        provider_cache *c = &caches[p];
        pthread_mutex_lock(&c->lock);
        json_decref(c->metadata);
        c->metadata = NULL;
        keys_clear(c);
        c->metadata_at_ms = c->jwks_at_ms = 0;
        pthread_mutex_unlock(&c->lock);
    }
}

/* With the lock held. */
static json_t *metadata_locked(oidc_provider p)
{
    provider_cache *c = &caches[p];
    int64_t now = clock_monotonic_ms();
    if (c->metadata && now - c->metadata_at_ms < METADATA_MAX_AGE_MS) return c->metadata;
    const oidc_settings *s = oidc_settings_of(p);
    size_t len = strlen(s->issuer);
    while (len && s->issuer[len - 1] == '/')
        len--;
    char url[2048];
    snprintf(url, sizeof url, "%.*s/.well-known/openid-configuration", (int)len, s->issuer);
    long status;
    json_t *m = oidc_fetch_json(url, NULL, NULL, NULL, &status);
    const char *iss = m ? json_string_value(json_object_get(m, "issuer")) : NULL;
    if (!m || status != 200 || !iss || !issuer_equal(iss, s->issuer) ||
        !json_is_string(json_object_get(m, "authorization_endpoint")) ||
        !json_is_string(json_object_get(m, "token_endpoint")) ||
        !json_is_string(json_object_get(m, "jwks_uri"))) {
        if (m) log_warn("oidc: metadata fra %s mangler endepunkter eller har feil issuer", url);
        json_decref(m);
        return c->metadata; /* a stale copy is better than none while the provider is away */
    }
    json_decref(c->metadata);
    c->metadata = m;
    c->metadata_at_ms = now;
    return m;
}

int oidc_endpoints_get(oidc_provider p, arena *a, oidc_endpoints *out)
{
    if (!oidc_configured(p)) return OIDC_ERR_NOT_CONFIGURED;
    provider_cache *c = &caches[p];
    pthread_mutex_lock(&c->lock);
    json_t *m = metadata_locked(p);
    if (m) {
        out->issuer = arena_strdup(a, json_string_value(json_object_get(m, "issuer")));
        out->authorization =
            arena_strdup(a, json_string_value(json_object_get(m, "authorization_endpoint")));
        out->token = arena_strdup(a, json_string_value(json_object_get(m, "token_endpoint")));
        const char *end = json_string_value(json_object_get(m, "end_session_endpoint"));
        out->end_session = end ? arena_strdup(a, end) : NULL;
    }
    pthread_mutex_unlock(&c->lock);
    return m ? OIDC_OK : OIDC_ERR_UNREACHABLE;
}

/* Whether s[0..n) is base64url without padding. cjose's decoder stops the whole process on an
 * assertion for some malformed input (a "=" inside, a length of 4k + 1), so nothing that is not
 * well formed reaches it. */
static int base64url_valid(const char *s, size_t n)
{
    unsigned char *bin = malloc(n + 1);
    if (!bin) return 0;
    size_t bin_len;
    int ok = sodium_base642bin(bin, n + 1, s, n, NULL, &bin_len, NULL,
                               sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0;
    free(bin);
    return ok;
}

/* Whether token is three segments of base64url, as a compact JWS is. */
static int jws_compact_well_formed(const char *token)
{
    if (strlen(token) > ID_TOKEN_MAX_BYTES) return 0;
    int dots = 0, ok = 1;
    const char *seg = token;
    while (ok) {
        const char *dot = strchr(seg, '.');
        ok = base64url_valid(seg, dot ? (size_t)(dot - seg) : strlen(seg));
        if (!dot) break;
        dots++;
        seg = dot + 1;
    }
    return ok && dots == 2;
}

/* Whether the members of a JWK that cjose decodes as base64url are well formed (or absent). */
static int jwk_well_formed(json_t *key)
{
    static const char *const encoded[] = {"n", "e", "d", "p", "q", "dp", "dq", "qi", "x", "y", "k"};
    for (size_t i = 0; i < sizeof encoded / sizeof *encoded; i++) {
        json_t *v = json_object_get(key, encoded[i]);
        if (!v) continue;
        if (!json_is_string(v) || !base64url_valid(json_string_value(v), json_string_length(v)))
            return 0;
    }
    return 1;
}

/* With the lock held: replaces the cached keys by the provider's JWKS. */
static int jwks_refresh_locked(oidc_provider p)
{
    provider_cache *c = &caches[p];
    json_t *m = metadata_locked(p);
    if (!m) return OIDC_ERR_UNREACHABLE;
    long status;
    json_t *jwks = oidc_fetch_json(json_string_value(json_object_get(m, "jwks_uri")), NULL, NULL,
                                   NULL, &status);
    json_t *list = jwks ? json_object_get(jwks, "keys") : NULL;
    if (!jwks || status != 200 || !json_is_array(list)) {
        json_decref(jwks);
        return OIDC_ERR_UNREACHABLE;
    }
    c->jwks_at_ms = clock_monotonic_ms();
    keys_clear(c);
    size_t i;
    json_t *k;
    json_array_foreach(list, i, k)
    {
        if (c->key_count >= MAX_KEYS) break;
        const char *use = json_string_value(json_object_get(k, "use"));
        if (use && strcmp(use, "sig")) continue;
        if (!jwk_well_formed(k)) continue; /* malformed: not a key anyone can use */
        char *text = json_dumps(k, JSON_COMPACT);
        cjose_err err;
        cjose_jwk_t *jwk = text ? cjose_jwk_import(text, strlen(text), &err) : NULL;
        free(text);
        if (!jwk) continue; /* a key type this library does not know: not ours to use */
        const char *kid = json_string_value(json_object_get(k, "kid"));
        c->kids[c->key_count] = kid ? strdup(kid) : NULL;
        c->keys[c->key_count++] = jwk;
    }
    json_decref(jwks);
    return OIDC_OK;
}

/* The key the token names, retained for the caller (who releases it); NULL if none. */
static cjose_jwk_t *key_find(oidc_provider p, const char *kid, cjose_jwk_kty_t kty)
{
    provider_cache *c = &caches[p];
    cjose_jwk_t *found = NULL;
    pthread_mutex_lock(&c->lock);
    for (int round = 0; round < 2 && !found; round++) {
        if (round == 1 || c->jwks_at_ms == 0) {
            if (round == 1 && clock_monotonic_ms() - c->jwks_at_ms < JWKS_MIN_REFRESH_MS) break;
            if (jwks_refresh_locked(p) != OIDC_OK) break;
        }
        for (size_t i = 0; i < c->key_count; i++) {
            cjose_err err;
            if (cjose_jwk_get_kty(c->keys[i], &err) != kty) continue;
            if (kid && (!c->kids[i] || strcmp(kid, c->kids[i]))) continue;
            if (!kid && c->key_count > 1) continue; /* ambiguous without a kid */
            found = cjose_jwk_retain(c->keys[i], &err);
            break;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return found;
}

static int form_add(CURL *c, strbuf *b, const char *key, const char *value)
{
    char *v = curl_easy_escape(c, value, 0);
    if (!v) return -1;
    strbuf_printf(b, "%s%s=%s", b->len ? "&" : "", key, v);
    curl_free(v);
    return 0;
}

int oidc_code_exchange(oidc_provider p, arena *a, const char *code, const char *verifier,
                       const char *redirect_uri, char **id_token)
{
    oidc_endpoints ep;
    int rc = oidc_endpoints_get(p, a, &ep);
    if (rc) return rc;
    const oidc_settings *s = oidc_settings_of(p);
    CURL *esc = curl_easy_init();
    if (!esc) return OIDC_ERR_UNREACHABLE;
    strbuf form = STRBUF_INIT;
    form_add(esc, &form, "grant_type", "authorization_code");
    form_add(esc, &form, "code", code);
    form_add(esc, &form, "redirect_uri", redirect_uri);
    form_add(esc, &form, "code_verifier", verifier);
    form_add(esc, &form, "client_id", s->client_id);
    curl_easy_cleanup(esc);
    long status;
    json_t *answer = oidc_fetch_json(ep.token, form.data, s->client_id, s->client_secret, &status);
    strbuf_free(&form);
    if (!answer) return OIDC_ERR_UNREACHABLE;
    const char *token = json_string_value(json_object_get(answer, "id_token"));
    if (status != 200 || !token) {
        log_warn("oidc: token-endepunktet svarte %ld: %s", status,
                 json_string_value(json_object_get(answer, "error")) ?: "uten id_token");
        json_decref(answer);
        return OIDC_ERR_TOKEN;
    }
    *id_token = arena_strdup(a, token);
    json_decref(answer);
    return OIDC_OK;
}

static int audience_ok(json_t *claims, const char *client_id)
{
    json_t *aud = json_object_get(claims, "aud");
    if (json_is_string(aud)) return !strcmp(json_string_value(aud), client_id);
    if (!json_is_array(aud) || json_array_size(aud) == 0) return 0;
    int found = 0;
    size_t i;
    json_t *v;
    json_array_foreach(aud, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), client_id))
        found = 1;
    /* With several audiences the token must say it was issued to us (azp). */
    const char *azp = json_string_value(json_object_get(claims, "azp"));
    if (json_array_size(aud) > 1 && (!azp || strcmp(azp, client_id))) return 0;
    return found;
}

static int claims_check(oidc_provider p, json_t *claims, const char *nonce, int64_t now,
                        const char *const *acr_allowed)
{
    const oidc_settings *s = oidc_settings_of(p);
    const char *iss = json_string_value(json_object_get(claims, "iss"));
    if (!iss || !issuer_equal(iss, s->issuer)) return OIDC_ERR_ISSUER;
    if (!audience_ok(claims, s->client_id)) return OIDC_ERR_AUDIENCE;
    json_t *exp = json_object_get(claims, "exp"), *iat = json_object_get(claims, "iat");
    if (!json_is_integer(exp) || json_integer_value(exp) + CLOCK_LEEWAY_SECONDS <= now)
        return OIDC_ERR_EXPIRED;
    if (!json_is_integer(iat) || json_integer_value(iat) > now + CLOCK_LEEWAY_SECONDS ||
        json_integer_value(iat) < now - ID_TOKEN_MAX_AGE_SECONDS)
        return OIDC_ERR_ISSUED_AT;
    const char *got = json_string_value(json_object_get(claims, "nonce"));
    if (!got || strlen(got) != strlen(nonce) || sodium_memcmp(got, nonce, strlen(nonce)))
        return OIDC_ERR_NONCE;
    if (!json_is_string(json_object_get(claims, "sub"))) return OIDC_ERR_MALFORMED;
    if (acr_allowed) {
        const char *acr = json_string_value(json_object_get(claims, "acr"));
        int ok = 0;
        for (const char *const *a = acr_allowed; *a && acr; a++)
            ok |= !strcmp(*a, acr);
        if (!ok) return OIDC_ERR_ACR;
    }
    return OIDC_OK;
}

int oidc_id_token_verify(oidc_provider p, const char *id_token, const char *nonce, int64_t now,
                         const char *const *acr_allowed, json_t **claims)
{
    *claims = NULL;
    if (!oidc_configured(p)) return OIDC_ERR_NOT_CONFIGURED;
    if (!jws_compact_well_formed(id_token)) return OIDC_ERR_MALFORMED;
    cjose_err err;
    cjose_jws_t *jws = cjose_jws_import(id_token, strlen(id_token), &err);
    if (!jws) return OIDC_ERR_MALFORMED;
    cjose_header_t *hdr = cjose_jws_get_protected(jws);
    const char *alg = hdr ? cjose_header_get(hdr, CJOSE_HDR_ALG, &err) : NULL;
    const char *kid = hdr ? cjose_header_get(hdr, CJOSE_HDR_KID, &err) : NULL;
    /* Only the algorithms the providers use: never "none", never HMAC with a public key. */
    cjose_jwk_kty_t kty;
    if (alg && !strcmp(alg, CJOSE_HDR_ALG_RS256))
        kty = CJOSE_JWK_KTY_RSA;
    else if (alg && !strcmp(alg, CJOSE_HDR_ALG_ES256))
        kty = CJOSE_JWK_KTY_EC;
    else {
        cjose_jws_release(jws);
        return OIDC_ERR_SIGNATURE;
    }
    cjose_jwk_t *key = key_find(p, kid, kty);
    int ok = key && cjose_jws_verify(jws, key, &err);
    if (key) cjose_jwk_release(key);
    if (!ok) {
        cjose_jws_release(jws);
        return OIDC_ERR_SIGNATURE;
    }
    uint8_t *plain = NULL;
    size_t plain_len = 0;
    json_t *payload = NULL;
    if (cjose_jws_get_plaintext(jws, &plain, &plain_len, &err))
        payload = json_loadb((const char *)plain, plain_len, 0, NULL);
    cjose_jws_release(jws);
    if (!json_is_object(payload)) {
        json_decref(payload);
        return OIDC_ERR_MALFORMED;
    }
    int rc = claims_check(p, payload, nonce, now, acr_allowed);
    if (rc) {
        json_decref(payload);
        return rc;
    }
    *claims = payload;
    return OIDC_OK;
}

const char *oidc_error_text(int rc)
{
    switch (rc) {
    case OIDC_ERR_NOT_CONFIGURED:
        return "Innlogging er ikke satt opp for denne tjenesten.";
    case OIDC_ERR_UNREACHABLE:
        return "Innloggingstjenesten svarer ikke akkurat nå. Prøv igjen om litt.";
    case OIDC_ERR_TOKEN:
        return "Innloggingstjenesten godtok ikke innloggingen. Prøv å logge inn på nytt.";
    case OIDC_ERR_SIGNATURE:
        return "Svaret fra innloggingstjenesten hadde ikke en gyldig signatur.";
    case OIDC_ERR_ISSUER:
        return "Svaret kom ikke fra innloggingstjenesten vi bruker.";
    case OIDC_ERR_AUDIENCE:
        return "Svaret fra innloggingstjenesten var ment for en annen tjeneste.";
    case OIDC_ERR_EXPIRED:
        return "Svaret fra innloggingstjenesten er utløpt. Prøv å logge inn på nytt.";
    case OIDC_ERR_ISSUED_AT:
        return "Svaret fra innloggingstjenesten har et ugyldig tidspunkt. Prøv å logge inn på "
               "nytt.";
    case OIDC_ERR_NONCE:
        return "Svaret fra innloggingstjenesten hørte ikke til denne innloggingen.";
    case OIDC_ERR_ACR:
        return "Du logget inn med for lavt sikkerhetsnivå. Bruk BankID, Buypass eller MinID med "
               "sikkerhetsnivå betydelig eller høyt.";
    default:
        return "Svaret fra innloggingstjenesten kunne ikke leses.";
    }
}
