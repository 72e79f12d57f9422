/* Fills a migrated Min side database with a year of made-up statistics for the statistics page's
 * benchmark, on SQLite or PostgreSQL (the same db API as minside):
 *
 *   gen-stats --db URL [--days 365] [--cases-per-day 60]
 *
 * Web statistics: for every day, 40 route patterns × 3 device classes, each with no referrer and
 * with one of 30 referring hosts (240 rows a day, views 1–500), the day's unique visitors, and
 * 2,000 of today's visitor hashes. Cases: cases-per-day cases a day (7 of 10 mediation, 2
 * guidance, 1 tip); mediation cases older than 10 days closed 1–120 days after filing (1 in 20
 * withdrawn). Organisations: 8 administrator applications a working day, decided within 0–3
 * days (a few still open). Innsyn: 6 requests a working day, answered within 0–6 days. Also a manager (`leder`) with a session: prints manager_cookie=.
 * Everything goes in one transaction. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/session.h"
#include "core/clock.h"
#include "core/workdays.h"
#include "db/db.h"

static void die(const char *what, db *d)
{
    fprintf(stderr, "gen-stats: %s%s%s\n", what, d ? ": " : "", d ? db_errmsg(d) : "");
    exit(1);
}

static int64_t scalar(db *d, const char *sql)
{
    db_stmt *s = db_prepare(d, sql);
    if (!s || db_step(s) != DB_ROW) die(sql, d);
    int64_t v = db_col_int(s, 0);
    db_reset(s);
    return v;
}

static void web_day(db *d, const char *day, int today)
{
    static const char *const devices[] = {"mobil", "nettbrett", "datamaskin"};
    char route[64], host[64];
    for (int r = 0; r < 40; r++) {
        snprintf(route, sizeof route, r == 0 ? "/" : "/side-%d/:id", r);
        for (int dv = 0; dv < 3; dv++)
            for (int ref = 0; ref < 2; ref++) {
                if (ref) snprintf(host, sizeof host, "www.nettsted-%u.no", randombytes_uniform(30));
                if (db_run(d, "INSERT INTO stats_page_view (day, route, referrer_host, device, views) "
                              "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (day, route, referrer_host, "
                              "device) DO UPDATE SET views = stats_page_view.views + excluded.views",
                           "tttti", day, route, ref ? host : "", devices[dv],
                           (int64_t)randombytes_uniform(500) + 1) < 0)
                    die("page views", d);
            }
    }
    if (!today) {
        if (db_run(d, "INSERT INTO stats_visitor_day (day, visitors) VALUES ($1, $2)", "ti", day,
                   (int64_t)randombytes_uniform(3000) + 500) < 0)
            die("visitors", d);
        return;
    }
    unsigned char hash[16];
    for (int i = 0; i < 2000; i++) {
        randombytes_buf(hash, sizeof hash);
        db_stmt *s = db_prepare(d, "INSERT INTO stats_visitor (day, hash) VALUES ($1, $2)");
        if (!s || db_bind_text(s, 1, day) || db_bind_blob(s, 2, hash, sizeof hash) ||
            db_step(s) < 0)
            die("visitor hashes", d);
        db_reset(s);
    }
}

static void cases_day(db *d, int64_t day_start, int per_day, int64_t now, int64_t *ref)
{
    for (int i = 0; i < per_day; i++) {
        uint32_t kind = randombytes_uniform(10);
        const char *type = kind < 7 ? "mekling" : kind < 9 ? "veiledning" : "tips";
        int64_t created = day_start + 7 * 3600 + randombytes_uniform(10 * 3600);
        int64_t closed = 0;
        const char *status = "mottatt";
        if (kind < 7 && now - created > 10 * 86400) {
            closed = created + (int64_t)(randombytes_uniform(120) + 1) * 86400;
            if (closed < now) status = randombytes_uniform(20) ? "avsluttet" : "trukket";
            else closed = 0;
        }
        char reference[32];
        snprintf(reference, sizeof reference, "S/%lld", (long long)++*ref);
        if (db_run(d, "INSERT INTO case_record (case_type, status, reference, title, details, "
                      "created_at, updated_at, closed_at) VALUES ($1, $2, $3, 'Sak', '{}', $4, $4, $5)",
                   closed ? "tttii" : "tttin", type, status, reference, created, closed) < 0)
            die("cases", d);
    }
}

static void applications_day(db *d, civil_date day, int64_t person, int64_t now, int64_t *orgnr)
{
    if (!is_working_day(day)) return;
    int64_t start = civil_date_start_oslo(day);
    for (int i = 0; i < 8; i++) {
        int64_t applied = start + 8 * 3600 + randombytes_uniform(8 * 3600);
        int64_t decided = applied + (int64_t)randombytes_uniform(3 * 86400 + 1);
        int open = decided > now;
        char nr[24];
        snprintf(nr, sizeof nr, "%lld", (long long)++*orgnr);
        if (db_run(d, "INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, "
                      "due_at, decided_at) VALUES ($1, $2, 'administrator', $3, 'Bench', $4, $4, $5)",
                   open ? "titin" : "titii", nr, person, open ? "ubekreftet" : "bekreftet", applied,
                   decided) < 0)
            die("applications", d);
    }
}

static void innsyn_day(db *d, civil_date day, int64_t now)
{
    if (!is_working_day(day)) return;
    int64_t start = civil_date_start_oslo(day);
    for (int i = 0; i < 6; i++) {
        int64_t received = start + 9 * 3600 + randombytes_uniform(6 * 3600);
        int64_t answered = received + (int64_t)randombytes_uniform(7 * 86400);
        int open = answered > now;
        if (db_run(d, "INSERT INTO innsyn_request (source, state, created_at, received_at, answered_at) "
                      "VALUES ('nett', $1, $2, $2, $3)",
                   open ? "tin" : "tii", open ? "mottatt" : "besvart", received, answered) < 0 ||
            (!open && db_run(d, "INSERT INTO innsyn_log (request_id, at, event, text) VALUES "
                                "((SELECT MAX(id) FROM innsyn_request), $1, 'avgjort', 'Svar')",
                             "i", answered) < 0))
            die("innsyn", d);
    }
}

int main(int argc, char **argv)
{
    const char *url = NULL;
    int days = 365, per_day = 60;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--db")) url = argv[i + 1];
        else if (!strcmp(argv[i], "--days")) days = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--cases-per-day")) per_day = atoi(argv[i + 1]);
    }
    if (!url || days < 1 || per_day < 0) {
        fprintf(stderr, "bruk: gen-stats --db URL [--days 365] [--cases-per-day 60]\n");
        return 2;
    }
    if (sodium_init() < 0 || clock_init_timezone() != 0) die("libsodium or time zone", NULL);
    db *d = NULL;
    char err[512];
    if (db_open(url, &d, err, sizeof err) != DB_OK) {
        fprintf(stderr, "gen-stats: %s\n", err);
        return 1;
    }
    int64_t now = (int64_t)time(NULL);
    if (db_begin(d) != DB_OK) die("begin", d);
    if (db_run(d, "INSERT INTO person (pid_hash, pid_enc, birth_date, name, created_at, updated_at) "
                  "VALUES ('bench-stats', 'x', '1970-01-01', 'Bench Søker', 0, 0)", "") < 0)
        die("person", d);
    int64_t person = scalar(d, "SELECT MAX(id) FROM person");
    int64_t ref = scalar(d, "SELECT COUNT(*) FROM case_record"), orgnr = 900000000;
    civil_date today = civil_date_oslo(now);
    for (int i = days - 1; i >= 0; i--) {
        civil_date day = civil_date_add_days(today, -i);
        char ymd[11];
        civil_date_format(day, ymd);
        web_day(d, ymd, i == 0);
        cases_day(d, civil_date_start_oslo(day), per_day, now, &ref);
        applications_day(d, day, person, now, &orgnr);
        innsyn_day(d, day, now);
    }
    if (db_run(d, "INSERT INTO staff (subject, name, roles, last_login_at) VALUES "
                  "('bench-leder', 'Bench Leder', 'saksbehandler leder', 0)", "") < 0)
        die("staff", d);
    int64_t staff = scalar(d, "SELECT id FROM staff WHERE subject = 'bench-leder'");
    char token[65], hash[65], csrf[65];
    session_random_hex(token);
    session_random_hex(csrf);
    session_hash_hex(token, hash);
    if (db_run(d, "INSERT INTO session (token_hash, provider, staff_id, csrf_token, created_at, "
                  "last_seen_at, expires_at) VALUES ($1, 'staff', $2, $3, $4, $4, $5)",
               "titii", hash, staff, csrf, now, now + 8 * 3600) != DB_OK)
        die("session", d);
    if (db_commit(d) != DB_OK) die("commit", d);
    printf("page_view_rows=%lld\ncases=%lld\napplications=%lld\ninnsyn=%lld\nmanager_cookie=%s\n",
           (long long)scalar(d, "SELECT COUNT(*) FROM stats_page_view"),
           (long long)scalar(d, "SELECT COUNT(*) FROM case_record"),
           (long long)scalar(d, "SELECT COUNT(*) FROM org_member"),
           (long long)scalar(d, "SELECT COUNT(*) FROM innsyn_request"), token);
    db_close(d);
    return 0;
}
