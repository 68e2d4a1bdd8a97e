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
#include <stdio.h>
#include <string.h>

#include "report/report.h"

static void esc(dw_writer *o, const char *s) {
    for (const char *p = s ? s : ""; !o->rc && *p; p++) {
        switch (*p) {
        case '&': dw_put(o, "&amp;"); break;
        case '<': dw_put(o, "&lt;"); break;
        case '>': dw_put(o, "&gt;"); break;
        case '\n': case '\r': case '\t': dw_put(o, " "); break;
        case '\\': case '`': case '*': case '_': case '[': case ']': case '#': case '|':
        case '!':
            o->rc = dw_buf_addc(o->b, '\\');
            if (!o->rc) o->rc = dw_buf_addc(o->b, *p);
            break;
        default:
            if ((unsigned char)*p < 0x20) dw_put(o, " ");
            else o->rc = dw_buf_addc(o->b, *p);
        }
    }
}

static int table_row(void *ud, long row, const char *const *cells, size_t n) {
    dw_writer *o = ud;
    dw_put(o, "|");
    for (size_t i = 0; i < n; i++) {
        dw_put(o, " ");
        esc(o, cells[i]);
        dw_put(o, " |");
    }
    dw_put(o, "\n");
    if (row < 0) {
        dw_put(o, "|");
        for (size_t i = 0; i < n; i++) dw_put(o, i ? " ---: |" : " --- |");
        dw_put(o, "\n");
    }
    return o->rc;
}

static void chart_table(dw_writer *o, dw_chart *c) {
    dw_put(o, "\n**");
    esc(o, c->title);
    dw_put(o, "**\n\n");
    if (!o->rc) o->rc = dw_chart_table(c, table_row, o);
    dw_put(o, "\n");
    dw_chart_free(c);
}

static void figure(dw_writer *o, const dw_review *r, dw_figure f) {
    dw_chart c;
    if (o->rc || !r->series.n) return;
    o->rc = dw_review_figure(r, f, 1000, &c);
    if (!o->rc) chart_table(o, &c);
}

static void drivers(dw_writer *o, const dw_event_list *l) {
    for (size_t k = 0; k < l->n; k++) {
        if (dw_review_driver_repeats(l, k)) continue;
        dw_put(o, k ? "; " : "");
        esc(o, l->v[k].date);
        dw_put(o, ": ");
        esc(o, l->v[k].text ? l->v[k].text : "");
    }
}

static void changes(dw_writer *o, const dw_change_list *l, const char *what, const char *fmt) {
    if (!l->n) {
        dw_putf(o, "\nNo change-point in %s.\n", what);
        return;
    }
    dw_putf(o, "\n| from | %s before → after | events that drive it |\n| --- | ---: | --- |\n",
         what);
    for (size_t k = 0; k < l->n; k++) {
        dw_put(o, "| ");
        esc(o, l->v[k].label);
        dw_put(o, " | ");
        dw_putf(o, fmt, l->v[k].before, l->v[k].after);
        dw_put(o, " | ");
        drivers(o, &l->v[k].drivers);
        dw_put(o, " |\n");
    }
}

static void tracks(dw_writer *o, const dw_review *r) {
    dw_put(o, "\n## Events per track\n\n");
    dw_chart cs[DW_NTRACKS];
    size_t n = 0;
    if (!o->rc) o->rc = dw_review_track_charts(r, 490, cs, &n);
    if (!n) {
        dw_put(o, "No events on any track.\n");
        return;
    }
    dw_put(o, "Cooperative / conflictual events per track.\n\n| period |");
    for (size_t k = 0; k < n; k++) {
        dw_put(o, " ");
        esc(o, cs[k].title);
        dw_put(o, " |");
    }
    dw_put(o, "\n| --- |");
    for (size_t k = 0; k < n; k++) dw_put(o, " ---: |");
    dw_put(o, "\n");
    for (size_t i = 0; i < r->series.n; i++) {
        dw_put(o, "| ");
        esc(o, r->series.rows[i].label);
        dw_put(o, " |");
        for (size_t k = 0; k < n; k++)
            dw_putf(o, " %.0f / %.0f |", cs[k].s[0].v[i], cs[k].s[1].v[i]);
        dw_put(o, "\n");
    }
    for (size_t k = 0; k < n; k++) dw_chart_free(&cs[k]);
}

static void event_item(dw_writer *o, const dw_event_info *e, const char *sources) {
    char date[64], cap[256];
    dw_review_event_date(e, date, sizeof date);
    dw_review_event_caption(e, cap, sizeof cap);
    dw_put(o, "- **");
    esc(o, date);
    dw_put(o, "**");
    if (e->disputed) dw_put(o, " (disputed)");
    dw_put(o, " — ");
    esc(o, cap);
    if (e->has_killed) dw_putf(o, " · %.0f killed", e->killed);
    dw_put(o, "  \n  > ");
    esc(o, e->text && *e->text ? e->text : "(no sentence stored)");
    dw_putf(o, "  \n  %ld report%s, %ld source%s: ", e->mentions, e->mentions == 1 ? "" : "s",
         e->sources, e->sources == 1 ? "" : "s");
    esc(o, sources && *sources ? sources : "unnamed");
    dw_put(o, "\n");
}

static void alerts(dw_writer *o, const dw_review *r) {
    dw_put(o, "\n## Alerts\n\n");
    if (r->empty || !r->series.n) {
        dw_put(o, "No events, so no alerts.\n");
        return;
    }
    const dw_alert_list *l = &r->alerts;
    dw_put(o, "Latest period ");
    esc(o, r->series.rows[l->latest_row].label);
    if (l->latest_band == DW_BAND_NONE)
        dw_putf(o, ": %.0f events; no earlier period to compare with.\n", l->latest_value);
    else {
        dw_putf(o, ": %.0f events against a baseline of %.2f", l->latest_value, l->latest_baseline);
        if (isfinite(l->latest_pct)) dw_putf(o, " (%+.0f%%)", l->latest_pct);
        dw_putf(o, ": **%s**.\n", dw_band_name(l->latest_band));
    }
    dw_alert_ref refs[16];
    size_t shown = dw_review_alerts(r, refs, 16);
    for (size_t k = 0; k < shown; k++) {
        const dw_alert *a = refs[k].a;
        if (!k)
            dw_put(o, "\n| period | count | alert | events behind it |\n"
                      "| --- | --- | --- | --- |\n");
        dw_put(o, "| ");
        esc(o, a->label);
        dw_putf(o, " | %s | **%s**: ", refs[k].metric, dw_alert_kind_name(a->kind));
        esc(o, a->text);
        dw_put(o, " | ");
        drivers(o, &a->drivers);
        dw_put(o, " |\n");
    }
    if (!shown) dw_put(o, "\nNo alert: no period rose or fell outside the limited band.\n");
    dw_put(o, "\n### Change-points in activity\n");
    changes(o, &r->event_changes, "events per period", "%.2f → %.2f");
}

int dw_review_markdown(const dw_review *r, dw_buf *out, dw_error *err) {
    dw_writer o = {out, DW_OK};
    char range[96];
    dw_review_range(r, range, sizeof range);
    dw_put(&o, "# ");
    esc(&o, r->a);
    dw_put(&o, " and ");
    esc(&o, r->b);
    dw_put(&o, ": statistical review\n\n");
    esc(&o, range);
    dw_put(&o, " · events coded from news reports, both directions\n");
    if (r->empty) {
        dw_put(&o, "\n> **");
        esc(&o, r->empty_reason);
        dw_put(&o, "**\n");
    }

    dw_put(&o, "\n## Headline figures\n\n| figure | value | change |\n| --- | ---: | --- |\n");
    dw_headline h[DW_REVIEW_HEADLINES];
    dw_review_headlines(r, h);
    for (int i = 0; i < DW_REVIEW_HEADLINES; i++) {
        dw_put(&o, "| ");
        esc(&o, h[i].label);
        dw_put(&o, " | ");
        esc(&o, h[i].value);
        dw_put(&o, " | ");
        esc(&o, h[i].sub);
        dw_put(&o, " |\n");
    }
    if (r->nfindings) {
        dw_put(&o, "\n### What changed\n\n");
        for (size_t i = 0; i < r->nfindings; i++) {
            dw_put(&o, "- ");
            esc(&o, r->findings[i]);
            dw_put(&o, "\n");
        }
    }

    tracks(&o, r);
    dw_put(&o, "\n## Quad classes over time\n");
    if (!r->series.n) dw_put(&o, "\nNo events in this range.\n");
    figure(&o, r, DW_FIG_QUADS);

    dw_put(&o, "\n## Tone: the Goldstein scale and its change-points\n");
    figure(&o, r, DW_FIG_GOLDSTEIN);
    if (r->has_bocpd)
        dw_putf(&o, "\nBOCPD: the probability that the current tone began within the last %zu "
                 "periods with events is **%.2f** (most probable run: %zu).\n",
             r->bocpd_recent, r->bocpd_p_recent, r->bocpd_run);
    else dw_put(&o, "\nBOCPD needs at least four periods with events.\n");
    changes(&o, &r->gold_changes, "Goldstein mean", "%+.2f → %+.2f");

    dw_put(&o, "\n## Dual track: cooperation on one track, conflict on another\n");
    figure(&o, r, DW_FIG_DUAL);
    dw_put(&o, "\n");
    esc(&o, r->empty ? "No events, so no divergence." : r->divergence.summary);
    dw_put(&o, "\n");
    for (size_t i = 0; i < r->divergence.n; i++)
        if (r->divergence.rows[i].divergent) {
            dw_put(&o, "\n- ");
            esc(&o, r->divergence.rows[i].statement);
        }
    dw_put(&o, "\n\n## Timeline of the most important events\n\n");
    if (!r->timeline.n) dw_put(&o, "No events in this range.\n");
    for (size_t i = 0; i < r->timeline.n; i++)
        event_item(&o, &r->timeline.v[i], r->timeline_sources ? r->timeline_sources[i] : "");

    dw_put(&o, "\n## Disputed facts\n\n");
    if (!r->disputed.n)
        dw_put(&o, "No disputed facts: where several reports tell one event, they agree on its "
                "date, death toll and direction.\n");
    for (size_t i = 0; i < r->disputed.n; i++) {
        event_item(&o, &r->disputed.v[i], "");
        for (size_t k = 0; k < r->versions[i].n; k++) {
            const dw_version *v = &r->versions[i].v[k];
            dw_putf(&o, "  - %s: ", dw_dispute_label(v->field));
            esc(&o, v->value);
            dw_putf(&o, " — %ld report%s (", v->mentions, v->mentions == 1 ? "" : "s");
            esc(&o, v->sources);
            dw_put(&o, ")\n");
        }
    }
    alerts(&o, r);

    dw_put(&o, "\n## Methods and caveats\n\n");
    char lines[DW_REVIEW_MAX_METHODS][640];
    size_t n = dw_review_methods(r, lines, DW_REVIEW_MAX_METHODS);
    for (size_t i = 0; i < n; i++) {
        dw_put(&o, "- ");
        esc(&o, lines[i]);
        dw_put(&o, "\n");
    }
    figure(&o, r, DW_FIG_SOURCES);
    dw_put(&o, "\n---\ndyadwatch " DW_VERSION "\n");
    if (o.rc) return dw_fail(err, o.rc, "review: out of memory writing Markdown");
    return DW_OK;
}
