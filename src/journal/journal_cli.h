/* The public journal's subcommand of minside: export-einnsyn. Returns the exit status. */
#ifndef MINSIDE_JOURNAL_JOURNAL_CLI_H
#define MINSIDE_JOURNAL_JOURNAL_CLI_H

#include "db/db.h"

/* Writes the published entries journaled from..to (YYYY-MM-DD, either may be NULL) into the new
 * folder dir. */
int journal_cli_export(db *d, const char *dir, const char *from, const char *to);

#endif
