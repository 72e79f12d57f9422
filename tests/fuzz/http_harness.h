/* For the HTTP fuzz targets: Min side's own server (src/http/server.c, unchanged) on a loopback
 * port of the fuzzing process, with routes whose handlers check what reached them, and a client
 * that sends one raw request and waits for the answer. Coverage of the server's thread counts
 * like the rest, so libFuzzer sees what each input reached. */
#ifndef MINSIDE_FUZZ_HTTP_HARNESS_H
#define MINSIDE_FUZZ_HTTP_HARNESS_H

#include <stddef.h>

/* Starts the server once (small limits, so that inputs reach them). Aborts when it cannot. */
void fuzz_http_start(void);
/* Sends the request on a new connection and returns the answer's status, or 0 when the server
 * closed it without one. Aborts on a 500 or when no answer comes within 10 seconds. */
int fuzz_http_exchange(const char *request, size_t len);

#endif
