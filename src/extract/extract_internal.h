/*
 * extract_internal.h — what the files of src/extract share: a read-only
 * view of one sentence's tokens, the phrase index (token sequences →
 * values) behind the gazetteer and the cue lists, calendar helpers, and
 * the mentions each scanner reports (dates, quantities, places).
 *
 * Invariants: scanners never allocate; they write into fixed arrays owned
 * by the extractor and stop (counting the overflow) when those are full.
 * Token indexes are into the sentence's dw_tokens; byte offsets are into
 * the document text.
 */
#ifndef DW_EXTRACT_INTERNAL_H
#define DW_EXTRACT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dyadwatch/extract.h"

/* ---- sentence view ----------------------------------------------------- */

typedef struct xsent {
    const dw_tokens *t;
    size_t n;
    const char *text;       /* document text (token offsets index it) */
    const uint16_t *clause; /* clause number of each token */
    const uint16_t *cls;    /* word classes (XC_*) of each token, or NULL */
    const struct xphrases *lex; /* the lexicon (lexicon.c), or NULL */
} xsent;

/* Word classes of a token (lexicon.c). */
enum {
    XC_DATE = 1u << 0,    /* may start a date */
    XC_AMOUNT = 1u << 1,  /* may start an amount */
    XC_VAGUE = 1u << 2,   /* may start a vague amount ("dozens", "a few") */
    XC_CUT = 1u << 3,     /* opens a clause (, ; : dashes, but, while, after...) */
    XC_LOC = 1u << 4,     /* locative preposition (in, at, near...) */
    XC_FILL = 1u << 5,    /* may stand between a preposition and a place */
    XC_TOPIC = 1u << 6,   /* about, regarding, concerning, over, on */
    XC_DISPUTE = 1u << 7, /* dispute, talks, treaty...: "talks on X" makes X a topic */
    XC_TIME_PREP = 1u << 8, /* during, after, since...: may open a time ("after the fall") */
    /* every date expression holds an anchor (a number, a month, a unit, ...)
     * and before it only bridge words (the, last, early, two, ...): see
     * xdates_lexicon in date_resolve.c */
    XC_DATE_ANCHOR = 1u << 9,
    XC_DATE_BRIDGE = 1u << 10,
    XC_CUE_FIRST = 1u << 11, /* the first word of a track cue (set by the extractor) */
    XC_SCALE = 1u << 12      /* a scale word of number.c (hundred, million, bn, ...) */
};

/* May token i start what cls says?  Always when there are no classes;
 * never past the end. */
static inline bool xs_may(const xsent *s, size_t i, unsigned cls) {
    return i < s->n && (!s->cls || (s->cls[i] & cls));
}
/* True when token i has the class; needs the classes (false without). */
static inline bool xlex_is(const xsent *s, size_t i, unsigned cls) {
    return s->cls && i < s->n && (s->cls[i] & cls);
}

static inline const char *xs_norm(const xsent *s, size_t i) {
    return i < s->n ? s->t->norm + s->t->v[i].norm : "";
}
static inline unsigned xs_flags(const xsent *s, size_t i) {
    return i < s->n ? s->t->v[i].flags : 0u;
}
static inline bool xs_is(const xsent *s, size_t i, const char *w) {
    if (i >= s->n) return false;
    const char *a = s->t->norm + s->t->v[i].norm;
    while (*a && *a == *w) a++, w++;
    return *a == *w;
}
/* True when token i equals one of the NULL-terminated words. */
bool xs_in(const xsent *s, size_t i, const char *const *words);
/* The hash of token i's norm (the tokenizer's dw_word_hash). */
static inline uint32_t xs_hash(const xsent *s, size_t i) { return s->t->v[i].hash; }
/* Source byte length of token i (norms drop thousands commas). */
static inline uint32_t xs_srclen(const xsent *s, size_t i) {
    return s->t->v[i].end - s->t->v[i].start;
}
static inline bool xs_cap(const xsent *s, size_t i) {
    return (xs_flags(s, i) & (DW_TOK_CAP | DW_TOK_ALLCAP)) != 0;
}
static inline bool xs_num(const xsent *s, size_t i) { return (xs_flags(s, i) & DW_TOK_NUM) != 0; }
static inline bool xs_punct(const xsent *s, size_t i) {
    return (xs_flags(s, i) & DW_TOK_PUNCT) != 0;
}
/* Dashes: "-", "--", en and em dashes. */
bool xs_dash(const xsent *s, size_t i);

/* ---- phrase index ------------------------------------------------------ */

/* Maps phrases, stored as their token norms joined by single spaces, to
 * int32 values; one phrase may carry several values (a chain). */
typedef struct xmap_entry {
    uint32_t hash, key, klen, payload;
    char head[8]; /* the key's first bytes (up to 8): most keys are compared
                     here, without reading the key buffer */
} xmap_entry;

typedef struct xmap {
    xmap_entry *e;
    size_t n, cap;   /* cap is a power of two; n < cap / 2 */
} xmap;

typedef struct xphrase_value {
    int32_t value;
    int32_t next; /* next value of the same phrase, or -1 */
} xphrase_value;

typedef struct xphrases xphrases;
struct xphrases {
    dw_buf keys;      /* joined norms, NUL-separated */
    xmap full;        /* phrase → first value index */
    xmap first;       /* first token → longest phrase length in tokens */
    xphrase_value *v;
    size_t nv, capv;
    dw_tokens scratch;
};

#define XPHRASE_MAX_TOKENS 12

void xphrases_free(xphrases *p);
/* Adds phrase → value (phrase is tokenized like the text). */
int xphrases_add(xphrases *p, const char *phrase, size_t len, int32_t value);
/* Adds the one-token phrase whose norm is norm[0, len) → value, as is. */
int xphrases_add_norm(xphrases *p, const char *norm, size_t len, int32_t value);
/* Calls fn(norm, len, ud) for the first token of each phrase (each once);
 * stops at and returns the first nonzero result. */
int xphrases_each_first(const xphrases *p, int (*fn)(const char *norm, size_t len, void *ud),
                        void *ud);
/* Longest phrase starting at token i (not crossing `end`): returns the
 * index of its first value (walk with p->v[k].next) or -1; *ntok gets its
 * length in tokens. */
int32_t xphrases_match(const xphrases *p, const xsent *s, size_t i, size_t end, size_t *ntok);
/* The value chain of a one-word phrase (a token's norm), or -1. */
int32_t xphrases_word(const xphrases *p, const char *norm, size_t len);
/* The same with the norm's dw_word_hash already known. */
int32_t xphrases_word_hashed(const xphrases *p, const char *norm, size_t len, uint32_t hash);

/* The lexicon (lexicon.c): one hash probe per token gives its classes and,
 * for amounts, what a noun or a verb says.  Values are tagged. */
enum { XL_CLASS = 0, XL_NOUN = 1, XL_OUTCOME = 2 };
#define XL_VALUE(tag, v) ((int32_t)(((tag) << 16) | ((v) & 0xffff)))
#define XL_TAG(value) ((value) >> 16)
#define XL_DATA(value) ((value) & 0xffff)

int xlex_build(xphrases *lex);
/* The classes of recently seen words, so that the commonest ones cost no
 * lexicon probe: direct-mapped on the norm's hash, one per extractor (so
 * per thread).  A slot holds a norm of up to 9 bytes; len 0 marks it empty
 * (norms are never empty).  The lexicon never changes once built, so a
 * slot never goes stale. */
#define XLEX_CACHE_SLOTS 1024
typedef struct xlex_cache {
    struct {
        uint32_t hash;
        uint16_t cls;
        uint8_t len;
        char norm[9];
    } slot[XLEX_CACHE_SLOTS];
} xlex_cache;

/* The classes of token i of t; cache may be NULL.  They depend only on
 * the token's norm and flags. */
uint16_t xlex_token_class(const xphrases *lex, xlex_cache *cache, const dw_tokens *t, size_t i);
/* Writes each token's classes (cls); cache may be NULL. */
void xlex_classify(const xphrases *lex, xlex_cache *cache, const dw_tokens *t, uint16_t *cls);
/* Data of the first entry with this tag for token i, or -1. */
int xlex_find(const xsent *s, size_t i, int tag);
/* Adds the nouns and outcome words of quantity.c to a lexicon. */
int xqty_lexicon(xphrases *lex);
/* Adds the date anchors and bridge words of date_resolve.c to a lexicon. */
int xdates_lexicon(xphrases *lex);

/* ---- calendar ---------------------------------------------------------- */

/* A calendar point; m and d are 0 when absent ("1998", "1998-08"). */
typedef struct xdate {
    int y, m, d;
} xdate;

bool xcal_valid(int y, int m, int d);
int xcal_month_days(int y, int m);
int32_t xcal_days(int y, int m, int d);          /* days since 1970-01-01 */
xdate xcal_from_days(int32_t days);
int xcal_weekday(int32_t days);                  /* 0 = Monday .. 6 = Sunday */
/* Adds months to a year-month (d kept as given, not clamped). */
xdate xcal_add_months(xdate a, int months);
/* Writes "YYYY", "YYYY-MM" or "YYYY-MM-DD"; "" when y is 0 or out of range. */
void xcal_format(xdate a, char out[11]);
/* Parses an ISO prefix; returns false when invalid. */
bool xcal_parse(const char *s, xdate *out);

/* ---- dates ------------------------------------------------------------- */

typedef enum xprec {
    XP_NONE = 0,
    XP_DAY,
    XP_WEEK,
    XP_MONTH,
    XP_YEAR,
    XP_RANGE,
    XP_DOCUMENT
} xprec;

const char *xprec_name(xprec p);

typedef struct xdval {
    xprec prec;
    xdate a, b; /* start and end (equal unless week or range) */
} xdval;

enum xdate_flags {
    XD_CARRY = 1u << 0,   /* may become the document's carried date */
    XD_RESET = 1u << 1,   /* "recently", "currently": back to the document date */
    XD_YEAR = 1u << 2,    /* the text states the year */
    XD_WEEKDAY = 1u << 3, /* resolved from a weekday name */
    XD_ATTRIB = 1u << 4   /* names a thing ("the September 11 attacks"): not an event's date */
};

typedef struct xdate_mention {
    uint32_t t0, t1; /* token span */
    xdval v;
    unsigned flags;
} xdate_mention;

/* What relative dates resolve against. */
typedef struct xdate_ctx {
    xdate doc;          /* y == 0 when the document has no date */
    xdval carry;        /* prec == XP_NONE when nothing is carried */
    unsigned carry_flags;
    int carry_age;      /* sentences since the carry was set (0 = this one) */
} xdate_ctx;

typedef struct xstats {
    size_t impossible_dates, overflows, dropped_mentions;
} xstats;

/* Finds the date expressions of a sentence, resolved, in text order. */
size_t xdates_scan(const xsent *s, const xdate_ctx *cx, xdate_mention *out, size_t cap,
                   xstats *st);
/* Month number of a (capitalized) month name or abbreviation, else 0. */
int xdates_month(const xsent *s, size_t i);
/* The same with the dot of an abbreviation ("Aug."); *k = tokens used. */
int xdates_month_at(const xsent *s, size_t i, size_t *k);
/* Day of month ("8", "08", "8th"), else 0. */
int xdates_day(const xsent *s, size_t i);
/* A four-digit year (no thousands comma) in [lo, hi], else 0. */
int xdates_year(const xsent *s, size_t i, int lo, int hi);

/* Parses a dateline ("KABUL, May 27 (AP) —") at the start of text, using
 * scratch for tokens; on success fills *d (y is 0 when it gives no year)
 * and *end (the byte offset where it ends) and returns true.  An
 * impossible day is counted and refused. */
bool xdateline_parse(const char *text, size_t len, dw_tokens *scratch, xdate *d, size_t *end,
                     xstats *st);

/* ---- numbers and quantities ------------------------------------------- */

#define XQ_MAX 1e15 /* larger values are treated as overflow */

/* A number at token i: digits ("270,000", "243.3", "3bn"; "5m" only when
 * money), words ("twenty-five", "a hundred", "half a million", "two
 * dozen"), with scale words ("1.7 million").  Returns tokens used (0 when
 * none); *overflow is set when the value exceeds XQ_MAX or has more digits
 * than can be read exactly, and then *value must not be used. */
size_t xnumber_parse(const xsent *s, size_t i, size_t end, bool money, double *value,
                     bool *overflow);

typedef enum xqkey {
    XK_NONE = 0,
    XK_KILLED,
    XK_WOUNDED,
    XK_ARRESTED,
    XK_ABDUCTED,
    XK_DEPORTED,
    XK_DISPLACED,
    XK_TROOPS,
    XK_PEOPLE,
    XK_MONEY,
    XK_PERCENT,
    XK_VOLUME,
    XK_LENGTH,
    XK_COUNT,
    XK_N
} xqkey;

const char *xqkey_name(xqkey k);

typedef struct xqty_mention {
    uint32_t t0, t1; /* token span (qualifier to noun) */
    uint32_t verb;   /* token of the outcome verb that typed it, or UINT32_MAX */
    xqkey key;
    double value, low, high;
    bool has_range;
    char qualifier[16];
} xqty_mention;

/* Finds quantities; tokens inside date mentions are skipped. */
size_t xqty_scan(const xsent *s, const xdate_mention *dates, size_t ndates, xqty_mention *out,
                 size_t cap, xstats *st);

/* ---- places ------------------------------------------------------------ */

typedef enum xptype { XT_COUNTRY = 0, XT_ADM1, XT_CITY, XT_POINT } xptype;

const char *xptype_name(xptype t);

enum xplace_flags {
    XPF_CAPITAL = 1u << 0, /* a capital city: also names its government */
    XPF_BUILTIN = 1u << 1, /* from data/gazetteer.tsv */
    XPF_WATER = 1u << 2,   /* river, dam, lake, wetland */
    XPF_RIVER = 1u << 3    /* a river or canal: a line, often a topic */
};

typedef struct xplace {
    uint32_t name, adm1;   /* offsets in the gazetteer's string buffer; adm1 0 = none */
    char country[4];
    char iso2[3];          /* countries only */
    uint8_t type, flags;
    double lat, lon;
    double population;
} xplace;

struct dw_gazetteer {
    xplace *p;
    size_t n, cap;
    dw_buf str;        /* NUL-terminated strings; offset 0 is "" */
    xphrases names;    /* name variant → place index */
};

const xplace *xgaz_place(const dw_gazetteer *g, int32_t i);
const char *xgaz_str(const dw_gazetteer *g, uint32_t off);
/* Adds a place and its name variants ('|'-separated); returns its index or <0. */
int32_t xgaz_add(dw_gazetteer *g, const xplace *p, const char *name, const char *adm1,
                 const char *variants);
/* The place a name means when nothing else tells: chain is a value chain
 * from the name index; hint is an xptype to prefer, or -1. */
int32_t xgaz_pick(const dw_gazetteer *g, int32_t chain, int hint);
/* ISO3 of a country's ISO2 code, or NULL. */
const char *xgaz_iso3(const dw_gazetteer *g, const char *iso2);

typedef struct xplace_mention {
    uint32_t t0, t1;
    int32_t place;
    bool locative; /* after in/at/near/inside/... */
} xplace_mention;

/* Finds the place names of a sentence that can be where an event
 * happened (countries and capitals only as locations, not as actors). */
size_t xplaces_scan(const dw_gazetteer *g, const xsent *s, xplace_mention *out, size_t cap,
                    xstats *st);

/* ---- tracks ------------------------------------------------------------ */

enum { XTR_SECURITY, XTR_DIPLOMACY, XTR_ECONOMY, XTR_WATER, XTR_NARCOTICS, XTR_MIGRATION,
       XTR_IDEOLOGY, XTR_OTHER, XTR_N };

const char *xtrack_name(int track);
int xtrack_from_name(const char *name);

/* Track cue words (data/dict/tracks.dict, embedded). */
int xtracks_load_cues(xphrases *cues, dw_error *err);
/* The same from the text of a tracks.dict (name: the file, for errors). */
int xtracks_parse_cues(xphrases *cues, const char *text, size_t len, const char *name,
                       dw_error *err);

/* Each CAMEO code's default track (data/cameo.tsv, embedded). */
typedef struct xcode_track {
    uint32_t key; /* the code's bytes, packed (code_key in track.c) */
    char code[5];
    int8_t track;
} xcode_track;

typedef struct xcodes {
    xcode_track *v; /* sorted by key */
    size_t n;
} xcodes;

int xtracks_load_codes(xcodes *c, dw_error *err);
/* The default track of a code, or -1 when the table does not have it. */
int xtracks_code_default(const xcodes *c, const char *code);

typedef struct xcue {
    uint32_t t;     /* first token */
    uint16_t ntok;  /* tokens of the cue phrase */
    int16_t track;
} xcue;

size_t xtracks_scan(const xphrases *cues, const xsent *s, xcue *out, size_t cap);
/* The specific track (water, narcotics, migration, ideology) most cued in
 * c, or -1. */
int xtracks_dominant(const xcue *c, size_t n);
/* The event's track (see track.c): current is the coder's (-1 if none),
 * c the sentence's cues, anchor the verb's token, context the specific
 * tracks of the previous two sentences of the paragraph (-1 when none),
 * title that of the title. */
int xtracks_refine(int current, const xcue *c, size_t n, uint32_t anchor, const int context[2],
                   int title);

#endif
