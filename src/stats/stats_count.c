/* Counting page views: each worker thread adds up its own views and visitor hashes in memory
 * (its own lock, never contended but by the flusher), and stats_flush() writes them all in one
 * transaction. The day's salt is fetched from the database once a day per worker, so every
 * instance on one database hashes with the same salt. */
#include <ctype.h>
#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/workdays.h"
#include "stats/stats.h"
#include "stats/stats_db.h"
#include "stats/stats_tally.h"

/* Separates the parts of a tally key; it cannot occur in a day, a route pattern, a host name
 * or a device class. */
#define SEP "\x1f"

typedef struct worker_tally {
    pthread_mutex_t lock;
    stats_tally views, visitors;
    /* The day this worker last counted in, and its salt while the day lasts. */
    char day[11];
    int64_t day_start, day_end;
    unsigned char salt[STATS_SALT_BYTES];
    int salt_ok;
    /* The last answers for this worker's last inputs: a visitor's pages come with the same
     * User-Agent, Referer and address, so most requests skip the parsing and the hashing. Used
     * by this worker's thread under the lock; the flusher forgets the visitor after midnight. */
    char last_ua[256], last_referer[256], last_host[128], last_visitor[512], last_visitor_key[64];
    stats_device last_device;
    struct worker_tally *next;
} worker_tally;

static _Thread_local worker_tally *tl_tally;
static pthread_mutex_t all_lock = PTHREAD_MUTEX_INITIALIZER;
static worker_tally *all_tallies;
/* Counts a failed flush could not write, tried again at the next (under all_lock). */
static stats_tally pending_views, pending_visitors;
static atomic_int counting_off;

void stats_counting_set(int on)
{
    atomic_store(&counting_off, !on);
}

static worker_tally *worker_tally_get(void)
{
    if (tl_tally) return tl_tally;
    worker_tally *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    pthread_mutex_init(&t->lock, NULL);
    pthread_mutex_lock(&all_lock);
    t->next = all_tallies;
    all_tallies = t;
    pthread_mutex_unlock(&all_lock);
    tl_tally = t;
    return t;
}

static void day_of(int64_t now, char out[11], int64_t *start, int64_t *end)
{
    civil_date day = civil_date_oslo(now);
    civil_date_format(day, out);
    if (start) *start = civil_date_start_oslo(day);
    if (end) *end = civil_date_start_oslo(civil_date_add_days(day, 1));
}

/* Moves the worker to the day of now, fetching that day's salt (under t->lock). */
static void worker_day_update(worker_tally *t, int64_t now)
{
    if (t->day[0] && now >= t->day_start && now < t->day_end) return;
    day_of(now, t->day, &t->day_start, &t->day_end);
    sodium_memzero(t->salt, sizeof t->salt);
    db *d = app_db();
    t->salt_ok = d && stats_db_salt_get(d, t->day, t->salt) == DB_OK;
    if (!t->salt_ok) log_warn("nettstatistikk: fant ikke dagens salt; teller ikke unike besøkende");
}

static char own_host_name[256];
static pthread_once_t own_host_once = PTHREAD_ONCE_INIT;

/* Our own host, from MINSIDE_BASE_URL: a referrer from our own pages is not a referring site. */
static void own_host_find(void)
{
    CURLU *u = curl_url();
    char *host = NULL;
    if (u && g_app.cfg.base_url &&
        curl_url_set(u, CURLUPART_URL, g_app.cfg.base_url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && strlen(host) < sizeof own_host_name) {
        for (size_t i = 0; host[i]; i++) own_host_name[i] = (char)tolower((unsigned char)host[i]);
    }
    curl_free(host);
    curl_url_cleanup(u);
}

static int counted_as_view(const req *r, int aborted)
{
    return !aborted && r->route_pattern && r->status == 200 && !strcmp(r->method, "GET") &&
           r->content_type && !strncmp(r->content_type, "text/html", 9);
}

/* Copies s into a cache slot when it fits; an empty slot never matches a later input. */
static void cache_put(char *slot, size_t size, const char *s)
{
    size_t n = strlen(s);
    if (n < size)
        memcpy(slot, s, n + 1);
    else
        slot[0] = '\0';
}

static stats_device worker_device(worker_tally *t, const char *ua)
{
    if (ua && t->last_ua[0] && !strcmp(ua, t->last_ua)) return t->last_device;
    stats_device device = stats_device_of(ua);
    if (ua) {
        cache_put(t->last_ua, sizeof t->last_ua, ua);
        t->last_device = device;
    }
    return device;
}

static const char *worker_referrer_host(worker_tally *t, const char *referer)
{
    if (!referer || !*referer) return "";
    if (t->last_referer[0] && !strcmp(referer, t->last_referer)) return t->last_host;
    pthread_once(&own_host_once, own_host_find);
    stats_referrer_host(referer, own_host_name, t->last_host, sizeof t->last_host);
    cache_put(t->last_referer, sizeof t->last_referer, referer);
    return t->last_host;
}

/* The tally key of the visitor (ip, ua) today: the shortened address and the browser string
 * hashed under today's salt. The same visitor gives the same hash all day, and nothing links
 * it to anyone once the salt is gone. */
static const char *worker_visitor_key(worker_tally *t, const char *ip, const char *ua)
{
    char visitor[sizeof t->last_visitor];
    int n = snprintf(visitor, sizeof visitor, "%s" SEP "%s" SEP "%s", t->day, ip, ua);
    if (n > 0 && (size_t)n < sizeof visitor && !strcmp(visitor, t->last_visitor))
        return t->last_visitor_key;
    unsigned char hash[STATS_HASH_BYTES];
    crypto_generichash_state st;
    crypto_generichash_init(&st, t->salt, sizeof t->salt, sizeof hash);
    crypto_generichash_update(&st, (const unsigned char *)ip, strlen(ip) + 1);
    crypto_generichash_update(&st, (const unsigned char *)ua, strlen(ua));
    crypto_generichash_final(&st, hash, sizeof hash);
    char hex[2 * STATS_HASH_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    snprintf(t->last_visitor_key, sizeof t->last_visitor_key, "%s" SEP "%s", t->day, hex);
    cache_put(t->last_visitor, sizeof t->last_visitor, n > 0 && (size_t)n < sizeof visitor ? visitor : "");
    return t->last_visitor_key;
}

void stats_request_done(const req *r, int64_t duration_us, int aborted)
{
    (void)duration_us;
    if (atomic_load(&counting_off) || !counted_as_view(r, aborted)) return;
    worker_tally *t = worker_tally_get();
    if (!t) return;
    const char *ua = req_header(r, "User-Agent");
    int64_t now = clock_now();
    pthread_mutex_lock(&t->lock);
    stats_device device = worker_device(t, ua);
    if (device != STATS_DEVICE_ROBOT) {
        const char *host = worker_referrer_host(t, req_header(r, "Referer"));
        worker_day_update(t, now);
        char key[512];
        int n = snprintf(key, sizeof key, "%s" SEP "%s" SEP "%s" SEP "%s", t->day,
                         r->route_pattern, host, stats_device_name(device));
        if (n > 0 && (size_t)n < sizeof key) stats_tally_add(&t->views, key, 1);
        if (t->salt_ok)
            stats_tally_add(&t->visitors,
                            worker_visitor_key(t, r->client_ip ? r->client_ip : "", ua), 1);
    }
    pthread_mutex_unlock(&t->lock);
}

/* Takes every worker's counts (and what an earlier flush left) into views and visitors, and
 * forgets salts whose day is over. */
static void tallies_take(int64_t now, stats_tally *views, stats_tally *visitors)
{
    pthread_mutex_lock(&all_lock);
    stats_tally_take(&pending_views, views);
    stats_tally_take(&pending_visitors, visitors);
    for (worker_tally *t = all_tallies; t; t = t->next) {
        pthread_mutex_lock(&t->lock);
        stats_tally_merge(views, &t->views);
        stats_tally_merge(visitors, &t->visitors);
        if (t->day[0] && now >= t->day_end) {
            sodium_memzero(t->salt, sizeof t->salt);
            t->salt_ok = 0;
            t->day[0] = '\0';
            t->last_visitor[0] = '\0';
        }
        pthread_mutex_unlock(&t->lock);
    }
    pthread_mutex_unlock(&all_lock);
}

static void tallies_put_back(stats_tally *views, stats_tally *visitors)
{
    pthread_mutex_lock(&all_lock);
    stats_tally_merge(&pending_views, views);
    stats_tally_merge(&pending_visitors, visitors);
    pthread_mutex_unlock(&all_lock);
}

/* Splits a key into at most max parts at SEP, in buf. Returns the number of parts. */
static int key_split(const char *key, char *buf, size_t len, const char **parts, int max)
{
    size_t n = strlen(key);
    if (n >= len) return 0;
    memcpy(buf, key, n + 1);
    int count = 0;
    for (char *p = buf; count < max;) {
        parts[count++] = p;
        char *sep = strchr(p, SEP[0]);
        if (!sep) break;
        *sep = '\0';
        p = sep + 1;
    }
    return count;
}

static int entry_order(const void *a, const void *b)
{
    return strcmp((*(const stats_tally_entry *const *)a)->key, (*(const stats_tally_entry *const *)b)->key);
}

/* The entries of t in key order: two instances flushing at once then lock the same rows in the
 * same order, so their upserts wait for each other instead of deadlocking. NULL when empty or
 * out of memory (*n is 0 then). */
static const stats_tally_entry **entries_sorted(const stats_tally *t, size_t *n)
{
    *n = 0;
    const stats_tally_entry **all = t->used ? malloc(t->used * sizeof *all) : NULL;
    if (!all) return NULL;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].key) all[(*n)++] = &t->slots[i];
    qsort(all, *n, sizeof *all, entry_order);
    return all;
}

static int tallies_write(db *d, const stats_tally *views, const stats_tally *visitors)
{
    int rc = DB_OK;
    char buf[512];
    const char *parts[4];
    size_t n;
    const stats_tally_entry **all = entries_sorted(views, &n);
    if (!all && views->used) return DB_ERR;
    for (size_t i = 0; rc == DB_OK && i < n; i++)
        if (key_split(all[i]->key, buf, sizeof buf, parts, 4) == 4)
            rc = stats_db_views_add(d, parts[0], parts[1], parts[2], parts[3], all[i]->count);
    free(all);
    all = entries_sorted(visitors, &n);
    if (!all && visitors->used) return DB_ERR;
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        unsigned char hash[STATS_HASH_BYTES];
        size_t bin_len = 0;
        if (key_split(all[i]->key, buf, sizeof buf, parts, 2) == 2 &&
            sodium_hex2bin(hash, sizeof hash, parts[1], strlen(parts[1]), NULL, &bin_len, NULL) == 0 &&
            bin_len == sizeof hash)
            rc = stats_db_visitor_add(d, parts[0], hash);
    }
    free(all);
    return rc;
}

int stats_flush(db *d)
{
    int64_t now = clock_now();
    char today[11];
    day_of(now, today, NULL, NULL);
    stats_tally views = STATS_TALLY_INIT, visitors = STATS_TALLY_INIT;
    tallies_take(now, &views, &visitors);
    int rc = db_begin(d);
    if (rc == DB_OK) {
        rc = tallies_write(d, &views, &visitors);
        if (rc == DB_OK) rc = stats_db_days_close(d, today);
        rc = db_finish(d, rc);
    }
    if (rc < 0) {
        log_warn("nettstatistikk: kunne ikke skrive tellingen (%s); prøver igjen", db_errmsg(d));
        tallies_put_back(&views, &visitors);
    }
    stats_tally_free(&views);
    stats_tally_free(&visitors);
    return rc < 0 ? rc : 0;
}
