/* The newsletter's whole cycle against the real server and a real SMTP server on loopback
 * (smtp_sink.py), on the engine named in argv[1]: sign up over HTTP, confirm with the link from
 * the e-mail that arrived, staff write an issue (Markdown, preview without raw HTML), send a
 * test to themselves and send it; the issue arrives as text and HTML with both unsubscribe
 * forms and a per-address return path; the one-click POST deletes the address and the next
 * issue sends it nothing. Then an issue to 1,201 subscribers in three batches with one refused
 * address, and an issue whose SMTP server is down until the retry, each message arriving once. */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "auth/session.h"
#include "client.h"
#include "core/clock.h"
#include "fixture.h"
#include "http/server.h"
#include "jobs/job.h"
#include "newsletter/newsletter.h"
#include "sink.h"
#include "tap.h"
#include "web/routes.h"
#include "web/site.h"

static char tmpdir[256];
static db *d;
static sink s;
static const char *E = "sqlite";
static char staff_cookie[160], staff_csrf[65], worker_cookie[160], worker_csrf[65];

static int64_t count(const char *sql, int64_t arg)
{
    db_stmt *st = db_prepare(d, sql);
    int64_t v = -1;
    if (st && (!strstr(sql, "$1") || db_bind_int(st, 1, arg) == DB_OK) && db_step(st) == DB_ROW)
        v = db_col_int(st, 0);
    if (st) db_reset(st);
    return v;
}

static void run_jobs(void)
{
    while (job_run_due(d, "test", 100) > 0) {
    }
}

static long post(const char *cookie, const char *csrf, const char *path, const char *fields,
                 http_response *out)
{
    char origin[300], body[4096];
    snprintf(origin, sizeof origin, "Origin: %s", g_app.cfg.base_url);
    const char *headers[] = {origin, cookie ? cookie : "X-Ingen: 1",
                             "Content-Type: application/x-www-form-urlencoded", NULL};
    snprintf(body, sizeof body, "csrf=%s&%s", csrf ? csrf : "", fields);
    http_request rq = {.method = "POST", .path = path, .headers = headers, .body = body,
                       .body_len = strlen(body)};
    http_send(&rq, out);
    return out->status;
}

static long get(const char *cookie, const char *path, http_response *out)
{
    const char *headers[] = {cookie, NULL};
    http_request rq = {.path = path, .headers = headers};
    http_send(&rq, out);
    return out->status;
}

static int64_t staff_add(const char *subject, const char *roles, const char *email, char cookie[160],
                         char csrf[65])
{
    db_run(d, "INSERT INTO staff (subject, name, email, roles, last_login_at) "
              "VALUES ($1, 'Stig Seksjonsleder', $2, $3, 0)",
           "ttt", subject, email, roles);
    int64_t id = -1;
    db_stmt *st = db_prepare(d, "SELECT id FROM staff WHERE subject = $1");
    if (st && db_bind_text(st, 1, subject) == DB_OK && db_step(st) == DB_ROW) id = db_col_int(st, 0);
    if (st) db_reset(st);
    char token[65];
    fixture_session(d, 0, id, token, csrf);
    snprintf(cookie, 160, "Cookie: %s=%s", session_cookie_name(), token);
    return id;
}

/* The path of the first link in text that starts with base_url + prefix, into out. */
static int link_path(const char *text, const char *prefix, char *out, size_t len)
{
    char want[512];
    snprintf(want, sizeof want, "%s%s", g_app.cfg.base_url, prefix);
    const char *p = text ? strstr(text, want) : NULL;
    if (!p) return -1;
    p += strlen(g_app.cfg.base_url);
    size_t n = strcspn(p, " \r\n>\"");
    snprintf(out, len, "%.*s", (int)n, p);
    return 0;
}

static int64_t create_issue(const char *title, const char *markdown)
{
    char fields[2048];
    char *t = curl_easy_escape(NULL, title, 0), *b = curl_easy_escape(NULL, markdown, 0);
    snprintf(fields, sizeof fields, "tittel=%s&tekst=%s", t, b);
    curl_free(t);
    curl_free(b);
    http_response r;
    post(staff_cookie, staff_csrf, "/ansatt/nyhetsbrev", fields, &r);
    char loc[200];
    int64_t id = r.status == 303 && http_header(&r, "Location", loc, sizeof loc)
                     ? strtoll(loc + strlen("/ansatt/nyhetsbrev/"), NULL, 10)
                     : -1;
    http_response_free(&r);
    return id;
}

static long send_issue(int64_t id)
{
    char path[100];
    snprintf(path, sizeof path, "/ansatt/nyhetsbrev/%lld/send", (long long)id);
    http_response r;
    long st = post(staff_cookie, staff_csrf, path, "x=1", &r);
    http_response_free(&r);
    return st;
}

static void check_signup_and_confirm(char *confirm_path, size_t len)
{
    http_response r;
    post(NULL, NULL, "/nyhetsbrev", "epost=leser%40eksempel.no&samtykke=2026-12-01", &r);
    TAP_EQ_INT(r.status, 200, "%s: sign-up accepted", E);
    http_response_free(&r);
    int before = sink_count(&s);
    run_jobs();
    TAP_EQ_INT(sink_count(&s), before + 1, "%s: the confirmation e-mail arrived", E);
    json_t *m = sink_message(&s, sink_count(&s));
    const char *body = json_string_value(json_object_get(m, "body"));
    TAP_OK(link_path(body, "/nyhetsbrev/bekreft/", confirm_path, len) == 0,
           "%s: it carries the confirmation link", E);
    TAP_EQ_STR(json_string_value(json_array_get(json_object_get(m, "rcpt_tos"), 0)),
               "leser@eksempel.no", "%s: to the address given", E);
    json_decref(m);
    TAP_EQ_INT(get(NULL, confirm_path, &r), 200, "%s: the link opens the confirmation page", E);
    http_response_free(&r);
    TAP_EQ_INT(post(NULL, NULL, confirm_path, "x=1", &r), 200, "%s: the button confirms", E);
    http_response_free(&r);
}

static void check_staff_access(void)
{
    http_response r;
    TAP_EQ_INT(get(worker_cookie, "/ansatt/nyhetsbrev", &r), 403,
               "%s: a caseworker without the leder role gets 403", E);
    http_response_free(&r);
    TAP_EQ_INT(post(worker_cookie, worker_csrf, "/ansatt/nyhetsbrev", "tittel=x&tekst=y", &r), 403,
               "%s: and cannot write an issue", E);
    http_response_free(&r);
    long st = get("X-Ingen: 1", "/ansatt/nyhetsbrev", &r);
    TAP_OK(st == 302 || st == 303, "%s: without login: to the staff login", E);
    http_response_free(&r);
    TAP_EQ_INT(post(staff_cookie, staff_csrf, "/ansatt/nyhetsbrev", "tittel=&tekst=y", &r), 400,
               "%s: an issue without a title: 400", E);
    http_response_free(&r);
    TAP_EQ_INT(get(staff_cookie, "/ansatt/nyhetsbrev/999999", &r), 404, "%s: unknown issue: 404", E);
    http_response_free(&r);
}

/* Checks the issue message number n to leser@: both parts, both unsubscribe forms, the return
 * path. The one-click URL's path into unsub. */
static void check_issue_message(int n, int64_t issue_id, char *unsub, size_t len)
{
    json_t *m = sink_message(&s, n);
    char *raw = sink_raw(&s, n);
    TAP_EQ_STR(json_string_value(json_object_get(m, "content_type")), "multipart/alternative",
               "%s: the issue is multipart/alternative", E);
    TAP_OK(raw && strstr(raw, "Content-Type: text/plain; charset=utf-8") &&
               strstr(raw, "Content-Type: text/html; charset=utf-8"),
           "%s: with a text part and an HTML part", E);
    const char *html = json_string_value(json_object_get(m, "html"));
    TAP_OK(html && strstr(html, "<strong>viktig</strong>") && !strstr(html, "<script"),
           "%s: the HTML is rendered Markdown without raw HTML", E);
    TAP_OK(raw && strstr(raw, "List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
           "%s: List-Unsubscribe-Post (RFC 8058)", E);
    const char *lu = raw ? strstr(raw, "List-Unsubscribe: <") : NULL;
    TAP_OK(lu && link_path(lu, "/nyhetsbrev/avmeld/", unsub, len) == 0,
           "%s: List-Unsubscribe names the unsubscribe URL", E);
    const char *body = json_string_value(json_object_get(m, "body"));
    TAP_OK(body && strstr(body, unsub) && strstr(body, "Meld deg av"),
           "%s: the text part carries the same link", E);
    char href[400];
    snprintf(href, sizeof href, "href=\"%s%s\">Meld deg av</a>", g_app.cfg.base_url, unsub);
    TAP_OK(html && strstr(html, href), "%s: and so does the HTML part", E);
    char ref[33] = "";
    db_stmt *st = db_prepare(d, "SELECT ref FROM newsletter_subscriber WHERE address = "
                                "'leser@eksempel.no'");
    if (st && db_step(st) == DB_ROW) snprintf(ref, sizeof ref, "%s", db_col_text(st, 0));
    if (st) db_reset(st);
    char want[200];
    snprintf(want, sizeof want, "bounce+%s-%lld@eksempel.no", ref, (long long)issue_id);
    TAP_EQ_STR(json_string_value(json_object_get(m, "mail_from")), want,
               "%s: the envelope sender is the subscriber's own return path", E);
    free(raw);
    json_decref(m);
}

static void check_cycle(void)
{
    char confirm[200], unsub[300], path[200];
    check_signup_and_confirm(confirm, sizeof confirm);
    check_staff_access();
    int64_t id = create_issue("Nytt fra Forbrukertilsynet – desember",
                              "Dette er **viktig**.\n\n<script>alert(1)</script>\n\n- æøå\n");
    TAP_OK(id > 0, "%s: staff write an issue", E);
    http_response r;
    snprintf(path, sizeof path, "/ansatt/nyhetsbrev/%lld", (long long)id);
    get(staff_cookie, path, &r);
    TAP_OK(r.status == 200 && strstr(r.body.data, "<strong>viktig</strong>") &&
               !strstr(r.body.data, "<script>alert"),
           "%s: the preview renders the Markdown and leaves raw HTML out", E);
    http_response_free(&r);
    int before = sink_count(&s);
    snprintf(path, sizeof path, "/ansatt/nyhetsbrev/%lld/test", (long long)id);
    post(staff_cookie, staff_csrf, path, "x=1", &r);
    TAP_OK(r.status == 200 && strstr(r.body.data, "sendt til leder@eksempel.no"),
           "%s: the test send says where it went", E);
    http_response_free(&r);
    json_t *m = sink_message(&s, before + 1);
    TAP_EQ_STR(json_string_value(json_array_get(json_object_get(m, "rcpt_tos"), 0)),
               "leder@eksempel.no", "%s: the test arrived at the staff member's own address", E);
    json_decref(m);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber", 0), 1,
               "%s: and the subscriber got nothing yet", E);

    before = sink_count(&s);
    TAP_EQ_INT(send_issue(id), 303, "%s: staff send the issue", E);
    TAP_EQ_INT(send_issue(id), 409, "%s: sending it twice: 409", E);
    run_jobs();
    TAP_EQ_INT(sink_count(&s), before + 1, "%s: one message arrived", E);
    check_issue_message(before + 1, id, unsub, sizeof unsub);
    snprintf(path, sizeof path, "/ansatt/nyhetsbrev/%lld", (long long)id);
    get(staff_cookie, path, &r);
    TAP_OK(r.status == 200 && strstr(r.body.data, "<th scope=\"row\">Sendt</th><td>1</td>"),
           "%s: the page records one sent", E);
    http_response_free(&r);

    /* One click, as a mail program does it: no cookie, no Origin, no form token. */
    const char *headers[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
    http_request rq = {.method = "POST", .path = unsub, .headers = headers,
                       .body = "List-Unsubscribe=One-Click", .body_len = 26};
    http_send(&rq, &r);
    TAP_EQ_INT(r.status, 200, "%s: the one-click POST answers 200", E);
    http_response_free(&r);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber", 0), 0,
               "%s: the address is gone", E);

    int64_t next = create_issue("Neste utgave", "Mer nytt.");
    before = sink_count(&s);
    send_issue(next);
    run_jobs();
    TAP_EQ_INT(sink_count(&s), before, "%s: the next issue sends the unsubscribed address nothing", E);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_issue WHERE id = $1 AND state = 'sent' AND "
                     "recipients = 0",
                     next),
               1, "%s: an issue with no subscribers is sent at once", E);
}

static void subscribers_add(int n, const char *fmt)
{
    db_begin(d);
    for (int k = 0; k < n; k++) {
        char address[64], ref[65];
        snprintf(address, sizeof address, fmt, k);
        session_random_hex(ref); /* 64 hex digits; the first 32 serve as a ref */
        ref[32] = '\0';
        db_run(d, "INSERT INTO newsletter_subscriber (address, ref, consent_version, consent_at, "
                  "confirmed_at, created_at) VALUES ($1, $2, '2026-12-01', $3, $3, $3)",
               "tti", address, ref, clock_now() - 10);
    }
    db_commit(d);
}

static void check_batches(void)
{
    subscribers_add(1200, "mottaker%d@eksempel.no");
    subscribers_add(1, "nei@example.no"); /* the SMTP server refuses it for good */
    int64_t id = create_issue("Stor utsending", "Til alle.");
    int before = sink_count(&s);
    send_issue(id);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_batch WHERE issue_id = $1", id), 3,
               "%s: 1,201 subscribers make three batches", E);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM job WHERE kind = 'newsletter_send' AND state = 'queued'", 0),
               3, "%s: each a job", E);
    run_jobs();
    TAP_EQ_INT(sink_count(&s), before + 1200, "%s: 1,200 messages arrived", E);
    TAP_EQ_INT(count("SELECT SUM(sent) FROM newsletter_batch WHERE issue_id = $1", id), 1200,
               "%s: 1,200 recorded as sent", E);
    TAP_EQ_INT(count("SELECT SUM(failed) FROM newsletter_batch WHERE issue_id = $1", id), 1,
               "%s: one as failed", E);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_subscriber WHERE address = 'nei@example.no'", 0),
               0, "%s: the refused address is deleted", E);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_issue WHERE id = $1 AND state = 'sent'", id),
               1, "%s: the issue is sent", E);
    db_run(d, "DELETE FROM newsletter_subscriber", "");
}

static void check_server_down(void)
{
    subscribers_add(30, "ventende%d@eksempel.no");
    int64_t id = create_issue("Mens tjeneren er nede", "Hei.");
    int port = s.port, before = sink_count(&s);
    sink_stop(&s);
    send_issue(id);
    run_jobs();
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_issue WHERE id = $1 AND state = 'sending'", id),
               1, "%s: with the SMTP server down the issue is still being sent", E);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM job WHERE kind = 'newsletter_send' AND state = 'queued' "
                     "AND attempts = 1",
                     0),
               1, "%s: its job waits for another attempt", E);
    TAP_EQ_INT(sink_start(&s, port), 0, "%s: the server comes back", E);
    clock_advance(3600);
    run_jobs();
    TAP_EQ_INT(sink_count(&s), before + 30, "%s: every message arrived once", E);
    TAP_EQ_INT(count("SELECT COUNT(*) FROM newsletter_issue WHERE id = $1 AND state = 'sent'", id),
               1, "%s: and the issue is sent", E);
}

static int seed_nothing(db *x)
{
    (void)x;
    return 0;
}

int main(int argc, char **argv)
{
    db_engine engine;
    const char *pg_url;
    if (fixture_engine_from_args(argc, argv, &engine, &pg_url)) return 0;
    if (engine == DB_POSTGRES) E = "postgres";
    clock_set_fixed(1796371200);
    setenv("MINSIDE_MAIL_FROM", "ikke-svar@eksempel.no", 1);
    setenv("MINSIDE_BASE_URL", "https://minside.example.no", 1);
    if (fixture_prepare_on(tmpdir, sizeof tmpdir, "2", seed_nothing, engine, pg_url,
                           "newsletter_mail") != 0)
        return 1;
    snprintf(s.dir, sizeof s.dir, "%s/mail", tmpdir);
    mkdir(s.dir, 0700);
    char err[512];
    if (sink_start(&s, 0) != 0 || db_open(g_app.cfg.database_url, &d, err, sizeof err) != DB_OK) {
        printf("Bail out! no SMTP server or database\n");
        return 1;
    }
    use_sink_port(s.port);
    staff_add("leder-1", "leder", "leder@eksempel.no", staff_cookie, staff_csrf);
    staff_add("sb-1", "saksbehandler", "sb@eksempel.no", worker_cookie, worker_csrf);
    http_server *server = site_server_start(site_routes);
    if (!server) {
        printf("Bail out! server did not start\n");
        return 1;
    }
    http_client_init(http_server_port(server));
    check_cycle();
    check_batches();
    check_server_down();
    http_server_stop(server, 5);
    sink_stop(&s);
    db_close(d);
    fixture_cleanup(tmpdir);
    return tap_done();
}
