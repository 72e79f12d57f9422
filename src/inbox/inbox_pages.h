/* The inbox pages: the list, one message (which marks it read), «Merk som ulest», the count in
 * the header, and the person's choice of e-mail notices. Messages are looked up by id together
 * with the person, so someone else's message is simply not found. */
#ifndef MINSIDE_INBOX_INBOX_PAGES_H
#define MINSIDE_INBOX_INBOX_PAGES_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "http/request.h"

/* Messages a page of the list, and the last page number a request may ask for. */
enum { INBOX_PAGE_SIZE = 50, INBOX_PAGE_MAX = 10000 };

/* One page (from 1) of the person's messages, newest first: id, sender, subject, date,
 * organisation, case, unread; *more is set when an older page follows. NULL on a db error. */
json_t *inbox_list_json(db *d, arena *a, int64_t person_id, int page, int *more);
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
