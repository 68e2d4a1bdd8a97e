/*
 * utf8.c — UTF-8 validation and repair (the ingest stage's gatekeeper).
 *
 * Well-formedness follows Unicode Table 3-7: no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated
 * sequences.  Repair follows Unicode's "substitution of maximal subparts"
 * (Unicode 3.9, U+FFFD substitution): each maximal subpart of an ill-formed
 * sequence becomes one U+FFFD, so every decoder that follows the practice
 * produces the same output.
 *
 * Invariant: seq_len() never reads past s[n-1].
 */
#include <stdint.h>
#include <string.h>

#include "dyadwatch/utf8.h"

#define ASCII_MASK UINT64_C(0x8080808080808080)

/* Length of the run of ASCII bytes at the start of s[0..n), read eight bytes
 * at a time: most news text is ASCII, so this is the common path. */
static size_t ascii_run(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (n - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, 8); /* memcpy: no alignment or aliasing assumptions */
        if (w & ASCII_MASK) break;
        i += 8;
    }
    while (i < n && s[i] < 0x80) i++;
    return i;
}

/* Returns the length (1..4) of the well-formed sequence at s, or 0 when it is
 * ill-formed, with *sub set to the length of its maximal subpart (>= 1): the
 * longest prefix that could still begin a well-formed sequence. */
static size_t seq_len(const unsigned char *s, size_t n, size_t *sub) {
    unsigned c = s[0];
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    size_t need;                   /* continuation bytes after the lead */
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;      /* else overlong */
        else if (c == 0xED) hi = 0x9F; /* else a surrogate */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lo = 0x90;      /* else overlong */
        else if (c == 0xF4) hi = 0x8F; /* else above U+10FFFF */
    } else {
        *sub = 1; /* 80..C1 and F5..FF never start a sequence */
        return 0;
    }
    size_t i = 1;
    for (; i <= need && i < n; i++) {
        unsigned b = s[i];
        if (b < lo || b > hi) break;
        lo = 0x80;
        hi = 0xBF;
    }
    if (i == need + 1) return i;
    *sub = i;
    return 0;
}

size_t dw_utf8_check(const char *str, size_t n) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        i += ascii_run(s + i, n - i);
        if (i == n) break;
        size_t sub, len = seq_len(s + i, n - i, &sub);
        if (!len) return i;
        i += len;
    }
    return n;
}

/* Appends s[0..n) to out; returns SIZE_MAX if memory ran out (no other
 * channel exists for it in this signature). */
size_t dw_utf8_repair(const char *str, size_t n, dw_buf *out) {
    static const char fffd[] = "\xEF\xBF\xBD";
    const unsigned char *s = (const unsigned char *)str;
    size_t count = 0, i = 0, run = 0; /* run: start of the pending valid bytes */
    if (dw_buf_reserve(out, n)) return SIZE_MAX;
    while (i < n) {
        i += ascii_run(s + i, n - i);
        if (i == n) break;
        size_t sub, len = seq_len(s + i, n - i, &sub);
        if (len) {
            i += len;
            continue;
        }
        if (dw_buf_add(out, str + run, i - run) || dw_buf_add(out, fffd, 3)) return SIZE_MAX;
        count++;
        i += sub;
        run = i;
    }
    if (dw_buf_add(out, str + run, n - run)) return SIZE_MAX;
    return count;
}
