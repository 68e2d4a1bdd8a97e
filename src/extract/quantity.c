/*
 * quantity.c — finds the amounts of a sentence and types them by what
 * they count (the quantity keys of docs/event-schema.md).
 *
 * An amount is a number (see number.c) or a vague word, with what comes
 * around it:
 *   qualifier   before it: at least, more than / over, at most / under,
 *               up to / as many as, nearly / almost, about / around / some
 *   range       "8 or 10", "two or three", "84-103", "between 84 and 103":
 *               value = the low figure (ACLED takes the most conservative),
 *               low and high kept, qualifier "range" unless one was given
 *   unit        % / percent → percent; $ / dollars / USD → money_usd;
 *               cubic metres / m3 / bcm → volume_m3; km / kilometres /
 *               miles → length_km (miles converted); other currencies,
 *               weights and flow rates are not reported
 *   what        the first known noun in the next five words (people,
 *               troops, deaths, rockets...) and the nearest outcome verb
 *               (killed, wounded, arrested, abducted, deported, displaced)
 *               just before the amount (within five words) or after its
 *               noun (within eight, not past punctuation, a preposition or
 *               another number, but over one aside: "nine diplomats and a
 *               journalist were killed", "three people, including a child,
 *               were wounded").
 * An outcome verb types people, troops and unnamed amounts ("killed
 * nine", "nine Iranian diplomats were killed"); a measure unit wins over
 * any verb.  Vague words follow ACLED: tens → 10, dozens → 12, scores → 20,
 * hundreds → 100, thousands → 1000 (tens/hundreds of thousands → 10000 /
 * 100000); "several", "many", "numerous" → 10 and "a few", "a handful" →
 * 3, "a couple" → 2 are reported only for outcomes (killed, wounded, ...),
 * the others also for people, troops, displaced and deported.  The word
 * is kept as the qualifier.
 *
 * Invariants: no allocation; a number past XQ_MAX is skipped and counted
 * in st->overflows; tokens inside date mentions are never amounts.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "extract/extract_internal.h"

const char *xqkey_name(xqkey k) {
    static const char *const names[XK_N] = {"",          "killed",   "wounded",   "arrested",
                                            "abducted",  "deported", "displaced", "troops",
                                            "people",    "money_usd", "percent",  "volume_m3",
                                            "length_km", "count"};
    return k < XK_N ? names[k] : "";
}

/* ---- lexicons -------------------------------------------------------------- */

typedef struct lex {
    const char *w;
    xqkey key;
} lex;

#define LEN(a) (sizeof(a) / sizeof *(a))

/* Outcome verbs and words that type the amount next to them. */
static const lex OUTCOMES[] = {
    {"killed", XK_KILLED},      {"kill", XK_KILLED},        {"kills", XK_KILLED},
    {"killing", XK_KILLED},     {"died", XK_KILLED},        {"die", XK_KILLED},
    {"dead", XK_KILLED},        {"slain", XK_KILLED},       {"executed", XK_KILLED},
    {"hanged", XK_KILLED},      {"martyred", XK_KILLED},    {"perished", XK_KILLED},
    {"toll", XK_KILLED},        {"deaths", XK_KILLED},      {"lives", XK_KILLED},
    {"bodies", XK_KILLED},      {"drowned", XK_KILLED},     {"beheaded", XK_KILLED},
    {"wounded", XK_WOUNDED},    {"wounding", XK_WOUNDED},   {"injured", XK_WOUNDED},
    {"injuring", XK_WOUNDED},   {"hurt", XK_WOUNDED},       {"injuries", XK_WOUNDED},
    {"arrested", XK_ARRESTED},  {"arresting", XK_ARRESTED}, {"arrest", XK_ARRESTED},
    {"arrests", XK_ARRESTED},   {"detained", XK_ARRESTED},  {"detaining", XK_ARRESTED},
    {"detain", XK_ARRESTED},    {"apprehended", XK_ARRESTED}, {"captured", XK_ARRESTED},
    {"capturing", XK_ARRESTED}, {"jailed", XK_ARRESTED},    {"imprisoned", XK_ARRESTED},
    {"held", XK_ARRESTED},      {"abducted", XK_ABDUCTED},  {"abducting", XK_ABDUCTED},
    {"kidnapped", XK_ABDUCTED}, {"kidnapping", XK_ABDUCTED}, {"disappeared", XK_ABDUCTED},
    {"hostage", XK_ABDUCTED},   {"deported", XK_DEPORTED},  {"deporting", XK_DEPORTED},
    {"deport", XK_DEPORTED},    {"deports", XK_DEPORTED},   {"expelled", XK_DEPORTED},
    {"expelling", XK_DEPORTED}, {"expel", XK_DEPORTED},     {"expels", XK_DEPORTED},
    {"deportation", XK_DEPORTED}, {"expulsion", XK_DEPORTED}, {"displaced", XK_DISPLACED},
    {"displacing", XK_DISPLACED}, {"fled", XK_DISPLACED},   {"fleeing", XK_DISPLACED},
    {"flee", XK_DISPLACED},     {"evacuated", XK_DISPLACED}};

typedef enum nclass { N_NONE, N_PERSON, N_TROOPS, N_OUTCOME, N_COUNT, N_STOP } nclass;

typedef struct noun {
    const char *w;
    nclass c;
    xqkey key; /* for N_OUTCOME */
} noun;

static const noun NOUNS[] = {
    /* people */
    {"people", N_PERSON, 0}, {"person", N_PERSON, 0}, {"persons", N_PERSON, 0},
    {"civilians", N_PERSON, 0}, {"civilian", N_PERSON, 0}, {"diplomats", N_PERSON, 0},
    {"diplomat", N_PERSON, 0}, {"journalists", N_PERSON, 0}, {"journalist", N_PERSON, 0},
    {"migrants", N_PERSON, 0}, {"migrant", N_PERSON, 0}, {"afghans", N_PERSON, 0},
    {"iranians", N_PERSON, 0}, {"pakistanis", N_PERSON, 0}, {"americans", N_PERSON, 0},
    {"nationals", N_PERSON, 0}, {"citizens", N_PERSON, 0}, {"residents", N_PERSON, 0},
    {"villagers", N_PERSON, 0}, {"workers", N_PERSON, 0}, {"labourers", N_PERSON, 0},
    {"laborers", N_PERSON, 0}, {"students", N_PERSON, 0}, {"children", N_PERSON, 0},
    {"women", N_PERSON, 0}, {"men", N_PERSON, 0}, {"girls", N_PERSON, 0},
    {"boys", N_PERSON, 0}, {"pilgrims", N_PERSON, 0}, {"protesters", N_PERSON, 0},
    {"demonstrators", N_PERSON, 0}, {"prisoners", N_PERSON, 0}, {"inmates", N_PERSON, 0},
    {"returnees", N_PERSON, 0}, {"smugglers", N_PERSON, 0}, {"traffickers", N_PERSON, 0},
    {"officials", N_PERSON, 0}, {"official", N_PERSON, 0}, {"members", N_PERSON, 0},
    {"delegates", N_PERSON, 0}, {"traders", N_PERSON, 0}, {"merchants", N_PERSON, 0},
    {"drivers", N_PERSON, 0}, {"passengers", N_PERSON, 0}, {"police", N_PERSON, 0},
    {"policemen", N_PERSON, 0}, {"policeman", N_PERSON, 0}, {"officers", N_PERSON, 0},
    {"teachers", N_PERSON, 0}, {"doctors", N_PERSON, 0}, {"tourists", N_PERSON, 0},
    {"individuals", N_PERSON, 0}, {"victims", N_PERSON, 0}, {"worshippers", N_PERSON, 0},
    {"employees", N_PERSON, 0}, {"staff", N_PERSON, 0}, {"clerics", N_PERSON, 0},
    {"activists", N_PERSON, 0}, {"hazaras", N_PERSON, 0}, {"shiites", N_PERSON, 0},
    {"sunnis", N_PERSON, 0}, {"engineers", N_PERSON, 0}, {"farmers", N_PERSON, 0},
    {"asylum", N_PERSON, 0}, {"crew", N_PERSON, 0}, {"truckers", N_PERSON, 0},
    {"leaders", N_PERSON, 0}, {"commanders", N_PERSON, 0}, {"commander", N_PERSON, 0},
    /* troops */
    {"troops", N_TROOPS, 0}, {"soldiers", N_TROOPS, 0}, {"soldier", N_TROOPS, 0},
    {"forces", N_TROOPS, 0}, {"servicemen", N_TROOPS, 0}, {"personnel", N_TROOPS, 0},
    {"guards", N_TROOPS, 0}, {"guard", N_TROOPS, 0}, {"militiamen", N_TROOPS, 0},
    {"fighters", N_TROOPS, 0}, {"fighter", N_TROOPS, 0}, {"militants", N_TROOPS, 0},
    {"militant", N_TROOPS, 0}, {"insurgents", N_TROOPS, 0}, {"combatants", N_TROOPS, 0},
    {"commandos", N_TROOPS, 0}, {"conscripts", N_TROOPS, 0}, {"reservists", N_TROOPS, 0},
    {"divisions", N_TROOPS, 0}, {"militia", N_TROOPS, 0},
    /* outcomes named by a noun */
    {"dead", N_OUTCOME, XK_KILLED}, {"deaths", N_OUTCOME, XK_KILLED},
    {"fatalities", N_OUTCOME, XK_KILLED}, {"bodies", N_OUTCOME, XK_KILLED},
    {"killed", N_OUTCOME, XK_KILLED}, {"lives", N_OUTCOME, XK_KILLED},
    {"wounded", N_OUTCOME, XK_WOUNDED}, {"injured", N_OUTCOME, XK_WOUNDED},
    {"injuries", N_OUTCOME, XK_WOUNDED}, {"detainees", N_OUTCOME, XK_ARRESTED},
    {"arrests", N_OUTCOME, XK_ARRESTED}, {"hostages", N_OUTCOME, XK_ABDUCTED},
    {"hostage", N_OUTCOME, XK_ABDUCTED}, {"deportees", N_OUTCOME, XK_DEPORTED},
    {"deportations", N_OUTCOME, XK_DEPORTED}, {"refugees", N_OUTCOME, XK_DISPLACED},
    {"refugee", N_OUTCOME, XK_DISPLACED}, {"idps", N_OUTCOME, XK_DISPLACED},
    {"displaced", N_OUTCOME, XK_DISPLACED}, {"evacuees", N_OUTCOME, XK_DISPLACED},
    /* countable things */
    {"vehicles", N_COUNT, 0}, {"trucks", N_COUNT, 0}, {"lorries", N_COUNT, 0},
    {"tankers", N_COUNT, 0}, {"cars", N_COUNT, 0}, {"buses", N_COUNT, 0},
    {"rockets", N_COUNT, 0}, {"missiles", N_COUNT, 0}, {"mortars", N_COUNT, 0},
    {"shells", N_COUNT, 0}, {"drones", N_COUNT, 0}, {"weapons", N_COUNT, 0},
    {"rifles", N_COUNT, 0}, {"guns", N_COUNT, 0}, {"grenades", N_COUNT, 0},
    {"mines", N_COUNT, 0}, {"bombs", N_COUNT, 0}, {"ieds", N_COUNT, 0},
    {"posts", N_COUNT, 0}, {"checkpoints", N_COUNT, 0}, {"outposts", N_COUNT, 0},
    {"bases", N_COUNT, 0}, {"villages", N_COUNT, 0}, {"houses", N_COUNT, 0},
    {"homes", N_COUNT, 0}, {"schools", N_COUNT, 0}, {"buildings", N_COUNT, 0},
    {"shops", N_COUNT, 0}, {"mosques", N_COUNT, 0}, {"attacks", N_COUNT, 0},
    {"clashes", N_COUNT, 0}, {"incidents", N_COUNT, 0}, {"agreements", N_COUNT, 0},
    {"documents", N_COUNT, 0}, {"memoranda", N_COUNT, 0}, {"mous", N_COUNT, 0},
    {"projects", N_COUNT, 0}, {"delegations", N_COUNT, 0}, {"meetings", N_COUNT, 0},
    {"helicopters", N_COUNT, 0}, {"aircraft", N_COUNT, 0}, {"planes", N_COUNT, 0},
    {"tanks", N_COUNT, 0}, {"boats", N_COUNT, 0}, {"containers", N_COUNT, 0},
    {"shipments", N_COUNT, 0}, {"consignments", N_COUNT, 0}, {"crossings", N_COUNT, 0},
    {"wells", N_COUNT, 0}, {"bridges", N_COUNT, 0}, {"factories", N_COUNT, 0},
    {"hospitals", N_COUNT, 0}, {"camps", N_COUNT, 0}, {"consulates", N_COUNT, 0},
    /* not amounts of anything reported */
    {"year", N_STOP, 0}, {"years", N_STOP, 0}, {"month", N_STOP, 0}, {"months", N_STOP, 0},
    {"week", N_STOP, 0}, {"weeks", N_STOP, 0}, {"day", N_STOP, 0}, {"days", N_STOP, 0},
    {"decade", N_STOP, 0}, {"decades", N_STOP, 0}, {"hour", N_STOP, 0}, {"hours", N_STOP, 0},
    {"minutes", N_STOP, 0}, {"seconds", N_STOP, 0}, {"century", N_STOP, 0},
    {"centuries", N_STOP, 0}, {"time", N_STOP, 0}, {"times", N_STOP, 0},
    {"countries", N_STOP, 0}, {"country", N_STOP, 0}, {"nations", N_STOP, 0},
    {"sides", N_STOP, 0}, {"side", N_STOP, 0}, {"parties", N_STOP, 0},
    {"provinces", N_STOP, 0}, {"province", N_STOP, 0}, {"districts", N_STOP, 0},
    {"cities", N_STOP, 0}, {"points", N_STOP, 0}, {"ways", N_STOP, 0}, {"reasons", N_STOP, 0},
    {"steps", N_STOP, 0}, {"phases", N_STOP, 0}, {"stages", N_STOP, 0}, {"rounds", N_STOP, 0},
    {"tonnes", N_STOP, 0}, {"tons", N_STOP, 0}, {"tonne", N_STOP, 0}, {"ton", N_STOP, 0},
    {"kg", N_STOP, 0}, {"kilograms", N_STOP, 0}, {"kilos", N_STOP, 0}, {"grams", N_STOP, 0},
    {"pounds", N_STOP, 0}, {"euros", N_STOP, 0}, {"rials", N_STOP, 0}, {"tomans", N_STOP, 0},
    {"afghanis", N_STOP, 0}, {"rupees", N_STOP, 0}, {"yuan", N_STOP, 0}, {"pm", N_STOP, 0},
    {"am", N_STOP, 0}, {"p.m.", N_STOP, 0}, {"a.m.", N_STOP, 0}, {"gmt", N_STOP, 0},
    {"degrees", N_STOP, 0}, {"metres", N_STOP, 0}, {"meters", N_STOP, 0}, {"litres", N_STOP, 0},
    {"liters", N_STOP, 0}, {"barrels", N_STOP, 0}, {"megawatts", N_STOP, 0}, {"mw", N_STOP, 0},
    {"another", N_STOP, 0}, {"per", N_STOP, 0}, {"percentage", N_STOP, 0}};

int xqty_lexicon(xphrases *lex) {
    for (size_t i = 0; i < LEN(NOUNS); i++) {
        int rc = xphrases_add(lex, NOUNS[i].w, strlen(NOUNS[i].w),
                              XL_VALUE(XL_NOUN, (int)i));
        if (rc && rc != DW_EINVAL) return rc;
    }
    for (size_t i = 0; i < LEN(OUTCOMES); i++) {
        int rc = xphrases_add(lex, OUTCOMES[i].w, strlen(OUTCOMES[i].w),
                              XL_VALUE(XL_OUTCOME, (int)OUTCOMES[i].key));
        if (rc && rc != DW_EINVAL) return rc;
    }
    return DW_OK;
}

/* The noun at token i, through the lexicon (a list scan without one). */
static const noun *find_noun(const xsent *s, size_t i) {
    if (s->lex) {
        int k = xlex_find(s, i, XL_NOUN);
        return k >= 0 && (size_t)k < LEN(NOUNS) ? &NOUNS[k] : NULL;
    }
    const char *w = xs_norm(s, i);
    for (size_t k = 0; k < LEN(NOUNS); k++)
        if (strcmp(NOUNS[k].w, w) == 0) return &NOUNS[k];
    return NULL;
}

/* ---- qualifiers and vague amounts ------------------------------------------ */

typedef struct qual {
    const char *words[3];
    const char *name;
} qual;

static const qual QUALS[] = {
    {{"no", "fewer", "than"}, "at least"}, {{"no", "less", "than"}, "at least"},
    {{"a", "minimum", "of"}, "at least"},  {{"at", "least", NULL}, "at least"},
    {{"upwards", "of", NULL}, "more than"}, {{"in", "excess", "of"}, "more than"},
    {{"well", "over", NULL}, "more than"}, {{"just", "over", NULL}, "more than"},
    {{"more", "than", NULL}, "more than"}, {{"over", NULL, NULL}, "more than"},
    {{"above", NULL, NULL}, "more than"},  {{"no", "more", "than"}, "at most"},
    {{"at", "most", NULL}, "at most"},     {{"less", "than", NULL}, "at most"},
    {{"fewer", "than", NULL}, "at most"},  {{"under", NULL, NULL}, "at most"},
    {{"as", "many", "as"}, "up to"},       {{"as", "much", "as"}, "up to"},
    {{"up", "to", NULL}, "up to"},         {{"just", "short", "of"}, "nearly"},
    {{"just", "under", NULL}, "nearly"},   {{"close", "to", NULL}, "nearly"},
    {{"nearly", NULL, NULL}, "nearly"},    {{"almost", NULL, NULL}, "nearly"},
    {{"an", "estimated", NULL}, "about"},  {{"estimated", NULL, NULL}, "about"},
    {{"approximately", NULL, NULL}, "about"}, {{"roughly", NULL, NULL}, "about"},
    {{"around", NULL, NULL}, "about"},     {{"about", NULL, NULL}, "about"},
    {{"some", NULL, NULL}, "about"},       {{"approx", NULL, NULL}, "about"},
    {{"circa", NULL, NULL}, "about"},      {{"~", NULL, NULL}, "about"}};

/* The qualifier ending just before token `at`: its name and length. */
static const char *qualifier_before(const xsent *s, size_t at, size_t *len) {
    for (size_t q = 0; q < LEN(QUALS); q++) {
        size_t n = 0;
        while (n < 3 && QUALS[q].words[n]) n++;
        if (n > at) continue;
        size_t k = 0;
        while (k < n && xs_is(s, at - n + k, QUALS[q].words[k])) k++;
        if (k == n) {
            *len = n;
            return QUALS[q].name;
        }
    }
    *len = 0;
    return NULL;
}

typedef struct vague {
    const char *w1, *w2, *w3;
    double value;
    const char *name;
    bool weak; /* reported for outcomes only */
} vague;

static const vague VAGUE[] = {
    {"tens", "of", "thousands", 1e4, "tens of 1000s", false},
    {"hundreds", "of", "thousands", 1e5, "100s of 1000s", false},
    {"a", "few", "hundred", 100, "hundreds", false},
    {"a", "few", "thousand", 1000, "thousands", false},
    {"a", "few", "dozen", 12, "dozens", false},
    {"several", "hundred", NULL, 100, "hundreds", false},
    {"several", "thousand", NULL, 1000, "thousands", false},
    {"several", "dozen", NULL, 12, "dozens", false},
    {"dozens", NULL, NULL, 12, "dozens", false},
    {"scores", NULL, NULL, 20, "scores", false},
    {"hundreds", NULL, NULL, 100, "hundreds", false},
    {"thousands", NULL, NULL, 1000, "thousands", false},
    {"millions", NULL, NULL, 1e6, "millions", false},
    {"tens", NULL, NULL, 10, "tens", false},
    {"several", NULL, NULL, 10, "several", true},
    {"many", NULL, NULL, 10, "many", true},
    {"numerous", NULL, NULL, 10, "many", true},
    {"a", "few", NULL, 3, "a few", true},
    {"a", "handful", NULL, 3, "a few", true},
    {"a", "couple", NULL, 2, "a couple", true}};

static const vague *vague_at(const xsent *s, size_t i, size_t *len) {
    for (size_t v = 0; v < LEN(VAGUE); v++) {
        const vague *q = &VAGUE[v];
        if (!xs_is(s, i, q->w1)) continue;
        if (q->w2 && !xs_is(s, i + 1, q->w2)) continue;
        if (q->w3 && !xs_is(s, i + 2, q->w3)) continue;
        *len = 1 + (q->w2 != NULL) + (q->w3 != NULL);
        return q;
    }
    return NULL;
}

/* ---- units -------------------------------------------------------------------- */

typedef struct unit_match {
    xqkey key;
    double factor;
    size_t len;
    bool drop; /* a unit we do not report (flow rate, other currency) */
} unit_match;

static bool metre_word(const xsent *s, size_t i) {
    return xs_is(s, i, "metres") || xs_is(s, i, "meters") || xs_is(s, i, "metre") ||
           xs_is(s, i, "meter");
}

static bool per_second(const xsent *s, size_t i) {
    return (xs_is(s, i, "per") || xs_is(s, i, "a")) &&
           (xs_is(s, i + 1, "second") || xs_is(s, i + 1, "sec"));
}

static unit_match unit_at(const xsent *s, size_t i) {
    unit_match u = {XK_NONE, 1, 0, false};
    if (xs_is(s, i, "%") || xs_is(s, i, "percent") || xs_is(s, i, "pc")) u.key = XK_PERCENT, u.len = 1;
    else if (xs_is(s, i, "per") && xs_is(s, i + 1, "cent")) u.key = XK_PERCENT, u.len = 2;
    else if (xs_is(s, i, "dollars") || xs_is(s, i, "dollar") || xs_is(s, i, "usd"))
        u.key = XK_MONEY, u.len = 1;
    else if ((xs_is(s, i, "us") || xs_is(s, i, "u.s.")) && xs_is(s, i + 1, "dollars"))
        u.key = XK_MONEY, u.len = 2;
    else if (xs_is(s, i, "cubic") && metre_word(s, i + 1)) u.key = XK_VOLUME, u.len = 2;
    else if (xs_is(s, i, "m3") || xs_is(s, i, "m\xC2\xB3")) u.key = XK_VOLUME, u.len = 1;
    else if (xs_is(s, i, "bcm")) u.key = XK_VOLUME, u.factor = 1e9, u.len = 1;
    else if (xs_is(s, i, "mcm")) u.key = XK_VOLUME, u.factor = 1e6, u.len = 1;
    else if (xs_is(s, i, "km") || xs_is(s, i, "kms") || xs_is(s, i, "kilometres") ||
             xs_is(s, i, "kilometers") || xs_is(s, i, "kilometre") || xs_is(s, i, "kilometer"))
        u.key = XK_LENGTH, u.len = 1;
    else if (xs_is(s, i, "miles") || xs_is(s, i, "mile"))
        u.key = XK_LENGTH, u.factor = 1.609344, u.len = 1;
    if (u.key == XK_VOLUME && per_second(s, i + u.len)) u.drop = true;
    return u;
}

/* "300km": digits fused with a length unit. */
static bool fused_length(const xsent *s, size_t i, double *v) {
    const char *w = xs_norm(s, i);
    size_t n = strlen(w), k = 0;
    while (k < n && w[k] >= '0' && w[k] <= '9') k++;
    if (!k || k > 9 || (strcmp(w + k, "km") && strcmp(w + k, "kms"))) return false;
    double x = 0;
    for (size_t j = 0; j < k; j++) x = x * 10 + (w[j] - '0');
    *v = x;
    return true;
}

/* ---- typing -------------------------------------------------------------------- */

/* Words a backward search for the outcome verb steps over. */
static const char *const BACK_SKIP[] = {"and", ",", "or", "the", "a", "an", "to", "of", "rose",
                                        "reached", "climbed", "risen", "up", "had", "has",
                                        "have", "been", "reportedly", "allegedly", "also",
                                        "was", "were", "a", "total", "least", "at", NULL};
/* Words that end a forward search for the outcome verb ("nine diplomats
 * and a journalist were killed" reads on; "nine people said that" stops). */
static const char *const FWD_STOP[] = {"said", "says", "say", "that", "which", "but", "while",
                                       "when", "after", "before", "because", "in", "on", "at",
                                       "by", "near", "from", "into", "with", "to", "for", "as",
                                       "than", "of", NULL};

static xqkey outcome_at(const xsent *s, size_t i) {
    if (s->lex) {
        int k = xlex_find(s, i, XL_OUTCOME);
        return k > 0 && k < XK_N ? (xqkey)k : XK_NONE;
    }
    const char *w = xs_norm(s, i);
    for (size_t k = 0; k < LEN(OUTCOMES); k++)
        if (strcmp(OUTCOMES[k].w, w) == 0) return OUTCOMES[k].key;
    return XK_NONE;
}

/* Nearest outcome verb before token `at` (within five words); *dist set. */
static xqkey outcome_before(const xsent *s, size_t at, size_t *dist, size_t *where) {
    for (size_t k = 1; k <= 5 && k <= at; k++) {
        xqkey key = outcome_at(s, at - k);
        if (key) {
            *dist = k;
            *where = at - k;
            return key;
        }
        if (!xs_in(s, at - k, BACK_SKIP)) break;
    }
    return XK_NONE;
}

/* ", including a child," / ", among them two women," between an amount
 * and its verb: returns the token after the closing comma, or 0. */
static size_t skip_aside(const xsent *s, size_t j) {
    static const char *const opens[] = {"including", "among", "mostly", "mainly", "many",
                                        "most", "all", "some", NULL};
    if (!xs_is(s, j, ",") || !xs_in(s, j + 1, opens)) return 0;
    for (size_t k = j + 2; k < s->n && k < j + 12; k++)
        if (xs_is(s, k, ",")) return k + 1;
    return 0;
}

static xqkey outcome_after(const xsent *s, size_t from, size_t *dist, size_t *at) {
    bool aside = false;
    size_t words = 0; /* words stepped over, the aside not counted */
    for (size_t j = from; j < s->n && words < 8; j++) {
        xqkey key = outcome_at(s, j);
        if (key) {
            *dist = words + 1;
            *at = j;
            return key;
        }
        size_t past = aside ? 0 : skip_aside(s, j);
        if (past) {
            aside = true;
            j = past - 1;
            continue;
        }
        if (xs_punct(s, j) || xs_num(s, j) || xs_in(s, j, FWD_STOP)) break;
        words++;
    }
    return XK_NONE;
}

/* The first known noun within five words after `from`. */
static const noun *head_noun(const xsent *s, size_t from, size_t *at) {
    static const char *const stops[] = {"and", "or", "who", "that", "which", "were", "was",
                                        "are", "is", "have", "has", "had", "in", "at", "on",
                                        "from", "by", "with", "to", "as", "after", "during",
                                        "since", "for", "while", "when", NULL};
    for (size_t k = 0; k < 5 && from + k < s->n; k++) {
        size_t j = from + k;
        if (xs_punct(s, j) || xs_num(s, j)) return NULL;
        const noun *n = find_noun(s, j);
        if (n) {
            *at = j;
            return n;
        }
        if (xs_in(s, j, stops)) return NULL;
    }
    return NULL;
}

static bool in_dates(const xdate_mention *d, size_t nd, size_t i, size_t *end) {
    for (size_t k = 0; k < nd; k++)
        if (i >= d[k].t0 && i < d[k].t1) {
            *end = d[k].t1;
            return true;
        }
    return false;
}

/* Words before a number that make it a label, not an amount. */
static const char *const LABELS[] = {"resolution", "article", "chapter", "number", "no", "no.",
                                     "paragraph", "section", "flight", "route", "highway",
                                     "page", "phase", "level", "grade", "class", "line",
                                     "covid", "g", "p", "version", "room", "pillar", NULL};

typedef struct amount {
    double value, low, high;
    bool range, money, vague, weak, one;
    const char *qual;
    size_t t0, t1; /* tokens of the amount itself */
} amount;

static double scale_of_last(const xsent *s, size_t last) {
    if (xs_is(s, last, "million") || xs_is(s, last, "mn") || xs_is(s, last, "m")) return 1e6;
    if (xs_is(s, last, "billion") || xs_is(s, last, "bn")) return 1e9;
    if (xs_is(s, last, "thousand")) return 1e3;
    return 0;
}

/* Reads the amount at i ("$", numbers, ranges, vague words); returns the
 * tokens used, 0 when there is none (*skip then says how far to jump). */
static size_t read_amount(const xsent *s, size_t i, amount *a, xstats *st, size_t *skip) {
    memset(a, 0, sizeof *a);
    *skip = 1;
    size_t j = i;
    if (xs_is(s, j, "$") || xs_is(s, j, "us$") ||
        (xs_is(s, j, "usd") && (xs_num(s, j + 1) || xs_is(s, j + 1, "$")))) {
        a->money = true;
        j++;
        if (xs_is(s, j, "$")) j++;
    }
    size_t vl;
    const vague *vq = a->money || !xs_may(s, j, XC_VAGUE) ? NULL : vague_at(s, j, &vl);
    /* "how many", "so many", "not many": a question or a comparison */
    static const char *const before_vague[] = {"how", "so", "too", "as", "not", "that", NULL};
    if (vq && j > 0 && xs_in(s, j - 1, before_vague)) vq = NULL, *skip = 1 + (j - i);
    if (vq) {
        a->value = vq->value;
        a->qual = vq->name;
        a->vague = true;
        a->weak = vq->weak;
        a->t0 = i;
        a->t1 = j + vl;
        return a->t1 - i;
    }
    bool over = false;
    double v;
    size_t used = xnumber_parse(s, j, s->n, a->money, &v, &over);
    if (over) {
        st->overflows++;
        *skip = j + used - i;
        return 0;
    }
    if (!used) return 0;
    a->one = used == 1 && xs_is(s, j, "one");
    a->value = a->low = v;
    size_t k = j + used;
    /* ranges and alternatives: "8 or 10", "84-103", "84 to 103", "between 84 and 103" */
    bool hyphen = (xs_flags(s, k - 1) & DW_TOK_HYPHEN) != 0;
    size_t sep = 0;
    if (i > 0 && xs_is(s, i - 1, "between") && xs_is(s, k, "and")) sep = 1;
    else if (xs_is(s, k, "or") || xs_dash(s, k)) sep = 1;
    else if (xs_is(s, k, "to") && !(i > 0 && xs_is(s, i - 1, "from"))) sep = 1;
    if (sep || hyphen) {
        size_t m = k + sep;
        if (xs_is(s, m, "$")) m++;
        double v2 = 0;
        bool over2 = false;
        size_t used2 = xnumber_parse(s, m, s->n, a->money, &v2, &over2);
        if (over2) {
            st->overflows++;
            *skip = m + used2 - i;
            return 0;
        }
        if (used2) {
            /* "between 1.5 and 2 million": the scale applies to both */
            double sc = scale_of_last(s, m + used2 - 1);
            if (sc && !scale_of_last(s, k - 1) && v < v2 && v * sc <= XQ_MAX) v *= sc;
            if (v2 > v) {
                a->range = true;
                a->value = a->low = v;
                a->high = v2;
                a->one = false;
                k = m + used2;
            }
        }
    }
    a->t0 = i;
    a->t1 = k;
    return k - i;
}

static void copy_qual(char out[16], const char *q) { snprintf(out, 16, "%s", q ? q : "exact"); }

/* What an amount without a unit counts: from the first known noun after
 * it and the nearest outcome verb (see the header).  *end gets the token
 * after the amount's noun and *verb the token of the typing verb (or
 * UINT32_MAX); XK_NONE when it is not reported. */
static xqkey what_it_counts(const xsent *s, const amount *a, size_t start, size_t tail,
                            size_t *end, size_t *verb) {
    size_t nat = tail;
    const noun *hn = head_noun(s, tail, &nat);
    *end = hn ? nat + 1 : tail;
    *verb = UINT32_MAX;
    if (hn && hn->c == N_STOP) return XK_NONE;
    size_t df = 99, db = 99, fat = 0, bat = 0;
    xqkey fwd = outcome_after(s, *end, &df, &fat);
    if (fwd) df += *end - tail;
    xqkey back = outcome_before(s, start, &db, &bat);
    nclass c = hn ? hn->c : N_NONE;
    /* an outcome word as the noun ("two killed", "two others wounded") is a
     * forward outcome at its own distance, unless a verb follows it ("two
     * detainees had died") */
    if (c == N_OUTCOME && !fwd) fwd = hn->key, df = nat - tail + 1, fat = nat;
    xqkey by = fwd ? fwd : back;
    size_t by_at = fwd ? fat : bat;
    if (fwd && back && db < df) by = back, by_at = bat;

    xqkey key = XK_NONE;
    if (by && c != N_COUNT) key = by, *verb = by_at;
    else if (c == N_OUTCOME) key = hn->key;
    else if (c == N_TROOPS) key = XK_TROOPS;
    else if (c == N_PERSON) key = XK_PEOPLE;
    else if (c == N_COUNT) key = XK_COUNT;

    bool outcome = key >= XK_KILLED && key <= XK_DISPLACED;
    if (a->weak && !outcome) return XK_NONE;           /* "several outlets" */
    if (a->one && !outcome && key != XK_TROOPS && key != XK_PEOPLE)
        return XK_NONE;                                /* "one of the ways" */
    if (key == XK_COUNT && a->vague)                   /* "hundreds of tankers" */
        return XK_NONE;
    /* "the two sides", "the two delegations": a reference, not an amount */
    static const char *const definite[] = {"the", "these", "those", "both", NULL};
    if ((key == XK_COUNT || key == XK_PEOPLE) && start >= 1 && xs_in(s, start - 1, definite))
        return XK_NONE;
    return key;
}

size_t xqty_scan(const xsent *s, const xdate_mention *dates, size_t ndates, xqty_mention *out,
                 size_t cap, xstats *st) {
    size_t n = 0;
    for (size_t i = 0; i < s->n;) {
        size_t dend;
        if (in_dates(dates, ndates, i, &dend)) {
            i = dend;
            continue;
        }
        if (!xs_may(s, i, XC_AMOUNT)) {
            i++;
            continue;
        }
        amount a;
        size_t skip;
        size_t used = read_amount(s, i, &a, st, &skip);
        if (!used) {
            /* "300km" */
            double v;
            if (fused_length(s, i, &v) && n < cap) {
                out[n++] = (xqty_mention){(uint32_t)i, (uint32_t)i + 1, UINT32_MAX, XK_LENGTH,
                                          v, 0, 0, false, "exact"};
            }
            i += skip;
            continue;
        }
        size_t k = i + used, dd;
        if (a.t1 > a.t0 && in_dates(dates, ndates, a.t1 - 1, &dd)) {
            i = k;
            continue;
        }
        /* a label ("Resolution 1267") or a time ("3 pm") */
        if (!a.qual && !a.money && i > 0 && xs_in(s, i - 1, LABELS)) {
            i = k;
            continue;
        }
        size_t ql = 0;
        const char *qual = qualifier_before(s, i, &ql);
        if (i > 0 && xs_is(s, i - 1, "between")) ql = 1;
        if (!a.qual) a.qual = a.range && !qual ? "range" : qual;

        unit_match u = unit_at(s, k);
        if (u.drop) { /* a flow rate: not reported */
            i = k + u.len;
            continue;
        }
        if (a.money && !u.key) u.key = XK_MONEY;
        size_t tail = k + u.len, end = tail, verb_at = UINT32_MAX;
        xqkey key = u.key ? u.key : what_it_counts(s, &a, i - ql, tail, &end, &verb_at);
        if (key) {
            xqty_mention q = {(uint32_t)(i - ql), (uint32_t)end, (uint32_t)verb_at, key,
                              a.value * u.factor, 0, 0, a.range, ""};
            if (u.factor != 1) q.value = round(q.value * 10) / 10; /* miles → km */
            if (a.range) {
                q.low = a.low * u.factor;
                q.high = a.high * u.factor;
            }
            copy_qual(q.qualifier, a.qual);
            /* "three fighters and two guards were killed": one toll of five */
            xqty_mention *prev = n ? &out[n - 1] : NULL;
            if (prev && q.key >= XK_KILLED && q.key <= XK_DISPLACED && !a.range &&
                !prev->has_range && q.t0 >= 1 && prev->t1 == q.t0 - 1 &&
                xs_is(s, q.t0 - 1, "and") &&
                (prev->key == q.key || prev->key == XK_PEOPLE || prev->key == XK_TROOPS)) {
                prev->key = q.key;
                prev->value += q.value;
                prev->t1 = q.t1;
            } else if (n < cap) {
                out[n++] = q;
            } else {
                st->dropped_mentions++;
            }
        }
        i = k;
    }
    return n;
}
