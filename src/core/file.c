/*
 * file.c — whole-file reads with a size bound.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dyadwatch/core.h"

int dw_read_all(const char *path, size_t max_bytes, dw_buf *out, dw_error *err) {
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) return dw_fail(err, DW_EIO, "%s: cannot open: %s", path, strerror(errno));
    dw_buf_reset(out);
    char chunk[65536];
    size_t n;
    int rc = DW_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (out->len + n > max_bytes) {
            rc = dw_fail(err, DW_ELIMIT,
                         "%s: input is larger than the limit of %zu bytes "
                         "(at byte offset %zu); split it or raise --max-bytes",
                         is_stdin ? "<stdin>" : path, max_bytes, max_bytes);
            break;
        }
        if (dw_buf_add(out, chunk, n)) {
            rc = dw_fail(err, DW_ENOMEM, "%s: out of memory", path);
            break;
        }
    }
    if (rc == DW_OK && ferror(f))
        rc = dw_fail(err, DW_EIO, "%s: read error: %s", path, strerror(errno));
    if (!is_stdin) fclose(f);
    if (rc == DW_OK && !out->data) dw_buf_add(out, "", 0); /* empty file: "" not NULL */
    return rc;
}
