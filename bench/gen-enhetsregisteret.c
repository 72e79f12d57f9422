/* Writes a made-up Enhetsregisteret bulk file (the shape of GET /enheter/lastned, gzip) for
 * benchmarks: by default 1.1 million units with valid MOD11 organisation numbers from
 * 800000000 up, Norwegian-looking names (surnames, first names, places, trades, legal forms
 * AS/ASA/ENK/DA/SA/ANS/NUF …), addresses in real Norwegian towns, and a realistic share of
 * bankrupt, liquidating and deleted units. The same seed gives the same file.
 *
 *   gen-enhetsregisteret FILE.json.gz [COUNT] [SEED] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define N(a) (sizeof a / sizeof *a)

static const char *const surnames[] = {
    "HANSEN", "JOHANSEN", "OLSEN", "LARSEN", "ANDERSEN", "PEDERSEN", "NILSEN", "KRISTIANSEN",
    "JENSEN", "KARLSEN", "JOHNSEN", "PETTERSEN", "ERIKSEN", "BERG", "HAUGEN", "HAGEN",
    "JOHANNESSEN", "ANDREASSEN", "JACOBSEN", "DAHL", "JØRGENSEN", "HALVORSEN", "HENRIKSEN",
    "LUND", "SØRENSEN", "JAKOBSEN", "MOEN", "GUNDERSEN", "IVERSEN", "STRAND", "SOLBERG",
    "SVENDSEN", "ERIKSTAD", "BAKKE", "KRISTENSEN", "MATHISEN", "LIE", "AMUNDSEN", "NGUYEN",
    "RASMUSSEN", "BERGE", "MOE", "NYGÅRD", "FREDRIKSEN", "SOLHEIM", "HOLM", "LIEN", "BRATHEN",
    "ØDEGÅRD", "AAS", "KNUTSEN", "HOVLAND", "SÆTHER", "FJELD", "VIK", "SANDVIK", "TVEIT",
    "RØNNING", "HALLAND", "MYKLEBUST", "BØE", "LØKEN", "ØVREBØ", "ÅSHEIM", "GRØNLIE", "STRØM",
    "KVALE", "NÆSS", "RYGH", "TANGEN", "ENGEN", "AUNE", "HAUGLAND", "SKOG", "ULVESETH", "FOSS",
};
static const char *const firstnames[] = {
    "OLA", "KARI", "PER", "ANNE", "JAN", "INGER", "BJØRN", "LIV", "KNUT", "RANDI", "ARNE",
    "MARIT", "TOR", "SOLVEIG", "LARS", "ÅSE", "ERIK", "BJØRG", "HANS", "ASTRID", "STEIN",
    "GRETHE", "JØRGEN", "SIGRID", "MAGNUS", "INGRID", "EMIL", "NORA", "JONAS", "EMMA", "SINDRE",
    "THEA", "HÅKON", "MARTE", "ØYVIND", "TONE", "RUNE", "HEGE", "GEIR", "SIRI", "ØYSTEIN",
};
static const char *const places[] = {
    "OSLO", "BERGEN", "TRONDHEIM", "STAVANGER", "DRAMMEN", "FREDRIKSTAD", "KRISTIANSAND",
    "SANDNES", "TROMSØ", "SARPSBORG", "SKIEN", "ÅLESUND", "SANDEFJORD", "HAUGESUND", "TØNSBERG",
    "MOSS", "PORSGRUNN", "BODØ", "ARENDAL", "HAMAR", "LARVIK", "HALDEN", "LILLEHAMMER",
    "MOLDE", "HARSTAD", "GJØVIK", "KONGSBERG", "NARVIK", "ALTA", "STEINKJER", "FØRDE", "VOSS",
    "RØROS", "FLORØ", "KIRKENES", "HØNEFOSS", "GRIMSTAD", "LEVANGER", "NAMSOS", "EGERSUND",
};
static const char *const postcodes[] = {
    "0150", "5003", "7010", "4006", "3015", "1606", "4608", "4306", "9008", "1706", "3724",
    "6002", "3210", "5527", "3110", "1530", "3916", "8006", "4836", "2317", "3256", "1771",
    "2609", "6413", "9405", "2815", "3616", "8514", "9510", "7713", "6800", "5700", "7374",
    "6900", "9900", "3510", "4876", "7600", "7800", "4370",
};
static const char *const trades[] = {
    "BYGG", "RØR", "ELEKTRO", "MALERSERVICE", "TRANSPORT", "EIENDOM", "HOLDING", "INVEST",
    "REGNSKAP", "KONSULENT", "BIL", "BILVERKSTED", "FRISØR", "BAKERI", "KAFÉ", "RESTAURANT",
    "BLOMSTER", "TANNLEGE", "FYSIOTERAPI", "ARKITEKTER", "ADVOKATFIRMA", "DATA", "IT",
    "TEKNOLOGI", "MASKIN", "ENTREPRENØR", "TAKST", "RENHOLD", "VVS", "SNEKKERI", "TØMRER",
    "MURER", "GARTNERI", "GÅRDSDRIFT", "FISKE", "SJØMAT", "HAVBRUK", "REISER", "HVITEVARER",
    "MØBLER", "INTERIØR", "KLÆR", "SKO", "SPORT", "OPTIKK", "APOTEK", "DAGLIGVARE", "KIOSK",
    "EIENDOMSMEGLING", "UTLEIE", "BOLIGUTLEIE", "HYTTEUTLEIE", "SKOGSDRIFT", "ANLEGG",
    "GRAVING", "TAXI", "BUSS", "LOGISTIKK", "MEDIA", "REKLAMEBYRÅ", "DESIGN", "FOTO", "MUSIKK",
    "KUNST", "HELSE", "OMSORG", "BARNEHAGE", "SKOLE", "KURS", "TRENING", "YOGA", "HUDPLEIE",
    "SMÅBÅTHAVN", "MARINA", "ENERGI", "SOLCELLER", "VARMEPUMPER", "ISOLASJON", "TAKTEKKING",
};
static const char *const words[] = {
    "NORDLYS", "FJORD", "FJELL", "HAVGAP", "SOLSIKKE", "BJØRKELY", "GRANLI", "FURUHAUG",
    "NORSK", "VESTLANDSKE", "NORDNORSK", "SØRLANDETS", "MIDT-NORSK", "ØSTLANDSK", "NYE",
    "GAMLE", "SMART", "GRØNN", "BLÅ", "RØDE", "KVIKK", "TRYGG", "ÆRLIG", "LUN", "KLAR",
    "POLAR", "ARKTISK", "KYST", "BRYGGE", "HAVN", "TORGET", "STORGATA", "ELVEBAKKEN", "NESSET",
    "VIKA", "LIA", "BAKKEN", "ØYA", "HOLMEN", "SKJÆR", "FOSSEN", "DALEN", "ÅSEN", "MYRA",
};
static const struct {
    const char *code, *description;
    int weight; /* per thousand */
} forms[] = {
    {"AS", "Aksjeselskap", 480}, {"ENK", "Enkeltpersonforetak", 300},
    {"FLI", "Forening/lag/innretning", 70}, {"NUF", "Norskregistrert utenlandsk foretak", 30},
    {"DA", "Ansvarlig selskap med delt ansvar", 25}, {"ANS", "Ansvarlig selskap med solidarisk ansvar", 25},
    {"SA", "Samvirkeforetak", 20}, {"STI", "Stiftelse", 20}, {"BRL", "Borettslag", 25},
    {"ESEK", "Eierseksjonssameie", 4}, {"ASA", "Allmennaksjeselskap", 1},
};
static const char *const activities[][2] = {
    {"41.200", "Oppføring av bygninger"}, {"43.220", "VVS-arbeid"},
    {"47.540", "Butikkhandel med elektriske husholdningsapparater"},
    {"56.101", "Drift av restauranter og kafeer"}, {"68.209", "Utleie av egen eller leid fast eiendom ellers"},
    {"69.201", "Regnskap og bokføring"}, {"62.010", "Programmeringstjenester"},
    {"49.410", "Godstransport på vei"}, {"96.021", "Frisering og annen skjønnhetspleie"},
    {"70.220", "Bedriftsrådgivning og annen administrativ rådgivning"},
};

static uint64_t rng_state;
static uint64_t rng(void)
{
    /* xorshift64*: fast, and the same sequence for the same seed */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}
static unsigned pick(unsigned n) { return (unsigned)(rng() % n); }

/* The next organisation number from *prefix (eight digits), skipping prefixes that have no
 * valid check digit. */
static void next_orgnr(unsigned *prefix, char out[10])
{
    static const int weights[8] = {3, 2, 7, 6, 5, 4, 3, 2};
    for (;;) {
        unsigned p = (*prefix)++;
        char d[12];
        snprintf(d, sizeof d, "%08u", p % 100000000u);
        int sum = 0;
        for (int i = 0; i < 8; i++) sum += (d[i] - '0') * weights[i];
        int check = sum % 11 == 0 ? 0 : 11 - sum % 11;
        if (check == 10) continue;
        memcpy(out, d, 8);
        out[8] = (char)('0' + check);
        out[9] = '\0';
        return;
    }
}

static int form_index(void)
{
    int r = (int)pick(1000), acc = 0;
    for (size_t i = 0; i < N(forms); i++)
        if (r < (acc += forms[i].weight)) return (int)i;
    return 0;
}

static void make_name(const char *form, char *out, size_t len)
{
    const char *sur = surnames[pick(N(surnames))], *trade = trades[pick(N(trades))];
    if (!strcmp(form, "ENK")) {
        int with_trade = pick(3) == 0;
        snprintf(out, len, "%s %s%s%s", firstnames[pick(N(firstnames))], sur, with_trade ? " " : "",
                 with_trade ? trade : "");
        return;
    }
    switch (pick(6)) {
    case 0: snprintf(out, len, "%s %s", sur, trade); break;
    case 1: snprintf(out, len, "%s %s", places[pick(N(places))], trade); break;
    case 2: snprintf(out, len, "%s %s", words[pick(N(words))], trade); break;
    case 3: snprintf(out, len, "%s & %s %s", sur, surnames[pick(N(surnames))], trade); break;
    case 4: snprintf(out, len, "%s %s %s", words[pick(N(words))], places[pick(N(places))], trade); break;
    default: snprintf(out, len, "%s %s %s", firstnames[pick(N(firstnames))], sur, trade); break;
    }
    size_t n = strlen(out);
    if (strcmp(form, "FLI") && strcmp(form, "STI") && strcmp(form, "BRL") && strcmp(form, "ESEK"))
        snprintf(out + n, len - n, " %s", form);
}

typedef struct out {
    gzFile gz;
    char buf[1 << 16];
    size_t len;
} out;

static void out_flush(out *o)
{
    if (o->len && gzwrite(o->gz, o->buf, (unsigned)o->len) != (int)o->len) {
        fputs("gen-enhetsregisteret: skriving feilet\n", stderr);
        exit(1);
    }
    o->len = 0;
}

static void emit(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void emit(out *o, const char *fmt, ...)
{
    if (sizeof o->buf - o->len < 4096) out_flush(o);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, sizeof o->buf - o->len, fmt, ap);
    va_end(ap);
    if (n > 0) o->len += (size_t)n;
}

static void emit_address(out *o, const char *key, int town, int street)
{
    emit(o,
         "\"%s\":{\"land\":\"Norge\",\"landkode\":\"NO\",\"postnummer\":\"%s\",\"poststed\":\"%s\","
         "\"adresse\":[\"%s %u\"],\"kommune\":\"%s\",\"kommunenummer\":\"%04u\"}",
         key, postcodes[town], places[town], words[street % N(words)], 1 + street % 120, places[town],
         301 + (unsigned)town * 97 % 5000);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("bruk: gen-enhetsregisteret FIL.json.gz [ANTALL] [FRØ]\n", stderr);
        return 2;
    }
    long count = argc > 2 ? atol(argv[2]) : 1100000;
    rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) | 1 : 20261123;
    out *o = calloc(1, sizeof *o);
    o->gz = gzopen(argv[1], "wb1");
    if (!o->gz) {
        perror(argv[1]);
        return 1;
    }
    unsigned prefix = 80000000;
    emit(o, "[");
    for (long i = 0; i < count; i++) {
        char orgnr[10], name[200];
        next_orgnr(&prefix, orgnr);
        int f = form_index();
        make_name(forms[f].code, name, sizeof name);
        int town = (int)pick(N(places)), street = (int)pick(10000);
        int a = (int)pick(N(activities));
        unsigned fate = pick(1000); /* 3 % bankrupt, 1 % liquidating, 4 % deleted */
        int year = 1960 + (int)pick(66), month = 1 + (int)pick(12), day = 1 + (int)pick(28);
        emit(o, "%s{\"organisasjonsnummer\":\"%s\",\"navn\":\"%s\",\"organisasjonsform\":{\"kode\":\"%s\","
                "\"beskrivelse\":\"%s\",\"_links\":{\"self\":{\"href\":\"https://data.brreg.no/"
                "enhetsregisteret/api/organisasjonsformer/%s\"}}},",
             i ? "," : "", orgnr, name, forms[f].code, forms[f].description, forms[f].code);
        if (pick(4) == 0) emit(o, "\"hjemmeside\":\"www.%s.example\",", orgnr);
        emit_address(o, "postadresse", town, street);
        emit(o, ",\"registreringsdatoEnhetsregisteret\":\"%04d-%02d-%02d\",\"registrertIMvaregisteret\":%s,"
                "\"naeringskode1\":{\"kode\":\"%s\",\"beskrivelse\":\"%s\"},\"harRegistrertAntallAnsatte\":true,"
                "\"antallAnsatte\":%u,",
             year < 1995 ? 1995 : year, month, day, pick(2) ? "true" : "false", activities[a][0],
             activities[a][1], pick(3) ? pick(20) : pick(500));
        emit_address(o, "forretningsadresse", town, street);
        emit(o, ",\"stiftelsesdato\":\"%04d-%02d-%02d\",\"institusjonellSektorkode\":{\"kode\":\"2100\","
                "\"beskrivelse\":\"Private aksjeselskaper mv.\"},\"registrertIForetaksregisteret\":%s,"
                "\"registrertIStiftelsesregisteret\":false,\"registrertIFrivillighetsregisteret\":false,"
                "\"sisteInnsendteAarsregnskap\":\"2024\",\"konkurs\":%s,\"underAvvikling\":%s,"
                "\"underTvangsavviklingEllerTvangsopplosning\":false,\"maalform\":\"Bokmål\",",
             year, month, day, f == 1 ? "false" : "true", fate < 30 ? "true" : "false",
             fate >= 30 && fate < 40 ? "true" : "false");
        if (fate < 30) emit(o, "\"konkursdato\":\"20%02u-%02d-%02d\",", 10 + pick(16), month, day);
        if (fate >= 40 && fate < 80) emit(o, "\"slettedato\":\"20%02u-%02d-%02d\",", 10 + pick(16), month, day);
        emit(o, "\"_links\":{\"self\":{\"href\":\"https://data.brreg.no/enhetsregisteret/api/enheter/%s\"}}}", orgnr);
    }
    emit(o, "]\n");
    out_flush(o);
    int rc = gzclose(o->gz) == Z_OK ? 0 : 1;
    free(o);
    return rc;
}
