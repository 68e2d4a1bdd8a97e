/*
 * tokens.c — small tests over a sentence's tokens shared by the scanners
 * of src/extract (word lists, dashes).  No state.
 */
#include <string.h>

#include "extract/extract_internal.h"

bool xs_in(const xsent *s, size_t i, const char *const *words) {
    if (i >= s->n) return false;
    const char *w = xs_norm(s, i);
    for (; *words; words++) /* the first byte rejects most words without a call */
        if (w[0] == (*words)[0] && strcmp(w, *words) == 0) return true;
    return false;
}

bool xs_dash(const xsent *s, size_t i) {
    if (i >= s->n || !xs_punct(s, i)) return false;
    const char *w = xs_norm(s, i);
    return strcmp(w, "-") == 0 || strcmp(w, "--") == 0 || strcmp(w, "\xE2\x80\x93") == 0 ||
           strcmp(w, "\xE2\x80\x94") == 0 || strcmp(w, "\xE2\x80\x95") == 0;
}
