/* A small map from text keys to counts, for adding up page views in memory between two writes
 * to the database. Not thread-safe: each worker has its own (stats_count.c). */
#ifndef MINSIDE_STATS_STATS_TALLY_H
#define MINSIDE_STATS_STATS_TALLY_H

#include <stddef.h>
#include <stdint.h>

typedef struct stats_tally_entry {
    char *key; /* NULL for an empty slot */
    int64_t count;
} stats_tally_entry;

typedef struct stats_tally {
    stats_tally_entry *slots;
    size_t cap, used; /* cap is 0 or a power of two */
} stats_tally;

#define STATS_TALLY_INIT {NULL, 0, 0}

/* Adds n to key's count (the key is copied). Returns 0, or -1 when out of memory. */
int stats_tally_add(stats_tally *t, const char *key, int64_t n);
/* Adds every count of from into to and empties from. Returns 0 or -1 (out of memory). */
int stats_tally_merge(stats_tally *to, stats_tally *from);
/* Moves everything out of t into *out (t is left empty). */
void stats_tally_take(stats_tally *t, stats_tally *out);
void stats_tally_free(stats_tally *t);

#endif
