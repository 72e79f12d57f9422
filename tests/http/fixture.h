/* What every in-process server test starts with. */
#ifndef MINSIDE_TESTS_HTTP_FIXTURE_H
#define MINSIDE_TESTS_HTTP_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* Makes a temporary folder (its name in tmpdir), points the settings at a SQLite database and
 * a var folder inside it, migrates the database and fills it with seed, loads the templates
 * and static files, and sends stderr (the server's log) to tmpdir/server.log. Returns 0, or
 * prints "Bail out!" and returns -1. */
int fixture_prepare(char *tmpdir, size_t len, const char *threads, int (*seed)(db *));

/* The same on a chosen engine: on DB_POSTGRES the database is a fresh schema called name in
 * the throw-away server at pg_url (MINSIDE_TEST_PG_URL); the var folder stays in tmpdir. */
int fixture_prepare_on(char *tmpdir, size_t len, const char *threads, int (*seed)(db *),
                       db_engine engine, const char *pg_url, const char *name);

/* The engine a test run names in argv[1] ("postgres", else SQLite) and the PostgreSQL server's
 * URL. Returns 1 after printing a TAP plan that skips everything when PostgreSQL is asked for
 * but MINSIDE_TEST_PG_URL is not set (the run is not under tests/pg/with-postgres.sh), else 0. */
int fixture_engine_from_args(int argc, char **argv, db_engine *engine, const char **pg_url);

/* A logged-in session as the login makes it (person_id for a person, staff_id for a
 * caseworker, the other 0): the cookie's value in token, the form token in csrf. Returns the
 * session's id, or -1. */
int64_t fixture_session(db *d, int64_t person_id, int64_t staff_id, char token[65],
                        char csrf[65]);

/* Opens a connection of the test's own to the prepared database (*d) and starts the server on
 * site_routes with the client pointed at it; prints "Bail out!" and exits on failure. */
struct http_server *fixture_server_start(db **d);
/* A GET with a "Cookie: …" header line (NULL: none): the status, the response in *out. */
struct http_response;
long fixture_get_as(const char *cookie, const char *path, struct http_response *out);

/* Frees the program's state and removes the folder. */
void fixture_cleanup(const char *tmpdir);

#endif
