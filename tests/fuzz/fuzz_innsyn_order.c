/* libFuzzer target for eInnsyn's order.xml as `minside import-innsynskrav` reads it: any bytes
 * give an order or a message with file and line, never a crash, a leak or a read past the end. */
#include "core/arena.h"
#include "innsyn/innsyn_order.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    innsyn_order o;
    char err[1024];
    if (innsyn_order_parse(a, "fuzz.xml", (const char *)data, size, &o, err, sizeof err) == 0) {
        /* What the import uses must be there and within its limits. */
        if (!o.id || !*o.id || !o.email || o.document_count == 0 ||
            o.document_count > INNSYN_ORDER_MAX_DOCUMENTS)
            __builtin_trap();
    } else if (!strchr(err, ':')) {
        __builtin_trap();
    }
    arena_free(a);
    xmlResetLastError();
    return 0;
}
