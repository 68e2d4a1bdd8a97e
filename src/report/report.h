/*
 * report.h — the statistical review of a dyad: what it holds and how it is
 * written.
 *
 *   review.c     gathers the figures once, through the public analysis API
 *                (series.h, analyze.h) plus a few parameterized queries of
 *                its own (precision mix, excluded modalities, sources)
 *   figures.c    builds the review's charts from those figures (chart.h)
 *   html.c       one self-contained HTML page (inline CSS and SVG)
 *   markdown.c   the same sections in Markdown, charts as tables
 *   pdf.c        the same through cairo
 *   report.c     the entry point: gather, pick the writer, write atomically;
 *                the text output the HTML and Markdown writers share
 *
 * An empty review (unknown actor, empty range, a dyad without events) is
 * still a whole review: every section is present and says why it is empty
 * (dw_review.empty_reason).  Text from the corpus is escaped by each writer.
 */
#ifndef DW_REPORT_REPORT_H
#define DW_REPORT_REPORT_H

#include <stdio.h>

#include "dyadwatch/analyze.h"
#include "dyadwatch/series.h"
#include "report/chart.h"

typedef enum dw_report_format { DW_REPORT_HTML = 0, DW_REPORT_MD, DW_REPORT_PDF } dw_report_format;

/* "html", "md" (or "markdown"), "pdf"; 0 when unknown. */
int dw_report_format_parse(const char *name, dw_report_format *out);
/* The format an output path's extension implies (.md, .pdf; else HTML). */
dw_report_format dw_report_format_of_path(const char *path);

typedef struct dw_review_opts {
    const char *a, *b;        /* actor keys */
    const char *from, *to;    /* ISO date prefixes; NULL = the data's span */
    int unit;                 /* month, quarter or year; < 0: by the span */
    size_t timeline;          /* events on the timeline; 0: 20 */
    const char *db_label;     /* the store as named in the methods section */
} dw_review_opts;

/* A source that first reports on the dyad in a period, with the others
 * that joined in that period. */
typedef struct dw_source_shift {
    size_t row;
    long fresh, total;        /* sources new in that period, sources in it */
    char names[240];          /* the first few new ones, ", "-separated */
} dw_source_shift;

typedef struct dw_review_count {
    char name[24];
    long n;
} dw_review_count;

#define DW_REVIEW_MAX_FINDINGS 12
#define DW_REVIEW_MAX_SHIFTS 12

typedef struct dw_review {
    char a[32], b[32];
    char from[DW_LABEL_MAX], to[DW_LABEL_MAX]; /* the range covered ("" when empty) */
    dw_unit unit;
    int empty;                /* no events: every section says so */
    char empty_reason[320];
    char db_label[256];

    dw_series series;         /* by_track, all directions */
    /* headline: the range, its last period against the one before, and the
     * previous range of equal length when --from was given */
    dw_series_cell total;     /* both directions */
    int has_prev_range;
    dw_series_cell prev_range;
    char prev_from[DW_LABEL_MAX], prev_to[DW_LABEL_MAX];

    /* Goldstein mean per row (NAN where empty), PELT on it and on events */
    double *goldstein;
    dw_change_list gold_changes, event_changes;
    /* BOCPD on the Goldstein means of the periods with events */
    int has_bocpd;
    double *p_new;            /* per row, NAN where the period is empty */
    size_t bocpd_recent;
    double bocpd_p_recent;    /* the current level began in the last `recent` points */
    size_t bocpd_run;         /* periods in the current run (most probable) */

    dw_divergence divergence;
    dw_alert_list alerts;     /* events */
    dw_alert_list conflict_alerts; /* conflict events (quad 3 + 4) */

    dw_event_list timeline;   /* by date */
    char (*timeline_sources)[256]; /* "Reuters (2), AFP" per timeline event */
    dw_event_list disputed;
    dw_version_list *versions; /* per disputed event */

    char findings[DW_REVIEW_MAX_FINDINGS][400];
    size_t nfindings;

    /* methods */
    dw_review_count precision[8];
    size_t nprecision;
    long negated, hypothetical;
    long nsources;
    dw_source_shift shifts[DW_REVIEW_MAX_SHIFTS];
    size_t nshifts;
    long *new_sources;        /* per row: sources first seen in it */
} dw_review;

/* Gathers the review.  An empty review is not an error (see empty_reason);
 * errors are a missing or unreadable store, a malformed key or date. */
int dw_review_gather(dw_store *s, const dw_review_opts *o, dw_review *out, dw_error *err);
void dw_review_free(dw_review *r);

/* Plain words for a quad class 1..4 and a dispute field. */
const char *dw_quad_label(int quad);
const char *dw_dispute_label(int field);

/* ---- words shared by the writers (words.c) ----------------------------------- */

/* A headline card: "Events", "103", "2025: 14, +56% vs 2024". */
typedef struct dw_headline {
    char label[40];
    char value[48];
    char sub[200];
    int tone;                 /* −1 worse (more conflict), 0 neutral, +1 better */
} dw_headline;

#define DW_REVIEW_HEADLINES 7
void dw_review_headlines(const dw_review *r, dw_headline out[DW_REVIEW_HEADLINES]);

/* The caveats of the methods section, as plain sentences; returns how many. */
#define DW_REVIEW_MAX_METHODS 12
size_t dw_review_methods(const dw_review *r, char out[][640], size_t max);

/* An event's caption: "IRN → AFGINSTAL · CAMEO 190 (FIGHT) · material conflict · security". */
void dw_review_event_caption(const dw_event_info *e, char *out, size_t cap);
/* "1998-08-08 (day)", "1998-08 (month)", "1998-08-09 (report date)". */
void dw_review_event_date(const dw_event_info *e, char *out, size_t cap);
/* The period range in words: "1996 to 2025, by year". */
void dw_review_range(const dw_review *r, char *out, size_t cap);

/* The alerts of both counts (events, conflict events), newest first, at most max. */
typedef struct dw_alert_ref {
    const dw_alert *a;
    const char *metric;       /* "events" or "conflict events" */
} dw_alert_ref;
size_t dw_review_alerts(const dw_review *r, dw_alert_ref *out, size_t max);
/* 1 when driver k of a list tells the same sentence as an earlier one. */
int dw_review_driver_repeats(const dw_event_list *l, size_t k);

/* ---- charts ------------------------------------------------------------------- */

typedef enum dw_figure {
    DW_FIG_QUADS = 0,         /* quad classes stacked per period */
    DW_FIG_GOLDSTEIN,         /* Goldstein mean with PELT's change-points */
    DW_FIG_BOCPD,             /* BOCPD's probability of a new run */
    DW_FIG_DUAL,              /* cooperation up, conflict down, per period */
    DW_FIG_SOURCES,           /* sources per period, new ones apart */
    DW_NFIGS
} dw_figure;

/* One figure of the review at a width in pixels. */
int dw_review_figure(const dw_review *r, dw_figure f, double width, dw_chart *out);
/* Small multiples: one chart per track with events (cooperation and
 * conflict stacked, one y scale for all); *n charts, at most DW_NTRACKS. */
int dw_review_track_charts(const dw_review *r, double width, dw_chart out[DW_NTRACKS],
                           size_t *n);

/* ---- writers --------------------------------------------------------------------- */

/* Text appended to a buffer until the first failure, which rc keeps: the
 * HTML and Markdown writers put everything and check rc once, at the end
 * (report.c). */
typedef struct dw_writer {
    dw_buf *b;
    int rc;
} dw_writer;

void dw_put(dw_writer *o, const char *s);
/* Formatted text, at most 2047 bytes at a time. */
void dw_putf(dw_writer *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int dw_review_html(const dw_review *r, dw_buf *out, dw_error *err);
int dw_review_markdown(const dw_review *r, dw_buf *out, dw_error *err);
/* Writes a PDF to path through cairo. */
int dw_review_pdf(const dw_review *r, const char *path, dw_error *err);

/* Gathers and writes the review to path ("-" = stdout, not for PDF)
 * through a temporary file renamed into place, so a failure leaves no
 * partial file.  Prints nothing; *empty_reason gets the reason when the
 * review is empty (may be NULL). */
int dw_report_write(dw_store *s, const dw_review_opts *o, dw_report_format fmt,
                    const char *path, char *empty_reason, size_t reason_cap, dw_error *err);

#endif
