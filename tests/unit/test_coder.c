/*
 * test_coder.c — the coder on a small controlled dictionary
 * (tests/data/dict/): slots, passive voice, pronouns, agents, validity
 * periods, negation, speculation, attribution, compounds and tracks.
 */
#include "test_util.h"

typedef struct fixture {
    dw_dict *dict;
    dw_coder *coder;
    dw_events ev;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    dw_error err = {0};
    f->dict = dw_dict_new();
    if (dw_dict_load_dir(f->dict, test_path("tests/data/dict"), &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    f->coder = dw_coder_new(f->dict, NULL, &err);
    *state = f;
    return f->coder ? 0 : -1;
}

static int teardown(void **state) {
    fixture *f = *state;
    dw_events_free(&f->ev);
    dw_coder_free(f->coder);
    dw_dict_free(f->dict);
    free(f);
    return 0;
}

/* Codes text as a document of the given date; returns the event count. */
static size_t code(fixture *f, const char *text, const char *date) {
    test_code(f->coder, text, date, &f->ev);
    return f->ev.n;
}

static const dw_event *find(fixture *f, const char *src, const char *tgt, const char *cameo) {
    for (size_t i = 0; i < f->ev.n; i++) {
        const dw_event *e = &f->ev.v[i];
        if (strcmp(e->source.code, src) == 0 && strcmp(e->target.code, tgt) == 0 &&
            strcmp(e->cameo, cameo) == 0)
            return e;
    }
    return NULL;
}

static void test_simple_svo(void **state) {
    fixture *f = *state;
    assert_int_equal(code(f, "Taliban fighters killed nine Iranian diplomats.", "2000-01-01"), 1);
    const dw_event *e = find(f, "AFGINSTAL", "IRNGOV", "1823");
    assert_non_null(e);
    assert_int_equal(e->quad_class, 4);
    assert_string_equal(e->root, "18");
    assert_string_equal(e->track, "security");
    assert_int_equal(e->modality, DW_ASSERTED);
    assert_string_equal(e->target.text, "Iranian diplomats");
    assert_string_equal(e->source.group, "TAL");
    assert_string_equal(e->date, "2000-01-01");
    assert_string_equal(e->date_precision, "document");
}

static void test_validity_period(void **state) {
    fixture *f = *state;
    code(f, "The Taliban attacked Pakistan.", "2023-05-27");
    assert_non_null(find(f, "AFGGOVTAL", "PAK", "190"));
    code(f, "The Taliban attacked Pakistan.", "2019-05-27");
    assert_non_null(find(f, "AFGINSTAL", "PAK", "190"));
}

static void test_passive(void **state) {
    fixture *f = *state;
    assert_int_equal(code(f, "Nine Iranian diplomats were killed by the Taliban.", "1998-09-10"), 1);
    assert_non_null(find(f, "AFGINSTAL", "IRNGOV", "1823"));
}

static void test_pronoun(void **state) {
    fixture *f = *state;
    code(f, "In 1997, when the Taliban took over the city, they killed nine Iranian diplomats.",
         "2024-09-01");
    /* the event is dated 1997 by the text, so the Taliban are the insurgents
     * of then, not the government of the 2024 document date */
    const dw_event *e = find(f, "AFGINSTAL", "IRNGOV", "1823");
    assert_non_null(e);
    assert_string_equal(e->source.text, "they");
    assert_string_equal(e->date, "1997");
    assert_string_equal(e->date_precision, "year");
}

static void test_pronoun_across_sentences(void **state) {
    fixture *f = *state;
    code(f, "Iran is worried. It attacked the Taliban.", "2024-09-01");
    assert_non_null(find(f, "IRN", "AFGGOVTAL", "190"));
}

static void test_negation(void **state) {
    fixture *f = *state;
    code(f, "Iran did not recognize the Taliban.", "2024-09-01");
    const dw_event *e = find(f, "IRN", "AFGGOVTAL", "054");
    assert_non_null(e);
    assert_int_equal(e->modality, DW_NEGATED);
    code(f, "Iran has refrained from officially recognizing the Taliban.", "2024-09-01");
    assert_int_equal(find(f, "IRN", "AFGGOVTAL", "054")->modality, DW_NEGATED);
}

static void test_negation_does_not_leak_across_clauses(void **state) {
    fixture *f = *state;
    code(f, "Although Iran has refrained from recognizing the Taliban, it handed over the embassy "
            "in Tehran to Taliban diplomats.", "2024-09-01");
    const dw_event *e = find(f, "IRN", "AFGGOVTAL", "050");
    assert_non_null(e);
    assert_int_equal(e->modality, DW_ASSERTED);
    assert_int_equal(find(f, "IRN", "AFGGOVTAL", "054")->modality, DW_NEGATED);
}

static void test_speculation_and_claims(void **state) {
    fixture *f = *state;
    code(f, "There were speculations that Iran might attack the Taliban.", "1998-09-01");
    assert_int_equal(find(f, "IRN", "AFGINSTAL", "190")->modality, DW_HYPOTHETICAL);
    code(f, "Iran reportedly supported the Taliban.", "2010-01-01");
    assert_int_equal(find(f, "IRN", "AFGINSTAL", "070")->modality, DW_CLAIMED);
    code(f, "There were claims that Iran supported the Taliban.", "2010-01-01");
    assert_int_equal(find(f, "IRN", "AFGINSTAL", "070")->modality, DW_CLAIMED);
}

static void test_symmetric_between(void **state) {
    fixture *f = *state;
    code(f, "Violent border clashes occurred last year between Iranian forces and the Taliban.",
         "2024-09-01");
    assert_non_null(find(f, "IRNMIL", "AFGGOVTAL", "190"));
    assert_non_null(find(f, "AFGGOVTAL", "IRNMIL", "190"));
}

static void test_agent_with_of(void **state) {
    fixture *f = *state;
    code(f, "The border guards of Iran clashed with Taliban militias.", "2023-05-27");
    assert_non_null(find(f, "IRNCOP", "AFGGOVMILTAL", "190"));
}

static void test_compound(void **state) {
    fixture *f = *state;
    code(f, "Iran and Pakistan attacked the Taliban.", "2010-01-01");
    assert_non_null(find(f, "IRN", "AFGINSTAL", "190"));
    assert_non_null(find(f, "PAK", "AFGINSTAL", "190"));
}

static void test_aside_skipped_for_source(void **state) {
    fixture *f = *state;
    code(f, "Iran, despite its relations with the Afghan government, supported the Taliban.",
         "2010-01-01");
    assert_non_null(find(f, "IRN", "AFGINSTAL", "070"));
    assert_null(find(f, "AFGGOV", "AFGINSTAL", "070"));
}

static void test_blocking_pattern(void **state) {
    fixture *f = *state;
    code(f, "Iran voiced support for Pakistan.", "2010-01-01");
    assert_null(find(f, "IRN", "PAK", "070"));
}

static void test_attribution(void **state) {
    fixture *f = *state;
    code(f, "According to the United Nations, Iran attacked the Taliban.", "2010-01-01");
    const dw_event *e = find(f, "IRN", "AFGINSTAL", "190");
    assert_non_null(e);
    assert_true(e->has_attribution);
    assert_string_equal(e->attribution_by, "IGOUNO");
    code(f, "Pakistan said Iran attacked the Taliban.", "2010-01-01");
    e = find(f, "IRN", "AFGINSTAL", "190");
    assert_non_null(e);
    assert_true(e->has_attribution);
    assert_string_equal(e->attribution_by, "PAK");
    assert_null(find(f, "PAK", "AFGINSTAL", "190"));
}

static void test_claimed_attribution(void **state) {
    fixture *f = *state;
    code(f, "Pakistan claimed that Iran attacked the Taliban.", "2010-01-01");
    const dw_event *e = find(f, "IRN", "AFGINSTAL", "190");
    assert_non_null(e);
    assert_int_equal(e->modality, DW_CLAIMED);
    assert_true(e->has_attribution);
    assert_string_equal(e->attribution_by, "PAK");
    assert_string_equal(e->attribution_kind, "claim");
    /* "according to" naming no actor before its comma attributes nothing */
    code(f, "According to analyses, Iran attacked the Taliban.", "2010-01-01");
    e = find(f, "IRN", "AFGINSTAL", "190");
    assert_non_null(e);
    assert_false(e->has_attribution);
    assert_int_equal(e->modality, DW_ASSERTED);
}

static void test_track_cue(void **state) {
    fixture *f = *state;
    code(f, "Iranian border guards clashed with the Taliban over the river.", "2023-05-27");
    assert_string_equal(find(f, "IRNCOP", "AFGGOVTAL", "190")->track, "water");
    code(f, "Iran seized drugs from the Taliban.", "2023-05-27");
    const dw_event *e = find(f, "IRN", "AFGGOVTAL", "1711");
    assert_non_null(e);
    assert_string_equal(e->track, "narcotics");
}

static void test_no_event_without_two_actors(void **state) {
    fixture *f = *state;
    assert_int_equal(code(f, "Clashes killed nine people in the city.", "2023-05-27"), 0);
    assert_int_equal(code(f, "Iran killed.", "2023-05-27"), 0);
}

static void test_stable_ids(void **state) {
    fixture *f = *state;
    code(f, "Iran attacked the Taliban.", "2010-01-01");
    char id[33];
    strcpy(id, f->ev.v[0].id);
    assert_int_equal(strlen(id), 32);
    code(f, "Iran attacked the Taliban.", "2010-01-01");
    assert_string_equal(id, f->ev.v[0].id);
}

static void test_json_record(void **state) {
    fixture *f = *state;
    code(f, "Taliban fighters killed nine Iranian diplomats.", "1998-09-10");
    dw_buf b = {0};
    assert_int_equal(dw_event_to_json(&f->ev.v[0], &b), DW_OK);
    dw_event back;
    dw_error err;
    assert_int_equal(dw_event_from_json(b.data, b.len, &back, &err), DW_OK);
    assert_string_equal(back.source.code, "AFGINSTAL");
    assert_string_equal(back.target.code, "IRNGOV");
    assert_string_equal(back.cameo, "1823");
    assert_int_equal(back.quad_class, 4);
    assert_non_null(strstr(b.data, "\"quantities\":{\"killed\":{\"value\":9,"));
    assert_non_null(strstr(b.data, "\"location\":null"));
    dw_event_free(&back);
    dw_buf_free(&b);
}

static void test_dictionary_errors(void **state) {
    (void)state;
    dw_dict *d = dw_dict_new();
    dw_error err = {0};
    dw_dict_load_default(d, &err); /* the CAMEO table */
    const char bad_actor[] = "Iran | IRN | Iran\nTaliban | AFGINSTAL[2021-13-01..] | Taliban\n";
    assert_int_equal(dw_dict_load_buffer(d, "x.actors.dict", bad_actor, strlen(bad_actor),
                                         DW_DICT_AUTO, &err), DW_EPARSE);
    assert_non_null(strstr(err.msg, "x.actors.dict:2"));
    const char bad_verb[] = "VERB zorch\n1823 | <frobnicate>\n";
    assert_int_equal(dw_dict_load_buffer(d, "y.verbs.dict", bad_verb, strlen(bad_verb),
                                         DW_DICT_AUTO, &err), DW_EPARSE);
    assert_non_null(strstr(err.msg, "y.verbs.dict:2"));
    assert_non_null(strstr(err.msg, "<frobnicate>"));
    const char bad_code[] = "VERB zap\n9999 | <zap>\n";
    assert_int_equal(dw_dict_load_buffer(d, "z.verbs.dict", bad_code, strlen(bad_code),
                                         DW_DICT_AUTO, &err), DW_EPARSE);
    assert_non_null(strstr(err.msg, "unknown CAMEO code '9999'"));
    const char fields[] = "Iran | IRN\n";
    assert_int_equal(dw_dict_load_buffer(d, "w.actors.dict", fields, strlen(fields),
                                         DW_DICT_AUTO, &err), DW_EPARSE);
    assert_non_null(strstr(err.msg, "w.actors.dict:1"));
    dw_dict_free(d);
}

static void test_regular_verb_forms(void **state) {
    fixture *f = *state;
    code(f, "Iran supports the Taliban.", "2010-01-01");
    assert_non_null(find(f, "IRN", "AFGINSTAL", "070"));
    code(f, "Iran is supporting the Taliban.", "2010-01-01");
    assert_non_null(find(f, "IRN", "AFGINSTAL", "070"));
}

static void test_statement_and_reported_event(void **state) {
    fixture *f = *state;
    /* "X said that Y ...": the statement, and the reported event carrying X */
    code(f, "Pakistan said that Iran attacked the Taliban.", "2010-01-01");
    assert_non_null(find(f, "PAK", "IRN", "010"));
    const dw_event *e = find(f, "IRN", "AFGINSTAL", "190");
    assert_non_null(e);
    assert_true(e->has_attribution);
    assert_string_equal(e->attribution_by, "PAK");
    assert_null(find(f, "PAK", "AFGINSTAL", "190"));
}

static void test_paired_event(void **state) {
    fixture *f = *state;
    /* "paired 043": the visited side hosts the visit */
    assert_int_equal(code(f, "Iranian diplomats visited Pakistan.", "2010-01-01"), 2);
    assert_non_null(find(f, "IRNGOV", "PAK", "042"));
    assert_non_null(find(f, "PAK", "IRNGOV", "043"));
}

static void test_one_a_day(void **state) {
    fixture *f = *state;
    const char *text = "Iran attacked the Taliban. Later Iran attacked the Taliban again.";
    assert_int_equal(code(f, text, "2010-01-01"), 2); /* every report by default */
    dw_coder_opts o = {0};
    o.one_a_day = 1;
    dw_error err = {0};
    dw_coder *c = dw_coder_new(f->dict, &o, &err);
    assert_non_null(c);
    dw_doc doc = {0};
    doc.id = "t";
    doc.origin = "test";
    doc.text = (char *)text;
    doc.text_len = strlen(text);
    doc.date = "2010-01-01";
    dw_events ev = {0};
    assert_int_equal(dw_code_document(c, &doc, NULL, &ev, &err), DW_OK);
    assert_int_equal(ev.n, 1);
    dw_events_free(&ev);
    dw_coder_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_svo),
        cmocka_unit_test(test_validity_period),
        cmocka_unit_test(test_passive),
        cmocka_unit_test(test_pronoun),
        cmocka_unit_test(test_pronoun_across_sentences),
        cmocka_unit_test(test_negation),
        cmocka_unit_test(test_negation_does_not_leak_across_clauses),
        cmocka_unit_test(test_speculation_and_claims),
        cmocka_unit_test(test_symmetric_between),
        cmocka_unit_test(test_agent_with_of),
        cmocka_unit_test(test_compound),
        cmocka_unit_test(test_aside_skipped_for_source),
        cmocka_unit_test(test_blocking_pattern),
        cmocka_unit_test(test_attribution),
        cmocka_unit_test(test_claimed_attribution),
        cmocka_unit_test(test_track_cue),
        cmocka_unit_test(test_no_event_without_two_actors),
        cmocka_unit_test(test_stable_ids),
        cmocka_unit_test(test_json_record),
        cmocka_unit_test(test_dictionary_errors),
        cmocka_unit_test(test_regular_verb_forms),
        cmocka_unit_test(test_statement_and_reported_event),
        cmocka_unit_test(test_paired_event),
        cmocka_unit_test(test_one_a_day),
    };
    return cmocka_run_group_tests_name("coder", tests, setup, teardown);
}
