/*
 * json_run.h — the end of a run of bytes that a JSON string holds as they
 * are: everything but '"', '\\' and control characters (< 0x20); and the
 * quoting of a string with the escapes the record uses.
 *
 * The writer (event.c, buf.c) and the JSON Lines reader (doc_jsonl.c) spend
 * most of their time walking such runs, so they go eight bytes at a time:
 * a word with none of those bytes is skipped whole, and only a word that
 * has one is walked byte by byte.  The word tests are exact ("has a byte
 * below 0x20", "has a byte equal to c"), so the result is the same as the
 * byte loop's.
 */
#ifndef DW_JSON_RUN_H
#define DW_JSON_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/swar.h"

/* Nonzero when one of the eight bytes of v is '"', '\\' or below 0x20. */
static inline uint64_t dw_json_word_stops(uint64_t v) {
    return dw_any_below8(v, 0x20) | dw_any_zero8(v ^ (DW_ONES * '"')) |
           dw_any_zero8(v ^ (DW_ONES * '\\'));
}

static inline int dw_json_byte_stops(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

/* The first i >= from with s[i] a stop byte, or n. */
static inline size_t dw_json_run_end(const char *s, size_t from, size_t n) {
    size_t i = from;
    while (i + 8 <= n) {
        if (dw_json_word_stops(dw_load8(s + i))) break;
        i += 8;
    }
    while (i < n && !dw_json_byte_stops((unsigned char)s[i])) i++;
    return i;
}

/* Writes s[0, n) escaped as in a JSON string (without the quotes) at p,
 * which has room for 6 * n bytes; returns the end of what was written. */
static inline char *dw_json_escape(char *p, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    for (size_t run = 0; run < n;) { /* run: start of bytes needing no escape */
        size_t i = dw_json_run_end(s, run, n);
        memcpy(p, s + run, i - run);
        p += i - run;
        if (i == n) break;
        unsigned char c = (unsigned char)s[i];
        run = i + 1;
        *p++ = '\\';
        switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        default:
            memcpy(p, "u00", 3);
            p[3] = hex[c >> 4];
            p[4] = hex[c & 15];
            p += 5;
        }
    }
    return p;
}

/* Writes s[0, n) as a quoted JSON string at p, which has room for 6 * n + 2
 * bytes; returns the end of what was written. */
static inline char *dw_json_quote(char *p, const char *s, size_t n) {
    *p++ = '"';
    p = dw_json_escape(p, s, n);
    *p++ = '"';
    return p;
}

/* The same for the NUL-terminated s.  Short strings (codes, dates, names)
 * are copied as they are read, without a strlen first; past 16 bytes, or
 * at a byte to escape, the rest goes to dw_json_escape. */
static inline char *dw_json_quote_cstr(char *p, const char *s) {
    *p++ = '"';
    size_t i = 0;
    for (; i < 16 && s[i] && !dw_json_byte_stops((unsigned char)s[i]); i++) *p++ = s[i];
    if (i == 16 || (s[i] && dw_json_byte_stops((unsigned char)s[i])))
        p = dw_json_escape(p, s + i, strlen(s + i));
    *p++ = '"';
    return p;
}

#endif
