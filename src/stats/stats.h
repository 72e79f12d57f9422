/* Web statistics without tracking (docs/statistics.md).
 *
 * The server counts page views itself, after each request (the HTTP server's request_done
 * hook): the route pattern, the referring site's host, a coarse device class and the day in
 * Oslo. No cookie is set and no address is stored. Unique visitors are counted as keyed hashes
 * under a salt that changes every day and is deleted after midnight. Counts are added up in
 * memory per worker thread and written to the database in batches by a flusher thread. */
#ifndef MINSIDE_STATS_STATS_H
#define MINSIDE_STATS_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "http/request.h"

typedef enum {
    STATS_DEVICE_ROBOT,
    STATS_DEVICE_MOBILE,
    STATS_DEVICE_TABLET,
    STATS_DEVICE_DESKTOP,
} stats_device;

/* The device class of a User-Agent header: robots (crawlers, scripts, monitors and requests
 * without a User-Agent) are not counted as page views. */
stats_device stats_device_of(const char *user_agent);
/* "robot", "mobil", "nettbrett", "datamaskin". */
const char *stats_device_name(stats_device d);

/* The host of the referring site from a Referer header, lower case, in out; "" when there is
 * none, it is one of our own pages (own_host), it is not an http(s) address, or the host is an
 * address rather than a name (never stored). Returns out. */
const char *stats_referrer_host(const char *referer, const char *own_host, char *out, size_t len);

/* The request_done hook: counts a page view when r was a GET of an HTML page answered 200 by a
 * route, from something that is not a robot. Never blocks on the database except once a day,
 * to fetch the day's salt. */
void stats_request_done(const req *r, int64_t duration_us, int aborted);

/* Writes what this process has counted to the database in one transaction, counts finished
 * days' visitors and deletes their hashes and salts. Returns 0, or a negative code (the counts
 * are then kept for the next flush). */
int stats_flush(db *d);

/* Makes the statistics' retention rule known (at start-up, with the other modules): the visitor
 * hashes and the day's salt go just after midnight, by the flusher itself. */
void stats_register(void);

/* Turns counting on (the default) or off. */
void stats_counting_set(int on);

/* Starts the thread that flushes every `seconds` and just after each midnight. 0 turns
 * counting off altogether (stats_request_done then does nothing). Returns 0 or -1 (logged). */
int stats_flusher_start(int seconds);
/* Stops the thread after a last flush. Safe to call when it was never started. */
void stats_flusher_stop(void);

#endif
