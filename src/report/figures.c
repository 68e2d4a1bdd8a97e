/*
 * figures.c — the review's charts, built from a gathered review (report.h)
 * in the chart model (chart.h), so that HTML, Markdown and PDF show the
 * same figures with the same colours, markers and levels.
 *
 * Colours: cooperation in blues (verbal light, material dark), conflict in
 * oranges (verbal light, material dark); change-points in red; segment
 * levels dashed in near-black.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define C_VCOOP 0x9ECAE1u
#define C_MCOOP 0x2171B5u
#define C_VCONF 0xFDAE6Bu
#define C_MCONF 0xD94801u
#define C_COOP 0x4A89C8u
#define C_CONF 0xE6691Fu
#define C_LINE 0x333333u
#define C_CHANGE 0xC0392Bu
#define C_NEW 0x8E6CC0u
#define C_OLD 0xBDB3D6u

/* Starts a chart over the review's periods. */
static int start(const dw_review *r, dw_chart *c, const char *title, double width,
                 double height) {
    int rc = dw_chart_init(c, title, r->series.n, NULL, width, height);
    for (size_t i = 0; !rc && i < r->series.n; i++)
        snprintf(c->labels[i], DW_LABEL_MAX, "%s", r->series.rows[i].label);
    if (!rc && r->empty)
        snprintf(c->empty_text, sizeof c->empty_text, "no events between %s and %s", r->a, r->b);
    return rc;
}

/* Segment means of a change list as dashed levels. */
static void add_levels(dw_chart *c, const dw_change_list *l) {
    if (!l->n) return;
    size_t from = 0;
    for (size_t k = 0; k < l->n; k++) {
        dw_chart_level_add(c, from, l->v[k].row, l->v[k].before);
        from = l->v[k].row;
    }
    dw_chart_level_add(c, from, c->n, l->v[l->n - 1].after);
}

static void add_markers(dw_chart *c, const dw_change_list *l) {
    for (size_t k = 0; k < l->n; k++) dw_chart_mark(c, l->v[k].row, l->v[k].label, C_CHANGE);
}

int dw_review_figure(const dw_review *r, dw_figure f, double width, dw_chart *c) {
    const dw_series *s = &r->series;
    size_t n = s->n;
    char title[120];
    const char *unit = dw_unit_name(r->unit);
    double *v[4] = {0};
    for (int k = 0; k < 4; k++)
        if (!(v[k] = calloc(n ? n : 1, sizeof *v[k]))) {
            for (int j = 0; j < k; j++) free(v[j]);
            return DW_ENOMEM;
        }
    int rc = DW_OK;
    switch (f) {
    case DW_FIG_QUADS:
        snprintf(title, sizeof title, "Events per %s by quad class", unit);
        rc = start(r, c, title, width, 260);
        if (rc) break;
        c->stacked = 1;
        for (size_t i = 0; i < n; i++)
            for (int q = 0; q < 4; q++) v[q][i] = (double)s->rows[i].dir[DW_DIR_BOTH].quad[q + 1];
        static const unsigned QC[4] = {C_VCOOP, C_MCOOP, C_VCONF, C_MCONF};
        for (int q = 0; q < 4 && !rc; q++)
            if (!dw_chart_add(c, dw_quad_label(q + 1), QC[q], v[q], NULL, 0)) rc = DW_ENOMEM;
        add_markers(c, &r->event_changes);
        add_levels(c, &r->event_changes);
        break;
    case DW_FIG_GOLDSTEIN:
        snprintf(title, sizeof title, "Goldstein mean per %s, PELT change-points", unit);
        rc = start(r, c, title, width, 240);
        if (rc) break;
        for (size_t i = 0; i < n; i++) v[0][i] = r->goldstein ? r->goldstein[i] : NAN;
        if (!dw_chart_add(c, "Goldstein mean", C_LINE, v[0], NULL, 1)) rc = DW_ENOMEM;
        c->legend = 0;
        snprintf(c->ylabel, sizeof c->ylabel, "−10 most hostile … +10 most cooperative");
        add_markers(c, &r->gold_changes);
        add_levels(c, &r->gold_changes);
        c->level_color = C_CHANGE;
        break;
    case DW_FIG_BOCPD:
        snprintf(title, sizeof title, "BOCPD: probability that a new tone starts");
        rc = start(r, c, title, width, 130);
        if (rc) break;
        for (size_t i = 0; i < n; i++) v[0][i] = r->p_new ? r->p_new[i] : NAN;
        if (!dw_chart_add(c, "P(new run)", 0x7F8C8Du, v[0], NULL, 0)) rc = DW_ENOMEM;
        c->legend = 0;
        c->fixed_y = 1;
        c->ymin = 0;
        c->ymax = 1;
        if (!r->has_bocpd)
            snprintf(c->empty_text, sizeof c->empty_text, "too few periods with events");
        break;
    case DW_FIG_DUAL:
        snprintf(title, sizeof title,
                 "Dual track: cooperation on economy + diplomacy (up), conflict elsewhere (down)");
        rc = start(r, c, title, width, 240);
        if (rc) break;
        c->stacked = 1;
        for (size_t i = 0; i < n && i < r->divergence.n; i++) {
            v[0][i] = (double)r->divergence.rows[i].coop_side;
            v[1][i] = -(double)r->divergence.rows[i].conflict_side;
            v[2][i] = (double)r->divergence.rows[i].gap;
        }
        if (!dw_chart_add(c, "cooperation: economy, diplomacy", C_COOP, v[0], NULL, 0) ||
            !dw_chart_add(c, "conflict: security, water, narcotics, migration, ideology",
                          C_CONF, v[1], NULL, 0) ||
            !dw_chart_add(c, "gap", C_LINE, v[2], NULL, 1))
            rc = DW_ENOMEM;
        for (size_t i = 0; i < n && i < r->divergence.n; i++)
            if (r->divergence.rows[i].divergent) dw_chart_mark(c, i, "", 0x8E44ADu);
        break;
    case DW_FIG_SOURCES:
        snprintf(title, sizeof title, "Distinct sources per %s", unit);
        rc = start(r, c, title, width, 170);
        if (rc) break;
        c->stacked = 1;
        for (size_t i = 0; i < n; i++) {
            double fresh = r->new_sources ? (double)r->new_sources[i] : 0;
            double all = (double)s->rows[i].dir[DW_DIR_BOTH].sources;
            v[0][i] = all > fresh ? all - fresh : 0;
            v[1][i] = fresh;
        }
        if (!dw_chart_add(c, "reported before", C_OLD, v[0], NULL, 0) ||
            !dw_chart_add(c, "first report on the dyad", C_NEW, v[1], NULL, 0))
            rc = DW_ENOMEM;
        break;
    default:
        rc = DW_EINVAL;
    }
    for (int k = 0; k < 4; k++) free(v[k]);
    if (rc) dw_chart_free(c);
    return rc;
}

int dw_review_track_charts(const dw_review *r, double width, dw_chart out[DW_NTRACKS],
                           size_t *nout) {
    const dw_series *s = &r->series;
    *nout = 0;
    if (!s->tracks) return DW_OK;
    double ymax = 1;
    for (size_t i = 0; i < s->n; i++)
        for (int t = 0; t < DW_NTRACKS; t++) {
            const dw_series_cell *c = dw_series_track_cell(s, i, t, DW_DIR_BOTH);
            double both = (double)(c->quad[1] + c->quad[2] + c->quad[3] + c->quad[4]);
            if (both > ymax) ymax = both;
        }
    double *coop = calloc(s->n ? s->n : 1, sizeof *coop);
    double *conf = calloc(s->n ? s->n : 1, sizeof *conf);
    int rc = coop && conf ? DW_OK : DW_ENOMEM;
    for (int t = 0; !rc && t < DW_NTRACKS; t++) {
        const dw_series_cell *tt = &s->track_total[t][DW_DIR_BOTH];
        if (!tt->events) continue;
        char title[96];
        const char *name = dw_track_name(t);
        snprintf(title, sizeof title, "%c%s — %ld event%s", name[0] - 32 * (name[0] >= 'a'),
                 name + 1, tt->events, tt->events == 1 ? "" : "s");
        dw_chart *c = &out[*nout];
        rc = start(r, c, title, width, 120);
        if (rc) break;
        (*nout)++;
        for (size_t i = 0; i < s->n; i++) {
            const dw_series_cell *x = dw_series_track_cell(s, i, t, DW_DIR_BOTH);
            coop[i] = (double)(x->quad[1] + x->quad[2]);
            conf[i] = (double)(x->quad[3] + x->quad[4]);
        }
        c->stacked = 1;
        c->legend = 0;
        c->fixed_y = 1;
        c->ymin = 0;
        c->ymax = ymax;
        if (!dw_chart_add(c, "cooperation", C_COOP, coop, NULL, 0) ||
            !dw_chart_add(c, "conflict", C_CONF, conf, NULL, 0))
            rc = DW_ENOMEM;
    }
    free(coop);
    free(conf);
    if (rc) {
        for (size_t k = 0; k < *nout; k++) dw_chart_free(&out[k]);
        *nout = 0;
    }
    return rc;
}
