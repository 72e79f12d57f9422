/* The public newsletter pages. Nobody logs in: the address is the only thing a visitor gives,
 * and every answer to a sign-up is the same whether the address was known or not. */
#include "newsletter/newsletter_http.h"

#include <string.h>

#include "app.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/response.h"
#include "newsletter/newsletter.h"

static void unavailable(req *r)
{
    resp_error(r, 503, "Tjenesten er midlertidig utilgjengelig",
               "Nyhetsbrevet kan ikke nås akkurat nå. Prøv igjen om litt.");
}

/* The database for a public page, or NULL after answering 503. */
static db *page_db(req *r)
{
    db *d = app_db();
    if (!d) unavailable(r);
    return d;
}

static void bad_link(req *r)
{
    resp_error(r, 404, "Lenken virker ikke",
               "Lenken er ikke gyldig. Den kan være brukt allerede, ha gått ut på dato (en "
               "bekreftelseslenke virker i 7 dager), eller være kopiert feil. Ingenting er endret. "
               "Du kan melde deg på på nytt fra siden om nyhetsbrevet.");
}

static void db_failed(req *r, db *d, const char *what)
{
    log_error("request=%s nyhetsbrev: %s: %s", r->id, what, d ? db_errmsg(d) : "ingen database");
    unavailable(r);
}

/* The sign-up form, with an error for one field when error is not NULL. */
static void signup_form(req *r, db *d, int status, const char *address, const char *field,
                        const char *error)
{
    json_t *consent = newsletter_consent_current(d);
    if (!consent) {
        db_failed(r, d, "kan ikke lese samtykketeksten");
        return;
    }
    json_t *m = json_pack("{s:o, s:s}", "consent", consent, "address", address ? address : "");
    if (error) {
        json_object_set_new(m, "error", json_string(error));
        json_object_set_new(m, "field", json_string(field));
        json_object_set_new(m, !strcmp(field, "epost") ? "error_epost" : "error_samtykke",
                            json_true());
    }
    resp_page(r, status, "pages/nyhetsbrev", "Nyhetsbrev", m);
}

void newsletter_page_signup(req *r)
{
    db *d = page_db(r);
    if (!d) return;
    signup_form(r, d, 200, NULL, NULL, NULL);
}

void newsletter_signup_post(req *r)
{
    db *d = page_db(r);
    if (!d) return;
    const char *address = req_form(r, "epost");
    const char *consent = req_form(r, "samtykke");
    int rc = newsletter_subscribe(d, address, consent, r->client_ip, clock_now());
    if (address && strlen(address) > 254) address = ""; /* not shown back in full */
    switch (rc) {
    case NEWSLETTER_OK:
        resp_page(r, 200, "pages/nyhetsbrev-sjekk-epost", "Sjekk e-posten din", json_object());
        return;
    case NEWSLETTER_BAD_ADDRESS:
        signup_form(r, d, 400, address, "epost",
                    "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.");
        return;
    case NEWSLETTER_NO_CONSENT:
        signup_form(r, d, 400, address, "samtykke",
                    "Kryss av for at du samtykker, ellers kan vi ikke sende deg nyhetsbrevet.");
        return;
    case NEWSLETTER_CLIENT_LIMIT:
        resp_error(r, 429, "For mange påmeldinger",
                   "Det er sendt for mange påmeldinger herfra den siste timen. Vent litt og prøv "
                   "igjen.");
        return;
    default:
        db_failed(r, d, "påmeldingen kunne ikke lagres");
    }
}

void newsletter_page_confirm(req *r)
{
    db *d = page_db(r);
    if (!d) return;
    const char *token = req_param(r, "token");
    int rc = newsletter_confirm_check(d, token, clock_now());
    if (rc < 0) {
        db_failed(r, d, "kan ikke lese bekreftelsen");
        return;
    }
    if (rc != NEWSLETTER_OK) {
        bad_link(r);
        return;
    }
    /* A button rather than confirming on the visit itself: mail scanners that open every link
     * must not be able to confirm for the address's owner. */
    resp_page(r, 200, "pages/nyhetsbrev-bekreft", "Bekreft abonnementet",
              json_pack("{s:s}", "token", token));
}

void newsletter_confirm_post(req *r)
{
    db *d = page_db(r);
    if (!d) return;
    int rc = newsletter_confirm(d, req_param(r, "token"), clock_now());
    if (rc < 0) {
        db_failed(r, d, "bekreftelsen kunne ikke lagres");
        return;
    }
    if (rc != NEWSLETTER_OK) {
        bad_link(r);
        return;
    }
    resp_page(r, 200, "pages/nyhetsbrev-ferdig", "Abonnementet er bekreftet",
              json_pack("{s:b}", "confirmed", 1));
}

static void unsubscribe(req *r)
{
    db *d = page_db(r);
    if (!d) return;
    int rc = newsletter_unsubscribe(d, req_param(r, "token"));
    if (rc < 0) {
        db_failed(r, d, "avmeldingen kunne ikke lagres");
        return;
    }
    if (rc != NEWSLETTER_OK) {
        resp_error(r, 404, "Lenken virker ikke",
                   "Vi finner ikke abonnementet. Enten er du meldt av allerede, og adressen er "
                   "slettet, eller lenken er kopiert feil. Ingenting er endret.");
        return;
    }
    resp_page(r, 200, "pages/nyhetsbrev-ferdig", "Du er meldt av",
              json_pack("{s:b}", "unsubscribed", 1));
}

/* The link in every issue unsubscribes on the visit itself: one click, as promised. A scanner
 * that opens it can only delete an address, never add one. */
void newsletter_unsubscribe_get(req *r)
{
    unsubscribe(r);
}

void newsletter_unsubscribe_post(req *r)
{
    unsubscribe(r);
}
