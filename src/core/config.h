/* Settings, read from an optional file of KEY=VALUE lines and then from the environment
 * (the environment wins), so the same binary runs in development, tests and production. */
#ifndef MINSIDE_CORE_CONFIG_H
#define MINSIDE_CORE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

/* One OpenID Connect provider: unset (issuer NULL) means that login is not offered. */
typedef struct oidc_settings {
    char *issuer;        /* the provider's issuer URL; its metadata is discovered from it */
    char *client_id;
    char *client_secret; /* given directly or read from the _FILE setting */
} oidc_settings;

typedef struct config {
    char *database_url;  /* MINSIDE_DATABASE_URL, default sqlite:var/minside.db */
    char *listen;        /* MINSIDE_LISTEN, host:port on loopback, default 127.0.0.1:8080 */
    char *base_url;      /* MINSIDE_BASE_URL, the address users see, default http://127.0.0.1:8080 */
    char *data_dir;      /* MINSIDE_DATA_DIR: templates/, static/ and src/db/migrations/ */
    char *var_dir;       /* MINSIDE_VAR_DIR: uploads in progress and documents, default var */
    unsigned char secret_key[32]; /* MINSIDE_SECRET_KEY (64 hex) or MINSIDE_SECRET_KEY_FILE */
    int secret_key_set;
    int threads;         /* MINSIDE_THREADS, worker threads, default 2 x cores */
    int trust_proxy;     /* MINSIDE_TRUST_PROXY=1: client address from X-Forwarded-For (nginx) */
    int shutdown_grace_seconds; /* MINSIDE_SHUTDOWN_GRACE, default 30 */
    /* Request limits; see docs/configuration.md. */
    size_t max_header_bytes;     /* MINSIDE_MAX_HEADER_BYTES, default 8 KiB */
    size_t max_url_bytes;        /* MINSIDE_MAX_URL_BYTES, default 4 KiB */
    uint64_t max_body_bytes;     /* MINSIDE_MAX_BODY_BYTES, default 110 MiB */
    size_t max_field_bytes;      /* MINSIDE_MAX_FIELD_BYTES, default 64 KiB */
    size_t max_fields;           /* MINSIDE_MAX_FIELDS, default 200 */
    size_t max_files;            /* MINSIDE_MAX_FILES, default 20 */
    uint64_t max_file_bytes;     /* MINSIDE_MAX_FILE_BYTES, one file, default 20 MiB */
    uint64_t upload_space_bytes; /* MINSIDE_UPLOAD_SPACE_BYTES, all uploads in progress, default 2 GiB */
    /* Slow and many clients; see docs/configuration.md. */
    unsigned max_connections;            /* MINSIDE_MAX_CONNECTIONS, 0: from the open-file limit */
    unsigned max_connections_per_client; /* MINSIDE_MAX_CONNECTIONS_PER_CLIENT, default 64 */
    unsigned header_timeout_seconds;     /* MINSIDE_HEADER_TIMEOUT, default 5 */
    unsigned body_timeout_seconds;       /* MINSIDE_BODY_TIMEOUT, default 20 */
    unsigned body_min_rate;              /* MINSIDE_BODY_MIN_RATE, bytes a second, default 1024 */
    /* Background jobs and e-mail; see docs/jobs-and-mail.md. */
    int job_threads;     /* MINSIDE_JOB_THREADS, job workers in `serve`, default 1; 0 runs none */
    int job_poll_ms;     /* MINSIDE_JOB_POLL_MS, how often idle workers look, default 1000 */
    char *smtp_url;      /* MINSIDE_SMTP_URL, smtp://host:port or smtps://…, default smtp://127.0.0.1:25 */
    char *smtp_user;     /* MINSIDE_SMTP_USER, NULL: no SMTP login */
    char *smtp_password; /* MINSIDE_SMTP_PASSWORD or MINSIDE_SMTP_PASSWORD_FILE */
    char *mail_from;     /* MINSIDE_MAIL_FROM, the sender address, default ikke-svar@localhost */
    /* Login; see docs/configuration.md. */
    oidc_settings oidc_public;   /* MINSIDE_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET(_FILE) */
    oidc_settings oidc_staff;    /* MINSIDE_STAFF_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET(_FILE) */
    int session_idle_minutes;    /* MINSIDE_SESSION_IDLE_MINUTES, default 30 */
    int session_max_minutes;     /* MINSIDE_SESSION_MAX_MINUTES, default 120 */
    int login_max_per_browser;   /* MINSIDE_LOGIN_MAX_PER_BROWSER, unfinished per 15 min, default 20 */
    int login_max_per_client;    /* MINSIDE_LOGIN_MAX_PER_CLIENT, per whole address, default 100 */
    int login_max_per_range;     /* MINSIDE_LOGIN_MAX_PER_RANGE, per /24 or /48, default 1000 */
    int login_max_per_person;    /* MINSIDE_LOGIN_MAX_PER_PERSON, failed per 15 min, default 5 */
    /* Cases; see docs/cases.md. */
    int tip_retention_months;    /* MINSIDE_TIP_RETENTION_MONTHS, 12..24, default 18 */
    /* The newsletter; see docs/newsletter.md. */
    char *newsletter_return_path; /* MINSIDE_NEWSLETTER_RETURN_PATH, bounce@ + MAIL_FROM's domain */
    int newsletter_soft_bounces;  /* MINSIDE_NEWSLETTER_SOFT_BOUNCES, deleted after N in a row, default 3 */
    /* Web statistics; see docs/statistics.md. */
    int stats_flush_seconds;     /* MINSIDE_STATS_FLUSH_SECONDS, default 10; 0 counts nothing */
    /* Operations; see docs/operations.md. */
    char *metrics_token; /* MINSIDE_METRICS_TOKEN(_FILE): bearer token for /metrics, NULL: loopback only */
    int log_json;        /* MINSIDE_LOG_FORMAT=json: log lines as JSON objects; default text */
} config;

/* path may be NULL. Returns 0, or -1 with a Norwegian message in err. */
int config_load(config *c, const char *path, char *err, size_t errlen);
void config_free(config *c);
/* Warns about each MINSIDE_* variable in the environment that no setting has, with the nearest
 * known name when it looks like a typo. Returns how many there were. */
int config_report_unknown_environment(void);
/* 1 when the server listens on a loopback address and is reached over plain http: the one
 * case where it may run with a temporary secret key. */
int config_is_loopback_plain_http(const config *c);

#endif
