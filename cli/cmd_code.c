/*
 * cmd_code.c — `dyadwatch code FILE...`: documents in, event records out.
 *
 * With --threads N, documents are read in batches and each batch is coded
 * by N threads (one dw_coder each; the dictionary is shared read-only)
 * while the main thread reads the next, then written in input order, so
 * the output is identical to a one-thread run.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cli.h"

static const char HELP[] =
    "usage: dyadwatch code FILE... [--format jsonl|tsv] [--date YYYY-MM-DD]\n"
    "                              [--dict DIR] [--gazetteer FILE] [--lenient]\n"
    "                              [--max-bytes N] [--threads N]\n"
    "\n"
    "Codes each document into events and writes one record per line to\n"
    "standard output (JSON Lines by default; the record is described in\n"
    "docs/event-schema.md).  '-' reads standard input.\n"
    "\n"
    "  --format jsonl|tsv  output form (default jsonl)\n"
    "  --date DATE         date of documents that carry none\n"
    "  --dict DIR          dictionaries to use instead of the built-in ones\n"
    "  --gazetteer FILE    more places, in GeoNames' tab-separated format\n"
    "  --lenient           replace invalid UTF-8 with U+FFFD instead of failing\n"
    "  --max-bytes N       largest document accepted (default 16 MiB)\n"
    "  --threads N         code with N threads (0: one per core; default 1)\n";

#define BATCH_DOCS 512
#define MAX_THREADS 64
#define IOV_BATCH 64 /* buffers per writev (IOV_MAX is at least 16 by POSIX, 1024 on Linux) */

typedef struct worker {
    pthread_t thread;
    dw_coder *coder;
    dw_events events;
    struct batch *batch;
    int first, step;
    int tsv;
} worker;

/* Documents read but not yet written; out[i] holds document i's records. */
typedef struct batch {
    dw_doc docs[BATCH_DOCS];
    dw_buf out[BATCH_DOCS];
    int rc[BATCH_DOCS];
    dw_error err[BATCH_DOCS];
    dw_extract_stats refused[2][BATCH_DOCS]; /* extraction counters before / after */
    size_t n;
} batch;

/* With more than one thread the reader does not wait for the coders: while
 * the workers code one batch (running), the main thread reads the next
 * into the other (b); a full batch waits for the running one to be written
 * before it starts, so records still come out in input order. */
typedef struct code_ctx {
    worker workers[MAX_THREADS];
    int nthreads;
    batch *b;        /* the batch being read */
    batch *other;    /* the second batch (threads only) */
    batch *running;  /* the batch the workers are coding, or NULL */
    int started;     /* workers[0, started) run as threads on it */
} code_ctx;

static void code_doc(worker *w, size_t i) {
    batch *b = w->batch;
    dw_events_clear(&w->events);
    dw_coder_extract_stats(w->coder, &b->refused[0][i]);
    b->rc[i] = dw_code_document(w->coder, &b->docs[i], NULL, &w->events, &b->err[i]);
    dw_coder_extract_stats(w->coder, &b->refused[1][i]);
    for (size_t k = 0; k < w->events.n && !b->rc[i]; k++) {
        if (w->tsv) dw_event_to_tsv(&w->events.v[k], &b->out[i]);
        else {
            dw_event_to_json(&w->events.v[k], &b->out[i]);
            dw_buf_addc(&b->out[i], '\n');
        }
    }
}

static void *work(void *arg) {
    worker *w = arg;
    for (size_t i = (size_t)w->first; i < w->batch->n; i += (size_t)w->step) code_doc(w, i);
    return NULL;
}

/* Writes out[0, n) to standard output straight from the buffers (writev),
 * without copying them through stdio's. */
static int write_outputs(const dw_buf *out, size_t n) {
    if (fflush(stdout)) return -1; /* the TSV header, if any, goes first */
    struct iovec iov[IOV_BATCH];
    for (size_t i = 0; i < n;) {
        int k = 0;
        for (; i < n && k < IOV_BATCH; i++)
            if (out[i].len) iov[k++] = (struct iovec){out[i].data, out[i].len};
        for (int j = 0; j < k;) { /* writev may write less than asked */
            ssize_t w = writev(STDOUT_FILENO, iov + j, k - j);
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) return -1;
            while (j < k && (size_t)w >= iov[j].iov_len) w -= (ssize_t)iov[j++].iov_len;
            if (j < k) {
                iov[j].iov_base = (char *)iov[j].iov_base + w;
                iov[j].iov_len -= (size_t)w;
            }
        }
    }
    return 0;
}

/* Writes a coded batch in order (up to its first failed document, whose
 * error is returned) and empties it. */
static int write_batch(batch *b, dw_error *err) {
    int rc = DW_OK;
    size_t ok = 0; /* documents coded without error, in order */
    while (ok < b->n && !b->rc[ok]) ok++;
    for (size_t i = 0; i < ok; i++)
        cli_warn_refused(b->docs[i].origin, &b->refused[0][i], &b->refused[1][i]);
    if (ok < b->n) {
        *err = b->err[ok];
        rc = b->rc[ok];
    }
    if (write_outputs(b->out, ok) && !rc) rc = dw_fail(err, DW_EIO, "cannot write to standard output");
    for (size_t i = 0; i < b->n; i++) {
        dw_buf_reset(&b->out[i]);
        dw_doc_free(&b->docs[i]);
    }
    b->n = 0;
    return rc;
}

/* Starts every worker on batch b as a thread (one that cannot be started
 * codes its share here, before this returns). */
static void start_batch(code_ctx *c, batch *b) {
    c->running = b;
    c->started = 0;
    for (int t = 0; t < c->nthreads; t++) {
        c->workers[t].batch = b;
        if (c->started == t && pthread_create(&c->workers[t].thread, NULL, work, &c->workers[t]) == 0)
            c->started++;
        else
            work(&c->workers[t]);
    }
}

/* Waits for the running batch, if any, and writes it. */
static int finish_batch(code_ctx *c, dw_error *err) {
    if (!c->running) return DW_OK;
    for (int t = 0; t < c->started; t++) pthread_join(c->workers[t].thread, NULL);
    batch *b = c->running;
    c->running = NULL;
    return write_batch(b, err);
}

/* Codes the full batch c->b: here and now with one thread; else in the
 * background, once the batch before it is written, while the reader fills
 * the other batch. */
static int run_batch(code_ctx *c, dw_error *err) {
    if (c->nthreads == 1) {
        c->workers[0].batch = c->b;
        work(&c->workers[0]);
        return write_batch(c->b, err);
    }
    int rc = finish_batch(c, err);
    if (rc) return rc;
    start_batch(c, c->b);
    batch *next = c->other;
    c->other = c->b;
    c->b = next;
    return DW_OK;
}

/* Reader callback: keeps the document (taking its fields) until the batch is full. */
static int collect(dw_doc *doc, void *ud, dw_error *err) {
    code_ctx *c = ud;
    c->b->docs[c->b->n++] = *doc;
    memset(doc, 0, sizeof *doc); /* the batch owns the fields now */
    return c->b->n == BATCH_DOCS ? run_batch(c, err) : DW_OK;
}

static int parse_threads(const char *s, int *out) {
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 0 || v > MAX_THREADS) return -1;
    if (v == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        v = cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : cores;
    }
    *out = (int)v;
    return 0;
}

int cmd_code(int argc, char **argv) {
    cli_opts o;
    char **files;
    int nfiles;
    int rc = cli_parse(argc, argv, "format,date,dict,gazetteer,lenient,max-bytes,threads", &o, &files,
                       &nfiles);
    if (rc < 0) return fputs(HELP, stdout), 0;
    if (rc) return rc;
    if (nfiles == 0) return fputs(HELP, stderr), EXIT_USAGE;
    const char *fmt = o.format ? o.format : "jsonl";
    if (strcmp(fmt, "jsonl") && strcmp(fmt, "tsv")) {
        fprintf(stderr, "dyadwatch code: unknown --format '%s': expected jsonl or tsv\n", fmt);
        return EXIT_USAGE;
    }
    code_ctx c = {0};
    c.nthreads = 1;
    if (o.threads && parse_threads(o.threads, &c.nthreads)) {
        fprintf(stderr, "dyadwatch code: bad --threads '%s': expected 0 to %d\n", o.threads, MAX_THREADS);
        return EXIT_USAGE;
    }
    dw_error err = {0};
    dw_dict *dict = cli_load_dict(&o, &err);
    if (!dict) return cli_error(&err);
    dw_gazetteer *g = cli_load_gazetteer(&o, &err); /* shared by the threads */
    if (!g) {
        dw_dict_free(dict);
        return cli_error(&err);
    }
    dw_coder_opts co = {.gazetteer = g};
    c.b = calloc(1, sizeof *c.b);
    if (c.nthreads > 1) c.other = calloc(1, sizeof *c.other);
    rc = c.b && (c.nthreads == 1 || c.other) ? DW_OK : dw_fail(&err, DW_ENOMEM, "out of memory");
    for (int t = 0; t < c.nthreads && !rc; t++) {
        worker *w = &c.workers[t];
        w->batch = c.b;
        w->first = t;
        w->step = c.nthreads;
        w->tsv = strcmp(fmt, "tsv") == 0;
        if (!(w->coder = dw_coder_new(dict, &co, &err))) rc = DW_ENOMEM;
    }
    if (!rc && strcmp(fmt, "tsv") == 0) {
        dw_buf head = {0};
        dw_event_tsv_header(&head);
        fputs(head.data, stdout);
        dw_buf_free(&head);
    }
    dw_read_opts ro = {.default_date = o.date, .lenient = o.lenient, .max_doc_bytes = o.max_bytes};
    for (int i = 0; i < nfiles && !rc; i++) rc = dw_read_documents(files[i], &ro, collect, &c, &err);
    if (!rc && c.b->n) rc = run_batch(&c, &err);
    /* the batch still coding is written even after a read error: what was
     * read before the bad input comes out, as with one thread */
    dw_error ferr = {0};
    int frc = finish_batch(&c, rc ? &ferr : &err);
    if (!rc) rc = frc;
    size_t skipped = 0;
    for (int t = 0; t < c.nthreads; t++) {
        if (c.workers[t].coder) skipped += dw_coder_skipped(c.workers[t].coder);
        dw_coder_free(c.workers[t].coder);
        dw_events_free(&c.workers[t].events);
    }
    if (skipped)
        fprintf(stderr, "dyadwatch: warning: skipped %zu sentences longer than %d bytes\n", skipped,
                DW_DEFAULT_MAX_SENTENCE_BYTES);
    batch *batches[2] = {c.b, c.other};
    for (int k = 0; k < 2; k++) {
        batch *b = batches[k];
        if (!b) continue;
        for (size_t i = 0; i < b->n; i++) dw_doc_free(&b->docs[i]);
        for (size_t i = 0; i < BATCH_DOCS; i++) dw_buf_free(&b->out[i]);
        free(b);
    }
    dw_gazetteer_free(g);
    dw_dict_free(dict);
    if (fflush(stdout) != 0 && !rc) rc = dw_fail(&err, DW_EIO, "cannot write to standard output");
    return rc ? cli_error(&err) : 0;
}
