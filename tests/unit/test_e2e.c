/*
 * test_e2e.c — end to end through the dyadwatch command: the reference
 * article, bad input of every kind named in the foundation issue (clear
 * message, non-zero exit, database unchanged), idempotent ingest, the
 * dyad summary and the demo.
 */
#include <jansson.h>
#include <sys/stat.h>

#include "test_util.h"

typedef struct run_result {
    int status;
    char *out, *err;
    size_t out_len;
} run_result;

static char tmpdir[256];

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return strdup("");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    if (len) *len = got;
    return s;
}

/* Runs `dyadwatch ARGS` (a shell fragment), capturing output and exit code. */
static run_result run(const char *fmt, ...) {
    char args[4096], cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "%s/dyadwatch %s >%s/out 2>%s/err", DW_BUILD_DIR, args, tmpdir, tmpdir);
    int st = system(cmd);
    run_result r;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    char p[512];
    snprintf(p, sizeof p, "%s/out", tmpdir);
    r.out = slurp(p, &r.out_len);
    snprintf(p, sizeof p, "%s/err", tmpdir);
    r.err = slurp(p, NULL);
    return r;
}

static void run_free(run_result *r) {
    free(r->out);
    free(r->err);
}

static const char *tmp(const char *name) {
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static void write_file(const char *path, const char *data, size_t n) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dw-e2e-XXXXXX");
    if (!mkdtemp(tmpdir)) return -1;
    const char *good = "Date: 2023-05-27\n\nIranian border guards clashed with Taliban forces.\n";
    write_file(tmp("good.txt"), good, strlen(good));
    const char *good2 = "Date: 2023-05-29\n\nIran condemned the Taliban.\n";
    write_file(tmp("good2.txt"), good2, strlen(good2));
    return 0;
}

static int teardown(void **state) {
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- the reference article ------------------------------------------------ */

static int is_iran(json_t *a) {
    return json_is_object(a) && json_string_value(json_object_get(a, "country")) &&
           strcmp(json_string_value(json_object_get(a, "country")), "IRN") == 0;
}

static int is_taliban(json_t *a) {
    const char *g = json_string_value(json_object_get(a, "group"));
    return g && strcmp(g, "TAL") == 0;
}

static void test_seed_article(void **state) {
    (void)state;
    const char *seed = shared_path("seed/000_3f6234b3212f12a8.txt");
    if (!seed) skip();
    run_result r = run("code '%s' --date 2024-09-01 --format jsonl", seed);
    assert_int_equal(r.status, 0);
    static const char *const KEYS[] = {"id", "doc", "sentence", "span", "text", "date",
                                       "date_end", "date_precision", "source", "target",
                                       "cameo", "root", "quad_class", "goldstein", "plover",
                                       "track", "location", "quantities", "attribution",
                                       "modality", "confidence", NULL};
    int dyad_events = 0, consulate = 0, embassy = 0, clash = 0, not_recognized = 0, lines = 0;
    int imports = 0;
    char *save = NULL;
    for (char *line = strtok_r(r.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_error_t je;
        json_t *o = json_loads(line, 0, &je);
        assert_non_null(o); /* every line is one valid JSON record */
        lines++;
        for (int k = 0; KEYS[k]; k++)
            if (!json_object_get(o, KEYS[k])) fail_msg("record lacks \"%s\": %s", KEYS[k], line);
        json_t *src = json_object_get(o, "source"), *tgt = json_object_get(o, "target");
        const char *text = json_string_value(json_object_get(o, "text"));
        const char *cameo = json_string_value(json_object_get(o, "cameo"));
        const char *mod = json_string_value(json_object_get(o, "modality"));
        int quad = (int)json_integer_value(json_object_get(o, "quad_class"));
        int it = is_iran(src) && is_taliban(tgt), ti = is_taliban(src) && is_iran(tgt);
        dyad_events += it || ti;
        const char *date = json_string_value(json_object_get(o, "date"));
        json_t *qs = json_object_get(o, "quantities"), *loc = json_object_get(o, "location");
        if (ti && quad == 4 && strstr(text, "consulate there")) {
            /* extraction: what the text says (1997), the toll and the place */
            consulate = 1;
            assert_string_equal(date, "1997");
            assert_string_equal(json_string_value(json_object_get(src, "code")), "AFGINSTAL");
            json_t *killed = json_object_get(qs, "killed");
            assert_true(json_number_value(json_object_get(killed, "value")) >= 9);
            assert_string_equal(json_string_value(json_object_get(killed, "qualifier")), "at least");
            assert_string_equal(json_string_value(json_object_get(loc, "name")), "Mazar-i-Sharif");
            assert_true(json_number_value(json_object_get(loc, "lat")) > 36.0);
        }
        if (strstr(text, "$243.3 million") && json_object_get(qs, "money_usd")) {
            imports = 1;
            assert_int_equal((long)json_number_value(json_object_get(json_object_get(qs, "money_usd"), "value")),
                             243300000L);
            assert_string_equal(date, "2024-06");
            json_t *attr = json_object_get(o, "attribution");
            assert_true(json_is_object(attr));
            assert_non_null(strstr(json_string_value(json_object_get(attr, "text")), "Taliban"));
        }
        if ((it || ti) && strncmp(cameo, "19", 2) == 0 && strstr(text, "last year"))
            assert_string_equal(date, "2023");
        if (it && strstr(text, "handed over the Afghanistan embassy")) embassy = 1;
        if ((it || ti) && strncmp(cameo, "19", 2) == 0 && strstr(text, "clashes")) clash = 1;
        if (it && strstr(text, "Iran did not recognize the Taliban") && strcmp(mod, "negated") == 0)
            not_recognized = 1;
        json_decref(o);
    }
    print_message("seed article: %d records, %d between Iran and the Taliban\n", lines, dyad_events);
    assert_true(dyad_events >= 15);
    assert_true(consulate);
    assert_true(embassy);
    assert_true(clash);
    assert_true(not_recognized);
    assert_true(imports);
    run_free(&r);
}

/* ---- bad input -------------------------------------------------------------- */

static long count_rows(const char *db) {
    run_result r = run("events --db '%s' --all --format tsv", db);
    long n = 0;
    for (char *p = r.out; *p; p++) n += *p == '\n';
    run_free(&r);
    return n;
}

static void test_invalid_utf8(void **state) {
    (void)state;
    write_file(tmp("bad.txt"), "Date: 2023-05-27\n\nIran \xff attacked.\n", 31);
    run_result r = run("code %s", tmp("bad.txt"));
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "bad.txt"));
    assert_non_null(strstr(r.err, "byte offset 23"));
    run_free(&r);
    r = run("code --lenient %s", tmp("bad.txt"));
    assert_int_equal(r.status, 0);
    run_free(&r);
}

static void test_empty_file(void **state) {
    (void)state;
    write_file(tmp("empty.txt"), "", 0);
    run_result r = run("code %s", tmp("empty.txt"));
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "empty.txt"));
    assert_non_null(strstr(r.err, "empty"));
    run_free(&r);
}

static void test_huge_line(void **state) {
    (void)state;
    size_t n = 50u << 20;
    char *big = malloc(n);
    memset(big, 'a', n);
    for (size_t i = 100; i < n; i += 100) big[i] = ' ';
    write_file(tmp("huge.txt"), big, n);
    free(big);
    run_result r = run("code %s", tmp("huge.txt"));
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "huge.txt"));
    assert_non_null(strstr(r.err, "limit"));
    run_free(&r);
    unlink(tmp("huge.txt"));
}

static void test_jsonl_missing_text(void **state) {
    (void)state;
    const char *j = "{\"id\":\"a\",\"date\":\"2023-05-27\",\"text\":\"Iran attacked the Taliban.\"}\n"
                    "{\"id\":\"b\",\"date\":\"2023-05-28\"}\n";
    write_file(tmp("recs.jsonl"), j, strlen(j));
    run_result r = run("code %s", tmp("recs.jsonl"));
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "recs.jsonl:2"));
    assert_non_null(strstr(r.err, "text"));
    run_free(&r);
}

static void test_dictionary_syntax_error(void **state) {
    (void)state;
    mkdir(tmp("dict"), 0755);
    const char *a = "Iran | IRN | Iran\nTaliban | AFGINSTAL[2021-02-30..] | Taliban\n";
    write_file(tmp("dict/my.actors.dict"), a, strlen(a));
    run_result r = run("code --dict %s %s", tmp("dict"), tmp("recs.jsonl"));
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "my.actors.dict:2"));
    run_free(&r);
}

static void test_failed_ingest_leaves_database(void **state) {
    (void)state;
    char db[512];
    snprintf(db, sizeof db, "%s", tmp("t.db")); /* tmp() reuses its buffers */
    run_result r = run("ingest --db %s %s", db, tmp("good.txt"));
    assert_int_equal(r.status, 0);
    run_free(&r);
    long before = count_rows(db);
    assert_true(before >= 2); /* header + at least one event */
    const char *bad[] = {"bad.txt", "empty.txt", "recs.jsonl"};
    for (int i = 0; i < 3; i++) {
        r = run("ingest --db %s %s %s", db, tmp("good2.txt"), tmp(bad[i]));
        assert_int_equal(r.status, 1);
        assert_non_null(strstr(r.err, bad[i]));
        run_free(&r);
        assert_int_equal(count_rows(db), before);
    }
}

static void test_idempotent_ingest(void **state) {
    (void)state;
    char db[512];
    snprintf(db, sizeof db, "%s", tmp("idem.db")); /* tmp() reuses its buffers */
    run_result r = run("ingest --db %s %s %s", db, tmp("good.txt"), tmp("good2.txt"));
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "ingested 2 documents"));
    run_free(&r);
    long once = count_rows(db);
    r = run("ingest --db %s %s %s", db, tmp("good.txt"), tmp("good2.txt"));
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "ingested 0 documents"));
    assert_non_null(strstr(r.out, "2 already stored"));
    run_free(&r);
    assert_int_equal(count_rows(db), once);
}

static void test_stdin_and_dyad(void **state) {
    (void)state;
    char db[512];
    snprintf(db, sizeof db, "%s", tmp("stdin.db")); /* tmp() reuses its buffers */
    run_result r = run("ingest --db %s --date 2023-06-01 - < %s", db, tmp("good.txt"));
    assert_int_equal(r.status, 0);
    run_free(&r);
    r = run("dyad IRN TAL --db %s", db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "2023"));
    assert_non_null(strstr(r.out, "IRN->TAL"));
    run_free(&r);
    r = run("dyad IRN XYZ --db %s", db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "no events"));
    run_free(&r);
    r = run("dyad IRN TAL --db %s", tmp("missing.db"));
    assert_int_equal(r.status, 1);
    run_free(&r);
}

static void test_usage_errors(void **state) {
    (void)state;
    run_result r = run("code --format xml %s", tmp("good.txt"));
    assert_int_equal(r.status, 2);
    run_free(&r);
    r = run("frobnicate");
    assert_int_equal(r.status, 2);
    run_free(&r);
    r = run("code --help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: dyadwatch code"));
    run_free(&r);
}

static void test_threads_same_output(void **state) {
    (void)state;
    FILE *f = fopen(tmp("many.jsonl"), "w");
    assert_non_null(f);
    for (int i = 0; i < 1200; i++) /* more than one batch of documents */
        fprintf(f, "{\"id\":\"d%d\",\"date\":\"20%02d-05-27\",\"text\":\"Iranian border guards "
                   "clashed with Taliban forces. Iran condemned the Taliban %d times.\"}\n",
                i, 10 + i % 15, i);
    fclose(f);
    run_result one = run("code %s", tmp("many.jsonl"));
    run_result three = run("code --threads 3 %s", tmp("many.jsonl"));
    assert_int_equal(one.status, 0);
    assert_int_equal(three.status, 0);
    assert_true(one.out_len > 1000);
    assert_int_equal(one.out_len, three.out_len);
    assert_memory_equal(one.out, three.out, one.out_len);
    run_free(&one);
    run_free(&three);
}

static void test_gazetteer_option(void **state) {
    (void)state;
    const char *row = "6\tTestplace\tTestplace\t\t34.5\t62.1\tP\tPPL\tAF\t\t\t\t\t\t0\t\t\tAsia/Kabul\t2020-01-01\n";
    write_file(tmp("geo.tsv"), row, strlen(row));
    const char *doc = "Date: 2023-05-27\n\nIranian border guards clashed with Taliban forces in Testplace.\n";
    write_file(tmp("tp.txt"), doc, strlen(doc));
    run_result r = run("code %s --gazetteer %s", tmp("tp.txt"), tmp("geo.tsv"));
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"name\":\"Testplace\",\"country\":\"AFG\""));
    run_free(&r);
    write_file(tmp("geo-bad.tsv"), "bad row\n", 8);
    r = run("code %s --gazetteer %s", tmp("tp.txt"), tmp("geo-bad.tsv"));
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "geo-bad.tsv:1"));
    run_free(&r);
}

static void test_demo(void **state) {
    (void)state;
    run_result r = run("demo %s", tmp("demo"));
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1998"));
    assert_non_null(strstr(r.out, "2023"));
    assert_non_null(strstr(r.out, "IRN->TAL"));
    run_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_article),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_huge_line),
        cmocka_unit_test(test_jsonl_missing_text),
        cmocka_unit_test(test_dictionary_syntax_error),
        cmocka_unit_test(test_failed_ingest_leaves_database),
        cmocka_unit_test(test_idempotent_ingest),
        cmocka_unit_test(test_stdin_and_dyad),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_threads_same_output),
        cmocka_unit_test(test_gazetteer_option),
        cmocka_unit_test(test_demo),
    };
    return cmocka_run_group_tests_name("end-to-end", tests, setup, teardown);
}
