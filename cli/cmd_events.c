/*
 * cmd_events.c — `dyadwatch events --db PATH`: list stored events.
 */
#include <string.h>

#include "cli.h"

static const char HELP[] =
    "usage: dyadwatch events --db PATH [--dyad A,B] [--from DATE] [--to DATE]\n"
    "                        [--format jsonl|tsv] [--all]\n"
    "\n"
    "Lists stored events, oldest first.  --dyad A,B keeps events between A and B\n"
    "in either direction (--dyad A: events with A on either side); A and B match\n"
    "a country (IRN), role (GOV), group (TAL) or whole code (AFGGOVTAL).  Only\n"
    "asserted and claimed events are listed unless --all is given.\n";

typedef struct events_ctx {
    int tsv;
    dw_buf line;
} events_ctx;

static int print_record(const char *json, void *ud, dw_error *err) {
    events_ctx *c = ud;
    if (!c->tsv) {
        fputs(json, stdout);
        fputc('\n', stdout);
        return DW_OK;
    }
    dw_event e;
    int rc = dw_event_from_json(json, strlen(json), &e, err);
    if (rc) return rc;
    dw_buf_reset(&c->line);
    dw_event_to_tsv(&e, &c->line);
    fputs(c->line.data, stdout);
    dw_event_free(&e);
    return DW_OK;
}

int cmd_events(int argc, char **argv) {
    cli_opts o;
    char **pos;
    int npos;
    int rc = cli_parse(argc, argv, "db,dyad,from,to,format,all", &o, &pos, &npos);
    if (rc < 0) return fputs(HELP, stdout), 0;
    if (rc) return rc;
    if (!o.db || npos) return fputs(HELP, stderr), EXIT_USAGE;
    const char *fmt = o.format ? o.format : "jsonl";
    if (strcmp(fmt, "jsonl") && strcmp(fmt, "tsv")) {
        fprintf(stderr, "dyadwatch events: unknown --format '%s': expected jsonl or tsv\n", fmt);
        return EXIT_USAGE;
    }
    char a[64] = "", b[64] = "";
    if (o.dyad) {
        const char *comma = strchr(o.dyad, ',');
        size_t na = comma ? (size_t)(comma - o.dyad) : strlen(o.dyad);
        if (na == 0 || na >= sizeof a || (comma && (!comma[1] || strlen(comma + 1) >= sizeof b))) {
            fprintf(stderr, "dyadwatch events: bad --dyad '%s': expected A,B (e.g. IRN,TAL)\n", o.dyad);
            return EXIT_USAGE;
        }
        memcpy(a, o.dyad, na);
        if (comma) strcpy(b, comma + 1);
    }
    dw_error err = {0};
    dw_store *store = NULL;
    events_ctx c = {strcmp(fmt, "tsv") == 0, {0}};
    dw_event_query q = {a[0] ? a : NULL, b[0] ? b : NULL, o.from, o.to, o.all_modalities};
    rc = dw_store_open(o.db, &store, &err);
    if (!rc && c.tsv) {
        dw_event_tsv_header(&c.line);
        fputs(c.line.data, stdout);
    }
    if (!rc) rc = dw_store_query_events(store, &q, print_record, &c, &err);
    dw_store_close(store);
    dw_buf_free(&c.line);
    return rc ? cli_error(&err) : 0;
}
