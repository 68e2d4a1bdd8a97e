/*
 * bench.c — throughput and memory of the dyadwatch command.
 *
 * Builds a reproducible corpus by repeating the demo reports (data/demo/)
 * with fresh ids (a "[copy N]" prefix keeps every text, and so every
 * document hash, distinct) until it holds at least N sentences, then runs
 * `dyadwatch code` on it with one thread and with one per core, R times
 * each, keeping the best run (the least CPU time for one thread, the least
 * wall time for all cores).  Ingest is slower (every event goes through
 * SQLite), so it runs once on a smaller corpus of M sentences.  Times and
 * peak resident memory come from wait4() on the child.
 *
 * usage: bench DYADWATCH DEMO_DIR WORKDIR [N [M [R]]]
 *        (defaults: N = 1,000,000, M = 50,000, R = 3)
 *
 * Sentences are counted with dw_split_sentences, as the coder splits them
 * (the "[copy N]" prefix joins the first sentence of each copy).  For
 * figures worth comparing, run it on a quiet machine: it prints the load
 * average it starts with.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dyadwatch/dyadwatch.h"

typedef struct corpus {
    dw_doc *docs;
    size_t n, cap;
    size_t sentences; /* in one copy of the corpus */
} corpus;

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_demo(const char *dir, corpus *c) {
    DIR *d = opendir(dir);
    if (!d) return perror(dir), -1;
    char *names[4096];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 4096)
        if (strstr(de->d_name, ".txt")) names[n++] = strdup(de->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    dw_read_opts ro = {0};
    dw_spans sp = {0};
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        dw_buf b = {0};
        dw_error err;
        if (dw_read_all(path, 1 << 24, &b, &err)) return fprintf(stderr, "%s\n", err.msg), -1;
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 256;
            c->docs = realloc(c->docs, c->cap * sizeof *c->docs);
        }
        dw_doc *doc = &c->docs[c->n];
        memset(doc, 0, sizeof *doc);
        if (dw_doc_from_text(path, b.data, b.len, &ro, doc, &err))
            return fprintf(stderr, "%s\n", err.msg), -1;
        sp.n = 0;
        dw_split_sentences(doc->text, doc->text_len, &sp, &err);
        c->sentences += sp.n;
        c->n++;
        dw_buf_free(&b);
        free(names[i]);
    }
    dw_spans_free(&sp);
    return 0;
}

/* Writes copies of the corpus as JSON Lines until min_sentences is reached;
 * returns the sentence count (0 on error) and the documents in *docs. */
static size_t write_corpus(const corpus *c, const char *path, size_t min_sentences, size_t *docs) {
    FILE *f = fopen(path, "w");
    if (!f) return perror(path), 0;
    dw_buf line = {0}, text = {0};
    size_t total = 0, copies = 0;
    *docs = 0;
    while (total < min_sentences) {
        for (size_t i = 0; i < c->n; i++) {
            const dw_doc *d = &c->docs[i];
            dw_buf_reset(&line);
            dw_buf_printf(&line, "{\"id\":\"%s-%zu\",\"date\":\"%s\",\"source\":", d->id, copies,
                          d->date ? d->date : "2024-01-01");
            dw_buf_add_json_str(&line, d->source ? d->source : "", d->source ? strlen(d->source) : 0);
            /* a fresh first word per copy keeps every document's hash distinct */
            dw_buf_reset(&text);
            dw_buf_printf(&text, "[copy %zu] ", copies);
            dw_buf_add(&text, d->text, d->text_len);
            dw_buf_adds(&line, ",\"text\":");
            dw_buf_add_json_str(&line, text.data, text.len);
            dw_buf_addc(&line, '}');
            fwrite(line.data, 1, line.len, f);
            fputc('\n', f);
            (*docs)++;
        }
        total += c->sentences;
        copies++;
    }
    if (fclose(f)) return perror(path), 0;
    dw_buf_free(&line);
    dw_buf_free(&text);
    return total;
}

typedef struct measure {
    double wall, cpu;
    long maxrss_kb;
    int status;
} measure;

static measure run(char *const argv[], const char *out_path) {
    measure m = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        execv(argv[0], argv);
        _exit(127);
    }
    struct rusage ru;
    int st;
    wait4(pid, &st, 0, &ru);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    m.wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    m.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
            (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    m.maxrss_kb = ru.ru_maxrss;
    m.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return m;
}

/* Runs argv `repeat` times; returns the best run (least CPU time, or least
 * wall time when by_wall) with the largest peak memory of them all. */
static measure best_of(char *const argv[], const char *out_path, int repeat, int by_wall) {
    measure best = {0};
    long peak = 0;
    for (int r = 0; r < repeat; r++) {
        measure m = run(argv, out_path);
        if (m.status) return m;
        if (m.maxrss_kb > peak) peak = m.maxrss_kb;
        if (r == 0 || (by_wall ? m.wall < best.wall : m.cpu < best.cpu)) best = m;
    }
    best.maxrss_kb = peak;
    return best;
}

/* Lines of a file (its events), read in blocks; -1 when it cannot be read. */
static long count_lines(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    static char block[1 << 16];
    long lines = 0;
    size_t n;
    while ((n = fread(block, 1, sizeof block, f)) > 0)
        for (const char *p = block; (p = memchr(p, '\n', (size_t)(block + n - p))); p++) lines++;
    fclose(f);
    return lines;
}

/* Do two files hold the same bytes? */
static int same_file(const char *a, const char *b) {
    FILE *fa = fopen(a, "r"), *fb = fopen(b, "r");
    int same = fa && fb;
    static char ba[1 << 16], bb[1 << 16];
    while (same) {
        size_t na = fread(ba, 1, sizeof ba, fa), nb = fread(bb, 1, sizeof bb, fb);
        if (na != nb || memcmp(ba, bb, na) != 0) same = 0;
        if (na == 0) break;
    }
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

static size_t arg(int argc, char **argv, int i, size_t dflt) {
    return argc > i ? strtoul(argv[i], NULL, 10) : dflt;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: bench DYADWATCH DEMO_DIR WORKDIR [SENTENCES [INGEST_SENTENCES [REPEAT]]]\n");
        return 2;
    }
    size_t min_sentences = arg(argc, argv, 4, 1000000);
    size_t min_ingest = arg(argc, argv, 5, 50000);
    int repeat = (int)arg(argc, argv, 6, 3);
    if (repeat < 1) repeat = 1;
    corpus c = {0};
    if (load_demo(argv[2], &c)) return 1;
    char path[4096], ipath[4096], out[4096], out_all[4096], db[4096];
    snprintf(path, sizeof path, "%s/corpus.jsonl", argv[3]);
    snprintf(ipath, sizeof ipath, "%s/corpus-ingest.jsonl", argv[3]);
    snprintf(out, sizeof out, "%s/events.jsonl", argv[3]);
    snprintf(out_all, sizeof out_all, "%s/events-threads.jsonl", argv[3]);
    snprintf(db, sizeof db, "%s/bench.db", argv[3]);

    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) > 0)
        printf("load average %.2f %.2f %.2f on %ld cores (figures are only comparable on a quiet "
               "machine)\n",
               load[0], load[1], load[2], sysconf(_SC_NPROCESSORS_ONLN));
    size_t docs = 0;
    size_t sentences = write_corpus(&c, path, min_sentences, &docs);
    if (!sentences) return 1;
    printf("corpus: %zu documents, %zu sentences (demo corpus of %zu reports repeated) -> %s\n",
           docs, sentences, c.n, path);

    char *code_argv[] = {argv[1], "code", path, "--format", "jsonl", NULL};
    measure m = best_of(code_argv, out, repeat, 0);
    if (m.status) return fprintf(stderr, "dyadwatch code failed (%d)\n", m.status), 1;
    long events = count_lines(out);
    printf("code:   %.0f sentences/s on one core (%.2f s cpu, %.2f s wall, best of %d), %ld events, "
           "peak RSS %.1f MiB\n",
           (double)sentences / m.cpu, m.cpu, m.wall, repeat, events, (double)m.maxrss_kb / 1024.0);

    char *threads_argv[] = {argv[1], "code", path, "--format", "jsonl", "--threads", "0", NULL};
    m = best_of(threads_argv, out_all, repeat, 1);
    if (m.status) return fprintf(stderr, "dyadwatch code --threads 0 failed (%d)\n", m.status), 1;
    printf("code:   %.0f sentences/s on all %ld cores (--threads 0: %.2f s wall, %.2f s cpu, best "
           "of %d), peak RSS %.1f MiB%s\n",
           (double)sentences / m.wall, sysconf(_SC_NPROCESSORS_ONLN), m.wall, m.cpu, repeat,
           (double)m.maxrss_kb / 1024.0,
           same_file(out, out_all) ? "" : "; OUTPUT DIFFERS from the one-thread run");
    unlink(out_all);
    unlink(out);

    size_t idocs = 0;
    size_t isentences = write_corpus(&c, ipath, min_ingest, &idocs);
    if (!isentences) return 1;
    unlink(db);
    char *ingest_argv[] = {argv[1], "ingest", ipath, "--db", db, "--quiet", NULL};
    m = run(ingest_argv, "/dev/null");
    if (m.status) return fprintf(stderr, "dyadwatch ingest failed (%d)\n", m.status), 1;
    printf("ingest: %.0f sentences/s (%zu sentences, %.2f s wall, %.2f s cpu), peak RSS %.1f MiB\n",
           (double)isentences / m.wall, isentences, m.wall, m.cpu, (double)m.maxrss_kb / 1024.0);
    for (size_t i = 0; i < c.n; i++) dw_doc_free(&c.docs[i]);
    free(c.docs);
    return 0;
}
