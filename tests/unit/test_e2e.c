/*
 * test_e2e.c — end to end through the dyadwatch command: the reference
 * article, bad input of every kind named in the foundation issue (clear
 * message, non-zero exit, database unchanged), idempotent ingest, the
 * dyad summary and the demo.
 */
#include <jansson.h>
#include <sys/stat.h>

#include "test_util.h"

static char tmpdir[256];

static const char *tmp(const char *name) {
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static int setup(void **state) {
    (void)state;
    if (test_mkdtemp(tmpdir, sizeof tmpdir, "dw-e2e")) return -1;
    const char *good = "Date: 2023-05-27\n\nIranian border guards clashed with Taliban forces.\n";
    test_write_file(tmp("good.txt"), good, strlen(good));
    const char *good2 = "Date: 2023-05-29\n\nIran condemned the Taliban.\n";
    test_write_file(tmp("good2.txt"), good2, strlen(good2));
    return 0;
}

static int teardown(void **state) {
    (void)state;
    test_remove_tree(tmpdir);
    return 0;
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
    test_run r = test_dyadwatch(tmpdir, "code '%s' --date 2024-09-01 --format jsonl", seed);
    assert_int_equal(r.status, 0);
    static const char *const KEYS[] = {"id", "doc", "sentence", "span", "text", "date",
                                       "date_end", "date_precision", "source", "target",
                                       "cameo", "root", "quad_class", "goldstein", "plover",
                                       "track", "location", "quantities", "attribution",
                                       "modality", "confidence", NULL};
    int dyad_events = 0, consulate = 0, embassy = 0, clash = 0, not_recognized = 0, lines = 0;
    int imports = 0, recognized_isa = 0;
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
        /* "... and continued to recognize the Islamic State of Afghanistan":
         * Iran's, not the Taliban's, and not negated */
        const char *tname = json_string_value(json_object_get(tgt, "name"));
        if (tname && strcmp(tname, "Islamic State of Afghanistan") == 0 && strcmp(cameo, "054") == 0) {
            recognized_isa = 1;
            assert_true(is_iran(src));
            assert_string_equal(mod, "asserted");
        }
        json_decref(o);
    }
    print_message("seed article: %d records, %d between Iran and the Taliban\n", lines, dyad_events);
    assert_true(dyad_events >= 15);
    assert_true(consulate);
    assert_true(embassy);
    assert_true(clash);
    assert_true(not_recognized);
    assert_true(recognized_isa);
    assert_true(imports);
    test_run_free(&r);
}

/* ---- bad input -------------------------------------------------------------- */

static long count_rows(const char *db) {
    test_run r = test_dyadwatch(tmpdir, "events --db '%s' --all --format tsv", db);
    long n = 0;
    for (char *p = r.out; *p; p++) n += *p == '\n';
    test_run_free(&r);
    return n;
}

static void test_invalid_utf8(void **state) {
    (void)state;
    test_write_file(tmp("bad.txt"), "Date: 2023-05-27\n\nIran \xff attacked.\n", 31);
    test_run r = test_dyadwatch(tmpdir, "code %s", tmp("bad.txt"));
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "bad.txt"));
    assert_non_null(strstr(r.err, "byte offset 23"));
    test_run_free(&r);
    r = test_dyadwatch(tmpdir, "code --lenient %s", tmp("bad.txt"));
    assert_int_equal(r.status, 0);
    test_run_free(&r);
}

static void test_empty_file(void **state) {
    (void)state;
    test_write_file(tmp("empty.txt"), "", 0);
    test_run r = test_dyadwatch(tmpdir, "code %s", tmp("empty.txt"));
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "empty.txt"));
    assert_non_null(strstr(r.err, "empty"));
    test_run_free(&r);
}

static void test_huge_line(void **state) {
    (void)state;
    size_t n = 50u << 20;
    char *big = malloc(n);
    memset(big, 'a', n);
    for (size_t i = 100; i < n; i += 100) big[i] = ' ';
    test_write_file(tmp("huge.txt"), big, n);
    free(big);
    test_run r = test_dyadwatch(tmpdir, "code %s", tmp("huge.txt"));
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "huge.txt"));
    assert_non_null(strstr(r.err, "limit"));
    test_run_free(&r);
    unlink(tmp("huge.txt"));
}

static void test_jsonl_missing_text(void **state) {
    (void)state;
    const char *j = "{\"id\":\"a\",\"date\":\"2023-05-27\",\"text\":\"Iran attacked the Taliban.\"}\n"
                    "{\"id\":\"b\",\"date\":\"2023-05-28\"}\n";
    test_write_file(tmp("recs.jsonl"), j, strlen(j));
    test_run r = test_dyadwatch(tmpdir, "code %s", tmp("recs.jsonl"));
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "recs.jsonl:2"));
    assert_non_null(strstr(r.err, "text"));
    test_run_free(&r);
}

static void test_dictionary_syntax_error(void **state) {
    (void)state;
    mkdir(tmp("dict"), 0755);
    const char *a = "Iran | IRN | Iran\nTaliban | AFGINSTAL[2021-02-30..] | Taliban\n";
    test_write_file(tmp("dict/my.actors.dict"), a, strlen(a));
    test_run r = test_dyadwatch(tmpdir, "code --dict %s %s", tmp("dict"), tmp("recs.jsonl"));
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "my.actors.dict:2"));
    test_run_free(&r);
}

static void test_impossible_date_warning(void **state) {
    (void)state;
    const char *j = "{\"id\":\"x\",\"date\":\"2023-03-05\",\"text\":\"On 31 February 2023, Iranian "
                    "border guards clashed with Taliban forces.\"}\n";
    test_write_file(tmp("feb.jsonl"), j, strlen(j));
    test_run r = test_dyadwatch(tmpdir, "code %s", tmp("feb.jsonl"));
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "feb.jsonl:1"));
    assert_non_null(strstr(r.err, "1 impossible date"));
    /* the event falls back to the document's date */
    assert_non_null(strstr(r.out, "\"date\":\"2023-03-05\""));
    assert_non_null(strstr(r.out, "\"date_precision\":\"document\""));
    test_run_free(&r);
}

static void test_failed_ingest_leaves_database(void **state) {
    (void)state;
    char db[512];
    snprintf(db, sizeof db, "%s", tmp("t.db")); /* tmp() reuses its buffers */
    test_run r = test_dyadwatch(tmpdir, "ingest --db %s %s", db, tmp("good.txt"));
    assert_int_equal(r.status, 0);
    test_run_free(&r);
    long before = count_rows(db);
    assert_true(before >= 2); /* header + at least one event */
    const char *bad[] = {"bad.txt", "empty.txt", "recs.jsonl"};
    for (int i = 0; i < 3; i++) {
        r = test_dyadwatch(tmpdir, "ingest --db %s %s %s", db, tmp("good2.txt"), tmp(bad[i]));
        assert_int_equal(r.status, 1);
        assert_non_null(strstr(r.err, bad[i]));
        test_run_free(&r);
        assert_int_equal(count_rows(db), before);
    }
}

static void test_idempotent_ingest(void **state) {
    (void)state;
    char db[512];
    snprintf(db, sizeof db, "%s", tmp("idem.db")); /* tmp() reuses its buffers */
    test_run r = test_dyadwatch(tmpdir, "ingest --db %s %s %s", db, tmp("good.txt"), tmp("good2.txt"));
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "ingested 2 documents"));
    test_run_free(&r);
    long once = count_rows(db);
    r = test_dyadwatch(tmpdir, "ingest --db %s %s %s", db, tmp("good.txt"), tmp("good2.txt"));
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "ingested 0 documents"));
    assert_non_null(strstr(r.out, "2 already stored"));
    test_run_free(&r);
    assert_int_equal(count_rows(db), once);
}

static void test_stdin_and_dyad(void **state) {
    (void)state;
    char db[512];
    snprintf(db, sizeof db, "%s", tmp("stdin.db")); /* tmp() reuses its buffers */
    test_run r = test_dyadwatch(tmpdir, "ingest --db %s --date 2023-06-01 - < %s", db, tmp("good.txt"));
    assert_int_equal(r.status, 0);
    test_run_free(&r);
    r = test_dyadwatch(tmpdir, "dyad IRN TAL --db %s", db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "2023"));
    assert_non_null(strstr(r.out, "IRN->TAL"));
    test_run_free(&r);
    r = test_dyadwatch(tmpdir, "dyad IRN XYZ --db %s", db);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "no events"));
    test_run_free(&r);
    r = test_dyadwatch(tmpdir, "dyad IRN TAL --db %s", tmp("missing.db"));
    assert_int_equal(r.status, 1);
    test_run_free(&r);
}

static void test_usage_errors(void **state) {
    (void)state;
    test_run r = test_dyadwatch(tmpdir, "code --format xml %s", tmp("good.txt"));
    assert_int_equal(r.status, 2);
    test_run_free(&r);
    r = test_dyadwatch(tmpdir, "frobnicate");
    assert_int_equal(r.status, 2);
    test_run_free(&r);
    r = test_dyadwatch(tmpdir, "code --help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: dyadwatch code"));
    test_run_free(&r);
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
    test_run one = test_dyadwatch(tmpdir, "code %s", tmp("many.jsonl"));
    test_run three = test_dyadwatch(tmpdir, "code --threads 3 %s", tmp("many.jsonl"));
    assert_int_equal(one.status, 0);
    assert_int_equal(three.status, 0);
    assert_true(one.out_len > 1000);
    assert_int_equal(one.out_len, three.out_len);
    assert_memory_equal(one.out, three.out, one.out_len);
    test_run_free(&one);
    test_run_free(&three);
}

/* A bad line after two batches: with threads the reader runs ahead of the
 * coders, yet the same records come out before the error, and the same
 * error names the line. */
static void test_threads_bad_line(void **state) {
    (void)state;
    FILE *f = fopen(tmp("bad-late.jsonl"), "w");
    assert_non_null(f);
    for (int i = 0; i < 1100; i++)
        fprintf(f, "{\"id\":\"d%d\",\"date\":\"2023-05-27\",\"text\":\"Iranian border guards "
                   "clashed with Taliban forces.\"}\n", i);
    fprintf(f, "{\"id\":\"bad\",\"text\":\n");
    for (int i = 0; i < 10; i++)
        fprintf(f, "{\"id\":\"e%d\",\"text\":\"Iran condemned the Taliban.\"}\n", i);
    fclose(f);
    test_run one = test_dyadwatch(tmpdir, "code %s", tmp("bad-late.jsonl"));
    test_run two = test_dyadwatch(tmpdir, "code --threads 2 %s", tmp("bad-late.jsonl"));
    assert_int_not_equal(one.status, 0);
    assert_int_equal(one.status, two.status);
    assert_non_null(strstr(one.err, "bad-late.jsonl:1101"));
    assert_non_null(strstr(two.err, "bad-late.jsonl:1101"));
    assert_true(one.out_len > 1000); /* the batches before the bad line */
    assert_int_equal(one.out_len, two.out_len);
    assert_memory_equal(one.out, two.out, one.out_len);
    test_run_free(&one);
    test_run_free(&two);
}

/* A tracks.dict in --dict DIR replaces the built-in track cues: the
 * extractor refines tracks from the dictionary's own. */
static void test_dict_track_cues(void **state) {
    (void)state;
    mkdir(tmp("tdict"), 0755);
    static const char *const files[] = {"actors.dict", "agents.dict", "verbs.dict", "modality.dict"};
    char src[64], dst[64];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(src, sizeof src, "data/dict/%s", files[i]);
        size_t n = 0;
        char *data = test_slurp(test_path(src), &n);
        assert_non_null(data);
        snprintf(dst, sizeof dst, "tdict/%s", files[i]);
        test_write_file(tmp(dst), data, n);
        free(data);
    }
    const char *cues = "# test cues\nnarcotics | zorblax; zorblax trade\n";
    test_write_file(tmp("tdict/tracks.dict"), cues, strlen(cues));
    const char *doc = "Date: 2023-05-27\n\nIranian border guards clashed with Taliban forces over the "
                      "zorblax.\n\nIranian border guards clashed with Taliban forces near the dam.\n";
    test_write_file(tmp("cues.txt"), doc, strlen(doc));
    test_run mine = test_dyadwatch(tmpdir, "code --dict %s %s", tmp("tdict"), tmp("cues.txt"));
    test_run builtin = test_dyadwatch(tmpdir, "code %s", tmp("cues.txt"));
    assert_int_equal(mine.status, 0);
    assert_int_equal(builtin.status, 0);
    /* first sentence: the new cue decides; second: "dam" is no cue any more */
    const char *m1 = strstr(mine.out, "\"sentence\":0,"), *m2 = strstr(mine.out, "\"sentence\":1,");
    const char *b1 = strstr(builtin.out, "\"sentence\":0,"), *b2 = strstr(builtin.out, "\"sentence\":1,");
    assert_non_null(m1);
    assert_non_null(m2);
    assert_non_null(b1);
    assert_non_null(b2);
    assert_non_null(strstr(m1, "\"track\":\"narcotics\""));
    assert_true(strstr(m1, "\"track\":\"narcotics\"") < m2);
    assert_non_null(strstr(m2, "\"track\":\"security\""));
    assert_non_null(strstr(b1, "\"track\":\"security\""));
    assert_true(strstr(b1, "\"track\":\"security\"") < b2);
    assert_non_null(strstr(b2, "\"track\":\"water\""));
    test_run_free(&mine);
    test_run_free(&builtin);
}

static void test_gazetteer_option(void **state) {
    (void)state;
    const char *row = "6\tTestplace\tTestplace\t\t34.5\t62.1\tP\tPPL\tAF\t\t\t\t\t\t0\t\t\tAsia/Kabul\t2020-01-01\n";
    test_write_file(tmp("geo.tsv"), row, strlen(row));
    const char *doc = "Date: 2023-05-27\n\nIranian border guards clashed with Taliban forces in Testplace.\n";
    test_write_file(tmp("tp.txt"), doc, strlen(doc));
    test_run r = test_dyadwatch(tmpdir, "code %s --gazetteer %s", tmp("tp.txt"), tmp("geo.tsv"));
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"name\":\"Testplace\",\"country\":\"AFG\""));
    test_run_free(&r);
    test_write_file(tmp("geo-bad.tsv"), "bad row\n", 8);
    r = test_dyadwatch(tmpdir, "code %s --gazetteer %s", tmp("tp.txt"), tmp("geo-bad.tsv"));
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "geo-bad.tsv:1"));
    test_run_free(&r);
}

static void test_demo(void **state) {
    (void)state;
    test_run r = test_dyadwatch(tmpdir, "demo %s", tmp("demo"));
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1998"));
    assert_non_null(strstr(r.out, "2023"));
    assert_non_null(strstr(r.out, "IRN->TAL"));
    test_run_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_article),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_huge_line),
        cmocka_unit_test(test_jsonl_missing_text),
        cmocka_unit_test(test_dictionary_syntax_error),
        cmocka_unit_test(test_impossible_date_warning),
        cmocka_unit_test(test_failed_ingest_leaves_database),
        cmocka_unit_test(test_idempotent_ingest),
        cmocka_unit_test(test_stdin_and_dyad),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_threads_same_output),
        cmocka_unit_test(test_threads_bad_line),
        cmocka_unit_test(test_dict_track_cues),
        cmocka_unit_test(test_gazetteer_option),
        cmocka_unit_test(test_demo),
    };
    return cmocka_run_group_tests_name("end-to-end", tests, setup, teardown);
}
