/*
 * validate_internal.h — shared by the suite readers (validate_tabari.c,
 * validate_petrarch.c) and the dispatcher (validate.c): expected event sets,
 * comparison with what the peer coder produced, and record reporting.
 */
#ifndef DW_VALIDATE_INTERNAL_H
#define DW_VALIDATE_INTERNAL_H

#include "code/peer.h"
#include "dyadwatch/validate.h"

typedef struct dw_val_triple {
    char source[32], target[32], code[8];
} dw_val_triple;

#define DW_VAL_MAX_TRIPLES 64

typedef struct dw_val_expect {
    dw_validate_expect kind;
    dw_val_triple ev[DW_VAL_MAX_TRIPLES];
    size_t n;
} dw_val_expect;

/* Adds a triple (duplicates collapse); trims blanks and quotes. */
void dw_val_add(dw_val_expect *x, const char *src, const char *tgt, const char *code);

/* Codes one record and reports it: compares, fills the summary, calls fn. */
int dw_val_check(dw_peer *peer, const char *id, const char *date_text, int32_t day, const char *text,
                 const dw_val_expect *x, dw_validate_fn fn, void *ctx, dw_validate_summary *sum,
                 dw_error *err);

/* Reports a record that is not run. */
void dw_val_skip(const char *id, const char *date_text, const char *text, const char *why,
                 dw_validate_fn fn, void *ctx, dw_validate_summary *sum);

/* The folder of a suite's path ("." when none) into dir, and its base name
 * into *base (when base is not NULL); dictionary paths are relative to it. */
void dw_val_split_path(const char *path, char *dir, size_t cap, const char **base);

/* Loads dictionary files (paths relative to dir) into a new dictionary. */
dw_dict *dw_val_load(const char *dir, const char *const *files, size_t n, dw_error *err);

int dw_validate_tabari(const char *path, dw_validate_fn fn, void *ctx, dw_validate_summary *sum,
                       dw_error *err);
int dw_validate_petrarch(const char *path, dw_validate_fn fn, void *ctx, dw_validate_summary *sum,
                         dw_error *err);

#endif
