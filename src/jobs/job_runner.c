#include "jobs/job_runner.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "core/clock.h"
#include "core/log.h"
#include "jobs/job.h"

/* An enqueue inside a transaction wakes the workers before its commit; for a while after a wake
 * they therefore look often, so a user's e-mail leaves in well under the poll interval. */
#define JOB_FAST_POLL_MS 50
#define JOB_FAST_WINDOW_MS 2000
#define JOB_BATCH 16

struct job_runner {
    int threads;
    int poll_ms;
    pthread_t *ids;
    char (*names)[96];
};

static pthread_mutex_t wake_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_cond = PTHREAD_COND_INITIALIZER;
static uint64_t wake_generation; /* under wake_lock */
static atomic_int stop_requested;

void job_runner_notify(void)
{
    pthread_mutex_lock(&wake_lock);
    wake_generation++;
    pthread_cond_broadcast(&wake_cond);
    pthread_mutex_unlock(&wake_lock);
}

int job_runner_stopping(void)
{
    return atomic_load(&stop_requested);
}

/* Sleeps up to ms, or until a wake or a stop; *seen tracks the wakes this worker has seen.
 * Returns 1 when woken by an enqueue. */
static int wait_for_work(int ms, uint64_t *seen)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    int woken = 0;
    pthread_mutex_lock(&wake_lock);
    while (!job_runner_stopping() && *seen == wake_generation)
        if (pthread_cond_timedwait(&wake_cond, &wake_lock, &until) == ETIMEDOUT) break;
    if (*seen != wake_generation) {
        *seen = wake_generation;
        woken = 1;
    }
    pthread_mutex_unlock(&wake_lock);
    return woken;
}

typedef struct {
    job_runner *runner;
    int index;
} worker_arg;

static void *worker_main(void *arg)
{
    worker_arg *w = arg;
    job_runner *r = w->runner;
    const char *name = r->names[w->index];
    free(w);
    uint64_t seen = 0;
    int64_t fast_until = 0;
    while (!job_runner_stopping()) {
        db *d = app_db();
        int ran = d ? job_run_due(d, name, JOB_BATCH) : -1;
        if (ran == JOB_BATCH) continue; /* more may be due */
        int fast = ran >= 0 && clock_monotonic_ms() < fast_until;
        if (wait_for_work(fast ? JOB_FAST_POLL_MS : r->poll_ms, &seen))
            fast_until = clock_monotonic_ms() + JOB_FAST_WINDOW_MS;
    }
    return NULL; /* app_db's connection is closed as the thread ends */
}

job_runner *job_runner_start(int threads, int poll_ms)
{
    job_runner *r = calloc(1, sizeof *r);
    if (!r) abort();
    r->poll_ms = poll_ms;
    r->ids = calloc((size_t)threads, sizeof *r->ids);
    r->names = calloc((size_t)threads, sizeof *r->names);
    if (!r->ids || !r->names) abort();
    atomic_store(&stop_requested, 0);
    char host[64] = "localhost";
    gethostname(host, sizeof host - 1);
    /* A name no other worker anywhere has, so a lease is only ever recognised by its owner. */
    uint32_t tag = randombytes_random();
    for (int i = 0; i < threads; i++) {
        snprintf(r->names[i], sizeof r->names[i], "%s/%ld/%d/%08x", host, (long)getpid(), i, tag);
        worker_arg *w = malloc(sizeof *w);
        if (!w) abort();
        *w = (worker_arg){r, i};
        if (pthread_create(&r->ids[i], NULL, worker_main, w) != 0) {
            log_error("jobber: kan ikke starte arbeidertråd %d", i);
            free(w);
            job_runner_stop(r);
            return NULL;
        }
        r->threads++;
    }
    return r;
}

void job_runner_stop(job_runner *r)
{
    if (!r) return;
    atomic_store(&stop_requested, 1);
    job_runner_notify();
    for (int i = 0; i < r->threads; i++)
        pthread_join(r->ids[i], NULL);
    free(r->ids);
    free(r->names);
    free(r);
    /* Back to normal, so `jobs run-once` and tests may run jobs after a runner has stopped. */
    atomic_store(&stop_requested, 0);
}
