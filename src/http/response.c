#include "http/response.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/strbuf.h"
#include "view/templates.h"

void resp_header_add(req *r, const char *name, const char *value)
{
    resp_header *h = arena_alloc(r->arena, sizeof *h);
    h->name = arena_strdup(r->arena, name);
    h->value = arena_strdup(r->arena, value);
    h->next = r->headers;
    r->headers = h;
}

static void resp_clear_body(req *r)
{
    if (r->body && !r->body_static) free(r->body);
    r->body = NULL;
    r->body_len = 0;
    r->body_static = 0;
    if (r->body_is_fd) close(r->body_fd);
    r->body_is_fd = 0;
}

void resp_body(req *r, int status, const char *content_type, char *body, size_t len)
{
    resp_clear_body(r);
    r->status = status;
    r->content_type = content_type;
    r->body = body;
    r->body_len = len;
    r->responded = 1;
}

void resp_file(req *r, int status, const char *content_type, int fd, size_t len)
{
    resp_body(r, status, content_type, NULL, len);
    r->body_fd = fd;
    r->body_is_fd = 1;
}

void resp_static_body(req *r, int status, const char *content_type, const char *body, size_t len)
{
    resp_body(r, status, content_type, (char *)body, len);
    r->body_static = 1;
}

void resp_text(req *r, int status, const char *text)
{
    resp_static_body(r, status, "text/plain; charset=utf-8", text, strlen(text));
}

void resp_redirect(req *r, int status, const char *location)
{
    resp_header_add(r, "Location", location);
    resp_static_body(r, status, "text/plain; charset=utf-8", "", 0);
}

/* The last resort when the templates themselves fail: plain, but still Norwegian. */
static void resp_plain_error(req *r, int status, const char *message)
{
    strbuf b = STRBUF_INIT;
    strbuf_puts(&b, "<!doctype html><html lang=\"nb\"><head><meta charset=\"utf-8\">"
                    "<title>Min side</title></head><body><main><h1>");
    strbuf_append_html(&b, message, strlen(message));
    strbuf_puts(&b, "</h1><p><a href=\"/\">Til forsiden</a></p></main></body></html>");
    size_t len = b.len;
    resp_body(r, status, "text/html; charset=utf-8", strbuf_take(&b), len);
}

void resp_page(req *r, int status, const char *page, const char *title, json_t *model)
{
    strbuf content = STRBUF_INIT;
    if (!model) model = json_object();
    const http_pages *pages = r->pages;
    if (!pages || !pages->templates) {
        json_decref(model);
        resp_plain_error(r, 500, "Noe gikk galt hos oss. Prøv igjen om litt.");
        return;
    }
    if (pages->page_model) pages->page_model(r, model);
    if (templates_render(pages->templates, page, model, &content) != 0) {
        json_decref(model);
        strbuf_free(&content);
        log_error("request=%s kunne ikke vise malen %s", r->id, page);
        resp_plain_error(r, 500, "Noe gikk galt hos oss. Prøv igjen om litt.");
        return;
    }
    /* A page may send the browser on at once, e.g. to the identity provider's logout, which
     * a form's redirect may not reach under the CSP's form-action 'self'. */
    const char *refresh_url = json_string_value(json_object_get(model, "refresh_url"));
    if (refresh_url) refresh_url = arena_strdup(r->arena, refresh_url);
    json_decref(model);
    json_t *layout = json_pack("{s:s, s:s, s:s, s:s}", "title", title, "content",
                               content.data ? content.data : "", "login_url", "/logg-inn",
                               "current_path", r->path ? r->path : "/");
    strbuf_free(&content);
    if (pages->layout_model) pages->layout_model(r, layout);
    if (refresh_url) json_object_set_new(layout, "refresh_url", json_string(refresh_url));
    strbuf page_html = STRBUF_INIT;
    int rc = templates_render(pages->templates, "layout", layout, &page_html);
    json_decref(layout);
    if (rc != 0) {
        strbuf_free(&page_html);
        log_error("request=%s kunne ikke vise malen layout", r->id);
        resp_plain_error(r, 500, "Noe gikk galt hos oss. Prøv igjen om litt.");
        return;
    }
    size_t len = page_html.len;
    resp_body(r, status, "text/html; charset=utf-8", strbuf_take(&page_html), len);
}

void resp_error(req *r, int status, const char *heading, const char *message)
{
    json_t *model = json_pack("{s:i, s:s, s:s}", "status", status, "heading", heading, "message",
                              message);
    if (!r->pages || !r->pages->templates || !templates_has(r->pages->templates, "pages/error")) {
        json_decref(model);
        resp_plain_error(r, status, heading);
        return;
    }
    resp_page(r, status, "pages/error", heading, model);
}
