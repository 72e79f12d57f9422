#include "fixture.h"
#include "test_db_env.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth/session.h"
#include "core/clock.h"
#include "client.h"
#include "http/server.h"
#include "web/routes.h"
#include "web/site.h"

int fixture_prepare(char *tmpdir, size_t len, const char *threads, int (*seed)(db *))
{
    return fixture_prepare_on(tmpdir, len, threads, seed, DB_SQLITE, NULL, NULL);
}

int fixture_engine_from_args(int argc, char **argv, db_engine *engine, const char **pg_url)
{
    *engine = argc > 1 && !strcmp(argv[1], "postgres") ? DB_POSTGRES : DB_SQLITE;
    *pg_url = getenv("MINSIDE_TEST_PG_URL");
    if (*engine == DB_POSTGRES && (!*pg_url || !**pg_url)) {
        printf("1..0 # SKIP MINSIDE_TEST_PG_URL is not set (run under tests/pg/with-postgres.sh)\n");
        return 1;
    }
    return 0;
}

int fixture_prepare_on(char *tmpdir, size_t len, const char *threads, int (*seed)(db *),
                       db_engine engine, const char *pg_url, const char *name)
{
    snprintf(tmpdir, len, "/tmp/minside-http-XXXXXX");
    if (!mkdtemp(tmpdir) || sodium_init() < 0) {
        printf("Bail out! no temporary folder\n");
        return -1;
    }
    char path[1024];
    if (engine == DB_POSTGRES) {
        db *fresh = test_db_open_fresh(engine, pg_url, tmpdir, "http", name, 0);
        if (!fresh) {
            printf("Bail out! no PostgreSQL schema\n");
            return -1;
        }
        db_close(fresh);
        test_db_url(engine, pg_url, tmpdir, "http", name, path, sizeof path);
    } else {
        snprintf(path, sizeof path, "sqlite:%s/minside.db", tmpdir);
    }
    setenv("MINSIDE_DATABASE_URL", path, 1);
    snprintf(path, sizeof path, "%s/var", tmpdir);
    setenv("MINSIDE_VAR_DIR", path, 1);
    setenv("MINSIDE_LISTEN", "127.0.0.1:0", 1);
    setenv("MINSIDE_THREADS", threads, 1);
    clock_init_timezone();
    site_register_modules();
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

int64_t fixture_session(db *d, int64_t person_id, int64_t staff_id, char token[65], char csrf[65])
{
    char hash[65];
    session_random_hex(token);
    session_random_hex(csrf);
    session_hash_hex(token, hash);
    int64_t now = clock_now();
    if (db_run(d, "INSERT INTO session (token_hash, provider, csrf_token, created_at, "
                  "last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
               "tttii", hash, person_id ? "public" : "staff", csrf, now, now + 8 * 3600) < 0 ||
        (person_id && db_run(d, "UPDATE session SET person_id = $1 WHERE token_hash = $2", "it",
                             person_id, hash) < 0) ||
        (staff_id && db_run(d, "UPDATE session SET staff_id = $1 WHERE token_hash = $2", "it",
                            staff_id, hash) < 0)) {
        printf("# session: %s\n", db_errmsg(d));
        return -1;
    }
    db_stmt *s = db_prepare(d, "SELECT id FROM session WHERE token_hash = $1");
    int64_t id = s && db_bind_text(s, 1, hash) == DB_OK && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    if (s) db_reset(s);
    return id;
}

struct http_server *fixture_server_start(db **d)
{
    char err[512];
    if (db_open(g_app.cfg.database_url, d, err, sizeof err) != DB_OK) {
        printf("Bail out! %s\n", err);
        exit(1);
    }
    http_server *server = site_server_start(site_routes);
    if (!server) {
        printf("Bail out! server did not start\n");
        exit(1);
    }
    http_client_init(http_server_port(server));
    return server;
}

long fixture_get_as(const char *cookie, const char *path, http_response *out)
{
    const char *hdrs[] = {cookie, NULL};
    http_request rq = {.path = path, .headers = hdrs};
    http_send(&rq, out);
    return out->status;
}
