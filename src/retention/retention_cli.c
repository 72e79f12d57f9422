/* `minside retention --dry-run [--items]` and `minside retention run`. */
#include "retention/retention.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/progress.h"
#include "core/workdays.h"

static int print_item(const retention_rule *rule, const retention_item *item, int deleted, void *ctx)
{
    (void)ctx;
    char since[11];
    civil_date_format(civil_date_oslo(item->since), since);
    printf("  %s %s %s %lld (fra %s)\n", deleted ? "slettet" : "ville slettet", rule->name, rule->kind,
           (long long)item->id, since);
    return 0;
}

/* Each item met: listed with --items, otherwise counted on the progress line (a terminal only;
 * not both, so the list is not broken by the line). */
typedef struct cli_walk {
    int items;
    progress shown;
} cli_walk;

static int item_met(const retention_rule *rule, const retention_item *item, int deleted, void *ctx)
{
    cli_walk *walk = ctx;
    if (walk->items) return print_item(rule, item, deleted, NULL);
    progress_step(&walk->shown);
    return 0;
}

int retention_cli(db *d, int dry, int items)
{
    retention_rule_count counts[RETENTION_RULES_MAX];
    cli_walk walk = {.items = items};
    if (items) progress_begin_on(&walk.shown, NULL, "", 0);
    else progress_begin(&walk.shown, dry ? "elementer ville blitt slettet" : "elementer slettet", 0);
    int rc = retention_run(d, clock_now(), dry, counts, item_met, &walk);
    progress_end(&walk.shown);
    size_t n;
    const retention_rule *const *rules = retention_rules(&n);
    for (size_t i = 0; i < n && rc == DB_OK; i++) {
        const retention_rule *r = rules[i];
        if (!r->list_due) {
            printf("%-16s %s: %s (ingen sletting etter tid)\n", r->name, r->what, r->kept);
            continue;
        }
        char oldest[11] = "";
        if (counts[i].items) civil_date_format(civil_date_oslo(counts[i].oldest), oldest);
        printf("%-16s %s: %s: %lld %s%s%s\n", r->name, r->what, r->kept, (long long)counts[i].items,
               dry ? "ville blitt slettet" : "slettet", counts[i].items ? ", eldste fra " : "", oldest);
    }
    if (rc != DB_OK) {
        fprintf(stderr, "minside: sletting etter reglene feilet: %s\n", db_errmsg(d));
        return 1;
    }
    return 0;
}
