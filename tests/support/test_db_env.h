/* What the C tests share. Test databases on both engines: a file in the test's folder (SQLite)
 * or a schema of its own in the throw-away PostgreSQL server (MINSIDE_TEST_PG_URL), so tests
 * never share tables; and the removal of a test's temporary folder. */
#ifndef MINSIDE_TESTS_TEST_DB_ENV_H
#define MINSIDE_TESTS_TEST_DB_ENV_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* The URL of the database called name: dir/name.sqlite, or the schema prefix_name. */
void test_db_url(db_engine engine, const char *pg_url, const char *dir, const char *prefix,
                 const char *name, char *buf, size_t len);
/* Opens an empty database called name (the PostgreSQL schema is dropped and made anew), with
 * the project's migrations applied when migrate is set. NULL (reason printed as a TAP comment)
 * on failure. */
db *test_db_open_fresh(db_engine engine, const char *pg_url, const char *dir, const char *prefix,
                       const char *name, int migrate);

/* Runs run on SQLite, then on PostgreSQL when MINSIDE_TEST_PG_URL is set, with *label set to
 * "sqlite" or "postgres" for the test's messages. Returns 1 when PostgreSQL was skipped. */
int test_each_engine(void (*run)(db_engine engine, const char *pg_url), const char **label);
/* The same, reporting the skipped engine in the test's own TAP count (tests/tap.h). */
#define TEST_EACH_ENGINE(run, label)                                                               \
    do {                                                                                           \
        if (test_each_engine(run, label))                                                          \
            TAP_SKIP("PostgreSQL: MINSIDE_TEST_PG_URL is not set (run under "                      \
                     "tests/pg/with-postgres.sh)");                                                \
    } while (0)

/* The first column of the first row of sql as a number, or -1 when there is no row. */
int64_t test_db_scalar(db *d, const char *sql);
/* Removes dir and everything in it; a failure is reported as a TAP comment. */
void test_remove_tree(const char *dir);

#endif
