/*
 * cmd_code.c — `dyadwatch code FILE...`: documents in, event records out.
 */
#include <string.h>

#include "cli.h"

static const char HELP[] =
    "usage: dyadwatch code FILE... [--format jsonl|tsv] [--date YYYY-MM-DD]\n"
    "                              [--dict DIR] [--lenient] [--max-bytes N]\n"
    "\n"
    "Codes each document into events and writes one record per line to\n"
    "standard output (JSON Lines by default; the record is described in\n"
    "docs/event-schema.md).  '-' reads standard input.\n"
    "\n"
    "  --format jsonl|tsv  output form (default jsonl)\n"
    "  --date DATE         date of documents that carry none\n"
    "  --dict DIR          dictionaries to use instead of the built-in ones\n"
    "  --lenient           replace invalid UTF-8 with U+FFFD instead of failing\n"
    "  --max-bytes N       largest document accepted (default 16 MiB)\n";

typedef struct code_ctx {
    dw_coder *coder;
    dw_events events;
    dw_buf out;
    int tsv;
} code_ctx;

static int flush(dw_buf *b) {
    if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len) return -1;
    dw_buf_reset(b);
    return 0;
}

static int code_one(dw_doc *doc, void *ud, dw_error *err) {
    code_ctx *c = ud;
    dw_events_clear(&c->events);
    int rc = dw_code_document(c->coder, doc, NULL, &c->events, err);
    if (rc) return rc;
    for (size_t i = 0; i < c->events.n; i++) {
        if (c->tsv) dw_event_to_tsv(&c->events.v[i], &c->out);
        else {
            dw_event_to_json(&c->events.v[i], &c->out);
            dw_buf_addc(&c->out, '\n');
        }
    }
    if (c->out.len > (1u << 20) && flush(&c->out))
        return dw_fail(err, DW_EIO, "cannot write to standard output");
    return DW_OK;
}

int cmd_code(int argc, char **argv) {
    cli_opts o;
    char **files;
    int nfiles;
    int rc = cli_parse(argc, argv, "format,date,dict,lenient,max-bytes", &o, &files, &nfiles);
    if (rc < 0) return fputs(HELP, stdout), 0;
    if (rc) return rc;
    if (nfiles == 0) return fputs(HELP, stderr), EXIT_USAGE;
    const char *fmt = o.format ? o.format : "jsonl";
    if (strcmp(fmt, "jsonl") && strcmp(fmt, "tsv")) {
        fprintf(stderr, "dyadwatch code: unknown --format '%s': expected jsonl or tsv\n", fmt);
        return EXIT_USAGE;
    }
    dw_error err = {0};
    dw_dict *dict = cli_load_dict(&o, &err);
    if (!dict) return cli_error(&err);
    code_ctx c = {0};
    c.tsv = strcmp(fmt, "tsv") == 0;
    c.coder = dw_coder_new(dict, NULL, &err);
    rc = c.coder ? DW_OK : DW_ENOMEM;
    if (!rc && c.tsv) dw_event_tsv_header(&c.out);
    dw_read_opts ro = {.default_date = o.date, .lenient = o.lenient, .max_doc_bytes = o.max_bytes};
    for (int i = 0; i < nfiles && !rc; i++)
        rc = dw_read_documents(files[i], &ro, code_one, &c, &err);
    if (!rc && flush(&c.out)) rc = dw_fail(&err, DW_EIO, "cannot write to standard output");
    if (c.coder && dw_coder_skipped(c.coder))
        fprintf(stderr, "dyadwatch: warning: skipped %zu sentences longer than %d bytes\n",
                dw_coder_skipped(c.coder), DW_DEFAULT_MAX_SENTENCE_BYTES);
    dw_events_free(&c.events);
    dw_buf_free(&c.out);
    dw_coder_free(c.coder);
    dw_dict_free(dict);
    return rc ? cli_error(&err) : 0;
}
