/* `minside mail-bounce`: one bounce report from standard input, acted on in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/log.h"
#include "newsletter/newsletter.h"
#include "newsletter/newsletter_bounce.h"
#include "newsletter/newsletter_db.h"
#include "newsletter/newsletter_issue.h"

/* A bounce report is a few kilobytes, with the returned message at most a few megabytes. */
#define BOUNCE_MAX_BYTES (10 * 1024 * 1024)

static char *read_all(FILE *in, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, in);
        n += got;
        if (n < cap) break;
        if (cap >= BOUNCE_MAX_BYTES) {
            free(buf);
            return NULL;
        }
        cap *= 2;
        char *grown = realloc(buf, cap + 1);
        if (!grown) free(buf);
        buf = grown;
    }
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

/* Deletes or counts, with the issue's bounce count, in one transaction. */
static int act(db *d, const char *ref, int64_t issue_id, nl_bounce_kind kind, int *deleted)
{
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    *deleted = 0;
    if (kind == NL_BOUNCE_TEMPORARY) {
        int64_t prev = nl_issue_previous(d, issue_id);
        int64_t in_a_row = prev < 0 ? prev : nl_db_soft_bounce_record(d, ref, issue_id, prev);
        if (in_a_row < 0) return db_finish(d, (int)in_a_row);
        *deleted = in_a_row >= g_app.cfg.newsletter_soft_bounces;
    } else {
        *deleted = 1;
    }
    if (*deleted) {
        int64_t n = nl_db_forget(d, ref);
        if (n < 0) return db_finish(d, (int)n);
    }
    return db_finish(d, nl_issue_bounced_add(d, issue_id));
}

static int handle(db *d, const char *recipient, const nl_report *report)
{
    const char *rp = g_app.cfg.newsletter_return_path;
    char local[128];
    snprintf(local, sizeof local, "%.*s", (int)(strchr(rp, '@') - rp), rp);
    if (!recipient) recipient = nl_report_return_path(report, local);
    char ref[33];
    int64_t issue_id = 0;
    if (!recipient || nl_return_path_parse(recipient, ref, &issue_id) != 0) {
        puts("mail-bounce: rapporten er ikke sendt til en returadresse for nyhetsbrevet; ingenting er endret");
        return NEWSLETTER_BOUNCE_UNKNOWN;
    }
    char address[320];
    int found = nl_db_address_by_ref(d, ref, address, sizeof address);
    if (found < 0) {
        fprintf(stderr, "mail-bounce: databasen svarer ikke: %s\n", db_errmsg(d));
        return NEWSLETTER_BOUNCE_TEMPFAIL;
    }
    if (!found) {
        puts("mail-bounce: returadressen hører ikke til noen abonnent (slettet allerede?); ingenting er endret");
        return NEWSLETTER_BOUNCE_UNKNOWN;
    }
    char status[16];
    nl_bounce_kind kind = nl_report_classify(report, address, status);
    if (kind == NL_BOUNCE_OTHER_ADDRESS) {
        puts("mail-bounce: rapporten gjelder ikke abonnentens adresse; ingenting er endret");
        return NEWSLETTER_BOUNCE_UNKNOWN;
    }
    if (kind != NL_BOUNCE_PERMANENT && kind != NL_BOUNCE_TEMPORARY) {
        puts(kind == NL_BOUNCE_NOT_REPORT
                 ? "mail-bounce: ikke en feilrapport (autosvar eller vanlig e-post); ingenting er endret"
                 : "mail-bounce: rapporten sier ikke at leveringen feilet; ingenting er endret");
        return NEWSLETTER_BOUNCE_NOT_BOUNCE;
    }
    int deleted = 0;
    if (act(d, ref, issue_id, kind, &deleted) != DB_OK) {
        fprintf(stderr, "mail-bounce: kunne ikke lagre: %s\n", db_errmsg(d));
        return NEWSLETTER_BOUNCE_TEMPFAIL;
    }
    printf("mail-bounce: %s feil (%s) for utgave %lld; adressen er %s\n",
           kind == NL_BOUNCE_PERMANENT ? "varig" : "midlertidig", status[0] ? status : "uten kode",
           (long long)issue_id, deleted ? "slettet" : "beholdt og feilen telt");
    if (deleted) log_info("nyhetsbrev: en adresse er slettet etter en returmelding (%s)", status);
    return NEWSLETTER_BOUNCE_DONE;
}

int newsletter_mail_bounce(const char *recipient)
{
    size_t len = 0;
    char *data = read_all(stdin, &len);
    nl_report *report = data ? nl_report_parse(data, len) : NULL;
    free(data);
    if (!report) {
        fputs("mail-bounce: standard inn er ikke en e-post (tom, uleselig eller over 10 MiB)\n", stderr);
        return NEWSLETTER_BOUNCE_MALFORMED;
    }
    db *d = app_db_open_or_report();
    int rc = d ? handle(d, recipient, report) : NEWSLETTER_BOUNCE_TEMPFAIL;
    db_close(d);
    nl_report_free(report);
    return rc;
}
