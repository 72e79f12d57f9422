/* Matching applicants with the roles in Enhetsregisteret. */
#include "org/org_match.h"

#include <string.h>

#include "org/org.h"

enum { NAME_NORM_MAX = 400, NAME_WORDS_MAX = 12 };

/* From reference/enhetsregisteret/rolletyper.tsv (the register's role codes). */
static const struct {
    const char *code, *label;
} role_labels[] = {
    {"DAGL", "Daglig leder/ adm.direktør"}, {"LEDE", "Styrets leder"},
    {"NEST", "Nestleder"},                  {"MEDL", "Styremedlem"},
    {"VARA", "Varamedlem"},                 {"OBS", "Observatør"},
    {"PROK", "Prokura"},                    {"POFE", "Prokura i fellesskap"},
    {"POHV", "Prokura hver for seg"},       {"SIGN", "Signatur"},
    {"SIFE", "Signatur i fellesskap"},      {"SIHV", "Signatur hver for seg"},
    {"INNH", "Innehaver"},                  {"DTSO", "Deltaker fullt ansvar"},
    {"DTPR", "Deltaker delt ansvar"},       {"KOMP", "Komplementar"},
    {"BEST", "Bestyrende reder"},           {"BOBE", "Bobestyrer"},
    {"REPR", "Norsk representant for utenlandsk enhet"},
    {"KONT", "Kontaktperson"},              {"KNUF", "Kontaktperson NUF"},
    {"REVI", "Revisor"},                    {"REGN", "Regnskapsfører"},
    {"FFØR", "Forretningsfører"},
};

bool org_role_may_represent(const char *role_code, const char *legal_form)
{
    static const char *const approvers[] = {"DAGL", "LEDE", "NEST", "PROK", "POFE", "POHV"};
    if (!role_code) return false;
    for (size_t i = 0; i < sizeof approvers / sizeof *approvers; i++)
        if (!strcmp(role_code, approvers[i])) return true;
    return !strcmp(role_code, "INNH") && legal_form && !strcmp(legal_form, "ENK");
}

const char *org_role_label(const char *role_code)
{
    for (size_t i = 0; role_code && i < sizeof role_labels / sizeof *role_labels; i++)
        if (!strcmp(role_code, role_labels[i].code)) return role_labels[i].label;
    return role_code ? role_code : "";
}

/* How many of a's words are among b's (each of b's words counted once). */
static size_t words_shared(const char **a, size_t na, const char **b, size_t nb)
{
    bool used[NAME_WORDS_MAX] = {false};
    size_t shared = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (!used[j] && !strcmp(a[i], b[j])) {
                used[j] = true;
                shared++;
                break;
            }
    return shared;
}

bool org_person_name_matches(const char *given, const char *registered)
{
    if (!given || !registered) return false;
    char g[NAME_NORM_MAX], r[NAME_NORM_MAX];
    org_name_normalise(given, g, sizeof g, false);
    org_name_normalise(registered, r, sizeof r, false);
    const char *gw[NAME_WORDS_MAX], *rw[NAME_WORDS_MAX];
    size_t ng = org_name_words(g, gw, NAME_WORDS_MAX);
    size_t nr = org_name_words(r, rw, NAME_WORDS_MAX);
    if (ng < 2 || nr < 2) return false;
    size_t shared = words_shared(gw, ng, rw, nr);
    /* Every word of the shorter name is in the longer one: a left-out middle name is fine, a
     * different first name or surname is not. */
    return shared >= 2 && shared == (ng < nr ? ng : nr);
}
