/*
 * html.c — the review as one self-contained HTML page: inline CSS and
 * inline SVG charts, no script, no font, image or stylesheet fetched, no
 * link that leaves the page (sections link to each other by fragment).
 *
 * Every string that comes from the corpus or the command line (sentences,
 * actor codes, source names, labels) goes through dw_xml_escape.  Every
 * section is present even in an empty review, saying why it is empty.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report.h"

#define CHART_W 1000
#define SMALL_W 490

static const char CSS[] =
    "*{box-sizing:border-box}"
    "body{margin:0;background:#f6f6f4;color:#222;font:15px/1.45 system-ui,-apple-system,"
    "'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif}"
    "main{max-width:1060px;margin:0 auto;padding:24px 28px 48px;background:#fff}"
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:34px 0 8px;padding-top:10px;"
    "border-top:2px solid #222}h3{font-size:15px;margin:18px 0 6px}"
    ".sub{color:#666;margin:0 0 12px}nav{font-size:13px;color:#666;margin:6px 0 0}"
    "nav a{color:#2563a6;margin-right:10px;text-decoration:none}"
    ".empty{background:#fff4e5;border-left:4px solid #e6691f;padding:10px 14px;margin:12px 0}"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(128px,1fr));gap:10px;"
    "margin:10px 0 14px}"
    ".card{border:1px solid #ddd;border-radius:6px;padding:10px 12px;background:#fafafa}"
    ".card .k{font-size:12px;color:#666;text-transform:uppercase;letter-spacing:.03em}"
    ".card .v{font-size:26px;font-weight:700;margin:2px 0}"
    ".card .v.s{font-size:17px;padding:6px 0 3px}.card .d{font-size:12px;color:#555}.card.good .v{color:#1f6fb2}.card.bad .v{color:#c4501a}"
    "ul.findings{margin:6px 0 0 0;padding-left:20px}ul.findings li{margin:3px 0}"
    "svg.chart{display:block;max-width:100%;height:auto;font-family:inherit}"
    ".multiples{display:grid;grid-template-columns:1fr 1fr;gap:4px 20px}"
    ".legend{font-size:13px;color:#444;margin:4px 0}.sw{display:inline-block;width:11px;"
    "height:11px;margin:0 4px 0 10px;vertical-align:-1px}"
    "table{border-collapse:collapse;width:100%;font-size:13.5px;margin:6px 0}"
    "th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid #e4e4e4}"
    "th{background:#f0f0ee;font-weight:600}td.n{text-align:right;white-space:nowrap}"
    "ol.timeline{list-style:none;padding:0;margin:0;border-left:3px solid #ccc}"
    "ol.timeline li{position:relative;margin:0 0 14px;padding-left:18px}"
    "ol.timeline li:before{content:'';position:absolute;left:-8px;top:5px;width:13px;"
    "height:13px;border-radius:50%;background:#999}"
    "ol.timeline li.q1:before{background:#9ecae1}ol.timeline li.q2:before{background:#2171b5}"
    "ol.timeline li.q3:before{background:#fdae6b}ol.timeline li.q4:before{background:#d94801}"
    ".when{font-weight:700}.cap{color:#555;font-size:13px}"
    "blockquote{margin:4px 0;padding:4px 10px;border-left:3px solid #e0e0e0;color:#222;"
    "background:#fafafa}"
    ".src{font-size:12.5px;color:#666}.tag{display:inline-block;font-size:11px;padding:0 6px;"
    "border-radius:8px;background:#eee;color:#444;margin-left:6px}"
    ".tag.disputed{background:#fde2d2;color:#8a3200}"
    ".band{font-weight:700}.note{font-size:13px;color:#555}"
    "footer{margin-top:36px;font-size:12px;color:#888}"
    "@media print{body{background:#fff}main{padding:0}h2{break-after:avoid}"
    "section{break-inside:avoid-page}}"
    "@media (max-width:700px){.multiples{grid-template-columns:1fr}}";

static void esc(dw_writer *o, const char *s) {
    if (!o->rc) o->rc = dw_xml_escape(o->b, s);
}

/* Escaped text inside an element: <tag class="cls">text</tag>. */
static void el(dw_writer *o, const char *tag, const char *cls, const char *text) {
    if (cls) dw_putf(o, "<%s class=\"%s\">", tag, cls);
    else dw_putf(o, "<%s>", tag);
    esc(o, text);
    dw_putf(o, "</%s>\n", tag);
}

static void chart(dw_writer *o, dw_chart *c) {
    dw_draw d;
    dw_error err = {0};
    if (!o->rc) o->rc = dw_chart_layout(c, &d, &err);
    if (!o->rc) o->rc = dw_svg_render(&d, o->b);
    dw_put(o, "\n");
    dw_draw_free(&d);
    dw_chart_free(c);
}

static void figure(dw_writer *o, const dw_review *r, dw_figure f, double width) {
    dw_chart c;
    if (o->rc) return;
    o->rc = dw_review_figure(r, f, width, &c);
    if (!o->rc) chart(o, &c);
}

static void swatch(dw_writer *o, unsigned color, const char *label) {
    dw_putf(o, "<span class=\"sw\" style=\"background:#%06x\"></span>", color & 0xFFFFFFu);
    esc(o, label);
}

static void drivers(dw_writer *o, const dw_event_list *l) {
    for (size_t k = 0; k < l->n; k++) {
        const dw_event_info *e = &l->v[k];
        if (dw_review_driver_repeats(l, k)) continue;
        dw_putf(o, "%s<span class=\"src\">", k ? "<br>" : "");
        esc(o, e->date);
        dw_put(o, "</span> ");
        esc(o, e->text && *e->text ? e->text : "(no sentence)");
    }
}

static void changes_table(dw_writer *o, const dw_change_list *l, const char *what,
                          const char *fmt) {
    if (!l->n) {
        dw_putf(o, "<p class=\"note\">No change-point in %s.</p>\n", what);
        return;
    }
    dw_putf(o, "<table><tr><th>From</th><th>%s before → after</th><th>Events that drive "
            "it</th></tr>\n",
         what);
    for (size_t k = 0; k < l->n; k++) {
        const dw_change *c = &l->v[k];
        dw_put(o, "<tr><td class=\"n\">");
        esc(o, c->label);
        dw_put(o, "</td><td class=\"n\">");
        dw_putf(o, fmt, c->before, c->after);
        dw_put(o, "</td><td>");
        drivers(o, &c->drivers);
        dw_put(o, "</td></tr>\n");
    }
    dw_put(o, "</table>\n");
}

static void headline(dw_writer *o, const dw_review *r) {
    dw_headline h[DW_REVIEW_HEADLINES];
    dw_review_headlines(r, h);
    dw_put(o, "<section id=\"headline\"><h2>Headline figures</h2>\n<div class=\"cards\">\n");
    for (int i = 0; i < DW_REVIEW_HEADLINES; i++) {
        dw_putf(o, "<div class=\"card%s\"><div class=\"k\">",
             h[i].tone > 0 ? " good" : h[i].tone < 0 ? " bad" : "");
        esc(o, h[i].label);
        dw_put(o, strlen(h[i].value) > 7 ? "</div><div class=\"v s\">" : "</div><div class=\"v\">");
        esc(o, h[i].value);
        dw_put(o, "</div><div class=\"d\">");
        esc(o, h[i].sub);
        dw_put(o, "</div></div>\n");
    }
    dw_put(o, "</div>\n");
    if (r->nfindings) {
        dw_put(o, "<h3>What changed</h3><ul class=\"findings\">\n");
        for (size_t i = 0; i < r->nfindings; i++) el(o, "li", NULL, r->findings[i]);
        dw_put(o, "</ul>\n");
    }
    dw_put(o, "</section>\n");
}

static void tracks(dw_writer *o, const dw_review *r) {
    dw_put(o, "<section id=\"tracks\"><h2>Events per track</h2>\n");
    dw_chart cs[DW_NTRACKS];
    size_t n = 0;
    if (!o->rc) o->rc = dw_review_track_charts(r, SMALL_W, cs, &n);
    if (!n) {
        dw_put(o, "<p class=\"note\">No events on any track.</p>\n");
    } else {
        dw_put(o, "<p class=\"legend\">One panel per track, on one scale:");
        swatch(o, 0x4A89C8u, "cooperation (quad 1–2)");
        swatch(o, 0xE6691Fu, "conflict (quad 3–4)");
        dw_put(o, "</p>\n<div class=\"multiples\">\n");
        for (size_t i = 0; i < n; i++) chart(o, &cs[i]);
        dw_put(o, "</div>\n");
    }
    dw_put(o, "</section>\n");
}

static void goldstein(dw_writer *o, const dw_review *r) {
    dw_put(o, "<section id=\"goldstein\"><h2>Tone: the Goldstein scale and its "
              "change-points</h2>\n");
    figure(o, r, DW_FIG_GOLDSTEIN, CHART_W);
    dw_put(o, "<p class=\"note\">The line is the mean Goldstein score of each period's events "
           "(gaps: no events); red dashed lines mark PELT's change-points and the segment "
           "means.</p>\n");
    figure(o, r, DW_FIG_BOCPD, CHART_W);
    if (r->has_bocpd)
        dw_putf(o, "<p>Bayesian online change-point detection: the probability that the current "
                "tone began within the last %zu periods with events is <b>%.2f</b>; the most "
                "probable current run is %zu period%s long.</p>\n",
             r->bocpd_recent, r->bocpd_p_recent, r->bocpd_run, r->bocpd_run == 1 ? "" : "s");
    else
        dw_put(o, "<p class=\"note\">BOCPD needs at least four periods with events.</p>\n");
    dw_put(o, "<h3>Change-points in tone</h3>\n");
    changes_table(o, &r->gold_changes, "Goldstein mean", "%+.2f → %+.2f");
    dw_put(o, "</section>\n");
}

static void dual(dw_writer *o, const dw_review *r) {
    dw_put(o, "<section id=\"dual-track\"><h2>Dual track: cooperation on one track, conflict on "
           "another</h2>\n");
    figure(o, r, DW_FIG_DUAL, CHART_W);
    dw_put(o, "<p class=\"note\">Bars up: cooperative events on the economy and diplomacy tracks; "
           "bars down: conflictual events on the security, water, narcotics, migration and "
           "ideology tracks; the line is the gap; purple dashed lines mark divergent "
           "periods.</p>\n");
    if (r->empty) el(o, "p", NULL, "No events, so no divergence.");
    else el(o, "p", NULL, r->divergence.summary);
    size_t shown = 0;
    for (size_t i = 0; i < r->divergence.n; i++)
        if (r->divergence.rows[i].divergent) {
            if (!shown++) dw_put(o, "<ul>\n");
            el(o, "li", NULL, r->divergence.rows[i].statement);
        }
    if (shown) dw_put(o, "</ul>\n");
    dw_put(o, "</section>\n");
}

static void event_item(dw_writer *o, const dw_event_info *e, const char *sources) {
    char date[64], cap[256];
    dw_review_event_date(e, date, sizeof date);
    dw_review_event_caption(e, cap, sizeof cap);
    dw_putf(o, "<li class=\"q%d\"><span class=\"when\">",
            e->quad >= 1 && e->quad <= 4 ? e->quad : 0);
    esc(o, date);
    dw_put(o, "</span>");
    if (e->disputed) dw_put(o, "<span class=\"tag disputed\">disputed</span>");
    if (e->modality == DW_CLAIMED) dw_put(o, "<span class=\"tag\">claimed</span>");
    dw_put(o, "<div class=\"cap\">");
    esc(o, cap);
    if (e->has_killed) dw_putf(o, " · %.0f killed", e->killed);
    dw_put(o, "</div><blockquote>");
    esc(o, e->text && *e->text ? e->text : "(no sentence stored)");
    dw_putf(o, "</blockquote><div class=\"src\">%ld report%s, %ld source%s: ", e->mentions,
         e->mentions == 1 ? "" : "s", e->sources, e->sources == 1 ? "" : "s");
    esc(o, sources && *sources ? sources : "unnamed");
    dw_put(o, "</div></li>\n");
}

static void timeline(dw_writer *o, const dw_review *r) {
    dw_put(o, "<section id=\"timeline\"><h2>Timeline of the most important events</h2>\n");
    if (!r->timeline.n) {
        dw_put(o, "<p class=\"note\">No events in this range.</p></section>\n");
        return;
    }
    dw_put(o, "<p class=\"note\">The most reported events of the whole range, the leading event of "
           "each stretch of it and those of each change in activity; each with the sentence it "
           "was coded from, its date and the precision of that date, and its sources.</p>\n"
           "<ol class=\"timeline\">\n");
    for (size_t i = 0; i < r->timeline.n; i++)
        event_item(o, &r->timeline.v[i], r->timeline_sources ? r->timeline_sources[i] : "");
    dw_put(o, "</ol>\n</section>\n");
}

static void disputed(dw_writer *o, const dw_review *r) {
    dw_put(o, "<section id=\"disputed\"><h2>Disputed facts</h2>\n");
    if (!r->disputed.n) {
        dw_put(o, "<p class=\"note\">No disputed facts: where several reports tell one event, they "
               "agree on its date, death toll and direction.</p></section>\n");
        return;
    }
    dw_put(o, "<p class=\"note\">Events whose reports disagree; each version with the reports and "
           "sources behind it.</p>\n<table><tr><th>Event</th><th>Disagreement</th>"
           "<th>Versions</th></tr>\n");
    for (size_t i = 0; i < r->disputed.n; i++) {
        const dw_event_info *e = &r->disputed.v[i];
        const dw_version_list *vl = &r->versions[i];
        char date[64], cap[256];
        dw_review_event_date(e, date, sizeof date);
        dw_review_event_caption(e, cap, sizeof cap);
        dw_put(o, "<tr><td><b>");
        esc(o, date);
        dw_put(o, "</b><br><span class=\"cap\">");
        esc(o, cap);
        dw_put(o, "</span><blockquote>");
        esc(o, e->text ? e->text : "");
        dw_put(o, "</blockquote></td><td>");
        static const int F[] = {DW_DISPUTE_DATE, DW_DISPUTE_KILLED, DW_DISPUTE_DIRECTION};
        int first = 1;
        for (int k = 0; k < 3; k++)
            if (e->disputed & (unsigned)F[k]) {
                dw_putf(o, "%s%s", first ? "" : ", ", dw_dispute_label(F[k]));
                first = 0;
            }
        dw_put(o, "</td><td>");
        for (size_t k = 0; k < vl->n; k++) {
            dw_putf(o, "%s<b>%s:</b> ", k ? "<br>" : "", dw_dispute_label(vl->v[k].field));
            esc(o, vl->v[k].value);
            dw_putf(o, " — %ld report%s (", vl->v[k].mentions, vl->v[k].mentions == 1 ? "" : "s");
            esc(o, vl->v[k].sources);
            dw_put(o, ")");
        }
        dw_put(o, "</td></tr>\n");
    }
    dw_put(o, "</table>\n</section>\n");
}

static void alerts(dw_writer *o, const dw_review *r) {
    dw_put(o, "<section id=\"alerts\"><h2>Alerts</h2>\n");
    const dw_alert_list *l = &r->alerts;
    if (r->empty || !r->series.n) {
        dw_put(o, "<p class=\"note\">No events, so no alerts.</p></section>\n");
        return;
    }
    const char *label = r->series.rows[l->latest_row].label;
    if (l->latest_band == DW_BAND_NONE) {
        dw_put(o, "<p>Latest period ");
        esc(o, label);
        dw_putf(o, ": %.0f events; no earlier period to compare with.</p>\n", l->latest_value);
    } else {
        dw_put(o, "<p>Latest period <b>");
        esc(o, label);
        dw_putf(o, "</b>: %.0f events against a baseline of %.2f", l->latest_value,
             l->latest_baseline);
        if (isfinite(l->latest_pct)) dw_putf(o, " (%+.0f%%)", l->latest_pct);
        dw_putf(o, ": <span class=\"band\">%s</span>.</p>\n", dw_band_name(l->latest_band));
    }
    dw_alert_ref refs[16];
    size_t shown = dw_review_alerts(r, refs, 16);
    for (size_t k = 0; k < shown; k++) {
        const dw_alert *a = refs[k].a;
        if (!k)
            dw_put(o, "<table><tr><th>Period</th><th>Count</th><th>Alert</th><th>Events behind "
                   "it</th></tr>\n");
        dw_put(o, "<tr><td class=\"n\">");
        esc(o, a->label);
        dw_putf(o, "</td><td>%s</td><td><span class=\"band\">%s</span><br>", refs[k].metric,
             dw_alert_kind_name(a->kind));
        esc(o, a->text);
        dw_put(o, "</td><td>");
        drivers(o, &a->drivers);
        dw_put(o, "</td></tr>\n");
    }
    if (shown) dw_put(o, "</table>\n");
    else
        dw_put(o, "<p class=\"note\">No alert: no period rose or fell outside the limited "
                  "band.</p>\n");
    dw_put(o, "<h3>Change-points in activity</h3>\n");
    changes_table(o, &r->event_changes, "events per period", "%.2f → %.2f");
    dw_put(o, "</section>\n");
}

static void methods(dw_writer *o, const dw_review *r) {
    dw_put(o, "<section id=\"methods\"><h2>Methods and caveats</h2>\n<ul>\n");
    char lines[DW_REVIEW_MAX_METHODS][640];
    size_t n = dw_review_methods(r, lines, DW_REVIEW_MAX_METHODS);
    for (size_t i = 0; i < n; i++) el(o, "li", NULL, lines[i]);
    dw_put(o, "</ul>\n");
    figure(o, r, DW_FIG_SOURCES, CHART_W);
    dw_put(o, "</section>\n");
}

int dw_review_html(const dw_review *r, dw_buf *out, dw_error *err) {
    dw_writer o = {out, DW_OK};
    char range[96];
    dw_review_range(r, range, sizeof range);
    dw_put(&o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    esc(&o, r->a);
    dw_put(&o, " and ");
    esc(&o, r->b);
    dw_put(&o, ": statistical review, ");
    esc(&o, range);
    dw_put(&o, "</title>\n<style>");
    dw_put(&o, CSS);
    dw_put(&o, "</style>\n</head>\n<body>\n<main>\n<header><h1>");
    esc(&o, r->a);
    dw_put(&o, " and ");
    esc(&o, r->b);
    dw_put(&o, ": statistical review</h1>\n<p class=\"sub\">");
    esc(&o, range);
    if (r->from[0]) {
        dw_put(&o, " (");
        esc(&o, r->from);
        dw_put(&o, " to ");
        esc(&o, r->to);
        dw_put(&o, ")");
    }
    dw_put(&o, " · events coded from news reports, both directions</p>\n"
            "<nav><a href=\"#headline\">Headline</a><a href=\"#tracks\">Tracks</a>"
            "<a href=\"#quads\">Quad classes</a><a href=\"#goldstein\">Tone</a>"
            "<a href=\"#dual-track\">Dual track</a><a href=\"#timeline\">Timeline</a>"
            "<a href=\"#disputed\">Disputed facts</a><a href=\"#alerts\">Alerts</a>"
            "<a href=\"#methods\">Methods</a></nav></header>\n");
    if (r->empty) el(&o, "p", "empty", r->empty_reason);
    headline(&o, r);
    tracks(&o, r);
    dw_put(&o, "<section id=\"quads\"><h2>Quad classes over time</h2>\n");
    figure(&o, r, DW_FIG_QUADS, CHART_W);
    dw_put(&o, "<p class=\"note\">Verbal and material cooperation and conflict, stacked; red "
            "dashed lines mark PELT's change-points in the number of events, black dashes the "
            "mean level of each segment.</p>\n</section>\n");
    goldstein(&o, r);
    dual(&o, r);
    timeline(&o, r);
    disputed(&o, r);
    alerts(&o, r);
    methods(&o, r);
    dw_put(&o, "<footer>dyadwatch " DW_VERSION
            " · a statistical review of coded events; figures are counts of reported events."
            "</footer>\n</main>\n</body>\n</html>\n");
    if (o.rc) return dw_fail(err, o.rc, "review: out of memory writing HTML");
    return DW_OK;
}
