/*
 * test_store.c — the SQLite store (store.h) and the dyad summary (analyze.h).
 *
 * Each test gets a fresh store (test_store_new), removed in teardown.
 * Events are built by hand (actors through dw_actor_parse_code), so these
 * tests depend on no dictionary or coder.  The corpus below is the
 * source of every expected count; change both together.
 */
#include <math.h>

#include "test_util.h"

/* ---- fixture ----------------------------------------------------------- */

static int setup(void **state) { return (*state = test_store_new("dw_store")) ? 0 : -1; }

static int teardown(void **state) {
    test_store_free(*state);
    return 0;
}

/* ---- building documents and events --------------------------------------- */

typedef struct ev_spec {
    const char *src, *tgt, *date, *cameo;
    int quad;
    double goldstein;
    dw_modality modality;
} ev_spec;

/* Fills one event; its id is a hash of the text and its ordinal, so that
 * different texts never share event ids. */
static void fill_event(dw_event *e, const char *doc_id, const char *text, size_t i,
                       const ev_spec *sp) {
    test_event(e, text, doc_id, i, sp->src, sp->tgt, sp->cameo);
    snprintf(e->date, sizeof e->date, "%s", sp->date);
    snprintf(e->date_precision, sizeof e->date_precision, "%s",
             strlen(sp->date) == 10 ? "day" : strlen(sp->date) == 7 ? "month" : "year");
    e->quad_class = sp->quad;
    e->goldstein = sp->goldstein;
    snprintf(e->track, sizeof e->track, "%s", "official");
    e->modality = sp->modality;
    e->confidence = 0.9;
}

/* Stores one document with one sentence per event; returns the status. */
static int add_doc(dw_store *s, const char *id, const char *text, const ev_spec *specs,
                   size_t n, dw_error *err) {
    dw_doc d = test_doc(id, "Test Wire", "1998-08-08", text);
    dw_spans spans = {0};
    dw_events events = {0};
    dw_span sv[16];
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++) {
        sv[i] = (dw_span){(uint32_t)(i * 10), (uint32_t)(i * 10 + 9)};
        dw_event *e = dw_events_push(&events);
        assert_non_null(e);
        fill_event(e, id, text, i, &specs[i]);
    }
    spans.v = sv;
    spans.n = spans.cap = n;
    int rc = dw_store_add_document(s, &d, &spans, &events, err);
    dw_events_free(&events);
    return rc;
}

#define A DW_ASSERTED
#define C DW_CLAIMED
#define N DW_NEGATED
#define H DW_HYPOTHETICAL

static const ev_spec D1[] = {
    {"IRN", "AFGINSTAL", "1997-05-10", "112", 3, -2.0, A},
    {"AFGINSTAL", "IRN", "1997-06-01", "042", 1, 1.9, C},
};
static const ev_spec D2[] = {
    {"AFGINSTAL", "IRNGOV", "1998-08-08", "186", 4, -10.0, A},
    {"IRNMIL", "AFGINSTAL", "1998-09-15", "150", 4, -7.2, A},
    {"IRN", "AFGINSTAL", "1998", "111", 3, -2.0, A},
    {"IRN", "AFGINSTAL", "1998-10-01", "190", 4, -10.0, N},
};
static const ev_spec D3[] = {
    {"IRN", "AFGINSTAL", "2000-03-01", "036", 1, 4.0, H},
    {"IRNGOV", "AFGINSTAL", "2001-02-03", "036", 1, 4.0, A},
};
static const ev_spec D4[] = {
    {"AFGGOVTAL", "IRNGOV", "2021-09-01", "036", 1, 4.0, A},
    {"PAK", "AFGINSTAL", "1999-01-01", "051", 1, 3.4, A},
    {"IRN", "USA", "1999-05-05", "111", 3, -2.0, A},
    {"AFGGOV", "IRN", "2002-01-01", "040", 1, 1.0, A},
    {"IRNGOV", "IRNMIL", "2021-09-02", "112", 3, -2.0, A},
};

#define NE(x) (sizeof(x) / sizeof *(x))
#define T1 "Iran warned the Taliban. The Taliban said it wants talks."
#define T2 "The Taliban killed Iranian diplomats in Mazar-i-Sharif."
#define T3 "Iran would hold talks with the Taliban."
#define T4 "Later reports."

static void add_corpus(dw_store *s) {
    dw_error err = {0};
    assert_int_equal(dw_store_begin(s, &err), DW_OK);
    assert_int_equal(add_doc(s, "d1", T1, D1, NE(D1), &err), DW_OK);
    assert_int_equal(add_doc(s, "d2", T2, D2, NE(D2), &err), DW_OK);
    assert_int_equal(add_doc(s, "d3", T3, D3, NE(D3), &err), DW_OK);
    assert_int_equal(add_doc(s, "d4", T4, D4, NE(D4), &err), DW_OK);
    assert_int_equal(dw_store_commit(s, &err), DW_OK);
}

#define CORPUS_EVENTS 13L

static dw_store_counts counts(dw_store *s) {
    dw_store_counts c;
    dw_error err = {0};
    assert_int_equal(dw_store_count(s, &c, &err), DW_OK);
    return c;
}

/* ---- collecting query results --------------------------------------------- */

#define MAX_GOT 32

typedef struct got {
    int n;
    char date[MAX_GOT][11];
    char src[MAX_GOT][32], tgt[MAX_GOT][32];
    dw_modality modality[MAX_GOT];
} got;

static int collect(const char *json, void *ud, dw_error *err) {
    got *g = ud;
    dw_event e;
    int rc = dw_event_from_json(json, strlen(json), &e, err);
    if (rc) return rc;
    if (g->n < MAX_GOT) {
        memcpy(g->date[g->n], e.date, sizeof e.date);
        memcpy(g->src[g->n], e.source.code, sizeof e.source.code);
        memcpy(g->tgt[g->n], e.target.code, sizeof e.target.code);
        g->modality[g->n] = e.modality;
    }
    g->n++;
    dw_event_free(&e);
    return 0;
}

static got query(dw_store *s, const char *a, const char *b, const char *from, const char *to,
                 int all) {
    got g = {0};
    dw_error err = {0};
    dw_event_query q = {a, b, from, to, all};
    int rc = dw_store_query_events(s, &q, collect, &g, &err);
    if (rc) fprintf(stderr, "query: %s\n", err.msg);
    assert_int_equal(rc, DW_OK);
    return g;
}

static int count_query(dw_store *s, const char *a, const char *b) {
    return query(s, a, b, NULL, NULL, 0).n;
}

/* ---- opening ------------------------------------------------------------- */

static void test_open_creates_schema(void **state) {
    test_store *f = *state;
    dw_store_counts c = counts(f->s);
    assert_int_equal(c.documents, 0);
    assert_int_equal(c.sentences, 0);
    assert_int_equal(c.events, 0);
    /* Version 2: reports (mentions) clustered into events, with rollups. */
    assert_int_equal(test_sql_long(f->s, "PRAGMA user_version"), 2);
    assert_int_equal(test_sql_long(f->s, "PRAGMA foreign_keys"), 1);
    assert_int_equal(test_sql_long(f->s, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                         " AND name IN ('documents', 'sentences', 'events',"
                                         " 'mentions', 'rollup_day', 'rollup_source')"),
                     6);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(dw_store_handle(f->s), "PRAGMA journal_mode", -1, &st,
                                        NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);

    /* Reopening an existing store keeps its contents. */
    dw_error err = {0};
    assert_int_equal(add_doc(f->s, "d1", T1, D1, NE(D1), &err), DW_OK);
    dw_store_close(f->s);
    f->s = NULL;
    assert_int_equal(dw_store_open(f->path, &f->s, &err), DW_OK);
    c = counts(f->s);
    assert_int_equal(c.documents, 1);
    assert_int_equal(c.sentences, 2);
    assert_int_equal(c.events, 2);
}

static void test_not_a_database(void **state) {
    test_store *f = *state;
    char p[300];
    snprintf(p, sizeof p, "%s/notdb.txt", f->dir);
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    for (int i = 0; i < 64; i++) fputs("this is a plain text file, not a database\n", fp);
    fclose(fp);
    dw_store *s = (dw_store *)&s; /* must be reset to NULL */
    dw_error err = {0};
    assert_int_equal(dw_store_open(p, &s, &err), DW_EDB);
    assert_null(s);
    assert_int_equal(err.code, DW_EDB);
    assert_non_null(strstr(err.msg, p));
    assert_non_null(strstr(err.msg, "not a database"));

    /* A directory cannot be opened either. */
    dw_error_clear(&err);
    assert_int_equal(dw_store_open(f->dir, &s, &err), DW_EDB);
    assert_null(s);
    assert_non_null(strstr(err.msg, f->dir));
}

static void test_foreign_database(void **state) {
    test_store *f = *state;
    char p[300];
    snprintf(p, sizeof p, "%s/other.db", f->dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE events (x); INSERT INTO events VALUES (1)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    dw_store *s = NULL;
    dw_error err = {0};
    assert_int_equal(dw_store_open(p, &s, &err), DW_EDB);
    assert_null(s);
    assert_non_null(strstr(err.msg, p));
    assert_non_null(strstr(err.msg, "not a dyadwatch database"));
}

/* ---- documents and transactions ------------------------------------------ */

static void test_has_document(void **state) {
    test_store *f = *state;
    dw_error err = {0};
    char h1[65], h2[65];
    dw_sha256_hex(T1, strlen(T1), h1);
    dw_sha256_hex(T2, strlen(T2), h2);
    int found = -1;
    assert_int_equal(dw_store_has_document(f->s, h1, &found, &err), DW_OK);
    assert_int_equal(found, 0);
    assert_int_equal(add_doc(f->s, "d1", T1, D1, NE(D1), &err), DW_OK);
    assert_int_equal(dw_store_has_document(f->s, h1, &found, &err), DW_OK);
    assert_int_equal(found, 1);
    assert_int_equal(dw_store_has_document(f->s, h2, &found, &err), DW_OK);
    assert_int_equal(found, 0);
}

static void test_rollback_restores(void **state) {
    test_store *f = *state;
    dw_error err = {0};
    add_corpus(f->s);
    dw_store_counts before = counts(f->s);
    assert_int_equal(before.documents, 4);
    assert_int_equal(before.events, CORPUS_EVENTS);
    assert_int_equal(before.sentences, CORPUS_EVENTS);

    static const ev_spec extra[] = {{"IRN", "PAK", "2003-01-01", "042", 1, 1.9, A}};
    assert_int_equal(dw_store_begin(f->s, &err), DW_OK);
    assert_int_equal(add_doc(f->s, "x", "A new text.", extra, 1, &err), DW_OK);
    assert_int_equal(counts(f->s).documents, 5);
    assert_int_equal(dw_store_rollback(f->s), DW_OK);

    dw_store_counts after = counts(f->s);
    assert_memory_equal(&before, &after, sizeof before);
    char h[65];
    int found = -1;
    dw_sha256_hex("A new text.", strlen("A new text."), h);
    assert_int_equal(dw_store_has_document(f->s, h, &found, &err), DW_OK);
    assert_int_equal(found, 0);
    assert_int_equal(count_query(f->s, "PAK", NULL), 1); /* only the corpus event */

    /* Rolling back with nothing open is harmless. */
    assert_int_equal(dw_store_rollback(f->s), DW_OK);
}

static void test_commit_persists(void **state) {
    test_store *f = *state;
    dw_error err = {0};
    add_corpus(f->s);
    dw_store_close(f->s);
    f->s = NULL;
    assert_int_equal(dw_store_open(f->path, &f->s, &err), DW_OK);
    dw_store_counts c = counts(f->s);
    assert_int_equal(c.documents, 4);
    assert_int_equal(c.events, CORPUS_EVENTS);
}

static void test_idempotent(void **state) {
    test_store *f = *state;
    dw_error err = {0};
    add_corpus(f->s);
    dw_store_counts before = counts(f->s);

    /* The same texts again, in and out of a transaction: nothing changes. */
    add_corpus(f->s);
    assert_int_equal(add_doc(f->s, "d2", T2, D2, NE(D2), &err), DW_OK);
    /* The hash is the identity: the same text under another id is skipped. */
    assert_int_equal(add_doc(f->s, "other-id", T1, D1, NE(D1), &err), DW_OK);
    dw_store_counts after = counts(f->s);
    assert_memory_equal(&before, &after, sizeof before);

    /* A different text that shares an id is a new document. */
    static const ev_spec one[] = {{"IRN", "PAK", "2003-01-01", "042", 1, 1.9, A}};
    assert_int_equal(add_doc(f->s, "d1", "A revised text.", one, 1, &err), DW_OK);
    after = counts(f->s);
    assert_int_equal(after.documents, before.documents + 1);
    assert_int_equal(after.events, before.events + 1);
    assert_int_equal(after.sentences, before.sentences + 1);
}

/* A document that fails part way is not stored, and the caller's
 * transaction stays usable. */
static void test_failed_document_is_undone(void **state) {
    test_store *f = *state;
    dw_error err = {0};
    dw_doc d = {0};
    d.id = (char *)"bad";
    d.text = (char *)"A text with a bad event.";
    d.text_len = strlen(d.text);
    dw_events es = {0};
    fill_event(dw_events_push(&es), "bad", d.text, 0, &D1[0]);
    dw_events_push(&es); /* second event: no id */

    assert_int_equal(dw_store_begin(f->s, &err), DW_OK);
    assert_int_equal(dw_store_add_document(f->s, &d, NULL, &es, &err), DW_EINVAL);
    assert_non_null(strstr(err.msg, "no id"));
    assert_int_equal(add_doc(f->s, "d1", T1, D1, NE(D1), &err), DW_OK);
    assert_int_equal(dw_store_commit(f->s, &err), DW_OK);
    dw_store_counts c = counts(f->s);
    assert_int_equal(c.documents, 1);
    assert_int_equal(c.events, 2);

    /* Outside a transaction too; the hash was computed from the text. */
    assert_int_equal(dw_store_add_document(f->s, &d, NULL, &es, &err), DW_EINVAL);
    assert_int_equal(counts(f->s).documents, 1);
    int found = -1;
    char h[65];
    dw_sha256_hex(d.text, d.text_len, h);
    assert_int_equal(dw_store_has_document(f->s, h, &found, &err), DW_OK);
    assert_int_equal(found, 0);
    dw_events_free(&es);
}

static void test_duplicate_event_id(void **state) {
    test_store *f = *state;
    dw_error err = {0};
    dw_doc d = {0};
    d.id = (char *)"dup";
    d.text = (char *)"Another text.";
    d.text_len = strlen(d.text);
    dw_events es = {0};
    fill_event(dw_events_push(&es), "d1", T1, 0, &D1[0]); /* same id as d1's first */
    assert_int_equal(add_doc(f->s, "d1", T1, D1, NE(D1), &err), DW_OK);
    assert_int_equal(dw_store_add_document(f->s, &d, NULL, &es, &err), DW_EDB);
    assert_non_null(strstr(err.msg, es.v[0].id));
    assert_non_null(strstr(err.msg, f->path));
    assert_int_equal(counts(f->s).documents, 1);
    dw_events_free(&es);
}

/* ---- queries ------------------------------------------------------------- */

static void test_query_dyad_both_directions(void **state) {
    test_store *f = *state;
    add_corpus(f->s);
    got g = query(f->s, "IRN", "TAL", NULL, NULL, 0);
    assert_int_equal(g.n, 7);
    static const char *const dates[] = {"1997-05-10", "1997-06-01", "1998",      "1998-08-08",
                                        "1998-09-15", "2001-02-03", "2021-09-01"};
    for (int i = 0; i < 7; i++) assert_string_equal(g.date[i], dates[i]);
    assert_string_equal(g.src[0], "IRN");
    assert_string_equal(g.tgt[0], "AFGINSTAL");
    assert_string_equal(g.src[1], "AFGINSTAL");
    assert_string_equal(g.tgt[1], "IRN");
    assert_string_equal(g.src[6], "AFGGOVTAL");

    got r = query(f->s, "TAL", "IRN", NULL, NULL, 0);
    assert_int_equal(r.n, 7);
    for (int i = 0; i < 7; i++) assert_string_equal(r.date[i], dates[i]);
    /* Countries: IRN with anything Afghan (AFGGOV too). */
    assert_int_equal(count_query(f->s, "IRN", "AFG"), 8);
    /* A role with a group: GOV→TAL and TAL→GOV. */
    assert_int_equal(count_query(f->s, "GOV", "TAL"), 3);
    /* An unknown key matches nothing. */
    assert_int_equal(count_query(f->s, "XYZ", NULL), 0);
    assert_int_equal(count_query(f->s, "IRN", "XYZ"), 0);
}

static void test_query_group_and_code(void **state) {
    test_store *f = *state;
    add_corpus(f->s);
    /* TAL selects AFGINSTAL and AFGGOVTAL alike. */
    got g = query(f->s, "TAL", NULL, NULL, NULL, 0);
    assert_int_equal(g.n, 8);
    int ins = 0, gov = 0;
    for (int i = 0; i < g.n; i++) {
        const char *side = strstr(g.src[i], "TAL") ? g.src[i] : g.tgt[i];
        ins += strcmp(side, "AFGINSTAL") == 0;
        gov += strcmp(side, "AFGGOVTAL") == 0;
    }
    assert_int_equal(ins, 7);
    assert_int_equal(gov, 1);
    /* A whole code selects only itself. */
    assert_int_equal(count_query(f->s, "AFGINSTAL", NULL), 7);
    assert_int_equal(count_query(f->s, "AFGGOVTAL", NULL), 1);
    /* Only b given works as a. */
    assert_int_equal(count_query(f->s, NULL, "AFGGOVTAL"), 1);
    /* An empty key selects everything, like dw_actor_matches. */
    assert_int_equal(count_query(f->s, "", NULL), 11);
}

static void test_query_role(void **state) {
    test_store *f = *state;
    add_corpus(f->s);
    assert_int_equal(count_query(f->s, "INS", NULL), 7);
    assert_int_equal(count_query(f->s, "GOV", NULL), 5);
    assert_int_equal(count_query(f->s, "MIL", NULL), 2);
    /* Two roles in one code: each selects it. */
    static const ev_spec two_roles[] = {{"IRNGOVMIL", "PAK", "2003-01-01", "042", 1, 1.9, A}};
    dw_error err = {0};
    assert_int_equal(add_doc(f->s, "x", "Two roles.", two_roles, 1, &err), DW_OK);
    assert_int_equal(count_query(f->s, "GOV", NULL), 6);
    assert_int_equal(count_query(f->s, "MIL", NULL), 3);
    assert_int_equal(count_query(f->s, "GOV", "PAK"), 1);
    /* A key with a comma is never a role, even if it is a run of roles. */
    assert_int_equal(count_query(f->s, "GOV,MIL", NULL), 0);
    assert_int_equal(count_query(f->s, "GOV,TAL", NULL), 0);
    assert_int_equal(count_query(f->s, "INS,", NULL), 0);
    /* Parts of a role or code do not match. */
    assert_int_equal(count_query(f->s, "IN", NULL), 0);
    assert_int_equal(count_query(f->s, "AFGINS", NULL), 0);
}

static void test_query_dates(void **state) {
    test_store *f = *state;
    add_corpus(f->s);
    /* The year-only event (all of 1998) overlaps August–December. */
    got g = query(f->s, "IRN", "TAL", "1998-08", "1998-12", 0);
    assert_int_equal(g.n, 3);
    assert_string_equal(g.date[0], "1998");
    assert_string_equal(g.date[1], "1998-08-08");
    assert_string_equal(g.date[2], "1998-09-15");
    assert_int_equal(query(f->s, "IRN", "TAL", "1998-09-01", NULL, 0).n, 4);
    assert_int_equal(query(f->s, "IRN", "TAL", NULL, "1997", 0).n, 2);
    assert_int_equal(query(f->s, "IRN", "TAL", "1997-05-10", "1997-05-10", 0).n, 1);
    assert_int_equal(query(f->s, NULL, NULL, "2021", NULL, 0).n, 2);
    assert_int_equal(query(f->s, NULL, NULL, "2030", NULL, 0).n, 0);
    assert_int_equal(query(f->s, "IRN", "TAL", "1999", "1998", 0).n, 0);

    dw_error err = {0};
    got none = {0};
    dw_event_query bad = {.from = "1998-13"};
    assert_int_equal(dw_store_query_events(f->s, &bad, collect, &none, &err), DW_EINVAL);
    assert_non_null(strstr(err.msg, "1998-13"));
    dw_event_query bad_to = {.to = "1998-02-30"};
    assert_int_equal(dw_store_query_events(f->s, &bad_to, collect, &none, &err), DW_EINVAL);
    assert_int_equal(none.n, 0);
}

static void test_query_modalities(void **state) {
    test_store *f = *state;
    add_corpus(f->s);
    got g = query(f->s, "IRN", "TAL", NULL, NULL, 0);
    for (int i = 0; i < g.n; i++)
        assert_true(g.modality[i] == DW_ASSERTED || g.modality[i] == DW_CLAIMED);
    got all = query(f->s, "IRN", "TAL", NULL, NULL, 1);
    assert_int_equal(all.n, 9);
    int negated = 0, hypothetical = 0;
    for (int i = 0; i < all.n; i++) {
        negated += all.modality[i] == DW_NEGATED;
        hypothetical += all.modality[i] == DW_HYPOTHETICAL;
    }
    assert_int_equal(negated, 1);
    assert_int_equal(hypothetical, 1);
    assert_int_equal(query(f->s, NULL, NULL, NULL, NULL, 0).n, 11);
    assert_int_equal(query(f->s, NULL, NULL, NULL, NULL, 1).n, CORPUS_EVENTS);
}

static int stop_after_two(const char *json, void *ud, dw_error *err) {
    (void)json;
    int *n = ud;
    if (++*n == 2) return dw_fail(err, DW_ELIMIT, "enough");
    return 0;
}

static void test_query_callback_stops(void **state) {
    test_store *f = *state;
    add_corpus(f->s);
    int n = 0;
    dw_error err = {0};
    assert_int_equal(dw_store_query_events(f->s, NULL, stop_after_two, &n, &err), DW_ELIMIT);
    assert_int_equal(n, 2);
    assert_string_equal(err.msg, "enough");
    /* The statement was reset: the same query runs again in full. */
    assert_int_equal(query(f->s, NULL, NULL, NULL, NULL, 0).n, 11);
}

static int keep_first(const char *json, void *ud, dw_error *err) {
    (void)err;
    dw_buf *b = ud;
    if (b->len == 0) dw_buf_adds(b, json);
    return 0;
}

static void test_record_round_trip(void **state) {
    test_store *f = *state;
    add_corpus(f->s);
    dw_buf b = {0};
    dw_error err = {0};
    dw_event_query q = {.a = "AFGGOVTAL"};
    assert_int_equal(dw_store_query_events(f->s, &q, keep_first, &b, &err), DW_OK);
    assert_non_null(b.data);
    dw_event e;
    assert_int_equal(dw_event_from_json(b.data, b.len, &e, &err), DW_OK);
    assert_string_equal(e.source.code, "AFGGOVTAL");
    assert_string_equal(e.source.group, "TAL");
    assert_string_equal(e.target.code, "IRNGOV");
    assert_string_equal(e.date, "2021-09-01");
    assert_string_equal(e.cameo, "036");
    assert_string_equal(e.doc, "d4");
    assert_int_equal(e.quad_class, 1);
    dw_event_free(&e);
    dw_buf_free(&b);
}

/* ---- dyad summary -------------------------------------------------------- */

static void assert_cell(const dw_dyad_cell *c, long events, long q1, long q2, long q3,
                        long q4, double goldstein) {
    assert_int_equal(c->events, events);
    assert_int_equal(c->quad[0], 0);
    assert_int_equal(c->quad[1], q1);
    assert_int_equal(c->quad[2], q2);
    assert_int_equal(c->quad[3], q3);
    assert_int_equal(c->quad[4], q4);
    assert_true(fabs(c->goldstein_sum - goldstein) < 1e-9);
}

static void assert_zero_row(const dw_dyad_row *r) {
    for (int d = 0; d < 3; d++) assert_cell(&r->dir[d], 0, 0, 0, 0, 0, 0.0);
}

static void test_dyad_by_year(void **state) {
    test_store *f = *state;
    add_corpus(f->s);
    dw_dyad_summary sum;
    dw_error err = {0};
    assert_int_equal(dw_dyad_summarize(f->s, "IRN", "TAL", DW_BY_YEAR, NULL, "2005", &sum, &err),
                     DW_OK);
    assert_int_equal(sum.n, 5);
    static const char *const years[] = {"1997", "1998", "1999", "2000", "2001"};
    for (int i = 0; i < 5; i++) assert_string_equal(sum.rows[i].period, years[i]);
    /* 1997: IRN→TAL quad 3 (-2.0); TAL→IRN quad 1 (1.9, claimed). */
    assert_cell(&sum.rows[0].dir[0], 1, 0, 0, 1, 0, -2.0);
    assert_cell(&sum.rows[0].dir[1], 1, 1, 0, 0, 0, 1.9);
    assert_cell(&sum.rows[0].dir[2], 2, 1, 0, 1, 0, -0.1);
    /* 1998: the negated event is not counted; the year-only one is. */
    assert_cell(&sum.rows[1].dir[0], 2, 0, 0, 1, 1, -9.2);
    assert_cell(&sum.rows[1].dir[1], 1, 0, 0, 0, 1, -10.0);
    assert_cell(&sum.rows[1].dir[2], 3, 0, 0, 1, 2, -19.2);
    /* 1999 has no event; 2000 only a hypothetical one. */
    assert_zero_row(&sum.rows[2]);
    assert_zero_row(&sum.rows[3]);
    assert_cell(&sum.rows[4].dir[0], 1, 1, 0, 0, 0, 4.0);
    assert_cell(&sum.rows[4].dir[1], 0, 0, 0, 0, 0, 0.0);
    assert_cell(&sum.total[0], 4, 1, 0, 2, 1, -7.2);
    assert_cell(&sum.total[1], 2, 1, 0, 0, 1, -8.1);
    assert_cell(&sum.total[2], 6, 2, 0, 2, 2, -15.3);
    dw_dyad_summary_free(&sum);
    assert_null(sum.rows);
    assert_int_equal(sum.n, 0);

    /* Open range: every year from 1997 to 2021. */
    assert_int_equal(dw_dyad_summarize(f->s, "IRN", "TAL", DW_BY_YEAR, NULL, NULL, &sum, &err),
                     DW_OK);
    assert_int_equal(sum.n, 25);
    assert_string_equal(sum.rows[24].period, "2021");
    assert_cell(&sum.rows[24].dir[1], 1, 1, 0, 0, 0, 4.0);
    for (int i = 5; i < 24; i++) assert_zero_row(&sum.rows[i]);
    assert_cell(&sum.total[0], 4, 1, 0, 2, 1, -7.2);
    assert_cell(&sum.total[1], 3, 2, 0, 0, 1, -4.1);
    dw_dyad_summary_free(&sum);

    /* Keys swapped: the directions swap. */
    assert_int_equal(dw_dyad_summarize(f->s, "TAL", "IRN", DW_BY_YEAR, NULL, NULL, &sum, &err),
                     DW_OK);
    assert_cell(&sum.total[0], 3, 2, 0, 0, 1, -4.1);
    assert_cell(&sum.total[1], 4, 1, 0, 2, 1, -7.2);
    dw_dyad_summary_free(&sum);
}

static void test_dyad_by_month(void **state) {
    test_store *f = *state;
    add_corpus(f->s);
    dw_dyad_summary sum;
    dw_error err = {0};
    assert_int_equal(
        dw_dyad_summarize(f->s, "IRN", "TAL", DW_BY_MONTH, "1998", "1998", &sum, &err), DW_OK);
    /* The year-only event has its own row, and adds no months. */
    assert_int_equal(sum.n, 3);
    assert_string_equal(sum.rows[0].period, "1998");
    assert_string_equal(sum.rows[1].period, "1998-08");
    assert_string_equal(sum.rows[2].period, "1998-09");
    assert_cell(&sum.rows[0].dir[0], 1, 0, 0, 1, 0, -2.0);
    assert_cell(&sum.rows[1].dir[1], 1, 0, 0, 0, 1, -10.0);
    assert_cell(&sum.rows[2].dir[0], 1, 0, 0, 0, 1, -7.2);
    dw_dyad_summary_free(&sum);

    /* Across years: zero months in the gaps, the year row before January. */
    assert_int_equal(
        dw_dyad_summarize(f->s, "IRN", "TAL", DW_BY_MONTH, "1997", "1998", &sum, &err), DW_OK);
    assert_int_equal(sum.n, 18);
    assert_string_equal(sum.rows[0].period, "1997-05");
    assert_string_equal(sum.rows[1].period, "1997-06");
    assert_string_equal(sum.rows[7].period, "1997-12");
    assert_string_equal(sum.rows[8].period, "1998");
    assert_string_equal(sum.rows[9].period, "1998-01");
    assert_string_equal(sum.rows[15].period, "1998-07");
    assert_string_equal(sum.rows[17].period, "1998-09");
    for (int i = 2; i < 8; i++) assert_zero_row(&sum.rows[i]);
    for (int i = 9; i < 16; i++) assert_zero_row(&sum.rows[i]);
    for (size_t i = 1; i < sum.n; i++)
        assert_true(strcmp(sum.rows[i - 1].period, sum.rows[i].period) < 0);
    assert_cell(&sum.total[2], 5, 1, 0, 2, 2, -19.3);
    dw_dyad_summary_free(&sum);
}

static void test_dyad_edge_cases(void **state) {
    test_store *f = *state;
    dw_dyad_summary sum;
    dw_error err = {0};
    /* Empty store: no rows. */
    assert_int_equal(dw_dyad_summarize(f->s, "IRN", "TAL", DW_BY_YEAR, NULL, NULL, &sum, &err),
                     DW_OK);
    assert_int_equal(sum.n, 0);
    assert_int_equal(sum.total[2].events, 0);
    dw_dyad_summary_free(&sum);

    add_corpus(f->s);
    /* Both sides match both keys: counted as A→B. */
    assert_int_equal(dw_dyad_summarize(f->s, "IRN", "IRN", DW_BY_YEAR, NULL, NULL, &sum, &err),
                     DW_OK);
    assert_int_equal(sum.n, 1);
    assert_string_equal(sum.rows[0].period, "2021");
    assert_cell(&sum.rows[0].dir[0], 1, 0, 0, 1, 0, -2.0);
    assert_cell(&sum.rows[0].dir[1], 0, 0, 0, 0, 0, 0.0);
    dw_dyad_summary_free(&sum);

    /* Errors. */
    assert_int_equal(dw_dyad_summarize(f->s, "IRN", NULL, DW_BY_YEAR, NULL, NULL, &sum, &err),
                     DW_EINVAL);
    assert_null(sum.rows);
    assert_int_equal(
        dw_dyad_summarize(f->s, "IRN", "TAL", DW_BY_YEAR, "98", NULL, &sum, &err), DW_EINVAL);
    assert_non_null(strstr(err.msg, "'98'"));
    assert_int_equal(
        dw_dyad_summarize(f->s, "IRN", "TAL", (dw_period)7, NULL, NULL, &sum, &err), DW_EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_creates_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_has_document, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback_restores, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_persists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_document_is_undone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_event_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_dyad_both_directions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_group_and_code, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_role, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_modalities, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_callback_stops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dyad_by_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dyad_by_month, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dyad_edge_cases, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
