/* What every in-process server test starts with. */
#ifndef MINSIDE_TESTS_HTTP_FIXTURE_H
#define MINSIDE_TESTS_HTTP_FIXTURE_H

#include <stddef.h>

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

/* Frees the program's state and removes the folder. */
void fixture_cleanup(const char *tmpdir);

#endif
