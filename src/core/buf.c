/*
 * buf.c — growable byte buffers and JSON string escaping.
 *
 * Invariant: after any successful add, data[len] == '\0'.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_run.h"
#include "dyadwatch/core.h"

void dw_buf_free(dw_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void dw_buf_reset(dw_buf *b) {
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

int dw_buf_reserve(dw_buf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return DW_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) return DW_ENOMEM;
    b->data = p;
    b->cap = cap;
    return DW_OK;
}

int dw_buf_add(dw_buf *b, const char *s, size_t n) {
    if (dw_buf_reserve(b, n)) return DW_ENOMEM;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return DW_OK;
}

int dw_buf_adds(dw_buf *b, const char *s) { return dw_buf_add(b, s, strlen(s)); }

int dw_buf_addc(dw_buf *b, char c) { return dw_buf_add(b, &c, 1); }

int dw_buf_printf(dw_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || dw_buf_reserve(b, (size_t)n)) return DW_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return DW_OK;
}

int dw_buf_add_json_str(dw_buf *b, const char *s, size_t n) {
    if (n > (SIZE_MAX - 3) / 6 || dw_buf_reserve(b, 6 * n + 2)) return DW_ENOMEM;
    char *end = dw_json_quote(b->data + b->len, s, n);
    b->len = (size_t)(end - b->data);
    b->data[b->len] = '\0';
    return DW_OK;
}

char *dw_strdup(const char *s) { return s ? dw_strndup(s, strlen(s)) : NULL; }

char *dw_strndup(const char *s, size_t n) {
    if (!s) return NULL;
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
