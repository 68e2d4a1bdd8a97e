/*
 * coder_peer.c — the sentence coder for peer dictionaries (TABARI and
 * PETRARCH conventions), on the shared compiled dictionary.
 *
 * Per sentence, following TABARI's sparse parse:
 *   1. tokenize (the text tokenizer; punctuation other than commas dropped)
 *      and list each token's dictionary candidates: the word itself, the
 *      bases its regular endings point to, and the stems it begins with;
 *   2. find dictionary phrases (longest first, words of a phrase may stand
 *      apart where the dictionary wrote a blank) to tell list commas from
 *      clause commas, then drop comma-delimited asides and a trailing
 *      ", an official said" (TABARI's COMMA rules) and find them again;
 *   3. discards ([###]) and complex entries ([+++]) stop the sentence;
 *   4. actors take their code at the sentence date, agents join the actor
 *      next to them ("Arnor's foreign minister", "ambassadors of Arnor"),
 *      pronouns point back to the first actor, actors joined by "and" or
 *      list commas form compounds;
 *   5. conjunctions that join no actors split clauses; in each clause the
 *      first verb whose patterns (or default code) give a code is coded:
 *      source = the pattern's $ or the clause's first actor, target = the
 *      pattern's + or the first actor after the verb; % codes a compound
 *      among itself, ^ skips an actor; paired codes [032:033] add the
 *      reverse event; passive "was X-ed by Y" swaps the roles.
 * PETRARCH reads a parse tree; from the text alone we approximate it where
 * its conventions differ: words are exact, agents reach an actor across a
 * possessive's adjectives and give their code to every member of "X and Y",
 * a conjunction starts a clause only before a verb, modals are no verbs,
 * pronouns are not resolved, and % is a compound in the source or target
 * slot (coding itself only with a paired code).
 * Scratch arrays live in the dw_peer and are reused between sentences; the
 * phrase search is bounded (DFS_BUDGET), so work per sentence is too.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code/dict_peer.h"
#include "code/peer.h"

#define MODES_ALL 0x0fu
#define MAX_CODES 4       /* codes of one mention: "FRO/BIL/SAM" */
#define MAX_SIDE 32       /* actors on one side of an event */
#define DFS_BUDGET 20000  /* trie probes per phrase start: bounds gapped search */

typedef struct cand {
    uint32_t id;
    uint8_t modes; /* bit m: the word may be matched in mode m (PW_*) */
} cand;

typedef struct ptok {
    uint32_t b0, b1;   /* bytes in the sentence text (absolute) */
    uint16_t flags;    /* DW_TOK_* */
    uint8_t comma, deleted, det, conj;
    uint8_t listc, aside; /* a comma inside a list of actors / around a dropped aside */
    uint32_t c0, cn;   /* candidates */
    const char *norm;
    uint16_t norm_len;
} ptok;

typedef struct lex {
    uint8_t kind;      /* HIT_* */
    uint32_t value;
    uint32_t first, last; /* first and last matched token */
    uint32_t words, gaps;
    uint32_t pos0;     /* matched tokens: pos[pos0 .. pos0 + words) */
} lex;

typedef struct mention {
    uint32_t t0, t1;   /* first token, last token + 1 (agents included) */
    uint32_t at;       /* the actor's own first token */
    char codes[MAX_CODES][32];
    char base[MAX_CODES][32]; /* the actor's codes before an agent joined */
    char pre[MAX_CODES][32];  /* ... before the latest agent (PETRARCH "media and government") */
    int ncodes;
    int32_t comp;      /* compound index */
    int32_t group;     /* > 0: forced into one compound with the same group */
    int32_t ref;       /* pronoun: the mention it stands for, -1 none */
    uint8_t pronoun, poss, has_agent, lone; /* lone: an agent with no actor */
} mention;

typedef struct compound {
    int32_t first, last; /* mention range */
} compound;

typedef struct binding {
    int32_t src, tgt, comp;  /* mention (src/tgt) or compound (comp) indexes, -1 */
    uint64_t skipped[4];     /* mention bitmask (first 256 mentions) */
} binding;

struct dw_peer {
    const dw_dict *d;
    dw_peer_options opts;
    dw_tokens tok;
    ptok *t;
    size_t nt, cap_t;
    cand *c;
    size_t nc, cap_c;
    lex *lx;
    size_t nlx, cap_lx;
    uint32_t *pos;
    size_t npos, cap_pos;
    int32_t *owner;      /* token -> lex, -1 */
    size_t cap_owner;
    mention *m;
    size_t nm, cap_m;
    compound *cp;
    size_t ncp, cap_cp;
    /* the first actor of the previous sentence (FORWARD) */
    mention story;
    int has_story;
    dw_buf scratch;
    dw_peer_result tmp;  /* an overriding verb's events */
};

/* ---- memory ----------------------------------------------------------------- */

static int grow(void **v, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need) c *= 2;
    void *p = realloc(*v, c * elem);
    if (!p) return -1;
    *v = p;
    *cap = c;
    return 0;
}
#define GROW(vec, capv, need) grow((void **)&(vec), &(capv), (need), sizeof *(vec))

dw_peer *dw_peer_new(const dw_dict *d, dw_error *err) {
    dw_peer *p = calloc(1, sizeof *p);
    if (!p) {
        dw_fail(err, DW_ENOMEM, "out of memory");
        return NULL;
    }
    p->d = d;
    if (d->peer_opts) p->opts = *d->peer_opts;
    else dw_peer_options_default(&p->opts, d->style);
    return p;
}

void dw_peer_free(dw_peer *p) {
    if (!p) return;
    dw_tokens_free(&p->tok);
    free(p->t);
    free(p->c);
    free(p->lx);
    free(p->pos);
    free(p->owner);
    free(p->m);
    free(p->cp);
    dw_buf_free(&p->scratch);
    free(p);
}

dw_peer_options *dw_peer_opts(dw_peer *p) { return &p->opts; }

void dw_peer_new_story(dw_peer *p) { p->has_story = 0; }

/* ---- tokens and candidates --------------------------------------------------- */

static int word_eq(const ptok *t, const char *w) {
    size_t n = strlen(w);
    return t->norm_len == n && memcmp(t->norm, w, n) == 0;
}

static int add_cand(dw_peer *p, uint32_t c0, uint32_t id, uint8_t modes) {
    if (!id) return 0;
    for (size_t i = c0; i < p->nc; i++)
        if (p->c[i].id == id) {
            p->c[i].modes |= modes;
            return 0;
        }
    if (GROW(p->c, p->cap_c, p->nc + 1)) return -1;
    p->c[p->nc++] = (cand){id, modes};
    return 0;
}

static uint32_t id_of(const dw_peer *p, const char *w, size_t n) { return dw_dict_word_id(p->d, w, n); }

/* The dictionary words a text word may stand for (see the file comment). */
static int candidates(dw_peer *p, ptok *t) {
    const char *w = t->norm;
    size_t n = t->norm_len;
    int poss = (t->flags & DW_TOK_POSS) != 0;
    uint32_t c0 = (uint32_t)p->nc;
    int tabari = p->d->style == DW_STYLE_TABARI;
    uint8_t self = MODES_ALL;
    if (poss) self = tabari ? (1u << PW_STEM | 1u << PW_NOUN) : (uint8_t)~(1u << PW_VERB);
    int rc = add_cand(p, c0, id_of(p, w, n), self);
    if (tabari) {
        char buf[128];
        const uint8_t NV = 1u << PW_NOUN | 1u << PW_VERB, V = 1u << PW_VERB, N = 1u << PW_NOUN;
#define ENDS(s) (n > sizeof(s) && memcmp(w + n - (sizeof(s) - 1), s, sizeof(s) - 1) == 0)
        if (ENDS("s")) rc |= add_cand(p, c0, id_of(p, w, n - 1), poss ? N : NV);
        if (!poss) {
            if (ENDS("es")) rc |= add_cand(p, c0, id_of(p, w, n - 2), NV);
            if (ENDS("ed")) {
                rc |= add_cand(p, c0, id_of(p, w, n - 2), V);
                rc |= add_cand(p, c0, id_of(p, w, n - 1), V);
            }
            if (ENDS("en")) {
                rc |= add_cand(p, c0, id_of(p, w, n - 2), V);
                rc |= add_cand(p, c0, id_of(p, w, n - 1), V);
            }
            if (ENDS("ing") && n - 3 + 2 < sizeof buf) {
                rc |= add_cand(p, c0, id_of(p, w, n - 3), V);
                memcpy(buf, w, n - 3);
                buf[n - 3] = 'e';
                rc |= add_cand(p, c0, id_of(p, buf, n - 2), V);
            }
        }
#undef ENDS
        /* stems: every shorter beginning some entry uses as a stem */
        size_t max = p->d->max_stem_len < n ? p->d->max_stem_len : n;
        for (size_t k = 1; k <= max; k++) {
            uint32_t id = id_of(p, w, k);
            if (id && id < p->d->n_stem_marked && p->d->stem_words[id])
                rc |= add_cand(p, c0, id, 1u << PW_STEM);
        }
    }
    t->c0 = c0;
    t->cn = (uint32_t)(p->nc - c0);
    return rc;
}

static int tokenize(dw_peer *p, const char *text, size_t len, uint32_t base) {
    dw_tokens_reset(&p->tok);
    p->nt = p->nc = 0;
    if (dw_tokenize(text, len, base, &p->tok)) return -1;
    for (size_t i = 0; i < p->tok.n; i++) {
        const dw_token *k = &p->tok.v[i];
        const char *w = dw_token_norm(&p->tok, i);
        int comma = (k->flags & DW_TOK_PUNCT) && strcmp(w, ",") == 0;
        if ((k->flags & DW_TOK_PUNCT) && !comma) continue; /* quotes, brackets, '_', '-' */
        if (GROW(p->t, p->cap_t, p->nt + 1)) return -1;
        ptok *t = &p->t[p->nt++];
        memset(t, 0, sizeof *t);
        t->b0 = k->start;
        t->b1 = k->end;
        t->flags = k->flags;
        t->comma = (uint8_t)comma;
        t->norm = w;
        t->norm_len = k->norm_len;
        t->det = word_eq(t, "the") || word_eq(t, "a") || word_eq(t, "an");
        t->conj = word_eq(t, "and") || word_eq(t, "or") || word_eq(t, "nor") || word_eq(t, "but");
    }
    for (size_t i = 0; i < p->nt; i++)
        if (!p->t[i].comma && candidates(p, &p->t[i])) return -1;
    return 0;
}

/* Drops deleted tokens (keeping their candidates in place). */
static void compact(dw_peer *p) {
    size_t k = 0;
    for (size_t i = 0; i < p->nt; i++)
        if (!p->t[i].deleted) p->t[k++] = p->t[i];
    p->nt = k;
}

/* ---- phrase matching ---------------------------------------------------------- */

typedef struct best {
    lex lx;
    uint32_t path[DW_PEER_MAX_WORDS];
    int found;
} best;

typedef struct dfs_ctx {
    dw_peer *p;
    uint32_t path[DW_PEER_MAX_WORDS];
    best *b;
    long budget;
    uint32_t start;
} dfs_ctx;

static int kind_rank(uint8_t k) {
    switch (k) {
    case HIT_ACTOR: return 7;
    case HIT_AGENT: return 6;
    case HIT_DISCARD: return 5;
    case HIT_NOUN: return 4;
    case HIT_ADJ: return 3;
    case HIT_TIME: return 2;
    case HIT_VERB: return 1;
    default: return 0;
    }
}

/* Is (words, gaps, kind) a better match than the best so far?  More words,
 * then fewer gaps, then the kind that blocks the others (actors, nouns). */
static int better(const best *b, uint32_t words, uint32_t gaps, uint8_t kind) {
    if (!b->found) return 1;
    if (words != b->lx.words) return words > b->lx.words;
    if (gaps != b->lx.gaps) return gaps < b->lx.gaps;
    return kind_rank(kind) > kind_rank(b->lx.kind);
}

static void dfs(dfs_ctx *x, uint32_t node, uint32_t next, uint32_t depth, uint32_t gaps, int ended);

static void visit(dfs_ctx *x, uint32_t node, uint32_t q, uint32_t depth, uint32_t gaps) {
    dw_peer *p = x->p;
    const dw_dict *d = p->d;
    for (uint32_t h = d->nodes[node].hits; h; h = d->hits[h].next) {
        const dw_hit *hit = &d->hits[h];
        if (hit->kind == HIT_SET || hit->kind == HIT_MODALITY || hit->kind == HIT_TRACK) continue;
        if (!better(x->b, depth, gaps, hit->kind)) continue;
        best *b = x->b;
        b->found = 1;
        b->lx.kind = hit->kind;
        b->lx.value = hit->value;
        b->lx.first = x->start;
        b->lx.last = q;
        b->lx.words = depth;
        b->lx.gaps = gaps;
        memcpy(b->path, x->path, depth * sizeof *x->path);
    }
    /* a possessive ends a phrase: "Ithilen's government radio" is no phrase */
    dfs(x, node, q + 1, depth, gaps, (p->t[q].flags & DW_TOK_POSS) != 0);
}

/* Extends the match at `node` (depth words so far) with a token at or after
 * `next`: the next token itself, or a later one where the key allows a gap. */
static void dfs(dfs_ctx *x, uint32_t node, uint32_t next, uint32_t depth, uint32_t gaps, int ended) {
    dw_peer *p = x->p;
    if (ended || depth >= DW_PEER_MAX_WORDS) return;
    for (uint32_t q = next; q < p->nt; q++) {
        const ptok *t = &p->t[q];
        if (t->comma) break;                                   /* phrases stay inside commas */
        if (p->owner[q] >= 0) continue;                        /* taken by an earlier phrase */
        uint32_t gapbit = q == next && depth == 0 ? 0 : PW_GAP; /* the first word starts here */
        for (uint32_t k = 0; k < t->cn; k++) {
            const cand *c = &p->c[t->c0 + k];
            for (uint32_t m = 0; m < 4; m++) {
                if (!(c->modes & (1u << m))) continue;
                if (--x->budget < 0) return;
                uint32_t key = c->id | m << PW_MODE_SHIFT;
                uint32_t child;
                if (q == next && (child = dw_dict_trie_step(p->d, node, key))) {
                    x->path[depth] = q;
                    visit(x, child, q, depth + 1, gaps);
                }
                if (depth > 0 && (child = dw_dict_trie_step(p->d, node, key | gapbit))) {
                    x->path[depth] = q;
                    visit(x, child, q, depth + 1, gaps + (q - next));
                }
            }
        }
        if (depth == 0) break; /* a phrase starts at its first word */
    }
}

/* Finds the dictionary phrases of the sentence, longest first from the
 * left; returns -1 when out of memory. */
static int find_phrases(dw_peer *p) {
    p->nlx = p->npos = 0;
    if (GROW(p->owner, p->cap_owner, p->nt + 1)) return -1;
    for (size_t i = 0; i < p->nt; i++) p->owner[i] = -1;
    for (uint32_t i = 0; i < p->nt; i++) {
        if (p->t[i].comma || p->owner[i] >= 0) continue;
        best b;
        b.found = 0;
        dfs_ctx x = {p, {0}, &b, DFS_BUDGET, i};
        dfs(&x, 0, i, 0, 0, 0);
        if (!b.found) continue;
        if (GROW(p->lx, p->cap_lx, p->nlx + 1) || GROW(p->pos, p->cap_pos, p->npos + b.lx.words)) return -1;
        b.lx.pos0 = (uint32_t)p->npos;
        memcpy(p->pos + p->npos, b.path, b.lx.words * sizeof *b.path);
        p->npos += b.lx.words;
        for (uint32_t k = 0; k < b.lx.words; k++) p->owner[b.path[k]] = (int32_t)p->nlx;
        p->lx[p->nlx++] = b.lx;
    }
    return 0;
}

/* ---- comma clauses --------------------------------------------------------------- */

static int lex_kind_at(const dw_peer *p, uint32_t i) { return p->owner[i] >= 0 ? p->lx[p->owner[i]].kind : 0; }

static int is_actorish(const dw_peer *p, uint32_t i) {
    int k = lex_kind_at(p, i);
    return k == HIT_ACTOR || k == HIT_AGENT;
}

/* A comma inside a list of actors ("Mordor, the awful Fornost, and Gondor")
 * joins them; any other comma may delimit an aside. */
static int filler(const dw_peer *p, uint32_t k);

static int list_comma(const dw_peer *p, uint32_t c) {
    uint32_t i = c;
    while (i > 0 && (p->t[i - 1].det || lex_kind_at(p, i - 1) == HIT_ADJ)) i--;
    if (i == 0 || !is_actorish(p, i - 1) || p->lx[p->owner[i - 1]].last != i - 1) return 0;
    /* the next actor, then on to "and"/"or" + actor: "Mordor, Rohan, Fornost
     * and Bree" is a list, "Dagolath, the Osgiliath newspaper said" is not */
    int conj = 0;
    for (uint32_t j = c + 1; j < p->nt; j++) {
        const ptok *t = &p->t[j];
        if (is_actorish(p, j) && p->lx[p->owner[j]].first == j) {
            if (conj) return 1;
            j = p->lx[p->owner[j]].last;
            continue;
        }
        if (filler(p, j) || (t->comma && !conj)) continue;
        if (word_eq(t, "and") || word_eq(t, "or") || word_eq(t, "nor")) {
            conj = 1;
            continue;
        }
        return 0;
    }
    return 0;
}

static uint32_t words_between(const dw_peer *p, uint32_t a, uint32_t b) {
    uint32_t n = 0;
    for (uint32_t i = a; i < b; i++) n += !p->t[i].comma;
    return n;
}

static void delete_range(dw_peer *p, uint32_t a, uint32_t b) {
    for (uint32_t i = a; i < b && i < p->nt; i++) p->t[i].deleted = 1;
}

/* TABARI's COMMA rules: a leading clause of BMIN-BMAX words, an aside of
 * MIN-MAX words between two commas and a trailing clause of EMIN-EMAX
 * words are not coded. */
static void comma_clauses(dw_peer *p) {
    const dw_peer_options *o = &p->opts;
    uint32_t cm[256];
    uint8_t opens[256];
    size_t nc = 0;
    for (uint32_t i = 0; i < p->nt; i++)
        if (p->t[i].comma) {
            p->t[i].listc = (uint8_t)list_comma(p, i);
            if (nc < 256) opens[nc] = !p->t[i].listc, cm[nc++] = i;
        }
    if (!o->comma_on) return;
    if (!nc) return;
    size_t first = 0;
    while (first < nc && !opens[first]) first++;
    if (first == nc) return;
    uint32_t w = words_between(p, 0, cm[first]);
    if ((int)w >= o->comma_bmin && (int)w <= o->comma_bmax) delete_range(p, 0, cm[first] + 1);
    /* an aside runs from a clause comma to the next comma of any kind, and
     * consumes that one: it neither opens the next aside nor a trailing
     * clause ("with Dagolath, its biggest partner, officials said") */
    int last_open = -1, closed_last = 0;
    for (size_t j = 0; j < nc; j++) {
        if (!opens[j]) continue;
        last_open = (int)j;
        closed_last = 0;
        if (j + 1 == nc) break;
        w = words_between(p, cm[j] + 1, cm[j + 1]);
        if ((int)w >= o->comma_min && (int)w <= o->comma_max) {
            delete_range(p, cm[j] + 1, cm[j + 1]);
            p->t[cm[j]].aside = p->t[cm[j + 1]].aside = 1;
            closed_last = 1;
            j++;
        }
    }
    if (last_open < 0 || closed_last) return;
    w = words_between(p, cm[last_open] + 1, (uint32_t)p->nt);
    if ((int)w >= o->comma_emin && (int)w <= o->comma_emax) delete_range(p, cm[last_open], (uint32_t)p->nt);
}

/* ---- actors ------------------------------------------------------------------------ */

static const char *actor_code_at(const dw_actor_entry *a, int32_t day) {
    if (day == INT32_MIN) return a->n_codes ? a->codes[a->n_codes - 1].code : NULL;
    for (int i = 0; i < a->n_codes; i++)
        if (day >= a->codes[i].from_day && day <= a->codes[i].to_day) return a->codes[i].code;
    return NULL;
}

/* Joins an agent's code to an actor's in three-letter parts, leaving out
 * parts the actor already has: IRN + GOV = IRNGOV, USAGOV + GOV = USAGOV. */
static void join_code(const char *actor, const dw_agent_entry *g, char out[32]) {
    char add[32] = "";
    size_t an = strlen(actor), gn = strlen(g->code);
    for (size_t i = 0; i + 3 <= gn || (i < gn && gn < 3); i += 3) {
        size_t k = gn - i < 3 ? gn - i : 3;
        int have = 0;
        for (size_t j = 0; j + k <= an; j += 3)
            if (memcmp(actor + j, g->code + i, k) == 0) have = 1;
        if (!have && strlen(add) + k < sizeof add) strncat(add, g->code + i, k);
    }
    const char *first = g->prefix ? add : actor, *second = g->prefix ? actor : add;
    size_t n1 = strlen(first), n2 = strlen(second);
    if (n1 > 31) n1 = 31;
    if (n1 + n2 > 31) n2 = 31 - n1; /* codes are short: cut, never overflow */
    memmove(out, first, n1);
    memmove(out + n1, second, n2);
    out[n1 + n2] = '\0';
}

static int push_mention(dw_peer *p, const mention *m) {
    if (GROW(p->m, p->cap_m, p->nm + 1)) return -1;
    p->m[p->nm++] = *m;
    return 0;
}

static int is_pronoun(const dw_peer *p, const ptok *t) {
    /* TABARI dereferences these ("their" too); "them" it leaves alone */
    static const char *const P[] = {"he", "she", "it", "they", "him", "her", "their", NULL};
    if (p->d->style != DW_STYLE_TABARI) return 0; /* PETRARCH leaves pronouns uncoded */
    for (int i = 0; P[i]; i++)
        if (word_eq(t, P[i])) return 1;
    return 0;
}

/* Splits "FRO/BIL/SAM" into the mention's codes. */
static void set_codes(mention *m, const char *code) {
    m->ncodes = 0;
    const char *s = code;
    while (*s && m->ncodes < MAX_CODES) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n && n < 32) {
            memcpy(m->codes[m->ncodes], s, n);
            m->codes[m->ncodes][n] = '\0';
            m->ncodes++;
        }
        if (!e) break;
        s = e + 1;
    }
}

/* Is token k a filler between an actor and what belongs to it?  TABARI:
 * articles and listed adjectives; PETRARCH (which parses) also any plain
 * word that is no actor, verb, comma, conjunction or pronoun. */
static int filler(const dw_peer *p, uint32_t k) {
    const ptok *t = &p->t[k];
    if (t->det || lex_kind_at(p, k) == HIT_ADJ) return 1;
    return p->d->style == DW_STYLE_PETRARCH && p->owner[k] < 0 && !t->comma && !t->conj;
}

static void add_agent_code(mention *m, const dw_agent_entry *g) {
    for (int c = 0; c < m->ncodes; c++) {
        char joined[32];
        memcpy(m->pre[c], m->codes[c], 32);
        join_code(m->codes[c], g, joined);
        memcpy(m->codes[c], joined, 32);
    }
    m->has_agent = 1;
}

/* The mention whose actor starts at token j, or -1. */
static int32_t mention_at(const dw_peer *p, uint32_t j) {
    for (size_t i = 0; i < p->nm; i++)
        if (p->m[i].at == j && !p->m[i].pronoun && !p->m[i].lone && p->m[i].ncodes) return (int32_t)i;
    return -1;
}

static int is_of(const ptok *t) { return word_eq(t, "of") || word_eq(t, "in") || word_eq(t, "from"); }

/* Agents join actors: the actor just before ("Arnor's foreign minister",
 * PETRARCH also across adjectives: "Ithilen's awful minister"), just after
 * ("human rights activists Gondor") or after of/in/from ("ambassadors of
 * Arnor"; PETRARCH gives every member of a compound the agent, and every
 * agent of "lawmakers and officials in ...").  A lone agent is an actor of
 * its own with CONVERT AGENT ("~MIL") and in PETRARCH ("---GOV"). */
static int attach_agents(dw_peer *p) {
    const dw_dict *d = p->d;
    int petr = d->style == DW_STYLE_PETRARCH;
    int32_t claimed_by = -1; /* the agent group that claimed the compound after it */
    for (size_t k = 0; k < p->nlx; k++) {
        const lex *x = &p->lx[k];
        if (x->kind != HIT_AGENT) continue;
        const dw_agent_entry *g = &d->agents[x->value];
        uint32_t a0 = x->first, a1 = x->last + 1;
        int32_t host = -1;
        /* before: right next to it, or (PETRARCH) across fillers and other agents */
        for (size_t i = 0; i < p->nm; i++) {
            mention *m = &p->m[i];
            if (m->pronoun || !m->ncodes || m->t1 > a0 || (m->has_agent && !petr)) continue;
            /* PETRARCH: other agents between ("Danish Islamist media"), or
             * a few adjectives after a possessive ("Ithilen's awful and evil
             * minister", "Dagolath's first Deputy Prime Minister") */
            int ok = m->t1 == a0;
            for (uint32_t j = m->t1; petr && j < a0; j++) {
                ok = lex_kind_at(p, j) == HIT_AGENT ||
                     (m->poss && a0 - m->t1 <= 4 && (filler(p, j) || p->t[j].conj));
                if (!ok) break;
            }
            if (ok) host = (int32_t)i;
        }
        if (host >= 0) {
            mention *m = &p->m[host];
            add_agent_code(m, g);
            m->t1 = a1;
            m->poss = (p->t[x->last].flags & DW_TOK_POSS) != 0;
            /* "Bree Prime Minister Romendacil": the name after is the same actor */
            int32_t next = mention_at(p, a1);
            if (next >= 0 && next != host) {
                m->t1 = p->m[next].t1;
                p->m[next].ncodes = 0; /* absorbed */
            }
            continue;
        }
        /* after: "activists Gondor", "ambassadors of Arnor", "lawmakers and
         * officials in Fornost and Gondor" */
        uint32_t j = a1;
        int group_head = 1;
        if (petr) {
            for (size_t b = 0; b < k; b++) /* an earlier agent of the same "A and B" group */
                if (p->lx[b].kind == HIT_AGENT && p->lx[b].last + 2 == a0 && p->t[a0 - 1].conj) group_head = 0;
            while (j + 1 < p->nt && p->t[j].conj && lex_kind_at(p, j + 1) == HIT_AGENT)
                j = p->lx[p->owner[j + 1]].last + 1;
        }
        int via = 0;
        if (j < p->nt && is_of(&p->t[j])) j++, via = 1;
        if (j < p->nt && via && p->t[j].det) j++;
        host = mention_at(p, j);
        if (host >= 0 && (!p->m[host].has_agent || petr)) {
            /* the compound after it: members joined by "and" / list commas */
            int32_t last = host;
            while (petr && via && (size_t)last + 1 < p->nm) {
                const mention *a = &p->m[last], *b = &p->m[last + 1];
                int conj = 0, other = b->pronoun || !b->ncodes;
                for (uint32_t q = a->t1; q < b->t0; q++) {
                    if (p->t[q].conj || p->t[q].listc) conj = 1;
                    else if (!filler(p, q)) other = 1;
                }
                if (!conj || other) break;
                last++;
            }
            int32_t gkey = (int32_t)k + 1;
            for (int32_t i = host; i <= last; i++) {
                mention *m = &p->m[i];
                if (!group_head && claimed_by >= 0) { /* a copy for the second agent */
                    mention c = *m;
                    for (int cc = 0; cc < c.ncodes; cc++) memcpy(c.codes[cc], c.pre[cc], 32);
                    add_agent_code(&c, g);
                    c.t0 = a0;
                    c.t1 = a1;
                    c.group = m->group;
                    if (push_mention(p, &c)) return -1;
                    m = &p->m[i];
                    continue;
                }
                add_agent_code(m, g);
                if (i == host) m->t0 = a0;
                if (petr && via) m->group = gkey;
            }
            if (group_head) claimed_by = (int32_t)k;
            continue;
        }
        /* PETRARCH "Danish media and government": the actor before the
         * "and" takes this agent too, as another member */
        if (petr && a0 > 0 && p->t[a0 - 1].conj) {
            int32_t prev = -1;
            for (size_t i = 0; i < p->nm; i++)
                if (!p->m[i].pronoun && p->m[i].ncodes && p->m[i].t1 == a0 - 1 && p->m[i].has_agent)
                    prev = (int32_t)i;
            if (prev >= 0 && !p->m[prev].lone) {
                mention c = p->m[prev];
                for (int cc = 0; cc < c.ncodes; cc++) memcpy(c.codes[cc], c.pre[cc], 32);
                add_agent_code(&c, g);
                c.t0 = a0;
                c.t1 = a1;
                if (push_mention(p, &c)) return -1;
                continue;
            }
        }
        if (!petr && !p->opts.convert_agent) continue;
        mention m;
        memset(&m, 0, sizeof m);
        m.t0 = m.at = a0;
        m.t1 = a1;
        m.ref = -1;
        m.has_agent = m.lone = 1;
        if (!petr) snprintf(m.codes[0], 32, g->prefix ? "%s~" : "~%s", g->code);
        else snprintf(m.codes[0], 32, "---%s", g->code);
        memcpy(m.base[0], m.codes[0], 32);
        memcpy(m.pre[0], m.codes[0], 32);
        m.ncodes = 1;
        if (push_mention(p, &m)) return -1;
    }
    return 0;
}

/* Builds the mentions: actors at the date, agents joined to them, pronouns.
 * Sets *status for [###] / [+++] actors. */
static int build_mentions(dw_peer *p, int32_t day, dw_peer_status *status) {
    const dw_dict *d = p->d;
    p->nm = 0;
    for (size_t k = 0; k < p->nlx; k++) {
        const lex *x = &p->lx[k];
        if (x->kind != HIT_ACTOR) continue;
        const char *code = actor_code_at(&d->actors[x->value], day);
        if (!code || strcmp(code, "---") == 0) continue; /* named, but no actor at this date */
        if (strcmp(code, "###") == 0) {
            *status = PEER_DISCARD;
            continue;
        }
        if (strcmp(code, "+++") == 0) {
            if (*status == PEER_CODED) *status = PEER_COMPLEX;
            continue;
        }
        mention m;
        memset(&m, 0, sizeof m);
        m.t0 = m.at = x->first;
        m.t1 = x->last + 1;
        m.ref = -1;
        m.poss = (p->t[x->last].flags & DW_TOK_POSS) != 0;
        set_codes(&m, code);
        memcpy(m.base, m.codes, sizeof m.base);
        memcpy(m.pre, m.codes, sizeof m.pre);
        if (push_mention(p, &m)) return -1;
    }
    if (attach_agents(p)) return -1;
    for (uint32_t i = 0; i < p->nt; i++) {
        if (p->owner[i] >= 0 || !is_pronoun(p, &p->t[i])) continue;
        mention m;
        memset(&m, 0, sizeof m);
        m.t0 = i;
        m.t1 = i + 1;
        m.pronoun = 1;
        m.ref = -1;
        if (push_mention(p, &m)) return -1;
    }
    /* drop absorbed mentions; order by position */
    size_t n = 0;
    for (size_t i = 0; i < p->nm; i++)
        if (p->m[i].ncodes || p->m[i].pronoun) p->m[n++] = p->m[i];
    p->nm = n;
    for (size_t i = 1; i < p->nm; i++) {
        mention x = p->m[i];
        size_t j = i;
        while (j > 0 && p->m[j - 1].t0 > x.t0) {
            p->m[j] = p->m[j - 1];
            j--;
        }
        p->m[j] = x;
    }
    return 0;
}

/* Joins mentions into compounds: "Gondor and Osgiliath", "Mordor, Rohan,
 * Fornost and Bree", "Fornost and the evil awful Gondor". */
static int build_compounds(dw_peer *p) {
    p->ncp = 0;
    for (size_t i = 0; i < p->nm; i++) {
        int join = 0;
        if (i > 0 && !p->m[i].pronoun && !p->m[i - 1].pronoun) {
            const mention *a = &p->m[i - 1], *b = &p->m[i];
            /* [,] [and|or|nor] then articles and adjectives: "Fornost and the
             * evil Gondor"; "Ithilen's awful and evil minister" joins no actors.
             * PETRARCH's noun phrases may hold other words ("Ithilen's sheep
             * and goats of Gondor") */
            int petr = p->d->style == DW_STYLE_PETRARCH;
            int conj = 0, other = 0, lead = 1;
            for (uint32_t k = a->t1; k < b->t0; k++) {
                const ptok *t = &p->t[k];
                int c = (t->comma && t->listc) || word_eq(t, "and") || word_eq(t, "or") || word_eq(t, "nor");
                if (t->aside) continue; /* the commas of a dropped aside join nothing */
                if (c && (lead || petr)) conj = 1;
                else if (c || !filler(p, k)) other = 1;
                else lead = 0;
            }
            const compound *cur = &p->cp[p->ncp - 1];
            int in_list = cur->last > cur->first && !petr;
            join = !other && (conj || (a->t1 == b->t0 && a->poss) || (b->t0 > a->t1 && in_list));
            if (a->group && a->group == b->group) join = 1;
        }
        if (join) {
            p->cp[p->ncp - 1].last = (int32_t)i;
        } else {
            if (GROW(p->cp, p->cap_cp, p->ncp + 1)) return -1;
            p->cp[p->ncp++] = (compound){(int32_t)i, (int32_t)i};
        }
        p->m[i].comp = (int32_t)(p->ncp - 1);
    }
    return 0;
}

/* Pronouns stand for the first actor of the sentence (or the story). */
static void resolve_pronouns(dw_peer *p) {
    for (size_t i = 0; i < p->nm; i++) {
        mention *m = &p->m[i];
        if (!m->pronoun) continue;
        for (size_t j = 0; j < i; j++)
            if (!p->m[j].pronoun) {
                m->ref = (int32_t)j;
                break;
            }
    }
}

/* ---- coding -------------------------------------------------------------------------- */

typedef struct side {
    char codes[MAX_SIDE][32];
    uint32_t b0[MAX_SIDE], b1[MAX_SIDE];
    int n;
} side;

static void side_add_code(side *s, const char *code, uint32_t b0, uint32_t b1) {
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->codes[i], code) == 0) return;
    if (s->n == MAX_SIDE) return;
    snprintf(s->codes[s->n], 32, "%s", code);
    s->b0[s->n] = b0;
    s->b1[s->n] = b1;
    s->n++;
}

/* The actors a mention stands for: itself or its antecedent, with its codes. */
static void side_add_mention(const dw_peer *p, side *s, int32_t mi, int whole_compound) {
    const mention *m = &p->m[mi];
    if (m->pronoun) {
        if (m->ref >= 0) side_add_mention(p, s, m->ref, 1);
        else if (p->has_story) /* the previous sentence's first actor, without its agent */
            for (int c = 0; c < p->story.ncodes; c++)
                side_add_code(s, p->story.base[c], p->t[m->t0].b0, p->t[m->t1 - 1].b1);
        return;
    }
    int32_t lo = mi, hi = mi;
    if (whole_compound) lo = p->cp[m->comp].first, hi = p->cp[m->comp].last;
    for (int32_t k = lo; k <= hi; k++) {
        const mention *x = &p->m[k];
        if (x->pronoun) continue;
        for (int c = 0; c < x->ncodes; c++)
            side_add_code(s, x->codes[c], p->t[x->t0].b0, p->t[x->t1 - 1].b1);
    }
}

static int emit(dw_peer_result *out, const char *src, const char *tgt, const char *code, int32_t shift,
                uint32_t b0, uint32_t b1, const side *S, int si, const side *T, int ti) {
    if (!*code || strcmp(src, tgt) == 0) return 0;
    for (size_t i = 0; i < out->n; i++)
        if (strcmp(out->ev[i].source, src) == 0 && strcmp(out->ev[i].target, tgt) == 0 &&
            strcmp(out->ev[i].code, code) == 0)
            return 0;
    if (out->n == DW_PEER_MAX_EVENTS) return 0;
    dw_peer_event *e = &out->ev[out->n++];
    memset(e, 0, sizeof *e);
    snprintf(e->source, sizeof e->source, "%s", src);
    snprintf(e->target, sizeof e->target, "%s", tgt);
    snprintf(e->code, sizeof e->code, "%s", code);
    e->shift = shift;
    e->b0 = b0;
    e->b1 = b1;
    e->sb0 = S->b0[si], e->sb1 = S->b1[si];
    e->tb0 = T->b0[ti], e->tb1 = T->b1[ti];
    return 1;
}

/* -- pattern matching (backtracking over token positions) -- */

typedef struct pm {
    dw_peer *p;
    const dw_pattern *pat;
    uint32_t c0, c1;   /* clause tokens [c0, c1) */
    binding b;
    int plain_skip;    /* PETRARCH: ^ passes over a plain word (second try) */
} pm;

static int word_matches(const dw_peer *p, uint32_t q, uint32_t key) {
    const ptok *t = &p->t[q];
    if (t->comma) return 0;
    uint32_t id = key & PW_ID_MASK, mode = PW_MODE(key);
    for (uint32_t k = 0; k < t->cn; k++)
        if (p->c[t->c0 + k].id == id && (p->c[t->c0 + k].modes & (1u << mode))) return 1;
    return 0;
}

static int skipped(const binding *b, int32_t m) { return m < 256 && (b->skipped[m >> 6] >> (m & 63)) & 1; }

/* Binds an actor slot to the mention (or compound) occupying tokens that
 * end at `end` (dir < 0) or start at `start` (dir > 0); returns the other
 * end of it, or -1. */
static int64_t slot_match(pm *x, uint32_t kind, uint32_t q, int dir) {
    dw_peer *p = x->p;
    for (size_t i = 0; i < p->nm; i++) {
        const mention *m = &p->m[i];
        int32_t lo = (int32_t)i, hi = (int32_t)i;
        if (kind == EL_COMPOUND || kind == EL_SKIP) lo = p->cp[m->comp].first, hi = p->cp[m->comp].last;
        if (kind == EL_COMPOUND && lo == hi) continue;
        uint32_t s = p->m[lo].t0, e = p->m[hi].t1;
        if ((dir < 0 && e - 1 != q) || (dir > 0 && s != q)) continue;
        if (s < x->c0 || e > x->c1) continue;
        switch (kind) {
        case EL_SOURCE:
            if (x->b.src >= 0) continue;
            x->b.src = (int32_t)i;
            break;
        case EL_TARGET:
            if (x->b.tgt >= 0) continue;
            x->b.tgt = (int32_t)i;
            break;
        case EL_COMPOUND: x->b.comp = m->comp; break;
        default:
            for (int32_t k = lo; k <= hi && k < 256; k++) x->b.skipped[k >> 6] |= 1ull << (k & 63);
        }
        return dir < 0 ? (int64_t)s : (int64_t)e;
    }
    return -1;
}

static uint32_t slot_kind(uint32_t key) {
    switch (key & PW_ID_MASK) {
    case PW_SLOT_SOURCE: return EL_SOURCE;
    case PW_SLOT_TARGET: return EL_TARGET;
    case PW_SLOT_COMPOUND: return EL_COMPOUND;
    default: return EL_SKIP;
    }
}

/* One element (word, set member, slot) matched rightward from q (dir > 0:
 * its first token is q; returns one past its last) or leftward (dir < 0:
 * its last token is q; returns its first).  -1: no match. */
static int64_t elem_match(pm *x, const dw_pattern_elem *e, uint32_t q, int dir);

static int64_t seq_match(pm *x, const uint32_t *keys, uint32_t n, uint32_t q, int dir) {
    /* a set member: words with their own joins, matched in dir order */
    int64_t cur = q;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t key = keys[dir > 0 ? k : n - 1 - k];
        /* the join before a word is on the word (rightward) or on the one
         * after it (leftward) */
        uint32_t joinkey = dir > 0 ? key : (k == 0 ? 0 : keys[n - k]);
        int gap = k > 0 && (joinkey & PW_GAP);
        int64_t found = -1;
        uint32_t start = (uint32_t)cur;
        for (int64_t r = start; r >= (int64_t)x->c0 && r < (int64_t)x->c1; r += dir) {
            int64_t got;
            if (PW_IS_SLOT(key)) {
                dw_pattern_elem se = {(uint8_t)slot_kind(key), 0, 0};
                got = elem_match(x, &se, (uint32_t)r, dir);
            } else {
                got = word_matches(x->p, (uint32_t)r, key) ? (dir > 0 ? r + 1 : r) : -1;
            }
            if (got >= 0) {
                found = got;
                break;
            }
            if (!gap) break;
        }
        if (found < 0) return -1;
        if (k + 1 < n) cur = dir > 0 ? found : found - 1;
        else cur = found;
        if (dir < 0 && k + 1 < n && found == 0) return -1;
    }
    return cur;
}

static int64_t elem_match(pm *x, const dw_pattern_elem *e, uint32_t q, int dir) {
    if (q < x->c0 || q >= x->c1) return -1;
    switch (e->kind) {
    case EL_WORD:
        if (PW_IS_SLOT(e->value)) return slot_match(x, slot_kind(e->value), q, dir);
        return word_matches(x->p, q, e->value) ? (dir > 0 ? (int64_t)q + 1 : (int64_t)q) : -1;
    case EL_SET: {
        const dw_set_entry *s = &x->p->d->sets[e->value];
        size_t off = 0;
        for (size_t k = 0; k < s->n_members; off += s->lens[k], k++) {
            binding save = x->b;
            int64_t r = seq_match(x, s->words + off, s->lens[k], q, dir);
            if (r >= 0) return r;
            x->b = save;
        }
        return -1;
    }
    case EL_SKIP: {
        /* PETRARCH skips a noun phrase: when no actor will do, a plain word
         * ("warned their populations about ...") */
        const ptok *t = &x->p->t[q];
        if (!x->plain_skip) return slot_match(x, e->kind, q, dir);
        if (x->p->owner[q] < 0 && !t->comma && !t->det && !t->conj) return dir > 0 ? (int64_t)q + 1 : (int64_t)q;
        return -1;
    }
    case EL_SOURCE:
    case EL_TARGET:
    case EL_COMPOUND: return slot_match(x, e->kind, q, dir);
    default: return -1;
    }
}

/* Matches elements k, k-1, ..., 0 leftward; element k must end before
 * `limit` (right next to it unless the join allows a gap). */
static int match_lower(pm *x, int k, uint32_t limit) {
    if (k < 0) return 1;
    const dw_pattern_elem *e = &x->pat->e[k];
    int gap = x->pat->e[k + 1].far;
    if (limit == 0 || limit <= x->c0) return 0;
    for (int64_t q = (int64_t)limit - 1; q >= (int64_t)x->c0; q--) {
        binding save = x->b;
        int64_t s = elem_match(x, e, (uint32_t)q, -1);
        if (s >= 0 && match_lower(x, k - 1, (uint32_t)s)) return 1;
        x->b = save;
        if (!gap) break;
    }
    return 0;
}

/* Matches elements k, k+1, ... rightward from `from`. */
static int match_upper(pm *x, int k, uint32_t from) {
    if (k >= x->pat->n) return 1;
    const dw_pattern_elem *e = &x->pat->e[k];
    for (uint32_t q = from; q < x->c1; q++) {
        binding save = x->b;
        int64_t s = elem_match(x, e, q, 1);
        if (s >= 0 && match_upper(x, k + 1, (uint32_t)s)) return 1;
        x->b = save;
        if (!e->far) break;
    }
    return 0;
}

static int match_pattern(pm *x, const lex *v) {
    memset(&x->b, 0, sizeof x->b);
    x->b.src = x->b.tgt = x->b.comp = -1;
    const dw_pattern *pat = x->pat;
    if (!match_upper(x, pat->anchor + 1, v->last + 1)) return 0;
    return match_lower(x, pat->anchor - 1, v->first);
}

/* "X was opposed by Y": a be-form before the verb and "by" + actor after. */
static int32_t passive_source(const dw_peer *p, const lex *v, uint32_t c1) {
    static const char *const BE[] = {"is", "are", "was", "were", "be", "been", "being", NULL};
    int be = 0;
    for (uint32_t k = 1; k <= 3 && k <= v->first; k++) {
        const ptok *t = &p->t[v->first - k];
        for (int i = 0; BE[i]; i++)
            if (word_eq(t, BE[i])) be = 1;
        if (be) break;
        if (!(t->norm_len > 2 && memcmp(t->norm + t->norm_len - 2, "ly", 2) == 0) && !word_eq(t, "not"))
            return -1;
    }
    if (!be) return -1;
    for (uint32_t q = v->last + 1; q < c1 && q <= v->last + 3; q++) {
        if (!word_eq(&p->t[q], "by")) continue;
        for (size_t i = 0; i < p->nm; i++)
            if (p->m[i].t0 == q + 1 || (p->m[i].t0 == q + 2 && p->t[q + 1].det)) return (int32_t)i;
        return -1;
    }
    return -1;
}

/* Is the token governed by a preposition that marks no subject ("against
 * besieged Osgiliath")?  "of" and "in" may head one ("pigs of Gondor"). */
static int after_preposition(const dw_peer *p, uint32_t t) {
    static const char *const PREP[] = {"against", "with", "to", "into", "toward", "towards", "at", "on",
                                       "for", "from", "by", "near", "between", "among", NULL};
    /* articles, adjectives and one plain word may come between ("against
     * besieged Osgiliath") */
    int plain = 0;
    while (t > 0) {
        const ptok *k = &p->t[t - 1];
        for (int i = 0; PREP[i]; i++)
            if (word_eq(k, PREP[i])) return 1;
        if (k->det || lex_kind_at(p, t - 1) == HIT_ADJ) t--;
        else if (!plain && p->owner[t - 1] < 0 && !k->comma && !k->conj) plain = 1, t--;
        else return 0;
    }
    return 0;
}

/* Does mention b stand for exactly the one actor a stands for ("Arnor ...
 * its")?  Then it is no target; a compound meeting itself is ("their"). */
static int reflexive(const dw_peer *p, int32_t a, int32_t b) {
    side A, B;
    A.n = B.n = 0;
    side_add_mention(p, &A, a, 1);
    side_add_mention(p, &B, b, 1);
    return A.n == 1 && B.n == 1 && strcmp(A.codes[0], B.codes[0]) == 0;
}

typedef enum { V_NONE = 0, V_CODED, V_NOACTORS, V_DISCARD, V_COMPLEX } vres;

static const lex *verb_lex_at(const dw_peer *p, uint32_t j, int allcaps);

typedef struct clause_ctx {
    uint32_t c0, c1;
    int32_t inherited; /* source mention carried from the previous clause, -1 */
    int32_t used_src;  /* the source mention this clause used */
    int32_t shift;
} clause_ctx;

/* Codes one verb in a clause; appends events to out. */
static vres code_verb(dw_peer *p, const lex *v, clause_ctx *cc, dw_peer_result *out) {
    const dw_dict *d = p->d;
    const dw_verb_entry *ve = &d->verbs[v->value];
    pm x;
    memset(&x, 0, sizeof x);
    x.p = p;
    x.c0 = cc->c0;
    x.c1 = cc->c1;
    const dw_pattern *pat = NULL;
    for (size_t k = 0; k < ve->n_patterns && !pat; k++) {
        x.pat = &d->patterns[ve->patterns[k]];
        int has_skip = 0;
        for (int e = 0; e < x.pat->n; e++) has_skip |= x.pat->e[e].kind == EL_SKIP;
        for (x.plain_skip = 0; x.plain_skip < 1 + (has_skip && d->style == DW_STYLE_PETRARCH); x.plain_skip++)
            if (match_pattern(&x, v)) {
                pat = x.pat;
                break;
            }
    }
    if (!pat || (pat->peer_flags & PF_NULL)) return V_NONE;
    if (pat->peer_flags & PF_DISCARD) return V_DISCARD;
    if (pat->peer_flags & PF_COMPLEX) return V_COMPLEX;
    binding *b = &x.b;
    uint32_t vb0 = p->t[v->first].b0, vb1 = p->t[v->last].b1;
    side S, T;
    S.n = T.n = 0;
    if (b->comp >= 0 && d->style == DW_STYLE_PETRARCH) {
        /* PETRARCH's % is a compound in the slot: the target after the verb,
         * the source before it (coding itself only with a paired code) */
        const compound *c = &p->cp[b->comp];
        if (p->m[c->first].t0 > v->last) b->tgt = c->first, b->comp = -1;
        else if (!(pat->peer_flags & PF_PAIRED)) b->src = c->first, b->comp = -1;
    }
    if (b->comp >= 0) { /* % : the compound's members code each other */
        const compound *c = &p->cp[b->comp];
        side C;
        C.n = 0;
        for (int32_t k = c->first; k <= c->last; k++) side_add_mention(p, &C, k, 0);
        int any = 0;
        for (int i = 0; i < C.n; i++)
            for (int j = i + 1; j < C.n; j++) {
                any |= emit(out, C.codes[i], C.codes[j], pat->code, cc->shift, vb0, vb1, &C, i, &C, j);
                any |= emit(out, C.codes[j], C.codes[i], pat->code2[0] ? pat->code2 : pat->code,
                            cc->shift, vb0, vb1, &C, j, &C, i);
            }
        return any ? V_CODED : V_NOACTORS;
    }
    int32_t src = b->src, tgt = b->tgt;
    int pattern_slots = src >= 0 || tgt >= 0;
    /* DEFAULT: without PRIOR the source may follow the verb, without AFTER
     * the target may precede it (even splitting the source's compound) */
    int prior = !p->opts.default_on || p->opts.default_prior;
    int after = p->opts.default_on && p->opts.default_after;
    /* the source: $, else the clause's first free actor before the verb
     * (in a later clause, not one governed by "against", "to", ...: that is
     * no subject, and the earlier clause's source carries over) */
    if (src < 0) {
        for (size_t i = 0; i < p->nm && src < 0; i++) {
            const mention *m = &p->m[i];
            if (m->t0 < cc->c0 || m->t0 >= v->first || (int32_t)i == tgt || skipped(b, (int32_t)i)) continue;
            if (tgt >= 0 && p->m[tgt].comp == m->comp && !m->pronoun) continue;
            if (cc->inherited >= 0 && after_preposition(p, m->t0)) continue;
            src = (int32_t)i;
        }
        if (src < 0 && cc->inherited >= 0 && cc->inherited != tgt) src = cc->inherited;
        if (src < 0 && (tgt >= 0 || !prior)) /* "An Eriadorian (+) was shot dead in Osgiliath" */
            for (size_t i = 0; i < p->nm && src < 0; i++) {
                const mention *m = &p->m[i];
                if (m->t0 >= cc->c0 && m->t0 < cc->c1 && (int32_t)i != tgt && !skipped(b, (int32_t)i) &&
                    (tgt < 0 || p->m[tgt].comp != m->comp))
                    src = (int32_t)i;
            }
    }
    if (!pattern_slots) {
        int32_t by = passive_source(p, v, cc->c1);
        if (by >= 0 && src >= 0 && by != src) {
            tgt = src;
            src = by;
        }
    }
    /* the target: +, else the first actor after the verb other than the
     * source, else one between the source and the verb */
    if (tgt < 0) {
        for (size_t i = 0; i < p->nm && tgt < 0; i++) {
            const mention *m = &p->m[i];
            if (m->t0 <= v->last || m->t0 >= cc->c1 || skipped(b, (int32_t)i) || (int32_t)i == src) continue;
            if (src >= 0 && reflexive(p, src, (int32_t)i)) continue;
            if (m->lone && verb_lex_at(p, m->t1, 0)) continue; /* "he said government proposed" */
            tgt = (int32_t)i;
        }
        /* between the source and the verb: another actor, else one of the
         * source's own compound (which then splits) */
        for (int same = 0; same < 2 && tgt < 0 && src >= 0 && !after; same++)
            for (size_t i = 0; i < p->nm && tgt < 0; i++) {
                const mention *m = &p->m[i];
                if (m->t0 <= p->m[src].t0 || m->t0 >= v->first || m->t0 < cc->c0 || skipped(b, (int32_t)i) ||
                    (m->comp == p->m[src].comp) != same)
                    continue;
                tgt = (int32_t)i;
            }
    }
    /* a target inside the source's compound splits it ("Bree and Arnor") */
    int split = src >= 0 && tgt >= 0 && !p->m[src].pronoun && !p->m[tgt].pronoun &&
                p->m[src].comp == p->m[tgt].comp;
    if (src < 0) {
        if (p->opts.default_on && p->opts.default_source[0]) side_add_code(&S, p->opts.default_source, vb0, vb0);
        else return p->opts.noactprior ? V_COMPLEX : V_NOACTORS;
    } else {
        side_add_mention(p, &S, src, !split);
    }
    if (tgt < 0) {
        if (p->opts.default_on && p->opts.default_target[0]) side_add_code(&T, p->opts.default_target, vb1, vb1);
        else return V_NOACTORS;
    } else {
        side_add_mention(p, &T, tgt, !split);
    }
    cc->used_src = src;
    int any = 0;
    for (int i = 0; i < S.n; i++)
        for (int j = 0; j < T.n; j++) {
            any |= emit(out, S.codes[i], T.codes[j], pat->code, cc->shift, vb0, vb1, &S, i, &T, j);
            if (pat->peer_flags & PF_PAIRED)
                any |= emit(out, T.codes[j], S.codes[i], pat->code2, cc->shift, vb0, vb1, &T, j, &S, i);
        }
    return any ? V_CODED : V_NOACTORS;
}

/* Is the verb lexeme a verb here, or a noun ("an accord", "To Restore")? */
static int verb_ok(const dw_peer *p, const lex *v, int allcaps) {
    static const char *const MODALS[] = {"will", "would", "shall", "should", "can", "could",
                                         "may", "might", "must", NULL};
    const ptok *t = &p->t[v->first];
    if (t->flags & DW_TOK_POSS) return 0;
    if (v->first > 0 && p->t[v->first - 1].det) return 0;
    if (p->d->style == DW_STYLE_TABARI) {
        if ((t->flags & DW_TOK_CAP) && v->first > 0 && !allcaps) return 0;
    } else if (v->words == 1) { /* PETRARCH codes main verbs, never modals */
        for (int i = 0; MODALS[i]; i++)
            if (word_eq(t, MODALS[i])) return 0;
    }
    return 1;
}

/* The verb lexeme starting at token j, or NULL. */
static const lex *verb_lex_at(const dw_peer *p, uint32_t j, int allcaps) {
    if (j >= p->nt || p->owner[j] < 0) return NULL;
    const lex *x = &p->lx[p->owner[j]];
    return x->kind == HIT_VERB && x->first == j && verb_ok(p, x, allcaps) ? x : NULL;
}

/* A verb's own code: its pattern of the verb alone (sorted last). */
static const dw_pattern *verb_default(const dw_dict *d, const lex *v) {
    const dw_verb_entry *ve = &d->verbs[v->value];
    return ve->n_patterns ? &d->patterns[ve->patterns[ve->n_patterns - 1]] : NULL;
}

/* The verb after lexeme k in the clause, or NULL. */
static const lex *next_verb(const dw_peer *p, size_t k, uint32_t c1, int allcaps) {
    for (size_t j = k + 1; j < p->nlx; j++) {
        const lex *w = &p->lx[j];
        if (w->first >= c1) return NULL;
        if (w->kind == HIT_VERB && verb_ok(p, w, allcaps)) return w;
    }
    return NULL;
}

/* Where clauses split: a conjunction that joins no actors, adjectives or
 * nouns and sits inside no phrase. */
static int clause_break(const dw_peer *p, uint32_t i) {
    const ptok *t = &p->t[i];
    if (!t->conj || p->owner[i] >= 0 || i == 0 || i + 1 >= p->nt) return 0;
    for (size_t k = 1; k < p->nm; k++) /* between two members of a compound */
        if (p->m[k].comp == p->m[k - 1].comp && p->m[k - 1].t1 <= i && p->m[k].t0 > i) return 0;
    if (p->d->style == DW_STYLE_PETRARCH) {
        /* a new clause needs its verb: "... and promised aid", "but Dagolath
         * promised", not "heavily and unjustly criticized" */
        uint32_t j = i + 1;
        if (j < p->nt && word_eq(&p->t[j], "then")) j++;
        if (j < p->nt && verb_lex_at(p, j, 0)) return 1;
        int32_t m = -1;
        for (size_t k = 0; k < p->nm; k++)
            if (p->m[k].t0 == j) m = (int32_t)k;
        if (m < 0) return 0;
        for (uint32_t q = p->m[m].t1; q < p->nt && q <= p->m[m].t1 + 2; q++)
            if (verb_lex_at(p, q, 0)) return 1;
        return 0;
    }
    for (size_t k = 0; k < p->nlx; k++) /* inside a phrase that skips words */
        if (p->lx[k].first < i && p->lx[k].last > i) return 0;
    int before = lex_kind_at(p, i - 1);
    uint32_t j = i + 1;
    while (j < p->nt && p->t[j].det) j++;
    int after = j < p->nt ? lex_kind_at(p, j) : 0;
    if ((before == HIT_ADJ && after == HIT_ADJ) || (before == HIT_NOUN && (after == HIT_NOUN || after == HIT_ADJ)))
        return 0;
    for (size_t k = 1; k < p->nm; k++) /* between two members of a compound */
        if (p->m[k].comp == p->m[k - 1].comp && p->m[k - 1].t1 <= i && p->m[k].t0 > i) return 0;
    return 1;
}

int dw_peer_code(dw_peer *p, const char *text, size_t len, int32_t day, dw_peer_result *out,
                 dw_error *err) {
    const dw_dict *d = p->d;
    const dw_peer_options *o = &p->opts;
    out->status = PEER_CODED;
    out->n = 0;
    if (tokenize(p, text, len, 0)) return dw_fail(err, DW_ENOMEM, "out of memory coding a sentence");
    uint32_t words = 0, caps = 0, letters = 0;
    for (size_t i = 0; i < p->nt; i++) {
        if (p->t[i].comma) continue;
        words++;
        if (p->t[i].flags & DW_TOK_WORD) {
            letters++;
            caps += (p->t[i].flags & DW_TOK_ALLCAP) != 0;
        }
    }
    if ((int)words < o->min_words) {
        out->status = PEER_SHORT;
        return DW_OK;
    }
    int allcaps = letters > 0 && caps * 10 >= letters * 8;
    /* phrases, then the comma rules, then phrases again on what is left */
    if (find_phrases(p)) return dw_fail(err, DW_ENOMEM, "out of memory");
    for (size_t k = 0; k < p->nlx; k++) { /* discards count wherever they are */
        const lex *x = &p->lx[k];
        if (x->kind == HIT_DISCARD) out->status = PEER_DISCARD;
        if (x->kind == HIT_VERB) { /* a discard verb ("SOCCER") counts as a noun too */
            const dw_verb_entry *ve = &d->verbs[x->value];
            for (size_t j = 0; j < ve->n_patterns; j++) {
                const dw_pattern *pt = &d->patterns[ve->patterns[j]];
                if (pt->n == 1 && (pt->peer_flags & PF_DISCARD)) out->status = PEER_DISCARD;
            }
        }
        if (x->kind == HIT_TIME && o->time_shift && (d->times[x->value].flags & PF_DISCARD))
            out->status = PEER_DISCARD;
    }
    comma_clauses(p);
    compact(p);
    if (find_phrases(p)) return dw_fail(err, DW_ENOMEM, "out of memory");
    int32_t shift = 0;
    for (size_t k = 0; k < p->nlx; k++) {
        const lex *x = &p->lx[k];
        if (x->kind != HIT_TIME || !o->time_shift) continue;
        const dw_time_entry *te = &d->times[x->value];
        if ((te->flags & PF_COMPLEX) && out->status == PEER_CODED) out->status = PEER_COMPLEX;
        shift += te->shift;
    }
    if (build_mentions(p, day, &out->status) || build_compounds(p))
        return dw_fail(err, DW_ENOMEM, "out of memory");
    resolve_pronouns(p);
    if (out->status != PEER_CODED) return DW_OK;
    /* COMPLEX: too many verbs or conjunctions */
    /* (conjunctions inside compounds do not count: they join actors) */
    uint32_t nverbs = 0, nconj = 0;
    for (size_t k = 0; k < p->nlx; k++) nverbs += p->lx[k].kind == HIT_VERB && verb_ok(p, &p->lx[k], allcaps);
    for (uint32_t i = 0; i < p->nt; i++) nconj += clause_break(p, i);
    if ((o->complex_verbs && (int)nverbs >= o->complex_verbs) || (o->complex_conj && (int)nconj >= o->complex_conj)) {
        out->status = PEER_COMPLEX;
        return DW_OK;
    }
    /* clauses */
    clause_ctx cc = {0, 0, -1, -1, shift};
    uint32_t start = 0;
    int first_actor = -1;
    for (size_t i = 0; i < p->nm; i++)
        if (!p->m[i].pronoun) {
            first_actor = (int)i;
            break;
        }
    for (uint32_t i = 0; i <= p->nt; i++) {
        if (i < p->nt && !clause_break(p, i)) continue;
        cc.c0 = start;
        cc.c1 = i;
        start = i + 1;
        if (cc.c1 <= cc.c0) continue;
        cc.used_src = -1;
        size_t clause_first = out->n;
        vres best = V_NONE;
        int coded_any = 0;
        /* the clause's verbs in order: the first that gives a code is coded
         * (all of them with CODE ALL); weak verbs ([023?]) only when no
         * other verb gives one; an overriding verb ([031!]) later in the
         * clause replaces the first */
        for (int weak = 0; weak < 2 && !coded_any; weak++) {
            for (size_t k = 0; k < p->nlx; k++) {
                const lex *v = &p->lx[k];
                if (v->kind != HIT_VERB || v->first < cc.c0 || v->first >= cc.c1 || !verb_ok(p, v, allcaps)) continue;
                const dw_pattern *def = verb_default(d, v);
                int is_weak = def && (def->peer_flags & PF_WEAK);
                if (is_weak != weak) continue;
                vres r = code_verb(p, v, &cc, out);
                if (r == V_DISCARD) {
                    out->status = PEER_DISCARD;
                    out->n = 0;
                    return DW_OK;
                }
                if (r == V_NONE) continue;
                best = r;
                if (r == V_CODED) coded_any = 1;
                /* the clause's next verb, when it overrides ([031!]: "left ...
                 * to attend"), takes the place of what the clause coded */
                const lex *w = weak ? NULL : next_verb(p, k, cc.c1, allcaps);
                if (w && (verb_default(d, w)->peer_flags & PF_OVERRIDE)) {
                    dw_peer_result *tmp = &p->tmp;
                    tmp->n = 0;
                    clause_ctx c2 = cc;
                    if (code_verb(p, w, &c2, tmp) == V_CODED) {
                        out->n = clause_first;
                        for (size_t e = 0; e < tmp->n && out->n < DW_PEER_MAX_EVENTS; e++) out->ev[out->n++] = tmp->ev[e];
                        cc = c2;
                        break;
                    }
                }
                if (o->code_by == PEER_CODE_ALL || weak) continue;
                break;
            }
        }
        if (best == V_COMPLEX && out->n == 0) {
            out->status = PEER_COMPLEX;
            return DW_OK;
        }
        if (cc.used_src >= 0) cc.inherited = cc.used_src;
        else if (cc.inherited < 0 && first_actor >= 0 && (uint32_t)p->m[first_actor].t0 < cc.c1)
            cc.inherited = first_actor;
        if (o->code_by == PEER_BY_SENTENCE && out->n) break;
    }
    /* the story's antecedent for the next sentence's pronouns */
    if (first_actor >= 0) {
        p->story = p->m[first_actor];
        p->has_story = 1;
    }
    return DW_OK;
}

/* ---- records for dw_code_document --------------------------------------------------- */

/* Day number (since 1970-01-01) to "YYYY-MM-DD" (the proleptic Gregorian
 * calendar, as dw_date_days counts). */
static void iso_from_days(int32_t days, char out[11]) {
    int32_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int32_t dd = doy - (153 * mp + 2) / 5 + 1, mm = mp < 10 ? mp + 3 : mp - 9;
    int32_t y = yoe + era * 400 + (mm <= 2);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(y % 10000) % 10000u, (unsigned)mm % 100u, (unsigned)dd % 100u);
}

static void fill_actor(const char *code, const char *text, uint32_t b0, uint32_t b1, dw_actor *a) {
    memset(a, 0, sizeof *a);
    if (dw_actor_parse_code(code, a, NULL)) { /* peer codes need not be CAMEO-shaped */
        memset(a, 0, sizeof *a);
        snprintf(a->code, sizeof a->code, "%s", code);
    }
    a->name = dw_strdup(code);
    if (b1 > b0) a->text = dw_strndup(text + b0, b1 - b0);
}

int dw_peer_code_events(dw_peer *p, const dw_doc *doc, int index, dw_span span, int32_t day,
                        dw_events *out, dw_error *err) {
    dw_peer_result r;
    int rc = dw_peer_code(p, doc->text + span.start, span.end - span.start, day, &r, err);
    if (rc || r.status != PEER_CODED) return rc;
    const char *base = doc->text + span.start;
    for (size_t i = 0; i < r.n; i++) {
        const dw_peer_event *pe = &r.ev[i];
        dw_event *e = dw_events_push(out);
        if (!e) return dw_fail(err, DW_ENOMEM, "out of memory");
        e->doc = dw_strdup(doc->id);
        e->sentence = index;
        e->span_start = span.start;
        e->span_end = span.end;
        e->text = dw_strndup(base, span.end - span.start);
        if (doc->date) {
            if (pe->shift && day != INT32_MIN) iso_from_days(day + pe->shift, e->date);
            else snprintf(e->date, sizeof e->date, "%.10s", doc->date);
            snprintf(e->date_end, sizeof e->date_end, "%s", e->date);
            snprintf(e->date_precision, sizeof e->date_precision, "document");
        }
        fill_actor(pe->source, base, pe->sb0, pe->sb1, &e->source);
        fill_actor(pe->target, base, pe->tb0, pe->tb1, &e->target);
        snprintf(e->cameo, sizeof e->cameo, "%.4s", pe->code);
        const dw_cameo_info *info = dw_dict_cameo(p->d, e->cameo);
        if (info) {
            memcpy(e->root, info->root, sizeof e->root);
            e->quad_class = info->quad_class;
            e->goldstein = info->goldstein;
            snprintf(e->plover_type, sizeof e->plover_type, "%s", info->plover_type);
            snprintf(e->plover_mode, sizeof e->plover_mode, "%s", info->plover_mode);
            snprintf(e->plover_context, sizeof e->plover_context, "%s", info->plover_context);
            snprintf(e->track, sizeof e->track, "%s", info->track);
        } else {
            snprintf(e->root, sizeof e->root, "%.2s", pe->code);
        }
        e->modality = DW_ASSERTED;
        e->confidence = 0.7;
        dw_buf *k = &p->scratch;
        dw_buf_reset(k);
        dw_buf_printf(k, "%s\x1f%s\x1f%d\x1f%s\x1f%s\x1f%s", doc->hash, doc->id ? doc->id : "", index,
                      pe->source, pe->target, pe->code);
        char hex[65];
        dw_sha256_hex(k->data, k->len, hex);
        memcpy(e->id, hex, 32);
        e->id[32] = '\0';
    }
    return DW_OK;
}
