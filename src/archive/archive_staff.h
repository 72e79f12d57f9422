/* The staff pages' read models, as jansson objects for the templates. Used by
 * archive_staff_http.c only. */
#ifndef MINSIDE_ARCHIVE_ARCHIVE_STAFF_H
#define MINSIDE_ARCHIVE_ARCHIVE_STAFF_H

#include <jansson.h>
#include <stdint.h>

#include "core/page_cursor.h"
#include "db/db.h"

enum {
    ARCHIVE_STAFF_PAGE_SIZE = 25,
    ARCHIVE_STAFF_MAX_QUERY = 200, /* bytes of a search */
};

/* Case files matching q ("2026/17" by number, else words of the title; NULL or "" for all),
 * newest first, the page of ARCHIVE_STAFF_PAGE_SIZE after (or, at->before, before) the cursor
 * at: its id is a case_seq, its key (at_year) the case_year. Sets *items (an array), *has_more
 * (more follow in the direction read), and first and last to the shown files' positions. */
int archive_staff_case_list(db *d, const char *q, const page_cursor *at, int64_t at_year,
                            json_t **items, int *has_more, page_cursor *first, page_cursor *last);
/* A case file with its entries in order, each with parties, documents and screening.
 * ARCHIVE_ERR_NOT_FOUND for an unknown id. */
int archive_staff_case_read(db *d, int64_t case_id, json_t **out);
/* The case file an entry belongs to, or ARCHIVE_ERR_NOT_FOUND. */
int archive_staff_entry_case(db *d, int64_t entry_id, int64_t *case_id);

#endif
