/*
 * bench.c — throughput and memory of the dyadwatch command.
 *
 * Builds a reproducible corpus by repeating the demo reports (data/demo/)
 * with fresh ids until it holds at least N sentences, then runs
 * `dyadwatch code` (one thread, then all cores) and `dyadwatch ingest` on it,
 * measuring wall and CPU time and peak resident memory with wait4().
 *
 * usage: bench DYADWATCH DEMO_DIR WORKDIR [MIN_SENTENCES]
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

/* Writes copies of the corpus as JSON Lines until min_sentences is reached. */
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
    fclose(f);
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

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: bench DYADWATCH DEMO_DIR WORKDIR [MIN_SENTENCES]\n");
        return 2;
    }
    size_t min_sentences = argc > 4 ? strtoul(argv[4], NULL, 10) : 120000;
    corpus c = {0};
    if (load_demo(argv[2], &c)) return 1;
    char path[4096], out[4096], db[4096];
    snprintf(path, sizeof path, "%s/corpus.jsonl", argv[3]);
    snprintf(out, sizeof out, "%s/events.jsonl", argv[3]);
    snprintf(db, sizeof db, "%s/bench.db", argv[3]);
    size_t docs = 0;
    size_t sentences = write_corpus(&c, path, min_sentences, &docs);
    printf("corpus: %zu documents, %zu sentences (demo corpus of %zu reports repeated) -> %s\n",
           docs, sentences, c.n, path);

    char *code_argv[] = {argv[1], "code", path, "--format", "jsonl", NULL};
    measure m = run(code_argv, out);
    if (m.status) return fprintf(stderr, "dyadwatch code failed (%d)\n", m.status), 1;
    FILE *f = fopen(out, "r");
    size_t events = 0;
    for (int ch; f && (ch = fgetc(f)) != EOF;) events += ch == '\n';
    if (f) fclose(f);
    printf("code:   %.2f s wall, %.2f s cpu, %.0f sentences/s (one core), %zu events, peak RSS %.1f MiB\n",
           m.wall, m.cpu, (double)sentences / m.cpu, events, (double)m.maxrss_kb / 1024.0);

    char *threads_argv[] = {argv[1], "code", path, "--format", "jsonl", "--threads", "0", NULL};
    m = run(threads_argv, out);
    if (m.status) return fprintf(stderr, "dyadwatch code --threads 0 failed (%d)\n", m.status), 1;
    printf("code:   %.2f s wall on all %ld cores (--threads 0), %.0f sentences/s, peak RSS %.1f MiB\n",
           m.wall, sysconf(_SC_NPROCESSORS_ONLN), (double)sentences / m.wall,
           (double)m.maxrss_kb / 1024.0);

    unlink(db);
    char *ingest_argv[] = {argv[1], "ingest", path, "--db", db, "--quiet", NULL};
    m = run(ingest_argv, "/dev/null");
    if (m.status) return fprintf(stderr, "dyadwatch ingest failed (%d)\n", m.status), 1;
    printf("ingest: %.2f s wall, %.2f s cpu, %.0f sentences/s, peak RSS %.1f MiB\n", m.wall, m.cpu,
           (double)sentences / m.wall, (double)m.maxrss_kb / 1024.0);
    for (size_t i = 0; i < c.n; i++) dw_doc_free(&c.docs[i]);
    free(c.docs);
    return 0;
}
