#include "auth/auth.h"

#include <curl/curl.h>
#include <sodium.h>
#include <string.h>

#include "app.h"
#include "auth/session.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "http/response.h"

enum { RETURN_PATH_MAX = 512 };

const char *auth_return_path(const char *path)
{
    /* Only "/x...": not "//host", not "/\host" (browsers read both as another site), no
     * control characters or backslashes anywhere. */
    if (!path || path[0] != '/' || path[1] == '/' || path[1] == '\\' ||
        strlen(path) > RETURN_PATH_MAX)
        return "/min-side";
    for (const char *p = path; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F || *p == '\\') return "/min-side";
    return path;
}

static int origin_matches(const char *value)
{
    const char *base = g_app.cfg.base_url;
    size_t n = strlen(base);
    return !strncmp(value, base, n) && (value[n] == '\0' || value[n] == '/');
}

static int state_changing(const char *method)
{
    return !strcmp(method, "POST") || !strcmp(method, "PUT") || !strcmp(method, "PATCH") ||
           !strcmp(method, "DELETE");
}

static void refuse_csrf(req *r)
{
    resp_error(r, 403, "Skjemaet kunne ikke sendes",
               "Skjemaet var utløpt eller kom ikke fra Min side. Gå tilbake, last siden på nytt "
               "og prøv igjen.");
}

int auth_request_begin(req *r)
{
    if (!strncmp(r->path, "/static/", 8) || !strcmp(r->path, "/healthz")) return 0;
    if (session_load(r) != 0) {
        log_error("request=%s kunne ikke lese økten", r->id);
        auth_page_unavailable(r);
        return -1;
    }
    if (!state_changing(r->method)) return 0;
    /* Browsers send Origin on every cross-site POST; Referer is the fallback for old ones. */
    const char *origin = req_header(r, "Origin");
    const char *referer = req_header(r, "Referer");
    if ((origin && strcmp(origin, "null") && !origin_matches(origin)) ||
        (origin && !strcmp(origin, "null")) || (!origin && referer && !origin_matches(referer))) {
        log_warn("request=%s avviste skjema fra annen opprinnelse", r->id);
        refuse_csrf(r);
        return -1;
    }
    if (r->session) {
        const char *token = req_form(r, "csrf");
        size_t want = strlen(r->session->csrf_token);
        if (!token || strlen(token) != want || sodium_memcmp(token, r->session->csrf_token, want)) {
            log_warn("request=%s avviste skjema uten gyldig CSRF-token", r->id);
            refuse_csrf(r);
            return -1;
        }
    } else if (r->session_expired) {
        resp_error(r, 403, "Økten din er utløpt",
                   "Du har vært inaktiv for lenge, eller du er logget ut. Logg inn igjen og send "
                   "skjemaet på nytt.");
        return -1;
    }
    return 0;
}

void auth_page_unavailable(req *r)
{
    resp_error(r, 503, "Tjenesten er midlertidig utilgjengelig",
               "Min side har problemer med å nå dataene sine akkurat nå. Prøv igjen om litt.");
}

void auth_page_model_add(req *r, json_t *model)
{
    if (r->session && json_is_object(model))
        json_object_set_new(model, "csrf_token", json_string(r->session->csrf_token));
}

const char *auth_staff_badge(const char *roles)
{
    if (auth_roles_include(roles, AUTH_ROLE_MANAGER)) return "Leder";
    if (auth_roles_include(roles, AUTH_ROLE_ARCHIVIST)) return "Arkivleder";
    if (auth_roles_include(roles, AUTH_ROLE_CASEWORKER)) return "Saksbehandler";
    return "Ansatt";
}

int auth_roles_include(const char *roles, const char *role)
{
    size_t n = strlen(role);
    for (const char *p = roles; p && *p;) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && !strncmp(p, role, n)) return 1;
        p = end ? end + 1 : p + len;
    }
    return 0;
}

/* The page asked for, path and query, as a neste= value. */
static const char *login_redirect(req *r, const char *login_path)
{
    strbuf here = STRBUF_INIT;
    strbuf_puts(&here, r->path);
    for (size_t i = 0; i < r->query.count; i++) {
        strbuf_printf(&here, "%c", i ? '&' : '?');
        char *k = curl_easy_escape(NULL, r->query.items[i].key, 0);
        char *v = curl_easy_escape(NULL, r->query.items[i].value, 0);
        strbuf_printf(&here, "%s=%s", k ? k : "", v ? v : "");
        curl_free(k);
        curl_free(v);
    }
    char *next = curl_easy_escape(NULL, here.data, (int)here.len);
    const char *location = arena_printf(r->arena, "%s?neste=%s", login_path, next ? next : "%2F");
    curl_free(next);
    strbuf_free(&here);
    return location;
}

int auth_require_person(req *r)
{
    if (r->session && r->session->person_id) return 0;
    resp_redirect(r, 303, login_redirect(r, "/logg-inn"));
    return -1;
}

int auth_require_staff(req *r, const char *role)
{
    if (!r->session || !r->session->staff_id) {
        resp_redirect(r, 303, login_redirect(r, "/ansatt/logg-inn"));
        return -1;
    }
    if (role ? auth_roles_include(r->session->roles, role) : *r->session->roles != '\0') return 0;
    resp_error(r, 403, "Du har ikke tilgang",
               "Du er logget inn, men har ikke rollen som skal til for å se denne siden.");
    return -1;
}

db *auth_person_db(req *r)
{
    if (auth_require_person(r)) return NULL;
    db *d = app_db();
    if (!d) auth_page_unavailable(r);
    return d;
}

db *auth_staff_db(req *r, const char *role)
{
    if (auth_require_staff(r, role)) return NULL;
    db *d = app_db();
    if (!d) auth_page_unavailable(r);
    return d;
}
