/* eInnsyn's innsyn orders into the same queue as requests made here. Every file is read and
 * checked first (innsyn_order.c); then all orders are registered in one transaction, so a
 * malformed file, an unknown entry or an order read before imports nothing, and the message
 * names the file, the line and the reason. */
#include "innsyn/innsyn_internal.h"
#include "innsyn/innsyn_order.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/files.h"

enum { ORDER_MAX_BYTES = 1024 * 1024 };

#define fail(err, errlen, ...) (innsyn_order_message(err, errlen, __VA_ARGS__), INNSYN_ERR_INVALID)

/* Reads file into o and finds its entries in the archive (ids in entry_ids). */
static int order_load(db *d, arena *a, const char *file, innsyn_order *o, int64_t *entry_ids,
                      char *err, size_t errlen)
{
    char *data = NULL;
    size_t len = 0;
    if (file_read_all(file, &data, &len) != 0) return fail(err, errlen, file, 0, "filen kan ikke leses");
    int rc = len > ORDER_MAX_BYTES ? fail(err, errlen, file, 0, "filen er større enn 1 MB")
             : innsyn_order_parse(a, file, data, len, o, err, errlen) ? INNSYN_ERR_INVALID
                                                                       : DB_OK;
    free(data);
    for (size_t i = 0; rc == DB_OK && i < o->document_count; i++) {
        const innsyn_order_document *x = &o->documents[i];
        rc = archive_entry_find(d, x->case_year, x->case_seq, x->number, &entry_ids[i]);
        if (rc == ARCHIVE_ERR_NOT_FOUND)
            rc = fail(err, errlen, file, x->line, "journalpost %s finnes ikke hos oss", x->text);
    }
    return rc;
}

int innsyn_import_files(db *d, const char *const *files, size_t count, size_t *imported,
                        char *err, size_t errlen)
{
    arena *a = arena_new();
    innsyn_order *orders = arena_calloc(a, count ? count : 1, sizeof *orders);
    int64_t(*ids)[INNSYN_ORDER_MAX_DOCUMENTS] = arena_calloc(a, count ? count : 1, sizeof *ids);
    int rc = db_begin(d);
    for (size_t i = 0; rc == DB_OK && i < count; i++)
        rc = order_load(d, a, files[i], &orders[i], ids[i], err, errlen);
    for (size_t i = 0; rc == DB_OK && i < count; i++) {
        const innsyn_order *o = &orders[i];
        innsyn_new in = {.source = "einnsyn",
                         .external_id = o->id,
                         .email = o->email,
                         .name = o->name,
                         .confirmed = 1,
                         .entry_ids = ids[i],
                         .entry_count = o->document_count};
        char why[300] = "";
        rc = innsyn_request_register(d, a, &in, NULL, why, sizeof why);
        if (rc == INNSYN_ERR_NOT_PUBLIC || rc == INNSYN_ERR_INVALID)
            rc = fail(err, errlen, files[i], o->line, "%s",
                      rc == INNSYN_ERR_NOT_PUBLIC
                          ? "en av journalpostene er ikke i den offentlige journalen"
                          : why);
    }
    rc = db_finish(d, rc);
    if (rc != DB_OK && !*err) snprintf(err, errlen, "databasen: %s", db_errmsg(d));
    if (imported) *imported = rc == DB_OK ? count : 0;
    arena_free(a);
    return rc;
}
