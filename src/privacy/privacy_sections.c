/* The built-in sections of «Mine personopplysninger», in the order shown: each reads through
 * the header of the module that holds the data. */
#include "privacy/privacy.h"

#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/person_privacy.h"
#include "cases/case_privacy.h"
#include "core/date_text.h"
#include "inbox/inbox_privacy.h"
#include "innsyn/innsyn.h"
#include "org/org_privacy.h"
#include "privacy/correction.h"

enum { VIEW_CASES_MAX = 1000, VIEW_ROWS = 200 };

static const char *action_words(const char *action)
{
    if (!strcmp(action, AUDIT_READ)) return "åpnet";
    if (!strcmp(action, AUDIT_CHANGE)) return "endret";
    if (!strcmp(action, AUDIT_CREATE)) return "la til";
    return action;
}

/* Staff who opened or changed the person's cases or data, by role and time (never by name: the
 * person learns which kind of caseworker looked, as the trail records it). */
static int staff_views_fill(db *d, arena *a, int64_t person_id, json_t *items)
{
    int64_t *cases = malloc(sizeof *cases * VIEW_CASES_MAX);
    audit_query *qs = malloc(sizeof *qs * (VIEW_CASES_MAX + 1));
    audit_row *rows = malloc(sizeof *rows * VIEW_ROWS);
    int rc = cases && qs && rows ? case_ids_of_person(d, person_id, cases, VIEW_CASES_MAX) : DB_ERR;
    int n = rc;
    if (rc >= 0) {
        qs[0] = (audit_query){.object_kind = AUDIT_OBJ_PERSON, .object_id = person_id};
        for (int i = 0; i < n; i++) qs[1 + i] = (audit_query){.object_kind = AUDIT_OBJ_CASE, .object_id = cases[i]};
        rc = audit_search_any(d, qs, (size_t)n + 1, rows, VIEW_ROWS);
    }
    for (int i = 0; rc > 0 && i < rc; i++) {
        if (strcmp(rows[i].actor_kind, AUDIT_ACTOR_STAFF)) continue;
        char ref[32] = "";
        const char *what = "personopplysningene dine";
        if (!strcmp(rows[i].object_kind, AUDIT_OBJ_CASE)) {
            if (case_reference_copy(d, rows[i].object_id, ref, sizeof ref) < 0) {
                rc = DB_ERR;
                break;
            }
            what = arena_printf(a, "sak %s", ref);
        }
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s}", "tid", date_text_nb(a, rows[i].at), "rolle",
                                               rows[i].actor_role, "handling", action_words(rows[i].action), "hva",
                                               what));
    }
    free(cases);
    free(qs);
    free(rows);
    return rc < 0 ? rc : DB_OK;
}

static int innsyn_item_add(const innsyn_person_request *q, void *items)
{
    json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s}", "referanse", q->reference, "mottatt",
                                           q->received, "status", q->state_text, "journalposter", q->entries,
                                           "klage", q->complaint ? "ja" : "nei"));
    return 0;
}

static int innsyn_fill(db *d, arena *a, int64_t person_id, json_t *items)
{
    return innsyn_person_requests(d, a, person_id, innsyn_item_add, items);
}

static const privacy_field profile_fields[] = {
    {"navn", "Navn"}, {"fodselsnummer", "Fødselsnummer (skjult)"}, {"fodselsdato", "Fødselsdato"},
    {"epost", "E-post"}, {"telefon", "Telefon"}, {"epostvarsel", "Varsel på e-post"},
    {"forst_sett", "Første innlogging"}, {NULL, NULL}};
static const privacy_field org_fields[] = {
    {"organisasjon", "Virksomhet"}, {"organisasjonsnummer", "Organisasjonsnummer"}, {"rolle", "Rolle"},
    {"status", "Status"}, {"oppgitt_navn", "Navn du oppga"}, {"soknad", "Søkt"}, {"avgjort", "Avgjort"},
    {"begrunnelse", "Begrunnelse"}, {NULL, NULL}};
static const privacy_field case_fields[] = {
    {"saksnummer", "Saksnummer"}, {"sakstype", "Type"}, {"tittel", "Tittel"}, {"status", "Status"},
    {"rolle", "Din rolle"}, {"for_virksomhet", "For virksomhet"}, {"mottatt", "Mottatt"},
    {"avsluttet", "Avsluttet"}, {NULL, NULL}};
static const privacy_field message_fields[] = {
    {"tid", "Tid"}, {"fra", "Fra"}, {"emne", "Emne"}, {"tekst", "Tekst"}, {"lest", "Lest"}, {NULL, NULL}};
static const privacy_field innsyn_fields[] = {
    {"referanse", "Referanse"}, {"mottatt", "Mottatt"}, {"status", "Status"}, {"journalposter", "Journalposter"},
    {"klage", "Klage"}, {NULL, NULL}};
static const privacy_field correction_fields[] = {
    {"sendt", "Sendt"}, {"gjelder", "Gjelder"}, {"hva_er_feil", "Hva som er feil"}, {"status", "Status"},
    {"svar", "Svar"}, {"besvart", "Besvart"}, {NULL, NULL}};
static const privacy_field login_fields[] = {
    {"hva", "Hva"}, {"tid", "Tid"}, {"adresse", "Adresse (forkortet)"}, {"utfall", "Utfall"}, {NULL, NULL}};
static const privacy_field view_fields[] = {
    {"tid", "Tid"}, {"rolle", "Rolle"}, {"handling", "Handling"}, {"hva", "Hva"}, {NULL, NULL}};

static const privacy_section builtin_sections[] = {
    {"profil", "Profil", "Det du har skrevet på «Min profil», og fødselsnummeret fra ID-porten (lagret kryptert).",
     profile_fields, person_privacy_profile},
    {"virksomheter", "Virksomheter og roller",
     "Virksomhetene du har søkt om å representere, med rollene og hva som ble avgjort.", org_fields,
     org_privacy_items},
    {"saker", "Saker", "Sakene du har sendt inn eller er part i.", case_fields, case_privacy_items},
    {"meldinger", "Meldinger", "Meldingene i innboksen din.", message_fields, inbox_privacy_items},
    {"innsynskrav", "Innsynskrav", "Kravene om innsyn du har sendt mens du var logget inn.", innsyn_fields,
     innsyn_fill},
    {"innlogginger", "Innlogginger",
     "Innloggingsforsøk (lagres ett døgn, med forkortet adresse) og øktene du har åpne.", login_fields,
     person_privacy_logins},
    {"innsyn_ansatte", "Ansatte som har sett sakene dine",
     "Fra revisjonsloggen: når ansatte åpnet eller endret sakene dine eller personopplysningene dine, og med "
     "hvilken rolle.",
     view_fields, staff_views_fill},
    {"retting", "Ønsker om retting", "Det du har bedt oss rette, og svarene våre.", correction_fields,
     correction_privacy_items},
};

void privacy_register(void)
{
    for (size_t i = 0; i < sizeof builtin_sections / sizeof *builtin_sections; i++)
        privacy_section_register(&builtin_sections[i]);
}
