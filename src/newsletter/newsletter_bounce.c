/* Reading bounce reports. A report is either RFC 3464 (multipart/report with a
 * message/delivery-status part, one block of fields a recipient) or an MTA's own text notice
 * from MAILER-DAEMON or postmaster. Anything else, above all an auto-reply, is not a report and
 * changes nothing; a report whose failure cannot be read changes nothing either. */
#include "newsletter/newsletter_bounce.h"

#include <ctype.h>
#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

#include "newsletter/newsletter_message.h"

struct nl_report {
    char *dsn;               /* the delivery-status part's text, or NULL */
    char *notice;            /* the first text part (the notice), cut before the returned copy */
    char *failed_recipients; /* X-Failed-Recipients (Exim), or NULL */
    int from_daemon;         /* sent by MAILER-DAEMON, postmaster or «Mail Delivery …» */
    char *delivered_to[4];   /* the headers a bounce+ address may be in */
};

static char *part_text(GMimeObject *part)
{
    GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(part));
    if (!w) return NULL;
    GMimeStream *mem = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(w, mem);
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    char *out = strndup((const char *)bytes->data, bytes->len);
    g_object_unref(mem);
    return out;
}

/* Visits the parts of the report, not those of the returned message (a message/rfc822 part is
 * a leaf here). */
static void visit(GMimeObject *parent, GMimeObject *part, gpointer data)
{
    (void)parent;
    nl_report *r = data;
    GMimeContentType *ct = g_mime_object_get_content_type(part);
    if (!GMIME_IS_PART(part)) return;
    if (!r->dsn && (g_mime_content_type_is_type(ct, "message", "delivery-status") ||
                    g_mime_content_type_is_type(ct, "message", "global-delivery-status"))) {
        r->dsn = part_text(part);
    } else if (!r->notice && GMIME_IS_TEXT_PART(part)) {
        char *t = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
        r->notice = t ? strdup(t) : NULL;
        g_free(t);
    }
}

/* The notice ends where the MTA starts quoting the message it returns: addresses there are the
 * original's, not the failed ones. */
static void notice_cut(char *notice)
{
    static const char *const markers[] = {"copy of the message", "original message",
                                          "below this line",     "undelivered message",
                                          "returned message",    "bounced e-mail:"};
    for (size_t k = 0; k < sizeof markers / sizeof *markers; k++) {
        char *at = strcasestr(notice, markers[k]);
        if (at) *at = '\0';
    }
}

static int sender_is_daemon(GMimeMessage *msg)
{
    InternetAddressList *from = g_mime_message_get_from(msg);
    if (!from || internet_address_list_length(from) < 1) return 0;
    InternetAddress *ia = internet_address_list_get_address(from, 0);
    const char *name = internet_address_get_name(ia);
    if (name && strcasestr(name, "mail delivery")) return 1;
    if (!INTERNET_ADDRESS_IS_MAILBOX(ia)) return 0;
    const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
    static const char *const daemons[] = {"mailer-daemon@", "postmaster@", "mail-daemon@"};
    for (size_t k = 0; addr && k < sizeof daemons / sizeof *daemons; k++)
        if (!strncasecmp(addr, daemons[k], strlen(daemons[k]))) return 1;
    return 0;
}

static char *header_copy(GMimeObject *o, const char *name)
{
    const char *v = g_mime_object_get_header(o, name);
    return v ? strdup(v) : NULL;
}

nl_report *nl_report_parse(const char *data, size_t len)
{
    nl_gmime_init();
    if (!data || len == 0) return NULL;
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
    g_object_unref(parser);
    g_object_unref(stream);
    if (!msg) return NULL;
    GMimeObject *o = GMIME_OBJECT(msg);
    /* A message with neither a sender nor a date is not mail an MTA wrote. */
    if (!g_mime_object_get_header(o, "From") && !g_mime_object_get_header(o, "Date")) {
        g_object_unref(msg);
        return NULL;
    }
    nl_report *r = calloc(1, sizeof *r);
    if (!r) {
        g_object_unref(msg);
        return NULL;
    }
    GMimeObject *top = g_mime_message_get_mime_part(msg);
    if (top && GMIME_IS_MULTIPART(top))
        g_mime_multipart_foreach(GMIME_MULTIPART(top), visit, r);
    else if (top)
        visit(NULL, top, r);
    /* Some MTAs declare multipart/report but write no MIME boundaries: the fields and the
     * notice are then only found in the text itself. */
    char *raw = strndup(data, len);
    if (raw && !r->dsn) {
        char *f = strcasestr(raw, "\nFinal-Recipient:");
        if (f) r->dsn = strdup(f + 1);
    }
    if (raw && !r->notice) r->notice = strdup(raw);
    free(raw);
    if (r->notice) notice_cut(r->notice);
    r->failed_recipients = header_copy(o, "X-Failed-Recipients");
    r->from_daemon = sender_is_daemon(msg);
    static const char *const delivered[] = {"X-Original-To", "Delivered-To", "Envelope-To", "To"};
    for (size_t k = 0; k < 4; k++) r->delivered_to[k] = header_copy(o, delivered[k]);
    g_object_unref(msg);
    return r;
}

void nl_report_free(nl_report *r)
{
    if (!r) return;
    free(r->dsn);
    free(r->notice);
    free(r->failed_recipients);
    for (size_t k = 0; k < 4; k++) free(r->delivered_to[k]);
    free(r);
}

const char *nl_report_return_path(const nl_report *r, const char *local_part)
{
    char want[128];
    snprintf(want, sizeof want, "%s+", local_part);
    for (size_t k = 0; k < 4; k++) {
        const char *v = r->delivered_to[k];
        const char *at = v ? strcasestr(v, want) : NULL;
        if (at) return at;
    }
    return NULL;
}

/* True when text names address as a whole address (not inside a longer one). */
static int names_address(const char *text, const char *address)
{
    size_t n = strlen(address);
    if (n == 0) return 0; /* an empty address names nothing (and would match everywhere) */
    for (const char *p = text; p && (p = strcasestr(p, address)); p += n) {
        char before = p == text ? ' ' : p[-1], after = p[n];
        /* strchr finds the terminator too, so the end of the text is checked first. */
        if (!isalnum((unsigned char)before) && !strchr("._%+-", before) &&
            (after == '\0' || (!isalnum((unsigned char)after) && !strchr("_-", after) &&
                                !(after == '.' && isalnum((unsigned char)p[n + 1])))))
            return 1;
    }
    return 0;
}

/* The first enhanced status code (RFC 3463: class.subject.detail) in text into status. */
static int find_status(const char *text, char status[16])
{
    for (const char *p = text; *p; p++) {
        if ((*p != '2' && *p != '4' && *p != '5') || p[1] != '.') continue;
        if (p > text && (isdigit((unsigned char)p[-1]) || p[-1] == '.')) continue;
        const char *q = p + 2;
        size_t a = strspn(q, "0123456789");
        if (a < 1 || a > 3 || q[a] != '.') continue;
        size_t b = strspn(q + a + 1, "0123456789");
        const char *end = q + a + 1 + b;
        if (b < 1 || b > 3 || isdigit((unsigned char)*end) || (*end == '.' && isdigit((unsigned char)end[1])))
            continue;
        snprintf(status, 16, "%.*s", (int)(end - p), p);
        return *p - '0';
    }
    return 0;
}

/* A three-digit SMTP reply code 4xx or 5xx standing alone. */
static int find_smtp_code(const char *text)
{
    for (const char *p = text; *p; p++)
        if ((*p == '4' || *p == '5') && isdigit((unsigned char)p[1]) &&
            isdigit((unsigned char)p[2]) && (p == text || isspace((unsigned char)p[-1])) &&
            (p[3] == ' ' || p[3] == '-' || p[3] == '\r' || p[3] == '\n'))
            return *p - '0';
    return 0;
}

static nl_bounce_kind kind_of_class(int cls)
{
    return cls == 5 ? NL_BOUNCE_PERMANENT : cls == 4 ? NL_BOUNCE_TEMPORARY : NL_BOUNCE_NO_FAILURE;
}

/* One recipient's block of a delivery-status part. */
typedef struct {
    int names;    /* Final- or Original-Recipient is the address */
    char action[16];
    char status[16];
    int diag_class;
} dsn_block;

static void field_value(const char *line, char *out, size_t len)
{
    const char *v = strchr(line, ':');
    v = v ? v + 1 : line;
    while (*v == ' ' || *v == '\t') v++;
    size_t n = strcspn(v, " \t\r\n(;");
    snprintf(out, len, "%.*s", (int)(n < len ? n : len - 1), v);
}

static nl_bounce_kind dsn_block_kind(const dsn_block *b, char status[16])
{
    snprintf(status, 16, "%s", b->status);
    if (!strcasecmp(b->action, "delayed")) return NL_BOUNCE_TEMPORARY;
    if (strcasecmp(b->action, "failed")) return NL_BOUNCE_NO_FAILURE; /* delivered, relayed … */
    int cls = b->status[0] ? b->status[0] - '0' : b->diag_class;
    return kind_of_class(cls);
}

/* Finds the block whose Final- or Original-Recipient is the address. Folded continuation
 * lines only ever continue a Diagnostic-Code here, which the first line's code is enough of. */
static nl_bounce_kind classify_dsn(const char *dsn, const char *address, char status[16])
{
    dsn_block b = {0};
    for (const char *line = dsn; line;) {
        const char *next = strchr(line, '\n');
        size_t n = next ? (size_t)(next - line) : strlen(line);
        char text[1024];
        snprintf(text, sizeof text, "%.*s", (int)(n < sizeof text ? n : sizeof text - 1), line);
        int blank = strspn(text, " \t\r") == strlen(text);
        const char *semi = strchr(text, ';');
        if (!strncasecmp(text, "Final-Recipient:", 16) || !strncasecmp(text, "Original-Recipient:", 19))
            b.names |= names_address(semi ? semi + 1 : text, address);
        else if (!strncasecmp(text, "Action:", 7))
            field_value(text, b.action, sizeof b.action);
        else if (!strncasecmp(text, "Status:", 7))
            field_value(text, b.status, sizeof b.status);
        else if (!strncasecmp(text, "Diagnostic-Code:", 16))
            b.diag_class = find_smtp_code(semi ? semi + 1 : text);
        if (blank || !next) {
            if (b.names) return dsn_block_kind(&b, status);
            memset(&b, 0, sizeof b);
        }
        line = next ? next + 1 : NULL;
    }
    return NL_BOUNCE_OTHER_ADDRESS;
}

nl_bounce_kind nl_report_classify(const nl_report *r, const char *address, char status[16])
{
    status[0] = '\0';
    if (r->dsn) return classify_dsn(r->dsn, address, status);
    if (!r->from_daemon || !r->notice) return NL_BOUNCE_NOT_REPORT;
    if (!names_address(r->notice, address) &&
        !(r->failed_recipients && names_address(r->failed_recipients, address)))
        return NL_BOUNCE_OTHER_ADDRESS;
    int cls = find_status(r->notice, status);
    if (!cls) cls = find_smtp_code(r->notice);
    /* Exim's «The following address(es) failed» is its final word, as «permanent» is others'. */
    if (!cls && (strcasestr(r->notice, "permanent") || strcasestr(r->notice, "address(es) failed")))
        cls = 5;
    if (!cls && (strcasestr(r->notice, "temporar") || strcasestr(r->notice, "delayed")))
        cls = 4;
    return kind_of_class(cls);
}
