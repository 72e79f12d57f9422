/* The public journal's subcommand of minside: export-einnsyn. Returns the exit status. */
#ifndef MINSIDE_JOURNAL_JOURNAL_CLI_H
#define MINSIDE_JOURNAL_JOURNAL_CLI_H

#include "db/db.h"

/* minside export-einnsyn DIR [--from DATE] [--to DATE]; from and to may be NULL. */
int journal_cli_export(db *d, const char *dir, const char *from, const char *to);

#endif
