/* The newsletter's section of «Mine personopplysninger»: the subscription of the address the
 * person gave on «Min profil». Subscribing needs no login, so a subscription under another
 * address cannot be tied to the person; the section says so. */
#include "newsletter/newsletter.h"

#include "auth/person.h"
#include "core/date_text.h"
#include "privacy/privacy.h"

static int newsletter_privacy_fill(db *d, arena *a, int64_t person_id, json_t *items)
{
    person_profile p;
    int rc = person_profile_get(d, a, person_id, &p);
    if (rc < 0) return rc;
    if (!p.email || !*p.email) return DB_OK;
    json_t *sub = NULL;
    rc = newsletter_subscription_lookup(d, p.email, &sub);
    if (rc != DB_OK || !sub) return rc;
    int confirmed = json_is_true(json_object_get(sub, "confirmed"));
    json_t *item = json_pack(
        "{s:O, s:s, s:O, s:s}", "adresse", json_object_get(sub, "address"), "status",
        confirmed ? "Bekreftet: du får nyhetsbrevet" : "Ikke bekreftet ennå (slettes etter 7 dager)",
        "samtykke", json_object_get(sub, "consent_text"), "samtykket",
        date_text_nb(a, json_integer_value(json_object_get(sub, "consent_at"))));
    if (confirmed)
        json_object_set_new(item, "bekreftet", json_string(date_text_nb(
                                                   a, json_integer_value(json_object_get(sub, "confirmed_at")))));
    json_array_append_new(items, item);
    json_decref(sub);
    return DB_OK;
}

static const privacy_field fields[] = {{"adresse", "E-postadresse"},
                                       {"status", "Status"},
                                       {"samtykke", "Samtykket du ga"},
                                       {"samtykket", "Samtykket"},
                                       {"bekreftet", "Bekreftet"},
                                       {NULL, NULL}};

static const privacy_section section = {
    "nyhetsbrev", "Nyhetsbrev",
    "Abonnementet på nyhetsbrevet for e-postadressen på «Min profil», med samtykket. Har du "
    "abonnert med en annen adresse, meld deg av med lenken i nyhetsbrevet.",
    fields, newsletter_privacy_fill};

void nl_privacy_register(void)
{
    privacy_section_register(&section);
}
