/*
 * cmd_series.c — `dyadwatch series A B --db PATH`: a dyad's events per
 * period, and the option handling that `changes` and `alerts` share.
 *
 * Unknown actors, empty ranges and dyads without events are not errors:
 * the command explains on stderr and prints an empty (but well-formed)
 * result, exit 0.  Malformed keys, dates and option values are errors.
 */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char HELP[] =
    "usage: dyadwatch series A B --db PATH [--by day|week|acled-week|month|quarter|year]\n"
    "                        [--from DATE] [--to DATE] [--track TRACK]\n"
    "                        [--direction ab|ba|both] [--format table|csv|json] [--all]\n"
    "\n"
    "Counts the events between A and B per period (month by default): one row per\n"
    "period, zeros included, with the reports (mentions) and distinct sources\n"
    "behind them, counts per quad class (verbal and material cooperation and\n"
    "conflict), the Goldstein sum and mean, net cooperation (quad 1+2 minus 3+4),\n"
    "the conflict share and fatalities (best estimate, low and high).\n"
    "\n"
    "An event is one real event however many reports tell it.  It is placed on\n"
    "the first day of its date; 'imprecise' counts events dated more coarsely\n"
    "than the period (a year-only date in a monthly series).  Weeks are ISO weeks\n"
    "(Monday to Sunday); ACLED weeks run Saturday to Friday.  --direction ab\n"
    "counts A→B only, ba B→A, both (the default) either.  --track keeps one of\n"
    "security, diplomacy, economy, water, narcotics, migration, ideology, other.\n"
    "A and B match a country (IRN), role (GOV), group (TAL) or whole code.  Counts\n"
    "are of asserted and claimed events unless --all is given.\n";

/* ---- shared with changes and alerts ----------------------------------------- */

int cli_build_series(const char *cmd, const cli_opts *o, char **pos, int by_track,
                     dw_store **store, dw_series *series, dw_dir *dir) {
    memset(series, 0, sizeof *series);
    *store = NULL;
    dw_series_opts so = {0};
    so.unit = DW_UNIT_MONTH;
    so.track = DW_TRACK_ALL;
    *dir = DW_DIR_BOTH;
    if (o->by && !dw_unit_parse(o->by, &so.unit)) {
        fprintf(stderr,
                "dyadwatch %s: unknown --by '%s': expected day, week, acled-week, month, "
                "quarter or year\n",
                cmd, o->by);
        return EXIT_USAGE;
    }
    if (o->track && !dw_track_parse(o->track, &so.track)) {
        fprintf(stderr,
                "dyadwatch %s: unknown --track '%s': expected security, diplomacy, economy, "
                "water, narcotics, migration, ideology, other or all\n",
                cmd, o->track);
        return EXIT_USAGE;
    }
    if (o->direction && !dw_dir_parse(o->direction, dir)) {
        fprintf(stderr, "dyadwatch %s: unknown --direction '%s': expected ab, ba or both\n", cmd,
                o->direction);
        return EXIT_USAGE;
    }
    dw_error err = {0};
    if (dw_actor_key_check(pos[0], &err) || dw_actor_key_check(pos[1], &err))
        return cli_error(&err);
    if (access(o->db, F_OK) != 0) {
        fprintf(stderr, "dyadwatch: %s: no such database (create one with `dyadwatch ingest`)\n",
                o->db);
        return 1;
    }
    so.a = pos[0];
    so.b = pos[1];
    so.from = o->from;
    so.to = o->to;
    so.all_modalities = o->all_modalities;
    so.by_track = by_track && so.track == DW_TRACK_ALL;
    int rc = dw_store_open(o->db, store, &err);
    if (!rc) rc = dw_series_build(*store, &so, series, &err);
    if (rc) {
        dw_store_close(*store);
        *store = NULL;
        return cli_error(&err);
    }
    return 0;
}

void cli_explain_empty(const char *cmd, const dw_series *s, const cli_opts *o) {
    if (s->from_day > s->to_day)
        fprintf(stderr, "dyadwatch %s: the range %s to %s is empty (--from is after --to)\n", cmd,
                o->from, o->to);
    else if (!s->a_actors || !s->b_actors)
        fprintf(stderr,
                "dyadwatch %s: no actor in %s matches '%s' (a key is a country such as IRN, a "
                "role such as GOV, a group such as TAL or a whole code such as AFGINSTAL)\n",
                cmd, o->db, !s->a_actors ? s->a : s->b);
    else {
        char track[48] = "";
        if (s->track != DW_TRACK_ALL)
            snprintf(track, sizeof track, " on the %s track", dw_track_name(s->track));
        fprintf(stderr, "dyadwatch %s: no %sevents between %s and %s%s%s%s%s%s\n", cmd,
                o->all_modalities ? "" : "asserted or claimed ", s->a, s->b, track,
                o->from ? " from " : "", o->from ? o->from : "", o->to ? " to " : "",
                o->to ? o->to : "");
    }
}

/* The events behind a change or an alert, one line each (changes, alerts). */
void cli_print_drivers(const dw_event_list *l) {
    for (size_t k = 0; k < l->n; k++) {
        const dw_event_info *e = &l->v[k];
        printf("      %s %s->%s %s (%ld report%s, %ld source%s): %.110s%s\n", e->date, e->src,
               e->tgt, e->cameo, e->mentions, e->mentions == 1 ? "" : "s", e->sources,
               e->sources == 1 ? "" : "s", e->text ? e->text : "",
               e->text && strlen(e->text) > 110 ? "…" : "");
    }
}

/* ---- output -------------------------------------------------------------------- */

static void num_or_null(FILE *out, double v, const char *fmt) {
    if (isfinite(v)) fprintf(out, fmt, v);
    else fputs("null", out);
}

static void print_json_cell(FILE *out, const dw_series_cell *c) {
    fprintf(out,
            "\"events\":%ld,\"mentions\":%ld,\"sources\":%ld,\"quad\":[%ld,%ld,%ld,%ld],"
            "\"goldstein_sum\":%.10g,\"goldstein_mean\":",
            c->events, c->mentions, c->sources, c->quad[1], c->quad[2], c->quad[3], c->quad[4],
            c->goldstein_sum);
    num_or_null(out, dw_cell_goldstein_mean(c), "%.6g");
    fprintf(out, ",\"net_cooperation\":%ld,\"conflict_share\":", dw_cell_net_cooperation(c));
    num_or_null(out, dw_cell_conflict_share(c), "%.6g");
    fprintf(out,
            ",\"fatalities\":{\"best\":%.10g,\"low\":%.10g,\"high\":%.10g,\"events\":%ld},"
            "\"imprecise\":%ld",
            c->killed, c->killed_low, c->killed_high, c->killed_events, c->imprecise);
}

static void print_json(FILE *out, const dw_series *s, dw_dir dir) {
    fprintf(out, "{\"a\":\"%s\",\"b\":\"%s\",\"by\":\"%s\",\"track\":\"%s\",\"direction\":\"%s\","
                 "\"rows\":[",
            s->a, s->b, dw_unit_name(s->unit), dw_track_name(s->track), dw_dir_name(dir));
    for (size_t i = 0; i < s->n; i++) {
        const dw_series_row *r = &s->rows[i];
        char first[DW_LABEL_MAX], last[DW_LABEL_MAX];
        dw_day_iso(r->first_day, first);
        dw_day_iso(r->last_day, last);
        fprintf(out, "%s\n{\"period\":\"%s\",\"first\":\"%s\",\"last\":\"%s\",", i ? "," : "",
                r->label, first, last);
        print_json_cell(out, &r->dir[dir]);
        fputc('}', out);
    }
    fputs("],\n\"total\":{", out);
    print_json_cell(out, &s->total[dir]);
    fputs("}}\n", out);
}

static void csv_num(FILE *out, double v) {
    if (isfinite(v)) fprintf(out, ",%.6g", v);
    else fputs(",", out);
}

static void print_csv(FILE *out, const dw_series *s, dw_dir dir) {
    fputs("period,first_day,last_day,events,mentions,sources,verbal_coop,material_coop,"
          "verbal_conflict,material_conflict,goldstein_sum,goldstein_mean,net_cooperation,"
          "conflict_share,fatalities,fatalities_low,fatalities_high,imprecise\n",
          out);
    for (size_t i = 0; i < s->n; i++) {
        const dw_series_row *r = &s->rows[i];
        const dw_series_cell *c = &r->dir[dir];
        char first[DW_LABEL_MAX], last[DW_LABEL_MAX];
        dw_day_iso(r->first_day, first);
        dw_day_iso(r->last_day, last);
        fprintf(out, "%s,%s,%s,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%.10g", r->label, first, last,
                c->events, c->mentions, c->sources, c->quad[1], c->quad[2], c->quad[3],
                c->quad[4], c->goldstein_sum);
        csv_num(out, dw_cell_goldstein_mean(c));
        fprintf(out, ",%ld", dw_cell_net_cooperation(c));
        csv_num(out, dw_cell_conflict_share(c));
        fprintf(out, ",%.10g,%.10g,%.10g,%ld\n", c->killed, c->killed_low, c->killed_high, c->imprecise);
    }
}

static void table_row(FILE *out, const char *label, const dw_series_cell *c) {
    char mean[16] = "-", share[16] = "-", killed[64] = "-";
    if (c->events) snprintf(mean, sizeof mean, "%.2f", dw_cell_goldstein_mean(c));
    double sh = dw_cell_conflict_share(c);
    if (isfinite(sh)) snprintf(share, sizeof share, "%.0f%%", sh * 100);
    if (c->killed_events) {
        if (c->killed_low != c->killed || c->killed_high != c->killed)
            snprintf(killed, sizeof killed, "%g (%g-%g)", c->killed, c->killed_low,
                     c->killed_high);
        else
            snprintf(killed, sizeof killed, "%g", c->killed);
    }
    fprintf(out, "%-10s %6ld %7ld %7ld %5ld %5ld %5ld %5ld %9.1f %6s %5ld %6s %s\n", label,
            c->events, c->mentions, c->sources, c->quad[1], c->quad[2], c->quad[3], c->quad[4],
            c->goldstein_sum, mean, dw_cell_net_cooperation(c), share, killed);
}

static void print_table(FILE *out, const dw_series *s, dw_dir dir) {
    const char *arrow = dir == DW_DIR_AB ? "->" : dir == DW_DIR_BA ? "<-" : "and";
    fprintf(out, "Events %s %s %s by %s%s%s (%s events; one event however many reports)\n", s->a,
            arrow, s->b, dw_unit_name(s->unit), s->track == DW_TRACK_ALL ? "" : ", track ",
            s->track == DW_TRACK_ALL ? "" : dw_track_name(s->track),
            s->all_modalities ? "all" : "asserted and claimed");
    if (!s->n) return;
    fprintf(out, "%-10s %6s %7s %7s %5s %5s %5s %5s %9s %6s %5s %6s %s\n", "period", "events",
            "reports", "sources", "vcoop", "mcoop", "vconf", "mconf", "goldstein", "mean", "net",
            "confl", "killed");
    long imprecise = 0;
    for (size_t i = 0; i < s->n; i++) {
        table_row(out, s->rows[i].label, &s->rows[i].dir[dir]);
        imprecise += s->rows[i].dir[dir].imprecise;
    }
    table_row(out, "total", &s->total[dir]);
    if (imprecise)
        fprintf(out, "(%ld events are dated more coarsely than a %s and sit on their first day)\n",
                imprecise, s->unit == DW_UNIT_ACLED_WEEK ? "week" : dw_unit_name(s->unit));
}

int cmd_series(int argc, char **argv) {
    cli_opts o;
    char **pos;
    int npos;
    int rc = cli_parse(argc, argv, "db,by,from,to,track,direction,format,all", &o, &pos, &npos);
    if (rc < 0) return fputs(HELP, stdout), 0;
    if (rc) return rc;
    const char *fmt = o.format ? o.format : "table";
    if (strcmp(fmt, "table") && strcmp(fmt, "csv") && strcmp(fmt, "json")) {
        fprintf(stderr, "dyadwatch series: unknown --format '%s': expected table, csv or json\n",
                fmt);
        return EXIT_USAGE;
    }
    dw_store *store;
    dw_series s;
    dw_dir dir;
    if (npos != 2 || !o.db) return fputs(HELP, stderr), EXIT_USAGE;
    rc = cli_build_series("series", &o, pos, 0, &store, &s, &dir);
    if (rc) return rc;
    if (!s.n) cli_explain_empty("series", &s, &o);
    if (strcmp(fmt, "json") == 0) print_json(stdout, &s, dir);
    else if (strcmp(fmt, "csv") == 0) print_csv(stdout, &s, dir);
    else print_table(stdout, &s, dir);
    dw_series_free(&s);
    dw_store_close(store);
    return 0;
}
