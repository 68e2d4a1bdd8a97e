/*
 * core.h — errors, growable buffers and small utilities shared by every stage.
 *
 * Errors are values: every fallible function takes a `dw_error *` and returns
 * a negative dw_status (or NULL) on failure, with a message that names the
 * file, line or byte offset and what was expected.  Library code never exits.
 */
#ifndef DYADWATCH_CORE_H
#define DYADWATCH_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum dw_status {
    DW_OK = 0,
    DW_EINVAL = -1,   /* bad argument or option */
    DW_EIO = -2,      /* cannot open/read/write a file */
    DW_EUTF8 = -3,    /* invalid UTF-8 */
    DW_EPARSE = -4,   /* syntax error in an input or dictionary */
    DW_ENOMEM = -5,   /* allocation failed */
    DW_EDB = -6,      /* database error */
    DW_ELIMIT = -7,   /* a size bound was exceeded */
    DW_EEMPTY = -8    /* empty input */
} dw_status;

typedef struct dw_error {
    dw_status code;
    char msg[1024];
} dw_error;

/* Sets err (if not NULL) and returns code, so callers can `return dw_fail(...)`. */
int dw_fail(dw_error *err, dw_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void dw_error_clear(dw_error *err);

/* A growable byte buffer; always NUL-terminated once anything was added. */
typedef struct dw_buf {
    char *data;
    size_t len, cap;
} dw_buf;

void dw_buf_free(dw_buf *b);
void dw_buf_reset(dw_buf *b); /* len = 0, keeps memory */
int dw_buf_reserve(dw_buf *b, size_t extra);
int dw_buf_add(dw_buf *b, const char *s, size_t n);
int dw_buf_adds(dw_buf *b, const char *s);
int dw_buf_addc(dw_buf *b, char c);
int dw_buf_printf(dw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal (quotes included), escaping as needed. */
int dw_buf_add_json_str(dw_buf *b, const char *s, size_t n);

/* Reads a whole file ("-" is stdin), refusing anything over max_bytes. */
int dw_read_all(const char *path, size_t max_bytes, dw_buf *out, dw_error *err);

/* Dates are kept as ISO 8601 prefixes: "YYYY", "YYYY-MM" or "YYYY-MM-DD".
 * dw_date_valid checks the form and the calendar (no 31 February). */
int dw_date_valid(const char *s, size_t n);
/* Day number (days since 1970-01-01) of an ISO date prefix; a partial date
 * takes its first day (first=1) or last day (first=0). Returns INT32_MIN if invalid. */
int32_t dw_date_days(const char *s, size_t n, int first);

/* SHA-256 of data as 64 lowercase hex characters plus NUL. */
void dw_sha256_hex(const void *data, size_t n, char out[65]);

/* Duplicate helpers that return NULL on NULL input. */
char *dw_strdup(const char *s);
char *dw_strndup(const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
