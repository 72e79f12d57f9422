/* «Søk i postjournalen» (/postjournal) and an entry's page (/postjournal/:id), open to anyone.
 * They show only what journal_search() and journal_public_entry_get() give: the public form. */
#include "journal/journal.h"
#include "journal/journal_http.h"

#include "app.h"
#include "archive/archive.h"
#include "auth/auth.h"
#include "core/date_text.h"
#include "core/log.h"
#include "http/response.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* An entry as the templates show it, on the search page and its own page. */
static json_t *entry_json(req *r, const journal_public_entry *e)
{
    const char *doc_date = e->document_date ? date_text_nb_ymd(r->arena, e->document_date) : NULL;
    json_t *docs = json_array();
    for (size_t i = 0; i < e->document_count; i++)
        json_array_append_new(docs, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)e->documents[i].id,
                                              "title", e->documents[i].title, "main", i == 0));
    return json_pack(
        "{s:I,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:b}", "id",
        (json_int_t)e->entry_id, "case_number", e->case_number, "registry_id", e->registry_id,
        "entry_number", (json_int_t)e->entry_number, "registry_date",
        date_text_nb_ymd(r->arena, e->registry_date), "document_date", doc_date ? doc_date : "Udatert",
        "type", e->entry_type, "type_label", archive_entry_type_label(e->entry_type),
        "public_title", e->public_title, "case_title", text_or_null(e->case_public_title),
        "senders", text_or_null(e->senders), "recipients", text_or_null(e->recipients),
        "access_code", text_or_null(e->access_code), "legal_basis", text_or_null(e->legal_basis),
        "documents", docs, "has_documents", e->document_count > 0);
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

/* The search's address with the same filters and the cursor of the next page. */
static const char *next_url(req *r, const journal_query *q, const char *next)
{
    return arena_printf(r->arena, "/postjournal?q=%s&fra=%s&til=%s&type=%s&sak=%s&etter=%s",
                        escape(r, q->text ? q->text : ""), escape(r, q->from ? q->from : ""),
                        escape(r, q->to ? q->to : ""), escape(r, q->type ? q->type : ""),
                        escape(r, q->case_number ? q->case_number : ""), escape(r, next));
}

void journal_page_search(req *r)
{
    db *d = app_db();
    if (!d) {
        auth_page_unavailable(r);
        return;
    }
    journal_query q = {.text = req_query(r, "q"), .from = req_query(r, "fra"),
                       .to = req_query(r, "til"), .type = req_query(r, "type"),
                       .case_number = req_query(r, "sak"), .after = req_query(r, "etter")};
    json_t *m = json_pack("{s:s,s:s,s:s,s:s,s:b,s:b}", "q", q.text ? q.text : "", "from",
                          q.from ? q.from : "", "to", q.to ? q.to : "", "case_number",
                          q.case_number ? q.case_number : "", "type_i",
                          q.type && !strcmp(q.type, "I"), "type_u", q.type && !strcmp(q.type, "U"));
    int stopped = journal_stopped_all(d);
    if (stopped < 0) {
        json_decref(m);
        unavailable(r, d, "kunne ikke lese postjournalen");
        return;
    }
    if (stopped) {
        json_object_set_new(m, "stopped", json_true());
        resp_page(r, 200, "pages/postjournal", "Søk i postjournalen", m);
        return;
    }
    journal_result res;
    char err[256];
    int rc = journal_search(d, r->arena, &q, &res, err, sizeof err);
    if (rc == JOURNAL_ERR_INVALID) {
        json_object_set_new(m, "error", json_string(err));
        resp_page(r, 400, "pages/postjournal", "Søk i postjournalen", m);
        return;
    }
    if (rc) {
        json_decref(m);
        unavailable(r, d, "søket i postjournalen feilet");
        return;
    }
    json_t *hits = json_array();
    for (size_t i = 0; i < res.count; i++) json_array_append_new(hits, entry_json(r, &res.hits[i]));
    json_object_set_new(m, "hits", hits);
    json_object_set_new(m, "any", json_boolean(res.count > 0));
    json_object_set_new(m, "searched", json_boolean((q.text && *q.text) || (q.from && *q.from) ||
                                                    (q.to && *q.to) || (q.type && *q.type) ||
                                                    (q.case_number && *q.case_number)));
    json_object_set_new(m, "continued", json_boolean(q.after && *q.after));
    if (res.next) json_object_set_new(m, "next_url", json_string(next_url(r, &q, res.next)));
    resp_page(r, 200, "pages/postjournal", "Søk i postjournalen", m);
}

void journal_page_entry(req *r)
{
    db *d = app_db();
    if (!d) {
        auth_page_unavailable(r);
        return;
    }
    const char *id_text = req_param(r, "id");
    int64_t id = -1;
    if (id_text && *id_text && strlen(id_text) <= 18 &&
        strspn(id_text, "0123456789") == strlen(id_text))
        id = strtoll(id_text, NULL, 10);
    journal_public_entry e;
    int rc = id < 0 ? JOURNAL_ERR_NOT_PUBLIC : journal_public_entry_get(d, r->arena, id, &e);
    if (rc == JOURNAL_ERR_NOT_PUBLIC) {
        resp_error(r, 404, "Fant ikke journalposten",
                   "Journalposten finnes ikke i den offentlige postjournalen.");
        return;
    }
    if (rc) {
        unavailable(r, d, "kunne ikke lese journalposten");
        return;
    }
    resp_page(r, 200, "pages/postjournal-post",
              arena_printf(r->arena, "Journalpost %s", e.registry_id),
              json_pack("{s:o}", "entry", entry_json(r, &e)));
}
