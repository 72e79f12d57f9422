/* The program's shared state: settings, compiled templates, static files, and one database
 * connection per thread. Set up by main before the server starts; read-only afterwards. */
#ifndef MINSIDE_APP_H
#define MINSIDE_APP_H

#include "core/config.h"
#include "db/db.h"

struct template_set;
struct static_files;

typedef struct app {
    config cfg;
    struct template_set *templates;
    struct static_files *statics;
} app;

extern app g_app;

/* Loads templates and static files from cfg.data_dir. Returns 0 or -1 (logged). */
int app_load_assets(void);
void app_free(void);
/* The calling thread's connection, opened on first use; NULL when the database cannot be
 * reached (logged). Closed when the thread ends. */
db *app_db(void);
/* Opens a connection for a command-line subcommand, with a clear message on failure. */
db *app_db_open_or_report(void);

#endif
