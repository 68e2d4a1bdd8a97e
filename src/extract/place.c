/*
 * place.c — the place names of a sentence that can be where something
 * happened.  A name is matched in the gazetteer (longest spelling first,
 * first word capitalized); its sense comes from the words around it
 * ("Herat province" → the province, "the Helmand River" → the river).
 *
 * Not every mention is a location:
 *   - a country is one only after a locative preposition and not as a
 *     modifier: "in Afghanistan", "in the north of Afghanistan", but not
 *     "Iran attacked", "Iran's policy", "at the Afghanistan border";
 *   - a capital also names its government ("Kabul blamed Tehran"), so it
 *     needs a locative preposition, "capital" before it ("the Afghan
 *     capital Kabul") or a verb of taking or entering ("captured Kabul");
 *   - a topic is not a location: "disputes over the Helmand River",
 *     "talks about Herat";
 *   - a river is one only beside it or as a subject ("clashes along the
 *     Helmand River", "a dam on the Harirud", "the Helmand River flows");
 *   - places joined by a hyphen name a route: "the Khaf-Herat railway";
 *   - a place inside a longer name is not one: "Herat University".
 * Cities, provinces and points are locations wherever they appear ("the
 * Mashhad consulate").
 *
 * Invariants: no allocation; mentions are in text order and do not overlap;
 * the sentence's word classes (lexicon.c) are required.
 */
#include <string.h>

#include "extract/extract_internal.h"

/* Verbs of taking or entering a city: its name is then a place. */
static const char *const TAKE[] = {"captured", "capture", "seized", "seize", "took", "take",
                                   "taking", "entered", "enter", "overran", "overrun",
                                   "reached", "stormed", "fall", "control", "over", "visited",
                                   "visit", "visiting", "arrived", "returned", NULL};

/* Verbs after a place that is the subject ("the Kajaki Dam was damaged"). */
static const char *const SUBJECT_VERB[] = {"was", "were", "is", "are", "has", "had", "flows",
                                           "runs", "dried", "rose", "fell", "burst", NULL};

/* Nouns after a country that make it a modifier ("the Afghanistan border",
 * "the Iran embassy"), not the place. */
static const char *const MODIFIED[] = {
    "border", "borders", "frontier", "embassy", "embassies", "consulate", "government",
    "authorities", "officials", "official", "forces", "troops", "army", "police", "side",
    "mission", "envoy", "ambassador", "president", "minister", "ministry", "people",
    "nationals", "citizens", "refugees", "migrants", "policy", "war", "conflict", "talks",
    "crisis", "issue", "question", "peace", "trade", "economy", "population", "relations",
    "ties", "affairs", "regime", "leaders", "leadership", "delegation", "team", "nuclear",
    "route", "corridor", "railway", "pipeline", "road", "highway", "deal", NULL};

/* Is the mention at t0 after a locative preposition ("in", "in the north
 * of", "near the city of")?  Needs the word classes of lexicon.c. */
static bool locative_before(const xsent *s, size_t t0) {
    for (size_t k = 1; k <= 6 && k <= t0; k++) {
        size_t j = t0 - k;
        if (xlex_is(s, j, XC_LOC)) return true;
        if (!xlex_is(s, j, XC_FILL)) return false;
    }
    return false;
}

/* A capital names a place, not its government, after a locative, after
 * "capital" ("the Afghan capital Kabul", "the capital, Kabul") or after a
 * verb of taking or entering ("captured Kabul", "the fall of Kabul"). */
static bool capital_as_place(const xsent *s, size_t i, bool loc) {
    if (loc) return true;
    if (i == 0) return false;
    if (xs_is(s, i - 1, "capital") || xs_in(s, i - 1, TAKE)) return true;
    if (i < 2) return false;
    return (xs_is(s, i - 1, ",") && xs_is(s, i - 2, "capital")) ||
           (xs_is(s, i - 1, "of") && xs_in(s, i - 2, TAKE));
}

/* A river is where something happened only beside it ("along the Helmand
 * River", "on the Harirud") or as a subject ("the Helmand River flows"). */
static bool river_as_place(const xsent *s, size_t i, size_t t1, bool loc) {
    size_t j = i > 0 && xs_is(s, i - 1, "the") ? i - 1 : i;
    return loc || (j > 0 && xs_is(s, j - 1, "on")) || (t1 < s->n && xs_in(s, t1, SUBJECT_VERB));
}

/* A topic, not a location: "disputes over the Helmand River", "talks on
 * water from the Helmand River", "a row about Herat".  Looks back through
 * the noun phrase (up to eight words, no punctuation, not past in/at/near)
 * for over/on/about after a word of dispute or talk, or about/regarding. */
static bool topic_before(const xsent *s, size_t t0) {
    for (size_t k = 1; k <= 8 && k <= t0; k++) {
        size_t j = t0 - k;
        if (xs_punct(s, j) || xlex_is(s, j, XC_LOC)) return false;
        if (!xlex_is(s, j, XC_TOPIC)) continue;
        if (xs_is(s, j, "about") || xs_is(s, j, "regarding") || xs_is(s, j, "concerning"))
            return true;
        if (j > 0 && xlex_is(s, j - 1, XC_DISPUTE)) return true; /* over, on */
    }
    return false;
}

/* Capitalized words that may follow a place name without making it part
 * of a longer name ("Herat Province", not "Herat University"). */
static const char *const SUFFIX[] = {"province", "city", "river", "dam", "district", "valley",
                                     "lake", "crossing", "border", "town", "region", "airport",
                                     "port", "county", NULL};

/* Part of a longer proper name: "the Helmand Water Treaty", "Kabul Bank". */
static bool inside_name(const xsent *s, size_t t1) {
    if (t1 >= s->n || !(xs_flags(s, t1) & DW_TOK_CAP) || xs_in(s, t1, SUFFIX)) return false;
    if (xdates_month(s, t1)) return false;
    static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                       "saturday", "sunday", NULL};
    return !xs_in(s, t1, days);
}

/* The type the words around a name ask for, or -1. */
static int type_hint(const xsent *s, size_t t0, size_t t1) {
    if (xs_is(s, t1, "province") || xs_is(s, t1, "provinces") ||
        (t0 >= 2 && xs_is(s, t0 - 1, "of") && xs_is(s, t0 - 2, "province")))
        return XT_ADM1;
    if (xs_is(s, t1, "city") || xs_is(s, t1, "town") ||
        (t0 >= 2 && xs_is(s, t0 - 1, "of") && (xs_is(s, t0 - 2, "city") || xs_is(s, t0 - 2, "town"))))
        return XT_CITY;
    if (xs_is(s, t1, "river") || xs_is(s, t1, "dam") || xs_is(s, t1, "crossing") ||
        xs_is(s, t1, "lake") || xs_is(s, t1, "wetlands"))
        return XT_POINT;
    return -1;
}

size_t xplaces_scan(const dw_gazetteer *g, const xsent *s, xplace_mention *out, size_t cap,
                    xstats *st) {
    size_t n = 0;
    if (!g) return 0;
    for (size_t i = 0; i < s->n;) {
        size_t nt = 0;
        int32_t chain = xs_cap(s, i) ? xphrases_match(&g->names, s, i, s->n, &nt) : -1;
        if (chain < 0) {
            i++;
            continue;
        }
        size_t t1 = i + nt;
        int32_t pi = xgaz_pick(g, chain, type_hint(s, i, t1));
        const xplace *p = xgaz_place(g, pi);
        bool loc = locative_before(s, i);
        bool poss = (xs_flags(s, t1 - 1) & DW_TOK_POSS) != 0;
        /* "the Khaf-Herat railway", "Zaranj-Milak": a route between places */
        bool joined = (i > 0 && (xs_flags(s, i - 1) & DW_TOK_HYPHEN)) ||
                      (xs_flags(s, t1 - 1) & DW_TOK_HYPHEN);
        bool keep = p && !joined && !topic_before(s, i) && !inside_name(s, t1);
        if (keep && p->type == XT_COUNTRY) keep = loc && !poss && !xs_in(s, t1, MODIFIED);
        else if (keep && (p->flags & XPF_RIVER)) keep = river_as_place(s, i, t1, loc);
        else if (keep && (p->flags & XPF_CAPITAL)) keep = !poss && capital_as_place(s, i, loc);
        if (keep) {
            if (n < cap) out[n++] = (xplace_mention){(uint32_t)i, (uint32_t)t1, pi, loc};
            else st->dropped_mentions++;
        }
        i = t1;
    }
    return n;
}
