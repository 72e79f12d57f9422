/* Fills a migrated Min side database with made-up cases for the cases benchmark, in the shape
 * given on the command line, on SQLite or PostgreSQL (the same db API as minside):
 *
 *   gen-cases --db URL --orgs 50 --cases-per-org 1800 --big-org 10000 --messages 4
 *
 * makes 50 organisations with 1,800 cases each and one more organisation with 10,000 (100,000
 * cases), each case with its opening event and 4 messages on its timeline. Mediation cases (7
 * of 10) name the organisation as motpart and are submitted by one of 1,000 consumers; guidance
 * requests (2 of 10) and tips (1 of 10) are submitted by the organisation's administrator.
 * Mediation and guidance cases get a case file (saksmappe) with numbers following the archive's
 * counter; statuses follow the case rules (the oldest 70 % closed, the newest 1 % new, the rest
 * in progress), with one of 50 caseworkers on every case past «Mottatt».
 *
 * It also makes a bench person, confirmed administrator of the big organisation and acting for
 * it, and a bench caseworker, each with a session, and prints what the load script needs:
 * person_cookie=, staff_cookie=, big_orgnr=, person_case= (a case of the big organisation),
 * staff_case=. Rows go in one transaction, several hundred to a statement. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive/archive.h"
#include "auth/session.h"
#include "cases/case_rules.h"
#include "core/strbuf.h"
#include "db/db.h"

enum { BATCH_ROWS = 400, CONSUMERS = 1000, STAFF = 50, MAX_COLS = 16 };

/* A multi-row INSERT filled value by value and sent every BATCH_ROWS rows. */
typedef struct {
    char type; /* 'i', 't', 'b' (blob of t), 'n' */
    int64_t i;
    char *t;
} value;

typedef struct batch {
    db *d;
    const char *head; /* "INSERT INTO t (a, b) VALUES " */
    int cols, rows;
    value *vals;
    int n;
    long long total;
    struct batch *before[2]; /* batches whose rows these rows name: sent first */
} batch;

static void die(const char *what, db *d)
{
    fprintf(stderr, "gen-cases: %s%s%s\n", what, d ? ": " : "", d ? db_errmsg(d) : "");
    exit(1);
}

static void batch_init(batch *b, db *d, const char *head, int cols)
{
    memset(b, 0, sizeof *b);
    b->d = d;
    b->head = head;
    b->cols = cols;
    b->vals = calloc((size_t)BATCH_ROWS * (size_t)cols, sizeof *b->vals);
    if (!b->vals) die("no memory", NULL);
}

static void batch_flush(batch *b)
{
    for (int i = 0; i < 2; i++)
        if (b->before[i]) batch_flush(b->before[i]);
    if (!b->rows) return;
    strbuf sql = STRBUF_INIT;
    strbuf_puts(&sql, b->head);
    int p = 1;
    for (int r = 0; r < b->rows; r++) {
        strbuf_puts(&sql, r ? ", (" : "(");
        for (int c = 0; c < b->cols; c++)
            strbuf_printf(&sql, "%s$%d", c ? ", " : "", p++);
        strbuf_putc(&sql, ')');
    }
    db_stmt *s = db_prepare(b->d, sql.data);
    if (!s) die(b->head, b->d);
    for (int k = 0; k < b->n; k++) {
        value *v = &b->vals[k];
        int rc = v->type == 'i'   ? db_bind_int(s, k + 1, v->i)
                 : v->type == 't' ? db_bind_text(s, k + 1, v->t)
                 : v->type == 'b' ? db_bind_blob(s, k + 1, v->t, strlen(v->t))
                                  : db_bind_null(s, k + 1);
        if (rc != DB_OK) die("bind", b->d);
        free(v->t);
        v->t = NULL;
    }
    if (db_step(s) != DB_DONE) die(b->head, b->d);
    db_reset(s);
    strbuf_free(&sql);
    b->total += b->rows;
    b->rows = b->n = 0;
}

static void batch_value(batch *b, char type, int64_t i, const char *t)
{
    b->vals[b->n++] = (value){type, i, t ? strdup(t) : NULL};
    if (b->n % b->cols == 0 && ++b->rows == BATCH_ROWS) batch_flush(b);
}
#define VI(b, x) batch_value(b, 'i', (x), NULL)
static void batch_text(batch *b, const char *t)
{
    batch_value(b, t ? 't' : 'n', 0, t);
}
#define VT(b, x) batch_text(b, (x))
#define VN(b) batch_value(b, 'n', 0, NULL)

static void batch_done(batch *b)
{
    batch_flush(b);
    free(b->vals);
}

/* A nine-digit organisation number with a valid MOD11 control digit, from 92000000 up. */
static void orgnr_make(int index, char out[10])
{
    static const int w[] = {3, 2, 7, 6, 5, 4, 3, 2};
    for (int base = 92000000 + index * 3;; base++) {
        char digits[16];
        snprintf(digits, sizeof digits, "%08d", base % 100000000);
        int sum = 0;
        for (int i = 0; i < 8; i++)
            sum += (digits[i] - '0') * w[i];
        int control = 11 - sum % 11;
        if (control == 11) control = 0;
        if (control == 10) continue;
        digits[8] = (char)('0' + control);
        digits[9] = '\0';
        memcpy(out, digits, 10);
        return;
    }
}

static int64_t scalar(db *d, const char *sql)
{
    db_stmt *s = db_prepare(d, sql);
    int64_t v = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    if (s) db_reset(s);
    return v;
}

typedef struct {
    int orgs, per_org, big, messages;
    const char *url;
} shape;

static void usage(void)
{
    fprintf(stderr, "bruk: gen-cases --db URL [--orgs N] [--cases-per-org N] [--big-org N] "
                    "[--messages N]\n");
    exit(2);
}

static shape parse_args(int argc, char **argv)
{
    shape s = {50, 1800, 10000, 4, getenv("MINSIDE_DATABASE_URL")};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) usage();
        if (!strcmp(a, "--db"))
            s.url = v;
        else if (!strcmp(a, "--orgs"))
            s.orgs = atoi(v);
        else if (!strcmp(a, "--cases-per-org"))
            s.per_org = atoi(v);
        else if (!strcmp(a, "--big-org"))
            s.big = atoi(v);
        else if (!strcmp(a, "--messages"))
            s.messages = atoi(v);
        else
            usage();
        i++;
    }
    if (!s.url || s.orgs < 0 || s.per_org < 0 || s.big < 0 || s.messages < 0 || s.orgs > 100000 ||
        s.per_org > 1000000 || s.messages > 100)
        usage();
    return s;
}

/* What one case gets, from its position k within its organisation. */
static const char *case_type_of(int k)
{
    return k % 10 < 7 ? CASE_TYPE_MEDIATION : k % 10 < 9 ? CASE_TYPE_GUIDANCE : CASE_TYPE_TIP;
}

/* Like a register with years of history: the oldest 70 % of an organisation's cases are closed,
 * the newest 1 % are new (no caseworker yet), the rest are being handled. */
static const char *status_of(const char *type, int k, int n)
{
    static const char *const mediation[] = {"under_behandling", "venter_motpart", "venter_klager"};
    static const char *const guidance[] = {"under_behandling", "besvart"};
    if (k >= n - (n + 99) / 100) return "mottatt";
    int tip = !strcmp(type, CASE_TYPE_TIP);
    if (k < n * 7 / 10) return tip ? "vurdert" : "avsluttet";
    if (tip) return "mottatt";
    if (!strcmp(type, CASE_TYPE_MEDIATION)) return mediation[(k / 10) % 3];
    return guidance[(k / 10) % 2];
}

typedef struct {
    batch person, org, member, file, record, corg, event;
    int64_t next_person, next_case, next_file, seq, now, staff[STAFF];
    int year, messages;
    long long total_cases;
} gen;

static int64_t person_add(gen *g, const char *name)
{
    int64_t id = g->next_person++;
    char key[64];
    snprintf(key, sizeof key, "bench-person-%lld", (long long)id);
    VI(&g->person, id);
    VT(&g->person, key);
    batch_value(&g->person, 'b', 0, key);
    VT(&g->person, "1980-01-01");
    VT(&g->person, name);
    VI(&g->person, g->now);
    VI(&g->person, g->now);
    return id;
}

static void case_add(gen *g, const char *orgnr, int64_t admin, int64_t first_consumer, int k, int n)
{
    const char *type = case_type_of(k), *status = status_of(type, k, n);
    const case_status_info *st = case_status_find(type, status);
    int64_t id = g->next_case++, file = 0;
    int64_t created = g->now - (int64_t)(g->total_cases - id) * 60;
    char reference[40], title[120];
    snprintf(title, sizeof title, "%s nr. %d",
             !strcmp(type, CASE_TYPE_MEDIATION)  ? "Klage"
             : !strcmp(type, CASE_TYPE_GUIDANCE) ? "Spørsmål"
                                                 : "Tips",
             k + 1);
    if (strcmp(type, CASE_TYPE_TIP)) {
        file = g->next_file++;
        int64_t seq = ++g->seq;
        char uuid[37], date[11];
        archive_uuid_v4(uuid);
        time_t t = (time_t)created;
        strftime(date, sizeof date, "%Y-%m-%d", gmtime(&t));
        snprintf(reference, sizeof reference, "%d/%lld", g->year, (long long)seq);
        batch *b = &g->file;
        VI(b, file);
        VI(b, 1);
        VT(b, uuid);
        VI(b, g->year);
        VI(b, seq);
        VT(b, title);
        VT(b, title);
        VT(b, case_archive_status(type, status));
        VT(b, "Forbrukertilsynet");
        VT(b, "Bench Saksbehandler");
        VT(b, date);
        VI(b, created);
        VT(b, "Min side");
    } else {
        snprintf(reference, sizeof reference, "T-%lld", (long long)id);
    }
    int mediation = !strcmp(type, CASE_TYPE_MEDIATION);
    int64_t submitter = mediation ? first_consumer + id % CONSUMERS : admin;
    /* Everything but the newest cases has a caseworker (tips being assessed stay «Mottatt»). */
    int64_t caseworker = k >= n - (n + 99) / 100 ? 0 : g->staff[(id / 7) % STAFF];
    char deadline[11];
    time_t due = (time_t)(created + 30 * 86400);
    strftime(deadline, sizeof deadline, "%Y-%m-%d", gmtime(&due));
    batch *b = &g->record;
    VI(b, id);
    VT(b, type);
    VT(b, status);
    VT(b, reference);
    if (file)
        VI(b, file);
    else
        VN(b);
    VT(b, title);
    /* The keys the public complaint form stores. */
    VT(b, "{\"kjopt\":\"Vaskemaskin\",\"kjopsdato\":\"2026-09-01\",\"problem\":\"Den lekker "
          "etter to uker.\",\"krav\":\"Ny maskin eller pengene tilbake\"}");
    VI(b, submitter);
    if (mediation)
        VN(b);
    else
        VT(b, orgnr);
    if (mediation)
        VT(b, orgnr);
    else
        VN(b);
    if (caseworker)
        VI(b, caseworker);
    else
        VN(b);
    if (st && st->open && k % 3 == 0) {
        VT(b, deadline);
        VT(b, "Frist for virksomheten til å svare");
    } else {
        VN(b);
        VN(b);
    }
    VI(b, created);
    VI(b, created);
    if (st && !st->open)
        VI(b, created + 86400);
    else
        VN(b);
    b = &g->corg;
    VT(b, orgnr);
    VT(b, type);
    VI(b, id);
    VT(b, mediation ? "motpart" : "innsender");
    b = &g->event;
    VI(b, id);
    VT(b, "mottatt");
    VT(b, "Saken er mottatt.");
    VT(b, "Min side");
    VT(b, "parter");
    VI(b, created);
    static const char *const audiences[] = {"innsender", "motpart", "parter", "intern"};
    for (int m = 0; m < g->messages; m++) {
        VI(b, id);
        VT(b, "melding");
        VT(b, "Melding om saken, med spørsmål og svar.");
        VT(b, m % 2 ? "Forbrukertilsynet" : "Innsender");
        VT(b, audiences[m % 4]);
        VI(b, created + (m + 1) * 3600);
    }
}

static void org_add(gen *g, int index, const char *name, int cases, int64_t first_consumer,
                    char orgnr[10], int64_t bench_person)
{
    orgnr_make(index, orgnr);
    VT(&g->org, orgnr);
    VT(&g->org, name);
    char norm[200];
    snprintf(norm, sizeof norm, "bench virksomhet %d", index);
    VT(&g->org, norm);
    VI(&g->org, g->now);
    int64_t admin = bench_person ? bench_person : person_add(g, "Administrator");
    batch_flush(&g->person);
    batch *b = &g->member;
    VT(b, orgnr);
    VI(b, admin);
    VT(b, "administrator");
    VT(b, "bekreftet");
    VT(b, "Administrator");
    VI(b, g->now);
    VI(b, g->now);
    for (int k = 0; k < cases; k++)
        case_add(g, orgnr, admin, first_consumer, k, cases);
}

static void session_make(db *d, const char *provider, int64_t person, int64_t staff,
                         const char *orgnr, int64_t now, const char *label)
{
    char token[65], hash[65], csrf[65];
    session_random_hex(token);
    session_random_hex(csrf);
    session_hash_hex(token, hash);
    int rc = person ? db_run(d,
                             "INSERT INTO session (token_hash, provider, person_id, csrf_token, "
                             "created_at, last_seen_at, expires_at, active_orgnr) VALUES "
                             "($1, $2, $3, $4, $5, $5, $6, $7)",
                             "ttitiit", hash, provider, person, csrf, now, now + 8 * 3600, orgnr)
                    : db_run(d,
                             "INSERT INTO session (token_hash, provider, staff_id, csrf_token, "
                             "created_at, last_seen_at, expires_at) VALUES "
                             "($1, $2, $3, $4, $5, $5, $6)",
                             "ttitii", hash, provider, staff, csrf, now, now + 8 * 3600);
    if (rc != DB_OK) die("session", d);
    printf("%s=%s\n", label, token);
}

int main(int argc, char **argv)
{
    shape sh = parse_args(argc, argv);
    if (sodium_init() < 0) die("libsodium", NULL);
    db *d = NULL;
    char err[512];
    if (db_open(sh.url, &d, err, sizeof err) != DB_OK) {
        fprintf(stderr, "gen-cases: %s\n", err);
        return 1;
    }
    gen g = {.now = (int64_t)time(NULL), .messages = sh.messages};
    time_t t = (time_t)g.now;
    g.year = gmtime(&t)->tm_year + 1900;
    if (db_begin(d) != DB_OK) die("begin", d);
    g.next_person = scalar(d, "SELECT COALESCE(MAX(id), 0) + 1 FROM person");
    g.next_case = scalar(d, "SELECT COALESCE(MAX(id), 0) + 1 FROM case_record");
    g.next_file = scalar(d, "SELECT COALESCE(MAX(id), 0) + 1 FROM archive_case_file");
    db_stmt *s = db_prepare(
        d, "SELECT COALESCE(MAX(case_seq), 0) FROM archive_case_file WHERE case_year = $1");
    if (!s || db_bind_int(s, 1, g.year) != DB_OK || db_step(s) != DB_ROW) die("case numbers", d);
    g.seq = db_col_int(s, 0);
    db_reset(s);
    int64_t first_case = g.next_case;
    g.total_cases = first_case + (long long)sh.orgs * sh.per_org + sh.big;

    for (int i = 0; i < STAFF; i++) {
        char subject[64];
        snprintf(subject, sizeof subject, "bench-saksbehandler-%d-%lld", i, (long long)g.now);
        if (db_run(d,
                   "INSERT INTO staff (subject, name, roles, last_login_at) VALUES ($1, $2, "
                   "'saksbehandler', $3)",
                   "tti", subject, "Bench Saksbehandler", g.now) != DB_OK)
            die("staff", d);
        s = db_prepare(d, "SELECT id FROM staff WHERE subject = $1");
        if (!s || db_bind_text(s, 1, subject) != DB_OK || db_step(s) != DB_ROW) die("staff", d);
        g.staff[i] = db_col_int(s, 0);
        db_reset(s);
    }
    batch_init(&g.person, d,
               "INSERT INTO person (id, pid_hash, pid_enc, birth_date, name, created_at, "
               "updated_at) VALUES ",
               7);
    batch_init(&g.org, d, "INSERT INTO organisation (orgnr, name, name_norm, updated_at) VALUES ",
               4);
    batch_init(&g.member, d,
               "INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, "
               "due_at) VALUES ",
               7);
    batch_init(
        &g.file, d,
        "INSERT INTO archive_case_file (id, series_id, system_id, case_year, case_seq, title, "
        "public_title, status, admin_unit, caseworker, case_date, created_at, created_by) VALUES ",
        13);
    batch_init(
        &g.record, d,
        "INSERT INTO case_record (id, case_type, status, reference, case_file_id, title, details, "
        "submitter_person_id, submitter_orgnr, counterpart_orgnr, caseworker_staff_id, deadline, "
        "deadline_text, created_at, updated_at, closed_at) VALUES ",
        16);
    batch_init(&g.corg, d, "INSERT INTO case_org (orgnr, case_type, case_id, party_role) VALUES ",
               4);
    batch_init(&g.event, d,
               "INSERT INTO case_event (case_id, kind, text, actor, audience, created_at) VALUES ",
               6);

    g.record.before[0] = &g.file;
    g.record.before[1] = &g.person;
    g.corg.before[0] = g.event.before[0] = &g.record;
    g.member.before[0] = &g.person;
    int64_t first_consumer = g.next_person;
    for (int i = 0; i < CONSUMERS; i++)
        person_add(&g, "Forbruker");
    int64_t bench_person = person_add(&g, "Bench Administrator");
    batch_flush(&g.person); /* persons before the rows that name them */
    char orgnr[10], big_orgnr[10] = "";
    int base = (int)(g.now % 100000); /* new numbers on each run into the same database */
    for (int o = 0; o < sh.orgs; o++) {
        char name[64];
        snprintf(name, sizeof name, "BENCH VIRKSOMHET %d AS", o + 1);
        org_add(&g, base + o, name, sh.per_org, first_consumer, orgnr, 0);
    }
    int64_t big_first = g.next_case;
    if (sh.big > 0)
        org_add(&g, base + sh.orgs, "BENCH STORKJEDE AS", sh.big, first_consumer, big_orgnr,
                bench_person);
    batch *all[] = {&g.person, &g.org, &g.member, &g.file, &g.record, &g.corg, &g.event};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        batch_done(all[i]);

    if (db_run(d,
               "INSERT INTO archive_counter (kind, year, last_value) VALUES ('saksmappe', $1, $2) "
               "ON CONFLICT (kind, year) DO UPDATE SET last_value = excluded.last_value",
               "ii", (int64_t)g.year, g.seq) != DB_OK)
        die("archive_counter", d);
    if (db_engine_of(d) == DB_POSTGRES) {
        /* Explicit ids were given: the identity sequences must continue after them. */
        static const char *const tables[] = {"person", "case_record", "archive_case_file"};
        for (size_t i = 0; i < 3; i++) {
            char sql[256];
            snprintf(sql, sizeof sql,
                     "SELECT setval(pg_get_serial_sequence('%s', 'id'), "
                     "(SELECT MAX(id) FROM %s))",
                     tables[i], tables[i]);
            if (db_exec(d, sql) != DB_OK) die("setval", d);
        }
    }
    session_make(d, "public", bench_person, 0, big_orgnr, g.now, "person_cookie");
    session_make(d, "staff", 0, g.staff[0], NULL, g.now, "staff_cookie");
    if (db_commit(d) != DB_OK) die("commit", d);
    /* The planner's figures for the new rows; on PostgreSQL also the visibility map, which a
     * bulk load leaves empty and which index-only scans need (autovacuum would get there). */
    if (db_exec(d, db_engine_of(d) == DB_POSTGRES ? "VACUUM (ANALYZE)" : "ANALYZE") != DB_OK)
        die("analyze", d);
    printf("big_orgnr=%s\nperson_case=%lld\nstaff_case=%lld\ncases=%lld\nevents=%lld\n", big_orgnr,
           /* cases being handled, not closed ones */
           (long long)(sh.big ? big_first + sh.big * 8 / 10 : first_case),
           (long long)(first_case + sh.per_org * 8 / 10), g.record.total, g.event.total);
    db_close(d);
    return 0;
}
