/* libFuzzer target for `minside import-innsynskrav`: one eInnsyn order.xml (v1 or v2) read with
 * libxml2 and checked, into an SQLite database in memory with every migration applied. The
 * input is the file. */
#include "fuzz_db.h"
#include "fuzz_file.h"
#include "innsyn/innsyn.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    db *d = fuzz_db();
    const char *files[] = {fuzz_file_write(data, size)};
    size_t imported = 0;
    char err[1024] = "";
    int rc = innsyn_import_files(d, files, 1, &imported, err, sizeof err);
    /* A refusal says why and imports nothing; the transaction is over either way. */
    if (rc != 0 && (!err[0] || imported)) abort();
    if (db_ping(d) != DB_OK) abort();
    return 0;
}
