/* Log lines on standard error, one line each: text with a UTC timestamp and a level, or with
 * MINSIDE_LOG_FORMAT=json one JSON object a line (time, level, msg, request_id and the event's
 * fields) for journald and log shippers. */
#ifndef MINSIDE_CORE_LOG_H
#define MINSIDE_CORE_LOG_H

#include <stddef.h>

typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR } log_level;
typedef enum { LOG_TEXT, LOG_JSON } log_format;

void log_set_level(log_level min);
void log_set_format(log_format format);
/* The request the calling thread works on (16 hex digits), added to its lines as request_id in
 * JSON; NULL when it works on none. The HTTP server sets it around each piece of a request. */
void log_set_request_id(const char *id);

void log_msg(log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Why a command stops, for its operator: "minside: MESSAGE" on standard error, or in the JSON
 * format an ERROR line like every other, so a service that fails to start logs it as JSON. */
void log_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A line with named values: in text "EVENT id=REQUEST key=value …" (the id when a request is
 * set), in JSON an object with msg EVENT and each key; a field with text NULL is a number. */
typedef struct log_field {
    const char *key;
    const char *text;
    long long number;
} log_field;
void log_event(log_level level, const char *event, const log_field *fields, size_t count);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
