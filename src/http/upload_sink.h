/* Receives a form body piece by piece from libmicrohttpd's post processor: ordinary fields
 * go to req->form, file parts stream straight to files in the upload folder, so an upload of
 * any size never sits in memory. Enforces the field and file limits as it goes: a file part
 * stops being written at the address's limit (its size keeps counting, so the handler refuses
 * it), and all uploads in progress together never take more than the configured space. */
#ifndef MINSIDE_HTTP_UPLOAD_SINK_H
#define MINSIDE_HTTP_UPLOAD_SINK_H

#include <microhttpd.h>
#include <stdint.h>

#include "core/config.h"
#include "core/strbuf.h"
#include "http/request.h"

typedef struct upload_sink {
    req *r;
    const config *cfg;
    int active;             /* a field is being received */
    const char *key;
    int is_file;
    uint64_t received;      /* bytes of the current field so far */
    size_t parts_seen;      /* fields and files begun: a body with none was not a form */
    strbuf value;           /* the current ordinary field */
    int fd;                 /* the current file part, or -1 */
    upload *file;           /* the current file part's entry in r->uploads */
    uint64_t space_held;    /* bytes this request has written to the upload folder */
    int error_status;
    const char *error_heading, *error_message;
} upload_sink;

void upload_sink_init(upload_sink *s, req *r, const config *cfg);
enum MHD_Result upload_sink_iterate(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *filename, const char *content_type,
                                    const char *transfer_encoding, const char *data, uint64_t off,
                                    size_t size);
/* Completes the last field. Returns 0, or -1 with error_* set. */
int upload_sink_finish(upload_sink *s);
/* Closes the open file, removes every uploaded file no handler has taken and gives back the
 * request's share of the upload space. */
void upload_sink_cleanup(upload_sink *s);
/* Bytes written by all uploads in progress in this process (MINSIDE_UPLOAD_SPACE_BYTES caps it). */
uint64_t upload_space_in_use(void);

#endif
