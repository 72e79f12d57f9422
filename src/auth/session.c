#include "auth/session.h"

#include <sodium.h>
#include <string.h>

#include "app.h"
#include "auth/person.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/response.h"

/* Writing last_seen_at on every request would make every page view a write; a minute of
 * slack on a 30-minute idle time does not matter. */
enum { SLIDE_EVERY_SECONDS = 60 };

static int base_is_https(void)
{
    return !strncmp(g_app.cfg.base_url, "https://", 8);
}

const char *session_cookie_name(void)
{
    return base_is_https() ? "__Host-minside" : "minside";
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
    db_stmt *st = db_prepare(
        d, "SELECT s.id, s.provider, s.person_id, s.staff_id, s.csrf_token, s.id_token_enc, "
           "s.last_seen_at, s.expires_at, p.name, t.name, t.roles "
           "FROM session s LEFT JOIN person p ON p.id = s.person_id "
           "LEFT JOIN staff t ON t.id = s.staff_id WHERE s.token_hash = $1");
    if (!st || db_bind_text(st, 1, hash)) return -1;
    int rc = db_step(st);
    if (rc == DB_DONE) {
        r->session_expired = 1;
        return 0;
    }
    if (rc != DB_ROW) return -1;
    int64_t id = db_col_int(st, 0), last_seen = db_col_int(st, 6), expires = db_col_int(st, 7);
    int64_t idle = (int64_t)g_app.cfg.session_idle_minutes * 60;
    if (now >= expires || now >= last_seen + idle) {
        db_reset(st);
        db_run(d, "DELETE FROM session WHERE id = $1", "i", id);
        r->session_expired = 1;
        return 0;
    }
    auth_session *s = arena_calloc(r->arena, 1, sizeof *s);
    s->id = id;
    s->provider = arena_strdup(r->arena, db_col_text(st, 1));
    s->person_id = db_col_is_null(st, 2) ? 0 : db_col_int(st, 2);
    s->staff_id = db_col_is_null(st, 3) ? 0 : db_col_int(st, 3);
    s->csrf_token = arena_strdup(r->arena, db_col_text(st, 4));
    if (!db_col_is_null(st, 5)) {
        size_t len = 0;
        const void *sealed = db_col_blob(st, 5, &len);
        s->id_token = auth_unseal(r->arena, sealed, len);
    }
    const char *name = s->staff_id ? db_col_text(st, 9) : db_col_text(st, 8);
    s->name = name ? arena_strdup(r->arena, name) : NULL;
    s->roles =
        arena_strdup(r->arena, s->staff_id && db_col_text(st, 10) ? db_col_text(st, 10) : "");
    db_reset(st);
    if (now - last_seen >= SLIDE_EVERY_SECONDS &&
        db_run(d, "UPDATE session SET last_seen_at = $1 WHERE id = $2", "ii", now, id) != DB_OK)
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
    db_stmt *st =
        db_prepare(d, "INSERT INTO session (token_hash, provider, person_id, staff_id, "
                      "csrf_token, idp_sid, id_token_enc, created_at, last_seen_at, expires_at) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)");
    if (!st || db_bind_text(st, 1, hash) || db_bind_text(st, 2, provider) ||
        (person_id ? db_bind_int(st, 3, person_id) : db_bind_null(st, 3)) ||
        (staff_id ? db_bind_int(st, 4, staff_id) : db_bind_null(st, 4)) ||
        db_bind_text(st, 5, csrf) || db_bind_text(st, 6, idp_sid) ||
        (sealed ? db_bind_blob(st, 7, sealed, sealed_len) : db_bind_null(st, 7)) ||
        db_bind_int(st, 8, now) || db_bind_int(st, 9, expires))
        return DB_ERR;
    int rc = db_step(st);
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ERR;
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
    return db_run(d, "DELETE FROM session WHERE id = $1", "i", id) == DB_OK ? DB_OK : DB_ERR;
}

int session_end_by_idp_sid(db *d, const char *provider, const char *sid)
{
    db_stmt *st = db_prepare(d, "DELETE FROM session WHERE provider = $1 AND idp_sid = $2");
    if (!st || db_bind_text(st, 1, provider) || db_bind_text(st, 2, sid)) return DB_ERR;
    int rc = db_step(st);
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ERR;
    return (int)db_changes(st);
}
