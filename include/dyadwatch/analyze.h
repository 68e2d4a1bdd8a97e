/*
 * analyze.h — analysis over the store: dyad summaries, events with their
 * reports and disputes, change-points, alerts and dual-track divergence.
 *
 * Everything counts clustered events (one real event, however many
 * reports; see store.h) and carries the reports (mentions) and distinct
 * sources alongside.  The series are in series.h.
 *
 *   dyad summary     dw_dyad_summarize (years or months, both directions)
 *   events           dw_events_select, dw_event_mentions, dw_event_versions
 *   change-points    dw_pelt, dw_bocpd on any series of numbers;
 *                    dw_series_changes on a dyad series, with the events
 *                    that drive each change
 *   alerts           dw_change_band, dw_series_alerts (ACLED-style bands,
 *                    surges, recent regime changes)
 *   divergence       dw_series_divergence (cooperation on economy and
 *                    diplomacy while in conflict on the other tracks)
 *
 * Lists returned to the caller are freed with their *_free function, which
 * also accepts a zeroed or already freed list.
 */
#ifndef DYADWATCH_ANALYZE_H
#define DYADWATCH_ANALYZE_H

#include "core.h"
#include "event.h"
#include "series.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- dyad summary ------------------------------------------------------------ */

typedef enum dw_period { DW_BY_YEAR = 0, DW_BY_MONTH } dw_period;

/* One period of a dyad: A→B, B→A, and both together (dir = 0, 1, 2). */
typedef struct dw_dyad_cell {
    long events;
    long quad[5];          /* quad[1..4]: counts per quad class */
    double goldstein_sum;
} dw_dyad_cell;

typedef struct dw_dyad_row {
    char period[8];        /* "1998" or "1998-08" */
    dw_dyad_cell dir[3];
} dw_dyad_row;

typedef struct dw_dyad_summary {
    dw_dyad_row *rows;
    size_t n, cap;
    dw_dyad_cell total[3];
} dw_dyad_summary;

void dw_dyad_summary_free(dw_dyad_summary *s);

/* Counts asserted and claimed events between A and B in both directions;
 * periods without events between the first and last are present as zeros. */
int dw_dyad_summarize(dw_store *s, const char *a, const char *b, dw_period by,
                      const char *from, const char *to, dw_dyad_summary *out,
                      dw_error *err);

/* ---- events, their reports and disputes ------------------------------------ */

/* Which facts the reports of an event disagree on (bits of disputed). */
enum {
    DW_DISPUTE_DATE = 1,      /* dates with no day in common */
    DW_DISPUTE_KILLED = 2,    /* different death tolls */
    DW_DISPUTE_DIRECTION = 4  /* who struck whom (symmetric conflict events) */
};

typedef struct dw_event_info {
    int64_t id;               /* the event's id in this store */
    char rep[33];             /* id of its representative report (the record) */
    char date[11], date_end[11], precision[10];
    int32_t first_day, last_day;
    char src[32], tgt[32];    /* actor codes, as the representative has them */
    char cameo[5], plover[24];
    int quad;
    double goldstein;
    int track;                /* dw_track */
    dw_modality modality;
    long mentions, sources;
    int has_killed;
    double killed, killed_low, killed_high;
    unsigned disputed;        /* DW_DISPUTE_* bits */
    char *text;               /* the representative report's sentence */
} dw_event_info;

typedef struct dw_event_list {
    dw_event_info *v;
    size_t n, cap;
} dw_event_list;

void dw_event_list_free(dw_event_list *l);

typedef enum dw_event_order {
    DW_ORDER_IMPORTANCE = 0,  /* most reports, most sources, largest |Goldstein| first */
    DW_ORDER_DATE             /* oldest first */
} dw_event_order;

typedef struct dw_event_filter {
    const char *a, *b;        /* actor keys; NULL = any */
    const char *from, *to;    /* events whose first day is in the range; NULL = open */
    int track;                /* DW_TRACK_ALL or one track */
    dw_dir dir;               /* DW_DIR_BOTH: either direction */
    int all_modalities;
    int disputed_only;
} dw_event_filter;

/* Appends up to limit (1..10000) events to out. */
int dw_events_select(dw_store *s, const dw_event_filter *f, dw_event_order order, size_t limit,
                     dw_event_list *out, dw_error *err);

typedef struct dw_mention_info {
    char id[33];              /* the coded record's id */
    char *doc, *source, *title, *url; /* source is "" when the document names none */
    char doc_date[11];
    int sentence;
    uint32_t span_start, span_end;
    char *text;               /* the sentence */
    char date[11], date_end[11], precision[10];
    char src[32], tgt[32], cameo[5];
    dw_modality modality;
    int has_killed;
    double killed, killed_low, killed_high;
} dw_mention_info;

typedef struct dw_mention_list {
    dw_mention_info *v;
    size_t n, cap;
} dw_mention_list;

void dw_mention_list_free(dw_mention_list *l);
/* The reports of an event, in the order they were stored. */
int dw_event_mentions(dw_store *s, int64_t event, dw_mention_list *out, dw_error *err);

/* One version of a disputed fact with the reports and sources behind it. */
typedef struct dw_version {
    int field;                /* DW_DISPUTE_DATE, _KILLED or _DIRECTION */
    char value[64];           /* "1998-08-08", "9 (7–12)", "AFGTAL→IRN" (country and group) */
    long mentions;
    char sources[256];        /* distinct sources, ", "-separated ("…" when cut) */
} dw_version;

typedef struct dw_version_list {
    dw_version *v;
    size_t n, cap;
} dw_version_list;

void dw_version_list_free(dw_version_list *l);
/* The versions of each disputed fact of an event (none if undisputed). */
int dw_event_versions(dw_store *s, int64_t event, dw_version_list *out, dw_error *err);

/* ---- change-points ----------------------------------------------------------- */

typedef enum dw_cost {
    DW_COST_POISSON = 0,      /* counts: a change in the rate */
    DW_COST_NORMAL            /* a change in mean and variance */
} dw_cost;

typedef struct dw_segment {
    size_t start, end;        /* [start, end) */
    double mean, sd;
} dw_segment;

typedef struct dw_changes {
    size_t *at;               /* change-points: first index of each new segment */
    size_t n;
    dw_segment *seg;          /* n + 1 segments covering the series */
    double *prob;             /* BOCPD: posterior probability of each change (±1) */
    double penalty;           /* PELT: the penalty used */
    /* BOCPD only, one per point (NULL for PELT): */
    double *p_new;            /* probability that a new run starts at t */
    size_t *run;              /* most probable run length after t */
    double p_recent;          /* probability the current run began in the last `recent` points */
    size_t len;
} dw_changes;

void dw_changes_free(dw_changes *c);

typedef struct dw_pelt_opts {
    dw_cost cost;
    double penalty;           /* <= 0: MBIC, (k + 2) log n with k changing parameters */
    size_t min_seg;           /* 0: 2 */
} dw_pelt_opts;

/* PELT (Killick, Fearnhead & Eckley 2012): the exact optimal segmentation
 * under a penalized likelihood cost.  Poisson values must be >= 0; at most
 * DW_CP_MAX_POINTS points. */
int dw_pelt(const double *y, size_t n, const dw_pelt_opts *o, dw_changes *out, dw_error *err);

typedef struct dw_bocpd_opts {
    dw_cost cost;             /* Poisson–gamma or normal–inverse-gamma model */
    double hazard;            /* constant hazard, 1 / expected run length; <= 0: 1/100 */
    size_t recent;            /* window of p_recent; 0: 3, at most 12 */
    size_t max_runs;          /* run lengths tracked; 0: 2000 (the least likely dropped) */
    double min_prob;          /* changes below this probability are dropped; 0: 0.5, < 0: none */
} dw_bocpd_opts;

/* Bayesian online change-point detection (Adams & MacKay 2007).  The
 * change-points are read back from the end through the most probable run
 * lengths, each with the largest posterior probability, over the next ten
 * points, of a segment starting within two points of it; priors are set from the series
 * (mean, and a variance robust to level shifts). */
int dw_bocpd(const double *y, size_t n, const dw_bocpd_opts *o, dw_changes *out, dw_error *err);

#define DW_CP_MAX_POINTS 10000000

typedef enum dw_cp_method { DW_CP_PELT = 0, DW_CP_BOCPD } dw_cp_method;

typedef struct dw_change_opts {
    dw_cp_method method;
    dw_metric metric;         /* counts use the Poisson cost, others the normal one */
    dw_dir dir;
    int track;                /* DW_TRACK_ALL: the series' cells; else a by_track cell */
    double penalty;           /* PELT; <= 0: MBIC */
    double hazard;            /* BOCPD; <= 0: 1/100 */
    size_t drivers;           /* events listed per change (0: none) */
} dw_change_opts;

typedef struct dw_change {
    size_t row;               /* series row of the first period at the new level */
    char label[DW_LABEL_MAX];
    int32_t first_day, last_day;
    double before, after;     /* mean level of the segment before and after */
    double prob;              /* BOCPD posterior; NAN for PELT */
    dw_event_list drivers;    /* the period's most reported events */
} dw_change;

typedef struct dw_change_list {
    dw_change *v;
    size_t n, cap;
    dw_cost cost;
    double penalty;           /* PELT */
    size_t points;            /* values analysed (Goldstein skips empty periods) */
} dw_change_list;

void dw_change_list_free(dw_change_list *l);
/* Change-points of a series built by dw_series_build (the store supplies
 * the drivers).  Fewer than 4 values: no change-points. */
int dw_series_changes(dw_store *s, const dw_series *series, const dw_change_opts *o,
                      dw_change_list *out, dw_error *err);

/* ---- alerts ------------------------------------------------------------------ */

typedef enum dw_band {
    DW_BAND_NONE = 0,         /* no baseline yet */
    DW_BAND_LIMITED,          /* −25% to +10%, or a baseline of 2 or fewer */
    DW_BAND_MODERATE_INCREASE,/* +10% to +25% */
    DW_BAND_LARGE_INCREASE,   /* above +25% */
    DW_BAND_LARGE_DECREASE    /* below −25% */
} dw_band;

const char *dw_band_name(dw_band b);
/* ACLED's change bands for a value against its baseline; *pct is the
 * change in percent (NAN when the baseline is 0). */
dw_band dw_change_band(double baseline, double value, double *pct);

typedef enum dw_alert_kind {
    DW_ALERT_LARGE_INCREASE = 0,
    DW_ALERT_MODERATE_INCREASE,
    DW_ALERT_LARGE_DECREASE,
    DW_ALERT_SURGE,           /* at least surge_factor × the previous periods' mean */
    DW_ALERT_REGIME           /* BOCPD: the current level began recently */
} dw_alert_kind;

const char *dw_alert_kind_name(dw_alert_kind k);

typedef struct dw_alert {
    dw_alert_kind kind;
    size_t row;
    char label[DW_LABEL_MAX];
    int32_t first_day, last_day;
    double before, after;     /* baseline (or previous level) and the period's value */
    double pct;               /* change in percent; NAN when undefined */
    dw_band band;
    double prob;              /* REGIME: posterior probability; else NAN */
    char text[320];           /* one plain sentence */
    dw_event_list drivers;
} dw_alert;

typedef struct dw_alert_opts {
    dw_metric metric;         /* a count metric; 0 = events */
    dw_dir dir;
    int track;
    size_t baseline;          /* periods in the baseline; 0: 4 */
    double surge_factor;      /* <= 0: 2 */
    double surge_min;         /* smallest value that can be a surge; <= 0: 3 */
    size_t recent;            /* REGIME window (periods); 0: 3 */
    double regime_prob;       /* REGIME threshold; <= 0: 0.5 */
    int latest_only;          /* only alerts about the last period */
    size_t drivers;           /* events listed per alert */
} dw_alert_opts;

typedef struct dw_alert_list {
    dw_alert *v;
    size_t n, cap;
    /* The last period against its baseline. */
    size_t latest_row;
    double latest_value, latest_baseline, latest_pct;
    dw_band latest_band;
} dw_alert_list;

void dw_alert_list_free(dw_alert_list *l);
int dw_series_alerts(dw_store *s, const dw_series *series, const dw_alert_opts *o,
                     dw_alert_list *out, dw_error *err);

/* ---- dual-track divergence ---------------------------------------------------- */

typedef struct dw_divergence_row {
    size_t row;
    char label[DW_LABEL_MAX];
    long coop[DW_NTRACKS];          /* quad 1+2 events per track */
    long conflict[DW_NTRACKS];      /* quad 3+4 events per track */
    long material_conflict[DW_NTRACKS]; /* quad 4 */
    long coop_side;                 /* cooperation on economy + diplomacy */
    long conflict_side;             /* conflict on security, water, narcotics, migration, ideology */
    long gap;                       /* coop_side − conflict_side */
    int divergent;                  /* cooperating on one side while in conflict on the other */
    char statement[400];            /* plain English when divergent, else "" */
} dw_divergence_row;

typedef struct dw_divergence {
    dw_divergence_row *rows;        /* one per series row */
    size_t n;
    size_t divergent;               /* rows that are divergent */
    char summary[600];
} dw_divergence;

void dw_divergence_free(dw_divergence *d);
/* Needs a series built with by_track and track DW_TRACK_ALL. */
int dw_series_divergence(const dw_series *s, dw_dir dir, dw_divergence *out, dw_error *err);

#ifdef __cplusplus
}
#endif
#endif
