/*
 * words.c — the review's words that every writer shares: headline cards,
 * the methods section's caveats and event captions, as plain UTF-8 text
 * (each writer escapes it for its format).  Keeping them here means the
 * HTML, Markdown and PDF reviews say the same things.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* "+56% vs 2024", "new in 2025 (none in 2024)", "" with fewer than two periods. */
static void delta(const dw_review *r, double last, double prev, const char *what, char *out,
                  size_t cap) {
    const dw_series *s = &r->series;
    out[0] = '\0';
    if (s->n < 2) return;
    const char *ll = s->rows[s->n - 1].label, *pl = s->rows[s->n - 2].label;
    char v[48];
    snprintf(v, sizeof v, fabs(last - round(last)) < 1e-9 ? "%.0f%s%s" : "%.1f%s%s", last, what,
             what[0] && last != 1 ? "s" : "");
    what = "";
    if (prev == 0 && last == 0) snprintf(out, cap, "%s: %s%s, as in %s", ll, v, what, pl);
    else if (prev == 0) snprintf(out, cap, "%s: %s%s (none in %s)", ll, v, what, pl);
    else snprintf(out, cap, "%s: %s%s, %+.0f%% vs %s", ll, v, what, (last - prev) / fabs(prev) * 100, pl);
}

static void fmt_killed(const dw_series_cell *c, char *out, size_t cap) {
    if (!c->killed_events) {
        snprintf(out, cap, "none reported");
        return;
    }
    if (c->killed_low != c->killed || c->killed_high != c->killed)
        snprintf(out, cap, "%.0f (%.0f–%.0f)", c->killed, c->killed_low, c->killed_high);
    else
        snprintf(out, cap, "%.0f", c->killed);
}

void dw_review_headlines(const dw_review *r, dw_headline h[DW_REVIEW_HEADLINES]) {
    memset(h, 0, DW_REVIEW_HEADLINES * sizeof *h);
    const dw_series *s = &r->series;
    const dw_series_cell *t = &r->total;
    const dw_series_cell *last = s->n ? &s->rows[s->n - 1].dir[DW_DIR_BOTH] : t;
    const dw_series_cell *prev = s->n > 1 ? &s->rows[s->n - 2].dir[DW_DIR_BOTH] : t;
    static const char *LABELS[DW_REVIEW_HEADLINES] = {
        "Events", "Reports (mentions)", "Sources", "Fatalities", "Net cooperation",
        "Conflict share", "Change vs previous period"};
    for (int i = 0; i < DW_REVIEW_HEADLINES; i++) {
        snprintf(h[i].label, sizeof h[i].label, "%s", LABELS[i]);
        snprintf(h[i].value, sizeof h[i].value, "–");
    }
    if (r->empty) {
        for (int i = 0; i < DW_REVIEW_HEADLINES; i++) {
            if (i < 3) snprintf(h[i].value, sizeof h[i].value, "0");
            snprintf(h[i].sub, sizeof h[i].sub, "no events");
        }
        return;
    }
    snprintf(h[0].value, sizeof h[0].value, "%ld", t->events);
    delta(r, (double)last->events, (double)prev->events, " event", h[0].sub, sizeof h[0].sub);
    snprintf(h[1].value, sizeof h[1].value, "%ld", t->mentions);
    delta(r, (double)last->mentions, (double)prev->mentions, " report", h[1].sub,
          sizeof h[1].sub);
    snprintf(h[2].value, sizeof h[2].value, "%ld", t->sources);
    delta(r, (double)last->sources, (double)prev->sources, " source", h[2].sub,
          sizeof h[2].sub);
    fmt_killed(t, h[3].value, sizeof h[3].value);
    if (t->killed_events)
        snprintf(h[3].sub, sizeof h[3].sub, "best estimate (low–high) over %ld event%s",
                 t->killed_events, t->killed_events == 1 ? "" : "s");
    else
        snprintf(h[3].sub, sizeof h[3].sub, "no report gives a death toll");
    h[3].tone = t->killed > 0 ? -1 : 0;
    long net = dw_cell_net_cooperation(t);
    snprintf(h[4].value, sizeof h[4].value, "%+ld", net);
    h[4].tone = net > 0 ? 1 : net < 0 ? -1 : 0;
    if (s->n > 1)
        snprintf(h[4].sub, sizeof h[4].sub, "%s: %+ld, %+ld vs %s", s->rows[s->n - 1].label,
                 dw_cell_net_cooperation(last),
                 dw_cell_net_cooperation(last) - dw_cell_net_cooperation(prev),
                 s->rows[s->n - 2].label);
    if (!h[4].sub[0]) snprintf(h[4].sub, sizeof h[4].sub, "cooperative minus conflictual events");
    double share = dw_cell_conflict_share(t);
    if (isfinite(share)) snprintf(h[5].value, sizeof h[5].value, "%.0f%%", share * 100);
    h[5].tone = isfinite(share) && share > 0.5 ? -1 : 0;
    double ls = dw_cell_conflict_share(last), ps = dw_cell_conflict_share(prev);
    if (s->n > 1 && isfinite(ls) && isfinite(ps))
        snprintf(h[5].sub, sizeof h[5].sub, "%s: %.0f%%, %+.0f points vs %s",
                 s->rows[s->n - 1].label, ls * 100, (ls - ps) * 100, s->rows[s->n - 2].label);
    else
        snprintf(h[5].sub, sizeof h[5].sub, "of events with a quad class");

    /* the previous range of equal length when there is one, else the last period */
    if (r->has_prev_range) {
        long a = r->prev_range.events, b = t->events;
        if (a) snprintf(h[6].value, sizeof h[6].value, "%+.0f%%", (double)(b - a) / (double)a * 100);
        else snprintf(h[6].value, sizeof h[6].value, "new");
        snprintf(h[6].sub, sizeof h[6].sub, "%ld events against %ld from %s to %s", b, a,
                 r->prev_from, r->prev_to);
    } else if (s->n > 1) {
        long a = prev->events, b = last->events;
        if (a) snprintf(h[6].value, sizeof h[6].value, "%+.0f%%", (double)(b - a) / (double)a * 100);
        else snprintf(h[6].value, sizeof h[6].value, b ? "new" : "0");
        snprintf(h[6].sub, sizeof h[6].sub, "events in %s (%ld) vs %s (%ld)",
                 s->rows[s->n - 1].label, b, s->rows[s->n - 2].label, a);
        if (r->alerts.latest_band != DW_BAND_NONE) {
            size_t len = strlen(h[6].sub);
            snprintf(h[6].sub + len, sizeof h[6].sub - len, "; %s against the last four",
                     dw_band_name(r->alerts.latest_band));
        }
        h[6].tone = 0;
    } else {
        snprintf(h[6].sub, sizeof h[6].sub, "a single %s: nothing to compare",
                 dw_unit_name(r->unit));
    }
}

static const char *precision_words(const char *p) {
    if (strcmp(p, "day") == 0) return "to the day";
    if (strcmp(p, "week") == 0) return "to the week";
    if (strcmp(p, "month") == 0) return "to the month";
    if (strcmp(p, "year") == 0) return "to the year";
    if (strcmp(p, "range") == 0) return "as a range of days";
    if (strcmp(p, "document") == 0) return "only by the date of the report";
    return "without a usable date";
}

size_t dw_review_methods(const dw_review *r, char out[][640], size_t max) {
    size_t n = 0;
#define LINE(...)                                        \
    do {                                                 \
        if (n < max) snprintf(out[n++], 640, __VA_ARGS__); \
    } while (0)
    const dw_series_cell *t = &r->total;
    LINE("Counts are reports of events, not events: they hold what the sources chose to "
         "report, coded automatically (CAMEO, Goldstein, PLOVER) from single sentences, with "
         "the coding errors that implies. Reports of one real event from several documents are "
         "merged into one event, so the %ld events here rest on %ld reports from %ld sources.",
         t->events, t->mentions, t->sources);
    if (!r->empty) {
        char mix[400] = "";
        size_t len = 0;
        for (size_t i = 0; i < r->nprecision && len < sizeof mix - 80; i++) {
            snprintf(mix + len, sizeof mix - len, "%s%ld %s", i ? "; " : "", r->precision[i].n,
                     precision_words(r->precision[i].name));
            len = strlen(mix);
        }
        LINE("Precision of the dates: %s. An event is placed in the period of its first day; "
             "%ld %s dated more coarsely than a %s and sit%s on the first day of that date. "
             "A report dated only by its publication stands for the week before it.",
             mix[0] ? mix : "none", t->imprecise, t->imprecise == 1 ? "is" : "are",
             dw_unit_name(r->unit), t->imprecise == 1 ? "s" : "");
        if (r->nshifts) {
            char list[520] = "";
            size_t l2 = 0;
            for (size_t k = 0; k < r->nshifts && l2 < sizeof list - 120; k++) {
                const dw_source_shift *sh = &r->shifts[k];
                char more[32] = "";
                if (sh->fresh > 4) snprintf(more, sizeof more, " and %ld more", sh->fresh - 4);
                snprintf(list + l2, sizeof list - l2, "%s%s, %ld of %ld sources new (%.160s%s)",
                         k ? "; " : "", r->series.rows[sh->row].label, sh->fresh, sh->total,
                         sh->names, more);
                l2 = strlen(list);
            }
            LINE("The set of sources changed: %s. More events after such a change may mean "
                 "wider coverage rather than more activity.",
                 list);
        } else {
            LINE("The set of sources was steady: no period brought in three or more new sources "
                 "making up half of its sources (%ld sources in all).",
                 r->nsources);
        }
        LINE("Negated and hypothetical events are excluded from every count: %ld negated "
             "(reported as not having happened) and %ld hypothetical (might, could, would) in "
             "this range.",
             r->negated, r->hypothetical);
    } else {
        LINE("%s", r->empty_reason);
    }
    LINE("Change-points: PELT (Killick, Fearnhead and Eckley 2012) with the MBIC penalty, a "
         "Poisson cost on event counts and a normal mean-and-variance cost on the Goldstein "
         "mean (periods without events skipped). BOCPD (Adams and MacKay 2007), hazard 1/100, on "
         "the same Goldstein means: the latest-run probability is the posterior that the "
         "current level began within the last three periods with events.");
    LINE("Alerts follow ACLED's change bands against the mean of the four previous periods: "
         "above +25%% a large increase, +10 to +25%% moderate, −25 to +10%% limited, below "
         "−25%% a large decrease, and limited whenever that baseline is two events or fewer; a "
         "surge is at least twice the baseline.");
    LINE("Dual track: cooperation (quad classes 1–2) on the economy and diplomacy tracks "
         "against conflict (quad classes 3–4) on the security, water, narcotics, migration and "
         "ideology tracks; a period is divergent when both happen in it.");
    LINE("The Goldstein scale scores each event type from −10 (most destabilizing) to +10 "
         "(most cooperative); means are over events, not reports. Figures count asserted and "
         "claimed events between %s and %s in either direction%s%s.",
         r->a, r->b, r->db_label[0] ? ", from the store " : "", r->db_label);
#undef LINE
    return n;
}

void dw_review_event_caption(const dw_event_info *e, char *out, size_t cap) {
    char plover[40] = "";
    if (e->plover[0]) snprintf(plover, sizeof plover, " (%s)", e->plover);
    snprintf(out, cap, "%s → %s · CAMEO %s%s · %s · %s track", e->src, e->tgt, e->cameo, plover,
             dw_quad_label(e->quad), dw_track_name(e->track));
}

void dw_review_event_date(const dw_event_info *e, char *out, size_t cap) {
    const char *p = e->precision[0] ? e->precision : "unknown";
    if (strcmp(p, "document") == 0) p = "report date";
    if (e->date_end[0] && strcmp(e->date_end, e->date))
        snprintf(out, cap, "%s to %s (%s)", e->date, e->date_end, p);
    else
        snprintf(out, cap, "%s (%s)", e->date[0] ? e->date : "undated", p);
}

void dw_review_range(const dw_review *r, char *out, size_t cap) {
    const dw_series *s = &r->series;
    if (!s->n) {
        snprintf(out, cap, "no periods");
        return;
    }
    if (s->n == 1) snprintf(out, cap, "%s, by %s", s->rows[0].label, dw_unit_name(r->unit));
    else
        snprintf(out, cap, "%s to %s, by %s", s->rows[0].label, s->rows[s->n - 1].label,
                 dw_unit_name(r->unit));
}

static int newest_first(const void *x, const void *y) {
    const dw_alert_ref *a = x, *b = y;
    if (a->a->row != b->a->row) return a->a->row > b->a->row ? -1 : 1;
    return strcmp(a->metric, b->metric); /* conflict events before events */
}

size_t dw_review_alerts(const dw_review *r, dw_alert_ref *out, size_t max) {
    const dw_alert_list *lists[2] = {&r->conflict_alerts, &r->alerts};
    static const char *NAMES[2] = {"conflict events", "events"};
    size_t n = 0, all = r->alerts.n + r->conflict_alerts.n;
    if (!max) return 0;
    /* the newest `max` of both lists: take from the ends, then sort */
    size_t k[2] = {lists[0]->n, lists[1]->n};
    while (n < max && n < all) {
        int j = !k[0] ? 1 : !k[1] ? 0 : lists[0]->v[k[0] - 1].row >= lists[1]->v[k[1] - 1].row ? 0 : 1;
        out[n++] = (dw_alert_ref){&lists[j]->v[--k[j]], NAMES[j]};
    }
    qsort(out, n, sizeof *out, newest_first);
    return n;
}

int dw_review_driver_repeats(const dw_event_list *l, size_t k) {
    const char *t = l->v[k].text ? l->v[k].text : "";
    for (size_t i = 0; i < k; i++)
        if (strcmp(l->v[i].text ? l->v[i].text : "", t) == 0) return 1;
    return 0;
}
