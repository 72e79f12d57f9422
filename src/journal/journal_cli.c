/* minside export-einnsyn DIR [--from ÅÅÅÅ-MM-DD] [--to ÅÅÅÅ-MM-DD] */
#include "journal/journal_cli.h"
#include "journal/journal.h"

#include <stdio.h>
#include <string.h>

#define USAGE "Bruk: minside export-einnsyn MAPPE [--from ÅÅÅÅ-MM-DD] [--to ÅÅÅÅ-MM-DD]\n"

int journal_cli_export(db *d, int argc, char **argv)
{
    const char *dir = NULL, *from = NULL, *to = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--from") && i + 1 < argc) from = argv[++i];
        else if (!strcmp(argv[i], "--to") && i + 1 < argc) to = argv[++i];
        else if (argv[i][0] != '-' && !dir) dir = argv[i];
        else dir = NULL, i = argc;
    }
    if (!dir) {
        fputs(USAGE, stderr);
        return 2;
    }
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
