/*
 * cmd_changes.c — `dyadwatch changes A B --db PATH`: change-points of a
 * dyad series, with the level before and after and the events that drive
 * each; and `dyadwatch changes --series FILE.csv` on any date,value series.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char HELP[] =
    "usage: dyadwatch changes A B --db PATH [--by UNIT] [--from DATE] [--to DATE]\n"
    "                         [--track TRACK] [--direction ab|ba|both]\n"
    "                         [--method pelt|bocpd] [--metric METRIC] [--all]\n"
    "       dyadwatch changes --series FILE.csv [--method pelt|bocpd]\n"
    "                         [--cost auto|poisson|normal]\n"
    "\n"
    "Finds the periods where a dyad's level shifts.  PELT (the default) finds the\n"
    "best segmentation under a penalized likelihood (MBIC penalty); BOCPD (Bayesian\n"
    "online change-point detection) follows the probability that a new level has\n"
    "begun.  Counts (--metric events, conflict, cooperation, fatalities, mentions)\n"
    "use a Poisson model; goldstein (the mean Goldstein score, periods without\n"
    "events left out) and net (net cooperation) a normal one with changing mean and\n"
    "variance.  Without --metric both events and goldstein are analysed.  Each\n"
    "change gives the first period at the new level, the mean level before and\n"
    "after, and the most reported events of that period.  --by as for `series`\n"
    "(month by default).\n"
    "\n"
    "--series FILE.csv reads any `date,value` file (a header line is skipped) and\n"
    "prints each change-point's date with the levels before and after.  The cost\n"
    "is Poisson when the values look like counts (whole numbers >= 0 that vary\n"
    "from point to point no more than four times their mean), else normal\n"
    "(--cost to choose).\n";

#define MAX_CSV_BYTES (64u << 20)
#define MAX_CSV_POINTS 5000000
#define MAX_LABEL 32

/* ---- a date,value file ---------------------------------------------------------- */

typedef struct csv_series {
    double *y;
    char (*label)[MAX_LABEL];
    size_t n, cap;
} csv_series;

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t' || *s == '"') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '"' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static int parse_value(const char *s, double *v) {
    if (!*s) return 0;
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return !*end && errno == 0 && isfinite(*v);
}

static int push_point(csv_series *c, const char *label, double v) {
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        double *y = realloc(c->y, cap * sizeof *y);
        if (!y) return DW_ENOMEM;
        c->y = y;
        char(*l)[MAX_LABEL] = realloc(c->label, cap * sizeof *l);
        if (!l) return DW_ENOMEM;
        c->label = l;
        c->cap = cap;
    }
    snprintf(c->label[c->n], MAX_LABEL, "%s", label);
    c->y[c->n++] = v;
    return DW_OK;
}

static int read_csv(const char *path, csv_series *c, dw_error *err) {
    dw_buf b = {0};
    int rc = dw_read_all(path, MAX_CSV_BYTES, &b, err);
    if (rc) return rc;
    char *p = b.data ? b.data : (char *)"";
    size_t line = 0;
    while (!rc && p && *p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        line++;
        char *s = trim(p);
        p = nl ? nl + 1 : NULL;
        if (!*s) continue;
        char *comma = strchr(s, ',');
        if (!comma) {
            rc = dw_fail(err, DW_EPARSE, "%s:%zu: expected date,value", path, line);
            break;
        }
        *comma = '\0';
        char *date = trim(s), *value = trim(comma + 1);
        char *extra = strchr(value, ',');
        if (extra) *extra = '\0', value = trim(value);
        double v;
        if (!parse_value(value, &v)) {
            if (c->n == 0 && line == 1) continue; /* a header */
            rc = dw_fail(err, DW_EPARSE, "%s:%zu: value '%.40s' is not a number", path, line,
                         value);
            break;
        }
        if (!*date) {
            rc = dw_fail(err, DW_EPARSE, "%s:%zu: the date is empty", path, line);
            break;
        }
        if (c->n >= MAX_CSV_POINTS) {
            rc = dw_fail(err, DW_ELIMIT, "%s: more than %d points", path, MAX_CSV_POINTS);
            break;
        }
        if (push_point(c, date, v)) rc = dw_fail(err, DW_ENOMEM, "%s: out of memory", path);
    }
    dw_buf_free(&b);
    if (!rc && c->n == 0) rc = dw_fail(err, DW_EEMPTY, "%s: no date,value lines", path);
    return rc;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Counts a Poisson model can describe: whole numbers >= 0 whose
 * point-to-point spread (a variance from the median absolute difference of
 * successive values, which level shifts barely move) is at most four times
 * their mean.  River flows in whole units are not counts. */
static int looks_like_counts(const csv_series *c) {
    double mean = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->y[i] < 0 || c->y[i] != floor(c->y[i])) return 0;
        mean += c->y[i];
    }
    mean /= (double)c->n;
    if (c->n < 3) return 1;
    double *d = malloc((c->n - 1) * sizeof *d);
    if (!d) return 1;
    for (size_t i = 1; i < c->n; i++) d[i - 1] = fabs(c->y[i] - c->y[i - 1]);
    qsort(d, c->n - 1, sizeof *d, cmp_double);
    double med = d[(c->n - 1) / 2], sd = 1.4826 * med / sqrt(2.0);
    free(d);
    return sd * sd <= 4 * (mean > 1 ? mean : 1);
}

static int run_method(const char *method, const double *y, size_t n, dw_cost cost,
                      dw_changes *out, dw_error *err) {
    if (strcmp(method, "bocpd") == 0) {
        dw_bocpd_opts bo = {cost, 0, 0, 0, 0};
        return dw_bocpd(y, n, &bo, out, err);
    }
    dw_pelt_opts po = {cost, 0, 0};
    return dw_pelt(y, n, &po, out, err);
}

static int changes_csv(const cli_opts *o, const char *method) {
    dw_cost cost;
    const char *why = "";
    csv_series c = {0};
    dw_error err = {0};
    int rc = read_csv(o->series, &c, &err);
    if (rc) {
        free(c.y);
        free(c.label);
        return cli_error(&err);
    }
    if (!o->cost || strcmp(o->cost, "auto") == 0) {
        cost = looks_like_counts(&c) ? DW_COST_POISSON : DW_COST_NORMAL;
        why = cost == DW_COST_POISSON ? " (the values look like counts)"
                                      : " (the values are not counts of a Poisson kind)";
    } else {
        cost = strcmp(o->cost, "poisson") == 0 ? DW_COST_POISSON : DW_COST_NORMAL;
    }
    dw_changes ch;
    rc = run_method(method, c.y, c.n, cost, &ch, &err);
    if (rc) {
        free(c.y);
        free(c.label);
        return cli_error(&err);
    }
    printf("%s: %zu points; %s with the %s cost%s", o->series, c.n,
           strcmp(method, "bocpd") == 0 ? "BOCPD" : "PELT",
           cost == DW_COST_POISSON ? "Poisson" : "normal mean-and-variance", why);
    if (strcmp(method, "pelt") == 0) printf(", MBIC penalty %.1f", ch.penalty);
    printf("\n");
    if (!ch.n) printf("no change-points\n");
    else
        printf("%-14s %12s %12s %8s  %s\n", "date", "before", "after", "prob", "(last date before)");
    for (size_t i = 0; i < ch.n; i++) {
        char prob[16] = "-";
        if (ch.prob) snprintf(prob, sizeof prob, "%.2f", ch.prob[i]);
        printf("%-14s %12.4g %12.4g %8s  (%s)\n", c.label[ch.at[i]], ch.seg[i].mean,
               ch.seg[i + 1].mean, prob, c.label[ch.at[i] - 1]);
    }
    dw_changes_free(&ch);
    free(c.y);
    free(c.label);
    return 0;
}

/* ---- a dyad ------------------------------------------------------------------- */

static int changes_metric(dw_store *store, const dw_series *s, dw_dir dir, dw_metric metric,
                          dw_cp_method method) {
    dw_change_opts co = {0};
    co.method = method;
    co.metric = metric;
    co.dir = dir;
    co.track = DW_TRACK_ALL;
    co.drivers = 3;
    dw_change_list l;
    dw_error err = {0};
    int rc = dw_series_changes(store, s, &co, &l, &err);
    if (rc) return cli_error(&err);
    printf("\n%s (%s model, %zu values", dw_metric_name(metric),
           l.cost == DW_COST_POISSON ? "Poisson" : "normal mean-and-variance", l.points);
    if (method == DW_CP_PELT && l.points >= 4) printf(", MBIC penalty %.1f", l.penalty);
    printf(")\n");
    if (l.points < 4) printf("  too few values to look for changes\n");
    else if (!l.n) printf("  no change-points\n");
    for (size_t i = 0; i < l.n; i++) {
        const dw_change *c = &l.v[i];
        char prob[24] = "";
        if (isfinite(c->prob)) snprintf(prob, sizeof prob, " (probability %.2f)", c->prob);
        printf("  %-10s %s from %.2f to %.2f%s%s\n", c->label,
               c->after > c->before ? "up" : "down", c->before, c->after,
               l.cost == DW_COST_POISSON ? " a period" : "", prob);
        cli_print_drivers(&c->drivers);
    }
    dw_change_list_free(&l);
    return 0;
}

int cmd_changes(int argc, char **argv) {
    cli_opts o;
    char **pos;
    int npos;
    int rc = cli_parse(argc, argv, "db,by,from,to,track,direction,method,metric,series,cost,all",
                       &o, &pos, &npos);
    if (rc < 0) return fputs(HELP, stdout), 0;
    if (rc) return rc;
    const char *method = o.method ? o.method : "pelt";
    if (strcmp(method, "pelt") && strcmp(method, "bocpd")) {
        fprintf(stderr, "dyadwatch changes: unknown --method '%s': expected pelt or bocpd\n",
                method);
        return EXIT_USAGE;
    }
    if (o.cost && strcmp(o.cost, "auto") && strcmp(o.cost, "poisson") &&
        strcmp(o.cost, "normal")) {
        fprintf(stderr, "dyadwatch changes: unknown --cost '%s': expected auto, poisson or normal\n",
                o.cost);
        return EXIT_USAGE;
    }
    dw_metric metric = DW_METRIC_EVENTS;
    if (o.metric && !dw_metric_parse(o.metric, &metric)) {
        fprintf(stderr,
                "dyadwatch changes: unknown --metric '%s': expected events, conflict, "
                "cooperation, fatalities, mentions, goldstein or net\n",
                o.metric);
        return EXIT_USAGE;
    }
    if (o.series) {
        if (npos || o.db || o.by || o.track || o.direction || o.metric || o.from || o.to) {
            fprintf(stderr, "dyadwatch changes: --series FILE takes no dyad, --db or dyad "
                            "options (only --method and --cost)\n");
            return EXIT_USAGE;
        }
        return changes_csv(&o, method);
    }
    if (o.cost) {
        fprintf(stderr, "dyadwatch changes: --cost applies to --series only (a dyad's metric "
                        "chooses its model)\n");
        return EXIT_USAGE;
    }
    if (npos != 2 || !o.db) return fputs(HELP, stderr), EXIT_USAGE;
    dw_store *store;
    dw_series s;
    dw_dir dir;
    rc = cli_build_series("changes", &o, pos, 0, &store, &s, &dir);
    if (rc) return rc;
    dw_cp_method m = strcmp(method, "bocpd") == 0 ? DW_CP_BOCPD : DW_CP_PELT;
    printf("Change-points of %s and %s (%s) by %s%s%s, %s, %zu periods%s%s%s%s\n", s.a, s.b,
           dw_dir_name(dir), dw_unit_name(s.unit), s.track == DW_TRACK_ALL ? "" : ", track ",
           s.track == DW_TRACK_ALL ? "" : dw_track_name(s.track),
           m == DW_CP_PELT ? "PELT" : "BOCPD", s.n, s.n ? " from " : "",
           s.n ? s.rows[0].label : "", s.n ? " to " : "", s.n ? s.rows[s.n - 1].label : "");
    if (!s.n) cli_explain_empty("changes", &s, &o);
    else if (o.metric) rc = changes_metric(store, &s, dir, metric, m);
    else {
        rc = changes_metric(store, &s, dir, DW_METRIC_EVENTS, m);
        if (!rc) rc = changes_metric(store, &s, dir, DW_METRIC_GOLDSTEIN, m);
    }
    dw_series_free(&s);
    dw_store_close(store);
    return rc;
}
