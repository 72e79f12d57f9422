#include "auth/auth_http.h"
#include "auth/cookies.h"

#include <curl/curl.h>
#include <sodium.h>
#include <string.h>

#include "app.h"
#include "auth/auth.h"
#include "auth/fnr.h"
#include "auth/login_db.h"
#include "auth/oidc.h"
#include "auth/person.h"
#include "auth/session.h"
#include "auth/session_db.h"
#include "auth/staff.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "http/response.h"

static const char *const PUBLIC_ACR[] = {"idporten-loa-substantial", "idporten-loa-high", NULL};

static const char *provider_name(oidc_provider p)
{
    return p == OIDC_STAFF ? "staff" : "public";
}

static const char *callback_uri(req *r, oidc_provider p)
{
    return arena_printf(r->arena, "%s%s", g_app.cfg.base_url,
                        p == OIDC_STAFF ? "/ansatt/logg-inn/tilbake" : "/logg-inn/tilbake");
}

/* The cookie that ties a pending login to the browser that began it, so a callback link
 * planted in another browser logs no one in there. */
static const char *login_cookie_name(void)
{
    return cookie_name(COOKIE_LOGIN);
}

static int hex64(const char *s)
{
    if (!s || strlen(s) != 64) return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return 0;
    return 1;
}

static void page_too_many(req *r)
{
    resp_error(r, 429, "For mange innloggingsforsøk",
               "Det har vært for mange innloggingsforsøk som ikke ble fullført. Vent et kvarter "
               "og prøv igjen.");
    resp_header_add(r, "Retry-After", "900");
}

static char *escape(req *r, const char *s)
{
    char *e = curl_easy_escape(NULL, s, 0);
    char *out = arena_strdup(r->arena, e ? e : "");
    curl_free(e);
    return out;
}

static void base64url(const unsigned char *bin, size_t len, char *out, size_t out_len)
{
    sodium_bin2base64(out, out_len, bin, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void login_start(req *r, oidc_provider p)
{
    /* Only a top-level navigation begins a login: an <img> or <script> pointing here from
     * another site would otherwise spend the limits of whoever's browser loads it. */
    const char *dest = req_header(r, "Sec-Fetch-Dest");
    if (dest && strcmp(dest, "document")) {
        resp_error(r, 403, "Innloggingen må startes fra siden",
                   "Innlogging kan bare startes ved å gå til siden, ikke fra et bilde eller et "
                   "skript på en annen nettside.");
        return;
    }
    if (!oidc_configured(p)) {
        resp_error(
            r, 503, "Innlogging er ikke satt opp",
            p == OIDC_STAFF
                ? "Innlogging for ansatte er ikke satt opp på denne installasjonen av Min side."
                : "Innlogging med ID-porten er ikke satt opp på denne installasjonen av Min "
                  "side. Du kan fortsatt lese sidene som ikke krever innlogging.");
        return;
    }
    db *d = app_db();
    if (!d) {
        auth_page_unavailable(r);
        return;
    }
    int64_t now = clock_now();
    /* A browser that already began a login keeps its cookie, so its attempts count together. */
    char browser[65], browser_hash[65], address_key[PERSON_KEY_HEX];
    const char *known = req_cookie(r, login_cookie_name());
    if (hex64(known)) snprintf(browser, sizeof browser, "%s", known);
    else session_random_hex(browser);
    session_hash_hex(browser, browser_hash);
    person_address_key(r->client_addr, address_key);
    login_client client = {hex64(known) ? browser_hash : NULL, address_key, r->client_ip};
    login_unfinished_counts n;
    if (login_unfinished(d, provider_name(p), &client, now, &n) != DB_OK) {
        auth_page_unavailable(r);
        return;
    }
    const char *over = n.browser >= g_app.cfg.login_max_per_browser ? "nettleseren"
                       : n.address >= g_app.cfg.login_max_per_client ? "adressen"
                       : n.range >= g_app.cfg.login_max_per_range ? "adresseområdet"
                                                                  : NULL;
    if (over) {
        log_warn("request=%s for mange innloggingsforsøk fra %s (%s)", r->id, over, r->client_ip);
        page_too_many(r);
        return;
    }
    oidc_endpoints ep;
    int rc = oidc_endpoints_get(p, r->arena, &ep);
    if (rc) {
        resp_error(r, 503, "Innloggingen er ikke tilgjengelig", oidc_error_text(rc));
        return;
    }
    char state[65], nonce[65], state_hash[65];
    session_random_hex(state);
    session_random_hex(nonce);
    session_hash_hex(state, state_hash);
    unsigned char raw[32], challenge_bin[crypto_hash_sha256_BYTES];
    randombytes_buf(raw, sizeof raw);
    char verifier[64], challenge[64];
    base64url(raw, sizeof raw, verifier, sizeof verifier);
    crypto_hash_sha256(challenge_bin, (const unsigned char *)verifier, strlen(verifier));
    base64url(challenge_bin, sizeof challenge_bin, challenge, sizeof challenge);
    const char *back = auth_return_path(req_query(r, "neste"));
    if (p == OIDC_STAFF && !strcmp(back, "/min-side")) back = "/ansatt";
    if (login_attempt_start(d, provider_name(p), state_hash, browser_hash, nonce, verifier, back,
                            &client, now) != DB_OK) {
        log_error("request=%s kunne ikke lagre innloggingsforsøket: %s", r->id, db_errmsg(d));
        {
            auth_page_unavailable(r);
            return;
        }
    }
    const oidc_settings *s = oidc_settings_of(p);
    const char *location = arena_printf(
        r->arena,
        "%s%cresponse_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s&nonce=%s"
        "&code_challenge=%s&code_challenge_method=S256&ui_locales=nb%s",
        ep.authorization, strchr(ep.authorization, '?') ? '&' : '?', escape(r, s->client_id),
        escape(r, callback_uri(r, p)), p == OIDC_STAFF ? "openid%20profile" : "openid", state,
        nonce, challenge, p == OIDC_STAFF ? "" : "&acr_values=idporten-loa-substantial");
    session_cookie_set(r, login_cookie_name(), browser, LOGIN_ATTEMPT_SECONDS);
    resp_redirect(r, 303, location);
}

void auth_login_public(req *r)
{
    login_start(r, OIDC_PUBLIC);
}

void auth_login_staff(req *r)
{
    login_start(r, OIDC_STAFF);
}

static void login_refused(req *r, const char *message)
{
    session_cookie_set(r, login_cookie_name(), NULL, 0);
    resp_error(r, 400, "Innloggingen mislyktes", message);
}

/* The person or caseworker the verified claims name, and their session, in one transaction. */
static int login_commit(req *r, db *d, oidc_provider p, json_t *claims, const char *pid,
                        const char *id_token, const login_pending *lp, const char *person_key,
                        int *needs_profile)
{
    int64_t now = clock_now(), person_id = 0, staff_id = 0;
    const char *sid = json_string_value(json_object_get(claims, "sid"));
    if (db_begin(d) != DB_OK) return DB_ERR;
    int rc;
    if (p == OIDC_PUBLIC) {
        rc = person_find_or_create(d, pid, now, &person_id);
    } else {
        const char *email = json_string_value(json_object_get(claims, "email"));
        rc = staff_upsert(d, json_string_value(json_object_get(claims, "sub")),
                          json_string_value(json_object_get(claims, "name")), email,
                          staff_roles_from_claims(r->arena, claims), now, &staff_id);
    }
    /* A login replaces any session this browser had: one person, one session. */
    if (rc == DB_OK && r->session)
        rc = session_db_delete(d, r->session->id);
    if (rc == DB_OK)
        rc = session_create(d, r, provider_name(p), person_id, staff_id, sid, id_token);
    if (rc == DB_OK) rc = login_attempt_finish(d, lp->id, "ok", person_key);
    rc = db_finish(d, rc);
    if (rc != DB_OK) return rc;
    if (p == OIDC_PUBLIC) {
        person_profile prof;
        *needs_profile = person_profile_get(d, r->arena, person_id, &prof) == DB_OK && !prof.name;
    }
    return DB_OK;
}

static void login_finish(req *r, oidc_provider p)
{
    const char *state = req_query(r, "state");
    if (!hex64(state)) {
        login_refused(r, "Svaret fra innloggingstjenesten manglet en gyldig tilstand. Start "
                         "innloggingen på nytt.");
        return;
    }
    db *d = app_db();
    if (!d) {
        auth_page_unavailable(r);
        return;
    }
    char state_hash[65];
    session_hash_hex(state, state_hash);
    int64_t now = clock_now();
    login_pending lp;
    int rc = login_attempt_take(d, r->arena, state_hash, now, &lp);
    if (rc < 0) {
        auth_page_unavailable(r);
        return;
    }
    if (rc == DB_DONE || strcmp(lp.provider, provider_name(p))) {
        login_refused(
            r, "Denne innloggingen er allerede brukt eller er utløpt. Start innloggingen på nytt.");
        return;
    }
    const char *browser = req_cookie(r, login_cookie_name());
    char browser_hash[65] = "";
    if (browser) session_hash_hex(browser, browser_hash);
    if (!browser || strcmp(browser_hash, lp.browser_hash)) {
        login_attempt_finish(d, lp.id, "failed", NULL);
        {
            login_refused(r, "Innloggingen ble startet i en annen nettleser eller fane. Start "
                             "innloggingen på nytt her.");
            return;
        }
    }
    const char *error = req_query(r, "error");
    const char *code = req_query(r, "code");
    if (error || !code || strlen(code) > 2048) {
        login_attempt_finish(d, lp.id, "failed", NULL);
        {
            login_refused(r, error && !strcmp(error, "access_denied")
                                 ? "Du avbrøt innloggingen. Du kan prøve igjen når du vil."
                                 : "Innloggingstjenesten fullførte ikke innloggingen. Prøv igjen.");
            return;
        }
    }
    char *id_token = NULL;
    json_t *claims = NULL;
    rc = oidc_code_exchange(p, r->arena, code, lp.code_verifier, callback_uri(r, p), &id_token);
    /* acr is checked below, once the person is known, so a too-low level counts against them. */
    if (rc == OIDC_OK) rc = oidc_id_token_verify(p, id_token, lp.nonce, now, NULL, &claims);
    if (rc != OIDC_OK) {
        log_warn("request=%s innlogging avvist: %d", r->id, rc);
        login_attempt_finish(d, lp.id, "failed", NULL);
        if (rc == OIDC_ERR_UNREACHABLE) {
            resp_error(r, 503, "Innloggingen er ikke tilgjengelig", oidc_error_text(rc));
            return;
        }
        {
            login_refused(r, oidc_error_text(rc));
            return;
        }
    }
    const char *pid = json_string_value(json_object_get(claims, "pid"));
    char person_key[PERSON_KEY_HEX] = "";
    const char *refusal = NULL;
    if (p == OIDC_PUBLIC) {
        if (!pid || !fnr_check_digits_valid(pid)) {
            refusal = "Innloggingstjenesten sendte ikke et gyldig fødselsnummer eller d-nummer.";
        } else {
            person_pid_key(pid, person_key);
            int64_t failed = login_failed_by_person(d, person_key, now);
            if (failed < 0) {
                json_decref(claims);
                {
                    auth_page_unavailable(r);
                    return;
                }
            }
            if (failed >= g_app.cfg.login_max_per_person) {
                login_attempt_finish(d, lp.id, "failed", person_key);
                json_decref(claims);
                session_cookie_set(r, login_cookie_name(), NULL, 0);
                {
                    page_too_many(r);
                    return;
                }
            }
            const char *acr = json_string_value(json_object_get(claims, "acr"));
            int acr_ok = 0;
            for (const char *const *a = PUBLIC_ACR; *a && acr; a++)
                acr_ok |= !strcmp(*a, acr);
            if (!acr_ok) refusal = oidc_error_text(OIDC_ERR_ACR);
        }
    } else {
        const char *name = json_string_value(json_object_get(claims, "name"));
        if (!name || !*name || strlen(name) > 200)
            refusal = "Innloggingstjenesten for ansatte sendte ikke navnet ditt.";
        else if (!*staff_roles_from_claims(r->arena, claims))
            refusal = "Du har ingen rolle i Min side. Be lederen din om tilgang.";
    }
    if (refusal) {
        login_attempt_finish(d, lp.id, "failed", *person_key ? person_key : NULL);
        json_decref(claims);
        {
            login_refused(r, refusal);
            return;
        }
    }
    int needs_profile = 0;
    rc = login_commit(r, d, p, claims, pid, id_token, &lp, *person_key ? person_key : NULL,
                      &needs_profile);
    json_decref(claims);
    if (rc != DB_OK) {
        log_error("request=%s kunne ikke fullføre innloggingen: %s", r->id, db_errmsg(d));
        {
            auth_page_unavailable(r);
            return;
        }
    }
    session_cookie_set(r, login_cookie_name(), NULL, 0);
    const char *back = lp.return_path;
    if (needs_profile) back = arena_printf(r->arena, "/min-side/profil?neste=%s", escape(r, back));
    resp_redirect(r, 303, back);
}

void auth_callback_public(req *r)
{
    login_finish(r, OIDC_PUBLIC);
}

void auth_callback_staff(req *r)
{
    login_finish(r, OIDC_STAFF);
}

void auth_logout(req *r)
{
    db *d = app_db();
    if (!d) {
        auth_page_unavailable(r);
        return;
    }
    auth_session *s = r->session;
    oidc_provider p = s && !strcmp(s->provider, "staff") ? OIDC_STAFF : OIDC_PUBLIC;
    if (session_end(d, r) != DB_OK) {
        auth_page_unavailable(r);
        return;
    }
    const char *done = arena_printf(r->arena, "%s/logget-ut", g_app.cfg.base_url);
    oidc_endpoints ep;
    /* Also end the session at the provider, so the next person at this computer is asked to
     * log in again there. */
    if (s && s->id_token && oidc_endpoints_get(p, r->arena, &ep) == OIDC_OK && ep.end_session) {
        const char *url = arena_printf(
            r->arena, "%s%cid_token_hint=%s&post_logout_redirect_uri=%s&client_id=%s",
            ep.end_session, strchr(ep.end_session, '?') ? '&' : '?', escape(r, s->id_token),
            escape(r, done), escape(r, oidc_settings_of(p)->client_id));
        resp_page(r, 200, "pages/logger_ut", "Du logges ut",
                  json_pack("{s:s, s:s}", "refresh_url", url, "provider",
                            p == OIDC_STAFF ? "innloggingen for ansatte" : "ID-porten"));
        return;
    }
    resp_redirect(r, 303, "/logget-ut");
}

void auth_logged_out(req *r)
{
    resp_page(r, 200, "pages/logget_ut", "Du er logget ut", NULL);
}

void auth_logout_frontchannel(req *r)
{
    const char *iss = req_query(r, "iss"), *sid = req_query(r, "sid");
    int p = oidc_provider_by_issuer(iss);
    if (p < 0 || !sid || !*sid || strlen(sid) > 256) {
        resp_text(r, 400, "ukjent utsteder eller sesjon\n");
        return;
    }
    db *d = app_db();
    int ended = d ? session_end_by_idp_sid(d, provider_name(p), sid) : DB_ERR;
    if (ended < 0) {
        resp_text(r, 503, "databasen svarer ikke\n");
        return;
    }
    log_info("request=%s frontkanal-utlogging avsluttet %d økt(er)", r->id, ended);
    resp_text(r, 200, "logget ut\n");
}
