/*
 * cmd_demo.c — `dyadwatch demo [DIR]`: the built-in Iran–Taliban corpus,
 * coded into a fresh database, summarized by year, and its statistical
 * review written to DIR/review.html.
 *
 * The corpus is compiled into the library (data/demo/), so the demo works
 * from any directory once installed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/core/embedded.h"
#include "cli.h"
#include "report/report.h"

static const char HELP[] =
    "usage: dyadwatch demo [DIR]\n"
    "\n"
    "Codes the built-in corpus of news-style reports on Iran and the Taliban\n"
    "(1996-2025) into a fresh database DIR/demo.db (DIR defaults to\n"
    "./dyadwatch-demo), prints the Iran-Taliban summary by year and writes\n"
    "the statistical review DIR/review.html.\n";

int cmd_demo(int argc, char **argv) {
    cli_opts o;
    char **pos;
    int npos;
    int rc = cli_parse(argc, argv, "dict", &o, &pos, &npos);
    if (rc < 0) return fputs(HELP, stdout), 0;
    if (rc) return rc;
    if (npos > 1) return fputs(HELP, stderr), EXIT_USAGE;
    const char *dir = npos ? pos[0] : "dyadwatch-demo";
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "dyadwatch: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    char db[4096];
    snprintf(db, sizeof db, "%s/demo.db", dir);
    const char *suffixes[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) { /* a fresh database every time */
        char p[4200];
        snprintf(p, sizeof p, "%s%s", db, suffixes[i]);
        unlink(p);
    }

    dw_error err = {0};
    dw_dict *dict = cli_load_dict(&o, &err);
    if (!dict) return cli_error(&err);
    size_t n = 0, cap = 0;
    dw_doc *docs = NULL;
    dw_read_opts ro = {0};
    for (const dw_embedded_file *f = dw_embedded_files; f->path && !rc; f++) {
        if (strncmp(f->path, "demo/", 5) != 0) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            dw_doc *v = realloc(docs, cap * sizeof *v);
            if (!v) {
                rc = dw_fail(&err, DW_ENOMEM, "out of memory");
                break;
            }
            docs = v;
        }
        memset(&docs[n], 0, sizeof docs[n]);
        rc = dw_doc_from_text(f->path, f->data, f->len, &ro, &docs[n], &err);
        if (!rc) n++;
    }
    dw_store *store = NULL;
    ingest_report rep = {0};
    if (!rc && n == 0) rc = dw_fail(&err, DW_EEMPTY, "no demo corpus was built into this program");
    if (!rc) rc = dw_store_open(db, &store, &err);
    if (!rc) rc = cli_ingest_docs(store, dict, docs, n, &rep, &err);
    if (!rc) {
        printf("dyadwatch demo: %ld reports coded into %ld events (%ld sentences) -> %s\n\n",
               rep.documents, rep.events, rep.sentences, db);
        rc = cli_print_dyad(store, "IRN", "TAL", DW_BY_YEAR, NULL, NULL, stdout, &err);
    }
    if (!rc) { /* the statistical review of the same dyad, one HTML page */
        char review[4200];
        snprintf(review, sizeof review, "%s/review.html", dir);
        dw_review_opts vo = {.a = "IRN", .b = "TAL", .unit = -1, .db_label = "demo.db"};
        rc = dw_report_write(store, &vo, DW_REPORT_HTML, review, NULL, 0, &err);
        if (!rc) printf("\nReview of IRN-TAL: %s\n", review);
    }
    if (!rc)
        printf("\nNext: dyadwatch events --db %s --dyad IRN,TAL --format tsv\n"
               "      dyadwatch dyad IRN TAL --db %s --by month --from 2021\n",
               db, db);
    dw_store_close(store);
    for (size_t i = 0; i < n; i++) dw_doc_free(&docs[i]);
    free(docs);
    dw_dict_free(dict);
    return rc ? cli_error(&err) : 0;
}
