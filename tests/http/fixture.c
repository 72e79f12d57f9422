#include "fixture.h"
#include "test_db_env.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "core/clock.h"

int fixture_prepare(char *tmpdir, size_t len, const char *threads, int (*seed)(db *))
{
    return fixture_prepare_url(tmpdir, len, threads, seed, NULL);
}

int fixture_prepare_url(char *tmpdir, size_t len, const char *threads, int (*seed)(db *),
                        const char *database_url)
{
    snprintf(tmpdir, len, "/tmp/minside-http-XXXXXX");
    if (!mkdtemp(tmpdir) || sodium_init() < 0) {
        printf("Bail out! no temporary folder\n");
        return -1;
    }
    char path[512];
    snprintf(path, sizeof path, "sqlite:%s/minside.db", tmpdir);
    setenv("MINSIDE_DATABASE_URL", database_url ? database_url : path, 1);
    snprintf(path, sizeof path, "%s/var", tmpdir);
    setenv("MINSIDE_VAR_DIR", path, 1);
    setenv("MINSIDE_LISTEN", "127.0.0.1:0", 1);
    setenv("MINSIDE_THREADS", threads, 1);
    clock_init_timezone();
    char err[512];
    if (config_load(&g_app.cfg, NULL, err, sizeof err) != 0) {
        printf("Bail out! %s\n", err);
        return -1;
    }
    db *d = NULL;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/src/db/migrations", g_app.cfg.data_dir);
    if (db_open(g_app.cfg.database_url, &d, err, sizeof err) != DB_OK ||
        db_migrate(d, dir, 0, err, sizeof err) != DB_OK || seed(d) < 0) {
        printf("Bail out! database: %s\n", err);
        if (d) db_close(d);
        return -1;
    }
    db_close(d);
    if (app_load_assets() != 0) {
        printf("Bail out! templates or static files did not load\n");
        return -1;
    }
    snprintf(path, sizeof path, "%s/server.log", tmpdir);
    if (!freopen(path, "w", stderr)) {
        printf("Bail out! cannot write %s\n", path);
        return -1;
    }
    setvbuf(stderr, NULL, _IOLBF, 0);
    return 0;
}

void fixture_cleanup(const char *tmpdir)
{
    app_free();
    curl_global_cleanup();
    test_remove_tree(tmpdir);
}
