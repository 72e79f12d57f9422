/* Organisations: organisation numbers, name normalisation, the Enhetsregisteret import on the
 * register's own samples (plain, gzip, roles, updates, malformed files) and the quality of the
 * search, the same checks on SQLite and, when MINSIDE_TEST_PG_URL is set, on PostgreSQL. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "db/db.h"
#include "org/org.h"
#include "org/org_db.h"
#include "org/org_http.h"
#include "org/org_import.h"
#include "core/files.h"
#include "tap.h"
#include "test_db_env.h"

static char tmpdir[] = "/tmp/minside-test-org.XXXXXX";
static char samples[512];
static const char *E = "sqlite";

static void check_numbers(void)
{
    TAP_OK(org_number_valid("310000027"), "310000027 has a valid check digit");
    TAP_OK(org_number_valid("310000000"), "a remainder of 0 gives check digit 0");
    TAP_OK(!org_number_valid("310000028"), "a wrong check digit is refused");
    TAP_OK(!org_number_valid("31000002"), "eight digits are refused");
    TAP_OK(!org_number_valid("3100000270"), "ten digits are refused");
    TAP_OK(!org_number_valid("31000002a"), "letters are refused");
    /* 31000006x: the weighted sum leaves remainder 1, so no check digit makes it valid */
    int any_valid = 0;
    for (char c = '0'; c <= '9'; c++) {
        char n[10] = "31000006";
        n[8] = c;
        n[9] = '\0';
        any_valid |= org_number_valid(n);
    }
    TAP_OK(!any_valid, "a number whose remainder is 1 has no valid check digit");
    char f[12];
    org_number_format("310000027", f);
    TAP_EQ_STR(f, "310 000 027", "numbers are shown in groups of three");
    char d[10];
    TAP_EQ_INT(org_number_from_query("310 000 027", d), 9, "a number with spaces is a number query");
    TAP_EQ_STR(d, "310000027", "its spaces are dropped");
    TAP_EQ_INT(org_number_from_query("310 00", d), 5, "a begun number is a number query");
    TAP_EQ_INT(org_number_from_query("310 000 027 1", d), 0, "ten digits are not");
    TAP_EQ_INT(org_number_from_query("Eksempel 1", d), 0, "a name with a digit is not");
}

static void check_normalise(void)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"BLÅBÆR OG SØNN ELEKTRO AS", "blaabaer og sonn elektro"},
        {"Ærlige Økobakeriet SA", "aerlige okobakeriet"},
        {"Café Müller & Söhne A/S", "cafe muller sohne a s"},
        {"OLA TESTMANN ENK", "ola testmann"},
        {"A.S. Norske Kari's  Verksted-Drift ASA", "as norske karis verksted drift"},
        {"Čáhcesuolu Đuođđi ŊŠŦŽ", "cahcesuolu duoddi nstz"},
        {"AS", "as"},
        {"  --  ", ""},
    };
    char out[ORG_NORM_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        org_name_normalise(cases[i].in, out, sizeof out, true);
        TAP_EQ_STR(out, cases[i].want, "normalised «%s»", cases[i].in);
    }
    org_name_normalise("EKSEMPEL AS", out, sizeof out, false);
    TAP_EQ_STR(out, "eksempel as", "the legal form stays when asked to");
    org_name_normalise("Ærlig \xff\xfe bad", out, sizeof out, true);
    TAP_EQ_STR(out, "aerlig bad", "invalid UTF-8 is skipped");
    char small[6];
    org_name_normalise("Blåbærsyltetøy", small, sizeof small, true);
    TAP_EQ_STR(small, "blaab", "output is cut to its buffer");
}

/* ---- database helpers ---- */

static db *open_fresh(db_engine engine, const char *pg_url, const char *name)
{
    return test_db_open_fresh(engine, pg_url, tmpdir, "test_org", name, 1);
}

static int64_t count(db *d, const char *sql)
{
    db_stmt *s = db_prepare(d, sql);
    int64_t v = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    if (s) db_reset(s);
    return v;
}

static char *sample(const char *name)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", samples, name);
    return path;
}

static char *read_all(const char *path)
{
    char *data;
    size_t len;
    return file_read_all(path, &data, &len) == 0 ? data : NULL;
}

static const char *write_tmp(const char *name, const char *content, int gzip)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    if (gzip) {
        gzFile g = gzopen(path, "wb");
        gzwrite(g, content, (unsigned)strlen(content));
        gzclose(g);
    } else {
        FILE *f = fopen(path, "wb");
        fputs(content, f);
        fclose(f);
    }
    return path;
}

/* The bulk sample with one replacement made. */
static char *bulk_with(const char *from, const char *to)
{
    char *text = read_all(sample("totalbestand-enheter-sample.json"));
    char *at = text ? strstr(text, from) : NULL;
    if (!at) return text;
    size_t len = strlen(text) - strlen(from) + strlen(to) + 1;
    char *out = malloc(len);
    snprintf(out, len, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    free(text);
    return out;
}

static int import(db *d, const char *path, const char *orgnr, char *err, size_t errlen)
{
    org_import_stats st;
    return org_import_file(d, path, orgnr, &st, err, errlen);
}

/* ---- import ---- */

static void check_import(db *d)
{
    char err[1024] = "";
    org_import_stats st;
    TAP_EQ_INT(org_import_file(d, sample("totalbestand-enheter-sample.json"), NULL, &st, err, sizeof err), 0,
               "%s: the bulk sample imports (%s)", E, err);
    TAP_EQ_INT(st.units, 4, "%s: with its four units", E);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation"), 4, "%s: four units are stored", E);
    TAP_EQ_INT(count(d, "SELECT bankrupt + status FROM organisation WHERE orgnr = '310000051'"), 2,
               "%s: the bankrupt unit is marked bankrupt and not active", E);
    int64_t words = count(d, "SELECT count(*) FROM organisation_word");
    TAP_EQ_INT(words, 8, "%s: its names give eight search words (legal forms left out)", E);

    char *text = read_all(sample("totalbestand-enheter-sample.json"));
    const char *gz = write_tmp("bulk.json.gz", text, 1);
    free(text);
    TAP_EQ_INT(import(d, gz, NULL, err, sizeof err), 0, "%s: the same file gzipped imports again (%s)", E, err);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation"), 4, "%s: importing twice adds nothing", E);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation_word"), words, "%s: nor search words", E);

    TAP_EQ_INT(import(d, sample("enhet.json"), NULL, err, sizeof err), 0, "%s: one unit (GET /enheter/{orgnr}) imports", E);
    TAP_EQ_INT(import(d, sample("sok-enheter.json"), NULL, err, sizeof err), 0, "%s: a search result imports", E);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation"), 4, "%s: they update the units already there", E);

    /* Roles of one unit, and the message when it is not said whose they are. */
    TAP_EQ_INT(import(d, sample("roller.json"), NULL, err, sizeof err), -1, "%s: roles without --orgnr are refused", E);
    TAP_OK(strstr(err, "--orgnr") != NULL, "%s: and the message says to give --orgnr: %s", E, err);
    TAP_EQ_INT(import(d, sample("roller.json"), "310000027", err, sizeof err), 0, "%s: roles of one unit import (%s)", E, err);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation_role WHERE orgnr = '310000027'"), 8, "%s: all eight roles are stored", E);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation_role WHERE orgnr = '310000027' AND role_code IN "
                        "('DAGL', 'LEDE', 'NEST', 'POHV') AND resigned = 0 AND birth_date IS NOT NULL"),
               4, "%s: with the persons who may be approved and their birth dates", E);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation_role WHERE person_name = 'Anne Marie Eksempelsen'"), 1,
               "%s: a person's name is first, middle and last name", E);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation_role WHERE resigned = 1"), 1, "%s: the resigned member is marked", E);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation_role WHERE role_code = 'REVI' AND unit_orgnr = '310000000'"), 1,
               "%s: the auditor is a unit", E);

    /* The bulk roles file: an array of {organisasjonsnummer, rollegrupper}, replacing roles. */
    json_error_t jerr;
    json_t *roles = json_load_file(sample("roller.json"), 0, &jerr);
    json_t *groups = json_object_get(roles, "rollegrupper");
    json_array_remove(groups, 1); /* without the board */
    json_object_set_new(roles, "organisasjonsnummer", json_string("310000027"));
    json_t *bulk = json_pack("[O]", roles);
    char *bulk_text = json_dumps(bulk, 0);
    json_decref(bulk);
    json_decref(roles);
    const char *bulk_roles = write_tmp("roller-totalbestand.json.gz", bulk_text, 1);
    free(bulk_text);
    TAP_EQ_INT(import(d, bulk_roles, NULL, err, sizeof err), 0, "%s: the bulk roles file imports (%s)", E, err);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation_role WHERE orgnr = '310000027'"), 4,
               "%s: and replaces the unit's roles", E);

    /* Updates: a new name and a deletion. */
    char *renamed = bulk_with("\"EKSEMPEL REISER AS\"", "\"FJORDREISER AS\"");
    const char *upd = write_tmp("oppdatering.json", renamed, 0);
    free(renamed);
    TAP_EQ_INT(import(d, upd, NULL, err, sizeof err), 0, "%s: a file with a renamed unit imports", E);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation_word WHERE orgnr = '310000035'"), 1,
               "%s: the renamed unit has only its new word", E);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation_word WHERE orgnr = '310000035' AND word = 'fjordreiser'"), 1,
               "%s: which is «fjordreiser»", E);
    char *deleted = bulk_with("\"konkurs\": false", "\"slettedato\": \"2026-01-15\", \"konkurs\": false");
    upd = write_tmp("sletting.json", deleted, 0);
    free(deleted);
    TAP_EQ_INT(import(d, upd, NULL, err, sizeof err), 0, "%s: a file with a deleted unit imports", E);
    TAP_EQ_INT(count(d, "SELECT status FROM organisation WHERE orgnr = '310000027'"), 1,
               "%s: the deleted unit is no longer active", E);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation_word WHERE orgnr = '310000027' AND status = 1"), 2,
               "%s: and its search words moved with it", E);
}

static void check_malformed(db *d)
{
    static const struct {
        const char *what, *from, *to, *message;
    } broken[] = {
        {"a wrong check digit", "\"310000035\"", "\"310000036\"", "310000036"},
        {"a syntax error", "\"konkurs\": true", "\"konkurs\": tru", "ugyldig JSON i element 4"},
        {"a missing name", "\"navn\": \"OLA TESTMANN ENK\"", "\"navnet\": \"OLA\"", "mangler navn"},
        {"a missing comma", "},\n  {\n    \"organisasjonsnummer\": \"310000043\"", "}\n  {\n    \"organisasjonsnummer\": \"310000043\"", "ventet «,» eller «]» etter element 2"},
        /* an overlong form that yajl lets through (found by fuzz_org_unit) */
        {"a name that is not UTF-8", "\"navn\": \"OLA TESTMANN ENK\"", "\"navn\": \"OLA TESTM\xc1\xa5NN ENK\"", "ikke gyldig UTF-8"},
    };
    char err[1024];
    /* A unit that is not in the broken files shows that nothing half-imported replaced anything. */
    int64_t units = count(d, "SELECT count(*) FROM organisation");
    int64_t words = count(d, "SELECT count(*) FROM organisation_word");
    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
        char *text = bulk_with(broken[i].from, broken[i].to);
        /* the first unit, before every fault, gets a name the database has never seen */
        char *first = strstr(text, "EKSEMPEL HVITEVARER AS");
        if (first) memcpy(first, "HALVVEIS IMPORTERT ASX", 22);
        const char *path = write_tmp("broken.json", text, i % 2);
        free(text);
        err[0] = '\0';
        TAP_EQ_INT(import(d, path, NULL, err, sizeof err), -1, "%s: %s is refused", E, broken[i].what);
        TAP_OK(strstr(err, broken[i].message) != NULL, "%s: with a message that says where: %s", E, err);
        TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation WHERE name LIKE 'HALVVEIS%'"), 0,
                   "%s: and the units before the fault were not written", E);
    }
    char *text = read_all(sample("totalbestand-enheter-sample.json"));
    text[strlen(text) / 2] = '\0';
    const char *cut = write_tmp("cut.json.gz", text, 1);
    free(text);
    TAP_EQ_INT(import(d, cut, NULL, err, sizeof err), -1, "%s: a file that breaks off is refused", E);
    TAP_OK(strstr(err, "slutter midt i element") != NULL, "%s: saying so: %s", E, err);
    const char *junk = write_tmp("junk.json", "<html>not json</html>", 0);
    TAP_EQ_INT(import(d, junk, NULL, err, sizeof err), -1, "%s: a file that is not JSON is refused", E);
    TAP_OK(strstr(err, "ikke JSON fra Enhetsregisteret") != NULL, "%s: saying so: %s", E, err);
    TAP_EQ_INT(import(d, "/finnes/ikke.json", NULL, err, sizeof err), -1, "%s: a missing file is refused", E);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation"), units, "%s: no refused file changed the units", E);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation_word"), words, "%s: nor the search words", E);
}

/* ---- search ---- */

static const char *first_hit(db *d, const char *q, int *n_out, org_hit *hits)
{
    static arena *a;
    if (!a) a = arena_new();
    int n = org_search(d, a, q, 10, hits);
    if (n_out) *n_out = n;
    return n > 0 ? hits[0].orgnr : "";
}

static int position_of(const org_hit *hits, int n, const char *orgnr)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(hits[i].orgnr, orgnr)) return i;
    return -1;
}

static void check_search(db *d)
{
    TAP_EQ_INT(org_demo_seed(d), 0, "%s: the demo organisations load", E);
    TAP_EQ_INT(org_demo_seed(d), 0, "%s: and load again without change", E);
    TAP_EQ_INT(count(d, "SELECT count(*) FROM organisation"), 9, "%s: nine demo organisations", E);
    static const struct {
        const char *q, *want, *why;
    } cases[] = {
        {"blåbær", "310000078", "with å and æ"},
        {"BLAABAER", "310000078", "with aa and ae, in capitals"},
        {"blabaer", "310000078", "with å typed as a"},
        {"ærlige økobakeriet", "310000086", "with æ and ø"},
        {"aerlige okobakeriet", "310000086", "with ae and o"},
        {"økobak ærl", "310000086", "with word prefixes in any order"},
        {"hvitevarer eksempel", "310000027", "with the words in another order"},
        {"reis eks", "310000035", "with prefixes of both words reversed"},
        {"eksempel reiser", "310000035", "an exact name before names that start the same"},
        {"eksempel hvitevarer as", "310000027", "with the legal form"},
        {"ola testmann", "310000043", "without the legal form"},
        {"310 000 027", "310000027", "an organisation number with spaces"},
        {"310000043", "310000043", "an organisation number without spaces"},
        {"310 000 08", "310000086", "the start of an organisation number"},
        {"hvitevaerer", "310000027", "with a letter too many"},
        {"eksmepel hvite", "310000027", "with two letters swapped"},
        {"testmanm", "310000043", "with a wrong last letter"},
        {"Forbrukertilsynet", "310000019", "a one-word name"},
    };
    org_hit hits[10];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        TAP_EQ_STR(first_hit(d, cases[i].q, NULL, hits), cases[i].want, "%s: «%s» finds it first: %s", E,
                   cases[i].q, cases[i].why);

    int n;
    first_hit(d, "test", &n, hits);
    int active = position_of(hits, n, "310000043"), bankrupt = position_of(hits, n, "310000051");
    TAP_OK(active >= 0 && bankrupt > active, "%s: an active unit comes before a bankrupt one (%d, %d)", E, active, bankrupt);
    TAP_EQ_STR(bankrupt >= 0 ? org_hit_status_label(&hits[bankrupt]) : NULL, "Konkurs", "%s: which is marked «Konkurs»", E);
    first_hit(d, "netthandel", &n, hits);
    TAP_EQ_STR(n > 0 ? org_hit_status_label(&hits[0]) : NULL, "Slettet", "%s: a deleted unit is marked «Slettet»", E);
    first_hit(d, "eksempel", &n, hits);
    TAP_OK(n == 3 && !strcmp(hits[0].orgnr, "310000027") && !strcmp(hits[1].orgnr, "310000035") &&
               !strcmp(hits[2].orgnr, "310000000"),
           "%s: «eksempel» finds the three units with the word, in name order (%d)", E, n);
    first_hit(d, "finnes ikke i registeret", &n, hits);
    TAP_EQ_INT(n, 0, "%s: a query matching nothing gives no hits", E);
    first_hit(d, "", &n, hits);
    TAP_EQ_INT(n, 0, "%s: an empty query gives no hits", E);
    first_hit(d, "%_'\"; DROP TABLE organisation", &n, hits);
    TAP_OK(n >= 0 && count(d, "SELECT count(*) FROM organisation") == 9, "%s: SQL and LIKE characters are only text", E);
    char long_query[ORG_QUERY_MAX + 2];
    memset(long_query, 'a', sizeof long_query - 1);
    long_query[sizeof long_query - 1] = '\0';
    first_hit(d, long_query, &n, hits);
    TAP_EQ_INT(n, 0, "%s: a query over the limit gives no hits", E);
}

static void run_engine(db_engine engine, const char *pg_url)
{
    db *d = open_fresh(engine, pg_url, "import");
    TAP_OK(d != NULL, "%s: a fresh database is migrated", E);
    if (!d) return;
    check_import(d);
    check_malformed(d);
    check_search(d);
    db_close(d);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) return 1;
    snprintf(samples, sizeof samples, "%s/enhetsregisteret", getenv("MINSIDE_SPEC_DIR"));
    check_numbers();
    check_normalise();
    TEST_EACH_ENGINE(run_engine, &E);
    test_remove_tree(tmpdir);
    return tap_done();
}
