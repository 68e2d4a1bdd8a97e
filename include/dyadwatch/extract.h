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
/* Adds places from a GeoNames tab-separated file (bad rows: file:line). */
int dw_gazetteer_load_geonames(dw_gazetteer *g, const char *path, dw_error *err);
void dw_gazetteer_free(dw_gazetteer *g);

typedef struct dw_extractor dw_extractor;

/* The gazetteer must outlive the extractor; NULL means no places. */
dw_extractor *dw_extractor_new(const dw_gazetteer *g, dw_error *err);
void dw_extractor_free(dw_extractor *x);

/* Starts a document: its date (or, failing that, a dateline such as
 * "KABUL, May 27 (AP) —" in its first sentence) anchors relative dates.
 * Returns the document date it settled on in doc_date ("" if none). */
int dw_extract_begin(dw_extractor *x, const dw_doc *doc, char doc_date[11], dw_error *err);

/* Reads one sentence (a span of doc->text); updates the carried date. */
int dw_extract_sentence(dw_extractor *x, const dw_doc *doc, dw_span sentence, dw_error *err);

/* Fills e's date, date_end, date_precision, location, quantities and track
 * for an event of the last sentence read whose verb is at byte offset
 * `anchor` of doc->text (the event's own numbers and place, not every one
 * in the sentence).  An unresolvable date falls back to the document date
 * with date_precision "document". */
int dw_extract_event(dw_extractor *x, const dw_doc *doc, uint32_t anchor, dw_event *e,
                     dw_error *err);

#ifdef __cplusplus
}
#endif
#endif
