/* GET /metrics and who may read it. */
#include "metrics/metrics.h"

#include <sodium.h>
#include <string.h>

#include "app.h"
#include "http/response.h"

/* The bearer token compared in constant time: both sides are hashed first, so neither their
 * contents nor their lengths show in the timing. */
static int token_matches(const char *given, const char *expected)
{
    unsigned char a[crypto_generichash_BYTES], b[crypto_generichash_BYTES];
    crypto_generichash(a, sizeof a, (const unsigned char *)given, strlen(given), NULL, 0);
    crypto_generichash(b, sizeof b, (const unsigned char *)expected, strlen(expected), NULL, 0);
    return sodium_memcmp(a, b, sizeof a) == 0;
}

static int bearer_token_valid(const req *r)
{
    const char *token = g_app.cfg.metrics_token;
    const char *auth = req_header(r, "Authorization");
    if (!token || !*token || !auth || strncasecmp(auth, "Bearer ", 7)) return 0;
    return token_matches(auth + 7, token);
}

void metrics_page(req *r)
{
    if (!bearer_token_valid(r) && !req_from_loopback(r)) {
        int has_token = g_app.cfg.metrics_token && *g_app.cfg.metrics_token;
        if (has_token) resp_header_add(r, "WWW-Authenticate", "Bearer");
        resp_text(r, has_token ? 401 : 403,
                  has_token ? "Målingene krever et gyldig token (Authorization: Bearer …).\n"
                            : "Målingene kan bare leses fra maskinen tjenesten kjører på.\n");
        return;
    }
    strbuf out = STRBUF_INIT;
    metrics_write(&out, app_db());
    size_t len = out.len;
    resp_body(r, 200, "text/plain; version=0.0.4; charset=utf-8", strbuf_take(&out), len);
}
