/* The newsletter's public pages over HTTP on the real server, on the engine named in argv[1]:
 * the front page's link, the sign-up form with its consent text, refused addresses and a
 * missing consent, a form posted a hundred times for one address giving one e-mail, the
 * per-client limit, confirmation links (valid, forged, reused, run out), the stored consent,
 * the lookup and the purge, and unsubscribing by the link and by the RFC 8058 one-click POST.
 * The confirmation e-mail is read from the outbox; tests/mail/ sends it to a real SMTP server. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "client.h"
#include "core/clock.h"
#include "fixture.h"
#include "http/server.h"
#include "newsletter/newsletter.h"
#include "privacy/privacy.h"
#include "retention/retention.h"
#include "tap.h"
#include "web/routes.h"
#include "web/site.h"

static char tmpdir[256];
static db *d;
static const int64_t T0 = 1796371200; /* 2026-12-04 08:00 UTC */

static int64_t count(const char *sql, const char *arg)
{
    db_stmt *s = db_prepare(d, sql);
    int64_t v = -1;
    if (s && (!arg || db_bind_text(s, 1, arg) == DB_OK) && db_step(s) == DB_ROW)
        v = db_col_int(s, 0);
    if (s) db_reset(s);
    return v;
}

static int64_t outbox_to(const char *address)
{
    return count("SELECT COUNT(*) FROM mail_outbox WHERE recipient = $1", address);
}

/* The token in the newest confirmation e-mail to address, into out. */
static int confirm_token(const char *address, char out[65])
{
    db_stmt *s = db_prepare(d, "SELECT body FROM mail_outbox WHERE recipient = $1 "
                               "ORDER BY id DESC LIMIT 1");
    out[0] = '\0';
    if (s && db_bind_text(s, 1, address) == DB_OK && db_step(s) == DB_ROW) {
        const char *p = strstr(db_col_text(s, 0), "/nyhetsbrev/bekreft/");
        if (p) snprintf(out, 65, "%.64s", p + strlen("/nyhetsbrev/bekreft/"));
    }
    if (s) db_reset(s);
    return strlen(out) == 64 ? 0 : -1;
}

static int ref_of(const char *address, char out[33])
{
    db_stmt *s = db_prepare(d, "SELECT ref FROM newsletter_subscriber WHERE address = $1");
    out[0] = '\0';
    if (s && db_bind_text(s, 1, address) == DB_OK && db_step(s) == DB_ROW)
        snprintf(out, 33, "%s", db_col_text(s, 0));
    if (s) db_reset(s);
    return out[0] ? 0 : -1;
}

/* A form POST as a browser without a session sends it, from client (X-Forwarded-For). */
static long post_form(const char *path, const char *body, const char *client, http_response *out)
{
    char origin[300], fwd[80];
    snprintf(origin, sizeof origin, "Origin: %s", g_app.cfg.base_url);
    snprintf(fwd, sizeof fwd, "X-Forwarded-For: %s", client ? client : "192.0.2.10");
    const char *headers[] = {origin, fwd, "Content-Type: application/x-www-form-urlencoded", NULL};
    http_request rq = {.method = "POST", .path = path, .headers = headers, .body = body,
                       .body_len = strlen(body)};
    http_send(&rq, out);
    return out->status;
}

static long signup(const char *address, const char *consent, const char *client,
                   http_response *out)
{
    char body[1200];
    char *a = curl_easy_escape(NULL, address, 0);
    snprintf(body, sizeof body, "epost=%s%s%s", a, consent ? "&samtykke=" : "",
             consent ? consent : "");
    curl_free(a);
    return post_form("/nyhetsbrev", body, client, out);
}

static long signup_status(const char *address, const char *client)
{
    http_response r;
    long st = signup(address, "2026-12-01", client, &r);
    http_response_free(&r);
    return st;
}

static long get_status(const char *path, const char *needle, int *found)
{
    http_response r;
    http_get(path, &r);
    if (found) *found = r.body.data && strstr(r.body.data, needle) != NULL;
    long st = r.status;
    http_response_free(&r);
    return st;
}

static void check_signup_page(void)
{
    int found = 0;
    TAP_EQ_INT(get_status("/", "href=\"/nyhetsbrev\"", &found), 200, "front page answers");
    TAP_OK(found, "the front page's «Abonner på nyhetsbrevet vårt» links to /nyhetsbrev");
    TAP_EQ_INT(get_status("/nyhetsbrev", "value=\"2026-12-01\"", &found), 200,
               "/nyhetsbrev answers without login");
    TAP_OK(found, "the form carries the consent text's version");
    get_status("/nyhetsbrev", "7–10 ganger i måneden", &found);
    TAP_OK(found, "the consent text is shown");
}

static void check_refusals(void)
{
    http_response r;
    const char *bad[] = {"", "ikke-en-adresse", "a@b", "to@eksempel.no, tre@eksempel.no",
                         "linje@eksempel.no\r\nBcc: x@eksempel.no", "\"sitert\"@eksempel.no"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        signup(bad[i], "2026-12-01", NULL, &r);
        TAP_EQ_INT(r.status, 400, "invalid address %zu refused with 400", i);
        TAP_OK(r.body.data && strstr(r.body.data, "Skriv en gyldig e-postadresse"),
               "with a Norwegian message");
        http_response_free(&r);
    }
    char long_addr[400];
    memset(long_addr, 'a', 300);
    strcpy(long_addr + 300, "@eksempel.no");
    TAP_EQ_INT(signup(long_addr, "2026-12-01", NULL, &r), 400, "an over-long address: 400");
    http_response_free(&r);
    signup("uten@eksempel.no", NULL, NULL, &r);
    TAP_OK(r.status == 400 && strstr(r.body.data, "Kryss av for at du samtykker"),
           "no consent: 400 with a Norwegian message");
    http_response_free(&r);
    TAP_EQ_INT(signup("feil@eksempel.no", "1999-01-01", NULL, &r), 400,
               "an unknown consent version is refused");
    http_response_free(&r);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber", NULL), 0,
               "nothing refused was stored");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM mail_outbox", NULL), 0, "and no e-mail queued");
}

static void check_limits(void)
{
    int ok = 1;
    for (int i = 0; i < 100; i++) {
        char client[32];
        snprintf(client, sizeof client, "10.0.%d.7", i);
        ok &= signup_status("Hundre@Eksempel.no", client) == 200;
    }
    TAP_OK(ok, "the form posted 100 times for one address (from 100 clients) answers 200 each time");
    TAP_EQ_INT(outbox_to("hundre@eksempel.no"), 1, "and queues one e-mail");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber WHERE address = $1",
                     "hundre@eksempel.no"),
               1, "one row, in lower case");
    int limited = 0, accepted = 0;
    for (int i = 0; i < 30; i++) {
        char address[64];
        snprintf(address, sizeof address, "klient%d@eksempel.no", i);
        long st = signup_status(address, "198.51.100.20");
        accepted += st == 200;
        limited += st == 429;
    }
    TAP_EQ_INT(accepted, NEWSLETTER_SIGNUPS_PER_CLIENT_HOUR, "one client gets %d sign-ups an hour",
               NEWSLETTER_SIGNUPS_PER_CLIENT_HOUR);
    TAP_EQ_INT(limited, 30 - NEWSLETTER_SIGNUPS_PER_CLIENT_HOUR, "then 429");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM mail_outbox WHERE recipient LIKE 'klient%'", NULL),
               NEWSLETTER_SIGNUPS_PER_CLIENT_HOUR, "and no e-mail for the refused ones");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_signup_attempt WHERE client_hash LIKE '%.%'",
                     NULL),
               0, "the attempts hold a hash, not the client's address");
    clock_advance(3601);
    TAP_EQ_INT(signup_status("klient99@eksempel.no", "198.51.100.20"), 200,
               "an hour later the client may sign up again");
}

static void check_confirm(void)
{
    char token[65], path[128];
    TAP_OK(confirm_token("hundre@eksempel.no", token) == 0, "the e-mail carries a 64-digit token");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber WHERE confirm_hash = $1", token), 0,
               "the token itself is not in the database");
    TAP_EQ_INT(count("SELECT consent_at FROM newsletter_subscriber WHERE address = $1",
                     "hundre@eksempel.no"),
               T0, "the consent's time is stored");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber WHERE consent_version = $1",
                     "2026-12-01"),
               count("SELECT COUNT(*) FROM newsletter_subscriber", NULL),
               "with the consent text's version");
    snprintf(path, sizeof path, "/nyhetsbrev/bekreft/%s", token);
    int found = 0;
    TAP_EQ_INT(get_status(path, "Bekreft abonnementet", &found), 200, "the link shows a button");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber WHERE confirmed_at IS NOT NULL",
                     NULL),
               0, "opening the link alone confirms nothing");
    http_response r;
    TAP_EQ_INT(post_form(path, "", NULL, &r), 200, "the button confirms");
    http_response_free(&r);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber WHERE confirmed_at IS NOT NULL "
                     "AND address = $1",
                     "hundre@eksempel.no"),
               1, "the address is confirmed");
    TAP_OK(post_form(path, "", NULL, &r) == 404 && strstr(r.body.data, "Lenken virker ikke"),
           "a used link: 404 with a Norwegian page");
    http_response_free(&r);
    TAP_EQ_INT(get_status(path, "", NULL), 404, "and its page too");
    char forged[65];
    memcpy(forged, token, 65);
    forged[0] = forged[0] == 'a' ? 'b' : 'a';
    snprintf(path, sizeof path, "/nyhetsbrev/bekreft/%s", forged);
    TAP_EQ_INT(post_form(path, "", NULL, &r), 404, "a forged link: 404");
    http_response_free(&r);
    TAP_EQ_INT(get_status("/nyhetsbrev/bekreft/..%2F..%2Fetc", "", NULL), 404, "a malformed one: 404");
    TAP_EQ_INT(signup_status("hundre@eksempel.no", "10.1.1.1"), 200,
               "a confirmed address signing up again gets the same page");
    TAP_EQ_INT(outbox_to("hundre@eksempel.no"), 1, "and no e-mail");

    /* A link that has run out. */
    signup_status("sen@eksempel.no", "10.2.2.2");
    confirm_token("sen@eksempel.no", token);
    snprintf(path, sizeof path, "/nyhetsbrev/bekreft/%s", token);
    clock_advance((int64_t)NEWSLETTER_CONFIRM_DAYS * 86400 + 1);
    TAP_EQ_INT(get_status(path, "", NULL), 404, "a link after 7 days: 404");
    TAP_EQ_INT(post_form(path, "", NULL, &r), 404, "and its button too");
    http_response_free(&r);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber WHERE address = $1 AND "
                     "confirmed_at IS NULL",
                     "sen@eksempel.no"),
               1, "nothing changed");
    TAP_EQ_INT(signup_status("sen@eksempel.no", "10.2.2.2"), 200, "signing up again");
    TAP_EQ_INT(outbox_to("sen@eksempel.no"), 2, "sends a new link after the day has passed");
    char fresh[65];
    confirm_token("sen@eksempel.no", fresh);
    snprintf(path, sizeof path, "/nyhetsbrev/bekreft/%s", token);
    TAP_EQ_INT(post_form(path, "", NULL, &r), 404, "the old link stays dead");
    http_response_free(&r);
    snprintf(path, sizeof path, "/nyhetsbrev/bekreft/%s", fresh);
    TAP_EQ_INT(post_form(path, "", NULL, &r), 200, "the new one confirms");
    http_response_free(&r);
}

static void check_lookup_and_purge(void)
{
    json_t *j = NULL;
    TAP_EQ_INT(newsletter_subscription_lookup(d, "HUNDRE@eksempel.no", &j), 0, "lookup answers");
    TAP_OK(j && json_is_true(json_object_get(j, "confirmed")) &&
               !strcmp(json_string_value(json_object_get(j, "consent_version")), "2026-12-01") &&
               strstr(json_string_value(json_object_get(j, "consent_text")), "7–10 ganger") != NULL &&
               json_integer_value(json_object_get(j, "consent_at")) == T0,
           "lookup by address (any case) gives the consent, its text and time");
    json_decref(j);
    newsletter_subscription_lookup(d, "ukjent@eksempel.no", &j);
    TAP_OK(j == NULL, "an unknown address: nothing");

    /* «Mine personopplysninger» of a person whose profile has the subscribed address. */
    db_run(d, "INSERT INTO person (pid_hash, pid_enc, birth_date, name, email, created_at, updated_at) "
              "VALUES ('nl-person', 'x', '1980-01-01', 'Hanne Hundre', 'Hundre@eksempel.no', 1, 1)", "");
    int64_t person = count("SELECT id FROM person WHERE pid_hash = $1", "nl-person");
    arena *a = arena_new();
    json_t *doc = NULL, *mine = NULL;
    TAP_EQ_INT(privacy_collect(d, a, person, &doc), 0, "«Mine personopplysninger» collects");
    size_t k;
    json_t *sec;
    json_array_foreach(json_object_get(doc, "seksjoner"), k, sec)
    if (!strcmp(json_string_value(json_object_get(sec, "nokkel")), "nyhetsbrev"))
        mine = json_array_get(json_object_get(sec, "elementer"), 0);
    TAP_OK(mine && !strcmp(json_string_value(json_object_get(mine, "adresse")), "hundre@eksempel.no") &&
               strstr(json_string_value(json_object_get(mine, "samtykke")), "7–10 ganger"),
           "with the newsletter subscription of the profile's address and its consent");
    json_decref(doc);
    arena_free(a);
    int64_t pending = count("SELECT COUNT(*) FROM newsletter_subscriber WHERE confirmed_at IS NULL",
                            NULL);
    TAP_OK(pending > 0, "unconfirmed sign-ups are waiting");
    int64_t purged = newsletter_purge_unconfirmed(d, clock_now());
    TAP_EQ_INT(purged, pending, "the purge deletes every sign-up unconfirmed after 7 days");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber", NULL), 2,
               "the confirmed ones stay");
    char before[32];
    snprintf(before, sizeof before, "%lld", (long long)(clock_now() - 3600));
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_signup_attempt WHERE at < CAST($1 AS BIGINT)",
                     before),
               0, "and attempts older than an hour go");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_signup_attempt", NULL), 1,
               "the last hour's stay");

    /* The same through the nightly purge's rules. */
    TAP_OK(retention_rule_find("newsletter_unconfirmed") && retention_rule_find("newsletter_subscribers"),
           "the newsletter's retention rules are registered");
    signup_status("glemt@eksempel.no", "10.3.3.3");
    clock_advance((int64_t)NEWSLETTER_CONFIRM_DAYS * 86400 + 3601);
    TAP_EQ_INT(retention_run(d, clock_now(), 0, NULL, NULL, NULL), 0, "the retention run succeeds");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber WHERE address = $1", "glemt@eksempel.no"),
               0, "and deletes the sign-up never confirmed");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_signup_attempt", NULL), 0,
               "and the attempts older than an hour");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber", NULL), 2,
               "the confirmed subscribers stay");
}

static void check_unsubscribe(void)
{
    char ref[33], token[NEWSLETTER_TOKEN_BYTES], path[200];
    ref_of("hundre@eksempel.no", ref);
    newsletter_unsubscribe_token(ref, token, sizeof token);
    char forged[NEWSLETTER_TOKEN_BYTES];
    snprintf(forged, sizeof forged, "%s", token);
    forged[40] = forged[40] == '0' ? '1' : '0';
    snprintf(path, sizeof path, "/nyhetsbrev/avmeld/%s", forged);
    TAP_EQ_INT(get_status(path, "", NULL), 404, "a forged unsubscribe link: 404");
    snprintf(path, sizeof path, "/nyhetsbrev/avmeld/%s", ref);
    TAP_EQ_INT(get_status(path, "", NULL), 404, "the ref alone: 404");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber WHERE ref = $1", ref), 1,
               "nothing deleted");
    int found = 0;
    db_run(d, "UPDATE mail_outbox SET state = 'sent'", "");
    TAP_OK(outbox_to("hundre@eksempel.no") > 0, "the sent confirmation is in the outbox");
    snprintf(path, sizeof path, "/nyhetsbrev/avmeld/%s", token);
    TAP_EQ_INT(get_status(path, "Du er meldt av", &found), 200, "the link unsubscribes in one click");
    TAP_OK(found, "and says so");
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber WHERE address = $1",
                     "hundre@eksempel.no"),
               0, "the address is deleted at once");
    TAP_EQ_INT(outbox_to("hundre@eksempel.no"), 0, "and so is the sent confirmation e-mail to it");
    TAP_EQ_INT(get_status(path, "", NULL), 404, "used twice: 404, nothing more happens");

    /* RFC 8058: the mail program POSTs List-Unsubscribe=One-Click, with no cookie, no Origin
     * and no form token. */
    ref_of("sen@eksempel.no", ref);
    newsletter_unsubscribe_token(ref, token, sizeof token);
    snprintf(path, sizeof path, "/nyhetsbrev/avmeld/%s", token);
    const char *headers[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
    http_request rq = {.method = "POST", .path = path, .headers = headers,
                       .body = "List-Unsubscribe=One-Click", .body_len = 26};
    http_response r;
    http_send(&rq, &r);
    TAP_EQ_INT(r.status, 200, "the one-click POST answers 200");
    http_response_free(&r);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber", NULL), 0,
               "and deletes the address at once");
}

static int seed_nothing(db *x)
{
    (void)x;
    return 0;
}

static void run_checks(void)
{
    char err[512];
    if (db_open(g_app.cfg.database_url, &d, err, sizeof err) != DB_OK) {
        printf("Bail out! %s\n", err);
        exit(1);
    }
    g_app.cfg.trust_proxy = 1;
    http_server *server = site_server_start(site_routes);
    if (!server) {
        printf("Bail out! server did not start\n");
        exit(1);
    }
    http_client_init(http_server_port(server));
    check_signup_page();
    check_refusals();
    check_limits();
    check_confirm();
    check_lookup_and_purge();
    check_unsubscribe();
    http_server_stop(server, 5);
    db_close(d);
}

int main(int argc, char **argv)
{
    db_engine engine;
    const char *pg_url;
    if (fixture_engine_from_args(argc, argv, &engine, &pg_url)) return 0;
    clock_set_fixed(T0);
    if (fixture_prepare_on(tmpdir, sizeof tmpdir, "2", seed_nothing, engine, pg_url, "newsletter") != 0)
        return 1;
    run_checks();
    fixture_cleanup(tmpdir);
    return tap_done();
}
