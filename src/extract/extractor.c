/*
 * extractor.c — the extraction stage's public API: per document, per
 * sentence, per event (include/dyadwatch/extract.h).
 *
 *   dw_extract_begin     settles the document date (its Date header, else
 *                        a dateline) and the title's track; clears the
 *                        carried date.
 *   dw_extract_sentence  tokenizes the sentence once (or reads the caller's
 *                        tokens: dw_extract_sentence_tokens), cuts it into clauses
 *                        (at , ; : dashes and before but, while, whereas,
 *                        although, though, after, before, because, when,
 *                        until, unless),
 *                        finds its dates, amounts, places and track cues,
 *                        and updates the carried date.
 *   dw_extract_event     picks, for the event whose verb is at `anchor`,
 *                        the date, amounts and place of the verb's clause
 *                        (rules below) and sets its track (track.c) from
 *                        the default track of its CAMEO code (cameo.tsv;
 *                        the track it arrived with when it has no code),
 *                        the cue words of the sentence that are not place
 *                        names, and the context.
 *
 * Choices for one event:
 *   date      a date of the verb's clause (the nearest), else the nearest
 *             date before the verb in the sentence ("On Saturday, ..."),
 *             else the nearest after it; with none, the carried date unless
 *             the verb is present or present perfect ("has reported", "is
 *             digging": the document's time); else the document date at
 *             precision "document".
 *   carried   the last date of a sentence at day, week, month or year
 *             precision that the text states (absolute, or relative and
 *             resolved) becomes the carried date, unless "had" comes before
 *             it in its clause ("they had closed the schools in March" is
 *             background); "recently", "currently",
 *             headings and a time the resolver cannot place ("after the
 *             group's fall", "during the Republic era") clear it; ranges
 *             neither set nor clear it; dates that name a thing ("the
 *             September 11 attacks") are ignored.
 *   amounts   those of the verb's clause or typed by an outcome verb of
 *             that clause ("three people, including a child, were
 *             wounded"), one per key, the nearest; plus
 *             outcome amounts (killed, wounded, ...) of a following clause
 *             that opens with an -ing verb (", killing two") and measures
 *             (money, percent, volume, length) of a following apposition
 *             (", a 20% increase").
 *   place     among the places of the verb's clause, else of the sentence
 *             (countries only from the verb's clause):
 *             the most specific (a point such as a crossing or a dam, then
 *             a city, then an adm1 or a river, then a country), then the
 *             nearest, a place after in/at/near counting as five words
 *             nearer.
 *
 * Invariants: no allocation per sentence once the buffers have grown to
 * the longest sentence seen (the event's own strings excepted); an
 * extractor is used by one thread at a time; `t` points at the tokens of
 * the last sentence read (x->tok, or the caller's, which it keeps unchanged
 * until the next sentence) and clause, cls and hash hold t->n entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract_internal.h"

#define MAX_DATES 16
#define MAX_QTY 32
#define MAX_PLACES 32
#define MAX_CUES 64

static const char *const PUNCT_CUTS[] = {",", ";", ":", NULL};

struct dw_extractor {
    const dw_gazetteer *gaz;
    xphrases cues;
    xcodes codes;  /* CAMEO code → default track */
    xphrases lex;  /* words that can start a date or an amount */
    xlex_cache lex_cache; /* classes of recent words (lexicon.c) */
    dw_tokens tok; /* our own tokens (title, dateline, dw_extract_sentence) */
    const dw_tokens *t; /* the last sentence's tokens: &tok or the caller's */
    uint16_t *clause;
    uint16_t *cls;
    size_t clause_cap;
    xstats st;

    /* document */
    const dw_doc *doc;
    char doc_date[11];
    xdate_ctx dctx;
    int sentence, carry_sentence;
    bool have_prev;
    uint32_t prev_end;
    size_t dateline_end; /* bytes of the dateline: not an event's date */
    int context[2], title_track, cur_track;

    /* last sentence; its quantities and places are found when an event
     * first asks (scanned false until then: see read_sentence) */
    bool have_sentence, scanned;
    dw_span span;
    xdate_mention dates[MAX_DATES];
    size_t ndates;
    xqty_mention qty[MAX_QTY];
    size_t nqty;
    xplace_mention places[MAX_PLACES];
    size_t nplaces;
    xcue cuev[MAX_CUES];
    size_t ncues;
};

/* The default track of the event's code, else the track it arrived with. */
static int base_track(const dw_extractor *x, const dw_event *e) {
    int t = e->cameo[0] ? xtracks_code_default(&x->codes, e->cameo) : -1;
    return t >= 0 ? t : xtrack_from_name(e->track);
}

/* Drops cues that are only a place name: "Dogharoun" says where, not what.
 * Rivers, dams and lakes stay: "the Kamal Khan dam" is the water dispute. */
static size_t drop_place_cues(const dw_extractor *x, const xsent *s, xcue *c, size_t n) {
    if (!x->gaz) return n;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t nt;
        int32_t chain =
            xs_cap(s, c[i].t) ? xphrases_match(&x->gaz->names, s, c[i].t, s->n, &nt) : -1;
        const xplace *p = chain >= 0 ? xgaz_place(x->gaz, xgaz_pick(x->gaz, chain, -1)) : NULL;
        if (p && nt >= c[i].ntok && !(p->flags & XPF_WATER)) continue;
        c[k++] = c[i];
    }
    return k;
}

/* Classes the first word of a track cue XC_CUE_FIRST in the lexicon. */
static int mark_cue_first(const char *norm, size_t len, void *lex) {
    return xphrases_add_norm(lex, norm, len, XL_VALUE(XL_CLASS, XC_CUE_FIRST));
}

dw_extractor *dw_extractor_new(const dw_gazetteer *g, dw_error *err) {
    dw_extractor *x = calloc(1, sizeof *x);
    if (!x) {
        dw_fail(err, DW_ENOMEM, "out of memory creating an extractor");
        return NULL;
    }
    x->gaz = g;
    x->t = &x->tok;
    if (xlex_build(&x->lex)) {
        dw_fail(err, DW_ENOMEM, "out of memory building the extractor's lexicon");
        dw_extractor_free(x);
        return NULL;
    }
    if (xtracks_load_cues(&x->cues, err) || xtracks_load_codes(&x->codes, err)) {
        dw_extractor_free(x);
        return NULL;
    }
    if (xphrases_each_first(&x->cues, mark_cue_first, &x->lex)) {
        dw_fail(err, DW_ENOMEM, "out of memory building the extractor's lexicon");
        dw_extractor_free(x);
        return NULL;
    }
    return x;
}

int dw_extractor_use_track_cues(dw_extractor *x, const char *text, size_t len, const char *name,
                                dw_error *err) {
    if (!x || (!text && len)) return dw_fail(err, DW_EINVAL, "extractor and cue text are required");
    xphrases cues = {0};
    int rc = xtracks_parse_cues(&cues, text, len, name ? name : "tracks.dict", err);
    if (rc) {
        xphrases_free(&cues);
        return rc;
    }
    /* the lexicon marks the first words of the cues: build it anew, and
     * forget the classes the cache remembers */
    xphrases lex = {0};
    if (xlex_build(&lex) || xphrases_each_first(&cues, mark_cue_first, &lex)) {
        xphrases_free(&cues);
        xphrases_free(&lex);
        return dw_fail(err, DW_ENOMEM, "out of memory building the extractor's lexicon");
    }
    xphrases_free(&x->cues);
    xphrases_free(&x->lex);
    x->cues = cues;
    x->lex = lex;
    memset(&x->lex_cache, 0, sizeof x->lex_cache);
    return DW_OK;
}

void dw_extractor_free(dw_extractor *x) {
    if (!x) return;
    xphrases_free(&x->cues);
    xphrases_free(&x->lex);
    free(x->codes.v);
    free(x->cls);
    dw_tokens_free(&x->tok);
    free(x->clause);
    free(x);
}

void dw_extractor_stats(const dw_extractor *x, dw_extract_stats *out) {
    if (!out) return;
    memset(out, 0, sizeof *out);
    if (!x) return;
    out->impossible_dates = x->st.impossible_dates;
    out->overflowed_numbers = x->st.overflows;
    out->dropped_mentions = x->st.dropped_mentions;
}

/* ---- document ------------------------------------------------------------ */

/* The last sentence (t == x->t) or a title (t == &x->tok), without word
 * classes and hashes. */
static xsent view(const dw_extractor *x, const dw_tokens *t, const char *text) {
    return (xsent){t, t->n, text, x->clause, NULL, &x->lex};
}

int dw_extract_begin(dw_extractor *x, const dw_doc *doc, char doc_date[11], dw_error *err) {
    if (!x || !doc) return dw_fail(err, DW_EINVAL, "extractor and document are required");
    x->doc = doc;
    x->sentence = 0;
    x->carry_sentence = 0;
    x->have_prev = x->have_sentence = false;
    x->context[0] = x->context[1] = -1;
    x->title_track = x->cur_track = -1;
    memset(&x->dctx, 0, sizeof x->dctx);

    xdate d = {0, 0, 0};
    if (doc->date && !xcal_parse(doc->date, &d)) d = (xdate){0, 0, 0};
    x->dateline_end = 0;
    x->t = &x->tok;
    xdate dl;
    size_t dl_end;
    if (doc->text && xdateline_parse(doc->text, doc->text_len, &x->tok, &dl, &dl_end, &x->st)) {
        x->dateline_end = dl_end;
        if (!d.d) {
            if (dl.y) d = dl;
            else if (d.y && (!d.m || d.m == dl.m) && xcal_valid(d.y, dl.m, dl.d))
                d = (xdate){d.y, dl.m, dl.d};
        }
    }
    x->dctx.doc = d;
    xcal_format(d, x->doc_date);
    if (doc_date) memcpy(doc_date, x->doc_date, sizeof x->doc_date);

    if (doc->title && *doc->title) {
        dw_tokens_reset(&x->tok);
        if (dw_tokenize(doc->title, strlen(doc->title), 0, &x->tok) == DW_OK) {
            xsent s = view(x, &x->tok, doc->title);
            size_t n = xtracks_scan(&x->cues, &s, x->cuev, MAX_CUES);
            n = drop_place_cues(x, &s, x->cuev, n);
            x->title_track = xtracks_dominant(x->cuev, n);
        }
    }
    dw_tokens_reset(&x->tok);
    x->ncues = x->ndates = x->nqty = x->nplaces = 0;
    x->scanned = true;
    return DW_OK;
}

/* ---- sentence ------------------------------------------------------------ */

static bool paragraph_break(const char *text, uint32_t from, uint32_t to) {
    int nl = 0;
    for (uint32_t i = from; i < to; i++) nl += text[i] == '\n';
    return nl >= 2;
}

/* A heading: short and without closing punctuation. */
static bool heading(const char *text, dw_span sp, size_t ntok) {
    if (sp.end <= sp.start || ntok > 12) return false;
    unsigned char c = (unsigned char)text[sp.end - 1];
    if (strchr(".!?\"')]", c)) return false;
    if (c >= 0x80 && sp.end - sp.start >= 3) return false; /* closing curly quote */
    return true;
}

static int grow(dw_extractor *x, size_t n) {
    if (n <= x->clause_cap) return DW_OK;
    size_t cap = x->clause_cap ? x->clause_cap : 256;
    while (cap < n) cap *= 2;
    uint16_t *c = realloc(x->clause, cap * sizeof *c);
    if (!c) return DW_ENOMEM;
    x->clause = c;
    uint16_t *k = realloc(x->cls, cap * sizeof *k);
    if (!k) return DW_ENOMEM;
    x->cls = k;
    x->clause_cap = cap;
    return DW_OK;
}

/* Clauses end at , ; : dashes and before but/while/whereas/although/
 * though/after/before/because/when/until/unless (XC_CUT in lexicon.c). */
static void build_clauses(dw_extractor *x, const xsent *s) {
    uint16_t c = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (i && (x->cls[i] & XC_CUT) && (!xs_punct(s, i) || xs_in(s, i, PUNCT_CUTS) ||
                                          xs_dash(s, i)) &&
            c < UINT16_MAX)
            c++;
        x->clause[i] = c;
    }
}

/* "after the group's fall", "during the Republic era", "since their
 * resurgence": a time the resolver cannot place.  A sentence with one and
 * no date of its own ends the carried date. */
static bool unplaced_time(const xsent *s) {
    static const char *const preps[] = {"during", "after", "before", "since", "following",
                                        "until", "throughout", "under", NULL};
    static const char *const nouns[] = {
        "era", "period", "rule", "reign", "fall", "war", "regime", "takeover", "collapse",
        "invasion", "resurgence", "return", "withdrawal", "administration", "presidency",
        "tenure", "occupation", "revolution", "years", "decades", "days", "months", NULL};
    for (size_t i = 0; i < s->n; i++) {
        if (!xlex_is(s, i, XC_TIME_PREP) || !xs_in(s, i, preps)) continue;
        for (size_t k = i + 1; k < s->n && k <= i + 5 && !xs_punct(s, k); k++)
            if (xs_in(s, k, nouns)) return true;
    }
    return false;
}

/* Quantities and places of the last sentence (s is its view); they depend
 * on nothing else but its dates (before the dateline filter). */
static void scan_places_and_amounts(dw_extractor *x, const xsent *s) {
    x->nqty = xqty_scan(s, x->dates, x->ndates, x->qty, MAX_QTY, &x->st);
    x->nplaces = xplaces_scan(x->gaz, s, x->places, MAX_PLACES, &x->st);
    x->scanned = true;
}

/* Is w a scale suffix of digits ("3bn", "$5m": scale_word in number.c)? */
static bool xs_is_scale_suffix(const char *w) {
    static const char *const scales[] = {"hundred", "thousand", "million", "mn", "mln", "billion",
                                         "bn", "trillion", "tn", "m", "b", NULL};
    for (const char *const *s = scales; *s; s++)
        if (strcmp(w, *s) == 0) return true;
    return false;
}

/* Could scanning the quantities and places of sentence s count anything
 * in the stats?  Only with more candidates than MAX_QTY or MAX_PLACES
 * (amounts start at XC_AMOUNT tokens, places at capitalized ones) or with
 * a number that may pass XQ_MAX (14 or more digits, a scale word or a
 * suffix such as "3bn").  When it cannot, the scans wait for an event of
 * the sentence to ask, and most sentences have none: the results and the
 * stats are the same. */
static bool scan_may_count(const xsent *s) {
    size_t amounts = 0, caps = 0;
    for (size_t i = 0; i < s->n; i++) {
        amounts += xs_may(s, i, XC_AMOUNT);
        caps += xs_cap(s, i);
        if (xlex_is(s, i, XC_SCALE)) return true;
        const char *w = xs_norm(s, i);
        if (w[0] < '0' || w[0] > '9') continue;
        size_t n = s->t->v[i].norm_len, k = 0;
        while (k < n && ((w[k] >= '0' && w[k] <= '9') || w[k] == '.')) k++;
        if (n >= 14) return true;
        if (k < n && xs_is_scale_suffix(w + k)) return true;
    }
    return amounts > MAX_QTY || caps > MAX_PLACES;
}

/* "They had already closed the schools in March": a date after "had" in
 * its clause belongs to the past perfect, background earlier than the
 * story's time ("Iran said on Tuesday that ... had been killed" is not). */
static bool past_perfect_before(const dw_extractor *x, const xsent *s, uint32_t t0) {
    for (uint32_t i = t0; i-- > 0 && x->clause[i] == x->clause[t0];)
        if (xs_is(s, i, "had")) return true;
    return false;
}

static void update_carry(dw_extractor *x, const xsent *s, bool is_heading) {
    int last_carry = -1, last_reset = -1;
    for (size_t k = 0; k < x->ndates; k++) {
        const xdate_mention *m = &x->dates[k];
        if ((m->flags & XD_CARRY) && m->v.prec >= XP_DAY && m->v.prec <= XP_YEAR &&
            !past_perfect_before(x, s, m->t0))
            last_carry = (int)k;
        if (m->flags & XD_RESET) last_reset = (int)k;
    }
    if (is_heading || (last_reset >= 0 && last_reset > last_carry)) {
        x->dctx.carry.prec = XP_NONE;
        x->dctx.carry_flags = 0;
    } else if (last_carry >= 0) {
        x->dctx.carry = x->dates[last_carry].v;
        x->dctx.carry_flags = x->dates[last_carry].flags;
        x->carry_sentence = x->sentence;
    }
}

static int read_sentence(dw_extractor *x, const dw_doc *doc, dw_span sp, const dw_tokens *tok,
                         const uint16_t *cls, dw_error *err);

int dw_extract_sentence(dw_extractor *x, const dw_doc *doc, dw_span sp, dw_error *err) {
    return read_sentence(x, doc, sp, NULL, NULL, err);
}

int dw_extract_sentence_tokens(dw_extractor *x, const dw_doc *doc, dw_span sp,
                               const dw_tokens *tok, dw_error *err) {
    if (!tok) return dw_fail(err, DW_EINVAL, "the sentence's tokens are required");
    return read_sentence(x, doc, sp, tok, NULL, err);
}

uint16_t dw_extract_word_class(dw_extractor *x, const dw_tokens *tok, size_t i) {
    return xlex_token_class(&x->lex, &x->lex_cache, tok, i);
}

int dw_extract_sentence_classed(dw_extractor *x, const dw_doc *doc, dw_span sp,
                                const dw_tokens *tok, const uint16_t *cls, dw_error *err) {
    if (!tok || !cls) return dw_fail(err, DW_EINVAL, "the sentence's tokens and classes are required");
    return read_sentence(x, doc, sp, tok, cls, err);
}

/* Reads a sentence: tok holds its tokens, or is NULL to tokenize it here;
 * cls holds their classes, or is NULL to look them up here. */
static int read_sentence(dw_extractor *x, const dw_doc *doc, dw_span sp, const dw_tokens *tok,
                         const uint16_t *cls, dw_error *err) {
    if (!x || !doc || !doc->text) return dw_fail(err, DW_EINVAL, "extractor and document are required");
    if (sp.start > sp.end || sp.end > doc->text_len)
        return dw_fail(err, DW_EINVAL, "%s: sentence span [%u, %u) is outside the text",
                       doc->origin ? doc->origin : "document", sp.start, sp.end);
    if (x->doc != doc) x->doc = doc;

    bool para = false;
    if (x->have_prev) {
        x->sentence++;
        para = sp.start >= x->prev_end && paragraph_break(doc->text, x->prev_end, sp.start);
        x->context[1] = x->context[0];
        x->context[0] = x->cur_track;
    }
    if (para) x->context[0] = x->context[1] = -1;

    int rc;
    if (!tok) {
        dw_tokens_reset(&x->tok);
        rc = dw_tokenize(doc->text + sp.start, sp.end - sp.start, sp.start, &x->tok);
        if (rc) return dw_fail(err, rc, "%s: cannot tokenize sentence at byte %u",
                               doc->origin ? doc->origin : "document", sp.start);
        tok = &x->tok;
    }
    x->t = tok;
    if ((rc = grow(x, tok->n))) {
        x->t = &x->tok; /* no classes for the caller's tokens: read nothing */
        dw_tokens_reset(&x->tok);
        return dw_fail(err, rc, "out of memory");
    }
    xsent s = view(x, tok, doc->text);
    if (cls) memcpy(x->cls, cls, tok->n * sizeof *cls);
    else xlex_classify(&x->lex, &x->lex_cache, tok, x->cls);
    s.cls = x->cls;
    build_clauses(x, &s);
    s.clause = x->clause;

    x->dctx.carry_age = x->sentence - x->carry_sentence;
    x->ndates = xdates_scan(&s, &x->dctx, x->dates, MAX_DATES, &x->st);
    bool in_dateline = x->dateline_end && sp.start < x->dateline_end;
    x->nqty = x->nplaces = 0;
    x->scanned = false;
    if (in_dateline || scan_may_count(&s)) scan_places_and_amounts(x, &s);
    if (in_dateline) {
        /* the dateline says when and where the story was filed, not the event */
        size_t k = 0;
        for (size_t j = 0; j < x->ndates; j++)
            if (tok->v[x->dates[j].t0].start >= x->dateline_end) x->dates[k++] = x->dates[j];
        x->ndates = k;
        k = 0;
        for (size_t j = 0; j < x->nplaces; j++)
            if (tok->v[x->places[j].t0].start >= x->dateline_end) x->places[k++] = x->places[j];
        x->nplaces = k;
    }
    x->ncues = xtracks_scan(&x->cues, &s, x->cuev, MAX_CUES);
    x->ncues = drop_place_cues(x, &s, x->cuev, x->ncues);
    x->cur_track = xtracks_dominant(x->cuev, x->ncues);

    bool is_heading = heading(doc->text, sp, tok->n);
    if (is_heading) x->context[0] = x->context[1] = x->cur_track = -1;
    update_carry(x, &s, is_heading || (!x->ndates && unplaced_time(&s)));

    x->span = sp;
    x->have_sentence = x->have_prev = true;
    x->prev_end = sp.end;
    return DW_OK;
}

/* ---- event --------------------------------------------------------------- */

static uint32_t tdist(uint32_t a, uint32_t t0, uint32_t t1) {
    if (a < t0) return t0 - a;
    if (a >= t1) return a - (t1 - 1);
    return 0;
}

static bool in_clause(const uint16_t *cl, uint32_t t0, uint32_t t1, uint16_t c) {
    return cl[t0] <= c && c <= cl[t1 - 1];
}

/* snprintf(dst, size, "%s", src) without the formatting machinery (it ran
 * several times per event). */
static void copy_str(char *dst, size_t size, const char *src) {
    size_t n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void set_date(dw_event *e, const char *date, const char *end, const char *prec) {
    copy_str(e->date, sizeof e->date, date);
    copy_str(e->date_end, sizeof e->date_end, end);
    copy_str(e->date_precision, sizeof e->date_precision, prec);
}

static void fill_value(const dw_extractor *x, const xdval *v, dw_event *e) {
    if (v->prec == XP_DOCUMENT) {
        set_date(e, x->doc_date, x->doc_date, x->doc_date[0] ? "document" : "");
        return;
    }
    char a[11], b[11];
    xcal_format(v->a, a);
    xcal_format(v->b, b);
    set_date(e, a, b, xprec_name(v->prec));
}

/* Is the verb at a in the present or present perfect ("has reported",
 * "is digging", "are being held", "says")?  Such an event belongs to the
 * document's time, not to a date carried from a past narrative. */
static bool present_tense(const dw_extractor *x, uint32_t a) {
    static const char *const aux[] = {"has", "have", "is", "are", "am", "says", "say",
                                      "claims", "insists", NULL};
    xsent s = view(x, x->t, NULL);
    if (xs_in(&s, a, aux)) return true;
    for (uint32_t k = 1; k <= 3 && k <= a; k++) {
        if (xs_in(&s, a - k, aux)) return true;
        if (!(xs_is(&s, a - k, "been") || xs_is(&s, a - k, "being") ||
              xs_is(&s, a - k, "also") || xs_is(&s, a - k, "not") ||
              xs_is(&s, a - k, "n't") || xs_is(&s, a - k, "already") ||
              xs_is(&s, a - k, "repeatedly") || xs_is(&s, a - k, "reportedly")))
            return false;
    }
    return false;
}

static void pick_date(const dw_extractor *x, uint32_t a, dw_event *e) {
    uint16_t ca = x->clause[a];
    int best = -1;
    uint32_t bd = UINT32_MAX;
    for (size_t k = 0; k < x->ndates; k++) {
        const xdate_mention *m = &x->dates[k];
        uint32_t d = tdist(a, m->t0, m->t1);
        if (!(m->flags & XD_ATTRIB) && in_clause(x->clause, m->t0, m->t1, ca) && d < bd)
            best = (int)k, bd = d;
    }
    if (best < 0) /* before the verb: the nearest */
        for (size_t k = 0; k < x->ndates; k++)
            if (x->dates[k].t1 <= a && !(x->dates[k].flags & XD_ATTRIB)) best = (int)k;
    for (size_t k = 0; best < 0 && k < x->ndates; k++) /* after it: the first */
        if (!(x->dates[k].flags & XD_ATTRIB)) best = (int)k;
    if (best >= 0) {
        fill_value(x, &x->dates[best].v, e);
        return;
    }
    if (x->dctx.carry.prec != XP_NONE && !present_tense(x, a)) {
        fill_value(x, &x->dctx.carry, e);
        return;
    }
    set_date(e, x->doc_date, x->doc_date, x->doc_date[0] ? "document" : "");
}

static bool outcome_key(xqkey k) { return k >= XK_KILLED && k <= XK_DISPLACED; }

/* Does clause c open with an -ing word (", killing two")? */
static bool participle_clause(const dw_extractor *x, const xsent *s, uint16_t c) {
    for (size_t i = 0; i < s->n; i++) {
        if (x->clause[i] != c) continue;
        size_t j = i + (xs_punct(s, i) ? 1 : 0);
        if (j >= s->n || x->clause[j] != c) return false;
        const char *w = xs_norm(s, j);
        size_t n = strlen(w);
        return n > 4 && strcmp(w + n - 3, "ing") == 0;
    }
    return false;
}

/* Does clause c open as an apposition with an article (", a 20% rise")? */
static bool apposition_clause(const dw_extractor *x, const xsent *s, uint16_t c) {
    for (size_t i = 0; i < s->n; i++) {
        if (x->clause[i] != c) continue;
        size_t j = i + (xs_punct(s, i) ? 1 : 0);
        return j < s->n && x->clause[j] == c && (xs_is(s, j, "a") || xs_is(s, j, "an"));
    }
    return false;
}

static bool measure_key(xqkey k) { return k >= XK_MONEY && k <= XK_LENGTH; }

static void pick_quantities(const dw_extractor *x, const xsent *s, uint32_t a, dw_event *e) {
    uint16_t ca = x->clause[a];
    bool next_ok = ca < UINT16_MAX && participle_clause(x, s, (uint16_t)(ca + 1));
    bool appos = ca < UINT16_MAX && apposition_clause(x, s, (uint16_t)(ca + 1));
    int best[XK_N];
    uint32_t bd[XK_N];
    for (int k = 0; k < XK_N; k++) best[k] = -1, bd[k] = UINT32_MAX;
    for (size_t k = 0; k < x->nqty; k++) {
        const xqty_mention *q = &x->qty[k];
        uint16_t cq = x->clause[q->t0];
        bool ok = cq == ca || (next_ok && cq == ca + 1 && outcome_key(q->key)) ||
                  (appos && cq == ca + 1 && measure_key(q->key)) ||
                  (q->verb != UINT32_MAX && x->clause[q->verb] == ca); /* typed by this verb */
        uint32_t d = tdist(a, q->t0, q->t1);
        if (ok && d < bd[q->key]) best[q->key] = (int)k, bd[q->key] = d;
    }
    e->n_quantities = 0;
    for (int k = 1; k < XK_N && e->n_quantities < DW_MAX_QUANTITIES; k++) {
        if (best[k] < 0) continue;
        const xqty_mention *q = &x->qty[best[k]];
        dw_quantity *o = &e->quantities[e->n_quantities++];
        memset(o, 0, sizeof *o);
        copy_str(o->key, sizeof o->key, xqkey_name(q->key));
        o->value = q->value;
        if (q->has_range) {
            o->low = q->low;
            o->high = q->high;
            o->has_low = o->has_high = 1;
        }
        copy_str(o->qualifier, sizeof o->qualifier, q->qualifier);
    }
}

/* How precisely a place locates an event: a point (a crossing, a dam)
 * best, then a city, then a province or a river (a line), then a country. */
static int spec(const xplace *p) {
    if (p->flags & XPF_RIVER) return 2;
    switch (p->type) {
    case XT_POINT: return 4;
    case XT_CITY: return 3;
    case XT_ADM1: return 2;
    default: return 1;
    }
}

static int pick_place(const dw_extractor *x, uint32_t a, dw_event *e) {
    free(e->location.name);
    free(e->location.adm1);
    memset(&e->location, 0, sizeof e->location);
    e->has_location = 0;
    if (!x->gaz || !x->nplaces) return DW_OK;
    uint16_t ca = x->clause[a];
    int best = -1;
    long bs = 0;
    for (int pass = 0; pass < 2 && best < 0; pass++) {
        for (size_t k = 0; k < x->nplaces; k++) {
            const xplace_mention *m = &x->places[k];
            if (pass == 0 && !in_clause(x->clause, m->t0, m->t1, ca)) continue;
            const xplace *p = xgaz_place(x->gaz, m->place);
            /* a country elsewhere in the sentence is too loose a guess */
            if (pass == 1 && p->type == XT_COUNTRY) continue;
            /* after in/at/near counts as five words nearer */
            long score = spec(p) * 1000L + (m->locative ? 5 : 0) - (long)tdist(a, m->t0, m->t1);
            if (best < 0 || score > bs) best = (int)k, bs = score;
        }
    }
    if (best < 0) return DW_OK;
    const xplace *p = xgaz_place(x->gaz, x->places[best].place);
    dw_location *l = &e->location;
    l->name = dw_strdup(xgaz_str(x->gaz, p->name));
    l->adm1 = p->adm1 ? dw_strdup(xgaz_str(x->gaz, p->adm1)) : NULL;
    if (!l->name || (p->adm1 && !l->adm1)) return DW_ENOMEM;
    memcpy(l->country, p->country, sizeof l->country);
    l->lat = p->lat;
    l->lon = p->lon;
    copy_str(l->precision, sizeof l->precision, xptype_name((xptype)p->type));
    e->has_location = 1;
    return DW_OK;
}

int dw_extract_event(dw_extractor *x, const dw_doc *doc, uint32_t anchor, dw_event *e,
                     dw_error *err) {
    if (!x || !doc || !e) return dw_fail(err, DW_EINVAL, "extractor, document and event are required");
    if (!x->have_sentence || anchor < x->span.start || anchor >= x->span.end)
        return dw_fail(err, DW_EINVAL, "%s: anchor byte %u is not in the last sentence read",
                       doc->origin ? doc->origin : "document", anchor);
    if (!x->t->n) {
        set_date(e, x->doc_date, x->doc_date, x->doc_date[0] ? "document" : "");
        return DW_OK;
    }
    xsent s = view(x, x->t, doc->text);
    if (!x->scanned) { /* the sentence's view as read_sentence had it */
        xsent full = s;
        full.text = x->doc->text;
        full.cls = x->cls;
        scan_places_and_amounts(x, &full);
    }
    uint32_t a = 0;
    while (a + 1 < x->t->n && x->t->v[a].end <= anchor) a++;

    pick_date(x, a, e);
    pick_quantities(x, &s, a, e);
    if (pick_place(x, a, e)) return dw_fail(err, DW_ENOMEM, "out of memory");
    int t = xtracks_refine(base_track(x, e), x->cuev, x->ncues, a, x->context, x->title_track);
    if (t >= 0) copy_str(e->track, sizeof e->track, xtrack_name(t));
    return DW_OK;
}
