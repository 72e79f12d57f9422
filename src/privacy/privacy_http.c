/* The person's own data as a page, a printable page and a JSON file. Each handing-out is a row on
 * the audit trail (the person's data, `export`), written before the data is sent. */
#include "privacy/privacy_http.h"
#include "privacy/privacy.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audit_http.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "core/log.h"
#include "http/response.h"

/* The logged-in person's document, recorded on the trail; NULL after answering. */
static json_t *collect_for(req *r, const char *how)
{
    db *d = auth_person_db(r);
    if (!d) return NULL;
    json_t *doc = NULL;
    int64_t person = r->session->person_id;
    int rc = privacy_collect(d, r->arena, person, &doc);
    if (rc == DB_OK) rc = audit_record_req(d, r, AUDIT_OBJ_PERSON, person, AUDIT_EXPORT, how);
    if (rc != DB_OK) {
        json_decref(doc);
        log_error("request=%s personopplysninger: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return NULL;
    }
    return doc;
}

static void render(req *r, int printable)
{
    json_t *doc = collect_for(r, printable ? "utskrift" : "side");
    if (!doc) return;
    json_t *m = json_pack("{s:o, s:O, s:b, s:b}", "sections", privacy_page_model(doc), "made",
                          json_object_get(doc, "laget"), "printable", printable, "sent",
                          req_query(r, "retting") != NULL);
    json_decref(doc);
    resp_page(r, 200, "pages/personopplysninger", "Mine personopplysninger", m);
}

void privacy_page_show(req *r)
{
    render(r, 0);
}

void privacy_page_print(req *r)
{
    render(r, 1);
}

void privacy_download_json(req *r)
{
    json_t *doc = collect_for(r, "json");
    if (!doc) return;
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (!text) {
        auth_page_unavailable(r);
        return;
    }
    resp_header_add(r, "Content-Disposition", "attachment; filename=\"personopplysninger.json\"");
    resp_body(r, 200, "application/json; charset=utf-8", text, strlen(text));
}
