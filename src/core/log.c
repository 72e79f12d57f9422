#include "core/log.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "core/strbuf.h"
#include "core/utf8.h"

static atomic_int log_min = LOG_INFO;
static atomic_int log_form = LOG_TEXT;
static _Thread_local char request_id[17];

static const char *const level_names[] = {"DEBUG", "INFO", "WARN", "ERROR"};

void log_set_level(log_level min)
{
    atomic_store(&log_min, min);
}

void log_set_format(log_format format)
{
    atomic_store(&log_form, format);
}

void log_set_request_id(const char *id)
{
    snprintf(request_id, sizeof request_id, "%s", id ? id : "");
}

/* Wall-clock time, not the injectable clock: log lines must tell when things really happened. */
enum { TIMESTAMP_SIZE = 64 }; /* room for any year the int fields could hold */

static void timestamp(char out[TIMESTAMP_SIZE])
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    snprintf(out, TIMESTAMP_SIZE, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000));
}

/* One write per line keeps lines from different threads whole. */
static void line_write(const char *line)
{
    fprintf(stderr, "%s\n", line);
}

/* A JSON string of text that may hold bytes that are not UTF-8 (a message quoting input):
 * each such byte becomes U+FFFD, so the line stays valid JSON. */
static json_t *json_text(const char *s)
{
    size_t len = strlen(s);
    if (utf8_valid(s, len)) return json_stringn(s, len);
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < len;) {
        size_t n = 1;
        while (n <= 4 && i + n <= len && !utf8_valid(s + i, n)) n++;
        if (n <= 4 && i + n <= len) {
            strbuf_append(&b, s + i, n);
            i += n;
        } else {
            strbuf_puts(&b, "\xEF\xBF\xBD");
            i++;
        }
    }
    json_t *j = json_stringn(b.data ? b.data : "", b.len);
    strbuf_free(&b);
    return j;
}

static json_t *json_line(log_level level, const char *msg)
{
    char when[TIMESTAMP_SIZE];
    timestamp(when);
    json_t *o = json_object();
    json_object_set_new(o, "time", json_string(when));
    json_object_set_new(o, "level", json_string(level_names[level]));
    json_object_set_new(o, "msg", json_text(msg));
    if (request_id[0]) json_object_set_new(o, "request_id", json_string(request_id));
    return o;
}

static void json_write(json_t *o)
{
    char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (text) line_write(text);
    free(text);
}

/* One formatted message as a line: JSON, or text with a timestamp and level (a command's
 * failure as "minside: MESSAGE"). */
static void message_write(log_level level, const char *msg, int failure)
{
    if (atomic_load(&log_form) == LOG_JSON) {
        json_write(json_line(level, msg));
    } else if (failure) {
        fprintf(stderr, "minside: %s\n", msg);
    } else {
        char when[TIMESTAMP_SIZE], line[2200];
        timestamp(when);
        snprintf(line, sizeof line, "%s %s %s", when, level_names[level], msg);
        line_write(line);
    }
}

void log_msg(log_level level, const char *fmt, ...)
{
    if ((int)level < atomic_load(&log_min)) return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    message_write(level, msg, 0);
}

void log_fail(const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    message_write(LOG_ERROR, msg, 1);
}

void log_event(log_level level, const char *event, const log_field *fields, size_t count)
{
    if ((int)level < atomic_load(&log_min)) return;
    if (atomic_load(&log_form) == LOG_JSON) {
        json_t *o = json_line(level, event);
        for (size_t i = 0; i < count; i++)
            json_object_set_new(o, fields[i].key, fields[i].text ? json_text(fields[i].text)
                                                                  : json_integer(fields[i].number));
        json_write(o);
        return;
    }
    strbuf b = STRBUF_INIT;
    strbuf_puts(&b, event);
    if (request_id[0]) strbuf_printf(&b, " id=%s", request_id);
    for (size_t i = 0; i < count; i++) {
        if (fields[i].text) strbuf_printf(&b, " %s=%s", fields[i].key, fields[i].text);
        else strbuf_printf(&b, " %s=%lld", fields[i].key, fields[i].number);
    }
    log_msg(level, "%s", b.data);
    strbuf_free(&b);
}
