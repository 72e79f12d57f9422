/* libFuzzer target for the configuration file (KEY=VALUE lines, comments, numbers with their
 * ranges, URLs, secrets). The input is written to a file that config_load reads; settings from
 * the environment are removed first so that only the file counts. */
#include "core/config.h"
#include "fuzz_file.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (char **e = environ; *e;) {
        if (!strncmp(*e, "MINSIDE_", 8)) {
            char name[256];
            size_t n = strcspn(*e, "=");
            snprintf(name, sizeof name, "%.*s", (int)n, *e);
            unsetenv(name);
        } else {
            e++;
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file_write(data, size);
    config c;
    char err[512] = "";
    int rc = config_load(&c, path, err, sizeof err);
    if (rc != 0 && !err[0]) abort(); /* a refusal always says why */
    if (rc == 0 && (!c.listen || !c.base_url || !c.database_url || !c.var_dir)) abort();
    config_free(&c);
    return 0;
}
