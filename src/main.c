/* minside: the case portal's one program. Subcommands start the server and do the
 * maintenance work beside it. */
#include <errno.h>
#include <signal.h>
#include <curl/curl.h>
#include <sodium.h>
#include <systemd/sd-daemon.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "app.h"
#include "archive/archive_cli.h"
#include "archive/archive_store.h"
#include "backup/backup.h"
#include "core/cli.h"
#include "audit/audit.h"
#include "audit/audit_cli.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/server.h"
#include "journal/journal.h"
#include "journal/journal_cli.h"
#include "http/static_files.h"
#include "jobs/job.h"
#include "jobs/job_runner.h"
#include "stats/stats.h"
#include "retention/retention.h"
#include "innsyn/innsyn.h"
#include "org/org_http.h"
#include "cases/case_http.h"
#include "org/org_import.h"
#include "newsletter/newsletter.h"
#include "web/pages.h"
#include "web/routes.h"
#include "web/site.h"

static int ensure_sqlite_folder(void)
{
    /* A fresh checkout has no var/: create it so the default SQLite database can be made. */
    const char *url = g_app.cfg.database_url;
    if (strncmp(url, "sqlite:", 7) != 0) return 0;
    if (mkdir(g_app.cfg.var_dir, 0750) != 0 && errno != EEXIST) {
        log_fail("kan ikke lage mappen %s: %s", g_app.cfg.var_dir, strerror(errno));
        return -1;
    }
    return 0;
}

static int migrations_apply(db *d, int verbose)
{
    char dir[4096], err[1024];
    snprintf(dir, sizeof dir, "%s/src/db/migrations", g_app.cfg.data_dir);
    if (db_migrate(d, dir, verbose, err, sizeof err) != DB_OK) {
        log_fail("migrering feilet: %s", err);
        return -1;
    }
    return 0;
}

static int command_migrate(const cli_args *args)
{
    (void)args;
    if (ensure_sqlite_folder()) return 1;
    db *d = app_db_open_or_report();
    if (!d) return 1;
    int rc = migrations_apply(d, 1);
    db_close(d);
    return rc ? 1 : 0;
}

static int command_seed_demo(const cli_args *args)
{
    (void)args;
    db *d = app_db_open_or_report();
    if (!d) return 1;
    int rc = demo_seed(d);
    if (rc >= 0) rc = org_demo_seed(d);
    if (rc >= 0) rc = case_demo_seed(d);
    if (rc >= 0) rc = org_demo_seed_representation(d);
    if (rc >= 0) rc = journal_demo_seed(d);
    if (rc < 0) fprintf(stderr, "minside: demodata feilet: %s\n", db_errmsg(d));
    else printf("Demodata er på plass.\n");
    db_close(d);
    return rc < 0 ? 1 : 0;
}

/* Runs what is due now and stops: for cron on an instance without workers, and for tests. */
static int command_jobs_run_once(const cli_args *args)
{
    (void)args;
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

/* The database, migrated, for a command; NULL (reported) when it cannot be opened or migrated. */
static db *migrated_db_open(void)
{
    db *d = app_db_open_or_report();
    if (d && migrations_apply(d, 0) != 0) {
        db_close(d);
        return NULL;
    }
    return d;
}

/* eInnsyn's orders into the innsyn queue: all files or none. */
static int command_import_innsynskrav(const cli_args *args)
{
    db *d = migrated_db_open();
    if (!d) return 1;
    int rc = 0;
    char err[1024] = "";
    size_t imported = 0;
    if (innsyn_import_files(d, (const char *const *)args->args, (size_t)args->nargs, &imported, err,
                            sizeof err) != 0) {
        fprintf(stderr, "minside: innsynskravene ble ikke lest inn, ingenting er endret: %s\n", err);
        rc = 1;
    }
    if (rc == 0) printf("Leste inn %zu innsynskrav.\n", imported);
    db_close(d);
    return rc;
}

/* Runs one of the archive's checks on a migrated database. */
static int archive_db_run(int (*check)(db *))
{
    db *d = migrated_db_open();
    int rc = d ? check(d) : 1;
    db_close(d);
    return rc;
}

static int command_verify_documents(const cli_args *args)
{
    (void)args;
    return archive_db_run(archive_cli_verify);
}

static int command_sweep_documents(const cli_args *args)
{
    (void)args;
    return archive_db_run(archive_cli_sweep);
}

static int command_export_noark(const cli_args *args)
{
    db *d = migrated_db_open();
    int rc = d ? archive_cli_export(d, args->args[0], cli_value(args, "--from"), cli_value(args, "--to")) : 1;
    db_close(d);
    return rc;
}

/* «retention run» deletes; «retention --dry-run» only lists (the flag is required, so a bare
 * «retention» never does anything by surprise). */
static int command_retention(const cli_args *args, int run)
{
    if (!run && !cli_flag(args, "--dry-run")) {
        fputs("minside: bruk «minside retention --dry-run» eller «minside retention run»\n", stderr);
        return 2;
    }
    db *d = migrated_db_open();
    int rc = d ? retention_cli(d, !run, cli_flag(args, "--items")) : 1;
    db_close(d);
    return rc;
}

static int command_retention_dry(const cli_args *args)
{
    return command_retention(args, 0);
}

static int command_retention_run(const cli_args *args)
{
    return command_retention(args, 1);
}

/* Exit 3 when the trail cannot be read, as audit_cli_verify says. */
static int command_verify_audit(const cli_args *args)
{
    db *d = migrated_db_open();
    int rc = d ? audit_cli_verify(d, cli_value(args, "--anchor")) : 3;
    db_close(d);
    return rc;
}

static int command_export_einnsyn(const cli_args *args)
{
    db *d = migrated_db_open();
    int rc = d ? journal_cli_export(d, args->args[0], cli_value(args, "--from"), cli_value(args, "--to")) : 1;
    db_close(d);
    return rc;
}

static int command_import_er(const cli_args *args)
{
    const char *roles_orgnr = cli_value(args, "--orgnr");
    if (ensure_sqlite_folder()) return 1;
    db *d = app_db_open_or_report();
    if (!d) return 1;
    int rc = migrations_apply(d, 0);
    for (int i = 0; rc == 0 && i < args->nargs; i++) {
        org_import_stats stats;
        char err[1024];
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (org_import_file(d, args->args[i], roles_orgnr, &stats, err, sizeof err) != 0) {
            fprintf(stderr, "minside: import av %s feilet, ingenting er endret: %s\n", args->args[i], err);
            rc = 1;
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        printf("%s: %lld enheter og rollene til %lld enheter lest på %.1f s\n", args->args[i], stats.units,
               stats.role_units, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    }
    db_close(d);
    return rc;
}

static int command_serve(const cli_args *args)
{
    (void)args;
    if (!g_app.cfg.secret_key_set && !config_is_loopback_plain_http(&g_app.cfg)) {
        log_fail("serve trenger en hemmelig nøkkel (MINSIDE_SECRET_KEY_FILE) når den lytter på %s med "
                 "adressen %s; uten nøkkel starter den bare på loopback over http",
                 g_app.cfg.listen, g_app.cfg.base_url);
        return 2;
    }
    if (ensure_sqlite_folder()) return 1;
    db *d = app_db_open_or_report();
    if (!d) return 1;
    int rc = migrations_apply(d, 0);
    /* Files left by registrations that never committed (a crash, a kill) go before serving. */
    if (rc == 0 && archive_store_sweep(d, NULL) < 0) log_warn("opprydding i dokumentlageret feilet");
    if (rc == 0 && retention_schedule(d) != 0) log_warn("kunne ikke sette opp den daglige slettingen");
    if (rc == 0 && innsyn_schedule(d) != 0) log_warn("kunne ikke sette opp journalføringen av innsynsloggen");
    if (rc == 0 && audit_schedule(d) != 0) log_warn("kunne ikke sette opp revisjonsloggens daglige anker");
    db_close(d);
    if (rc) return 1;
    if (!g_app.cfg.secret_key_set) {
        /* Without a configured key nothing signed survives a restart, and several instances
         * would disagree: fine for trying the service out on loopback, never for production
         * (refused above). */
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
    /* Type=notify: systemd counts the service as started only now, when it answers. Without
     * NOTIFY_SOCKET (not under systemd) this does nothing. */
    sd_notifyf(0, "READY=1\nSTATUS=lytter på port %d", http_server_port(server));
    int sig = 0;
    sigwait(&stop_signals, &sig);
    sd_notify(0, "STOPPING=1\nSTATUS=venter på forespørsler som er i gang");
    log_info("stopper etter signal %d; venter på forespørsler som er i gang", sig);
    http_server_stop(server, g_app.cfg.shutdown_grace_seconds);
    stats_flusher_stop(); /* after the server, so its last requests are written */
    job_runner_stop(jobs);
    log_info("Min side er stoppet");
    return 0;
}

static int command_mail_bounce(const cli_args *args)
{
    return newsletter_mail_bounce(args->nargs > 0 ? args->args[0] : NULL);
}

static int command_backup(const cli_args *args)
{
    db *d = migrated_db_open();
    if (!d) return 1;
    char err[1024] = "";
    progress shown;
    progress_begin(&shown, "dokumenter", 0);
    long long copied = backup_take(d, args->args[0], &shown, err, sizeof err);
    progress_end(&shown);
    db_close(d);
    if (copied < 0) {
        fprintf(stderr, "minside: sikkerhetskopien feilet: %s\n", err);
        return copied == BACKUP_ERR_INVALID ? 2 : 1;
    }
    printf("Sikkerhetskopien er skrevet til %s: databasen og %lld dokumentfil%s.\n", args->args[0], copied,
           copied == 1 ? "" : "er");
    return 0;
}

static int command_version(const cli_args *args)
{
    (void)args;
    printf("minside %s\n", MINSIDE_VERSION);
    return 0;
}

/* Every subcommand, in the order `minside --help` lists them. A new command is one row here
 * and a handler; its usage string is all the argument checking it needs (see core/cli.h). */
static const cli_command commands[] = {
    {"serve", "start Min side (migrerer databasen først)", "", command_serve},
    {"migrate", "kjør databasemigreringer som mangler", "", command_migrate},
    {"seed-demo", "legg inn demodata (gjør ingenting om de finnes)", "", command_seed_demo},
    {"jobs run-once", "kjør bakgrunnsjobber som er forfalt, og avslutt", "", command_jobs_run_once},
    {"verify-documents", "les alle arkiverte dokumenter og kontroller sjekksummene", "", command_verify_documents},
    {"sweep-documents", "fjern dokumentfiler uten journalpost (avbrutte opplastinger)", "", command_sweep_documents},
    {"export-noark", "skriv et Noark 5-arkivuttrekk", "MAPPE [--from ÅÅÅÅ-MM-DD] [--to ÅÅÅÅ-MM-DD]", command_export_noark},
    {"export-einnsyn", "skriv publiserte journalposter som eInnsyn JSON-LD", "MAPPE [--from ÅÅÅÅ-MM-DD] [--to ÅÅÅÅ-MM-DD]", command_export_einnsyn},
    {"import-innsynskrav", "les innsynskrav fra eInnsyn (order.xml v1 og v2) inn i køen, alle filer eller ingen", "FIL …", command_import_innsynskrav},
    {"retention run", "slett det slettereglene sier skal slettes (hver sletting registreres)", "[--items]", command_retention_run},
    {"retention", "vis hva slettereglene ville slettet nå, regel for regel", "--dry-run [--items]", command_retention_dry},
    {"verify-audit", "kontroller revisjonsloggens hash-kjede (og ankeret fra loggen)", "[--anchor NR:HASH]", command_verify_audit},
    {"import-er", "les Enhetsregisterets JSON-filer; --orgnr for rollene til én enhet", "[--orgnr NR] FIL …", command_import_er},
    {"mail-bounce", "les en returmelding (bounce) for nyhetsbrevet fra standard inn", "[MOTTAKER]", command_mail_bounce},
    {"backup", "ta en sikkerhetskopi av SQLite-databasen og dokumentlageret mens tjenesten kjører", "MAPPE", command_backup},
    {"version", "vis versjonen", "", command_version},
    {NULL, NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fputs("Bruk: minside [--config FIL] KOMMANDO [ARGUMENTER]\n"
          "       minside --version\n"
          "       minside KOMMANDO --help   viser bruken av én kommando\n"
          "\n"
          "Kommandoer:\n",
          out);
    cli_print_table(commands, out);
    fputs("\n"
          "Innstillinger leses fra --config-filen (NAVN=VERDI per linje) og fra miljøet;\n"
          "se docs/configuration.md.\n",
          out);
}

/* What every command but `version` needs: libraries, the clock, the settings and the modules.
 * Returns 0, or the exit status after a message. */
static int program_setup(const char *config_path)
{
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
    char err[512];
    if (config_load(&g_app.cfg, config_path, err, sizeof err) != 0) {
        fprintf(stderr, "minside: %s\n", err);
        return 2;
    }
    log_set_format(g_app.cfg.log_json ? LOG_JSON : LOG_TEXT);
    config_report_unknown_environment();
    site_register_modules();
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
        } else if (!strncmp(argv[i], "--config=", 9) && argv[i][9]) {
            config_path = argv[i] + 9;
            i++;
        } else if (!strcmp(argv[i], "--config") || !strcmp(argv[i], "--config=")) {
            fputs("minside: valget --config trenger en fil\n", stderr);
            usage(stderr);
            return 2;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--version")) {
            return command_version(NULL);
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
    int words = 0;
    const cli_command *command = cli_find(commands, argc - i, argv + i, &words);
    if (!command) {
        /* "jobs" alone is the start of "jobs run-once": say that rather than "unknown". */
        int part_of = 0;
        for (const cli_command *c = commands; c->name; c++)
            part_of |= !strncmp(c->name, argv[i], strlen(argv[i])) && c->name[strlen(argv[i])] == ' ';
        if (part_of) fprintf(stderr, "minside: «%s» trenger en underkommando\n", argv[i]);
        else fprintf(stderr, "minside: ukjent kommando «%s»\n", argv[i]);
        usage(stderr);
        return 2;
    }
    /* The arguments are checked, and --help answered, before settings or the database are
     * touched: asking for help never starts, migrates or creates anything. */
    cli_args args;
    cli_parse_result parsed = cli_parse(command, argc - i - words, argv + i + words, &args);
    if (parsed != CLI_RUN) {
        cli_args_free(&args);
        return parsed == CLI_HELP ? 0 : 2;
    }
    /* Before any thread: libcurl's global state (SMTP for e-mail) is set up once. */
    curl_global_init(CURL_GLOBAL_DEFAULT);
    /* `version` answers even when the settings are broken. */
    int rc = command->run == command_version ? 0 : program_setup(config_path);
    if (rc == 0) rc = command->run(&args);
    cli_args_free(&args);
    app_free();
    curl_global_cleanup();
    return rc;
}
