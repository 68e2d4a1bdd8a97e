/*
 * cmd_dict.c — `dyadwatch dict`: load the dictionaries, report their size,
 * load time and memory, and any duplicate or conflicting entries.
 */
#include <time.h>

#include "cli.h"

static const char HELP[] =
    "usage: dyadwatch dict [--dict DIR]\n"
    "\n"
    "Loads the built-in dictionaries (or those in DIR), checks them, and prints\n"
    "their sizes, the load time and the memory the compiled matcher holds.\n"
    "A syntax error is reported with file and line and exits 1.\n";

int cmd_dict(int argc, char **argv) {
    cli_opts o;
    char **pos;
    int npos;
    int rc = cli_parse(argc, argv, "dict", &o, &pos, &npos);
    if (rc < 0) return fputs(HELP, stdout), 0;
    if (rc) return rc;
    if (npos) return fputs(HELP, stderr), EXIT_USAGE;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    dw_error err = {0};
    dw_dict *d = cli_load_dict(&o, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!d) return cli_error(&err);
    dw_dict_stats s;
    dw_dict_get_stats(d, &s);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    printf("actors        %zu (%zu phrases)\n", s.actors, s.actor_phrases);
    printf("agents        %zu (%zu phrases)\n", s.agents, s.agent_phrases);
    printf("verbs         %zu (%zu forms), %zu patterns\n", s.verbs, s.verb_forms, s.patterns);
    printf("cues          %zu modality and track phrases\n", s.modality_phrases);
    printf("cameo codes   %zu\n", s.cameo_codes);
    printf("trie nodes    %zu\n", s.trie_nodes);
    printf("memory        %.2f MiB\n", (double)s.bytes / (1024.0 * 1024.0));
    printf("load time     %.1f ms\n", ms);
    size_t nw = dw_dict_warning_count(d);
    for (size_t i = 0; i < nw; i++) {
        const char *w = dw_dict_warning(d, i);
        if (!w) {
            fprintf(stderr, "warning: ... and %zu more\n", nw - i);
            break;
        }
        fprintf(stderr, "warning: %s\n", w);
    }
    dw_dict_free(d);
    return 0;
}
