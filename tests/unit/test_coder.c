/*
 * test_coder.c — the coder on a small controlled dictionary
 * (tests/data/dict/): slots, passive voice, pronouns, agents, validity
 * periods, negation, speculation, attribution, compounds, tracks, verbs
 * coordinated by "and" and titles before names.
 */
#include <jansson.h>
#include <math.h>

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

/* Strings in the record: every length, with the bytes JSON escapes at
 * every position (the writer scans eight bytes at a time), read back
 * equal by jansson. */
static void test_json_strings(void **state) {
    (void)state;
    static const char *const specials[] = {"\"", "\\", "\n", "\t", "\x01", "\x1f", "\xC3\xA9",
                                           "\xE2\x80\x94", "/"};
    for (size_t len = 1; len <= 40; len++)
        for (size_t sp = 0; sp < sizeof specials / sizeof *specials; sp++)
            for (size_t at = 0; at < len; at += 3) {
                char text[128];
                size_t n = 0;
                for (size_t k = 0; k < len; k++) {
                    if (k == at) {
                        memcpy(text + n, specials[sp], strlen(specials[sp]));
                        n += strlen(specials[sp]);
                    } else {
                        text[n++] = (char)('a' + k % 26);
                    }
                }
                text[n] = '\0';
                dw_event e = {0};
                test_event(&e, "json", "d", 0, "IRN", "AFG", "042");
                e.text = dw_strdup(text);
                e.source.name = dw_strdup(text);
                dw_buf b = {0};
                assert_int_equal(dw_event_to_json(&e, &b), DW_OK);
                for (size_t k = 0; k < b.len; k++) assert_true((unsigned char)b.data[k] >= 0x20);
                json_error_t jerr;
                json_t *root = json_loadb(b.data, b.len, 0, &jerr);
                assert_non_null(root);
                assert_string_equal(json_string_value(json_object_get(root, "text")), text);
                json_t *src = json_object_get(root, "source");
                assert_string_equal(json_string_value(json_object_get(src, "name")), text);
                json_decref(root);
                dw_buf_free(&b);
                dw_event_free(&e);
            }
}

/* Coordinates and amounts print as "%.6g" would print them (the writer
 * formats the common ones by hand and leaves the rest to printf). */
static void test_json_numbers(void **state) {
    (void)state;
    double values[2100] = {36.709, 67.110, 0.1, 0.05, 1e-4, 0.00012345, 9.9999995, 99999.95,
                           123456.5, 999999.5, 999999.4, 1e6 + 0.5, 1e-5, 12.5, 0.125,
                           33.58, 60.88, 243.3, 1234567.25, -0.5};
    size_t nv = 20;
    unsigned seed = 99;
    while (nv < sizeof values / sizeof *values) {
        seed = seed * 1103515245u + 12345u;
        double v = (double)(seed >> 8) / (double)(1u << 24); /* [0, 1) */
        int scale = (int)(seed % 11) - 4;                   /* 1e-4 .. 1e6 */
        values[nv++] = (seed & 1 ? -1 : 1) * v * pow(10, scale);
    }
    for (size_t i = 0; i < nv; i++) {
        dw_event e = {0};
        test_event(&e, "num", "d", 0, "IRN", "AFG", "042");
        e.has_location = 1;
        e.location.name = dw_strdup("X");
        e.location.lat = values[i];
        e.location.lon = 1.0;
        dw_buf b = {0};
        assert_int_equal(dw_event_to_json(&e, &b), DW_OK);
        char want[64], got[64];
        if (values[i] == floor(values[i])) snprintf(want, sizeof want, "%lld", (long long)values[i]);
        else snprintf(want, sizeof want, "%.6g", values[i]);
        const char *p = strstr(b.data, "\"lat\":");
        assert_non_null(p);
        p += 6;
        size_t k = strcspn(p, ",");
        assert_true(k < sizeof got);
        memcpy(got, p, k);
        got[k] = '\0';
        assert_string_equal(got, want);
        dw_buf_free(&b);
        dw_event_free(&e);
    }
}

/* The coder remembers words it has seen (its vocabulary table): coding
 * after thousands of other words gives what a fresh coder gives. */
static void test_vocabulary_warm_and_cold(void **state) {
    fixture *f = *state;
    char many[20000];
    size_t n = 0;
    for (int i = 0; n + 16 < sizeof many; i++) /* words that evict each other */
        n += (size_t)snprintf(many + n, sizeof many - n, "w%dx%c ", i, 'a' + i % 26);
    code(f, many, "2001-01-01");
    const char text[] = "Taliban fighters killed nine Iranian diplomats in Mazar-i-Sharif. "
                        "Iran did not recognize the Taliban. Iranian border guards clashed "
                        "with the Taliban on Saturday.";
    dw_error err = {0};
    dw_coder *fresh = dw_coder_new(f->dict, NULL, &err);
    assert_non_null(fresh);
    dw_events cold = {0};
    for (int round = 0; round < 2; round++) {
        code(f, text, "2023-05-27");
        test_code(fresh, text, "2023-05-27", &cold);
        assert_true(f->ev.n >= 2);
        assert_int_equal(f->ev.n, cold.n);
        for (size_t i = 0; i < cold.n; i++) {
            dw_buf a = {0}, b = {0};
            assert_int_equal(dw_event_to_json(&f->ev.v[i], &a), DW_OK);
            assert_int_equal(dw_event_to_json(&cold.v[i], &b), DW_OK);
            assert_string_equal(a.data, b.data);
            dw_buf_free(&a);
            dw_buf_free(&b);
        }
    }
    dw_events_free(&cold);
    dw_coder_free(fresh);
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

static void test_coordinated_verb_shares_subject(void **state) {
    fixture *f = *state;
    /* the verb after "and" is Iran's, not its object's */
    code(f, "The Taliban attacked Pakistan and later killed nine Iranian diplomats.", "2000-01-01");
    assert_non_null(find(f, "AFGINSTAL", "IRNGOV", "1823"));
    assert_null(find(f, "PAK", "IRNGOV", "1823"));
    /* an explicit {S} slot too ("{S} <meet> with {T}") */
    code(f, "Iran recognized the Taliban and met with Pakistan.", "2000-01-01");
    assert_non_null(find(f, "IRN", "PAK", "036"));
    assert_non_null(find(f, "PAK", "IRN", "036"));
    assert_null(find(f, "AFGINSTAL", "PAK", "036"));
    /* chained: "A and B and C" */
    code(f, "Iran attacked the Taliban and recognized Pakistan and supported the Afghan government.",
         "2010-01-01");
    assert_non_null(find(f, "IRN", "PAK", "054"));
    assert_non_null(find(f, "IRN", "AFGGOV", "070"));
    /* across a comma-enclosed aside before the "and" */
    code(f, "Iran supported the Taliban, who had attacked Pakistan, and recognized the Afghan "
            "government.", "2010-01-01");
    assert_non_null(find(f, "IRN", "AFGGOV", "054"));
    assert_null(find(f, "PAK", "AFGGOV", "054"));
}

static void test_coordinated_verb_with_own_subject(void **state) {
    fixture *f = *state;
    /* an actor between "and" and the verb is a subject of its own */
    code(f, "Iran attacked the Taliban and Pakistan supported the Afghan government.", "2010-01-01");
    assert_non_null(find(f, "PAK", "AFGGOV", "070"));
    assert_null(find(f, "IRN", "AFGGOV", "070"));
    code(f, "Iran attacked the Taliban and it also supported Pakistan.", "2010-01-01");
    assert_non_null(find(f, "IRN", "PAK", "070"));
    /* the verb before the "and" must be in its comma segment: "watched" is
     * no dictionary verb, and "attacked" is another clause's */
    code(f, "When the Taliban attacked Pakistan, Iran watched the border and supported the Afghan "
            "government.", "2010-01-01");
    assert_non_null(find(f, "IRN", "AFGGOV", "070"));
    assert_null(find(f, "AFGINSTAL", "AFGGOV", "070"));
}

static void test_negation_does_not_leak_across_and(void **state) {
    fixture *f = *state;
    code(f, "Iran did not recognize the Taliban and continued to support the Afghan government.",
         "2010-01-01");
    assert_int_equal(find(f, "IRN", "AFGINSTAL", "054")->modality, DW_NEGATED);
    const dw_event *e = find(f, "IRN", "AFGGOV", "070");
    assert_non_null(e);
    assert_int_equal(e->modality, DW_ASSERTED);
    assert_null(find(f, "AFGINSTAL", "AFGGOV", "070"));
    /* both directions of a symmetric event */
    code(f, "Iran did not recognize the Taliban and has since met with Pakistan.", "2010-01-01");
    assert_int_equal(find(f, "IRN", "PAK", "036")->modality, DW_ASSERTED);
    assert_int_equal(find(f, "PAK", "IRN", "036")->modality, DW_ASSERTED);
    /* the second verb's own cue counts */
    code(f, "Iran recognized the Taliban and would support Pakistan.", "2010-01-01");
    assert_int_equal(find(f, "IRN", "AFGINSTAL", "054")->modality, DW_ASSERTED);
    assert_int_equal(find(f, "IRN", "PAK", "070")->modality, DW_HYPOTHETICAL);
    /* a bare verb right after "and" stays in the first verb's scope */
    code(f, "Iran might attack the Taliban and support Pakistan.", "2010-01-01");
    assert_int_equal(find(f, "IRN", "PAK", "070")->modality, DW_HYPOTHETICAL);
}

static void test_title_before_name(void **state) {
    fixture *f = *state;
    /* one mention, the person's: no bare GOV for "Deputy Foreign Minister" */
    code(f, "Pakistani diplomats met with Deputy Foreign Minister Abbas Araghchi.", "2024-09-01");
    const dw_event *e = find(f, "PAKGOV", "IRNGOV", "036");
    assert_non_null(e);
    assert_string_equal(e->target.text, "Deputy Foreign Minister Abbas Araghchi");
    assert_string_equal(e->target.name, "Abbas Araghchi");
    assert_non_null(find(f, "IRNGOV", "PAKGOV", "036"));
    assert_null(find(f, "PAKGOV", "GOV", "036"));
    code(f, "Pakistan attacked Deputy Foreign Minister Abbas Araghchi.", "2024-09-01");
    assert_non_null(find(f, "PAK", "IRNGOV", "190"));
    assert_null(find(f, "PAK", "GOV", "190"));
    /* the person's own role wins over the title's ... */
    code(f, "Ambassador Hassan Kazemi Qomi attacked Pakistan.", "2024-09-01");
    assert_non_null(find(f, "IRNMIL", "PAK", "190"));
    /* ... and the title's fills a code without one */
    code(f, "Commander Ismail Khan attacked the Taliban.", "2000-01-01");
    assert_non_null(find(f, "AFGMIL", "AFGINSTAL", "190"));
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
        cmocka_unit_test(test_json_strings),
        cmocka_unit_test(test_json_numbers),
        cmocka_unit_test(test_vocabulary_warm_and_cold),
        cmocka_unit_test(test_dictionary_errors),
        cmocka_unit_test(test_regular_verb_forms),
        cmocka_unit_test(test_statement_and_reported_event),
        cmocka_unit_test(test_paired_event),
        cmocka_unit_test(test_one_a_day),
        cmocka_unit_test(test_coordinated_verb_shares_subject),
        cmocka_unit_test(test_coordinated_verb_with_own_subject),
        cmocka_unit_test(test_negation_does_not_leak_across_and),
        cmocka_unit_test(test_title_before_name),
    };
    return cmocka_run_group_tests_name("coder", tests, setup, teardown);
}
