/*
 * main.c — the dyadwatch command: subcommand dispatch and shared option
 * parsing.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char USAGE[] =
    "dyadwatch " DW_VERSION " — security dynamics between political actors, from text\n"
    "\n"
    "usage: dyadwatch COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "commands:\n"
    "  code FILE...            code documents into events (to stdout)\n"
    "  ingest FILE... --db DB  code documents and store them (idempotent)\n"
    "  events --db DB          list stored events\n"
    "  dyad A B --db DB        summary of a dyad by year or month, both directions\n"
    "  series A B --db DB      a dyad's events per day, week, month, quarter or year\n"
    "  changes A B --db DB     change-points of a dyad series (PELT or BOCPD)\n"
    "  changes --series CSV    change-points of any date,value series\n"
    "  alerts A B --db DB      change bands, surges, regime changes and the dual track\n"
    "  report A B --db DB -o F the statistical review as one HTML page (or md, pdf)\n"
    "  demo [DIR]              code the built-in Iran–Taliban corpus and summarize it\n"
    "  dict                    load the dictionaries and report their size\n"
    "  validate FILE           run a TABARI or PETRARCH test suite through the coder\n"
    "\n"
    "`dyadwatch COMMAND --help` describes each command.  Input files are plain\n"
    "text (optional Date:/Source:/Title:/URL: headers, then a blank line) or JSON\n"
    "Lines (.jsonl); '-' reads standard input.\n";

void cli_warn_refused(const char *origin, const dw_extract_stats *before,
                      const dw_extract_stats *after) {
    size_t dates = after->impossible_dates - before->impossible_dates;
    size_t numbers = after->overflowed_numbers - before->overflowed_numbers;
    if (dates || numbers)
        fprintf(stderr,
                "dyadwatch: warning: %s: ignored %zu impossible date(s) and %zu number(s) too "
                "large to read\n",
                origin ? origin : "<input>", dates, numbers);
}

int cli_error(const dw_error *err) {
    fprintf(stderr, "dyadwatch: %s\n", err->msg[0] ? err->msg : "failed");
    return 1;
}

static const struct option LONG_OPTS[] = {
    {"db", required_argument, 0, 'd'},       {"dict", required_argument, 0, 'D'},
    {"date", required_argument, 0, 't'},     {"format", required_argument, 0, 'f'},
    {"from", required_argument, 0, 'F'},     {"to", required_argument, 0, 'T'},
    {"by", required_argument, 0, 'b'},       {"dyad", required_argument, 0, 'y'},
    {"lenient", no_argument, 0, 'l'},        {"all", no_argument, 0, 'a'},
    {"max-bytes", required_argument, 0, 'm'}, {"quiet", no_argument, 0, 'q'},
    {"threads", required_argument, 0, 'j'}, {"gazetteer", required_argument, 0, 'g'},
    {"track", required_argument, 0, 'k'},    {"method", required_argument, 0, 'M'},
    {"series", required_argument, 0, 'S'},   {"direction", required_argument, 0, 'r'},
    {"metric", required_argument, 0, 'e'},   {"cost", required_argument, 0, 'c'},
    {"output", required_argument, 0, 'o'},
    {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};

int cli_parse(int argc, char **argv, const char *allowed, cli_opts *o, char ***pos, int *npos) {
    memset(o, 0, sizeof *o);
    optind = 2; /* skip the program and the subcommand */
    opterr = 0;
    int idx, ch;
    while ((ch = getopt_long(argc, argv, "o:", LONG_OPTS, &idx)) != -1) {
        if (ch == '?' || ch == ':') {
            fprintf(stderr, "dyadwatch %s: unknown option or missing value '%s' (see --help)\n",
                    argv[1], argv[optind - 1]);
            return EXIT_USAGE;
        }
        const char *name = NULL;
        for (const struct option *lo = LONG_OPTS; lo->name; lo++)
            if (lo->val == ch) name = lo->name;
        if (ch != 'h') {
            /* only the options this subcommand documents */
            const char *p = strstr(allowed, name);
            size_t n = strlen(name);
            if (!p || (p > allowed && p[-1] != ',') || (p[n] && p[n] != ',')) {
                fprintf(stderr, "dyadwatch %s: option --%s does not apply here (see --help)\n",
                        argv[1], name);
                return EXIT_USAGE;
            }
        }
        switch (ch) {
        case 'd': o->db = optarg; break;
        case 'D': o->dict_dir = optarg; break;
        case 't':
            if (!dw_date_valid(optarg, strlen(optarg))) {
                fprintf(stderr, "dyadwatch: bad --date '%s': expected YYYY-MM-DD\n", optarg);
                return EXIT_USAGE;
            }
            o->date = optarg;
            break;
        case 'f': o->format = optarg; break;
        case 'F': o->from = optarg; break;
        case 'T': o->to = optarg; break;
        case 'b': o->by = optarg; break;
        case 'y': o->dyad = optarg; break;
        case 'l': o->lenient = 1; break;
        case 'a': o->all_modalities = 1; break;
        case 'q': o->quiet = 1; break;
        case 'k': o->track = optarg; break;
        case 'M': o->method = optarg; break;
        case 'S': o->series = optarg; break;
        case 'r': o->direction = optarg; break;
        case 'e': o->metric = optarg; break;
        case 'c': o->cost = optarg; break;
        case 'o': o->output = optarg; break;
        case 'j': o->threads = optarg; break;
        case 'g': o->gazetteer = optarg; break;
        case 'm': {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || v == 0 || v > (1ull << 34)) {
                fprintf(stderr, "dyadwatch: bad --max-bytes '%s': expected 1 to 17179869184\n", optarg);
                return EXIT_USAGE;
            }
            o->max_bytes = (size_t)v;
            break;
        }
        case 'h': return -1;
        }
    }
    const char *dates[] = {o->from, o->to};
    for (int i = 0; i < 2; i++)
        if (dates[i] && !dw_date_valid(dates[i], strlen(dates[i]))) {
            fprintf(stderr, "dyadwatch: bad date '%s': expected YYYY, YYYY-MM or YYYY-MM-DD\n",
                    dates[i]);
            return EXIT_USAGE;
        }
    *pos = argv + optind;
    *npos = argc - optind;
    return 0;
}

dw_dict *cli_load_dict(const cli_opts *o, dw_error *err) {
    dw_dict *d = dw_dict_new();
    if (!d) {
        dw_fail(err, DW_ENOMEM, "out of memory");
        return NULL;
    }
    int rc = o->dict_dir ? dw_dict_load_dir(d, o->dict_dir, err) : dw_dict_load_default(d, err);
    if (rc) {
        dw_dict_free(d);
        return NULL;
    }
    return d;
}

dw_gazetteer *cli_load_gazetteer(const cli_opts *o, dw_error *err) {
    dw_gazetteer *g = dw_gazetteer_new_default(err);
    if (g && o->gazetteer && dw_gazetteer_load_geonames(g, o->gazetteer, err)) {
        dw_gazetteer_free(g);
        return NULL;
    }
    return g;
}

int main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(USAGE, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("dyadwatch " DW_VERSION);
        return 0;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } CMDS[] = {{"code", cmd_code},   {"ingest", cmd_ingest}, {"events", cmd_events},
                {"dyad", cmd_dyad},   {"demo", cmd_demo},     {"dict", cmd_dict},
                {"series", cmd_series}, {"changes", cmd_changes}, {"alerts", cmd_alerts},
                {"report", cmd_report},
                {"validate", cmd_validate}};
    for (size_t i = 0; i < sizeof CMDS / sizeof *CMDS; i++)
        if (strcmp(argv[1], CMDS[i].name) == 0) return CMDS[i].fn(argc, argv);
    fprintf(stderr, "dyadwatch: unknown command '%s'\n\n%s", argv[1], USAGE);
    return EXIT_USAGE;
}
