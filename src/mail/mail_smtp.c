#include "mail/mail_smtp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "jobs/job_runner.h"

/* Well inside the job lease (JOB_LEASE_SECONDS), so a slow server never lets a second worker
 * take the same message while this one is still talking. */
#define SMTP_CONNECT_TIMEOUT_SECONDS 10L
#define SMTP_TIMEOUT_SECONDS 60L

typedef struct {
    const char *data;
    size_t len, pos;
} smtp_upload;

static size_t read_upload(char *buf, size_t size, size_t nitems, void *arg)
{
    smtp_upload *u = arg;
    size_t n = size * nitems;
    if (n > u->len - u->pos) n = u->len - u->pos;
    memcpy(buf, u->data + u->pos, n);
    u->pos += n;
    return n;
}

/* A stopping server gives up a transfer rather than hold the shutdown, as long as the message is
 * not yet all sent: it stays queued and goes out once after the restart. Once the whole message is
 * with the SMTP server, the answer is waited for (at most SMTP_TIMEOUT_SECONDS): giving up then
 * could leave a message the server has accepted queued, and it would go out twice. */
static int abort_when_stopping(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                               curl_off_t ulnow)
{
    (void)arg, (void)dltotal, (void)dlnow;
    int message_incomplete = ulnow == 0 || (ultotal > 0 && ulnow < ultotal);
    return job_runner_stopping() && message_incomplete;
}

struct mail_smtp_conn {
    CURL *curl;
};

mail_smtp_conn *mail_smtp_open(void)
{
    mail_smtp_conn *c = calloc(1, sizeof *c);
    if (c && !(c->curl = curl_easy_init())) {
        free(c);
        c = NULL;
    }
    if (!c) return NULL;
    const config *cfg = &g_app.cfg;
    CURL *curl = c->curl;
    curl_easy_setopt(curl, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, SMTP_CONNECT_TIMEOUT_SECONDS);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, SMTP_TIMEOUT_SECONDS);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, abort_when_stopping);
    if (cfg->smtp_user && *cfg->smtp_user) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, cfg->smtp_user);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, cfg->smtp_password ? cfg->smtp_password : "");
        /* A password never travels in clear text: STARTTLS or smtps:// is required. */
        curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    } else {
        curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    }
    return c;
}

void mail_smtp_close(mail_smtp_conn *c)
{
    if (!c) return;
    curl_easy_cleanup(c->curl);
    free(c);
}

mail_smtp_result mail_smtp_conn_send(mail_smtp_conn *c, const char *from, const char *to,
                                     const char *message, size_t len, char *err, size_t errlen)
{
    CURL *curl = c->curl;
    char envelope_from[320], envelope_to[320], curl_err[CURL_ERROR_SIZE] = "";
    snprintf(envelope_from, sizeof envelope_from, "<%s>", from);
    snprintf(envelope_to, sizeof envelope_to, "<%s>", to);
    struct curl_slist *rcpt = curl_slist_append(NULL, envelope_to);
    smtp_upload u = {message, len, 0};
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, envelope_from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READDATA, &u);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);

    CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, NULL);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, NULL);
    curl_slist_free_all(rcpt);
    if (rc == CURLE_OK) return MAIL_SMTP_SENT;

    snprintf(err, errlen, "SMTP: %s (svarkode %ld)",
             curl_err[0] ? curl_err : curl_easy_strerror(rc), code);
    /* libcurl reports a refused recipient as "RCPT failed: <code>". Only a permanent refusal of
     * the recipient says the address is bad; a 5xx elsewhere (login, the message itself) is the
     * service's problem and is retried until someone fixes it. */
    if (code >= 500 && code < 600 && strstr(curl_err, "RCPT")) return MAIL_SMTP_RECIPIENT_REFUSED;
    return MAIL_SMTP_TEMPORARY;
}

mail_smtp_result mail_smtp_send(const char *from, const char *to, const char *message, size_t len,
                                char *err, size_t errlen)
{
    mail_smtp_conn *c = mail_smtp_open();
    if (!c) {
        snprintf(err, errlen, "libcurl kunne ikke starte");
        return MAIL_SMTP_TEMPORARY;
    }
    mail_smtp_result r = mail_smtp_conn_send(c, from, to, message, len, err, errlen);
    mail_smtp_close(c);
    return r;
}
