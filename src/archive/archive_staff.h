/* The staff pages' read models, as jansson objects for the templates. Used by
 * archive_staff_http.c only. */
#ifndef MINSIDE_ARCHIVE_ARCHIVE_STAFF_H
#define MINSIDE_ARCHIVE_ARCHIVE_STAFF_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

enum {
    ARCHIVE_STAFF_PAGE_SIZE = 25,
    ARCHIVE_STAFF_MAX_QUERY = 200, /* bytes of a search */
    ARCHIVE_STAFF_MAX_PAGE = 10000,
};

/* Case files matching q ("2026/17" by number, else words of the title; NULL or "" for all),
 * newest first, page (from 1) of ARCHIVE_STAFF_PAGE_SIZE: sets *items (an array) and
 * *has_next. */
int archive_staff_case_list(db *d, const char *q, int page, json_t **items, int *has_next);
/* A case file with its entries in order, each with parties, documents and screening.
 * ARCHIVE_ERR_NOT_FOUND for an unknown id. */
int archive_staff_case_read(db *d, int64_t case_id, json_t **out);
/* The case file an entry belongs to, or ARCHIVE_ERR_NOT_FOUND. */
int archive_staff_entry_case(db *d, int64_t entry_id, int64_t *case_id);

#endif
