/* `minside backup` on SQLite while a writer keeps registering entries with documents on its own
 * connection: the copy holds exactly the entries committed at one moment (everything
 * acknowledged before the backup began, nothing half), every document they point at and no
 * other, and a restore of it passes `minside verify-documents`. The binary is argv[1]. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "archive/archive.h"
#include "archive/archive_store.h"
#include "backup/backup.h"
#include "core/clock.h"
#include "core/files.h"
#include "tap.h"
#include "test_db_env.h"

static char tmpdir[] = "/tmp/minside-test-backup.XXXXXX";
static char live_url[1024];
static int64_t case_id;
static atomic_int committed, stop;

static int64_t query_int(db *d, const char *sql)
{
    db_stmt *s = db_prepare(d, sql);
    if (!s) return -1;
    int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    db_reset(s);
    return v;
}

static int register_one(db *d, int k)
{
    char title[64], content[128];
    snprintf(title, sizeof title, "Brev nummer %d", k);
    snprintf(content, sizeof content, "Innholdet i brev nummer %d, som er ulikt alle andre.\n", k);
    archive_document_new doc = {.title = title, .file_name = "brev.txt", .mime_type = "text/plain",
                                .bytes = content, .size = strlen(content)};
    archive_entry_new in = {.case_file_id = case_id, .type = ARCHIVE_ENTRY_INCOMING, .title = title,
                            .created_by = "saksbehandler1", .documents = &doc, .document_count = 1};
    archive_entry out;
    char err[256];
    int rc = db_begin(d);
    if (rc == DB_OK) rc = archive_entry_register(d, &in, &out, err, sizeof err);
    return db_finish(d, rc);
}

/* Registers entries one transaction each until told to stop. */
static void *writer(void *arg)
{
    (void)arg;
    char err[256];
    db *d = NULL;
    if (db_open(live_url, &d, err, sizeof err) != DB_OK) return NULL;
    for (int k = 1; !atomic_load(&stop); k++) {
        if (register_one(d, k) == DB_OK) atomic_fetch_add(&committed, 1);
        else printf("# writer: %s\n", db_errmsg(d));
    }
    db_close(d);
    return NULL;
}

static int count_file(const char *path, const char *name, void *ud)
{
    (void)path;
    (void)name;
    (*(int *)ud)++;
    return 0;
}

static int run(const char *cmd)
{
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !mkdtemp(tmpdir) || clock_init_timezone() != 0) {
        printf("Bail out! usage: test_backup MINSIDE_BINARY (and a temporary folder)\n");
        return 1;
    }
    static char var[1100];
    snprintf(var, sizeof var, "%s/var", tmpdir);
    mkdir(var, 0750);
    g_app.cfg.var_dir = var;
    db *d = test_db_open_fresh(DB_SQLITE, NULL, tmpdir, "test_backup", "live", 1);
    test_db_url(DB_SQLITE, NULL, tmpdir, "test_backup", "live", live_url, sizeof live_url);
    static const char *const no_words[] = {NULL};
    archive_case_file_new cf = {.title = "Klage på levering", .screened_words = no_words,
                                .admin_unit = "Avdeling for tvisteløsning", .caseworker = "saksbehandler1",
                                .created_by = "saksbehandler1"};
    archive_case_file opened;
    char err[1024];
    int rc = d ? db_begin(d) : DB_ERR;
    if (rc == DB_OK) rc = db_finish(d, archive_case_file_open(d, &cf, &opened, err, sizeof err));
    if (rc != DB_OK) {
        printf("Bail out! no case file\n");
        return 1;
    }
    case_id = opened.id;

    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    while (atomic_load(&committed) < 20) usleep(1000);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/kopi", tmpdir);
    int before = atomic_load(&committed);
    long long copied = backup_take(d, dir, NULL, err, sizeof err);
    int after = atomic_load(&committed);
    while (atomic_load(&committed) < after + 5) usleep(1000); /* the writer goes on afterwards */
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    printf("# %d entries committed before the backup, %d after it, %d in all\n", before, after,
           atomic_load(&committed));
    TAP_OK(copied >= before, "the backup succeeds while the writer runs (%lld documents; %s)", copied,
           copied < 0 ? err : "ok");

    char url[1200];
    snprintf(url, sizeof url, "sqlite:%s/minside.db", dir);
    db *copy = NULL;
    TAP_EQ_INT(db_open(url, &copy, err, sizeof err), DB_OK, "the copy opens as a database");
    int64_t entries = copy ? query_int(copy, "SELECT COUNT(*) FROM archive_entry") : -1;
    TAP_OK(entries >= before && entries <= after,
           "it holds the entries of one moment: all acknowledged before it began, none from after (%lld)",
           (long long)entries);
    int64_t objects = copy ? query_int(copy, "SELECT COUNT(DISTINCT sha256) FROM archive_document_object") : -1;
    TAP_EQ_INT(objects, entries, "one document each");
    int files = 0;
    char docs[1200];
    snprintf(docs, sizeof docs, "%s/documents", dir);
    dir_walk(docs, 3, count_file, &files);
    TAP_EQ_INT(files, objects, "the copied store holds exactly the documents the copy points at");
    TAP_EQ_INT(copied, objects, "and the backup said so");
    db_close(copy);
    int64_t live_entries = query_int(d, "SELECT COUNT(*) FROM archive_entry");
    TAP_EQ_INT(live_entries, atomic_load(&committed), "the live database has every entry the writer committed");

    /* A restore: the copy put in place as another installation's var folder. */
    char cmd[4000];
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%1$s/gjenopprettet' && cp '%2$s/minside.db' '%1$s/gjenopprettet/' && "
             "cp -R '%2$s/documents' '%1$s/gjenopprettet/' && "
             "MINSIDE_VAR_DIR='%1$s/gjenopprettet' MINSIDE_DATABASE_URL='sqlite:%1$s/gjenopprettet/minside.db' "
             "'%3$s' verify-documents > '%1$s/verify.out' 2>&1",
             tmpdir, dir, argv[1]);
    TAP_EQ_INT(run(cmd), 0, "the restored copy passes minside verify-documents");
    snprintf(cmd, sizeof cmd, "grep -q 'Alle dokumentene stemmer' '%s/verify.out'", tmpdir);
    TAP_EQ_INT(run(cmd), 0, "which found every document intact");

    snprintf(cmd, sizeof cmd,
             "MINSIDE_VAR_DIR='%1$s/var' MINSIDE_DATABASE_URL='%2$s' '%3$s' backup '%1$s/kopi2' > '%1$s/backup.out' 2>&1 && "
             "grep -q 'Sikkerhetskopien er skrevet til %1$s/kopi2: databasen og [0-9]* dokumentfiler' '%1$s/backup.out' && "
             "MINSIDE_VAR_DIR='%1$s/kopi2' MINSIDE_DATABASE_URL='sqlite:%1$s/kopi2/minside.db' '%3$s' verify-documents > /dev/null",
             tmpdir, live_url, argv[1]);
    TAP_EQ_INT(run(cmd), 0, "minside backup DIR writes a copy that serves as a var folder as it is");
    snprintf(cmd, sizeof cmd, "MINSIDE_VAR_DIR='%1$s/var' MINSIDE_DATABASE_URL='%2$s' '%3$s' backup '%1$s/kopi2' > '%1$s/again.out' 2>&1",
             tmpdir, live_url, argv[1]);
    TAP_EQ_INT(run(cmd), 2, "a folder that exists is refused (exit 2)");
    snprintf(cmd, sizeof cmd, "grep -q 'mappen må være ny' '%s/again.out'", tmpdir);
    TAP_EQ_INT(run(cmd), 0, "saying why");

    db_close(d);
    test_remove_tree(tmpdir);
    return tap_done();
}
