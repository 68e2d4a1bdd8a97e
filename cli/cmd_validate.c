/*
 * cmd_validate.c — `dyadwatch validate FILE`: run a TABARI validation text
 * or a PETRARCH unit-test XML through the coder with that suite's own
 * dictionaries, print each failing record with what was expected and what
 * was coded, and end with "N passed, N failed".
 *
 * Exit status: 0 when the suite ran (whatever the score: `make
 * conformance` checks the figures), 1 when it could not run.
 */
#include "cli.h"

static const char HELP[] =
    "usage: dyadwatch validate FILE [--quiet] [--all]\n"
    "\n"
    "Runs a peer coder's test suite through dyadwatch's coder:\n"
    "  - a TABARI validation text (its .project, in the same folder, names the\n"
    "    .actors, .verbs, .agents and .options dictionaries), or\n"
    "  - a PETRARCH unit-test XML (its <Environment> names the dictionaries;\n"
    "    only <Text> is coded, the <Parse> trees are not used).\n"
    "Prints every failing record (expected and coded events as SRC/TGT/CODE,\n"
    "--- for none, ### for a discard, +++ for too complex) and ends with\n"
    "  N passed, N failed\n"
    "counting the records that expect events, no event or a discard; records\n"
    "marked too complex ({+++}) are counted on a line of their own.\n"
    "  --quiet   only the summary lines\n"
    "  --all     print passing records too\n";

typedef struct show {
    int quiet, all;
} show;

static void print_record(const dw_validate_record *r, void *ctx) {
    const show *s = ctx;
    if (s->quiet || r->expect == DW_EXPECT_SKIP) return;
    if (r->passed && !s->all) return;
    printf("%s %s %s: %s\n", r->passed ? "ok  " : "FAIL", r->id, r->date, r->text);
    printf("    expected: %s\n    coded:    %s\n", r->expected, r->coded);
}

int cmd_validate(int argc, char **argv) {
    cli_opts o;
    char **pos;
    int npos;
    int rc = cli_parse(argc, argv, "quiet,all", &o, &pos, &npos);
    if (rc < 0) return fputs(HELP, stdout), 0;
    if (rc) return rc;
    if (npos != 1) return fputs(HELP, stderr), EXIT_USAGE;
    show s = {o.quiet, o.all_modalities};
    dw_validate_summary sum;
    dw_error err = {0};
    if (dw_validate_file(pos[0], print_record, &s, &sum, &err)) return cli_error(&err);
    size_t cx = sum.complex_passed + sum.complex_failed;
    if (cx)
        printf("%s complex records ({+++}): %zu coded as complex or not at all, %zu coded otherwise\n",
               sum.suite, sum.complex_passed, sum.complex_failed);
    if (sum.skipped) printf("%s records not checked: %zu\n", sum.suite, sum.skipped);
    size_t total = sum.passed + sum.failed;
    printf("%s: %.1f%% exact\n", sum.suite, total ? 100.0 * (double)sum.passed / (double)total : 0.0);
    printf("%zu passed, %zu failed\n", sum.passed, sum.failed);
    return 0;
}
