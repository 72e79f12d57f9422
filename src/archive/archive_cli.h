/* The archive's subcommands of minside: verify-documents, sweep-documents, export-noark. Each
 * returns the process exit status. */
#ifndef MINSIDE_ARCHIVE_ARCHIVE_CLI_H
#define MINSIDE_ARCHIVE_ARCHIVE_CLI_H

#include "db/db.h"

int archive_cli_verify(db *d);
int archive_cli_sweep(db *d);
/* args: DIR [--from DATE] [--to DATE] */
int archive_cli_export(db *d, int argc, char **argv);

#endif
