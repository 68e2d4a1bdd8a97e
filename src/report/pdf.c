/*
 * pdf.c — the cairo back-end of the chart layout and the review as a PDF.
 *
 * dw_cairo_draw renders a drawing list (chart.h) into any cairo context;
 * dw_review_pdf flows the review's sections onto A4 pages: headings,
 * wrapped paragraphs (measured with cairo's text extents) and charts laid
 * out at 700 px and scaled to the 515 pt text width.  Text uses cairo's
 * toy font API with a sans-serif face (DejaVu Sans where installed), which
 * covers the dashes and arrows the review writes.
 *
 * Invariant: the flow never draws below the bottom margin — every block
 * asks for its height first and starts a new page when it does not fit.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>

#include "report/report.h"

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 40.0
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define CHART_PX 700.0
#define SCALE (TEXT_W / CHART_PX)
#define FACE "DejaVu Sans"

static void color(cairo_t *cr, unsigned c) {
    cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                         (c & 255) / 255.0);
}

static void font(cairo_t *cr, double size, int bold, int italic) {
    cairo_select_font_face(cr, FACE, italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

/* Renders a drawing list with its top-left corner at the current origin. */
static void dw_cairo_draw(cairo_t *cr, const dw_draw *d) {
    for (size_t i = 0; i < d->n; i++) {
        const dw_op *o = &d->v[i];
        color(cr, o->color);
        cairo_set_dash(cr, NULL, 0, 0);
        switch (o->kind) {
        case DW_OP_RECT:
            cairo_rectangle(cr, o->x, o->y, o->w, o->h);
            cairo_fill(cr);
            break;
        case DW_OP_LINE:
            if (o->dash) {
                static const double DASH[] = {4, 3};
                cairo_set_dash(cr, DASH, 2, 0);
            }
            cairo_set_line_width(cr, o->stroke);
            cairo_move_to(cr, o->x, o->y);
            cairo_line_to(cr, o->w, o->h);
            cairo_stroke(cr);
            break;
        case DW_OP_POLY:
            cairo_set_line_width(cr, o->stroke);
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
            for (size_t k = 0; k < o->npts; k++)
                (k ? cairo_line_to : cairo_move_to)(cr, o->pts[2 * k], o->pts[2 * k + 1]);
            cairo_stroke(cr);
            break;
        case DW_OP_CIRCLE:
            cairo_new_sub_path(cr);
            cairo_arc(cr, o->x, o->y, o->w, 0, 2 * 3.14159265358979323846);
            cairo_fill(cr);
            break;
        case DW_OP_TEXT: {
            font(cr, o->size, o->bold, 0);
            cairo_text_extents_t ext;
            cairo_text_extents(cr, o->text, &ext);
            double x = o->x;
            if (o->anchor == DW_ANCHOR_MIDDLE) x -= ext.x_advance / 2;
            else if (o->anchor == DW_ANCHOR_END) x -= ext.x_advance;
            cairo_move_to(cr, x, o->y);
            cairo_show_text(cr, o->text);
            break;
        }
        }
    }
}

/* ---- page flow ---------------------------------------------------------------------- */

typedef struct flow {
    cairo_t *cr;
    double y;
    int page;
    int rc;
} flow;

static void need(flow *f, double h) {
    if (f->y + h <= PAGE_H - MARGIN) return;
    cairo_show_page(f->cr);
    f->page++;
    f->y = MARGIN;
}

/* Wrapped text at an indent; returns nothing, advances the flow. */
static void para(flow *f, const char *text, double size, int bold, int italic, unsigned c,
                 double indent) {
    cairo_t *cr = f->cr;
    font(cr, size, bold, italic);
    color(cr, c);
    double width = TEXT_W - indent, lh = size * 1.35;
    char line[1024], cand[1024];
    const char *p = text ? text : "";
    for (;;) {
        while (*p == ' ') p++;
        if (!*p) break;
        /* fill a line word by word; a first word always goes in (cut if huge) */
        size_t len = 0;
        line[0] = '\0';
        for (;;) {
            const char *q = p;
            while (*q == ' ') q++;
            const char *e = q;
            while (*e && *e != ' ' && *e != '\n') e++;
            if (q == e) {
                p = q;
                break;
            }
            size_t wl = (size_t)(e - q);
            if (wl > 400) wl = 400;
            int n = snprintf(cand, sizeof cand, "%s%s%.*s", line, len ? " " : "", (int)wl, q);
            int fits = n > 0 && (size_t)n < sizeof line;
            if (fits && len) {
                cairo_text_extents_t ext;
                cairo_text_extents(cr, cand, &ext);
                fits = ext.x_advance <= width;
            }
            if (!fits && len) break;
            memcpy(line, cand, sizeof line);
            line[sizeof line - 1] = '\0';
            len = strlen(line);
            p = e;
        }
        need(f, lh);
        color(cr, c);
        cairo_move_to(cr, MARGIN + indent, f->y + size);
        cairo_show_text(cr, line);
        f->y += lh;
        if (*p == '\n') p++;
    }
}

static void heading(flow *f, const char *text, double size) {
    need(f, size * 3.2); /* a heading never ends a page */
    f->y += size * 0.6;
    para(f, text, size, 1, 0, 0x222222, 0);
    cairo_set_source_rgb(f->cr, 0.13, 0.13, 0.13);
    cairo_set_line_width(f->cr, 0.8);
    cairo_move_to(f->cr, MARGIN, f->y);
    cairo_line_to(f->cr, PAGE_W - MARGIN, f->y);
    cairo_stroke(f->cr);
    f->y += 4;
}

static void chart_at(flow *f, dw_chart *c, double x, int advance) {
    dw_draw d;
    dw_error err = {0};
    if (!f->rc) f->rc = dw_chart_layout(c, &d, &err);
    if (!f->rc) {
        double h = d.height * SCALE;
        need(f, h);
        cairo_save(f->cr);
        cairo_translate(f->cr, MARGIN + x, f->y);
        cairo_scale(f->cr, SCALE, SCALE);
        dw_cairo_draw(f->cr, &d);
        cairo_restore(f->cr);
        if (advance) f->y += h + 4;
        dw_draw_free(&d);
    }
    dw_chart_free(c);
}

static void figure(flow *f, const dw_review *r, dw_figure fig) {
    dw_chart c;
    if (f->rc) return;
    f->rc = dw_review_figure(r, fig, CHART_PX, &c);
    if (!f->rc) chart_at(f, &c, 0, 1);
}

static void event_block(flow *f, const dw_event_info *e, const char *sources) {
    char date[64], cap[256], src[400];
    dw_review_event_date(e, date, sizeof date);
    dw_review_event_caption(e, cap, sizeof cap);
    need(f, 40);
    char head[360];
    snprintf(head, sizeof head, "%s%s — %s", date, e->disputed ? " (disputed)" : "", cap);
    para(f, head, 8.5, 1, 0, 0x333333, 0);
    para(f, e->text && *e->text ? e->text : "(no sentence stored)", 8.5, 0, 1, 0x222222, 10);
    snprintf(src, sizeof src, "%ld report%s, %ld source%s: %s", e->mentions,
             e->mentions == 1 ? "" : "s", e->sources, e->sources == 1 ? "" : "s",
             sources && *sources ? sources : "unnamed");
    para(f, src, 7.5, 0, 0, 0x666666, 10);
    f->y += 3;
}

static void changes(flow *f, const dw_change_list *l, const char *what, const char *fmt) {
    char buf[1024];
    if (!l->n) {
        snprintf(buf, sizeof buf, "No change-point in %s.", what);
        para(f, buf, 8.5, 0, 0, 0x555555, 0);
        return;
    }
    for (size_t k = 0; k < l->n; k++) {
        char lv[64];
        snprintf(lv, sizeof lv, fmt, l->v[k].before, l->v[k].after);
        snprintf(buf, sizeof buf, "%s: %s %s", l->v[k].label, what, lv);
        para(f, buf, 8.5, 1, 0, 0x333333, 0);
        for (size_t j = 0; j < l->v[k].drivers.n; j++) {
            const dw_event_info *e = &l->v[k].drivers.v[j];
            if (dw_review_driver_repeats(&l->v[k].drivers, j)) continue;
            snprintf(buf, sizeof buf, "%s: %s", e->date, e->text ? e->text : "");
            para(f, buf, 8, 0, 0, 0x444444, 10);
        }
    }
}

static void body(flow *f, const dw_review *r) {
    char buf[1024], range[96];
    dw_review_range(r, range, sizeof range);
    snprintf(buf, sizeof buf, "%s and %s: statistical review", r->a, r->b);
    para(f, buf, 18, 1, 0, 0x111111, 0);
    snprintf(buf, sizeof buf, "%s · events coded from news reports, both directions", range);
    para(f, buf, 9.5, 0, 0, 0x666666, 0);
    if (r->empty) {
        f->y += 4;
        para(f, r->empty_reason, 10, 1, 0, 0xC4501A, 0);
    }

    heading(f, "Headline figures", 13);
    dw_headline h[DW_REVIEW_HEADLINES];
    dw_review_headlines(r, h);
    for (int i = 0; i < DW_REVIEW_HEADLINES; i++) {
        snprintf(buf, sizeof buf, "%.40s: %.48s", h[i].label, h[i].value);
        para(f, buf, 10, 1, 0, h[i].tone > 0 ? 0x1F6FB2 : h[i].tone < 0 ? 0xC4501A : 0x222222, 0);
        para(f, h[i].sub, 8, 0, 0, 0x666666, 10);
    }
    if (r->nfindings) {
        f->y += 4;
        para(f, "What changed", 10.5, 1, 0, 0x222222, 0);
        for (size_t i = 0; i < r->nfindings; i++) {
            snprintf(buf, sizeof buf, "• %s", r->findings[i]);
            para(f, buf, 9, 0, 0, 0x222222, 6);
        }
    }

    heading(f, "Events per track", 13);
    dw_chart cs[DW_NTRACKS];
    size_t n = 0;
    if (!f->rc) f->rc = dw_review_track_charts(r, CHART_PX / 2 - 4, cs, &n);
    if (!n) para(f, "No events on any track.", 9, 0, 0, 0x555555, 0);
    else para(f, "Cooperation (blue) and conflict (orange) per track, on one scale.", 8.5, 0, 0,
              0x555555, 0);
    for (size_t i = 0; i < n; i += 2) {
        double hgt = cs[i].height * SCALE;
        need(f, hgt);
        int pair = i + 1 < n;
        chart_at(f, &cs[i], 0, !pair);
        if (pair) chart_at(f, &cs[i + 1], TEXT_W / 2 + 2, 1);
    }

    heading(f, "Quad classes over time", 13);
    figure(f, r, DW_FIG_QUADS);
    para(f, "Verbal and material cooperation (blues) and conflict (oranges), stacked; red dashed "
            "lines: PELT's change-points in the number of events; black dashes: segment means.",
         8, 0, 0, 0x555555, 0);

    heading(f, "Tone: the Goldstein scale and its change-points", 13);
    figure(f, r, DW_FIG_GOLDSTEIN);
    figure(f, r, DW_FIG_BOCPD);
    if (r->has_bocpd)
        snprintf(buf, sizeof buf,
                 "BOCPD: the probability that the current tone began within the last %zu "
                 "periods with events is %.2f (most probable run: %zu).",
                 r->bocpd_recent, r->bocpd_p_recent, r->bocpd_run);
    else snprintf(buf, sizeof buf, "BOCPD needs at least four periods with events.");
    para(f, buf, 9, 0, 0, 0x222222, 0);
    changes(f, &r->gold_changes, "Goldstein mean", "%+.2f → %+.2f");

    heading(f, "Dual track: cooperation on one track, conflict on another", 13);
    figure(f, r, DW_FIG_DUAL);
    para(f, r->empty ? "No events, so no divergence." : r->divergence.summary, 9, 0, 0, 0x222222,
         0);
    for (size_t i = 0; i < r->divergence.n; i++)
        if (r->divergence.rows[i].divergent) {
            snprintf(buf, sizeof buf, "• %s", r->divergence.rows[i].statement);
            para(f, buf, 8.5, 0, 0, 0x333333, 6);
        }

    heading(f, "Timeline of the most important events", 13);
    if (!r->timeline.n) para(f, "No events in this range.", 9, 0, 0, 0x555555, 0);
    for (size_t i = 0; i < r->timeline.n; i++)
        event_block(f, &r->timeline.v[i], r->timeline_sources ? r->timeline_sources[i] : "");

    heading(f, "Disputed facts", 13);
    if (!r->disputed.n)
        para(f, "No disputed facts: where several reports tell one event, they agree on its date, "
                "death toll and direction.",
             9, 0, 0, 0x555555, 0);
    for (size_t i = 0; i < r->disputed.n; i++) {
        event_block(f, &r->disputed.v[i], "");
        for (size_t k = 0; k < r->versions[i].n; k++) {
            const dw_version *v = &r->versions[i].v[k];
            snprintf(buf, sizeof buf, "%s: %s — %ld report%s (%s)", dw_dispute_label(v->field),
                     v->value, v->mentions, v->mentions == 1 ? "" : "s", v->sources);
            para(f, buf, 8, 0, 0, 0x8A3200, 10);
        }
    }

    heading(f, "Alerts", 13);
    if (r->empty || !r->series.n) {
        para(f, "No events, so no alerts.", 9, 0, 0, 0x555555, 0);
    } else {
        const dw_alert_list *l = &r->alerts;
        int len = snprintf(buf, sizeof buf, "Latest period %s: %.0f events",
                           r->series.rows[l->latest_row].label, l->latest_value);
        if (l->latest_band != DW_BAND_NONE && len > 0 && (size_t)len < sizeof buf)
            snprintf(buf + len, sizeof buf - (size_t)len, " against a baseline of %.2f: %s.",
                     l->latest_baseline, dw_band_name(l->latest_band));
        para(f, buf, 9.5, 1, 0, 0x222222, 0);
        dw_alert_ref refs[16];
        size_t shown = dw_review_alerts(r, refs, 16);
        for (size_t k = 0; k < shown; k++) {
            snprintf(buf, sizeof buf, "%s — %s (%s): %s", refs[k].a->label,
                     dw_alert_kind_name(refs[k].a->kind), refs[k].metric, refs[k].a->text);
            para(f, buf, 8.5, 0, 0, 0x333333, 0);
        }
        if (!shown)
            para(f, "No alert: no period rose or fell outside the limited band.", 9, 0, 0,
                 0x555555, 0);
        f->y += 4;
        para(f, "Change-points in activity", 10, 1, 0, 0x222222, 0);
        changes(f, &r->event_changes, "events per period", "%.2f → %.2f");
    }

    heading(f, "Methods and caveats", 13);
    char lines[DW_REVIEW_MAX_METHODS][640];
    size_t nm = dw_review_methods(r, lines, DW_REVIEW_MAX_METHODS);
    for (size_t i = 0; i < nm; i++) {
        snprintf(buf, sizeof buf, "• %.640s", lines[i]);
        para(f, buf, 8.5, 0, 0, 0x222222, 6);
    }
    figure(f, r, DW_FIG_SOURCES);
    para(f, "dyadwatch " DW_VERSION, 7, 0, 0, 0x888888, 0);
}

int dw_review_pdf(const dw_review *r, const char *path, dw_error *err) {
    cairo_surface_t *sf = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
        int rc = dw_fail(err, DW_EIO, "%s: cannot create the PDF: %s", path,
                         cairo_status_to_string(cairo_surface_status(sf)));
        cairo_surface_destroy(sf);
        return rc;
    }
    cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, "dyadwatch statistical review");
    cairo_t *cr = cairo_create(sf);
    flow f = {cr, MARGIN, 1, DW_OK};
    body(&f, r);
    cairo_show_page(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    if (f.rc) return dw_fail(err, f.rc, "%s: out of memory drawing the PDF", path);
    if (st != CAIRO_STATUS_SUCCESS)
        return dw_fail(err, DW_EIO, "%s: cannot write the PDF: %s", path,
                       cairo_status_to_string(st));
    return DW_OK;
}
