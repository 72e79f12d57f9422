/* The archive's subcommands of minside: verify-documents, sweep-documents, export-noark. Each
 * returns the process exit status. */
#ifndef MINSIDE_ARCHIVE_ARCHIVE_CLI_H
#define MINSIDE_ARCHIVE_ARCHIVE_CLI_H

#include "db/db.h"

int archive_cli_verify(db *d);
int archive_cli_sweep(db *d);
/* from and to (ÅÅÅÅ-MM-DD) may be NULL: the whole archive. */
int archive_cli_export(db *d, const char *dir, const char *from, const char *to);

#endif
