/* Demo organisations for `make run`: the units of Enhetsregisteret's samples and a few more
 * whose names show what the search copes with (æ ø å, legal forms, bankrupt and deleted). */
#include "org/org_db.h"
#include "org/org_http.h"

int org_demo_seed(db *d)
{
    static const org_unit units[] = {
        {"310000000", "EKSEMPEL REVISJON AS", "AS", "OSLO", NULL, 0, 0, NULL},
        {"310000019", "FORBRUKERTILSYNET", "ORGL", "GRIMSTAD", NULL, 0, 0, NULL},
        {"310000027", "EKSEMPEL HVITEVARER AS", "AS", "OSLO", NULL, 0, 0, NULL},
        {"310000035", "EKSEMPEL REISER AS", "AS", "BERGEN", NULL, 0, 0, NULL},
        {"310000043", "OLA TESTMANN ENK", "ENK", "TRONDHEIM", NULL, 0, 0, NULL},
        {"310000051", "KONKURSRAMMET TEST AS", "AS", "DRAMMEN", NULL, 1, 0, NULL},
        {"310000078", "BLÅBÆR OG SØNN ELEKTRO AS", "AS", "TROMSØ", NULL, 0, 0, NULL},
        {"310000086", "ÆRLIGE ØKOBAKERIET SA", "SA", "ÅLESUND", NULL, 0, 0, NULL},
        {"310000094", "NEDLAGT NETTHANDEL AS", "AS", "STAVANGER", NULL, 0, 0, "2025-01-31"},
    };
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    org_writer *w = org_writer_new(d);
    for (size_t i = 0; rc >= 0 && i < sizeof units / sizeof *units; i++) rc = org_writer_add(w, &units[i]);
    if (rc >= 0) rc = org_writer_flush(w);
    org_writer_free(w);
    if (rc < 0) {
        db_rollback(d);
        return rc;
    }
    return db_commit(d);
}
