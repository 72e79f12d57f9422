/* Log lines in both formats: text as before, JSON one valid object a line with the request id,
 * fields of an event, and bytes that are not UTF-8 replaced. */
#include "core/log.h"
#include "tap.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *captured;
static int saved_stderr;

static void capture_begin(void)
{
    fflush(stderr);
    captured = tmpfile();
    saved_stderr = dup(STDERR_FILENO);
    dup2(fileno(captured), STDERR_FILENO);
}

/* What was written since capture_begin, as one string. */
static char *capture_end(void)
{
    fflush(stderr);
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    long n = ftell(captured);
    char *s = calloc((size_t)n + 1, 1);
    rewind(captured);
    if (fread(s, 1, (size_t)n, captured) != (size_t)n) s[0] = '\0';
    fclose(captured);
    return s;
}

int main(void)
{
    log_field fields[] = {{"method", "GET", 0}, {"status", NULL, 404}};

    capture_begin();
    log_set_request_id("0123456789abcdef");
    log_event(LOG_INFO, "access", fields, 2);
    log_set_request_id(NULL);
    log_warn("uten forespørsel");
    log_fail("kan ikke åpne %s", "databasen");
    char *text = capture_end();
    TAP_OK(strstr(text, " INFO access id=0123456789abcdef method=GET status=404\n") != NULL,
           "text: an event is its name, the request id and key=value fields");
    TAP_OK(strstr(text, " WARN uten forespørsel\n") != NULL, "text: a plain line is unchanged");
    TAP_OK(strstr(text, "\nminside: kan ikke åpne databasen\n") != NULL, "text: a command's failure is «minside: …»");
    free(text);

    log_set_format(LOG_JSON);
    capture_begin();
    log_set_request_id("0123456789abcdef");
    log_event(LOG_INFO, "access", fields, 2);
    log_warn("sti med ugyldig byte: /a\xff\xfe" "b og «æøå»");
    log_set_request_id(NULL);
    log_error("uten forespørsel");
    log_debug("under nivået");
    log_fail("kan ikke åpne %s", "databasen");
    char *json = capture_end();
    log_set_format(LOG_TEXT);

    char *save = NULL;
    json_t *line[5] = {NULL};
    int n = 0;
    for (char *l = strtok_r(json, "\n", &save); l && n < 5; l = strtok_r(NULL, "\n", &save))
        line[n++] = json_loads(l, JSON_REJECT_DUPLICATES, NULL);
    TAP_EQ_INT(n, 4, "json: four lines (debug is below the level)");
    TAP_OK(line[0] && line[1] && line[2] && line[3], "json: each line is one valid JSON object");
    TAP_OK(line[3] && !strcmp(json_string_value(json_object_get(line[3], "level")), "ERROR") &&
               !strcmp(json_string_value(json_object_get(line[3], "msg")), "kan ikke åpne databasen"),
           "json: a command's failure is an ERROR line");
    json_t *a = line[0];
    TAP_EQ_STR(json_string_value(json_object_get(a, "msg")), "access", "json: the event is msg");
    TAP_EQ_STR(json_string_value(json_object_get(a, "request_id")), "0123456789abcdef",
               "json: with the request id");
    TAP_EQ_STR(json_string_value(json_object_get(a, "method")), "GET", "json: a text field is a string");
    TAP_OK(json_is_integer(json_object_get(a, "status")) && json_integer_value(json_object_get(a, "status")) == 404,
           "json: a number field is a number");
    TAP_EQ_STR(json_string_value(json_object_get(line[1], "msg")),
               "sti med ugyldig byte: /a\xEF\xBF\xBD\xEF\xBF\xBD" "b og «æøå»",
               "json: bytes that are not UTF-8 become U+FFFD, the rest is kept");
    TAP_EQ_STR(json_string_value(json_object_get(line[1], "level")), "WARN", "json: the level");
    TAP_OK(json_object_get(line[2], "request_id") == NULL && json_object_get(line[2], "time"),
           "json: a line outside a request has a time and no request id");
    for (int i = 0; i < n; i++) json_decref(line[i]);
    free(json);
    return tap_done();
}
