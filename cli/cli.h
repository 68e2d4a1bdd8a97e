/*
 * cli.h — the dyadwatch command: shared options and helpers for the
 * subcommands (one file each: cmd_code.c, cmd_ingest.c, ...).
 *
 * The command is a thin layer over libdyadwatch: it parses options, calls
 * the library, prints results and turns error values into messages and
 * exit codes (0 ok, 1 bad input or failure, 2 usage).
 */
#ifndef DW_CLI_H
#define DW_CLI_H

#include <stdio.h>

#include "dyadwatch/dyadwatch.h"

#define EXIT_USAGE 2

/* Options most subcommands share. */
typedef struct cli_opts {
    const char *db;
    const char *dict_dir;     /* --dict DIR: load these instead of the built-in ones */
    const char *date;         /* --date: default document date */
    const char *format;       /* jsonl | tsv | table ... */
    const char *from, *to;
    const char *by;
    const char *dyad;         /* --dyad A,B */
    const char *threads;      /* --threads N */
    const char *gazetteer;    /* --gazetteer FILE: more places (GeoNames TSV) */
    int lenient;
    int all_modalities;
    size_t max_bytes;
    int quiet;
    const char *track;        /* --track: security | diplomacy | ... | all */
    const char *method;       /* --method pelt | bocpd */
    const char *series;       /* --series FILE.csv: a date,value series */
    const char *direction;    /* --direction ab | ba | both */
    const char *metric;       /* --metric events | conflict | ... | goldstein | net */
    const char *cost;         /* --cost auto | poisson | normal (for --series) */
    const char *output;       /* -o, --output FILE */
} cli_opts;

/* Parses argv from index 2 (after the subcommand) into opts and positional
 * arguments; unknown options are a usage error.  `allowed` lists the long
 * option names the subcommand takes (e.g. "db,dict,date"). */
int cli_parse(int argc, char **argv, const char *allowed, cli_opts *opts, char ***pos, int *npos);

/* Warns on stderr about what extraction refused in one document (impossible
 * dates, numbers too large): the difference between two snapshots. */
void cli_warn_refused(const char *origin, const dw_extract_stats *before,
                      const dw_extract_stats *after);

/* Prints "dyadwatch: <message>" to stderr and returns 1. */
int cli_error(const dw_error *err);

/* Loads --dict DIR or the built-in dictionaries. */
dw_dict *cli_load_dict(const cli_opts *o, dw_error *err);
/* The built-in gazetteer plus --gazetteer FILE. */
dw_gazetteer *cli_load_gazetteer(const cli_opts *o, dw_error *err);

/* Ingests files into an open store in one transaction: idempotent, all or
 * nothing.  Prints a one-line report unless quiet. */
typedef struct ingest_report {
    long documents, skipped, sentences, events, skipped_sentences;
} ingest_report;

int cli_ingest_files(dw_store *store, const dw_dict *dict, const dw_gazetteer *g, char **files,
                     int nfiles, const dw_read_opts *ro, ingest_report *rep, dw_error *err);
/* The same over documents already in memory (the demo corpus). */
int cli_ingest_docs(dw_store *store, const dw_dict *dict, dw_doc *docs, size_t n,
                    ingest_report *rep, dw_error *err);

int cli_print_dyad(dw_store *store, const char *a, const char *b, dw_period by,
                   const char *from, const char *to, FILE *out, dw_error *err);

int cmd_code(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_dyad(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_validate(int argc, char **argv);
/* Shared by series, changes and alerts (cmd_series.c): checks the actor keys
 * A and B (pos[0], pos[1]: the caller has checked there are two, and --db)
 * and the --by/--track/--direction/--from/--to options, opens the store
 * (which must exist) and builds the series.  Returns 0 to go on, else the exit code
 * (the message is printed).  An empty series is not an error; cli_explain_empty
 * says why it is empty (to stderr). */
int cli_build_series(const char *cmd, const cli_opts *o, char **pos, int by_track,
                     dw_store **store, dw_series *series, dw_dir *dir);
void cli_explain_empty(const char *cmd, const dw_series *s, const cli_opts *o);
/* Prints the events behind a change or an alert, one indented line each. */
void cli_print_drivers(const dw_event_list *l);

int cmd_series(int argc, char **argv);
int cmd_changes(int argc, char **argv);
int cmd_alerts(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
