/* Retention rules for the newsletter: a sign-up never confirmed goes when its link has run out.
 * Addresses of subscribers go at once on unsubscribing or a bounce (newsletter.h); that rule is
 * in the table so the table is the whole answer, and deletes nothing by time. */
#include "newsletter/newsletter_retention.h"
#include "newsletter/newsletter.h"

#include "retention/retention.h"

#define CONFIRM_SECONDS ((int64_t)NEWSLETTER_CONFIRM_DAYS * 86400)

static int unconfirmed_list(db *d, int64_t now, int64_t after, retention_item *items, int max)
{
    return retention_items_read(db_prepare_bind(d, "SELECT id, created_at FROM newsletter_subscriber WHERE confirmed_at "
                                                   "IS NULL AND created_at < $1 AND id > $2 ORDER BY id LIMIT $3",
                                                "iii", now - CONFIRM_SECONDS, after, (int64_t)max),
                                items, max);
}

static int unconfirmed_delete(db *d, int64_t id, int64_t now)
{
    return (int)db_run_changes(d, "DELETE FROM newsletter_subscriber WHERE id = $1 AND confirmed_at IS NULL AND "
                                  "created_at < $2",
                               "ii", id, now - CONFIRM_SECONDS);
}

static const retention_rule rules[] = {
    {"newsletter_unconfirmed", "newsletter_subscriber", "Påmeldinger til nyhetsbrevet som aldri ble bekreftet",
     "7 dager, til bekreftelseslenken har gått ut",
     "Uten bekreftelse har vi ikke samtykke til å sende (art. 6 nr. 1 a og art. 7); adressen slettes.",
     unconfirmed_list, unconfirmed_delete},
    {"newsletter_subscribers", "newsletter_subscriber", "E-postadresser som abonnerer på nyhetsbrevet",
     "til du melder deg av, eller adressen slutter å virke (da slettes den straks)",
     "Samtykke (art. 6 nr. 1 a), som kan trekkes tilbake når som helst.", NULL, NULL},
};

void newsletter_retention_register(void)
{
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) retention_rule_register(&rules[i]);
}
