/* libFuzzer target for `minside import-er`: a file from Enhetsregisteret, gzip or plain, in any
 * of its shapes (bulk array of units or roles, one unit, a search answer, one unit's roles),
 * imported into an SQLite database in memory with every migration applied. The input is the
 * file; inputs of odd length are imported as the roles of 310000027 (--orgnr). */
#include "fuzz_db.h"
#include "fuzz_file.h"
#include "org/org_import.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file_write(data, size);
    db *database = fuzz_db();
    org_import_stats stats;
    char err[1024] = "";
    int rc = org_import_file(database, path, (size & 1) ? "310000027" : NULL, &stats, err,
                             sizeof err);
    /* A refusal says why and leaves nothing counted; the transaction is over either way. */
    if (rc != 0 && (!err[0] || stats.units || stats.role_units)) abort();
    if (db_ping(database) != DB_OK) abort();
    return 0;
}
