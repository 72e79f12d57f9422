/* libFuzzer target for `minside import-innsynskrav`: one eInnsyn order.xml (v1 or v2) read by
 * innsyn_order_parse, the part of the import that needs no database (libxml2 with no network
 * and no external entities, then the order's checks). The input is the file. */
#include "core/arena.h"
#include "core/email.h"
#include "innsyn/innsyn_order.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    innsyn_order o;
    char err[1024] = "";
    int rc = innsyn_order_parse(a, "order.xml", (const char *)data, size, &o, err, sizeof err);
    if (rc != 0) {
        if (strncmp(err, "order.xml:", 10)) abort(); /* «FILE:LINE: reason» */
    } else {
        /* An accepted order has an id, a valid address and between one and the most documents. */
        if ((o.version != 1 && o.version != 2) || !o.id || !*o.id || !email_valid(o.email) ||
            o.document_count < 1 || o.document_count > INNSYN_ORDER_MAX_DOCUMENTS)
            abort();
        for (size_t i = 0; i < o.document_count; i++)
            if (!o.documents[i].text || o.documents[i].number < 0) abort();
    }
    arena_free(a);
    return 0;
}
