/*
 * cmd_dyad.c — `dyadwatch dyad A B --db PATH`: a dyad's events per period,
 * in both directions, with quad-class counts and the Goldstein sum.
 */
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char HELP[] =
    "usage: dyadwatch dyad A B --db PATH [--by year|month] [--from DATE] [--to DATE]\n"
    "\n"
    "Summarizes the events between A and B per period: events from A to B, from\n"
    "B to A and both together, with counts per quad class (verbal and material\n"
    "cooperation and conflict) and the Goldstein sum.  A and B match a country\n"
    "(IRN), role (GOV), group (TAL: every Taliban code) or whole code.  Counts\n"
    "are of asserted and claimed events; negated and hypothetical ones are left out.\n";

static void print_cell(FILE *out, const char *period, const char *dir, const dw_dyad_cell *c) {
    fprintf(out, "%-8s %-12s %6ld %6ld %6ld %6ld %6ld %9.1f\n", period, dir, c->events, c->quad[1],
            c->quad[2], c->quad[3], c->quad[4], c->goldstein_sum);
}

int cli_print_dyad(dw_store *store, const char *a, const char *b, dw_period by, const char *from,
                   const char *to, FILE *out, dw_error *err) {
    dw_dyad_summary s = {0};
    int rc = dw_dyad_summarize(store, a, b, by, from, to, &s, err);
    if (rc) return rc;
    char ab[40], ba[40];
    snprintf(ab, sizeof ab, "%s->%s", a, b);
    snprintf(ba, sizeof ba, "%s->%s", b, a);
    fprintf(out, "Dyad %s–%s by %s (asserted and claimed events)\n", a, b,
            by == DW_BY_YEAR ? "year" : "month");
    if (s.n == 0) {
        fprintf(out, "no events between %s and %s%s%s%s%s\n", a, b, from ? " from " : "",
                from ? from : "", to ? " to " : "", to ? to : "");
        dw_dyad_summary_free(&s);
        return DW_OK;
    }
    fprintf(out, "%-8s %-12s %6s %6s %6s %6s %6s %9s\n", "period", "direction", "events",
            "vcoop", "mcoop", "vconf", "mconf", "goldstein");
    for (size_t i = 0; i < s.n; i++) {
        const dw_dyad_row *r = &s.rows[i];
        print_cell(out, r->period, ab, &r->dir[0]);
        print_cell(out, r->period, ba, &r->dir[1]);
        print_cell(out, r->period, "both", &r->dir[2]);
    }
    print_cell(out, "total", ab, &s.total[0]);
    print_cell(out, "total", ba, &s.total[1]);
    print_cell(out, "total", "both", &s.total[2]);
    dw_dyad_summary_free(&s);
    return DW_OK;
}

int cmd_dyad(int argc, char **argv) {
    cli_opts o;
    char **pos;
    int npos;
    int rc = cli_parse(argc, argv, "db,by,from,to", &o, &pos, &npos);
    if (rc < 0) return fputs(HELP, stdout), 0;
    if (rc) return rc;
    if (npos != 2 || !o.db) return fputs(HELP, stderr), EXIT_USAGE;
    dw_period by = DW_BY_YEAR;
    if (o.by && strcmp(o.by, "month") == 0) by = DW_BY_MONTH;
    else if (o.by && strcmp(o.by, "year") != 0) {
        fprintf(stderr, "dyadwatch dyad: unknown --by '%s': expected year or month\n", o.by);
        return EXIT_USAGE;
    }
    dw_error err = {0};
    if (access(o.db, F_OK) != 0) {
        fprintf(stderr, "dyadwatch: %s: no such database (create one with `dyadwatch ingest`)\n", o.db);
        return 1;
    }
    dw_store *store = NULL;
    rc = dw_store_open(o.db, &store, &err);
    if (!rc) rc = cli_print_dyad(store, pos[0], pos[1], by, o.from, o.to, stdout, &err);
    dw_store_close(store);
    return rc ? cli_error(&err) : 0;
}
