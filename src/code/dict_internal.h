/*
 * dict_internal.h — the compiled dictionary, shared by the loader (dict.c)
 * and the coder (coder.c).
 *
 * Every normalized word of every phrase is interned to a small integer id
 * (0 = a word no dictionary uses).  Phrases live in one trie whose edges
 * are (parent node, word id) pairs in an open-addressing hash table, so
 * matching costs one string hash per token plus one integer probe per
 * step.  A trie node carries a chain of hits: which actor, agent, verb
 * form, modality cue, track cue or set member ends there.
 *
 * Invariants: ids and node numbers are dense indexes into their vectors;
 * node 0 is the root; hit chains end with next == 0 (hit 0 is a sentinel).
 */
#ifndef DW_CODE_DICT_INTERNAL_H
#define DW_CODE_DICT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dyadwatch/dict.h"

typedef enum dw_hit_kind {
    HIT_ACTOR = 1,
    HIT_AGENT,
    HIT_VERB,
    HIT_MODALITY,
    HIT_TRACK,
    HIT_SET
} dw_hit_kind;

typedef struct dw_hit {
    uint8_t kind;
    uint32_t value; /* index into the vector for its kind (or modality kind) */
    uint32_t next;  /* next hit at the same node, 0 = end */
} dw_hit;

typedef struct dw_trie_node {
    uint32_t hits; /* first hit, 0 = none */
} dw_trie_node;

/* A code of an actor with its validity period as day numbers. */
typedef struct dw_actor_code {
    char code[32];
    int32_t from_day, to_day; /* INT32_MIN / INT32_MAX when open */
} dw_actor_code;

typedef struct dw_actor_entry {
    char *name;
    dw_actor_code *codes;
    int n_codes;
} dw_actor_entry;

typedef struct dw_agent_entry {
    char *name;
    char role[4];
} dw_agent_entry;

typedef enum dw_elem_kind {
    EL_WORD = 1, /* a literal word id */
    EL_VERB,     /* any form of a verb lemma */
    EL_SET,      /* any member of a set */
    EL_SOURCE,
    EL_TARGET
} dw_elem_kind;

typedef struct dw_pattern_elem {
    uint8_t kind;
    uint8_t far; /* preceded by '*': may be up to 25 tokens away */
    uint32_t value;
} dw_pattern_elem;

#define DW_MAX_PATTERN_ELEMS 16

typedef struct dw_pattern {
    char code[5];  /* CAMEO code, "" for a blocking pattern ("---") */
    uint8_t both;  /* also emit the reversed event */
    uint8_t n, anchor;
    uint8_t has_source, has_target;
    dw_pattern_elem e[DW_MAX_PATTERN_ELEMS];
    uint32_t line;
} dw_pattern;

typedef struct dw_verb_entry {
    char *lemma;
    uint32_t *patterns; /* pattern indexes, longest first after compile */
    size_t n_patterns, cap_patterns;
} dw_verb_entry;

/* A set: its members are phrases (word-id sequences). */
typedef struct dw_set_entry {
    char *name;
    uint32_t *words;   /* members concatenated */
    uint16_t *lens;    /* length of each member */
    size_t n_members, n_words, cap_words, cap_members;
} dw_set_entry;

enum { MOD_NEGATED = 1, MOD_HYPOTHETICAL, MOD_CLAIMED, MOD_ATTRIBUTION };

#define DW_N_TRACKS 8
extern const char *const DW_TRACK_NAMES[DW_N_TRACKS];

typedef struct dw_cameo_row {
    dw_cameo_info info;
    char *name, *ptype, *pmode, *pcontext;
} dw_cameo_row;

struct dw_dict {
    /* interned words: open addressing, power-of-two capacity */
    char **words;          /* id → string (words[0] unused) */
    uint32_t n_words, cap_words;
    uint32_t *word_slots;  /* slot → id, 0 = empty */
    uint32_t word_mask;

    /* trie edges: key = parent << 32 | word; value = child */
    uint64_t *edge_keys;
    uint32_t *edge_vals;   /* 0 = empty slot (no edge ever points to the root) */
    uint32_t edge_mask, n_edges;
    dw_trie_node *nodes;
    uint32_t n_nodes, cap_nodes;
    dw_hit *hits;
    uint32_t n_hits, cap_hits;

    dw_actor_entry *actors;
    size_t n_actors, cap_actors;
    dw_agent_entry *agents;
    size_t n_agents, cap_agents;
    dw_verb_entry *verbs;
    size_t n_verbs, cap_verbs;
    dw_pattern *patterns;
    size_t n_patterns, cap_patterns;
    dw_set_entry *sets;
    size_t n_sets, cap_sets;
    size_t n_actor_phrases, n_agent_phrases, n_verb_forms, n_modality, n_track_cues;

    dw_cameo_row *cameo;
    size_t n_cameo, cap_cameo;
    int16_t cameo_index[11100]; /* code key (see cameo_key) → row + 1 */

    /* well-known words the coder tests by id */
    uint32_t w_and, w_of, w_from, w_by, w_comma, w_semicolon, w_colon, w_period;

    size_t n_warnings;
    char warnings[8][256]; /* first few duplicate / conflict reports */
};

/* Id of a normalized word, 0 when no dictionary uses it. */
uint32_t dw_dict_word_id(const dw_dict *d, const char *w, size_t n);
/* Child of node along word, 0 when there is none. */
uint32_t dw_dict_trie_step(const dw_dict *d, uint32_t node, uint32_t word);

#endif
