/*
 * pelt.c — PELT change-point detection (Killick, Fearnhead & Eckley 2012).
 *
 * Minimizes Σ segment cost + β × changes exactly, in O(n) expected time,
 * by dropping candidate last change-points that can never again be optimal.
 *
 * Costs (−2 log-likelihood at the segment's maximum, constants dropped):
 *   Poisson  2 (S − S log(S/m)) for m points summing to S (0 when S = 0);
 *   normal   m log(2π v) + m v̂/v, with v̂ the segment's variance and
 *            v = max(v̂, floor): the maximum over variances of at least the
 *            floor (5% of the series' variance), so that a short run of
 *            equal values — common in sparse Goldstein series — is not a
 *            nearly free segment of zero variance.
 * Penalty: MBIC (Zhang & Siegmund 2007) as in R's changepoint package —
 * β = (k + 2) log n with k = 1 (Poisson rate) or 2 (mean and variance), and
 * log m added to each segment's cost.  Because of that term a split can
 * cost up to log(n/4) more than the whole, so pruning keeps a margin of
 * K = log(4/n) (Killick et al.'s condition), which keeps the search exact.
 *
 * Invariants: at[] is strictly increasing, each in [min_seg, n − min_seg];
 * segments cover [0, n) in order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/internal.h"

#define TWO_PI 6.283185307179586
#define VAR_FLOOR 0.05 /* of the series' variance */

typedef struct cost_ctx {
    dw_cost cost;
    const double *s1, *s2; /* prefix sums of y (centred) and y² */
    double floor;          /* normal: smallest variance */
    int mbic;
} cost_ctx;

static double seg_cost(const cost_ctx *c, size_t a, size_t b) {
    double m = (double)(b - a), s = c->s1[b] - c->s1[a], out;
    if (c->cost == DW_COST_POISSON) {
        out = s > 0 ? 2 * (s - s * log(s / m)) : 0;
    } else {
        double q = c->s2[b] - c->s2[a];
        double vhat = (q - s * s / m) / m;
        if (vhat < 0) vhat = 0;
        double v = vhat > c->floor ? vhat : c->floor;
        out = m * log(TWO_PI * v) + m * vhat / v;
    }
    return c->mbic ? out + log(m) : out;
}

void dw_segment_stats(const double *y, size_t start, size_t end, double *mean, double *sd) {
    double s = 0, q = 0;
    size_t m = end - start;
    for (size_t i = start; i < end; i++) s += y[i];
    *mean = m ? s / (double)m : NAN;
    for (size_t i = start; i < end; i++) q += (y[i] - *mean) * (y[i] - *mean);
    *sd = m > 1 ? sqrt(q / (double)(m - 1)) : 0;
}

void dw_changes_free(dw_changes *c) {
    if (!c) return;
    free(c->at);
    free(c->seg);
    free(c->prob);
    free(c->p_new);
    free(c->run);
    memset(c, 0, sizeof *c);
}

int dw_changes_segments(const double *y, size_t n, dw_changes *c) {
    c->seg = calloc(c->n + 1, sizeof *c->seg);
    if (!c->seg) return DW_ENOMEM;
    for (size_t i = 0; i <= c->n; i++) {
        dw_segment *g = &c->seg[i];
        g->start = i ? c->at[i - 1] : 0;
        g->end = i < c->n ? c->at[i] : n;
        dw_segment_stats(y, g->start, g->end, &g->mean, &g->sd);
    }
    c->len = n;
    return DW_OK;
}

int dw_cp_check_input(const double *y, size_t n, dw_cost cost, dw_error *err) {
    if (n > DW_CP_MAX_POINTS)
        return dw_fail(err, DW_ELIMIT, "a series of %zu points is over the limit of %d", n,
                       DW_CP_MAX_POINTS);
    if (cost != DW_COST_POISSON && cost != DW_COST_NORMAL)
        return dw_fail(err, DW_EINVAL, "bad change-point cost %d", (int)cost);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]))
            return dw_fail(err, DW_EINVAL, "value %zu of the series is not a number", i + 1);
        if (cost == DW_COST_POISSON && y[i] < 0)
            return dw_fail(err, DW_EINVAL,
                           "value %zu of the series is negative (%g): a count cannot be", i + 1,
                           y[i]);
    }
    return DW_OK;
}

int dw_pelt(const double *y, size_t n, const dw_pelt_opts *o, dw_changes *out, dw_error *err) {
    memset(out, 0, sizeof *out);
    static const dw_pelt_opts DEFAULTS = {DW_COST_POISSON, 0, 0};
    if (!o) o = &DEFAULTS;
    int rc = dw_cp_check_input(y, n, o->cost, err);
    if (rc) return rc;
    size_t min_seg = o->min_seg ? o->min_seg : 2;
    int mbic = !(o->penalty > 0);
    double k = o->cost == DW_COST_POISSON ? 1 : 2;
    out->penalty = mbic ? (k + 2) * log((double)(n > 1 ? n : 2)) : o->penalty;
    if (n < 2 * min_seg) /* too short to split */
        return dw_changes_segments(y, n, out) ? dw_fail(err, DW_ENOMEM, "out of memory") : DW_OK;

    double *s1 = malloc((n + 1) * sizeof *s1), *s2 = malloc((n + 1) * sizeof *s2);
    double *f = malloc((n + 1) * sizeof *f);
    size_t *last = malloc((n + 1) * sizeof *last), *cand = malloc((n + 1) * sizeof *cand);
    if (!s1 || !s2 || !f || !last || !cand) {
        rc = dw_fail(err, DW_ENOMEM, "out of memory for a series of %zu points", n);
        goto done;
    }
    /* Centring keeps the normal cost's sums well conditioned; the Poisson
     * cost needs the raw counts. */
    double mean = 0;
    for (size_t i = 0; i < n; i++) mean += y[i];
    mean /= (double)n;
    double centre = o->cost == DW_COST_NORMAL ? mean : 0;
    s1[0] = s2[0] = 0;
    for (size_t i = 0; i < n; i++) {
        double v = y[i] - centre;
        s1[i + 1] = s1[i] + v;
        s2[i + 1] = s2[i] + v * v;
    }
    double var = (s2[n] - s1[n] * s1[n] / (double)n) / (double)n;
    cost_ctx c = {o->cost, s1, s2, var > 0 ? var * VAR_FLOOR : 1e-9, mbic};
    if (c.floor < 1e-12) c.floor = 1e-12;
    double beta = out->penalty;
    double margin = mbic && n > 4 ? log(4.0 / (double)n) : 0;

    size_t ncand = 0;
    f[0] = -beta;
    for (size_t t = 1; t <= n; t++) {
        f[t] = INFINITY;
        last[t] = 0;
        /* τ = t − min_seg becomes a possible last change once reachable. */
        if (t >= min_seg) {
            size_t tau = t - min_seg;
            if (tau == 0 || (tau >= min_seg && isfinite(f[tau]))) cand[ncand++] = tau;
        }
        if (!ncand) continue;
        for (size_t i = 0; i < ncand; i++) {
            double v = f[cand[i]] + seg_cost(&c, cand[i], t) + beta;
            if (v < f[t]) f[t] = v, last[t] = cand[i];
        }
        /* Prune: τ whose best is already worse than F(t) by the margin. */
        size_t keep = 0;
        for (size_t i = 0; i < ncand; i++)
            if (f[cand[i]] + seg_cost(&c, cand[i], t) + margin <= f[t] + 1e-9)
                cand[keep++] = cand[i];
        ncand = keep;
    }
    size_t count = 0;
    for (size_t t = n; last[t] > 0; t = last[t]) count++;
    out->n = count;
    out->at = count ? malloc(count * sizeof *out->at) : NULL;
    if (count && !out->at) {
        rc = dw_fail(err, DW_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t t = n, i = count; last[t] > 0; t = last[t]) out->at[--i] = last[t];
    if (dw_changes_segments(y, n, out)) rc = dw_fail(err, DW_ENOMEM, "out of memory");
done:
    free(s1);
    free(s2);
    free(f);
    free(last);
    free(cand);
    if (rc) dw_changes_free(out);
    return rc;
}
