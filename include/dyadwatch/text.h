/*
 * text.h — sentence splitting, tokenization and normalization.
 *
 * Offsets are byte offsets into the document text.  The tokenizer writes a
 * normalized form of every token (case-folded, diacritics stripped, curly
 * quotes made straight, possessive 's removed and flagged) so that the
 * dictionaries, which are tokenized by the same code, match regardless of
 * spelling details.
 */
#ifndef DYADWATCH_TEXT_H
#define DYADWATCH_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dw_span {
    uint32_t start, end; /* [start, end) byte offsets */
} dw_span;

typedef struct dw_spans {
    dw_span *v;
    size_t n, cap;
} dw_spans;

void dw_spans_free(dw_spans *s);

/* Splits text into sentences, appending spans to out (trimmed of
 * surrounding whitespace; headings and paragraph breaks end a sentence;
 * abbreviations, decimals, initials and quotations do not). */
int dw_split_sentences(const char *text, size_t len, dw_spans *out, dw_error *err);

enum dw_token_flags {
    DW_TOK_WORD = 1u << 0,   /* letters (possibly with digits, hyphen-joined prefix) */
    DW_TOK_NUM = 1u << 1,    /* number: 270,000  243.3  1998 */
    DW_TOK_PUNCT = 1u << 2,  /* punctuation or symbol: , . ; : ( ) " $ % */
    DW_TOK_CAP = 1u << 3,    /* first letter upper case in the source */
    DW_TOK_POSS = 1u << 4,   /* possessive: "Iran's" → "iran" + POSS */
    DW_TOK_HYPHEN = 1u << 5, /* joined to the next token by a hyphen in the source */
    DW_TOK_ALLCAP = 1u << 6  /* all letters upper case (acronyms: IRGC) */
};

typedef struct dw_token {
    uint32_t start, end; /* byte offsets in the text passed to dw_tokenize, plus base */
    uint32_t norm;       /* offset of the normalized form in dw_tokens.norm */
    uint16_t norm_len;
    uint16_t flags;
    uint32_t hash;       /* dw_word_hash of the norm: dictionary and lexicon
                            look-ups use it, so a word is hashed once */
} dw_token;

typedef struct dw_tokens {
    dw_token *v;
    size_t n, cap;
    char *norm;          /* normalized forms, each NUL-terminated */
    size_t norm_len, norm_cap;
} dw_tokens;

void dw_tokens_free(dw_tokens *t);
void dw_tokens_reset(dw_tokens *t); /* n = 0, keeps memory */

/* Tokenizes s[0..len), appending to out; token offsets are base + offset.
 * Hyphenated words are split ("Mazar-i-Sharif" → mazar i sharif, each but
 * the last flagged DW_TOK_HYPHEN) except after prefixes such as anti-, pro-,
 * ex-, non- ("anti-taliban" stays one token). */
int dw_tokenize(const char *s, size_t len, uint32_t base, dw_tokens *out);

/* The hash of a word (a token's norm): eight bytes per multiply, since it
 * runs for every token.  Not stable across versions: never store it. */
static inline uint32_t dw_word_hash_step(uint64_t h, uint64_t v) {
    h = (h ^ v) * 0xff51afd7ed558ccdull;
    return (uint32_t)(h ^ h >> 32);
}

static inline uint32_t dw_word_hash(const char *s, size_t n) {
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)n;
    for (;;) {
        uint64_t v = 0;
        size_t k = n < 8 ? n : 8;
        for (size_t i = 0; i < k; i++) v |= (uint64_t)(unsigned char)s[i] << (8 * i);
        if (n <= 8) return dw_word_hash_step(h, v);
        h = dw_word_hash_step(h, v) | h << 32;
        s += 8;
        n -= 8;
    }
}

/* The hash of a phrase: its words' hashes folded in order. */
static inline uint32_t dw_phrase_hash_more(uint32_t phrase, uint32_t word) {
    uint64_t h = ((uint64_t)phrase << 32 | word) * 0xc4ceb9fe1a85ec53ull;
    return (uint32_t)(h >> 32);
}

static inline const char *dw_token_norm(const dw_tokens *t, size_t i) {
    return t->norm + t->v[i].norm;
}

#ifdef __cplusplus
}
#endif
#endif
