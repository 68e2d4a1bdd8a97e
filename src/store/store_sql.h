/*
 * store_sql.h — SQL fragments and table facts shared by the store and the
 * analysis stage (schema in store_sqlite.c).
 *
 * What analysis relies on:
 *   actors(actor_id, actor_code, actor_country, actor_roles, actor_group)
 *       one row per actor code seen; actor keys select rows with
 *       DW_SQL_ACTOR_MATCH("actor", P).
 *   events.src_actor / tgt_actor, day_first (placement), track_id (dw_track),
 *       modality (text), mentions, sources, disputed (DW_DISPUTE_* bits).
 *   rollup_day(src, tgt, day, track, quad, modality, prec → events, mentions,
 *       goldstein, killed, killed_low, killed_high, killed_events)
 *   rollup_source(src, tgt, day, track, modality, prec, source_id → mentions)
 *       src/tgt are actor ids, day the event's first day, track a dw_track,
 *       quad 0..4, modality a dw_modality value, prec the date precision
 *       class of dw_cl_prec_class.  Each clustered event with a date adds
 *       exactly one to `events` of one rollup_day row and each of its
 *       mentions one to one rollup_source row; rows never hold zero.
 */
#ifndef DW_STORE_SQL_H
#define DW_STORE_SQL_H

#include <stdint.h>

#include "dyadwatch/core.h"

/* An actor key P (a bound parameter) selects side S ("src" or "tgt") when it
 * equals the code, country or group, or is one of the comma-separated roles
 * (a key with a comma is never a role) — the rule of dw_actor_matches. */
#define DW_SQL_ACTOR_MATCH(S, P)                                                 \
    "(" S "_code = " P " OR " S "_country = " P " OR " S "_group = " P          \
    " OR (instr(" P ", ',') = 0 AND instr(',' || " S "_roles || ',', ',' || " P \
    " || ',') > 0))"

/* Precision classes (dw_cl_prec_class) matching each dw_unit: an event of a
 * larger class is coarser than the period. */
#define DW_PREC_OF_UNIT {0, 1, 1, 2, 3, 4}

/* The days (dw_date_days numbers, as day_first and day_last are stored)
 * that the ISO date prefixes from and to select: from its first day to the
 * last day of to; a NULL or empty end is open (INT32_MIN, INT32_MAX).
 * DW_EINVAL naming the bad date (store_sqlite.c). */
int dw_store_day_range(const char *from, const char *to, int32_t *first, int32_t *last,
                       dw_error *err);

#endif
