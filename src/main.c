/* minside: the case portal's one program. Subcommands start the server and do the
 * maintenance work beside it. */
#include <errno.h>
#include <signal.h>
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "app.h"
#include "archive/archive_cli.h"
#include "archive/archive_store.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/server.h"
#include "http/static_files.h"
#include "jobs/job.h"
#include "jobs/job_runner.h"
#include "stats/stats.h"
#include "retention/retention.h"
#include "org/org_http.h"
#include "cases/case_http.h"
#include "org/org_import.h"
#include "web/pages.h"
#include "web/routes.h"
#include "web/site.h"

static void usage(FILE *out)
{
    fputs("Bruk: minside [--config FIL] KOMMANDO\n"
          "\n"
          "Kommandoer:\n"
          "  serve       start Min side (migrerer databasen først)\n"
          "  migrate     kjør databasemigreringer som mangler\n"
          "  seed-demo   legg inn demodata (gjør ingenting om de finnes)\n"
          "  jobs run-once  kjør bakgrunnsjobber som er forfalt, og avslutt\n"
          "  verify-documents   les alle arkiverte dokumenter og kontroller sjekksummene\n"
          "  sweep-documents    fjern dokumentfiler uten journalpost (avbrutte opplastinger)\n"
          "  export-noark MAPPE [--from ÅÅÅÅ-MM-DD --to ÅÅÅÅ-MM-DD]\n"
          "              skriv et Noark 5-arkivuttrekk\n"
          "  import-er [--orgnr NR] FIL …\n"
          "              les enheter, underenheter eller roller fra Enhetsregisterets\n"
          "              JSON-filer (gzip eller ukomprimert); --orgnr for rollene til én enhet\n"
          "  version     vis versjonen\n"
          "\n"
          "Innstillinger leses fra --config-filen (NAVN=VERDI per linje) og fra miljøet;\n"
          "se docs/configuration.md.\n",
          out);
}

static int ensure_sqlite_folder(void)
{
    /* A fresh checkout has no var/: create it so the default SQLite database can be made. */
    const char *url = g_app.cfg.database_url;
    if (strncmp(url, "sqlite:", 7) != 0) return 0;
    if (mkdir(g_app.cfg.var_dir, 0750) != 0 && errno != EEXIST) {
        fprintf(stderr, "minside: kan ikke lage mappen %s: %s\n", g_app.cfg.var_dir, strerror(errno));
        return -1;
    }
    return 0;
}

static int migrations_apply(db *d, int verbose)
{
    char dir[4096], err[1024];
    snprintf(dir, sizeof dir, "%s/src/db/migrations", g_app.cfg.data_dir);
    if (db_migrate(d, dir, verbose, err, sizeof err) != DB_OK) {
        fprintf(stderr, "minside: migrering feilet: %s\n", err);
        return -1;
    }
    return 0;
}

static int command_migrate(void)
{
    if (ensure_sqlite_folder()) return 1;
    db *d = app_db_open_or_report();
    if (!d) return 1;
    int rc = migrations_apply(d, 1);
    db_close(d);
    return rc ? 1 : 0;
}

static int command_seed_demo(void)
{
    db *d = app_db_open_or_report();
    if (!d) return 1;
    int rc = demo_seed(d);
    if (rc >= 0) rc = org_demo_seed(d);
    if (rc >= 0) rc = case_demo_seed(d);
    if (rc >= 0) rc = org_demo_seed_representation(d);
    if (rc < 0) fprintf(stderr, "minside: demodata feilet: %s\n", db_errmsg(d));
    else printf("Demodata er på plass.\n");
    db_close(d);
    return rc < 0 ? 1 : 0;
}

/* Runs what is due now and stops: for cron on an instance without workers, and for tests. */
static int command_jobs_run_once(void)
{
    db *d = app_db_open_or_report();
    if (!d) return 1;
    /* A name of its own, so two of these started together never share a lease. */
    char worker[64];
    snprintf(worker, sizeof worker, "run-once/%ld/%08x", (long)getpid(), randombytes_random());
    int total = 0, ran;
    while ((ran = job_run_due(d, worker, 100)) > 0) total += ran;
    db_close(d);
    if (ran < 0) return 1;
    printf("Kjørte %d jobb%s.\n", total, total == 1 ? "" : "er");
    return 0;
}

/* The archive's commands, on a migrated database. */
static int command_archive(const char *command, int argc, char **argv)
{
    db *d = app_db_open_or_report();
    if (!d) return 1;
    int rc = migrations_apply(d, 0) ? 1 : 0;
    if (rc == 0 && !strcmp(command, "verify-documents")) rc = archive_cli_verify(d);
    else if (rc == 0 && !strcmp(command, "sweep-documents")) rc = archive_cli_sweep(d);
    else if (rc == 0) rc = archive_cli_export(d, argc, argv);
    db_close(d);
    return rc;
}

static int command_import_er(int argc, char **argv)
{
    const char *roles_orgnr = NULL;
    int first = 0;
    if (argc >= 2 && !strcmp(argv[0], "--orgnr")) {
        roles_orgnr = argv[1];
        first = 2;
    }
    if (first >= argc) {
        fputs("minside: import-er trenger minst én fil\n", stderr);
        return 2;
    }
    if (ensure_sqlite_folder()) return 1;
    db *d = app_db_open_or_report();
    if (!d) return 1;
    int rc = migrations_apply(d, 0);
    for (int i = first; rc == 0 && i < argc; i++) {
        org_import_stats stats;
        char err[1024];
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (org_import_file(d, argv[i], roles_orgnr, &stats, err, sizeof err) != 0) {
            fprintf(stderr, "minside: import av %s feilet, ingenting er endret: %s\n", argv[i], err);
            rc = 1;
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        printf("%s: %lld enheter og rollene til %lld enheter lest på %.1f s\n", argv[i], stats.units,
               stats.role_units, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    }
    db_close(d);
    return rc;
}

static int command_serve(void)
{
    if (ensure_sqlite_folder()) return 1;
    db *d = app_db_open_or_report();
    if (!d) return 1;
    int rc = migrations_apply(d, 0);
    /* Files left by registrations that never committed (a crash, a kill) go before serving. */
    if (rc == 0 && archive_store_sweep(d) < 0) log_warn("opprydding i dokumentlageret feilet");
    if (rc == 0 && retention_schedule(d) != 0) log_warn("kunne ikke sette opp den daglige slettingen");
    db_close(d);
    if (rc) return 1;
    if (!g_app.cfg.secret_key_set) {
        /* Without a configured key nothing signed survives a restart, and several instances
         * would disagree: fine for trying the service out, never for production. */
        log_warn("ingen hemmelig nøkkel er satt (MINSIDE_SECRET_KEY_FILE); bruker en midlertidig");
        randombytes_buf(g_app.cfg.secret_key, sizeof g_app.cfg.secret_key);
        g_app.cfg.secret_key_set = 1;
    }
    if (app_load_assets()) return 1;

    /* Signals are taken by this thread alone: the server's threads inherit the mask. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    http_server *server = site_server_start(site_routes);
    if (!server) return 1;
    const char *host = g_app.cfg.listen;
    log_info("Min side kjører på %s (lytter på %s, port %d, %d tråder, %zu statiske filer)",
             g_app.cfg.base_url, host, http_server_port(server), g_app.cfg.threads,
             static_files_count(g_app.statics));
    /* After the HTTP server, so a database or address problem is reported by the server
     * first; stopped after it, so requests in flight can still enqueue work. */
    job_runner *jobs = NULL;
    if (g_app.cfg.job_threads > 0) {
        jobs = job_runner_start(g_app.cfg.job_threads, g_app.cfg.job_poll_ms);
        if (!jobs) {
            http_server_stop(server, 0);
            return 1;
        }
    }
    if (stats_flusher_start(g_app.cfg.stats_flush_seconds)) {
        http_server_stop(server, 0);
        job_runner_stop(jobs);
        return 1;
    }
    int sig = 0;
    sigwait(&stop_signals, &sig);
    log_info("stopper etter signal %d; venter på forespørsler som er i gang", sig);
    http_server_stop(server, g_app.cfg.shutdown_grace_seconds);
    stats_flusher_stop(); /* after the server, so its last requests are written */
    job_runner_stop(jobs);
    log_info("Min side er stoppet");
    return 0;
}

int main(int argc, char **argv)
{
    const char *config_path = NULL;
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (!strcmp(argv[i], "--config") && i + 1 < argc) {
            config_path = argv[i + 1];
            i += 2;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "minside: ukjent valg %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    const char *command = argv[i];
    if (!strcmp(command, "version")) {
        printf("minside %s\n", MINSIDE_VERSION);
        return 0;
    }
    if (sodium_init() < 0) {
        fputs("minside: libsodium kunne ikke starte\n", stderr);
        return 1;
    }
    if (clock_init_timezone() != 0) {
        fputs("minside: fant ikke tidssonen Europe/Oslo (installer pakken tzdata)\n", stderr);
        return 1;
    }
    if (clock_init_from_env() != 0) {
        fputs("minside: MINSIDE_FAKE_NOW må være sekunder siden 1970 eller ÅÅÅÅ-MM-DDTTT:MM:SSZ\n",
              stderr);
        return 2;
    }
    /* Before any thread: libcurl's global state (SMTP for e-mail) is set up once. */
    curl_global_init(CURL_GLOBAL_DEFAULT);
    char err[512];
    if (config_load(&g_app.cfg, config_path, err, sizeof err) != 0) {
        fprintf(stderr, "minside: %s\n", err);
        return 2;
    }
    site_register_modules();
    int rc;
    if (!strcmp(command, "serve")) rc = command_serve();
    else if (!strcmp(command, "migrate")) rc = command_migrate();
    else if (!strcmp(command, "seed-demo")) rc = command_seed_demo();
    else if (!strcmp(command, "jobs") && i + 1 < argc && !strcmp(argv[i + 1], "run-once"))
        rc = command_jobs_run_once();
    else if (!strcmp(command, "jobs")) {
        fputs("minside: bruk «minside jobs run-once»\n", stderr);
        rc = 2;
    }
    else if (!strcmp(command, "verify-documents") || !strcmp(command, "sweep-documents") ||
             !strcmp(command, "export-noark"))
        rc = command_archive(command, argc - i - 1, argv + i + 1);
    else if (!strcmp(command, "import-er")) rc = command_import_er(argc - i - 1, argv + i + 1);
    else {
        fprintf(stderr, "minside: ukjent kommando «%s»\n", command);
        usage(stderr);
        rc = 2;
    }
    app_free();
    curl_global_cleanup();
    return rc;
}
