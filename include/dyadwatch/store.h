/*
 * store.h — the SQLite store: documents, sentences and events.
 *
 * WAL mode; every statement is prepared with parameters.  Writes happen in
 * explicit transactions (dw_store_begin/commit/rollback) so that an ingest
 * that fails part way leaves the database as it was.  A document whose
 * content hash is already stored is skipped, which makes ingest idempotent.
 *
 * One event, many reports: each coded record is a mention (a report: its
 * document, sentence and offsets), and mentions of the same real event —
 * from several documents or twice in one — are clustered at ingest into
 * one event (rules in store_sqlite.c and src/analyze/cluster.h).  Event
 * queries and counts are of clustered events; each carries its number of
 * mentions and distinct sources.
 */
#ifndef DYADWATCH_STORE_H
#define DYADWATCH_STORE_H

#include "core.h"
#include "doc.h"
#include "event.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dw_store dw_store;

/* Opens (creating if needed) the database at path and its schema. */
int dw_store_open(const char *path, dw_store **out, dw_error *err);
void dw_store_close(dw_store *s);

int dw_store_begin(dw_store *s, dw_error *err);
int dw_store_commit(dw_store *s, dw_error *err);
int dw_store_rollback(dw_store *s);

/* *found = 1 when a document with this content hash is stored. */
int dw_store_has_document(dw_store *s, const char *hash, int *found, dw_error *err);

/* Stores a document with its sentences and events (inside a transaction). */
int dw_store_add_document(dw_store *s, const dw_doc *doc, const dw_spans *sentences,
                          const dw_events *events, dw_error *err);

typedef struct dw_store_counts {
    long documents, sentences, events; /* events: clustered events */
    long mentions;                     /* coded records (reports of events) */
} dw_store_counts;

int dw_store_count(dw_store *s, dw_store_counts *out, dw_error *err);

typedef struct dw_event_query {
    const char *a, *b;      /* actor keys (country, role, group or code); NULL = any */
    const char *from, *to;  /* ISO date prefixes, inclusive; NULL = open */
    int all_modalities;     /* 0: asserted and claimed only */
} dw_event_query;

/* Calls fn with each matching event's JSON record, ordered by date: the
 * record of its representative report (the one with the most precise
 * date), with "mentions", "sources" and, when its reports disagree,
 * "disputed" (["date", "killed", "direction"]) added at the end. */
typedef int (*dw_record_fn)(const char *json, void *ud, dw_error *err);
int dw_store_query_events(dw_store *s, const dw_event_query *q, dw_record_fn fn,
                          void *ud, dw_error *err);

/* Raw handle for the analysis stage (sqlite3 *). */
void *dw_store_handle(dw_store *s);

#ifdef __cplusplus
}
#endif
#endif
