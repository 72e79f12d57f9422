#include "auth/oidc_fetch.h"

#include <curl/curl.h>
#include <pthread.h>
#include <string.h>

#include "core/log.h"
#include "core/strbuf.h"

enum { FETCH_MAX_BYTES = 1024 * 1024 };

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static size_t collect(char *data, size_t size, size_t n, void *ud)
{
    strbuf *b = ud;
    if (b->len + size * n > FETCH_MAX_BYTES) return 0; /* a provider never sends this much */
    strbuf_append(b, data, size * n);
    return size * n;
}

json_t *oidc_fetch_json(const char *url, const char *form, const char *user, const char *password,
                        long *status)
{
    pthread_once(&curl_once, curl_start);
    *status = 0;
    CURL *c = curl_easy_init();
    if (!c) return NULL;
    strbuf body = STRBUF_INIT;
    struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    if (form) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
        if (user) {
            /* client_secret_basic: both parts are form-url-encoded before the base64, as
             * RFC 6749 § 2.3.1 asks. */
            char *u = curl_easy_escape(c, user, 0),
                 *p = curl_easy_escape(c, password ? password : "", 0);
            curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
            curl_easy_setopt(c, CURLOPT_USERNAME, u);
            curl_easy_setopt(c, CURLOPT_PASSWORD, p);
            curl_free(u);
            curl_free(p);
        }
    }
    CURLcode rc = curl_easy_perform(c);
    json_t *out = NULL;
    if (rc != CURLE_OK) {
        log_warn("oidc: %s svarte ikke: %s", url, curl_easy_strerror(rc));
    } else {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
        json_error_t jerr;
        out = body.data ? json_loadb(body.data, body.len, 0, &jerr) : NULL;
        if (out && !json_is_object(out)) {
            json_decref(out);
            out = NULL;
        }
        if (!out) log_warn("oidc: %s svarte %ld uten et JSON-objekt", url, *status);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    strbuf_free(&body);
    return out;
}
