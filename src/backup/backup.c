/* The backup: first the database, through SQLite's backup API, then the documents its copy
 * points at. In that order the copy is consistent: a document's file is in the store before
 * its row commits, so every row in the copy finds its file. */
#include "backup/backup.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "archive/archive_store.h"

long long backup_take(db *live, const char *dir, progress *shown, char *err, size_t errlen)
{
    if (db_engine_of(live) != DB_SQLITE) {
        snprintf(err, errlen, "minside backup gjelder SQLite; med PostgreSQL ligger dokumentene i "
                              "databasen, og pg_dump tar alt (se docs/operations.md)");
        return BACKUP_ERR_INVALID;
    }
    if (mkdir(dir, 0750) != 0) {
        snprintf(err, errlen, "kan ikke lage mappen %s: %s (mappen må være ny)", dir, strerror(errno));
        return BACKUP_ERR_INVALID;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/minside.db", dir);
    if (db_sqlite_backup(live, path, err, errlen) != DB_OK) return DB_ERR;
    char url[4300];
    snprintf(url, sizeof url, "sqlite:%s", path);
    db *snapshot = NULL;
    if (db_open(url, &snapshot, err, errlen) != DB_OK) return DB_ERR_CONNECT;
    long long copied = archive_store_backup(snapshot, dir, shown, err, errlen);
    db_close(snapshot);
    return copied;
}
