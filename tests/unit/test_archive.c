/* The Noark 5 archive on SQLite and, when MINSIDE_TEST_PG_URL is set, on PostgreSQL: case and
 * journal numbers (also under concurrent threads and, on PostgreSQL, processes), registration
 * in the caller's transaction, the document store with verify and sweep, and the extract
 * validated against the official v5.0 XSDs with the public journal's screening. */
#include "app.h"
#include "archive/archive.h"
#include "archive/archive_store.h"
#include "core/clock.h"
#include "db/db.h"
#include "core/files.h"
#include "tap.h"
#include "test_db_env.h"

#include <dirent.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/minside-test-archive.XXXXXX";
static const char *pg_url;
static const char *E;
static char migration_dir[1024];

enum { THREADS = 4, PER_THREAD = 8, PROCESSES = 3, PER_PROCESS = 6 };

/* 2026-03-03 09:00 UTC: 10:00 in Oslo. */
static const int64_t T0 = 1772528400;

static void url_for(db_engine engine, const char *name, char *buf, size_t len)
{
    test_db_url(engine, pg_url, tmpdir, "test_archive", name, buf, len);
}

static db *open_url(db_engine engine, const char *name)
{
    char url[1024], err[512];
    url_for(engine, name, url, sizeof url);
    db *d = NULL;
    if (db_open(url, &d, err, sizeof err) != DB_OK) printf("# %s\n", err);
    return d;
}

/* A new, migrated database (SQLite file or PostgreSQL schema) with its own document folder. */
static db *open_fresh(db_engine engine, const char *name)
{
    db *d = test_db_open_fresh(engine, pg_url, tmpdir, "test_archive", name, 1);
    static char var[1024];
    snprintf(var, sizeof var, "%s/var-%s-%s", tmpdir, E, name);
    mkdir(var, 0750);
    g_app.cfg.var_dir = var;
    return d;
}

static int64_t query_int(db *d, const char *sql)
{
    db_stmt *s = db_prepare(d, sql);
    if (!s) return INT64_MIN;
    int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : INT64_MIN;
    db_reset(s);
    return v;
}

static char *read_all(const char *path)
{
    char *data;
    size_t len;
    return file_read_all(path, &data, &len) == 0 ? data : NULL;
}

static void sha256_hex(const void *p, size_t n, char out[65])
{
    unsigned char h[32];
    crypto_hash_sha256(h, p, n);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static int open_case(db *d, const char *title, archive_case_file *out)
{
    static const char *const words[] = {"Kari Nordmann", NULL};
    archive_case_file_new in = {.title = title,
                                .screened_words = words,
                                .admin_unit = "Avdeling for tvisteløsning",
                                .caseworker = "saksbehandler1",
                                .created_by = "saksbehandler1"};
    char err[256];
    int rc = db_begin(d);
    if (rc == DB_OK) rc = archive_case_file_open(d, &in, out, err, sizeof err);
    if (rc == DB_OK)
        rc = db_commit(d);
    else
        db_rollback(d);
    return rc;
}

static int register_simple(db *d, int64_t case_id, const char *title, const char *content,
                           archive_entry *out)
{
    archive_party_new party = {ARCHIVE_PARTY_SENDER, ARCHIVE_PARTY_ORGANISATION, "Eksempel AS",
                               "910000009"};
    archive_document_new doc = {.title = title,
                                .file_name = "brev.txt",
                                .mime_type = "text/plain",
                                .bytes = content,
                                .size = strlen(content)};
    archive_entry_new in = {.case_file_id = case_id,
                            .type = ARCHIVE_ENTRY_INCOMING,
                            .title = title,
                            .created_by = "saksbehandler1",
                            .parties = &party,
                            .party_count = 1,
                            .documents = &doc,
                            .document_count = 1};
    char err[256];
    int rc = db_begin(d);
    if (rc == DB_OK) rc = archive_entry_register(d, &in, out, err, sizeof err);
    if (rc == DB_OK)
        rc = db_commit(d);
    else {
        printf("# register: %d %s\n", rc, err);
        db_rollback(d);
    }
    return rc;
}

/* ---- registration ---- */

static archive_case_file g_case;
static archive_entry g_screened, g_reply;

static void test_register(db *d)
{
    TAP_EQ_INT(open_case(d, "Mekling – Kari Nordmann mot Eksempel AS", &g_case), DB_OK,
               "%s: a case file opens", E);
    TAP_EQ_STR(g_case.number, "2026/1", "%s: the first case of 2026 is 2026/1", E);
    TAP_OK(strlen(g_case.system_id) == 36 && g_case.system_id[14] == '4',
           "%s: its systemID is a v4 UUID (%s)", E, g_case.system_id);

    const char *words[] = {"Kari Nordmann", NULL};
    archive_party_new parties[] = {
        {ARCHIVE_PARTY_SENDER, ARCHIVE_PARTY_PERSON, "Kari Nordmann", NULL},
        {ARCHIVE_PARTY_RECIPIENT, ARCHIVE_PARTY_ORGANISATION, "Forbrukertilsynet", NULL},
        {ARCHIVE_PARTY_COPY, ARCHIVE_PARTY_ORGANISATION, "Eksempel AS", "910000009"},
    };
    static const char pdf[] = "%PDF-1.4 klage fra Kari Nordmann";
    static const char att[] = "vedlegg: kvittering";
    archive_document_new docs[] = {
        {.title = "Klage",
         .file_name = "klage.pdf",
         .mime_type = "application/pdf",
         .bytes = pdf,
         .size = sizeof pdf - 1},
        {.title = "Kvittering",
         .file_name = "../../etc/passwd",
         .mime_type = "text/plain",
         .bytes = att,
         .size = sizeof att - 1},
    };
    archive_screening sc = {.access_code = "Unntatt offentlighet",
                            .legal_basis = "Offl. § 13 jf. fvl. § 13 første ledd nr. 1",
                            .fields = ARCHIVE_SCREEN_TITLE_WORDS | ARCHIVE_SCREEN_SENDER_NAME,
                            .words = words,
                            .years = 60};
    archive_entry_new in = {.case_file_id = g_case.id,
                            .type = ARCHIVE_ENTRY_INCOMING,
                            .title = "Klage til mekling fra Kari Nordmann",
                            .document_date = "2026-03-01",
                            .created_by = "saksbehandler1",
                            .parties = parties,
                            .party_count = 3,
                            .documents = docs,
                            .document_count = 2,
                            .screening = &sc};
    char err[256] = "";
    int rc = db_begin(d);
    if (rc == DB_OK) rc = archive_entry_register(d, &in, &g_screened, err, sizeof err);
    if (rc == DB_OK) rc = db_commit(d);
    TAP_EQ_INT(rc, DB_OK, "%s: an incoming entry with parties, two documents and screening (%s)", E,
               err);
    TAP_EQ_STR(g_screened.registry_id, "2026/1-1", "%s: registreringsID 2026/1-1", E);
    TAP_EQ_INT(g_screened.seq, 1, "%s: journalsekvensnummer 1", E);
    TAP_EQ_INT(query_int(d, "SELECT COUNT(*) FROM archive_party"), 3, "%s: three parties", E);
    TAP_EQ_INT(query_int(d, "SELECT COUNT(*) FROM archive_document_object"), 2,
               "%s: two document objects", E);
    db_stmt *s = db_prepare(d, "SELECT public_title, screened_fields, screening_ends FROM "
                               "archive_entry WHERE id = $1");
    db_bind_int(s, 1, g_screened.id);
    TAP_OK(db_step(s) == DB_ROW, "%s: the entry is stored", E);
    TAP_EQ_STR(db_col_text(s, 0), "Klage til mekling fra *****",
               "%s: the public title has the screened words replaced", E);
    TAP_EQ_STR(db_col_text(s, 1), "TRO NA", "%s: screened fields as Noark codes", E);
    TAP_EQ_STR(db_col_text(s, 2), "2086-03-03", "%s: the screening lapses after 60 years", E);
    db_reset(s);

    /* A phone call in the case becomes a note without parties or documents. */
    archive_entry note;
    archive_entry_new call = {.case_file_id = g_case.id,
                              .type = ARCHIVE_ENTRY_NOTE,
                              .title = "Telefon fra klager om status",
                              .created_by = "saksbehandler1"};
    rc = db_begin(d);
    if (rc == DB_OK) rc = archive_entry_register(d, &call, &note, err, sizeof err);
    if (rc == DB_OK) rc = db_commit(d);
    TAP_EQ_INT(rc, DB_OK, "%s: a phone call is registered as a note (X)", E);
    TAP_EQ_STR(note.registry_id, "2026/1-2", "%s: the note is entry 2 in the case", E);

    /* The document comes back by id, never by path. */
    db_stmt *q = db_prepare(d, "SELECT o.id FROM archive_document_object o JOIN archive_document "
                               "x ON x.id = o.document_id WHERE x.title = 'Klage'");
    int64_t obj = db_step(q) == DB_ROW ? db_col_int(q, 0) : 0;
    db_reset(q);
    archive_document_content c;
    TAP_EQ_INT(archive_document_open(d, obj, &c), 0, "%s: the document opens by id", E);
    char buf[64] = "";
    if (c.fd >= 0) {
        ssize_t n = pread(c.fd, buf, sizeof buf - 1, 0);
        buf[n > 0 ? n : 0] = '\0';
    } else if (c.data) {
        memcpy(buf, c.data, c.size < sizeof buf - 1 ? c.size : sizeof buf - 1);
    }
    TAP_EQ_STR(buf, pdf, "%s: with its content", E);
    TAP_EQ_STR(c.mime_type, "application/pdf", "%s: and its type", E);
    archive_document_close(&c);
    TAP_EQ_INT(archive_document_open(d, 999999, &c), ARCHIVE_ERR_NOT_FOUND,
               "%s: an unknown id is not found", E);
    archive_document_close(&c);
}

static void test_invalid_and_rollback(db *d)
{
    archive_entry out;
    archive_entry_new in = {.case_file_id = g_case.id,
                            .type = ARCHIVE_ENTRY_OUTGOING,
                            .title = "   ",
                            .created_by = "saksbehandler1"};
    char err[256] = "";
    db_begin(d);
    int rc = archive_entry_register(d, &in, &out, err, sizeof err);
    db_rollback(d);
    TAP_EQ_INT(rc, ARCHIVE_ERR_INVALID, "%s: a blank title is refused", E);
    TAP_OK(strstr(err, "tittel") != NULL, "%s: with a Norwegian message: %s", E, err);

    archive_case_file c;
    archive_case_file_new cn = {
        .title = "Sak uten enhet", .caseworker = "saksbehandler1", .created_by = "saksbehandler1"};
    db_begin(d);
    rc = archive_case_file_open(d, &cn, &c, err, sizeof err);
    db_rollback(d);
    TAP_EQ_INT(rc, ARCHIVE_ERR_INVALID, "%s: a case file without a unit is refused (%s)", E, err);

    archive_party_new bad_org = {ARCHIVE_PARTY_SENDER, ARCHIVE_PARTY_ORGANISATION, "Firma AS",
                                 "12345"};
    in.title = "Brev";
    in.parties = &bad_org;
    in.party_count = 1;
    db_begin(d);
    rc = archive_entry_register(d, &in, &out, err, sizeof err);
    db_rollback(d);
    TAP_EQ_INT(rc, ARCHIVE_ERR_INVALID, "%s: an organisation number without nine digits (%s)", E,
               err);
    in.parties = NULL;
    in.party_count = 0;

    in.title = "Svar";
    in.type = 'Q';
    db_begin(d);
    rc = archive_entry_register(d, &in, &out, err, sizeof err);
    db_rollback(d);
    TAP_EQ_INT(rc, ARCHIVE_ERR_INVALID, "%s: an unknown entry type is refused", E);

    in.type = ARCHIVE_ENTRY_OUTGOING;
    in.case_file_id = 424242;
    db_begin(d);
    rc = archive_entry_register(d, &in, &out, err, sizeof err);
    db_rollback(d);
    TAP_EQ_INT(rc, ARCHIVE_ERR_NOT_FOUND, "%s: an unknown case file is not found (%s)", E, err);

    archive_screening sc = {.access_code = "Unntatt offentlighet",
                            .legal_basis = "Offl. § 13",
                            .fields = ARCHIVE_SCREEN_TITLE_WORDS};
    in.case_file_id = g_case.id;
    in.screening = &sc;
    db_begin(d);
    rc = archive_entry_register(d, &in, &out, err, sizeof err);
    db_rollback(d);
    TAP_EQ_INT(rc, ARCHIVE_ERR_INVALID, "%s: screening title words without words is refused", E);

    /* A registration rolled back with the user action gives its numbers back. */
    int64_t before = query_int(d, "SELECT COUNT(*) FROM archive_entry");
    in.screening = NULL;
    db_begin(d);
    rc = archive_entry_register(d, &in, &out, err, sizeof err);
    int64_t seq_rolled = out.seq;
    db_rollback(d);
    TAP_EQ_INT(rc, DB_OK, "%s: an entry registers inside a transaction", E);
    TAP_EQ_INT(query_int(d, "SELECT COUNT(*) FROM archive_entry"), before,
               "%s: and is gone when the transaction rolls back", E);
    TAP_EQ_INT(register_simple(d, g_case.id, "Svar til klager", "svar", &g_reply), DB_OK,
               "%s: the next entry registers", E);
    TAP_EQ_INT(g_reply.seq, seq_rolled, "%s: and gets the rolled-back number (no gap): %lld", E,
               (long long)g_reply.seq);
}

/* Screening changed after registration, and a screening that lapses. */
static void test_screening_changes(db *d)
{
    static const char *const words[] = {"klager", NULL};
    archive_screening sc = {.access_code = "Unntatt offentlighet",
                            .legal_basis = "Offl. § 13 jf. fvl. § 13 første ledd nr. 1",
                            .fields = ARCHIVE_SCREEN_TITLE_WORDS,
                            .words = words};
    char err[256] = "";
    db_begin(d);
    int rc = archive_entry_set_screening(d, g_reply.id, &sc, "arkivar1", err, sizeof err);
    db_commit(d);
    TAP_EQ_INT(rc, DB_OK, "%s: a screening is added to a registered entry (%s)", E, err);
    db_stmt *s = db_prepare(d, "SELECT public_title FROM archive_entry WHERE id = $1");
    db_bind_int(s, 1, g_reply.id);
    TAP_OK(db_step(s) == DB_ROW && !strcmp(db_col_text(s, 0), "Svar til *****"),
           "%s: its public title is recomputed", E);
    db_reset(s);
    TAP_EQ_INT(query_int(d, "SELECT COUNT(*) FROM archive_change WHERE field IN "
                            "('offentligTittel', 'tilgangsrestriksjon', 'skjermingshjemmel')"),
               3, "%s: the three changed fields are in the change log", E);
    db_begin(d);
    rc = archive_entry_set_screening(d, 999999, &sc, "arkivar1", err, sizeof err);
    db_rollback(d);
    TAP_EQ_INT(rc, ARCHIVE_ERR_NOT_FOUND, "%s: an unknown entry is not found", E);

    /* An entry in April whose screening lapses after one year. */
    clock_set_fixed(T0 + 40 * 86400);
    const char *ola[] = {"Ola Nordmann", NULL};
    archive_screening one_year = {.access_code = "Unntatt offentlighet",
                                  .legal_basis = "Offl. § 13",
                                  .fields = ARCHIVE_SCREEN_TITLE_WORDS,
                                  .words = ola,
                                  .years = 1};
    archive_document_new doc = {
        .title = "Purring", .mime_type = "text/plain", .bytes = "purring", .size = 7};
    archive_party_new party = {ARCHIVE_PARTY_SENDER, ARCHIVE_PARTY_PERSON, "Ola Nordmann", NULL};
    archive_entry_new in = {.case_file_id = g_case.id,
                            .type = ARCHIVE_ENTRY_INCOMING,
                            .title = "Purring fra Ola Nordmann",
                            .created_by = "saksbehandler1",
                            .parties = &party,
                            .party_count = 1,
                            .documents = &doc,
                            .document_count = 1,
                            .screening = &one_year};
    archive_entry e;
    db_begin(d);
    rc = archive_entry_register(d, &in, &e, err, sizeof err);
    db_commit(d);
    TAP_EQ_INT(rc, DB_OK, "%s: an entry registered in April (%s)", E, err);
    clock_set_fixed(T0);
}

/* ---- numbering under concurrency ---- */

typedef struct {
    db_engine engine;
    const char *name;
    int64_t case_id;
    int failures;
} worker_arg;

static int work_batch(db *d, int64_t case_id, int count)
{
    int failures = 0;
    for (int i = 0; i < count; i++) {
        archive_case_file c;
        archive_entry e;
        char content[64];
        snprintf(content, sizeof content, "innhold %p %d", (void *)&c, i);
        int rc;
        /* A busy database is retried as the caller of the API would. */
        for (int tries = 0; (rc = open_case(d, "Sak", &c)) == DB_ERR_BUSY && tries < 20; tries++)
            usleep(10000);
        if (rc) failures++;
        for (int tries = 0;
             (rc = register_simple(d, case_id, "Brev", content, &e)) == DB_ERR_BUSY && tries < 20;
             tries++)
            usleep(10000);
        if (rc) failures++;
    }
    return failures;
}

static void *worker(void *p)
{
    worker_arg *a = p;
    db *d = open_url(a->engine, a->name);
    if (!d) {
        a->failures = PER_THREAD * 2;
        return NULL;
    }
    a->failures = work_batch(d, a->case_id, PER_THREAD);
    db_close(d);
    return NULL;
}

/* 1 when the column holds exactly 1..n for the year, each once. */
static int gap_free(db *d, const char *sql, int64_t n)
{
    db_stmt *s = db_prepare(d, sql);
    int64_t want = 1;
    int ok = s != NULL;
    while (ok && db_step(s) == DB_ROW)
        ok = db_col_int(s, 0) == want++;
    db_reset(s);
    return ok && want - 1 == n;
}

static void test_concurrency(db_engine engine)
{
    db *d = open_fresh(engine, "numbers");
    TAP_OK(d != NULL, "%s: a database for the numbering test", E);
    if (!d) return;
    archive_case_file c;
    open_case(d, "Felles sak", &c);
    pthread_t t[THREADS];
    worker_arg args[THREADS];
    for (int i = 0; i < THREADS; i++) {
        args[i] = (worker_arg){engine, "numbers", c.id, 0};
        pthread_create(&t[i], NULL, worker, &args[i]);
    }
    int failures = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        failures += args[i].failures;
    }
    int64_t n = THREADS * PER_THREAD;
    TAP_EQ_INT(failures, 0, "%s: %d threads register at once without failures", E, THREADS);

    if (engine == DB_POSTGRES) {
        /* Several server processes against one database. */
        pid_t pids[PROCESSES];
        for (int i = 0; i < PROCESSES; i++) {
            pids[i] = fork();
            if (pids[i] == 0) {
                db *own = open_url(engine, "numbers");
                int f = own ? work_batch(own, c.id, PER_PROCESS) : 1;
                _exit(f ? 1 : 0);
            }
        }
        int ok = 1;
        for (int i = 0; i < PROCESSES; i++) {
            int status = 0;
            waitpid(pids[i], &status, 0);
            ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
        }
        TAP_OK(ok, "%s: %d processes register at once without failures", E, PROCESSES);
        n += PROCESSES * PER_PROCESS;
    }
    TAP_OK(gap_free(
               d, "SELECT case_seq FROM archive_case_file WHERE case_year = 2026 ORDER BY case_seq",
               n + 1),
           "%s: case numbers are 1..%lld, each once", E, (long long)n + 1);
    TAP_OK(
        gap_free(
            d, "SELECT entry_seq FROM archive_entry WHERE entry_year = 2026 ORDER BY entry_seq", n),
        "%s: journal numbers are 1..%lld, each once", E, (long long)n);
    TAP_OK(gap_free(d, "SELECT entry_no FROM archive_entry ORDER BY entry_no", n),
           "%s: entry numbers within the shared case are 1..%lld", E, (long long)n);

    /* A new year starts again at 1 (2027-01-01 00:30 in Oslo is still 2026 in UTC). */
    clock_set_fixed(1798759800);
    archive_case_file next;
    open_case(d, "Ny sak", &next);
    TAP_EQ_STR(next.number, "2027/1", "%s: the first case in the new Oslo year is 2027/1", E);
    clock_set_fixed(T0);
    db_close(d);
}

/* ---- the extract ---- */

static int validate(const char *xsd, const char *xml)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    xmlDocPtr doc = xmlReadFile(xml, NULL, XML_PARSE_NONET);
    int rc = vc && doc ? xmlSchemaValidateDoc(vc, doc) : -1;
    xmlFreeDoc(doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return rc;
}

static void test_export(db *d)
{
    const char *spec = getenv("MINSIDE_SPEC_DIR");
    if (!spec) {
        TAP_SKIP("MINSIDE_SPEC_DIR is not set");
        return;
    }
    /* A change of status, recorded in the change log. */
    db_begin(d);
    int rc = archive_case_file_set_status(d, g_case.id, "Avsluttet", "saksbehandler1");
    db_commit(d);
    TAP_EQ_INT(rc, DB_OK, "%s: the case file is closed", E);

    char dir[1024], err[512] = "";
    snprintf(dir, sizeof dir, "%s/uttrekk-%s", tmpdir, E);
    rc = archive_export(d, dir, "2026-01-01", "2026-12-31", NULL, err, sizeof err);
    TAP_EQ_INT(rc, 0, "%s: export-noark writes an extract (%s)", E, err);
    static const char *const files[] = {"arkivstruktur", "endringslogg", "loependeJournal",
                                        "offentligJournal"};
    for (int i = 0; i < 4; i++) {
        char xsd[1024], xml[1200];
        snprintf(xsd, sizeof xsd, "%s/noark5/xsd/v5.0/%s.xsd", spec, files[i]);
        snprintf(xml, sizeof xml, "%s/%s.xml", dir, files[i]);
        TAP_EQ_INT(validate(xsd, xml), 0, "%s: %s.xml is valid against the official v5.0 XSD", E,
                   files[i]);
    }
    char xsd[1024], xml[1200];
    snprintf(xsd, sizeof xsd, "%s/noark5/xsd/addml/addml.xsd", spec);
    snprintf(xml, sizeof xml, "%s/arkivuttrekk.xml", dir);
    TAP_EQ_INT(validate(xsd, xml), 0, "%s: arkivuttrekk.xml is valid against ADDML 8.3", E);

    snprintf(xml, sizeof xml, "%s/arkivstruktur.xml", dir);
    char *a = read_all(xml);
    static const char pdf[] = "%PDF-1.4 klage fra Kari Nordmann";
    char sha[65];
    sha256_hex(pdf, sizeof pdf - 1, sha);
    char want[200];
    snprintf(want, sizeof want, "<sjekksum>%s</sjekksum>", sha);
    TAP_OK(a && strstr(a, want), "%s: arkivstruktur.xml carries the document's SHA-256", E);
    TAP_OK(a && strstr(a, "<sjekksumAlgoritme>SHA256</sjekksumAlgoritme>"),
           "%s: with the algorithm written SHA256", E);
    TAP_OK(a && strstr(a, "<mappeID>2026/1</mappeID>") &&
               strstr(a, "<registreringsID>2026/1-1</registreringsID>"),
           "%s: case and registry numbers", E);
    TAP_OK(a && strstr(a, "<skjermingshjemmel>Offl. § 13 jf. fvl. § 13 første ledd nr. 1"),
           "%s: the screening's legal basis", E);
    /* The referenced file is in the extract with that checksum. */
    const char *ref = a ? strstr(a, "<referanseDokumentfil>") : NULL;
    char path[1400] = "";
    if (ref) {
        ref += strlen("<referanseDokumentfil>");
        int len = (int)(strchr(ref, '<') - ref);
        snprintf(path, sizeof path, "%s/%.*s", dir, len, ref);
    }
    char *copy = path[0] ? read_all(path) : NULL;
    TAP_OK(copy && !strcmp(copy, pdf), "%s: the document file is in the extract (%s)", E, path);
    TAP_OK(strstr(path, "/dokumenter/") && !strstr(path, "passwd"),
           "%s: named by its systemID, not by the name it was uploaded with", E);
    free(copy);
    free(a);

    snprintf(xml, sizeof xml, "%s/arkivuttrekk.xml", dir);
    char *addml = read_all(xml);
    TAP_OK(addml && strstr(addml, sha) && strstr(addml, "<value>SHA-256</value>"),
           "%s: arkivuttrekk.xml lists the document with its SHA-256", E);
    free(addml);

    snprintf(xml, sizeof xml, "%s/endringslogg.xml", dir);
    char *log = read_all(xml);
    TAP_OK(log && strstr(log, "<referanseMetadata>saksstatus</referanseMetadata>") &&
               strstr(log, "<nyVerdi>Avsluttet</nyVerdi>") && strstr(log, g_case.system_id),
           "%s: endringslogg.xml records the status change", E);
    free(log);

    /* Screening in the public journal. */
    snprintf(xml, sizeof xml, "%s/offentligJournal.xml", dir);
    char *pub = read_all(xml);
    snprintf(xml, sizeof xml, "%s/loependeJournal.xml", dir);
    char *internal = read_all(xml);
    TAP_OK(pub && !strstr(pub, "Kari Nordmann"),
           "%s: offentligJournal.xml does not contain the screened name", E);
    TAP_OK(pub && strstr(pub, "<offentligTittel>Klage til mekling fra *****</offentligTittel>"),
           "%s: the public title has ***** for the screened words", E);
    TAP_OK(pub && strstr(pub, "<korrespondansepartNavn>*****</korrespondansepartNavn>") &&
               strstr(pub, "<korrespondansepartNavn>Eksempel AS</korrespondansepartNavn>"),
           "%s: the screened sender is *****, the unscreened copy recipient is named", E);
    TAP_OK(pub && strstr(pub, "<skjermingshjemmel>Offl. § 13 jf. fvl. § 13 første ledd nr. 1") &&
               strstr(pub, "<tilgangsrestriksjon>Unntatt offentlighet</tilgangsrestriksjon>"),
           "%s: and gives the legal basis", E);
    TAP_OK(pub && !strstr(pub, "<tittel>"), "%s: offentligJournal.xml has no tittel", E);
    TAP_OK(pub && !strstr(pub, "Telefon fra klager"),
           "%s: notes (X) stay out of the public journal", E);
    TAP_OK(pub && strstr(pub, "<offentligTittel>Svar til *****</offentligTittel>"),
           "%s: a screening added later applies", E);
    TAP_OK(internal && strstr(internal, "Kari Nordmann") && strstr(internal, "Telefon fra klager"),
           "%s: loependeJournal.xml keeps the names and the note", E);
    free(internal);

    /* The period filter: the year holds the April entry, March only leaves it out. */
    TAP_OK(pub && strstr(pub, "<offentligTittel>Purring fra *****<"),
           "%s: the April entry is in the year's extract, screened", E);
    free(pub);
    snprintf(dir, sizeof dir, "%s/uttrekk-mars-%s", tmpdir, E);
    rc = archive_export(d, dir, "2026-03-01", "2026-03-31", NULL, err, sizeof err);
    snprintf(xml, sizeof xml, "%s/arkivstruktur.xml", dir);
    a = read_all(xml);
    TAP_OK(rc == 0 && a && !strstr(a, "Purring") && strstr(a, "Svar til klager"),
           "%s: --from/--to keeps the entries registered in the period only", E);
    free(a);
    /* Two years on, the one-year screening has lapsed in the public journal. */
    clock_set_fixed(T0 + 730 * 86400);
    snprintf(dir, sizeof dir, "%s/uttrekk-senere-%s", tmpdir, E);
    rc = archive_export(d, dir, NULL, NULL, NULL, err, sizeof err);
    clock_set_fixed(T0);
    snprintf(xml, sizeof xml, "%s/offentligJournal.xml", dir);
    pub = read_all(xml);
    TAP_OK(rc == 0 && pub && strstr(pub, "<offentligTittel>Purring fra Ola Nordmann<") &&
               strstr(pub, "<offentligTittel>Klage til mekling fra *****<"),
           "%s: a lapsed screening shows the title, a running one still hides it", E);
    free(pub);

    snprintf(dir, sizeof dir, "%s/uttrekk-tom-%s", tmpdir, E);
    rc = archive_export(d, dir, "2025-01-01", "2025-12-31", NULL, err, sizeof err);
    TAP_EQ_INT(rc, ARCHIVE_ERR_INVALID, "%s: a period without entries gives no extract (%s)", E,
               err);
    rc = archive_export(d, dir, "2026-13-01", NULL, NULL, err, sizeof err);
    TAP_EQ_INT(rc, ARCHIVE_ERR_INVALID, "%s: a bad date is refused (%s)", E, err);
    snprintf(dir, sizeof dir, "%s/uttrekk-%s", tmpdir, E);
    rc = archive_export(d, dir, NULL, NULL, NULL, err, sizeof err);
    TAP_EQ_INT(rc, ARCHIVE_ERR_INVALID, "%s: an existing folder is not overwritten", E);
}

/* ---- verify and sweep ---- */

static void test_verify(db *d, db_engine engine)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    TAP_EQ_INT(archive_store_verify(d, f, NULL), 0, "%s: verify-documents finds every document intact",
               E);
    fclose(f);
    free(out);

    static const char att[] = "vedlegg: kvittering";
    char sha[65];
    sha256_hex(att, sizeof att - 1, sha);
    if (engine == DB_SQLITE) {
        char path[1400];
        snprintf(path, sizeof path, "%s/documents/%.2s/%s", g_app.cfg.var_dir, sha, sha + 2);
        int fd = open(path, O_WRONLY);
        TAP_OK(fd >= 0 && pwrite(fd, "V", 1, 0) == 1, "%s: a stored file is damaged on disk", E);
        if (fd >= 0) close(fd);
    } else {
        char sql[300];
        snprintf(sql, sizeof sql,
                 "UPDATE archive_blob SET content = decode('00', 'hex') WHERE sha256 = '%s'", sha);
        TAP_EQ_INT(db_exec(d, sql), DB_OK, "%s: a stored row is damaged", E);
    }
    f = open_memstream(&out, &len);
    int bad = archive_store_verify(d, f, NULL);
    fclose(f);
    TAP_EQ_INT(bad, 1, "%s: verify-documents finds the damaged document", E);
    TAP_OK(out && strstr(out, sha) && strstr(out, "forventet sjekksum"),
           "%s: and names it with the expected checksum: %s", E, out ? out : "");
    free(out);
    char dir[1024], err[512];
    snprintf(dir, sizeof dir, "%s/uttrekk-skadet-%s", tmpdir, E);
    TAP_EQ_INT(archive_export(d, dir, NULL, NULL, NULL, err, sizeof err), ARCHIVE_ERR_IO,
               "%s: an extract refuses a damaged document (%s)", E, err);
}

static size_t count_files(const char *dir)
{
    size_t n = 0;
    DIR *dh = opendir(dir);
    if (!dh) return 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.') continue;
        char sub[1400];
        snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(sub, &st) != 0) continue;
        n += S_ISDIR(st.st_mode) ? count_files(sub) : 1;
    }
    closedir(dh);
    return n;
}

static void test_sweep(db *d)
{
    char docs[1200];
    snprintf(docs, sizeof docs, "%s/documents", g_app.cfg.var_dir);
    size_t before = count_files(docs);
    /* An upload whose registration never commits leaves a file and no row ... */
    archive_document_new doc = {
        .title = "Avbrutt", .mime_type = "text/plain", .bytes = "aldri lagret", .size = 12};
    archive_entry_new in = {.case_file_id = g_case.id,
                            .type = ARCHIVE_ENTRY_INCOMING,
                            .title = "Avbrutt",
                            .created_by = "saksbehandler1",
                            .documents = &doc,
                            .document_count = 1};
    archive_entry out;
    char err[256];
    db_begin(d);
    int rc = archive_entry_register(d, &in, &out, err, sizeof err);
    db_rollback(d);
    TAP_EQ_INT(rc, DB_OK, "sqlite: a registration runs and is rolled back");
    TAP_EQ_INT(count_files(docs), before + 1, "sqlite: its file is on disk without a row");
    /* ... and a crash while copying leaves a temporary file. */
    char tmp[1300];
    snprintf(tmp, sizeof tmp, "%s/tmp/upload-crashed", docs);
    FILE *f = fopen(tmp, "w");
    if (f) fclose(f);
    TAP_EQ_INT(archive_store_sweep(d, NULL), 2, "sqlite: the sweep removes both");
    TAP_EQ_INT(count_files(docs), before, "sqlite: and leaves every file a row points at");
    FILE *null = fopen("/dev/null", "w");
    TAP_EQ_INT(archive_store_verify(d, null, NULL), 1, "sqlite: (only the damaged one is still bad)");
    fclose(null);
}

static void run_engine(db_engine engine)
{
    E = engine == DB_SQLITE ? "sqlite" : "postgres";
    clock_set_fixed(T0);
    db *d = open_fresh(engine, "main");
    TAP_OK(d != NULL, "%s: a migrated database", E);
    if (!d) return;
    test_register(d);
    test_invalid_and_rollback(d);
    test_screening_changes(d);
    test_export(d);
    test_verify(d, engine);
    if (engine == DB_SQLITE) test_sweep(d);
    db_close(d);
    test_concurrency(engine);
}

int main(void)
{
    if (sodium_init() < 0 || !mkdtemp(tmpdir)) return 1;
    const char *data = getenv("MINSIDE_DATA_DIR");
    snprintf(migration_dir, sizeof migration_dir, "%s/src/db/migrations", data ? data : ".");
    run_engine(DB_SQLITE);
    pg_url = getenv("MINSIDE_TEST_PG_URL");
    if (pg_url && *pg_url)
        run_engine(DB_POSTGRES);
    else
        TAP_SKIP(
            "PostgreSQL: MINSIDE_TEST_PG_URL is not set (run under tests/pg/with-postgres.sh)");
    if (!getenv("MINSIDE_TEST_KEEP"))
        test_remove_tree(tmpdir);
    else
        printf("# kept %s\n", tmpdir);
    xmlCleanupParser();
    return tap_done();
}
