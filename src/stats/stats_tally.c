#include "stats/stats_tally.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a: keys are short and few, so a simple hash with linear probing is plenty. */
static size_t key_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

static stats_tally_entry *slot_find(stats_tally_entry *slots, size_t cap, const char *key)
{
    size_t i = key_hash(key) & (cap - 1);
    while (slots[i].key && strcmp(slots[i].key, key)) i = (i + 1) & (cap - 1);
    return &slots[i];
}

static int tally_grow(stats_tally *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    stats_tally_entry *slots = calloc(cap, sizeof *slots);
    if (!slots) return -1;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].key) *slot_find(slots, cap, t->slots[i].key) = t->slots[i];
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 0;
}

static int tally_put(stats_tally *t, char *owned_key, const char *key, int64_t n)
{
    if ((t->used + 1) * 10 > t->cap * 7 && tally_grow(t)) {
        free(owned_key);
        return -1;
    }
    stats_tally_entry *e = slot_find(t->slots, t->cap, key);
    if (e->key) {
        e->count += n;
        free(owned_key);
        return 0;
    }
    e->key = owned_key ? owned_key : strdup(key);
    if (!e->key) return -1;
    e->count = n;
    t->used++;
    return 0;
}

int stats_tally_add(stats_tally *t, const char *key, int64_t n)
{
    return tally_put(t, NULL, key, n);
}

int stats_tally_merge(stats_tally *to, stats_tally *from)
{
    int rc = 0;
    for (size_t i = 0; i < from->cap; i++) {
        stats_tally_entry *e = &from->slots[i];
        if (!e->key) continue;
        if (tally_put(to, e->key, e->key, e->count)) rc = -1;
        e->key = NULL;
    }
    from->used = 0;
    stats_tally_free(from);
    return rc;
}

void stats_tally_take(stats_tally *t, stats_tally *out)
{
    *out = *t;
    *t = (stats_tally)STATS_TALLY_INIT;
}

void stats_tally_free(stats_tally *t)
{
    for (size_t i = 0; i < t->cap; i++) free(t->slots[i].key);
    free(t->slots);
    *t = (stats_tally)STATS_TALLY_INIT;
}
