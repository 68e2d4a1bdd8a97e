/*
 * test_ingest.c — unit tests for the ingest stage: UTF-8 validation and
 * repair (utf8.h), plain-text and JSON Lines documents (doc.h).
 *
 * Fixtures live in tests/data/ingest/ (some hold deliberately invalid bytes,
 * CRLF line ends or no final newline; keep them byte for byte).  The 50 MB
 * inputs are generated in a temporary directory at test time.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "test_util.h"

#define FFFD "\xEF\xBF\xBD"

/* ---- helpers ---- */

/* Collects the documents a reader hands out; takes ownership of their fields
 * (the reader frees a zeroed document harmlessly). */
typedef struct collect {
    dw_doc docs[8];
    int n, calls, stop_after;
} collect;

static int collect_fn(dw_doc *doc, void *ud, dw_error *err) {
    (void)err;
    collect *c = ud;
    c->calls++;
    if (c->n < 8) {
        c->docs[c->n++] = *doc;
        memset(doc, 0, sizeof *doc);
    }
    return c->stop_after && c->calls >= c->stop_after ? 7 : 0;
}

static void collect_free(collect *c) {
    for (int i = 0; i < c->n; i++) dw_doc_free(&c->docs[i]);
    c->n = 0;
}

/* The path of tests/data/ingest/NAME, copied into out. */
static const char *fixture(const char *name, char out[4096]) {
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/ingest/%s", name);
    snprintf(out, 4096, "%s", test_path(rel));
    return out;
}

static int read_fixture(const char *name, const dw_read_opts *opts, collect *c, dw_error *err,
                        char path[4096]) {
    memset(c, 0, sizeof *c);
    dw_error_clear(err);
    return dw_read_documents(fixture(name, path), opts, collect_fn, c, err);
}

/* Asserts that err->msg is exactly "<path><suffix>". */
static void assert_msg(const dw_error *err, const char *path, const char *suffix) {
    size_t n = strlen(path);
    if (strncmp(err->msg, path, n) != 0 || strcmp(err->msg + n, suffix) != 0)
        fail_msg("message\n   got: %s\n  want: %s%s", err->msg, path, suffix);
}

static void assert_hash_of_text(const dw_doc *d) {
    char h[65];
    dw_sha256_hex(d->text, d->text_len, h);
    assert_string_equal(d->hash, h);
    assert_int_equal(strlen(d->text), d->text_len);
}

/* ---- UTF-8 ---- */

/* Independent reference: decode by bit patterns, then check the code point. */
static int ref_valid(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i], len, cp;
        if (c < 0x80) len = 1, cp = c;
        else if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
        else return 0;
        if (i + len > n) return 0;
        for (unsigned k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += len;
    }
    return 1;
}

static void test_utf8_valid(void **state) {
    (void)state;
    static const char *ok[] = {
        "",
        "plain ASCII text, longer than eight bytes",
        "\x7F",
        "\xC2\x80",                  /* U+0080 */
        "\xDF\xBF",                  /* U+07FF */
        "\xE0\xA0\x80",              /* U+0800 */
        "\xED\x9F\xBF",              /* U+D7FF, just below the surrogates */
        "\xEE\x80\x80",              /* U+E000, just above them */
        "\xEF\xBF\xBF",              /* U+FFFF */
        "\xF0\x90\x80\x80",          /* U+10000 */
        "\xF4\x8F\xBF\xBF",          /* U+10FFFF */
        "\xF0\x9F\x98\x80",          /* emoji U+1F600 */
        "Tehran \xE2\x80\x94 \xD8\xA7\xDB\x8C\xD8\xB1\xD8\xA7\xD9\x86 \xF0\x9F\x87\xAE\xF0\x9F\x87\xB7",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        assert_int_equal(dw_utf8_check(ok[i], strlen(ok[i])), strlen(ok[i]));
    /* NUL is a valid code point for the validator */
    assert_int_equal(dw_utf8_check("a\0b", 3), 3);
}

static void test_utf8_malformed(void **state) {
    (void)state;
    static const struct {
        const char *s;
        size_t n, bad;
    } cases[] = {
        {"ab\xC0\x80", 4, 2},         /* overlong NUL */
        {"ab\xC1\xBF", 4, 2},         /* overlong U+007F */
        {"ab\xE0\x80\x80", 5, 2},     /* overlong 3-byte */
        {"ab\xE0\x9F\xBF", 5, 2},     /* overlong U+07FF */
        {"ab\xED\xA0\x80", 5, 2},     /* surrogate U+D800 */
        {"ab\xED\xBF\xBF", 5, 2},     /* surrogate U+DFFF */
        {"ab\xF0\x80\x80\x80", 6, 2}, /* overlong 4-byte */
        {"ab\xF0\x8F\xBF\xBF", 6, 2}, /* overlong U+FFFF */
        {"ab\xF4\x90\x80\x80", 6, 2}, /* U+110000 */
        {"ab\xF5\x80\x80\x80", 6, 2}, /* lead byte past U+10FFFF */
        {"ab\xFE", 3, 2},
        {"ab\xFF", 3, 2},
        {"ab\xE2\x82", 4, 2},         /* truncated at the end */
        {"ab\xE2\x82" "A", 5, 2},     /* truncated by ASCII */
        {"ab\xF0\x9F\x98", 5, 2},     /* truncated emoji */
        {"ab\x80", 3, 2},             /* lone continuation */
        {"ab\xBF", 3, 2},
        {"\xF0\x9F\x98\x80\x80", 5, 4}, /* valid emoji, then a stray byte */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(dw_utf8_check(cases[i].s, cases[i].n), cases[i].bad);
}

/* The eight-byte ASCII path must still find the exact offset anywhere. */
static void test_utf8_fast_path_offsets(void **state) {
    (void)state;
    char buf[64];
    for (size_t pos = 0; pos < 48; pos++) {
        memset(buf, 'x', sizeof buf);
        buf[pos] = (char)0x80;
        assert_int_equal(dw_utf8_check(buf, 48), pos);
        memcpy(buf + pos, "\xF0\x9F\x98\x80", 4); /* a valid emoji at every alignment */
        assert_int_equal(dw_utf8_check(buf, 52), 52);
    }
}

/* All 1-, 2- and 3-byte strings, and 4-byte ones over a set of edge bytes,
 * against the reference decoder. */
static void test_utf8_exhaustive(void **state) {
    (void)state;
    unsigned char s[4];
    for (unsigned a = 0; a < 256; a++) {
        s[0] = (unsigned char)a;
        assert_int_equal(dw_utf8_check((char *)s, 1) == 1, ref_valid(s, 1));
        for (unsigned b = 0; b < 256; b++) {
            s[1] = (unsigned char)b;
            assert_int_equal(dw_utf8_check((char *)s, 2) == 2, ref_valid(s, 2));
            for (unsigned c = 0; c < 256; c++) {
                s[2] = (unsigned char)c;
                if ((dw_utf8_check((char *)s, 3) == 3) != ref_valid(s, 3))
                    fail_msg("3-byte %02x %02x %02x disagrees", a, b, c);
            }
        }
    }
    static const unsigned char edge[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                         0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF};
    for (unsigned a = 0xC0; a < 256; a++)
        for (unsigned b = 0; b < 256; b++)
            for (size_t c = 0; c < sizeof edge; c++)
                for (size_t d = 0; d < sizeof edge; d++) {
                    s[0] = (unsigned char)a, s[1] = (unsigned char)b;
                    s[2] = edge[c], s[3] = edge[d];
                    if ((dw_utf8_check((char *)s, 4) == 4) != ref_valid(s, 4))
                        fail_msg("4-byte %02x %02x %02x %02x disagrees", a, b, edge[c], edge[d]);
                }
}

static void test_utf8_repair(void **state) {
    (void)state;
    static const struct {
        const char *in;
        size_t n;
        const char *out;
        size_t count;
    } cases[] = {
        {"valid \xF0\x9F\x98\x80", 10, "valid \xF0\x9F\x98\x80", 0},
        {"\xC0\x80", 2, FFFD FFFD, 2},
        {"\xE0\x80\x80", 3, FFFD FFFD FFFD, 3},
        {"\xED\xA0\x80", 3, FFFD FFFD FFFD, 3},
        {"\xF4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD, 4},
        {"\xE2\x82", 2, FFFD, 1},             /* one maximal subpart */
        {"\xE2\x82" "A", 3, FFFD "A", 1},
        {"\xF0\x9F\x98" "!", 4, FFFD "!", 1},
        {"\x80", 1, FFFD, 1},
        {"a\x80\x80z", 4, "a" FFFD FFFD "z", 2},
        /* Unicode 15, section 3.9, table 3-8 */
        {"\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", 13,
         "a" FFFD FFFD FFFD "b" FFFD "c" FFFD FFFD "d", 6},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dw_buf out = {0};
        assert_int_equal(dw_utf8_repair(cases[i].in, cases[i].n, &out), cases[i].count);
        assert_int_equal(out.len, strlen(cases[i].out));
        assert_memory_equal(out.data, cases[i].out, out.len);
        assert_int_equal(dw_utf8_check(out.data, out.len), out.len);
        dw_buf_free(&out);
    }
    /* empty input gives an empty, NUL-terminated buffer; repair appends */
    dw_buf out = {0};
    assert_int_equal(dw_utf8_repair("", 0, &out), 0);
    assert_non_null(out.data);
    assert_string_equal(out.data, "");
    dw_buf_adds(&out, "x");
    assert_int_equal(dw_utf8_repair("\xFF", 1, &out), 1);
    assert_string_equal(out.data, "x" FFFD);
    dw_buf_free(&out);
}

/* Repair output is always valid, for every 2-byte input. */
static void test_utf8_repair_always_valid(void **state) {
    (void)state;
    dw_buf out = {0};
    unsigned char s[3] = {0, 0, 'z'};
    for (unsigned a = 0; a < 256; a++)
        for (unsigned b = 0; b < 256; b++) {
            s[0] = (unsigned char)a, s[1] = (unsigned char)b;
            dw_buf_reset(&out);
            size_t count = dw_utf8_repair((char *)s, 3, &out);
            assert_int_equal(dw_utf8_check(out.data, out.len), out.len);
            assert_int_equal(count == 0, dw_utf8_check((char *)s, 3) == 3);
        }
    dw_buf_free(&out);
}

/* ---- plain text ---- */

static void test_text_headers(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("headers.txt", NULL, &c, &err, path), DW_OK);
    assert_int_equal(c.n, 1);
    dw_doc *d = &c.docs[0];
    assert_string_equal(d->id, "kabul-001");
    assert_string_equal(d->date, "2021-08-15");
    assert_string_equal(d->source, "Reuters");
    assert_string_equal(d->title, "Taliban enter Kabul");
    assert_string_equal(d->url, "https://example.com/a");
    assert_string_equal(d->origin, path);
    assert_string_equal(d->text, "Taliban fighters entered Kabul on Sunday.\nIran urged restraint.\n");
    assert_hash_of_text(d);
    collect_free(&c);
}

static void test_text_headers_case_crlf(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("headers_crlf.txt", NULL, &c, &err, path), DW_OK);
    dw_doc *d = &c.docs[0];
    assert_string_equal(d->date, "2021-08");
    assert_string_equal(d->source, "AP");
    assert_null(d->title);
    assert_string_equal(d->id, "headers_crlf");
    assert_string_equal(d->text, "Iran closed the border.\r\n");
    collect_free(&c);
}

static void test_text_no_headers(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("noheaders.txt", NULL, &c, &err, path), DW_OK);
    dw_doc *d = &c.docs[0];
    assert_string_equal(d->id, "noheaders");
    assert_null(d->date);
    assert_null(d->source);
    assert_string_equal(d->text, "Iran and Pakistan held talks in Islamabad.\n"
                                 "Note: this line looks like a header but is text.\n");
    assert_hash_of_text(d);
    collect_free(&c);
}

static void test_text_default_date(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    dw_read_opts o = {.default_date = "2021-09"};
    assert_int_equal(read_fixture("noheaders.txt", &o, &c, &err, path), DW_OK);
    assert_string_equal(c.docs[0].date, "2021-09");
    collect_free(&c);
    /* a document's own date wins */
    assert_int_equal(read_fixture("headers.txt", &o, &c, &err, path), DW_OK);
    assert_string_equal(c.docs[0].date, "2021-08-15");
    collect_free(&c);
    /* a bad --date is refused even when no document needs it */
    o.default_date = "Sept 2021";
    assert_int_equal(read_fixture("headers.txt", &o, &c, &err, path), DW_EINVAL);
    assert_string_equal(err.msg, "--date 'Sept 2021': expected YYYY-MM-DD");
    assert_int_equal(c.calls, 0);
}

static void test_text_bad_date_header(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("bad_date.txt", NULL, &c, &err, path), DW_EPARSE);
    assert_msg(&err, path, ":2: bad Date header '2021-02-30': expected YYYY-MM-DD");
    assert_int_equal(c.calls, 0);
}

static void test_text_bad_header_line(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("bad_header_line.txt", NULL, &c, &err, path), DW_EPARSE);
    assert_msg(&err, path,
               ":2: expected a header line ('Key: value' with Key one of Date, Source, Title, "
               "URL, Id) or a blank line before the text, got 'The text starts without a "
               "blank line.'");
}

static void test_text_duplicate_header(void **state) {
    (void)state;
    dw_doc d;
    dw_error err;
    const char *s = "Title: a\nTITLE: b\n\ntext\n";
    assert_int_equal(dw_doc_from_text("mem.txt", s, strlen(s), NULL, &d, &err), DW_EPARSE);
    assert_string_equal(err.msg, "mem.txt:2: duplicate Title header: expected each header once");
    assert_null(d.title); /* nothing left allocated */
}

static void test_text_invalid_utf8(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("bad_utf8.txt", NULL, &c, &err, path), DW_EUTF8);
    assert_msg(&err, path,
               ": invalid UTF-8 at byte offset 25 (line 4): expected a valid UTF-8 sequence; "
               "use --lenient to replace it with U+FFFD");
    assert_int_equal(c.calls, 0);
}

static void test_text_lenient(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    dw_read_opts o = {.lenient = 1};
    assert_int_equal(read_fixture("bad_utf8.txt", &o, &c, &err, path), DW_OK);
    assert_string_equal(c.docs[0].title, "T");
    assert_string_equal(c.docs[0].text, "Good line.\nBad " FFFD "( here.\n");
    assert_hash_of_text(&c.docs[0]);
    collect_free(&c);
}

static void test_text_nul_byte(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("nul.txt", NULL, &c, &err, path), DW_EUTF8);
    assert_msg(&err, path,
               ": NUL byte at byte offset 3 (line 1): expected text, not binary data; "
               "use --lenient to replace it with U+FFFD");
    dw_read_opts o = {.lenient = 1};
    assert_int_equal(read_fixture("nul.txt", &o, &c, &err, path), DW_OK);
    assert_string_equal(c.docs[0].text, "abc" FFFD "def\n");
    assert_int_equal(c.docs[0].text_len, 10);
    collect_free(&c);
}

static void test_text_bom(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("bom.txt", NULL, &c, &err, path), DW_OK);
    assert_string_equal(c.docs[0].title, "With BOM");
    assert_string_equal(c.docs[0].text, "Body.\n");
    collect_free(&c);
    /* without headers the BOM is still dropped, and offsets stay file offsets */
    dw_doc d;
    const char *s = "\xEF\xBB\xBFhello";
    assert_int_equal(dw_doc_from_text("mem", s, strlen(s), NULL, &d, &err), DW_OK);
    assert_string_equal(d.text, "hello");
    assert_string_equal(d.id, "mem");
    dw_doc_free(&d);
    s = "\xEF\xBB\xBFok\n\xC0";
    assert_int_equal(dw_doc_from_text("mem", s, strlen(s), NULL, &d, &err), DW_EUTF8);
    assert_non_null(strstr(err.msg, "byte offset 6 (line 2)"));
}

static void test_text_empty(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("empty.txt", NULL, &c, &err, path), DW_EEMPTY);
    assert_msg(&err, path, ": empty input: expected a document");
    assert_int_equal(read_fixture("whitespace.txt", NULL, &c, &err, path), DW_EEMPTY);
    assert_msg(&err, path, ": empty input: expected a document");
    assert_int_equal(read_fixture("headers_only.txt", NULL, &c, &err, path), DW_EEMPTY);
    assert_msg(&err, path, ": empty document: expected text after the headers");
    assert_int_equal(c.calls, 0);
}

static void test_text_limit_small(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    dw_read_opts o = {.max_doc_bytes = 20};
    assert_int_equal(read_fixture("headers.txt", &o, &c, &err, path), DW_ELIMIT);
    assert_msg(&err, path,
               ": document is 64 bytes, larger than the limit of 20 bytes; "
               "split it or raise --max-bytes");
    /* exactly at the limit is fine */
    dw_doc d;
    o.max_doc_bytes = 5;
    assert_int_equal(dw_doc_from_text("m", "12345", 5, &o, &d, &err), DW_OK);
    dw_doc_free(&d);
    assert_int_equal(dw_doc_from_text("m", "123456", 6, &o, &d, &err), DW_ELIMIT);
}

/* A 50 MB file with no newline must be refused at once, as text and as JSON
 * Lines, without reading it all. */
static void test_limit_50mb(void **state) {
    (void)state;
    char dir[256];
    assert_int_equal(test_mkdtemp(dir, sizeof dir, "dw_ingest"), 0);
    char txt[512], jsonl[512];
    snprintf(txt, sizeof txt, "%s/big.txt", dir);
    snprintf(jsonl, sizeof jsonl, "%s/big.jsonl", dir);
    const size_t size = 50u * 1024 * 1024;
    char *block = malloc(1 << 20);
    assert_non_null(block);
    memset(block, 'a', 1 << 20);
    block[0] = '{'; /* so the JSON Lines reader sees a record start */
    FILE *ft = fopen(txt, "wb");
    assert_non_null(ft);
    for (size_t i = 0; i < size >> 20; i++) assert_int_equal(fwrite(block, 1, 1 << 20, ft), 1 << 20);
    assert_int_equal(fclose(ft), 0);
    free(block);
    assert_int_equal(link(txt, jsonl), 0);

    collect c = {0};
    dw_error err;
    clock_t t0 = clock();
    assert_int_equal(dw_read_documents(txt, NULL, collect_fn, &c, &err), DW_ELIMIT);
    char want[1024];
    snprintf(want, sizeof want,
             "%s: file is 52428800 bytes, larger than the limit of 16777216 bytes for a "
             "document; split it or raise --max-bytes",
             txt);
    assert_string_equal(err.msg, want);
    assert_int_equal(dw_read_documents(jsonl, NULL, collect_fn, &c, &err), DW_ELIMIT);
    snprintf(want, sizeof want,
             "%s:1: record is longer than the limit of 16777216 bytes; split it or raise "
             "--max-bytes",
             jsonl);
    assert_string_equal(err.msg, want);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < 5.0); /* reads at most ~16 MB; generous for sanitizer builds */
    assert_int_equal(c.calls, 0);
    test_remove_tree(dir);
}

static void test_read_errors(void **state) {
    (void)state;
    collect c = {0};
    dw_error err;
    char path[4096];
    assert_int_equal(dw_read_documents(fixture("no-such-file.txt", path), NULL, collect_fn, &c,
                                       &err),
                     DW_EIO);
    assert_non_null(strstr(err.msg, "no-such-file.txt: cannot open: "));
    assert_int_equal(dw_read_documents(fixture("", path), NULL, collect_fn, &c, &err), DW_EIO);
    assert_non_null(strstr(err.msg, "is a directory"));
    dw_read_opts o = {.format = (dw_input_format)9};
    assert_int_equal(read_fixture("headers.txt", &o, &c, &err, path), DW_EINVAL);
}

static void test_forced_format(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    dw_read_opts o = {.format = DW_INPUT_TEXT};
    assert_int_equal(read_fixture("good.jsonl", &o, &c, &err, path), DW_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.docs[0].id, "good");
    assert_true(c.docs[0].text[0] == '{');
    collect_free(&c);
    o.format = DW_INPUT_JSONL;
    assert_int_equal(read_fixture("noheaders.txt", &o, &c, &err, path), DW_EPARSE);
    assert_msg(&err, path, ":1:4: invalid JSON: '[' or '{' expected near 'Iran'");
}

/* ---- JSON Lines ---- */

static void test_jsonl_good(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096], origin[4200];
    dw_read_opts o = {.default_date = "2021"};
    assert_int_equal(read_fixture("good.jsonl", &o, &c, &err, path), DW_OK);
    assert_int_equal(c.n, 3);
    dw_doc *d = c.docs;
    assert_string_equal(d[0].id, "r1");
    assert_string_equal(d[0].date, "2021-08-15");
    assert_string_equal(d[0].source, "AP");
    assert_string_equal(d[0].url, "https://x/1");
    assert_string_equal(d[0].title, "T1");
    assert_string_equal(d[0].text, "Iran criticized the Taliban.");
    snprintf(origin, sizeof origin, "%s:1", path);
    assert_string_equal(d[0].origin, origin);
    assert_string_equal(d[1].id, "good-3"); /* blank line 2 skipped, numbering kept */
    assert_string_equal(d[1].date, "2021-08");
    assert_string_equal(d[1].text, "Pakistan met Taliban envoys.");
    snprintf(origin, sizeof origin, "%s:3", path);
    assert_string_equal(d[1].origin, origin);
    assert_string_equal(d[2].id, "good-5"); /* last line has no newline */
    assert_string_equal(d[2].date, "2021"); /* --date default */
    assert_null(d[2].title);                /* null counts as absent */
    for (int i = 0; i < 3; i++) assert_hash_of_text(&d[i]);
    collect_free(&c);
}

static void test_jsonl_callback_stops(void **state) {
    (void)state;
    collect c = {.stop_after = 1};
    dw_error err;
    char path[4096];
    assert_int_equal(dw_read_documents(fixture("good.jsonl", path), NULL, collect_fn, &c, &err), 7);
    assert_int_equal(c.calls, 1);
    collect_free(&c);
}

static void test_jsonl_missing_text(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("missing_text.jsonl", NULL, &c, &err, path), DW_EPARSE);
    assert_msg(&err, path,
               ":2: record has no \"text\" field (expected a JSON object with a string \"text\")");
    assert_int_equal(c.calls, 1); /* line 1 was delivered first */
    collect_free(&c);
}

static void test_jsonl_bad_json(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("bad_json.jsonl", NULL, &c, &err, path), DW_EPARSE);
    assert_msg(&err, path, ":3:16: invalid JSON: string or '}' expected near '}'");
    collect_free(&c);
    assert_int_equal(read_fixture("not_object.jsonl", NULL, &c, &err, path), DW_EPARSE);
    assert_msg(&err, path, ":1: record is an array: expected a JSON object with a string \"text\"");
}

static void test_jsonl_wrong_type(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("wrong_type.jsonl", NULL, &c, &err, path), DW_EPARSE);
    assert_msg(&err, path, ":1: field \"date\" is an integer: expected a string");
    assert_int_equal(read_fixture("text_not_string.jsonl", NULL, &c, &err, path), DW_EPARSE);
    assert_msg(&err, path, ":1: field \"text\" is an array: expected a string");
    assert_int_equal(read_fixture("empty_text.jsonl", NULL, &c, &err, path), DW_EEMPTY);
    assert_msg(&err, path, ":1: record has an empty \"text\" field: expected the document's text");
}

static void test_jsonl_bad_date(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("bad_date.jsonl", NULL, &c, &err, path), DW_EPARSE);
    assert_msg(&err, path, ":2: bad \"date\" '2021-13': expected YYYY-MM-DD");
    collect_free(&c);
}

static void test_jsonl_invalid_utf8(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("bad_utf8.jsonl", NULL, &c, &err, path), DW_EUTF8);
    assert_msg(&err, path,
               ":2: invalid UTF-8 at byte offset 28: expected a valid UTF-8 sequence; "
               "use --lenient to replace it with U+FFFD");
    collect_free(&c);
    dw_read_opts o = {.lenient = 1};
    assert_int_equal(read_fixture("bad_utf8.jsonl", &o, &c, &err, path), DW_OK);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.docs[1].text, "caf" FFFD " au lait");
    collect_free(&c);
}

static void test_jsonl_empty(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    assert_int_equal(read_fixture("empty.jsonl", NULL, &c, &err, path), DW_EEMPTY);
    assert_msg(&err, path, ": empty input: expected a document");
}

static void test_jsonl_line_limit(void **state) {
    (void)state;
    collect c;
    dw_error err;
    char path[4096];
    dw_read_opts o = {.max_doc_bytes = 100};
    assert_int_equal(read_fixture("good.jsonl", &o, &c, &err, path), DW_ELIMIT);
    assert_msg(&err, path, ":1: record is longer than the limit of 100 bytes; split it or raise "
                           "--max-bytes");
}

static void test_json_direct(void **state) {
    (void)state;
    dw_doc d;
    dw_error err;
    const char *s = "{\"text\":\"Iran \\u2014 Taliban\",\"source\":\"\"}";
    assert_int_equal(dw_doc_from_json("dir/news.ndjson:7", s, strlen(s), NULL, &d, &err), DW_OK);
    assert_string_equal(d.id, "news-7");
    assert_string_equal(d.origin, "dir/news.ndjson:7");
    assert_string_equal(d.text, "Iran \xE2\x80\x94 Taliban");
    assert_null(d.source); /* "" counts as absent */
    assert_hash_of_text(&d);
    dw_doc_free(&d);
    s = "{\"text\":\"a\xFF\"}";
    assert_int_equal(dw_doc_from_json("x:1", s, strlen(s), NULL, &d, &err), DW_EUTF8);
    assert_string_equal(err.msg, "x:1: invalid UTF-8 at byte offset 10 of the record: expected a "
                                 "valid UTF-8 sequence; use --lenient to replace it with U+FFFD");
    s = "{\"text\":\"a\",\"text\":\"b\"}";
    assert_int_equal(dw_doc_from_json("x:1", s, strlen(s), NULL, &d, &err), DW_EPARSE);
    assert_non_null(strstr(err.msg, "duplicate object key"));
    s = "{\"text\":\"a\\u0000b\"}";
    assert_int_equal(dw_doc_from_json("x:1", s, strlen(s), NULL, &d, &err), DW_EPARSE);
    s = "{\"text\":null}";
    assert_int_equal(dw_doc_from_json("x:1", s, strlen(s), NULL, &d, &err), DW_EPARSE);
    assert_string_equal(err.msg, "x:1: field \"text\" is null: expected a string");
}

/* "-" reads standard input and sniffs its format; stdin is redirected here. */
static void test_stdin(void **state) {
    (void)state;
    collect c = {0};
    dw_error err;
    char path[4096];
    assert_non_null(freopen(fixture("good.jsonl", path), "rb", stdin));
    assert_int_equal(dw_read_documents("-", NULL, collect_fn, &c, &err), DW_OK);
    assert_int_equal(c.n, 3);
    assert_string_equal(c.docs[0].origin, "<stdin>:1");
    assert_string_equal(c.docs[1].id, "stdin-3");
    collect_free(&c);
    assert_non_null(freopen(fixture("bom.txt", path), "rb", stdin));
    c.calls = 0;
    assert_int_equal(dw_read_documents("-", NULL, collect_fn, &c, &err), DW_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.docs[0].id, "stdin");
    assert_string_equal(c.docs[0].origin, "<stdin>");
    assert_string_equal(c.docs[0].text, "Body.\n");
    collect_free(&c);
    assert_non_null(freopen(fixture("bad_utf8.jsonl", path), "rb", stdin));
    assert_int_equal(dw_read_documents("-", NULL, collect_fn, &c, &err), DW_EUTF8);
    assert_string_equal(err.msg, "<stdin>:2: invalid UTF-8 at byte offset 28: expected a valid "
                                 "UTF-8 sequence; use --lenient to replace it with U+FFFD");
    collect_free(&c);
    assert_non_null(freopen("/dev/null", "rb", stdin));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_malformed),
        cmocka_unit_test(test_utf8_fast_path_offsets),
        cmocka_unit_test(test_utf8_exhaustive),
        cmocka_unit_test(test_utf8_repair),
        cmocka_unit_test(test_utf8_repair_always_valid),
        cmocka_unit_test(test_text_headers),
        cmocka_unit_test(test_text_headers_case_crlf),
        cmocka_unit_test(test_text_no_headers),
        cmocka_unit_test(test_text_default_date),
        cmocka_unit_test(test_text_bad_date_header),
        cmocka_unit_test(test_text_bad_header_line),
        cmocka_unit_test(test_text_duplicate_header),
        cmocka_unit_test(test_text_invalid_utf8),
        cmocka_unit_test(test_text_lenient),
        cmocka_unit_test(test_text_nul_byte),
        cmocka_unit_test(test_text_bom),
        cmocka_unit_test(test_text_empty),
        cmocka_unit_test(test_text_limit_small),
        cmocka_unit_test(test_limit_50mb),
        cmocka_unit_test(test_read_errors),
        cmocka_unit_test(test_forced_format),
        cmocka_unit_test(test_jsonl_good),
        cmocka_unit_test(test_jsonl_callback_stops),
        cmocka_unit_test(test_jsonl_missing_text),
        cmocka_unit_test(test_jsonl_bad_json),
        cmocka_unit_test(test_jsonl_wrong_type),
        cmocka_unit_test(test_jsonl_bad_date),
        cmocka_unit_test(test_jsonl_invalid_utf8),
        cmocka_unit_test(test_jsonl_empty),
        cmocka_unit_test(test_jsonl_line_limit),
        cmocka_unit_test(test_json_direct),
        cmocka_unit_test(test_stdin),
    };
    return cmocka_run_group_tests_name("ingest", tests, NULL, NULL);
}
