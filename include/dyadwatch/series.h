/*
 * series.h — a dyad's events as a regular series of periods.
 *
 * A series counts clustered events (one real event, however many reports)
 * between actor keys A and B, per day, ISO week, ACLED week (Saturday to
 * Friday), month, quarter or year; in each direction and undirected;
 * overall, for one track, or for every track at once.  It is read from the
 * rollup tables the store keeps at ingest, so a series over decades of a
 * large store is one indexed scan.
 *
 * Placement: an event belongs to the period holding the first day of its
 * date.  An event dated more coarsely than the period (a year-only date in
 * a monthly series) is placed on its first day all the same and counted in
 * the cell's `imprecise`; opts.precise_only leaves such events out.
 *
 * Counting: asserted and claimed events only, unless all_modalities.
 * Periods with no events are present as zero rows: between the explicit
 * from and to when both are given, else between the first and last period
 * with events (an open end fits the data).
 *
 * Day numbers are days since 1970-01-01 (dw_date_days).
 */
#ifndef DYADWATCH_SERIES_H
#define DYADWATCH_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- periods -------------------------------------------------------------- */

typedef enum dw_unit {
    DW_UNIT_DAY = 0,
    DW_UNIT_WEEK,        /* ISO 8601: Monday to Sunday, labelled 2021-W35 */
    DW_UNIT_ACLED_WEEK,  /* Saturday to Friday, labelled by its Saturday */
    DW_UNIT_MONTH,
    DW_UNIT_QUARTER,     /* labelled 2021-Q3 */
    DW_UNIT_YEAR,
    DW_NUNITS
} dw_unit;

#define DW_LABEL_MAX 16

/* "day", "week", "acled-week", "month", "quarter", "year". */
int dw_unit_parse(const char *name, dw_unit *out);
const char *dw_unit_name(dw_unit u);

/* The period holding a day, and the period's first and last day. */
int64_t dw_period_of_day(dw_unit u, int32_t day);
int32_t dw_period_first_day(dw_unit u, int64_t period);
int32_t dw_period_last_day(dw_unit u, int64_t period);
void dw_period_label(dw_unit u, int64_t period, char out[DW_LABEL_MAX]);
/* "YYYY-MM-DD" of a day number. */
void dw_day_iso(int32_t day, char out[DW_LABEL_MAX]);

/* ---- tracks and directions -------------------------------------------------- */

typedef enum dw_track {
    DW_TRACK_ALL = -1,
    DW_TRACK_SECURITY = 0,
    DW_TRACK_DIPLOMACY,
    DW_TRACK_ECONOMY,
    DW_TRACK_WATER,
    DW_TRACK_NARCOTICS,
    DW_TRACK_MIGRATION,
    DW_TRACK_IDEOLOGY,
    DW_TRACK_OTHER,
    DW_NTRACKS
} dw_track;

/* A track name ("all" → DW_TRACK_ALL); 0 when unknown. */
int dw_track_parse(const char *name, int *out);
/* The track of an event's track field: unknown or empty → DW_TRACK_OTHER. */
int dw_track_of(const char *name);
const char *dw_track_name(int track); /* "all" for DW_TRACK_ALL */

typedef enum dw_dir { DW_DIR_AB = 0, DW_DIR_BA, DW_DIR_BOTH, DW_NDIRS } dw_dir;

int dw_dir_parse(const char *name, dw_dir *out); /* "ab", "ba", "both" */
const char *dw_dir_name(dw_dir d);

/* An actor key is a country (IRN), role (GOV), group (TAL) or whole code
 * (AFGINSTAL): 3 to 30 upper-case letters or digits.  DW_EINVAL otherwise. */
int dw_actor_key_check(const char *key, dw_error *err);

/* ---- the series ------------------------------------------------------------- */

typedef struct dw_series_cell {
    long events;           /* clustered events */
    long mentions;         /* reports of those events */
    long sources;          /* distinct sources among the reports */
    long quad[5];          /* quad[1..4] per quad class; quad[0] none */
    double goldstein_sum;
    double killed, killed_low, killed_high; /* fatalities: best, low, high */
    long killed_events;    /* events that report a death toll */
    long imprecise;        /* events dated more coarsely than the period */
} dw_series_cell;

double dw_cell_goldstein_mean(const dw_series_cell *c); /* NAN without events */
long dw_cell_net_cooperation(const dw_series_cell *c);  /* quad 1+2 − quad 3+4 */
double dw_cell_conflict_share(const dw_series_cell *c); /* (3+4)/(1..4); NAN if none */

typedef struct dw_series_row {
    char label[DW_LABEL_MAX];
    int64_t period;
    int32_t first_day, last_day;
    dw_series_cell dir[DW_NDIRS]; /* A→B, B→A, undirected */
} dw_series_row;

typedef struct dw_series_opts {
    const char *a, *b;     /* actor keys, both required */
    dw_unit unit;
    const char *from, *to; /* ISO date prefixes; NULL = open */
    int track;             /* DW_TRACK_ALL or one track */
    int all_modalities;    /* 0: asserted and claimed only */
    int by_track;          /* also fill per-track cells (dw_series_track_cell) */
    int precise_only;      /* leave out events dated more coarsely than the unit */
} dw_series_opts;

/* Bounds: at most DW_SERIES_MAX_PERIODS rows (else DW_ELIMIT). */
#define DW_SERIES_MAX_PERIODS 200000

typedef struct dw_series {
    char a[32], b[32];
    dw_unit unit;
    int track, all_modalities, precise_only;
    size_t a_actors, b_actors; /* actor codes in the store that A and B select */
    int32_t from_day, to_day;  /* the range asked for (INT32_MIN / INT32_MAX: open) */
    dw_series_row *rows;
    size_t n;
    dw_series_cell total[DW_NDIRS];
    dw_series_cell *tracks;    /* n * DW_NTRACKS * DW_NDIRS, when by_track */
    dw_series_cell track_total[DW_NTRACKS][DW_NDIRS];
} dw_series;

/* Builds the series; n = 0 when A or B selects no actor, the range is empty
 * (from after to) or the dyad has no events (and the range is open). */
int dw_series_build(dw_store *s, const dw_series_opts *o, dw_series *out, dw_error *err);
void dw_series_free(dw_series *s);
/* The cell of one track in row i (NULL unless built by_track). */
const dw_series_cell *dw_series_track_cell(const dw_series *s, size_t i, int track, dw_dir d);

/* ---- values for analysis -------------------------------------------------- */

typedef enum dw_metric {
    DW_METRIC_EVENTS = 0,
    DW_METRIC_CONFLICT,      /* quad 3 + 4 */
    DW_METRIC_COOPERATION,   /* quad 1 + 2 */
    DW_METRIC_FATALITIES,    /* best estimate */
    DW_METRIC_MENTIONS,
    DW_METRIC_GOLDSTEIN,     /* mean; undefined in empty periods */
    DW_METRIC_NET_COOPERATION,
    DW_NMETRICS
} dw_metric;

int dw_metric_parse(const char *name, dw_metric *out);
const char *dw_metric_name(dw_metric m);
/* 1 for counts (Poisson cost), 0 for Goldstein and net cooperation (normal). */
int dw_metric_is_count(dw_metric m);

/* One value per row into out[0..n); defined[i] = 0 where the value is
 * undefined (the Goldstein mean of a period without events).  track is
 * DW_TRACK_ALL for the rows' own cells, or a track of a by_track series. */
int dw_series_values(const dw_series *s, dw_metric m, dw_dir d, int track, double *out,
                     unsigned char *defined, dw_error *err);

#ifdef __cplusplus
}
#endif
#endif
