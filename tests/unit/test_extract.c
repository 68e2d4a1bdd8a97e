/*
 * test_extract.c — the extraction stage (src/extract/): dates with their
 * precision, amounts typed by what they count, places from the gazetteer
 * and tracks, through the public API as the coder calls it
 * (dw_extract_begin, dw_extract_sentence per sentence, dw_extract_event
 * per event).
 *
 * Most cases live in the .tsv files of tests/data/extract/, one sentence a row:
 *   doc  doc_date  anchor  text  date  date_end  precision  quantities  place  track
 * Consecutive rows with the same doc form one document (sentences joined
 * by a space; a text starting with "¶ " opens a new paragraph).  anchor is
 * the event's verb (its first occurrence; "word#2" for the second), "-"
 * for a sentence that is only read, "TITLE" for the document's title.
 * "*" leaves a column unscored, "-" expects nothing.  quantities are
 * "key=value[@low-high][:qualifier]" joined by ';' (qualifier "exact" by
 * default); track is "coder_track>expected".  The test prints the share of
 * dates (date, date_end and precision all equal), quantity sets and places
 * that are exactly right and asserts the targets of issue 4: dates and
 * quantities ≥ 95%, places ≥ 90%.  DW_EXTRACT_VERBOSE=1 lists every miss.
 *
 * The unit tests below cover the tricky cases one by one, and the
 * reference article in ../shared/seed/ (skipped when absent).
 */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <time.h>

#include "test_util.h"

/* ---- shared fixture ---------------------------------------------------- */

typedef struct fixture {
    dw_gazetteer *gaz;
    dw_extractor *x;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    dw_error err = {0};
    f->gaz = dw_gazetteer_new_default(&err);
    if (!f->gaz) {
        fprintf(stderr, "gazetteer: %s\n", err.msg);
        free(f);
        return -1;
    }
    f->x = dw_extractor_new(f->gaz, &err);
    if (!f->x) {
        fprintf(stderr, "extractor: %s\n", err.msg);
        dw_gazetteer_free(f->gaz);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    dw_extractor_free(f->x);
    dw_gazetteer_free(f->gaz);
    free(f);
    return 0;
}

/* Byte offset of the n-th whole-word occurrence of w in s[from, to), or -1. */
static long find_word(const char *s, size_t from, size_t to, const char *w, int nth) {
    size_t wl = strlen(w);
    for (size_t i = from; i + wl <= to; i++) {
        if (strncmp(s + i, w, wl) != 0) continue;
        bool left = i == from || !isalnum((unsigned char)s[i - 1]);
        bool right = i + wl == to || !isalnum((unsigned char)s[i + wl]);
        if (left && right && --nth == 0) return (long)i;
    }
    return -1;
}

/* ---- a small document builder ------------------------------------------ */

#define MAX_SENT 64

typedef struct tdoc {
    dw_doc doc;
    char text[16384];
    size_t len;
    dw_span sent[MAX_SENT];
    size_t n;
} tdoc;

static void tdoc_init(tdoc *d, const char *date, const char *title) {
    memset(d, 0, sizeof *d);
    d->doc.id = "test";
    d->doc.origin = "test";
    d->doc.date = (char *)date;
    d->doc.title = (char *)title;
    d->doc.text = d->text;
}

/* Appends a sentence; a leading "¶ " starts a new paragraph. */
static void tdoc_add(tdoc *d, const char *s) {
    const char *sep = d->len ? " " : "";
    if (strncmp(s, "\xC2\xB6 ", 3) == 0) {
        s += 3;
        if (d->len) sep = "\n\n";
    }
    size_t need = strlen(sep) + strlen(s);
    assert_true(d->len + need < sizeof d->text && d->n < MAX_SENT);
    memcpy(d->text + d->len, sep, strlen(sep));
    d->len += strlen(sep);
    d->sent[d->n].start = (uint32_t)d->len;
    memcpy(d->text + d->len, s, strlen(s));
    d->len += strlen(s);
    d->sent[d->n++].end = (uint32_t)d->len;
    d->text[d->len] = '\0';
    d->doc.text_len = d->len;
}

/* Reads sentence i and extracts the event anchored at `verb` (n-th). */
static void event_at(dw_extractor *x, tdoc *d, size_t i, const char *verb, int nth,
                     const char *track, dw_event *e) {
    dw_error err = {0};
    assert_int_equal(dw_extract_sentence(x, &d->doc, d->sent[i], &err), DW_OK);
    memset(e, 0, sizeof *e);
    if (track) snprintf(e->track, sizeof e->track, "%s", track);
    long a = find_word(d->text, d->sent[i].start, d->sent[i].end, verb, nth);
    assert_true(a >= 0);
    assert_int_equal(dw_extract_event(x, &d->doc, (uint32_t)a, e, &err), DW_OK);
}

/* One-sentence document: the event at verb, with the document date given. */
static void one(fixture *f, const char *date, const char *text, const char *verb, dw_event *e) {
    static tdoc d;
    tdoc_init(&d, date, NULL);
    tdoc_add(&d, text);
    char dd[11];
    dw_error err = {0};
    assert_int_equal(dw_extract_begin(f->x, &d.doc, dd, &err), DW_OK);
    event_at(f->x, &d, 0, verb, 1, NULL, e);
}

static void assert_date(const dw_event *e, const char *date, const char *end, const char *prec) {
    if (strcmp(e->date, date) || strcmp(e->date_end, end) || strcmp(e->date_precision, prec))
        fprintf(stderr, "  got %s..%s (%s), want %s..%s (%s)\n", e->date, e->date_end,
                e->date_precision, date, end, prec);
    assert_string_equal(e->date, date);
    assert_string_equal(e->date_end, end);
    assert_string_equal(e->date_precision, prec);
}

static const dw_quantity *quantity(const dw_event *e, const char *key) {
    for (int i = 0; i < e->n_quantities; i++)
        if (strcmp(e->quantities[i].key, key) == 0) return &e->quantities[i];
    return NULL;
}

/* ---- the test sets -------------------------------------------------------- */

typedef struct score {
    size_t ok, n;
} score;

typedef struct scores {
    score date, qty, place, track;
    bool verbose;
} scores;

static void fmt_quantities(const dw_event *e, char *out, size_t cap) {
    size_t len = 0;
    out[0] = '\0';
    if (!e->n_quantities) {
        snprintf(out, cap, "-");
        return;
    }
    for (int i = 0; i < e->n_quantities && len < cap; i++) {
        const dw_quantity *q = &e->quantities[i];
        len += (size_t)snprintf(out + len, cap - len, "%s%s=%.10g", i ? ";" : "", q->key, q->value);
        if (q->has_low && len < cap)
            len += (size_t)snprintf(out + len, cap - len, "@%.10g-%.10g", q->low, q->high);
        if (strcmp(q->qualifier, "exact") != 0 && len < cap)
            len += (size_t)snprintf(out + len, cap - len, ":%s", q->qualifier);
    }
}

/* Compares an expected quantity list with the event's (order-free). */
static bool same_quantities(const char *want, const dw_event *e) {
    if (strcmp(want, "-") == 0) return e->n_quantities == 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", want);
    int n = 0;
    for (char *save = NULL, *item = strtok_r(buf, ";", &save); item;
         item = strtok_r(NULL, ";", &save), n++) {
        char key[32] = "", qual[32] = "exact";
        double value = 0, low = 0, high = 0;
        bool range = false;
        char *eq = strchr(item, '=');
        if (!eq) return false;
        snprintf(key, sizeof key, "%.*s", (int)(eq - item), item);
        char *colon = strchr(eq, ':');
        if (colon) {
            snprintf(qual, sizeof qual, "%s", colon + 1);
            *colon = '\0';
        }
        char *at = strchr(eq, '@');
        if (at) {
            range = true;
            *at = '\0';
            if (sscanf(at + 1, "%lf-%lf", &low, &high) != 2) return false;
        }
        value = strtod(eq + 1, NULL);
        const dw_quantity *q = quantity(e, key);
        if (!q || fabs(q->value - value) > 1e-6 * fmax(1, fabs(value)) ||
            strcmp(q->qualifier, qual) != 0 || (bool)q->has_low != range)
            return false;
        if (range && (fabs(q->low - low) > 1e-6 || fabs(q->high - high) > 1e-6)) return false;
    }
    return n == e->n_quantities;
}

typedef struct row {
    char *f[10];
    size_t nf;
    int line;
} row;

static void score_event(scores *sc, const row *r, const char *file, const dw_event *e) {
    char *const *f = r->f;
    const char *dash = "";
    if (strcmp(f[4], "*") != 0) {
        const char *wd = strcmp(f[4], "-") ? f[4] : dash, *we = strcmp(f[5], "-") ? f[5] : dash,
                   *wp = strcmp(f[6], "-") ? f[6] : dash;
        bool ok = !strcmp(e->date, wd) && !strcmp(e->date_end, we) && !strcmp(e->date_precision, wp);
        sc->date.n++;
        sc->date.ok += ok;
        if (!ok && sc->verbose)
            fprintf(stderr, "%s:%d date: got %s %s %s, want %s %s %s | %s\n", file, r->line,
                    e->date, e->date_end, e->date_precision, wd, we, wp, f[3]);
    }
    if (strcmp(f[7], "*") != 0) {
        bool ok = same_quantities(f[7], e);
        sc->qty.n++;
        sc->qty.ok += ok;
        if (!ok && sc->verbose) {
            char got[512];
            fmt_quantities(e, got, sizeof got);
            fprintf(stderr, "%s:%d quantities: got %s, want %s | %s\n", file, r->line, got, f[7],
                    f[3]);
        }
    }
    if (strcmp(f[8], "*") != 0) {
        const char *got = e->has_location ? e->location.name : "-";
        bool ok = strcmp(got, f[8]) == 0;
        sc->place.n++;
        sc->place.ok += ok;
        if (!ok && sc->verbose)
            fprintf(stderr, "%s:%d place: got %s, want %s | %s\n", file, r->line, got, f[8], f[3]);
    }
    const char *gt = r->nf > 9 ? strchr(f[9], '>') : NULL;
    if (r->nf > 9 && strcmp(f[9], "*") != 0 && !(gt && strcmp(gt + 1, "*") == 0)) {
        bool ok = gt && strcmp(e->track, gt + 1) == 0;
        sc->track.n++;
        sc->track.ok += ok;
        if (!ok && sc->verbose)
            fprintf(stderr, "%s:%d track: got %s, want %s | %s\n", file, r->line, e->track, f[9],
                    f[3]);
    }
}

/* Runs one document (rows[0..n), same doc id). */
static void run_document(dw_extractor *x, const char *file, row *rows, size_t n, scores *sc) {
    static tdoc d;
    const char *date = strcmp(rows[0].f[1], "-") ? rows[0].f[1] : NULL;
    const char *title = NULL;
    size_t first = 0;
    if (strcmp(rows[0].f[2], "TITLE") == 0) title = rows[0].f[3], first = 1;
    tdoc_init(&d, date, title);
    for (size_t i = first; i < n; i++) tdoc_add(&d, rows[i].f[3]);
    dw_error err = {0};
    char dd[11];
    assert_int_equal(dw_extract_begin(x, &d.doc, dd, &err), DW_OK);
    for (size_t i = first; i < n; i++) {
        const row *r = &rows[i];
        size_t si = i - first;
        if (strcmp(r->f[2], "-") == 0) {
            assert_int_equal(dw_extract_sentence(x, &d.doc, d.sent[si], &err), DW_OK);
            continue;
        }
        char verb[64];
        int nth = 1;
        snprintf(verb, sizeof verb, "%s", r->f[2]);
        char *hash = strchr(verb, '#');
        if (hash) {
            nth = atoi(hash + 1);
            *hash = '\0';
        }
        const char *track = NULL;
        char tin[16] = "";
        if (r->nf > 9 && strcmp(r->f[9], "*") != 0) {
            snprintf(tin, sizeof tin, "%.*s", (int)strcspn(r->f[9], ">"), r->f[9]);
            track = tin;
        }
        if (find_word(d.text, d.sent[si].start, d.sent[si].end, verb, nth) < 0) {
            fprintf(stderr, "%s:%d: anchor '%s' not in the sentence\n", file, r->line, r->f[2]);
            fail();
        }
        dw_event e;
        event_at(x, &d, si, verb, nth, track, &e);
        score_event(sc, r, file, &e);
        dw_event_free(&e);
    }
}

static void run_file(dw_extractor *x, const char *name, scores *sc) {
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/extract/%s", name);
    dw_buf b = {0};
    dw_error err = {0};
    if (dw_read_all(test_path(rel), 1u << 24, &b, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        fail();
    }
    static row rows[MAX_SENT];
    size_t n = 0;
    int line = 0;
    for (char *ln = b.data, *next; ln && *ln; ln = next) {
        next = strchr(ln, '\n');
        if (next) *next++ = '\0';
        line++;
        if (*ln == '#' || !*ln) continue;
        row r = {.line = line};
        r.f[0] = ln;
        r.nf = 1;
        for (char *p = ln; *p && r.nf < 10; p++)
            if (*p == '\t') {
                *p = '\0';
                r.f[r.nf++] = p + 1;
            }
        if (r.nf < 9) {
            fprintf(stderr, "%s:%d: %zu fields, want 9 or 10\n", name, line, r.nf);
            fail();
        }
        if (n && (strcmp(rows[0].f[0], r.f[0]) != 0 || n == MAX_SENT)) {
            run_document(x, name, rows, n, sc);
            n = 0;
        }
        rows[n++] = r;
    }
    if (n) run_document(x, name, rows, n, sc);
    dw_buf_free(&b);
}

static double pct(score s) { return s.n ? 100.0 * (double)s.ok / (double)s.n : 100.0; }

static void test_sets(void **state) {
    fixture *f = *state;
    static const char *const files[] = {"dates.tsv", "quantities.tsv", "places.tsv",
                                        "documents.tsv", "blind.tsv", "blind2.tsv", NULL};
    scores sc = {0};
    const char *v = getenv("DW_EXTRACT_VERBOSE");
    sc.verbose = v && *v && *v != '0';
    /* DW_EXTRACT_FILES=a.tsv,b.tsv runs only those (the targets are then not asserted) */
    const char *only = getenv("DW_EXTRACT_FILES");
    if (only && *only) {
        char list[512];
        snprintf(list, sizeof list, "%s", only);
        for (char *save = NULL, *name = strtok_r(list, ",", &save); name;
             name = strtok_r(NULL, ",", &save))
            run_file(f->x, name, &sc);
        printf("extract test sets (%s): dates %zu/%zu (%.1f%%), quantities %zu/%zu (%.1f%%), "
               "places %zu/%zu (%.1f%%), tracks %zu/%zu (%.1f%%)\n",
               only, sc.date.ok, sc.date.n, pct(sc.date), sc.qty.ok, sc.qty.n, pct(sc.qty),
               sc.place.ok, sc.place.n, pct(sc.place), sc.track.ok, sc.track.n, pct(sc.track));
        return;
    }
    for (size_t i = 0; files[i]; i++) run_file(f->x, files[i], &sc);
    printf("extract test sets: dates %zu/%zu (%.1f%%), quantities %zu/%zu (%.1f%%), "
           "places %zu/%zu (%.1f%%), tracks %zu/%zu (%.1f%%)\n",
           sc.date.ok, sc.date.n, pct(sc.date), sc.qty.ok, sc.qty.n, pct(sc.qty), sc.place.ok,
           sc.place.n, pct(sc.place), sc.track.ok, sc.track.n, pct(sc.track));
    assert_true(sc.date.n >= 150 && sc.qty.n >= 100 && sc.place.n >= 100);
    assert_true(pct(sc.date) >= 95.0);
    assert_true(pct(sc.qty) >= 95.0);
    assert_true(pct(sc.place) >= 90.0);
}

/* ---- dates, one case at a time ------------------------------------------- */

static void test_impossible_dates(void **state) {
    fixture *f = *state;
    dw_extract_stats before, after;
    dw_extractor_stats(f->x, &before);
    dw_event e;
    one(f, "2024-09-01", "On 31 February 2023, Iranian guards arrested 12 smugglers.", "arrested", &e);
    assert_date(&e, "2024-09-01", "2024-09-01", "document");
    dw_event_free(&e);
    one(f, "2024-09-01", "Talks were held on February 30, 2022 in Tehran.", "held", &e);
    assert_date(&e, "2024-09-01", "2024-09-01", "document");
    dw_event_free(&e);
    one(f, "2023-03-10", "The border was closed on 29 February.", "closed", &e); /* 2023: no leap day */
    assert_date(&e, "2023-03-10", "2023-03-10", "document");
    dw_event_free(&e);
    one(f, "2024-09-01", "Iran reopened the crossing on 2023-02-29.", "reopened", &e);
    assert_date(&e, "2024-09-01", "2024-09-01", "document");
    dw_event_free(&e);
    one(f, "2024-03-10", "The border was closed on 29 February.", "closed", &e); /* 2024: leap year */
    assert_date(&e, "2024-02-29", "2024-02-29", "day");
    dw_event_free(&e);
    dw_extractor_stats(f->x, &after);
    assert_int_equal(after.impossible_dates - before.impossible_dates, 4);
}

static void test_weekdays(void **state) {
    fixture *f = *state;
    dw_event e;
    /* 2024-09-01 was a Sunday */
    one(f, "2024-09-01", "Iranian guards clashed with Taliban forces on Saturday.", "clashed", &e);
    assert_date(&e, "2024-08-31", "2024-08-31", "day");
    dw_event_free(&e);
    one(f, "2024-09-01", "Iranian guards clashed with Taliban forces on Sunday.", "clashed", &e);
    assert_date(&e, "2024-09-01", "2024-09-01", "day");
    dw_event_free(&e);
    one(f, "2024-09-01", "Iranian guards clashed with Taliban forces last Sunday.", "clashed", &e);
    assert_date(&e, "2024-08-25", "2024-08-25", "day");
    dw_event_free(&e);
    one(f, "2024-09-01", "On Monday, the Taliban closed the Islam Qala crossing.", "closed", &e);
    assert_date(&e, "2024-08-26", "2024-08-26", "day");
    dw_event_free(&e);
    one(f, "2024-09-01", "The two sides will meet in Kabul on Monday.", "meet", &e);
    assert_date(&e, "2024-09-02", "2024-09-02", "day");
    dw_event_free(&e);
    one(f, "2024-09-01", "Officials met on Wednesday, Aug. 21, in Herat.", "met", &e);
    assert_date(&e, "2024-08-21", "2024-08-21", "day");
    dw_event_free(&e);
    one(f, "2024-09", "Officials met on Saturday in Herat.", "met", &e); /* no day to count from */
    assert_date(&e, "2024-09", "2024-09", "document");
    dw_event_free(&e);
}

static void test_following_year_chain(void **state) {
    fixture *f = *state;
    static tdoc d;
    tdoc_init(&d, "2024-09-01", NULL);
    tdoc_add(&d, "In 1997, the Taliban took over Mazar-i-Sharif.");
    tdoc_add(&d, "The following year, they killed nine Iranian diplomats there.");
    tdoc_add(&d, "A year later, Iran and the Taliban held talks.");
    tdoc_add(&d, "Iran reopened its consulate two years later.");
    tdoc_add(&d, "In February of the following year (2003), Iran sent an envoy.");
    tdoc_add(&d, "Last year, the two sides clashed.");
    char dd[11];
    dw_error err = {0};
    assert_int_equal(dw_extract_begin(f->x, &d.doc, dd, &err), DW_OK);
    dw_event e;
    event_at(f->x, &d, 0, "took", 1, NULL, &e);
    assert_date(&e, "1997", "1997", "year");
    dw_event_free(&e);
    event_at(f->x, &d, 1, "killed", 1, NULL, &e);
    assert_date(&e, "1998", "1998", "year");
    dw_event_free(&e);
    event_at(f->x, &d, 2, "held", 1, NULL, &e);
    assert_date(&e, "1999", "1999", "year");
    dw_event_free(&e);
    event_at(f->x, &d, 3, "reopened", 1, NULL, &e);
    assert_date(&e, "2001", "2001", "year");
    dw_event_free(&e);
    event_at(f->x, &d, 4, "sent", 1, NULL, &e); /* the parenthesis corrects 2002 */
    assert_date(&e, "2003-02", "2003-02", "month");
    dw_event_free(&e);
    event_at(f->x, &d, 5, "clashed", 1, NULL, &e); /* relative to the document, not the story */
    assert_date(&e, "2023", "2023", "year");
    dw_event_free(&e);
}

static void test_carried_date(void **state) {
    fixture *f = *state;
    static tdoc d;
    tdoc_init(&d, "2024-09-01", NULL);
    tdoc_add(&d, "On 8 August 1998, the Taliban captured Mazar-i-Sharif.");
    tdoc_add(&d, "Iran massed troops on the border.");
    tdoc_add(&d, "Recently, Iran handed the consulate in Mashhad to the Taliban.");
    tdoc_add(&d, "Iran protested.");
    char dd[11];
    dw_error err = {0};
    assert_int_equal(dw_extract_begin(f->x, &d.doc, dd, &err), DW_OK);
    dw_event e;
    event_at(f->x, &d, 0, "captured", 1, NULL, &e);
    assert_date(&e, "1998-08-08", "1998-08-08", "day");
    dw_event_free(&e);
    event_at(f->x, &d, 1, "massed", 1, NULL, &e); /* no date of its own: carried */
    assert_date(&e, "1998-08-08", "1998-08-08", "day");
    dw_event_free(&e);
    event_at(f->x, &d, 2, "handed", 1, NULL, &e);
    assert_date(&e, "2024-09-01", "2024-09-01", "document");
    dw_event_free(&e);
    event_at(f->x, &d, 3, "protested", 1, NULL, &e); /* "recently" ended the carry */
    assert_date(&e, "2024-09-01", "2024-09-01", "document");
    dw_event_free(&e);
}

static void test_datelines(void **state) {
    fixture *f = *state;
    static tdoc d;
    char dd[11];
    dw_error err = {0};
    dw_event e;

    tdoc_init(&d, NULL, NULL);
    tdoc_add(&d, "KABUL, May 27, 2021 (AP) \xE2\x80\x94 Taliban fighters attacked a checkpoint yesterday.");
    assert_int_equal(dw_extract_begin(f->x, &d.doc, dd, &err), DW_OK);
    assert_string_equal(dd, "2021-05-27");
    event_at(f->x, &d, 0, "attacked", 1, NULL, &e);
    assert_date(&e, "2021-05-26", "2021-05-26", "day");
    assert_false(e.has_location); /* the dateline says where the reporter is */
    dw_event_free(&e);

    tdoc_init(&d, "2021", NULL); /* a year only: the dateline adds month and day */
    tdoc_add(&d, "HERAT, Afghanistan, Aug. 8 (Reuters) - Iran closed the border on Friday.");
    assert_int_equal(dw_extract_begin(f->x, &d.doc, dd, &err), DW_OK);
    assert_string_equal(dd, "2021-08-08");
    event_at(f->x, &d, 0, "closed", 1, NULL, &e);
    assert_date(&e, "2021-08-06", "2021-08-06", "day");
    dw_event_free(&e);

    tdoc_init(&d, NULL, NULL); /* no year anywhere: no document date */
    tdoc_add(&d, "KABUL, May 27 (AP) \xE2\x80\x94 Taliban fighters attacked a checkpoint yesterday.");
    assert_int_equal(dw_extract_begin(f->x, &d.doc, dd, &err), DW_OK);
    assert_string_equal(dd, "");
    event_at(f->x, &d, 0, "attacked", 1, NULL, &e);
    assert_date(&e, "", "", "");
    dw_event_free(&e);

    tdoc_init(&d, "2024-06-02", NULL); /* a full document date wins over the dateline */
    tdoc_add(&d, "TEHRAN, May 30 (IRNA) - Iran deported 300 Afghans.");
    assert_int_equal(dw_extract_begin(f->x, &d.doc, dd, &err), DW_OK);
    assert_string_equal(dd, "2024-06-02");

    tdoc_init(&d, NULL, NULL); /* impossible dateline day */
    tdoc_add(&d, "KABUL, Feb. 30, 2021 (AP) \xE2\x80\x94 Taliban fighters attacked a checkpoint.");
    assert_int_equal(dw_extract_begin(f->x, &d.doc, dd, &err), DW_OK);
    assert_string_equal(dd, "");
}

/* Repetitive and oversized input: bounded work, no deep recursion. */
static void test_hostile_sentences(void **state) {
    fixture *f = *state;
    static const char *const units[] = {"early ", "June ", "the following ", "Mazar ",
                                        "9 or ", "between 1 and ", "nine hundred and "};
    size_t reps = 60000;
    for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
        size_t ul = strlen(units[u]);
        char *text = malloc(reps * ul + 64);
        assert_non_null(text);
        size_t n = 0;
        memcpy(text + n, "Iran killed ", 12);
        n += 12;
        for (size_t r = 0; r < reps; r++, n += ul) memcpy(text + n, units[u], ul);
        memcpy(text + n, "people.", 8);
        n += 7;
        dw_doc doc = {0};
        doc.id = "hostile";
        doc.origin = "hostile";
        doc.date = "2024-09-01";
        doc.text = text;
        doc.text_len = n;
        dw_error err = {0};
        char dd[11];
        assert_int_equal(dw_extract_begin(f->x, &doc, dd, &err), DW_OK);
        dw_span sp = {0, (uint32_t)n};
        assert_int_equal(dw_extract_sentence(f->x, &doc, sp, &err), DW_OK);
        dw_event e = {0};
        assert_int_equal(dw_extract_event(f->x, &doc, 5, &e, &err), DW_OK);
        assert_true(e.n_quantities <= DW_MAX_QUANTITIES);
        dw_event_free(&e);
        free(text);
    }
    /* an anchor outside the last sentence is an error, not a crash */
    static tdoc d;
    tdoc_init(&d, "2024-09-01", NULL);
    tdoc_add(&d, "Iran closed the border.");
    tdoc_add(&d, "The Taliban protested.");
    dw_error err = {0};
    char dd[11];
    assert_int_equal(dw_extract_begin(f->x, &d.doc, dd, &err), DW_OK);
    assert_int_equal(dw_extract_sentence(f->x, &d.doc, d.sent[1], &err), DW_OK);
    dw_event e = {0};
    assert_int_equal(dw_extract_event(f->x, &d.doc, 2, &e, &err), DW_EINVAL);
    dw_span bad = {5, 100000};
    assert_int_equal(dw_extract_sentence(f->x, &d.doc, bad, &err), DW_EINVAL);
}

/* ---- quantities, one case at a time --------------------------------------- */

static void test_overflow(void **state) {
    fixture *f = *state;
    dw_extract_stats before, after;
    dw_extractor_stats(f->x, &before);
    dw_event e;
    one(f, "2024-09-01",
        "The Taliban killed 99999999999999999999999999999999999999999 people, the ministry said.",
        "killed", &e);
    assert_int_equal(e.n_quantities, 0);
    dw_event_free(&e);
    one(f, "2024-09-01", "Iran imported $5000000000 trillion worth of fuel.", "imported", &e);
    assert_int_equal(e.n_quantities, 0);
    dw_event_free(&e);
    one(f, "2024-09-01", "Iran deported 1,000,000,000,000,000,000 Afghans and 2 trillion trillion more.",
        "deported", &e);
    assert_int_equal(e.n_quantities, 0);
    dw_event_free(&e);
    one(f, "2024-09-01", "Iran deported 999,999,999,999,999 Afghans.", "deported", &e);
    assert_int_equal(e.n_quantities, 1);
    assert_true(fabs(e.quantities[0].value - 999999999999999.0) < 1);
    dw_event_free(&e);
    dw_extractor_stats(f->x, &after);
    assert_true(after.overflowed_numbers - before.overflowed_numbers >= 4);
}

static void test_quantity_forms(void **state) {
    fixture *f = *state;
    dw_event e;
    const dw_quantity *q;
    one(f, "2024-09-01", "Clashes left between 84 and 103 people dead.", "left", &e);
    q = quantity(&e, "killed");
    assert_non_null(q);
    assert_true(q->value == 84 && q->has_low && q->low == 84 && q->high == 103);
    assert_string_equal(q->qualifier, "range");
    dw_event_free(&e);
    one(f, "2024-09-01", "Iran has expelled tens of thousands of Afghans.", "expelled", &e);
    q = quantity(&e, "deported");
    assert_non_null(q);
    assert_true(q->value == 10000);
    dw_event_free(&e);
    one(f, "2024-09-01", "Kabul said twenty-five Afghans were killed by Iranian guards.", "killed", &e);
    q = quantity(&e, "killed");
    assert_non_null(q);
    assert_true(q->value == 25);
    dw_event_free(&e);
    one(f, "2024-09-01", "Iran released 820 million cubic metres of water.", "released", &e);
    q = quantity(&e, "volume_m3");
    assert_non_null(q);
    assert_true(q->value == 820e6);
    dw_event_free(&e);
}

/* ---- places ---------------------------------------------------------------- */

static void test_gazetteer_lookup(void **state) {
    fixture *f = *state;
    dw_place p;
    assert_true(dw_gazetteer_count(f->gaz) > 600);
    assert_int_equal(dw_gazetteer_find(f->gaz, "Mazar-e Sharif", &p), 1);
    assert_string_equal(p.name, "Mazar-i-Sharif");
    assert_string_equal(p.country, "AFG");
    assert_string_equal(p.adm1, "Balkh");
    assert_true(fabs(p.lat - 36.709) < 0.01 && fabs(p.lon - 67.110) < 0.01);
    assert_int_equal(dw_gazetteer_find(f->gaz, "MASHHAD", &p), 1);
    assert_string_equal(p.precision, "city");
    assert_true(fabs(p.lat - 36.297) < 0.01 && fabs(p.lon - 59.606) < 0.01);
    assert_int_equal(dw_gazetteer_find(f->gaz, "Islam Qala", &p), 1);
    assert_string_equal(p.adm1, "Herat");
    assert_int_equal(dw_gazetteer_find(f->gaz, "Atlantis", &p), 0);
}

static void write_file(const char *path, const char *text) {
    test_write_file(path, text, strlen(text));
}

static void test_geonames(void **state) {
    (void)state;
    dw_error err = {0};
    dw_gazetteer *g = dw_gazetteer_new_default(&err);
    assert_non_null(g);
    size_t n0 = dw_gazetteer_count(g);
    char good[256], bad[256];
    snprintf(good, sizeof good, "%s/test_extract_geonames_good.txt", DW_BUILD_DIR);
    snprintf(bad, sizeof bad, "%s/test_extract_geonames_bad.txt", DW_BUILD_DIR);
    write_file(good,
               "1139715\tDoshi\tDoshi\tDoshi,Dushi\t35.6146\t68.6849\tP\tPPL\tAF\t\t03\t\t\t\t0\t\t"
               "1000\tAsia/Kabul\t2020-01-01\n"
               "1147707\tBaghlan Province\tBaghlan Province\t\t36.0\t68.75\tA\tADM1\tAF\t\t03\t\t\t\t"
               "900000\t\t700\tAsia/Kabul\t2020-01-01\n"
               "132144\tHamun-e Jaz Murian\tHamun-e Jaz Murian\tJaz Murian,Jazmurian\t27.35\t58.85\tH"
               "\tLK\tIR\t\t15\t\t\t\t0\t\t350\tAsia/Tehran\t2020-01-01\n");
    assert_int_equal(dw_gazetteer_load_geonames(g, good, &err), DW_OK);
    assert_int_equal(dw_gazetteer_count(g), n0 + 3);
    dw_place p;
    assert_int_equal(dw_gazetteer_find(g, "Dushi", &p), 1);
    assert_string_equal(p.name, "Doshi");
    assert_string_equal(p.country, "AFG");
    assert_string_equal(p.adm1, "Baghlan Province");
    assert_string_equal(p.precision, "city");
    assert_int_equal(dw_gazetteer_find(g, "Jaz Murian", &p), 1);
    assert_string_equal(p.precision, "point");

    write_file(bad,
               "# comment\n"
               "1139715\tDoshi\tDoshi\tDoshi\t35.6146\t68.6849\tP\tPPL\tAF\t\t03\t\t\t\t0\t\t1000\tAsia/Kabul\t2020-01-01\n"
               "1139716\tNowhere\tNowhere\t\t135.0\t68.0\tP\tPPL\tAF\t\t03\t\t\t\t0\t\t1000\tAsia/Kabul\t2020-01-01\n");
    assert_int_equal(dw_gazetteer_load_geonames(g, bad, &err), DW_EPARSE);
    assert_non_null(strstr(err.msg, "test_extract_geonames_bad.txt:3:"));
    assert_non_null(strstr(err.msg, "latitude"));
    assert_int_equal(dw_gazetteer_count(g), n0 + 3); /* all or nothing */

    write_file(bad, "1\tShort\tShort\n");
    assert_int_equal(dw_gazetteer_load_geonames(g, bad, &err), DW_EPARSE);
    assert_non_null(strstr(err.msg, ":1: expected 19"));
    assert_int_equal(dw_gazetteer_load_geonames(g, "/nonexistent/geonames.txt", &err), DW_EIO);
    remove(good);
    remove(bad);
    dw_gazetteer_free(g);
}

/* ---- tracks ------------------------------------------------------------------ */

/* Extracts sentence i of d for an event with this CAMEO code; returns its track. */
static const char *track_of(fixture *f, tdoc *d, size_t i, const char *verb, const char *cameo,
                            const char *arrived, char out[12]) {
    dw_event e;
    dw_error err = {0};
    assert_int_equal(dw_extract_sentence(f->x, &d->doc, d->sent[i], &err), DW_OK);
    memset(&e, 0, sizeof e);
    snprintf(e.cameo, sizeof e.cameo, "%s", cameo);
    snprintf(e.track, sizeof e.track, "%s", arrived);
    long a = find_word(d->text, d->sent[i].start, d->sent[i].end, verb, 1);
    assert_true(a >= 0);
    assert_int_equal(dw_extract_event(f->x, &d->doc, (uint32_t)a, &e, &err), DW_OK);
    snprintf(out, 12, "%s", e.track);
    dw_event_free(&e);
    return out;
}

static void test_tracks(void **state) {
    fixture *f = *state;
    static tdoc d;
    char t[12], dd[11];
    dw_error err = {0};
    tdoc_init(&d, "2023-05-30", "Iran and Taliban trade fire");
    tdoc_add(&d, "Iranian guards fired on Taliban forces near the Kamal Khan dam.");   /* 190 + dam */
    tdoc_add(&d, "The Taliban returned fire.");                                       /* context */
    tdoc_add(&d, "\xC2\xB6 Iran expelled 300 Afghans.");                              /* 174 */
    tdoc_add(&d, "Officials from both sides met at the Dogharoun crossing.");         /* place cue */
    tdoc_add(&d, "They signed a deal to increase trade.");                            /* economy */
    tdoc_add(&d, "Police seized drugs near the Helmand River.");                      /* nearest cue */
    assert_int_equal(dw_extract_begin(f->x, &d.doc, dd, &err), DW_OK);
    assert_string_equal(track_of(f, &d, 0, "fired", "190", "security", t), "water");
    assert_string_equal(track_of(f, &d, 1, "returned", "190", "security", t), "water");
    /* the code's default track, whatever the event arrived with */
    assert_string_equal(track_of(f, &d, 2, "expelled", "174", "security", t), "migration");
    /* "Dogharoun" is listed as a migration cue, but it only says where */
    assert_string_equal(track_of(f, &d, 3, "met", "036", "migration", t), "diplomacy");
    assert_string_equal(track_of(f, &d, 4, "signed", "036", "diplomacy", t), "economy");
    assert_string_equal(track_of(f, &d, 5, "seized", "1711", "security", t), "narcotics");
}

/* ---- the reference article -------------------------------------------------- */

/* Reads the sentence containing `needle` and extracts the event at `verb`. */
static bool seed_event(fixture *f, const dw_doc *doc, const dw_spans *sp, size_t *next,
                       const char *needle, const char *verb, dw_event *e) {
    const char *hit = strstr(doc->text, needle);
    assert_non_null(hit);
    uint32_t at = (uint32_t)(hit - doc->text);
    dw_error err = {0};
    for (; *next < sp->n; (*next)++) {
        dw_span s = sp->v[*next];
        assert_int_equal(dw_extract_sentence(f->x, doc, s, &err), DW_OK);
        if (at >= s.start && at < s.end) {
            long a = find_word(doc->text, s.start, s.end, verb, 1);
            assert_true(a >= 0);
            memset(e, 0, sizeof *e);
            assert_int_equal(dw_extract_event(f->x, doc, (uint32_t)a, e, &err), DW_OK);
            (*next)++;
            return true;
        }
    }
    return false;
}

static void test_seed_article(void **state) {
    fixture *f = *state;
    const char *path = shared_path("seed/000_3f6234b3212f12a8.txt");
    if (!path) skip();
    dw_buf b = {0};
    dw_error err = {0};
    assert_int_equal(dw_read_all(path, 1u << 22, &b, &err), DW_OK);
    dw_doc doc = {0};
    doc.id = "seed-000";
    doc.origin = "seed";
    doc.date = "2024-09-01";
    doc.text = b.data;
    doc.text_len = b.len;
    dw_spans sp = {0};
    assert_int_equal(dw_split_sentences(doc.text, doc.text_len, &sp, &err), DW_OK);
    char dd[11];
    assert_int_equal(dw_extract_begin(f->x, &doc, dd, &err), DW_OK);
    assert_string_equal(dd, "2024-09-01");
    size_t next = 0;
    dw_event e;
    const dw_quantity *q;

    assert_true(seed_event(f, &doc, &sp, &next, "when the Taliban took over Mazar", "killed", &e));
    assert_date(&e, "1997", "1997", "year");
    q = quantity(&e, "killed");
    assert_non_null(q);
    assert_true(q->value >= 9);
    assert_string_equal(q->qualifier, "at least");
    assert_true(e.has_location);
    assert_string_equal(e.location.name, "Mazar-i-Sharif");
    assert_string_equal(e.location.country, "AFG");
    assert_true(fabs(e.location.lat - 36.709) < 0.01 && fabs(e.location.lon - 67.110) < 0.01);
    dw_event_free(&e);

    assert_true(seed_event(f, &doc, &sp, &next, "270,000 Iranian troops", "stationed", &e));
    q = quantity(&e, "troops");
    assert_non_null(q);
    assert_true(q->value == 270000);
    assert_string_equal(q->qualifier, "about");
    assert_date(&e, "1997", "1997", "year"); /* carried from the killings */
    dw_event_free(&e);

    assert_true(seed_event(f, &doc, &sp, &next, "In February of the following year", "took", &e));
    assert_date(&e, "1999-02", "1999-02", "month");
    dw_event_free(&e);

    assert_true(seed_event(f, &doc, &sp, &next, "was killed in 2016", "killed", &e));
    assert_date(&e, "2016", "2016", "year");
    dw_event_free(&e);

    assert_true(seed_event(f, &doc, &sp, &next, "the Afghanistan consulate in Mashhad", "consulate", &e));
    assert_true(e.has_location);
    assert_string_equal(e.location.name, "Mashhad");
    assert_true(fabs(e.location.lat - 36.297) < 0.01 && fabs(e.location.lon - 59.606) < 0.01);
    assert_date(&e, "2024-09-01", "2024-09-01", "document"); /* "recently" */
    dw_event_free(&e);

    assert_true(seed_event(f, &doc, &sp, &next, "$243.3 million", "imported", &e));
    q = quantity(&e, "money_usd");
    assert_non_null(q);
    assert_true(q->value == 243300000);
    assert_date(&e, "2024-06", "2024-06", "month");
    assert_null(quantity(&e, "percent")); /* the 25% belongs to the next clause */
    dw_event_free(&e);

    assert_true(seed_event(f, &doc, &sp, &next, "violent border clashes occurred last year", "occurred", &e));
    assert_date(&e, "2023", "2023", "year");
    dw_event_free(&e);

    assert_true(seed_event(f, &doc, &sp, &next, "four percent of its water share", "receives", &e));
    q = quantity(&e, "percent");
    assert_non_null(q);
    assert_true(q->value == 4);
    dw_event_free(&e);

    assert_true(seed_event(f, &doc, &sp, &next, "killed dozens of returnees", "killed", &e));
    q = quantity(&e, "killed");
    assert_non_null(q);
    assert_true(q->value == 12);
    assert_string_equal(q->qualifier, "dozens");
    dw_event_free(&e);

    dw_spans_free(&sp);
    dw_buf_free(&b);
}

/* ---- cost -------------------------------------------------------------------- */

/* Not a benchmark: a guard that the per-sentence work stays cheap. */
static void test_throughput(void **state) {
    fixture *f = *state;
    static tdoc d;
    tdoc_init(&d, "2024-09-01", NULL);
    tdoc_add(&d, "In 1997, when the Taliban took over Mazar-i-Sharif in the north of Afghanistan, "
                 "they killed at least nine Iranian diplomats and a journalist at the country's "
                 "consulate there, sparking outrage in Iran.");
    tdoc_add(&d, "Afghanistan imported $243.3 million worth of goods from Iran in June 2024.");
    dw_error err = {0};
    char dd[11];
    int rounds = 20000;
    clock_t t0 = clock();
    for (int r = 0; r < rounds; r++) {
        assert_int_equal(dw_extract_begin(f->x, &d.doc, dd, &err), DW_OK);
        for (size_t i = 0; i < d.n; i++)
            assert_int_equal(dw_extract_sentence(f->x, &d.doc, d.sent[i], &err), DW_OK);
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    double rate = secs > 0 ? rounds * 2 / secs : 1e9;
    printf("extract: %.0f sentences/s (long sentences, this build)\n", rate);
    /* a floor far below the ~300k/s of an -O2 build, lower still under sanitizers */
#if defined(__SANITIZE_ADDRESS__)
    assert_true(rate > 2000);
#else
    assert_true(rate > 20000);
#endif
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sets),
        cmocka_unit_test(test_impossible_dates),
        cmocka_unit_test(test_weekdays),
        cmocka_unit_test(test_following_year_chain),
        cmocka_unit_test(test_carried_date),
        cmocka_unit_test(test_datelines),
        cmocka_unit_test(test_hostile_sentences),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_quantity_forms),
        cmocka_unit_test(test_gazetteer_lookup),
        cmocka_unit_test(test_geonames),
        cmocka_unit_test(test_tracks),
        cmocka_unit_test(test_seed_article),
        cmocka_unit_test(test_throughput),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
