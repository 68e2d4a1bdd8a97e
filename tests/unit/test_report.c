/*
 * test_report.c — the statistical review (src/report/): every section is
 * there, the HTML is well-formed and self-contained, corpus text is
 * escaped, empty dyads give an empty but whole review, Markdown and PDF
 * are written, and the chart layout survives its edge cases (no slots, all
 * zeros, one point, negative values, nothing defined).
 *
 * Each test builds a small store (test_store_new): events
 * between IRN and TAL over several years, one clash told by two sources
 * with different death tolls (a disputed fact), and one sentence carrying
 * a <script> tag.
 */
#include <math.h>

#include "test_util.h"
#include "report/report.h"

/* ---- the corpus ------------------------------------------------------------------- */

typedef struct spec {
    const char *src, *tgt, *date, *cameo;
    int quad;
    double goldstein;
    const char *track;
    double killed;        /* < 0: none */
    const char *text;
} spec;

static void fill(dw_event *e, const char *doc, size_t i, const spec *sp) {
    test_event(e, doc, doc, i, sp->src, sp->tgt, sp->cameo);
    e->text = dw_strdup(sp->text ? sp->text : "Something happened between them.");
    snprintf(e->date, sizeof e->date, "%s", sp->date);
    snprintf(e->date_precision, sizeof e->date_precision, "day");
    e->quad_class = sp->quad;
    e->goldstein = sp->goldstein;
    snprintf(e->track, sizeof e->track, "%s", sp->track);
    e->modality = DW_ASSERTED;
    e->confidence = 0.9;
    if (sp->killed >= 0) {
        dw_quantity *q = &e->quantities[e->n_quantities++];
        snprintf(q->key, sizeof q->key, "killed");
        q->value = q->low = q->high = sp->killed;
    }
}

static void add_doc(dw_store *s, const char *id, const char *source, const spec *sp, size_t n) {
    char text[256];
    snprintf(text, sizeof text, "Document %s from %s.", id, source);
    dw_doc d = test_doc(id, source, "2023-06-01", text);
    dw_events ev = {0};
    for (size_t i = 0; i < n; i++) fill(dw_events_push(&ev), id, i, &sp[i]);
    dw_error err = {0};
    assert_int_equal(dw_store_begin(s, &err), DW_OK);
    int rc = dw_store_add_document(s, &d, NULL, &ev, &err);
    if (rc) fprintf(stderr, "add: %s\n", err.msg);
    assert_int_equal(rc, DW_OK);
    assert_int_equal(dw_store_commit(s, &err), DW_OK);
    dw_events_free(&ev);
}

#define HOSTILE "Iran said <script>alert('x')</script> & \"more\" at the border."

static const spec DOC_A[] = {
    {"IRN", "AFGINSTAL", "2019-03-02", "042", 1, 1.9, "diplomacy", -1, "Iran hosted a Taliban delegation."},
    {"AFGINSTAL", "IRN", "2020-05-10", "111", 3, -2, "diplomacy", -1, "The Taliban accused Iran of meddling."},
    {"IRNCOP", "AFGGOVTAL", "2021-12-02", "190", 4, -10, "security", 3, "Iranian border guards and Taliban forces clashed in Nimroz."},
    {"IRN", "AFGGOVTAL", "2022-01-09", "057", 1, 8, "economy", -1, HOSTILE},
    {"AFGGOVTAL", "IRN", "2022-08-12", "084", 2, 7, "water", -1, "The Taliban agreed to release Helmand water to Iran."},
    {"IRN", "AFGGOVTAL", "2023-05-28", "193", 4, -10, "security", -1, "Iranian and Taliban forces exchanged fire at the border."},
};
/* the same clash as DOC_A[2] with another toll: a disputed fact */
static const spec DOC_B[] = {
    {"IRNCOP", "AFGGOVTAL", "2021-12-02", "190", 4, -10, "security", 5, "Five died when Iranian guards and Taliban forces clashed."},
    {"AFGGOVTAL", "IRN", "2023-06-20", "040", 1, 1, "diplomacy", -1, "Taliban and Iranian officials held talks."},
    {"PAK", "IND", "2023-01-01", "111", 3, -2, "diplomacy", -1, "Pakistan accused India."},
};

/* ---- fixture ------------------------------------------------------------------- */

static int setup(void **state) {
    test_store *f = test_store_new("dw_report");
    if (!f) return -1;
    add_doc(f->s, "a", "Reuters", DOC_A, sizeof DOC_A / sizeof *DOC_A);
    add_doc(f->s, "b", "<b>Evil</b> News", DOC_B, sizeof DOC_B / sizeof *DOC_B);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    test_store_free(*state);
    return 0;
}

/* ---- checks ------------------------------------------------------------------------ */

static int is_void(const char *name, size_t n) {
    static const char *const V[] = {"meta", "br", "hr", "img", "input", "link", "wbr", NULL};
    for (int i = 0; V[i]; i++)
        if (strlen(V[i]) == n && strncmp(V[i], name, n) == 0) return 1;
    return 0;
}

/* Balanced tags: every element closed in order (void elements and "/>"
 * aside), style content skipped, no stray '<' in text.  Returns a message
 * or NULL when well-formed. */
static const char *check_balanced(const char *html) {
    static char msg[160];
    const char *stack[256];
    size_t len[256], depth = 0;
    for (const char *p = html; (p = strchr(p, '<'));) {
        if (p[1] == '!') {
            p = strchr(p, '>');
            if (!p) return "unterminated <!";
            continue;
        }
        int closing = p[1] == '/';
        const char *name = p + 1 + closing;
        size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-");
        if (!n) return "a '<' that starts no tag";
        const char *q = name + n;
        char quote = 0;
        for (; *q && (quote || *q != '>'); q++)
            if (*q == '"' || *q == '\'') quote = quote == *q ? 0 : quote ? quote : *q;
        if (!*q) return "unterminated tag";
        int self = q[-1] == '/';
        if (closing) {
            if (!depth || len[depth - 1] != n || strncmp(stack[depth - 1], name, n)) {
                snprintf(msg, sizeof msg, "unexpected </%.*s>", (int)n, name);
                return msg;
            }
            depth--;
        } else if (!self && !is_void(name, n)) {
            if (depth == 256) return "too deep";
            stack[depth] = name;
            len[depth++] = n;
            if (n == 5 && strncmp(name, "style", 5) == 0) {
                q = strstr(q, "</style>");
                if (!q) return "unterminated style";
                p = q;
                continue;
            }
        }
        p = q + 1;
    }
    if (depth) {
        snprintf(msg, sizeof msg, "<%.*s> never closed", (int)len[depth - 1], stack[depth - 1]);
        return msg;
    }
    return NULL;
}

/* No request leaves the page: no URL scheme anywhere, no src= at all,
 * href only to fragments, no CSS url() or @import. */
static void assert_self_contained(const char *html) {
    assert_null(strstr(html, "http:"));
    assert_null(strstr(html, "https:"));
    assert_null(strstr(html, " src="));
    assert_null(strstr(html, "url("));
    assert_null(strstr(html, "@import"));
    for (const char *p = html; (p = strstr(p, "href=\"")); p += 6) assert_int_equal(p[6], '#');
}

static const char *const SECTIONS[] = {"id=\"headline\"", "id=\"tracks\"", "id=\"quads\"",
                                       "id=\"goldstein\"", "id=\"dual-track\"",
                                       "id=\"timeline\"", "id=\"disputed\"", "id=\"alerts\"",
                                       "id=\"methods\"", NULL};

static void assert_whole_html(const char *html) {
    const char *bad = check_balanced(html);
    if (bad) fprintf(stderr, "not well-formed: %s\n", bad);
    assert_null(bad);
    assert_self_contained(html);
    for (int i = 0; SECTIONS[i]; i++) assert_non_null(strstr(html, SECTIONS[i]));
    assert_non_null(strstr(html, "<svg"));
    assert_non_null(strstr(html, "</html>"));
}

static char *render(dw_store *s, const dw_review_opts *o, dw_report_format fmt, dw_review *keep) {
    dw_review r;
    dw_error err = {0};
    int rc = dw_review_gather(s, o, &r, &err);
    if (rc) fprintf(stderr, "gather: %s\n", err.msg);
    assert_int_equal(rc, DW_OK);
    dw_buf b = {0};
    rc = fmt == DW_REPORT_MD ? dw_review_markdown(&r, &b, &err) : dw_review_html(&r, &b, &err);
    assert_int_equal(rc, DW_OK);
    if (keep) *keep = r;
    else dw_review_free(&r);
    return b.data;
}

/* ---- the review ----------------------------------------------------------------------- */

static void test_review_sections(void **state) {
    test_store *f = *state;
    dw_review_opts o = {.a = "IRN", .b = "TAL", .unit = -1, .db_label = "r.db"};
    dw_review r;
    char *html = render(f->s, &o, DW_REPORT_HTML, &r);
    assert_whole_html(html);
    /* the figures: 7 events (the clash told twice is one), by quarter over 5 years */
    assert_int_equal(r.total.events, 7);
    assert_int_equal(r.total.mentions, 8);
    assert_int_equal(r.unit, DW_UNIT_QUARTER);
    assert_int_equal(r.disputed.n, 1);
    assert_true(r.disputed.v[0].disputed & DW_DISPUTE_KILLED);
    assert_true(r.timeline.n >= 5);
    for (size_t i = 1; i < r.timeline.n; i++)
        assert_true(r.timeline.v[i - 1].first_day <= r.timeline.v[i].first_day);
    assert_false(r.empty);
    dw_review_free(&r);
    /* the sections say what they hold */
    assert_non_null(strstr(html, "Headline figures"));
    assert_non_null(strstr(html, "death toll"));
    assert_non_null(strstr(html, "Iranian border guards and Taliban forces clashed in Nimroz."));
    assert_non_null(strstr(html, "Negated and hypothetical events are excluded"));
    assert_non_null(strstr(html, "Counts are reports of events"));
    /* hostile text is escaped: the sentence and the source name */
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<b>Evil"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                                 "&quot;more&quot;"));
    assert_non_null(strstr(html, "&lt;b&gt;Evil&lt;/b&gt; News"));
    free(html);
}

static void test_review_by_year_and_range(void **state) {
    test_store *f = *state;
    dw_review_opts o = {.a = "TAL", .b = "IRN", .from = "2021", .to = "2023",
                        .unit = DW_UNIT_YEAR};
    dw_review r;
    char *html = render(f->s, &o, DW_REPORT_HTML, &r);
    assert_whole_html(html);
    assert_int_equal(r.series.n, 3);
    assert_int_equal(r.total.events, 5);
    assert_true(r.has_prev_range); /* 2018-2020 against 2021-2023 */
    assert_int_equal(r.prev_range.events, 2);
    assert_string_equal(r.prev_from, "2018-01-01");
    dw_review_free(&r);
    free(html);
}

static void assert_empty_review(dw_store *s, const dw_review_opts *o, const char *why) {
    dw_review r;
    char *html = render(s, o, DW_REPORT_HTML, &r);
    assert_true(r.empty);
    assert_non_null(strstr(r.empty_reason, why));
    dw_review_free(&r);
    assert_whole_html(html);
    assert_non_null(strstr(html, "class=\"empty\""));
    assert_non_null(strstr(html, "No events in this range."));
    free(html);
    char *md = render(s, o, DW_REPORT_MD, NULL);
    assert_non_null(strstr(md, "## Headline figures"));
    assert_non_null(strstr(md, why));
    free(md);
}

static void test_empty_reviews(void **state) {
    test_store *f = *state;
    /* an unknown actor, a dyad without events, an empty range, a range without events */
    dw_review_opts unknown = {.a = "IRN", .b = "XYZ", .unit = -1};
    assert_empty_review(f->s, &unknown, "No actor in the store matches 'XYZ'");
    dw_review_opts none = {.a = "PAK", .b = "TAL", .unit = -1};
    assert_empty_review(f->s, &none, "no asserted or claimed events between PAK and TAL");
    dw_review_opts backwards = {.a = "IRN", .b = "TAL", .from = "2023", .to = "2020", .unit = -1};
    assert_empty_review(f->s, &backwards, "is empty");
    dw_review_opts later = {.a = "IRN", .b = "TAL", .from = "2030", .to = "2031", .unit = -1};
    assert_empty_review(f->s, &later, "no asserted or claimed events between IRN and TAL");
    /* a malformed key is an error, not a review */
    dw_review r;
    dw_error err = {0};
    dw_review_opts bad = {.a = "ir n", .b = "TAL", .unit = -1};
    assert_int_equal(dw_review_gather(f->s, &bad, &r, &err), DW_EINVAL);
}

static void test_markdown_and_pdf(void **state) {
    test_store *f = *state;
    dw_review_opts o = {.a = "IRN", .b = "TAL", .unit = -1};
    char *md = render(f->s, &o, DW_REPORT_MD, NULL);
    static const char *const H[] = {"# IRN and TAL: statistical review", "## Headline figures",
                                    "## Events per track", "## Quad classes over time",
                                    "## Tone: the Goldstein scale", "## Dual track",
                                    "## Timeline of the most important events",
                                    "## Disputed facts", "## Alerts", "## Methods and caveats",
                                    NULL};
    for (int i = 0; H[i]; i++) assert_non_null(strstr(md, H[i]));
    assert_null(strstr(md, "<script"));
    assert_null(strstr(md, "<svg"));
    assert_non_null(strstr(md, "&lt;script&gt;"));
    assert_non_null(strstr(md, "| period |"));
    free(md);

    char path[300];
    snprintf(path, sizeof path, "%s/out.pdf", f->dir);
    dw_error err = {0};
    int rc = dw_report_write(f->s, &o, DW_REPORT_PDF, path, NULL, 0, &err);
    if (rc) fprintf(stderr, "pdf: %s\n", err.msg);
    assert_int_equal(rc, DW_OK);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char head[5] = {0};
    assert_int_equal(fread(head, 1, 4, fp), 4);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fclose(fp);
    assert_string_equal(head, "%PDF");
    assert_true(size > 2000);
    /* an empty review is a PDF too */
    dw_review_opts none = {.a = "PAK", .b = "TAL", .unit = -1};
    char reason[320];
    assert_int_equal(dw_report_write(f->s, &none, DW_REPORT_PDF, path, reason, sizeof reason, &err),
                     DW_OK);
    assert_non_null(strstr(reason, "no asserted or claimed events"));
}

/* ---- the command ------------------------------------------------------------------------ */

static void test_command(void **state) {
    test_store *f = *state;
    char out[300];
    snprintf(out, sizeof out, "%s/out.html", f->dir);
    dw_store_close(f->s); /* the command opens the store itself */
    f->s = NULL;
    test_run r = test_dyadwatch(f->dir, "report IRN TAL --db %s -o %s", f->path, out);
    assert_int_equal(r.status, 0);
    test_run_free(&r);
    char *html = test_slurp(out, NULL);
    assert_non_null(html);
    assert_whole_html(html);
    free(html);
    /* an unknown actor: a message and an empty review, exit 0 */
    snprintf(out, sizeof out, "%s/empty.html", f->dir);
    r = test_dyadwatch(f->dir, "report IRN XYZ --db %s -o %s", f->path, out);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "No actor in the store matches 'XYZ'"));
    test_run_free(&r);
    html = test_slurp(out, NULL);
    assert_non_null(html);
    assert_whole_html(html);
    free(html);
    /* Markdown by extension */
    snprintf(out, sizeof out, "%s/out.md", f->dir);
    r = test_dyadwatch(f->dir, "report IRN TAL --db %s -o %s", f->path, out);
    assert_int_equal(r.status, 0);
    test_run_free(&r);
    char *md = test_slurp(out, NULL);
    assert_non_null(md);
    assert_non_null(strstr(md, "## Headline figures"));
    free(md);
    /* PDF through the command */
    r = test_dyadwatch(f->dir, "report IRN TAL --db %s -o %s/out.pdf", f->path, f->dir);
    assert_int_equal(r.status, 0);
    test_run_free(&r);
    /* usage errors write nothing */
    snprintf(out, sizeof out, "%s/bad.html", f->dir);
    r = test_dyadwatch(f->dir, "report IRN TAL --db %s --format svg -o %s", f->path, out);
    assert_int_equal(r.status, 2);
    test_run_free(&r);
    r = test_dyadwatch(f->dir, "report IRN TAL --db %s --by week -o %s", f->path, out);
    assert_int_equal(r.status, 2);
    test_run_free(&r);
    r = test_dyadwatch(f->dir, "report IRN TAL --db %s/none.db -o %s", f->dir, out);
    assert_int_equal(r.status, 1);
    test_run_free(&r);
    assert_int_not_equal(access(out, F_OK), 0);
}

/* ---- chart scaling ------------------------------------------------------------------------ */

static void assert_finite_layout(const dw_chart *c, dw_draw *d) {
    dw_error err = {0};
    assert_int_equal(dw_chart_layout(c, d, &err), DW_OK);
    for (size_t i = 0; i < d->n; i++) {
        const dw_op *o = &d->v[i];
        assert_true(isfinite(o->x) && isfinite(o->y) && isfinite(o->w) && isfinite(o->h));
        for (size_t k = 0; k < 2 * o->npts; k++) assert_true(isfinite(o->pts[k]));
        if (o->kind == DW_OP_RECT) {
            assert_true(o->w > 0 && o->h > 0);
            assert_true(o->x >= 0 && o->x + o->w <= c->width + 0.01);
            assert_true(o->y >= 0 && o->y + o->h <= c->height + 0.01);
        }
    }
    dw_buf svg = {0};
    assert_int_equal(dw_svg_render(d, &svg), DW_OK);
    assert_null(check_balanced(svg.data));
    dw_buf_free(&svg);
}

static int has_text(const dw_draw *d, const char *s) {
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].kind == DW_OP_TEXT && strcmp(d->v[i].text, s) == 0) return 1;
    return 0;
}

static void test_chart_edges(void **state) {
    (void)state;
    static const char L[4][DW_LABEL_MAX] = {"2020", "2021", "2022", "2023"};
    dw_chart c;
    dw_draw d;
    double lo, hi, step;

    /* all zero: the axis runs 0..1 and nothing divides by zero */
    static const double zero[4] = {0, 0, 0, 0};
    assert_int_equal(dw_chart_init(&c, "zeros", 4, L, 400, 200), DW_OK);
    assert_non_null(dw_chart_add(&c, "events", 0x336699, zero, NULL, 0));
    dw_chart_y_range(&c, &lo, &hi, &step);
    assert_true(lo == 0 && hi == 1);
    assert_finite_layout(&c, &d);
    dw_draw_free(&d);
    dw_chart_free(&c);

    /* one point, as a line: a dot in the middle, no polyline */
    static const double one[1] = {3.5};
    assert_int_equal(dw_chart_init(&c, "one", 1, L, 400, 200), DW_OK);
    assert_non_null(dw_chart_add(&c, "mean", 0x333333, one, NULL, 1));
    dw_chart_y_range(&c, &lo, &hi, &step);
    assert_true(lo < 3.5 && hi > 3.5);
    assert_finite_layout(&c, &d);
    size_t dots = 0, polys = 0;
    for (size_t i = 0; i < d.n; i++) {
        dots += d.v[i].kind == DW_OP_CIRCLE;
        polys += d.v[i].kind == DW_OP_POLY;
    }
    assert_int_equal(dots, 1);
    assert_int_equal(polys, 0);
    dw_draw_free(&d);
    dw_chart_free(&c);

    /* negative Goldstein with a gap: the range covers the negatives, zero inside */
    static const double g[4] = {-7.5, -2, 0, 4};
    static const unsigned char def[4] = {1, 1, 0, 1};
    assert_int_equal(dw_chart_init(&c, "goldstein", 4, L, 400, 200), DW_OK);
    assert_non_null(dw_chart_add(&c, "mean", 0x333333, g, def, 1));
    assert_int_equal(dw_chart_mark(&c, 1, "2021", 0xC0392B), DW_OK);
    assert_int_equal(dw_chart_level_add(&c, 0, 2, -4.75), DW_OK);
    assert_int_equal(dw_chart_mark(&c, 9, "out of range", 0), DW_ELIMIT);
    dw_chart_y_range(&c, &lo, &hi, &step);
    assert_true(lo <= -7.5 && hi >= 4 && lo < 0 && hi > 0);
    assert_true(fabs(remainder(lo, step)) < 1e-9 && fabs(remainder(hi, step)) < 1e-9);
    assert_finite_layout(&c, &d);
    assert_true(has_text(&d, "2021"));
    dw_draw_free(&d);
    dw_chart_free(&c);

    /* stacked bars up and down (the dual track): zero between the extremes */
    static const double up[4] = {1, 4, 0, 2}, down[4] = {-3, 0, -1, -6};
    assert_int_equal(dw_chart_init(&c, "dual", 4, L, 400, 200), DW_OK);
    c.stacked = 1;
    assert_non_null(dw_chart_add(&c, "coop", 0x336699, up, NULL, 0));
    assert_non_null(dw_chart_add(&c, "conflict", 0xCC6600, down, NULL, 0));
    dw_chart_y_range(&c, &lo, &hi, &step);
    assert_true(lo <= -6 && hi >= 4);
    assert_true(step >= 1); /* whole counts get whole ticks */
    assert_finite_layout(&c, &d);
    dw_draw_free(&d);
    dw_chart_free(&c);

    /* no slots, and slots with nothing defined: a frame with the caption */
    assert_int_equal(dw_chart_init(&c, "empty", 0, NULL, 400, 200), DW_OK);
    assert_non_null(dw_chart_add(&c, "events", 0x336699, NULL, NULL, 0));
    assert_finite_layout(&c, &d);
    assert_true(has_text(&d, "no events in this range"));
    dw_draw_free(&d);
    dw_chart_free(&c);
    static const unsigned char none[4] = {0, 0, 0, 0};
    assert_int_equal(dw_chart_init(&c, "undefined", 4, L, 400, 200), DW_OK);
    assert_non_null(dw_chart_add(&c, "mean", 0x333333, g, none, 1));
    assert_finite_layout(&c, &d);
    assert_true(has_text(&d, "no events in this range"));
    dw_draw_free(&d);
    dw_chart_free(&c);

    /* many slots: x labels thin out instead of overlapping */
    static char many[360][DW_LABEL_MAX];
    double v[360];
    for (int i = 0; i < 360; i++) {
        snprintf(many[i], DW_LABEL_MAX, "%04d-%02d", 1996 + i / 12, i % 12 + 1);
        v[i] = i % 7;
    }
    assert_int_equal(dw_chart_init(&c, "months", 360, (const char(*)[DW_LABEL_MAX])many, 700,
                                   200),
                     DW_OK);
    assert_non_null(dw_chart_add(&c, "events", 0x336699, v, NULL, 0));
    assert_finite_layout(&c, &d);
    size_t labels = 0;
    for (size_t i = 0; i < d.n; i++)
        labels += d.v[i].kind == DW_OP_TEXT && d.v[i].anchor == DW_ANCHOR_MIDDLE;
    assert_true(labels > 3 && labels < 30);
    dw_draw_free(&d);
    dw_chart_free(&c);
}

static void test_escape(void **state) {
    (void)state;
    dw_buf b = {0};
    assert_int_equal(dw_xml_escape(&b, "a<b>&\"c'\x01"), DW_OK);
    assert_string_equal(b.data, "a&lt;b&gt;&amp;&quot;c&#39; ");
    dw_buf_free(&b);
    dw_report_format f;
    assert_true(dw_report_format_parse("md", &f) && f == DW_REPORT_MD);
    assert_false(dw_report_format_parse("svg", &f));
    assert_int_equal(dw_report_format_of_path("x/review.pdf"), DW_REPORT_PDF);
    assert_int_equal(dw_report_format_of_path("review"), DW_REPORT_HTML);
}

/* fontconfig (under cairo) keeps caches it never frees: not ours to report */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_review_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_by_year_and_range, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_reviews, setup, teardown),
        cmocka_unit_test_setup_teardown(test_markdown_and_pdf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_command, setup, teardown),
        cmocka_unit_test(test_chart_edges),
        cmocka_unit_test(test_escape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
