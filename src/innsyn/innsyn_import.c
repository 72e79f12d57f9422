/* eInnsyn's innsyn orders (order.xml, v1 without a namespace and v2 in
 * http://einnsyn.no/schema/order/v2) into the same queue as requests made here. Every file is
 * read and checked first; then all orders are registered in one transaction, so a malformed
 * file, an unknown entry or an order read before imports nothing, and the message names the
 * file, the line and the reason. */
#include "innsyn/innsyn_internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/email.h"

#define ORDER_NS_V2 "http://einnsyn.no/schema/order/v2"

typedef struct {
    const char *file;
    int line;
    const char *id, *email, *name;
    int64_t entries[INNSYN_MAX_ENTRIES];
    int entry_lines[INNSYN_MAX_ENTRIES];
    size_t entry_count;
} order;

static int fail(char *err, size_t errlen, const char *file, int line, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    reason[strcspn(reason, "\n")] = 0; /* libxml2's messages end in a line break */
    snprintf(err, errlen, "%s:%d: %s", file, line, reason);
    return INNSYN_ERR_INVALID;
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

/* The element's text with surrounding white space removed, in a; "" when empty or absent. */
static const char *text_of(arena *a, const xmlNode *n)
{
    if (!n) return "";
    xmlChar *raw = xmlNodeGetContent(n);
    const char *s = raw ? (const char *)raw : "";
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    size_t len = strlen(s);
    while (len && strchr(" \t\n\r", s[len - 1])) len--;
    char *out = arena_strndup(a, s, len);
    xmlFree(raw);
    return out;
}

/* «2025/23456» and «1» into the numbers of a registry entry. */
static int entry_numbers(const char *case_no, const char *doc_no, int *year, int64_t *seq,
                         int64_t *number)
{
    char tail;
    long long y, s, n;
    if (sscanf(case_no, "%lld/%lld%c", &y, &s, &tail) != 2 || y < 1900 || y > 9999 || s < 1)
        return -1;
    if (sscanf(doc_no, "%lld%c", &n, &tail) != 1 || n < 1) return -1;
    *year = (int)y;
    *seq = s;
    *number = n;
    return 0;
}

static int date_ok(const char *s, int v2)
{
    int d, m, y, n = 0;
    if (v2) return sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10;
    return sscanf(s, "%2d.%2d.%4d%n", &d, &m, &y, &n) == 3 && n == 10;
}

static int order_read_documents(db *d, const xmlNode *docs, order *o, char *err, size_t errlen)
{
    arena *a = arena_new();
    int rc = DB_OK;
    for (const xmlNode *c = docs->children; rc == DB_OK && c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        int line = (int)xmlGetLineNo(c);
        if (!named(c, "dokument")) {
            rc = fail(err, errlen, o->file, line, "ukjent element <%s> i <dokumenter>", c->name);
            break;
        }
        if (o->entry_count == INNSYN_MAX_ENTRIES) {
            rc = fail(err, errlen, o->file, line, "mer enn %d dokumenter i én bestilling",
                      INNSYN_MAX_ENTRIES);
            break;
        }
        const char *case_no = text_of(a, child(c, "saksnr")), *doc_no = text_of(a, child(c, "dokumentnr"));
        int year;
        int64_t seq, number, entry = 0;
        if (entry_numbers(case_no, doc_no, &year, &seq, &number)) {
            rc = fail(err, errlen, o->file, line,
                      "<saksnr> må være ÅÅÅÅ/NNNN og <dokumentnr> et tall (fikk «%s» og «%s»)",
                      case_no, doc_no);
            break;
        }
        rc = archive_entry_find(d, year, seq, number, &entry);
        if (rc == ARCHIVE_ERR_NOT_FOUND) {
            rc = fail(err, errlen, o->file, line, "journalpost %s-%s finnes ikke hos oss", case_no,
                      doc_no);
            break;
        }
        o->entry_lines[o->entry_count] = line;
        o->entries[o->entry_count++] = entry;
    }
    arena_free(a);
    return rc;
}

/* Reads and checks one order.xml into o (strings in a). */
static int order_read(db *d, arena *a, const char *file, order *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->file = file;
    /* No network, no external entities, no DTD loading: the file alone. */
    xmlDoc *doc = xmlReadFile(file, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        return fail(err, errlen, file, e ? e->line : 0, "ikke gyldig XML: %s",
                    e && e->message ? e->message : "filen kan ikke leses");
    }
    const xmlNode *root = xmlDocGetRootElement(doc);
    int rc = DB_OK, v2 = root && root->ns && root->ns->href &&
                         !strcmp((const char *)root->ns->href, ORDER_NS_V2);
    if (!named(root, "bestilling") || (root->ns && !v2))
        rc = fail(err, errlen, file, root ? (int)xmlGetLineNo(root) : 1,
                  "rotelementet må være <bestilling> (eInnsyn order v1 eller v2)");
    o->line = root ? (int)xmlGetLineNo(root) : 1;
    const xmlNode *contact = child(root, "kontaktinfo"), *docs = child(root, "dokumenter");
    if (rc == DB_OK) {
        o->id = text_of(a, child(root, "id"));
        o->email = text_of(a, child(contact, "e-post"));
        o->name = text_of(a, child(contact, "navn"));
        const char *date = text_of(a, child(root, "bestillingsdato"));
        if (!*o->id || strlen(o->id) > 300)
            rc = fail(err, errlen, file, o->line, "<id> mangler eller er for lang");
        else if (!date_ok(date, v2))
            rc = fail(err, errlen, file, child(root, "bestillingsdato")
                                             ? (int)xmlGetLineNo(child(root, "bestillingsdato"))
                                             : o->line,
                      "<bestillingsdato> «%s» er ikke en dato på formen %s", date,
                      v2 ? "ÅÅÅÅ-MM-DD" : "DD.MM.ÅÅÅÅ");
        else if (!contact || !email_valid(o->email))
            rc = fail(err, errlen, file, contact ? (int)xmlGetLineNo(contact) : o->line,
                      "<kontaktinfo> mangler en gyldig <e-post>");
        else if (!docs || !child(docs, "dokument"))
            rc = fail(err, errlen, file, docs ? (int)xmlGetLineNo(docs) : o->line,
                      "bestillingen har ingen <dokument>");
    }
    if (rc == DB_OK) rc = order_read_documents(d, docs, o, err, errlen);
    if (rc == DB_OK && !*o->name) o->name = NULL;
    xmlFreeDoc(doc);
    return rc;
}

int innsyn_import_files(db *d, const char *const *files, size_t count, size_t *imported,
                        char *err, size_t errlen)
{
    arena *a = arena_new();
    order *orders = arena_calloc(a, count ? count : 1, sizeof *orders);
    int rc = db_begin(d);
    for (size_t i = 0; rc == DB_OK && i < count; i++)
        rc = order_read(d, a, files[i], &orders[i], err, errlen);
    for (size_t i = 0; rc == DB_OK && i < count; i++) {
        order *o = &orders[i];
        innsyn_new in = {.source = "einnsyn",
                         .external_id = o->id,
                         .email = o->email,
                         .name = o->name,
                         .confirmed = 1,
                         .entry_ids = o->entries,
                         .entry_count = o->entry_count};
        char why[300] = "";
        rc = innsyn_request_register(d, a, &in, NULL, why, sizeof why);
        if (rc == INNSYN_ERR_NOT_PUBLIC || rc == INNSYN_ERR_INVALID)
            rc = fail(err, errlen, o->file, o->line, "%s",
                      rc == INNSYN_ERR_NOT_PUBLIC
                          ? "en av journalpostene er ikke i den offentlige journalen"
                          : why);
    }
    rc = db_finish(d, rc);
    if (rc != DB_OK && !*err) snprintf(err, errlen, "databasen: %s", db_errmsg(d));
    if (imported) *imported = rc == DB_OK ? count : 0;
    arena_free(a);
    return rc;
}
