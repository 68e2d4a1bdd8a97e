/*
 * test_util.h — shared includes and helpers for the cmocka unit tests.
 *
 * DW_SOURCE_DIR is the project root (set by the Makefile), so tests can find
 * tests/data/ and, where present, ../shared/ (skipped with a message if not);
 * DW_BUILD_DIR holds the dyadwatch command that test_dyadwatch runs.
 *
 *   paths          test_path, shared_path
 *   scratch files  test_mkdtemp, test_remove_tree, test_write_file, test_slurp
 *   a fresh store  test_store_new / test_store_free (events.db in a scratch
 *                  directory, removed with everything the test wrote there)
 *   hand-built     test_doc, test_event: the parts of a document and of an
 *   records        event that every store test fills the same way
 *   shortcuts      test_code (a text coded as one document), test_sql_long
 *                  (one number from the store)
 *   the command    test_dyadwatch / test_run_free: exit code, stdout and
 *                  stderr of one run
 */
#ifndef DW_TEST_UTIL_H
#define DW_TEST_UTIL_H

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "dyadwatch/dyadwatch.h"

/* ---- paths ----------------------------------------------------------------- */

/* Path under the project root, in a static buffer (one at a time). */
static inline const char *test_path(const char *rel) {
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", DW_SOURCE_DIR, rel);
    return buf;
}

/* Path under ../shared, or NULL (and a message) when it is absent. */
static inline const char *shared_path(const char *rel) {
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/../shared/%s", DW_SOURCE_DIR, rel);
    if (access(buf, R_OK) != 0) {
        fprintf(stderr, "skip: %s not found (../shared/ is absent)\n", buf);
        return NULL;
    }
    return buf;
}

/* ---- scratch files ------------------------------------------------------------ */

/* Makes a new directory $TMPDIR/PREFIX_XXXXXX (/tmp without TMPDIR) and
 * writes its path to dir; 0, or -1 when it cannot. */
static inline int test_mkdtemp(char *dir, size_t cap, const char *prefix) {
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, cap, "%s/%s_XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
    return mkdtemp(dir) ? 0 : -1;
}

/* Removes path and, when it is a directory, everything in it (links are
 * removed, never followed). */
static inline void test_remove_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char sub[4096];
        int n = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        if (n > 0 && (size_t)n < sizeof sub) test_remove_tree(sub);
    }
    if (d) closedir(d);
    rmdir(path);
}

static inline void test_write_file(const char *path, const char *data, size_t n) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* The whole file, NUL-terminated, to free; NULL when it cannot be opened.
 * *len (when len is not NULL) gets its length. */
static inline char *test_slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    size_t size = n > 0 ? (size_t)n : 0;
    char *s = malloc(size + 1);
    size_t got = s ? fread(s, 1, size, f) : 0;
    if (s) s[got] = '\0';
    fclose(f);
    if (len) *len = got;
    return s;
}

/* ---- a fresh store -------------------------------------------------------------- */

typedef struct test_store {
    char dir[200];  /* the scratch directory: tests may write their own files here */
    char path[256]; /* dir/events.db */
    dw_store *s;
} test_store;

/* A new, empty store in a new directory $TMPDIR/PREFIX_XXXXXX; NULL (with
 * a message) when either cannot be made. */
static inline test_store *test_store_new(const char *prefix) {
    test_store *f = calloc(1, sizeof *f);
    if (!f || test_mkdtemp(f->dir, sizeof f->dir, prefix)) {
        free(f);
        return NULL;
    }
    snprintf(f->path, sizeof f->path, "%s/events.db", f->dir);
    dw_error err = {0};
    if (dw_store_open(f->path, &f->s, &err) != DW_OK) {
        fprintf(stderr, "open: %s\n", err.msg);
        test_remove_tree(f->dir);
        free(f);
        return NULL;
    }
    return f;
}

/* Closes the store (if still open) and removes the directory. */
static inline void test_store_free(test_store *f) {
    dw_store_close(f->s);
    test_remove_tree(f->dir);
    free(f);
}

/* ---- hand-built documents and events --------------------------------------------- */

/* A document with this id, source, date and text (borrowed, not copied)
 * and the text's hash. */
static inline dw_doc test_doc(const char *id, const char *source, const char *date,
                              const char *text) {
    dw_doc d = {0};
    d.id = (char *)id;
    d.origin = (char *)"test";
    d.date = (char *)date;
    d.source = (char *)source;
    d.text = (char *)text;
    d.text_len = strlen(text);
    dw_sha256_hex(text, d.text_len, d.hash);
    return d;
}

/* Fills what every hand-built event has: an id hashed from "KEY#i" (so that
 * different keys never share ids), the document, sentence i with the span
 * [10 i, 10 i + 9], the actors parsed from their codes and the CAMEO code
 * with its root.  The rest is the caller's. */
static inline void test_event(dw_event *e, const char *key, const char *doc, size_t i,
                              const char *src, const char *tgt, const char *cameo) {
    dw_error err = {0};
    char buf[512], hash[65];
    snprintf(buf, sizeof buf, "%s#%zu", key, i);
    dw_sha256_hex(buf, strlen(buf), hash);
    memcpy(e->id, hash, 32);
    e->id[32] = '\0';
    e->doc = dw_strdup(doc);
    e->sentence = (int)i;
    e->span_start = (uint32_t)(i * 10);
    e->span_end = (uint32_t)(i * 10 + 9);
    assert_int_equal(dw_actor_parse_code(src, &e->source, &err), DW_OK);
    assert_int_equal(dw_actor_parse_code(tgt, &e->target, &err), DW_OK);
    snprintf(e->cameo, sizeof e->cameo, "%s", cameo);
    memcpy(e->root, cameo, 2);
    e->root[2] = '\0';
}

/* Codes text as one document "t" of the given date into ev (cleared first). */
static inline void test_code(dw_coder *c, const char *text, const char *date, dw_events *ev) {
    dw_doc doc = {0};
    doc.id = "t";
    doc.origin = "test";
    doc.text = (char *)text;
    doc.text_len = strlen(text);
    doc.date = (char *)date;
    dw_error err = {0};
    dw_events_clear(ev);
    assert_int_equal(dw_code_document(c, &doc, NULL, ev, &err), DW_OK);
}

/* The first column of the first row of a query, as a number. */
static inline long test_sql_long(dw_store *s, const char *sql) {
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(dw_store_handle(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* ---- the command ------------------------------------------------------------------ */

typedef struct test_run {
    int status;      /* the exit code; -1 when the command did not exit */
    char *out, *err; /* what it wrote to stdout and stderr */
    size_t out_len;
} test_run;

/* Runs `dyadwatch ARGS`, ARGS a printf format making a shell fragment, with
 * stdout and stderr going to the files "out" and "err" of dir. */
static inline test_run test_dyadwatch(const char *dir, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline test_run test_dyadwatch(const char *dir, const char *fmt, ...) {
    char args[4096], cmd[8192], out[512], err[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(err, sizeof err, "%s/err", dir);
    snprintf(cmd, sizeof cmd, "%s/dyadwatch %s >%s 2>%s", DW_BUILD_DIR, args, out, err);
    int st = system(cmd);
    test_run r;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = test_slurp(out, &r.out_len);
    r.err = test_slurp(err, NULL);
    assert_non_null(r.out);
    assert_non_null(r.err);
    return r;
}

static inline void test_run_free(test_run *r) {
    free(r->out);
    free(r->err);
}

#endif
