/*
 * alerts.c — ACLED-style change bands, surges and recent regime changes
 * of a dyad series (analyze.h).
 *
 * Bands compare a period with its baseline, the mean of the `baseline`
 * periods before it (ACLED's conflict-change bands):
 *     above +25%       large increase
 *     +10% to +25%     moderate increase   (10 < change ≤ 25)
 *     −25% to +10%     limited             (−25 ≤ change ≤ 10)
 *     below −25%       large decrease
 * and "limited" whatever the change when the baseline is 2 or fewer — too
 * few events for a percentage to mean anything.
 * A surge is a period at least surge_factor (2) times the mean of the
 * previous four and at least surge_min (3) — so one or two events after a
 * quiet spell are not a surge; it replaces a large-increase alert.
 * A regime alert comes from BOCPD: the current level began within the last
 * `recent` periods with posterior probability at least regime_prob.
 *
 * Alerts cover every period from the first with a full baseline (or only
 * the last, latest_only), oldest first; the regime alert comes last.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/internal.h"

static const char *const BAND_NAMES[] = {"none", "limited", "moderate increase",
                                         "large increase", "large decrease"};
static const char *const KIND_NAMES[] = {"large increase", "moderate increase",
                                         "large decrease", "surge", "regime change"};

const char *dw_band_name(dw_band b) {
    return b >= DW_BAND_NONE && b <= DW_BAND_LARGE_DECREASE ? BAND_NAMES[b] : "?";
}

const char *dw_alert_kind_name(dw_alert_kind k) {
    return k >= DW_ALERT_LARGE_INCREASE && k <= DW_ALERT_REGIME ? KIND_NAMES[k] : "?";
}

dw_band dw_change_band(double baseline, double value, double *pct) {
    double p = baseline > 0 ? (value - baseline) / baseline * 100.0 : NAN;
    if (pct) *pct = p;
    if (!isfinite(baseline) || !isfinite(value)) return DW_BAND_NONE;
    if (baseline <= 2) return DW_BAND_LIMITED;
    if (p > 25) return DW_BAND_LARGE_INCREASE;
    if (p > 10) return DW_BAND_MODERATE_INCREASE;
    if (p >= -25) return DW_BAND_LIMITED;
    return DW_BAND_LARGE_DECREASE;
}

void dw_alert_list_free(dw_alert_list *l) {
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) dw_event_list_free(&l->v[i].drivers);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static const char *metric_words(dw_metric m) {
    switch (m) {
    case DW_METRIC_CONFLICT: return "conflict events";
    case DW_METRIC_COOPERATION: return "cooperation events";
    case DW_METRIC_FATALITIES: return "fatalities";
    case DW_METRIC_MENTIONS: return "reports";
    default: return "events";
    }
}

static dw_alert *push(dw_alert_list *l) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        dw_alert *v = realloc(l->v, cap * sizeof *v);
        if (!v) return NULL;
        l->v = v;
        l->cap = cap;
    }
    dw_alert *a = &l->v[l->n++];
    memset(a, 0, sizeof *a);
    return a;
}

static void fill(dw_alert *a, const dw_series *s, size_t row, dw_alert_kind kind) {
    a->kind = kind;
    a->row = row;
    memcpy(a->label, s->rows[row].label, sizeof a->label);
    a->first_day = s->rows[row].first_day;
    a->last_day = s->rows[row].last_day;
    a->prob = NAN;
}

static double mean_of(const double *y, size_t from, size_t to) {
    double sum = 0;
    for (size_t i = from; i < to; i++) sum += y[i];
    return to > from ? sum / (double)(to - from) : NAN;
}

/* The band or surge alert of row i, if any. */
static int period_alert(dw_alert_list *out, const dw_series *s, const double *y, size_t i,
                        size_t w, const dw_alert_opts *o, double factor, double surge_min) {
    double base = mean_of(y, i - w, i), pct;
    dw_band band = dw_change_band(base, y[i], &pct);
    int surge = y[i] >= factor * base && y[i] >= surge_min;
    dw_alert_kind kind;
    if (surge) kind = DW_ALERT_SURGE;
    else if (band == DW_BAND_LARGE_INCREASE) kind = DW_ALERT_LARGE_INCREASE;
    else if (band == DW_BAND_MODERATE_INCREASE) kind = DW_ALERT_MODERATE_INCREASE;
    else if (band == DW_BAND_LARGE_DECREASE) kind = DW_ALERT_LARGE_DECREASE;
    else return DW_OK;
    dw_alert *a = push(out);
    if (!a) return DW_ENOMEM;
    fill(a, s, i, kind);
    a->before = base;
    a->after = y[i];
    a->pct = pct;
    a->band = band;
    const char *what = metric_words(o->metric);
    if (surge)
        snprintf(a->text, sizeof a->text,
                 "%s: surge in %s between %s and %s — %g, %.1f times the average of the "
                 "previous %zu periods (%.2f)",
                 a->label, what, s->a, s->b, y[i], base > 0 ? y[i] / base : INFINITY, w, base);
    else
        snprintf(a->text, sizeof a->text,
                 "%s: %s in %s between %s and %s — %g against an average of %.2f over the "
                 "previous %zu periods (%+.0f%%)",
                 a->label, dw_band_name(band), what, s->a, s->b, y[i], base, w, pct);
    return DW_OK;
}

static int regime_alert(dw_alert_list *out, const dw_series *s, const double *y,
                        const dw_alert_opts *o, size_t recent, double threshold,
                        dw_error *err) {
    dw_changes c;
    dw_bocpd_opts bo = {DW_COST_POISSON, 0, recent, 0, 0};
    int rc = dw_bocpd(y, s->n, &bo, &c, err);
    if (rc) return rc;
    if (c.n && c.at[c.n - 1] + recent >= s->n && c.p_recent >= threshold) {
        size_t row = c.at[c.n - 1];
        dw_alert *a = push(out);
        if (!a) {
            dw_changes_free(&c);
            return dw_fail(err, DW_ENOMEM, "out of memory raising alerts");
        }
        fill(a, s, row, DW_ALERT_REGIME);
        a->before = c.seg[c.n - 1].mean;
        a->after = c.seg[c.n].mean;
        a->pct = a->before > 0 ? (a->after - a->before) / a->before * 100 : NAN;
        a->band = DW_BAND_NONE;
        a->prob = c.p_recent;
        snprintf(a->text, sizeof a->text,
                 "since %s the level of %s between %s and %s has moved from %.2f to %.2f a "
                 "period (probability %.2f that it changed in the last %zu periods)",
                 a->label, metric_words(o->metric), s->a, s->b, a->before, a->after,
                 c.p_recent, recent);
    }
    dw_changes_free(&c);
    return DW_OK;
}

int dw_series_alerts(dw_store *st, const dw_series *s, const dw_alert_opts *o,
                     dw_alert_list *out, dw_error *err) {
    memset(out, 0, sizeof *out);
    out->latest_band = DW_BAND_NONE;
    out->latest_value = out->latest_baseline = out->latest_pct = NAN;
    static const dw_alert_opts DEFAULTS = {.track = DW_TRACK_ALL, .dir = DW_DIR_BOTH};
    if (!o) o = &DEFAULTS;
    if (!s) return dw_fail(err, DW_EINVAL, "alerts need a series");
    if (o->metric < 0 || o->metric >= DW_NMETRICS || !dw_metric_is_count(o->metric))
        return dw_fail(err, DW_EINVAL, "alerts need a count metric (events, conflict, "
                                       "cooperation, fatalities or mentions)");
    size_t w = o->baseline ? o->baseline : 4, recent = o->recent ? o->recent : 3;
    double factor = o->surge_factor > 0 ? o->surge_factor : 2;
    double surge_min = o->surge_min > 0 ? o->surge_min : 3;
    double threshold = o->regime_prob > 0 ? o->regime_prob : 0.5;
    if (w > 1000 || recent > 12)
        return dw_fail(err, DW_EINVAL, "the baseline is 1 to 1000 periods, the recent window 1 to 12");
    size_t n = s->n;
    if (n == 0) return DW_OK;
    double *y = malloc(n * sizeof *y);
    if (!y) return dw_fail(err, DW_ENOMEM, "out of memory raising alerts");
    int rc = dw_series_values(s, o->metric, o->dir, o->track, y, NULL, err);
    if (rc) goto done;

    size_t last = n - 1, avail = last < w ? last : w;
    out->latest_row = last;
    out->latest_value = y[last];
    if (avail) {
        out->latest_baseline = mean_of(y, last - avail, last);
        out->latest_band = dw_change_band(out->latest_baseline, y[last], &out->latest_pct);
    }
    for (size_t i = o->latest_only ? last : w; !rc && i < n; i++)
        if (i >= w && period_alert(out, s, y, i, w, o, factor, surge_min))
            rc = dw_fail(err, DW_ENOMEM, "out of memory raising alerts");
    if (!rc && n >= 8) rc = regime_alert(out, s, y, o, recent, threshold, err);
    for (size_t i = 0; !rc && i < out->n; i++)
        rc = dw_series_drivers(st, s, out->v[i].row, o->dir, o->track, o->drivers,
                               &out->v[i].drivers, err);
done:
    free(y);
    if (rc) dw_alert_list_free(out);
    return rc;
}
