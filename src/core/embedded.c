/*
 * embedded.c — lookup of data files compiled into the library.
 */
#include <string.h>

#include "core/embedded.h"

const dw_embedded_file *dw_embedded_find(const char *path) {
    for (const dw_embedded_file *f = dw_embedded_files; f->path; f++)
        if (strcmp(f->path, path) == 0) return f;
    return NULL;
}
