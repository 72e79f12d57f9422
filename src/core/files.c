#include "core/files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"

int file_read_all(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    strbuf b = STRBUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) strbuf_append(&b, chunk, n);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        strbuf_free(&b);
        errno = EIO;
        return -1;
    }
    *len = b.len;
    *data = strbuf_take(&b);
    return 0;
}

static int walk(const char *dir, const char *prefix, int depth, int max_depth, dir_visit_fn visit,
                void *ud)
{
    if (depth > max_depth) {
        errno = ELOOP;
        return -1;
    }
    DIR *d = opendir(dir);
    if (!d) return -1;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *path = NULL, *name = NULL;
        if (asprintf(&path, "%s/%s", dir, e->d_name) < 0 ||
            asprintf(&name, "%s%s%s", prefix, *prefix ? "/" : "", e->d_name) < 0)
            abort();
        struct stat st;
        if (stat(path, &st) != 0) rc = -1;
        else if (S_ISDIR(st.st_mode)) rc = walk(path, name, depth + 1, max_depth, visit, ud);
        else if (S_ISREG(st.st_mode)) rc = visit(path, name, ud);
        free(path);
        free(name);
    }
    int saved = errno;
    closedir(d);
    errno = saved;
    return rc;
}

int dir_walk(const char *dir, int max_depth, dir_visit_fn visit, void *ud)
{
    return walk(dir, "", 0, max_depth, visit, ud);
}

int file_write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}
