#include "http/server.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "http/response.h"
#include "http/security_headers.h"
#include "http/upload_sink.h"

struct http_server {
    struct MHD_Daemon *daemon;
    http_server_config config;
    int port;
    /* Requests between their first byte and their completion: shutdown waits for these,
     * not for idle keep-alive connections. */
    atomic_int in_flight;
};

/* Everything one request needs between libmicrohttpd's calls. */
typedef struct request_ctx {
    req r;
    http_server *server;
    struct MHD_PostProcessor *post;
    upload_sink sink;
    uint64_t body_bytes;
    int begun;         /* the first call of on_request has been made */
    int raw_nul;       /* the undecoded URI has %00 somewhere */
    int error_status;
    const char *error_heading, *error_message;
} request_ctx;

static void ctx_fail(request_ctx *c, int status, const char *heading, const char *message)
{
    if (c->error_status) return; /* the first problem is the one to report */
    c->error_status = status;
    c->error_heading = heading;
    c->error_message = message;
}

/* The client's address, whole in r->client_addr (for limits; kept in memory only, never
 * logged or stored) and with its last part removed in r->client_ip: enough for statistics and
 * abuse handling, not enough to point at one household. */
static void client_addresses(req *r, int trust_proxy)
{
    int family = 0;
    struct in_addr v4;
    struct in6_addr v6;
    const char *forwarded = trust_proxy ? req_header(r, "X-Forwarded-For") : NULL;
    if (forwarded) {
        const char *last = strrchr(forwarded, ',');
        last = last ? last + 1 : forwarded;
        while (*last == ' ') last++;
        if (inet_pton(AF_INET, last, &v4) == 1) family = AF_INET;
        else if (inet_pton(AF_INET6, last, &v6) == 1) family = AF_INET6;
    } else {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        const struct sockaddr *sa = info ? info->client_addr : NULL;
        if (sa && sa->sa_family == AF_INET) {
            family = AF_INET;
            v4 = ((const struct sockaddr_in *)sa)->sin_addr;
        } else if (sa && sa->sa_family == AF_INET6) {
            family = AF_INET6;
            v6 = ((const struct sockaddr_in6 *)sa)->sin6_addr;
        }
    }
    char full[INET6_ADDRSTRLEN] = "ukjent", cut[INET6_ADDRSTRLEN] = "ukjent";
    if (family == AF_INET) {
        inet_ntop(AF_INET, &v4, full, sizeof full);
        ((unsigned char *)&v4)[3] = 0;
        inet_ntop(AF_INET, &v4, cut, sizeof cut);
    } else if (family == AF_INET6) {
        inet_ntop(AF_INET6, &v6, full, sizeof full);
        memset(v6.s6_addr + 6, 0, 10);
        inet_ntop(AF_INET6, &v6, cut, sizeof cut);
    }
    r->client_addr = arena_strdup(r->arena, full);
    r->client_ip = arena_strdup(r->arena, cut);
}

typedef struct collect_ctx {
    request_ctx *c;
    kv_list *list;
    size_t bytes;
} collect_ctx;

static enum MHD_Result collect_value(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    collect_ctx *cc = cls;
    request_ctx *c = cc->c;
    if (!value) value = "";
    size_t klen = strlen(key), vlen = strlen(value);
    cc->bytes += klen + vlen;
    if (!utf8_valid(key, klen) || !utf8_valid(value, vlen)) {
        ctx_fail(c, 400, "Ugyldige tegn", "Forespørselen inneholder tegn som ikke er gyldig UTF-8.");
        return MHD_NO;
    }
    if (cc->list->count >= c->server->config.cfg->max_fields || vlen > c->server->config.cfg->max_field_bytes) {
        ctx_fail(c, 400, "For mange eller for lange parametere",
                 "Adressen har for mange eller for lange parametere.");
        return MHD_NO;
    }
    kv_add(c->r.arena, cc->list, arena_strdup(c->r.arena, key), arena_strdup(c->r.arena, value));
    return MHD_YES;
}

static enum MHD_Result sum_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    (void)kind;
    *(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

/* The largest file part the address takes: its own limit, or the configured one. */
static uint64_t file_limit(const http_server_config *setup, const req *r)
{
    const route *target = router_find(setup->routes, r);
    for (const route_file_limit *l = setup->file_limits; target && l && l->pattern; l++)
        if (!strcmp(l->pattern, target->pattern)) return l->max_file_bytes;
    return setup->cfg->max_file_bytes;
}

/* First call: headers are in. Checks them and prepares for the body. */
static void request_begin(request_ctx *c, const char *url, const char *method, const char *version)
{
    req *r = &c->r;
    const config *cfg = c->server->config.cfg;
    /* libmicrohttpd decodes %00 into a NUL that would silently cut the path or a value short
     * ("/saker/1%00x" would be "/saker/1"), so it is refused as the other bad characters are. */
    if (c->raw_nul) {
        ctx_fail(c, 400, "Ugyldige tegn", "Adressen inneholder et nulltegn (%00), som ikke er tillatt.");
        return;
    }
    /* HTTP/1.1 requires Host (RFC 9112 §3.2); libmicrohttpd 0.9.75 lets it pass. */
    if (!strcmp(version, MHD_HTTP_VERSION_1_1) && !req_header(r, MHD_HTTP_HEADER_HOST)) {
        ctx_fail(c, 400, "Ugyldig forespørsel", "Forespørselen mangler Host-feltet.");
        return;
    }
    size_t header_bytes = 0;
    MHD_get_connection_values(r->conn, MHD_HEADER_KIND, sum_header, &header_bytes);
    if (header_bytes > cfg->max_header_bytes) {
        ctx_fail(c, 431, "For store meldingshoder",
                 "Forespørselen har for store meldingshoder (for eksempel for mange "
                 "informasjonskapsler). Slett informasjonskapslene for nettstedet og prøv igjen.");
        return;
    }
    size_t url_len = strlen(url);
    if (url_len > cfg->max_url_bytes) {
        ctx_fail(c, 414, "For lang adresse", "Adressen er for lang.");
        return;
    }
    if (!utf8_valid(url, url_len)) {
        ctx_fail(c, 400, "Ugyldige tegn", "Adressen inneholder tegn som ikke er gyldig UTF-8.");
        return;
    }
    r->path = arena_strdup(r->arena, url);
    collect_ctx q = {c, &r->query, 0};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_value, &q);
    if (c->error_status) return;
    if (q.bytes > cfg->max_url_bytes) {
        ctx_fail(c, 414, "For lang adresse", "Adressen er for lang.");
        return;
    }
    collect_ctx ck = {c, &r->cookies, 0};
    MHD_get_connection_values(r->conn, MHD_COOKIE_KIND, collect_value, &ck);
    if (c->error_status) return;

    const char *length = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length && strtoull(length, NULL, 10) > cfg->max_body_bytes) {
        ctx_fail(c, 413, "For stor forespørsel",
                 "Det du sendte er større enn Min side tar imot. Del opp filene eller gjør dem mindre.");
        return;
    }
    r->max_file_bytes = file_limit(&c->server->config, r);
    if (!strcmp(method, "POST") || !strcmp(method, "PUT") || !strcmp(method, "PATCH")) {
        upload_sink_init(&c->sink, r, cfg);
        const char *type = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (type) {
            c->post = MHD_create_post_processor(r->conn, 64 * 1024, upload_sink_iterate, &c->sink);
            if (!c->post)
                ctx_fail(c, 415, "Ukjent innholdstype",
                         "Min side tar bare imot skjemaer (application/x-www-form-urlencoded "
                         "eller multipart/form-data).");
        }
    }
}

static enum MHD_Result queue(request_ctx *c)
{
    req *r = &c->r;
    struct MHD_Response *resp;
    if (r->body_is_fd) {
        /* A stored document goes from the file (sendfile where it can), never whole in memory. */
        resp = MHD_create_response_from_fd64(r->body_len, r->body_fd);
        if (!resp) return MHD_NO;
        r->body_is_fd = 0; /* libmicrohttpd closes it */
    } else {
        resp = MHD_create_response_from_buffer(
            r->body_len, r->body, r->body_static ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
        if (!resp) return MHD_NO;
        r->body = NULL; /* libmicrohttpd owns it now */
    }
    if (r->content_type) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    security_headers_add(resp, r, c->server->config.cfg->base_url);
    MHD_add_response_header(resp, "X-Request-Id", r->id);
    for (resp_header *h = r->headers; h; h = h->next) MHD_add_response_header(resp, h->name, h->value);
    enum MHD_Result rc = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return rc;
}

static enum MHD_Result respond_error(request_ctx *c)
{
    resp_error(&c->r, c->error_status, c->error_heading, c->error_message);
    return queue(c);
}

static void dispatch(request_ctx *c)
{
    req *r = &c->r;
    route_handler handler = NULL;
    const char *allow = NULL;
    const http_hooks *hooks = &c->server->config.hooks;
    switch (router_match(c->server->config.routes, r, &handler, &allow)) {
    case ROUTE_FOUND:
        /* The program's checks (its session, its CSRF check) come before every handler, so no
         * handler can forget them; a refusal is already answered. */
        if (hooks->before_handler && hooks->before_handler(r) != 0) break;
        handler(r);
        if (!r->responded) {
            log_error("request=%s behandleren for %s svarte ikke", r->id, r->path);
            resp_error(r, 500, "Noe gikk galt", "Noe gikk galt hos oss. Prøv igjen om litt.");
        }
        break;
    case ROUTE_METHOD_NOT_ALLOWED:
        resp_error(r, 405, "Metoden er ikke tillatt",
                   "Denne adressen kan ikke brukes slik. Gå tilbake og prøv igjen.");
        resp_header_add(r, "Allow", allow);
        break;
    case ROUTE_NOT_FOUND:
        resp_error(r, 404, "Siden finnes ikke",
                   "Vi fant ikke siden du lette etter. Den kan være flyttet eller slettet.");
        break;
    }
}

/* Called with the request's URI as it came, before it is decoded: the one place a %00 can be
 * seen. The context made here is the request's from now on. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)conn;
    request_ctx *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->server = cls;
    c->raw_nul = uri && strcasestr(uri, "%00") != NULL;
    return c;
}

/* A body that, after its first seconds, arrives slower on average than the configured rate. */
static int body_too_slow(const request_ctx *c)
{
    enum { GRACE_SECONDS = 10 };
    const config *cfg = c->server->config.cfg;
    int64_t elapsed_s = (clock_monotonic_us() - c->r.started_us) / 1000000;
    return cfg->body_min_rate && elapsed_s > GRACE_SECONDS &&
           c->body_bytes < (uint64_t)elapsed_s * cfg->body_min_rate;
}

static enum MHD_Result request_step(void *cls, struct MHD_Connection *conn, const char *url,
                                    const char *method, const char *version, const char *upload_data,
                                    size_t *upload_data_size, void **con_cls)
{
    request_ctx *c = *con_cls;
    if (!c) c = on_uri(cls, NULL, conn);
    if (!c) return MHD_NO;
    if (c->begun) log_set_request_id(c->r.id);
    if (!c->begun) {
        c->begun = 1;
        atomic_fetch_add(&c->server->in_flight, 1);
        c->r.arena = arena_new();
        c->r.conn = conn;
        c->r.started_us = clock_monotonic_us();
        c->r.method = arena_strdup(c->r.arena, method);
        c->r.path = "/";
        c->r.status = 500;
        c->r.pages = &c->server->config.pages;
        unsigned char id[8];
        randombytes_buf(id, sizeof id);
        sodium_bin2hex(c->r.id, sizeof c->r.id, id, sizeof id);
        log_set_request_id(c->r.id);
        client_addresses(&c->r, c->server->config.cfg->trust_proxy);
        *con_cls = c;
        /* The headers are in: from now on the body, or the answer, may take a while. */
        MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT,
                                  c->server->config.cfg->body_timeout_seconds);
        request_begin(c, url, method, version);
        /* A request refused on its headers alone is answered at once, before its body is
         * sent (a client waiting on "Expect: 100-continue" then sends none). Otherwise the
         * answer comes from the next call: a response queued in this first one turns
         * keep-alive off in libmicrohttpd 0.9.75. */
        if (c->error_status) return respond_error(c);
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t size = *upload_data_size;
        *upload_data_size = 0;
        c->body_bytes += size;
        if (body_too_slow(c)) {
            /* Holding a connection by trickling a body: close it without an answer. */
            log_warn("request=%s kuttet: kroppen kom for sakte (%llu byte)", c->r.id,
                     (unsigned long long)c->body_bytes);
            return MHD_NO;
        }
        if (c->body_bytes > c->server->config.cfg->max_body_bytes) {
            /* Too much to read to the end: answer now and let the connection close. */
            ctx_fail(c, 413, "For stor forespørsel",
                     "Det du sendte er større enn Min side tar imot. Del opp filene eller gjør dem mindre.");
            return respond_error(c);
        }
        /* After a refusal the rest of the body is read and dropped, so the client is still
         * listening when the answer comes. */
        if (c->error_status) return MHD_YES;
        if (!c->post)
            ctx_fail(c, 415, "Ukjent innholdstype", "Denne adressen tar ikke imot innhold.");
        else if (MHD_post_process(c->post, upload_data, size) != MHD_YES)
            ctx_fail(c, c->sink.error_status ? c->sink.error_status : 400,
                     c->sink.error_status ? c->sink.error_heading : "Ødelagt skjema",
                     c->sink.error_status ? c->sink.error_message
                                          : "Skjemaet kom ikke fram i god stand. Prøv å sende det på nytt.");
        return MHD_YES;
    }
    if (c->error_status) return respond_error(c);
    if (c->post) {
        enum MHD_Result complete = MHD_destroy_post_processor(c->post);
        c->post = NULL;
        int nothing_parsed = c->body_bytes > 0 && c->sink.parts_seen == 0;
        if (complete != MHD_YES || nothing_parsed || upload_sink_finish(&c->sink) != 0) {
            ctx_fail(c, c->sink.error_status ? c->sink.error_status : 400,
                     c->sink.error_status ? c->sink.error_heading : "Ødelagt skjema",
                     c->sink.error_status ? c->sink.error_message
                                          : "Skjemaet kom ikke fram i god stand. Prøv å sende det på nytt.");
            return respond_error(c);
        }
    }
    dispatch(c);
    return queue(c);
}

enum { KEEPALIVE_IDLE_SECONDS = 60 };

/* A new connection gets only a short silence before its headers are in. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)socket_context;
    const http_server *s = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT,
                                  s->config.cfg->header_timeout_seconds);
}

/* Every piece of a request runs with its id set, so each log line it writes names it. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    enum MHD_Result rc = request_step(cls, conn, url, method, version, upload_data, upload_data_size, con_cls);
    log_set_request_id(NULL);
    return rc;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    request_ctx *c = *con_cls;
    /* Between requests a kept-alive connection may idle a minute: longer than nginx keeps an
     * idle upstream connection (deploy.md), so nginx, not Min side, closes it and never sends
     * a request on a connection that is being closed. */
    if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
        MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT, KEEPALIVE_IDLE_SECONDS);
    if (!c) return;
    if (!c->begun) { /* the connection ended before the request's headers were in */
        free(c);
        *con_cls = NULL;
        return;
    }
    req *r = &c->r;
    if (c->post) MHD_destroy_post_processor(c->post);
    upload_sink_cleanup(&c->sink);
    int64_t us = clock_monotonic_us() - r->started_us;
    int aborted = toe != MHD_REQUEST_TERMINATED_COMPLETED_OK;
    log_set_request_id(r->id);
    log_field access[] = {{"method", r->method, 0},          {"path", r->path, 0},
                          {"status", NULL, r->status},       {"ms", NULL, (long long)(us / 1000)},
                          {"ip", r->client_ip, 0},           {"avbrutt", NULL, 1}};
    log_event(LOG_INFO, "access", access, aborted ? 6 : 5);
    if (c->server->config.hooks.request_done) c->server->config.hooks.request_done(r, us, aborted);
    log_set_request_id(NULL);
    if (r->body && !r->body_static) free(r->body);
    if (r->body_is_fd) close(r->body_fd); /* answered but never queued */
    arena_free(r->arena);
    atomic_fetch_sub(&c->server->in_flight, 1);
    free(c);
    *con_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_in *addr)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof host) return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535) return -1;
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &addr->sin_addr) != 1) return -1;
    return 0;
}

static void log_from_mhd(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n') msg[--n] = '\0';
    log_warn("http: %s", msg);
}

/* As many connections as configured, within what the process may open: the soft limit on
 * open files is raised to the hard one, and some files are kept for the database, documents
 * and logs. */
static unsigned connection_limit(const config *cfg)
{
    enum { RESERVED_FILES = 256, DEFAULT_CONNECTIONS = 4096 };
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) != 0) return cfg->max_connections ? cfg->max_connections : 1000;
    if (files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &files) != 0) getrlimit(RLIMIT_NOFILE, &files);
    }
    rlim_t room = files.rlim_cur > 2 * RESERVED_FILES ? files.rlim_cur - RESERVED_FILES : files.rlim_cur / 2;
    unsigned want = cfg->max_connections ? cfg->max_connections : DEFAULT_CONNECTIONS;
    if (want > room) {
        if (cfg->max_connections)
            log_warn("MINSIDE_MAX_CONNECTIONS=%u er mer enn grensen for åpne filer tillater; bruker %llu",
                     want, (unsigned long long)room);
        want = (unsigned)room;
    }
    return want;
}

http_server *http_server_start(const http_server_config *setup)
{
    const config *cfg = setup->cfg;
    struct sockaddr_in addr;
    if (parse_listen(cfg->listen, &addr) != 0) {
        log_error("MINSIDE_LISTEN må være IPv4-adresse:port, for eksempel 127.0.0.1:8080 (fikk «%s»)",
                  cfg->listen);
        return NULL;
    }
    http_server *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->config = *setup;
    /* Headers beyond max_header_bytes get our own Norwegian 431 page; the connection memory
     * must hold them first, so it is set well above that limit. */
    size_t memory_limit = cfg->max_header_bytes * 2 + 64 * 1024;
    unsigned max_connections = connection_limit(cfg);
    /* Behind a proxy every connection comes from the proxy: its own limit per client applies. */
    unsigned per_client = cfg->trust_proxy ? 0 : cfg->max_connections_per_client;
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL,
        NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, log_from_mhd, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, NULL, MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory_limit,
        MHD_OPTION_CONNECTION_LIMIT, max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_client,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->header_timeout_seconds, MHD_OPTION_END);
    if (!s->daemon) {
        /* Without address reuse a second server on a busy port fails here rather than sharing
         * the port with the first and splitting its connections. */
        if (errno == EADDRINUSE)
            log_error("kan ikke lytte på %s: adressen er allerede i bruk (kjører Min side eller "
                      "noe annet der fra før?)",
                      cfg->listen);
        else
            log_error("kan ikke lytte på %s: %s", cfg->listen, strerror(errno));
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : ntohs(addr.sin_port);
    return s;
}

int http_server_port(const http_server *s)
{
    return s->port;
}

void http_server_stop(http_server *s, int grace_seconds)
{
    if (!s) return;
    MHD_socket listener = MHD_quiesce_daemon(s->daemon);
    if (listener != MHD_INVALID_SOCKET) close(listener);
    int64_t deadline = clock_monotonic_ms() + (int64_t)grace_seconds * 1000;
    for (;;) {
        int running = atomic_load(&s->in_flight);
        if (running == 0) break;
        if (clock_monotonic_ms() >= deadline) {
            log_warn("avslutter med %d forespørsler som ikke ble ferdige", running);
            break;
        }
        struct timespec pause = {0, 20 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    MHD_stop_daemon(s->daemon);
    free(s);
}
