#include "auth/session.h"
#include "auth/cookies.h"

#include <sodium.h>
#include <string.h>

#include "app.h"
#include "auth/person.h"
#include "auth/session_db.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/response.h"

/* The idle time is exact to the second: last_seen_at is written at most once a second per
 * session, so a burst of requests (a page and its fetches) is one write, and a session used
 * within its idle time never ends early, whatever the setting. */
enum { SLIDE_EVERY_SECONDS = 1 };

static int base_is_https(void)
{
    return !strncmp(g_app.cfg.base_url, "https://", 8);
}

const char *session_cookie_name(void)
{
    return cookie_name(COOKIE_SESSION);
}

void session_hash_hex(const char *s, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
    sodium_bin2hex(out, 65, h, sizeof h);
}

void session_random_hex(char out[65])
{
    unsigned char b[32];
    randombytes_buf(b, sizeof b);
    sodium_bin2hex(out, 65, b, sizeof b);
}

void session_cookie_set(req *r, const char *name, const char *value, int max_age)
{
    /* Only the cookies the privacy statement lists (auth/cookies.h). */
    if (!cookie_is_known(name)) {
        log_error("request=%s informasjonskapselen %s står ikke i tabellen og settes ikke", r->id, name);
        return;
    }
    char age[32] = "";
    if (!value)
        snprintf(age, sizeof age, "; Max-Age=0");
    else if (max_age >= 0)
        snprintf(age, sizeof age, "; Max-Age=%d", max_age);
    resp_header_add(r, "Set-Cookie",
                    arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name,
                                 value ? value : "", base_is_https() ? "; Secure" : "", age));
}

static int token_well_formed(const char *t)
{
    if (!t || strlen(t) != 64) return 0;
    for (const char *p = t; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return 0;
    return 1;
}

int session_load(req *r)
{
    const char *token = req_cookie(r, session_cookie_name());
    if (!token) return 0;
    if (!token_well_formed(token)) {
        r->session_expired = 1;
        return 0;
    }
    db *d = app_db();
    if (!d) return -1;
    char hash[65];
    session_hash_hex(token, hash);
    int64_t now = clock_now();
    auth_session *s = arena_calloc(r->arena, 1, sizeof *s);
    int64_t last_seen, expires;
    int rc = session_db_find(d, r->arena, hash, s, &last_seen, &expires);
    if (rc < 0) return -1;
    if (rc == 0) {
        r->session_expired = 1;
        return 0;
    }
    int64_t idle = (int64_t)g_app.cfg.session_idle_minutes * 60;
    if (now >= expires || now >= last_seen + idle) {
        session_db_delete(d, s->id);
        r->session_expired = 1;
        return 0;
    }
    if (now - last_seen >= SLIDE_EVERY_SECONDS && session_db_touch(d, s->id, now) != DB_OK)
        log_warn("request=%s kunne ikke forlenge økten: %s", r->id, db_errmsg(d));
    r->session = s;
    return 0;
}

int session_create(db *d, req *r, const char *provider, int64_t person_id, int64_t staff_id,
                   const char *idp_sid, const char *id_token)
{
    char token[65], hash[65], csrf[65];
    session_random_hex(token);
    session_random_hex(csrf);
    session_hash_hex(token, hash);
    int64_t now = clock_now();
    size_t sealed_len = id_token ? auth_sealed_len(id_token) : 0;
    unsigned char *sealed = id_token ? arena_alloc(r->arena, sealed_len) : NULL;
    if (id_token) auth_seal(id_token, sealed);
    int64_t expires = now + (int64_t)g_app.cfg.session_max_minutes * 60;
    session_db_new row = {.token_hash = hash, .provider = provider, .person_id = person_id,
                          .staff_id = staff_id, .csrf_token = csrf, .idp_sid = idp_sid,
                          .id_token_sealed = sealed, .id_token_sealed_len = sealed_len,
                          .created_at = now, .expires_at = expires};
    int rc = session_db_insert(d, &row);
    if (rc != DB_OK) return rc;
    session_cookie_set(r, session_cookie_name(), token, -1);
    sodium_memzero(token, sizeof token);
    return DB_OK;
}

int session_end(db *d, req *r)
{
    session_cookie_set(r, session_cookie_name(), NULL, 0);
    if (!r->session) return DB_OK;
    int64_t id = r->session->id;
    r->session = NULL; /* the rest of this response is for someone logged out */
    return session_db_delete(d, id);
}
