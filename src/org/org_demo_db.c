/* Demo organisations for `make run`: the units of Enhetsregisteret's samples and a few more
 * whose names show what the search copes with (æ ø å, legal forms, bankrupt and deleted). */
#include "app.h"
#include "auth/person.h"
#include "core/clock.h"
#include "inbox/inbox.h"
#include "org/org_db.h"
#include "org/org_http.h"

int org_demo_seed(db *d)
{
    static const org_unit units[] = {
        {"310000000", "EKSEMPEL REVISJON AS", "AS", "OSLO", NULL, 0, 0, NULL},
        {"310000019", "FORBRUKERTILSYNET", "ORGL", "GRIMSTAD", NULL, 0, 0, NULL},
        {"310000027", "EKSEMPEL HVITEVARER AS", "AS", "OSLO", NULL, 0, 0, NULL},
        {"310000035", "EKSEMPEL REISER AS", "AS", "BERGEN", NULL, 0, 0, NULL},
        {"310000043", "OLA TESTMANN ENK", "ENK", "TRONDHEIM", NULL, 0, 0, NULL},
        {"310000051", "KONKURSRAMMET TEST AS", "AS", "DRAMMEN", NULL, 1, 0, NULL},
        {"310000078", "BLÅBÆR OG SØNN ELEKTRO AS", "AS", "TROMSØ", NULL, 0, 0, NULL},
        {"310000086", "ÆRLIGE ØKOBAKERIET SA", "SA", "ÅLESUND", NULL, 0, 0, NULL},
        {"310000094", "NEDLAGT NETTHANDEL AS", "AS", "STAVANGER", NULL, 0, 0, "2025-01-31"},
    };
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    org_writer *w = org_writer_new(d);
    for (size_t i = 0; rc >= 0 && i < sizeof units / sizeof *units; i++) rc = org_writer_add(w, &units[i]);
    if (rc >= 0) rc = org_writer_flush(w);
    org_writer_free(w);
    return db_finish(d, rc);
}

/* Roles as Enhetsregisteret's samples give them (310000027 is roller.json), so the caseworkers'
 * queue shows likely matches for the test persons in docs/test-persons.md. */
static int demo_roles(db *d)
{
    static const org_role hvitevarer[] = {
        {"DAGL", "DAGL", "Kari Testesen", "1980-05-17", NULL, 0},
        {"STYR", "LEDE", "Per Prøvesen", "1962-11-03", NULL, 0},
        {"STYR", "NEST", "Anne Marie Eksempelsen", "1975-01-30", NULL, 0},
        {"STYR", "MEDL", "Ola Testmann", "1990-08-08", NULL, 0},
        {"STYR", "MEDL", "Gunnar Gammelstyre", "1950-02-02", NULL, 1},
        {"PROK", "POHV", "Siri Signatur", "1985-12-24", NULL, 0},
        {"SIGN", "SIGN", "Per Prøvesen", "1962-11-03", NULL, 0},
        {"REVI", "REVI", NULL, NULL, "310000000", 0},
    };
    static const org_role reiser[] = {
        {"DAGL", "DAGL", "Lars Reisesen", "1971-03-09", NULL, 0},
        {"STYR", "LEDE", "Ingrid Fjelltur", "1968-09-21", NULL, 0},
        {"STYR", "MEDL", "Ola Testmann", "1990-08-08", NULL, 0},
    };
    static const org_role enk[] = {
        {"INNH", "INNH", "Ola Testmann", "1990-08-08", NULL, 0},
    };
    int rc = org_roles_replace(d, "310000027", hvitevarer, sizeof hvitevarer / sizeof *hvitevarer);
    if (rc >= 0) rc = org_roles_replace(d, "310000035", reiser, sizeof reiser / sizeof *reiser);
    if (rc >= 0) rc = org_roles_replace(d, "310000043", enk, sizeof enk / sizeof *enk);
    return rc;
}

int org_demo_seed_representation(db *d)
{
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    rc = demo_roles(d);
    /* Kari Testesen, daglig leder, is the confirmed administrator of EKSEMPEL HVITEVARER AS. Her
     * person has no name yet, so her first login still asks for the profile. Persons are found
     * by a keyed hash of the pid: without a lasting secret key (a temporary one per process) the
     * login could never find her, so she is left out. */
    int64_t kari = 0, now = clock_now();
    int with_person = g_app.cfg.secret_key_set;
    if (rc >= 0 && with_person) rc = person_find_or_create(d, "17058045039", now, &kari);
    if (rc >= 0 && with_person)
        rc = db_run(d, "INSERT INTO org_member (orgnr, person_id, role, status, given_name, "
                       "applied_at, due_at, decided_at) VALUES ('310000027', $1, 'administrator', "
                       "'bekreftet', 'Kari Testesen', $2, $2, $2) "
                       "ON CONFLICT (orgnr, person_id) DO NOTHING",
                    "ii", kari, now);
    /* The approval in her inbox, once, as the caseworker's decision would have left it. */
    int have = rc >= 0 && with_person ? inbox_has_kind(d, kari, "org_approved") : 1;
    if (have < 0) rc = have;
    if (have == 0) {
        inbox_message_new m = {
            .person_id = kari, .kind = "org_approved", .sender = "Forbrukertilsynet",
            .subject = "Godkjent som representant for EKSEMPEL HVITEVARER AS",
            .body = "Du er godkjent som administrator for EKSEMPEL HVITEVARER AS (org.nr. "
                    "310000027) på Min side.\n\nDu ser nå virksomheten øverst til høyre på Min side.",
            .orgnr = "310000027", .link_path = "/virksomhet"};
        rc = inbox_deliver(d, &m, NULL);
    }
    return db_finish(d, rc);
}
