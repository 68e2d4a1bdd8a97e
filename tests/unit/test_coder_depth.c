/*
 * test_coder_depth.c — the native coder's "sparse parsing depth" on our own
 * test set (tests/data/coder/depth.tsv: compounds, pronouns, passives,
 * appositives, subordinate, relative and participial clauses, reported
 * speech, negation, modals, hedges, visit/host pairs, coordination), coded
 * with the shipped dictionaries.  Each case's coded set of (source, target,
 * CAMEO, modality) must equal the expected set exactly; the test prints the
 * score and every failing case, and fails below DEPTH_FLOOR, so that the
 * score cannot drop silently.
 */
#include "test_util.h"

/* Exact cases out of the set's first 80: 48 on the first run (before the
 * coder fixes that came with this test), 71 after them, 76 after object
 * pronouns, shared nationality agents and participial blocks (and 4 of the
 * 4 cases added with those); raise it when the coder gets better. */
#define DEPTH_FLOOR 80

#define MAX_EVENTS 16

typedef struct event_set {
    char v[MAX_EVENTS][160];
    int n;
} event_set;

/* Adds "SRC TGT CAMEO MODALITY" (words separated by single spaces) unless
 * it is there already: a set. */
static void set_add(event_set *s, const char *e) {
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->v[i], e) == 0) return;
    assert_true(s->n < MAX_EVENTS);
    snprintf(s->v[s->n++], sizeof s->v[0], "%s", e);
}

static int set_has(const event_set *s, const char *e) {
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->v[i], e) == 0) return 1;
    return 0;
}

static int set_equal(const event_set *a, const event_set *b) {
    if (a->n != b->n) return 0;
    for (int i = 0; i < a->n; i++)
        if (!set_has(b, a->v[i])) return 0;
    return 1;
}

static void set_print(const event_set *s, char *out, size_t cap) {
    out[0] = '\0';
    if (!s->n) snprintf(out, cap, "none");
    for (int i = 0; i < s->n; i++) {
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s%s", i ? "; " : "", s->v[i]);
    }
}

/* Parses "none" or "A B C D; A B C D ..." into s (whitespace normalized). */
static void parse_expected(char *field, event_set *s) {
    s->n = 0;
    for (char *item = strtok(field, ";"); item; item = strtok(NULL, ";")) {
        char parts[4][32];
        int k = sscanf(item, "%31s %31s %31s %31s", parts[0], parts[1], parts[2], parts[3]);
        if (k == 1 && strcmp(parts[0], "none") == 0) continue;
        assert_int_equal(k, 4);
        char e[160];
        snprintf(e, sizeof e, "%s %s %s %s", parts[0], parts[1], parts[2], parts[3]);
        set_add(s, e);
    }
}

static void test_depth(void **state) {
    (void)state;
    dw_error err = {0};
    dw_dict *d = dw_dict_new();
    assert_int_equal(dw_dict_load_default(d, &err), DW_OK);
    dw_coder *c = dw_coder_new(d, NULL, &err);
    assert_non_null(c);
    char *data = test_slurp(test_path("tests/data/coder/depth.tsv"), NULL);
    assert_non_null(data);
    dw_events ev = {0};
    int cases = 0, exact = 0;
    char *save = NULL;
    for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || line[0] == '\0') continue;
        char *id = line, *date = strchr(id, '\t');
        assert_non_null(date);
        *date++ = '\0';
        char *text = strchr(date, '\t');
        assert_non_null(text);
        *text++ = '\0';
        char *expected = strchr(text, '\t');
        assert_non_null(expected);
        *expected++ = '\0';
        event_set want, got = {.n = 0};
        parse_expected(expected, &want);
        test_code(c, text, date, &ev);
        for (size_t i = 0; i < ev.n; i++) {
            char e[160];
            snprintf(e, sizeof e, "%s %s %s %s", ev.v[i].source.code, ev.v[i].target.code,
                     ev.v[i].cameo, dw_modality_name(ev.v[i].modality));
            set_add(&got, e);
        }
        cases++;
        if (set_equal(&want, &got)) {
            exact++;
            continue;
        }
        char w[1024], g[1024];
        set_print(&want, w, sizeof w);
        set_print(&got, g, sizeof g);
        printf("  FAIL %s: %s\n    expected: %s\n    coded:    %s\n", id, text, w, g);
    }
    printf("coder depth: %d of %d cases exact (%d%%)\n", exact, cases,
           cases ? (int)(100.0 * exact / cases + 0.5) : 0);
    dw_events_free(&ev);
    free(data);
    dw_coder_free(c);
    dw_dict_free(d);
    assert_true(cases >= 60);
    assert_true(exact >= DEPTH_FLOOR);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_depth),
    };
    return cmocka_run_group_tests_name("coder depth", tests, NULL, NULL);
}
