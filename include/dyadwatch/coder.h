/*
 * coder.h — sentences into events.
 *
 * Sparse, parser-free coding in the spirit of TABARI: within a sentence the
 * coder finds actor and agent mentions and verb patterns, binds the pattern's
 * source and target slots to actor mentions, applies each actor's validity
 * period with the document date, and marks negation, speculation and
 * attribution; the extraction stage (extract.h) dates, places and counts
 * each event.  A dw_coder holds scratch memory; use one per thread.
 */
#ifndef DYADWATCH_CODER_H
#define DYADWATCH_CODER_H

#include "core.h"
#include "dict.h"
#include "doc.h"
#include "event.h"
#include "extract.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dw_coder dw_coder;

#define DW_DEFAULT_MAX_SENTENCE_BYTES 4096

typedef struct dw_gazetteer dw_gazetteer;

typedef struct dw_coder_opts {
    size_t max_sentence_bytes; /* longer sentences are skipped with a warning */
    /* places for events; shared read-only between coders.  NULL: the coder
     * loads the built-in gazetteer for itself. */
    const dw_gazetteer *gazetteer;
    /* one-a-day filter: an event (source, target, code, date, modality)
     * already coded from an earlier sentence of the same document is not
     * coded again.  Off by default: each report of an event is kept. */
    int one_a_day;
} dw_coder_opts;

/* The dictionary must outlive the coder. */
dw_coder *dw_coder_new(const dw_dict *dict, const dw_coder_opts *opts, dw_error *err);
void dw_coder_free(dw_coder *c);

/* Codes a whole document: appends its sentence spans to `sentences`
 * (may be NULL) and its events to `events`. */
int dw_code_document(dw_coder *c, const dw_doc *doc, dw_spans *sentences,
                     dw_events *events, dw_error *err);

/* Number of sentences skipped for length since the coder was made. */
size_t dw_coder_skipped(const dw_coder *c);

/* What the extraction stage refused since the coder was made: impossible
 * dates ("31 February"), numbers too large to read. */
void dw_coder_extract_stats(const dw_coder *c, dw_extract_stats *out);

#ifdef __cplusplus
}
#endif
#endif
