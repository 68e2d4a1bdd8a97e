/*
 * cmd_ingest.c — `dyadwatch ingest FILE... --db PATH`: code and store.
 *
 * One transaction per run: either every new document of every file is
 * stored, or (on any error) none is.  Documents already stored (same
 * content hash) are skipped, so re-running is harmless.
 */
#include <string.h>

#include "cli.h"

static const char HELP[] =
    "usage: dyadwatch ingest FILE... --db PATH [--date YYYY-MM-DD] [--dict DIR]\n"
    "                                [--gazetteer FILE] [--lenient] [--max-bytes N] [--quiet]\n"
    "\n"
    "Codes each document and stores it, with its sentences and events, in the\n"
    "SQLite database PATH (created if needed).  All files are stored in one\n"
    "transaction: bad input anywhere leaves the database as it was.  A document\n"
    "whose text is already stored is skipped.\n";

typedef struct ingest_ctx {
    dw_store *store;
    dw_coder *coder;
    dw_spans sentences;
    dw_events events;
    ingest_report *rep;
} ingest_ctx;

static int ingest_one(dw_doc *doc, void *ud, dw_error *err) {
    ingest_ctx *c = ud;
    int found = 0;
    int rc = dw_store_has_document(c->store, doc->hash, &found, err);
    if (rc) return rc;
    if (found) {
        c->rep->skipped++;
        return DW_OK;
    }
    c->sentences.n = 0;
    dw_events_clear(&c->events);
    dw_extract_stats before, after;
    dw_coder_extract_stats(c->coder, &before);
    if ((rc = dw_code_document(c->coder, doc, &c->sentences, &c->events, err))) return rc;
    dw_coder_extract_stats(c->coder, &after);
    cli_warn_refused(doc->origin, &before, &after);
    if ((rc = dw_store_add_document(c->store, doc, &c->sentences, &c->events, err))) return rc;
    c->rep->documents++;
    c->rep->sentences += (long)c->sentences.n;
    c->rep->events += (long)c->events.n;
    return DW_OK;
}

static int ingest_begin(ingest_ctx *c, dw_store *store, const dw_dict *dict,
                        const dw_gazetteer *g, ingest_report *rep, dw_error *err) {
    memset(c, 0, sizeof *c);
    memset(rep, 0, sizeof *rep);
    c->store = store;
    c->rep = rep;
    dw_coder_opts co = {.gazetteer = g};
    if (!(c->coder = dw_coder_new(dict, &co, err))) return DW_ENOMEM;
    return dw_store_begin(store, err);
}

static int ingest_end(ingest_ctx *c, int rc, dw_error *err) {
    if (rc == DW_OK) rc = dw_store_commit(c->store, err);
    else dw_store_rollback(c->store);
    c->rep->skipped_sentences = (long)dw_coder_skipped(c->coder);
    dw_spans_free(&c->sentences);
    dw_events_free(&c->events);
    dw_coder_free(c->coder);
    return rc;
}

int cli_ingest_files(dw_store *store, const dw_dict *dict, const dw_gazetteer *g, char **files,
                     int nfiles, const dw_read_opts *ro, ingest_report *rep, dw_error *err) {
    ingest_ctx c;
    int rc = ingest_begin(&c, store, dict, g, rep, err);
    for (int i = 0; i < nfiles && !rc; i++) rc = dw_read_documents(files[i], ro, ingest_one, &c, err);
    return ingest_end(&c, rc, err);
}

int cli_ingest_docs(dw_store *store, const dw_dict *dict, dw_doc *docs, size_t n,
                    ingest_report *rep, dw_error *err) {
    ingest_ctx c;
    int rc = ingest_begin(&c, store, dict, NULL, rep, err);
    for (size_t i = 0; i < n && !rc; i++) rc = ingest_one(&docs[i], &c, err);
    return ingest_end(&c, rc, err);
}

int cmd_ingest(int argc, char **argv) {
    cli_opts o;
    char **files;
    int nfiles;
    int rc = cli_parse(argc, argv, "db,date,dict,gazetteer,lenient,max-bytes,quiet", &o, &files,
                       &nfiles);
    if (rc < 0) return fputs(HELP, stdout), 0;
    if (rc) return rc;
    if (nfiles == 0 || !o.db) return fputs(HELP, stderr), EXIT_USAGE;
    dw_error err = {0};
    dw_dict *dict = cli_load_dict(&o, &err);
    if (!dict) return cli_error(&err);
    dw_gazetteer *g = cli_load_gazetteer(&o, &err);
    if (!g) {
        dw_dict_free(dict);
        return cli_error(&err);
    }
    dw_store *store = NULL;
    ingest_report rep;
    dw_read_opts ro = {.default_date = o.date, .lenient = o.lenient, .max_doc_bytes = o.max_bytes};
    rc = dw_store_open(o.db, &store, &err);
    if (!rc) rc = cli_ingest_files(store, dict, g, files, nfiles, &ro, &rep, &err);
    dw_store_close(store);
    dw_gazetteer_free(g);
    dw_dict_free(dict);
    if (rc) {
        cli_error(&err);
        fprintf(stderr, "dyadwatch: nothing was stored (the database is as it was)\n");
        return 1;
    }
    if (!o.quiet)
        printf("ingested %ld documents (%ld sentences, %ld events); %ld already stored, skipped\n",
               rep.documents, rep.sentences, rep.events, rep.skipped);
    if (rep.skipped_sentences)
        fprintf(stderr, "dyadwatch: warning: skipped %ld over-long sentences\n", rep.skipped_sentences);
    return 0;
}
