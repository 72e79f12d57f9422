#include "app.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/log.h"
#include "http/static_files.h"
#include "view/templates.h"

app g_app;

static pthread_key_t db_key;
static pthread_once_t db_key_once = PTHREAD_ONCE_INIT;

static void db_key_destroy(void *p)
{
    db_close(p);
}

static void db_key_create(void)
{
    pthread_key_create(&db_key, db_key_destroy);
}

db *app_db(void)
{
    pthread_once(&db_key_once, db_key_create);
    db *d = pthread_getspecific(db_key);
    if (d) return d;
    char err[512];
    if (db_open(g_app.cfg.database_url, &d, err, sizeof err) != DB_OK) {
        log_error("database: %s", err);
        return NULL;
    }
    pthread_setspecific(db_key, d);
    return d;
}

db *app_db_open_or_report(void)
{
    db *d = NULL;
    char err[512];
    if (db_open(g_app.cfg.database_url, &d, err, sizeof err) != DB_OK) {
        log_fail("%s", err);
        return NULL;
    }
    return d;
}

int app_load_assets(void)
{
    char *err = NULL;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/templates", g_app.cfg.data_dir);
    if (templates_load(dir, &g_app.templates, &err) != 0) {
        log_error("maler: %s", err ? err : "ukjent feil");
        free(err);
        return -1;
    }
    snprintf(dir, sizeof dir, "%s/static", g_app.cfg.data_dir);
    if (static_files_load(dir, &g_app.statics, &err) != 0) {
        log_error("statiske filer: %s", err ? err : "ukjent feil");
        free(err);
        return -1;
    }
    return 0;
}

void app_free(void)
{
    templates_free(g_app.templates);
    static_files_free(g_app.statics);
    g_app.templates = NULL;
    g_app.statics = NULL;
    config_free(&g_app.cfg);
}
