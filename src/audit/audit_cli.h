/* `minside verify-audit`. */
#ifndef MINSIDE_AUDIT_AUDIT_CLI_H
#define MINSIDE_AUDIT_AUDIT_CLI_H

#include "db/db.h"

/* anchor: "NR:HASH" from the daily log line, or NULL. Exit codes: 0 the chain is whole (and
 * matches the anchor when given), 1 it is broken (each place printed), 2 a malformed anchor,
 * 3 the database cannot be read. */
int audit_cli_verify(db *d, const char *anchor);

#endif
