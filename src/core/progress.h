/* Progress of a long command on a terminal: "[#####     ]  42 %  512 dokumenter  48/s" on one
 * line of standard error, redrawn a few times a second. When standard error is not a terminal
 * (cron, a pipe, a log) nothing is written, so logs stay clean. */
#ifndef MINSIDE_CORE_PROGRESS_H
#define MINSIDE_CORE_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

/* Every function but the begin ones accepts NULL and then does nothing, so a function that
 * reports progress can be called without. */
typedef struct progress {
    FILE *out;        /* NULL: nothing is shown */
    const char *what; /* what is counted, plural: "dokumenter" */
    long long total;  /* 0: not known, then the bar is left out */
    long long count;
    double fraction;  /* set by progress_update; negative: from count and total */
    int64_t started_ms, shown_ms;
} progress;

/* Shows on standard error when it is a terminal. total may be 0 (not known). */
void progress_begin(progress *p, const char *what, long long total);
/* Shows on out (NULL: nowhere), terminal or not. */
void progress_begin_on(progress *p, FILE *out, const char *what, long long total);
/* When the amount of work becomes known after the start. */
void progress_set_total(progress *p, long long total);
/* One more done. */
void progress_step(progress *p);
/* count done, and fraction (0..1) of the work when it is measured otherwise (bytes of a file);
 * a negative fraction uses count / total. */
void progress_update(progress *p, long long count, double fraction);
/* The last drawing, complete, and the end of the line. */
void progress_end(progress *p);

#endif
