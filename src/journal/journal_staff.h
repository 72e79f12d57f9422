/* The read models of the staff page «Til offentlighetsvurdering», as jansson objects for the
 * template. Used by journal_staff_http.c only. */
#ifndef MINSIDE_JOURNAL_JOURNAL_STAFF_H
#define MINSIDE_JOURNAL_JOURNAL_STAFF_H

#include <jansson.h>

#include "core/arena.h"
#include "db/db.h"

enum { JOURNAL_QUEUE_SIZE = 50 };

/* The oldest entries not yet assessed (notes left out), each with its title, and its public
 * form as it will be published: sets *items (an array) and *total. */
int journal_staff_queue_read(db *d, arena *a, json_t **items, int64_t *total);
/* The stops in force, and the last 20 stops with when and by whom they were made and lifted. */
int journal_staff_stops_read(db *d, json_t **active, json_t **history);

#endif
