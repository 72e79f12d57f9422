/* HTTP handlers of the archive. */
#ifndef MINSIDE_ARCHIVE_ARCHIVE_HTTP_H
#define MINSIDE_ARCHIVE_ARCHIVE_HTTP_H

#include "http/request.h"

/* MINSIDE_TEST_ROUTES=1: a test switch, off by default, for the durability test. Returns 0,
 * or -1 when the switch is on while MINSIDE_BASE_URL is https (a production address), which
 * must stop the server. Call once at start-up. */
int archive_http_test_routes_init(const char *base_url);

/* POST /test/arkiv/journalpost, only with the test switch on (404 otherwise): registers an
 * incoming entry with the uploaded file «dokument» in case file «sak» (a new case file when
 * absent) and answers, only after the commit, with the entry id and the stored checksum. */
void archive_http_test_register(req *r);

#endif
