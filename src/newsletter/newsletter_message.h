/* An issue as an e-mail (internal to src/newsletter). */
#ifndef MINSIDE_NEWSLETTER_NEWSLETTER_MESSAGE_H
#define MINSIDE_NEWSLETTER_NEWSLETTER_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *from;            /* bare address, shown as Forbrukertilsynet <from> */
    const char *to;              /* bare address */
    const char *title;           /* the subject, UTF-8 */
    const char *markdown;        /* the body as written */
    const char *html;            /* the body rendered (nl_markdown_html), made once per batch */
    const char *unsubscribe_url; /* https://…/nyhetsbrev/avmeld/REF.MAC */
    const char *message_id;      /* without angle brackets */
    int64_t date;                /* unix seconds */
} nl_message;

/* GMime's start-up, once per process (any thread may call it). */
void nl_gmime_init(void);
/* The Markdown as HTML (raw HTML left out); malloc'd, NULL when out of memory. */
char *nl_markdown_html(const char *markdown);
/* The whole message, multipart/alternative (text and HTML), CRLF line ends; malloc'd. */
char *nl_message_format(const nl_message *m, size_t *len);

#endif
