/*
 * date_resolve.c — finds the date expressions of a sentence and resolves
 * them to calendar values with a precision (day, week, month, year, range
 * or document), against the document date and the date carried from
 * earlier sentences (the extractor keeps that carried date).
 *
 *   absolute   8 August 1998 · Aug. 8, 1998 · the 8th of August · 1998-08-08
 *              · June 2024 · in 2016 · (1999) · the 1990s → range 1990..1999
 *              (early/mid/late 1990s → 1990-93/1993-96/1997-99) · mid-2023,
 *              early 2022, the end of 2021 → year · late June → month ·
 *              summer 2022 → range 2022-06..2022-08
 *   ranges     between 1996 and 2001 · from 2001 to 2021 · 1996-2001 →
 *              range; since 2021 / since last year / after 2021 → range to
 *              the document date; "before X", "until X" are edges, no date
 *   relative   yesterday · today · this morning · last night · on Saturday ·
 *              last/next Saturday · Thursday last week · last week (the
 *              Monday..Sunday week before the document's) · this month ·
 *              last year · earlier this year · in June · last June · June
 *              last year · two years ago (year) · three weeks ago (week) ·
 *              over the past two decades → range from the document year
 *              minus 20 to the document date · in the last 10 days → range
 *   carried    the following year · the next day · a year later · two months
 *              earlier · the year after · that year · later that year ·
 *              February of the following year (1999) — from the last date of
 *              the sentence, else the carried date, else the document date;
 *              a unit finer than that base moves nothing ("two days later"
 *              than 2016 is 2016)
 *   vague      recently · lately · currently · nowadays · at present · in
 *              recent years → the document date, precision "document"; it
 *              also ends the carried date
 *   not dates  "the September 11 attacks", "the May 2023 clashes": a date
 *              between "the" and a noun names a thing; it is reported
 *              flagged XD_ATTRIB so that its numbers are not amounts, and
 *              the extractor never gives it to an event
 *
 * A year without a month ("in June", "August 8") is taken from an earlier
 * date of the same sentence, else from a date carried from the last three
 * sentences when that date is in another year than the document's (a story
 * about 1998 keeps its year), else it is the latest such month/day not
 * after the document date (the earliest not before it when the sentence
 * speaks of the future: "will", "scheduled").  A weekday is the latest such
 * day on or before the document date ("last Saturday": strictly before;
 * "next Saturday" or a future sentence: on or after).  Month names and
 * weekdays must be capitalized ("may", "march" are verbs).  An expression
 * that needs a finer document date than there is ("yesterday" in a
 * document dated "2022") is consumed and gives no date.
 *
 * Invariants: no allocation; impossible calendar dates ("31 February") are
 * consumed, counted in st->impossible_dates and never reported; every
 * reported value passes xcal_valid.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_internal.h"

typedef struct scan {
    const xsent *s;
    const xdate_ctx *cx;
    xdate_mention *out;
    size_t cap, n;
    xstats *st;
    int future; /* the sentence speaks of the future: -1 not yet known, 0, 1 */
    bool bad;   /* the last match was an impossible date */
    int depth;  /* nesting of core(): patterns call it for their parts */
} scan;

/* "February of the following year" nests two levels; "early early early..."
 * must not recurse as deep as the sentence is long. */
#define MAX_DEPTH 3

static bool future(scan *sc);

const char *xprec_name(xprec p) {
    static const char *const names[] = {"", "day", "week", "month", "year", "range", "document"};
    return p <= XP_DOCUMENT ? names[p] : "";
}

/* ---- token classes ------------------------------------------------------ */

static const struct {
    const char *w;
    int m;
} MONTHS[] = {{"january", 1}, {"jan", 1},  {"february", 2}, {"feb", 2},   {"febr", 2},
              {"march", 3},   {"mar", 3},  {"april", 4},    {"apr", 4},   {"may", 5},
              {"june", 6},    {"jun", 6},  {"july", 7},     {"jul", 7},   {"august", 8},
              {"aug", 8},     {"september", 9}, {"sep", 9}, {"sept", 9},  {"october", 10},
              {"oct", 10},    {"november", 11}, {"nov", 11}, {"december", 12}, {"dec", 12}};

/* Month names must be capitalized: "may", "march" are also verbs. */
int xdates_month(const xsent *s, size_t i) {
    if (i >= s->n || !xs_cap(s, i)) return 0;
    const char *w = xs_norm(s, i);
    for (size_t k = 0; k < sizeof MONTHS / sizeof *MONTHS; k++)
        if (strcmp(w, MONTHS[k].w) == 0) return MONTHS[k].m;
    return 0;
}

/* Month at i, with the dot of an abbreviation ("Aug."); *k = tokens. */
int xdates_month_at(const xsent *s, size_t i, size_t *k) {
    int m = xdates_month(s, i);
    *k = m ? 1 : 0;
    if (m && strlen(xs_norm(s, i)) <= 4 && xs_is(s, i + 1, ".")) *k = 2;
    return m;
}

static long digits_value(const char *w, size_t n) {
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] < '0' || w[i] > '9') return -1;
        v = v * 10 + (w[i] - '0');
    }
    return n ? v : -1;
}

/* Day of month: "8", "08", "8th", "1st", "22nd", "3rd". */
int xdates_day(const xsent *s, size_t i) {
    if (i >= s->n) return 0;
    const char *w = xs_norm(s, i);
    size_t n = strlen(w);
    if (xs_num(s, i)) {
        if (n > 2 || xs_srclen(s, i) > 2) return 0;
    } else {
        if (n < 3 || n > 4) return 0;
        const char *suf = w + n - 2;
        if (strcmp(suf, "st") && strcmp(suf, "nd") && strcmp(suf, "rd") && strcmp(suf, "th"))
            return 0;
        n -= 2;
    }
    long d = digits_value(w, n);
    return d >= 1 && d <= 31 ? (int)d : 0;
}

/* A four-digit year token (no thousands comma) in [lo, hi]. */
int xdates_year(const xsent *s, size_t i, int lo, int hi) {
    if (i >= s->n || !xs_num(s, i) || xs_srclen(s, i) != 4) return 0;
    long y = digits_value(xs_norm(s, i), 4);
    return y >= lo && y <= hi && strlen(xs_norm(s, i)) == 4 ? (int)y : 0;
}

static int weekday_at(const xsent *s, size_t i) {
    static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};
    if (i >= s->n || !xs_cap(s, i)) return -1;
    for (int k = 0; k < 7; k++)
        if (xs_is(s, i, days[k])) return k;
    return -1;
}

typedef enum unit { U_NONE, U_DAY, U_WEEK, U_MONTH, U_YEAR, U_DECADE } unit;

static unit unit_at(const xsent *s, size_t i) {
    static const struct {
        const char *w;
        unit u;
    } units[] = {{"day", U_DAY},     {"days", U_DAY},       {"week", U_WEEK},
                 {"weeks", U_WEEK},  {"month", U_MONTH},    {"months", U_MONTH},
                 {"year", U_YEAR},   {"years", U_YEAR},     {"decade", U_DECADE},
                 {"decades", U_DECADE}};
    for (size_t k = 0; k < sizeof units / sizeof *units; k++)
        if (xs_is(s, i, units[k].w)) return units[k].u;
    return U_NONE;
}

/* A small count before a unit: "two", "2", "a", "an", "one". */
static int count_at(const xsent *s, size_t i, size_t *k) {
    *k = 0;
    if (!xs_may(s, i, XC_AMOUNT)) return 0;
    if (xs_is(s, i, "a") || xs_is(s, i, "an")) {
        *k = 1;
        return 1;
    }
    double v;
    bool over;
    size_t used = xnumber_parse(s, i, s->n, false, &v, &over);
    if (!used || v < 1 || v > 1000 || v != (double)(int)v) return 0;
    *k = used;
    return (int)v;
}

/* ---- values -------------------------------------------------------------- */

static xdval v_day(xdate d) { return (xdval){XP_DAY, d, d}; }
static xdval v_month(int y, int m) { return (xdval){XP_MONTH, {y, m, 0}, {y, m, 0}}; }
static xdval v_year(int y) { return (xdval){XP_YEAR, {y, 0, 0}, {y, 0, 0}}; }
static xdval v_week(int32_t day) {
    int32_t mon = day - xcal_weekday(day);
    return (xdval){XP_WEEK, xcal_from_days(mon), xcal_from_days(mon + 6)};
}
static xdval v_range(xdate a, xdate b) { return (xdval){XP_RANGE, a, b}; }

static bool valid_value(const xdval *v) {
    return xcal_valid(v->a.y, v->a.m, v->a.d) && xcal_valid(v->b.y, v->b.m, v->b.d);
}

static bool doc_has(const scan *sc, xprec need) {
    const xdate *d = &sc->cx->doc;
    if (!d->y) return false;
    if (need == XP_DAY || need == XP_WEEK) return d->d != 0;
    if (need == XP_MONTH) return d->m != 0;
    return true;
}

static int32_t doc_days(const scan *sc) {
    const xdate *d = &sc->cx->doc;
    return xcal_days(d->y, d->m, d->d);
}

/* Document date as a value at its own granularity, for range ends. */
static xdate doc_point(const scan *sc) { return sc->cx->doc; }

/* The base of "the following year": the last date of this sentence, else
 * the carried date, else the document date. */
static bool carried_base(const scan *sc, xdval *base) {
    for (size_t k = sc->n; k-- > 0;) {
        xprec p = sc->out[k].v.prec;
        if (p >= XP_DAY && p <= XP_YEAR && !(sc->out[k].flags & XD_ATTRIB)) {
            *base = sc->out[k].v;
            return true;
        }
    }
    if (sc->cx->carry.prec >= XP_DAY && sc->cx->carry.prec <= XP_YEAR) {
        *base = sc->cx->carry;
        return true;
    }
    if (!sc->cx->doc.y) return false;
    xdate d = sc->cx->doc;
    *base = d.d ? v_day(d) : d.m ? v_month(d.y, d.m) : v_year(d.y);
    return true;
}

/* Shifts base by n units, never finer than the base allows. */
static xdval shift(xdval base, unit u, int n) {
    xdate a = base.a;
    if (u == U_DECADE) u = U_YEAR, n *= 10;
    /* a unit finer than the base moves nothing: "two days later" than 2016 is 2016 */
    if (u == U_YEAR || base.prec == XP_YEAR || !a.m) return v_year(a.y + (u == U_YEAR ? n : 0));
    if (u == U_MONTH || base.prec == XP_MONTH || !a.d) {
        if (u != U_MONTH) return v_month(a.y, a.m);
        xdate m = xcal_add_months(a, n);
        return v_month(m.y, m.m);
    }
    int32_t day = xcal_days(a.y, a.m, a.d);
    if (u == U_WEEK) return v_week(day + 7 * n);
    return v_day(xcal_from_days(day + n));
}

/* Year of a month (and day) that names no year; mode -1 "last", +1 "next",
 * 0 plain.  See the header comment for the order of the rules. */
static bool context_year(scan *sc, int m, int d, int mode, int *y) {
    const xdate_ctx *cx = sc->cx;
    if (mode == 0) {
        for (size_t k = sc->n; k-- > 0;)
            if ((sc->out[k].flags & XD_YEAR) && !(sc->out[k].flags & XD_ATTRIB)) {
                *y = sc->out[k].v.a.y;
                return true;
            }
        if ((cx->carry_flags & XD_YEAR) && cx->carry_age <= 3 && cx->carry.prec != XP_NONE &&
            cx->carry.a.y != cx->doc.y) {
            *y = cx->carry.a.y;
            return true;
        }
    }
    if (cx->doc.y) {
        const xdate *dd = &cx->doc;
        *y = dd->y;
        if (!dd->m) return true;
        int after = m > dd->m || (m == dd->m && d && dd->d && d > dd->d);
        int before = m < dd->m || (m == dd->m && d && dd->d && d < dd->d);
        if (mode < 0) *y -= m >= dd->m;
        else if (mode > 0) *y += m <= dd->m;
        else if (future(sc)) *y += before;
        else *y -= after;
        return true;
    }
    if (cx->carry.prec != XP_NONE) {
        *y = cx->carry.a.y;
        return true;
    }
    return false;
}

/* ---- core patterns: each returns tokens used (0: no match) -------------- */

static size_t core(scan *sc, size_t i, xdval *v, unsigned *fl);

/* Counts an impossible date and consumes its tokens. */
static size_t impossible(scan *sc, size_t used) {
    sc->st->impossible_dates++;
    sc->bad = true;
    return used;
}

/* "1998-08-08": three number tokens joined by hyphens. */
static size_t p_iso(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    int y = xdates_year(s, i, 1000, 2999);
    if (!y || !(xs_flags(s, i) & DW_TOK_HYPHEN) || !xs_num(s, i + 1) ||
        !(xs_flags(s, i + 1) & DW_TOK_HYPHEN) || !xs_num(s, i + 2) || xs_srclen(s, i + 1) != 2 ||
        xs_srclen(s, i + 2) != 2)
        return 0;
    int m = (int)digits_value(xs_norm(s, i + 1), 2), d = (int)digits_value(xs_norm(s, i + 2), 2);
    if (!xcal_valid(y, m, d) || !m || !d) return impossible(sc, 3);
    *v = v_day((xdate){y, m, d});
    *fl = XD_CARRY | XD_YEAR;
    return 3;
}

/* A year after a day/month: "[,] 1998". */
static size_t trailing_year(const xsent *s, size_t j, int *y) {
    size_t k = xs_is(s, j, ",") ? 1 : 0;
    *y = xdates_year(s, j + k, 1000, 2999);
    return *y ? k + 1 : 0;
}

/* Finishes a month+day (y may come from context). */
static size_t day_value(scan *sc, int y, int m, int d, size_t used, bool has_year, xdval *v,
                        unsigned *fl) {
    if (!has_year && !context_year(sc, m, d, 0, &y)) return 0;
    if (!xcal_valid(y, m, d)) return impossible(sc, used);
    *v = v_day((xdate){y, m, d});
    *fl = XD_CARRY | (has_year ? XD_YEAR : 0u);
    return used;
}

/* "8 August 1998", "8th of August", "the 8th of August 1998". */
static size_t p_day_month(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    size_t j = i + xs_is(s, i, "the");
    int d = xdates_day(s, j);
    if (!d) return 0;
    size_t k = j + 1 + xs_is(s, j + 1, "of"), mk;
    int m = xdates_month_at(s, k, &mk);
    if (!m) return 0;
    k += mk;
    int y = 0;
    size_t yk = trailing_year(s, k, &y);
    return day_value(sc, y, m, d, k + yk - i, yk != 0, v, fl);
}

/* "August 8, 1998", "Aug. 8 1998", "August 8th". */
static size_t p_month_day(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    size_t mk;
    int m = xdates_month_at(s, i, &mk);
    if (!m) return 0;
    int d = xdates_day(s, i + mk);
    if (!d) return 0;
    size_t k = i + mk + 1;
    int y = 0;
    size_t yk = trailing_year(s, k, &y);
    return day_value(sc, y, m, d, k + yk - i, yk != 0, v, fl);
}

/* Words that let a lone month name or a bare year be a date. */
static const char *const DATE_PREPS[] = {
    "in", "since", "by", "until", "till", "from", "during", "of", "before", "after",
    "and", "through", "throughout", "between", "early", "late", "mid", "last", "next", "this",
    "on", "or", "year", "circa", "end", "beginning", "start", "middle", "(", NULL};

/* "June 2024", "June of 2024", "June, 2024"; "in June"; "February of the
 * following year"; "June last year". */
static size_t p_month(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    size_t mk;
    int m = xdates_month_at(s, i, &mk);
    if (!m) return 0;
    size_t k = i + mk;
    size_t of = (xs_is(s, k, "of") || xs_is(s, k, ",") || xs_is(s, k, "in")) ? 1 : 0;
    int y = xdates_year(s, k + of, 1000, 2999);
    if (y && !xs_is(s, k, "in")) {
        *v = v_month(y, m);
        *fl = XD_CARRY | XD_YEAR;
        return k + of + 1 - i;
    }
    /* "February of the following year", "June last year" */
    if (!xs_is(s, k, ",")) {
        xdval rv;
        unsigned rf = 0;
        size_t rk = core(sc, k + of, &rv, &rf);
        if (rk && rv.prec == XP_YEAR && !xdates_year(s, k + of, 1000, 2999)) {
            *v = v_month(rv.a.y, m);
            *fl = XD_CARRY | XD_YEAR;
            return k + of + rk - i;
        }
    }
    /* A lone month needs a preposition or modifier before it. */
    if (i == 0 || !xs_in(s, i - 1, DATE_PREPS)) return 0;
    int mode = xs_is(s, i - 1, "last") ? -1 : xs_is(s, i - 1, "next") ? 1 : 0;
    if (!context_year(sc, m, 0, mode, &y)) return 0;
    *v = v_month(y, m);
    *fl = XD_CARRY;
    return mk;
}

/* Nouns after which a four-digit number is a count, not a year. */
static const char *const COUNT_NOUNS[] = {
    "people", "persons", "troops", "soldiers", "km", "kilometres", "kilometers", "miles",
    "dollars", "tonnes", "tons", "kg", "kilograms", "families", "migrants", "refugees", "%",
    "percent", "fighters", "civilians", "afghans", "iranians", "men", "women", "children",
    "cases", "trucks", "members", "guards", "police", "prisoners", "students", NULL};

/* "in 2016", "(1999)", "mid-2023", "1997 was ...". */
static size_t p_year(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    int y = xdates_year(s, i, 1500, 2100);
    if (!y) return 0;
    if (xs_in(s, i + 1, COUNT_NOUNS)) return 0;
    bool ok = i == 0 ? !xs_num(s, i + 1) : xs_in(s, i - 1, DATE_PREPS);
    if (!ok && (xs_flags(s, i) & DW_TOK_POSS)) ok = true; /* "2021's election" */
    if (!ok) return 0;
    *v = v_year(y);
    *fl = XD_CARRY | XD_YEAR;
    return 1;
}

/* "the 1990s", "1990s", "the 1990's". */
static size_t p_decade(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    size_t j = i + xs_is(s, i, "the");
    if (j >= s->n) return 0;
    const char *w = xs_norm(s, j);
    long y = -1;
    if (strlen(w) == 5 && w[4] == 's') y = digits_value(w, 4);
    else if (xs_num(s, j) && (xs_flags(s, j) & DW_TOK_POSS) && j > i) y = xdates_year(s, j, 1000, 2999);
    if (y < 1000 || y > 2990 || y % 10) return 0;
    *v = v_range((xdate){(int)y, 0, 0}, (xdate){(int)y + 9, 0, 0});
    *fl = 0;
    return j + 1 - i;
}

/* "Saturday", "on Saturday", "last Saturday", "Saturday, May 25". */
static size_t p_weekday(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    int mode = xs_is(s, i, "last") ? -1 : xs_is(s, i, "next") ? 1 : 0;
    size_t j = i + (mode != 0 || xs_is(s, i, "this"));
    int wd = weekday_at(s, j);
    if (wd < 0) return 0;
    /* an explicit date right after the weekday wins */
    size_t k = j + 1 + xs_is(s, j + 1, ",");
    xdval dv = {XP_NONE, {0, 0, 0}, {0, 0, 0}}; /* set by a pattern that matched (impossible() leaves it) */
    unsigned df = 0;
    size_t dk = p_day_month(sc, k, &dv, &df);
    if (!dk) dk = p_month_day(sc, k, &dv, &df);
    if (dk) {
        *v = dv;
        *fl = df;
        return k + dk - i;
    }
    if (sc->bad) return k - i;
    if (!doc_has(sc, XP_DAY)) return j + 1 - i;
    int32_t doc = doc_days(sc);
    /* "Thursday last week", "Monday of next week": that day of that week */
    size_t w = j + 1 + xs_is(s, j + 1, "of");
    if ((xs_is(s, w, "last") || xs_is(s, w, "next") || xs_is(s, w, "this")) &&
        xs_is(s, w + 1, "week")) {
        int wk = xs_is(s, w, "last") ? -1 : xs_is(s, w, "next") ? 1 : 0;
        int32_t monday = doc - xcal_weekday(doc) + 7 * wk;
        *v = v_day(xcal_from_days(monday + wd));
        *fl = XD_CARRY | XD_WEEKDAY;
        return w + 2 - i;
    }
    int delta = wd - xcal_weekday(doc); /* -6..6 */
    int32_t day;
    if (mode > 0 || (mode == 0 && future(sc))) {
        int ahead = (delta + 7) % 7;
        if (ahead == 0 && mode > 0) ahead = 7;
        day = doc + ahead;
    } else {
        int back = (-delta + 7) % 7;
        if (back == 0 && mode < 0) back = 7;
        day = doc - back;
    }
    *v = v_day(xcal_from_days(day));
    *fl = XD_CARRY | XD_WEEKDAY;
    return j + 1 - i;
}

/* "yesterday", "today", "tonight", "tomorrow", "last night", "this morning". */
static size_t p_deictic_day(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    int off;
    size_t used = 1;
    if (xs_is(s, i, "yesterday")) off = -1;
    else if (xs_is(s, i, "today") || xs_is(s, i, "tonight")) off = 0;
    else if (xs_is(s, i, "tomorrow")) off = 1;
    else if (xs_is(s, i, "last") && xs_is(s, i + 1, "night")) off = -1, used = 2;
    else if (xs_is(s, i, "this") && (xs_is(s, i + 1, "morning") || xs_is(s, i + 1, "afternoon") ||
                                     xs_is(s, i + 1, "evening")))
        off = 0, used = 2;
    else return 0;
    if (!doc_has(sc, XP_DAY)) return used;
    *v = v_day(xcal_from_days(doc_days(sc) + off));
    *fl = XD_CARRY;
    return used;
}

/* "last week", "this month", "next year", "earlier this year", "later this month". */
static size_t p_deictic_unit(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    size_t j = i;
    if (xs_is(s, j, "earlier") || xs_is(s, j, "later")) {
        if (!xs_is(s, j + 1, "this")) return 0;
        j++;
    }
    int off;
    if (xs_is(s, j, "last") || xs_is(s, j, "past")) off = -1;
    else if (xs_is(s, j, "this") || xs_is(s, j, "current")) off = 0;
    else if (xs_is(s, j, "next") || xs_is(s, j, "coming")) off = 1;
    else return 0;
    if (j > 0 && xs_is(s, j - 1, "the") && off != 0) return 0; /* "the next year": carried */
    unit u = unit_at(s, j + 1);
    if (u == U_NONE || u == U_DECADE) return 0;
    if (strcmp(xs_norm(s, j + 1) + strlen(xs_norm(s, j + 1)) - 1, "s") == 0) return 0;
    size_t used = j + 2 - i;
    const xdate *d = &sc->cx->doc;
    switch (u) {
    case U_YEAR:
        if (!doc_has(sc, XP_YEAR)) return used;
        *v = v_year(d->y + off);
        break;
    case U_MONTH: {
        if (!doc_has(sc, XP_MONTH)) return used;
        xdate m = xcal_add_months(*d, off);
        *v = v_month(m.y, m.m);
        break;
    }
    case U_WEEK:
        if (!doc_has(sc, XP_DAY)) return used;
        *v = v_week(doc_days(sc) + 7 * off);
        break;
    case U_DAY:
        if (!doc_has(sc, XP_DAY)) return used;
        *v = v_day(xcal_from_days(doc_days(sc) + off));
        break;
    default:
        return 0;
    }
    *fl = XD_CARRY | XD_YEAR;
    return used;
}

/* "two years ago", "a week ago". */
static size_t p_ago(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    size_t k;
    int n = count_at(s, i, &k);
    if (!n) return 0;
    unit u = unit_at(s, i + k);
    if (u == U_NONE || !xs_is(s, i + k + 1, "ago")) return 0;
    size_t used = k + 2;
    xprec need = u == U_DAY || u == U_WEEK ? XP_DAY : u == U_MONTH ? XP_MONTH : XP_YEAR;
    if (!doc_has(sc, need)) return used;
    xdval base = v_day(sc->cx->doc);
    if (need == XP_MONTH) base = v_month(sc->cx->doc.y, sc->cx->doc.m);
    if (need == XP_YEAR) base = v_year(sc->cx->doc.y);
    *v = shift(base, u, -n);
    *fl = XD_CARRY | XD_YEAR;
    return used;
}

/* Relative to the carried date: "the following year", "the next day",
 * "a year later", "two months earlier", "the year before", "that year",
 * "the same month", "later that year". */
static size_t p_carried(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    unit u = U_NONE;
    int n = 0;
    size_t used = 0;
    if (xs_is(s, i, "the") &&
        (xs_is(s, i + 1, "following") || xs_is(s, i + 1, "next") ||
         xs_is(s, i + 1, "subsequent") || xs_is(s, i + 1, "previous") ||
         xs_is(s, i + 1, "preceding") || xs_is(s, i + 1, "same")) &&
        (u = unit_at(s, i + 2)) != U_NONE) {
        n = xs_is(s, i + 1, "previous") || xs_is(s, i + 1, "preceding") ? -1
            : xs_is(s, i + 1, "same")                                    ? 0
                                                                         : 1;
        used = 3;
    } else if (xs_is(s, i, "the") && (u = unit_at(s, i + 1)) != U_NONE &&
               (xs_is(s, i + 2, "after") || xs_is(s, i + 2, "before")) &&
               !xs_is(s, i + 3, "the")) {
        n = xs_is(s, i + 2, "after") ? 1 : -1;
        used = 3;
    } else if (xs_is(s, i, "that") && (u = unit_at(s, i + 1)) != U_NONE) {
        n = 0;
        used = 2;
    } else if ((xs_is(s, i, "later") || xs_is(s, i, "earlier")) && xs_is(s, i + 1, "that") &&
               (u = unit_at(s, i + 2)) != U_NONE) {
        n = 0;
        used = 3;
    } else {
        size_t k;
        n = count_at(s, i, &k);
        if (!n || (u = unit_at(s, i + k)) == U_NONE) return 0;
        if (xs_is(s, i + k + 1, "later")) used = k + 2;
        else if (xs_is(s, i + k + 1, "earlier") || xs_is(s, i + k + 1, "before")) {
            used = k + 2;
            n = -n;
        } else return 0;
    }
    if (u == U_NONE) return 0;
    xdval base;
    if (!carried_base(sc, &base)) return used;
    *v = shift(base, u, n);
    *fl = XD_CARRY | XD_YEAR;
    return used;
}

/* "recently", "currently", "in recent years", "these days", "at present". */
static size_t p_vague(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    size_t used = 0;
    if (xs_is(s, i, "recently") || xs_is(s, i, "lately") || xs_is(s, i, "currently") ||
        xs_is(s, i, "nowadays"))
        used = 1;
    else if (xs_is(s, i, "at") && xs_is(s, i + 1, "present")) used = 2;
    else if (xs_is(s, i, "these") && xs_is(s, i + 1, "days")) used = 2;
    else if (xs_is(s, i, "in") && xs_is(s, i + 1, "recent") &&
             (xs_is(s, i + 2, "years") || xs_is(s, i + 2, "months") || xs_is(s, i + 2, "weeks") ||
              xs_is(s, i + 2, "days") || xs_is(s, i + 2, "times")))
        used = 3;
    if (!used) return 0;
    xdate d = sc->cx->doc;
    *v = (xdval){XP_DOCUMENT, d, d};
    *fl = XD_RESET;
    return used;
}

/* "over the past two decades", "in the last three years", "the past week". */
static size_t p_past_span(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    size_t j = i;
    if (xs_is(s, j, "over") || xs_is(s, j, "in") || xs_is(s, j, "during") ||
        xs_is(s, j, "for") || xs_is(s, j, "throughout") || xs_is(s, j, "within"))
        j++;
    if (!xs_is(s, j, "the") || !(xs_is(s, j + 1, "past") || xs_is(s, j + 1, "last")))
        return 0;
    j += 2;
    size_t k = 0;
    int n = 1;
    unit u = unit_at(s, j);
    if (u == U_NONE) {
        n = count_at(s, j, &k);
        if (!n || (u = unit_at(s, j + k)) == U_NONE) return 0;
    }
    size_t used = j + k + 1 - i;
    xprec need = u == U_DAY || u == U_WEEK ? XP_DAY : u == U_MONTH ? XP_MONTH : XP_YEAR;
    if (!doc_has(sc, need)) return used;
    xdate d = sc->cx->doc, a;
    if (u == U_YEAR || u == U_DECADE) a = (xdate){d.y - n * (u == U_DECADE ? 10 : 1), 0, 0};
    else if (u == U_MONTH) {
        a = xcal_add_months(d, -n);
        a.d = 0;
    } else a = xcal_from_days(doc_days(sc) - n * (u == U_WEEK ? 7 : 1));
    *v = v_range(a, doc_point(sc));
    *fl = 0;
    return used;
}

/* "summer 2022", "the spring of 2021", "last summer". */
static size_t p_season(scan *sc, size_t i, xdval *v, unsigned *fl) {
    static const struct {
        const char *w;
        int m0, m1;
    } seasons[] = {{"spring", 3, 5}, {"summer", 6, 8}, {"autumn", 9, 11}, {"fall", 9, 11},
                   {"winter", 12, 2}};
    const xsent *s = sc->s;
    int mode = xs_is(s, i, "last") ? -1 : xs_is(s, i, "this") ? 0 : 2;
    size_t j = i + (mode != 2) + (mode == 2 && xs_is(s, i, "the"));
    int si = -1;
    for (int k = 0; k < 5; k++)
        if (xs_is(s, j, seasons[k].w)) si = k;
    if (si < 0) return 0;
    size_t k = j + 1 + xs_is(s, j + 1, "of");
    int y = xdates_year(s, k, 1000, 2999);
    size_t used;
    if (y) used = k + 1 - i;
    else if (mode != 2 && doc_has(sc, XP_MONTH)) {
        used = j + 1 - i;
        const xdate *d = &sc->cx->doc;
        y = d->y;
        if (mode < 0 && d->m <= seasons[si].m1 + (si == 4 ? 12 : 0)) y--;
    } else return 0;
    xdate a = {y, seasons[si].m0, 0}, b = {y, seasons[si].m1, 0};
    if (si == 4) b.y = y + 1;
    *v = v_range(a, b);
    *fl = 0;
    return used;
}

/* "early 2022", "mid-2023", "late June", "the end of 2021", "the early 1990s". */
static size_t p_part(scan *sc, size_t i, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    size_t j = i + xs_is(s, i, "the");
    int part; /* 0 early, 1 mid, 2 late */
    if (xs_is(s, j, "early")) part = 0;
    else if (xs_is(s, j, "mid") || xs_is(s, j, "middle")) part = 1;
    else if (xs_is(s, j, "late")) part = 2;
    else if ((xs_is(s, j, "end") || xs_is(s, j, "beginning") || xs_is(s, j, "start")) &&
             xs_is(s, j + 1, "of"))
        part = xs_is(s, j, "end") ? 2 : 0, j++;
    else return 0;
    j += 1 + (xs_is(s, j, "middle") && xs_is(s, j + 1, "of"));
    size_t k = core(sc, j, v, fl);
    if (!k) return 0;
    if (v->prec == XP_RANGE && v->b.y - v->a.y == 9 && !v->a.m) { /* decade */
        int y0 = v->a.y;
        static const int lo[] = {0, 3, 7}, hi[] = {3, 6, 9};
        v->a.y = y0 + lo[part];
        v->b.y = y0 + hi[part];
    }
    return j + k - i;
}

static size_t core(scan *sc, size_t i, xdval *v, unsigned *fl) {
    typedef size_t (*pattern)(scan *, size_t, xdval *, unsigned *);
    static const pattern patterns[] = {p_iso,   p_day_month,   p_month_day, p_month,
                                       p_decade, p_part,       p_weekday,   p_deictic_day,
                                       p_deictic_unit, p_ago,  p_carried,   p_vague,
                                       p_past_span,    p_season, p_year};
    *v = (xdval){XP_NONE, {0, 0, 0}, {0, 0, 0}};
    *fl = 0;
    sc->bad = false;
    if (sc->depth >= MAX_DEPTH) return 0;
    sc->depth++;
    size_t used = 0;
    for (size_t k = 0; k < sizeof patterns / sizeof *patterns && !used; k++) {
        used = patterns[k](sc, i, v, fl);
        if (used && v->prec != XP_NONE && v->prec != XP_DOCUMENT && !valid_value(v)) {
            v->prec = XP_NONE;
            sc->st->impossible_dates++;
        }
    }
    sc->depth--;
    return used;
}

/* ---- ranges and prefixes -------------------------------------------------- */

/* "(1999)" after a date corrects its year. */
static size_t paren_year(scan *sc, size_t j, xdval *v, unsigned *fl) {
    const xsent *s = sc->s;
    int y;
    if (!xs_is(s, j, "(") || !(y = xdates_year(s, j + 1, 1000, 2999)) || !xs_is(s, j + 2, ")"))
        return 0;
    if (v->prec == XP_DAY || v->prec == XP_MONTH || v->prec == XP_YEAR) {
        if (!xcal_valid(y, v->a.m, v->a.d)) return 3;
        v->a.y = v->b.y = y;
        *fl |= XD_YEAR;
    }
    return 3;
}

static bool absolute(const xdval *v) {
    return v->prec >= XP_DAY && v->prec <= XP_RANGE;
}

/* X ... Y as a range; a month without a year takes Y's. */
static xdval join(xdval x, unsigned fx, xdval y, unsigned fy) {
    if (!(fx & XD_YEAR) && (fy & XD_YEAR) && x.a.m) x.a.y = y.a.y;
    return v_range(x.a, y.b);
}

static void emit(scan *sc, size_t t0, size_t t1, xdval v, unsigned fl) {
    if (v.prec == XP_NONE) return;
    if (sc->n == sc->cap) {
        sc->st->dropped_mentions++;
        return;
    }
    sc->out[sc->n++] = (xdate_mention){(uint32_t)t0, (uint32_t)t1, v, fl};
}

/* Words that may follow a date without making it a modifier ("the 8th of
 * August in Kabul"). */
static const char *const AFTER_DATE[] = {"of", "in", "and", "to", "when", "as", "at", "on",
                                         "or", "until", "after", "before", "that", "the", NULL};

/* One date expression at i with its prefixes; returns tokens used. */
static size_t expression(scan *sc, size_t i) {
    const xsent *s = sc->s;
    xdval x, y;
    unsigned fx, fy;
    size_t k;

    /* "between X and Y", "from X to|until|through Y" */
    if (xs_is(s, i, "between") || xs_is(s, i, "from")) {
        bool between = xs_is(s, i, "between");
        if ((k = core(sc, i + 1, &x, &fx)) && absolute(&x)) {
            size_t j = i + 1 + k;
            bool sep = between ? xs_is(s, j, "and")
                               : xs_is(s, j, "to") || xs_is(s, j, "until") ||
                                     xs_is(s, j, "till") || xs_is(s, j, "through") ||
                                     xs_dash(s, j);
            size_t k2;
            if (sep && (k2 = core(sc, j + 1, &y, &fy)) && absolute(&y)) {
                emit(sc, i, j + 1 + k2, join(x, fx, y, fy), 0);
                return j + 1 + k2 - i;
            }
        }
        if (!between) return 1; /* "from" alone: go on at the next token */
    }
    /* "since X", "after X": from X to the document date */
    if (xs_is(s, i, "since") || (xs_is(s, i, "after") && xdates_year(s, i + 1, 1000, 2999))) {
        if ((k = core(sc, i + 1, &x, &fx)) && absolute(&x)) {
            k += paren_year(sc, i + 1 + k, &x, &fx);
            if (sc->cx->doc.y) emit(sc, i, i + 1 + k, v_range(x.a, doc_point(sc)), 0);
            else emit(sc, i, i + 1 + k, x, fx & ~XD_CARRY);
            return k + 1;
        }
        return 1;
    }
    /* "before X", "until X": an edge, not the event's date */
    if (xs_is(s, i, "before") || xs_is(s, i, "until") || xs_is(s, i, "till")) {
        if ((k = core(sc, i + 1, &x, &fx)) && absolute(&x)) return k + 1;
        return 1;
    }

    if (!(k = core(sc, i, &x, &fx))) return 0;
    /* "1996-2001", "1996 to 2001": bare year ranges */
    if (x.prec == XP_YEAR && xdates_year(s, i + k - 1, 1000, 2999)) {
        size_t j = i + k, k2;
        bool hy = (xs_flags(s, j - 1) & DW_TOK_HYPHEN) != 0;
        if (!hy && (xs_dash(s, j) || xs_is(s, j, "to"))) j++;
        int y2 = xdates_year(s, j, 1000, 2999);
        if ((hy || j > i + k) && y2 > x.a.y && !xs_in(s, j + 1, COUNT_NOUNS)) {
            k2 = 1;
            emit(sc, i, j + k2, v_range(x.a, (xdate){y2, 0, 0}), 0);
            return j + k2 - i;
        }
    }
    k += paren_year(sc, i + k, &x, &fx);
    /* "the September 11 attacks", "the May 2023 clashes": names a thing, not the event's time */
    if (i > 0 && xs_is(s, i - 1, "the") && i + k < s->n && !xs_cap(s, i + k) &&
        !xs_punct(s, i + k) && !xs_num(s, i + k) && !xs_in(s, i + k, AFTER_DATE))
        fx = (fx & ~XD_CARRY) | XD_ATTRIB;
    emit(sc, i, i + k, x, fx);
    return k;
}

/* Looked for only when a month or a weekday needs it. */
static bool future(scan *sc) {
    static const char *const cues[] = {"will", "'ll", "shall", "scheduled", "upcoming",
                                       "planned", "plans", "expected", NULL};
    if (sc->future < 0) {
        sc->future = 0;
        for (size_t i = 0; i < sc->s->n && !sc->future; i++)
            if (xs_in(sc->s, i, cues)) sc->future = 1;
    }
    return sc->future == 1;
}

/* ---- the scanner's filter ---------------------------------------------------
 *
 * Every expression the patterns above read holds an anchor — a number
 * (any token starting with a digit: lexicon.c), a month, a weekday, a unit,
 * a season or one of the deictic and vague words below — and the words the
 * patterns read before their anchor are all bridge words: prefixes
 * ("between", "since", "the end of", "over the past", "earlier this", "the
 * following") and the number words of counts ("two hundred and fifty",
 * "half a", "a dozen").  So an expression can start at token i only when an
 * anchor follows it through bridge words alone, and the scanner tries no
 * other token (when the sentence has word classes).  A pattern that reads a
 * new word before its anchor must add it to BRIDGE (or ANCHOR) here. */

static const char *const DATE_ANCHORS[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "yesterday", "today", "tonight", "tomorrow", "night", "morning", "afternoon", "evening",
    "day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades",
    "spring", "summer", "autumn", "fall", "winter",
    "recently", "lately", "currently", "nowadays", "present", "recent", NULL};

static const char *const DATE_BRIDGES[] = {
    "between", "from", "since", "after", "before", "until", "till", "on",
    "the", "early", "mid", "middle", "late", "end", "beginning", "start", "of",
    "last", "next", "this", "earlier", "later", "past", "current", "coming",
    "following", "subsequent", "previous", "preceding", "same", "that", "at", "these",
    "in", "over", "during", "for", "throughout", "within",
    "a", "an", "half", "quarter", "and", "dozen", "hundred", "thousand", "million", "mn",
    "mln", "billion", "bn", "trillion", "tn", "zero", "one", "two", "three", "four", "five",
    "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
    "fifty", "sixty", "seventy", "eighty", "ninety", NULL};

int xdates_lexicon(xphrases *lex) {
    const char *const *lists[] = {DATE_ANCHORS, DATE_BRIDGES};
    const int32_t cls[] = {XC_DATE_ANCHOR, XC_DATE_BRIDGE};
    for (int l = 0; l < 2; l++)
        for (const char *const *w = lists[l]; *w; w++) {
            int rc = xphrases_add(lex, *w, strlen(*w), XL_VALUE(XL_CLASS, cls[l]));
            if (rc && rc != DW_EINVAL) return rc;
        }
    for (size_t k = 0; k < sizeof MONTHS / sizeof *MONTHS; k++) {
        int rc = xphrases_add(lex, MONTHS[k].w, strlen(MONTHS[k].w), XL_VALUE(XL_CLASS, XC_DATE_ANCHOR));
        if (rc && rc != DW_EINVAL) return rc;
    }
    return DW_OK;
}

/* Can a date expression start at token i (see above)?  Always when the
 * sentence has no word classes. */
static bool may_start_date(const xsent *s, size_t i) {
    if (!s->cls) return true;
    while (i < s->n && !(s->cls[i] & XC_DATE_ANCHOR) && (s->cls[i] & XC_DATE_BRIDGE)) i++;
    return i < s->n && (s->cls[i] & XC_DATE_ANCHOR);
}

size_t xdates_scan(const xsent *s, const xdate_ctx *cx, xdate_mention *out, size_t cap,
                   xstats *st) {
    scan sc = {s, cx, out, cap, 0, st, -1, false, 0};
    for (size_t i = 0; i < s->n;) {
        if (!xs_may(s, i, XC_DATE) || !may_start_date(s, i)) {
            i++;
            continue;
        }
        size_t k = expression(&sc, i);
        i += k ? k : 1;
    }
    return sc.n;
}
