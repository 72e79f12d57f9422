#include "fuzz_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char path[] = "/tmp/minside-fuzz-XXXXXX";
static int made;

static void remove_file(void)
{
    unlink(path);
}

const char *fuzz_file_write(const uint8_t *data, size_t size)
{
    if (!made) {
        int fd = mkstemp(path);
        if (fd < 0) abort();
        close(fd);
        atexit(remove_file);
        made = 1;
    }
    FILE *f = fopen(path, "w");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) abort();
    return path;
}
