#include "http_harness.h"

#include "core/config.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "http/response.h"
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static config cfg;
static int port;

static void text_check(const char *s)
{
    if (!s || !utf8_valid(s, strlen(s))) abort();
}

static void list_check(const kv_list *l)
{
    if (l->count > cfg.max_fields) abort();
    for (size_t i = 0; i < l->count; i++) {
        text_check(l->items[i].key);
        text_check(l->items[i].value);
    }
}

/* Every field is valid UTF-8 within its limit; every file on disk is cut at the address's limit
 * and has a display name without a path. */
static void form_handler(req *r)
{
    list_check(&r->form);
    for (size_t i = 0; i < r->form.count; i++)
        if (strlen(r->form.items[i].value) > cfg.max_field_bytes) abort();
    if (r->upload_count > cfg.max_files || r->form.count + r->upload_count > cfg.max_fields) abort();
    for (size_t i = 0; i < r->upload_count; i++) {
        const upload *u = &r->uploads[i];
        text_check(u->field);
        text_check(u->filename);
        if (strchr(u->filename, '/') || strchr(u->filename, '\\')) abort();
        struct stat st;
        if (stat(u->path, &st) != 0) abort();
        uint64_t kept = u->size < r->max_file_bytes ? u->size : r->max_file_bytes;
        if ((uint64_t)st.st_size != kept) abort();
    }
    resp_text(r, 200, "ok");
}

static void query_handler(req *r)
{
    text_check(r->path);
    list_check(&r->query);
    list_check(&r->cookies);
    text_check(r->client_ip);
    text_check(r->client_addr);
    for (size_t i = 0; i < r->param_count; i++) text_check(r->params[i].value);
    if (req_param_id(r, "id") < 0) abort();
    resp_text(r, 200, "ok");
}

static const route routes[] = {
    {"POST", "/skjema", form_handler},
    {"POST", "/saker/:id/dokumenter", form_handler},
    {"GET", "/sok", query_handler},
    {"GET", "/saker/:id", query_handler},
    {"GET", "/static/*path", query_handler},
    {NULL, NULL, NULL},
};

static const route_file_limit file_limits[] = {
    {"/saker/:id/dokumenter", 512},
    {NULL, 0},
};

void fuzz_http_start(void)
{
    if (port) return;
    signal(SIGPIPE, SIG_IGN); /* the server may close before the whole request is sent */
    log_set_level(LOG_ERROR);
    char err[512];
    if (config_load(&cfg, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz: %s\n", err);
        abort();
    }
    char var[] = "/tmp/minside-fuzz-http-XXXXXX";
    if (!mkdtemp(var)) abort();
    free(cfg.listen);
    cfg.listen = strdup("127.0.0.1:0");
    free(cfg.var_dir);
    cfg.var_dir = strdup(var);
    cfg.threads = 1;
    cfg.trust_proxy = 1; /* so X-Forwarded-For is read */
    cfg.max_fields = 40;
    cfg.max_field_bytes = 2048;
    cfg.max_files = 4;
    cfg.max_file_bytes = 4096;
    cfg.upload_space_bytes = 64 * 1024;
    cfg.max_body_bytes = 1 << 20;
    http_server_config setup = {.cfg = &cfg, .routes = routes, .file_limits = file_limits};
    http_server *s = http_server_start(&setup);
    if (!s) abort();
    port = http_server_port(s);
}

/* The status in "HTTP/1.1 200 OK", or 0. */
static int status_of(const char *answer, size_t len)
{
    if (len < 12 || memcmp(answer, "HTTP/1.", 7)) return 0;
    return atoi(answer + 9);
}

/* Whether the answer in b is complete: its headers and as much body as Content-Length says. */
static int answer_complete(const strbuf *b)
{
    if (!b->len) return 0;
    const char *end = memmem(b->data, b->len, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = (size_t)(end - b->data) + 4;
    const char *cl = memmem(b->data, head, "\r\nContent-Length: ", 18);
    size_t body = cl ? strtoul(cl + 18, NULL, 10) : 0;
    return b->len >= head + body;
}

/* A connection to the server. Hundreds of connections a second can run the loopback's
 * ephemeral ports out for a moment (the server's side of closed ones waits out TIME_WAIT), so a
 * refused connect is tried again for a few seconds before it counts as a failure. */
static int server_connect(void)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int attempt = 0;; attempt++) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) abort();
        if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0) return fd;
        int e = errno;
        close(fd);
        if (attempt == 500) {
            fprintf(stderr, "fuzz: cannot connect to the server: %s\n", strerror(e));
            abort();
        }
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
}

int fuzz_http_exchange(const char *request, size_t len)
{
    int fd = server_connect();
    /* Closed with a reset: thousands of connections a second leave no TIME_WAIT behind. */
    struct linger no_linger = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &no_linger, sizeof no_linger);
    strbuf answer = STRBUF_INIT;
    size_t sent = 0;
    int open_for_writing = 1;
    while (!answer_complete(&answer)) {
        struct pollfd pfd = {fd, POLLIN | (open_for_writing && sent < len ? POLLOUT : 0), 0};
        int n = poll(&pfd, 1, 10000);
        if (n == 0) {
            fprintf(stderr, "fuzz: no answer within 10 s (%zu of %zu bytes sent)\n", sent, len);
            abort();
        }
        if (n < 0) {
            if (errno == EINTR) continue;
            abort();
        }
        if (pfd.revents & POLLOUT) {
            ssize_t w = send(fd, request + sent, len - sent, MSG_NOSIGNAL);
            if (w > 0) sent += (size_t)w;
            else open_for_writing = 0;
        }
        if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
            char buf[16384];
            ssize_t r = recv(fd, buf, sizeof buf, 0);
            if (r <= 0) break; /* closed by the server */
            strbuf_append(&answer, buf, (size_t)r);
        }
    }
    close(fd);
    int status = status_of(answer.data, answer.len);
    if (status == 500) { /* bad input gets a 4xx, never a 500 */
        fprintf(stderr, "fuzz: 500 for this request:\n%.*s\nanswer:\n%.*s\n", (int)len, request,
                (int)answer.len, answer.data);
        abort();
    }
    strbuf_free(&answer);
    return status;
}
