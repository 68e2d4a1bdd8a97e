/*
 * dyadwatch.h — the public API of libdyadwatch, one header per stage.
 *
 *   ingest   doc.h, utf8.h      documents from text, JSON Lines, stdin
 *   text     text.h             sentences and tokens
 *   code     dict.h, coder.h    dictionaries and the event coder
 *   validate validate.h         peer coders' test suites through our coder
 *   record   event.h            the event record (docs/event-schema.md)
 *   store    store.h            SQLite store
 *   analyze  analyze.h          dyad summaries
 */
#ifndef DYADWATCH_H
#define DYADWATCH_H

#include "dyadwatch/core.h"
#include "dyadwatch/utf8.h"
#include "dyadwatch/doc.h"
#include "dyadwatch/text.h"
#include "dyadwatch/event.h"
#include "dyadwatch/dict.h"
#include "dyadwatch/coder.h"
#include "dyadwatch/validate.h"
#include "dyadwatch/store.h"
#include "dyadwatch/analyze.h"
#include "dyadwatch/extract.h"

#endif
