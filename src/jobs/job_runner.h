/* The job workers inside `minside serve`: threads, each with its own database connection, that
 * run due jobs and otherwise sleep. They wake at the poll interval, or early when this process
 * enqueues a job. Other instances' jobs are found at their next poll. */
#ifndef MINSIDE_JOBS_JOB_RUNNER_H
#define MINSIDE_JOBS_JOB_RUNNER_H

typedef struct job_runner job_runner;

/* Starts `threads` workers (connections from app_db()). Returns NULL when a thread cannot be
 * started (logged). One runner a process. */
job_runner *job_runner_start(int threads, int poll_ms);
/* Asks the workers to stop, aborts SMTP transfers in progress (they are retried later), waits
 * for every worker to end and closes their connections. NULL is allowed. */
void job_runner_stop(job_runner *r);
/* Wakes the workers to look for due jobs now. Cheap; any thread. */
void job_runner_notify(void);
/* True once a stop was asked for: long handlers check it and give up early. */
int job_runner_stopping(void);

#endif
