/* Building responses. Every response gets the security headers in server.c, whoever made it. */
#ifndef MINSIDE_HTTP_RESPONSE_H
#define MINSIDE_HTTP_RESPONSE_H

#include <jansson.h>

#include "http/request.h"

struct template_set;

/* How pages are rendered, handed over by the program when the server starts: the templates,
 * and hooks that add what every page and the layout around it need (a form token, the page
 * header with who is logged in). The HTTP layer knows nothing of what they add. */
typedef struct http_pages {
    const struct template_set *templates;
    void (*page_model)(req *r, json_t *model);     /* may be NULL */
    void (*layout_model)(req *r, json_t *layout);  /* may be NULL */
} http_pages;

void resp_header_add(req *r, const char *name, const char *value);
/* Takes ownership of body (malloc'd). */
void resp_body(req *r, int status, const char *content_type, char *body, size_t len);
/* Sends len bytes of the open file fd (from its start) without reading it into memory; takes
 * ownership of fd, which is closed when the response is done. */
void resp_file(req *r, int status, const char *content_type, int fd, size_t len);
void resp_static_body(req *r, int status, const char *content_type, const char *body,
                      size_t len);
void resp_text(req *r, int status, const char *text);
void resp_redirect(req *r, int status, const char *location);
/* Renders templates/<page> inside the layout (r->pages). Takes a reference to model (decref'd
 * here). */
void resp_page(req *r, int status, const char *page, const char *title, json_t *model);
/* A Norwegian error page with the given heading and message. */
void resp_error(req *r, int status, const char *heading, const char *message);

#endif
