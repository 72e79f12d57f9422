/* Progress lines on a terminal; see progress.h. */
#include "core/progress.h"

#include <unistd.h>

#include "core/clock.h"

enum { REDRAW_MS = 200, BAR_WIDTH = 30 };

void progress_begin_on(progress *p, FILE *out, const char *what, long long total)
{
    p->out = out;
    p->what = what;
    p->total = total > 0 ? total : 0;
    p->count = 0;
    p->fraction = -1;
    p->started_ms = clock_monotonic_ms();
    p->shown_ms = -REDRAW_MS;
}

void progress_begin(progress *p, const char *what, long long total)
{
    progress_begin_on(p, isatty(STDERR_FILENO) ? stderr : NULL, what, total);
}

static void draw(progress *p, int final)
{
    int64_t now = clock_monotonic_ms();
    if (!final && now - p->shown_ms < REDRAW_MS) return;
    p->shown_ms = now;
    double done = p->fraction >= 0 ? p->fraction
                  : p->total > 0   ? (double)p->count / (double)p->total
                                   : -1;
    if (final && done >= 0) done = 1;
    if (done > 1) done = 1;
    double seconds = (double)(now - p->started_ms) / 1000.0;
    double rate = seconds > 0 ? (double)p->count / seconds : 0.0;
    fputc('\r', p->out);
    if (done >= 0) {
        char bar[BAR_WIDTH + 1];
        int filled = (int)(done * BAR_WIDTH);
        for (int i = 0; i < BAR_WIDTH; i++) bar[i] = i < filled ? '#' : ' ';
        bar[BAR_WIDTH] = '\0';
        fprintf(p->out, "[%s] %3d %%  ", bar, (int)(done * 100));
    }
    fprintf(p->out, "%lld %s  %.0f/s ", p->count, p->what, rate);
    if (final) fputc('\n', p->out);
    fflush(p->out);
}

void progress_set_total(progress *p, long long total)
{
    if (!p) return;
    p->total = total > 0 ? total : 0;
}

void progress_update(progress *p, long long count, double fraction)
{
    if (!p) return;
    p->count = count;
    p->fraction = fraction;
    if (p->out) draw(p, 0);
}

void progress_step(progress *p)
{
    if (!p) return;
    progress_update(p, p->count + 1, -1);
}

void progress_end(progress *p)
{
    if (!p) return;
    if (p->out) draw(p, 1);
    p->out = NULL; /* drawn once: a second end is harmless */
}
