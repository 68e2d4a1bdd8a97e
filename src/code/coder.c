/*
 * coder.c — sentences into events (sparse, parser-free pattern coding).
 *
 * Per document: split sentences; per sentence:
 *   1. tokenize (the extractor reads the same tokens) and look every token
 *      up in the dictionary's word table, then walk the trie once from each
 *      token (tm[]: the longest actor, agent, verb, modality and track
 *      phrase starting there), which steps 2 and 3 read;
 *   2. find actor mentions (longest phrase), join actor + agent
 *      ("Iranian border guards" → IRNCOP), resolve pronouns to the subject of
 *      an earlier clause ("..., they killed" → the Taliban);
 *   3. find verb anchors, modality, attribution and track cues;
 *   4. for each anchor try its patterns, longest first, binding {S} and {T}
 *      (explicitly, or to the nearest actors left and right), and emit the
 *      events with CAMEO, Goldstein, quad class, PLOVER and track.  A
 *      pattern is tried only when the sentence holds the words, other verbs
 *      and set members it needs (its prefilter, DW_REQ_* in
 *      dict_internal.h), so most of an anchor's patterns cost one test.
 * Function words are tested by class (word_class[id], dict.c), never by
 * string.  Scratch arrays live in the dw_coder and are reused, so
 * steady-state coding does not allocate except for the emitted events.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code/dict_internal.h"
#include "core/embedded.h"
#include "code/peer.h"
#include "dyadwatch/coder.h"
#include "dyadwatch/extract.h"

#define GAP_WORD 4      /* tokens allowed between pattern elements */
#define GAP_SLOT 10     /* ... before an explicit slot */
#define GAP_FAR 25      /* ... after '*' */
#define SOURCE_REACH 40 /* how far left an implicit source may be */
#define TARGET_REACH 12 /* how far right an implicit target may be */
#define MAX_COMPOUND 4  /* "Iran, Pakistan and China" → up to 4 events */
#define MAX_RECENT 4    /* mentions kept from earlier sentences for object pronouns */
#define MAX_LEAD 6      /* words between "and" and a verb sharing the subject */
#define MAX_SHARED 4    /* "A and B and C ...": verbs followed back to a subject */

/* An actor mention.  Its code depends on the date (validity periods), so a
 * mention keeps the dictionary actor and agent role, and code_at() resolves
 * them for the event's date; `code` holds the resolution at the document
 * date, used for attribution and duplicates. */
typedef struct mention {
    uint32_t t0, t1;   /* token range [t0, t1) */
    int32_t actor;     /* index into dict->actors, -1 for an agent alone */
    char role[4];      /* agent role joined to the actor, "" for none */
    char code[32];
    const char *name;  /* dictionary name (not owned) */
    uint32_t b0, b1;   /* byte range of the words, for source.text */
    uint8_t pronoun;
    uint8_t title;     /* role from a title before a name: only for a code without one */
} mention;

typedef struct cue {
    uint32_t t0, t1;
    uint8_t kind; /* MOD_* */
} cue;

/* The dictionary phrases that start at a token: for each kind of hit, the
 * end of the longest phrase (0 = none) and its value. */
typedef struct trie_match {
    uint32_t actor_end, agent_end, verb_end, mod_end;
    uint32_t actor, agent, verb, mod;
} trie_match;

/* What a trie node gives this coder: node_kinds[node] has bit k set when
 * the node's chain holds a hit of kind HIT_ACTOR + k (actor, agent, verb,
 * modality), node_value[node][k] the value of its last such hit, and
 * NODE_MORE when longer phrases go on from the node.  Built from
 * dict->nodes and dict->hits when the coder is made, so that a walk reads
 * one byte per node (a small array that stays in cache) and the values
 * only where there is a hit. */
#define NODE_MORE 0x10

/* A word seen before, with what the two look-ups of every token gave: its
 * dictionary id and its extractor classes (dw_extract_word_class).  The
 * table is direct-mapped on the token's hash: a token costs one probe, and
 * a word that loses its slot is only looked up again.  Words longer than
 * the head, and slots never filled (len 0), are not matched. */
#define VOCAB_SLOTS 8192 /* a power of two */
#define VOCAB_HEAD 20
typedef struct vocab_slot {
    uint32_t hash, id;
    uint16_t cls;
    uint8_t len, kind; /* kind: the token's DW_TOK_NUM | DW_TOK_PUNCT flags */
    char head[VOCAB_HEAD];
} vocab_slot;

struct dw_coder {
    const dw_dict *d;
    dw_coder_opts opts;
    dw_tokens tok;
    dw_spans spans;
    uint32_t *ids;        /* word id per token */
    uint16_t *cls;        /* extractor classes per token */
    vocab_slot *vocab;    /* VOCAB_SLOTS words seen before */
    int32_t *mention_at;  /* mention index covering a token, -1 none */
    int32_t *verb_at;     /* verb lemma + 1 starting at a token, 0 none */
    uint32_t *verb_end;   /* end token of that verb form */
    uint8_t *boundary;    /* 1: clause boundary; 2: comma */
    trie_match *tm;       /* the dictionary phrases starting at each token */
    uint8_t *node_kinds;     /* per trie node (see NODE_MORE) */
    uint32_t (*node_value)[4];
    size_t cap_tokens;
    /* What the current sentence holds, for the pattern prefilter (DW_REQ_*
     * in dict_internal.h): seen[id] == stamp when word id occurs in it,
     * verb_seen[v] == stamp when a form of verb v is an anchor in it, and
     * set_seen[s] == stamp when a member of set s occurs in it, known once
     * sets_stamp == stamp (find_sets runs when a pattern first asks).
     * Sized n_words + 1, n_verbs and n_sets; stamp is never 0, so a zeroed
     * entry means "not this one". */
    uint32_t *seen, *verb_seen, *set_seen;
    uint32_t stamp, sets_stamp;
    /* The sets each word begins a member of, laid out for find_sets: the
     * sets where the word alone is a member, one_sets[one_off[w] ..
     * one_off[w + 1]), known without comparing anything; and the sets where
     * it only begins longer members, multi[multi_off[w] .. multi_off[w + 1])
     * with their member chains.  Built from the dictionary's chains when
     * the coder is made. */
    uint32_t *one_off, *one_sets, *multi_off;
    struct multi_set {
        uint32_t set, members;
    } *multi;
    mention *m;
    size_t n_m, cap_m;
    cue *cues;
    size_t n_cues, cap_cues;

    dw_extractor *x;      /* dates, places, quantities, tracks of events */
    dw_peer *peer;        /* TABARI / PETRARCH dictionaries: their own coder (coder_peer.c) */
    size_t doc_first_event; /* the document's first event in the output (one-a-day) */
    dw_gazetteer *own_gazetteer; /* loaded here when the caller gave none */

    /* document state */
    int32_t doc_day;      /* INT32_MIN when the document has no date */
    mention last_subject;
    int has_last_subject;
    mention recent[MAX_RECENT]; /* the last mentions of earlier sentences, oldest first */
    size_t n_recent;
    size_t skipped;
    dw_buf scratch;
};

static int summarize_nodes(dw_coder *c) {
    const dw_dict *d = c->d;
    c->node_kinds = calloc((size_t)d->n_nodes + 1, sizeof *c->node_kinds);
    c->node_value = calloc((size_t)d->n_nodes + 1, sizeof *c->node_value);
    if (!c->node_kinds || !c->node_value) return -1;
    for (uint32_t n = 0; n < d->n_nodes; n++) {
        if (d->nodes[n].children) c->node_kinds[n] |= NODE_MORE;
        for (uint32_t h = d->nodes[n].hits; h; h = d->hits[h].next) {
            unsigned k = (unsigned)d->hits[h].kind - HIT_ACTOR;
            if (k < 4) { /* actor, agent, verb, modality: the last one counts */
                c->node_value[n][k] = d->hits[h].value;
                c->node_kinds[n] |= (uint8_t)(1u << k);
            }
        }
    }
    return 0;
}

/* Does the chain of members from reference r hold a one-word member? */
static int has_one_word_member(const dw_dict *d, uint32_t r) {
    for (; r; r = d->member_refs[r].next)
        if (d->member_refs[r].len == 1) return 1;
    return 0;
}

/* Lays out one_* and multi_* (see dw_coder) from the dictionary's chains:
 * a first pass counts, a second fills. */
static int index_sets(dw_coder *c) {
    const dw_dict *d = c->d;
    size_t words = (size_t)d->n_words + 2;
    c->one_off = calloc(words, sizeof *c->one_off);
    c->multi_off = calloc(words, sizeof *c->multi_off);
    if (!c->one_off || !c->multi_off) return -1;
    size_t n_one = 0, n_multi = 0;
    for (uint32_t pass = 0; pass < 2; pass++) {
        n_one = n_multi = 0;
        for (uint32_t w = 0; w <= d->n_words; w++) {
            c->one_off[w] = (uint32_t)n_one;
            c->multi_off[w] = (uint32_t)n_multi;
            if (!(d->word_class[w] & WC_SET_FIRST)) continue;
            for (uint32_t e = d->word_set_head[w]; e; e = d->word_sets[e].next) {
                const dw_word_set *ws = &d->word_sets[e];
                if (has_one_word_member(d, ws->members)) {
                    if (pass) c->one_sets[n_one] = ws->set;
                    n_one++;
                } else {
                    if (pass) c->multi[n_multi] = (struct multi_set){ws->set, ws->members};
                    n_multi++;
                }
            }
        }
        c->one_off[d->n_words + 1] = (uint32_t)n_one;
        c->multi_off[d->n_words + 1] = (uint32_t)n_multi;
        if (!pass) {
            c->one_sets = malloc((n_one + 1) * sizeof *c->one_sets);
            c->multi = malloc((n_multi + 1) * sizeof *c->multi);
            if (!c->one_sets || !c->multi) return -1;
        }
    }
    return 0;
}

/* The extractor refines tracks from the dictionary's track cues: those
 * of a tracks.dict read with the dictionary (--dict DIR) replace the
 * built-in ones, which it loads itself (and which the default dictionary
 * holds too: then nothing changes). */
static int use_dict_track_cues(dw_coder *c, dw_error *err) {
    const dw_buf *t = &c->d->track_text;
    if (!t->len) return DW_OK;
    const dw_embedded_file *f = dw_embedded_find("dict/tracks.dict");
    if (f && t->len == f->len + 1 && memcmp(t->data, f->data, f->len) == 0) return DW_OK;
    return dw_extractor_use_track_cues(c->x, t->data, t->len, "tracks.dict", err);
}

dw_coder *dw_coder_new(const dw_dict *dict, const dw_coder_opts *opts, dw_error *err) {
    dw_coder *c = calloc(1, sizeof *c);
    if (!c) {
        dw_fail(err, DW_ENOMEM, "out of memory");
        return NULL;
    }
    c->d = dict;
    if (opts) c->opts = *opts;
    c->stamp = 1;
    c->vocab = calloc(VOCAB_SLOTS, sizeof *c->vocab);
    c->seen = calloc((size_t)dict->n_words + 1, sizeof *c->seen);
    c->verb_seen = calloc(dict->n_verbs + 1, sizeof *c->verb_seen);
    c->set_seen = calloc(dict->n_sets + 1, sizeof *c->set_seen);
    if (!c->vocab || !c->seen || !c->verb_seen || !c->set_seen) {
        dw_coder_free(c);
        dw_fail(err, DW_ENOMEM, "out of memory");
        return NULL;
    }
    if (summarize_nodes(c) || index_sets(c)) {
        dw_coder_free(c);
        dw_fail(err, DW_ENOMEM, "out of memory");
        return NULL;
    }
    if (!c->opts.max_sentence_bytes) c->opts.max_sentence_bytes = DW_DEFAULT_MAX_SENTENCE_BYTES;
    const dw_gazetteer *g = c->opts.gazetteer;
    if (!g && !(g = c->own_gazetteer = dw_gazetteer_new_default(err))) {
        dw_coder_free(c);
        return NULL;
    }
    if (!(c->x = dw_extractor_new(g, err)) || use_dict_track_cues(c, err)) {
        dw_coder_free(c);
        return NULL;
    }
    if (dict->style != DW_STYLE_NATIVE && !(c->peer = dw_peer_new(dict, err))) {
        dw_coder_free(c);
        return NULL;
    }
    return c;
}

void dw_coder_free(dw_coder *c) {
    if (!c) return;
    dw_tokens_free(&c->tok);
    dw_spans_free(&c->spans);
    free(c->ids);
    free(c->cls);
    free(c->vocab);
    free(c->mention_at);
    free(c->verb_at);
    free(c->verb_end);
    free(c->boundary);
    free(c->tm);
    free(c->node_kinds);
    free(c->node_value);
    free(c->seen);
    free(c->verb_seen);
    free(c->set_seen);
    free(c->one_off);
    free(c->one_sets);
    free(c->multi_off);
    free(c->multi);
    free(c->m);
    free(c->cues);
    dw_buf_free(&c->scratch);
    dw_extractor_free(c->x);
    dw_gazetteer_free(c->own_gazetteer);
    dw_peer_free(c->peer);
    free(c);
}

size_t dw_coder_skipped(const dw_coder *c) { return c->skipped; }

void dw_coder_extract_stats(const dw_coder *c, dw_extract_stats *out) { dw_extractor_stats(c->x, out); }

/* ---- small helpers ---------------------------------------------------------- */

static const char *norm(const dw_coder *c, uint32_t i) { return dw_token_norm(&c->tok, i); }

/* snprintf(dst, size, "%s", src) without the formatting machinery (it ran
 * many times per event); returns the length written. */
static size_t copy_str(char *dst, size_t size, const char *src) {
    size_t n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
    return n;
}

/* Is token i a function word of class cls (WC_*: clause openers, pronouns,
 * be-forms, ...; the word lists are in dict.c)? */
static int word_is(const dw_coder *c, uint32_t i, unsigned cls) {
    return (c->d->word_class[c->ids[i]] & cls) != 0;
}

static int grow_tokens(dw_coder *c, size_t n) {
    if (n <= c->cap_tokens) return 0;
    size_t cap = c->cap_tokens ? c->cap_tokens : 256;
    while (cap < n) cap *= 2;
    uint32_t *ids = realloc(c->ids, cap * sizeof *ids);
    if (ids) c->ids = ids;
    uint16_t *cls = realloc(c->cls, cap * sizeof *cls);
    if (cls) c->cls = cls;
    int32_t *ma = realloc(c->mention_at, cap * sizeof *ma);
    if (ma) c->mention_at = ma;
    int32_t *va = realloc(c->verb_at, cap * sizeof *va);
    if (va) c->verb_at = va;
    uint32_t *ve = realloc(c->verb_end, cap * sizeof *ve);
    if (ve) c->verb_end = ve;
    uint8_t *bd = realloc(c->boundary, cap);
    if (bd) c->boundary = bd;
    trie_match *tm = realloc(c->tm, cap * sizeof *tm);
    if (tm) c->tm = tm;
    if (!ids || !cls || !ma || !va || !ve || !bd || !tm) return -1;
    c->cap_tokens = cap;
    return 0;
}

/* The actor code valid at the document date (see docs/dictionaries.md). */
static const char *actor_code_at(const dw_actor_entry *a, int32_t day) {
    if (day == INT32_MIN) { /* undated: prefer an open-ended (current) code */
        for (int i = 0; i < a->n_codes; i++)
            if (a->codes[i].to_day == INT32_MAX) return a->codes[i].code;
        return a->n_codes ? a->codes[0].code : NULL;
    }
    for (int i = 0; i < a->n_codes; i++)
        if (day >= a->codes[i].from_day && day <= a->codes[i].to_day) return a->codes[i].code;
    return NULL;
}

/* actor code + agent role: IRN + COP → IRNCOP; AFGGOVTAL + COP → AFGGOVCOPTAL.
 * A title ("Deputy Foreign Minister Abbas Araghchi") says less than the
 * person's own code: its role is added only to a code with no role. */
static void combine_code(const char *actor, const char *role, int title, char out[32]) {
    dw_actor a;
    if (dw_actor_parse_code(actor, &a, NULL) || (title && a.roles[0][0])) {
        copy_str(out, 32, actor);
        return;
    }
    int nroles = 0;
    for (; nroles < DW_MAX_ROLES && a.roles[nroles][0]; nroles++)
        if (strcmp(a.roles[nroles], role) == 0) {
            copy_str(out, 32, actor);
            return;
        }
    if (nroles == DW_MAX_ROLES) {
        copy_str(out, 32, actor);
        return;
    }
    /* at most 3 + 3 * DW_MAX_ROLES + 3 + 6 bytes: never truncated */
    size_t n = copy_str(out, 32, a.country);
    for (int i = 0; i < nroles; i++) n += copy_str(out + n, 32 - n, a.roles[i]);
    n += copy_str(out + n, 32 - n, role);
    copy_str(out + n, 32 - n, a.group);
}

/* Longest trie match from token i; reports the furthest end for each kind.
 * The walk steps only to words that continue some phrase (WC_TRIE_NEXT):
 * after "the" most words end it without a probe of the edge table. */
static void match_at(const dw_coder *c, uint32_t i, uint32_t n, trie_match *tm) {
    memset(tm, 0, sizeof *tm);
    uint32_t node = c->d->root_child ? c->d->root_child[c->ids[i]] : 0;
    for (uint32_t j = i; node;) {
        unsigned kinds = c->node_kinds[node];
        if (kinds & 15) {
            const uint32_t *value = c->node_value[node];
            if (kinds & 1) tm->actor_end = j + 1, tm->actor = value[0];
            if (kinds & 2) tm->agent_end = j + 1, tm->agent = value[1];
            if (kinds & 4) tm->verb_end = j + 1, tm->verb = value[2];
            if (kinds & 8) tm->mod_end = j + 1, tm->mod = value[3];
        }
        if (!(kinds & NODE_MORE) || ++j >= n || !word_is(c, j, WC_TRIE_NEXT)) break;
        node = dw_dict_trie_step(c->d, node, c->ids[j]);
    }
}

static int push_mention(dw_coder *c, const mention *m) {
    if (c->n_m == c->cap_m) {
        size_t cap = c->cap_m ? c->cap_m * 2 : 32;
        mention *v = realloc(c->m, cap * sizeof *v);
        if (!v) return -1;
        c->m = v;
        c->cap_m = cap;
    }
    c->m[c->n_m++] = *m;
    return 0;
}

static int push_cue(dw_coder *c, uint32_t t0, uint32_t t1, uint8_t kind) {
    if (c->n_cues == c->cap_cues) {
        size_t cap = c->cap_cues ? c->cap_cues * 2 : 16;
        cue *v = realloc(c->cues, cap * sizeof *v);
        if (!v) return -1;
        c->cues = v;
        c->cap_cues = cap;
    }
    c->cues[c->n_cues++] = (cue){t0, t1, kind};
    return 0;
}

/* ---- step 2: mentions ------------------------------------------------------- */

static void set_bytes(const dw_coder *c, mention *m) {
    m->b0 = c->tok.v[m->t0].start;
    m->b1 = c->tok.v[m->t1 - 1].end;
}

/* The mention's code at a date (day number); 0 when the actor has no code
 * valid then. */
static int code_at(const dw_coder *c, const mention *m, int32_t day, char out[32]) {
    if (m->actor < 0) {
        copy_str(out, 32, m->role);
        return 1;
    }
    const char *code = actor_code_at(&c->d->actors[m->actor], day);
    if (!code) return 0;
    if (m->role[0]) combine_code(code, m->role, m->title, out);
    else copy_str(out, 32, code);
    return 1;
}

/* Tries an actor (+ agent) or agent (+ of/from actor) at token i. */
static int actor_mention_at(dw_coder *c, uint32_t i, uint32_t n, mention *out) {
    const trie_match tm = c->tm[i];
    if (!tm.actor_end && !tm.agent_end) return 0; /* most tokens */
    memset(out, 0, sizeof *out);
    out->t0 = i;
    if (tm.actor_end >= tm.agent_end && tm.actor_end) {
        out->actor = (int32_t)tm.actor;
        out->t1 = tm.actor_end;
        out->name = c->d->actors[tm.actor].name;
        /* an agent right after: "Iranian border guards", "Iran's foreign ministry" */
        if (out->t1 < n) {
            const trie_match next = c->tm[out->t1];
            if (next.agent_end > next.actor_end) {
                memcpy(out->role, c->d->agents[next.agent].role, sizeof out->role);
                out->t1 = next.agent_end;
            }
        }
    } else if (tm.agent_end) {
        const dw_agent_entry *g = &c->d->agents[tm.agent];
        out->actor = -1;
        out->t1 = tm.agent_end;
        out->name = g->name;
        memcpy(out->role, g->role, sizeof out->role);
        uint32_t k = tm.agent_end;
        const trie_match *after = k < n ? &c->tm[k] : NULL;
        if (after && after->actor_end && after->actor_end >= after->agent_end &&
            !(c->tok.v[k - 1].flags & DW_TOK_POSS)) {
            /* a title before a name, "Deputy Foreign Minister Abbas
             * Araghchi": one mention, the person's, not a bare GOV beside
             * it (not after a possessive: "the ministry's Taliban envoy") */
            out->actor = (int32_t)after->actor;
            out->name = c->d->actors[after->actor].name;
            out->t1 = after->actor_end;
            out->title = 1;
        } else if (k + 1 < n && (c->ids[k] == c->d->w_of || c->ids[k] == c->d->w_from)) {
            /* "border guards of Iran", "diplomats from Iran" */
            const trie_match next = c->tm[k + 1];
            if (next.actor_end > next.agent_end) {
                out->actor = (int32_t)next.actor;
                out->name = c->d->actors[next.actor].name;
                out->t1 = next.actor_end;
            }
        }
    } else {
        return 0;
    }
    /* an actor with no code at the document date may still be valid at the
     * event's date (a 2024 story about 1997); "" marks it for now */
    if (!code_at(c, out, c->doc_day, out->code)) out->code[0] = '\0';
    set_bytes(c, out);
    return 1;
}

static int same_actor(const mention *a, const mention *b) {
    return a->actor == b->actor && strcmp(a->role, b->role) == 0;
}

/* The antecedent of an object pronoun or "the group" after its clause's
 * subject: never that subject ("Tehran accused the group" is not Tehran
 * accusing itself).  "The group" takes the last earlier clause subject
 * (the militants of the previous sentence rather than their victims); a
 * pronoun, the nearest other mention, in this sentence or earlier ones. */
static const mention *other_antecedent(const dw_coder *c, const mention *subj, int group) {
    if (group && c->has_last_subject && !same_actor(&c->last_subject, subj)) return &c->last_subject;
    for (size_t k = c->n_m; k-- > 0;)
        if (!same_actor(&c->m[k], subj)) return &c->m[k];
    for (size_t k = c->n_recent; k-- > 0;)
        if (!same_actor(&c->recent[k], subj)) return &c->recent[k];
    return NULL;
}

/* Does token i look like a nationality adjective ("Iranian", "Pakistani",
 * "Chinese")?  Only to tell "Iranian and Pakistani officials" (both
 * officials) from "Iran and Pakistani officials". */
static int nationality_adjective(const dw_coder *c, uint32_t i) {
    static const char *const suffix[] = {"ian", "ani", "ese", "ish", "ghan", "can", "aqi"};
    const char *w = norm(c, i);
    size_t len = c->tok.v[i].norm_len;
    for (size_t k = 0; k < sizeof suffix / sizeof *suffix; k++) {
        size_t sl = strlen(suffix[k]);
        if (len > sl + 1 && memcmp(w + len - sl, suffix[k], sl) == 0) return 1;
    }
    return 0;
}

/* Finds mentions, resolving pronouns to the subject of an earlier clause:
 * the first actor of the current comma-delimited segment if it has one,
 * else the last segment subject seen (in this sentence or before); an
 * object pronoun or "the group" after the segment's subject resolves to
 * another actor (other_antecedent). */
static int find_mentions(dw_coder *c, uint32_t n) {
    c->n_m = 0;
    int seg_has_subject = 0;
    mention seg_subject = {0};
    for (uint32_t i = 0; i < n;) {
        if (c->boundary[i]) {
            if (seg_has_subject) {
                c->last_subject = seg_subject;
                c->has_last_subject = 1;
            }
            seg_has_subject = 0;
            i++;
            continue;
        }
        mention m;
        if (actor_mention_at(c, i, n, &m)) {
            mention next;
            uint32_t j = m.t1 + 1; /* "Iranian and Pakistani officials": the agent is both's */
            if (m.actor >= 0 && !m.role[0] && m.t1 == i + 1 && j + 1 < n &&
                c->ids[m.t1] == c->d->w_and && nationality_adjective(c, i) &&
                actor_mention_at(c, j, n, &next) && next.actor >= 0 && !next.title &&
                c->tm[j + 1].agent_end == next.t1) {
                /* the agent after the second adjective (its own entry may
                 * be a whole phrase, "Pakistani officials" → PAKGOV) */
                memcpy(m.role, c->d->agents[c->tm[j + 1].agent].role, sizeof m.role);
                if (!code_at(c, &m, c->doc_day, m.code)) m.code[0] = '\0';
            }
            if (push_mention(c, &m)) return -1;
            if (!seg_has_subject) {
                seg_subject = m;
                seg_has_subject = 1;
            }
            i = m.t1;
            continue;
        }
        /* pronouns and "the group" */
        uint32_t len = 0;
        int object = 0;
        if (word_is(c, i, WC_PRONOUN)) len = 1;
        else if (word_is(c, i, WC_OBJECT)) len = 1, object = 1;
        else if (i + 1 < n && c->ids[i] == c->d->w_the && word_is(c, i + 1, WC_GROUP))
            len = 2;
        if (len) {
            const mention *ante = NULL;
            if ((object || len == 2) && seg_has_subject) ante = other_antecedent(c, &seg_subject, len == 2);
            else if (object && c->n_m) ante = &c->m[c->n_m - 1]; /* "providing them refuge" */
            else if (seg_has_subject) ante = &seg_subject;
            else if (c->has_last_subject) ante = &c->last_subject;
            if (ante) {
                m = *ante;
                m.t0 = i;
                m.t1 = i + len;
                m.pronoun = 1;
                set_bytes(c, &m);
                if (push_mention(c, &m)) return -1;
                if (!seg_has_subject) {
                    seg_subject = m;
                    seg_has_subject = 1;
                }
            }
            i += len;
            continue;
        }
        i++;
    }
    if (seg_has_subject) {
        c->last_subject = seg_subject;
        c->has_last_subject = 1;
    }
    if (c->n_m) { /* keep the sentence's last mentions for the next sentences' pronouns */
        size_t keep = c->n_m < MAX_RECENT ? c->n_m : MAX_RECENT;
        size_t old = c->n_recent + keep > MAX_RECENT ? MAX_RECENT - keep : c->n_recent;
        memmove(c->recent, c->recent + c->n_recent - old, old * sizeof *c->recent);
        memcpy(c->recent + old, c->m + c->n_m - keep, keep * sizeof *c->recent);
        c->n_recent = old + keep;
    }
    for (uint32_t i = 0; i < n; i++) c->mention_at[i] = -1;
    for (size_t k = 0; k < c->n_m; k++)
        for (uint32_t i = c->m[k].t0; i < c->m[k].t1; i++) c->mention_at[i] = (int32_t)k;
    return 0;
}

/* ---- step 3: anchors and cues ------------------------------------------------ */

static int find_anchors_and_cues(dw_coder *c, uint32_t n) {
    c->n_cues = 0;
    for (uint32_t i = 0; i < n; i++) c->verb_at[i] = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!c->ids[i]) continue;
        const trie_match tm = c->tm[i];
        if (tm.verb_end && c->mention_at[i] < 0) {
            c->verb_at[i] = (int32_t)tm.verb + 1;
            c->verb_end[i] = tm.verb_end;
            c->verb_seen[tm.verb] = c->stamp;
        }
        if (tm.mod_end && push_cue(c, i, tm.mod_end, (uint8_t)tm.mod)) return -1;
    }
    return 0;
}

/* ---- step 4: patterns --------------------------------------------------------- */

/* The first member in the chain from member reference r (see
 * dw_member_ref) that matches tokens starting at p (dir > 0) or ending at p
 * (dir < 0); returns its other end, or -1. */
static int64_t members_match(const dw_coder *c, uint32_t set, uint32_t r, uint32_t p, uint32_t n,
                             int dir) {
    const dw_set_entry *s = &c->d->sets[set];
    for (; r; r = c->d->member_refs[r].next) {
        const dw_member_ref *m = &c->d->member_refs[r];
        if (dir > 0 ? p + m->len > n : p < m->len) continue;
        uint32_t start = dir > 0 ? p : p - m->len;
        if (memcmp(c->ids + start, s->words + m->off, m->len * sizeof(uint32_t)) == 0)
            return dir > 0 ? (int64_t)(p + m->len) : (int64_t)start;
    }
    return -1;
}

/* Does a member of set `set` match tokens starting at p (dir > 0) or ending
 * at p (dir < 0)?  The first member in declaration order wins; only the
 * members that begin (end) with the token's word can match, and the set
 * member index lists exactly those, in that order.  Returns the other end,
 * or -1. */
static int64_t set_match(const dw_coder *c, uint32_t set, uint32_t p, uint32_t n, int dir) {
    if (dir > 0 ? p >= n : p == 0) return -1;
    uint32_t w = c->ids[dir > 0 ? p : p - 1];
    if (!(c->d->word_class[w] & (dir > 0 ? WC_SET_FIRST : WC_SET_LAST))) return -1; /* no member */
    return members_match(c, set, dw_dict_set_members(c->d, set, dir < 0, w), p, n, dir);
}

typedef struct binding {
    int32_t src, tgt; /* mention indexes, -1 = not bound */
    uint32_t lo, hi;  /* token extent of the matched elements (excluding slots) */
    uint32_t clause;  /* modality cues before it are another verb's (0: none) */
} binding;

static int32_t shared_subject(const dw_coder *c, uint32_t lo, int depth, uint32_t *clause);
static uint32_t aside_start(const dw_coder *c, uint32_t p, uint32_t limit);

/* Matches element e to the right of position `from`; on success sets *end
 * (and the slot).  Searches up to gap tokens, never across a boundary. */
static int match_right(const dw_coder *c, const dw_pattern_elem *e, uint32_t from, uint32_t n,
                       binding *b, uint32_t *end) {
    int slot = e->kind == EL_SOURCE || e->kind == EL_TARGET;
    uint32_t gap = e->far ? GAP_FAR : slot ? GAP_SLOT : GAP_WORD;
    for (uint32_t p = from; p < n && p <= from + gap; p++) {
        if (c->boundary[p] == 1) return 0;
        switch (e->kind) {
        case EL_WORD:
            if (c->ids[p] == e->value) return *end = p + 1, 1;
            break;
        case EL_VERB:
            if (c->verb_at[p] == (int32_t)e->value + 1) return *end = c->verb_end[p], 1;
            break;
        case EL_SET: {
            int64_t q = set_match(c, e->value, p, n, 1);
            if (q >= 0) return *end = (uint32_t)q, 1;
            break;
        }
        default:
            if (c->mention_at[p] >= 0) {
                const mention *m = &c->m[c->mention_at[p]];
                if (e->kind == EL_SOURCE) b->src = c->mention_at[p];
                else b->tgt = c->mention_at[p];
                return *end = m->t1, 1;
            }
        }
    }
    return 0;
}

/* Mirror of match_right: element e ending before position `to`. */
static int match_left(const dw_coder *c, const dw_pattern_elem *e, uint32_t to, uint32_t far,
                      binding *b, uint32_t *start) {
    if (e->kind == EL_SOURCE) { /* "Iran recognized the Taliban and met with X": Iran's meeting */
        int32_t shared = shared_subject(c, to, 0, &b->clause);
        if (shared >= 0) return b->src = shared, *start = c->m[shared].t0, 1;
    }
    int slot = e->kind == EL_SOURCE || e->kind == EL_TARGET;
    uint32_t gap = far ? GAP_FAR : slot ? GAP_SLOT : GAP_WORD;
    uint32_t tried = 0;
    for (uint32_t p = to; p-- > 0 && tried++ <= gap;) { /* p: the last token of the candidate */
        if (c->boundary[p] == 1) return 0;
        if (e->kind == EL_SOURCE && c->boundary[p] == 2) {
            /* "Taliban fighters, who had killed two Pakistani soldiers,
             * clashed with ...": the source is not in the aside */
            uint32_t q = aside_start(c, p, p > SOURCE_REACH ? p - SOURCE_REACH : 0);
            if (q < p) {
                p = q; /* the loop goes on left of the aside's comma */
                continue;
            }
        }
        switch (e->kind) {
        case EL_WORD:
            if (c->ids[p] == e->value) return *start = p, 1;
            break;
        case EL_VERB: {
            /* a verb form ending at p starts at most max_verb_words before */
            uint32_t w = c->d->max_verb_words;
            for (uint32_t q = p + 1 > w ? p + 1 - w : 0; q <= p; q++)
                if (c->verb_at[q] == (int32_t)e->value + 1 && c->verb_end[q] == p + 1)
                    return *start = q, 1;
            break;
        }
        case EL_SET: {
            int64_t q = set_match(c, e->value, p + 1, p + 1, -1);
            if (q >= 0) return *start = (uint32_t)q, 1;
            break;
        }
        default:
            if (c->mention_at[p] >= 0) {
                const mention *m = &c->m[c->mention_at[p]];
                if (e->kind == EL_SOURCE) b->src = c->mention_at[p];
                else b->tgt = c->mention_at[p];
                return *start = m->t0, 1;
            }
        }
    }
    return 0;
}

static int is_attribution_verb_cue(const dw_coder *c, uint32_t p) {
    for (size_t k = 0; k < c->n_cues; k++)
        if (c->cues[k].kind == MOD_ATTRIBUTION && c->cues[k].t0 == p &&
            c->ids[p] != c->d->w_according)
            return 1;
    return 0;
}

/* Is the segment between the commas q and p an appositive of the mention
 * ending right before q ("Kazemi Qomi, Iran's envoy to Afghanistan, ...",
 * "Otunbayeva, the UN envoy for Afghanistan, ...")?  It opens with a
 * mention (after an article at most), is short and holds no verb. */
static int appositive(const dw_coder *c, uint32_t q, uint32_t p) {
    if (q == 0 || c->mention_at[q - 1] < 0 || p - q > 12) return 0;
    uint32_t h = q + 1;
    if (c->ids[h] == c->d->w_the || c->ids[h] == c->d->w_a || c->ids[h] == c->d->w_an) h++;
    if (h >= p || c->mention_at[h] < 0) return 0;
    for (uint32_t k = h; k < p; k++)
        if (c->verb_at[k]) return 0;
    return 1;
}

/* At the comma p: the comma opening the segment before it when that
 * segment is an aside opening with a marker word (", despite its relations
 * with Kabul,"), else p. */
static uint32_t aside_start(const dw_coder *c, uint32_t p, uint32_t limit) {
    uint32_t q = p;
    while (q-- > limit && c->boundary[q] == 0) {
    }
    /* q is the comma (or boundary) opening the segment, or wrapped */
    if (!(q < p && q >= limit && c->boundary[q] == 2)) return p;
    return word_is(c, q + 1, WC_ASIDE) || appositive(c, q, p) ? q : p;
}

/* Can token p stand between "and" and a verb that shares the subject before
 * the "and"?  Sets *aux for a word that opens a verb group of its own
 * ("has", "would", "continued to", a modality cue), not for an adverb. */
static int lead_word(const dw_coder *c, uint32_t p, int *aux) {
    if (word_is(c, p, WC_ADVERB | WC_SEQUENCE)) return 1;
    size_t len = c->tok.v[p].norm_len;
    if (len > 2 && memcmp(norm(c, p) + len - 2, "ly", 2) == 0) return 1; /* "officially" */
    if (word_is(c, p, WC_AUX | WC_BE)) return *aux = 1;
    for (size_t k = 0; k < c->n_cues; k++) /* "refused to" */
        if (c->cues[k].t0 <= p && p < c->cues[k].t1) return *aux = 1;
    return 0;
}

/* Is the verb at p in its bare form ("attack", not "attacked")? */
static int bare_verb(const dw_coder *c, uint32_t p) {
    if (!c->verb_at[p]) return 0;
    const char *lemma = c->d->verbs[c->verb_at[p] - 1].lemma;
    size_t len = c->tok.v[p].norm_len;
    return strlen(lemma) == len && memcmp(lemma, norm(c, p), len) == 0;
}

static int32_t implicit_source(const dw_coder *c, uint32_t lo, int depth, uint32_t *clause);

/* "The Taliban seized Herat and (then) attacked X": a verb phrase at lo
 * after "and", with only adverbs, auxiliaries or modality cues between,
 * shares the subject of the nearest verb before the "and" (found by
 * implicit_source, so "A and B and C" chains back) — not the actor nearest
 * to it, which is the first verb's object.  Returns -1 when lo follows no
 * such "and" (an actor between is a subject of its own: "and Pakistan
 * attacked") or no verb or subject precedes it.  On success *clause is the
 * token after the "and": "did not recognize X and continued to deal with Y"
 * keeps the negation in the first clause.  A bare verb after adverbs at most
 * stays in the first clause's scope ("might seize Herat and attack Kabul"):
 * *clause is 0 then. */
static int32_t shared_subject(const dw_coder *c, uint32_t lo, int depth, uint32_t *clause) {
    if (depth >= MAX_SHARED) return -1;
    int aux = 0;
    uint32_t and_at = lo;
    for (uint32_t p = lo; p-- > 0 && lo - p <= MAX_LEAD + 1;) {
        /* "but" coordinates verb phrases too ("attacked X but did not
         * attack Y"), though it is a clause boundary for everything else */
        if (c->ids[p] == c->d->w_and || c->ids[p] == c->d->w_but) {
            and_at = p;
            break;
        }
        if (c->boundary[p] || c->mention_at[p] >= 0) return -1;
        if (!lead_word(c, p, &aux)) return -1;
    }
    if (and_at == lo) return -1;
    /* the verb before the "and" in its comma segment: "Iran has, on the
     * surface, seen the Taliban as ... and maintains ..." has none there
     * ("seen" is no dictionary verb), and the verb of an earlier segment
     * would be another clause's */
    uint32_t limit = and_at > SOURCE_REACH ? and_at - SOURCE_REACH : 0;
    int after_aside = 0;
    for (uint32_t p = and_at; p-- > limit;) {
        if (c->boundary[p] == 1) return -1;
        if (c->boundary[p] == 2) {
            uint32_t q = aside_start(c, p, limit);
            if (q < p) { /* "..., which had seized Herat, and": skip the aside and its comma */
                p = q + 1;
                after_aside = 1;
                continue;
            }
            if (!after_aside && p + 1 != and_at) return -1; /* not the comma of ", and" */
            after_aside = 0;
            continue;
        }
        if (!c->verb_at[p] || c->verb_end[p] > and_at) continue;
        uint32_t ignored = 0;
        int32_t subject = implicit_source(c, p, depth + 1, &ignored);
        if (subject >= 0) *clause = aux || !bare_verb(c, lo) ? and_at + 1 : 0;
        return subject;
    }
    return -1;
}

/* Mention m, found as the nearest actor left of a verb, may sit inside a
 * relative clause without commas: "Iranian officials who met the Taliban
 * delegation criticized Pakistan", "Pakistani forces that entered
 * Afghanistan attacked ...".  Then the verb's subject is the head before
 * "who"/"that".  Not when a mention follows the relative word ("the men
 * that Taliban forces arrested", "told Iran that Pakistan ...": an object
 * relative or a that-clause, whose verb has its own subject). */
static int32_t relative_head(const dw_coder *c, int32_t m) {
    for (uint32_t p = c->m[m].t0, k = 0; p-- > 1 && k < 10; k++) {
        if (c->boundary[p]) break;
        if (c->ids[p] != c->d->w_who && c->ids[p] != c->d->w_that) continue;
        uint32_t next = p + 1;
        if (c->mention_at[next] >= 0 || c->ids[next] == c->d->w_the || c->ids[next] == c->d->w_a ||
            c->ids[next] == c->d->w_an || word_is(c, next, WC_PRONOUN | WC_OBJECT))
            break;
        return c->mention_at[p - 1] >= 0 ? c->mention_at[p - 1] : m;
    }
    return m;
}

/* A sentence opening with a participial clause ("Citing security concerns,
 * Iran closed ...", "Having met Muttaqi in Kabul, Araghchi criticized ...")
 * has the subject of the main clause after its comma; for a verb in that
 * clause with no actor before it, that subject. */
static int opens_with_participle(const dw_coder *c) {
    size_t len = c->tok.n ? c->tok.v[0].norm_len : 0;
    return c->ids[0] == c->d->w_having || (len > 4 && memcmp(norm(c, 0) + len - 3, "ing", 3) == 0);
}

static int32_t participle_subject(const dw_coder *c, uint32_t lo) {
    if (!opens_with_participle(c)) return -1;
    uint32_t p = lo;
    while (p < c->tok.n && p < lo + SOURCE_REACH && !c->boundary[p]) p++;
    if (p >= c->tok.n || c->boundary[p] != 2) return -1; /* the clause ends at a comma */
    for (uint32_t q = p + 1; q < c->tok.n && q <= p + 4 && !c->boundary[q]; q++)
        if (c->mention_at[q] >= 0) return c->mention_at[q];
    return -1;
}

/* The nearest actor left of `lo`, skipping a comma-enclosed aside that opens
 * with a marker word (", despite its relations with Kabul,"); stops at a
 * clause boundary and at a reporting verb ("X said that Y ..." → not X).
 * A verb phrase coordinated by "and" takes the subject before the "and"
 * (shared_subject, which may set *clause). */
static int32_t implicit_source(const dw_coder *c, uint32_t lo, int depth, uint32_t *clause) {
    int32_t shared = shared_subject(c, lo, depth, clause);
    if (shared >= 0) return shared;
    uint32_t limit = lo > SOURCE_REACH ? lo - SOURCE_REACH : 0;
    for (uint32_t p = lo; p-- > limit;) {
        if (c->boundary[p] == 1 || is_attribution_verb_cue(c, p)) break;
        if (c->boundary[p] == 2) { /* a comma: is the segment before it an aside? */
            uint32_t q = aside_start(c, p, limit);
            if (q < p) p = q + 1; /* skip the aside; the loop continues left of q */
            continue;
        }
        if (c->mention_at[p] >= 0) return relative_head(c, c->mention_at[p]);
    }
    return participle_subject(c, lo);
}

/* "Iranian guards clashed": a be-form ends the reach of an implicit target
 * ("the commander who ordered the attack was arrested by Pakistani police":
 * the police are not the attack's target) */
static int32_t implicit_target(const dw_coder *c, uint32_t hi, uint32_t n) {
    for (uint32_t p = hi; p < n && p < hi + TARGET_REACH; p++) {
        if (c->boundary[p] || word_is(c, p, WC_BE)) return -1;
        if (c->mention_at[p] >= 0) return c->mention_at[p];
    }
    return -1;
}

/* "X was killed by Y": be-form before the anchor and "by" after it. */
static int passive_source(const dw_coder *c, uint32_t a0, uint32_t a1, uint32_t n, int32_t *src) {
    int be = 0;
    for (uint32_t k = 1; k <= 3 && k <= a0; k++) {
        uint32_t p = a0 - k;
        if (word_is(c, p, WC_BE)) {
            be = 1;
            break;
        }
        const char *w = norm(c, p); /* an -ly adverb, "not" or "also" may come between */
        size_t len = c->tok.v[p].norm_len;
        if (!(len > 2 && memcmp(w + len - 2, "ly", 2) == 0) && !word_is(c, p, WC_ADVERB)) break;
    }
    const char *anchor = norm(c, a0);
    size_t alen = c->tok.v[a0].norm_len;
    if (!be || (alen > 3 && strcmp(anchor + alen - 3, "ing") == 0)) return 0; /* "is supporting" */
    *src = -1;
    for (uint32_t p = a1; p < n && p <= a1 + 3 && *src < 0; p++) {
        if (c->ids[p] != c->d->w_by) continue;
        for (uint32_t q = p + 1; q < n && q <= p + 3 && !c->boundary[q]; q++) /* "by the Taliban" */
            if (c->mention_at[q] >= 0) {
                *src = c->mention_at[q];
                break;
            }
    }
    return 1;
}

static int match_pattern(const dw_coder *c, const dw_pattern *pat, uint32_t a0, uint32_t n,
                         binding *b, int *passive) {
    b->src = b->tgt = -1;
    b->clause = 0;
    b->lo = a0;
    b->hi = c->verb_end[a0];
    *passive = 0;
    uint32_t cur = b->hi;
    for (int k = pat->anchor + 1; k < pat->n; k++) {
        uint32_t end;
        if (!match_right(c, &pat->e[k], cur, n, b, &end)) return 0;
        if (pat->e[k].kind != EL_SOURCE && pat->e[k].kind != EL_TARGET) b->hi = end;
        cur = end;
    }
    cur = a0;
    for (int k = pat->anchor - 1; k >= 0; k--) {
        uint32_t start;
        /* '*' on the element after k lets k be far from it */
        if (!match_left(c, &pat->e[k], cur, pat->e[k + 1].far, b, &start)) return 0;
        if (pat->e[k].kind != EL_SOURCE && pat->e[k].kind != EL_TARGET) b->lo = start;
        cur = start;
    }
    if (!pat->code[0]) { /* a blocking pattern needs no actors */
        /* but not across the comma that closes an opening participial
         * clause: "Responding to the attack, Iranian forces shelled ..."
         * blocks the attack, not the shelling */
        uint32_t p = b->lo;
        while (p < b->hi && !c->boundary[p]) p++;
        if (p < b->hi && c->boundary[p] == 2 && opens_with_participle(c)) {
            uint32_t q = 0;
            while (q < p && !c->boundary[q]) q++;
            if (q == p) return 0; /* p is the clause's comma */
        }
        return 1;
    }
    if (!pat->has_source && !pat->has_target) {
        int32_t src;
        if (pat->n == 1 && passive_source(c, a0, b->hi, n, &src)) {
            *passive = 1;
            b->src = src;
            b->tgt = implicit_source(c, b->lo, 0, &b->clause);
            return b->src >= 0 && b->tgt >= 0;
        }
    }
    if (b->src < 0) b->src = implicit_source(c, b->lo, 0, &b->clause);
    if (b->tgt < 0) b->tgt = implicit_target(c, b->hi, n);
    return b->src >= 0 && b->tgt >= 0;
}

/* ---- emitting events ----------------------------------------------------------- */

/* The nearest modality cue in the anchor's clause decides; a "claimed" cue
 * earlier in the sentence applies when nothing nearer does. */
static dw_modality event_modality(const dw_coder *c, uint32_t from, uint32_t anchor) {
    const cue *best = NULL;
    int claimed_before = 0;
    for (size_t k = 0; k < c->n_cues; k++) {
        const cue *q = &c->cues[k];
        if (q->kind == MOD_ATTRIBUTION || q->t1 > anchor) continue;
        if (q->kind == MOD_CLAIMED) claimed_before = 1;
        /* "If the Taliban attacked ...": a conditional opens the clause
         * before its subject, so it counts when no boundary comes between */
        if (q->t0 < from && c->ids[q->t0] != c->d->w_if && c->ids[q->t0] != c->d->w_unless)
            continue;
        int crosses = 0;
        for (uint32_t p = q->t1; p < anchor; p++)
            if (c->boundary[p]) crosses = 1;
        if (!crosses && (!best || q->t0 > best->t0)) best = q;
    }
    if (best) {
        return best->kind == MOD_NEGATED       ? DW_NEGATED
               : best->kind == MOD_HYPOTHETICAL ? DW_HYPOTHETICAL
                                                : DW_CLAIMED;
    }
    return claimed_before ? DW_CLAIMED : DW_ASSERTED;
}

/* "According to X, ..." or "X said (that) ...": who says so. */
static void event_attribution(const dw_coder *c, const char *text, uint32_t anchor, dw_event *e) {
    for (size_t k = c->n_cues; k-- > 0;) {
        const cue *q = &c->cues[k];
        if (q->kind != MOD_ATTRIBUTION || q->t1 > anchor) continue;
        int according = c->ids[q->t0] == c->d->w_according;
        int32_t who = -1;
        uint32_t b0, b1;
        if (according) {
            /* "According to analyses, Iran ..." names no one: stop at the comma */
            for (uint32_t p = q->t1; p < anchor && p < q->t1 + 6 && !c->boundary[p]; p++)
                if (c->mention_at[p] >= 0) {
                    who = c->mention_at[p];
                    break;
                }
            if (who < 0) continue;
            b0 = c->tok.v[q->t0].start;
            uint32_t end = c->m[who].t1;
            while (end < anchor && !c->boundary[end]) end++; /* to the comma */
            b1 = c->tok.v[end - 1].end;
        } else {
            for (uint32_t p = q->t0; p-- > 0 && p + 12 > q->t0;)
                if (c->mention_at[p] >= 0) {
                    who = c->mention_at[p];
                    break;
                }
            if (who < 0) continue;
            b0 = c->m[who].b0;
            b1 = c->tok.v[q->t1 - 1].end;
        }
        e->has_attribution = 1;
        copy_str(e->attribution_by, sizeof e->attribution_by, c->m[who].code);
        e->attribution_text = dw_strndup(text + b0, b1 - b0);
        const char *w = norm(c, q->t0);
        int claim = strncmp(w, "claim", 5) == 0 || strncmp(w, "alleg", 5) == 0;
        copy_str(e->attribution_kind, sizeof e->attribution_kind,
                 claim ? "claim" : according || strncmp(w, "report", 6) == 0 ? "report" : "statement");
        /* "Zarif claimed that the Taliban rose with Iranian support": the
         * reported event is a claim, unless the claimant is its own source */
        if (claim && e->modality == DW_ASSERTED && strcmp(e->attribution_by, e->source.code) != 0)
            e->modality = DW_CLAIMED;
        return;
    }
}

static void fill_actor(const mention *m, const char *code, const char *doctext, dw_actor *a) {
    dw_actor_parse_code(code, a, NULL);
    a->name = dw_strdup(m->name);
    a->text = dw_strndup(doctext + m->b0, m->b1 - m->b0);
}

static int already_coded(const dw_events *out, size_t first, size_t end, const char *src,
                         const char *tgt, const char *code) {
    for (size_t i = first; i < end; i++)
        if (strcmp(out->v[i].source.code, src) == 0 && strcmp(out->v[i].target.code, tgt) == 0 &&
            strcmp(out->v[i].cameo, code) == 0)
            return 1;
    return 0;
}

/* One-a-day: the same event on the same day from an earlier sentence. */
static int coded_that_day(const dw_events *out, size_t first, size_t end, const dw_event *e) {
    for (size_t i = first; i < end; i++) {
        const dw_event *o = &out->v[i];
        if (strcmp(o->source.code, e->source.code) == 0 && strcmp(o->target.code, e->target.code) == 0 &&
            strcmp(o->cameo, e->cameo) == 0 && strcmp(o->date, e->date) == 0 && o->modality == e->modality)
            return 1;
    }
    return 0;
}

typedef struct sentence_ctx {
    const dw_doc *doc;
    int index;
    dw_span span;
    size_t first_event; /* events of this sentence start here (for duplicates) */
} sentence_ctx;

static int emit(dw_coder *c, const sentence_ctx *s, const char *code, int32_t si, int32_t ti,
                uint32_t anchor, uint32_t lo, uint32_t clause, int passive, double conf,
                dw_events *out) {
    const mention *src = &c->m[si], *tgt = &c->m[ti];
    const dw_cameo_info *info = dw_dict_cameo(c->d, code);
    if (!info) return 0;
    dw_event *e = dw_events_push(out);
    if (!e) return -1;
    const char *text = s->doc->text;
    /* e->doc and e->text are copied only once the event survives the
     * checks below: neither the extractor nor the checks read them */
    e->sentence = s->index;
    e->span_start = s->span.start;
    e->span_end = s->span.end;
    if (s->doc->date) { /* "%.10s": the fields hold 10 bytes */
        copy_str(e->date, sizeof e->date, s->doc->date);
        copy_str(e->date_end, sizeof e->date_end, s->doc->date);
        copy_str(e->date_precision, sizeof e->date_precision, "document");
    }
    memcpy(e->cameo, info->code, sizeof e->cameo);
    memcpy(e->root, info->root, sizeof e->root);
    e->quad_class = info->quad_class;
    e->goldstein = info->goldstein;
    copy_str(e->plover_type, sizeof e->plover_type, info->plover_type);
    copy_str(e->plover_mode, sizeof e->plover_mode, info->plover_mode);
    copy_str(e->plover_context, sizeof e->plover_context, info->plover_context);
    /* the code's own track; the extraction stage refines it from the words
     * and the story (src/extract/track.c) */
    copy_str(e->track, sizeof e->track, info->track);
    dw_error xerr;
    if (dw_extract_event(c->x, s->doc, c->tok.v[anchor].start, e, &xerr)) {
        dw_event_free(e);
        out->n--;
        return -1;
    }
    /* actor codes at the event's own date: a 2024 story about 1997 names
     * the Taliban of 1997 (validity periods) */
    int32_t day = e->date[0] ? dw_date_days(e->date, strlen(e->date), 1) : c->doc_day;
    if (day == INT32_MIN) day = c->doc_day;
    char src_code[32], tgt_code[32];
    if (!code_at(c, src, day, src_code) || !code_at(c, tgt, day, tgt_code) ||
        strcmp(src_code, tgt_code) == 0 ||
        already_coded(out, s->first_event, out->n - 1, src_code, tgt_code, code)) {
        dw_event_free(e);
        out->n--;
        return 0;
    }
    fill_actor(src, src_code, text, &e->source);
    fill_actor(tgt, tgt_code, text, &e->target);
    uint32_t from = 0;
    if (src->t1 <= anchor) from = src->t1;
    if (from > lo) from = lo;
    if (from < clause) from = clause; /* a shared subject: its own verb's cues are not this one's */
    e->modality = event_modality(c, from, anchor);
    if (c->opts.one_a_day && coded_that_day(out, c->doc_first_event, s->first_event, e)) {
        dw_event_free(e);
        out->n--;
        return 0;
    }
    e->doc = dw_strdup(s->doc->id);
    e->text = dw_strndup(text + s->span.start, s->span.end - s->span.start);
    event_attribution(c, text, lo, e);
    if (passive) conf -= 0.05;
    if (src->pronoun || tgt->pronoun) conf -= 0.15;
    if (e->modality != DW_ASSERTED) conf -= 0.1;
    e->confidence = conf < 0.05 ? 0.05 : conf > 0.99 ? 0.99 : conf;

    /* stable id: same document (text hash and id) + sentence + event → same id;
     * the key is "%s\x1f%s\x1f%d\x1f%s\x1f%s\x1f%s" of hash, doc, sentence,
     * source, target, cameo, written by hand (this runs for every event) */
    char num[16];
    int nl = 0;
    for (unsigned v = (unsigned)e->sentence; nl == 0 || v; v /= 10) num[nl++] = (char)('0' + v % 10);
    const char *parts[] = {s->doc->hash, e->doc ? e->doc : "", e->source.code, e->target.code, e->cameo};
    size_t lens[5], total = (size_t)nl + 5;
    for (int i = 0; i < 5; i++) total += lens[i] = strlen(parts[i]);
    dw_buf *k = &c->scratch;
    dw_buf_reset(k);
    if (dw_buf_reserve(k, total)) {
        dw_event_free(e);
        out->n--;
        return -1;
    }
    char *p = k->data;
    for (int i = 0; i < 5; i++) {
        if (i) *p++ = '\x1f';
        memcpy(p, parts[i], lens[i]);
        p += lens[i];
        if (i == 1) { /* the sentence number after the document id */
            *p++ = '\x1f';
            while (nl) *p++ = num[--nl];
        }
    }
    k->len = (size_t)(p - k->data);
    char hex[65];
    dw_sha256_hex(k->data, k->len, hex);
    memcpy(e->id, hex, 32);
    e->id[32] = '\0';
    return 0;
}

/* Are mentions a and b (a before b) joined by "and", "," or ", and"? */
static int joined(const dw_coder *c, const mention *a, const mention *b) {
    uint32_t gap = b->t0 - a->t1;
    if (b->pronoun || a->pronoun) return 0;
    return (gap == 1 && (c->ids[a->t1] == c->d->w_and || c->ids[a->t1] == c->d->w_comma)) ||
           (gap == 2 && c->ids[a->t1] == c->d->w_comma && c->ids[a->t1 + 1] == c->d->w_and);
}

/* The compound around mention m: "Iran and Pakistan", "Iran, Pakistan and
 * China"; a single mention when the pattern spells out "and" itself. */
static size_t compound(const dw_coder *c, int32_t m, int32_t *out, const dw_pattern *pat) {
    for (int k = 0; k + 1 < pat->n; k++)
        if ((pat->e[k].kind == EL_SOURCE || pat->e[k].kind == EL_TARGET) &&
            pat->e[k + 1].kind == EL_WORD && pat->e[k + 1].value == c->d->w_and) {
            out[0] = m;
            return 1;
        }
    int32_t first = m, last = m;
    while (first > 0 && last - first + 1 < MAX_COMPOUND && joined(c, &c->m[first - 1], &c->m[first]))
        first--;
    while ((size_t)last + 1 < c->n_m && last - first + 1 < MAX_COMPOUND &&
           joined(c, &c->m[last], &c->m[last + 1]))
        last++;
    /* a list is "A, B and C": a bare comma joins only when an "and" follows
     * it in the chain, else it ends a clause or an aside ("After the Taliban
     * attacked Iranian guards, Iran closed ...", "Speaking in Tehran, Zarif
     * ...") and the mentions on either side are not one compound */
    int and_after = 0;
    for (int32_t k = last; k > first; k--) {
        const mention *a = &c->m[k - 1];
        int comma_only = c->m[k].t0 - a->t1 == 1 && c->ids[a->t1] == c->d->w_comma;
        if (!comma_only) and_after = 1;
        else if (!and_after) {
            if (k <= m) { /* the list ends before m: it starts at k */
                first = k;
                break;
            }
            last = k - 1; /* the list ends after m: cut there */
        }
    }
    size_t n = 0;
    for (int32_t k = first; k <= last; k++) out[n++] = k;
    return n;
}

/* Marks the sets with a member in the sentence of n tokens (set_seen):
 * at each token, the sets in which its word alone is a member, and those
 * of its longer members that match there. */
static void find_sets(dw_coder *c, uint32_t n) {
    c->sets_stamp = c->stamp;
    for (uint32_t p = 0; p < n; p++) {
        uint32_t w = c->ids[p];
        if (!(c->d->word_class[w] & WC_SET_FIRST)) continue;
        for (uint32_t k = c->one_off[w]; k < c->one_off[w + 1]; k++) c->set_seen[c->one_sets[k]] = c->stamp;
        for (uint32_t k = c->multi_off[w]; k < c->multi_off[w + 1]; k++) {
            const struct multi_set *m = &c->multi[k];
            if (c->set_seen[m->set] != c->stamp && members_match(c, m->set, m->members, p, n, 1) >= 0)
                c->set_seen[m->set] = c->stamp;
        }
    }
}

/* Does the sentence hold a member of set v?  (Apart from meets, so that
 * meets, run for most patterns of every anchor, stays small enough to be
 * inlined.) */
static int meets_set(dw_coder *c, uint32_t v, uint32_t n) {
    if (c->sets_stamp != c->stamp) find_sets(c, n);
    return c->set_seen[v] == c->stamp;
}

/* Does the sentence hold what requirement r (DW_REQ_*) asks for? */
static inline int meets(dw_coder *c, uint32_t r, uint32_t n) {
    uint32_t v = DW_REQ_VALUE(r);
    switch (DW_REQ_KIND(r)) {
    case DW_REQ_WORD: return c->seen[v] == c->stamp;
    case DW_REQ_VERB: return c->verb_seen[v] == c->stamp;
    default: return meets_set(c, v, n);
    }
}

/* Does the sentence hold requirements reqs[off + from .. off + n)? */
static int meets_all(dw_coder *c, uint32_t off, uint32_t from, uint32_t n_req, uint32_t n) {
    const uint32_t *r = c->d->reqs + off;
    for (uint32_t i = from; i < n_req; i++)
        if (!meets(c, r[i], n)) return 0;
    return 1;
}

static int code_anchor(dw_coder *c, const sentence_ctx *s, uint32_t a0, uint32_t n, dw_events *out) {
    /* a gerund after "for" gives the reason for another verb ("criticized
     * them for restricting girls' education"), not an event of its own */
    size_t alen = c->tok.v[a0].norm_len;
    if (a0 > 0 && c->ids[a0 - 1] == c->d->w_for && alen > 4 &&
        memcmp(norm(c, a0) + alen - 3, "ing", 3) == 0)
        return 0;
    const dw_verb_entry *v = &c->d->verbs[c->verb_at[a0] - 1];
    const struct dw_need *need = v->n_need == v->n_patterns ? v->need : NULL;
    for (size_t k = 0; k < v->n_patterns; k++) {
        /* a pattern needing what the sentence lacks could not match; the
         * first requirement rejects most */
        if (need && need[k].first &&
            (!meets(c, need[k].first, n) || !meets_all(c, need[k].off, 1, need[k].n, n)))
            continue;
        const dw_pattern *pat = &c->d->patterns[v->patterns[k]];
        if (!need && !meets_all(c, pat->req_off, 0, pat->n_req, n)) continue;
        binding b;
        int passive;
        if (!match_pattern(c, pat, a0, n, &b, &passive)) continue;
        if (!pat->code[0]) return 0; /* blocked */
        double conf = (pat->has_source || pat->has_target) ? 0.85 : 0.75;
        int32_t srcs[MAX_COMPOUND], tgts[MAX_COMPOUND];
        size_t ns = compound(c, b.src, srcs, pat), nt = compound(c, b.tgt, tgts, pat);
        if (ns > 1 || nt > 1) conf -= 0.05;
        for (size_t i = 0; i < ns; i++)
            for (size_t j = 0; j < nt; j++) {
                if (emit(c, s, pat->code, srcs[i], tgts[j], a0, b.lo, b.clause, passive, conf, out))
                    return -1;
                if (pat->both &&
                    emit(c, s, pat->code, tgts[j], srcs[i], a0, b.lo, b.clause, passive, conf, out))
                    return -1;
                /* paired events: a visit is hosted ("paired 043") */
                if (pat->code2[0] &&
                    emit(c, s, pat->code2, tgts[j], srcs[i], a0, b.lo, b.clause, passive, conf, out))
                    return -1;
            }
        return 0;
    }
    return 0;
}

static void mark_boundaries(dw_coder *c, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        const dw_token *t = &c->tok.v[i];
        c->boundary[i] = 0;
        if (c->ids[i] == c->d->w_comma) c->boundary[i] = 2;
        else if ((t->flags & (DW_TOK_PUNCT | DW_TOK_WORD)) && t->norm_len <= 8 &&
                 word_is(c, i, WC_CLAUSE))
            c->boundary[i] = 1;
    }
}

/* Short strings compare inline: the hashes agreed already, so this is
 * nearly always a full compare of a few bytes. */
static inline int same_bytes(const char *a, const char *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* The dictionary id and extractor classes of each token of c->tok (ids,
 * cls), through the vocabulary table. */
static void look_up_words(dw_coder *c) {
    for (size_t i = 0; i < c->tok.n; i++) {
        const dw_token *t = &c->tok.v[i];
        const char *w = norm(c, i);
        uint8_t kind = (uint8_t)(t->flags & (DW_TOK_NUM | DW_TOK_PUNCT));
        vocab_slot *v = &c->vocab[t->hash & (VOCAB_SLOTS - 1)];
        if (v->hash == t->hash && v->len == t->norm_len && v->kind == kind &&
            same_bytes(v->head, w, t->norm_len)) {
            c->ids[i] = v->id;
            c->cls[i] = v->cls;
            continue;
        }
        c->ids[i] = dw_dict_word_id_hashed(c->d, w, t->norm_len, t->hash);
        c->cls[i] = dw_extract_word_class(c->x, &c->tok, i);
        if (t->norm_len <= VOCAB_HEAD) {
            *v = (vocab_slot){t->hash, c->ids[i], c->cls[i], (uint8_t)t->norm_len, kind, {0}};
            memcpy(v->head, w, t->norm_len);
        }
    }
}

/* Codes a sentence whose tokens are in c->tok, their ids in c->ids. */
static int code_sentence(dw_coder *c, const sentence_ctx *s, dw_events *out, dw_error *err) {
    uint32_t n = (uint32_t)c->tok.n;
    if (++c->stamp == 0) { /* wrapped: forget every sentence */
        memset(c->seen, 0, ((size_t)c->d->n_words + 1) * sizeof *c->seen);
        memset(c->verb_seen, 0, (c->d->n_verbs + 1) * sizeof *c->verb_seen);
        memset(c->set_seen, 0, (c->d->n_sets + 1) * sizeof *c->set_seen);
        c->stamp = 1;
        c->sets_stamp = 0;
    }
    for (uint32_t i = 0; i < n; i++) c->seen[c->ids[i]] = c->stamp;
    mark_boundaries(c, n);
    for (uint32_t i = 0; i < n; i++) match_at(c, i, n, &c->tm[i]); /* one trie walk per token */
    if (find_mentions(c, n)) return dw_fail(err, DW_ENOMEM, "out of memory");
    if (c->n_m < 2) return DW_OK; /* no dyad: anchors and cues would serve nothing */
    if (find_anchors_and_cues(c, n)) return dw_fail(err, DW_ENOMEM, "out of memory");
    for (uint32_t i = 0; i < n; i++)
        if (c->verb_at[i] && code_anchor(c, s, i, n, out))
            return dw_fail(err, DW_ENOMEM, "out of memory");
    return DW_OK;
}

int dw_code_document(dw_coder *c, const dw_doc *doc, dw_spans *sentences, dw_events *out,
                     dw_error *err) {
    char doc_date[11] = "";
    int rc = dw_extract_begin(c->x, doc, doc_date, err);
    if (rc) return rc;
    /* the document's date, or its dateline's ("KABUL, May 27 (AP) —") */
    const char *day_of = doc->date ? doc->date : doc_date[0] ? doc_date : NULL;
    c->doc_day = day_of ? dw_date_days(day_of, strlen(day_of), 1) : INT32_MIN;
    c->has_last_subject = 0;
    c->n_recent = 0;
    c->spans.n = 0;
    c->doc_first_event = out->n;
    if (c->peer) dw_peer_new_story(c->peer);
    if ((rc = dw_split_sentences(doc->text, doc->text_len, &c->spans, err))) return rc;
    for (size_t i = 0; i < c->spans.n; i++) {
        sentence_ctx s = {doc, (int)i, c->spans.v[i], out->n};
        if (sentences) {
            if (sentences->n == sentences->cap) {
                size_t cap = sentences->cap ? sentences->cap * 2 : 64;
                dw_span *v = realloc(sentences->v, cap * sizeof *v);
                if (!v) return dw_fail(err, DW_ENOMEM, "out of memory");
                sentences->v = v;
                sentences->cap = cap;
            }
            sentences->v[sentences->n++] = s.span;
        }
        /* every sentence, even a skipped one, carries dates forward; the
         * extractor reads the coder's tokens (kept until the next sentence) */
        dw_tokens_reset(&c->tok);
        if ((rc = dw_tokenize(doc->text + s.span.start, s.span.end - s.span.start, s.span.start,
                              &c->tok)))
            return dw_fail(err, rc, "%s: cannot tokenize sentence at byte %u",
                           doc->origin ? doc->origin : "document", s.span.start);
        if (c->peer) { /* the peer coder looks words up in its own way */
            rc = dw_extract_sentence_tokens(c->x, doc, s.span, &c->tok, err);
        } else {
            if (grow_tokens(c, c->tok.n + 1))
                return dw_fail(err, DW_ENOMEM, "%s: out of memory coding sentence %d",
                               doc->origin ? doc->origin : "document", s.index);
            look_up_words(c);
            rc = dw_extract_sentence_classed(c->x, doc, s.span, &c->tok, c->cls, err);
        }
        if (rc) return rc;
        if (s.span.end - s.span.start > c->opts.max_sentence_bytes) {
            c->skipped++; /* bounded work per sentence; the caller reports the count */
            continue;
        }
        if (c->peer) rc = dw_peer_code_events(c->peer, doc, s.index, s.span, c->doc_day, out, err);
        else rc = code_sentence(c, &s, out, err);
        if (rc) return rc;
    }
    return DW_OK;
}
