/* Login's own rules: fødselsnummer check digits and birth dates, the encryption and keyed hash
 * of the pid, the return path after login, roles, the profile form; and its queries (persons,
 * staff, pending logins and their limits, front-channel logout) on SQLite and, when
 * MINSIDE_TEST_PG_URL is set, on PostgreSQL. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "auth/auth.h"
#include "auth/fnr.h"
#include "auth/login_db.h"
#include "auth/person.h"
#include "auth/session.h"
#include "auth/staff.h"
#include "core/clock.h"
#include "http/request.h"
#include "tap.h"

static char tmpdir[] = "/tmp/minside-test-auth-XXXXXX";

static const char *birth(const char *fnr)
{
    static char out[11];
    if (fnr_birth_date(fnr, out) != 0) return "ugyldig";
    return out;
}

static void check_fnr(void)
{
    TAP_OK(fnr_check_digits_valid("17058045039"), "Kari Testesen's synthetic number is valid");
    TAP_OK(!fnr_check_digits_valid("17058045038"), "a wrong second control digit is refused");
    TAP_OK(!fnr_check_digits_valid("17058045049"), "a wrong first control digit is refused");
    TAP_OK(!fnr_check_digits_valid("1705804503"), "ten digits are refused");
    TAP_OK(!fnr_check_digits_valid("170580450390"), "twelve digits are refused");
    TAP_OK(!fnr_check_digits_valid("1705804503a"), "a letter is refused");
    TAP_OK(!fnr_check_digits_valid(NULL), "NULL is refused");
    TAP_EQ_STR(birth("17058045039"), "1980-05-17", "birth date of an individual number below 500");
    TAP_EQ_STR(birth("57058040055"), "1980-05-17", "a d-number has 4 added to the first digit");
    TAP_EQ_STR(birth("15016050110"), "1860-01-15",
               "individual numbers 500-749 with year 54-99 are the 1800s");
    TAP_EQ_STR(birth("01071050021"), "2010-07-01",
               "individual numbers 500-999 with year 00-39 are the 2000s");
    TAP_EQ_STR(birth("03034590140"), "1945-03-03",
               "individual numbers 900-999 with year 40-99 are the 1900s");
    TAP_EQ_STR(birth("29020050088"), "2000-02-29", "29 February in a leap year");
    TAP_EQ_STR(birth("29020010027"), "ugyldig", "29 February 1900 did not exist");
    TAP_EQ_STR(birth("30028010091"), "ugyldig", "30 February never exists, check digits or not");
    TAP_EQ_STR(birth("12040155021"), "2001-04-12", "the consumer test person");
}

static void check_pid_crypto(void)
{
    char k1[PERSON_KEY_HEX], k2[PERSON_KEY_HEX], k3[PERSON_KEY_HEX];
    person_pid_key("17058045039", k1);
    person_pid_key("17058045039", k2);
    person_pid_key("03116245085", k3);
    TAP_EQ_STR(k1, k2, "the keyed hash is the same for the same pid");
    TAP_OK(strcmp(k1, k3) != 0, "and differs between persons");
    TAP_OK(strstr(k1, "17058045039") == NULL && strlen(k1) == 64,
           "and is 64 hex digits without the pid");
    g_app.cfg.secret_key[0] ^= 1;
    person_pid_key("17058045039", k3);
    g_app.cfg.secret_key[0] ^= 1;
    TAP_OK(strcmp(k1, k3) != 0, "another secret key gives another hash (no look-up table helps)");

    arena *a = arena_new();
    size_t len = auth_sealed_len("17058045039");
    unsigned char sealed[64], sealed2[64];
    auth_seal("17058045039", sealed);
    auth_seal("17058045039", sealed2);
    TAP_OK(memcmp(sealed, sealed2, len) != 0, "sealing twice gives two ciphertexts (random nonce)");
    TAP_OK(memmem(sealed, len, "17058045039", 11) == NULL,
           "the sealed pid does not contain the pid");
    TAP_EQ_STR(auth_unseal(a, sealed, len), "17058045039", "the sealed pid opens again");
    sealed[len - 1] ^= 1;
    TAP_OK(auth_unseal(a, sealed, len) == NULL, "a changed ciphertext does not open");
    TAP_OK(auth_unseal(a, sealed, 5) == NULL, "a too short ciphertext does not open");
    arena_free(a);
}

static void check_rules(void)
{
    TAP_EQ_STR(auth_return_path("/sak/12?fane=dokumenter"), "/sak/12?fane=dokumenter",
               "a same-site path is kept");
    TAP_EQ_STR(auth_return_path("https://angriper.example/"), "/min-side",
               "an absolute address is refused");
    TAP_EQ_STR(auth_return_path("//angriper.example/"), "/min-side",
               "a scheme-relative address is refused");
    TAP_EQ_STR(auth_return_path("/\\angriper.example"), "/min-side",
               "a backslash address is refused");
    TAP_EQ_STR(auth_return_path("/a\r\nSet-Cookie: x=1"), "/min-side",
               "control characters are refused");
    TAP_EQ_STR(auth_return_path(NULL), "/min-side", "no path gives Min side");
    TAP_OK(auth_roles_include("saksbehandler arkivleder", "arkivleder"),
           "a role in the list is found");
    TAP_OK(!auth_roles_include("saksbehandler", "saks"), "a prefix of a role is not the role");
    TAP_OK(!auth_roles_include("", "leder"), "no roles, no role");

    const char *field = NULL;
    TAP_OK(person_profile_check("Kari Testesen", "kari@eksempel.no", "912 34 567", &field) == NULL,
           "a complete profile is accepted");
    TAP_OK(person_profile_check("K", "kari@eksempel.no", "91234567", &field) &&
               !strcmp(field, "navn"),
           "a one-letter name is refused on the name field");
    TAP_OK(person_profile_check("Kari", "kari@", "91234567", &field) && !strcmp(field, "epost"),
           "an e-mail address without a domain is refused");
    TAP_OK(person_profile_check("Kari", "kari@eksempel.no", "12", &field) &&
               !strcmp(field, "telefon"),
           "a two-digit phone number is refused");
    TAP_OK(person_profile_check("Kari\x01", "kari@eksempel.no", "91234567", &field) != NULL,
           "control characters in the name are refused");
}

static db *open_engine(const char *url_base, const char *name, int postgres)
{
    char url[1024], err[512];
    db *d = NULL;
    if (postgres) {
        db *admin = NULL;
        if (db_open(url_base, &admin, err, sizeof err) != DB_OK) return NULL;
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SET client_min_messages = warning; DROP SCHEMA IF EXISTS %s "
                 "CASCADE; CREATE SCHEMA %s",
                 name, name);
        int rc = db_exec(admin, sql);
        db_close(admin);
        if (rc != DB_OK) return NULL;
        snprintf(url, sizeof url, "%s%coptions=-csearch_path%%3D%s", url_base,
                 strchr(url_base, '?') ? '&' : '?', name);
    } else {
        snprintf(url, sizeof url, "sqlite:%s/%s.db", tmpdir, name);
    }
    if (db_open(url, &d, err, sizeof err) != DB_OK) {
        printf("# %s\n", err);
        return NULL;
    }
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/src/db/migrations", getenv("MINSIDE_DATA_DIR"));
    if (db_migrate(d, dir, 0, err, sizeof err) != DB_OK) {
        printf("# %s\n", err);
        db_close(d);
        return NULL;
    }
    return d;
}

static int64_t count(db *d, const char *sql)
{
    db_stmt *st = db_prepare(d, sql);
    int64_t n = st && db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
    if (st) db_reset(st);
    return n;
}

static void check_queries(db *d, const char *E)
{
    int64_t now = 1795430400, a = 0, b = 0, c = 0;
    TAP_EQ_INT(person_find_or_create(d, "17058045039", now, &a), DB_OK, "%s: a person is created",
               E);
    TAP_EQ_INT(person_find_or_create(d, "17058045039", now, &b), DB_OK, "%s: and found again", E);
    TAP_EQ_INT(a, b, "%s: by the same pid", E);
    TAP_EQ_INT(person_find_or_create(d, "03116245085", now, &c), DB_OK, "%s: another person", E);
    TAP_OK(c != a, "%s: gets another id", E);
    TAP_OK(person_find_or_create(d, "17058045038", now, &c) < 0, "%s: an invalid pid is refused",
           E);
    TAP_EQ_INT(count(d, "SELECT COUNT(*) FROM person"), 2, "%s: nothing saved for it", E);
    arena *ar = arena_new();
    person_profile p;
    TAP_EQ_INT(person_profile_get(d, ar, a, &p), DB_OK, "%s: the profile reads", E);
    TAP_OK(p.name == NULL && !strcmp(p.birth_date, "1980-05-17"),
           "%s: without a name, with the birth date", E);
    TAP_EQ_INT(person_profile_set(d, a, "Kari Testesen", "kari@eksempel.no", "91234567", now),
               DB_OK, "%s: the profile is saved", E);
    person_profile_get(d, ar, a, &p);
    TAP_EQ_STR(p.name, "Kari Testesen", "%s: and read back", E);
    db_stmt *st = db_prepare(d, "SELECT pid_enc FROM person WHERE id = $1");
    db_bind_int(st, 1, a);
    size_t len = 0;
    const char *opened = NULL;
    if (db_step(st) == DB_ROW) {
        const void *blob = db_col_blob(st, 0, &len);
        opened = auth_unseal(ar, blob, len);
    }
    TAP_EQ_STR(opened, "17058045039", "%s: the stored pid opens with the key", E);
    db_reset(st);

    /* Pending logins: the state is single-use and expires. */
    login_client client = {"b1", "adresse-a", "127.0.0.0"};
    login_client other_browser = {"b2", "adresse-a", "127.0.0.0"};
    login_unfinished_counts n;
    TAP_EQ_INT(
        login_attempt_start(d, "public", "s1", "b1", "n1", "v1", "/min-side", &client, now),
        DB_OK, "%s: a login is begun", E);
    login_pending lp;
    TAP_EQ_INT(login_attempt_take(d, ar, "s1", now + 10, &lp), DB_ROW, "%s: its state is taken", E);
    TAP_EQ_STR(lp.code_verifier, "v1", "%s: with its PKCE verifier", E);
    TAP_EQ_INT(login_attempt_take(d, ar, "s1", now + 11, &lp), DB_DONE, "%s: but only once", E);
    login_attempt_start(d, "public", "s2", "b2", "n2", "v2", "/", &other_browser, now);
    TAP_EQ_INT(login_attempt_take(d, ar, "s2", now + LOGIN_ATTEMPT_SECONDS + 1, &lp), DB_DONE,
               "%s: a state older than the login's time is refused", E);
    login_unfinished(d, "public", &client, now + 20, &n);
    TAP_OK(n.browser == 1 && n.address == 2 && n.range == 2,
           "%s: while unfinished, each counts against its browser, and both against the address "
           "and the range", E);
    login_unfinished(d, "staff", &client, now + 20, &n);
    TAP_OK(n.browser == 0 && n.address == 0 && n.range == 0,
           "%s: and not against the other login", E);
    char key[PERSON_KEY_HEX];
    person_pid_key("17058045039", key);
    TAP_EQ_INT(login_failed_by_person(d, key, now + 20), 0, "%s: nothing failed yet for the person",
               E);
    TAP_EQ_INT(login_attempt_finish(d, lp.id, "failed", key), DB_OK, "%s: a failure is recorded",
               E);
    db_run(d, "UPDATE login_attempt SET outcome = 'failed', person_key = $1", "t", key);
    TAP_EQ_INT(login_failed_by_person(d, key, now + 20), 2, "%s: failures count against the person",
               E);
    TAP_EQ_INT(login_failed_by_person(d, key, now + LOGIN_LIMIT_WINDOW_SECONDS + 1), 0,
               "%s: and are forgotten after the window", E);
    db_run(d, "UPDATE login_attempt SET outcome = 'ok'", "");
    login_unfinished(d, "public", &client, now + 20, &n);
    TAP_OK(n.browser == 0 && n.address == 0 && n.range == 0, "%s: successful logins do not count", E);

    /* Staff: roles follow the provider's latest claims. */
    json_t *claims = json_pack("{s:[s,s,s]}", "roles", "leder", "ukjent", "saksbehandler");
    TAP_EQ_STR(staff_roles_from_claims(ar, claims), "saksbehandler leder",
               "%s: known roles are kept, unknown left out", E);
    json_decref(claims);
    int64_t s1 = 0, s2 = 0;
    TAP_EQ_INT(staff_upsert(d, "sara", "Sara", NULL, "saksbehandler", now, &s1), DB_OK,
               "%s: a caseworker is created", E);
    TAP_EQ_INT(staff_upsert(d, "sara", "Sara S.", "s@x.no", "arkivleder", now, &s2), DB_OK,
               "%s: and updated", E);
    TAP_EQ_INT(s1, s2, "%s: under the same id", E);
    TAP_EQ_INT(count(d, "SELECT COUNT(*) FROM staff WHERE roles = 'arkivleder'"), 1,
               "%s: with the new roles", E);

    /* Front-channel logout finds sessions by the provider's sid. */
    db_run(d,
           "INSERT INTO session (token_hash, provider, person_id, csrf_token, idp_sid, created_at, "
           "last_seen_at, expires_at) VALUES ('h1', 'public', $1, 'c', 'sid-1', 0, 0, 1)",
           "i", a);
    db_run(d,
           "INSERT INTO session (token_hash, provider, staff_id, csrf_token, idp_sid, created_at, "
           "last_seen_at, expires_at) VALUES ('h2', 'staff', $1, 'c', 'sid-1', 0, 0, 1)",
           "i", s1);
    TAP_EQ_INT(session_end_by_idp_sid(d, "public", "sid-1"), 1,
               "%s: the provider's sid ends its session", E);
    TAP_EQ_INT(count(d, "SELECT COUNT(*) FROM session WHERE provider = 'staff'"), 1,
               "%s: but not the other provider's session with the same sid", E);
    arena_free(ar);
}

static req *fake_request(const char *cookie)
{
    req *r = calloc(1, sizeof *r);
    r->arena = arena_new();
    r->method = "GET";
    r->path = "/min-side";
    strcpy(r->id, "test");
    if (cookie) kv_add(r->arena, &r->cookies, "minside", arena_strdup(r->arena, cookie));
    return r;
}

static void fake_request_free(req *r)
{
    if (r->body && !r->body_static) free(r->body);
    arena_free(r->arena);
    free(r);
}

/* The session cookie that r was told to set, or NULL. */
static const char *cookie_set(req *r)
{
    for (resp_header *h = r->headers; h; h = h->next)
        if (!strcmp(h->name, "Set-Cookie") && !strncmp(h->value, "minside=", 8)) {
            const char *v = h->value + 8;
            return arena_strndup(r->arena, v, strcspn(v, ";"));
        }
    return NULL;
}

static const char *header_of(req *r, const char *name)
{
    for (resp_header *h = r->headers; h; h = h->next)
        if (!strcmp(h->name, name)) return h->value;
    return NULL;
}

/* What other domains call: the answers for no login, the wrong kind, and the wrong role. */
static void check_require(void)
{
    req *r = fake_request(NULL);
    r->path = "/sak/12";
    kv_add(r->arena, &r->query, "fane", "dokumenter");
    TAP_EQ_INT(auth_require_person(r), -1, "no session: a person's page refuses");
    TAP_EQ_INT(r->status, 303, "and sends to login");
    TAP_EQ_STR(header_of(r, "Location"), "/logg-inn?neste=%2Fsak%2F12%3Ffane%3Ddokumenter",
               "and back to the page asked for, query included");
    fake_request_free(r);

    auth_session caseworker = {.id = 1,
                               .provider = "staff",
                               .staff_id = 7,
                               .name = "Sara",
                               .roles = "saksbehandler",
                               .csrf_token = "x"};
    r = fake_request(NULL);
    r->path = "/ansatt/saker";
    TAP_EQ_INT(auth_require_staff(r, AUTH_ROLE_CASEWORKER), -1, "no session: a staff page refuses");
    TAP_EQ_STR(header_of(r, "Location"), "/ansatt/logg-inn?neste=%2Fansatt%2Fsaker",
               "and sends to the staff login");
    fake_request_free(r);
    r = fake_request(NULL);
    r->session = &caseworker;
    TAP_EQ_INT(auth_require_staff(r, AUTH_ROLE_CASEWORKER), 0,
               "a caseworker passes the caseworker check");
    TAP_EQ_INT(auth_require_staff(r, NULL), 0, "and the any-staff check");
    TAP_EQ_INT(auth_require_staff(r, AUTH_ROLE_ARCHIVIST), -1, "but not the archivist check");
    TAP_EQ_INT(r->status, 403, "which answers 403");
    fake_request_free(r);
    r = fake_request(NULL);
    r->session = &caseworker;
    r->path = "/min-side";
    TAP_EQ_INT(auth_require_person(r), -1, "a caseworker is not a logged-in person");
    fake_request_free(r);

    g_app.cfg.base_url = "https://minside.example";
    r = fake_request(NULL);
    session_cookie_set(r, session_cookie_name(), "abc", -1);
    TAP_EQ_STR(header_of(r, "Set-Cookie"),
               "__Host-minside=abc; Path=/; HttpOnly; SameSite=Lax; Secure",
               "behind https the cookie is __Host- prefixed and Secure");
    fake_request_free(r);
    g_app.cfg.base_url = "http://127.0.0.1:8080";
    r = fake_request(NULL);
    session_cookie_set(r, session_cookie_name(), NULL, 0);
    TAP_EQ_STR(header_of(r, "Set-Cookie"), "minside=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
               "on http development it is plain, and clearing it sets Max-Age=0");
    fake_request_free(r);
}

typedef struct {
    const char *url, *engine;
} session_case;

/* In a thread of its own, so app_db() opens this engine's database for it. */
static void *check_sessions(void *arg)
{
    const session_case *sc = arg;
    const char *E = sc->engine;
    g_app.cfg.database_url = (char *)sc->url;
    g_app.cfg.session_idle_minutes = 30;
    g_app.cfg.session_max_minutes = 120;
    db *d = app_db();
    TAP_OK(d != NULL, "%s: the database opens for sessions", E);
    if (!d) return NULL;
    int64_t person = 0;
    person_find_or_create(d, "21096845046", clock_now(), &person);
    clock_set_fixed(1795430400);
    req *login = fake_request(NULL);
    TAP_EQ_INT(session_create(d, login, "public", person, 0, "sid-x", "header.payload.signature"),
               DB_OK, "%s: a session is created", E);
    const char *token = cookie_set(login);
    TAP_OK(token && strlen(token) == 64, "%s: its cookie holds 64 hex digits", E);
    char hash[65];
    session_hash_hex(token, hash);
    TAP_EQ_INT(count(d, "SELECT COUNT(*) FROM session WHERE id_token_enc IS NOT NULL"), 1,
               "%s: with the ID token sealed", E);

    req *r = fake_request(token);
    TAP_EQ_INT(session_load(r), 0, "%s: the session loads from its cookie", E);
    TAP_OK(r->session && r->session->person_id == person && !r->session_expired,
           "%s: and names the person", E);
    TAP_EQ_STR(r->session ? r->session->id_token : NULL, "header.payload.signature",
               "%s: the sealed ID token opens for logout", E);
    TAP_OK(r->session && strlen(r->session->csrf_token) == 64, "%s: with a CSRF token", E);
    const char *csrf = r->session ? arena_strdup(login->arena, r->session->csrf_token) : "";
    fake_request_free(r);

    r = fake_request(token);
    r->method = "POST";
    kv_add(r->arena, &r->form, "csrf",
           "0000000000000000000000000000000000000000000000000000000000000000");
    TAP_EQ_INT(auth_request_begin(r), -1, "%s: a POST with a wrong CSRF token is refused", E);
    TAP_EQ_INT(r->status, 403, "%s: with 403", E);
    fake_request_free(r);
    r = fake_request(token);
    r->method = "POST";
    TAP_EQ_INT(auth_request_begin(r), -1, "%s: a POST without a CSRF token is refused", E);
    fake_request_free(r);
    r = fake_request(token);
    r->method = "POST";
    kv_add(r->arena, &r->form, "csrf", csrf);
    TAP_EQ_INT(auth_request_begin(r), 0, "%s: a POST with the session's token passes", E);
    fake_request_free(r);

    clock_advance(29 * 60);
    r = fake_request(token);
    session_load(r);
    TAP_OK(r->session != NULL, "%s: 29 minutes idle is still logged in", E);
    fake_request_free(r);
    for (int i = 0; i < 3; i++) {
        clock_advance(29 * 60);
        r = fake_request(token);
        session_load(r);
        TAP_OK(r->session != NULL, "%s: using it slides the idle time (%d)", E, i + 1);
        fake_request_free(r);
    }
    clock_advance(5 * 60); /* 121 minutes after login */
    r = fake_request(token);
    session_load(r);
    TAP_OK(!r->session && r->session_expired, "%s: after 120 minutes in all it has run out", E);
    fake_request_free(r);
    TAP_EQ_INT(count(d, "SELECT COUNT(*) FROM session WHERE provider = 'public'"), 0,
               "%s: and is deleted", E);

    req *again = fake_request(NULL);
    session_create(d, again, "public", person, 0, NULL, NULL);
    token = cookie_set(again);
    clock_advance(31 * 60);
    r = fake_request(token);
    session_load(r);
    TAP_OK(!r->session && r->session_expired, "%s: 31 minutes idle has run out", E);
    fake_request_free(r);

    /* The idle limit is exact for any setting: a session used every 20 s with a one-minute idle
     * time lives on, and ends a minute after its last use, not before. */
    g_app.cfg.session_idle_minutes = 1;
    req *brief = fake_request(NULL);
    session_create(d, brief, "public", person, 0, NULL, NULL);
    token = cookie_set(brief);
    int alive = 1;
    for (int i = 0; i < 12 && alive; i++) { /* four minutes of use every 20 s */
        clock_advance(20);
        r = fake_request(token);
        session_load(r);
        alive = r->session != NULL;
        fake_request_free(r);
    }
    TAP_OK(alive, "%s: a one-minute idle session used every 20 s is still logged in after 4 min", E);
    clock_advance(59);
    r = fake_request(token);
    session_load(r);
    TAP_OK(r->session != NULL, "%s: 59 s after its last use it is still there", E);
    fake_request_free(r);
    clock_advance(60);
    r = fake_request(token);
    session_load(r);
    TAP_OK(!r->session && r->session_expired, "%s: 60 s after its last use it has run out", E);
    fake_request_free(r);
    fake_request_free(brief);
    g_app.cfg.session_idle_minutes = 30;

    r = fake_request("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    session_load(r);
    TAP_OK(!r->session, "%s: an unknown session id opens nothing", E);
    fake_request_free(r);
    r = fake_request("'; DROP TABLE session; --");
    session_load(r);
    TAP_OK(!r->session && r->session_expired, "%s: a malformed cookie opens nothing", E);
    fake_request_free(r);
    fake_request_free(login);
    fake_request_free(again);
    clock_use_system();
    return NULL;
}

static void run_sessions(const char *url, const char *engine)
{
    session_case sc = {url, engine};
    pthread_t t;
    pthread_create(&t, NULL, check_sessions, &sc);
    pthread_join(t, NULL);
}

int main(void)
{
    if (sodium_init() < 0 || !mkdtemp(tmpdir)) return 1;
    randombytes_buf(g_app.cfg.secret_key, sizeof g_app.cfg.secret_key);
    g_app.cfg.secret_key_set = 1;
    check_fnr();
    check_pid_crypto();
    check_rules();
    check_require();
    db *d = open_engine(NULL, "auth", 0);
    TAP_OK(d != NULL, "sqlite: the migrations apply");
    if (d) check_queries(d, "sqlite");
    db_close(d);
    g_app.cfg.base_url = "http://127.0.0.1:8080";
    char url[512];
    snprintf(url, sizeof url, "sqlite:%s/auth.db", tmpdir);
    run_sessions(url, "sqlite");
    const char *pg = getenv("MINSIDE_TEST_PG_URL");
    if (pg && *pg) {
        d = open_engine(pg, "test_auth", 1);
        TAP_OK(d != NULL, "postgres: the migrations apply");
        if (d) check_queries(d, "postgres");
        db_close(d);
        snprintf(url, sizeof url, "%s%coptions=-csearch_path%%3Dtest_auth", pg,
                 strchr(pg, '?') ? '&' : '?');
        run_sessions(url, "postgres");
    } else {
        TAP_SKIP(
            "PostgreSQL: MINSIDE_TEST_PG_URL is not set (run under tests/pg/with-postgres.sh)");
    }
    g_app.cfg.database_url = NULL;
    g_app.cfg.base_url = NULL;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0) return 1;
    return tap_done();
}
