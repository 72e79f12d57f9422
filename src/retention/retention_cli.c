/* `minside retention --dry-run [--items] | run`. */
#include "retention/retention.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
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

int retention_cli(db *d, int dry, int items)
{
    retention_rule_count counts[RETENTION_RULES_MAX];
    int rc = retention_run(d, clock_now(), dry, counts, items ? print_item : NULL, NULL);
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
