/* Putting messages in the outbox, and the list of failed addresses. */
#include "mail/mail.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "mail/mail_message.h"

/* One address as an SMTP envelope takes it: ASCII (servers without SMTPUTF8 refuse anything
 * else; a domain with æøå is given in its xn-- form), one @, no spaces, brackets or line breaks
 * that could smuggle a second recipient or a header. */
static int address_valid(const char *a)
{
    size_t len = strlen(a);
    if (len < 3 || len > MAIL_MAX_ADDRESS_BYTES) return 0;
    const char *at = strchr(a, '@');
    if (!at || at != strrchr(a, '@') || at == a || at - a > 64) return 0;
    const char *domain = at + 1;
    if (!*domain || *domain == '.' || domain[strlen(domain) - 1] == '.' || strstr(domain, ".."))
        return 0;
    for (const unsigned char *p = (const unsigned char *)a; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || strchr("<>()[]\\,;:\"", *p)) return 0;
    return 1;
}

void mail_address_key(const char *a, char *out, size_t outlen)
{
    size_t i = 0;
    for (; a[i] && i + 1 < outlen; i++)
        out[i] = (char)tolower((unsigned char)a[i]);
    out[i] = '\0';
}

int mail_address_is_failed(db *d, const char *address)
{
    char key[MAIL_MAX_ADDRESS_BYTES + 1];
    mail_address_key(address, key, sizeof key);
    db_stmt *s = db_prepare(d, "SELECT 1 FROM mail_failed_address WHERE address = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, key);
    if (rc == DB_OK) rc = db_step(s);
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

int mail_address_clear_failed(db *d, const char *address)
{
    char key[MAIL_MAX_ADDRESS_BYTES + 1];
    mail_address_key(address, key, sizeof key);
    return db_run(d, "DELETE FROM mail_failed_address WHERE address = $1", "t", key);
}

int mail_enqueue(db *d, const char *to, const char *subject, const char *body, int64_t *id_out)
{
    if (!to || !address_valid(to)) return MAIL_ERR_ADDRESS;
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
    db_stmt *s = db_prepare(d, "INSERT INTO mail_outbox (recipient, subject, body, message_id, "
                               "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, to);
    if (rc == DB_OK) rc = db_bind_text(s, 2, subject);
    if (rc == DB_OK) rc = db_bind_text(s, 3, body);
    if (rc == DB_OK) rc = db_bind_text(s, 4, message_id);
    if (rc == DB_OK) rc = db_bind_int(s, 5, clock_now());
    if (rc == DB_OK) rc = db_step(s);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    int64_t id = db_col_int(s, 0);
    db_reset(s);
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
