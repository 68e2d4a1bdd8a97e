/*
 * chart.h — the review's tiny chart model and its drawing list.
 *
 * A chart is a category axis (one slot per period label), one or more
 * series of values drawn as bars (grouped or stacked) or lines, optional
 * vertical markers (change-points) and horizontal level segments (the
 * segment means of a segmentation).  dw_chart_layout turns a chart into a
 * drawing list of pixel-space primitives — rectangles, lines, polylines,
 * circles and text — which the back-ends render: SVG text (svg.c) and
 * cairo (pdf.c).  Every output of the review draws through this one
 * layout, so the HTML and the PDF show the same pictures; Markdown prints
 * the chart's data as a table (dw_chart_table).
 *
 * Invariants: a laid-out list never holds a non-finite coordinate; empty,
 * all-zero, single-point and negative series all lay out (an empty chart
 * is a frame with a "no data" caption).  Charts own their copies of the
 * labels and values.
 */
#ifndef DW_REPORT_CHART_H
#define DW_REPORT_CHART_H

#include <stddef.h>

#include "dyadwatch/core.h"
#include "dyadwatch/series.h"

#define DW_CHART_MAX_SERIES 8
#define DW_CHART_MAX_MARKERS 48
#define DW_CHART_MAX_LEVELS 64

typedef struct dw_chart_series {
    char name[64];
    unsigned color;          /* 0xRRGGBB */
    double *v;               /* n values; non-finite = no value */
    int line;                /* 1: a line with dots; 0: bars */
} dw_chart_series;

typedef struct dw_chart_marker {
    size_t at;               /* slot where the new level starts */
    char label[40];
    unsigned color;
} dw_chart_marker;

typedef struct dw_chart_level {
    size_t start, end;       /* slots [start, end) */
    double value;
} dw_chart_level;

typedef struct dw_chart {
    char title[120];
    char ylabel[64];
    char empty_text[96];     /* caption when there is nothing to draw */
    size_t n;                /* slots */
    char (*labels)[DW_LABEL_MAX];
    dw_chart_series s[DW_CHART_MAX_SERIES];
    size_t ns;
    int stacked;             /* bars stack: positives up, negatives down */
    dw_chart_marker mk[DW_CHART_MAX_MARKERS];
    size_t nmk;
    dw_chart_level lv[DW_CHART_MAX_LEVELS];
    size_t nlv;
    unsigned level_color;
    int fixed_y;             /* use ymin..ymax below instead of the data's range */
    double ymin, ymax;
    int legend;              /* draw the series names */
    double width, height;    /* pixels */
} dw_chart;

/* A chart of n slots with copies of the labels (labels may be NULL). */
int dw_chart_init(dw_chart *c, const char *title, size_t n, const char (*labels)[DW_LABEL_MAX],
                  double width, double height);
/* Adds a series with a copy of v[0..n) (NULL: all zero); undefined[i] != 0
 * leaves slot i without a value (NULL: all defined).  Returns the series or NULL. */
dw_chart_series *dw_chart_add(dw_chart *c, const char *name, unsigned color, const double *v,
                              const unsigned char *defined, int line);
int dw_chart_mark(dw_chart *c, size_t at, const char *label, unsigned color);
int dw_chart_level_add(dw_chart *c, size_t start, size_t end, double value);
void dw_chart_free(dw_chart *c);

/* The y range the chart would draw (after nice rounding), and its tick step. */
void dw_chart_y_range(const dw_chart *c, double *lo, double *hi, double *step);

/* ---- drawing list ------------------------------------------------------------ */

typedef enum dw_op_kind { DW_OP_RECT, DW_OP_LINE, DW_OP_POLY, DW_OP_CIRCLE, DW_OP_TEXT } dw_op_kind;

typedef enum dw_anchor { DW_ANCHOR_START, DW_ANCHOR_MIDDLE, DW_ANCHOR_END } dw_anchor;

typedef struct dw_op {
    dw_op_kind kind;
    double x, y, w, h;       /* RECT: corner and size; LINE: x,y to w,h; CIRCLE: centre, w = r */
    unsigned color;
    double stroke;           /* line width; RECT: 0 = filled */
    int dash;                /* dashed line */
    double *pts;             /* POLY: npts (x, y) pairs */
    size_t npts;
    char *text;              /* TEXT */
    double size;             /* font size in pixels */
    dw_anchor anchor;
    int bold;
    char *title;             /* hover text (SVG only), may be NULL */
} dw_op;

typedef struct dw_draw {
    dw_op *v;
    size_t n, cap;
    double width, height;
    char title[120];
} dw_draw;

void dw_draw_free(dw_draw *d);
int dw_chart_layout(const dw_chart *c, dw_draw *out, dw_error *err);

/* The chart's data as rows of text: header then one row per slot, each
 * cell NUL-terminated in the caller's callback order.  fn is called with
 * the label and the formatted values of each row (row = -1 for the header). */
typedef int (*dw_chart_row_fn)(void *ud, long row, const char *const *cells, size_t ncells);
int dw_chart_table(const dw_chart *c, dw_chart_row_fn fn, void *ud);

/* ---- back-ends -------------------------------------------------------------- */

/* Appends s with &, <, >, " and ' escaped (for HTML and SVG text and attributes). */
int dw_xml_escape(dw_buf *out, const char *s);
/* An inline <svg> element (no namespace URL: it lives inside HTML). */
int dw_svg_render(const dw_draw *d, dw_buf *out);

#endif
