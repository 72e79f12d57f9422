/* What an operator measures from outside: requests by route pattern and status, their latency,
 * database failures, the job queue, the outbox and uptime, served as Prometheus text on
 * GET /metrics (docs/operations.md). The counters are atomics, updated by every server thread
 * as its requests end; nothing here takes a lock. */
#ifndef MINSIDE_METRICS_METRICS_H
#define MINSIDE_METRICS_METRICS_H

#include <stdint.h>

#include "core/strbuf.h"
#include "db/db.h"
#include "http/request.h"
#include "http/router.h"

/* Learns the route patterns (each counted apart) and starts the uptime. Call before the server
 * starts, again when another server starts with other routes. */
void metrics_init(const route *routes);
/* The server's request_done hook: counts one request. */
void metrics_request_done(const req *r, int64_t duration_us, int aborted);
/* Appends every metric in the Prometheus text format (version 0.0.4). d may be NULL when the
 * database cannot be reached; what needs it is then left out and minside_database_up is 0. */
void metrics_write(strbuf *out, db *d);

/* GET /metrics: from this machine, or with the bearer token of MINSIDE_METRICS_TOKEN. */
void metrics_page(req *r);

#endif
