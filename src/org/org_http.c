#include "org/org_http.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth/auth.h"
#include "core/log.h"
#include "http/response.h"
#include "org/org.h"
#include "org/org_db.h"

enum { PAGE_RESULTS = 20, SUGGESTIONS = 10 };

static json_t *hit_json(const org_hit *h)
{
    char formatted[12];
    org_number_format(h->orgnr, formatted);
    const char *label = org_hit_status_label(h);
    return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?}", "orgnr", h->orgnr, "orgnr_visning", formatted,
                     "navn", h->name, "organisasjonsform", h->legal_form, "poststed", h->city,
                     "status", label);
}

/* Runs the search for the request's q; returns the hit count, or -1 after answering. */
static int search_for(req *r, const char *q, int limit, org_hit *hits, int api)
{
    if (strlen(q) > ORG_QUERY_MAX) {
        const char *msg = "Søket er for langt. Skriv inntil 200 tegn.";
        if (api) {
            json_t *answer = json_pack("{s:s}", "feil", msg);
            char *body = json_dumps(answer, JSON_COMPACT);
            json_decref(answer);
            resp_body(r, 400, "application/json; charset=utf-8", body, strlen(body));
        } else {
            resp_error(r, 400, "For langt søk", msg);
        }
        return -1;
    }
    db *d = app_db();
    int n = d ? org_search(d, r->arena, q, limit, hits) : DB_ERR_CONNECT;
    if (n < 0) {
        log_error("request=%s organisasjonssøk feilet: %s", r->id, d ? db_errmsg(d) : "ingen database");
        resp_error(r, 503, "Søket er midlertidig utilgjengelig", "Prøv igjen om litt.");
        return -1;
    }
    return n;
}

void org_page_choose(req *r)
{
    /* The page is the first step of registering as a representative, so it is behind login. */
    if (auth_require_person(r)) return;
    const char *q = req_query(r, "q");
    json_t *model = json_object();
    if (q && *q) {
        org_hit hits[PAGE_RESULTS];
        int n = search_for(r, q, PAGE_RESULTS, hits, 0);
        if (n < 0) {
            json_decref(model);
            return;
        }
        json_t *list = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(list, hit_json(&hits[i]));
        json_object_set_new(model, "q", json_string(q));
        json_object_set_new(model, "searched", json_true());
        json_object_set_new(model, "count", json_integer(n));
        json_object_set_new(model, "any", json_boolean(n > 0));
        json_object_set_new(model, "hits", list);
    }
    resp_page(r, 200, "pages/velg-organisasjon", "Velg organisasjon", model);
}

void org_api_suggestions(req *r)
{
    const char *q = req_query(r, "q");
    org_hit hits[SUGGESTIONS];
    int n = q ? search_for(r, q, SUGGESTIONS, hits, 1) : 0;
    if (n < 0) return;
    json_t *list = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(list, hit_json(&hits[i]));
    json_t *answer = json_pack("{s:o}", "forslag", list);
    char *body = json_dumps(answer, JSON_COMPACT);
    json_decref(answer);
    /* The register changes once a day: a minute in the browser's cache saves requests while
     * someone types, backspaces and types again. */
    resp_header_add(r, "Cache-Control", "private, max-age=60");
    resp_body(r, 200, "application/json; charset=utf-8", body, strlen(body));
}
