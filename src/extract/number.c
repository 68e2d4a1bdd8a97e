/*
 * number.c — reads one number from a sentence's tokens: digits with
 * thousands commas and decimals ("270,000", "243.3"), digits with a scale
 * suffix ("3bn", "$5m"), number words ("nine", "twenty-five", "two hundred
 * and fifty thousand", "a dozen", "half a million", "a quarter of a
 * million") and scale words after either ("1.7 million", "820 million").
 *
 * Invariants: all arithmetic is bounded — digit strings are read into a
 * uint64 with an explicit overflow test and every product is compared
 * with XQ_MAX before it is formed, so no input has undefined behaviour;
 * a value past XQ_MAX sets *overflow.
 */
#include <string.h>

#include "extract/extract_internal.h"

static const struct {
    const char *w;
    int v;
} SMALL[] = {{"zero", 0},     {"one", 1},        {"two", 2},        {"three", 3},
             {"four", 4},     {"five", 5},       {"six", 6},        {"seven", 7},
             {"eight", 8},    {"nine", 9},       {"ten", 10},       {"eleven", 11},
             {"twelve", 12},  {"thirteen", 13},  {"fourteen", 14},  {"fifteen", 15},
             {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18},  {"nineteen", 19},
             {"twenty", 20},  {"thirty", 30},    {"forty", 40},     {"fifty", 50},
             {"sixty", 60},   {"seventy", 70},   {"eighty", 80},    {"ninety", 90}};

static int small_word(const char *w) {
    for (size_t k = 0; k < sizeof SMALL / sizeof *SMALL; k++)
        if (w[0] == SMALL[k].w[0] && strcmp(w, SMALL[k].w) == 0) return SMALL[k].v;
    return -1;
}

/* Scale words; "m" and "b" only for money ("$5m"). */
static double scale_word(const char *w, bool money) {
    if (w[0] != 'h' && w[0] != 't' && w[0] != 'm' && w[0] != 'b') return 0; /* most words */
    if (!strcmp(w, "hundred")) return 1e2;
    if (!strcmp(w, "thousand")) return 1e3;
    if (!strcmp(w, "million") || !strcmp(w, "mn") || !strcmp(w, "mln")) return 1e6;
    if (!strcmp(w, "billion") || !strcmp(w, "bn")) return 1e9;
    if (!strcmp(w, "trillion") || !strcmp(w, "tn")) return 1e12;
    if (money && !strcmp(w, "m")) return 1e6;
    if (money && !strcmp(w, "b")) return 1e9;
    return 0;
}

/* Digits with an optional decimal part, exactly n bytes of w; returns
 * false when w is not of that form, sets *over past XQ_MAX. */
static bool read_digits(const char *w, size_t n, double *out, bool *over) {
    uint64_t ip = 0;
    size_t i = 0;
    for (; i < n && w[i] >= '0' && w[i] <= '9'; i++) {
        unsigned d = (unsigned)(w[i] - '0');
        if (ip > (UINT64_MAX - d) / 10) {
            *over = true;
            ip = UINT64_MAX;
            continue;
        }
        ip = ip * 10 + d;
    }
    if (i == 0) return false;
    double frac = 0, unit = 0.1;
    if (i < n && w[i] == '.') {
        size_t f = ++i;
        for (; i < n && w[i] >= '0' && w[i] <= '9'; i++) {
            if (i - f < 9) frac += (w[i] - '0') * unit;
            unit /= 10;
        }
        if (i == f) return false;
    }
    if (i != n) return false;
    if (*over || (double)ip > XQ_MAX) {
        *over = true;
        return true;
    }
    *out = (double)ip + frac;
    return true;
}

/* v * scale, or overflow. */
static double times(double v, double scale, bool *over) {
    if (scale > 0 && v > XQ_MAX / scale) {
        *over = true;
        return 0;
    }
    return v * scale;
}

/* Digits at i: "270000" (norm), "243.3", "3bn", "1.7" + "million". */
static size_t digits_number(const xsent *s, size_t i, size_t end, bool money, double *value,
                            bool *over) {
    const char *w = xs_norm(s, i);
    size_t n = strlen(w), used = 1;
    double v = 0;
    if (xs_num(s, i)) {
        if (!read_digits(w, n, &v, over)) return 0;
    } else { /* a word: digits followed by a scale suffix */
        size_t k = 0;
        while (k < n && ((w[k] >= '0' && w[k] <= '9') || w[k] == '.')) k++;
        double sc = k ? scale_word(w + k, money) : 0;
        if (!k || sc == 0 || !read_digits(w, k, &v, over)) return 0;
        if (!*over) v = times(v, sc, over);
        *value = v;
        return 1;
    }
    if (*over) return used;
    /* "two hundred thousand" style: an optional "hundred" then one larger scale */
    double sc;
    if (i + used < end && !strcmp(xs_norm(s, i + used), "hundred")) {
        v = times(v, 100, over);
        used++;
    }
    /* "3 billion", and stacked scales ("a million million") multiply */
    while (!*over && i + used < end && (sc = scale_word(xs_norm(s, i + used), money)) > 100) {
        v = times(v, sc, over);
        used++;
    }
    *value = v;
    return used;
}

/* Number words from i: "twenty-five", "two hundred and fifty thousand",
 * "a hundred", "two dozen", "half a million", "a quarter of a million". */
static size_t word_number(const xsent *s, size_t i, size_t end, double *value, bool *over) {
    size_t j = i;
    double total = 0, current = 0, fraction = 0;
    bool any = false;

    /* "half a million", "a quarter of a million", "quarter-million" */
    size_t f = j + (xs_is(s, j, "a") || xs_is(s, j, "an"));
    if (xs_is(s, f, "half") || xs_is(s, f, "quarter")) {
        size_t k = f + 1;
        if (xs_is(s, k, "of")) k++;
        if (xs_is(s, k, "a") || xs_is(s, k, "an")) k++;
        double sc = k < end ? scale_word(xs_norm(s, k), false) : 0;
        if (sc >= 1e3 || (sc == 0 && xs_is(s, k, "dozen"))) {
            fraction = xs_is(s, f, "half") ? 0.5 : 0.25;
            *value = fraction * (sc ? sc : 12);
            return k + 1 - i;
        }
        return 0;
    }
    if (xs_is(s, j, "a") || xs_is(s, j, "an")) {
        if (j + 1 >= end) return 0;
        const char *nx = xs_norm(s, j + 1);
        if (scale_word(nx, false) == 0 && strcmp(nx, "dozen") != 0) return 0;
        current = 1;
        any = true;
        j++;
    }
    while (j < end) {
        const char *w = xs_norm(s, j);
        int sv = small_word(w);
        double sc;
        if (sv >= 0) {
            /* "twenty five" joins; "five twenty" does not */
            long long c = (long long)current; /* current <= XQ_MAX: fits */
            if (any && c > 0 && c % 10 != 0 && sv < 10) break;
            current += sv;
            any = true;
        } else if (any && !strcmp(w, "dozen")) {
            current = times(current ? current : 1, 12, over);
        } else if (any && !strcmp(w, "hundred")) {
            current = times(current ? current : 1, 100, over);
        } else if (any && (sc = scale_word(w, false)) >= 1e3) {
            total += times(current ? current : 1, sc, over);
            current = 0;
        } else if (any && !strcmp(w, "and") && j + 1 < end && small_word(xs_norm(s, j + 1)) >= 0 &&
                   total + current >= 100) {
            /* "two hundred and fifty" */
        } else {
            break;
        }
        if (*over) return j + 1 - i;
        j++;
    }
    if (!any) return 0;
    if (total + current > XQ_MAX) {
        *over = true;
        return j - i;
    }
    *value = total + current;
    return j - i;
}

size_t xnumber_parse(const xsent *s, size_t i, size_t end, bool money, double *value,
                     bool *overflow) {
    *overflow = false;
    *value = 0;
    if (end > s->n) end = s->n;
    if (i >= end) return 0;
    const char *w = xs_norm(s, i);
    if (w[0] >= '0' && w[0] <= '9') return digits_number(s, i, end, money, value, overflow);
    return word_number(s, i, end, value, overflow);
}
