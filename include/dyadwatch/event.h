/*
 * event.h — the event record, the contract between stages.
 *
 * One coded event, as described in docs/event-schema.md.  Strings are
 * owned by the event (dw_event_free releases them).  Fields that a stage has
 * not computed are NULL / empty and are written as null or {}.
 */
#ifndef DYADWATCH_EVENT_H
#define DYADWATCH_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DW_MAX_ROLES 3

/* An actor code split into its parts: "AFGINSTAL" → AFG, [INS], TAL. */
typedef struct dw_actor {
    char code[32];
    char country[4];              /* "" when none */
    char roles[DW_MAX_ROLES][4];  /* "" terminated */
    char group[8];                /* "" when none */
    char *name;                   /* canonical name from the dictionary */
    char *text;                   /* the words matched in the sentence */
} dw_actor;

/* Parses a CAMEO-style code into country / roles / group. */
int dw_actor_parse_code(const char *code, dw_actor *out, dw_error *err);
/* True when `key` (a country, role, group or whole code) selects `a`. */
int dw_actor_matches(const dw_actor *a, const char *key);

typedef enum dw_modality {
    DW_ASSERTED = 0,
    DW_NEGATED,
    DW_HYPOTHETICAL,
    DW_CLAIMED
} dw_modality;

const char *dw_modality_name(dw_modality m);

typedef struct dw_quantity {
    char key[16];        /* killed, wounded, troops, money_usd, ... */
    double value, low, high;
    int has_low, has_high;
    char qualifier[16];  /* exact, at least, about, dozens, ... */
} dw_quantity;

#define DW_MAX_QUANTITIES 8

typedef struct dw_location {
    char *name;
    char country[4];
    char *adm1;
    double lat, lon;
    char precision[12];  /* country | adm1 | city | point */
} dw_location;

typedef struct dw_event {
    char id[33];             /* stable: hash of doc, sentence, ordinal, dyad, code */
    char *doc;
    int sentence;
    uint32_t span_start, span_end;
    char *text;

    char date[11], date_end[11];
    char date_precision[10]; /* day | week | month | year | range | document */

    dw_actor source, target;

    char cameo[5], root[3];
    int quad_class;
    double goldstein;
    char plover_type[24], plover_mode[24];
    char plover_context[64];  /* comma-separated contexts */
    char track[12];

    int has_location;
    dw_location location;
    dw_quantity quantities[DW_MAX_QUANTITIES];
    int n_quantities;

    int has_attribution;
    char attribution_by[32];
    char *attribution_text;
    char attribution_kind[16];

    dw_modality modality;
    double confidence;
} dw_event;

void dw_event_free(dw_event *e);

typedef struct dw_events {
    dw_event *v;
    size_t n, cap;
} dw_events;

void dw_events_clear(dw_events *es); /* frees each event, keeps the array */
void dw_events_free(dw_events *es);
dw_event *dw_events_push(dw_events *es); /* zeroed new slot or NULL */

/* Serializations.  JSON follows docs/event-schema.md, one object, no newline. */
int dw_event_to_json(const dw_event *e, dw_buf *out);
int dw_event_tsv_header(dw_buf *out);
int dw_event_to_tsv(const dw_event *e, dw_buf *out);
/* Parses a JSON record written by dw_event_to_json back into an event. */
int dw_event_from_json(const char *json, size_t n, dw_event *out, dw_error *err);

#ifdef __cplusplus
}
#endif
#endif
