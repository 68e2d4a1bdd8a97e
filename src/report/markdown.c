/*
 * markdown.c — the review in Markdown: the same sections as the HTML page,
 * each chart given as the table of its data (dw_chart_table), no images
 * and no links.
 *
 * Corpus text is escaped for Markdown and for the HTML that Markdown
 * renderers pass through: &, <, > become entities; the characters that
 * start emphasis, code, links, headings or table cells are backslashed;
 * line breaks become spaces so a sentence never breaks a list or table.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report/report.h"

typedef struct w {
    dw_buf *b;
    int rc;
} w;

static void put(w *o, const char *s) {
    if (!o->rc) o->rc = dw_buf_adds(o->b, s);
}

static void putf(w *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(w *o, const char *fmt, ...) {
    if (o->rc) return;
    char tmp[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    o->rc = n < 0 ? DW_EINVAL : dw_buf_adds(o->b, tmp);
}

static void esc(w *o, const char *s) {
    for (const char *p = s ? s : ""; !o->rc && *p; p++) {
        switch (*p) {
        case '&': put(o, "&amp;"); break;
        case '<': put(o, "&lt;"); break;
        case '>': put(o, "&gt;"); break;
        case '\n': case '\r': case '\t': put(o, " "); break;
        case '\\': case '`': case '*': case '_': case '[': case ']': case '#': case '|':
        case '!':
            o->rc = dw_buf_addc(o->b, '\\');
            if (!o->rc) o->rc = dw_buf_addc(o->b, *p);
            break;
        default:
            if ((unsigned char)*p < 0x20) put(o, " ");
            else o->rc = dw_buf_addc(o->b, *p);
        }
    }
}

static int table_row(void *ud, long row, const char *const *cells, size_t n) {
    w *o = ud;
    put(o, "|");
    for (size_t i = 0; i < n; i++) {
        put(o, " ");
        esc(o, cells[i]);
        put(o, " |");
    }
    put(o, "\n");
    if (row < 0) {
        put(o, "|");
        for (size_t i = 0; i < n; i++) put(o, i ? " ---: |" : " --- |");
        put(o, "\n");
    }
    return o->rc;
}

static void chart_table(w *o, dw_chart *c) {
    put(o, "\n**");
    esc(o, c->title);
    put(o, "**\n\n");
    if (!o->rc) o->rc = dw_chart_table(c, table_row, o);
    put(o, "\n");
    dw_chart_free(c);
}

static void figure(w *o, const dw_review *r, dw_figure f) {
    dw_chart c;
    if (o->rc || !r->series.n) return;
    o->rc = dw_review_figure(r, f, 1000, &c);
    if (!o->rc) chart_table(o, &c);
}

static void drivers(w *o, const dw_event_list *l) {
    for (size_t k = 0; k < l->n; k++) {
        if (dw_review_driver_repeats(l, k)) continue;
        put(o, k ? "; " : "");
        esc(o, l->v[k].date);
        put(o, ": ");
        esc(o, l->v[k].text ? l->v[k].text : "");
    }
}

static void changes(w *o, const dw_change_list *l, const char *what, const char *fmt) {
    if (!l->n) {
        putf(o, "\nNo change-point in %s.\n", what);
        return;
    }
    putf(o, "\n| from | %s before → after | events that drive it |\n| --- | ---: | --- |\n",
         what);
    for (size_t k = 0; k < l->n; k++) {
        put(o, "| ");
        esc(o, l->v[k].label);
        put(o, " | ");
        putf(o, fmt, l->v[k].before, l->v[k].after);
        put(o, " | ");
        drivers(o, &l->v[k].drivers);
        put(o, " |\n");
    }
}

static void tracks(w *o, const dw_review *r) {
    put(o, "\n## Events per track\n\n");
    dw_chart cs[DW_NTRACKS];
    size_t n = 0;
    if (!o->rc) o->rc = dw_review_track_charts(r, 490, cs, &n);
    if (!n) {
        put(o, "No events on any track.\n");
        return;
    }
    put(o, "Cooperative / conflictual events per track.\n\n| period |");
    for (size_t k = 0; k < n; k++) {
        put(o, " ");
        esc(o, cs[k].title);
        put(o, " |");
    }
    put(o, "\n| --- |");
    for (size_t k = 0; k < n; k++) put(o, " ---: |");
    put(o, "\n");
    for (size_t i = 0; i < r->series.n; i++) {
        put(o, "| ");
        esc(o, r->series.rows[i].label);
        put(o, " |");
        for (size_t k = 0; k < n; k++)
            putf(o, " %.0f / %.0f |", cs[k].s[0].v[i], cs[k].s[1].v[i]);
        put(o, "\n");
    }
    for (size_t k = 0; k < n; k++) dw_chart_free(&cs[k]);
}

static void event_item(w *o, const dw_event_info *e, const char *sources) {
    char date[64], cap[256];
    dw_review_event_date(e, date, sizeof date);
    dw_review_event_caption(e, cap, sizeof cap);
    put(o, "- **");
    esc(o, date);
    put(o, "**");
    if (e->disputed) put(o, " (disputed)");
    put(o, " — ");
    esc(o, cap);
    if (e->has_killed) putf(o, " · %.0f killed", e->killed);
    put(o, "  \n  > ");
    esc(o, e->text && *e->text ? e->text : "(no sentence stored)");
    putf(o, "  \n  %ld report%s, %ld source%s: ", e->mentions, e->mentions == 1 ? "" : "s",
         e->sources, e->sources == 1 ? "" : "s");
    esc(o, sources && *sources ? sources : "unnamed");
    put(o, "\n");
}

static void alerts(w *o, const dw_review *r) {
    put(o, "\n## Alerts\n\n");
    if (r->empty || !r->series.n) {
        put(o, "No events, so no alerts.\n");
        return;
    }
    const dw_alert_list *l = &r->alerts;
    put(o, "Latest period ");
    esc(o, r->series.rows[l->latest_row].label);
    if (l->latest_band == DW_BAND_NONE)
        putf(o, ": %.0f events; no earlier period to compare with.\n", l->latest_value);
    else {
        putf(o, ": %.0f events against a baseline of %.2f", l->latest_value, l->latest_baseline);
        if (isfinite(l->latest_pct)) putf(o, " (%+.0f%%)", l->latest_pct);
        putf(o, ": **%s**.\n", dw_band_name(l->latest_band));
    }
    dw_alert_ref refs[16];
    size_t shown = dw_review_alerts(r, refs, 16);
    for (size_t k = 0; k < shown; k++) {
        const dw_alert *a = refs[k].a;
        if (!k) put(o, "\n| period | count | alert | events behind it |\n| --- | --- | --- | --- |\n");
        put(o, "| ");
        esc(o, a->label);
        putf(o, " | %s | **%s**: ", refs[k].metric, dw_alert_kind_name(a->kind));
        esc(o, a->text);
        put(o, " | ");
        drivers(o, &a->drivers);
        put(o, " |\n");
    }
    if (!shown) put(o, "\nNo alert: no period rose or fell outside the limited band.\n");
    put(o, "\n### Change-points in activity\n");
    changes(o, &r->event_changes, "events per period", "%.2f → %.2f");
}

int dw_review_markdown(const dw_review *r, dw_buf *out, dw_error *err) {
    w o = {out, DW_OK};
    char range[96];
    dw_review_range(r, range, sizeof range);
    put(&o, "# ");
    esc(&o, r->a);
    put(&o, " and ");
    esc(&o, r->b);
    put(&o, ": statistical review\n\n");
    esc(&o, range);
    put(&o, " · events coded from news reports, both directions\n");
    if (r->empty) {
        put(&o, "\n> **");
        esc(&o, r->empty_reason);
        put(&o, "**\n");
    }

    put(&o, "\n## Headline figures\n\n| figure | value | change |\n| --- | ---: | --- |\n");
    dw_headline h[DW_REVIEW_HEADLINES];
    dw_review_headlines(r, h);
    for (int i = 0; i < DW_REVIEW_HEADLINES; i++) {
        put(&o, "| ");
        esc(&o, h[i].label);
        put(&o, " | ");
        esc(&o, h[i].value);
        put(&o, " | ");
        esc(&o, h[i].sub);
        put(&o, " |\n");
    }
    if (r->nfindings) {
        put(&o, "\n### What changed\n\n");
        for (size_t i = 0; i < r->nfindings; i++) {
            put(&o, "- ");
            esc(&o, r->findings[i]);
            put(&o, "\n");
        }
    }

    tracks(&o, r);
    put(&o, "\n## Quad classes over time\n");
    if (!r->series.n) put(&o, "\nNo events in this range.\n");
    figure(&o, r, DW_FIG_QUADS);

    put(&o, "\n## Tone: the Goldstein scale and its change-points\n");
    figure(&o, r, DW_FIG_GOLDSTEIN);
    if (r->has_bocpd)
        putf(&o, "\nBOCPD: the probability that the current tone began within the last %zu "
                 "periods with events is **%.2f** (most probable run: %zu).\n",
             r->bocpd_recent, r->bocpd_p_recent, r->bocpd_run);
    else put(&o, "\nBOCPD needs at least four periods with events.\n");
    changes(&o, &r->gold_changes, "Goldstein mean", "%+.2f → %+.2f");

    put(&o, "\n## Dual track: cooperation on one track, conflict on another\n");
    figure(&o, r, DW_FIG_DUAL);
    put(&o, "\n");
    esc(&o, r->empty ? "No events, so no divergence." : r->divergence.summary);
    put(&o, "\n");
    for (size_t i = 0; i < r->divergence.n; i++)
        if (r->divergence.rows[i].divergent) {
            put(&o, "\n- ");
            esc(&o, r->divergence.rows[i].statement);
        }
    put(&o, "\n\n## Timeline of the most important events\n\n");
    if (!r->timeline.n) put(&o, "No events in this range.\n");
    for (size_t i = 0; i < r->timeline.n; i++)
        event_item(&o, &r->timeline.v[i], r->timeline_sources ? r->timeline_sources[i] : "");

    put(&o, "\n## Disputed facts\n\n");
    if (!r->disputed.n)
        put(&o, "No disputed facts: where several reports tell one event, they agree on its "
                "date, death toll and direction.\n");
    for (size_t i = 0; i < r->disputed.n; i++) {
        event_item(&o, &r->disputed.v[i], "");
        for (size_t k = 0; k < r->versions[i].n; k++) {
            const dw_version *v = &r->versions[i].v[k];
            putf(&o, "  - %s: ", dw_dispute_label(v->field));
            esc(&o, v->value);
            putf(&o, " — %ld report%s (", v->mentions, v->mentions == 1 ? "" : "s");
            esc(&o, v->sources);
            put(&o, ")\n");
        }
    }
    alerts(&o, r);

    put(&o, "\n## Methods and caveats\n\n");
    char lines[DW_REVIEW_MAX_METHODS][640];
    size_t n = dw_review_methods(r, lines, DW_REVIEW_MAX_METHODS);
    for (size_t i = 0; i < n; i++) {
        put(&o, "- ");
        esc(&o, lines[i]);
        put(&o, "\n");
    }
    figure(&o, r, DW_FIG_SOURCES);
    put(&o, "\n---\ndyadwatch " DW_VERSION "\n");
    if (o.rc) return dw_fail(err, o.rc, "review: out of memory writing Markdown");
    return DW_OK;
}
