/* Which registry entries the public may ask for: the one place that decides it, so the public
 * journal's own rule (assessed, not stopped) takes over here when it is there. */
#include "innsyn/innsyn_internal.h"

#include <string.h>

int innsyn_entry_get(db *d, arena *a, int64_t entry_id, innsyn_entry *out)
{
    if (entry_id <= 0) return INNSYN_ERR_NOT_PUBLIC;
    int rc = archive_entry_public_read(d, a, entry_id, out);
    if (rc == ARCHIVE_ERR_NOT_FOUND) return INNSYN_ERR_NOT_PUBLIC;
    if (rc != DB_OK) return rc;
    /* Notes (X) are never in the public journal. */
    if (!strcmp(out->entry_type, "X")) return INNSYN_ERR_NOT_PUBLIC;
    return DB_OK;
}
