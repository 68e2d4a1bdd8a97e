/*
 * dict_peer.h — compiling the phrases and patterns of peer dictionaries
 * (TABARI, PETRARCH) into peer words and dw_pattern elements (dict_peer.c),
 * shared by dict_tabari.c and dict_petrarch.c.
 *
 * Phrase syntax, as both programs write it:
 *   WORD_WORD   the words stand next to each other; the first is exact
 *   WORD WORD   other words may come between (TABARI; PETRARCH patterns)
 *   WORD~_NEXT  next to each other, but WORD stays a stem (TABARI)
 *   WORD=       exactly this word (TABARI)
 *   WORD        TABARI: a stem (any word it begins); PETRARCH: the word
 *   WORD_       (last word) TABARI: the word with its regular endings
 *               (plural/possessive for actors, verb endings for verbs)
 * Patterns add  *  (the verb),  $  (source),  +  (target),  %  (compound),
 * ^ (an actor skipped) and &SET (any member of a synset).
 */
#ifndef DW_CODE_DICT_PEER_H
#define DW_CODE_DICT_PEER_H

#include "code/dict_internal.h"
#include "dyadwatch/text.h"

typedef enum dw_peer_ctx {
    PC_ACTOR = 0, /* actors, agents, nouns, adjectives, discards */
    PC_VERB,      /* verb forms */
    PC_PATTERN    /* pattern words and synset members */
} dw_peer_ctx;

#define DW_PEER_MAX_WORDS 24

/* Compiles a phrase into peer words (PW_*); returns the count, or -1 with
 * *why set.  Slots ($ + % ^) are allowed when ctx is PC_PATTERN (synset
 * members). */
int dw_peer_phrase(dw_dict *d, dw_dict_style style, dw_peer_ctx ctx, const char *text,
                   uint32_t *out, int max, dw_tokens *tok, const char **why);

/* Compiles a pattern body ("SAID $ * DEPLORE") for a verb into *p (code and
 * flags are the caller's).  0, or -1 with *why set. */
int dw_peer_pattern(dw_dict *d, dw_dict_style style, const char *text, uint32_t verb,
                    dw_pattern *p, dw_tokens *tok, const char **why);

/* Index of a set by name (case-insensitive), -1 when unknown. */
long dw_peer_find_set(const dw_dict *d, const char *name, size_t n);

/* Parses a peer event code "[064]", "[032:033]", "[---]", "[023?]" (the
 * text inside the brackets) into p->code, p->code2 and p->peer_flags.
 * 0, or -1 when malformed. */
int dw_peer_parse_code(const char *text, dw_pattern *p);

#endif
