/* Reading files and walking folders, for what the program loads at start-up. */
#ifndef MINSIDE_CORE_FILES_H
#define MINSIDE_CORE_FILES_H

#include <stddef.h>

/* Reads a whole file into a malloc'd, NUL-terminated buffer. Returns 0, or -1 with errno. */
int file_read_all(const char *path, char **data, size_t *len);

/* Writes all n bytes to fd, through short writes and interruptions. Returns 0, or -1 with
 * errno. */
int file_write_all(int fd, const void *data, size_t n);

/* Called for each regular file: its path, and its name relative to the walked folder with '/'
 * between folders. A non-zero return stops the walk and is returned by dir_walk(). */
typedef int (*dir_visit_fn)(const char *path, const char *relative_name, void *ud);

/* Visits every regular file below dir, skipping names that start with '.', at most max_depth
 * folders deep (a loop of symbolic links cannot run away). Returns 0, the visitor's non-zero
 * value, or -1 with errno when a folder cannot be read. */
int dir_walk(const char *dir, int max_depth, dir_visit_fn visit, void *ud);

#endif
