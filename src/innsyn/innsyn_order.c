/* Reading eInnsyn's order.xml: v1 has the root <bestilling> without a namespace and the date as
 * DD.MM.ÅÅÅÅ; v2 has it in http://einnsyn.no/schema/order/v2 and the date as ÅÅÅÅ-MM-DD+hh:mm.
 * Both name each document by <saksnr> and <dokumentnr> and the requester by
 * <kontaktinfo><e-post>. */
#include "innsyn/innsyn_order.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/email.h"

#define ORDER_NS_V2 "http://einnsyn.no/schema/order/v2"
#define ORDER_MAX_ID 300

int innsyn_order_message(char *err, size_t errlen, const char *file, int line, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    reason[strcspn(reason, "\n")] = 0; /* libxml2's messages end in a line break */
    snprintf(err, errlen, "%s:%d: %s", file, line, reason);
    return -1;
}

static int named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const xmlNode *child(const xmlNode *parent, const char *name)
{
    for (const xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
        if (named(c, name)) return c;
    return NULL;
}

static int line_of(const xmlNode *n, int fallback)
{
    return n ? (int)xmlGetLineNo(n) : fallback;
}

/* The element's text without surrounding white space, in a; "" when empty or absent. */
static const char *text_of(arena *a, const xmlNode *n)
{
    if (!n) return "";
    xmlChar *raw = xmlNodeGetContent(n);
    const char *s = raw ? (const char *)raw : "";
    while (*s && strchr(" \t\n\r", *s)) s++;
    size_t len = strlen(s);
    while (len && strchr(" \t\n\r", s[len - 1])) len--;
    char *out = arena_strndup(a, s, len);
    xmlFree(raw);
    return out;
}

static int date_ok(const char *s, int version)
{
    int d, m, y, n = 0;
    if (version == 2) return sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10;
    return sscanf(s, "%2d.%2d.%4d%n", &d, &m, &y, &n) == 3 && n == 10;
}

static int document_read(arena *a, const char *file, const xmlNode *c, innsyn_order_document *doc,
                         char *err, size_t errlen)
{
    const char *case_no = text_of(a, child(c, "saksnr")), *doc_no = text_of(a, child(c, "dokumentnr"));
    char tail;
    long long y, s, n;
    doc->line = line_of(c, 0);
    if (sscanf(case_no, "%lld/%lld%c", &y, &s, &tail) != 2 || y < 1900 || y > 9999 || s < 1 ||
        s > 1000000000 || sscanf(doc_no, "%lld%c", &n, &tail) != 1 || n < 1 || n > 1000000000)
        return innsyn_order_message(err, errlen, file, doc->line,
                    "<saksnr> må være ÅÅÅÅ/NNNN og <dokumentnr> et tall (fikk «%.40s» og «%.40s»)",
                    case_no, doc_no);
    doc->case_year = (int)y;
    doc->case_seq = s;
    doc->number = n;
    doc->text = arena_printf(a, "%d/%lld-%lld", (int)y, s, n);
    return 0;
}

static int documents_read(arena *a, const char *file, const xmlNode *docs, innsyn_order *o,
                          char *err, size_t errlen)
{
    for (const xmlNode *c = docs->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (!named(c, "dokument"))
            return innsyn_order_message(err, errlen, file, line_of(c, 0), "ukjent element <%.40s> i <dokumenter>",
                        (const char *)c->name);
        if (o->document_count == INNSYN_ORDER_MAX_DOCUMENTS)
            return innsyn_order_message(err, errlen, file, line_of(c, 0), "mer enn %d dokumenter i én bestilling",
                        INNSYN_ORDER_MAX_DOCUMENTS);
        if (document_read(a, file, c, &o->documents[o->document_count++], err, errlen)) return -1;
    }
    return 0;
}

static int order_read(arena *a, const char *file, const xmlNode *root, innsyn_order *o, char *err,
                      size_t errlen)
{
    int v2 = root && root->ns && root->ns->href && !strcmp((const char *)root->ns->href, ORDER_NS_V2);
    o->line = line_of(root, 1);
    if (!named(root, "bestilling") || (root->ns && !v2))
        return innsyn_order_message(err, errlen, file, o->line,
                    "rotelementet må være <bestilling> (eInnsyn order v1 eller v2)");
    o->version = v2 ? 2 : 1;
    const xmlNode *contact = child(root, "kontaktinfo"), *docs = child(root, "dokumenter"),
                  *date = child(root, "bestillingsdato");
    o->id = text_of(a, child(root, "id"));
    o->email = text_of(a, child(contact, "e-post"));
    o->name = text_of(a, child(contact, "navn"));
    if (!*o->name) o->name = NULL;
    if (!*o->id || strlen(o->id) > ORDER_MAX_ID)
        return innsyn_order_message(err, errlen, file, o->line, "<id> mangler eller er for lang");
    if (!date_ok(text_of(a, date), o->version))
        return innsyn_order_message(err, errlen, file, line_of(date, o->line),
                    "<bestillingsdato> «%.40s» er ikke en dato på formen %s", text_of(a, date),
                    v2 ? "ÅÅÅÅ-MM-DD" : "DD.MM.ÅÅÅÅ");
    if (!contact || !email_valid(o->email))
        return innsyn_order_message(err, errlen, file, line_of(contact, o->line),
                    "<kontaktinfo> mangler en gyldig <e-post>");
    if (!docs || !child(docs, "dokument"))
        return innsyn_order_message(err, errlen, file, line_of(docs, o->line), "bestillingen har ingen <dokument>");
    return documents_read(a, file, docs, o, err, errlen);
}

int innsyn_order_parse(arena *a, const char *file, const char *data, size_t len,
                       innsyn_order *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len > (size_t)INT32_MAX) return innsyn_order_message(err, errlen, file, 0, "filen er for stor");
    xmlDoc *doc = xmlReadMemory(data, (int)len, file, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        return innsyn_order_message(err, errlen, file, e ? e->line : 0, "ikke gyldig XML: %s",
                    e && e->message ? e->message : "filen kan ikke leses");
    }
    int rc = order_read(a, file, xmlDocGetRootElement(doc), out, err, errlen);
    xmlFreeDoc(doc);
    return rc;
}
