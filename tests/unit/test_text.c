/*
 * test_text.c — unit tests for the text stage: sentence splitting
 * (src/text/sentence.c) and tokenization (src/text/token.c).
 *
 * Every case asserts exact spans or exact token norms and flags, so a change
 * in the rules shows up as a precise failure.  The reference article in
 * ../shared/seed/ is used when present and skipped otherwise.
 */
#include "test_util.h"

/* ---- helpers ----------------------------------------------------------- */

typedef struct split_result {
    dw_spans spans;
    const char *text;
} split_result;

static split_result split(const char *text) {
    split_result r = {{0}, text};
    dw_error err = {0};
    assert_int_equal(dw_split_sentences(text, strlen(text), &r.spans, &err), DW_OK);
    return r;
}

/* Asserts sentence i of r is exactly `want`. */
static void assert_sentence(const split_result *r, size_t i, const char *want) {
    assert_true(i < r->spans.n);
    const dw_span *s = &r->spans.v[i];
    size_t n = s->end - s->start;
    char got[4096];
    snprintf(got, sizeof got, "%.*s", (int)n, r->text + s->start);
    assert_string_equal(got, want);
}

/* Splits text and asserts the sentences are exactly the NULL-terminated list. */
static void check_sentences(const char *text, const char *const *want) {
    split_result r = split(text);
    size_t n = 0;
    while (want[n]) n++;
    for (size_t i = 0; i < n && i < r.spans.n; i++) assert_sentence(&r, i, want[i]);
    if (r.spans.n != n) {
        for (size_t i = 0; i < r.spans.n; i++)
            fprintf(stderr, "  [%zu] %.*s\n", i, (int)(r.spans.v[i].end - r.spans.v[i].start),
                    text + r.spans.v[i].start);
    }
    assert_int_equal(r.spans.n, n);
    dw_spans_free(&r.spans);
}

#define SENTENCES(text, ...)                                      \
    do {                                                          \
        const char *const want_[] = {__VA_ARGS__, NULL};          \
        check_sentences((text), want_);                           \
    } while (0)

static dw_tokens tokenize(const char *text) {
    dw_tokens t = {0};
    assert_int_equal(dw_tokenize(text, strlen(text), 0, &t), DW_OK);
    return t;
}

/* Asserts the norms of text's tokens, joined by single spaces, equal want. */
static void check_norms(const char *text, const char *want) {
    dw_tokens t = tokenize(text);
    char got[4096] = "";
    size_t len = 0;
    for (size_t i = 0; i < t.n; i++)
        len += (size_t)snprintf(got + len, sizeof got - len, "%s%s", i ? " " : "",
                                dw_token_norm(&t, i));
    assert_string_equal(got, want);
    dw_tokens_free(&t);
}

/* Source text of token i. */
static void assert_token_src(const dw_tokens *t, size_t i, const char *text, const char *want) {
    assert_true(i < t->n);
    char got[256];
    snprintf(got, sizeof got, "%.*s", (int)(t->v[i].end - t->v[i].start), text + t->v[i].start);
    assert_string_equal(got, want);
}

static void assert_token(const dw_tokens *t, size_t i, const char *norm, unsigned flags) {
    assert_true(i < t->n);
    assert_string_equal(dw_token_norm(t, i), norm);
    assert_int_equal(t->v[i].norm_len, strlen(norm));
    assert_int_equal(t->v[i].flags, flags);
}

enum { W = DW_TOK_WORD, N = DW_TOK_NUM, P = DW_TOK_PUNCT, CAP = DW_TOK_CAP,
       ALLCAP = DW_TOK_ALLCAP, POSS = DW_TOK_POSS, HY = DW_TOK_HYPHEN };

/* Reads a file from ../shared, or returns NULL (the test then skips). */
static char *read_shared(const char *rel, size_t *n) {
    const char *path = shared_path(rel);
    if (!path) return NULL;
    char *buf = test_slurp(path, n);
    assert_non_null(buf);
    return buf;
}

#define SEED "seed/000_3f6234b3212f12a8.txt"

/* ---- sentence splitting ------------------------------------------------ */

static void test_split_empty(void **state) {
    (void)state;
    dw_spans s = {0};
    dw_error err = {0};
    assert_int_equal(dw_split_sentences("", 0, &s, &err), DW_OK);
    assert_int_equal(s.n, 0);
    assert_int_equal(dw_split_sentences(NULL, 0, &s, &err), DW_OK);
    assert_int_equal(s.n, 0);
    assert_int_equal(dw_split_sentences("x", 1, NULL, &err), DW_EINVAL);
    assert_int_equal(err.code, DW_EINVAL);
    dw_spans_free(&s);
    dw_spans_free(&s); /* idempotent */
}

static void test_split_whitespace_only(void **state) {
    (void)state;
    split_result r = split(" \t\n  \n\n\r\n \xC2\xA0 \n");
    assert_int_equal(r.spans.n, 0);
    dw_spans_free(&r.spans);
}

static void test_split_basic_terminators(void **state) {
    (void)state;
    SENTENCES("Iran protested. The Taliban denied it! Why? Nobody knows.",
              "Iran protested.", "The Taliban denied it!", "Why?", "Nobody knows.");
    SENTENCES("Is this war?! No.", "Is this war?!", "No.");
}

static void test_split_exact_spans_trimmed(void **state) {
    (void)state;
    const char *text = "  First one.   Second one.  \n\n  ";
    split_result r = split(text);
    assert_int_equal(r.spans.n, 2);
    assert_int_equal(r.spans.v[0].start, 2);
    assert_int_equal(r.spans.v[0].end, 12);
    assert_int_equal(r.spans.v[1].start, 15);
    assert_int_equal(r.spans.v[1].end, 26);
    dw_spans_free(&r.spans);
}

static void test_split_appends(void **state) {
    (void)state;
    dw_spans s = {0};
    dw_error err = {0};
    const char *a = "One. Two.";
    assert_int_equal(dw_split_sentences(a, strlen(a), &s, &err), DW_OK);
    assert_int_equal(dw_split_sentences(a, strlen(a), &s, &err), DW_OK);
    assert_int_equal(s.n, 4);
    assert_int_equal(s.v[3].start, 5);
    dw_spans_free(&s);
}

static void test_split_titles_and_abbreviations(void **state) {
    (void)state;
    SENTENCES("Dr. Ali Khan met Mr. Smith and Gen. Ahmad Shah on Aug. 3. "
              "Lt. Col. Rahimi was absent.",
              "Dr. Ali Khan met Mr. Smith and Gen. Ahmad Shah on Aug. 3.",
              "Lt. Col. Rahimi was absent.");
    SENTENCES("Apple Inc. said on Sept. 11 that No. 2 officials, e.g. ministers, "
              "i.e. senior ones, met vs. rebels in St. Petersburg. It ended.",
              "Apple Inc. said on Sept. 11 that No. 2 officials, e.g. ministers, "
              "i.e. senior ones, met vs. rebels in St. Petersburg.",
              "It ended.");
    SENTENCES("The talks opened Jan. 12 in Doha. Gen. Miller arrived on Jan. "
              "14. Delegates from Acme Corp. Ltd. attended.",
              "The talks opened Jan. 12 in Doha.",
              "Gen. Miller arrived on Jan. 14.",
              "Delegates from Acme Corp. Ltd. attended.");
}

static void test_split_dotted_acronyms(void **state) {
    (void)state;
    SENTENCES("The U.S. and the U.N. condemned the attack. The U.S. Army responded.",
              "The U.S. and the U.N. condemned the attack.", "The U.S. Army responded.");
    /* A dotted acronym ends a sentence before a typical sentence opener. */
    SENTENCES("Sanctions were imposed by the U.S. The Taliban objected.",
              "Sanctions were imposed by the U.S.", "The Taliban objected.");
    SENTENCES("He holds a Ph.D. in law. He teaches.", "He holds a Ph.D. in law.",
              "He teaches.");
}

static void test_split_initials(void **state) {
    (void)state;
    SENTENCES("George W. Bush met Hamid Karzai. John F. Kennedy was not there.",
              "George W. Bush met Hamid Karzai.", "John F. Kennedy was not there.");
}

static void test_split_decimals_and_money(void **state) {
    (void)state;
    SENTENCES("Afghanistan imported $243.3 million worth of goods. Inflation was 3.5 "
              "percent. Exports were 1,000.5 tons.",
              "Afghanistan imported $243.3 million worth of goods.",
              "Inflation was 3.5 percent.", "Exports were 1,000.5 tons.");
}

static void test_split_quotes(void **state) {
    (void)state;
    SENTENCES("He said: \"We will respond.\" The minister left.",
              "He said: \"We will respond.\"", "The minister left.");
    SENTENCES("\xE2\x80\x9CWe will not retreat,\xE2\x80\x9D he said. \xE2\x80\x9CThe enemy will "
              "pay.\xE2\x80\x9D Iran warned.",
              "\xE2\x80\x9CWe will not retreat,\xE2\x80\x9D he said.",
              "\xE2\x80\x9CThe enemy will pay.\xE2\x80\x9D", "Iran warned.");
    SENTENCES("\"Why?\" he asked. \"Because!\" she replied.", "\"Why?\" he asked.",
              "\"Because!\" she replied.");
    SENTENCES("He called it \xE2\x80\x98" "a mistake.\xE2\x80\x99 Talks resumed.",
              "He called it \xE2\x80\x98" "a mistake.\xE2\x80\x99", "Talks resumed.");
    /* A period after a closing bracket ends the sentence whatever precedes. */
    SENTENCES("They met in Doha (Qatar). Talks failed.", "They met in Doha (Qatar).",
              "Talks failed.");
    SENTENCES("Officials said \xE2\x80\x9CIran is ready.\xE2\x80\x9D\n\xE2\x80\x9CWe are too,"
              "\xE2\x80\x9D Kabul said.",
              "Officials said \xE2\x80\x9CIran is ready.\xE2\x80\x9D",
              "\xE2\x80\x9CWe are too,\xE2\x80\x9D Kabul said.");
}

static void test_split_ellipses(void **state) {
    (void)state;
    /* A detached ellipsis inside a quotation marks an omission. */
    SENTENCES("\xE2\x80\x9CWe want peace ... Iran must listen,\xE2\x80\x9D he said.",
              "\xE2\x80\x9CWe want peace ... Iran must listen,\xE2\x80\x9D he said.");
    SENTENCES("The talks stalled... Then fighting resumed.", "The talks stalled...",
              "Then fighting resumed.");
    SENTENCES("\"I do not know...\" he said. Later\xE2\x80\xA6 nothing. Then \xE2\x80\xA6 "
              "Iran spoke.",
              "\"I do not know...\" he said.", "Later\xE2\x80\xA6 nothing.",
              "Then \xE2\x80\xA6 Iran spoke.");
}

static void test_split_datelines(void **state) {
    (void)state;
    SENTENCES("KABUL (Reuters) - Iran said on Monday it would reopen its embassy. "
              "The Taliban welcomed the move.",
              "KABUL (Reuters) - Iran said on Monday it would reopen its embassy.",
              "The Taliban welcomed the move.");
    SENTENCES("KABUL, May 27 (AP) \xE2\x80\x94 Iran\xE2\x80\x99s foreign minister arrived "
              "on Tuesday. He met officials.",
              "KABUL, May 27 (AP) \xE2\x80\x94 Iran\xE2\x80\x99s foreign minister arrived "
              "on Tuesday.",
              "He met officials.");
    SENTENCES("WASHINGTON, Jan. 5 (Reuters) - U.S. officials said Iran armed the "
              "group. ST. LOUIS (AP) - Nothing happened.",
              "WASHINGTON, Jan. 5 (Reuters) - U.S. officials said Iran armed the group.",
              "ST. LOUIS (AP) - Nothing happened.");
    /* A dateline set off by a blank line still belongs to the sentence. */
    SENTENCES("TEHRAN (AP) \xE2\x80\x94\n\nIran said it was ready.",
              "TEHRAN (AP) \xE2\x80\x94\n\nIran said it was ready.");
    SENTENCES("KABUL (Reuters)-\n\nIran said it was ready.",
              "KABUL (Reuters)-\n\nIran said it was ready.");
    /* ...but a rule of dashes is not a dateline. */
    SENTENCES("-----\n\nIran said it was ready.", "-----", "Iran said it was ready.");
}

static void test_split_headings_and_paragraphs(void **state) {
    (void)state;
    SENTENCES("Historical context of Iran-Taliban relations\n\n"
              "Iran\xE2\x80\x99s relationship was marked by ups and downs. Iran did not\n"
              "recognize the Taliban.\n\n"
              "A paragraph without a final stop\n\n"
              "Last one.",
              "Historical context of Iran-Taliban relations",
              "Iran\xE2\x80\x99s relationship was marked by ups and downs.",
              "Iran did not\nrecognize the Taliban.", "A paragraph without a final stop",
              "Last one.");
    SENTENCES("Heading\r\n\r\nBody text.\r\nMore body.", "Heading",
              "Body text.", "More body.");
    SENTENCES("A heading\n   \t\nBody.", "A heading", "Body.");
    SENTENCES("Title\xE2\x80\xA9" "Body.", "Title", "Body."); /* U+2029 */
    /* A single line break never ends a sentence, even without a stop. */
    SENTENCES("Opinions\nSecurity dynamics", "Opinions\nSecurity dynamics");
}

static void test_split_unicode_spaces(void **state) {
    (void)state;
    SENTENCES("Iran protested.\xC2\xA0The Taliban denied it.\xE2\x80\x83" "Done.",
              "Iran protested.", "The Taliban denied it.", "Done.");
}

static void test_split_list_numbers(void **state) {
    (void)state;
    SENTENCES("1. The first point.\n\n2. The second point.", "1. The first point.",
              "2. The second point.");
    SENTENCES("It happened in 2016. Iran denied it.", "It happened in 2016.",
              "Iran denied it.");
}

static void test_split_large_input(void **state) {
    (void)state;
    const char *unit = "Iran said the U.S. talks of Jan. 5 cost $1.5 million. \xE2\x80\x9CNo!\xE2\x80\x9D\n";
    size_t ulen = strlen(unit), reps = 200000;
    char *big = malloc(ulen * reps + 1);
    assert_non_null(big);
    for (size_t i = 0; i < reps; i++) memcpy(big + i * ulen, unit, ulen);
    big[ulen * reps] = '\0';
    dw_spans s = {0};
    dw_error err = {0};
    assert_int_equal(dw_split_sentences(big, ulen * reps, &s, &err), DW_OK);
    assert_int_equal(s.n, 2 * reps);
    for (size_t i = 1; i < s.n; i++) assert_true(s.v[i].start >= s.v[i - 1].end);
    dw_spans_free(&s);

    /* No punctuation at all: one sentence covering everything. */
    memset(big, 'a', ulen * reps);
    assert_int_equal(dw_split_sentences(big, ulen * reps, &s, &err), DW_OK);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.v[0].end, ulen * reps);
    dw_spans_free(&s);
    free(big);
}

/* Property check on random mixes of tricky pieces (including a truncated
 * UTF-8 lead byte): spans ordered, non-empty, trimmed; tokens in bounds. */
static void test_split_invariants_on_noise(void **state) {
    (void)state;
    static const char *const pieces[] = {"Iran", " ", ".", "?", "!", "\n", "\n\n", "\"",
                                         "\xE2\x80\x9D", "U.S.", "Dr.", "...", "\xE2\x80\xA6",
                                         "(", ")", "3.5", "\xC2\xA0", "\xE2", "-", "a",
                                         "'s", "\xE2\x80\x99", "n't", ",", "1,000",
                                         "\xC4\x81", "\xCC\x88"};
    unsigned seed = 12345;
    char buf[512];
    for (int round = 0; round < 2000; round++) {
        size_t n = 0;
        while (n < sizeof buf - 8) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
            size_t k = strlen(p);
            if (n + k >= sizeof buf) break;
            memcpy(buf + n, p, k);
            n += k;
            if ((seed >> 8) % 7 == 0) break;
        }
        /* An exact-size heap copy lets the sanitizers catch over-reads. */
        char *text = malloc(n ? n : 1);
        assert_non_null(text);
        memcpy(text, buf, n);
        dw_spans s = {0};
        dw_tokens t = {0};
        dw_error err = {0};
        assert_int_equal(dw_split_sentences(text, n, &s, &err), DW_OK);
        uint32_t prev = 0;
        for (size_t i = 0; i < s.n; i++) {
            assert_true(s.v[i].start < s.v[i].end);
            assert_true(s.v[i].start >= prev);
            assert_true(s.v[i].end <= n);
            assert_false(text[s.v[i].start] == ' ' || text[s.v[i].start] == '\n');
            assert_false(text[s.v[i].end - 1] == ' ' || text[s.v[i].end - 1] == '\n');
            prev = s.v[i].end;
        }
        assert_int_equal(dw_tokenize(text, n, 0, &t), DW_OK);
        for (size_t i = 0; i < t.n; i++) {
            assert_true(t.v[i].start < t.v[i].end && t.v[i].end <= n);
            assert_true(t.v[i].norm_len > 0);
        }
        dw_tokens_free(&t);
        dw_spans_free(&s);
        free(text);
    }
}

/* The splitter reads plain runs eight bytes at a time (plain_word): the
 * same text behind 0..8 leading spaces, which moves every byte across the
 * eight-byte words, must split into the same sentences, shifted.  The
 * pieces put terminators, tabs, quotes and UTF-8 at every alignment. */
static void test_split_alignment(void **state) {
    (void)state;
    static const char *const pieces[] = {"Iran ", "the Taliban ", "said", " ", "  ", "\t", ".",
                                         ". ", "? ", "! ", "\n", "\n\n", "\"", "U.S. ",
                                         "Dr. ", "3.5 ", "\xE2\x80\x9D ", "\xC2\xA0",
                                         "\xC4\x81", "Herat", "(AP) ", "x"};
    unsigned seed = 777;
    for (int round = 0; round < 500; round++) {
        char base[400];
        size_t n = 0;
        while (n < 300) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
            size_t k = strlen(p);
            memcpy(base + n, p, k);
            n += k;
        }
        dw_spans ref = {0};
        dw_error err = {0};
        assert_int_equal(dw_split_sentences(base, n, &ref, &err), DW_OK);
        for (size_t shift = 1; shift <= 8; shift++) {
            char *text = malloc(n + shift); /* exact size: the sanitizers see over-reads */
            assert_non_null(text);
            memset(text, ' ', shift);
            memcpy(text + shift, base, n);
            dw_spans s = {0};
            assert_int_equal(dw_split_sentences(text, n + shift, &s, &err), DW_OK);
            assert_int_equal(s.n, ref.n);
            for (size_t i = 0; i < s.n; i++) {
                assert_int_equal(s.v[i].start, ref.v[i].start + shift);
                assert_int_equal(s.v[i].end, ref.v[i].end + shift);
            }
            dw_spans_free(&s);
            free(text);
        }
        dw_spans_free(&ref);
    }
}

/* Every token carries dw_word_hash of its norm (the tokenizer's fast,
 * padded form must agree with the plain one, at every length). */
static void test_tok_word_hash(void **state) {
    (void)state;
    char text[2048];
    size_t n = 0;
    for (int len = 1; len <= 40; len++) { /* words of every length, and punctuation */
        for (int k = 0; k < len; k++) text[n++] = (char)('a' + (k * 7 + len) % 26);
        text[n++] = len % 3 ? ' ' : ',';
        text[n++] = ' ';
    }
    const char tail[] = "Iran's \xC3\xA9lite 270,000 troops \xE2\x80\x94 U.S.-backed";
    memcpy(text + n, tail, sizeof tail - 1);
    n += sizeof tail - 1;
    dw_tokens t = {0};
    assert_int_equal(dw_tokenize(text, n, 0, &t), DW_OK);
    assert_true(t.n > 50);
    for (size_t i = 0; i < t.n; i++)
        assert_int_equal(t.v[i].hash, dw_word_hash(dw_token_norm(&t, i), t.v[i].norm_len));
    /* different words, different hashes (for these) */
    assert_int_not_equal(dw_word_hash("iran", 4), dw_word_hash("iraq", 4));
    assert_int_not_equal(dw_word_hash("abcdefgh1", 9), dw_word_hash("abcdefgh2", 9));
    dw_tokens_free(&t);
}

/* Index of the first sentence of r starting with prefix, or SIZE_MAX. */
static size_t find_sentence(const split_result *r, const char *prefix) {
    size_t n = strlen(prefix);
    for (size_t i = 0; i < r->spans.n; i++)
        if (r->spans.v[i].end - r->spans.v[i].start >= n &&
            memcmp(r->text + r->spans.v[i].start, prefix, n) == 0)
            return i;
    return SIZE_MAX;
}

static void test_split_seed_article(void **state) {
    (void)state;
    size_t len;
    char *text = read_shared(SEED, &len);
    if (!text) skip();
    split_result r = split(text);
    /* 62 sentences plus 6 headings; allow some slack for future tuning. */
    assert_in_range(r.spans.n, 60, 78);
    assert_sentence(&r, 0, "Opinions");
    assert_sentence(&r, 1, "Security dynamics in Iran-Taliban ties: Developments, "
                           "challenges and consequences");

    size_t i = find_sentence(&r, "In 1997, when the Taliban took over Mazar-i-Sharif");
    assert_true(i != SIZE_MAX);
    assert_sentence(&r, i, "In 1997, when the Taliban took over Mazar-i-Sharif in the north "
                           "of Afghanistan, they killed at least nine Iranian diplomats and "
                           "a journalist at the country\xE2\x80\x99s consulate there, sparking "
                           "outrage in Iran.");
    assert_sentence(&r, i - 1, "Iran supported these factions with military, financial, "
                               "and educational assistance during their resistance against "
                               "the Taliban.");
    assert_true(find_sentence(&r, "Historical context of Iran-Taliban relations") == i - 4);
    assert_sentence(&r, i - 4, "Historical context of Iran-Taliban relations");
    assert_sentence(&r, i + 1, "There were speculations that Iran might respond with military "
                               "action, and around 270,000 Iranian troops were stationed at "
                               "the Afghanistan border.");

    i = find_sentence(&r, "Another reason for Iran");
    assert_true(i != SIZE_MAX);
    assert_true(r.text[r.spans.v[i].end - 1] == '.');
    assert_true(strstr(r.text + r.spans.v[i].start, "by a U.S. drone strike in Baluchistan.") ==
                r.text + r.spans.v[i].end - strlen("by a U.S. drone strike in Baluchistan."));

    i = find_sentence(&r, "According to Taliban");
    assert_true(i != SIZE_MAX);
    assert_int_equal(r.text[r.spans.v[i].end - 1], '.');
    const char *money = strstr(r.text + r.spans.v[i].start, "$243.3 million");
    assert_true(money && money + 14 <= r.text + r.spans.v[i].end);

    i = find_sentence(&r, "He is currently pursuing a Ph.D.");
    assert_true(i != SIZE_MAX);
    assert_sentence(&r, i, "He is currently pursuing a Ph.D. in security studies, with a "
                           "focus on Afghanistan, Iran, and Pakistan.");
    assert_sentence(&r, find_sentence(&r, "Conclusion"), "Conclusion");
    assert_sentence(&r, find_sentence(&r, "Taliban and Iran after"),
                    "Taliban and Iran after 2021");
    assert_sentence(&r, r.spans.n - 1,
                    "The views and opinions expressed in this article are those of the "
                    "author and do not necessarily reflect the official policy or position "
                    "of Amu TV.");
    dw_spans_free(&r.spans);
    free(text);
}

/* ---- tokenization ------------------------------------------------------ */

static void test_tok_empty_and_whitespace(void **state) {
    (void)state;
    dw_tokens t = {0};
    assert_int_equal(dw_tokenize("", 0, 0, &t), DW_OK);
    assert_int_equal(dw_tokenize(NULL, 0, 0, &t), DW_OK);
    assert_int_equal(dw_tokenize(" \t\n\xC2\xA0\xE2\x80\x8B ", 9, 0, &t), DW_OK);
    assert_int_equal(t.n, 0);
    assert_int_equal(dw_tokenize("x", 1, 0, NULL), DW_EINVAL);
    assert_int_equal(dw_tokenize("xy", 2, UINT32_MAX - 1, &t), DW_ELIMIT);
    dw_tokens_free(&t);
    dw_tokens_free(&t);
}

static void test_tok_words_punct_flags(void **state) {
    (void)state;
    const char *text = "Iran protested, the IRGC said; I agreed (OK).";
    dw_tokens t = tokenize(text);
    assert_int_equal(t.n, 13);
    assert_token(&t, 0, "iran", W | CAP);
    assert_token(&t, 1, "protested", W);
    assert_token(&t, 2, ",", P);
    assert_token(&t, 4, "irgc", W | CAP | ALLCAP);
    assert_token(&t, 6, ";", P);
    assert_token(&t, 7, "i", W | CAP); /* one letter is not ALLCAP */
    assert_token(&t, 9, "(", P);
    assert_token(&t, 10, "ok", W | CAP | ALLCAP);
    assert_token(&t, 11, ")", P);
    dw_tokens_free(&t);
    check_norms(text, "iran protested , the irgc said ; i agreed ( ok ) .");
    check_norms("iPhone 5G", "iphone 5g");
}

static void test_tok_offsets_with_base(void **state) {
    (void)state;
    const char *text = "Iran\xE2\x80\x99s  envoy";
    dw_tokens t = {0};
    assert_int_equal(dw_tokenize(text, strlen(text), 1000, &t), DW_OK);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.v[0].start, 1000);
    assert_int_equal(t.v[0].end, 1004); /* the possessive 's is not part of the span */
    assert_int_equal(t.v[1].start, 1000 + 4 + 4 + 2);
    assert_int_equal(t.v[1].end, 1000 + strlen(text));
    dw_tokens_free(&t);
}

static void test_tok_possessives(void **state) {
    (void)state;
    const char *text = "Iran's Taliban\xE2\x80\x99s IRGC\xE2\x80\x99S ministers' meeting "
                       "Iran\xCA\xBCs Iran\xE2\x80\x98s";
    dw_tokens t = tokenize(text);
    assert_int_equal(t.n, 7);
    assert_token(&t, 0, "iran", W | CAP | POSS);
    assert_token_src(&t, 0, text, "Iran");
    assert_token(&t, 1, "taliban", W | CAP | POSS);
    assert_token(&t, 2, "irgc", W | CAP | ALLCAP | POSS);
    assert_token(&t, 3, "ministers", W | POSS);
    assert_token(&t, 4, "meeting", W);
    assert_token(&t, 5, "iran", W | CAP | POSS);
    assert_token(&t, 6, "iran", W | CAP | POSS);
    dw_tokens_free(&t);
    check_norms("Mazar-i-Sharif's fall", "mazar i sharif fall");
    check_norms("the U.S.'s role", "the u.s. role");
}

static void test_tok_internal_apostrophes(void **state) {
    (void)state;
    dw_tokens t = tokenize("Sha\xE2\x80\x99" "ban Mid-Sha'ban O\xE2\x80\x99Neill\xE2\x80\x99s Qur'an");
    assert_int_equal(t.n, 5);
    assert_token(&t, 0, "sha'ban", W | CAP);
    assert_token(&t, 1, "mid", W | CAP | HY);
    assert_token(&t, 2, "sha'ban", W | CAP);
    assert_token(&t, 3, "o'neill", W | CAP | POSS);
    assert_token(&t, 4, "qur'an", W | CAP);
    dw_tokens_free(&t);
}

static void test_tok_negation_and_contractions(void **state) {
    (void)state;
    check_norms("Iran didn't agree", "iran did n't agree");
    check_norms("We can't, won\xE2\x80\x99t and shan't", "we can n't , will n't and shall n't");
    check_norms("it's they're we've I'll he'd I'm", "it 's they 're we 've i 'll he 'd i 'm");
    const char *text = "Don\xE2\x80\x99t";
    dw_tokens t = tokenize(text);
    assert_int_equal(t.n, 2);
    assert_token(&t, 0, "do", W | CAP);
    assert_token(&t, 1, "n't", W);
    assert_token_src(&t, 0, text, "Do");
    assert_token_src(&t, 1, text, "n\xE2\x80\x99t");
    dw_tokens_free(&t);
    t = tokenize("can't");
    assert_token(&t, 0, "can", W);
    assert_token_src(&t, 0, "can't", "ca");
    dw_tokens_free(&t);
}

static void test_tok_hyphens(void **state) {
    (void)state;
    dw_tokens t = tokenize("Mazar-i-Sharif anti-Taliban");
    assert_int_equal(t.n, 4);
    assert_token(&t, 0, "mazar", W | CAP | HY);
    assert_token(&t, 1, "i", W | HY);
    assert_token(&t, 2, "sharif", W | CAP);
    assert_token(&t, 3, "anti-taliban", W);
    assert_token_src(&t, 3, "Mazar-i-Sharif anti-Taliban", "anti-Taliban");
    dw_tokens_free(&t);
    check_norms("pro-Iran non-state ex-president post-war pre-1979 neo-Taliban "
                "self-defense co-founder counter-terrorism semi-official multi-party "
                "inter-Afghan intra-party trans-border pan-Islamic Anti-Narcotics",
                "pro-iran non-state ex-president post-war pre-1979 neo-taliban self-defense "
                "co-founder counter-terrorism semi-official multi-party inter-afghan "
                "intra-party trans-border pan-islamic anti-narcotics");
    check_norms("Shah-e-Cheragh anti-Taliban-led", "shah e cheragh anti-taliban led");
    t = tokenize("U.S.-led COVID-19 24-hour");
    assert_int_equal(t.n, 6);
    assert_token(&t, 0, "u.s.", W | CAP | ALLCAP | HY);
    assert_token(&t, 1, "led", W);
    assert_token(&t, 2, "covid", W | CAP | ALLCAP | HY);
    assert_token(&t, 3, "19", N);
    assert_token(&t, 4, "24", N | HY);
    assert_token(&t, 5, "hour", W);
    dw_tokens_free(&t);
    /* U+2010 HYPHEN splits like '-'; a hyphen not between words is a token. */
    check_norms("Mazar\xE2\x80\x90i\xE2\x80\x90Sharif pre- and post-war",
                "mazar i sharif pre - and post-war");
}

static void test_tok_dashes(void **state) {
    (void)state;
    dw_tokens t = tokenize("anti-Sunni\xE2\x80\x94" "based Iran \xE2\x80\x93 the - and -- so");
    assert_int_equal(t.n, 10);
    assert_token(&t, 0, "anti-sunni", W);
    assert_token(&t, 1, "\xE2\x80\x94", P);
    assert_token(&t, 2, "based", W);
    assert_token(&t, 4, "\xE2\x80\x93", P);
    assert_token(&t, 6, "-", P);
    assert_token(&t, 8, "--", P);
    dw_tokens_free(&t);
    check_norms("anti-Sunni\xE2\x80\x94" "based Iran \xE2\x80\x93 the - and -- so",
                "anti-sunni \xE2\x80\x94 based iran \xE2\x80\x93 the - and -- so");
}

static void test_tok_numbers(void **state) {
    (void)state;
    const char *text = "270,000 troops, $243.3 million, 25% in 1998 and the 1990s; 1,000,000.50";
    dw_tokens t = tokenize(text);
    assert_int_equal(t.n, 16);
    assert_token(&t, 0, "270000", N);
    assert_token_src(&t, 0, text, "270,000");
    assert_token(&t, 3, "$", P);
    assert_token(&t, 4, "243.3", N);
    assert_token(&t, 7, "25", N);
    assert_token(&t, 8, "%", P);
    assert_token(&t, 10, "1998", N);
    assert_token(&t, 14, ";", P);
    assert_token(&t, 13, "1990s", W);
    assert_token(&t, 15, "1000000.50", N);
    dw_tokens_free(&t);
    check_norms("1,2 and 12,3456 and 3rd", "1 , 2 and 12 , 3456 and 3rd");
    check_norms("In 1997, 270", "in 1997 , 270");
    check_norms("in 2021.", "in 2021 .");
}

static void test_tok_diacritics(void **state) {
    (void)state;
    const char *text = "(Majles-e Showr\xC4\x81-ye Esl\xC4\x81m\xC4\xAB)";
    dw_tokens t = tokenize(text);
    assert_int_equal(t.n, 7);
    assert_token(&t, 0, "(", P);
    assert_token(&t, 1, "majles", W | CAP | HY);
    assert_token(&t, 2, "e", W);
    assert_token(&t, 3, "showra", W | CAP | HY);
    assert_token_src(&t, 3, text, "Showr\xC4\x81");
    assert_token(&t, 4, "ye", W);
    assert_token(&t, 5, "eslami", W | CAP);
    dw_tokens_free(&t);
    /* Precomposed and combining forms fold alike; ß folds to ss. */
    check_norms("M\xC3\xBCller Mu\xCC\x88ller Stra\xC3\x9F" "e \xC3\x89" "COLE",
                "muller muller strasse ecole");
    t = tokenize("\xC3\x89" "COLE \xC3\xA9" "cole");
    assert_token(&t, 0, "ecole", W | CAP | ALLCAP);
    assert_token(&t, 1, "ecole", W);
    dw_tokens_free(&t);
    /* Scripts without case are words too, never ALLCAP. */
    t = tokenize("\xD8\xA7\xDB\x8C\xD8\xB1\xD8\xA7\xD9\x86 Iran"); /* ایران */
    assert_int_equal(t.n, 2);
    assert_token(&t, 0, "\xD8\xA7\xDB\x8C\xD8\xB1\xD8\xA7\xD9\x86", W);
    dw_tokens_free(&t);
    /* Soft hyphen and zero-width joiners inside a word are dropped. */
    check_norms("Tali\xC2\xAD" "ban", "taliban");
}

static void test_tok_quotes_normalized(void **state) {
    (void)state;
    dw_tokens t = tokenize("\xE2\x80\x9C" "bear\xE2\x80\x9D \xE2\x80\x98x\xE2\x80\x99 "
                           "\xC2\xAB" "a\xC2\xBB wait\xE2\x80\xA6 ... \"q\"");
    const char *want[] = {"\"", "bear", "\"", "'", "x", "'", "\"", "a", "\"", "wait", "...",
                          "...", "\"", "q", "\""};
    assert_int_equal(t.n, sizeof want / sizeof *want);
    for (size_t i = 0; i < t.n; i++) assert_string_equal(dw_token_norm(&t, i), want[i]);
    assert_int_equal(t.v[2].flags, P);
    dw_tokens_free(&t);
}

static void test_tok_dotted_acronyms(void **state) {
    (void)state;
    dw_tokens t = tokenize("U.S. U.N. e.g. Ph.D. Dr. No.2");
    assert_int_equal(t.n, 9);
    assert_token(&t, 0, "u.s.", W | CAP | ALLCAP);
    assert_token(&t, 1, "u.n.", W | CAP | ALLCAP);
    assert_token(&t, 2, "e.g.", W);
    assert_token(&t, 3, "ph.d.", W | CAP);
    assert_token(&t, 4, "dr", W | CAP);
    assert_token(&t, 5, ".", P);
    assert_token(&t, 6, "no", W | CAP);
    assert_token(&t, 7, ".", P);
    assert_token(&t, 8, "2", N);
    dw_tokens_free(&t);
    check_norms("U.S.S.R. collapsed", "u.s.s.r. collapsed");
    /* At most six groups: a seven-group chain loses its first letter, and
     * the remaining six form the acronym (the cap bounds the work). */
    check_norms("a.b.c.d.e.f.g.", "a . b.c.d.e.f.g.");
}

static void test_tok_same_norms_as_dictionary(void **state) {
    (void)state;
    /* Variants of one phrase must produce identical norm sequences. */
    const char *forms[] = {"Iran's Mazar-i-Sharif", "IRAN\xE2\x80\x99S Mazar i Sharif",
                           "iran\xE2\x80\x99s MAZAR-I-SHARIF", "Ir\xC3\xA1n's Mazar\xE2\x80\x91i-Sharif"};
    for (size_t f = 0; f < sizeof forms / sizeof *forms; f++)
        check_norms(forms[f], "iran mazar i sharif");
}

static void test_tok_reset_and_growth(void **state) {
    (void)state;
    dw_tokens t = {0};
    const char *s = "Iran\xE2\x80\x99s Showr\xC4\x81 said 270,000. ";
    for (int i = 0; i < 5000; i++) assert_int_equal(dw_tokenize(s, strlen(s), 0, &t), DW_OK);
    assert_int_equal(t.n, 5000 * 5);
    assert_string_equal(dw_token_norm(&t, 0), "iran");
    assert_string_equal(dw_token_norm(&t, t.n - 3), "said");
    assert_string_equal(dw_token_norm(&t, t.n - 2), "270000");
    assert_string_equal(dw_token_norm(&t, 5 * 4321 + 1), "showra");
    size_t cap = t.cap, norm_cap = t.norm_cap;
    dw_tokens_reset(&t);
    assert_int_equal(t.n, 0);
    assert_int_equal(t.norm_len, 0);
    assert_int_equal(t.cap, cap);
    assert_int_equal(t.norm_cap, norm_cap);
    assert_int_equal(dw_tokenize("Kabul", 5, 0, &t), DW_OK);
    assert_string_equal(dw_token_norm(&t, 0), "kabul");
    dw_tokens_free(&t);
}

static void test_tok_invalid_utf8_and_long_words(void **state) {
    (void)state;
    dw_tokens t = tokenize("ab\xFF" "cd \xE2\x80");
    assert_int_equal(t.n, 5);
    assert_token(&t, 0, "ab", W);
    assert_token(&t, 1, "\xEF\xBF\xBD", P);
    assert_token(&t, 2, "cd", W);
    assert_token(&t, 3, "\xEF\xBF\xBD", P); /* truncated sequence: one per byte */
    assert_token(&t, 4, "\xEF\xBF\xBD", P);
    dw_tokens_free(&t);

    /* A 10,000-letter run is cut into pieces that cover it exactly. */
    size_t n = 10000;
    char *big = malloc(n * 2 + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++) memcpy(big + 2 * i, "\xC4\x81", 2); /* ā */
    big[2 * n] = '\0';
    t = tokenize(big);
    assert_true(t.n >= 2);
    uint32_t at = 0;
    for (size_t i = 0; i < t.n; i++) {
        assert_int_equal(t.v[i].start, at);
        at = t.v[i].end;
        for (size_t k = 0; k < t.v[i].norm_len; k++) assert_int_equal(dw_token_norm(&t, i)[k], 'a');
    }
    assert_int_equal(at, 2 * n);
    dw_tokens_free(&t);
    free(big);
}

/* Every token of the seed article: non-empty norm, ordered spans, and the
 * tricky words come out as expected. */
static void test_tok_seed_article(void **state) {
    (void)state;
    size_t len;
    char *text = read_shared(SEED, &len);
    if (!text) skip();
    dw_spans s = {0};
    dw_error err = {0};
    assert_int_equal(dw_split_sentences(text, len, &s, &err), DW_OK);
    dw_tokens t = {0};
    int seen_showra = 0, seen_shaban = 0, seen_anti = 0, seen_270000 = 0, seen_poss = 0;
    for (size_t i = 0; i < s.n; i++) {
        dw_tokens_reset(&t);
        assert_int_equal(dw_tokenize(text + s.v[i].start, s.v[i].end - s.v[i].start,
                                     s.v[i].start, &t), DW_OK);
        uint32_t prev = s.v[i].start;
        for (size_t k = 0; k < t.n; k++) {
            const char *norm = dw_token_norm(&t, k);
            assert_true(t.v[k].norm_len > 0);
            assert_int_equal(strlen(norm), t.v[k].norm_len);
            assert_true(t.v[k].start >= prev && t.v[k].start < t.v[k].end);
            assert_true(t.v[k].end <= s.v[i].end);
            prev = t.v[k].end;
            seen_showra += strcmp(norm, "showra") == 0;
            seen_shaban += strcmp(norm, "sha'ban") == 0;
            seen_anti += strcmp(norm, "anti-taliban") == 0;
            seen_270000 += strcmp(norm, "270000") == 0;
            seen_poss += strcmp(norm, "taliban") == 0 && (t.v[k].flags & DW_TOK_POSS);
        }
    }
    assert_int_equal(seen_showra, 1);
    assert_int_equal(seen_shaban, 1);
    assert_int_equal(seen_anti, 2);
    assert_int_equal(seen_270000, 1);
    assert_true(seen_poss >= 10);
    dw_tokens_free(&t);
    dw_spans_free(&s);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_empty),
        cmocka_unit_test(test_split_whitespace_only),
        cmocka_unit_test(test_split_basic_terminators),
        cmocka_unit_test(test_split_exact_spans_trimmed),
        cmocka_unit_test(test_split_appends),
        cmocka_unit_test(test_split_titles_and_abbreviations),
        cmocka_unit_test(test_split_dotted_acronyms),
        cmocka_unit_test(test_split_initials),
        cmocka_unit_test(test_split_decimals_and_money),
        cmocka_unit_test(test_split_quotes),
        cmocka_unit_test(test_split_ellipses),
        cmocka_unit_test(test_split_datelines),
        cmocka_unit_test(test_split_headings_and_paragraphs),
        cmocka_unit_test(test_split_unicode_spaces),
        cmocka_unit_test(test_split_list_numbers),
        cmocka_unit_test(test_split_large_input),
        cmocka_unit_test(test_split_invariants_on_noise),
        cmocka_unit_test(test_split_seed_article),
        cmocka_unit_test(test_split_alignment),
        cmocka_unit_test(test_tok_word_hash),
        cmocka_unit_test(test_tok_empty_and_whitespace),
        cmocka_unit_test(test_tok_words_punct_flags),
        cmocka_unit_test(test_tok_offsets_with_base),
        cmocka_unit_test(test_tok_possessives),
        cmocka_unit_test(test_tok_internal_apostrophes),
        cmocka_unit_test(test_tok_negation_and_contractions),
        cmocka_unit_test(test_tok_hyphens),
        cmocka_unit_test(test_tok_dashes),
        cmocka_unit_test(test_tok_numbers),
        cmocka_unit_test(test_tok_diacritics),
        cmocka_unit_test(test_tok_quotes_normalized),
        cmocka_unit_test(test_tok_dotted_acronyms),
        cmocka_unit_test(test_tok_same_norms_as_dictionary),
        cmocka_unit_test(test_tok_reset_and_growth),
        cmocka_unit_test(test_tok_invalid_utf8_and_long_words),
        cmocka_unit_test(test_tok_seed_article),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
