/* `minside backup DIR`: an online, consistent copy of an SQLite installation, the database and
 * the document store, taken while the service runs. PostgreSQL keeps the documents in the
 * database and is copied with pg_dump instead (docs/operations.md). */
#ifndef MINSIDE_BACKUP_BACKUP_H
#define MINSIDE_BACKUP_BACKUP_H

#include <stddef.h>

#include "core/progress.h"
#include "db/db.h"

enum { BACKUP_ERR_INVALID = -40 }; /* a mistake of the caller: the folder exists, PostgreSQL */

/* Makes the new folder dir with dir/minside.db, the database as of one moment, and
 * dir/documents/, every document that database points at; dir can serve as MINSIDE_VAR_DIR
 * as it is. shown (may be NULL) counts the documents. Returns how many document files were
 * copied, or a negative code with a Norwegian message in err. */
long long backup_take(db *live, const char *dir, progress *shown, char *err, size_t errlen);

#endif
