/*
 * dateline.c — the dateline of a wire story ("KABUL, May 27 (AP) —",
 * "TEHRAN, Iran, Aug. 8, 1998 (Reuters) -", "MAZAR-I-SHARIF, 8 August:")
 * gives the document date when the document has none.
 *
 * Form: one to six capitalized place words, optionally ", Country", then
 * ", " and a month-day (either order) with an optional year, then "(",
 * a dash, ":" or the end of the line.  Only the first line (at most 200
 * bytes) is read.  Invariants: no allocation beyond the caller's scratch
 * tokens; an impossible day ("Feb. 30") is counted and refused.
 */
#include <string.h>

#include "extract/extract_internal.h"

/* Skips a run of capitalized words (hyphen pieces included) from i. */
static size_t cap_run(const xsent *s, size_t i) {
    size_t k = 0;
    while (i + k < s->n && k < 6) {
        bool joined = k > 0 && (xs_flags(s, i + k - 1) & DW_TOK_HYPHEN);
        if (xs_punct(s, i + k) || xs_num(s, i + k) || xdates_month(s, i + k)) break;
        if (!xs_cap(s, i + k) && !joined) break;
        k++;
    }
    return k;
}

bool xdateline_parse(const char *text, size_t len, dw_tokens *scratch, xdate *out, size_t *end_out,
                     xstats *st) {
    size_t start = 0;
    while (start < len && (text[start] == ' ' || text[start] == '\n' || text[start] == '\r' ||
                           text[start] == '\t'))
        start++;
    size_t max = len - start < 200 ? len - start : 200;
    const char *nl = memchr(text + start, '\n', max);
    size_t end = nl ? (size_t)(nl - text) : start + max;
    /* Cheap refusals before tokenizing: the first token must be a
     * capitalized word, which an ASCII lower-case letter or punctuation
     * cannot begin, and the place needs a comma after it. */
    unsigned char c0 = start < end ? (unsigned char)text[start] : 0;
    bool punct = (c0 >= 0x21 && c0 <= 0x2F) || (c0 >= 0x3A && c0 <= 0x40) ||
                 (c0 >= 0x5B && c0 <= 0x60) || (c0 >= 0x7B && c0 <= 0x7E);
    if (start == end || (c0 >= 'a' && c0 <= 'z') || punct || !memchr(text + start, ',', end - start))
        return false;
    /* Nor can a comma come after the place words when the first word has
     * none and an ASCII lower-case letter starts the next ("Taliban
     * fighters captured ..."): tokens never span an ASCII space, and that
     * lower-case word ends the run of capitalized ones without being a
     * comma. */
    size_t w1 = start;
    while (w1 < end && text[w1] != ' ' && text[w1] != '\t' && text[w1] != '\r') w1++;
    size_t w2 = w1;
    while (w2 < end && (text[w2] == ' ' || text[w2] == '\t' || text[w2] == '\r')) w2++;
    if (w2 < end && w2 > w1 && text[w2] >= 'a' && text[w2] <= 'z' &&
        !memchr(text + start, ',', w1 - start))
        return false;
    /* Every word before the first comma is a place word, capitalized: one
     * starting with an ASCII lower-case letter after a space ends the run
     * of place words without a comma ("Iranian officials said, ..."). */
    const char *comma = memchr(text + start, ',', end - start);
    for (const char *q = text + start; q + 1 < comma; q++)
        if ((*q == ' ' || *q == '\t') && q[1] >= 'a' && q[1] <= 'z') return false;
    dw_tokens_reset(scratch);
    if (dw_tokenize(text + start, end - start, 0, scratch)) return false;
    xsent s = {scratch, scratch->n, text + start, NULL, NULL, NULL};

    size_t i = cap_run(&s, 0);
    if (!i || !xs_is(&s, i, ",")) return false;
    i++;
    if (!xdates_month(&s, i) && !xdates_day(&s, i)) { /* ", Iran," */
        size_t k = cap_run(&s, i);
        if (!k || !xs_is(&s, i + k, ",")) return false;
        i += k + 1;
    }
    size_t mk;
    int m = xdates_month_at(&s, i, &mk), d = 0;
    if (m) {
        d = xdates_day(&s, i + mk);
        i += mk + 1;
    } else if ((d = xdates_day(&s, i)) != 0) {
        m = xdates_month_at(&s, i + 1, &mk);
        i += 1 + mk;
    }
    if (!m || !d) return false;
    size_t c = xs_is(&s, i, ",") ? 1 : 0;
    int y = xdates_year(&s, i + c, 1000, 2999);
    if (y) i += c + 1;
    if (i < s.n && !xs_is(&s, i, "(") && !xs_dash(&s, i) && !xs_is(&s, i, ":")) return false;
    if (d > xcal_month_days(y ? y : 2000, m)) { /* 2000 is a leap year: 29 Feb may be valid */
        st->impossible_dates++;
        return false;
    }
    *out = (xdate){y, m, d};
    /* through the closing ")" of "(AP)" when there is one */
    size_t stop = i < s.n ? i : s.n - 1;
    if (xs_is(&s, stop, "(")) {
        size_t k = stop;
        while (k < s.n && k < stop + 6 && !xs_is(&s, k, ")")) k++;
        if (k < s.n && xs_is(&s, k, ")")) stop = k;
    }
    *end_out = start + scratch->v[stop].end;
    return true;
}
