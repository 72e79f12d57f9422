/* Who may see a case: the consumer who filed it, an organisation's confirmed administrator, a
 * confirmed `bruker` only once given the case, and nobody else (unconfirmed, rejected, another
 * organisation). On SQLite and, when MINSIDE_TEST_PG_URL is set, on PostgreSQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/case_access.h"
#include "db/db.h"
#include "tap.h"
#include "test_db_env.h"

static char tmpdir[] = "/tmp/minside-test-case-access.XXXXXX";
static const char *E = "sqlite";

static int64_t last_id(db *d, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT max(id) FROM %s", table);
    db_stmt *s = db_prepare(d, sql);
    int64_t v = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    if (s) db_reset(s);
    return v;
}

static int64_t person_add(db *d, const char *key)
{
    db_run(d, "INSERT INTO person (pid_hash, pid_enc, birth_date, created_at, updated_at) "
              "VALUES ($1, $2, '1980-01-01', 0, 0)", "tt", key, key);
    return last_id(d, "person");
}

static void member_add(db *d, const char *orgnr, int64_t person, const char *role, const char *status)
{
    db_run(d, "INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, "
              "due_at) VALUES ($1, $2, $3, $4, 'Navn', 0, 0)", "titt", orgnr, person, role, status);
}

static int64_t case_add(db *d, const char *type, const char *ref, int64_t submitter,
                        const char *submitter_org, const char *counterpart)
{
    db_run(d, "INSERT INTO case_record (case_type, status, reference, title, details, "
              "submitter_person_id, submitter_orgnr, counterpart_orgnr, created_at, updated_at) "
              "VALUES ($1, 'mottatt', $2, 'Sak', '{}', $3, $4, $5, 0, 0)",
           "ttitt", type, ref, submitter, submitter_org, counterpart);
    int64_t id = last_id(d, "case_record");
    if (submitter_org)
        db_run(d, "INSERT INTO case_org (orgnr, case_type, case_id, party_role) VALUES ($1, $2, $3, 'innsender')",
               "tti", submitter_org, type, id);
    if (counterpart)
        db_run(d, "INSERT INTO case_org (orgnr, case_type, case_id, party_role) VALUES ($1, $2, $3, 'motpart')",
               "tti", counterpart, type, id);
    return id;
}

static int sees(db *d, int64_t case_id, int64_t person, case_access_info *info)
{
    case_access_info dummy;
    return case_access_get(d, case_id, person, info ? info : &dummy);
}

static void run_engine(db_engine engine, const char *pg_url)
{
    db *d = test_db_open_fresh(engine, pg_url, tmpdir, "case_access", "case_access", 1);
    TAP_OK(d != NULL, "%s: a fresh database is migrated", E);
    if (!d) return;
    int64_t consumer = person_add(d, "c"), admin = person_add(d, "a"), user = person_add(d, "b"),
            pending = person_add(d, "u"), rejected = person_add(d, "r"), foreign = person_add(d, "f");
    member_add(d, "310000027", admin, "administrator", "bekreftet");
    member_add(d, "310000027", user, "bruker", "bekreftet");
    member_add(d, "310000027", pending, "administrator", "ubekreftet");
    member_add(d, "310000027", rejected, "bruker", "avvist");
    member_add(d, "310000035", foreign, "administrator", "bekreftet");
    int64_t complaint = case_add(d, "mekling", "2026/1", consumer, NULL, "310000027");
    int64_t tip = case_add(d, "tips", "T-2026-1", admin, "310000027", NULL);

    case_access_info i;
    TAP_EQ_INT(sees(d, complaint, consumer, &i), 1, "%s: the consumer sees their complaint", E);
    TAP_OK(!strcmp(i.party_role, "innsender") && i.is_submitter && !i.orgnr[0], "%s: as its submitter, for no organisation", E);
    TAP_EQ_INT(sees(d, complaint, admin, &i), 1, "%s: the business's administrator sees it", E);
    TAP_OK(!strcmp(i.party_role, "motpart") && !i.is_submitter && i.is_org_admin && !strcmp(i.orgnr, "310000027"),
           "%s: as motpart, through the organisation, as administrator", E);
    TAP_EQ_INT(sees(d, complaint, user, NULL), 0, "%s: a bruker does not see it before being given it", E);
    db_run(d, "INSERT INTO case_access (case_id, person_id, orgnr, granted_by, granted_at) VALUES ($1, $2, '310000027', $3, 0)",
           "iii", complaint, user, admin);
    TAP_EQ_INT(sees(d, complaint, user, &i), 1, "%s: and does once given it", E);
    TAP_OK(!i.is_org_admin && !strcmp(i.party_role, "motpart"), "%s: as motpart, not as administrator", E);
    TAP_EQ_INT(sees(d, complaint, pending, NULL), 0, "%s: an unconfirmed administrator sees nothing", E);
    TAP_EQ_INT(sees(d, complaint, rejected, NULL), 0, "%s: a rejected person sees nothing", E);
    db_run(d, "INSERT INTO case_access (case_id, person_id, orgnr, granted_by, granted_at) VALUES ($1, $2, '310000027', $3, 0)",
           "iii", complaint, rejected, admin);
    TAP_EQ_INT(sees(d, complaint, rejected, NULL), 0, "%s: not even with a grant", E);
    TAP_EQ_INT(sees(d, complaint, foreign, NULL), 0, "%s: another organisation's administrator sees nothing", E);
    TAP_EQ_INT(sees(d, tip, admin, &i), 1, "%s: a tip made for the organisation is seen by its administrator", E);
    TAP_OK(i.is_submitter && !strcmp(i.party_role, "innsender"), "%s: who submitted it", E);
    TAP_EQ_INT(sees(d, tip, consumer, NULL), 0, "%s: a consumer does not see an organisation's tip", E);
    TAP_EQ_INT(sees(d, tip, user, NULL), 0, "%s: nor does a bruker not given it", E);
    TAP_EQ_INT(sees(d, 999999, admin, NULL), 0, "%s: a case that does not exist is not found", E);
    db_run(d, "DELETE FROM org_member WHERE person_id = $1", "i", admin);
    TAP_EQ_INT(sees(d, tip, admin, NULL), 0, "%s: a person removed from the organisation no longer sees its cases", E);
    db_close(d);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) return 1;
    TEST_EACH_ENGINE(run_engine, &E);
    test_remove_tree(tmpdir);
    return tap_done();
}
