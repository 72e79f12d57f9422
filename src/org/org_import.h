/* `minside import-er`: Enhetsregisteret's open-data JSON into the database. */
#ifndef MINSIDE_ORG_ORG_IMPORT_H
#define MINSIDE_ORG_ORG_IMPORT_H

#include <stddef.h>

#include "db/db.h"

typedef struct org_import_stats {
    long long units;      /* enheter and underenheter written */
    long long role_units; /* units whose roles were replaced */
} org_import_stats;

/* Imports one file, gzip or plain, in any of the register's shapes:
 *   - a bulk file: one JSON array of enheter or underenheter (read one unit at a time, so a
 *     file of over a million units never sits in memory), or of {organisasjonsnummer,
 *     rollegrupper} for roles;
 *   - one unit (GET /enheter/{orgnr}) or a search result (_embedded.enheter/underenheter);
 *   - one unit's roles (GET /enheter/{orgnr}/roller): roles_orgnr says whose.
 * All in one transaction: a file that is malformed anywhere leaves the database as it was,
 * and err says in Norwegian what is wrong and where. Units already there are updated, so the
 * import can be repeated and applies newer files. A progress line goes to stderr when it is
 * a terminal. Returns 0 or a negative code. */
int org_import_file(db *d, const char *path, const char *roles_orgnr, org_import_stats *stats,
                    char *err, size_t errlen);

#endif
