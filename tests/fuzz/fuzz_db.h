/* For targets whose parser writes or reads the database: one SQLite database in memory with
 * every migration applied, opened once a process. */
#ifndef MINSIDE_FUZZ_FUZZ_DB_H
#define MINSIDE_FUZZ_FUZZ_DB_H

#include "db/db.h"

/* The database. Aborts when it cannot be made. */
db *fuzz_db(void);

#endif
