#include "core/config.h"
#include "core/log.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MINSIDE_SOURCE_DIR
#define MINSIDE_SOURCE_DIR "."
#endif

static void set_string(char **field, const char *value)
{
    free(*field);
    *field = strdup(value);
}

static int parse_number(const char *key, const char *value, uint64_t min, uint64_t max,
                        uint64_t *out, char *err, size_t errlen)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    if (errno || end == value || *end || value[0] == '-' || v < min || v > max) {
        snprintf(err, errlen, "%s må være et tall mellom %llu og %llu, ikke «%s»", key,
                 (unsigned long long)min, (unsigned long long)max, value);
        return -1;
    }
    *out = v;
    return 0;
}

static int set_secret_hex(config *c, const char *hex, char *err, size_t errlen)
{
    size_t bin_len = 0;
    if (sodium_hex2bin(c->secret_key, sizeof c->secret_key, hex, strlen(hex), " \n", &bin_len,
                       NULL) != 0 ||
        bin_len != sizeof c->secret_key) {
        snprintf(err, errlen, "den hemmelige nøkkelen må være 64 heksadesimale tegn (32 byte)");
        return -1;
    }
    c->secret_key_set = 1;
    return 0;
}

static int set_secret_file(config *c, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "kan ikke lese nøkkelfilen %s: %s", path, strerror(errno));
        return -1;
    }
    char buf[256] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    while (n && isspace((unsigned char)buf[n - 1])) buf[--n] = '\0';
    int rc = set_secret_hex(c, buf, err, errlen);
    sodium_memzero(buf, sizeof buf);
    return rc;
}

/* A secret kept in a file of its own, so it stays out of the environment and the config. */
static int set_string_from_file(char **field, const char *key, const char *path, char *err,
                                size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: kan ikke lese %s: %s", key, path, strerror(errno));
        return -1;
    }
    char buf[1024] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    while (n && isspace((unsigned char)buf[n - 1])) buf[--n] = '\0';
    set_string(field, buf);
    sodium_memzero(buf, sizeof buf);
    return 0;
}

/* One setting by its environment name; the file uses the same names. */
static int config_set(config *c, const char *key, const char *value, char *err, size_t errlen)
{
    uint64_t n;
    if (!strcmp(key, "MINSIDE_DATABASE_URL")) set_string(&c->database_url, value);
    else if (!strcmp(key, "MINSIDE_LISTEN")) set_string(&c->listen, value);
    else if (!strcmp(key, "MINSIDE_BASE_URL")) set_string(&c->base_url, value);
    else if (!strcmp(key, "MINSIDE_DATA_DIR")) set_string(&c->data_dir, value);
    else if (!strcmp(key, "MINSIDE_VAR_DIR")) set_string(&c->var_dir, value);
    else if (!strcmp(key, "MINSIDE_SECRET_KEY")) return set_secret_hex(c, value, err, errlen);
    else if (!strcmp(key, "MINSIDE_SECRET_KEY_FILE")) return set_secret_file(c, value, err, errlen);
    else if (!strcmp(key, "MINSIDE_SMTP_URL")) set_string(&c->smtp_url, value);
    else if (!strcmp(key, "MINSIDE_SMTP_USER")) set_string(&c->smtp_user, value);
    else if (!strcmp(key, "MINSIDE_SMTP_PASSWORD")) set_string(&c->smtp_password, value);
    else if (!strcmp(key, "MINSIDE_SMTP_PASSWORD_FILE"))
        return set_string_from_file(&c->smtp_password, key, value, err, errlen);
    else if (!strcmp(key, "MINSIDE_MAIL_FROM")) set_string(&c->mail_from, value);
    else if (!strcmp(key, "MINSIDE_NEWSLETTER_RETURN_PATH"))
        set_string(&c->newsletter_return_path, value);
    else if (!strcmp(key, "MINSIDE_METRICS_TOKEN")) set_string(&c->metrics_token, value);
    else if (!strcmp(key, "MINSIDE_LOG_FORMAT")) {
        if (strcmp(value, "text") && strcmp(value, "json")) {
            snprintf(err, errlen, "MINSIDE_LOG_FORMAT må være text eller json");
            return -1;
        }
        c->log_json = !strcmp(value, "json");
    }
    else if (!strcmp(key, "MINSIDE_METRICS_TOKEN_FILE"))
        return set_string_from_file(&c->metrics_token, key, value, err, errlen);
    else if (!strcmp(key, "MINSIDE_OIDC_ISSUER")) set_string(&c->oidc_public.issuer, value);
    else if (!strcmp(key, "MINSIDE_OIDC_CLIENT_ID")) set_string(&c->oidc_public.client_id, value);
    else if (!strcmp(key, "MINSIDE_OIDC_CLIENT_SECRET")) set_string(&c->oidc_public.client_secret, value);
    else if (!strcmp(key, "MINSIDE_OIDC_CLIENT_SECRET_FILE"))
        return set_string_from_file(&c->oidc_public.client_secret, key, value, err, errlen);
    else if (!strcmp(key, "MINSIDE_STAFF_OIDC_ISSUER")) set_string(&c->oidc_staff.issuer, value);
    else if (!strcmp(key, "MINSIDE_STAFF_OIDC_CLIENT_ID")) set_string(&c->oidc_staff.client_id, value);
    else if (!strcmp(key, "MINSIDE_STAFF_OIDC_CLIENT_SECRET")) set_string(&c->oidc_staff.client_secret, value);
    else if (!strcmp(key, "MINSIDE_STAFF_OIDC_CLIENT_SECRET_FILE"))
        return set_string_from_file(&c->oidc_staff.client_secret, key, value, err, errlen);
#define NUMBER(name, field, min, max)                                                              \
    else if (!strcmp(key, name))                                                                   \
    {                                                                                              \
        if (parse_number(key, value, min, max, &n, err, errlen)) return -1;                       \
        c->field = n;                                                                              \
    }
    NUMBER("MINSIDE_THREADS", threads, 1, 256)
    NUMBER("MINSIDE_TRUST_PROXY", trust_proxy, 0, 1)
    NUMBER("MINSIDE_SHUTDOWN_GRACE", shutdown_grace_seconds, 0, 3600)
    NUMBER("MINSIDE_MAX_HEADER_BYTES", max_header_bytes, 1024, 60 * 1024)
    NUMBER("MINSIDE_MAX_URL_BYTES", max_url_bytes, 256, 32 * 1024)
    NUMBER("MINSIDE_MAX_BODY_BYTES", max_body_bytes, 1024, (uint64_t)4 << 30)
    NUMBER("MINSIDE_MAX_FIELD_BYTES", max_field_bytes, 64, 16 * 1024 * 1024)
    NUMBER("MINSIDE_MAX_FIELDS", max_fields, 1, 100000)
    NUMBER("MINSIDE_MAX_FILES", max_files, 0, 1000)
    NUMBER("MINSIDE_MAX_FILE_BYTES", max_file_bytes, 1024, (uint64_t)4 << 30)
    NUMBER("MINSIDE_UPLOAD_SPACE_BYTES", upload_space_bytes, 1024 * 1024, (uint64_t)1 << 40)
    NUMBER("MINSIDE_MAX_CONNECTIONS", max_connections, 16, 1000000)
    NUMBER("MINSIDE_MAX_CONNECTIONS_PER_CLIENT", max_connections_per_client, 1, 1000000)
    NUMBER("MINSIDE_HEADER_TIMEOUT", header_timeout_seconds, 1, 3600)
    NUMBER("MINSIDE_BODY_TIMEOUT", body_timeout_seconds, 1, 3600)
    NUMBER("MINSIDE_BODY_MIN_RATE", body_min_rate, 0, 1 << 30)
    NUMBER("MINSIDE_JOB_THREADS", job_threads, 0, 64)
    NUMBER("MINSIDE_JOB_POLL_MS", job_poll_ms, 10, 3600 * 1000)
    NUMBER("MINSIDE_SESSION_IDLE_MINUTES", session_idle_minutes, 1, 24 * 60)
    NUMBER("MINSIDE_SESSION_MAX_MINUTES", session_max_minutes, 1, 7 * 24 * 60)
    NUMBER("MINSIDE_LOGIN_MAX_PER_BROWSER", login_max_per_browser, 1, 100000)
    NUMBER("MINSIDE_LOGIN_MAX_PER_CLIENT", login_max_per_client, 1, 1000000)
    NUMBER("MINSIDE_LOGIN_MAX_PER_RANGE", login_max_per_range, 1, 10000000)
    NUMBER("MINSIDE_LOGIN_MAX_PER_PERSON", login_max_per_person, 1, 100000)
    NUMBER("MINSIDE_TIP_RETENTION_MONTHS", tip_retention_months, 12, 24)
    NUMBER("MINSIDE_NEWSLETTER_SOFT_BOUNCES", newsletter_soft_bounces, 1, 100)
    NUMBER("MINSIDE_STATS_FLUSH_SECONDS", stats_flush_seconds, 0, 3600)
#undef NUMBER
    else return 1; /* not ours */
    return 0;
}

static const char *const config_keys[] = {
    "MINSIDE_DATABASE_URL",     "MINSIDE_LISTEN",          "MINSIDE_BASE_URL",
    "MINSIDE_DATA_DIR",         "MINSIDE_VAR_DIR",         "MINSIDE_SECRET_KEY_FILE",
    "MINSIDE_SECRET_KEY",       "MINSIDE_THREADS",         "MINSIDE_TRUST_PROXY",
    "MINSIDE_SHUTDOWN_GRACE",   "MINSIDE_MAX_HEADER_BYTES", "MINSIDE_MAX_URL_BYTES",
    "MINSIDE_MAX_BODY_BYTES",   "MINSIDE_MAX_FIELD_BYTES", "MINSIDE_MAX_FIELDS",
    "MINSIDE_MAX_FILES",
    "MINSIDE_MAX_FILE_BYTES",
    "MINSIDE_UPLOAD_SPACE_BYTES",
    "MINSIDE_MAX_CONNECTIONS", "MINSIDE_MAX_CONNECTIONS_PER_CLIENT", "MINSIDE_HEADER_TIMEOUT",
    "MINSIDE_BODY_TIMEOUT",    "MINSIDE_BODY_MIN_RATE",
    "MINSIDE_JOB_THREADS",      "MINSIDE_JOB_POLL_MS",     "MINSIDE_SMTP_URL",
    "MINSIDE_SMTP_USER",        "MINSIDE_SMTP_PASSWORD_FILE", "MINSIDE_SMTP_PASSWORD",
    "MINSIDE_MAIL_FROM",
    "MINSIDE_NEWSLETTER_RETURN_PATH", "MINSIDE_NEWSLETTER_SOFT_BOUNCES",
    "MINSIDE_OIDC_ISSUER",      "MINSIDE_OIDC_CLIENT_ID",  "MINSIDE_OIDC_CLIENT_SECRET",
    "MINSIDE_OIDC_CLIENT_SECRET_FILE", "MINSIDE_STAFF_OIDC_ISSUER", "MINSIDE_STAFF_OIDC_CLIENT_ID",
    "MINSIDE_STAFF_OIDC_CLIENT_SECRET", "MINSIDE_STAFF_OIDC_CLIENT_SECRET_FILE",
    "MINSIDE_SESSION_IDLE_MINUTES", "MINSIDE_SESSION_MAX_MINUTES", "MINSIDE_LOGIN_MAX_PER_CLIENT",
    "MINSIDE_LOGIN_MAX_PER_PERSON", "MINSIDE_LOGIN_MAX_PER_BROWSER", "MINSIDE_LOGIN_MAX_PER_RANGE",
    "MINSIDE_TIP_RETENTION_MONTHS",
    "MINSIDE_STATS_FLUSH_SECONDS",
    "MINSIDE_METRICS_TOKEN_FILE", "MINSIDE_METRICS_TOKEN", "MINSIDE_LOG_FORMAT",
};

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

/* Edit distance (insertions, deletions, substitutions) between two short names. */
static size_t name_distance(const char *a, const char *b)
{
    enum { LONGEST = 64 };
    size_t la = strlen(a), lb = strlen(b);
    if (la >= LONGEST || lb >= LONGEST) return (size_t)-1;
    size_t row[LONGEST + 1];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t above = row[j];
            size_t best = diagonal + (a[i - 1] != b[j - 1]);
            if (above + 1 < best) best = above + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[lb];
}

/* The known setting nearest to name when it looks like a typo of it (three edits or fewer), or
 * NULL. */
static const char *setting_nearest(const char *name)
{
    const char *nearest = NULL;
    size_t best = 4;
    for (size_t i = 0; i < sizeof config_keys / sizeof *config_keys; i++) {
        size_t d = name_distance(name, config_keys[i]);
        if (d < best) {
            best = d;
            nearest = config_keys[i];
        }
    }
    return nearest;
}

static int config_read_file(config *c, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "kan ikke lese konfigurasjonsfilen %s: %s", path, strerror(errno));
        return -1;
    }
    char line[4096];
    int lineno = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#') continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errlen, "%s linje %d: forventet NAVN=VERDI", path, lineno);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        int r = config_set(c, key, value, err, errlen);
        if (r == 1) {
            const char *nearest = setting_nearest(key);
            snprintf(err, errlen, "%s linje %d: ukjent innstilling %s%s%s%s", path, lineno, key,
                     nearest ? "; mente du " : "", nearest ? nearest : "", nearest ? "?" : "");
            rc = -1;
        } else if (r < 0) {
            rc = -1;
        }
    }
    fclose(f);
    return rc;
}

int config_load(config *c, const char *path, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    set_string(&c->database_url, "sqlite:var/minside.db");
    set_string(&c->listen, "127.0.0.1:8080");
    set_string(&c->base_url, "http://127.0.0.1:8080");
    set_string(&c->data_dir, MINSIDE_SOURCE_DIR);
    set_string(&c->var_dir, "var");
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    c->threads = cores > 0 ? (int)(cores * 2) : 4;
    c->shutdown_grace_seconds = 30;
    c->max_header_bytes = 8 * 1024;
    c->max_url_bytes = 4 * 1024;
    c->max_body_bytes = (uint64_t)110 * 1024 * 1024;
    c->max_field_bytes = 64 * 1024;
    c->max_fields = 200;
    c->max_files = 20;
    c->max_file_bytes = (uint64_t)20 * 1024 * 1024;
    c->upload_space_bytes = (uint64_t)2 << 30;
    c->max_connections_per_client = 64;
    c->header_timeout_seconds = 5;
    c->body_timeout_seconds = 20;
    c->body_min_rate = 1024;
    c->job_threads = 1;
    c->job_poll_ms = 1000;
    set_string(&c->smtp_url, "smtp://127.0.0.1:25");
    set_string(&c->mail_from, "ikke-svar@localhost");
    c->session_idle_minutes = 30;
    c->session_max_minutes = 120;
    c->login_max_per_browser = 20;
    c->login_max_per_client = 100;
    c->login_max_per_range = 1000;
    c->login_max_per_person = 5;
    c->tip_retention_months = 18;
    c->newsletter_soft_bounces = 3;
    c->stats_flush_seconds = 10;

    if (path && config_read_file(c, path, err, errlen)) return -1;
    for (size_t i = 0; i < sizeof config_keys / sizeof *config_keys; i++) {
        const char *v = getenv(config_keys[i]);
        if (v && *v && config_set(c, config_keys[i], v, err, errlen) < 0) return -1;
    }
    size_t blen = strlen(c->base_url);
    if (blen && c->base_url[blen - 1] == '/') c->base_url[blen - 1] = '\0';
    if (strncmp(c->base_url, "http://", 7) && strncmp(c->base_url, "https://", 8)) {
        snprintf(err, errlen, "MINSIDE_BASE_URL må begynne med http:// eller https://");
        return -1;
    }
    if (strncmp(c->smtp_url, "smtp://", 7) && strncmp(c->smtp_url, "smtps://", 8)) {
        snprintf(err, errlen, "MINSIDE_SMTP_URL må begynne med smtp:// eller smtps://");
        return -1;
    }
    if (!strchr(c->mail_from, '@') || strpbrk(c->mail_from, "<>\r\n \t\"")) {
        snprintf(err, errlen, "MINSIDE_MAIL_FROM må være én e-postadresse, som ikke-svar@eksempel.no");
        return -1;
    }
    if (!c->newsletter_return_path) {
        char path[320];
        snprintf(path, sizeof path, "bounce%s", strchr(c->mail_from, '@'));
        set_string(&c->newsletter_return_path, path);
    }
    /* bounce+TOKEN@domain is made from it, so a local part that already has a + is refused. */
    const char *at = strchr(c->newsletter_return_path, '@');
    if (!at || at == c->newsletter_return_path || memchr(c->newsletter_return_path, '+',
                                                         (size_t)(at - c->newsletter_return_path)) ||
        strpbrk(c->newsletter_return_path, "<>\r\n \t\"")) {
        snprintf(err, errlen, "MINSIDE_NEWSLETTER_RETURN_PATH må være én e-postadresse uten +, "
                              "som bounce@eksempel.no");
        return -1;
    }
    return 0;
}

/* Names the program reads that are not settings of this table. */
static const char *const other_known_names[] = {"MINSIDE_FAKE_NOW"};

static int name_is_known(const char *name)
{
    for (size_t i = 0; i < sizeof config_keys / sizeof *config_keys; i++)
        if (!strcmp(name, config_keys[i])) return 1;
    for (size_t i = 0; i < sizeof other_known_names / sizeof *other_known_names; i++)
        if (!strcmp(name, other_known_names[i])) return 1;
    return 0;
}

int config_report_unknown_environment(void)
{
    extern char **environ;
    int unknown = 0;
    for (char **e = environ; *e; e++) {
        if (strncmp(*e, "MINSIDE_", 8)) continue;
        char name[128];
        size_t len = strcspn(*e, "=");
        if (len >= sizeof name) len = sizeof name - 1;
        memcpy(name, *e, len);
        name[len] = '\0';
        if (name_is_known(name)) continue;
        unknown++;
        const char *nearest = setting_nearest(name);
        if (nearest)
            log_warn("ukjent innstilling %s i miljøet blir ikke brukt; mente du %s?", name, nearest);
        else
            log_warn("ukjent innstilling %s i miljøet blir ikke brukt", name);
    }
    return unknown;
}

int config_is_loopback_plain_http(const config *c)
{
    if (strncmp(c->base_url, "http://", 7)) return 0;
    char host[64];
    size_t len = strcspn(c->listen, ":");
    if (len >= sizeof host) return 0;
    memcpy(host, c->listen, len);
    host[len] = '\0';
    struct in_addr addr;
    if (inet_pton(AF_INET, host, &addr) != 1) return 0;
    return (ntohl(addr.s_addr) >> 24) == 127;
}

void config_free(config *c)
{
    free(c->database_url);
    free(c->listen);
    free(c->base_url);
    free(c->data_dir);
    free(c->var_dir);
    free(c->smtp_url);
    free(c->smtp_user);
    if (c->smtp_password) sodium_memzero(c->smtp_password, strlen(c->smtp_password));
    free(c->smtp_password);
    free(c->mail_from);
    free(c->newsletter_return_path);
    if (c->metrics_token) sodium_memzero(c->metrics_token, strlen(c->metrics_token));
    free(c->metrics_token);
    oidc_settings *providers[] = {&c->oidc_public, &c->oidc_staff};
    for (size_t i = 0; i < 2; i++) {
        free(providers[i]->issuer);
        free(providers[i]->client_id);
        if (providers[i]->client_secret)
            sodium_memzero(providers[i]->client_secret, strlen(providers[i]->client_secret));
        free(providers[i]->client_secret);
    }
    sodium_memzero(c->secret_key, sizeof c->secret_key);
    memset(c, 0, sizeof *c);
}
