/*
 * utf8.h — UTF-8 validation and repair.
 *
 * Every text that enters dyadwatch is validated once, at ingest; later stages
 * may then assume well-formed UTF-8.
 */
#ifndef DYADWATCH_UTF8_H
#define DYADWATCH_UTF8_H

#include <stddef.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Returns the byte offset of the first invalid byte, or `n` when all of
 * s[0..n) is valid UTF-8 (overlongs, surrogates and code points above
 * U+10FFFF are invalid). */
size_t dw_utf8_check(const char *s, size_t n);

/* Appends s to out, replacing each maximal invalid subpart with U+FFFD.
 * Returns the number of replacements made, or SIZE_MAX if memory ran out. */
size_t dw_utf8_repair(const char *s, size_t n, dw_buf *out);

#ifdef __cplusplus
}
#endif
#endif
