/*
 * lexicon.c — word classes looked up once per token (one hash probe): the
 * words that can start a date or an amount (so the scanners skip every
 * other token without comparing strings), that cut clauses, and that
 * decide whether a place name is a location (locatives, the words between
 * a preposition and a place, topic markers); plus the nouns and outcome
 * verbs of quantity.c.  Built once per extractor.
 *
 * Invariants: for dates and amounts the classes only filter — without
 * them (cls == NULL) those scanners try every token and find the same
 * mentions; place.c needs them.
 */
#include <string.h>

#include "extract/extract_internal.h"

static const char *const DATE_WORDS[] = {
    "the", "between", "from", "since", "after", "before", "until", "till", "early", "mid",
    "middle", "late", "end", "beginning", "start", "last", "this", "next", "past", "current",
    "coming", "earlier", "later", "yesterday", "today", "tonight", "tomorrow", "recently",
    "lately", "currently", "nowadays", "at", "these", "in", "over", "during", "for",
    "throughout", "within", "that", "a", "an", "spring", "summer", "autumn", "fall", "winter",
    "on", NULL};

static const char *const MONTH_WEEKDAY[] = {
    "january", "jan", "february", "feb", "febr", "march", "mar", "april", "apr", "may", "june",
    "jun", "july", "jul", "august", "aug", "september", "sep", "sept", "october", "oct",
    "november", "nov", "december", "dec", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", NULL};

static const char *const NUMBER_WORDS[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "a", "an", "half", "quarter", NULL};

static const char *const AMOUNT_WORDS[] = {"$", "us$", "usd", NULL};

/* The words that scale a number (scale_word and "dozen" in number.c). */
static const char *const SCALE_WORDS[] = {"hundred", "thousand", "million", "mn",  "mln", "billion",
                                          "bn",      "trillion", "tn",      "dozen", "m",  "b", NULL};

static const char *const VAGUE_WORDS[] = {"tens",   "hundreds", "thousands", "millions",
                                          "dozens", "scores",   "several",   "many",
                                          "numerous", "a",      NULL};

static const char *const LOC_WORDS[] = {"in", "at", "near", "inside", "within", "outside",
                                        "across", "throughout", "into", "around", "outskirts",
                                        "along", "beside", NULL};

/* Words between a preposition and the place: "in the north of",
 * "in northern", "in the city of", "in western and southwestern". */
static const char *const FILL_WORDS[] = {
    "the", "of", "and", "northern", "southern", "eastern", "western", "central",
    "northeastern", "northwestern", "southeastern", "southwestern", "north", "south", "east",
    "west", "northeast", "northwest", "southeast", "southwest", "city", "town", "village",
    "district", "province", "region", "area", "parts", "part", "border", "remote", "restive",
    "neighbouring", "neighboring", "capital", "nearby", "provincial", NULL};

static const char *const TOPIC_WORDS[] = {"about", "regarding", "concerning", "over", "on",
                                          NULL};

/* Nouns after which over/on introduce a topic. */
static const char *const DISPUTE_WORDS[] = {
    "dispute", "disputes", "disagreement", "row", "tensions", "tension", "conflict", "talks",
    "negotiations", "concerns", "quarrel", "differences", "spat", "feud", "fight", "agreement",
    "treaty", "deal", "accord", "meeting", "meetings", "discussions", "consultations", "focus",
    "cooperation", "statement", "remarks", "comments", "report", "debate", NULL};

/* Words that may open a time the resolver cannot place ("after the group's
 * fall": unplaced_time in extractor.c). */
static const char *const TIME_PREP_WORDS[] = {"during", "after", "before", "since", "following",
                                              "until", "throughout", "under", NULL};

/* Words that open a new clause (with , ; : and dashes, see extractor.c). */
static const char *const CUT_WORDS[] = {"but",    "while",  "whereas", "although", "though",
                                        "after",  "before", "because", "when",     "until",
                                        "unless", NULL};

static int add_all(xphrases *p, const char *const *words, int32_t bits) {
    for (size_t i = 0; words[i]; i++) {
        int rc = xphrases_add(p, words[i], strlen(words[i]), bits);
        if (rc && rc != DW_EINVAL) return rc;
    }
    return DW_OK;
}

int xlex_build(xphrases *lex) {
    int rc;
    if ((rc = add_all(lex, DATE_WORDS, XC_DATE)) || (rc = add_all(lex, MONTH_WEEKDAY, XC_DATE)) ||
        (rc = add_all(lex, NUMBER_WORDS, XC_DATE | XC_AMOUNT)) ||
        (rc = add_all(lex, AMOUNT_WORDS, XC_AMOUNT)) ||
        (rc = add_all(lex, VAGUE_WORDS, XC_AMOUNT | XC_VAGUE)) ||
        (rc = add_all(lex, CUT_WORDS, XC_CUT)) || (rc = add_all(lex, LOC_WORDS, XC_LOC)) ||
        (rc = add_all(lex, FILL_WORDS, XC_FILL)) || (rc = add_all(lex, TOPIC_WORDS, XC_TOPIC)) ||
        (rc = add_all(lex, DISPUTE_WORDS, XC_DISPUTE)) ||
        (rc = add_all(lex, TIME_PREP_WORDS, XC_TIME_PREP)) ||
        (rc = add_all(lex, SCALE_WORDS, XC_SCALE)))
        return rc;
    if ((rc = xqty_lexicon(lex))) return rc;
    return xdates_lexicon(lex);
}

/* The XL_CLASS bits the lexicon gives the word w[0, n) of hash h. */
static uint16_t word_classes(const xphrases *lex, xlex_cache *cache, const char *w, size_t n,
                             uint32_t h) {
    size_t at = h & (XLEX_CACHE_SLOTS - 1);
    if (cache && cache->slot[at].len == n && cache->slot[at].hash == h) {
        size_t k = 0;
        while (k < n && cache->slot[at].norm[k] == w[k]) k++;
        if (k == n) return cache->slot[at].cls;
    }
    uint16_t c = 0;
    for (int32_t k = xphrases_word_hashed(lex, w, n, h); k >= 0; k = lex->v[k].next)
        if (XL_TAG(lex->v[k].value) == XL_CLASS) c |= (uint16_t)XL_DATA(lex->v[k].value);
    if (cache && n <= sizeof cache->slot[at].norm) {
        cache->slot[at].hash = h;
        cache->slot[at].cls = c;
        cache->slot[at].len = (uint8_t)n;
        memcpy(cache->slot[at].norm, w, n);
    }
    return c;
}

uint16_t xlex_token_class(const xphrases *lex, xlex_cache *cache, const dw_tokens *t, size_t i) {
    const char *w = dw_token_norm(t, i);
    uint32_t h = t->v[i].hash;
    size_t n = t->v[i].norm_len;
    if ((w[0] >= '0' && w[0] <= '9') || (t->v[i].flags & DW_TOK_NUM))
        /* the lexicon's only classes for such words are XC_CUE_FIRST ("1973 treaty") */
        return XC_DATE | XC_AMOUNT | XC_DATE_ANCHOR | word_classes(lex, cache, w, n, h);
    if (!(t->v[i].flags & DW_TOK_PUNCT)) return word_classes(lex, cache, w, n, h);
    uint16_t c = (w[0] == ',' || w[0] == ';' || w[0] == ':' || (unsigned char)w[0] == 0xE2 ||
                  w[0] == '-')
                     ? XC_CUT
                     : 0;
    if (w[0] == '$' || w[0] == '(') c |= w[0] == '$' ? XC_AMOUNT : XC_DATE;
    /* a track cue may open with punctuation: only that class is read */
    return c | (word_classes(lex, cache, w, n, h) & XC_CUE_FIRST);
}

void xlex_classify(const xphrases *lex, xlex_cache *cache, const dw_tokens *t, uint16_t *cls) {
    for (size_t i = 0; i < t->n; i++) cls[i] = xlex_token_class(lex, cache, t, i);
}

int xlex_find(const xsent *s, size_t i, int tag) {
    if (i >= s->n || !s->lex) return -1;
    const xphrases *lex = s->lex;
    for (int32_t k = xphrases_word_hashed(lex, xs_norm(s, i), s->t->v[i].norm_len, xs_hash(s, i));
         k >= 0; k = lex->v[k].next)
        if (XL_TAG(lex->v[k].value) == tag) return XL_DATA(lex->v[k].value);
    return -1;
}
