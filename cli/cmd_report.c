/*
 * cmd_report.c — `dyadwatch report A B --db PATH -o review.html`: the
 * statistical review of a dyad as one self-contained HTML page, Markdown
 * or PDF (src/report/).
 *
 * Unknown actors, empty ranges and dyads without events are not errors:
 * the reason goes to stderr and the review is still written, empty but
 * whole, exit 0.  A missing store, a malformed key or date and a bad
 * option are errors, and then no file is written.
 */
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "report/report.h"

static const char HELP[] =
    "usage: dyadwatch report A B --db PATH [--from DATE] [--to DATE]\n"
    "                        [--by month|quarter|year] [-o FILE] [--format html|md|pdf]\n"
    "\n"
    "Writes the statistical review of the dyad A–B: headline figures (events,\n"
    "reports, sources, fatalities, net cooperation, conflict share, the change\n"
    "against the previous period), events per track, quad classes over time, the\n"
    "Goldstein line with its change-points (PELT) and BOCPD's latest-run\n"
    "probability, the dual-track panel, a timeline of the most important events\n"
    "with their sentences and sources, the disputed facts, the alerts and the\n"
    "methods with their caveats.\n"
    "\n"
    "HTML (the default) is one self-contained page: inline CSS and SVG, nothing\n"
    "fetched.  --format md gives the same sections in Markdown with the charts as\n"
    "tables; --format pdf draws them through cairo.  Without --format the format\n"
    "follows the extension of -o (.md, .pdf); without -o the review goes to\n"
    "standard output (not for PDF).  --by defaults to years for ranges over eight\n"
    "years, quarters over three, else months.  A and B match a country (IRN), a\n"
    "role (GOV), a group (TAL) or a whole code; counts are of asserted and claimed\n"
    "events in either direction.\n";

/* Under LeakSanitizer (make SANITIZE=1): fontconfig, which cairo uses for
 * the PDF's fonts, keeps caches it never frees; they are not leaks of ours.
 * An ordinary build never calls this. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }

int cmd_report(int argc, char **argv) {
    cli_opts o;
    char **pos;
    int npos;
    int rc = cli_parse(argc, argv, "db,from,to,by,format,output", &o, &pos, &npos);
    if (rc < 0) return fputs(HELP, stdout), 0;
    if (rc) return rc;
    if (npos != 2 || !o.db) {
        fprintf(stderr, "dyadwatch report: expected two actor keys A B and --db PATH\n\n%s", HELP);
        return EXIT_USAGE;
    }
    const char *out = o.output ? o.output : "-";
    dw_report_format fmt = dw_report_format_of_path(o.output);
    if (o.format && !dw_report_format_parse(o.format, &fmt)) {
        fprintf(stderr, "dyadwatch report: unknown --format '%s': expected html, md or pdf\n",
                o.format);
        return EXIT_USAGE;
    }
    if (fmt == DW_REPORT_PDF && strcmp(out, "-") == 0) {
        fprintf(stderr, "dyadwatch report: a PDF needs an output file: -o FILE.pdf\n");
        return EXIT_USAGE;
    }
    int unit = -1;
    if (o.by) {
        dw_unit u;
        if (!dw_unit_parse(o.by, &u) ||
            (u != DW_UNIT_MONTH && u != DW_UNIT_QUARTER && u != DW_UNIT_YEAR)) {
            fprintf(stderr, "dyadwatch report: unknown --by '%s': expected month, quarter or year\n",
                    o.by);
            return EXIT_USAGE;
        }
        unit = (int)u;
    }
    if (access(o.db, F_OK) != 0) {
        fprintf(stderr, "dyadwatch: %s: no such database (create one with `dyadwatch ingest`)\n",
                o.db);
        return 1;
    }
    dw_error err = {0};
    dw_store *store = NULL;
    rc = dw_store_open(o.db, &store, &err);
    const char *slash = strrchr(o.db, '/');
    dw_review_opts ro = {.a = pos[0], .b = pos[1], .from = o.from, .to = o.to, .unit = unit,
                         .db_label = slash ? slash + 1 : o.db};
    char reason[320] = "";
    if (!rc) rc = dw_report_write(store, &ro, fmt, out, reason, sizeof reason, &err);
    dw_store_close(store);
    if (rc) return cli_error(&err);
    if (reason[0]) fprintf(stderr, "dyadwatch report: %s The review is written empty.\n", reason);
    if (strcmp(out, "-") != 0) fprintf(stderr, "dyadwatch report: review written to %s\n", out);
    return 0;
}
