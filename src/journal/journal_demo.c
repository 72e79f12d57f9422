/* The demo's registry entries assessed as a caseworker would assess them, so that «Søk i
 * postjournalen» has something to show after `make run`. Screening stays as the cases set it. */
#include "journal/journal.h"
#include "journal/journal_staff.h"

#include <jansson.h>

#include "core/arena.h"

int journal_demo_seed(db *d)
{
    arena *a = arena_new();
    json_t *items = NULL;
    int64_t waiting = 0;
    int rc = journal_staff_queue_read(d, a, &items, &waiting);
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        if (rc != DB_OK) break;
        char err[256];
        rc = db_begin(d);
        if (rc == DB_OK)
            rc = journal_entry_assess(d, json_integer_value(json_object_get(item, "id")), NULL,
                                      "Demodata", err, sizeof err);
        rc = db_finish(d, rc);
        if (rc == JOURNAL_ERR_INVALID) rc = DB_OK; /* one the queue should not have offered */
    }
    json_decref(items);
    arena_free(a);
    return rc == DB_OK ? 0 : -1;
}
