/*
 * sentence.c — splits news English into sentences (dw_split_sentences).
 *
 * One left-to-right pass over the bytes; every look-back or look-ahead is
 * bounded or skips bytes the main pass then skips too, so the cost is linear
 * and nothing is allocated except the growing output array.
 *
 * Rules, in order of strength:
 *   - a blank line (two or more line breaks with only white space between)
 *     always ends a sentence, so headings and datelines-without-a-dash on
 *     their own paragraph become their own sentence; a paragraph that ends
 *     in a dash ("KABUL (Reuters) -") is a dateline and continues;
 *   - a single line break is just white space (hard-wrapped paragraphs);
 *   - a run of terminators (. ? ! …) followed by any closing quotes or
 *     brackets and then white space or the end of text is a candidate; the
 *     sentence ends after the closers ('he said."' ends after the quote);
 *   - a candidate followed by a lower-case word is never a boundary;
 *   - a single "." after a known abbreviation, an initial ("W.") or a dotted
 *     acronym ("U.S.") is a boundary only before a word that typically
 *     starts a sentence ("The", "He", ...); titles ("Dr.", "Gen.") and
 *     "e.g."/"i.e."/"vs." never end one; "No."/"Art." do not before a digit;
 *   - a detached ellipsis (" ... ") is an omission, not an end, unless a
 *     closing quote follows it.
 *
 * Invariants: spans are appended in order, never overlap, are non-empty and
 * are trimmed of white space (ASCII and the common Unicode spaces).
 * Decimals and money ("$243.3") never split because "." must be followed by
 * white space to be a candidate.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/swar.h"
#include "dyadwatch/text.h"

/* Longest word (in bytes) we bother to look up as an abbreviation. */
#define ABBR_MAX 16

typedef enum abbr_kind {
    ABBR_NONE,     /* ordinary word: a "." after it ends the sentence */
    ABBR_NEVER,    /* title or Latin abbreviation: never ends a sentence */
    ABBR_NUMBER,   /* "No.", "Art.": does not end before a digit */
    ABBR_MAYBE,    /* month, Inc., initial, U.S.: ends only before a starter */
    ABBR_LISTITEM  /* "1." opening a sentence: list numbering */
} abbr_kind;

/* ---- byte-level helpers ------------------------------------------------ */

/* Byte length of the white-space character at t[i], or 0.  Covers ASCII
 * space and controls, NBSP, U+2000..U+200B, LS, PS, NNBSP, MMSP, U+3000, BOM. */
static size_t space_len(const unsigned char *t, size_t i, size_t len) {
    unsigned char c = t[i];
    if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
    if (c < 0xC2) return 0;
    if (c == 0xC2) return (i + 1 < len && t[i + 1] == 0xA0) ? 2 : 0;
    if (i + 2 >= len) return 0;
    unsigned char c1 = t[i + 1], c2 = t[i + 2];
    if (c == 0xE2 && c1 == 0x80 &&
        (c2 <= 0x8B || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF))
        return 3;
    if (c == 0xE2 && c1 == 0x81 && c2 == 0x9F) return 3;
    if (c == 0xE3 && c1 == 0x80 && c2 == 0x80) return 3;
    if (c == 0xEF && c1 == 0xBB && c2 == 0xBF) return 3;
    return 0;
}

/* How many line breaks the white-space character at t[i] counts for:
 * CR LF is one break (counted at the LF), a form feed or U+2029 (paragraph
 * separator) is a paragraph break on its own. */
static int line_breaks(const unsigned char *t, size_t i, size_t len) {
    switch (t[i]) {
    case '\n': case '\v': return 1;
    case '\r': return (i + 1 < len && t[i + 1] == '\n') ? 0 : 1;
    case '\f': return 2;
    case 0xE2:
        if (t[i + 1] == 0x80 && t[i + 2] == 0xA8) return 1; /* LS */
        if (t[i + 1] == 0x80 && t[i + 2] == 0xA9) return 2; /* PS */
        return 0;
    default: return 0;
    }
}

/* Terminator at t[i]: '.', '?', '!' or '…'.  Returns its byte length. */
static size_t terminator_len(const unsigned char *t, size_t i, size_t len) {
    unsigned char c = t[i];
    if (c == '.' || c == '?' || c == '!') return 1;
    if (c == 0xE2 && i + 2 < len && t[i + 1] == 0x80 && t[i + 2] == 0xA6) return 3;
    return 0;
}

/* Closing quote or bracket at t[i]: " ' ) ] } ” ’ » ›.  Returns its length. */
static size_t closer_len(const unsigned char *t, size_t i, size_t len) {
    unsigned char c = t[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '}') return 1;
    if (c == 0xC2 && i + 1 < len && t[i + 1] == 0xBB) return 2;
    if (c == 0xE2 && i + 2 < len && t[i + 1] == 0x80 &&
        (t[i + 2] == 0x9D || t[i + 2] == 0x99 || t[i + 2] == 0xBA))
        return 3;
    return 0;
}

/* Opening quote or bracket at t[i] (straight quotes count both ways). */
static size_t opener_len(const unsigned char *t, size_t i, size_t len) {
    unsigned char c = t[i];
    if (c == '"' || c == '\'' || c == '(' || c == '[' || c == '{') return 1;
    if (c == 0xC2 && i + 1 < len && t[i + 1] == 0xAB) return 2;
    if (c == 0xE2 && i + 2 < len && t[i + 1] == 0x80 &&
        (t[i + 2] == 0x9C || t[i + 2] == 0x98 || t[i + 2] == 0xB9 ||
         t[i + 2] == 0x9D || t[i + 2] == 0x99))
        return 3;
    return 0;
}

/* Is there a closing quote or bracket just before t[pos] (and after lo)? */
static bool ends_with_closer(const unsigned char *t, size_t lo, size_t pos) {
    if (pos >= lo + 1 && closer_len(t, pos - 1, pos) == 1) return true;
    if (pos >= lo + 2 && closer_len(t, pos - 2, pos) == 2) return true;
    return pos >= lo + 3 && closer_len(t, pos - 3, pos) == 3;
}

/* Does the text before `end` (and after lo) finish like a dateline, with a
 * dash after a space or ")": "KABUL (Reuters) -", "TEHRAN (AP)—"?  A line
 * of dashes ("-----") does not count. */
static bool is_dateline_end(const unsigned char *t, size_t lo, size_t end) {
    size_t dash;
    if (end >= lo + 1 && t[end - 1] == '-') {
        dash = end - 1;
    } else if (end >= lo + 3 && t[end - 3] == 0xE2 && t[end - 2] == 0x80 &&
               (t[end - 1] == 0x93 || t[end - 1] == 0x94)) { /* – — */
        dash = end - 3;
    } else {
        return false;
    }
    return dash > lo && (t[dash - 1] == ' ' || t[dash - 1] == ')');
}

/* What the main loop needs to know about a byte before looking closer:
 * ORDINARY bytes (letters, most punctuation, UTF-8 continuation bytes and
 * lead bytes of characters never treated specially) only extend the
 * sentence; BLANK (space, tab) can neither end nor break anything on its
 * own; SPECIAL bytes (line breaks, controls, . ? ! and the lead bytes of
 * NBSP, Unicode spaces and …) take the slow path. */
enum { ORDINARY = 0, BLANK = 1, SPECIAL = 2 };

#define S SPECIAL
static const unsigned char byte_kind[256] = {
    S, S, S, S, S, S, S, S, S, BLANK, S, S, S, S, S, S, /* controls, \t \n \v \f \r */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    [' '] = BLANK, ['.'] = S, ['?'] = S, ['!'] = S,
    [0xC2] = S, [0xE2] = S, [0xE3] = S, [0xEF] = S,
};
#undef S

static bool ascii_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static bool ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static bool ascii_alpha(unsigned char c) { return ascii_lower(c) || ascii_upper(c); }
static bool ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* ---- abbreviations ----------------------------------------------------- */

/* A word with its length; lists are short and only consulted once per
 * candidate period, never per byte. */
typedef struct word_entry {
    const char *w;
    size_t n;
} word_entry;

#define WORD(s) {s, sizeof s - 1}
#define COUNT(a) (sizeof(a) / sizeof *(a))

static bool in_list(const word_entry *list, size_t count, const char *w, size_t n) {
    for (size_t i = 0; i < count; i++)
        if (list[i].n == n && memcmp(list[i].w, w, n) == 0) return true;
    return false;
}

static const word_entry never_ends[] = {
    WORD("mr"), WORD("mrs"), WORD("ms"), WORD("dr"), WORD("prof"), WORD("gen"),
    WORD("lt"), WORD("col"), WORD("maj"), WORD("capt"), WORD("cpt"), WORD("sgt"),
    WORD("cpl"), WORD("pvt"), WORD("adm"), WORD("brig"), WORD("cmdr"), WORD("cmdt"),
    WORD("gov"), WORD("sen"), WORD("sens"), WORD("rep"), WORD("reps"), WORD("rev"),
    WORD("hon"), WORD("pres"), WORD("amb"), WORD("st"), WORD("ste"), WORD("mt"),
    WORD("ft"), WORD("fr"), WORD("messrs"), WORD("mme"), WORD("mlle"), WORD("supt"),
    WORD("insp"), WORD("det"), WORD("gens"), WORD("lt.col"), WORD("e.g"), WORD("i.e"),
    WORD("vs"), WORD("v"), WORD("cf"), WORD("viz"), WORD("approx"), WORD("a.k.a")};

static const word_entry number_abbrevs[] = {
    WORD("no"), WORD("nos"), WORD("art"), WORD("arts"), WORD("vol"), WORD("vols"),
    WORD("p"), WORD("pp"), WORD("fig"), WORD("ch"), WORD("sec"), WORD("para"), WORD("nr")};

static const word_entry maybe_ends[] = {
    WORD("jan"), WORD("feb"), WORD("mar"), WORD("apr"), WORD("jun"), WORD("jul"),
    WORD("aug"), WORD("sep"), WORD("sept"), WORD("oct"), WORD("nov"), WORD("dec"),
    WORD("inc"), WORD("corp"), WORD("ltd"), WORD("co"), WORD("plc"), WORD("bros"),
    WORD("jr"), WORD("sr"), WORD("ave"), WORD("blvd"), WORD("rd"), WORD("dept"),
    WORD("univ"), WORD("assn"), WORD("gov't"), WORD("est")};

/* Words that typically open a sentence; after an ambiguous abbreviation
 * ("in the U.S. The ...") they tip the decision towards a boundary. */
static const word_entry sentence_starters[] = {
    WORD("A"), WORD("An"), WORD("The"), WORD("He"), WORD("She"), WORD("It"),
    WORD("They"), WORD("We"), WORD("I"), WORD("You"), WORD("His"), WORD("Her"),
    WORD("Its"), WORD("Their"), WORD("Our"), WORD("My"), WORD("This"), WORD("That"),
    WORD("These"), WORD("Those"), WORD("There"), WORD("Here"), WORD("But"), WORD("And"),
    WORD("Or"), WORD("So"), WORD("Yet"), WORD("However"), WORD("Meanwhile"),
    WORD("Moreover"), WORD("Still"), WORD("Also"), WORD("In"), WORD("On"), WORD("At"),
    WORD("As"), WORD("If"), WORD("When"), WORD("While"), WORD("After"), WORD("Before"),
    WORD("Since"), WORD("Although"), WORD("Though"), WORD("Despite"), WORD("According"),
    WORD("For"), WORD("By"), WORD("With"), WORD("What"), WORD("Why"), WORD("How"),
    WORD("Who"), WORD("Where"), WORD("Some"), WORD("Many"), WORD("Most"), WORD("No"),
    WORD("Officials"), WORD("Mr"), WORD("Mrs"), WORD("Ms")};

/* "U.S", "e.g", "Ph.D": letters in groups of one or two split by dots
 * (the final dot is the terminator under test, so it is not in w). */
static bool is_dotted(const char *w, size_t n) {
    size_t group = 0, groups = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] == '.') {
            if (group == 0) return false;
            groups++;
            group = 0;
        } else if (ascii_alpha((unsigned char)w[i]) && group < 2) {
            group++;
        } else {
            return false;
        }
    }
    return group > 0 && groups >= 1;
}

/* Classifies the word that ends just before the "." at t[dot]; the word
 * starts after white space or an opening quote/bracket, and never before
 * sent_start. */
static abbr_kind classify_word(const unsigned char *t, size_t sent_start, size_t dot) {
    size_t ws = dot;
    while (ws > sent_start && dot - ws <= ABBR_MAX) {
        unsigned char c = t[ws - 1];
        if (c == ' ' || (c >= '\t' && c <= '\r') || c == '(' || c == '[' ||
            c == '"' || c == '\'')
            break;
        if (c >= 0x80) {
            /* Stop at a curly opening quote or NBSP; any other non-ASCII
             * byte means this is not an (ASCII) abbreviation. */
            if (ws >= 3 && t[ws - 3] == 0xE2 && t[ws - 2] == 0x80 &&
                (c == 0x9C || c == 0x98))
                break;
            if (ws >= 2 && t[ws - 2] == 0xC2 && (c == 0xA0 || c == 0xAB)) break;
            return ABBR_NONE;
        }
        ws--;
    }
    size_t n = dot - ws;
    if (n == 0 || n > ABBR_MAX) return ABBR_NONE;

    char w[ABBR_MAX + 1];
    bool all_digits = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = t[ws + i];
        w[i] = (char)(ascii_upper(c) ? c + 32 : c);
        if (!ascii_digit(c)) all_digits = false;
    }
    if (all_digits) return (ws == sent_start && n <= 2) ? ABBR_LISTITEM : ABBR_NONE;
    if (n == 1 && ascii_upper(t[ws])) return ABBR_MAYBE; /* initial: "W." */
    if (in_list(never_ends, COUNT(never_ends), w, n)) return ABBR_NEVER;
    if (in_list(number_abbrevs, COUNT(number_abbrevs), w, n)) return ABBR_NUMBER;
    if (in_list(maybe_ends, COUNT(maybe_ends), w, n)) return ABBR_MAYBE;
    if (memchr(w, '.', n) && is_dotted(w, n)) return ABBR_MAYBE;
    return ABBR_NONE;
}

/* First significant byte of the next word (after opening quotes and
 * brackets) at or after `next`; its offset goes to *word. */
static unsigned char next_word(const unsigned char *t, size_t next, size_t len, size_t *word) {
    size_t i = next;
    for (size_t k = 0; k < 4 && i < len; k++) { /* a few stacked openers at most */
        size_t o = opener_len(t, i, len);
        if (!o) break;
        i += o;
    }
    *word = i;
    return i < len ? t[i] : 0;
}

static bool is_starter(const unsigned char *t, size_t word, size_t len) {
    size_t e = word;
    while (e < len && e - word < 12 && ascii_alpha(t[e])) e++;
    size_t n = e - word;
    if (n == 0 || n >= 12) return false;
    return in_list(sentence_starters, COUNT(sentence_starters), (const char *)t + word, n);
}

/* ---- the decision ------------------------------------------------------ */

typedef struct candidate {
    size_t run_start;  /* first terminator byte */
    size_t run_end;    /* after the last terminator */
    size_t close_end;  /* after closing quotes/brackets */
    size_t next;       /* first non-space byte after close_end, or len */
    bool question;     /* run contains ? or ! */
    bool ellipsis;     /* run has two or more dots or a … */
} candidate;

static bool is_boundary(const unsigned char *t, size_t len, size_t sent_start,
                        const candidate *c) {
    if (c->next >= len) return true;
    size_t word;
    unsigned char nc = next_word(t, c->next, len, &word);
    if (ascii_lower(nc)) return false; /* "U.S. officials", '"Why?" he asked' */
    if (c->question) return true;
    if (c->ellipsis) {
        bool detached = c->run_start > sent_start &&
                        space_len(t, c->run_start - 1, len) != 0;
        return !detached || c->close_end > c->run_end;
    }
    /* A single '.': look at the word it ends, unless a closer sits between
     * ("(the United States).") which makes the word irrelevant. */
    if (ends_with_closer(t, sent_start, c->run_start)) return true;
    switch (classify_word(t, sent_start, c->run_start)) {
    case ABBR_NEVER:
    case ABBR_LISTITEM: return false;
    case ABBR_NUMBER: return !ascii_digit(nc);
    case ABBR_MAYBE: return !ascii_digit(nc) && is_starter(t, word, len);
    case ABBR_NONE: break;
    }
    return true;
}

/* Scans the terminator run at i and the closers after it into c.  Returns
 * false when they are not followed by white space or the end of the text,
 * i.e. when this is no candidate ("3.5", "U.S", "?!x"). */
static bool scan_candidate(const unsigned char *t, size_t len, size_t i, candidate *c) {
    size_t dots = 0, k;
    c->run_start = i;
    c->question = false;
    c->ellipsis = false;
    while (i < len && (k = terminator_len(t, i, len)) != 0) {
        if (t[i] == '?' || t[i] == '!') c->question = true;
        else if (k == 3) c->ellipsis = true;
        else dots++;
        i += k;
    }
    if (dots >= 2) c->ellipsis = true;
    c->run_end = i;
    while (i < len && (k = closer_len(t, i, len)) != 0) i += k;
    c->close_end = i;
    if (i < len && space_len(t, i, len) == 0) return false;
    while (i < len && (k = space_len(t, i, len)) != 0) i += k;
    c->next = i;
    return true;
}

/* ---- output ------------------------------------------------------------ */

static int push_span(dw_spans *out, size_t start, size_t end, dw_error *err) {
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 64;
        dw_span *v = realloc(out->v, cap * sizeof *v);
        if (!v) return dw_fail(err, DW_ENOMEM, "out of memory growing sentence list to %zu", cap);
        out->v = v;
        out->cap = cap;
    }
    out->v[out->n].start = (uint32_t)start;
    out->v[out->n].end = (uint32_t)end;
    out->n++;
    return DW_OK;
}

void dw_spans_free(dw_spans *s) {
    if (!s) return;
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

#define NO_SENTENCE SIZE_MAX

/* ---- eight bytes at a time ----------------------------------------------
 *
 * Most of a text is words and single spaces: plain_word tests eight bytes
 * at once (core/swar.h) for SPECIAL ones and marks the non-blank ones, so
 * that the main loop only walks bytes near sentence ends.  A tab and every
 * UTF-8 lead byte count as SPECIAL here: they are rare, and the byte loop
 * knows better.  *nonblank gets the high bit of each byte that is not a
 * space. */
static inline bool plain_word(const unsigned char *p, uint64_t *nonblank) {
    uint64_t v = dw_load8(p);
    uint64_t special = dw_any_below8(v, 0x20) | dw_any_zero8(v ^ (DW_ONES * '.')) |
                       dw_any_zero8(v ^ (DW_ONES * '?')) | dw_any_zero8(v ^ (DW_ONES * '!')) |
                       (v & v << 1 & DW_HIGHS); /* any UTF-8 lead byte (0xC0 and up) */
    if (special) return false;
    *nonblank = ~dw_zero_bytes8(v ^ (DW_ONES * ' ')) & DW_HIGHS;
    return true;
}

int dw_split_sentences(const char *text, size_t len, dw_spans *out, dw_error *err) {
    if (!out || (!text && len))
        return dw_fail(err, DW_EINVAL, "dw_split_sentences: NULL text or output");
    if (len > UINT32_MAX)
        return dw_fail(err, DW_ELIMIT, "text of %zu bytes exceeds the 4 GiB offset limit", len);

    const unsigned char *t = (const unsigned char *)text;
    size_t start = NO_SENTENCE; /* first byte of the open sentence */
    size_t last = 0;            /* end of its last non-space character */
    size_t i = 0;
    int rc;

    while (i < len) {
        /* Eight ORDINARY or BLANK bytes at a time (see plain_word) */
        uint64_t nonblank;
        while (i + 8 <= len && plain_word(t + i, &nonblank)) {
            if (nonblank) {
                if (start == NO_SENTENCE) start = i + dw_first_byte8(nonblank);
                last = i + dw_last_byte8(nonblank) + 1;
            }
            i += 8;
        }
        if (i >= len) break;
        unsigned char kind = byte_kind[t[i]];
        if (kind != SPECIAL) {
            /* The common case: words and the single spaces between them.
             * Invariant: an ORDINARY byte opens the sentence if none is
             * open and moves `last` past itself; a BLANK does neither. */
            do {
                if (kind == ORDINARY) {
                    if (start == NO_SENTENCE) start = i;
                    last = i + 1;
                }
                i++;
            } while (i < len && (kind = byte_kind[t[i]]) != SPECIAL);
            continue;
        }
        size_t w = space_len(t, i, len);
        if (w) {
            /* Count the line breaks in this run of white space once; two
             * or more make a paragraph break. */
            int breaks = 0;
            while (i < len && (w = space_len(t, i, len)) != 0) {
                if (breaks < 2) breaks += line_breaks(t, i, len);
                i += w;
            }
            if (breaks >= 2 && start != NO_SENTENCE && !is_dateline_end(t, start, last)) {
                if ((rc = push_span(out, start, last, err))) return rc;
                start = NO_SENTENCE;
            }
            continue;
        }
        if (start == NO_SENTENCE) start = i;
        if (terminator_len(t, i, len)) {
            candidate c;
            bool cand = scan_candidate(t, len, i, &c);
            i = last = cand ? c.close_end : c.run_end;
            if (cand && is_boundary(t, len, start, &c)) {
                if ((rc = push_span(out, start, last, err))) return rc;
                start = NO_SENTENCE;
            }
            continue;
        }
        /* One byte at a time: continuation bytes never match a lead-byte
         * test above, and a truncated sequence cannot swallow a space. */
        last = ++i;
    }
    if (start != NO_SENTENCE && (rc = push_span(out, start, last, err))) return rc;
    return DW_OK;
}
