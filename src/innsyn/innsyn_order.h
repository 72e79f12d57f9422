/* eInnsyn's innsyn order (order.xml v1 and v2) read from bytes, with no database: what the
 * import and the fuzz target share. */
#ifndef MINSIDE_INNSYN_INNSYN_ORDER_H
#define MINSIDE_INNSYN_INNSYN_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

enum { INNSYN_ORDER_MAX_DOCUMENTS = 20 };

typedef struct {
    int line;         /* of its <dokument> */
    int case_year;    /* from <saksnr> «2025/23456» */
    int64_t case_seq;
    int64_t number;   /* <dokumentnr>: the entry's number in the case file */
    const char *text; /* «2025/23456-1», for messages */
} innsyn_order_document;

typedef struct {
    int version;      /* 1 or 2 */
    int line;         /* of <bestilling> */
    const char *id;   /* eInnsyn's order id */
    const char *email, *name; /* name NULL when empty */
    innsyn_order_document documents[INNSYN_ORDER_MAX_DOCUMENTS];
    size_t document_count;
} innsyn_order;

/* Reads one order from data (len bytes; file names it in messages). No network, no external
 * entities. Returns 0, or -1 with «FILE:LINE: reason» in Norwegian in err. Strings in a. */
int innsyn_order_parse(arena *a, const char *file, const char *data, size_t len,
                       innsyn_order *out, char *err, size_t errlen);

/* Writes «FILE:LINE: reason» (reason from fmt, cut at a line break) into err; returns -1. */
int innsyn_order_message(char *err, size_t errlen, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
