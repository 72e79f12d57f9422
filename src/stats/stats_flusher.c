/* The thread that writes the workers' counts to the database: every few seconds, and just after
 * midnight so that the finished day's salt is deleted at once. */
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "app.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/workdays.h"
#include "retention/retention.h"
#include "stats/stats.h"

/* In the retention table so that it answers «how long?» for the statistics too. No functions:
 * the retention run does not delete these; the flusher does, just after each midnight
 * (stats_db_days_close), long before a nightly run would. */
static const retention_rule visitor_rule = {
    "stats_visitors", "stats_visitor",
    "Kontrolltall for å telle ulike besøkende i nettstatistikken, og dagens nøkkel",
    "til like etter midnatt samme dag",
    "Trengs bare for å telle hver besøkende én gang per dag; etterpå er bare antallet igjen "
    "(art. 6 nr. 1 f og art. 5 nr. 1 c og e).",
    NULL, NULL};

void stats_register(void)
{
    retention_rule_register(&visitor_rule);
}

static pthread_t flusher;
static pthread_mutex_t flusher_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t flusher_wake = PTHREAD_COND_INITIALIZER;
static int flusher_running, flusher_stopping, flusher_seconds;

/* Seconds until the next flush: the interval, or a second past the coming Oslo midnight. */
static int64_t seconds_to_next_flush(void)
{
    int64_t now = clock_now();
    civil_date today = civil_date_oslo(now);
    int64_t midnight = civil_date_start_oslo(civil_date_add_days(today, 1));
    int64_t wait = midnight - now + 1;
    return wait > 0 && wait < flusher_seconds ? wait : flusher_seconds;
}

static void *flusher_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&flusher_lock);
    while (!flusher_stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += (time_t)seconds_to_next_flush();
        while (!flusher_stopping &&
               pthread_cond_timedwait(&flusher_wake, &flusher_lock, &until) != ETIMEDOUT) {
        }
        pthread_mutex_unlock(&flusher_lock);
        db *d = app_db();
        if (d) stats_flush(d);
        pthread_mutex_lock(&flusher_lock);
    }
    pthread_mutex_unlock(&flusher_lock);
    return NULL;
}

int stats_flusher_start(int seconds)
{
    stats_counting_set(seconds > 0);
    if (seconds <= 0) return 0;
    flusher_seconds = seconds;
    flusher_stopping = 0;
    if (pthread_create(&flusher, NULL, flusher_main, NULL) != 0) {
        log_error("nettstatistikk: kunne ikke starte tråden som skriver tellingen");
        return -1;
    }
    flusher_running = 1;
    return 0;
}

void stats_flusher_stop(void)
{
    if (!flusher_running) return;
    pthread_mutex_lock(&flusher_lock);
    flusher_stopping = 1;
    pthread_cond_signal(&flusher_wake);
    pthread_mutex_unlock(&flusher_lock);
    pthread_join(flusher, NULL); /* its last round flushes what the server counted */
    flusher_running = 0;
}
