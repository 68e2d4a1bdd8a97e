/*
 * cmd_alerts.c — `dyadwatch alerts A B --db PATH`: the latest period
 * against its baseline (ACLED's change bands), surges, a recent regime
 * change (BOCPD) and the dual track (cooperation on economy and diplomacy
 * while in conflict elsewhere), each with the events behind it.
 */
#include <math.h>

#include "cli.h"

static const char HELP[] =
    "usage: dyadwatch alerts A B --db PATH [--by UNIT] [--from DATE] [--to DATE]\n"
    "                        [--track TRACK] [--direction ab|ba|both] [--metric METRIC]\n"
    "                        [--all]\n"
    "\n"
    "Compares each period (month by default) with the mean of the four before it:\n"
    "above +25% is a large increase, +10% to +25% moderate, -25% to +10% limited,\n"
    "below -25% a large decrease, and any change is limited when that baseline is\n"
    "two events or fewer.  A surge is at least twice the baseline and at least 3.\n"
    "A regime alert says the current level began in the last three periods\n"
    "(Bayesian online change-point detection, probability at least 0.5).  Alerts\n"
    "of the last 12 periods are listed (all of the range when --from is given),\n"
    "with the most reported events of each.  The dual-track section lists the\n"
    "periods in which A and B cooperated on the economy or diplomacy track while\n"
    "in conflict on security, water, narcotics, migration or ideology.\n"
    "--metric is a count: events (default), conflict, cooperation, fatalities or\n"
    "mentions.\n";

#define SHOWN_PERIODS 12

static void print_latest(const dw_series *s, const dw_alert_list *l, dw_metric m) {
    const char *label = s->rows[l->latest_row].label;
    if (l->latest_band == DW_BAND_NONE) {
        printf("latest period %s: %g %s (no earlier period to compare with)\n", label,
               l->latest_value, dw_metric_name(m));
        return;
    }
    printf("latest period %s: %g %s against a baseline of %.2f", label, l->latest_value,
           dw_metric_name(m), l->latest_baseline);
    if (isfinite(l->latest_pct)) printf(" (%+.0f%%)", l->latest_pct);
    printf(": %s%s\n", dw_band_name(l->latest_band),
           l->latest_band == DW_BAND_LIMITED && l->latest_baseline <= 2
               ? " (baseline of two or fewer)"
               : "");
}

static void print_divergence(const dw_series *s, dw_dir dir, size_t from_row) {
    dw_divergence d;
    dw_error err = {0};
    if (dw_series_divergence(s, dir, &d, &err)) {
        cli_error(&err);
        return;
    }
    printf("\ndual track: %s\n", d.summary);
    for (size_t i = from_row; i < d.n; i++)
        if (d.rows[i].divergent) printf("  %s\n", d.rows[i].statement);
    dw_divergence_free(&d);
}

int cmd_alerts(int argc, char **argv) {
    cli_opts o;
    char **pos;
    int npos;
    int rc = cli_parse(argc, argv, "db,by,from,to,track,direction,metric,all", &o, &pos, &npos);
    if (rc < 0) return fputs(HELP, stdout), 0;
    if (rc) return rc;
    dw_metric metric = DW_METRIC_EVENTS;
    if (o.metric && (!dw_metric_parse(o.metric, &metric) || !dw_metric_is_count(metric))) {
        fprintf(stderr,
                "dyadwatch alerts: unknown --metric '%s': expected events, conflict, "
                "cooperation, fatalities or mentions\n",
                o.metric);
        return EXIT_USAGE;
    }
    if (npos != 2 || !o.db) return fputs(HELP, stderr), EXIT_USAGE;
    dw_store *store;
    dw_series s;
    dw_dir dir;
    rc = cli_build_series("alerts", &o, pos, 1, &store, &s, &dir);
    if (rc) return rc;
    printf("Alerts for %s and %s (%s) by %s%s%s: %s\n", s.a, s.b, dw_dir_name(dir),
           dw_unit_name(s.unit), s.track == DW_TRACK_ALL ? "" : ", track ",
           s.track == DW_TRACK_ALL ? "" : dw_track_name(s.track), dw_metric_name(metric));
    if (!s.n) {
        cli_explain_empty("alerts", &s, &o);
        printf("no alerts\n");
        dw_series_free(&s);
        dw_store_close(store);
        return 0;
    }
    dw_alert_opts ao = {0};
    ao.metric = metric;
    ao.dir = dir;
    ao.track = DW_TRACK_ALL;
    ao.drivers = 3;
    dw_alert_list l;
    dw_error err = {0};
    rc = dw_series_alerts(store, &s, &ao, &l, &err);
    if (rc) {
        dw_series_free(&s);
        dw_store_close(store);
        return cli_error(&err);
    }
    print_latest(&s, &l, metric);
    size_t from_row = o.from || s.n <= SHOWN_PERIODS ? 0 : s.n - SHOWN_PERIODS;
    size_t shown = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (l.v[i].row < from_row) continue;
        if (!shown++) printf("\nalerts%s:\n", from_row ? " in the last 12 periods" : "");
        printf("  %-17s %s\n", dw_alert_kind_name(l.v[i].kind), l.v[i].text);
        cli_print_drivers(&l.v[i].drivers);
    }
    if (!shown) printf("\nno alerts%s\n", from_row ? " in the last 12 periods" : "");
    if (s.tracks) print_divergence(&s, dir, from_row);
    dw_alert_list_free(&l);
    dw_series_free(&s);
    dw_store_close(store);
    return 0;
}
