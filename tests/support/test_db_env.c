#include "test_db_env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef MINSIDE_SOURCE_DIR
#define MINSIDE_SOURCE_DIR "."
#endif

void test_db_url(db_engine engine, const char *pg_url, const char *dir, const char *prefix,
                 const char *name, char *buf, size_t len)
{
    if (engine == DB_SQLITE)
        snprintf(buf, len, "sqlite:%s/%s.sqlite", dir, name);
    else
        snprintf(buf, len, "%s%coptions=-csearch_path%%3D%s_%s", pg_url,
                 strchr(pg_url, '?') ? '&' : '?', prefix, name);
}

static int schema_recreate(const char *pg_url, const char *prefix, const char *name)
{
    char err[512], sql[512];
    db *admin = NULL;
    if (db_open(pg_url, &admin, err, sizeof err) != DB_OK) {
        printf("# %s\n", err);
        return -1;
    }
    snprintf(sql, sizeof sql,
             "SET client_min_messages = warning; DROP SCHEMA IF EXISTS %s_%s CASCADE; "
             "CREATE SCHEMA %s_%s",
             prefix, name, prefix, name);
    int rc = db_exec(admin, sql);
    if (rc != DB_OK) printf("# %s\n", db_errmsg(admin));
    db_close(admin);
    return rc == DB_OK ? 0 : -1;
}

db *test_db_open_fresh(db_engine engine, const char *pg_url, const char *dir, const char *prefix,
                       const char *name, int migrate)
{
    if (engine == DB_POSTGRES && schema_recreate(pg_url, prefix, name) != 0) return NULL;
    char url[1024], err[1024];
    test_db_url(engine, pg_url, dir, prefix, name, url, sizeof url);
    db *d = NULL;
    if (db_open(url, &d, err, sizeof err) != DB_OK) {
        printf("# %s\n", err);
        return NULL;
    }
    char migrations[1024];
    snprintf(migrations, sizeof migrations, "%s/src/db/migrations", MINSIDE_SOURCE_DIR);
    if (migrate && db_migrate(d, migrations, 0, err, sizeof err) != DB_OK) {
        printf("# %s\n", err);
        db_close(d);
        return NULL;
    }
    return d;
}

void test_remove_tree(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("# could not remove %s\n", dir);
}

int test_each_engine(void (*run)(db_engine engine, const char *pg_url), const char **label)
{
    *label = "sqlite";
    run(DB_SQLITE, NULL);
    const char *pg_url = getenv("MINSIDE_TEST_PG_URL");
    if (pg_url && *pg_url) {
        *label = "postgres";
        run(DB_POSTGRES, pg_url);
        return 0;
    }
    return 1;
}

int64_t test_db_scalar(db *d, const char *sql)
{
    db_stmt *s = db_prepare(d, sql);
    int64_t v = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    if (s) db_reset(s);
    return v;
}
