/*
 * buf.c — growable byte buffers and JSON string escaping.
 *
 * Invariant: after any successful add, data[len] == '\0'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    static const char hex[] = "0123456789abcdef";
    if (dw_buf_reserve(b, n + 2)) return DW_ENOMEM;
    dw_buf_addc(b, '"');
    size_t run = 0; /* start of the current run of bytes needing no escape */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        if (dw_buf_add(b, s + run, i - run)) return DW_ENOMEM;
        run = i + 1;
        char esc[7] = {'\\', 0};
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            if (dw_buf_add(b, esc, 6)) return DW_ENOMEM;
            continue;
        }
        if (dw_buf_add(b, esc, 2)) return DW_ENOMEM;
    }
    if (dw_buf_add(b, s + run, n - run)) return DW_ENOMEM;
    return dw_buf_addc(b, '"');
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
