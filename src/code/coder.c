/*
 * coder.c — sentences into events (sparse, parser-free pattern coding).
 *
 * Per document: split sentences; per sentence:
 *   1. tokenize and look every token up in the dictionary's word table;
 *   2. find actor mentions (longest phrase), join actor + agent
 *      ("Iranian border guards" → IRNCOP), resolve pronouns to the subject of
 *      an earlier clause ("..., they killed" → the Taliban);
 *   3. find verb anchors, modality, attribution and track cues;
 *   4. for each anchor try its patterns, longest first, binding {S} and {T}
 *      (explicitly, or to the nearest actors left and right), and emit the
 *      events with CAMEO, Goldstein, quad class, PLOVER and track.
 * Scratch arrays live in the dw_coder and are reused, so steady-state
 * coding does not allocate except for the emitted events.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code/dict_internal.h"
#include "code/peer.h"
#include "dyadwatch/coder.h"
#include "dyadwatch/extract.h"

#define GAP_WORD 4      /* tokens allowed between pattern elements */
#define GAP_SLOT 10     /* ... before an explicit slot */
#define GAP_FAR 25      /* ... after '*' */
#define SOURCE_REACH 40 /* how far left an implicit source may be */
#define TARGET_REACH 12 /* how far right an implicit target may be */
#define MAX_COMPOUND 4  /* "Iran, Pakistan and China" → up to 4 events */

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
} mention;

typedef struct cue {
    uint32_t t0, t1;
    uint8_t kind; /* MOD_* */
} cue;

struct dw_coder {
    const dw_dict *d;
    dw_coder_opts opts;
    dw_tokens tok;
    dw_spans spans;
    uint32_t *ids;        /* word id per token */
    int32_t *mention_at;  /* mention index covering a token, -1 none */
    int32_t *verb_at;     /* verb lemma + 1 starting at a token, 0 none */
    uint32_t *verb_end;   /* end token of that verb form */
    uint8_t *boundary;    /* 1: clause boundary; 2: comma */
    size_t cap_tokens;
    mention *m;
    size_t n_m, cap_m;
    cue *cues;
    size_t n_cues, cap_cues;
    unsigned track_cues;  /* bit i: track i cued in the sentence */

    dw_extractor *x;      /* dates, places, quantities, tracks of events */
    dw_peer *peer;        /* TABARI / PETRARCH dictionaries: their own coder (coder_peer.c) */
    size_t doc_first_event; /* the document's first event in the output (one-a-day) */
    dw_gazetteer *own_gazetteer; /* loaded here when the caller gave none */

    /* document state */
    int32_t doc_day;      /* INT32_MIN when the document has no date */
    mention last_subject;
    int has_last_subject;
    size_t skipped;
    dw_buf scratch;
};

dw_coder *dw_coder_new(const dw_dict *dict, const dw_coder_opts *opts, dw_error *err) {
    dw_coder *c = calloc(1, sizeof *c);
    if (!c) {
        dw_fail(err, DW_ENOMEM, "out of memory");
        return NULL;
    }
    c->d = dict;
    if (opts) c->opts = *opts;
    if (!c->opts.max_sentence_bytes) c->opts.max_sentence_bytes = DW_DEFAULT_MAX_SENTENCE_BYTES;
    const dw_gazetteer *g = c->opts.gazetteer;
    if (!g && !(g = c->own_gazetteer = dw_gazetteer_new_default(err))) {
        free(c);
        return NULL;
    }
    if (!(c->x = dw_extractor_new(g, err))) {
        dw_gazetteer_free(c->own_gazetteer);
        free(c);
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
    free(c->mention_at);
    free(c->verb_at);
    free(c->verb_end);
    free(c->boundary);
    free(c->m);
    free(c->cues);
    dw_buf_free(&c->scratch);
    dw_extractor_free(c->x);
    dw_gazetteer_free(c->own_gazetteer);
    dw_peer_free(c->peer);
    free(c);
}

size_t dw_coder_skipped(const dw_coder *c) { return c->skipped; }

/* ---- small helpers ---------------------------------------------------------- */

static const char *norm(const dw_coder *c, uint32_t i) { return dw_token_norm(&c->tok, i); }

static int word_is(const dw_coder *c, uint32_t i, const char *const *list) {
    const char *w = norm(c, i);
    for (; *list; list++)
        if (strcmp(w, *list) == 0) return 1;
    return 0;
}

static const char *const CLAUSE_WORDS[] = {"but", "while", "although", "though", "whereas",
                                           "however", "because", "yet", ";", ":", "(", ")",
                                           "—", "–", NULL};
static const char *const PRONOUNS[] = {"they", "he", "she", "it", NULL};
static const char *const OBJECT_PRONOUNS[] = {"them", "him", "her", NULL};
static const char *const GROUP_NOUNS[] = {"group", "movement", "regime", "militants", NULL};
static const char *const BE_FORMS[] = {"is", "are", "was", "were", "be", "been", "being",
                                       "get", "got", "gets", NULL};
static const char *const ASIDE_MARKERS[] = {
    "despite", "although", "though", "while", "who", "which", "including", "like", "such",
    "especially", "according", "as", "in", "with", "after", "before", "during", "when", "since",
    "unlike", "amid", "following", "under", "along", "for", NULL};

static int grow_tokens(dw_coder *c, size_t n) {
    if (n <= c->cap_tokens) return 0;
    size_t cap = c->cap_tokens ? c->cap_tokens : 256;
    while (cap < n) cap *= 2;
    uint32_t *ids = realloc(c->ids, cap * sizeof *ids);
    if (ids) c->ids = ids;
    int32_t *ma = realloc(c->mention_at, cap * sizeof *ma);
    if (ma) c->mention_at = ma;
    int32_t *va = realloc(c->verb_at, cap * sizeof *va);
    if (va) c->verb_at = va;
    uint32_t *ve = realloc(c->verb_end, cap * sizeof *ve);
    if (ve) c->verb_end = ve;
    uint8_t *bd = realloc(c->boundary, cap);
    if (bd) c->boundary = bd;
    if (!ids || !ma || !va || !ve || !bd) return -1;
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

/* actor code + agent role: IRN + COP → IRNCOP; AFGGOVTAL + COP → AFGGOVCOPTAL. */
static void combine_code(const char *actor, const char *role, char out[32]) {
    dw_actor a;
    if (dw_actor_parse_code(actor, &a, NULL)) {
        snprintf(out, 32, "%s", actor);
        return;
    }
    int nroles = 0;
    for (; nroles < DW_MAX_ROLES && a.roles[nroles][0]; nroles++)
        if (strcmp(a.roles[nroles], role) == 0) {
            snprintf(out, 32, "%s", actor);
            return;
        }
    if (nroles == DW_MAX_ROLES) {
        snprintf(out, 32, "%s", actor);
        return;
    }
    size_t n = 0;
    out[0] = '\0';
    n += (size_t)snprintf(out + n, 32 - n, "%s", a.country);
    for (int i = 0; i < nroles; i++) n += (size_t)snprintf(out + n, 32 - n, "%s", a.roles[i]);
    n += (size_t)snprintf(out + n, 32 - n, "%s", role);
    snprintf(out + n, 32 - n, "%s", a.group);
}

/* Longest trie match from token i; reports the furthest end for each kind. */
typedef struct trie_match {
    uint32_t actor_end, agent_end, verb_end, mod_end, track_end;
    uint32_t actor, agent, verb, mod, track;
} trie_match;

static void match_at(const dw_coder *c, uint32_t i, uint32_t n, trie_match *tm) {
    memset(tm, 0, sizeof *tm);
    uint32_t node = 0;
    for (uint32_t j = i; j < n; j++) {
        node = dw_dict_trie_step(c->d, node, c->ids[j]);
        if (!node) break;
        for (uint32_t h = c->d->nodes[node].hits; h; h = c->d->hits[h].next) {
            const dw_hit *hit = &c->d->hits[h];
            switch (hit->kind) {
            case HIT_ACTOR: tm->actor_end = j + 1; tm->actor = hit->value; break;
            case HIT_AGENT: tm->agent_end = j + 1; tm->agent = hit->value; break;
            case HIT_VERB: tm->verb_end = j + 1; tm->verb = hit->value; break;
            case HIT_MODALITY: tm->mod_end = j + 1; tm->mod = hit->value; break;
            case HIT_TRACK: tm->track_end = j + 1; tm->track = hit->value; break;
            default: break;
            }
        }
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
        snprintf(out, 32, "%s", m->role);
        return 1;
    }
    const char *code = actor_code_at(&c->d->actors[m->actor], day);
    if (!code) return 0;
    if (m->role[0]) combine_code(code, m->role, out);
    else snprintf(out, 32, "%s", code);
    return 1;
}

/* Tries an actor (+ agent) or agent (+ of/from actor) at token i. */
static int actor_mention_at(dw_coder *c, uint32_t i, uint32_t n, mention *out) {
    trie_match tm;
    match_at(c, i, n, &tm);
    memset(out, 0, sizeof *out);
    out->t0 = i;
    if (tm.actor_end >= tm.agent_end && tm.actor_end) {
        out->actor = (int32_t)tm.actor;
        out->t1 = tm.actor_end;
        out->name = c->d->actors[tm.actor].name;
        /* an agent right after: "Iranian border guards", "Iran's foreign ministry" */
        if (out->t1 < n) {
            trie_match next;
            match_at(c, out->t1, n, &next);
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
        /* "border guards of Iran", "diplomats from Iran" */
        uint32_t k = tm.agent_end;
        if (k + 1 < n && (c->ids[k] == c->d->w_of || c->ids[k] == c->d->w_from)) {
            trie_match next;
            match_at(c, k + 1, n, &next);
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

/* Finds mentions, resolving pronouns to the subject of an earlier clause:
 * the first actor of the current comma-delimited segment if it has one,
 * else the last segment subject seen (in this sentence or before). */
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
        if (word_is(c, i, PRONOUNS)) len = 1;
        else if (word_is(c, i, OBJECT_PRONOUNS)) len = 1, object = 1;
        else if (i + 1 < n && strcmp(norm(c, i), "the") == 0 && word_is(c, i + 1, GROUP_NOUNS))
            len = 2;
        if (len) {
            const mention *ante = NULL;
            if (object && c->n_m) ante = &c->m[c->n_m - 1]; /* "providing them refuge" */
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
    for (uint32_t i = 0; i < n; i++) c->mention_at[i] = -1;
    for (size_t k = 0; k < c->n_m; k++)
        for (uint32_t i = c->m[k].t0; i < c->m[k].t1; i++) c->mention_at[i] = (int32_t)k;
    return 0;
}

/* ---- step 3: anchors and cues ------------------------------------------------ */

static int find_anchors_and_cues(dw_coder *c, uint32_t n) {
    c->n_cues = 0;
    c->track_cues = 0;
    for (uint32_t i = 0; i < n; i++) c->verb_at[i] = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!c->ids[i]) continue;
        trie_match tm;
        match_at(c, i, n, &tm);
        if (tm.verb_end && c->mention_at[i] < 0) {
            c->verb_at[i] = (int32_t)tm.verb + 1;
            c->verb_end[i] = tm.verb_end;
        }
        if (tm.mod_end && push_cue(c, i, tm.mod_end, (uint8_t)tm.mod)) return -1;
        if (tm.track_end) c->track_cues |= 1u << (tm.track - 1);
    }
    return 0;
}

/* ---- step 4: patterns --------------------------------------------------------- */

/* Does set member list s match tokens starting at p (dir > 0) or ending at p
 * (dir < 0)?  Returns the other end, or -1. */
static int64_t set_match(const dw_coder *c, const dw_set_entry *s, uint32_t p, uint32_t n, int dir) {
    size_t off = 0;
    for (size_t k = 0; k < s->n_members; off += s->lens[k], k++) {
        uint32_t len = s->lens[k];
        if (dir > 0 ? p + len > n : p < len) continue;
        uint32_t start = dir > 0 ? p : p - len;
        if (memcmp(c->ids + start, s->words + off, len * sizeof(uint32_t)) == 0)
            return dir > 0 ? (int64_t)(p + len) : (int64_t)start;
    }
    return -1;
}

typedef struct binding {
    int32_t src, tgt; /* mention indexes, -1 = not bound */
    uint32_t lo, hi;  /* token extent of the matched elements (excluding slots) */
} binding;

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
            int64_t q = set_match(c, &c->d->sets[e->value], p, n, 1);
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
    int slot = e->kind == EL_SOURCE || e->kind == EL_TARGET;
    uint32_t gap = far ? GAP_FAR : slot ? GAP_SLOT : GAP_WORD;
    for (uint32_t k = 0; k <= gap && k < to; k++) {
        uint32_t p = to - 1 - k; /* the last token of the candidate */
        if (c->boundary[p] == 1) return 0;
        switch (e->kind) {
        case EL_WORD:
            if (c->ids[p] == e->value) return *start = p, 1;
            break;
        case EL_VERB:
            for (uint32_t q = 0; q <= p; q++)
                if (c->verb_at[q] == (int32_t)e->value + 1 && c->verb_end[q] == p + 1)
                    return *start = q, 1;
            break;
        case EL_SET: {
            int64_t q = set_match(c, &c->d->sets[e->value], p + 1, p + 1, -1);
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
            strcmp(norm(c, p), "according") != 0)
            return 1;
    return 0;
}

/* The nearest actor left of `lo`, skipping a comma-enclosed aside that opens
 * with a marker word (", despite its relations with Kabul,"); stops at a
 * clause boundary and at a reporting verb ("X said that Y ..." → not X). */
static int32_t implicit_source(const dw_coder *c, uint32_t lo) {
    uint32_t limit = lo > SOURCE_REACH ? lo - SOURCE_REACH : 0;
    int32_t candidate = -1;
    for (uint32_t p = lo; p-- > limit;) {
        if (c->boundary[p] == 1 || is_attribution_verb_cue(c, p)) break;
        if (c->boundary[p] == 2) { /* a comma: is the segment before it an aside? */
            if (candidate >= 0) return candidate;
            uint32_t q = p;
            while (q-- > limit && c->boundary[q] == 0) {
            }
            /* q is the comma (or boundary) opening the segment, or wrapped */
            if (q < p && q >= limit && c->boundary[q] == 2 && word_is(c, q + 1, ASIDE_MARKERS)) {
                p = q + 1; /* skip the aside; the loop continues left of q */
                continue;
            }
            continue;
        }
        if (c->mention_at[p] >= 0) return c->mention_at[p];
    }
    return candidate;
}

static int32_t implicit_target(const dw_coder *c, uint32_t hi, uint32_t n) {
    for (uint32_t p = hi; p < n && p < hi + TARGET_REACH; p++) {
        if (c->boundary[p]) return -1;
        if (c->mention_at[p] >= 0) return c->mention_at[p];
    }
    return -1;
}

/* "X was killed by Y": be-form before the anchor and "by" after it. */
static int passive_source(const dw_coder *c, uint32_t a0, uint32_t a1, uint32_t n, int32_t *src) {
    int be = 0;
    for (uint32_t k = 1; k <= 3 && k <= a0; k++) {
        uint32_t p = a0 - k;
        if (word_is(c, p, BE_FORMS)) {
            be = 1;
            break;
        }
        const char *w = norm(c, p);
        size_t len = strlen(w);
        if (!(len > 2 && strcmp(w + len - 2, "ly") == 0) && strcmp(w, "not") != 0 &&
            strcmp(w, "also") != 0)
            break;
    }
    const char *anchor = norm(c, a0);
    size_t alen = strlen(anchor);
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
    if (!pat->code[0]) return 1; /* a blocking pattern needs no actors */
    if (!pat->has_source && !pat->has_target) {
        int32_t src;
        if (pat->n == 1 && passive_source(c, a0, b->hi, n, &src)) {
            *passive = 1;
            b->src = src;
            b->tgt = implicit_source(c, b->lo);
            return b->src >= 0 && b->tgt >= 0;
        }
    }
    if (b->src < 0) b->src = implicit_source(c, b->lo);
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
        if (q->t0 < from) continue;
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
        int according = strcmp(norm(c, q->t0), "according") == 0;
        int32_t who = -1;
        uint32_t b0, b1;
        if (according) {
            for (uint32_t p = q->t1; p < anchor && p < q->t1 + 6; p++)
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
        snprintf(e->attribution_by, sizeof e->attribution_by, "%s", c->m[who].code);
        uint32_t base = c->tok.v[0].start;
        (void)base;
        e->attribution_text = dw_strndup(text + b0, b1 - b0);
        const char *w = norm(c, q->t0);
        snprintf(e->attribution_kind, sizeof e->attribution_kind, "%s",
                 strncmp(w, "claim", 5) == 0 ? "claim" : according ? "report" : "statement");
        return;
    }
}

static const char *event_track(const dw_coder *c, const dw_cameo_info *info) {
    /* water, narcotics, migration, ideology cues override the code's track */
    static const int strong[] = {3, 4, 5, 6};
    for (size_t i = 0; i < sizeof strong / sizeof *strong; i++)
        if (c->track_cues & (1u << strong[i])) return DW_TRACK_NAMES[strong[i]];
    if ((c->track_cues & (1u << 2)) &&
        (strcmp(info->track, "diplomacy") == 0 || strcmp(info->track, "other") == 0))
        return DW_TRACK_NAMES[2];
    return info->track;
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
                uint32_t anchor, uint32_t lo, int passive, double conf, dw_events *out) {
    const mention *src = &c->m[si], *tgt = &c->m[ti];
    const dw_cameo_info *info = dw_dict_cameo(c->d, code);
    if (!info) return 0;
    dw_event *e = dw_events_push(out);
    if (!e) return -1;
    const char *text = s->doc->text;
    e->doc = dw_strdup(s->doc->id);
    e->sentence = s->index;
    e->span_start = s->span.start;
    e->span_end = s->span.end;
    e->text = dw_strndup(text + s->span.start, s->span.end - s->span.start);
    if (s->doc->date) {
        snprintf(e->date, sizeof e->date, "%.10s", s->doc->date);
        snprintf(e->date_end, sizeof e->date_end, "%.10s", s->doc->date);
        snprintf(e->date_precision, sizeof e->date_precision, "document");
    }
    memcpy(e->cameo, info->code, sizeof e->cameo);
    memcpy(e->root, info->root, sizeof e->root);
    e->quad_class = info->quad_class;
    e->goldstein = info->goldstein;
    snprintf(e->plover_type, sizeof e->plover_type, "%s", info->plover_type);
    snprintf(e->plover_mode, sizeof e->plover_mode, "%s", info->plover_mode);
    snprintf(e->plover_context, sizeof e->plover_context, "%s", info->plover_context);
    snprintf(e->track, sizeof e->track, "%s", event_track(c, info));
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
    e->modality = event_modality(c, from > lo ? lo : from, anchor);
    if (c->opts.one_a_day && coded_that_day(out, c->doc_first_event, s->first_event, e)) {
        dw_event_free(e);
        out->n--;
        return 0;
    }
    event_attribution(c, text, lo, e);
    if (passive) conf -= 0.05;
    if (src->pronoun || tgt->pronoun) conf -= 0.15;
    if (e->modality != DW_ASSERTED) conf -= 0.1;
    e->confidence = conf < 0.05 ? 0.05 : conf > 0.99 ? 0.99 : conf;

    /* stable id: same document (text hash and id) + sentence + event → same id */
    dw_buf *k = &c->scratch;
    dw_buf_reset(k);
    dw_buf_printf(k, "%s\x1f%s\x1f%d\x1f%s\x1f%s\x1f%s", s->doc->hash, e->doc ? e->doc : "", e->sentence,
                  e->source.code, e->target.code, e->cameo);
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
    size_t n = 0;
    for (int32_t k = first; k <= last; k++) out[n++] = k;
    return n;
}

static int code_anchor(dw_coder *c, const sentence_ctx *s, uint32_t a0, uint32_t n, dw_events *out) {
    const dw_verb_entry *v = &c->d->verbs[c->verb_at[a0] - 1];
    for (size_t k = 0; k < v->n_patterns; k++) {
        const dw_pattern *pat = &c->d->patterns[v->patterns[k]];
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
                if (emit(c, s, pat->code, srcs[i], tgts[j], a0, b.lo, passive, conf, out)) return -1;
                if (pat->both && emit(c, s, pat->code, tgts[j], srcs[i], a0, b.lo, passive, conf, out))
                    return -1;
                /* paired events: a visit is hosted ("paired 043") */
                if (pat->code2[0] && emit(c, s, pat->code2, tgts[j], srcs[i], a0, b.lo, passive, conf, out))
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
                 word_is(c, i, CLAUSE_WORDS))
            c->boundary[i] = 1;
    }
}

static int code_sentence(dw_coder *c, const sentence_ctx *s, dw_events *out, dw_error *err) {
    dw_tokens_reset(&c->tok);
    const char *text = s->doc->text + s->span.start;
    if (dw_tokenize(text, s->span.end - s->span.start, s->span.start, &c->tok) ||
        grow_tokens(c, c->tok.n + 1))
        return dw_fail(err, DW_ENOMEM, "%s: out of memory coding sentence %d", s->doc->origin,
                       s->index);
    uint32_t n = (uint32_t)c->tok.n;
    for (uint32_t i = 0; i < n; i++)
        c->ids[i] = dw_dict_word_id(c->d, norm(c, i), c->tok.v[i].norm_len);
    mark_boundaries(c, n);
    if (find_mentions(c, n) || find_anchors_and_cues(c, n))
        return dw_fail(err, DW_ENOMEM, "out of memory");
    if (c->n_m < 2) return DW_OK;
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
        /* every sentence, even a skipped one, carries dates forward */
        if ((rc = dw_extract_sentence(c->x, doc, s.span, err))) return rc;
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
