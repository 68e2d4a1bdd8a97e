/*
 * chart.c — the review's chart model and its layout into a drawing list
 * (see chart.h).  One layout serves every back-end, so scaling rules live
 * here only: the y range covers every finite value (stacked sums when
 * stacked) and zero whenever bars are drawn, is widened when flat (an
 * all-zero series gets 0..1) and is rounded out to "nice" ticks of 1, 2 or
 * 5 times a power of ten (whole numbers for counts).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/chart.h"

/* ---- the model ---------------------------------------------------------------- */

int dw_chart_init(dw_chart *c, const char *title, size_t n, const char (*labels)[DW_LABEL_MAX],
                  double width, double height) {
    memset(c, 0, sizeof *c);
    snprintf(c->title, sizeof c->title, "%s", title ? title : "");
    snprintf(c->empty_text, sizeof c->empty_text, "no events in this range");
    c->width = width > 120 ? width : 120;
    c->height = height > 80 ? height : 80;
    c->level_color = 0x222222;
    c->legend = 1;
    c->n = n;
    if (n) {
        c->labels = calloc(n, sizeof *c->labels);
        if (!c->labels) return DW_ENOMEM;
        for (size_t i = 0; labels && i < n; i++)
            snprintf(c->labels[i], DW_LABEL_MAX, "%s", labels[i]);
    }
    return DW_OK;
}

dw_chart_series *dw_chart_add(dw_chart *c, const char *name, unsigned color, const double *v,
                              const unsigned char *defined, int line) {
    if (c->ns >= DW_CHART_MAX_SERIES) return NULL;
    dw_chart_series *s = &c->s[c->ns];
    memset(s, 0, sizeof *s);
    s->v = calloc(c->n ? c->n : 1, sizeof *s->v);
    if (!s->v) return NULL;
    for (size_t i = 0; i < c->n; i++)
        s->v[i] = defined && !defined[i] ? NAN : v ? v[i] : 0.0;
    snprintf(s->name, sizeof s->name, "%s", name ? name : "");
    s->color = color;
    s->line = line;
    c->ns++;
    return s;
}

int dw_chart_mark(dw_chart *c, size_t at, const char *label, unsigned color) {
    if (c->nmk >= DW_CHART_MAX_MARKERS || at >= c->n) return DW_ELIMIT;
    dw_chart_marker *m = &c->mk[c->nmk++];
    m->at = at;
    snprintf(m->label, sizeof m->label, "%s", label ? label : "");
    m->color = color;
    return DW_OK;
}

int dw_chart_level_add(dw_chart *c, size_t start, size_t end, double value) {
    if (c->nlv >= DW_CHART_MAX_LEVELS || start >= end || end > c->n || !isfinite(value))
        return DW_ELIMIT;
    c->lv[c->nlv++] = (dw_chart_level){start, end, value};
    return DW_OK;
}

void dw_chart_free(dw_chart *c) {
    if (!c) return;
    for (size_t i = 0; i < c->ns; i++) free(c->s[i].v);
    free(c->labels);
    memset(c, 0, sizeof *c);
}

/* ---- scaling ------------------------------------------------------------------- */

static int has_bars(const dw_chart *c) {
    for (size_t k = 0; k < c->ns; k++)
        if (!c->s[k].line) return 1;
    return 0;
}

/* The data's extent; *any = 0 when nothing finite is drawn, *whole = 1 when
 * every value is a whole number (counts get whole ticks). */
static void extent(const dw_chart *c, double *lo, double *hi, int *any, int *whole) {
    *lo = INFINITY;
    *hi = -INFINITY;
    *any = 0;
    *whole = 1;
    for (size_t i = 0; i < c->n; i++) {
        double pos = 0, neg = 0;
        int stacked_any = 0;
        for (size_t k = 0; k < c->ns; k++) {
            double v = c->s[k].v[i];
            if (!isfinite(v)) continue;
            *any = 1;
            if (v != floor(v)) *whole = 0;
            if (c->stacked && !c->s[k].line) {
                if (v >= 0) pos += v;
                else neg += v;
                stacked_any = 1;
                continue;
            }
            if (v < *lo) *lo = v;
            if (v > *hi) *hi = v;
        }
        if (stacked_any) {
            if (neg < *lo) *lo = neg;
            if (pos > *hi) *hi = pos;
        }
    }
    for (size_t j = 0; j < c->nlv; j++) {
        double v = c->lv[j].value;
        if (v < *lo) *lo = v;
        if (v > *hi) *hi = v;
        if (v != floor(v)) *whole = 0;
        *any = 1;
    }
}

static double nice_step(double raw, int whole) {
    if (!(raw > 0) || !isfinite(raw)) return 1;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    if (whole && step < 1) step = 1;
    return step;
}

void dw_chart_y_range(const dw_chart *c, double *lo_out, double *hi_out, double *step_out) {
    double lo, hi;
    int any, whole;
    extent(c, &lo, &hi, &any, &whole);
    if (!any) lo = hi = 0;
    if (has_bars(c) || !any) {
        if (lo > 0) lo = 0;
        if (hi < 0) hi = 0;
    }
    if (c->fixed_y && isfinite(c->ymin) && isfinite(c->ymax) && c->ymax > c->ymin) {
        /* a shared scale (small multiples): widen to it, never clip the data */
        if (!any || c->ymin < lo) lo = c->ymin;
        if (!any || c->ymax > hi) hi = c->ymax;
    }
    if (hi - lo < 1e-12) {
        /* flat: all zero gets 0..1; a flat non-zero line gets room around it */
        if (hi == 0) hi = 1;
        else {
            double pad = fabs(hi) * 0.5;
            lo -= pad;
            hi += pad;
            if (lo > 0 && has_bars(c)) lo = 0;
        }
    }
    double step = nice_step((hi - lo) / 4, whole);
    lo = floor(lo / step + 1e-9) * step;
    hi = ceil(hi / step - 1e-9) * step;
    if (hi <= lo) hi = lo + step;
    *lo_out = lo;
    *hi_out = hi;
    *step_out = step;
}

/* ---- the drawing list ------------------------------------------------------------ */

void dw_draw_free(dw_draw *d) {
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].pts);
        free(d->v[i].text);
        free(d->v[i].title);
    }
    free(d->v);
    memset(d, 0, sizeof *d);
}

static dw_op *push(dw_draw *d, dw_op_kind kind, unsigned color) {
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        dw_op *v = realloc(d->v, cap * sizeof *v);
        if (!v) return NULL;
        d->v = v;
        d->cap = cap;
    }
    dw_op *o = &d->v[d->n++];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->color = color;
    return o;
}

static int rect(dw_draw *d, double x, double y, double w, double h, unsigned color,
                const char *title) {
    dw_op *o = push(d, DW_OP_RECT, color);
    if (!o) return DW_ENOMEM;
    o->x = x;
    o->y = y;
    o->w = w;
    o->h = h;
    if (title && !(o->title = dw_strdup(title))) return DW_ENOMEM;
    return DW_OK;
}

static int line(dw_draw *d, double x1, double y1, double x2, double y2, unsigned color,
                double stroke, int dash) {
    dw_op *o = push(d, DW_OP_LINE, color);
    if (!o) return DW_ENOMEM;
    o->x = x1;
    o->y = y1;
    o->w = x2;
    o->h = y2;
    o->stroke = stroke;
    o->dash = dash;
    return DW_OK;
}

static int text(dw_draw *d, double x, double y, const char *s, double size, dw_anchor a,
                unsigned color, int bold) {
    dw_op *o = push(d, DW_OP_TEXT, color);
    if (!o) return DW_ENOMEM;
    o->x = x;
    o->y = y;
    o->size = size;
    o->anchor = a;
    o->bold = bold;
    o->text = dw_strdup(s);
    return o->text ? DW_OK : DW_ENOMEM;
}

static int circle(dw_draw *d, double x, double y, double r, unsigned color, const char *title) {
    dw_op *o = push(d, DW_OP_CIRCLE, color);
    if (!o) return DW_ENOMEM;
    o->x = x;
    o->y = y;
    o->w = r;
    if (title && !(o->title = dw_strdup(title))) return DW_ENOMEM;
    return DW_OK;
}

static int poly(dw_draw *d, const double *pts, size_t npts, unsigned color, double stroke) {
    dw_op *o = push(d, DW_OP_POLY, color);
    if (!o) return DW_ENOMEM;
    o->pts = malloc(npts * 2 * sizeof *o->pts);
    if (!o->pts) return DW_ENOMEM;
    memcpy(o->pts, pts, npts * 2 * sizeof *pts);
    o->npts = npts;
    o->stroke = stroke;
    return DW_OK;
}

/* A value as a short label: decimals by the tick step, or (step <= 0)
 * whole numbers bare and others to two decimals. */
static void fmt_value(char *out, size_t cap, double v, double step) {
    int dec = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
    if (step <= 0) dec = fabs(v - round(v)) < 1e-9 ? 0 : 2;
    if (!isfinite(v)) snprintf(out, cap, "–");
    else snprintf(out, cap, "%.*f", dec, v);
    if (strcmp(out, "-0") == 0 || strcmp(out, "-0.0") == 0 || strcmp(out, "-0.00") == 0)
        snprintf(out, cap, "0");
}

#define TIP_MAX 160

/* The hover text of series s at slot i: "2021: conflict 3". */
static void hover_text(const dw_chart *c, size_t i, const dw_chart_series *s, char tip[TIP_MAX]) {
    char val[32];
    fmt_value(val, sizeof val, s->v[i], 0);
    snprintf(tip, TIP_MAX, "%s: %s %s", c->labels[i], s->name, val);
}

/* Rough width of a label at a font size (the layout cannot measure text). */
static double text_w(const char *s, double size) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) n++; /* count UTF-8 characters, not bytes */
    return (double)n * size * 0.58;
}

#define FRAME 0xBBBBBB
#define GRID 0xE6E6E6
#define INK 0x333333
#define MUTED 0x777777

int dw_chart_layout(const dw_chart *c, dw_draw *d, dw_error *err) {
    memset(d, 0, sizeof *d);
    d->width = c->width;
    d->height = c->height;
    snprintf(d->title, sizeof d->title, "%s", c->title);
    int rc = DW_OK;
    double top = c->title[0] ? 24 : 8;
    if (c->title[0]) rc = text(d, 2, 14, c->title, 13, DW_ANCHOR_START, INK, 1);

    /* legend on one line under the title */
    if (!rc && c->legend && c->ns > 1) {
        double x = 4;
        for (size_t k = 0; !rc && k < c->ns; k++) {
            const dw_chart_series *s = &c->s[k];
            if (s->line) rc = line(d, x, top + 5, x + 12, top + 5, s->color, 2, 0);
            else rc = rect(d, x, top, 10, 10, s->color, NULL);
            if (!rc) rc = text(d, x + 15, top + 9, s->name, 11, DW_ANCHOR_START, INK, 0);
            x += 15 + text_w(s->name, 11) + 14;
        }
        top += 18;
    }
    if (c->ylabel[0] && !rc) {
        rc = text(d, 4, top + 8, c->ylabel, 10, DW_ANCHOR_START, MUTED, 0);
        top += 12;
    }
    double lo, hi, step;
    dw_chart_y_range(c, &lo, &hi, &step);
    char buf[48];
    double left = 10;
    for (double t = lo; t <= hi + step * 1e-6; t += step) {
        fmt_value(buf, sizeof buf, t, step);
        double w = text_w(buf, 10) + 8;
        if (w > left) left = w;
    }
    double px0 = left + 4, px1 = c->width - 10, py0 = top + 4, py1 = c->height - 22;
    if (py1 - py0 < 20) py1 = py0 + 20;
    double pw = px1 - px0, ph = py1 - py0;
#define Y(v) (py1 - ((v) - lo) / (hi - lo) * ph)

    /* grid and y ticks */
    for (double t = lo; !rc && t <= hi + step * 1e-6; t += step) {
        double y = Y(t);
        rc = line(d, px0, y, px1, y, fabs(t) < step * 1e-6 ? FRAME : GRID, 1, 0);
        fmt_value(buf, sizeof buf, t, step);
        if (!rc) rc = text(d, px0 - 5, y + 3.5, buf, 10, DW_ANCHOR_END, MUTED, 0);
    }
    if (!rc) rc = line(d, px0, py1, px1, py1, FRAME, 1, 0);
    if (rc) return dw_fail(err, DW_ENOMEM, "out of memory laying out a chart");

    int any = 0;
    for (size_t k = 0; k < c->ns; k++)
        for (size_t i = 0; i < c->n; i++)
            if (isfinite(c->s[k].v[i])) any = 1;
    if (!c->n || !any) {
        rc = text(d, px0 + pw / 2, py0 + ph / 2, c->empty_text, 12, DW_ANCHOR_MIDDLE, MUTED, 0);
        return rc ? dw_fail(err, DW_ENOMEM, "out of memory laying out a chart") : DW_OK;
    }

    double bw = pw / (double)c->n;
    double base = Y(lo > 0 ? lo : hi < 0 ? hi : 0);
    size_t nbars = 0;
    for (size_t k = 0; k < c->ns; k++) nbars += !c->s[k].line;
    double gap = bw > 6 ? bw * 0.2 : 0;
    double barw = c->stacked || nbars < 2 ? bw - gap : (bw - gap) / (double)nbars;
    if (barw < 0.5) barw = 0.5;

    /* bars: stacked sums grow from zero both ways; grouped bars sit side by side */
    for (size_t i = 0; !rc && i < c->n; i++) {
        double pos = 0, neg = 0, x0 = px0 + bw * (double)i + gap / 2;
        size_t g = 0;
        for (size_t k = 0; !rc && k < c->ns; k++) {
            const dw_chart_series *s = &c->s[k];
            if (s->line) continue;
            double v = s->v[i];
            size_t slot = g++;
            if (!isfinite(v) || v == 0) continue;
            double a, b, x = c->stacked ? x0 : x0 + barw * (double)slot;
            if (c->stacked) {
                a = v > 0 ? pos : neg;
                b = a + v;
                if (v > 0) pos = b;
                else neg = b;
            } else {
                a = 0;
                b = v;
            }
            double ya = Y(a), yb = Y(b);
            if (!c->stacked) ya = base;
            double y = ya < yb ? ya : yb, h = fabs(ya - yb);
            if (h < 1) h = 1; /* a small value stays visible */
            char tip[TIP_MAX];
            hover_text(c, i, s, tip);
            rc = rect(d, x, y, barw, h, s->color, tip);
        }
    }
    /* lines break at missing values; a lone point is a dot */
    for (size_t k = 0; !rc && k < c->ns; k++) {
        const dw_chart_series *s = &c->s[k];
        if (!s->line) continue;
        double *pts = malloc(c->n * 2 * sizeof *pts);
        if (!pts) {
            rc = DW_ENOMEM;
            break;
        }
        size_t np = 0;
        for (size_t i = 0; !rc && i <= c->n; i++) {
            double v = i < c->n ? s->v[i] : NAN;
            if (isfinite(v)) {
                pts[np * 2] = px0 + bw * ((double)i + 0.5);
                pts[np * 2 + 1] = Y(v);
                np++;
                continue;
            }
            if (np > 1) rc = poly(d, pts, np, s->color, 2);
            np = 0;
        }
        for (size_t i = 0; !rc && i < c->n; i++) {
            if (!isfinite(s->v[i])) continue;
            char tip[TIP_MAX];
            hover_text(c, i, s, tip);
            rc = circle(d, px0 + bw * ((double)i + 0.5), Y(s->v[i]), c->n > 60 ? 1.5 : 2.8,
                        s->color, tip);
        }
        free(pts);
    }
    /* segment levels (e.g. PELT's segment means) */
    for (size_t j = 0; !rc && j < c->nlv; j++) {
        const dw_chart_level *l = &c->lv[j];
        double y = Y(l->value);
        rc = line(d, px0 + bw * (double)l->start, y, px0 + bw * (double)l->end, y,
                  c->level_color, 1.5, 1);
    }
    /* change markers with labels staggered so neighbours do not overlap */
    double last_end = -1e9;
    int row = 0;
    for (size_t j = 0; !rc && j < c->nmk; j++) {
        const dw_chart_marker *m = &c->mk[j];
        double x = px0 + bw * (double)m->at;
        rc = line(d, x, py0, x, py1, m->color, 1.5, 1);
        double w = text_w(m->label, 9);
        row = x < last_end + 4 ? (row + 1) % 3 : 0;
        dw_anchor a = x + 3 + w > px1 ? DW_ANCHOR_END : DW_ANCHOR_START;
        double tx = a == DW_ANCHOR_END ? x - 3 : x + 3;
        if (!rc && m->label[0])
            rc = text(d, tx, py0 + 9 + 10 * row, m->label, 9, a, m->color, 1);
        if (a == DW_ANCHOR_START && tx + w > last_end) last_end = tx + w;
    }
    /* x labels: every k-th so that they never collide */
    double maxw = 0;
    for (size_t i = 0; i < c->n; i++) {
        double w = text_w(c->labels[i], 10);
        if (w > maxw) maxw = w;
    }
    size_t every = (size_t)ceil((maxw + 8) / bw);
    if (every < 1) every = 1;
    for (size_t i = 0; !rc && i < c->n; i += every) {
        double x = px0 + bw * ((double)i + 0.5);
        rc = line(d, x, py1, x, py1 + 3, FRAME, 1, 0);
        if (!rc) rc = text(d, x, py1 + 14, c->labels[i], 10, DW_ANCHOR_MIDDLE, MUTED, 0);
    }
#undef Y
    return rc ? dw_fail(err, DW_ENOMEM, "out of memory laying out a chart") : DW_OK;
}

/* ---- the chart as a table ----------------------------------------------------------- */

int dw_chart_table(const dw_chart *c, dw_chart_row_fn fn, void *ud) {
    const char *cells[DW_CHART_MAX_SERIES + 2];
    char vals[DW_CHART_MAX_SERIES][32];
    size_t nc = 0;
    cells[nc++] = "period";
    for (size_t k = 0; k < c->ns; k++) cells[nc++] = c->s[k].name;
    if (c->nmk) cells[nc++] = "change";
    int rc = fn(ud, -1, cells, nc);
    for (size_t i = 0; !rc && i < c->n; i++) {
        nc = 0;
        cells[nc++] = c->labels[i];
        for (size_t k = 0; k < c->ns; k++) {
            fmt_value(vals[k], sizeof vals[k], c->s[k].v[i], 0);
            cells[nc++] = vals[k];
        }
        if (c->nmk) {
            const char *m = "";
            for (size_t j = 0; j < c->nmk; j++)
                if (c->mk[j].at == i) m = c->mk[j].label[0] ? c->mk[j].label : "change";
            cells[nc++] = m;
        }
        rc = fn(ud, (long)i, cells, nc);
    }
    return rc;
}
