/* Putting messages in the outbox, and the list of failed addresses. */
#include "mail/mail.h"
#include "mail/mail_db.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "core/email.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "mail/mail_message.h"

void mail_address_key(const char *a, char *out, size_t outlen)
{
    size_t i = 0;
    for (; a[i] && i + 1 < outlen; i++)
        out[i] = (char)tolower((unsigned char)a[i]);
    out[i] = '\0';
}

int mail_enqueue(db *d, const char *address, const char *subject, const char *body, int64_t *id_out)
{
    /* The envelope carries ASCII only: servers without SMTPUTF8 refuse anything else, so a
     * domain with æøå goes in its xn-- form. */
    char to[EMAIL_MAX_BYTES + 1];
    if (email_to_ascii(address, to, sizeof to) != 0) return MAIL_ERR_ADDRESS;
    if (!utf8_text_within(subject, MAIL_MAX_SUBJECT_BYTES, true) ||
        !utf8_text_within(body, MAIL_MAX_BODY_BYTES, false))
        return MAIL_ERR_TEXT;
    int failed = mail_address_is_failed(d, to);
    if (failed < 0) return failed;
    if (failed) {
        log_info("e-post: hopper over en adresse som er merket som feilet");
        return MAIL_SKIPPED;
    }
    char message_id[128];
    mail_message_id_new(g_app.cfg.mail_from, message_id, sizeof message_id);
    int64_t id;
    int rc = mail_db_outbox_insert(d, to, subject, body, message_id, &id);
    if (rc != DB_OK) return rc;
    char payload[64];
    snprintf(payload, sizeof payload, "{\"outbox_id\": %lld}", (long long)id);
    rc = job_enqueue(d, "mail_send", payload, clock_now(), NULL);
    if (rc == DB_OK && id_out) *id_out = id;
    return rc;
}

int mail_notice_enqueue(db *d, const char *address, const char *link_path)
{
    /* A path on our own service only: the notice must never point anywhere else. */
    if (!link_path || link_path[0] != '/' || link_path[1] == '/' ||
        strlen(link_path) > MAIL_MAX_LINK_PATH_BYTES)
        return MAIL_ERR_TEXT;
    for (const unsigned char *p = (const unsigned char *)link_path; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f) return MAIL_ERR_TEXT;
    strbuf body = STRBUF_INIT;
    strbuf_printf(&body, "%s%s%s\n", MAIL_NOTICE_TEXT, g_app.cfg.base_url, link_path);
    int rc = mail_enqueue(d, address, MAIL_NOTICE_SUBJECT, body.data, NULL);
    strbuf_free(&body);
    return rc;
}
