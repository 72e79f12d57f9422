/* For targets whose parser reads a file: the input written to one temporary file of the
 * process, removed when it exits. */
#ifndef MINSIDE_FUZZ_FUZZ_FILE_H
#define MINSIDE_FUZZ_FUZZ_FILE_H

#include <stddef.h>
#include <stdint.h>

/* Writes data to the file and returns its path. Aborts when it cannot. */
const char *fuzz_file_write(const uint8_t *data, size_t size);

#endif
