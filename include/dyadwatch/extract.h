/*
 * extract.h — when, where and how many: dates with their precision,
 * places from a gazetteer, quantities typed by what they count, and the
 * policy track of each event.
 *
 * The coder calls the extractor once per document (dw_extract_begin) and
 * once per sentence in order (dw_extract_sentence, even for sentences with
 * no event, since a story about 1998 keeps its year), then once per event
 * (dw_extract_event) to fill the event's date, date_end, date_precision,
 * location, quantities and track.  An extractor is not shared between
 * threads; its gazetteer can be.
 *
 *     dw_gazetteer *g = dw_gazetteer_new_default(&err);   // once
 *     dw_gazetteer_load_geonames(g, path, &err);          // optional, --gazetteer
 *     dw_extractor *x = dw_extractor_new(g, &err);        // one per thread
 *     for each document:
 *         dw_extract_begin(x, doc, doc_date, &err);
 *         for each sentence span, in order:
 *             dw_extract_sentence(x, doc, span, &err);
 *             for each event coded in that sentence:
 *                 // e->cameo and e->track already set by the coder
 *                 dw_extract_event(x, doc, anchor_byte_of_its_verb, e, &err);
 *
 * The rules (what each date form resolves to, which amounts and which
 * place an event gets, how the track is refined) are documented at the top
 * of src/extract/date_resolve.c, quantity.c, place.c, track.c and
 * extractor.c.
 */
#ifndef DYADWATCH_EXTRACT_H
#define DYADWATCH_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "doc.h"
#include "event.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dw_gazetteer dw_gazetteer;

/* The gazetteer built into the library (data/gazetteer.tsv). */
dw_gazetteer *dw_gazetteer_new_default(dw_error *err);
/* An empty gazetteer, to be filled from GeoNames files only. */
dw_gazetteer *dw_gazetteer_new(dw_error *err);
/* Adds places from a GeoNames tab-separated file (19 columns).  All or
 * nothing: the first bad row fails with "path:line: ..." and adds none. */
int dw_gazetteer_load_geonames(dw_gazetteer *g, const char *path, dw_error *err);
void dw_gazetteer_free(dw_gazetteer *g);
size_t dw_gazetteer_count(const dw_gazetteer *g);

/* A place as the gazetteer holds it; strings belong to the gazetteer. */
typedef struct dw_place {
    const char *name, *country, *adm1; /* adm1 "" when none */
    double lat, lon;
    const char *precision;             /* country | adm1 | city | point */
} dw_place;

/* Looks a name up (any spelling variant, case and accents ignored);
 * returns 1 and fills out when found, else 0. */
int dw_gazetteer_find(const dw_gazetteer *g, const char *name, dw_place *out);

typedef struct dw_extractor dw_extractor;

/* The gazetteer must outlive the extractor; NULL means no places. */
dw_extractor *dw_extractor_new(const dw_gazetteer *g, dw_error *err);
/* Replaces the built-in track cues (data/dict/tracks.dict) with those of
 * `text`, in the same "TRACK | phrase; phrase" form; name is its file, for
 * errors.  Call it before the first document: the word classes the
 * extractor gives change with the cues (dw_extract_word_class). */
int dw_extractor_use_track_cues(dw_extractor *x, const char *text, size_t len, const char *name,
                                dw_error *err);
void dw_extractor_free(dw_extractor *x);

/* Starts a document: its date (or, failing that, a dateline such as
 * "KABUL, May 27 (AP) —" in its first sentence) anchors relative dates.
 * A dateline without a year completes a document date that has only the
 * year; with neither, there is no document date.  Returns the document
 * date it settled on in doc_date ("" if none). */
int dw_extract_begin(dw_extractor *x, const dw_doc *doc, char doc_date[11], dw_error *err);

/* Reads one sentence (a span of doc->text); updates the carried date.
 * Call it for every sentence, in order; a span outside the text is
 * DW_EINVAL. */
int dw_extract_sentence(dw_extractor *x, const dw_doc *doc, dw_span sentence, dw_error *err);

/* The same for a caller that has tokenized the sentence already
 * (dw_tokenize of its bytes with base sentence.start, as the coder does):
 * the extractor reads tok instead of tokenizing again, and keeps pointing at
 * it, so tok must stay unchanged until the next sentence is read. */
int dw_extract_sentence_tokens(dw_extractor *x, const dw_doc *doc, dw_span sentence,
                               const dw_tokens *tok, dw_error *err);

/* The extractor's class of token i of tok: a value that depends only on
 * the token's norm and flags, for callers that cache it by word (the coder
 * keeps one table of words for the dictionary and the extractor). */
uint16_t dw_extract_word_class(dw_extractor *x, const dw_tokens *tok, size_t i);

/* dw_extract_sentence_tokens with cls[i] == dw_extract_word_class(x, tok, i)
 * for every token given by the caller (read, not kept). */
int dw_extract_sentence_classed(dw_extractor *x, const dw_doc *doc, dw_span sentence,
                                const dw_tokens *tok, const uint16_t *cls, dw_error *err);

/* Fills e's date, date_end, date_precision, location, quantities and track
 * for an event of the last sentence read whose verb is at byte offset
 * `anchor` of doc->text (the event's own numbers and place, not every one
 * in the sentence).  An unresolvable date falls back to the document date
 * with date_precision "document" (all three empty when the document has no
 * date).  The track starts from the default track of e->cameo (the track e
 * arrived with when it has no code).  Any location e held is freed and
 * replaced.  An anchor outside the last sentence read is DW_EINVAL. */
int dw_extract_event(dw_extractor *x, const dw_doc *doc, uint32_t anchor, dw_event *e,
                     dw_error *err);

/* Input the extractor refused or could not use, counted since it was made:
 * impossible dates ("31 February"), numbers too large to be read exactly
 * (over 10^15), and mentions past the per-sentence limits. */
typedef struct dw_extract_stats {
    size_t impossible_dates, overflowed_numbers, dropped_mentions;
} dw_extract_stats;

void dw_extractor_stats(const dw_extractor *x, dw_extract_stats *out);

#ifdef __cplusplus
}
#endif
#endif
