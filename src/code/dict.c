/*
 * dict.c — loading and compiling dictionaries (format: docs/dictionaries.md).
 *
 * Each loader reads its file line by line; a malformed line is an error
 * naming file, line and reason, and the load of that file stops.  Phrases
 * are tokenized with the text tokenizer, interned and inserted into the
 * trie described in dict_internal.h.  TABARI and PETRARCH files are handed
 * to their own readers (dict_tabari.c, dict_petrarch.c), which compile
 * into the same structures through the helpers exported here.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code/dict_internal.h"
#include "core/embedded.h"
#include "dyadwatch/event.h"
#include "dyadwatch/text.h"

const char *const DW_TRACK_NAMES[DW_N_TRACKS] = {
    "security", "diplomacy", "economy", "water", "narcotics", "migration", "ideology", "other"};

/* ---- growth helpers -------------------------------------------------------- */

static int grow(void **v, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need) c *= 2;
    void *p = realloc(*v, c * elem);
    if (!p) return -1;
    *v = p;
    *cap = c;
    return 0;
}
#define GROW(vec, capv, need) grow((void **)&(vec), &(capv), (need), sizeof *(vec))

static uint64_t hash_bytes(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static uint64_t hash_u64(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return x;
}

/* ---- interned words -------------------------------------------------------- */

/* Is slot the word w[0, n)? */
static int slot_is(const dw_dict *d, const struct dw_word_slot *slot, const char *w, size_t n) {
    size_t k = 0, head = n < 8 ? n : 8;
    while (k < head && w[k] && slot->head[k] == w[k]) k++; /* words hold no NUL */
    if (k < head) return 0;
    if (n < 8) return slot->head[n] == '\0'; /* a longer word has a byte there */
    const char *s = d->words[slot->id]; /* NUL-terminated: the loop stops at its end */
    while (k < n && s[k] && s[k] == w[k]) k++;
    return k == n && s[n] == '\0';
}

static struct dw_word_slot make_slot(uint32_t id, uint32_t hash, const char *w, size_t n) {
    struct dw_word_slot slot = {id, hash, {0}};
    memcpy(slot.head, w, n < 8 ? n : 8);
    return slot;
}

uint32_t dw_dict_word_id(const dw_dict *d, const char *w, size_t n) {
    return dw_dict_word_id_hashed(d, w, n, dw_word_hash(w, n));
}

uint32_t dw_dict_word_id_hashed(const dw_dict *d, const char *w, size_t n, uint32_t h) {
    if (!d->word_slots) return 0;
    for (uint32_t i = h & d->word_mask;; i = (i + 1) & d->word_mask) {
        const struct dw_word_slot *slot = &d->word_slots[i];
        if (!slot->id) return 0;
        if (slot->hash == h && slot_is(d, slot, w, n)) return slot->id;
    }
}

static int rehash_words(dw_dict *d, uint32_t cap) {
    struct dw_word_slot *slots = calloc(cap, sizeof *slots);
    if (!slots) return -1;
    for (uint32_t id = 1; id <= d->n_words; id++) {
        size_t n = strlen(d->words[id]);
        uint32_t h = dw_word_hash(d->words[id], n);
        uint32_t i = h & (cap - 1);
        while (slots[i].id) i = (i + 1) & (cap - 1);
        slots[i] = make_slot(id, h, d->words[id], n);
    }
    free(d->word_slots);
    d->word_slots = slots;
    d->word_mask = cap - 1;
    return 0;
}

static uint32_t intern(dw_dict *d, const char *w, size_t n) {
    uint32_t id = dw_dict_word_id(d, w, n);
    if (id) return id;
    if ((d->n_words + 2) * 2 > d->word_mask + 1 || !d->word_slots) {
        if (rehash_words(d, d->word_slots ? (d->word_mask + 1) * 2 : 1024)) return 0;
    }
    size_t cap = d->cap_words;
    if (GROW(d->words, cap, (size_t)d->n_words + 2)) return 0;
    if (cap != d->cap_words) { /* word_class keeps the capacity of words */
        uint16_t *cls = realloc(d->word_class, cap * sizeof *cls);
        if (!cls) return 0;
        d->word_class = cls;
        cls[0] = 0; /* id 0, a word no dictionary uses, has no class */
        uint32_t *heads = realloc(d->word_set_head, cap * sizeof *heads);
        if (!heads) return 0;
        d->word_set_head = heads;
        heads[0] = 0;
        uint32_t *roots = realloc(d->root_child, cap * sizeof *roots);
        if (!roots) return 0;
        d->root_child = roots;
        roots[0] = 0;
    }
    d->cap_words = (uint32_t)cap;
    char *copy = dw_strndup(w, n);
    if (!copy) return 0;
    id = ++d->n_words;
    d->words[id] = copy;
    d->word_class[id] = 0; /* dw_dict_new classes the function words */
    d->word_set_head[id] = 0;
    d->root_child[id] = 0;
    uint32_t h = dw_word_hash(w, n), i = h & d->word_mask;
    while (d->word_slots[i].id) i = (i + 1) & d->word_mask;
    d->word_slots[i] = make_slot(id, h, w, n);
    return id;
}

/* ---- trie ------------------------------------------------------------------ */

uint32_t dw_dict_trie_step(const dw_dict *d, uint32_t node, uint32_t word) {
    if (!d->edge_keys || !word) return 0;
    if (node == 0 && word <= d->n_words) return d->root_child[word];
    uint64_t key = (uint64_t)node << 32 | word;
    for (uint32_t i = (uint32_t)hash_u64(key) & d->edge_mask;; i = (i + 1) & d->edge_mask) {
        if (!d->edge_vals[i]) return 0;
        if (d->edge_keys[i] == key) return d->edge_vals[i];
    }
}

static int rehash_edges(dw_dict *d, uint32_t cap) {
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return -1;
    }
    for (uint32_t j = 0; d->edge_vals && j <= d->edge_mask; j++) {
        if (!d->edge_vals[j]) continue;
        uint32_t i = (uint32_t)hash_u64(d->edge_keys[j]) & (cap - 1);
        while (vals[i]) i = (i + 1) & (cap - 1);
        keys[i] = d->edge_keys[j];
        vals[i] = d->edge_vals[j];
    }
    free(d->edge_keys);
    free(d->edge_vals);
    d->edge_keys = keys;
    d->edge_vals = vals;
    d->edge_mask = cap - 1;
    return 0;
}

static uint32_t new_node(dw_dict *d) {
    size_t cap = d->cap_nodes;
    if (GROW(d->nodes, cap, (size_t)d->n_nodes + 1)) return 0;
    d->cap_nodes = (uint32_t)cap;
    d->nodes[d->n_nodes].hits = 0;
    d->nodes[d->n_nodes].children = 0;
    return d->n_nodes++;
}

/* Walks (creating as needed) the path of words; returns the end node or 0. */
static uint32_t trie_insert(dw_dict *d, const uint32_t *words, size_t n) {
    uint32_t node = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t child = dw_dict_trie_step(d, node, words[k]);
        if (!child) {
            if ((d->n_edges + 1) * 2 > d->edge_mask + 1 || !d->edge_keys)
                if (rehash_edges(d, d->edge_keys ? (d->edge_mask + 1) * 2 : 4096)) return 0;
            if (!(child = new_node(d))) return 0;
            uint64_t key = (uint64_t)node << 32 | words[k];
            uint32_t i = (uint32_t)hash_u64(key) & d->edge_mask;
            while (d->edge_vals[i]) i = (i + 1) & d->edge_mask;
            d->edge_keys[i] = key;
            d->edge_vals[i] = child;
            d->n_edges++;
            d->nodes[node].children++;
            if (node == 0 && words[k] <= d->n_words) d->root_child[words[k]] = child;
        }
        if (node != 0 && words[k] <= d->n_words) d->word_class[words[k]] |= WC_TRIE_NEXT;
        node = child;
    }
    return node;
}

/* Adds a hit; returns the existing hit of that kind at the node if there is
 * one (through *existing) so callers can report duplicates and conflicts. */
static int add_hit(dw_dict *d, uint32_t node, uint8_t kind, uint32_t value, uint32_t *existing) {
    *existing = 0;
    for (uint32_t h = d->nodes[node].hits; h; h = d->hits[h].next)
        if (d->hits[h].kind == kind) {
            *existing = h;
            if (d->hits[h].value == value || kind == HIT_ACTOR || kind == HIT_AGENT ||
                kind == HIT_VERB)
                return 0; /* keep the first meaning of a phrase */
        }
    size_t cap = d->cap_hits;
    if (GROW(d->hits, cap, (size_t)d->n_hits + 1)) return -1;
    d->cap_hits = (uint32_t)cap;
    if (d->n_hits == 0) d->n_hits = 1; /* hit 0 is the end-of-chain sentinel */
    dw_hit *hit = &d->hits[d->n_hits];
    hit->kind = kind;
    hit->value = value;
    hit->next = d->nodes[node].hits;
    d->nodes[node].hits = d->n_hits++;
    return 0;
}

static void vwarn(dw_dict *d, const char *fmt, va_list ap) {
    if (d->n_warnings < sizeof d->warnings / sizeof d->warnings[0])
        vsnprintf(d->warnings[d->n_warnings], sizeof d->warnings[0], fmt, ap);
    d->n_warnings++;
}

static void warn(dw_dict *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(dw_dict *d, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vwarn(d, fmt, ap);
    va_end(ap);
}

/* ---- shared with the peer loaders (dict_internal.h) --------------------------- */

static int index_verb(dw_dict *d, uint32_t idx);

uint32_t dw_dict_intern(dw_dict *d, const char *w, size_t n) { return intern(d, w, n); }

uint32_t dw_dict_trie_insert(dw_dict *d, const uint32_t *keys, size_t n) {
    return trie_insert(d, keys, n);
}

int dw_dict_add_hit(dw_dict *d, uint32_t node, uint8_t kind, uint32_t value, uint32_t *existing) {
    return add_hit(d, node, kind, value, existing);
}

void dw_dict_warn(dw_dict *d, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vwarn(d, fmt, ap);
    va_end(ap);
}

long dw_dict_add_actor(dw_dict *d, const char *name) {
    if (GROW(d->actors, d->cap_actors, d->n_actors + 1)) return -1;
    dw_actor_entry *a = &d->actors[d->n_actors];
    memset(a, 0, sizeof *a);
    if (!(a->name = dw_strdup(name))) return -1;
    return (long)d->n_actors++;
}

long dw_dict_add_agent(dw_dict *d, const char *name) {
    if (GROW(d->agents, d->cap_agents, d->n_agents + 1)) return -1;
    dw_agent_entry *g = &d->agents[d->n_agents];
    memset(g, 0, sizeof *g);
    if (!(g->name = dw_strdup(name))) return -1;
    return (long)d->n_agents++;
}

long dw_dict_add_verb(dw_dict *d, const char *lemma) {
    if (GROW(d->verbs, d->cap_verbs, d->n_verbs + 1)) return -1;
    dw_verb_entry *v = &d->verbs[d->n_verbs];
    memset(v, 0, sizeof *v);
    if (!(v->lemma = dw_strdup(lemma))) return -1;
    /* peer verbs are indexed too (lookups by lemma are our format's) */
    if (index_verb(d, (uint32_t)d->n_verbs)) return -1;
    return (long)d->n_verbs++;
}

long dw_dict_add_set(dw_dict *d, const char *name) {
    if (GROW(d->sets, d->cap_sets, d->n_sets + 1)) return -1;
    dw_set_entry *s = &d->sets[d->n_sets];
    memset(s, 0, sizeof *s);
    if (!(s->name = dw_strdup(name))) return -1;
    return (long)d->n_sets++;
}

/* ---- the set member index (dw_member_ref in dict_internal.h) ---------------- */

uint32_t dw_dict_set_members(const dw_dict *d, uint32_t set, int end, uint32_t word) {
    if (!d->member_keys) return 0;
    uint64_t key = DW_MEMBER_KEY(set, end, word);
    for (uint32_t i = (uint32_t)hash_u64(key) & d->member_mask;; i = (i + 1) & d->member_mask) {
        if (!d->member_heads[i]) return 0;
        if (d->member_keys[i] == key) return d->member_heads[i];
    }
}

static int rehash_members(dw_dict *d, uint32_t cap) {
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *heads = calloc(cap, sizeof *heads);
    if (!keys || !heads) {
        free(keys);
        free(heads);
        return -1;
    }
    for (uint32_t j = 0; d->member_heads && j <= d->member_mask; j++) {
        if (!d->member_heads[j]) continue;
        uint32_t i = (uint32_t)hash_u64(d->member_keys[j]) & (cap - 1);
        while (heads[i]) i = (i + 1) & (cap - 1);
        keys[i] = d->member_keys[j];
        heads[i] = d->member_heads[j];
    }
    free(d->member_keys);
    free(d->member_heads);
    d->member_keys = keys;
    d->member_heads = heads;
    d->member_mask = cap - 1;
    return 0;
}

/* Appends member (off, len) of set to the chain of key (set, end, word);
 * returns 1 when the key is new, 0 when it had a chain, -1 without memory. */
static int index_member(dw_dict *d, uint32_t set, int end, uint32_t word, uint32_t off, uint32_t len) {
    size_t cap = d->cap_member_refs;
    if (GROW(d->member_refs, cap, (size_t)d->n_member_refs + 2)) return -1;
    d->cap_member_refs = (uint32_t)cap;
    if (d->n_member_refs == 0) d->n_member_refs = 1; /* ref 0 is the end-of-chain sentinel */
    uint32_t ref = d->n_member_refs++;
    d->member_refs[ref] = (dw_member_ref){off, len, 0};
    uint32_t head = dw_dict_set_members(d, set, end, word);
    if (head) { /* at the tail: declaration order */
        while (d->member_refs[head].next) head = d->member_refs[head].next;
        d->member_refs[head].next = ref;
        return 0;
    }
    if ((d->n_member_keys + 1) * 2 > d->member_mask + 1 || !d->member_keys)
        if (rehash_members(d, d->member_keys ? (d->member_mask + 1) * 2 : 1024)) return -1;
    uint64_t key = DW_MEMBER_KEY(set, end, word);
    uint32_t i = (uint32_t)hash_u64(key) & d->member_mask;
    while (d->member_heads[i]) i = (i + 1) & d->member_mask;
    d->member_keys[i] = key;
    d->member_heads[i] = ref;
    d->n_member_keys++;
    return 1;
}

/* Adds set to the chain of sets with a member beginning with word; members
 * is the head of the set's chain of such members. */
static int index_word_set(dw_dict *d, uint32_t word, uint32_t set, uint32_t members) {
    size_t cap = d->cap_word_sets;
    if (GROW(d->word_sets, cap, (size_t)d->n_word_sets + 2)) return -1;
    d->cap_word_sets = (uint32_t)cap;
    if (d->n_word_sets == 0) d->n_word_sets = 1; /* entry 0 is the end-of-chain sentinel */
    d->word_sets[d->n_word_sets] = (dw_word_set){set, members, d->word_set_head[word]};
    d->word_set_head[word] = d->n_word_sets++;
    return 0;
}

int dw_dict_set_add_member(dw_dict *d, uint32_t set, const uint32_t *words, size_t n) {
    dw_set_entry *s = &d->sets[set];
    if (n == 0 || n > UINT16_MAX) return -1;
    if (GROW(s->words, s->cap_words, s->n_words + n) || GROW(s->lens, s->cap_members, s->n_members + 1))
        return -1;
    uint32_t off = (uint32_t)s->n_words;
    memcpy(s->words + s->n_words, words, n * sizeof *words);
    s->n_words += n;
    s->lens[s->n_members++] = (uint16_t)n;
    int first_new = index_member(d, set, 0, words[0], off, (uint32_t)n);
    if (first_new < 0 || index_member(d, set, 1, words[n - 1], off, (uint32_t)n) < 0) return -1;
    /* peer set words carry mode bits and slots: only plain ids are classed */
    if (words[0] <= d->n_words) {
        d->word_class[words[0]] |= WC_SET_FIRST;
        if (first_new && index_word_set(d, words[0], set, dw_dict_set_members(d, set, 0, words[0])))
            return -1;
    }
    if (words[n - 1] <= d->n_words) d->word_class[words[n - 1]] |= WC_SET_LAST;
    return 0;
}

long dw_dict_add_pattern(dw_dict *d, const dw_pattern *p, uint32_t verb) {
    if (GROW(d->patterns, d->cap_patterns, d->n_patterns + 1)) return -1;
    d->patterns[d->n_patterns] = *p;
    dw_verb_entry *v = &d->verbs[verb];
    if (GROW(v->patterns, v->cap_patterns, v->n_patterns + 1)) return -1;
    v->patterns[v->n_patterns++] = (uint32_t)d->n_patterns;
    return (long)d->n_patterns++;
}

int dw_dict_mark_stem(dw_dict *d, uint32_t id, size_t len) {
    if (GROW(d->stem_words, d->cap_stem_words, (size_t)id + 1)) return -1;
    /* new slots of the grown vector are cleared lazily: ids are dense */
    for (size_t i = d->n_stem_marked; i <= id; i++) d->stem_words[i] = 0;
    if (d->n_stem_marked <= id) d->n_stem_marked = (size_t)id + 1;
    d->stem_words[id] = 1;
    if (len > d->max_stem_len) d->max_stem_len = (uint32_t)len;
    return 0;
}

int dw_dict_set_style(dw_dict *d, dw_dict_style style, const char *name, dw_error *err) {
    static const char *const NAMES[] = {"our own", "TABARI", "PETRARCH"};
    int has_entries = d->n_actors || d->n_agents || d->n_verbs || d->n_modality || d->n_track_cues;
    if (d->style != style && (d->style != DW_STYLE_NATIVE || has_entries))
        return dw_fail(err, DW_EINVAL,
                       "%s: a %s dictionary cannot be loaded with %s dictionaries (one style per "
                       "dictionary set)",
                       name, NAMES[style], NAMES[d->style]);
    d->style = style;
    return DW_OK;
}

/* ---- lifecycle ------------------------------------------------------------- */

/* The function words of the native coder's classes (WC_* in
 * dict_internal.h); a word may be in several. */
static const struct {
    const char *word;
    uint16_t classes;
} CLASS_WORDS[] = {
    {"but", WC_CLAUSE}, {"while", WC_CLAUSE | WC_ASIDE}, {"although", WC_CLAUSE | WC_ASIDE},
    {"though", WC_CLAUSE | WC_ASIDE}, {"whereas", WC_CLAUSE}, {"however", WC_CLAUSE},
    {"because", WC_CLAUSE}, {"yet", WC_CLAUSE}, {";", WC_CLAUSE}, {":", WC_CLAUSE},
    {"(", WC_CLAUSE}, {")", WC_CLAUSE}, {"\xE2\x80\x94", WC_CLAUSE} /* — */,
    {"\xE2\x80\x93", WC_CLAUSE} /* – */,
    {"they", WC_PRONOUN}, {"he", WC_PRONOUN}, {"she", WC_PRONOUN}, {"it", WC_PRONOUN},
    {"them", WC_OBJECT}, {"him", WC_OBJECT}, {"her", WC_OBJECT},
    {"group", WC_GROUP}, {"movement", WC_GROUP}, {"regime", WC_GROUP}, {"militants", WC_GROUP},
    {"is", WC_BE}, {"are", WC_BE}, {"was", WC_BE}, {"were", WC_BE}, {"be", WC_BE},
    {"been", WC_BE}, {"being", WC_BE}, {"get", WC_BE}, {"got", WC_BE}, {"gets", WC_BE},
    {"despite", WC_ASIDE}, {"who", WC_ASIDE}, {"which", WC_ASIDE}, {"including", WC_ASIDE},
    {"like", WC_ASIDE}, {"such", WC_ASIDE}, {"especially", WC_ASIDE}, {"according", WC_ASIDE},
    {"as", WC_ASIDE}, {"in", WC_ASIDE}, {"with", WC_ASIDE}, {"after", WC_ASIDE},
    {"before", WC_ASIDE}, {"during", WC_ASIDE}, {"when", WC_ASIDE},
    {"since", WC_ASIDE | WC_SEQUENCE}, {"unlike", WC_ASIDE}, {"amid", WC_ASIDE},
    {"following", WC_ASIDE}, {"under", WC_ASIDE}, {"along", WC_ASIDE}, {"for", WC_ASIDE},
    {"not", WC_ADVERB}, {"also", WC_ADVERB},
    {"then", WC_SEQUENCE}, {"later", WC_SEQUENCE}, {"again", WC_SEQUENCE},
    {"subsequently", WC_SEQUENCE}, {"eventually", WC_SEQUENCE}, {"soon", WC_SEQUENCE},
    {"thereafter", WC_SEQUENCE}, {"even", WC_SEQUENCE}, {"still", WC_SEQUENCE},
    {"never", WC_SEQUENCE},
    {"has", WC_AUX}, {"have", WC_AUX}, {"had", WC_AUX}, {"did", WC_AUX}, {"do", WC_AUX},
    {"does", WC_AUX}, {"will", WC_AUX}, {"would", WC_AUX}, {"can", WC_AUX}, {"could", WC_AUX},
    {"may", WC_AUX}, {"might", WC_AUX}, {"should", WC_AUX}, {"must", WC_AUX},
    {"shall", WC_AUX}, {"n't", WC_AUX}, {"to", WC_AUX}, {"continued", WC_AUX},
    {"continues", WC_AUX}, {"continue", WC_AUX}, {"began", WC_AUX}, {"begun", WC_AUX},
    {"begins", WC_AUX}, {"started", WC_AUX}, {"tried", WC_AUX}, {"sought", WC_AUX},
    {"decided", WC_AUX}, {"went", WC_AUX}, {"on", WC_AUX}};

dw_dict *dw_dict_new(void) {
    dw_dict *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    new_node(d); /* the root: node 0 (checked with the words below) */
    d->w_and = intern(d, "and", 3);
    d->w_of = intern(d, "of", 2);
    d->w_from = intern(d, "from", 4);
    d->w_by = intern(d, "by", 2);
    d->w_comma = intern(d, ",", 1);
    d->w_semicolon = intern(d, ";", 1);
    d->w_colon = intern(d, ":", 1);
    d->w_period = intern(d, ".", 1);
    d->w_the = intern(d, "the", 3);
    d->w_according = intern(d, "according", 9);
    d->w_but = intern(d, "but", 3);
    d->w_if = intern(d, "if", 2);
    d->w_unless = intern(d, "unless", 6);
    d->w_who = intern(d, "who", 3);
    d->w_that = intern(d, "that", 4);
    d->w_a = intern(d, "a", 1);
    d->w_an = intern(d, "an", 2);
    d->w_having = intern(d, "having", 6);
    d->w_for = intern(d, "for", 3);
    int ok = d->n_nodes == 1 && d->w_and && d->w_of && d->w_from && d->w_by && d->w_comma && d->w_semicolon &&
             d->w_colon && d->w_period && d->w_the && d->w_according && d->w_but && d->w_if &&
             d->w_unless && d->w_who && d->w_that && d->w_a && d->w_an && d->w_having &&
             d->w_for;
    for (size_t i = 0; ok && i < sizeof CLASS_WORDS / sizeof *CLASS_WORDS; i++) {
        uint32_t id = intern(d, CLASS_WORDS[i].word, strlen(CLASS_WORDS[i].word));
        if (id) d->word_class[id] |= CLASS_WORDS[i].classes;
        else ok = 0;
    }
    if (!ok) {
        dw_dict_free(d);
        return NULL;
    }
    return d;
}

void dw_dict_free(dw_dict *d) {
    if (!d) return;
    dw_buf_free(&d->track_text);
    for (uint32_t i = 1; i <= d->n_words; i++) free(d->words[i]);
    free(d->words);
    free(d->word_class);
    free(d->word_set_head);
    free(d->root_child);
    free(d->word_sets);
    free(d->word_slots);
    free(d->member_keys);
    free(d->member_heads);
    free(d->member_refs);
    free(d->reqs);
    free(d->edge_keys);
    free(d->edge_vals);
    free(d->nodes);
    free(d->hits);
    for (size_t i = 0; i < d->n_actors; i++) {
        free(d->actors[i].name);
        free(d->actors[i].codes);
    }
    free(d->actors);
    for (size_t i = 0; i < d->n_agents; i++) free(d->agents[i].name);
    free(d->agents);
    for (size_t i = 0; i < d->n_verbs; i++) {
        free(d->verbs[i].lemma);
        free(d->verbs[i].patterns);
        free(d->verbs[i].need);
    }
    free(d->verbs);
    free(d->verb_slots);
    free(d->patterns);
    for (size_t i = 0; i < d->n_sets; i++) {
        free(d->sets[i].name);
        free(d->sets[i].words);
        free(d->sets[i].lens);
    }
    free(d->sets);
    for (size_t i = 0; i < d->n_cameo; i++) {
        free(d->cameo[i].name);
        free(d->cameo[i].ptype);
        free(d->cameo[i].pmode);
        free(d->cameo[i].pcontext);
    }
    free(d->cameo);
    free(d->stem_words);
    free(d->times);
    for (size_t i = 0; i < d->n_issues; i++) free(d->issues[i]);
    free(d->issues);
    free(d->peer_opts);
    free(d);
}

/* ---- line reading ---------------------------------------------------------- */

typedef struct line_reader {
    const char *name;
    const char *p, *end;
    uint32_t lineno;
    char line[8192];
} line_reader;

/* Next non-empty, comment-stripped line in lr->line; 0 at end, -1 if too long. */
static int next_line(line_reader *lr) {
    while (lr->p < lr->end) {
        const char *s = lr->p;
        const char *e = memchr(s, '\n', (size_t)(lr->end - s));
        if (!e) e = lr->end;
        lr->p = e < lr->end ? e + 1 : e;
        lr->lineno++;
        size_t n = (size_t)(e - s);
        if (n >= sizeof lr->line) return -1;
        memcpy(lr->line, s, n);
        lr->line[n] = '\0';
        /* '#' starts a comment at line start or after whitespace */
        for (size_t i = 0; i < n; i++)
            if (lr->line[i] == '#' && (i == 0 || isspace((unsigned char)lr->line[i - 1]))) {
                lr->line[i] = '\0';
                break;
            }
        char *t = lr->line;
        size_t len = strlen(t);
        while (len && isspace((unsigned char)t[len - 1])) t[--len] = '\0';
        if (len) return 1;
    }
    return 0;
}

static char *trim(char *s) {
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

/* Splits on sep into at most max fields (trimmed); returns the count. */
static int split(char *s, char sep, char **fields, int max) {
    int n = 0;
    while (n < max) {
        char *q = strchr(s, sep);
        if (q) *q = '\0';
        fields[n++] = trim(s);
        if (!q) break;
        s = q + 1;
        if (n == max) return max + 1; /* more fields than allowed */
    }
    return n;
}

/* Tokenizes a phrase into interned word ids; returns the count or -1. */
static int phrase_words(dw_dict *d, const char *phrase, dw_tokens *tok, uint32_t *out, int max) {
    dw_tokens_reset(tok);
    if (dw_tokenize(phrase, strlen(phrase), 0, tok)) return -1;
    if (tok->n == 0 || tok->n > (size_t)max) return -1;
    for (size_t i = 0; i < tok->n; i++) {
        const char *w = dw_token_norm(tok, i);
        if (!(out[i] = intern(d, w, tok->v[i].norm_len))) return -1;
    }
    return (int)tok->n;
}

#define MAX_PHRASE_WORDS 24

/* Inserts each ';'-separated phrase with a hit; reports duplicates. */
static int add_phrases(dw_dict *d, line_reader *lr, char *list, uint8_t kind, uint32_t value,
                       dw_tokens *tok, size_t *count, dw_error *err) {
    char *save = NULL;
    for (char *ph = strtok_r(list, ";", &save); ph; ph = strtok_r(NULL, ";", &save)) {
        ph = trim(ph);
        if (!*ph) continue;
        uint32_t words[MAX_PHRASE_WORDS];
        int n = phrase_words(d, ph, tok, words, MAX_PHRASE_WORDS);
        if (n < 0)
            return dw_fail(err, DW_EPARSE, "%s:%u: bad phrase '%s': expected 1 to %d words",
                           lr->name, lr->lineno, ph, MAX_PHRASE_WORDS);
        uint32_t node = trie_insert(d, words, (size_t)n), existing;
        if (!node || add_hit(d, node, kind, value, &existing))
            return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", lr->name, lr->lineno);
        if (existing) {
            if (d->hits[existing].value == value)
                warn(d, "%s:%u: duplicate phrase '%s'", lr->name, lr->lineno, ph);
            else if (kind == HIT_ACTOR || kind == HIT_AGENT || kind == HIT_VERB)
                warn(d, "%s:%u: conflicting phrase '%s' (already defined; first kept)", lr->name,
                     lr->lineno, ph);
        }
        if (kind == HIT_VERB && (uint32_t)n > d->max_verb_words) d->max_verb_words = (uint32_t)n;
        (*count)++;
    }
    return DW_OK;
}

/* ---- actors ---------------------------------------------------------------- */

static int32_t period_day(const char *s, size_t n, int first, int32_t open) {
    if (n == 0) return open;
    return dw_date_days(s, n, first);
}

/* Parses "CODE" or "CODE[FROM..TO]". */
static int parse_actor_code(line_reader *lr, const char *tok, dw_actor_code *out, dw_error *err) {
    const char *br = strchr(tok, '[');
    size_t clen = br ? (size_t)(br - tok) : strlen(tok);
    char code[32];
    if (clen == 0 || clen >= sizeof code)
        return dw_fail(err, DW_EPARSE, "%s:%u: bad actor code '%s'", lr->name, lr->lineno, tok);
    memcpy(code, tok, clen);
    code[clen] = '\0';
    dw_actor a;
    dw_error e2;
    if (dw_actor_parse_code(code, &a, &e2))
        return dw_fail(err, DW_EPARSE, "%s:%u: %s", lr->name, lr->lineno, e2.msg);
    memcpy(out->code, code, clen + 1);
    out->from_day = INT32_MIN;
    out->to_day = INT32_MAX;
    if (!br) return DW_OK;
    const char *close = strchr(br, ']');
    const char *dots = strstr(br, "..");
    if (!close || close[1] || !dots || dots > close)
        return dw_fail(err, DW_EPARSE,
                       "%s:%u: bad validity period in '%s': expected CODE[FROM..TO]", lr->name,
                       lr->lineno, tok);
    const char *f = br + 1, *t = dots + 2;
    size_t fn = (size_t)(dots - f), tn = (size_t)(close - t);
    out->from_day = period_day(f, fn, 1, INT32_MIN);
    out->to_day = period_day(t, tn, 0, INT32_MAX);
    if (out->from_day == INT32_MIN && fn) goto bad_date;
    if (out->to_day == INT32_MIN) goto bad_date;
    if (out->from_day > out->to_day)
        return dw_fail(err, DW_EPARSE, "%s:%u: validity period in '%s' ends before it starts",
                       lr->name, lr->lineno, tok);
    return DW_OK;
bad_date:
    return dw_fail(err, DW_EPARSE,
                   "%s:%u: bad date in '%s': expected YYYY, YYYY-MM or YYYY-MM-DD", lr->name,
                   lr->lineno, tok);
}

static int load_actors(dw_dict *d, line_reader *lr, dw_tokens *tok, dw_error *err) {
    int r;
    while ((r = next_line(lr)) > 0) {
        char *f[3];
        if (split(lr->line, '|', f, 3) != 3 || !*f[0] || !*f[1] || !*f[2])
            return dw_fail(err, DW_EPARSE, "%s:%u: expected NAME | CODES | PHRASES", lr->name,
                           lr->lineno);
        if (GROW(d->actors, d->cap_actors, d->n_actors + 1)) return DW_ENOMEM;
        dw_actor_entry *a = &d->actors[d->n_actors];
        memset(a, 0, sizeof *a);
        a->name = dw_strdup(f[0]);
        char *save = NULL;
        for (char *c = strtok_r(f[1], " \t", &save); c; c = strtok_r(NULL, " \t", &save)) {
            dw_actor_code *v = realloc(a->codes, (size_t)(a->n_codes + 1) * sizeof *v);
            if (!v) return DW_ENOMEM;
            a->codes = v;
            if (parse_actor_code(lr, c, &a->codes[a->n_codes], err)) {
                free(a->name);
                free(a->codes);
                return DW_EPARSE;
            }
            a->n_codes++;
        }
        d->n_actors++; /* counted before phrases so a failure frees it */
        if (add_phrases(d, lr, f[2], HIT_ACTOR, (uint32_t)(d->n_actors - 1), tok,
                        &d->n_actor_phrases, err))
            return err->code;
    }
    if (r < 0)
        return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", lr->name, lr->lineno);
    return DW_OK;
}

/* ---- agents ---------------------------------------------------------------- */

static int load_agents(dw_dict *d, line_reader *lr, dw_tokens *tok, dw_error *err) {
    int r;
    while ((r = next_line(lr)) > 0) {
        char *f[3];
        if (split(lr->line, '|', f, 3) != 3 || !*f[0] || !*f[2])
            return dw_fail(err, DW_EPARSE, "%s:%u: expected NAME | ROLE | PHRASES", lr->name,
                           lr->lineno);
        dw_actor a;
        dw_error e2;
        if (strlen(f[1]) != 3 || dw_actor_parse_code(f[1], &a, &e2) || !a.roles[0][0])
            return dw_fail(err, DW_EPARSE, "%s:%u: bad role '%s': expected a role code (GOV, MIL, COP, ...)",
                           lr->name, lr->lineno, f[1]);
        if (GROW(d->agents, d->cap_agents, d->n_agents + 1)) return DW_ENOMEM;
        dw_agent_entry *g = &d->agents[d->n_agents++];
        g->name = dw_strdup(f[0]);
        memcpy(g->role, f[1], 4);
        if (add_phrases(d, lr, f[2], HIT_AGENT, (uint32_t)(d->n_agents - 1), tok,
                        &d->n_agent_phrases, err))
            return err->code;
    }
    if (r < 0) return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", lr->name, lr->lineno);
    return DW_OK;
}

/* ---- modality and tracks ----------------------------------------------------- */

static int load_cues(dw_dict *d, line_reader *lr, dw_tokens *tok, int tracks, dw_error *err) {
    static const char *const MOD_NAMES[] = {NULL, "negated", "hypothetical", "claimed",
                                            "attribution"};
    int r;
    while ((r = next_line(lr)) > 0) {
        char *f[2];
        if (split(lr->line, '|', f, 2) != 2 || !*f[1])
            return dw_fail(err, DW_EPARSE, "%s:%u: expected %s | PHRASES", lr->name, lr->lineno,
                           tracks ? "TRACK" : "KIND");
        uint32_t value = 0;
        if (tracks) {
            for (uint32_t i = 0; i < DW_N_TRACKS; i++)
                if (strcmp(f[0], DW_TRACK_NAMES[i]) == 0) value = i + 1;
        } else {
            for (uint32_t i = 1; i <= MOD_ATTRIBUTION; i++)
                if (strcmp(f[0], MOD_NAMES[i]) == 0) value = i;
        }
        if (!value)
            return dw_fail(err, DW_EPARSE,
                           tracks ? "%s:%u: unknown track '%s': expected security, diplomacy, "
                                    "economy, water, narcotics, migration, ideology or other"
                                  : "%s:%u: unknown kind '%s': expected negated, hypothetical, "
                                    "claimed or attribution",
                           lr->name, lr->lineno, f[0]);
        if (add_phrases(d, lr, f[1], tracks ? HIT_TRACK : HIT_MODALITY, value, tok,
                        tracks ? &d->n_track_cues : &d->n_modality, err))
            return err->code;
    }
    if (r < 0) return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", lr->name, lr->lineno);
    return DW_OK;
}

/* ---- verbs, sets and patterns ---------------------------------------------- */

/* Verbs by lemma: a hash index, so loading stays linear in the number of
 * VERB lines and <lemma> references (20,000 of each load in milliseconds). */
static int find_verb(const dw_dict *d, const char *lemma) {
    if (!d->verb_slots) return -1;
    for (uint32_t i = (uint32_t)hash_bytes(lemma, strlen(lemma)) & d->verb_mask;; i = (i + 1) & d->verb_mask) {
        uint32_t v = d->verb_slots[i];
        if (!v) return -1;
        if (strcmp(d->verbs[v - 1].lemma, lemma) == 0) return (int)(v - 1);
    }
}

static int index_verb(dw_dict *d, uint32_t idx) {
    if (!d->verb_slots || (d->n_verbs + 1) * 2 > (size_t)d->verb_mask + 1) {
        uint32_t cap = d->verb_slots ? (d->verb_mask + 1) * 2 : 1024;
        uint32_t *slots = calloc(cap, sizeof *slots);
        if (!slots) return -1;
        for (uint32_t v = 0; v < idx; v++) {
            uint32_t i = (uint32_t)hash_bytes(d->verbs[v].lemma, strlen(d->verbs[v].lemma)) & (cap - 1);
            while (slots[i]) i = (i + 1) & (cap - 1);
            slots[i] = v + 1;
        }
        free(d->verb_slots);
        d->verb_slots = slots;
        d->verb_mask = cap - 1;
    }
    const char *l = d->verbs[idx].lemma;
    uint32_t i = (uint32_t)hash_bytes(l, strlen(l)) & d->verb_mask;
    while (d->verb_slots[i]) i = (i + 1) & d->verb_mask;
    d->verb_slots[i] = idx + 1;
    return 0;
}

static int find_set(const dw_dict *d, const char *name) {
    for (size_t i = 0; i < d->n_sets; i++)
        if (strcmp(d->sets[i].name, name) == 0) return (int)i;
    return -1;
}

static int is_vowel(char c) { return strchr("aeiou", c) != NULL; }

/* Regular English inflections of a one-word lemma: s, ed, ing forms. */
static void regular_forms(const char *w, char out[3][64]) {
    size_t n = strlen(w);
    char last = n ? w[n - 1] : 0, prev = n > 1 ? w[n - 2] : 0;
    int vowels = 0;
    for (size_t i = 0; i < n; i++) vowels += is_vowel(w[i]) && (i == 0 || !is_vowel(w[i - 1]));
    if (last == 'y' && prev && !is_vowel(prev)) {
        snprintf(out[0], 64, "%.*sies", (int)n - 1, w);
        snprintf(out[1], 64, "%.*sied", (int)n - 1, w);
        snprintf(out[2], 64, "%sing", w);
    } else if (last == 'e') {
        snprintf(out[0], 64, "%ss", w);
        snprintf(out[1], 64, "%sd", w);
        snprintf(out[2], 64, "%.*sing", (int)n - 1, w);
    } else if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's'))) {
        snprintf(out[0], 64, "%ses", w);
        snprintf(out[1], 64, "%sed", w);
        snprintf(out[2], 64, "%sing", w);
    } else if (vowels == 1 && n >= 3 && n <= 5 && !is_vowel(last) && is_vowel(prev) &&
               !is_vowel(w[n - 3]) && !strchr("wxy", last)) {
        /* one-syllable consonant-vowel-consonant: ban → banned */
        snprintf(out[0], 64, "%ss", w);
        snprintf(out[1], 64, "%s%ced", w, last);
        snprintf(out[2], 64, "%s%cing", w, last);
    } else {
        snprintf(out[0], 64, "%ss", w);
        snprintf(out[1], 64, "%sed", w);
        snprintf(out[2], 64, "%sing", w);
    }
}

static int load_verb_decl(dw_dict *d, line_reader *lr, char *rest, dw_tokens *tok, dw_error *err) {
    char *f[2];
    int nf = split(rest, '|', f, 2);
    char *lemma = f[0];
    if (nf > 2 || !*lemma || strchr(lemma, ' '))
        return dw_fail(err, DW_EPARSE, "%s:%u: expected VERB lemma | FORMS", lr->name, lr->lineno);
    for (char *p = lemma; *p; p++) *p = (char)tolower((unsigned char)*p);
    if (find_verb(d, lemma) >= 0)
        return dw_fail(err, DW_EPARSE, "%s:%u: verb '%s' declared twice", lr->name, lr->lineno, lemma);
    if (GROW(d->verbs, d->cap_verbs, d->n_verbs + 1)) return DW_ENOMEM;
    dw_verb_entry *v = &d->verbs[d->n_verbs++];
    memset(v, 0, sizeof *v);
    v->lemma = dw_strdup(lemma);
    uint32_t idx = (uint32_t)(d->n_verbs - 1);
    if (!v->lemma || index_verb(d, idx)) return DW_ENOMEM;
    char forms[4096];
    if (nf == 2 && *f[1]) {
        snprintf(forms, sizeof forms, "%s", f[1]);
    } else {
        char reg[3][64];
        regular_forms(lemma, reg);
        snprintf(forms, sizeof forms, "%s;%s;%s;%s", lemma, reg[0], reg[1], reg[2]);
    }
    return add_phrases(d, lr, forms, HIT_VERB, idx, tok, &d->n_verb_forms, err);
}

static int load_set_decl(dw_dict *d, line_reader *lr, char *rest, dw_tokens *tok, dw_error *err) {
    char *f[2];
    if (split(rest, '|', f, 2) != 2 || !*f[0] || !*f[1])
        return dw_fail(err, DW_EPARSE, "%s:%u: expected SET name | PHRASES", lr->name, lr->lineno);
    if (find_set(d, f[0]) >= 0)
        return dw_fail(err, DW_EPARSE, "%s:%u: set '%s' declared twice", lr->name, lr->lineno, f[0]);
    if (GROW(d->sets, d->cap_sets, d->n_sets + 1)) return DW_ENOMEM;
    dw_set_entry *s = &d->sets[d->n_sets++];
    memset(s, 0, sizeof *s);
    s->name = dw_strdup(f[0]);
    char *save = NULL;
    for (char *ph = strtok_r(f[1], ";", &save); ph; ph = strtok_r(NULL, ";", &save)) {
        ph = trim(ph);
        if (!*ph) continue;
        uint32_t words[MAX_PHRASE_WORDS];
        int n = phrase_words(d, ph, tok, words, MAX_PHRASE_WORDS);
        if (n < 0)
            return dw_fail(err, DW_EPARSE, "%s:%u: bad set member '%s'", lr->name, lr->lineno, ph);
        if (dw_dict_set_add_member(d, (uint32_t)(d->n_sets - 1), words, (size_t)n)) return DW_ENOMEM;
    }
    return DW_OK;
}

static int pattern_elem(dw_dict *d, line_reader *lr, const char *w, dw_pattern *p,
                        dw_tokens *tok, dw_error *err) {
    if (p->n >= DW_MAX_PATTERN_ELEMS)
        return dw_fail(err, DW_EPARSE, "%s:%u: pattern longer than %d elements", lr->name,
                       lr->lineno, DW_MAX_PATTERN_ELEMS);
    dw_pattern_elem *e = &p->e[p->n];
    e->far = 0;
    if (strcmp(w, "{S}") == 0 || strcmp(w, "{T}") == 0) {
        int src = w[1] == 'S';
        if (src ? p->has_source : p->has_target)
            return dw_fail(err, DW_EPARSE, "%s:%u: %s appears twice", lr->name, lr->lineno, w);
        e->kind = src ? EL_SOURCE : EL_TARGET;
        if (src) p->has_source = 1;
        else p->has_target = 1;
        p->n++;
        return DW_OK;
    }
    size_t n = strlen(w);
    if (w[0] == '<') {
        if (n < 3 || w[n - 1] != '>')
            return dw_fail(err, DW_EPARSE, "%s:%u: bad verb element '%s': expected <lemma>",
                           lr->name, lr->lineno, w);
        char lemma[128];
        snprintf(lemma, sizeof lemma, "%.*s", (int)(n - 2), w + 1);
        for (char *q = lemma; *q; q++) *q = (char)tolower((unsigned char)*q);
        int v = find_verb(d, lemma);
        if (v < 0)
            return dw_fail(err, DW_EPARSE, "%s:%u: verb <%s> is not declared (add a VERB line first)",
                           lr->name, lr->lineno, lemma);
        e->kind = EL_VERB;
        e->value = (uint32_t)v;
        p->anchor = p->n++;
        return DW_OK;
    }
    if (w[0] == '&') {
        int s = find_set(d, w + 1);
        if (s < 0)
            return dw_fail(err, DW_EPARSE, "%s:%u: set %s is not declared (add a SET line first)",
                           lr->name, lr->lineno, w);
        e->kind = EL_SET;
        e->value = (uint32_t)s;
        p->n++;
        return DW_OK;
    }
    /* a literal: may tokenize into several words ("didn't" → did n't) */
    uint32_t words[MAX_PHRASE_WORDS];
    int k = phrase_words(d, w, tok, words, MAX_PHRASE_WORDS);
    if (k < 0) return dw_fail(err, DW_EPARSE, "%s:%u: bad word '%s'", lr->name, lr->lineno, w);
    for (int i = 0; i < k; i++) {
        if (p->n >= DW_MAX_PATTERN_ELEMS)
            return dw_fail(err, DW_EPARSE, "%s:%u: pattern too long", lr->name, lr->lineno);
        p->e[p->n].kind = EL_WORD;
        p->e[p->n].far = 0;
        p->e[p->n++].value = words[i];
    }
    return DW_OK;
}

/* Records what p needs (dw_pattern.req_off): each requirement once; other
 * verbs first, then literal words, the longest first (the rarer a
 * requirement, the more sentences its test rejects first), then sets,
 * whose test is dearest (find_sets in coder.c scans the sentence). */
static int pattern_prefilter(dw_dict *d, dw_pattern *p) {
    uint32_t req[DW_MAX_PATTERN_ELEMS];
    size_t rank[DW_MAX_PATTERN_ELEMS], n = 0;
    for (int k = 0; k < p->n; k++) {
        const dw_pattern_elem *e = &p->e[k];
        uint32_t r;
        size_t rk; /* sort key: larger first */
        if (e->kind == EL_VERB && k != p->anchor) r = DW_REQ(DW_REQ_VERB, e->value), rk = SIZE_MAX;
        else if (e->kind == EL_SET) r = DW_REQ(DW_REQ_SET, e->value), rk = 0;
        else if (e->kind == EL_WORD) r = DW_REQ(DW_REQ_WORD, e->value), rk = strlen(d->words[e->value]);
        else continue;
        size_t i = 0;
        while (i < n && req[i] != r) i++;
        if (i < n) continue; /* already required */
        for (i = n; i > 0 && rank[i - 1] < rk; i--) { /* stable insertion, larger key first */
            req[i] = req[i - 1];
            rank[i] = rank[i - 1];
        }
        req[i] = r;
        rank[i] = rk;
        n++;
    }
    p->req_off = (uint32_t)d->n_reqs;
    p->n_req = (uint8_t)n;
    if (!n) return 0;
    if (GROW(d->reqs, d->cap_reqs, d->n_reqs + n)) return -1;
    memcpy(d->reqs + d->n_reqs, req, n * sizeof *req);
    d->n_reqs += n;
    return 0;
}

static int load_pattern(dw_dict *d, line_reader *lr, char *code, char *rest, dw_tokens *tok,
                        dw_error *err) {
    char *f[2];
    int nf = split(rest, '|', f, 2);
    if (nf > 2 || !*f[0])
        return dw_fail(err, DW_EPARSE, "%s:%u: expected CODE | PATTERN [| OPTIONS]", lr->name,
                       lr->lineno);
    dw_pattern p;
    memset(&p, 0, sizeof p);
    p.line = lr->lineno;
    if (strcmp(code, "---") != 0) {
        if (!dw_dict_cameo(d, code))
            return dw_fail(err, DW_EPARSE, "%s:%u: unknown CAMEO code '%s'%s", lr->name, lr->lineno,
                           code, d->n_cameo ? "" : " (load cameo.tsv first)");
        memcpy(p.code, code, strlen(code) + 1); /* a known code has at most 4 digits */
    }
    if (nf == 2) { /* "both", "paired CODE" */
        char *save2 = NULL;
        for (char *o = strtok_r(f[1], " \t", &save2); o; o = strtok_r(NULL, " \t", &save2)) {
            if (strcmp(o, "both") == 0) {
                p.both = 1;
                continue;
            }
            char *c2 = strcmp(o, "paired") == 0 ? strtok_r(NULL, " \t", &save2) : NULL;
            if (!c2 && strcmp(o, "paired") == 0)
                return dw_fail(err, DW_EPARSE, "%s:%u: 'paired' needs the reverse event's code "
                                               "(paired 043)", lr->name, lr->lineno);
            if (!c2)
                return dw_fail(err, DW_EPARSE,
                               "%s:%u: unknown option '%s': expected 'both' or 'paired CODE'", lr->name,
                               lr->lineno, o);
            if (!dw_dict_cameo(d, c2))
                return dw_fail(err, DW_EPARSE, "%s:%u: unknown CAMEO code '%s' after 'paired'",
                               lr->name, lr->lineno, c2);
            snprintf(p.code2, sizeof p.code2, "%s", c2);
        }
    }
    int anchor_seen = 0, far = 0;
    char *save = NULL;
    for (char *w = strtok_r(f[0], " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        if (strcmp(w, "*") == 0) {
            far = 1;
            continue;
        }
        uint8_t before = p.n;
        if (pattern_elem(d, lr, w, &p, tok, err)) return err->code;
        if (p.n > before) p.e[before].far = (uint8_t)far;
        far = 0;
        anchor_seen |= p.e[before].kind == EL_VERB;
    }
    if (!anchor_seen)
        return dw_fail(err, DW_EPARSE, "%s:%u: pattern has no <verb> element", lr->name, lr->lineno);
    p.weight = p.n;
    if (pattern_prefilter(d, &p)) return DW_ENOMEM;
    if (GROW(d->patterns, d->cap_patterns, d->n_patterns + 1)) return DW_ENOMEM;
    d->patterns[d->n_patterns] = p;
    dw_verb_entry *v = &d->verbs[p.e[p.anchor].value];
    if (GROW(v->patterns, v->cap_patterns, v->n_patterns + 1)) return DW_ENOMEM;
    v->patterns[v->n_patterns++] = (uint32_t)d->n_patterns++;
    return DW_OK;
}

static int load_verbs(dw_dict *d, line_reader *lr, dw_tokens *tok, dw_error *err) {
    int r;
    while ((r = next_line(lr)) > 0) {
        char *line = lr->line;
        char *sp = line + strcspn(line, " \t|");
        char head[16];
        size_t hn = (size_t)(sp - line);
        if (hn == 0 || hn >= sizeof head)
            return dw_fail(err, DW_EPARSE, "%s:%u: expected VERB, SET or a CAMEO code", lr->name,
                           lr->lineno);
        memcpy(head, line, hn);
        head[hn] = '\0';
        char *rest = trim(sp);
        int rc;
        if (strcmp(head, "VERB") == 0) {
            rc = load_verb_decl(d, lr, rest, tok, err);
        } else if (strcmp(head, "SET") == 0) {
            rc = load_set_decl(d, lr, rest, tok, err);
        } else {
            if (*rest != '|')
                return dw_fail(err, DW_EPARSE, "%s:%u: expected CODE | PATTERN", lr->name, lr->lineno);
            rc = load_pattern(d, lr, head, rest + 1, tok, err);
        }
        if (rc) return rc == DW_ENOMEM ? dw_fail(err, rc, "%s:%u: out of memory", lr->name, lr->lineno) : rc;
    }
    if (r < 0) return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", lr->name, lr->lineno);
    return DW_OK;
}

/* Longer (more specific) patterns first; ties keep file order.  A stable
 * insertion sort: each verb has few patterns and qsort would need a global.
 * Then each verb's need[] follows its new order (dw_verb_entry); without
 * memory for it, need stays invalid and the coder tries every pattern. */
static void sort_verb_patterns(dw_dict *d) {
    for (size_t v = 0; v < d->n_verbs; v++) {
        dw_verb_entry *ve = &d->verbs[v];
        uint32_t *p = ve->patterns;
        for (size_t i = 1; i < ve->n_patterns; i++) {
            uint32_t x = p[i];
            size_t j = i;
            while (j > 0 && d->patterns[p[j - 1]].weight < d->patterns[x].weight) {
                p[j] = p[j - 1];
                j--;
            }
            p[j] = x;
        }
        free(ve->need);
        ve->n_need = 0;
        if (!ve->n_patterns || !(ve->need = malloc(ve->n_patterns * sizeof *ve->need))) continue;
        for (size_t k = 0; k < ve->n_patterns; k++) {
            const dw_pattern *pat = &d->patterns[p[k]];
            ve->need[k] = (struct dw_need){pat->n_req ? d->reqs[pat->req_off] : 0, pat->req_off,
                                           pat->n_req};
        }
        ve->n_need = ve->n_patterns;
    }
}

void dw_dict_sort_patterns(dw_dict *d) { sort_verb_patterns(d); }

/* ---- CAMEO table ------------------------------------------------------------ */

static int cameo_key(const char *code) {
    size_t n = strlen(code);
    int v = 0;
    if (n < 2 || n > 4) return -1;
    for (size_t i = 0; i < n; i++) {
        if (code[i] < '0' || code[i] > '9') return -1;
        v = v * 10 + code[i] - '0';
    }
    return n == 2 ? v : n == 3 ? 100 + v : 1100 + v;
}

const dw_cameo_info *dw_dict_cameo(const dw_dict *d, const char *code) {
    int k = cameo_key(code);
    if (k < 0 || !d->cameo_index[k]) return NULL;
    return &d->cameo[d->cameo_index[k] - 1].info;
}

static int load_cameo(dw_dict *d, line_reader *lr, dw_error *err) {
    int r, header = 1;
    while ((r = next_line(lr)) > 0) {
        if (header) { /* the column names */
            header = 0;
            if (strncmp(lr->line, "code\t", 5) == 0) continue;
        }
        char *f[9];
        int nf = split(lr->line, '\t', f, 9);
        char *end = NULL;
        double g = nf == 9 ? strtod(f[3], &end) : 0;
        int quad = nf == 9 ? atoi(f[2]) : 0;
        int key = nf == 9 ? cameo_key(f[0]) : -1;
        if (nf != 9 || key < 0 || !end || *end || quad < 1 || quad > 4 || strlen(f[1]) != 2)
            return dw_fail(err, DW_EPARSE,
                           "%s:%u: expected code, root, quad_class (1-4), goldstein, plover_type, "
                           "plover_mode, plover_context, track, name (9 tab-separated fields)",
                           lr->name, lr->lineno);
        int track = -1;
        for (int i = 0; i < DW_N_TRACKS; i++)
            if (strcmp(f[7], DW_TRACK_NAMES[i]) == 0) track = i;
        if (track < 0)
            return dw_fail(err, DW_EPARSE, "%s:%u: unknown track '%s'", lr->name, lr->lineno, f[7]);
        if (GROW(d->cameo, d->cap_cameo, d->n_cameo + 1)) return DW_ENOMEM;
        dw_cameo_row *row = &d->cameo[d->n_cameo];
        memset(row, 0, sizeof *row);
        snprintf(row->info.code, sizeof row->info.code, "%s", f[0]);
        snprintf(row->info.root, sizeof row->info.root, "%s", f[1]);
        row->info.goldstein = g;
        row->info.quad_class = quad;
        row->info.name = row->name = dw_strdup(f[8]);
        row->info.plover_type = row->ptype = dw_strdup(f[4]);
        row->info.plover_mode = row->pmode = dw_strdup(f[5]);
        row->info.plover_context = row->pcontext = dw_strdup(f[6]);
        row->info.track = DW_TRACK_NAMES[track];
        if (d->cameo_index[key])
            warn(d, "%s:%u: CAMEO code %s given twice (later kept)", lr->name, lr->lineno, f[0]);
        d->cameo_index[key] = (int16_t)(++d->n_cameo);
    }
    if (r < 0) return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", lr->name, lr->lineno);
    return DW_OK;
}

/* ---- entry points ------------------------------------------------------------ */

static dw_dict_kind kind_from_name(const char *name) {
    size_t n = strlen(name);
#define ENDS(s) (n >= sizeof(s) - 1 && strcmp(name + n - (sizeof(s) - 1), s) == 0)
    if (ENDS("actors.dict")) return DW_DICT_ACTORS;
    if (ENDS("agents.dict")) return DW_DICT_AGENTS;
    if (ENDS("verbs.dict")) return DW_DICT_VERBS;
    if (ENDS("modality.dict")) return DW_DICT_MODALITY;
    if (ENDS("tracks.dict")) return DW_DICT_TRACKS;
    if (ENDS("cameo.tsv")) return DW_DICT_CAMEO;
    /* peer files keep their own names: TABARI.Demo.actors, PETR.Validate.verbs.txt */
    if (ENDS(".actors")) return DW_DICT_TABARI_ACTORS;
    if (ENDS(".verbs")) return DW_DICT_TABARI_VERBS;
    if (ENDS(".agents")) return DW_DICT_TABARI_AGENTS;
    if (ENDS(".options")) return DW_DICT_TABARI_OPTIONS;
    if (ENDS(".txt")) {
        const char *base = strrchr(name, '/');
        base = base ? base + 1 : name;
        char low[256];
        size_t k = 0;
        for (; base[k] && k + 1 < sizeof low; k++) low[k] = (char)tolower((unsigned char)base[k]);
        low[k] = '\0';
        if (strstr(low, "actors")) return DW_DICT_PETRARCH_ACTORS;
        if (strstr(low, "verbs")) return DW_DICT_PETRARCH_VERBS;
        if (strstr(low, "agents")) return DW_DICT_PETRARCH_AGENTS;
        if (strstr(low, "discards")) return DW_DICT_PETRARCH_DISCARDS;
        if (strstr(low, "issues")) return DW_DICT_PETRARCH_ISSUES;
    }
#undef ENDS
    return DW_DICT_AUTO;
}

dw_dict_kind dw_dict_kind_of(const char *name) { return kind_from_name(name); }

static int is_tabari_kind(dw_dict_kind k) {
    return k >= DW_DICT_TABARI_ACTORS && k <= DW_DICT_TABARI_OPTIONS;
}

static int is_petrarch_kind(dw_dict_kind k) {
    return k >= DW_DICT_PETRARCH_ACTORS && k <= DW_DICT_PETRARCH_ISSUES;
}

int dw_dict_load_buffer(dw_dict *d, const char *name, const char *data, size_t n,
                        dw_dict_kind kind, dw_error *err) {
    if (kind == DW_DICT_AUTO) kind = kind_from_name(name);
    if (kind == DW_DICT_AUTO)
        return dw_fail(err, DW_EINVAL,
                       "%s: unknown dictionary kind: expected a name ending in actors.dict, "
                       "agents.dict, verbs.dict, modality.dict, tracks.dict or cameo.tsv (or a "
                       "TABARI .actors/.verbs/.agents/.options or PETRARCH *actors/verbs/agents/"
                       "discards/issues*.txt file)",
                       name);
    if (is_tabari_kind(kind)) return dw_dict_load_tabari(d, name, data, n, kind, err);
    if (is_petrarch_kind(kind)) return dw_dict_load_petrarch(d, name, data, n, kind, err);
    if (kind != DW_DICT_CAMEO && dw_dict_set_style(d, DW_STYLE_NATIVE, name, err)) return err->code;
    line_reader *lr = malloc(sizeof *lr);
    dw_tokens tok = {0};
    if (!lr) return dw_fail(err, DW_ENOMEM, "%s: out of memory", name);
    lr->name = name;
    lr->p = data;
    lr->end = data + n;
    lr->lineno = 0;
    int rc;
    switch (kind) {
    case DW_DICT_ACTORS: rc = load_actors(d, lr, &tok, err); break;
    case DW_DICT_AGENTS: rc = load_agents(d, lr, &tok, err); break;
    case DW_DICT_VERBS: rc = load_verbs(d, lr, &tok, err); break;
    case DW_DICT_MODALITY: rc = load_cues(d, lr, &tok, 0, err); break;
    case DW_DICT_TRACKS:
        rc = load_cues(d, lr, &tok, 1, err);
        /* whole lines, so that two files read as one */
        if (!rc && (dw_buf_add(&d->track_text, data, n) || dw_buf_addc(&d->track_text, '\n')))
            rc = dw_fail(err, DW_ENOMEM, "%s: out of memory", name);
        break;
    default: rc = load_cameo(d, lr, err); break;
    }
    if (rc == DW_ENOMEM && err && err->code != DW_ENOMEM)
        dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", name, lr->lineno);
    if (kind == DW_DICT_VERBS) sort_verb_patterns(d);
    dw_tokens_free(&tok);
    free(lr);
    return rc;
}

int dw_dict_load_file(dw_dict *d, const char *path, dw_dict_kind kind, dw_error *err) {
    dw_buf b = {0};
    int rc = dw_read_all(path, 256u << 20, &b, err);
    if (rc == DW_OK) rc = dw_dict_load_buffer(d, path, b.data, b.len, kind, err);
    dw_buf_free(&b);
    return rc;
}

/* The CAMEO table comes first (patterns check their codes against it), then
 * verbs after modality so "not" etc. are known; file order otherwise.  Peer
 * options come before their verbs (they hold the code labels). */
static int load_order(dw_dict_kind k) {
    switch (k) {
    case DW_DICT_CAMEO: return 0;
    case DW_DICT_ACTORS: case DW_DICT_TABARI_OPTIONS: case DW_DICT_PETRARCH_ACTORS: return 1;
    case DW_DICT_AGENTS: case DW_DICT_TABARI_ACTORS: case DW_DICT_PETRARCH_AGENTS: return 2;
    case DW_DICT_MODALITY: case DW_DICT_TABARI_AGENTS: case DW_DICT_PETRARCH_DISCARDS: return 3;
    case DW_DICT_TRACKS: case DW_DICT_PETRARCH_ISSUES: return 4;
    default: return 5;
    }
}

int dw_dict_load_default(dw_dict *d, dw_error *err) {
    for (int pass = 0; pass <= 5; pass++)
        for (const dw_embedded_file *f = dw_embedded_files; f->path; f++) {
            int is_dict = strncmp(f->path, "dict/", 5) == 0 || strcmp(f->path, "cameo.tsv") == 0;
            dw_dict_kind k = kind_from_name(f->path);
            if (!is_dict || k == DW_DICT_AUTO || load_order(k) != pass) continue;
            char name[256];
            snprintf(name, sizeof name, "<builtin>/%s", f->path);
            int rc = dw_dict_load_buffer(d, name, f->data, f->len, k, err);
            if (rc) return rc;
        }
    if (!d->n_cameo) return dw_fail(err, DW_EINVAL, "no built-in CAMEO table (data/cameo.tsv)");
    return DW_OK;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int dw_dict_load_dir(dw_dict *d, const char *dir, dw_error *err) {
    DIR *dh = opendir(dir);
    if (!dh) return dw_fail(err, DW_EIO, "%s: cannot open dictionary folder", dir);
    char *names[512];
    size_t n = 0;
    struct dirent *de;
    /* our own files when there are any, else a peer's (one style per set) */
    int native = 0;
    while ((de = readdir(dh)) && n < 512) {
        dw_dict_kind k = kind_from_name(de->d_name);
        if (k == DW_DICT_AUTO) continue;
        native |= !is_tabari_kind(k) && !is_petrarch_kind(k) && k != DW_DICT_CAMEO;
        names[n++] = dw_strdup(de->d_name);
    }
    closedir(dh);
    if (native) { /* drop peer files that happen to sit beside ours */
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            dw_dict_kind k = kind_from_name(names[i]);
            if (is_tabari_kind(k) || is_petrarch_kind(k)) free(names[i]);
            else names[m++] = names[i];
        }
        n = m;
    }
    qsort(names, n, sizeof *names, cmp_str);
    int rc = DW_OK;
    int has_cameo = 0;
    for (size_t i = 0; i < n; i++) has_cameo |= kind_from_name(names[i]) == DW_DICT_CAMEO;
    if (!has_cameo && !d->n_cameo) {
        /* a folder of dictionaries without its own code table uses ours */
        const dw_embedded_file *f = dw_embedded_find("cameo.tsv");
        if (f) rc = dw_dict_load_buffer(d, "<builtin>/cameo.tsv", f->data, f->len, DW_DICT_CAMEO, err);
    }
    for (int pass = 0; pass <= 5 && rc == DW_OK; pass++)
        for (size_t i = 0; i < n && rc == DW_OK; i++) {
            if (load_order(kind_from_name(names[i])) != pass) continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            rc = dw_dict_load_file(d, path, DW_DICT_AUTO, err);
        }
    for (size_t i = 0; i < n; i++) free(names[i]);
    if (rc == DW_OK && n == 0)
        rc = dw_fail(err, DW_EINVAL, "%s: no dictionaries found (*.dict, cameo.tsv)", dir);
    return rc;
}

void dw_dict_get_stats(const dw_dict *d, dw_dict_stats *s) {
    memset(s, 0, sizeof *s);
    s->actors = d->n_actors;
    s->actor_phrases = d->n_actor_phrases;
    s->agents = d->n_agents;
    s->agent_phrases = d->n_agent_phrases;
    s->verbs = d->n_verbs;
    s->verb_forms = d->n_verb_forms;
    s->patterns = d->n_patterns;
    s->modality_phrases = d->n_modality + d->n_track_cues;
    s->cameo_codes = d->n_cameo;
    s->trie_nodes = d->n_nodes;
    size_t b = sizeof *d;
    for (uint32_t i = 1; i <= d->n_words; i++) b += strlen(d->words[i]) + 1;
    b += d->cap_words * sizeof(char *) + (d->word_mask + 1) * sizeof(struct dw_word_slot);
    b += (d->edge_mask + 1) * (sizeof(uint64_t) + sizeof(uint32_t));
    b += d->cap_nodes * sizeof(dw_trie_node) + d->cap_hits * sizeof(dw_hit);
    b += d->cap_actors * sizeof(dw_actor_entry) + d->cap_agents * sizeof(dw_agent_entry);
    b += d->cap_patterns * sizeof(dw_pattern) + d->cap_verbs * sizeof(dw_verb_entry);
    for (size_t i = 0; i < d->n_actors; i++) b += (size_t)d->actors[i].n_codes * sizeof(dw_actor_code);
    for (size_t i = 0; i < d->n_verbs; i++) b += d->verbs[i].cap_patterns * sizeof(uint32_t);
    b += d->cap_cameo * sizeof(dw_cameo_row);
    b += d->cap_words * (sizeof(uint16_t) + 2 * sizeof(uint32_t)); /* word_class, word_set_head, root_child */
    b += d->cap_word_sets * sizeof(dw_word_set);
    b += (d->member_keys ? (size_t)d->member_mask + 1 : 0) * (sizeof(uint64_t) + sizeof(uint32_t));
    b += d->cap_member_refs * sizeof(dw_member_ref) + d->cap_reqs * sizeof(uint32_t);
    b += d->cap_stem_words + (d->verb_slots ? (size_t)d->verb_mask + 1 : 0) * sizeof(uint32_t);
    b += d->cap_times * sizeof *d->times;
    for (size_t i = 0; i < d->n_sets; i++)
        b += d->sets[i].cap_words * sizeof(uint32_t) + d->sets[i].cap_members * sizeof(uint16_t);
    s->bytes = b;
}

size_t dw_dict_warning_count(const dw_dict *d) { return d->n_warnings; }

const char *dw_dict_warning(const dw_dict *d, size_t i) {
    return i < d->n_warnings && i < sizeof d->warnings / sizeof d->warnings[0] ? d->warnings[i] : NULL;
}
