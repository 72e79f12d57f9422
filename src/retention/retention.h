/* Retention as rules: what the service keeps, for how long and why, and the deletion of what has
 * run out.
 *
 * Every kind of data that is ever deleted by time has a rule: a name, the figure (how long), the
 * legal reason, and two functions from the module that owns the data: one lists the items that
 * are due, one deletes a single item (checking again, in its own statement, that it is still
 * due). Rules that say "kept" (complaint cases, the journal) have no functions: they are in the
 * table so that the table is the whole answer to "how long do you keep it?".
 *
 * The built-in rules are one table (retention_rules.c, mirrored in docs/retention.md); modules
 * add their own at start-up with retention_rule_register(), as they register job kinds.
 *
 * A run deletes item by item, each item in one transaction with its record in retention_log
 * (rule, kind, id, time: never the data), so a run that is killed leaves nothing half-deleted
 * and the next run finishes the work. A dry run lists the same items without deleting. */
#ifndef MINSIDE_RETENTION_RETENTION_H
#define MINSIDE_RETENTION_RETENTION_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db/db.h"
#include "jobs/job.h"

/* Days a row is kept after it is finished. */
enum {
    RETENTION_JOB_DONE_DAYS = 7,     /* a finished job */
    RETENTION_JOB_FAILED_DAYS = 90,  /* a failed job, for finding the fault */
    RETENTION_MAIL_SENT_DAYS = 30,   /* a sent e-mail: long enough to answer "did it go out?" */
    RETENTION_MAIL_FAILED_DAYS = 90, /* a message that could not be delivered */
    RETENTION_LOGIN_ATTEMPT_HOURS = 24, /* a login attempt: the limits look back less than this */
};

/* One item that is due: its id in the owner's table and the time its keeping began (for "the
 * oldest"). */
typedef struct retention_item {
    int64_t id;
    int64_t since;
} retention_item;

/* Lists up to max due items with id > after_id, in id order. Returns how many or a negative
 * code. */
typedef int (*retention_list_fn)(db *d, int64_t now, int64_t after_id, retention_item *items, int max);
/* Deletes item id (with what belongs to it) if it is still due, in the caller's transaction.
 * Returns 1 deleted, 0 no longer there or no longer due, or a negative code. */
typedef int (*retention_delete_fn)(db *d, int64_t id, int64_t now);

typedef struct retention_rule {
    const char *name;   /* stable, recorded with each deletion: "tips", "sessions" */
    const char *kind;   /* what an item is: "case", "session", "job" … */
    const char *what;   /* Norwegian, for people: «Tips» */
    const char *kept;   /* the figure, Norwegian: «18 måneder etter mottak (12–24, innstilt)» */
    const char *reason; /* the legal reason, Norwegian */
    retention_list_fn list_due;      /* NULL: never deleted by time */
    retention_delete_fn delete_item; /* with list_due */
} retention_rule;

/* Makes a rule known (at start-up, before any run; not thread-safe). A name registered again is
 * ignored. Aborts beyond RETENTION_RULES_MAX. */
void retention_rule_register(const retention_rule *rule);
/* The registered rules in order: the built-in table first, then the modules'. */
const retention_rule *const *retention_rules(size_t *count);
const retention_rule *retention_rule_find(const char *name);
#define RETENTION_RULES_MAX 32

/* Called for each item a run meets: deleted says whether it was deleted (0 in a dry run). A
 * non-zero return stops the run. */
typedef int (*retention_item_fn)(const retention_rule *rule, const retention_item *item, int deleted, void *ctx);

/* Per rule: how many items went (or would go) and the oldest. */
typedef struct retention_rule_count {
    int64_t items;
    int64_t oldest; /* 0 when none */
} retention_rule_count;

/* Goes through every rule at time now. dry: only lists. Otherwise deletes each item in a
 * transaction of its own with its record in retention_log. counts (RETENTION_RULES_MAX entries,
 * in the order of retention_rules()) and fn may be NULL. Returns 0 or a negative code (what was
 * deleted before a failure stays deleted and recorded). */
int retention_run(db *d, int64_t now, int dry, retention_rule_count *counts, retention_item_fn fn, void *ctx);

/* The record of deletions, newest first. */
typedef struct retention_record {
    int64_t id;
    char rule[64];
    char kind[64];
    int64_t item_id;
    int64_t deleted_at;
} retention_record;
/* Up to max records with id < before_id (0: from the newest); returns how many or a negative code. */
int retention_log_list(db *d, int64_t before_id, retention_record *out, int max);

/* Makes sure one nightly run is waiting (at serve start): 03:00 Oslo time the next night. */
int retention_schedule(db *d);
/* Registers the built-in rules and the `retention_purge` job kind (at start-up). */
void retention_register(void);

/* `minside retention --dry-run [--items]` (dry) and `minside retention run`: prints the table of
 * rules with what went or would go (items: each item too). Exit 0, or 1 on a database failure. */
int retention_cli(db *d, int dry, int items);

/* For the rules' list functions in the modules: reads the (id, since) rows of the prepared and
 * bound statement s (db_prepare_bind(); NULL is a failure) into items. Returns how many or a
 * negative code; resets s. */
int retention_items_read(db_stmt *s, retention_item *items, int max);

#endif
