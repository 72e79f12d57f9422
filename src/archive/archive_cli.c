/* The archive's maintenance commands. */
#include "archive/archive_cli.h"
#include "archive/archive.h"
#include "archive/archive_store.h"

#include <stdio.h>
#include <string.h>

int archive_cli_verify(db *d)
{
    progress shown;
    progress_begin(&shown, "dokumentobjekter", 0);
    int bad = archive_store_verify(d, stdout, &shown);
    progress_end(&shown);
    if (bad < 0) {
        fprintf(stderr, "minside: kan ikke kontrollere dokumentene: %s\n", db_errmsg(d));
        return 1;
    }
    if (bad) {
        printf("%d dokumentobjekt%s stemmer ikke med sjekksummen.\n", bad, bad == 1 ? "" : "er");
        return 1;
    }
    printf("Alle dokumentene stemmer med sjekksummene.\n");
    return 0;
}

int archive_cli_sweep(db *d)
{
    progress shown;
    progress_begin(&shown, "filer", 0);
    int removed = archive_store_sweep(d, &shown);
    progress_end(&shown);
    if (removed < 0) {
        fprintf(stderr, "minside: opprydding i dokumentlageret feilet: %s\n", db_errmsg(d));
        return 1;
    }
    printf("Fjernet %d fil%s uten journalpost.\n", removed, removed == 1 ? "" : "er");
    return 0;
}

int archive_cli_export(db *d, const char *dir, const char *from, const char *to)
{
    char err[1024] = "";
    progress shown;
    progress_begin(&shown, "dokumenter", 0);
    int rc = archive_export(d, dir, from, to, &shown, err, sizeof err);
    progress_end(&shown);
    if (rc) {
        fprintf(stderr, "minside: %s\n", err);
        return rc == ARCHIVE_ERR_INVALID ? 2 : 1;
    }
    printf("Arkivuttrekket er skrevet til %s.\n", dir);
    return 0;
}
