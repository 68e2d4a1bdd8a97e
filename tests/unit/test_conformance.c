/*
 * test_conformance.c — the peer dictionary readers (TABARI, PETRARCH), the
 * peer coder behind dw_code_document, the validation machinery and bad
 * input, on our own small peer-format dictionaries and suites
 * (tests/data/conformance/).  The peers' real suites run with `make
 * conformance`; nothing of theirs is used here.
 */
#include <time.h>

#include "test_util.h"
#include "dyadwatch/validate.h"

/* ---- helpers ------------------------------------------------------------------ */

static dw_dict *load_dir(const char *rel) {
    dw_dict *d = dw_dict_new();
    dw_error err = {0};
    if (dw_dict_load_dir(d, test_path(rel), &err)) {
        fprintf(stderr, "%s\n", err.msg);
        dw_dict_free(d);
        return NULL;
    }
    return d;
}

/* Codes one document and returns its events as "SRC/TGT/CODE ..." (static). */
static const char *code_text(dw_dict *d, const char *text, const char *date, dw_events *ev) {
    static char buf[4096];
    dw_error err = {0};
    dw_coder *c = dw_coder_new(d, NULL, &err);
    assert_non_null(c);
    test_code(c, text, date, ev);
    buf[0] = '\0';
    for (size_t i = 0; i < ev->n; i++) {
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof buf - n, "%s%s/%s/%s", i ? " " : "", ev->v[i].source.code,
                 ev->v[i].target.code, ev->v[i].cameo);
    }
    dw_coder_free(c);
    return buf;
}

typedef struct seen {
    char failed[8][32];
    int nfailed;
    char last_expected[256], last_coded[256];
} seen;

static void collect(const dw_validate_record *r, void *ctx) {
    seen *s = ctx;
    if (r->expect == DW_EXPECT_SKIP || r->passed || s->nfailed == 8) return;
    snprintf(s->failed[s->nfailed++], 32, "%s", r->id);
    snprintf(s->last_expected, sizeof s->last_expected, "%s", r->expected);
    snprintf(s->last_coded, sizeof s->last_coded, "%s", r->coded);
}

/* ---- TABARI --------------------------------------------------------------------- */

static void test_tabari_dictionaries(void **state) {
    (void)state;
    dw_dict *d = load_dir("tests/data/conformance/tabari");
    assert_non_null(d);
    dw_dict_stats s;
    dw_dict_get_stats(d, &s);
    assert_int_equal(s.actors, 11);
    assert_int_equal(s.agents, 4);
    assert_int_equal(s.verbs, 12);
    assert_int_equal(s.patterns, 20); /* 8 patterns + each verb's own code */
    assert_int_equal(dw_dict_warning_count(d), 0);
    dw_dict_free(d);
}

static void test_tabari_coding(void **state) {
    (void)state;
    dw_dict *d = load_dir("tests/data/conformance/tabari");
    assert_non_null(d);
    dw_events ev = {0};
    /* a stem ("restore"), a pattern, a trailing ", X said" not coded */
    assert_string_equal(code_text(d, "Carona is about to restore trade ties with Duvall, a senior official "
                                     "said on Saturday.", "1995-01-01", &ev),
                        "CRN/DVL/065");
    assert_string_equal(ev.v[0].source.text, "Carona");
    assert_string_equal(ev.v[0].date, "1995-01-01");
    /* agents join actors; paired codes add the reverse event */
    assert_string_equal(code_text(d, "The Caronan foreign minister arrived in Duvall on Monday for talks "
                                     "with Elbaria.", "1995-01-01", &ev),
                        "CRNGOVFRM/DVL/032 DVL/CRNGOVFRM/033");
    /* actor codes at the date; a time phrase moves the event date */
    assert_string_equal(code_text(d, "Yesterday Iskari restored full diplomatic ties with Elbaria after "
                                     "long talks.", "1996-01-01", &ev),
                        "ISKGOV/ELB/064");
    assert_string_equal(ev.v[0].date, "1995-12-31");
    assert_string_equal(code_text(d, "Yesterday Iskari restored full diplomatic ties with Elbaria after "
                                     "long talks.", "2001-06-01", &ev),
                        "ISKREB/ELB/064");
    /* "an attack"-style nouns: a determiner makes the verb a noun */
    assert_string_equal(code_text(d, "Carona welcomed the restore of full ties with Duvall last week in "
                                     "the capital.", "1995-01-01", &ev),
                        "");
    /* a discard and a too complex actor code nothing */
    assert_string_equal(code_text(d, "The Magpie Society is about to restore full ties with Elbaria now.",
                                  "1995-01-01", &ev),
                        "");
    assert_string_equal(code_text(d, "Carona condemned the Nimbus plans of Duvall on Monday morning.",
                                  "1995-01-01", &ev),
                        "");
    /* a pronoun reaches back to the first actor of the story */
    assert_string_equal(code_text(d, "Carona is worried about the border with Duvall. It condemned the "
                                     "Duvall police on Friday evening.", "1995-01-01", &ev),
                        "CRN/DVLCOP/122");
    dw_events_free(&ev);
    dw_dict_free(d);
}

static void test_tabari_validate(void **state) {
    (void)state;
    dw_validate_summary sum;
    dw_error err = {0};
    seen s = {0};
    assert_int_equal(dw_validate_file(test_path("tests/data/conformance/tabari/test.text"), collect, &s,
                                      &sum, &err),
                     DW_OK);
    assert_string_equal(sum.suite, "TABARI");
    assert_int_equal(sum.passed, 16);
    assert_int_equal(sum.failed, 1); /* T-19 expects the wrong direction on purpose */
    assert_int_equal(s.nfailed, 1);
    assert_string_equal(s.failed[0], "T-19");
    assert_string_equal(s.last_expected, "DVL/CRN/064");
    assert_string_equal(s.last_coded, "CRN/DVL/064");
    assert_int_equal(sum.complex_passed + sum.complex_failed, 3);
    assert_int_equal(sum.skipped, 3); /* two option records, one after the end marker */
}

/* ---- PETRARCH ------------------------------------------------------------------- */

static void test_petrarch_dictionaries(void **state) {
    (void)state;
    dw_dict *d = load_dir("tests/data/conformance/petrarch");
    assert_non_null(d);
    dw_dict_stats s;
    dw_dict_get_stats(d, &s);
    assert_int_equal(s.actors, 7);
    assert_int_equal(s.agents, 6);
    assert_int_equal(s.verbs, 9);
    assert_int_equal(dw_dict_warning_count(d), 0);
    dw_events ev = {0};
    /* generated plurals and substitutions: "congresswoman" is CONGRESS!PERSON! */
    assert_string_equal(code_text(d, "A Carona congresswoman chided Elbaria on Friday.", "1995-01-01", &ev),
                        "CRNLEG/ELB/131");
    /* treebank contractions: "WO N'T" matches "won't" */
    assert_string_equal(code_text(d, "Carona won't renew its ties with Duvall this year.", "1995-01-01", &ev),
                        "CRN/DVL/112");
    /* POLICE {} takes no plural */
    assert_string_equal(code_text(d, "Carona condemned the Duvall polices on Friday.", "1995-01-01", &ev),
                        "CRN/DVL/122");
    dw_events_free(&ev);
    dw_dict_free(d);
}

static void test_petrarch_validate(void **state) {
    (void)state;
    dw_validate_summary sum;
    dw_error err = {0};
    seen s = {0};
    assert_int_equal(dw_validate_file(test_path("tests/data/conformance/petrarch/test.records.xml"), collect,
                                      &s, &sum, &err),
                     DW_OK);
    assert_string_equal(sum.suite, "PETRARCH");
    assert_int_equal(sum.passed, 13);
    assert_int_equal(sum.failed, 0);
    assert_int_equal(sum.skipped, 3); /* excluded category, sentence="false", parser error */
}

static void test_validate_errors(void **state) {
    (void)state;
    dw_validate_summary sum;
    dw_error err = {0};
    assert_int_equal(dw_validate_file("/nonexistent/Validate.text", NULL, NULL, &sum, &err), DW_EIO);
    /* a TABARI text with no project beside it */
    char dir[256];
    assert_int_equal(test_mkdtemp(dir, sizeof dir, "dw-val"), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/lonely.text", dir);
    const char *text = "950101 X-1\nCarona restored ties with Duvall.\n/* { CRN / DVL / 064 } */\n";
    test_write_file(path, text, strlen(text));
    assert_int_not_equal(dw_validate_file(path, NULL, NULL, &sum, &err), DW_OK);
    assert_non_null(strstr(err.msg, "project"));
    /* an XML without its environment */
    snprintf(path, sizeof path, "%s/bad.xml", dir);
    const char *xml = "<Validation><Sentences></Sentences></Validation>\n";
    test_write_file(path, xml, strlen(xml));
    assert_int_equal(dw_validate_file(path, NULL, NULL, &sum, &err), DW_EPARSE);
    assert_non_null(strstr(err.msg, "Environment"));
    test_remove_tree(dir);
}

/* ---- bad input ------------------------------------------------------------------ */

typedef struct bad_case {
    const char *name, *text, *want;
} bad_case;

static void test_malformed_lines(void **state) {
    (void)state;
    static const bad_case CASES[] = {
        {"x.actors", "CARONA [CRN]\nDUVALL\nELBARIA [ELB]\n", "x.actors:2: actor 'DUVALL' has no code block"},
        {"x.actors", "CARONA [CRN <991399]\n", "x.actors:1: bad date restriction"},
        {"x.actors", "CARONA [991201-010114]\n", "x.actors:1: bad code block"},
        {"x.actors", "+SYNONYM\n", "x.actors:1: synonym '+SYNONYM' outside an actor entry"},
        {"x.actors", "<VERBS>\n", "x.actors:1: unknown section"},
        {"x.actors", "CARONA [CRN\n", "x.actors:1: unclosed code block"},
        {"x.agents", "POLICE_ [COP]\n", "x.agents:1: bad agent code"},
        {"x.agents", "POLICE_\n", "x.agents:1: expected PHRASE [~CODE]"},
        {"x.verbs", "- * TIES [064]\n", "x.verbs:1: pattern '- * TIES [064]' before any verb"},
        {"x.verbs", "RESTOR [064]\n- TIES [065]\n", "x.verbs:2: bad pattern '- TIES': no '*'"},
        {"x.verbs", "RESTOR [064]\n- * &NOSUCH [065]\n", "x.verbs:2: bad pattern '- * &NOSUCH': unknown synset"},
        {"x.verbs", "RESTOR [06-4]\n", "x.verbs:1: bad event code"},
        {"x.verbs", "RESTOR [064]\n- * { TIES | } [065]\n", "x.verbs:2: bad pattern"},
        {"x.verbs", "<TIME>\nTOMORROW [+x]\n</TIME>\n", "x.verbs:2: bad time shift"},
        {"x.verbs", "<SYNSETS>\n+ORPHAN\n</SYNSETS>\n", "x.verbs:2: synset member '+ORPHAN' before any &NAME"},
        {"x.verbs", "RESTOR\n", "x.verbs:1: expected VERB [CODE]"},
        {"x.options", "SET: NOSUCH = TRUE\n", "x.options:1: unknown option"},
        {"x.options", "COMMA: MIN 2\n", "x.options:1: bad option"},
        {"x.options", "COMPLEX: VERBS[5] SOMETIMES\n", "x.options:1: bad option"},
        {"p.actors.txt", "CARONA\n\nDUVALL [DVL]\n", "p.actors.txt:1: actor 'CARONA' has no code block"},
        {"p.actors.txt", "CARONA [CRN >2001-01-01]\n", "p.actors.txt:1: bad date restriction"},
        {"p.verbs.txt", "RESTORE\n", "p.verbs.txt:1: expected &SYNSET, +MEMBER or --- VERB [CODE] ---"},
        {"p.verbs.txt", "--- RESTORE ---\n", "p.verbs.txt:1: expected --- NAME [CODE] ---"},
        {"p.verbs.txt", "--- RESTORE [064] ---\n- * TIES [065]\n", "p.verbs.txt:2: pattern before any verb"},
        {"p.agents.txt", "POLICE {} [COP]\n", "p.agents.txt:1: bad agent code"},
        {"p.agents.txt", "!MINST!_OF_WALKS [~GOV]\n", "p.agents.txt:1: unknown substitution list"},
        {"p.issues.txt", "WATER RIGHTS\n", "p.issues.txt:1: expected PHRASE [CODE]"},
        {"p.issues.txt", "<ISSUE TYPE=\"ALL\">\n", "p.issues.txt:1: expected <ISSUE CATEGORY="},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        dw_dict *d = dw_dict_new();
        dw_error err = {0};
        int rc = dw_dict_load_buffer(d, CASES[i].name, CASES[i].text, strlen(CASES[i].text), DW_DICT_AUTO, &err);
        if (rc != DW_EPARSE || !strstr(err.msg, CASES[i].want))
            fail_msg("case %zu (%s): rc %d, message '%s', wanted '%s'", i, CASES[i].name, rc, err.msg,
                     CASES[i].want);
        dw_dict_free(d);
    }
}

static void test_one_style_per_dictionary(void **state) {
    (void)state;
    dw_dict *d = dw_dict_new();
    dw_error err = {0};
    const char ours[] = "Iran | IRN | Iran\n";
    const char theirs[] = "CARONA [CRN]\n";
    assert_int_equal(dw_dict_load_buffer(d, "a.actors.dict", ours, strlen(ours), DW_DICT_AUTO, &err), DW_OK);
    assert_int_equal(dw_dict_load_buffer(d, "b.actors", theirs, strlen(theirs), DW_DICT_AUTO, &err), DW_EINVAL);
    assert_non_null(strstr(err.msg, "b.actors: a TABARI dictionary cannot be loaded with our own"));
    dw_dict_free(d);
}

static void test_duplicates_and_conflicts(void **state) {
    (void)state;
    dw_dict *d = dw_dict_new();
    dw_error err = {0};
    const char actors[] = "CARONA [CRN]\nCARONA [CRN]\nDUVALL [DVL]\n+CARONA\n";
    assert_int_equal(dw_dict_load_buffer(d, "x.actors", actors, strlen(actors), DW_DICT_AUTO, &err), DW_OK);
    assert_int_equal(dw_dict_warning_count(d), 2);
    assert_non_null(strstr(dw_dict_warning(d, 0), "x.actors:2: conflicting phrase 'CARONA'"));
    assert_non_null(strstr(dw_dict_warning(d, 1), "x.actors:4: conflicting phrase 'CARONA'"));
    dw_dict_free(d);
    d = dw_dict_new();
    const char agents[] = "POLICE_ [~COP]\nPOLICE_ [~COP]\n";
    assert_int_equal(dw_dict_load_buffer(d, "x.agents", agents, strlen(agents), DW_DICT_AUTO, &err), DW_OK);
    assert_int_equal(dw_dict_warning_count(d), 1);
    assert_non_null(strstr(dw_dict_warning(d, 0), "x.agents:2:"));
    dw_dict_free(d);
}

/* ---- load time ------------------------------------------------------------------- */

static void name(unsigned i, const char *prefix, char *out, size_t cap) {
    char s[16];
    int k = 0;
    do s[k++] = (char)('A' + i % 26), i /= 26;
    while (i && k < 15);
    size_t n = (size_t)snprintf(out, cap, "%s", prefix);
    while (k && n + 1 < cap) out[n++] = s[--k];
    out[n] = '\0';
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

#if defined(__SANITIZE_ADDRESS__)
#define LOAD_BOUND 10.0 /* the sanitizers slow everything down */
#else
#define LOAD_BOUND 1.0
#endif

/* 20,000 actors and 20,000 verb patterns load in under a second, in the
 * TABARI format and in ours. */
static void test_load_20k(void **state) {
    (void)state;
    dw_buf actors = {0}, verbs = {0};
    char a[64], b[64], c[64];
    for (unsigned i = 0; i < 20000; i++) {
        name(i, "ACT", a, sizeof a);
        name(i, "LAND", b, sizeof b);
        dw_buf_printf(&actors, "%s %s_ [C%05u] [X%05u <950601]\n", a, b, i, i);
    }
    for (unsigned v = 0; v < 2000; v++) {
        name(v, "VERB", a, sizeof a);
        dw_buf_printf(&verbs, "%s [0%02u]\n", a, v % 90 + 10);
        for (unsigned k = 0; k < 10; k++) {
            name(v * 10 + k, "UP", b, sizeof b);
            name(k, "LOW", c, sizeof c);
            dw_buf_printf(&verbs, "- %s * %s_WORD [1%u%u]\n", c, b, k, v % 10);
        }
    }
    dw_dict *d = dw_dict_new();
    dw_error err = {0};
    double t0 = seconds();
    assert_int_equal(dw_dict_load_buffer(d, "gen.actors", actors.data, actors.len, DW_DICT_AUTO, &err), DW_OK);
    assert_int_equal(dw_dict_load_buffer(d, "gen.verbs", verbs.data, verbs.len, DW_DICT_AUTO, &err), DW_OK);
    double tabari = seconds() - t0;
    dw_dict_stats s;
    dw_dict_get_stats(d, &s);
    assert_int_equal(s.actors, 20000);
    assert_int_equal(s.patterns, 22000); /* 20,000 patterns + each root's own code */
    dw_dict_free(d);
    /* ours: 20,000 actors, 5,000 verbs, 20,000 patterns */
    dw_buf_reset(&actors);
    dw_buf_reset(&verbs);
    for (unsigned i = 0; i < 20000; i++) {
        name(i, "act", a, sizeof a);
        unsigned k = i % 17576;
        dw_buf_printf(&actors, "Actor %u | AAA%c%c%c | %s; %s land\n", i, 'A' + k / 676, 'A' + k / 26 % 26,
                      'A' + k % 26, a, a);
    }
    for (unsigned v = 0; v < 5000; v++) {
        name(v, "verb", a, sizeof a);
        dw_buf_printf(&verbs, "VERB %s\n", a);
    }
    for (unsigned k = 0; k < 20000; k++) {
        name(k % 5000, "verb", a, sizeof a);
        name(k, "up", b, sizeof b);
        dw_buf_printf(&verbs, "190 | {S} <%s> %s {T}\n", a, b);
    }
    d = dw_dict_new();
    const char tsv[] = "code\troot\tquad_class\tgoldstein\tplover_type\tplover_mode\tplover_context\ttrack\tname\n"
                       "190\t19\t4\t-10\tASSAULT\t\t\tsecurity\tUse conventional military force\n";
    assert_int_equal(dw_dict_load_buffer(d, "gen.cameo.tsv", tsv, strlen(tsv), DW_DICT_CAMEO, &err), DW_OK);
    t0 = seconds();
    if (dw_dict_load_buffer(d, "gen.actors.dict", actors.data, actors.len, DW_DICT_AUTO, &err) ||
        dw_dict_load_buffer(d, "gen.verbs.dict", verbs.data, verbs.len, DW_DICT_AUTO, &err))
        fail_msg("%s", err.msg);
    double ours = seconds() - t0;
    dw_dict_get_stats(d, &s);
    assert_int_equal(s.actors, 20000);
    assert_int_equal(s.patterns, 20000);
    dw_dict_free(d);
    printf("load of 20,000 actors and 20,000 patterns: TABARI format %.3f s, ours %.3f s\n", tabari, ours);
    assert_true(tabari < LOAD_BOUND);
    assert_true(ours < LOAD_BOUND);
    dw_buf_free(&actors);
    dw_buf_free(&verbs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tabari_dictionaries),
        cmocka_unit_test(test_tabari_coding),
        cmocka_unit_test(test_tabari_validate),
        cmocka_unit_test(test_petrarch_dictionaries),
        cmocka_unit_test(test_petrarch_validate),
        cmocka_unit_test(test_validate_errors),
        cmocka_unit_test(test_malformed_lines),
        cmocka_unit_test(test_one_style_per_dictionary),
        cmocka_unit_test(test_duplicates_and_conflicts),
        cmocka_unit_test(test_load_20k),
    };
    return cmocka_run_group_tests_name("conformance", tests, NULL, NULL);
}
