/* Which registry entries the public may ask for: exactly those the public journal shows now. */
#include "innsyn/innsyn_internal.h"

int innsyn_entry_get(db *d, arena *a, int64_t entry_id, innsyn_entry *out)
{
    if (entry_id <= 0) return INNSYN_ERR_NOT_PUBLIC;
    int rc = journal_public_entry_get(d, a, entry_id, out);
    return rc == JOURNAL_ERR_NOT_PUBLIC ? INNSYN_ERR_NOT_PUBLIC : rc;
}
