/*
 * token.c — splits a sentence into tokens and writes their normalized forms
 * (dw_tokenize).  Dictionaries go through the same code, so whatever this
 * file decides about case, accents, apostrophes and hyphens, text and
 * dictionary agree on it.
 *
 * Tokens:
 *   word    letters/digits/marks, with internal apostrophes ("sha'ban",
 *           "o'neill"); dotted acronyms keep their dots ("u.s.", "ph.d.");
 *   number  ASCII digits with thousands commas and decimal points; the norm
 *           keeps digits and dots ("270,000" → "270000"); digits followed
 *           directly by letters are a word ("1990s", "3rd");
 *   punct   any other character, one token each, except runs of dots
 *           ("..." and "…" → "...") and of hyphens ("--").
 * Clitics: "'s" after a word is a possessive — dropped and flagged POSS on
 * the word, whose span then ends before the apostrophe — except after
 * pronouns ("it's" → it + 's); a trailing "s'" is possessive too; "n't"
 * becomes its own token ("didn't" → did + n't; can't → can, won't → will,
 * shan't → shall); 're 've 'll 'd 'm become their own tokens.
 * Hyphens between word characters split the word (each piece but the last
 * flagged HYPHEN, no token for the hyphen) unless the part before the first
 * hyphen is a prefix such as anti-, pro-, non- ("anti-taliban").
 *
 * Invariants: tokens are appended in text order, never overlap and have
 * start < end; every norm is non-empty, NUL-terminated UTF-8 and at most
 * 3 * DW_TOKEN_MAX_BYTES bytes.  Work is linear in the input: every look-
 * ahead is bounded.  Only tokens with letters or marks outside ASCII are
 * folded by utf8proc; ASCII words (curly apostrophes and hyphens included)
 * are lower-cased in place, and the commonest ones — plain ASCII words
 * ended by a space or simple punctuation — take a one-pass fast path that
 * must give exactly what the general path gives.  On failure the output is
 * restored to what it held before the call.  No global mutable state.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/swar.h"
#include "dyadwatch/text.h"

/* Longer runs of word characters are cut into pieces of at most this many
 * bytes, which keeps every norm well inside norm_len's 16 bits even after
 * case folding expands it. */
#define DW_TOKEN_MAX_BYTES 4096

#define FOLD_OPTIONS \
    (UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE | UTF8PROC_STABLE | UTF8PROC_IGNORE)

/* Character classes; the order matters for the range tests below. */
typedef enum cclass {
    C_SPACE,     /* white space and control characters */
    C_IGNORABLE, /* soft hyphen, ZWJ/ZWNJ, format marks: skipped or kept in a word */
    C_PUNCT,     /* anything else that is not part of a word */
    C_APOS,      /* ' ’ ‘ ʼ */
    C_HYPHEN,    /* - ‐ ‑ */
    C_MARK,      /* combining mark: continues a word, never starts one */
    C_UPPER,     /* word-start classes from here on */
    C_LOWER,
    C_LETTER,    /* letter without case (Lm, Lo) */
    C_DIGIT
} cclass;

static bool word_start(cclass c) { return c >= C_UPPER; }
static bool word_cont(cclass c) { return c >= C_MARK || c == C_IGNORABLE; }

/* ASCII classes: letters, digits, apostrophe, hyphen, space; the rest is
 * punctuation; control characters count as space. */
static const unsigned char ascii_class[128] = {
#define U C_UPPER
#define L C_LOWER
#define D C_DIGIT
#define S C_SPACE
#define P C_PUNCT
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0x00 */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0x10 */
    S, P, P, P, P, P, P, C_APOS, P, P, P, P, P, C_HYPHEN, P, P, /* 0x20 */
    D, D, D, D, D, D, D, D, D, D, P, P, P, P, P, P, /* 0x30 */
    P, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, /* 0x40 */
    U, U, U, U, U, U, U, U, U, U, U, P, P, P, P, P, /* 0x50 */
    P, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, /* 0x60 */
    L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, S, /* 0x70 */
#undef U
#undef L
#undef D
#undef S
#undef P
};

static cclass classify_cp(int32_t cp) {
    switch (cp) {
    case 0x2019: case 0x2018: case 0x02BC: return C_APOS;
    case 0x2010: case 0x2011: return C_HYPHEN;
    case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x3000: case 0x200B: case 0xFEFF: return C_SPACE;
    case 0x00AD: case 0x200C: case 0x200D: case 0x2060: return C_IGNORABLE;
    default: break;
    }
    if (cp >= 0x2000 && cp <= 0x200A) return C_SPACE;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: return C_UPPER;
    case UTF8PROC_CATEGORY_LL: return C_LOWER;
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: return C_LETTER;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC: return C_SPACE;
    case UTF8PROC_CATEGORY_CF: return C_IGNORABLE;
    default: return C_PUNCT;
    }
}

typedef struct tok_ctx {
    const unsigned char *s;
    size_t len;
    uint32_t base;
    dw_tokens *out;
} tok_ctx;

/* Class of the character at pos and its byte length (*n); invalid UTF-8 is
 * a one-byte punctuation character.  Past the end: C_SPACE, *n = 0. */
static cclass char_at(const tok_ctx *cx, size_t pos, size_t *n) {
    if (pos >= cx->len) {
        *n = 0;
        return C_SPACE;
    }
    unsigned char c = cx->s[pos];
    if (c < 0x80) {
        *n = 1;
        return (cclass)ascii_class[c];
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(cx->s + pos, (utf8proc_ssize_t)(cx->len - pos), &cp);
    if (k <= 0) {
        *n = 1;
        return C_PUNCT;
    }
    *n = (size_t)k;
    return classify_cp(cp);
}

static cclass class_at(const tok_ctx *cx, size_t pos) {
    size_t n;
    return char_at(cx, pos, &n);
}

/* ASCII letters and digits as they go into a norm (lower case); 0 for
 * every other byte.  Agrees with ascii_class: non-zero exactly for
 * C_UPPER, C_LOWER and C_DIGIT. */
static const unsigned char word_lower[256] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
    ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
    ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
    ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
    ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
    ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
    ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
    ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
    ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
    ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z'};

static bool is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_ascii_alpha(unsigned char c) { return (unsigned char)((c | 32) - 'a') < 26; }
static unsigned char to_lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* A lower-case ASCII word with its length, for cheap list lookups. */
typedef struct word_entry {
    const char *w;
    size_t n;
} word_entry;

#define WORD(s) {s, sizeof s - 1}

/* Case-insensitive comparison of the ASCII bytes s[a,b) with lower-case w. */
static bool ascii_equals(const tok_ctx *cx, size_t a, size_t b, const char *w, size_t n) {
    if (b - a != n) return false;
    for (size_t i = 0; i < n; i++)
        if (to_lower(cx->s[a + i]) != (unsigned char)w[i]) return false;
    return true;
}

static bool ascii_in(const tok_ctx *cx, size_t a, size_t b, const word_entry *list, size_t count) {
    for (size_t i = 0; i < count; i++)
        if (ascii_equals(cx, a, b, list[i].w, list[i].n)) return true;
    return false;
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const word_entry joining_prefixes[] = {
    WORD("anti"), WORD("pro"), WORD("non"), WORD("ex"), WORD("post"), WORD("pre"),
    WORD("neo"), WORD("self"), WORD("co"), WORD("counter"), WORD("semi"), WORD("multi"),
    WORD("inter"), WORD("intra"), WORD("trans"), WORD("pan")};

/* Before "'s" these are contractions of is/has/us, not possessives. */
static const word_entry s_contractors[] = {
    WORD("it"), WORD("he"), WORD("she"), WORD("that"), WORD("there"), WORD("what"),
    WORD("who"), WORD("here"), WORD("where"), WORD("how"), WORD("let")};

static const word_entry clitic_tails[] = {WORD("re"), WORD("ve"), WORD("ll"), WORD("d"),
                                          WORD("m")};

/* ---- output ------------------------------------------------------------ */

static inline int reserve_norm(dw_tokens *t, size_t need) {
    if (t->norm_len + need + 8 <= t->norm_cap) return DW_OK;
    size_t cap = t->norm_cap ? t->norm_cap : 1024;
    while (cap < t->norm_len + need + 8) cap *= 2;
    char *p = realloc(t->norm, cap);
    if (!p) return DW_ENOMEM;
    t->norm = p;
    t->norm_cap = cap;
    return DW_OK;
}

/* dw_word_hash for a word followed by at least 7 readable bytes: whole
 * eight-byte loads, the bytes past the word masked off (the same value:
 * test_tok_word_hash). */
static inline uint32_t word_hash_padded(const char *s, size_t n) {
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)n;
    for (;;) {
        uint64_t v = dw_load8(s);
        if (n < 8) v &= (1ull << (8 * n)) - 1;
        if (n <= 8) return dw_word_hash_step(h, v);
        h = dw_word_hash_step(h, v) | h << 32;
        s += 8;
        n -= 8;
    }
}

/* Records a token whose norm (n bytes) was just written at norm + norm_len.
 * Inlined into its callers: it runs once per token, and the call cost
 * about as much as its body. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int push_token(tok_ctx *cx, size_t a, size_t b, unsigned flags, size_t n) {
    dw_tokens *t = cx->out;
    if (t->norm_len > UINT32_MAX - n - 1 || n > UINT16_MAX) return DW_ELIMIT;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        dw_token *v = realloc(t->v, cap * sizeof *v);
        if (!v) return DW_ENOMEM;
        t->v = v;
        t->cap = cap;
    }
    dw_token *tok = &t->v[t->n++];
    tok->start = cx->base + (uint32_t)a;
    tok->end = cx->base + (uint32_t)b;
    tok->norm = (uint32_t)t->norm_len;
    tok->norm_len = (uint16_t)n;
    tok->flags = (uint16_t)flags;
    /* reserve_norm keeps 8 bytes of slack past every norm */
    tok->hash = t->norm_len + n + 8 <= t->norm_cap ? word_hash_padded(t->norm + t->norm_len, n)
                                                   : dw_word_hash(t->norm + t->norm_len, n);
    t->norm[t->norm_len + n] = '\0';
    t->norm_len += n + 1;
    return DW_OK;
}

static int emit_fixed(tok_ctx *cx, size_t a, size_t b, unsigned flags, const char *norm,
                      size_t n) {
    if (reserve_norm(cx->out, n)) return DW_ENOMEM;
    memcpy(cx->out->norm + cx->out->norm_len, norm, n);
    return push_token(cx, a, b, flags, n);
}

/* Maps the apostrophe and hyphen variants to ASCII before utf8proc folds. */
static utf8proc_int32_t straighten(utf8proc_int32_t cp, void *unused) {
    (void)unused;
    switch (cp) {
    case 0x2019: case 0x2018: case 0x02BC: return '\'';
    case 0x2010: case 0x2011: return '-';
    default: return cp;
    }
}

/* Folds s[a,b) with utf8proc into the norm buffer; returns the byte count
 * via *n.  Thousands commas are dropped afterwards (they are ASCII). */
static int fold_unicode(tok_ctx *cx, size_t a, size_t b, size_t *n) {
    utf8proc_int32_t stack_buf[256];
    utf8proc_int32_t *buf = stack_buf;
    utf8proc_ssize_t cap = 256;
    const utf8proc_uint8_t *src = cx->s + a;
    utf8proc_ssize_t srclen = (utf8proc_ssize_t)(b - a);
    utf8proc_ssize_t cps = utf8proc_decompose_custom(src, srclen, buf, cap, FOLD_OPTIONS,
                                                     straighten, NULL);
    /* reencode needs one spare slot for its terminating NUL. */
    if (cps >= cap) {
        cap = cps + 1;
        buf = malloc((size_t)cap * sizeof *buf);
        if (!buf) return DW_ENOMEM;
        cps = utf8proc_decompose_custom(src, srclen, buf, cap, FOLD_OPTIONS, straighten, NULL);
    }
    utf8proc_ssize_t bytes = cps >= 0 ? utf8proc_reencode(buf, cps, FOLD_OPTIONS) : cps;
    const char *folded = (const char *)buf;
    if (bytes <= 0) { /* cannot happen for valid input; keep the source bytes */
        folded = (const char *)src;
        bytes = srclen;
    }
    int rc = reserve_norm(cx->out, (size_t)bytes);
    if (rc == DW_OK) {
        char *dst = cx->out->norm + cx->out->norm_len;
        size_t k = 0;
        for (utf8proc_ssize_t i = 0; i < bytes; i++)
            if (folded[i] != ',') dst[k++] = folded[i];
        *n = k;
    }
    if (buf != stack_buf) free(buf);
    return rc;
}

/* Emits s[a,b) as a word (or number, if flags has DW_TOK_NUM), computing
 * its case flags and its norm; `norm` overrides the norm if not NULL. */
static int emit_piece(tok_ctx *cx, size_t a, size_t b, unsigned flags, const char *norm) {
    size_t override_len = norm ? strlen(norm) : 0;
    if (reserve_norm(cx->out, b - a > override_len ? b - a : override_len)) return DW_ENOMEM;
    const unsigned char *s = cx->s;
    char *dst = cx->out->norm + cx->out->norm_len;
    size_t n = 0, upper = 0, other = 0, i = a;
    bool first_letter = true, unicode = false;

    /* Fast path: ASCII bytes, lower-cased as they are copied. */
    for (; i < b && s[i] < 0x80; i++) {
        unsigned char c = s[i];
        cclass cl = (cclass)ascii_class[c];
        if (cl == C_UPPER || cl == C_LOWER) {
            if (first_letter && cl == C_UPPER) flags |= DW_TOK_CAP;
            first_letter = false;
            upper += cl == C_UPPER;
            other += cl == C_LOWER;
            c = to_lower(c);
        } else if (c == ',') {
            continue; /* thousands separator */
        }
        dst[n++] = (char)c;
    }
    /* The rest, from the first non-ASCII byte: apostrophes and hyphens are
     * straightened here; any other character needs utf8proc. */
    while (i < b) {
        unsigned char c = s[i];
        size_t k = 1;
        cclass cl = c < 0x80 ? (cclass)ascii_class[c] : char_at(cx, i, &k);
        i += k;
        if (c == ',') continue;
        if (cl == C_UPPER || cl == C_LOWER || cl == C_LETTER) {
            if (first_letter && cl == C_UPPER) flags |= DW_TOK_CAP;
            first_letter = false;
            upper += cl == C_UPPER;
            other += cl != C_UPPER;
        }
        if (c < 0x80) dst[n++] = (char)to_lower(c);
        else if (cl == C_APOS) dst[n++] = '\'';
        else if (cl == C_HYPHEN) dst[n++] = '-';
        else unicode = true;
    }
    if (upper >= 2 && other == 0) flags |= DW_TOK_ALLCAP;
    if (norm) {
        memcpy(dst, norm, override_len);
        n = override_len;
    } else if (unicode) {
        int rc = fold_unicode(cx, a, b, &n);
        if (rc) return rc;
    }
    if (n == 0) { /* only ignorables survived: keep the source bytes */
        if (reserve_norm(cx->out, b - a)) return DW_ENOMEM;
        memcpy(cx->out->norm + cx->out->norm_len, cx->s + a, b - a);
        n = b - a;
    }
    return push_token(cx, a, b, flags, n);
}

/* ---- scanning ---------------------------------------------------------- */

/* End of a run of word characters from pos (letters, digits, marks). */
static size_t scan_letters(const tok_ctx *cx, size_t pos, size_t limit) {
    while (pos < limit) {
        unsigned char c = cx->s[pos];
        if (c < 0x80) {
            if (ascii_class[c] < C_UPPER) break;
            pos++;
            continue;
        }
        size_t k;
        if (!word_cont(char_at(cx, pos, &k)) || pos + k > limit) break;
        pos += k;
    }
    return pos;
}

/* Real dotted acronyms are short ("U.S.S.R." has four groups); the cap
 * keeps a hostile "a.a.a.a...ab" from being rescanned at every word. */
#define DOTTED_MAX_GROUPS 6

/* "U.S.", "e.g.", "Ph.D.": two to six groups of one or two ASCII letters,
 * each followed by a dot, and not followed by a word character.  Returns
 * the end (after the last dot) or 0. */
static size_t dotted_end(const tok_ctx *cx, size_t pos, size_t limit) {
    size_t i = pos, groups = 0;
    while (i < limit && is_ascii_alpha(cx->s[i])) {
        if (groups == DOTTED_MAX_GROUPS) return 0;
        size_t g = i;
        while (i < limit && i - g < 3 && is_ascii_alpha(cx->s[i])) i++;
        if (i - g > 2 || i >= limit || cx->s[i] != '.') return 0;
        i++;
        groups++;
    }
    if (groups < 2 || word_cont(class_at(cx, i))) return 0;
    return i;
}

/* End of a number from pos (at an ASCII digit): digits, ",ddd" groups and
 * ".d+" parts.  *plain is set when it is digits only. */
static size_t scan_number(const tok_ctx *cx, size_t pos, size_t limit, bool *plain) {
    const unsigned char *s = cx->s;
    size_t i = pos;
    bool seen_dot = false;
    while (i < limit && is_ascii_digit(s[i])) i++;
    *plain = true;
    for (;;) {
        if (!seen_dot && i + 3 < limit && s[i] == ',' && is_ascii_digit(s[i + 1]) &&
            is_ascii_digit(s[i + 2]) && is_ascii_digit(s[i + 3]) &&
            !(i + 4 < limit && is_ascii_digit(s[i + 4]))) {
            i += 4;
        } else if (i + 1 < limit && s[i] == '.' && is_ascii_digit(s[i + 1])) {
            seen_dot = true;
            i += 2;
            while (i < limit && is_ascii_digit(s[i])) i++;
        } else {
            break;
        }
        *plain = false;
    }
    return i;
}

/* One segment of a word: a dotted acronym, a number, or a letter run.
 * *is_num is set for a number not followed by letters. */
static size_t scan_segment(const tok_ctx *cx, size_t pos, size_t limit, bool *is_num) {
    *is_num = false;
    size_t e = dotted_end(cx, pos, limit);
    if (e) return e;
    if (is_ascii_digit(cx->s[pos])) {
        bool plain;
        e = scan_number(cx, pos, limit, &plain);
        if (plain && e < limit && word_start(class_at(cx, e)))
            return scan_letters(cx, e, limit);
        *is_num = true;
        return e;
    }
    return scan_letters(cx, pos, limit);
}

/* Apostrophes and hyphens are ASCII or start with 0xCA (ʼ) or 0xE2 (’ ‘ ‐ ‑);
 * any other byte is answered without decoding. */
static size_t apos_len(const tok_ctx *cx, size_t pos) {
    if (pos >= cx->len) return 0;
    unsigned char c = cx->s[pos];
    if (c == '\'') return 1;
    if (c != 0xE2 && c != 0xCA) return 0;
    size_t k;
    return char_at(cx, pos, &k) == C_APOS ? k : 0;
}

static size_t hyphen_len(const tok_ctx *cx, size_t pos) {
    if (pos >= cx->len) return 0;
    unsigned char c = cx->s[pos];
    if (c == '-') return 1;
    if (c != 0xE2) return 0;
    size_t k;
    return char_at(cx, pos, &k) == C_HYPHEN ? k : 0;
}

/* Norm of the stem before "n't" when it is not just the source letters. */
static const char *negation_stem(const tok_ctx *cx, size_t a, size_t b) {
    if (ascii_equals(cx, a, b, "ca", 2)) return "can";
    if (ascii_equals(cx, a, b, "wo", 2)) return "will";
    if (ascii_equals(cx, a, b, "sha", 3)) return "shall";
    return NULL;
}

typedef enum clitic_result { CLITIC_NONE, CLITIC_DONE, CLITIC_ERROR } clitic_result;

/* At an apostrophe ending [piece, end): handles "'s", "n't", "'re", "'ve",
 * "'ll", "'d", "'m" and trailing "s'".  On CLITIC_DONE the piece and any
 * clitic are emitted and *next is past them. */
static clitic_result take_clitic(tok_ctx *cx, size_t piece, size_t end, size_t alen,
                                 unsigned kind, int *rc, size_t *next) {
    size_t after = end + alen, t = after;
    while (t < cx->len && t - after < 3 && is_ascii_alpha(cx->s[t])) t++;
    size_t tl = t - after;
    bool at_boundary = !word_cont(class_at(cx, t));
    if (tl >= 1 && tl <= 2 && at_boundary) {
        if (tl == 1 && to_lower(cx->s[after]) == 't' && kind == DW_TOK_WORD &&
            end - piece >= 2 && to_lower(cx->s[end - 1]) == 'n') {
            *rc = emit_piece(cx, piece, end - 1, kind, negation_stem(cx, piece, end - 1));
            if (!*rc) *rc = emit_piece(cx, end - 1, t, DW_TOK_WORD, NULL);
            *next = t;
            return *rc ? CLITIC_ERROR : CLITIC_DONE;
        }
        if (tl == 1 && to_lower(cx->s[after]) == 's') {
            if (ascii_in(cx, piece, end, s_contractors, COUNT(s_contractors))) {
                *rc = emit_piece(cx, piece, end, kind, NULL);
                if (!*rc) *rc = emit_piece(cx, end, t, DW_TOK_WORD, NULL);
            } else {
                *rc = emit_piece(cx, piece, end, kind | DW_TOK_POSS, NULL);
            }
            *next = t;
            return *rc ? CLITIC_ERROR : CLITIC_DONE;
        }
        if (kind == DW_TOK_WORD && ascii_in(cx, after, t, clitic_tails, COUNT(clitic_tails))) {
            *rc = emit_piece(cx, piece, end, kind, NULL);
            if (!*rc) *rc = emit_piece(cx, end, t, DW_TOK_WORD, NULL);
            *next = t;
            return *rc ? CLITIC_ERROR : CLITIC_DONE;
        }
    }
    /* Trailing s': "the ministers' meeting". */
    if (!word_start(class_at(cx, after)) && to_lower(cx->s[end - 1]) == 's') {
        *rc = emit_piece(cx, piece, end, kind | DW_TOK_POSS, NULL);
        *next = after;
        return *rc ? CLITIC_ERROR : CLITIC_DONE;
    }
    return CLITIC_NONE;
}

/* Scans a word starting at pos (a word-start character) with its
 * apostrophes and hyphens, emitting one token per piece. */
static int scan_word(tok_ctx *cx, size_t pos, size_t *next) {
    size_t piece = pos, seg = pos;
    bool joined = false;
    unsigned kind = DW_TOK_WORD;
    int rc;
    for (;;) {
        size_t limit = piece + DW_TOKEN_MAX_BYTES < cx->len ? piece + DW_TOKEN_MAX_BYTES : cx->len;
        bool is_num;
        size_t end = scan_segment(cx, seg, limit, &is_num);
        if (seg == piece) kind = is_num ? DW_TOK_NUM : DW_TOK_WORD;

        /* Apostrophes: clitics end the word; between letters they stay. */
        size_t alen;
        while ((alen = apos_len(cx, end)) != 0) {
            switch (take_clitic(cx, piece, end, alen, kind, &rc, next)) {
            case CLITIC_DONE: return DW_OK;
            case CLITIC_ERROR: return rc;
            case CLITIC_NONE: break;
            }
            cclass after = class_at(cx, end + alen);
            if (kind == DW_TOK_NUM || (after != C_UPPER && after != C_LOWER && after != C_LETTER) ||
                end + alen >= limit)
                break;
            end = scan_letters(cx, end + alen, limit);
        }

        /* Hyphens: split, unless the first part is a joining prefix. */
        size_t hlen = hyphen_len(cx, end);
        if (hlen && end + hlen < limit && word_start(class_at(cx, end + hlen))) {
            if (!joined && kind == DW_TOK_WORD && seg == piece &&
                ascii_in(cx, piece, end, joining_prefixes, COUNT(joining_prefixes))) {
                joined = true;
                seg = end + hlen;
                continue;
            }
            if ((rc = emit_piece(cx, piece, end, kind | DW_TOK_HYPHEN, NULL))) return rc;
            piece = seg = end + hlen;
            joined = false;
            continue;
        }
        *next = end;
        return emit_piece(cx, piece, end, kind, NULL);
    }
}

/* Fast path for the commonest token: ASCII letters and digits starting
 * with a letter and ended by a byte that cannot extend it (not an
 * apostrophe, hyphen, non-ASCII byte, or a "." that could make a dotted
 * acronym).  Scans, folds and emits in one go (the folded bytes go past the
 * norm's end first, and count only once the token is pushed); returns
 * false, having changed nothing, when the general path must decide. */
static bool plain_ascii_word(tok_ctx *cx, size_t pos, size_t *next, int *rc) {
    const unsigned char *s = cx->s;
    size_t limit = pos + DW_TOKEN_MAX_BYTES < cx->len ? pos + DW_TOKEN_MAX_BYTES : cx->len;
    if ((*rc = reserve_norm(cx->out, limit - pos)) != DW_OK) return true;
    char *dst = cx->out->norm + cx->out->norm_len;
    size_t e = pos;
    /* eight bytes at a time while they are all there: the word's end is
     * found without a branch per byte (reserve_norm left 8 bytes of slack,
     * so a whole word may be stored past the norm's end) */
    bool ended = false;
    while (!ended && e + 8 <= limit) {
        uint64_t v = dw_load8(s + e);
        uint64_t alnum = dw_ascii_alnum8(v);
        dw_store8(dst, v | alnum >> 2); /* 0x20 on letters and digits: lower case */
        size_t k = alnum == DW_HIGHS ? 8 : dw_first_byte8(~alnum & DW_HIGHS);
        ended = k < 8;
        e += k;
        dst += k;
    }
    for (; !ended && e < limit; e++) {
        unsigned char c = s[e], l = word_lower[c];
        if (!l) break; /* not an ASCII letter or digit */
        *dst++ = (char)l;
    }
    if (e < cx->len) {
        unsigned char c = s[e];
        if (e == limit || c >= 0x80 || c == '\'' || c == '-' || (c == '.' && e - pos <= 2))
            return false;
    }
    size_t n = e - pos;
    unsigned flags = DW_TOK_WORD;
    if (ascii_class[s[pos]] == C_UPPER) flags |= DW_TOK_CAP;
    if (n >= 2 && !(s[pos] >= 'a' && s[pos] <= 'z') && !(s[pos + 1] >= 'a' && s[pos + 1] <= 'z')) {
        /* an acronym has two upper-case letters and no lower-case one
         * ("IRGC", "UN2"); most words show a lower-case letter in front */
        size_t upper = 0, lower = 0;
        for (size_t k = pos; k < e; k++) {
            upper += s[k] >= 'A' && s[k] <= 'Z';
            lower += s[k] >= 'a' && s[k] <= 'z';
        }
        if (upper >= 2 && lower == 0) flags |= DW_TOK_ALLCAP;
    }
    *rc = push_token(cx, pos, e, flags, n);
    *next = e;
    return true;
}

/* Emits the punctuation token s[pos,e) with a literal norm. */
#define EMIT_PUNCT(lit) emit_fixed(cx, pos, e, DW_TOK_PUNCT, lit, sizeof(lit) - 1)

/* Emits the punctuation character (or dot/hyphen run) at pos. */
static int scan_punct(tok_ctx *cx, size_t pos, cclass cl, size_t k, size_t *next) {
    const unsigned char *s = cx->s;
    unsigned char c = s[pos];
    size_t e = pos + k;
    if (c == '.' || c == '-') {
        while (e < cx->len && s[e] == c) e++;
        *next = e;
        if (e - pos == 1) return c == '.' ? EMIT_PUNCT(".") : EMIT_PUNCT("-");
        return c == '.' ? EMIT_PUNCT("...") : EMIT_PUNCT("--");
    }
    *next = e;
    if (cl == C_APOS || c == '`') return EMIT_PUNCT("'");
    if (cl == C_HYPHEN) return EMIT_PUNCT("-");
    if (k == 3 && c == 0xE2 && s[pos + 1] == 0x80) {
        switch (s[pos + 2]) {
        case 0xA6: return EMIT_PUNCT("...");                            /* … */
        case 0x9C: case 0x9D: case 0x9E: case 0x9F: return EMIT_PUNCT("\""); /* “ ” „ ‟ */
        case 0x9A: case 0x9B: return EMIT_PUNCT("'");                   /* ‚ ‛ */
        default: break;
        }
    }
    if (k == 2 && c == 0xC2 && (s[pos + 1] == 0xAB || s[pos + 1] == 0xBB)) /* « » */
        return EMIT_PUNCT("\"");
    if (k == 1 && c >= 0x80) /* invalid byte: U+FFFD keeps the norm valid UTF-8 */
        return EMIT_PUNCT("\xEF\xBF\xBD");
    if (reserve_norm(cx->out, k)) return DW_ENOMEM;
    memcpy(cx->out->norm + cx->out->norm_len, s + pos, k);
    return push_token(cx, pos, e, DW_TOK_PUNCT, k);
}

int dw_tokenize(const char *s, size_t len, uint32_t base, dw_tokens *out) {
    if (!out || (!s && len)) return DW_EINVAL;
    if (len > UINT32_MAX - base) return DW_ELIMIT;
    tok_ctx cx = {(const unsigned char *)s, len, base, out};
    size_t n0 = out->n, norm0 = out->norm_len;
    int rc = DW_OK;
    size_t pos = 0;
    while (pos < len && rc == DW_OK) {
        size_t k = 1;
        unsigned char c = cx.s[pos];
        cclass cl = c < 0x80 ? (cclass)ascii_class[c] : char_at(&cx, pos, &k);
        if (cl == C_SPACE || cl == C_IGNORABLE) pos += k;
        else if ((cl == C_UPPER || cl == C_LOWER) && c < 0x80 &&
                 plain_ascii_word(&cx, pos, &pos, &rc))
            continue;
        else if (word_start(cl)) rc = scan_word(&cx, pos, &pos);
        else rc = scan_punct(&cx, pos, cl, k, &pos);
    }
    if (rc != DW_OK) { /* leave the output as it was */
        out->n = n0;
        out->norm_len = norm0;
    }
    return rc;
}

void dw_tokens_reset(dw_tokens *t) {
    if (!t) return;
    t->n = 0;
    t->norm_len = 0;
}

void dw_tokens_free(dw_tokens *t) {
    if (!t) return;
    free(t->v);
    free(t->norm);
    t->v = NULL;
    t->norm = NULL;
    t->n = t->cap = 0;
    t->norm_len = t->norm_cap = 0;
}
