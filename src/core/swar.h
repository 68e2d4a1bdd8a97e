/*
 * swar.h — eight bytes at a time in one 64-bit word ("SIMD within a
 * register"), for the scans that run over every byte of the input: the
 * sentence splitter, the tokenizer and the JSON reader and writer.
 *
 * A word is loaded so that byte i of memory is bits 8i..8i+7 on every
 * machine (dw_load8), so "the first byte" is the lowest set byte.  The
 * tests below say "exactly" when each byte's high bit is right on its own,
 * and "any" when only "is there such a byte" can be trusted (a borrow may
 * mark bytes after the first true one).
 */
#ifndef DW_SWAR_H
#define DW_SWAR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DW_ONES 0x0101010101010101ull
#define DW_HIGHS 0x8080808080808080ull
#define DW_LOWS7 0x7F7F7F7F7F7F7F7Full

static inline uint64_t dw_load8(const void *p) {
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static inline void dw_store8(void *p, uint64_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    memcpy(p, &v, 8);
}

/* Any byte of x zero. */
static inline uint64_t dw_any_zero8(uint64_t x) { return (x - DW_ONES) & ~x & DW_HIGHS; }

/* Any byte of x below n (n <= 0x80). */
static inline uint64_t dw_any_below8(uint64_t x, unsigned n) {
    return (x - DW_ONES * n) & ~x & DW_HIGHS;
}

/* Exactly: the high bit of each zero byte of x. */
static inline uint64_t dw_zero_bytes8(uint64_t x) {
    return ~(((x & DW_LOWS7) + DW_LOWS7) | x | DW_LOWS7);
}

/* Exactly: the high bit of each byte of v that is an ASCII letter or digit
 * (the additions work on the low seven bits, so no byte carries into the
 * next; bytes of 0x80 and up are dropped at the end). */
static inline uint64_t dw_ascii_alnum8(uint64_t v) {
    uint64_t low = v & DW_LOWS7, folded = (v | DW_ONES * 0x20) & DW_LOWS7; /* letters lower */
    uint64_t digit = (low + DW_ONES * (0x80 - '0')) & ~(low + DW_ONES * (0x7F - '9'));
    uint64_t letter = (folded + DW_ONES * (0x80 - 'a')) & ~(folded + DW_ONES * (0x7F - 'z'));
    return (digit | letter) & ~v & DW_HIGHS;
}

/* The index of the first (last) byte whose high bit is set in mask, which
 * is not 0. */
static inline size_t dw_first_byte8(uint64_t mask) { return (size_t)__builtin_ctzll(mask) / 8; }
static inline size_t dw_last_byte8(uint64_t mask) { return (size_t)(63 - __builtin_clzll(mask)) / 8; }

#endif
