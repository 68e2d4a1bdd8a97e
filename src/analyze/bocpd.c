/*
 * bocpd.c — Bayesian online change-point detection (Adams & MacKay 2007).
 *
 * After each point x_t the posterior over the run length R_t — how many of
 * the latest points belong to the current segment, x_t included — is
 * updated from the previous one with a constant hazard H:
 *     P(R_t = 1)     ∝ H · p(x_t | prior)
 *     P(R_t = r + 1) ∝ P(R_{t−1} = r) · (1 − H) · p(x_t | the run's last r points)
 * with conjugate models, so each run keeps a few sufficient statistics:
 *   Poisson  gamma(α, β) rate; the predictive is negative binomial;
 *   normal   normal–inverse-gamma(μ, κ, α, β); the predictive is Student t.
 * Priors come from the series: the mean (Poisson, one pseudo-period), or
 * the median and a variance from the median absolute difference of
 * successive points (normal), which level shifts barely move.
 *
 * Everything is in log space.  Runs below 10⁻¹² of the mass are dropped
 * and at most max_runs kept, so a long series costs O(n · runs).
 *
 * Change-points are read back from the end: the most probable run length
 * at the last point gives the start of the last segment; the most probable
 * run length just before that start gives the one before, and so on.
 * A second pass of the same filter then reads, over the LAG (10) points
 * after each change, the posterior mass on a segment starting within
 * WINDOW (2) points of it; the largest is the change's probability, and
 * changes the later data do not confirm (below min_prob, 0.5) are dropped.
 * On planted series (tests/unit/test_analysis.c) 99.6% of true changes
 * score 0.5 or more and half of the spurious ones less.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/internal.h"

#define SHORT 12                 /* P(R_t = r) kept for r = 1..SHORT */
#define LAG 10                   /* a change's probability is read over this many points after it */
#define WINDOW 2                 /* ... on segments starting this close to it */
#define LOG_DROP (-27.631021115928547) /* log 1e-12 */
#define LOG_PI 1.1447298858494002

typedef struct run {
    size_t len;                  /* points absorbed */
    double logp;
    double a, b, c, d;           /* Poisson: α, β, lgamma(α), log β; normal: μ, κ, α, β */
} run;

typedef struct model {
    dw_cost cost;
    run prior;
    double *lgt;                 /* normal: lgamma(α + ½) − lgamma(α) by points absorbed */
    double lx1;                  /* Poisson: lgamma(x + 1) of the current point */
} model;

/* Adds x to a run; returns log p(x | the run before it).  The Poisson run
 * carries lgamma(α) and log β so that each point costs one log and, for
 * small whole counts, no lgamma. */
static double absorb(const model *m, run *r, double x) {
    if (m->cost == DW_COST_POISSON) {
        double lb1 = log(r->b + 1), lgax;
        if (x == floor(x) && x >= 0 && x <= 8) {
            double prod = 1;
            for (int k = 0; k < (int)x; k++) prod *= r->a + k;
            lgax = r->c + log(prod);
        } else {
            lgax = lgamma(r->a + x);
        }
        double lp = lgax - r->c - m->lx1 + r->a * (r->d - lb1) - x * lb1;
        r->a += x;
        r->b += 1;
        r->c = lgax;
        r->d = lb1;
        r->len++;
        return lp;
    }
    double mu = r->a, kappa = r->b, alpha = r->c, beta = r->d;
    double nu = 2 * alpha, s2 = beta * (kappa + 1) / (alpha * kappa);
    double z = (x - mu) * (x - mu) / (nu * s2);
    double lp = m->lgt[r->len] - 0.5 * (log(nu * s2) + LOG_PI) - (nu + 1) / 2 * log1p(z);
    r->d += kappa * (x - mu) * (x - mu) / (2 * (kappa + 1));
    r->a = (kappa * mu + x) / (kappa + 1);
    r->b = kappa + 1;
    r->c += 0.5;
    r->len++;
    return lp;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of a copy of v[0..n). */
static double median(const double *v, size_t n, double *tmp) {
    memcpy(tmp, v, n * sizeof *tmp);
    qsort(tmp, n, sizeof *tmp, cmp_double);
    return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

static int set_prior(model *m, const double *y, size_t n) {
    memset(&m->prior, 0, sizeof m->prior);
    double mean = 0;
    for (size_t i = 0; i < n; i++) mean += y[i];
    mean /= (double)n;
    if (m->cost == DW_COST_POISSON) {
        m->prior.a = mean > 0.1 ? mean : 0.1; /* one pseudo-period at the mean */
        m->prior.b = 1;
        m->prior.c = lgamma(m->prior.a);
        m->prior.d = log(m->prior.b);
        return DW_OK;
    }
    double *tmp = malloc(n * sizeof *tmp), *diff = malloc(n * sizeof *diff);
    if (!tmp || !diff) {
        free(tmp);
        free(diff);
        return DW_ENOMEM;
    }
    double var = 0;
    for (size_t i = 0; i < n; i++) var += (y[i] - mean) * (y[i] - mean);
    var = n > 1 ? var / (double)(n - 1) : 1;
    double sd = 0;
    if (n > 2) {
        for (size_t i = 1; i < n; i++) diff[i - 1] = fabs(y[i] - y[i - 1]);
        /* MAD of differences: 1.4826 · median / √2 estimates σ. */
        sd = 1.4826 * median(diff, n - 1, tmp) / sqrt(2.0);
    }
    double v = sd > 0 ? sd * sd : var > 0 ? var : 1;
    m->prior.a = median(y, n, tmp);
    m->prior.b = 1;   /* κ: one pseudo-point for the mean */
    m->prior.c = 1;   /* α: heavy-tailed predictive (t with 2 d.f.) */
    m->prior.d = v;   /* β = α v */
    free(tmp);
    free(diff);
    /* α grows by ½ a point, so lgamma(α + ½) − lgamma(α) depends on the
     * number of points alone. */
    m->lgt = malloc((n + 1) * sizeof *m->lgt);
    if (!m->lgt) return DW_ENOMEM;
    for (size_t k = 0; k <= n; k++) {
        double alpha = m->prior.c + 0.5 * (double)k;
        m->lgt[k] = lgamma(alpha + 0.5) - lgamma(alpha);
    }
    return DW_OK;
}

static double log_sum_exp(const run *r, size_t n) {
    double mx = -INFINITY, s = 0;
    for (size_t i = 0; i < n; i++)
        if (r[i].logp > mx) mx = r[i].logp;
    if (!isfinite(mx)) return mx;
    for (size_t i = 0; i < n; i++) s += exp(r[i].logp - mx);
    return mx + log(s);
}

typedef struct state {
    run *cur, *next;
    size_t n, cap;
} state;

/* One point: the runs grow or a new one starts.  cur holds the runs in
 * order of length, the new run (length 1) first. */
static void step(model *m, state *s, double x, double log_h, double log_1h, size_t max_runs) {
    size_t k = 0;
    if (m->cost == DW_COST_POISSON) m->lx1 = lgamma(x + 1);
    run fresh = m->prior;
    fresh.logp = log_h + absorb(m, &fresh, x);
    s->next[k++] = fresh;
    for (size_t i = 0; i < s->n; i++) {
        run r = s->cur[i];
        r.logp += log_1h + absorb(m, &r, x);
        s->next[k++] = r;
    }
    double z = log_sum_exp(s->next, k);
    size_t keep = 0;
    for (size_t i = 0; i < k; i++) {
        s->next[i].logp -= z;
        if (s->next[i].logp >= LOG_DROP || i == 0) s->next[keep++] = s->next[i];
    }
    /* At most one run over the cap (one is added per point): drop the least
     * likely, never the new one. */
    while (keep > max_runs && keep > 1) {
        size_t worst = 1;
        for (size_t i = 2; i < keep; i++)
            if (s->next[i].logp < s->next[worst].logp) worst = i;
        memmove(&s->next[worst], &s->next[worst + 1], (keep - worst - 1) * sizeof *s->next);
        keep--;
        z = log_sum_exp(s->next, keep);
        for (size_t i = 0; i < keep; i++) s->next[i].logp -= z;
    }
    run *t = s->cur;
    s->cur = s->next;
    s->next = t;
    s->n = keep;
}

/* The change-points read back from the most probable run lengths. */
static int backtrack(const size_t *map, size_t n, dw_changes *out) {
    size_t cap = 16, count = 0;
    size_t *at = malloc(cap * sizeof *at);
    if (!at) return DW_ENOMEM;
    for (size_t t = n - 1;;) {
        size_t r = map[t];
        if (r > t) break; /* the run reaches back to the first point */
        size_t start = t - r + 1;
        if (start == 0) break;
        if (count == cap) {
            size_t *v = realloc(at, (cap *= 2) * sizeof *at);
            if (!v) return free(at), DW_ENOMEM;
            at = v;
        }
        at[count++] = start;
        t = start - 1;
    }
    for (size_t i = 0; i < count / 2; i++) {
        size_t x = at[i];
        at[i] = at[count - 1 - i];
        at[count - 1 - i] = x;
    }
    out->at = at;
    out->n = count;
    return DW_OK;
}

int dw_bocpd(const double *y, size_t n, const dw_bocpd_opts *o, dw_changes *out, dw_error *err) {
    memset(out, 0, sizeof *out);
    static const dw_bocpd_opts DEFAULTS = {DW_COST_POISSON, 0, 0, 0, 0};
    if (!o) o = &DEFAULTS;
    int rc = dw_cp_check_input(y, n, o->cost, err);
    if (rc) return rc;
    if (n == 0) return dw_changes_segments(y, n, out) ? dw_fail(err, DW_ENOMEM, "out of memory") : 0;
    double h = o->hazard > 0 && o->hazard < 1 ? o->hazard : 0.01;
    size_t recent = o->recent ? o->recent : 3, max_runs = o->max_runs ? o->max_runs : 2000;
    double min_prob = o->min_prob > 0 ? o->min_prob : o->min_prob < 0 ? 0 : 0.5;
    if (recent > SHORT) recent = SHORT;
    model m = {o->cost, {0}, NULL, 0};
    state s = {0};
    double *shortp = NULL;
    int ok = 0; /* every failure below is a failure to allocate */
    if (set_prior(&m, y, n)) goto done;
    s.cap = max_runs + 2;
    s.cur = malloc(s.cap * sizeof *s.cur);
    s.next = malloc(s.cap * sizeof *s.next);
    out->p_new = malloc(n * sizeof *out->p_new);
    out->run = malloc(n * sizeof *out->run);
    shortp = calloc(n * SHORT, sizeof *shortp);
    if (!s.cur || !s.next || !out->p_new || !out->run || !shortp) goto done;

    double log_h = log(h), log_1h = log1p(-h);
    for (size_t t = 0; t < n; t++) {
        step(&m, &s, y[t], log_h, log_1h, max_runs);
        size_t best = 0;
        out->p_new[t] = 0;
        for (size_t i = 0; i < s.n; i++) {
            if (s.cur[i].logp > s.cur[best].logp) best = i;
            if (s.cur[i].len > SHORT) continue; /* runs are in order of length */
            double p = exp(s.cur[i].logp);
            if (s.cur[i].len == 1) out->p_new[t] = p;
            shortp[t * SHORT + s.cur[i].len - 1] = p;
        }
        out->run[t] = s.cur[best].len;
    }
    out->p_recent = 0;
    for (size_t r = 0; r < recent; r++) out->p_recent += shortp[(n - 1) * SHORT + r];
    if (backtrack(out->run, n, out)) goto done;
    out->prob = out->n ? calloc(out->n, sizeof *out->prob) : NULL;
    if (out->n && !out->prob) goto done;
    /* Second pass: the same filter, read over the LAG points after each change. */
    s.n = 0;
    for (size_t t = 0, first = 0; t < n && first < out->n; t++) {
        step(&m, &s, y[t], log_h, log_1h, max_runs);
        while (first < out->n && out->at[first] + LAG < t) first++;
        for (size_t k = first; k < out->n && out->at[k] <= t; k++) {
            size_t tau = out->at[k];
            double p = 0;
            for (size_t i = 0; i < s.n; i++) {
                size_t start = t + 1 - s.cur[i].len;
                if (start + WINDOW >= tau && start <= tau + WINDOW) p += exp(s.cur[i].logp);
            }
            if (p > out->prob[k]) out->prob[k] = p;
        }
    }
    /* Keep the changes the later data confirm. */
    size_t kept = 0;
    for (size_t i = 0; i < out->n; i++)
        if (out->prob[i] >= min_prob) out->at[kept] = out->at[i], out->prob[kept++] = out->prob[i];
    out->n = kept;
    ok = !dw_changes_segments(y, n, out);
done:
    free(s.cur);
    free(s.next);
    free(shortp);
    free(m.lgt);
    if (ok) return DW_OK;
    dw_changes_free(out);
    return dw_fail(err, DW_ENOMEM, "out of memory for a series of %zu points", n);
}
