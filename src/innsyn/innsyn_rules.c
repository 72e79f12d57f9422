/* The rules of a request that need no database: references, link secrets, working-day dates and
 * the sections of offentleglova a refusal may cite. */
#include "innsyn/innsyn_internal.h"

#include <sodium.h>
#include <string.h>

const char *innsyn_reference(arena *a, int64_t id, int64_t created_at)
{
    return arena_printf(a, "INN-%d-%lld", civil_date_oslo(created_at).year, (long long)id);
}

void innsyn_token_new(char token[65])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, 65, raw, sizeof raw);
}

void innsyn_token_hash(const char *token, char hash[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(hash, 65, h, sizeof h);
}

int innsyn_token_valid(const char *token)
{
    if (!token || strlen(token) != 64) return 0;
    for (const char *p = token; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return 0;
    return 1;
}

/* Day 0 is the day the request came in (Oslo), working day or not; the target and the deadline
 * are the third and fifth working days after it. A request that arrives on Maundy Thursday
 * thus has its deadline the Friday after Easter Monday's week. */
innsyn_dates innsyn_dates_from(int64_t received_at)
{
    innsyn_dates d;
    d.received = civil_date_oslo(received_at);
    d.target = add_working_days(d.received, INNSYN_TARGET_WORKDAYS);
    d.deadline = add_working_days(d.received, INNSYN_DEADLINE_WORKDAYS);
    return d;
}

int64_t innsyn_lapse_time(int64_t received_at)
{
    innsyn_dates d = innsyn_dates_from(received_at);
    return civil_date_start_oslo(civil_date_add_days(d.deadline, 1));
}

const innsyn_basis innsyn_bases[] = {
    {"13", "Offl. § 13 (taushetsplikt)"},
    {"13-fvl13-1-1", "Offl. § 13 jf. fvl. § 13 første ledd nr. 1 (personlige forhold)"},
    {"13-fvl13-1-2", "Offl. § 13 jf. fvl. § 13 første ledd nr. 2 (forretningshemmeligheter)"},
    {"14", "Offl. § 14 (organinterne dokumenter)"},
    {"15", "Offl. § 15 (dokumenter innhentet fra underordnet organ)"},
    {"16", "Offl. § 16 (organinterne dokumenter i kommuner)"},
    {"18", "Offl. § 18 (forhandlingsposisjon)"},
    {"20", "Offl. § 20 (utenrikspolitiske hensyn)"},
    {"21", "Offl. § 21 (nasjonale forsvars- og sikkerhetshensyn)"},
    {"23", "Offl. § 23 første ledd (forhandlingsposisjon og økonomiske interesser)"},
    {"24-1", "Offl. § 24 første ledd (kontroll og reguleringstiltak)"},
    {"24-2", "Offl. § 24 andre ledd (anmeldelser og tips om lovbrudd)"},
    {"25", "Offl. § 25 (tilsetting og personalsaker)"},
    {"26", "Offl. § 26 (eksamen, søknader og lignende)"},
};
const size_t innsyn_basis_count = sizeof innsyn_bases / sizeof innsyn_bases[0];

const innsyn_basis *innsyn_basis_find(const char *code)
{
    for (size_t i = 0; code && i < innsyn_basis_count; i++)
        if (!strcmp(innsyn_bases[i].code, code)) return &innsyn_bases[i];
    return NULL;
}
