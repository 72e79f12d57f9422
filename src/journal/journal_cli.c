/* minside export-einnsyn DIR [--from ÅÅÅÅ-MM-DD] [--to ÅÅÅÅ-MM-DD] */
#include "journal/journal_cli.h"
#include "journal/journal.h"

#include <stdio.h>

int journal_cli_export(db *d, const char *dir, const char *from, const char *to)
{
    char err[1024] = "";
    size_t n = 0;
    int rc = journal_export_einnsyn(d, dir, from, to, &n, err, sizeof err);
    if (rc) {
        fprintf(stderr, "minside: %s\n", err);
        return rc == JOURNAL_ERR_INVALID ? 2 : 1;
    }
    printf("Skrev %zu journalpost%s for eInnsyn til %s.\n", n, n == 1 ? "" : "er", dir);
    return 0;
}
