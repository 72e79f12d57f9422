/* «Velg organisasjon» over HTTP, in one process: the real server with the real route table,
 * templates and static files, a migrated SQLite database with the demo organisations, and
 * libcurl as the client. The search page without JavaScript, and the suggestions as JSON. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "client.h"
#include "fixture.h"
#include "core/clock.h"
#include "http/server.h"
#include "org/org_http.h"
#include "tap.h"
#include "web/pages.h"
#include "web/site.h"
#include "web/routes.h"

static char tmpdir[256];
static char cookie[128]; /* a logged-in person's: the search is behind login */

static void get(const char *path, http_response *r)
{
    const char *headers[] = {cookie, NULL};
    http_request rq = {.path = path, .headers = headers};
    http_send(&rq, r);
}

static int contains(const http_response *r, const char *needle)
{
    return r->body.data && strstr(r->body.data, needle) != NULL;
}

static void check_page(void)
{
    http_response r;
    http_get("/velg-organisasjon", &r);
    TAP_EQ_INT(r.status, 303, "without login the search page sends to the login");
    char where[256];
    TAP_EQ_STR(http_header(&r, "Location", where, sizeof where), "/logg-inn?neste=%2Fvelg-organisasjon",
               "and back again afterwards");
    http_response_free(&r);
    get("/velg-organisasjon", &r);
    TAP_EQ_INT(r.status, 200, "the search page answers 200");
    TAP_OK(contains(&r, "<h1 class=\"ds-heading\" data-size=\"lg\">Velg organisasjon</h1>"), "with the heading «Velg organisasjon»");
    TAP_OK(contains(&r, "<form class=\"ms-org-search\" action=\"/velg-organisasjon\" method=\"get\""),
           "and a plain GET form that works without JavaScript");
    TAP_OK(contains(&r, "<label class=\"ds-label\" for=\"org-q\">"), "whose field has a label");
    TAP_OK(contains(&r, "<script src=\"/static/js/velg-organisasjon.js\" defer></script>"), "the suggestions script is a file, not inline");
    TAP_OK(!contains(&r, "treff for"), "no result list before a search");
    http_response_free(&r);

    get("/velg-organisasjon?q=bl%C3%A5b%C3%A6r+elektro", &r);
    TAP_EQ_INT(r.status, 200, "a search answers 200");
    TAP_OK(contains(&r, "BLÅBÆR OG SØNN ELEKTRO AS"), "and finds the unit with æ and å");
    TAP_OK(contains(&r, "Org.nr. 310 000 078 · AS · TROMSØ"), "showing its number in groups, legal form and town");
    TAP_OK(contains(&r, "href=\"/virksomhet/registrer?orgnr=310000078\">Velg BLÅBÆR OG SØNN ELEKTRO AS</a>"),
           "with a link to register for it");
    TAP_OK(contains(&r, "value=\"blåbær elektro\""), "the query stays in the field");
    http_response_free(&r);

    get("/velg-organisasjon?q=310+000+051", &r);
    TAP_OK(contains(&r, "KONKURSRAMMET TEST AS") && contains(&r, ">Konkurs</span>"),
           "a number with spaces finds the bankrupt unit, marked «Konkurs»");
    http_response_free(&r);
    get("/velg-organisasjon?q=netthandel", &r);
    TAP_OK(contains(&r, ">Slettet</span>"), "a deleted unit is marked «Slettet»");
    http_response_free(&r);
    get("/velg-organisasjon?q=finnes+ikke+her", &r);
    TAP_EQ_INT(r.status, 200, "a search without hits answers 200");
    TAP_OK(contains(&r, "0 treff") && contains(&r, "Ingen organisasjoner passer"), "and says nothing matched");
    http_response_free(&r);
    get("/velg-organisasjon?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", &r);
    TAP_OK(!contains(&r, "<script>alert") && contains(&r, "&lt;script&gt;"), "the query is escaped in the page");
    http_response_free(&r);

    char path[400] = "/velg-organisasjon?q=";
    memset(path + strlen(path), 'a', 201);
    get(path, &r);
    TAP_EQ_INT(r.status, 400, "a query over 200 characters gives 400");
    TAP_OK(contains(&r, "Søket er for langt"), "with a Norwegian message");
    http_response_free(&r);

    http_request post = {.method = "POST", .path = "/velg-organisasjon", .body = "q=x", .body_len = 3};
    http_send(&post, &r);
    TAP_EQ_INT(r.status, 405, "POST to the search gives 405");
    http_response_free(&r);
}

static json_t *suggestions(const char *query, long *status, char *cache, size_t cache_len)
{
    http_response r;
    char path[512];
    snprintf(path, sizeof path, "/api/organisasjoner/forslag%s%s", query ? "?q=" : "", query ? query : "");
    http_get(path, &r);
    *status = r.status;
    if (cache && !http_header(&r, "Cache-Control", cache, cache_len)) cache[0] = '\0';
    json_t *j = r.body.data ? json_loads(r.body.data, 0, NULL) : NULL;
    http_response_free(&r);
    return j;
}

static void check_api(void)
{
    long status;
    char cache[128];
    json_t *j = suggestions("eks", &status, cache, sizeof cache);
    json_t *list = json_object_get(j, "forslag");
    TAP_EQ_INT(status, 200, "suggestions answer 200");
    TAP_EQ_INT(json_array_size(list), 3, "«eks» suggests the three EKSEMPEL units");
    json_t *first = json_array_get(list, 0);
    TAP_EQ_STR(json_string_value(json_object_get(first, "navn")), "EKSEMPEL HVITEVARER AS", "best first, by name");
    TAP_EQ_STR(json_string_value(json_object_get(first, "orgnr_visning")), "310 000 027", "with the number in groups");
    TAP_EQ_STR(json_string_value(json_object_get(first, "orgnr")), "310000027", "and as digits");
    TAP_EQ_STR(json_string_value(json_object_get(first, "poststed")), "OSLO", "and the town");
    TAP_OK(json_is_null(json_object_get(first, "status")), "an active unit has no status mark");
    TAP_OK(strstr(cache, "max-age=60") != NULL, "suggestions may be cached a minute (%s)", cache);
    json_decref(j);

    j = suggestions("test", &status, NULL, 0);
    list = json_object_get(j, "forslag");
    TAP_EQ_STR(json_string_value(json_object_get(json_array_get(list, 1), "status")), "Konkurs",
               "the bankrupt unit comes after the active one, marked");
    json_decref(j);

    j = suggestions("%C3%A6rlige+%C3%B8ko", &status, NULL, 0);
    TAP_EQ_STR(json_string_value(json_object_get(json_array_get(json_object_get(j, "forslag"), 0), "orgnr")),
               "310000086", "«ærlige øko» finds ÆRLIGE ØKOBAKERIET SA");
    json_decref(j);

    j = suggestions(NULL, &status, NULL, 0);
    TAP_OK(status == 200 && json_array_size(json_object_get(j, "forslag")) == 0, "no query gives an empty list");
    json_decref(j);

    char q[260];
    memset(q, 'b', 250);
    q[250] = '\0';
    j = suggestions(q, &status, NULL, 0);
    TAP_EQ_INT(status, 400, "a query over the limit gives 400");
    TAP_OK(json_is_string(json_object_get(j, "feil")), "with a Norwegian message as JSON");
    json_decref(j);
}

int main(void)
{
    if (fixture_prepare(tmpdir, sizeof tmpdir, "2", org_demo_seed) != 0) return 1;
    http_server *server = site_server_start(site_routes);
    if (!server) {
        printf("Bail out! server did not start\n");
        return 1;
    }
    http_client_init(http_server_port(server));
    char err[256], token[65], csrf[65];
    db *d = NULL;
    if (db_open(g_app.cfg.database_url, &d, err, sizeof err) != DB_OK ||
        db_run(d, "INSERT INTO person (pid_hash, pid_enc, birth_date, name, created_at, updated_at) "
                  "VALUES ('p', 'p', '1980-01-01', 'Kari Testesen', 0, 0)", "") < 0 ||
        fixture_session(d, 1, 0, token, csrf) < 0) {
        printf("Bail out! no session\n");
        return 1;
    }
    db_close(d);
    snprintf(cookie, sizeof cookie, "Cookie: minside=%s", token);
    check_page();
    check_api();
    http_server_stop(server, 5);
    fixture_cleanup(tmpdir);
    return tap_done();
}
