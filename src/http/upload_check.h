/* What kinds of files Min side takes: decided from the bytes (libmagic), never from the name
 * or the type the browser claims. */
#ifndef MINSIDE_HTTP_UPLOAD_CHECK_H
#define MINSIDE_HTTP_UPLOAD_CHECK_H

#include <stdint.h>

#include "http/request.h"

typedef struct file_kind {
    const char *mime;      /* as stored and served */
    const char *extension; /* for names in extracts and downloads */
    const char *label;     /* as shown to people */
} file_kind;

/* The kind of the file at path, or NULL when it is not one Min side accepts. */
const file_kind *upload_detect_kind(const char *path);
/* "PDF, JPG, PNG, …": for the text that tells people what they may send. */
const char *upload_allowed_kinds_text(void);

typedef struct upload_verdict {
    const upload *file;    /* the first file that failed, or NULL */
    const char *message;   /* Norwegian, for the person; in the request's arena */
} upload_verdict;

/* Checks every upload of field in r: at least min_files, each non-empty, at most max_bytes
 * and of an accepted kind. Returns 0, or -1 with the verdict filled. kinds (may be NULL) gets
 * the detected kind of each upload of the field, in order. */
int upload_check_field(req *r, const char *field, size_t min_files, uint64_t max_bytes,
                       const file_kind **kinds, upload_verdict *verdict);

#endif
