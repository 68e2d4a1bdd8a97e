/*
 * embedded.h — data files compiled into the library (see tools/embed.c).
 */
#ifndef DW_CORE_EMBEDDED_H
#define DW_CORE_EMBEDDED_H

#include <stddef.h>

typedef struct dw_embedded_file {
    const char *path; /* relative to data/, e.g. "dict/actors.dict" */
    const char *data; /* NUL-terminated */
    size_t len;
} dw_embedded_file;

/* Terminated by an entry whose path is NULL. */
extern const dw_embedded_file dw_embedded_files[];

/* Looks up a file by its path; NULL when absent. */
const dw_embedded_file *dw_embedded_find(const char *path);

#endif
