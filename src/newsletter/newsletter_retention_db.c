/* What the newsletter deletes by time, as retention rules (retention/retention.h): sign-ups never
 * confirmed, and the per-client sign-up attempts. Subscribers themselves are kept until they
 * unsubscribe or their address bounces, which is not a matter of time. */
#include "newsletter/newsletter.h"
#include "newsletter/newsletter_db.h"

#include "retention/retention.h"

static int64_t unconfirmed_before(int64_t now)
{
    return now - (int64_t)NEWSLETTER_CONFIRM_DAYS * 86400;
}

static int unconfirmed_list(db *d, int64_t now, int64_t after, retention_item *items, int max)
{
    return retention_items_read(
        db_prepare_bind(d, "SELECT id, created_at FROM newsletter_subscriber WHERE confirmed_at IS NULL "
                           "AND created_at < $1 AND id > $2 ORDER BY id LIMIT $3",
                        "iii", unconfirmed_before(now), after, (int64_t)max),
        items, max);
}

static int unconfirmed_delete(db *d, int64_t id, int64_t now)
{
    return (int)db_run_changes(d, "DELETE FROM newsletter_subscriber WHERE id = $1 AND "
                                  "confirmed_at IS NULL AND created_at < $2",
                               "ii", id, unconfirmed_before(now));
}

/* The attempts have no id of their own: an item is one second (`at`), holding every attempt
 * made in it. */
static int attempts_list(db *d, int64_t now, int64_t after, retention_item *items, int max)
{
    return retention_items_read(
        db_prepare_bind(d, "SELECT DISTINCT at, at FROM newsletter_signup_attempt WHERE at < $1 "
                           "AND at > $2 ORDER BY at LIMIT $3",
                        "iii", now - 3600, after, (int64_t)max),
        items, max);
}

static int attempts_delete(db *d, int64_t at, int64_t now)
{
    int64_t n = db_run_changes(d, "DELETE FROM newsletter_signup_attempt WHERE at = $1 AND at < $2",
                               "ii", at, now - 3600);
    return n < 0 ? (int)n : n > 0;
}

static const retention_rule rules[] = {
    {"newsletter_unconfirmed", "newsletter_subscriber",
     "Påmeldinger til nyhetsbrevet som aldri ble bekreftet (med e-postadressen)",
     "7 dager etter påmeldingen",
     "Nyhetsbrevet sendes bare til bekreftede adresser; en ubekreftet påmelding trengs ikke når "
     "lenken har gått ut (art. 5 nr. 1 c og e).",
     unconfirmed_list, unconfirmed_delete},
    {"newsletter_signup_attempts", "newsletter_signup_attempt",
     "Påmeldingsforsøk til nyhetsbrevet (nøkkelhash av den forkortede nettverksadressen)",
     "1 time",
     "Grensen for påmeldinger fra én klient ser én time tilbake (art. 6 nr. 1 f, art. 32).",
     attempts_list, attempts_delete},
    {"newsletter_subscribers", "newsletter_subscriber",
     "E-postadresser som abonnerer på nyhetsbrevet, med samtykket",
     "til abonnenten melder seg av, eller e-post til adressen kommer i retur",
     "Samtykke (art. 6 nr. 1 a); personvernerklæringen: adressen slettes ved avmelding og når vi "
     "får beskjed om at den ikke er aktiv.",
     NULL, NULL},
};

void nl_retention_register(void)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) retention_rule_register(&rules[i]);
}
