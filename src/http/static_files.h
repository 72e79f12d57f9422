/* The files under static/, read into memory at start-up: served with an ETag and cache
 * headers, and looked up by name only, so no request can reach a file outside the folder. */
#ifndef MINSIDE_HTTP_STATIC_FILES_H
#define MINSIDE_HTTP_STATIC_FILES_H

#include "http/request.h"

typedef struct static_files static_files;

int static_files_load(const char *dir, static_files **out, char **err);
void static_files_free(static_files *s);
size_t static_files_count(const static_files *s);
/* Answers r with the file at relpath (relative to static/), 304 when the ETag matches,
 * 404 when there is no such file, 400 for a path with "..", "." or empty segments. */
void static_files_serve(req *r, const static_files *s, const char *relpath);

#endif
