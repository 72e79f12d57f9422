/* The public journal on SQLite and, when MINSIDE_TEST_PG_URL is set, on PostgreSQL: nothing is
 * public before it is assessed, notes never; screened words, parties and document titles never
 * in what the public sees; a new screening stops matching at once; stopping publication of an
 * entry, a case file and the whole journal; the one-year rule for names at 364, 365 and 366
 * days and around midnight in Oslo, as a party and tagged in a title; the search's input rules,
 * filters and keyset pages. */
#include "app.h"
#include "archive/archive.h"
#include "core/clock.h"
#include "db/db.h"
#include "journal/journal.h"
#include "tap.h"
#include "test_db_env.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char tmpdir[] = "/tmp/minside-test-journal.XXXXXX";
static const char *E;
static db *d;
static int64_t case_id;

/* 2026-12-03 11:00 UTC, noon in Oslo. */
static const int64_t NOW = 1796295600;
static const int64_t DAY = 86400;

typedef struct {
    const char *title, *party;
    int person, sender;
    const archive_screening *screening;
    char type;
    const char *doc_title;
} entry_spec;

static int64_t reg(const entry_spec *e)
{
    archive_party_new party = {.role = e->sender ? ARCHIVE_PARTY_SENDER : ARCHIVE_PARTY_RECIPIENT,
                               .kind = e->person ? ARCHIVE_PARTY_PERSON : ARCHIVE_PARTY_ORGANISATION,
                               .name = e->party};
    archive_document_new doc = {.title = e->doc_title, .file_name = "brev.txt",
                                .mime_type = "text/plain", .bytes = "brev", .size = 4};
    archive_entry_new in = {.case_file_id = case_id, .type = e->type ? e->type : 'I',
                            .title = e->title, .created_by = "Sara Saksbehandler",
                            .parties = e->party ? &party : NULL, .party_count = e->party ? 1 : 0,
                            .documents = e->doc_title ? &doc : NULL,
                            .document_count = e->doc_title ? 1 : 0, .screening = e->screening};
    archive_entry out;
    char err[256];
    int rc = db_begin(d);
    if (rc == DB_OK) rc = db_finish(d, archive_entry_register(d, &in, &out, err, sizeof err));
    if (rc) printf("# register %s: %d %s %s\n", e->title, rc, err, db_errmsg(d));
    return rc ? -1 : out.id;
}

static int assess(int64_t id, const char *const *names, char *err)
{
    int rc = db_begin(d);
    if (rc == DB_OK)
        rc = db_finish(d, journal_entry_assess(d, id, names, "Sara Saksbehandler", err, 256));
    return rc;
}

/* The ids a search finds, as " 3 5 " (newest first), or "ERR: message". */
static const char *search(const journal_query *q)
{
    static char out[1024];
    arena *a = arena_new();
    journal_result res;
    char err[256];
    int rc = journal_search(d, a, q, &res, err, sizeof err);
    if (rc) snprintf(out, sizeof out, "ERR %d: %s", rc, err);
    else {
        snprintf(out, sizeof out, " ");
        for (size_t i = 0; i < res.count; i++) {
            size_t n = strlen(out);
            snprintf(out + n, sizeof out - n, "%lld ", (long long)res.hits[i].entry_id);
        }
    }
    arena_free(a);
    return out;
}

static const char *find(const char *text)
{
    return search(&(journal_query){.text = text});
}

static int found(const char *text, int64_t id)
{
    char want[32];
    snprintf(want, sizeof want, " %lld ", (long long)id);
    return strstr(find(text), want) != NULL;
}

static int is_public(int64_t id)
{
    arena *a = arena_new();
    journal_public_entry e;
    int rc = journal_public_entry_get(d, a, id, &e);
    arena_free(a);
    return rc == 0;
}

static void with_db_txn(int rc_expected, int rc, const char *what)
{
    TAP_EQ_INT(rc, rc_expected, "%s: %s", E, what);
}

static void check_assessment_and_screening(void)
{
    char err[256] = "";
    int64_t klage = reg(&(entry_spec){"Klage fra Kari Nordmann på vaskemaskin", "Kari Nordmann", 1, 1,
                                      NULL, 'I', "Klagebrevet"});
    int64_t svar = reg(&(entry_spec){"Svar om reklamasjon", "Elektro Hansen AS", 0, 0, NULL, 'U', NULL});
    int64_t note = reg(&(entry_spec){"Telefon med Kari Nordmann om vaskemaskin", NULL, 0, 0, NULL, 'X', NULL});
    static const char *const words[] = {"hemmelig", NULL};
    archive_screening sc = {.access_code = "Unntatt offentlighet",
                            .legal_basis = "Offl. § 13 jf. fvl. § 13 første ledd nr. 1",
                            .fields = ARCHIVE_SCREEN_TITLE_WORDS | ARCHIVE_SCREEN_SENDER_NAME |
                                      ARCHIVE_SCREEN_DOCUMENT_TITLE,
                            .words = words};
    int64_t tips = reg(&(entry_spec){"Tips om hemmelig avtale vaskemaskin", "Per Varsler", 1, 1, &sc,
                                     'I', "Varsel om hemmelig avtale"});
    TAP_OK(klage > 0 && svar > 0 && note > 0 && tips > 0, "%s: four entries registered", E);

    TAP_EQ_STR(find("vaskemaskin"), " ", "%s: nothing is public before it is assessed", E);
    TAP_OK(!is_public(klage), "%s: nor is the entry page", E);
    TAP_EQ_INT(assess(klage, NULL, err), 0, "%s: a caseworker assesses the complaint", E);
    TAP_EQ_INT(assess(svar, NULL, err), 0, "%s: and the answer", E);
    TAP_EQ_INT(assess(tips, NULL, err), 0, "%s: and the screened tip", E);
    TAP_EQ_INT(assess(note, NULL, err), JOURNAL_ERR_INVALID, "%s: a note (X) cannot be published", E);
    TAP_OK(strstr(err, "Notater") != NULL, "%s: said in Norwegian (%s)", E, err);
    TAP_EQ_INT(assess(klage, NULL, err), JOURNAL_ERR_INVALID, "%s: nor assessed twice", E);
    TAP_EQ_INT(assess(999999, NULL, err), JOURNAL_ERR_NOT_PUBLIC, "%s: an unknown entry", E);

    char want[64];
    snprintf(want, sizeof want, " %lld %lld ", (long long)tips, (long long)klage);
    TAP_EQ_STR(find("vaskemaskin"), want, "%s: assessed entries are found, newest first, the note never", E);
    TAP_EQ_STR(find("hemmelig"), " ", "%s: a screened word gives no hit", E);
    TAP_EQ_STR(find("Varsler"), " ", "%s: nor a screened party's name", E);
    TAP_OK(found("VASKEMASKIN", klage), "%s: case does not matter", E);
    TAP_OK(found("Hansen", svar), "%s: an organisation's name is a word, not a person's name", E);
    TAP_OK(found("reklamasjon Elektro", svar), "%s: two words must both match", E);
    TAP_EQ_STR(find("reklamasjon vaskemaskin"), " ", "%s: and a hit needs every word", E);

    arena *a = arena_new();
    journal_public_entry e;
    TAP_EQ_INT(journal_public_entry_get(d, a, tips, &e), 0, "%s: the screened entry is public", E);
    TAP_EQ_STR(e.public_title, "Tips om ***** avtale vaskemaskin", "%s: with the screened word as *****", E);
    TAP_OK(e.senders == NULL, "%s: the screened sender left out", E);
    TAP_EQ_STR(e.legal_basis, "Offl. § 13 jf. fvl. § 13 første ledd nr. 1", "%s: the legal basis in words", E);
    TAP_OK(e.document_count == 1 && !strcmp(e.documents[0].title, "*****"),
           "%s: the screened document title as *****", E);
    TAP_EQ_INT(journal_public_entry_get(d, a, klage, &e), 0, "%s: the complaint's public form", E);
    TAP_EQ_STR(e.senders, "Kari Nordmann", "%s: its sender", E);
    TAP_OK(e.document_count == 1 && !strcmp(e.documents[0].title, "Klagebrevet"), "%s: its document by title", E);
    TAP_OK(e.document_date == NULL && !strcmp(e.entry_type, "I"), "%s: undated, incoming", E);
    TAP_EQ_INT(journal_public_entry_get(d, a, note, &e), JOURNAL_ERR_NOT_PUBLIC, "%s: the note is not public", E);
    arena_free(a);

    /* A screening set after publication stops matching in the same commit. */
    static const char *const rekl[] = {"reklamasjon", NULL};
    archive_screening later = {.access_code = "Unntatt offentlighet", .legal_basis = "Offl. § 24",
                               .fields = ARCHIVE_SCREEN_TITLE_WORDS, .words = rekl};
    int rc = db_begin(d);
    if (rc == DB_OK)
        rc = db_finish(d, archive_entry_set_screening(d, svar, &later, "Sara", err, sizeof err));
    with_db_txn(0, rc, "the answer is screened afterwards");
    TAP_EQ_STR(find("reklamasjon"), " ", "%s: and its screened word gives no hit at once", E);
    TAP_OK(found("Hansen", svar), "%s: its other words still do", E);

    /* Stopping publication. */
    TAP_EQ_INT(journal_stop_add(d, JOURNAL_STOP_ENTRY, "2026/1", "Lene Leder", err, sizeof err),
               JOURNAL_ERR_INVALID, "%s: an entry's stop needs its registry id (%s)", E, err);
    a = arena_new();
    journal_public_entry_get(d, a, klage, &e);
    char target[64];
    snprintf(target, sizeof target, "%s", e.registry_id);
    char case_target[32];
    snprintf(case_target, sizeof case_target, "%s", e.case_number);
    arena_free(a);
    TAP_EQ_INT(journal_stop_add(d, JOURNAL_STOP_ENTRY, target, "Lene Leder", err, sizeof err), 0,
               "%s: a manager stops publication of %s", E, target);
    TAP_OK(!found("vaskemaskin", klage) && found("vaskemaskin", tips), "%s: that entry is gone from the search at once, the others not", E);
    TAP_OK(!is_public(klage), "%s: and from its page", E);
    long long stop_id = 0;
    db_stmt *s = db_prepare(d, "SELECT MAX(id) FROM journal_stop");
    if (s && db_step(s) == DB_ROW) stop_id = db_col_int(s, 0);
    db_reset(s);
    TAP_EQ_INT(journal_stop_lift(d, stop_id, "Lene Leder"), 0, "%s: the stop is lifted", E);
    TAP_EQ_INT(journal_stop_lift(d, stop_id, "Lene Leder"), JOURNAL_ERR_NOT_PUBLIC, "%s: only once", E);
    TAP_OK(found("vaskemaskin", klage) && is_public(klage), "%s: and the entry is back", E);
    TAP_EQ_INT(journal_stop_add(d, JOURNAL_STOP_CASE_FILE, case_target, "Lene Leder", err, sizeof err), 0,
               "%s: a manager stops the case file %s", E, case_target);
    TAP_EQ_STR(find("vaskemaskin"), " ", "%s: none of its entries is found", E);
    journal_stop_lift(d, stop_id + 1, "Lene Leder");
    TAP_EQ_INT(journal_stop_add(d, JOURNAL_STOP_ALL, NULL, "Lene Leder", err, sizeof err), 0,
               "%s: a manager stops the whole journal", E);
    TAP_OK(!strcmp(find("vaskemaskin"), " ") && !is_public(tips) && journal_stopped_all(d) == 1,
           "%s: nothing is public", E);
    journal_stop_lift(d, stop_id + 2, "Lene Leder");
    TAP_OK(found("vaskemaskin", klage) && journal_stopped_all(d) == 0, "%s: until the stop is lifted", E);
    TAP_EQ_INT(journal_stop_add(d, JOURNAL_STOP_CASE_FILE, "2019/999", "Lene Leder", err, sizeof err),
               JOURNAL_ERR_INVALID, "%s: an unknown case file is refused (%s)", E, err);
    long long logged = -1;
    s = db_prepare(d, "SELECT COUNT(*) FROM journal_stop WHERE lifted_at IS NOT NULL AND lifted_by = 'Lene Leder'");
    if (s && db_step(s) == DB_ROW) logged = db_col_int(s, 0);
    db_reset(s);
    TAP_EQ_INT(logged, 3, "%s: each stop and lift is kept with who and when", E);
}

/* The one-year rule: entries registered 364, 365 and 366 days before NOW, with the name as a
 * person party and tagged in the title. */
static void check_name_rule(void)
{
    int64_t party[3], tagged[3];
    int ages[3] = {364, 365, 366};
    char err[256];
    for (int i = 0; i < 3; i++) {
        clock_set_fixed(NOW - ages[i] * DAY);
        party[i] = reg(&(entry_spec){"Klage på tørketrommel", "Sigrid Sakse", 1, 1, NULL, 'I', NULL});
        tagged[i] = reg(&(entry_spec){"Brev fra Trygve Tagg om garanti", "Butikken AS", 0, 1, NULL, 'I', NULL});
        static const char *const names[] = {"Trygve Tagg", NULL};
        assess(party[i], NULL, err);
        TAP_EQ_INT(assess(tagged[i], names, err), 0, "%s: a name tagged in the title (%s)", E, err);
    }
    static const char *const wrong[] = {"Ola Ukjent", NULL};
    int64_t other = reg(&(entry_spec){"Brev om garanti", "Butikken AS", 0, 1, NULL, 'I', NULL});
    TAP_EQ_INT(assess(other, wrong, err), JOURNAL_ERR_INVALID, "%s: a tagged name must stand in the title (%s)", E, err);
    clock_set_fixed(NOW);
    for (int i = 0; i < 3; i++) {
        int want = ages[i] < 365;
        TAP_EQ_INT(found("Sakse", party[i]), want, "%s: a party's name %d days old %s", E, ages[i],
                   want ? "gives a hit" : "gives no hit");
        TAP_EQ_INT(found("Trygve Tagg", tagged[i]), want, "%s: a tagged name %d days old %s", E,
                   ages[i], want ? "gives a hit" : "gives no hit");
        TAP_OK(found("tørketrommel", party[i]) && found("garanti", tagged[i]),
               "%s: the other words of the %d days old entries still do", E, ages[i]);
        arena *a = arena_new();
        journal_public_entry e;
        journal_public_entry_get(d, a, party[i], &e);
        TAP_EQ_STR(e.senders, "Sigrid Sakse", "%s: and the name still stands on the entry", E);
        journal_public_entry_get(d, a, tagged[i], &e);
        TAP_EQ_STR(e.public_title, "Brev fra Trygve Tagg om garanti", "%s: and in its title", E);
        arena_free(a);
    }
    TAP_OK(found("Butikken", tagged[2]), "%s: an organisation's name has no year limit", E);

    /* Registered 2025-12-03 23:30 in Oslo (22:30 UTC). */
    clock_set_fixed(1764801000);
    int64_t late = reg(&(entry_spec){"Klage om mobiltelefon", "Mina Midnatt", 1, 1, NULL, 'I', NULL});
    assess(late, NULL, err);
    clock_set_fixed(1796251800); /* 2026-12-02 23:50 in Oslo */
    TAP_OK(found("Midnatt", late), "%s: ten minutes before midnight in Oslo the name still gives a hit", E);
    clock_set_fixed(1796253000); /* 2026-12-03 00:10 in Oslo, still 2 December in UTC */
    TAP_OK(!found("Midnatt", late), "%s: ten minutes after midnight in Oslo it does not", E);
    TAP_OK(found("mobiltelefon", late), "%s: while the other words do", E);
    clock_set_fixed(NOW);
}

static void check_input_and_pages(void)
{
    char long_text[260];
    memset(long_text, 'a', 201);
    long_text[201] = '\0';
    const char *bad[] = {long_text, "en to tre fire fem seks sju åtte ni ti elleve", "\"vaskemaskin",
                         "vaske*", "klage NEAR vaskemaskin", "klage OR vaskemaskin", "-klage",
                         "klage AND (vaskemaskin)", "a\xff"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        TAP_OK(!strncmp(find(bad[i]), "ERR -40", 7), "%s: «%.30s» is refused with a message: %s", E,
               bad[i], find(bad[i]));
    TAP_OK(!strncmp(search(&(journal_query){.from = "2026-02-30"}), "ERR -40", 7), "%s: an invalid date is refused", E);
    TAP_OK(!strncmp(search(&(journal_query){.from = "2026-05-02", .to = "2026-05-01"}), "ERR -40", 7),
           "%s: a from-date after the to-date too", E);
    TAP_OK(!strncmp(search(&(journal_query){.type = "X"}), "ERR -40", 7), "%s: type X is not a filter", E);
    TAP_OK(!strncmp(search(&(journal_query){.after = "2026-01-01.x"}), "ERR -40", 7), "%s: nor a forged cursor", E);
    char two_hundred[220];
    memset(two_hundred, 'b', 200);
    two_hundred[200] = '\0';
    TAP_EQ_STR(find(two_hundred), " ", "%s: 200 characters are fine", E);
    TAP_EQ_STR(find("near or and"), " ", "%s: the same words in lower case are just words", E);

    /* Filters: dates and type. */
    TAP_OK(strstr(search(&(journal_query){.text = "garanti", .from = "2025-12-04", .to = "2025-12-04"}), " ") &&
           !strstr(search(&(journal_query){.text = "garanti", .to = "2025-12-01"}), " 1"),
           "%s: the date filters narrow the hits", E);
    TAP_EQ_STR(search(&(journal_query){.text = "reklamasjon", .type = "U"}), " ", "%s: the type filter (none left)", E);
    TAP_OK(strlen(search(&(journal_query){.text = "Hansen", .type = "U"})) > 2 &&
           !strcmp(search(&(journal_query){.text = "Hansen", .type = "I"}), " "),
           "%s: I and U filter", E);

    /* 30 entries on one day: two pages, no overlap, newest first. */
    char err[256];
    int64_t first = 0, last = 0;
    for (int i = 0; i < 30; i++) {
        int64_t id = reg(&(entry_spec){"Søknad om sideutsikt", NULL, 0, 0, NULL, 'N', NULL});
        assess(id, NULL, err);
        if (!i) first = id;
        last = id;
    }
    arena *a = arena_new();
    journal_result r1, r2;
    journal_search(d, a, &(journal_query){.text = "sideutsikt"}, &r1, err, sizeof err);
    TAP_OK(r1.count == 25 && r1.next && r1.hits[0].entry_id == last, "%s: a page has 25 hits, newest first, and a next", E);
    journal_search(d, a, &(journal_query){.text = "sideutsikt", .after = r1.next}, &r2, err, sizeof err);
    TAP_OK(r2.count == 5 && !r2.next && r2.hits[4].entry_id == first &&
           r2.hits[0].entry_id < r1.hits[24].entry_id, "%s: the next page the other 5, no overlap", E);
    journal_result r3;
    journal_search(d, a, &(journal_query){.text = r1.hits[0].case_number}, &r3, err, sizeof err);
    TAP_OK(r3.count == 25, "%s: a case number in the search field filters by case", E);
    journal_search(d, a, &(journal_query){.text = "sideutsikt", .case_number = r1.hits[0].case_number}, &r3, err, sizeof err);
    TAP_OK(r3.count == 25 && r3.next, "%s: words and a case number together", E);
    journal_search(d, a, &(journal_query){.text = "Sakse", .case_number = r1.hits[0].case_number}, &r3, err, sizeof err);
    TAP_OK(r3.count == 1, "%s: and the one-year rule holds within a case too (%zu)", E, r3.count);
    journal_search(d, a, &(journal_query){.case_number = "2019/1"}, &r3, err, sizeof err);
    TAP_OK(r3.count == 0, "%s: another case number finds nothing", E);
    arena_free(a);
}

/* Every file of an export, concatenated, and how many there were. */
static char *read_export(const char *dir, int *files, int *valid)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "ls '%s'", dir);
    FILE *p = popen(cmd, "r");
    char name[512], *all = calloc(1, 1);
    size_t len = 0;
    *files = *valid = 0;
    while (p && fgets(name, sizeof name, p)) {
        name[strcspn(name, "\n")] = '\0';
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        json_error_t je;
        json_t *j = json_load_file(path, 0, &je);
        (*files)++;
        json_t *graph = j ? json_object_get(j, "@graph") : NULL;
        json_t *entry = graph ? json_array_get(graph, 1) : NULL;
        if (entry && !strcmp(json_string_value(json_object_get(entry, "@type")), "arkiv:Journalpost") &&
            json_object_get(entry, "arkiv:offentligTittel") && json_object_get(entry, "arkiv:offentligTittel_SENSITIV") &&
            !json_object_get(entry, "arkiv:tittel"))
            (*valid)++;
        char *text = j ? json_dumps(j, 0) : NULL;
        if (text) {
            all = realloc(all, len + strlen(text) + 2);
            memcpy(all + len, text, strlen(text) + 1);
            len += strlen(text);
            free(text);
        }
        json_decref(j);
    }
    if (p) pclose(p);
    return all;
}

static void check_export(void)
{
    char dir[512], err[256];
    size_t n = 0;
    snprintf(dir, sizeof dir, "%s/einnsyn-%s", tmpdir, E);
    TAP_EQ_INT(journal_export_einnsyn(d, dir, "2026-12-01", "2026-12-31", &n, err, sizeof err), 0,
               "%s: export-einnsyn writes the published entries of December (%s)", E, err);
    long long published = -1;
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM journal_index WHERE registry_date >= '2026-12-01'");
    if (s && db_step(s) == DB_ROW) published = db_col_int(s, 0);
    db_reset(s);
    int files, valid;
    char *all = read_export(dir, &files, &valid);
    TAP_OK((long long)n == published && files == (int)n && valid == files,
           "%s: one JSON-LD payload per published entry, each a Journalpost with offentligTittel and "
           "offentligTittel_SENSITIV and no tittel (%zu, %d, %d, %lld)", E, n, files, valid, published);
    const char *never[] = {"hemmelig", "Per Varsler", "Telefon med", "reklamasjon", "\"arkiv:tittel\": \"Klage fra"};
    for (size_t i = 0; i < sizeof never / sizeof *never; i++)
        TAP_OK(!strstr(all, never[i]), "%s: «%s» is nowhere in the export", E, never[i]);
    TAP_OK(strstr(all, "\"arkiv:offentligTittel\": \"Klage fra ***** på vaskemaskin\"") &&
           strstr(all, "\"arkiv:offentligTittel_SENSITIV\": \"Klage fra Kari Nordmann på vaskemaskin\""),
           "%s: a person's name is ***** in offentligTittel and stands in offentligTittel_SENSITIV", E);
    TAP_OK(strstr(all, "\"arkiv:korrespondansepartNavn_SENSITIV\": \"Kari Nordmann\"") &&
           strstr(all, "\"arkiv:korrespondansepartNavn\": \"Elektro Hansen AS\""),
           "%s: likewise a person party's name; an organisation's stays", E);
    TAP_OK(strstr(all, "\"arkiv:skjermingshjemmel\": \"Offl. § 13 jf. fvl. § 13 første ledd nr. 1\"") != NULL,
           "%s: the screening with its legal basis", E);
    free(all);
    TAP_EQ_INT(journal_export_einnsyn(d, dir, NULL, NULL, &n, err, sizeof err), JOURNAL_ERR_INVALID,
               "%s: an existing folder is refused (%s)", E, err);
    snprintf(dir, sizeof dir, "%s/einnsyn2-%s", tmpdir, E);
    TAP_EQ_INT(journal_export_einnsyn(d, dir, "2026-12-31", "2026-12-01", &n, err, sizeof err), JOURNAL_ERR_INVALID,
               "%s: so is a from-date after the to-date", E);
    journal_stop_add(d, JOURNAL_STOP_ALL, NULL, "Lene Leder", err, sizeof err);
    TAP_OK(journal_export_einnsyn(d, dir, NULL, NULL, &n, err, sizeof err) == 0 && n == 0,
           "%s: while the journal is stopped nothing is exported", E);
}

static void run(db_engine engine, const char *pg_url)
{
    clock_set_fixed(NOW);
    d = test_db_open_fresh(engine, pg_url, tmpdir, "test_journal", "journal", 1);
    static char var[1024];
    snprintf(var, sizeof var, "%s/var-%s", tmpdir, E);
    mkdir(var, 0750);
    g_app.cfg.var_dir = var;
    TAP_OK(d != NULL, "%s: a fresh database", E);
    if (!d) return;
    archive_case_file c;
    char err[256];
    int rc = db_begin(d);
    if (rc == DB_OK)
        rc = db_finish(d, archive_case_file_open(d, &(archive_case_file_new){.title = "Sak om hvitevarer",
                                                     .admin_unit = "Forbrukerrett", .caseworker = "Sara",
                                                     .created_by = "Sara"}, &c, err, sizeof err));
    case_id = c.id;
    TAP_EQ_INT(rc, 0, "%s: a case file", E);
    check_assessment_and_screening();
    check_name_rule();
    check_input_and_pages();
    check_export();
    db_close(d);
}

int main(void)
{
    if (sodium_init() < 0 || !mkdtemp(tmpdir)) return 1;
    clock_init_timezone();
    journal_register();
    TEST_EACH_ENGINE(run, &E);
    test_remove_tree(tmpdir);
    return tap_done();
}
