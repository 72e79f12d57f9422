/* The archivist's view of retention: every rule with its figure and reason, and the record of
 * what the rules deleted, newest first, a hundred at a time. */
#include "retention/retention_http.h"
#include "retention/retention.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/date_text.h"
#include "core/log.h"
#include "http/response.h"

enum { PAGE_RECORDS = 100 };

static json_t *rules_json(void)
{
    size_t n;
    const retention_rule *const *rules = retention_rules(&n);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:b}", "name", rules[i]->name, "what",
                                              rules[i]->what, "kept", rules[i]->kept, "reason", rules[i]->reason,
                                              "deletes", rules[i]->list_due != NULL));
    return list;
}

void retention_page_record(req *r)
{
    db *d = auth_staff_db(r, AUTH_ROLE_ARCHIVIST);
    if (!d) return;
    const char *before_text = req_query(r, "for");
    int64_t before = 0;
    if (before_text) {
        char *end = NULL;
        before = strlen(before_text) <= 18 ? strtoll(before_text, &end, 10) : -1;
        if (before <= 0 || !end || *end) {
            resp_error(r, 400, "Ugyldig side", "Lenken til neste side er ugyldig.");
            return;
        }
    }
    retention_record *recs = arena_alloc(r->arena, sizeof *recs * (PAGE_RECORDS + 1));
    int n = retention_log_list(d, before, recs, PAGE_RECORDS + 1);
    if (n < 0) {
        log_error("request=%s slettelisten: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    json_t *list = json_array();
    for (int i = 0; i < n && i < PAGE_RECORDS; i++) {
        const retention_rule *rule = retention_rule_find(recs[i].rule);
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:I}", "at", date_text_nb(r->arena, recs[i].deleted_at),
                                              "rule", rule ? rule->what : recs[i].rule, "kind", recs[i].kind, "item",
                                              (json_int_t)recs[i].item_id));
    }
    json_t *m = json_pack("{s:o, s:o, s:b}", "rules", rules_json(), "records", list, "any", n > 0);
    if (n > PAGE_RECORDS)
        json_object_set_new(m, "next_url", json_string(arena_printf(r->arena, "/ansatt/sletting?for=%lld",
                                                                    (long long)recs[PAGE_RECORDS - 1].id)));
    resp_page(r, 200, "pages/ansatt-sletting", "Sletting", m);
}
