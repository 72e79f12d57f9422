/* The SMTP server the mail tests send to (sink.h). */
#include "sink.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"

/* Starts smtp_sink.py on port (0: any free one), refusing nei@example.no (550) and delaying
 * vent@example.no (451), hanging on treg@example.no. Returns 0 when it listens. */
int sink_start(sink *s, int port)
{
    char portfile[700], portarg[16];
    snprintf(portfile, sizeof portfile, "%s/port", s->dir);
    unlink(portfile);
    snprintf(portarg, sizeof portarg, "%d", port);
    const char *data = getenv("MINSIDE_DATA_DIR");
    char script[1024];
    snprintf(script, sizeof script, "%s/tests/mail/smtp_sink.py", data ? data : ".");
    s->pid = fork();
    if (s->pid == 0) {
        execl("/usr/bin/python3", "python3", script, s->dir, "--port", portarg, "--refuse",
              "nei@example.no", "--tempfail", "vent@example.no", "--slow", "treg@example.no",
              (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) {
        FILE *f = fopen(portfile, "r");
        if (f) {
            int ok = fscanf(f, "%d", &s->port) == 1;
            fclose(f);
            if (ok) return 0;
        }
        int status;
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) break;
        usleep(50 * 1000);
    }
    printf("# the SMTP sink did not start (is python3-aiosmtpd installed?)\n");
    return -1;
}

void sink_stop(sink *s)
{
    if (s->pid <= 0) return;
    kill(s->pid, SIGTERM);
    waitpid(s->pid, NULL, 0);
    s->pid = 0;
}

int sink_count(const sink *s)
{
    DIR *d = opendir(s->dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        n += len > 5 && strcmp(e->d_name + len - 5, ".json") == 0;
    }
    if (d) closedir(d);
    return n;
}

/* Message number n (from 1) as the sink's parser read it; the caller frees it. */
json_t *sink_message(const sink *s, int n)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%06d.json", s->dir, n);
    return json_load_file(path, 0, NULL);
}

char *sink_raw(const sink *s, int n)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%06d.eml", s->dir, n);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = calloc(1, 65536);
    if (buf) fread(buf, 1, 65535, f);
    fclose(f);
    return buf;
}

void use_sink_port(int port)
{
    free(g_app.cfg.smtp_url);
    char url[64];
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", port);
    g_app.cfg.smtp_url = strdup(url);
}

