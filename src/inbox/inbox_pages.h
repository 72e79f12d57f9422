/* The inbox pages: the list, one message (which marks it read), «Merk som ulest», the count in
 * the header, and the person's choice of e-mail notices. Messages are looked up by id together
 * with the person, so someone else's message is simply not found. */
#ifndef MINSIDE_INBOX_INBOX_PAGES_H
#define MINSIDE_INBOX_INBOX_PAGES_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/page_cursor.h"
#include "db/db.h"
#include "http/request.h"

/* Messages a page of the list. */
enum { INBOX_PAGE_SIZE = 50 };

/* The page of the person's messages after (or, at->before, before) the cursor at, whose key is
 * at_time, newest first: id, sender, subject, date, organisation, case, unread. *more is set
 * when more follow in the direction read; first and last are set to the shown rows' positions
 * (key: created_at in decimal). NULL on a db error. */
json_t *inbox_list_json(db *d, arena *a, int64_t person_id, const page_cursor *at,
                        int64_t at_time, int *more, page_cursor *first, page_cursor *last);
/* One of the person's messages, marked read at now. Returns the message (with body and
 * link_path), NULL with *found = 0 when the person has no message with this id, or NULL with
 * *found = -1 on a db error. */
json_t *inbox_open(db *d, arena *a, int64_t person_id, int64_t id, int64_t now, int *found);
/* Marks one of the person's messages unread. Returns 0, 1 when not found, or a db code. */
int inbox_mark_unread(db *d, int64_t person_id, int64_t id);

void inbox_page_list(req *r);    /* GET /innboks */
void inbox_page_message(req *r); /* GET /innboks/:id */
void inbox_unread_submit(req *r); /* POST /innboks/:id/ulest */
/* Adds inbox_unread (count) and inbox_label («3 uleste meldinger») to the header's user. */
void inbox_layout_add(req *r, json_t *user);

#endif
