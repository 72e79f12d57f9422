/* Fills a migrated Min side database with made-up registry entries for the public journal's
 * benchmark, through the archive's and the journal's own functions (so the index is made exactly
 * as in service), on SQLite or PostgreSQL:
 *
 *   gen-journal --db URL --entries 500000 [--years 10]
 *
 * Entries are spread evenly over the last `years` years (the clock is set for each, so journal
 * dates and numbers follow), five to a case file, I and U alternating with some N. Titles are
 * made from lists of products, businesses and topics; 20 % name a person (the sender is a person
 * and the name is tagged in the title), 5 % are screened (a word of the title and the sender).
 * Every entry is assessed and so published. Rows go in transactions of 5,000 entries. Prints
 * what the load script needs: case=, name=, word=. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive/archive.h"
#include "core/clock.h"
#include "db/db.h"
#include "journal/journal.h"

static const char *const products[] = {
    "vaskemaskin", "oppvaskmaskin", "kjøleskap", "tørketrommel", "mobiltelefon", "bærbar PC",
    "sofa", "sykkel", "elbil", "varmepumpe", "TV", "komfyr", "støvsuger", "kaffemaskin",
    "treningsabonnement", "strømavtale", "pakkereise", "flybillett", "hotellopphold", "bruktbil",
    "boligalarm", "forsikring", "mobilabonnement", "bredbånd", "konsertbillett", "barnevogn"};
static const char *const topics[] = {
    "reklamasjon", "angrerett", "markedsføring", "prisopplysning", "avtalevilkår", "mangel",
    "forsinket levering", "heving av kjøpet", "prisavslag", "garanti", "kredittkjøp",
    "telefonsalg", "villedende reklame", "skjulte gebyrer", "abonnementsfelle", "retur"};
static const char *const businesses[] = {
    "Elektrohuset AS", "Nordlys Energi AS", "Fjordreiser AS", "Bergen Bil AS", "Hvitevaresentralen AS", "Tromsø Sjømat AS", "Kristiansand Bilsenter AS", "Stavanger IT AS",
    "Drammen Dagligvare AS", "Grønn Strøm AS", "Møbelkjeden AS", "Sykkelsenteret AS",
    "Reisebyrået Sol AS", "Telefonselskapet AS", "Alarmsenteret AS", "Treningskjeden AS"};
static const char *const first_names[] = {
    "Kari", "Ola", "Ingrid", "Per", "Sigrid", "Lars", "Nora", "Emil", "Sofie", "Jonas",
    "Ida", "Magnus", "Maja", "Henrik", "Thea", "Sander", "Frida", "Mathias", "Hedda", "Tobias"};
static const char *const last_names[] = {
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Lund", "Moen"};

#define PICK(list, n) list[(n) % (sizeof list / sizeof *list)]

static void die(const char *what, db *d)
{
    fprintf(stderr, "gen-journal: %s%s%s\n", what, d ? ": " : "", d ? db_errmsg(d) : "");
    exit(1);
}

int main(int argc, char **argv)
{
    const char *url = NULL;
    long long entries = 50000;
    int years = 10;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--db")) url = argv[i + 1];
        else if (!strcmp(argv[i], "--entries")) entries = atoll(argv[i + 1]);
        else if (!strcmp(argv[i], "--years")) years = atoi(argv[i + 1]);
    }
    if (!url || entries <= 0 || years <= 0) {
        fprintf(stderr, "Bruk: gen-journal --db URL --entries N [--years N]\n");
        return 2;
    }
    if (sodium_init() < 0 || clock_init_timezone()) die("oppstart", NULL);
    journal_register();
    db *d = NULL;
    char err[512];
    if (db_open(url, &d, err, sizeof err) != DB_OK) die(err, NULL);
    int64_t end = (int64_t)time(NULL) - 86400, start = end - (int64_t)years * 365 * 86400;
    int64_t case_id = 0;
    char sample_case[32] = "", sample_name[128] = "";
    unsigned rnd = 12345;
    for (long long i = 0; i < entries; i++) {
        if (i % 5000 == 0 && db_begin(d) != DB_OK) die("begin", d);
        int64_t at = start + (int64_t)((double)(end - start) * (double)i / (double)entries);
        clock_set_fixed(at);
        rnd = rnd * 1103515245u + 12345u;
        unsigned r = rnd >> 8;
        if (i % 5 == 0) {
            archive_case_file c;
            char title[256];
            snprintf(title, sizeof title, "Sak om %s – %s", PICK(topics, r), PICK(products, r / 7));
            archive_case_file_new cn = {.title = title, .admin_unit = "Forbrukerrett",
                                        .caseworker = "Bench Saksbehandler", .created_by = "bench"};
            if (archive_case_file_open(d, &cn, &c, err, sizeof err)) die(err, d);
            case_id = c.id;
            if (i == entries / 2) snprintf(sample_case, sizeof sample_case, "%s", c.number);
        }
        int person = r % 100 < 20, screened = r % 100 >= 95;
        char name[128], title[512];
        snprintf(name, sizeof name, "%s %s", PICK(first_names, r / 3), PICK(last_names, r / 11));
        const char *business = PICK(businesses, r / 13), *product = PICK(products, r / 17),
                   *topic = PICK(topics, r / 19);
        char type = i % 7 == 6 ? 'N' : i % 2 ? 'U' : 'I';
        if (person)
            snprintf(title, sizeof title, "Klage fra %s på %s fra %s – %s", name, product, business, topic);
        else if (type == 'U')
            snprintf(title, sizeof title, "Brev til %s om %s – %s", business, topic, product);
        else
            snprintf(title, sizeof title, "Henvendelse om %s ved kjøp av %s", topic, product);
        archive_party_new party = {.role = type == 'U' ? ARCHIVE_PARTY_RECIPIENT : ARCHIVE_PARTY_SENDER,
                                   .kind = person ? ARCHIVE_PARTY_PERSON : ARCHIVE_PARTY_ORGANISATION,
                                   .name = person ? name : business};
        const char *const words[] = {topic, NULL};
        archive_screening sc = {.access_code = "Unntatt offentlighet",
                                .legal_basis = "Offl. § 13 jf. fvl. § 13 første ledd nr. 1",
                                .fields = ARCHIVE_SCREEN_TITLE_WORDS | ARCHIVE_SCREEN_SENDER_NAME,
                                .words = words};
        archive_entry_new in = {.case_file_id = case_id, .type = (archive_entry_type)type,
                                .title = title, .created_by = "bench", .parties = &party,
                                .party_count = type == 'N' ? 0 : 1,
                                .screening = screened ? &sc : NULL};
        archive_entry e;
        if (archive_entry_register(d, &in, &e, err, sizeof err)) die(err, d);
        const char *const tagged[] = {name, NULL};
        if (journal_entry_assess(d, e.id, person && !screened ? tagged : NULL, "bench", err, sizeof err))
            die(err, d);
        /* A name from the last 200 days: a search on it still gives hits. */
        if (person && !screened && at > end - 200 * 86400 && !sample_name[0])
            snprintf(sample_name, sizeof sample_name, "%s", name);
        if ((i + 1) % 5000 == 0 || i + 1 == entries) {
            if (db_commit(d) != DB_OK) die("commit", d);
            if ((i + 1) % 100000 == 0) fprintf(stderr, "gen-journal: %lld\n", i + 1);
        }
    }
    printf("case=%s\nname=%s\nword=reklamasjon\n", sample_case, sample_name);
    db_close(d);
    return 0;
}
