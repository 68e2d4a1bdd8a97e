/*
 * changes.c — change-points of a dyad series (analyze.h): the series'
 * values for one metric and direction, PELT or BOCPD on them, and for
 * each change the level before and after and the events that drive it.
 *
 * Counts (events, conflict, cooperation, fatalities, reports) use the
 * Poisson cost; the Goldstein mean and net cooperation the normal one.
 * The Goldstein mean is undefined in a period without events, so those
 * periods are left out of its series (a change is then dated to the first
 * period with events at the new level).
 *
 * The drivers of a change are the most reported events of the first period
 * at the new level (most reports, then sources, then |Goldstein|).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/internal.h"

void dw_change_list_free(dw_change_list *l) {
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) dw_event_list_free(&l->v[i].drivers);
    free(l->v);
    memset(l, 0, sizeof *l);
}

int dw_series_drivers(dw_store *s, const dw_series *series, size_t row, dw_dir dir, int track,
                      size_t limit, dw_event_list *out, dw_error *err) {
    if (!s || limit == 0 || row >= series->n) return DW_OK;
    dw_event_filter f = {0};
    f.a = series->a;
    f.b = series->b;
    f.track = track == DW_TRACK_ALL ? series->track : track;
    f.dir = dir;
    f.all_modalities = series->all_modalities;
    int64_t lo = series->rows[row].first_day, hi = series->rows[row].last_day;
    if (lo < series->from_day) lo = series->from_day;
    if (hi > series->to_day) hi = series->to_day;
    return dw_events_select_days(s, &f, lo, hi, DW_ORDER_IMPORTANCE, limit, out, err);
}

static int check(const dw_series *series, const dw_change_opts *o, dw_error *err) {
    if (!series || !o) return dw_fail(err, DW_EINVAL, "change-points need a series and options");
    if (o->method != DW_CP_PELT && o->method != DW_CP_BOCPD)
        return dw_fail(err, DW_EINVAL, "bad change-point method %d", (int)o->method);
    if (o->metric < 0 || o->metric >= DW_NMETRICS)
        return dw_fail(err, DW_EINVAL, "bad metric %d", (int)o->metric);
    if (o->dir < 0 || o->dir >= DW_NDIRS)
        return dw_fail(err, DW_EINVAL, "bad direction %d", (int)o->dir);
    if (o->drivers > 1000) return dw_fail(err, DW_EINVAL, "at most 1000 drivers per change");
    return DW_OK;
}

int dw_series_changes(dw_store *s, const dw_series *series, const dw_change_opts *o,
                      dw_change_list *out, dw_error *err) {
    memset(out, 0, sizeof *out);
    int rc = check(series, o, err);
    if (rc) return rc;
    out->cost = dw_metric_is_count(o->metric) ? DW_COST_POISSON : DW_COST_NORMAL;
    size_t n = series->n;
    if (n == 0) return DW_OK;
    double *vals = malloc(n * sizeof *vals), *y = malloc(n * sizeof *y);
    unsigned char *def = malloc(n);
    size_t *row_of = malloc(n * sizeof *row_of);
    dw_changes c = {0};
    if (!vals || !y || !def || !row_of) {
        rc = dw_fail(err, DW_ENOMEM, "out of memory finding change-points");
        goto done;
    }
    rc = dw_series_values(series, o->metric, o->dir, o->track, vals, def, err);
    size_t m = 0;
    for (size_t i = 0; !rc && i < n; i++)
        if (def[i]) y[m] = vals[i], row_of[m++] = i;
    out->points = m;
    if (rc || m < 4) goto done;
    if (o->method == DW_CP_PELT) {
        dw_pelt_opts po = {out->cost, o->penalty, 0};
        rc = dw_pelt(y, m, &po, &c, err);
        out->penalty = c.penalty;
    } else {
        dw_bocpd_opts bo = {out->cost, o->hazard, 0, 0, 0};
        rc = dw_bocpd(y, m, &bo, &c, err);
    }
    if (rc) goto done;
    out->v = c.n ? calloc(c.n, sizeof *out->v) : NULL;
    if (c.n && !out->v) {
        rc = dw_fail(err, DW_ENOMEM, "out of memory finding change-points");
        goto done;
    }
    out->cap = c.n;
    for (size_t i = 0; i < c.n; i++) {
        dw_change *ch = &out->v[out->n++];
        ch->row = row_of[c.at[i]];
        const dw_series_row *r = &series->rows[ch->row];
        memcpy(ch->label, r->label, sizeof ch->label);
        ch->first_day = r->first_day;
        ch->last_day = r->last_day;
        ch->before = c.seg[i].mean;
        ch->after = c.seg[i + 1].mean;
        ch->prob = c.prob ? c.prob[i] : NAN;
        if (!rc) rc = dw_series_drivers(s, series, ch->row, o->dir, o->track, o->drivers,
                                        &ch->drivers, err);
    }
done:
    free(vals);
    free(y);
    free(def);
    free(row_of);
    dw_changes_free(&c);
    if (rc) dw_change_list_free(out);
    return rc;
}
