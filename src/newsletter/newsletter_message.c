/* An issue as an e-mail: multipart/alternative with the Markdown text as it was written (which
 * reads well as plain text) and the HTML libcmark renders from it, built by GMime, with the
 * RFC 8058 unsubscribe headers. cmark's default options leave raw HTML out of the rendering, so
 * an issue can carry no script or form. */
#include "newsletter/newsletter_message.h"

#include <cmark.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void gmime_start(void)
{
    g_mime_init();
}

void nl_gmime_init(void)
{
    pthread_once(&gmime_once, gmime_start);
}

char *nl_markdown_html(const char *markdown)
{
    return cmark_markdown_to_html(markdown, strlen(markdown), CMARK_OPT_DEFAULT);
}

static GMimePart *text_part(const char *subtype, const char *text)
{
    GMimeTextPart *p = g_mime_text_part_new_with_subtype(subtype);
    g_mime_text_part_set_charset(p, "utf-8");
    g_mime_text_part_set_text(p, text);
    /* Quoted-printable keeps every line short and 7-bit whatever the text holds. */
    g_mime_part_set_content_encoding(GMIME_PART(p), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    return GMIME_PART(p);
}

static char *plain_body(const nl_message *m)
{
    strbuf b = STRBUF_INIT;
    strbuf_printf(&b, "%s\n\n%s\n\n-- \nDu får dette nyhetsbrevet fra Forbrukertilsynet fordi du "
                      "har abonnert på det.\nMeld deg av med ett klikk: %s\n",
                  m->title, m->markdown, m->unsubscribe_url);
    return strbuf_take(&b);
}

static char *html_body(const nl_message *m, const char *rendered)
{
    strbuf b = STRBUF_INIT;
    strbuf_puts(&b, "<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<title>");
    strbuf_append_html(&b, m->title, strlen(m->title));
    strbuf_puts(&b, "</title>\n</head>\n<body>\n<h1>");
    strbuf_append_html(&b, m->title, strlen(m->title));
    strbuf_puts(&b, "</h1>\n");
    strbuf_puts(&b, rendered);
    strbuf_puts(&b, "<hr>\n<p>Du får dette nyhetsbrevet fra Forbrukertilsynet fordi du har "
                    "abonnert på det. <a href=\"");
    strbuf_append_html(&b, m->unsubscribe_url, strlen(m->unsubscribe_url));
    strbuf_puts(&b, "\">Meld deg av</a></p>\n</body>\n</html>\n");
    return strbuf_take(&b);
}

char *nl_message_format(const nl_message *m, size_t *len)
{
    nl_gmime_init();
    GMimeMessage *msg = g_mime_message_new(TRUE);
    GMimeObject *obj = GMIME_OBJECT(msg);
    g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, "Forbrukertilsynet", m->from);
    g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, NULL, m->to);
    g_mime_message_set_subject(msg, m->title, "utf-8");
    GDateTime *date = g_date_time_new_from_unix_utc(m->date);
    g_mime_message_set_date(msg, date);
    g_date_time_unref(date);
    g_mime_message_set_message_id(msg, m->message_id);
    /* Written raw: GMime would fold a long URL without spaces into encoded words, which mail
     * programs do not read as a URL. The URL is ASCII without spaces (base URL and hex). */
    char list_unsubscribe[1200];
    snprintf(list_unsubscribe, sizeof list_unsubscribe, " <%s>\n", m->unsubscribe_url);
    g_mime_object_set_header(obj, "List-Unsubscribe", "-", NULL);
    GMimeHeader *h = g_mime_header_list_get_header(g_mime_object_get_header_list(obj),
                                                   "List-Unsubscribe");
    g_mime_header_set_raw_value(h, list_unsubscribe);
    g_mime_object_set_header(obj, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click", NULL);
    /* RFC 3834: vacation responders do not answer a newsletter. */
    g_mime_object_set_header(obj, "Auto-Submitted", "auto-generated", NULL);

    char *plain = plain_body(m);
    char *html = html_body(m, m->html);
    GMimeMultipart *alt = g_mime_multipart_new_with_subtype("alternative");
    GMimePart *p1 = text_part("plain", plain), *p2 = text_part("html", html);
    g_mime_multipart_add(alt, GMIME_OBJECT(p1));
    g_mime_multipart_add(alt, GMIME_OBJECT(p2));
    g_object_unref(p1);
    g_object_unref(p2);
    g_mime_message_set_mime_part(msg, GMIME_OBJECT(alt));
    g_object_unref(alt);
    free(plain);
    free(html);

    GMimeFormatOptions *opts = g_mime_format_options_clone(NULL);
    g_mime_format_options_set_newline_format(opts, GMIME_NEWLINE_FORMAT_DOS);
    char *text = g_mime_object_to_string(obj, opts);
    g_mime_format_options_free(opts);
    g_object_unref(msg);
    /* Handed back as malloc'd memory, so callers free it like the rest of the program's. */
    char *out = text ? strdup(text) : NULL;
    g_free(text);
    if (out && len) *len = strlen(out);
    return out;
}
