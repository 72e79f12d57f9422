/* The public journal's subcommand of minside: export-einnsyn. Returns the exit status. */
#ifndef MINSIDE_JOURNAL_JOURNAL_CLI_H
#define MINSIDE_JOURNAL_JOURNAL_CLI_H

#include "db/db.h"

/* args: DIR [--from DATE] [--to DATE] */
int journal_cli_export(db *d, int argc, char **argv);

#endif
