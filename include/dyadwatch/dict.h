/*
 * dict.h — dictionaries: actors, agents, verb patterns, modality words and
 * the CAMEO code table, compiled at load into one token trie.
 *
 * The file formats are described in docs/dictionaries.md.  Every phrase is
 * tokenized by the same tokenizer as the text, so case, possessives,
 * hyphens and curly apostrophes never stop a match.
 */
#ifndef DYADWATCH_DICT_H
#define DYADWATCH_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dw_dict dw_dict;

typedef enum dw_dict_kind {
    DW_DICT_AUTO = 0, /* from the file extension */
    DW_DICT_ACTORS,   /* .actors.dict / actors.dict */
    DW_DICT_AGENTS,
    DW_DICT_VERBS,
    DW_DICT_MODALITY,
    DW_DICT_TRACKS,
    DW_DICT_CAMEO,    /* cameo.tsv: the code table */
    /* Peer formats (docs/dictionaries.md, "Peer dictionaries").  A
     * dictionary holds either our own files or one peer's, not a mix. */
    DW_DICT_TABARI_ACTORS,    /* *.actors */
    DW_DICT_TABARI_VERBS,     /* *.verbs (with <SYNSETS> and <TIME>) */
    DW_DICT_TABARI_AGENTS,    /* *.agents */
    DW_DICT_TABARI_OPTIONS,   /* *.options */
    DW_DICT_PETRARCH_ACTORS,  /* *actors*.txt */
    DW_DICT_PETRARCH_VERBS,   /* *verbs*.txt */
    DW_DICT_PETRARCH_AGENTS,  /* *agents*.txt */
    DW_DICT_PETRARCH_DISCARDS,/* *discards*.txt */
    DW_DICT_PETRARCH_ISSUES   /* *issues*.txt */
} dw_dict_kind;

dw_dict *dw_dict_new(void);
void dw_dict_free(dw_dict *d);

/* Loads one dictionary from memory; `name` is used in messages. */
int dw_dict_load_buffer(dw_dict *d, const char *name, const char *data, size_t n,
                        dw_dict_kind kind, dw_error *err);
int dw_dict_load_file(dw_dict *d, const char *path, dw_dict_kind kind, dw_error *err);
/* Loads the dictionaries shipped inside the library. */
int dw_dict_load_default(dw_dict *d, dw_error *err);
/* Loads every *.dict file and cameo.tsv in a directory (or, when it holds
 * none, its TABARI or PETRARCH dictionaries, named as above). */
int dw_dict_load_dir(dw_dict *d, const char *dir, dw_error *err);
/* The kind a file name implies (DW_DICT_AUTO when none). */
dw_dict_kind dw_dict_kind_of(const char *name);

typedef struct dw_dict_stats {
    size_t actors, actor_phrases, agents, agent_phrases;
    size_t verbs, verb_forms, patterns, modality_phrases, cameo_codes;
    size_t trie_nodes, bytes; /* memory held by the compiled dictionary */
} dw_dict_stats;

void dw_dict_get_stats(const dw_dict *d, dw_dict_stats *out);

/* Duplicate and conflicting entries found while loading (the first few
 * are kept as messages naming file and line). */
size_t dw_dict_warning_count(const dw_dict *d);
const char *dw_dict_warning(const dw_dict *d, size_t i);

/* One row of the CAMEO table. */
typedef struct dw_cameo_info {
    char code[5], root[3];
    const char *name;
    double goldstein;
    int quad_class;
    const char *plover_type, *plover_mode, *plover_context;
    const char *track;
} dw_cameo_info;

/* NULL when the code is unknown. */
const dw_cameo_info *dw_dict_cameo(const dw_dict *d, const char *code);

#ifdef __cplusplus
}
#endif
#endif
