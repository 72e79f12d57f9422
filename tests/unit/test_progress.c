/* The progress line of long commands: what it draws, how often, and that it stays silent off a
 * terminal. */
#include "core/progress.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Everything written to f so far. */
static char *contents(FILE *f)
{
    fflush(f);
    long n = ftell(f);
    char *s = calloc((size_t)n + 1, 1);
    rewind(f);
    if (fread(s, 1, (size_t)n, f) != (size_t)n) s[0] = '\0';
    return s;
}

static int count_char(const char *s, char c)
{
    int n = 0;
    for (; *s; s++) n += *s == c;
    return n;
}

int main(void)
{
    FILE *f = tmpfile();
    progress p;
    progress_begin_on(&p, f, "dokumenter", 4);
    progress_step(&p);
    char *s = contents(f);
    TAP_OK(strstr(s, "[#######                       ]  25 %  1 dokumenter") != NULL,
           "the first step is drawn at once with its share of the total: %s", s);
    free(s);
    for (int i = 0; i < 1000; i++) progress_step(&p);
    s = contents(f);
    TAP_EQ_INT(count_char(s, '\r'), 1, "quick steps are not redrawn more than a few times a second");
    free(s);
    progress_end(&p);
    s = contents(f);
    TAP_OK(strstr(s, "100 %  1001 dokumenter") != NULL && s[strlen(s) - 1] == '\n',
           "the end draws the last count and ends the line");
    progress_end(&p);
    char *again = contents(f);
    TAP_EQ_STR(again, s, "a second end draws nothing");
    free(s);
    free(again);
    fclose(f);

    f = tmpfile();
    progress_begin_on(&p, f, "filer", 0);
    progress_step(&p);
    progress_end(&p);
    s = contents(f);
    TAP_OK(strstr(s, "\r1 filer") != NULL && !strchr(s, '['), "without a total there is no bar: %s", s);
    free(s);
    fclose(f);

    f = tmpfile();
    progress_begin_on(&p, f, "enheter", 0);
    progress_update(&p, 7, 0.5);
    s = contents(f);
    TAP_OK(strstr(s, " 50 %  7 enheter") != NULL, "a measured share is shown as it is given");
    free(s);
    fclose(f);

    progress_begin(&p, "dokumenter", 3);
    TAP_OK(isatty(STDERR_FILENO) ? p.out == stderr : p.out == NULL,
           "progress_begin shows only when standard error is a terminal");
    progress_step(NULL);
    progress_end(NULL);
    TAP_OK(1, "a function called without progress runs");
    return tap_done();
}
