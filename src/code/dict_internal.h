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
 *
 * Peer dictionaries (TABARI, PETRARCH: dict_tabari.c, dict_petrarch.c) are
 * compiled into the same structures.  Their words match text in more ways
 * than ours (TABARI stems, regular endings, words that may stand apart), so
 * a peer word in the trie, a pattern or a set is a "peer word": the word id
 * with its match mode and a gap bit (see PW_*).  A dictionary holds one
 * style only (d->style), so native and peer keys never meet.
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
    HIT_SET,
    HIT_NOUN,     /* peer: a word that is never a verb (TABARI <NOUN>) */
    HIT_ADJ,      /* peer: an adjective skipped inside compounds (<ADJECTIVE>) */
    HIT_TIME,     /* peer: a time phrase (TABARI <TIME>); value: time index */
    HIT_DISCARD,  /* peer: a discard phrase (PETRARCH); value: 1 sentence, 2 story */
    HIT_ISSUE     /* peer: an issue phrase (PETRARCH); value: issue index */
} dw_hit_kind;

/* Dictionary styles: which coder semantics the entries were written for. */
typedef enum dw_dict_style { DW_STYLE_NATIVE = 0, DW_STYLE_TABARI, DW_STYLE_PETRARCH } dw_dict_style;

/* A peer word: word id | mode << PW_MODE_SHIFT | PW_GAP. */
#define PW_ID_MASK 0x0fffffffu
#define PW_MODE_SHIFT 28
#define PW_MODE_MASK (3u << PW_MODE_SHIFT)
enum {
    PW_EXACT = 0, /* the word itself ("BAN=", "ACT_" in a pattern) */
    PW_STEM = 1,  /* any word it begins (TABARI "RESTOR" matches "restored") */
    PW_NOUN = 2,  /* the word or its plural / possessive (TABARI "LIBYA_") */
    PW_VERB = 3   /* the word or its regular verb endings (TABARI "DEPART_") */
};
#define PW_GAP (1u << 30) /* other words may come before this one */
#define PW_MODE(w) (((w) & PW_MODE_MASK) >> PW_MODE_SHIFT)
/* Actor slots inside a peer set member ("+PESO_$"): ids no word reaches. */
#define PW_SLOT_SOURCE (PW_ID_MASK - 0)
#define PW_SLOT_TARGET (PW_ID_MASK - 1)
#define PW_SLOT_COMPOUND (PW_ID_MASK - 2)
#define PW_SLOT_SKIP (PW_ID_MASK - 3)
#define PW_IS_SLOT(w) (((w) & PW_ID_MASK) >= PW_SLOT_SKIP)

typedef struct dw_hit {
    uint8_t kind;
    uint32_t value; /* index into the vector for its kind (or modality kind) */
    uint32_t next;  /* next hit at the same node, 0 = end */
} dw_hit;

typedef struct dw_trie_node {
    uint32_t hits;     /* first hit, 0 = none */
    uint32_t children; /* edges from this node (0: a walk can stop here) */
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
    char code[16];  /* peer: the agent's code without '~' ("GOVPRS") */
    uint8_t prefix; /* peer: written "NGO~": goes before the actor's code */
} dw_agent_entry;

typedef enum dw_elem_kind {
    EL_WORD = 1, /* a literal word id */
    EL_VERB,     /* any form of a verb lemma */
    EL_SET,      /* any member of a set */
    EL_SOURCE,
    EL_TARGET,
    EL_COMPOUND, /* peer '%': a compound actor, coded among its members */
    EL_SKIP      /* peer '^': an actor passed over */
} dw_elem_kind;

typedef struct dw_pattern_elem {
    uint8_t kind;
    uint8_t far; /* preceded by '*': may be up to 25 tokens away; peer: a gap
                    may separate this element from the one before it */
    uint32_t value; /* word id (a peer word for peer patterns), verb, set */
} dw_pattern_elem;

#define DW_MAX_PATTERN_ELEMS 16

/* A prefilter requirement of a pattern (dw_pattern.req_off): kind << 30 |
 * value.  Never 0: word ids start at 1 and the other kinds have bits set. */
enum { DW_REQ_WORD = 0, /* a literal word (EL_WORD): its id */
       DW_REQ_VERB = 1, /* a form of another verb (EL_VERB but the anchor): its index */
       DW_REQ_SET = 2   /* a member of a set (EL_SET): its index */ };
#define DW_REQ(kind, value) ((uint32_t)(kind) << 30 | (uint32_t)(value))
#define DW_REQ_KIND(r) ((r) >> 30)
#define DW_REQ_VALUE(r) ((r) & 0x3fffffffu)

/* Peer pattern flags (TABARI / PETRARCH codes). */
enum {
    PF_NULL = 1u << 0,     /* [---]: no event */
    PF_DISCARD = 1u << 1,  /* [###]: the sentence is discarded */
    PF_COMPLEX = 1u << 2,  /* [+++]: the sentence is too complex to code */
    PF_WEAK = 1u << 3,     /* [023?]: coded only when no other verb is */
    PF_OVERRIDE = 1u << 4, /* [031!]: replaces an earlier verb of its clause */
    PF_PAIRED = 1u << 5    /* [032:033]: also target -> source with code2 */
};

typedef struct dw_pattern {
    /* Prefilter (native patterns): what a sentence must hold for the
     * pattern to match, reqs[req_off .. req_off + n_req) of the dictionary
     * (DW_REQ_*; the rarest kinds first).  A sentence lacking one cannot
     * match, so the coder rejects the pattern without trying it.  n_req = 0:
     * no filter. */
    uint32_t req_off;
    uint8_t n_req;
    char code[8];  /* CAMEO code, "" for a blocking pattern ("---") */
    char code2[8]; /* peer: the paired code of "[032:033]" */
    uint8_t both;  /* also emit the reversed event */
    uint8_t n, anchor;
    uint8_t has_source, has_target;
    uint8_t peer_flags; /* PF_* */
    uint16_t weight;    /* sort key: longer (more specific) patterns first */
    dw_pattern_elem e[DW_MAX_PATTERN_ELEMS];
    uint32_t line;
} dw_pattern;

typedef struct dw_verb_entry {
    char *lemma;
    uint32_t *patterns; /* pattern indexes, longest first after compile */
    size_t n_patterns, cap_patterns;
    /* need[k]: the prefilter of patterns[k] (dw_pattern.req_off, n_req),
     * kept beside the indexes so that most patterns are rejected without
     * reading the pattern.  Built by the sort (dw_dict_sort_patterns); valid
     * only while n_need == n_patterns (the coder ignores it otherwise). */
    struct dw_need {
        uint32_t first;   /* reqs[off], 0 when the pattern has no requirement */
        uint32_t off;     /* the pattern's req_off */
        uint32_t n;       /* the pattern's n_req */
    } *need;
    size_t n_need;
} dw_verb_entry;

/* A set: its members are phrases (word-id sequences). */
typedef struct dw_set_entry {
    char *name;
    uint32_t *words;   /* members concatenated */
    uint16_t *lens;    /* length of each member */
    size_t n_members, n_words, cap_words, cap_members;
} dw_set_entry;

/* The set member index: the members of a set that begin (or end) with a
 * given word, so that the coder tests a set at a position by one probe
 * instead of comparing every member.  A key is
 *     set << 33 | end << 32 | word      (end: 0 first word, 1 last word)
 * and leads to a chain of member references in declaration order (the
 * coder takes the first member that matches, as a scan of the set would). */
typedef struct dw_member_ref {
    uint32_t off;  /* the member's first word in the set's words[] */
    uint32_t len;  /* its length in words */
    uint32_t next; /* next member under the same key, 0 = end (ref 0 is a sentinel) */
} dw_member_ref;
#define DW_MEMBER_KEY(set, end, word) ((uint64_t)(set) << 33 | (uint64_t)(end) << 32 | (word))

/* The sets that have a member beginning with a word: word_set_head[word]
 * starts a chain of these, each set once (entry 0 is a sentinel).  The coder
 * finds the sets present in a sentence with it in one pass. */
typedef struct dw_word_set {
    uint32_t set;
    uint32_t members; /* dw_dict_set_members(set, 0, word): that chain's head */
    uint32_t next;    /* 0 = end */
} dw_word_set;

/* Classes of the words the native coder tests (coder.c).  Every function
 * word of these classes is interned by dw_dict_new, so a token belongs to a
 * class exactly when word_class[its id] has the bit (dict.c lists them). */
enum {
    WC_CLAUSE = 1u << 0,     /* opens a clause: but, while, ..., ; : ( ) dashes */
    WC_PRONOUN = 1u << 1,    /* they, he, she, it */
    WC_OBJECT = 1u << 2,     /* them, him, her */
    WC_GROUP = 1u << 3,      /* "the group", "the movement", ... */
    WC_BE = 1u << 4,         /* is, are, was, ... get, got (passive voice) */
    WC_ASIDE = 1u << 5,      /* opens a comma-enclosed aside: despite, who, ... */
    WC_ADVERB = 1u << 6,     /* not, also: may stand between be-form and verb */
    /* not function words: set by dw_dict_set_add_member */
    WC_SET_FIRST = 1u << 7,  /* the first word of some set member */
    WC_SET_LAST = 1u << 8,   /* the last word of some set member */
    WC_TRIE_NEXT = 1u << 9,  /* a word after the first of some trie phrase: a
                                walk steps only to such words (coder.c) */
    /* function words again (may open a verb phrase after "and", coder.c) */
    WC_SEQUENCE = 1u << 10,  /* then, later, again, since: adverbs */
    WC_AUX = 1u << 11        /* has, would, continued (to): auxiliaries, modals
                                and verbs of going on */
};

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
    struct dw_word_slot {
        uint32_t id;       /* 0 = empty */
        uint32_t hash;     /* the word's hash: most mismatches cost no string compare */
        char head[8];      /* its first 8 bytes, NUL-padded: most words are
                              compared here, without reading words[id] */
    } *word_slots;
    uint32_t word_mask;

    /* trie edges: key = parent << 32 | word; value = child.  The root's
     * edges along plain word ids are also in root_child[word] (0 = none;
     * kept as long as words[]), which spares most steps the hash probe. */
    uint32_t *root_child;
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
    uint32_t *verb_slots;  /* lemma hash -> verb index + 1 (open addressing) */
    uint32_t verb_mask;
    dw_pattern *patterns;
    size_t n_patterns, cap_patterns;
    dw_set_entry *sets;
    size_t n_sets, cap_sets;
    size_t n_actor_phrases, n_agent_phrases, n_verb_forms, n_modality, n_track_cues;
    /* The text of the tracks.dict files loaded, in order: the extractor
     * refines event tracks from these cues (dw_coder_new hands them over). */
    dw_buf track_text;

    /* peer dictionaries */
    dw_dict_style style;
    uint8_t *stem_words;   /* word id -> 1 when some entry uses it as a stem */
    size_t cap_stem_words, n_stem_marked;
    uint32_t max_stem_len; /* longest stem, in bytes */
    struct dw_time_entry *times; /* TABARI <TIME> */
    size_t n_times, cap_times;
    char **issues;         /* PETRARCH issue codes */
    size_t n_issues, cap_issues;
    struct dw_peer_options *peer_opts; /* TABARI .options (NULL: defaults) */

    dw_cameo_row *cameo;
    size_t n_cameo, cap_cameo;
    int16_t cameo_index[11100]; /* code key (see cameo_key) → row + 1 */

    /* well-known words the coder tests by id */
    uint32_t w_and, w_of, w_from, w_by, w_comma, w_semicolon, w_colon, w_period;
    uint32_t w_the, w_according;
    uint32_t w_but, w_if, w_unless, w_who, w_that, w_a, w_an, w_having, w_for;
    /* word id -> WC_* bits, and -> first dw_word_set (0 = none); both kept
     * as long as words[] (intern sets them) */
    uint16_t *word_class;
    uint32_t *word_set_head;
    dw_word_set *word_sets;
    uint32_t n_word_sets, cap_word_sets;

    /* the set member index (see dw_member_ref): open addressing, power-of-
     * two capacity, a slot is empty when its value is 0 */
    uint64_t *member_keys;
    uint32_t *member_heads; /* key -> first dw_member_ref of its chain */
    uint32_t member_mask, n_member_keys;
    dw_member_ref *member_refs;
    uint32_t n_member_refs, cap_member_refs;

    /* pattern prefilter requirements (see dw_pattern.req_off) */
    uint32_t *reqs;
    size_t n_reqs, cap_reqs;
    /* the longest native verb form, in words (bounds a search in coder.c) */
    uint32_t max_verb_words;

    size_t n_warnings;
    char warnings[8][256]; /* first few duplicate / conflict reports */
};

/* A TABARI time phrase: shifts the event date or discards the sentence. */
typedef struct dw_time_entry {
    int32_t shift;    /* days */
    uint8_t flags;    /* PF_DISCARD, PF_COMPLEX, PF_NULL */
} dw_time_entry;

/* Id of a normalized word, 0 when no dictionary uses it. */
uint32_t dw_dict_word_id(const dw_dict *d, const char *w, size_t n);
/* The same with the word's dw_word_hash known (a token's hash). */
uint32_t dw_dict_word_id_hashed(const dw_dict *d, const char *w, size_t n, uint32_t hash);
/* Child of node along word, 0 when there is none. */
uint32_t dw_dict_trie_step(const dw_dict *d, uint32_t node, uint32_t word);
/* First member reference (index into member_refs) of the members of set
 * whose first (end = 0) or last (end = 1) word is word; 0 when none. */
uint32_t dw_dict_set_members(const dw_dict *d, uint32_t set, int end, uint32_t word);

/* ---- shared by the loaders (dict.c, dict_tabari.c, dict_petrarch.c) ---- */

/* Interns a normalized word; 0 on allocation failure. */
uint32_t dw_dict_intern(dw_dict *d, const char *w, size_t n);
/* Walks (creating as needed) a path of keys; the end node, 0 on failure. */
uint32_t dw_dict_trie_insert(dw_dict *d, const uint32_t *keys, size_t n);
/* Adds a hit at a node; *existing is an earlier hit of that kind there. */
int dw_dict_add_hit(dw_dict *d, uint32_t node, uint8_t kind, uint32_t value, uint32_t *existing);
/* Records a duplicate / conflict report. */
void dw_dict_warn(dw_dict *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends an entry; the index, or -1 when out of memory. */
long dw_dict_add_actor(dw_dict *d, const char *name);
long dw_dict_add_agent(dw_dict *d, const char *name);
long dw_dict_add_verb(dw_dict *d, const char *lemma);
long dw_dict_add_set(dw_dict *d, const char *name);
long dw_dict_add_pattern(dw_dict *d, const dw_pattern *p, uint32_t verb);
/* Appends a member (a sequence of words) to a set. */
int dw_dict_set_add_member(dw_dict *d, uint32_t set, const uint32_t *words, size_t n);
/* Sorts each verb's patterns by weight, heaviest first (stable). */
void dw_dict_sort_patterns(dw_dict *d);
/* Marks a word id as used as a stem. */
int dw_dict_mark_stem(dw_dict *d, uint32_t id, size_t len);
/* Sets the style; an error when the dictionary already has another one. */
int dw_dict_set_style(dw_dict *d, dw_dict_style style, const char *name, dw_error *err);

/* Loaders of the peer formats (their own files). */
int dw_dict_load_tabari(dw_dict *d, const char *name, const char *data, size_t n,
                        dw_dict_kind kind, dw_error *err);
int dw_dict_load_petrarch(dw_dict *d, const char *name, const char *data, size_t n,
                          dw_dict_kind kind, dw_error *err);

#endif
