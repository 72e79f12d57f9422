/* The keyset cursor's token: "n" or "f", the id in decimal, ':', the key, in URL-safe base64
 * without padding (libsodium's), so it survives any query string unescaped. */
#include "core/page_cursor.h"

#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

enum { RAW_MAX = 2 + 20 + 1 + PAGE_CURSOR_KEY_MAX };

const char *page_cursor_encode(arena *a, const page_cursor *c)
{
    size_t klen = strlen(c->key);
    if (klen > PAGE_CURSOR_KEY_MAX || !utf8_valid(c->key, klen) || c->id < 0) return NULL;
    char raw[RAW_MAX + 1];
    int n = snprintf(raw, sizeof raw, "%c%" PRId64 ":%s", c->before ? 'f' : 'n', c->id, c->key);
    if (n < 0 || (size_t)n >= sizeof raw) return NULL;
    size_t size = sodium_base64_ENCODED_LEN((size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = arena_alloc(a, size);
    return sodium_bin2base64(out, size, (const unsigned char *)raw, (size_t)n,
                             sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int page_cursor_decode(const char *token, page_cursor *c)
{
    unsigned char raw[RAW_MAX + 1];
    size_t n = 0;
    if (!token || strlen(token) > sodium_base64_ENCODED_LEN(RAW_MAX, sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
        sodium_base642bin(raw, RAW_MAX, token, strlen(token), NULL, &n, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n < 3)
        return -1;
    raw[n] = '\0';
    if (raw[0] != 'n' && raw[0] != 'f') return -1;
    char *colon = memchr(raw, ':', n);
    if (!colon || colon == (char *)raw + 1 || !(raw[1] >= '0' && raw[1] <= '9')) return -1;
    errno = 0;
    char *end;
    long long id = strtoll((char *)raw + 1, &end, 10);
    if (errno || end != colon || id < 0) return -1;
    const char *key = colon + 1;
    size_t klen = n - (size_t)(key - (char *)raw);
    if (klen > PAGE_CURSOR_KEY_MAX || memchr(key, '\0', klen) || !utf8_valid(key, klen)) return -1;
    c->before = raw[0] == 'f';
    c->id = id;
    memcpy(c->key, key, klen + 1);
    return 0;
}

int page_cursor_key_int(const page_cursor *c, int64_t *out)
{
    char *end;
    if (!(c->key[0] >= '0' && c->key[0] <= '9')) return -1;
    errno = 0;
    long long v = strtoll(c->key, &end, 10);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}
