/* The rules' registry, runs and the nightly job. */
#include "retention/retention.h"
#include "retention/retention_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"

static const retention_rule *rules[RETENTION_RULES_MAX];
static size_t rule_count;

void retention_rule_register(const retention_rule *rule)
{
    if (retention_rule_find(rule->name)) return;
    if (rule_count == RETENTION_RULES_MAX) {
        log_error("sletteregler: for mange regler (høyst %d)", RETENTION_RULES_MAX);
        abort();
    }
    rules[rule_count++] = rule;
}

const retention_rule *const *retention_rules(size_t *count)
{
    *count = rule_count;
    return rules;
}

const retention_rule *retention_rule_find(const char *name)
{
    for (size_t i = 0; i < rule_count; i++)
        if (!strcmp(rules[i]->name, name)) return rules[i];
    return NULL;
}

enum { RUN_BATCH = 200 };

/* One item: deleted with its record in one transaction. 1 deleted, 0 no longer due, or < 0. */
static int delete_one(db *d, const retention_rule *rule, const retention_item *item, int64_t now)
{
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    rc = rule->delete_item(d, item->id, now);
    if (rc == 1) rc = retention_db_log_insert(d, rule->name, rule->kind, item->id, now) == DB_OK ? 1 : DB_ERR;
    return db_finish(d, rc);
}

static int run_rule(db *d, const retention_rule *rule, int64_t now, int dry, retention_rule_count *count,
                    retention_item_fn fn, void *ctx)
{
    retention_item items[RUN_BATCH];
    int64_t after = 0;
    for (;;) {
        int n = rule->list_due(d, now, after, items, RUN_BATCH);
        if (n <= 0) return n;
        for (int i = 0; i < n; i++) {
            int deleted = 0;
            if (!dry) {
                deleted = delete_one(d, rule, &items[i], now);
                if (deleted < 0) return deleted;
                if (!deleted) continue; /* gone or no longer due since it was listed */
            }
            count->items++;
            if (!count->oldest || items[i].since < count->oldest) count->oldest = items[i].since;
            if (fn && fn(rule, &items[i], deleted, ctx)) return 1;
        }
        after = items[n - 1].id;
    }
}

int retention_run(db *d, int64_t now, int dry, retention_rule_count *counts, retention_item_fn fn, void *ctx)
{
    for (size_t i = 0; i < rule_count; i++) {
        retention_rule_count c = {0, 0};
        int rc = rules[i]->list_due ? run_rule(d, rules[i], now, dry, &c, fn, ctx) : 0;
        if (counts) counts[i] = c;
        if (rc < 0) return rc;
        if (rc > 0) break;
    }
    return DB_OK;
}

/* 03:00 Oslo time on the day after now: a quiet hour, the same wall-clock time all year. */
static int64_t next_night(int64_t now)
{
    return job_next_daily_run(now, 3 * 60 * 60);
}

int retention_schedule(db *d)
{
    return job_ensure_queued(d, "retention_purge", next_night(clock_now()));
}

static job_result retention_job_purge(db *d, const job *j, char *err, size_t errlen)
{
    (void)j;
    int64_t now = clock_now();
    retention_rule_count counts[RETENTION_RULES_MAX];
    int rc = retention_run(d, now, 0, counts, NULL, NULL);
    if (rc != DB_OK) {
        /* What was deleted stays deleted and recorded; the retry finishes the rest. */
        snprintf(err, errlen, "sletting etter reglene feilet (%d)", rc);
        return JOB_RETRY;
    }
    for (size_t i = 0; i < rule_count; i++)
        if (counts[i].items)
            log_info("sletting: regel %s: %lld slettet", rules[i]->name, (long long)counts[i].items);
    /* The next night's run, in a transaction of its own: if it fails, the next start of the
     * server queues it again. */
    if (db_begin(d) == DB_OK) db_finish(d, job_enqueue(d, "retention_purge", "{}", next_night(now), NULL));
    return JOB_DONE;
}

void retention_register(void)
{
    retention_rules_register_builtin();
    /* Daily; a failed run is tried again within the day. */
    static const job_kind purge = {"retention_purge", retention_job_purge, 5, NULL};
    job_kind_register(&purge);
}
