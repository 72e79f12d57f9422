#include "fuzz_db.h"

#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>

db *fuzz_db(void)
{
    static db *database;
    if (database) return database;
    char err[1024] = "";
    if (clock_init_timezone() != 0 || db_open("sqlite::memory:", &database, err, sizeof err) != DB_OK ||
        db_migrate(database, MINSIDE_SOURCE_DIR "/src/db/migrations", 0, err, sizeof err) != DB_OK) {
        fprintf(stderr, "fuzz: kan ikke lage databasen: %s\n", err);
        abort();
    }
    return database;
}
