/*
 * error.c — error values.
 */
#include <stdio.h>
#include <string.h>

#include "dyadwatch/core.h"

int dw_fail(dw_error *err, dw_status code, const char *fmt, ...) {
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

void dw_error_clear(dw_error *err) {
    if (err) {
        err->code = DW_OK;
        err->msg[0] = '\0';
    }
}
