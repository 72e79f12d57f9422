/* The inbox pages and the count in the header. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/response.h"
#include "inbox/inbox.h"
#include "inbox/inbox_pages.h"

static void not_found(req *r)
{
    resp_error(r, 404, "Fant ikke meldingen", "Meldingen finnes ikke i innboksen din.");
}

static const char *unread_text(arena *a, int64_t n)
{
    return n == 1 ? "1 ulest melding" : arena_printf(a, "%lld uleste meldinger", (long long)n);
}

void inbox_layout_add(req *r, json_t *user)
{
    db *d = app_db();
    int64_t n = d && r->session ? inbox_unread_count(d, r->session->person_id) : 0;
    json_object_set_new(user, "inbox_url", json_string("/innboks"));
    if (n > 0) {
        json_object_set_new(user, "inbox_unread", json_integer(n));
        json_object_set_new(user, "inbox_label", json_string(unread_text(r->arena, n)));
    }
}

/* The position before the newest message. */
static const page_cursor inbox_start = {.before = false, .id = INT64_MAX, .key = ""};

void inbox_page_list(req *r)
{
    db *d = auth_person_db(r);
    if (!d) return;
    const char *side = req_query(r, "side");
    page_cursor at = inbox_start, first, last;
    int64_t at_time = INT64_MAX;
    if (side && (page_cursor_decode(side, &at) != 0 || page_cursor_key_int(&at, &at_time) != 0)) {
        resp_error(r, 400, "Ugyldig side", "Lenken til denne siden er ikke gyldig. Gå tilbake til innboksen.");
        return;
    }
    int more = 0;
    json_t *list = inbox_list_json(d, r->arena, r->session->person_id, &at, at_time, &more, &first, &last);
    bool prev = side != NULL, next = more;
    if (list && at.before) {
        /* Read back to the newest: show the first page, whole. */
        prev = more;
        next = true;
        if (!more) {
            json_decref(list);
            at = inbox_start;
            list = inbox_list_json(d, r->arena, r->session->person_id, &at, INT64_MAX, &more, &first, &last);
            next = more;
        }
    }
    int64_t unread = list ? inbox_unread_count(d, r->session->person_id) : -1;
    if (!list || unread < 0) {
        json_decref(list);
        log_error("request=%s kunne ikke lese innboksen: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    json_t *m = json_pack("{s:o, s:b, s:s, s:b}", "messages", list, "any",
                          json_array_size(list) > 0, "summary",
                          unread ? unread_text(r->arena, unread) : "Ingen uleste meldinger",
                          "marked_unread", req_query(r, "ulest") != NULL);
    first.before = true;
    last.before = false;
    if (prev && json_array_size(list))
        json_object_set_new(m, "prev", json_string(arena_printf(r->arena, "/innboks?side=%s", page_cursor_encode(r->arena, &first))));
    else if (prev)
        json_object_set_new(m, "prev", json_string("/innboks"));
    if (next && json_array_size(list))
        json_object_set_new(m, "next", json_string(arena_printf(r->arena, "/innboks?side=%s", page_cursor_encode(r->arena, &last))));
    json_object_set_new(m, "paged", json_boolean(prev || next));
    resp_page(r, 200, "pages/innboks", "Innboks", m);
}

void inbox_page_message(req *r)
{
    db *d = auth_person_db(r);
    if (!d) return;
    int64_t id = req_param_id(r, "id");
    int found = 0;
    json_t *m = id ? inbox_open(d, r->arena, r->session->person_id, id, clock_now(), &found)
                   : NULL;
    if (found < 0) {
        log_error("request=%s kunne ikke lese meldingen: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    if (!m) {
        not_found(r);
        return;
    }
    const char *subject = arena_strdup(r->arena, json_string_value(json_object_get(m, "subject")));
    resp_page(r, 200, "pages/innboks-melding", subject, m);
}

void inbox_unread_submit(req *r)
{
    db *d = auth_person_db(r);
    if (!d) return;
    int64_t id = req_param_id(r, "id");
    int rc = id ? inbox_mark_unread(d, r->session->person_id, id) : 1;
    if (rc == 1) {
        not_found(r);
        return;
    }
    if (rc < 0) {
        log_error("request=%s kunne ikke merke meldingen: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return;
    }
    resp_redirect(r, 303, "/innboks?ulest=1");
}
