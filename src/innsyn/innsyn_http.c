/* «Be om innsyn»: the form for one entry or a basket of several, the confirmation by the
 * e-mailed link, and the requester's own list. */
#include "innsyn/innsyn_http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth/auth.h"
#include "auth/person.h"
#include "auth/session.h"
#include "core/date_text.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "http/response.h"
#include "innsyn/innsyn_internal.h"

/* The entry ids named by key in l (repeated key=ID), at most INNSYN_MAX_ENTRIES + 1 so a basket
 * over the limit is noticed. -1 when one is not a positive number. */
static long entry_ids(req *r, const kv_list *l, int64_t **out)
{
    int64_t *ids = arena_calloc(r->arena, INNSYN_MAX_ENTRIES + 1, sizeof *ids);
    long n = 0;
    for (size_t i = 0; i < l->count && n <= INNSYN_MAX_ENTRIES; i++) {
        if (strcmp(l->items[i].key, "entry")) continue;
        char *end;
        long long v = strtoll(l->items[i].value, &end, 10);
        if (!*l->items[i].value || *end || v <= 0) return -1;
        ids[n++] = v;
    }
    *out = ids;
    return n;
}

static void unavailable(req *r, db *d, const char *what)
{
    log_error("request=%s %s: %s", r->id, what, d ? db_errmsg(d) : "ingen database");
    auth_page_unavailable(r);
}

static char *escape(req *r, const char *s)
{
    char *e = curl_easy_escape(NULL, s, 0);
    char *out = arena_strdup(r->arena, e ? e : "");
    curl_free(e);
    return out;
}

/* The form's model: the entries with their documents, and the login link back to this basket.
 * Returns NULL with *rc_out set when an entry is not public or the database fails. */
static json_t *form_model(req *r, db *d, const int64_t *ids, long n, int *rc_out)
{
    json_t *entries = json_array();
    strbuf back = {0};
    strbuf_puts(&back, "/innsyn/ny?");
    int rc = DB_OK;
    for (long i = 0; rc == DB_OK && i < n; i++) {
        innsyn_entry e;
        rc = innsyn_entry_get(d, r->arena, ids[i], &e);
        if (rc != DB_OK) break;
        json_t *docs = json_array();
        for (size_t k = 0; k < e.document_count; k++)
            json_array_append_new(docs, json_pack("{s:s}", "title", e.documents[k].title));
        json_array_append_new(entries, json_pack("{s:I, s:s, s:s, s:o, s:b}", "id",
                                                 (json_int_t)e.entry_id, "registry_id",
                                                 e.registry_id, "title", e.public_title,
                                                 "documents", docs, "has_documents",
                                                 e.document_count > 0));
        strbuf_printf(&back, "%sentry=%lld", i ? "&" : "", (long long)ids[i]);
    }
    char *path = strbuf_take(&back);
    *rc_out = rc;
    if (rc != DB_OK) {
        free(path);
        json_decref(entries);
        return NULL;
    }
    json_t *m = json_pack("{s:o, s:b, s:s}", "entries", entries, "logged_in",
                          r->session && r->session->person_id, "login_url",
                          arena_printf(r->arena, "/logg-inn?neste=%s", escape(r, path)));
    free(path);
    return m;
}

static void not_public(req *r)
{
    resp_error(r, 404, "Fant ikke journalposten",
               "En av journalpostene finnes ikke i den offentlige journalen. Søk i "
               "postjournalen og velg journalposten der.");
}

static void bad_basket(req *r, long n)
{
    if (n == 0)
        resp_error(r, 400, "Ingen journalpost valgt",
                   "Velg en eller flere journalposter i postjournalen og trykk «Be om innsyn».");
    else if (n < 0)
        resp_error(r, 400, "Ugyldig journalpost", "Adressen peker ikke på en journalpost.");
    else
        resp_error(r, 400, "For mange journalposter",
                   "Du kan be om innsyn i høyst 20 journalposter i ett krav.");
}

/* Shows the form again, with the error beside the field it concerns. */
static void form_show(req *r, db *d, const int64_t *ids, long n, int status, const char *error)
{
    int rc;
    json_t *m = form_model(r, d, ids, n, &rc);
    if (rc == INNSYN_ERR_NOT_PUBLIC) {
        not_public(r);
        return;
    }
    if (!m) {
        unavailable(r, d, "kunne ikke lese journalpostene");
        return;
    }
    const char *email = req_form(r, "epost"), *name = req_form(r, "navn");
    json_object_set_new(m, "v", json_pack("{s:s, s:s}", "epost", email ? email : "", "navn",
                                          name ? name : ""));
    if (error) json_object_set_new(m, "error", json_string(error));
    resp_page(r, status, "pages/innsyn-ny", "Be om innsyn", m);
}

/* The basket named in l and the database, or NULL after answering (400 or 503). */
static db *basket_read(req *r, const kv_list *l, int64_t **ids, long *n)
{
    *n = entry_ids(r, l, ids);
    if (*n <= 0 || *n > INNSYN_MAX_ENTRIES) {
        bad_basket(r, *n);
        return NULL;
    }
    db *d = app_db();
    if (!d) unavailable(r, d, "ingen database");
    return d;
}

/* «Legg til»: the entry numbered text («2026/17-3») into the basket, by a redirect to the basket
 * with it; NULL, or the Norwegian reason it cannot be added. */
static const char *basket_add(req *r, db *d, const int64_t *ids, long n, const char *text)
{
    int year, used = 0;
    long long seq, number;
    int64_t entry = 0;
    if (sscanf(text, "%d/%lld-%lld%n", &year, &seq, &number, &used) != 3 || text[used] ||
        year < 1900 || year > 9999 || seq < 1 || number < 1)
        return "Skriv journalpostens nummer slik: 2026/17-3.";
    innsyn_entry e;
    int rc = archive_entry_find(d, year, seq, number, &entry);
    if (rc == DB_OK) rc = innsyn_entry_get(d, r->arena, entry, &e);
    if (rc == ARCHIVE_ERR_NOT_FOUND || rc == INNSYN_ERR_NOT_PUBLIC)
        return "Journalposten finnes ikke i den offentlige journalen.";
    if (rc != DB_OK) return "Journalposten kunne ikke slås opp nå. Prøv igjen om litt.";
    strbuf url = {0};
    strbuf_puts(&url, "/innsyn/ny?");
    for (long i = 0; i < n; i++) {
        if (ids[i] == entry) {
            strbuf_free(&url);
            return "Journalposten er allerede med i kravet.";
        }
        strbuf_printf(&url, "entry=%lld&", (long long)ids[i]);
    }
    if (n >= INNSYN_MAX_ENTRIES) {
        strbuf_free(&url);
        return "Du kan be om innsyn i høyst 20 journalposter i ett krav.";
    }
    strbuf_printf(&url, "entry=%lld", (long long)entry);
    char *location = strbuf_take(&url);
    resp_redirect(r, 303, arena_strdup(r->arena, location));
    free(location);
    return NULL;
}

void innsyn_page_new(req *r)
{
    int64_t *ids;
    long n;
    db *d = basket_read(r, &r->query, &ids, &n);
    if (!d) return;
    const char *add = req_query(r, "legg_til");
    if (!add || !*add) {
        form_show(r, d, ids, n, 200, NULL);
        return;
    }
    const char *error = basket_add(r, d, ids, n, add);
    if (error) form_show(r, d, ids, n, 400, error);
}

void innsyn_submit(req *r)
{
    int64_t *ids;
    long n;
    db *d = basket_read(r, &r->form, &ids, &n);
    if (!d) return;
    int64_t person = r->session ? r->session->person_id : 0;
    const char *email = req_form(r, "epost"), *name = req_form(r, "navn");
    if (person) {
        /* A logged-in person is answered at the address of the profile, and in the inbox. */
        person_profile p;
        if (person_profile_get(d, r->arena, person, &p) != DB_OK) {
            unavailable(r, d, "kunne ikke lese profilen");
            return;
        }
        email = p.email;
        name = p.name;
    }
    innsyn_new in = {.source = "nett",
                     .person_id = person,
                     .email = email && *email ? email : NULL,
                     .name = name && *name ? name : NULL,
                     .client_key = r->client_ip,
                     .confirmed = person != 0,
                     .entry_ids = ids,
                     .entry_count = (size_t)n};
    char err[300] = "";
    int64_t id = 0;
    int rc = db_begin(d);
    if (rc == DB_OK) rc = db_finish(d, innsyn_request_register(d, r->arena, &in, &id, err, sizeof err));
    if (rc == INNSYN_ERR_NOT_PUBLIC) {
        not_public(r);
    } else if (rc == INNSYN_ERR_LIMIT) {
        resp_error(r, 429, "For mange innsynskrav", err);
    } else if (rc == INNSYN_ERR_INVALID) {
        form_show(r, d, ids, n, 400, err);
    } else if (rc != DB_OK) {
        unavailable(r, d, "kunne ikke registrere innsynskravet");
    } else {
        log_info("request=%s innsynskrav %lld registrert", r->id, (long long)id);
        resp_redirect(r, 303, person ? "/min-side/innsyn?sendt=1" : "/innsyn/sendt");
    }
}

void innsyn_page_sent(req *r)
{
    resp_page(r, 200, "pages/innsyn-sendt", "Bekreft innsynskravet", json_object());
}

static void link_not_valid(req *r)
{
    resp_error(r, 404, "Lenken virker ikke",
               "Lenken er feil, er allerede brukt eller har gått ut (den gjelder i 24 timer). "
               "Be om innsyn på nytt fra postjournalen.");
}

void innsyn_page_confirm(req *r)
{
    const char *t = req_query(r, "t");
    if (!innsyn_token_valid(t)) {
        link_not_valid(r);
        return;
    }
    /* Confirming changes state, so it takes a button: mail scanners that open links only look. */
    resp_page(r, 200, "pages/innsyn-bekreft", "Bekreft innsynskravet",
              json_pack("{s:s}", "token", t));
}

void innsyn_confirm_submit(req *r)
{
    db *d = app_db();
    if (!d) {
        unavailable(r, d, "ingen database");
        return;
    }
    int64_t id = 0;
    int rc = db_begin(d);
    if (rc == DB_OK) rc = db_finish(d, innsyn_request_confirm(d, r->arena, req_form(r, "t"), &id));
    if (rc == INNSYN_ERR_NOT_FOUND) {
        link_not_valid(r);
        return;
    }
    if (rc != DB_OK) {
        unavailable(r, d, "kunne ikke bekrefte innsynskravet");
        return;
    }
    innsyn_request_row q;
    if (innsyn_db_request_get(d, r->arena, id, &q) != DB_OK) {
        unavailable(r, d, "kunne ikke lese innsynskravet");
        return;
    }
    resp_page(r, 200, "pages/innsyn-bekreftet", "Innsynskravet er mottatt",
              json_pack("{s:s, s:s, s:s}", "reference", q.reference, "target",
                        date_text_nb_ymd(r->arena, q.target_date), "deadline",
                        date_text_nb_ymd(r->arena, q.deadline_date)));
}

static int mine_add(const innsyn_person_request *q, void *ud)
{
    json_array_append_new(ud, json_pack("{s:s, s:s, s:s, s:s, s:b}", "reference", q->reference,
                                        "state", q->state_text, "received", q->received,
                                        "entries", q->entries, "complaint", q->complaint));
    return 0;
}

void innsyn_page_mine(req *r)
{
    db *d = auth_person_db(r);
    if (!d) return;
    json_t *list = json_array();
    if (innsyn_person_requests(d, r->arena, r->session->person_id, mine_add, list) != DB_OK) {
        json_decref(list);
        unavailable(r, d, "kunne ikke lese innsynskravene");
        return;
    }
    resp_page(r, 200, "pages/innsyn-mine", "Mine innsynskrav",
              json_pack("{s:o, s:b, s:b}", "requests", list, "any", json_array_size(list) > 0,
                        "sent", req_query(r, "sendt") != NULL));
}
