/*
 * test_analysis.c — clustering, rollups, series, change-points, alerts and
 * the dual track (analyze.h, series.h), with known answers.
 *
 *   clustering    three reports of one clash (three documents) are one event
 *                 with three mentions, three sources and the disputed toll and
 *                 direction; the rules one by one; a version-1 file migrates.
 *   rollups       after random ingests (and rolled-back ones) the rollup
 *                 tables equal a recount from the events and mentions, and
 *                 every series equals a brute-force count from the events.
 *   change-points PELT and BOCPD find planted changes within one period (the
 *                 rate over seeded replicates is printed); the Nile flow
 *                 (1899) and the coal-mining disasters (~1891) are found.
 *   alerts        ACLED bands at their edges; a planted surge; the dual track.
 *   command       changes --series on a CSV; bad input gives messages.
 *
 * Each store is a fresh one (test_store_new), removed in teardown.
 */
#include <math.h>

#include "test_util.h"
#include "analyze/cluster.h"

/* ---- fixture ------------------------------------------------------------------- */

static int setup(void **state) { return (*state = test_store_new("dw_analysis")) ? 0 : -1; }

static int teardown(void **state) {
    test_store_free(*state);
    return 0;
}

/* ---- building reports ------------------------------------------------------------ */

typedef struct place {
    const char *country, *adm1, *precision;
    double lat, lon;
} place;

typedef struct spec {
    const char *src, *tgt, *date, *cameo;
    int quad;
    double goldstein;
    const char *track;
    dw_modality modality;
    const place *where;     /* NULL: no location */
    double killed;          /* < 0: none */
    double killed_low, killed_high;
    const char *precision;  /* NULL: from the date's length */
    const char *date_end;   /* NULL: none */
} spec;

/* The PLOVER type the coder gives each CAMEO base used here (data/cameo.tsv). */
static const char *plover_of(const char *cameo) {
    static const char *const map[][2] = {{"190", "ASSAULT"}, {"193", "ASSAULT"},
                                         {"186", "ASSAULT"}, {"182", "ASSAULT"},
                                         {"040", "CONSULT"}, {"042", "CONSULT"},
                                         {"046", "CONSULT"}, {"061", "COOPERATE"},
                                         {"057", "SUPPORT"}, {"111", "ACCUSE"},
                                         {"173", "COERCE"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strncmp(cameo, map[i][0], 3) == 0) return map[i][1];
    return "";
}

static void fill_event(dw_event *e, const char *doc_id, size_t i, const spec *sp) {
    test_event(e, doc_id, doc_id, i, sp->src, sp->tgt, sp->cameo);
    char buf[256];
    snprintf(buf, sizeof buf, "Report %zu of %s.", i, doc_id);
    e->text = dw_strdup(buf);
    snprintf(e->date, sizeof e->date, "%s", sp->date);
    size_t n = strlen(sp->date);
    snprintf(e->date_precision, sizeof e->date_precision, "%s",
             sp->precision ? sp->precision : n == 10 ? "day" : n == 7 ? "month" : "year");
    if (sp->date_end) snprintf(e->date_end, sizeof e->date_end, "%s", sp->date_end);
    snprintf(e->plover_type, sizeof e->plover_type, "%s", plover_of(sp->cameo));
    e->quad_class = sp->quad;
    e->goldstein = sp->goldstein;
    snprintf(e->track, sizeof e->track, "%s", sp->track ? sp->track : "security");
    e->modality = sp->modality;
    e->confidence = 0.8;
    if (sp->where) {
        e->has_location = 1;
        e->location.name = dw_strdup("somewhere");
        snprintf(e->location.country, sizeof e->location.country, "%s", sp->where->country);
        e->location.adm1 = sp->where->adm1 ? dw_strdup(sp->where->adm1) : NULL;
        e->location.lat = sp->where->lat;
        e->location.lon = sp->where->lon;
        snprintf(e->location.precision, sizeof e->location.precision, "%s",
                 sp->where->precision);
    }
    if (sp->killed >= 0) {
        dw_quantity *q = &e->quantities[e->n_quantities++];
        snprintf(q->key, sizeof q->key, "killed");
        q->value = sp->killed;
        q->low = sp->killed_low;
        q->high = sp->killed_high;
        q->has_low = sp->killed_low > 0 && sp->killed_low != sp->killed;
        q->has_high = sp->killed_high > 0 && sp->killed_high != sp->killed;
    }
}

static int add_doc(dw_store *s, const char *id, const char *source, const spec *specs, size_t n,
                   dw_error *err) {
    char text[256];
    snprintf(text, sizeof text, "Document %s from %s.", id, source ? source : "nowhere");
    dw_doc d = test_doc(id, source, "2023-06-01", text);
    dw_events events = {0};
    for (size_t i = 0; i < n; i++) fill_event(dw_events_push(&events), id, i, &specs[i]);
    int rc = dw_store_add_document(s, &d, NULL, &events, err);
    dw_events_free(&events);
    return rc;
}

#define NE(x) (sizeof(x) / sizeof *(x))
#define A DW_ASSERTED
#define NONE -1, 0, 0

/* ---- clustering ------------------------------------------------------------------ */

static const place NIMRUZ = {"AFG", "Nimruz", "city", 30.95, 61.86};    /* Zaranj */
static const place NIMRUZ_EAST = {"AFG", "Nimruz", "point", 31.02, 62.05}; /* ~20 km */
static const place HERAT = {"AFG", "Herat", "city", 34.35, 62.20};
static const place SISTAN = {"IRN", "Sistan and Baluchestan", "city", 31.03, 61.50};

static void test_cluster_rules(void **state) {
    (void)state;
    dw_cl_report a = {0}, b = {0};
    a.dated = b.dated = 1;
    a.cameo = "193";
    b.cameo = "1931";
    a.first = a.last = b.first = b.last = 19504;
    assert_true(dw_cl_codes_match(&a, &b));
    b.cameo = "190";
    assert_false(dw_cl_codes_match(&a, &b));
    a.plover = b.plover = "ASSAULT";
    assert_true(dw_cl_codes_match(&a, &b)); /* same PLOVER type */
    b.plover = "";
    assert_false(dw_cl_codes_match(&a, &b));

    /* Days: one day apart matches, two do not; a month holds its days. */
    b.first = b.last = 19505;
    assert_true(dw_cl_dates_match(&a, &b));
    b.first = b.last = 19506;
    assert_false(dw_cl_dates_match(&a, &b));
    b.first = dw_date_days("2023-05", 7, 1);
    b.last = dw_date_days("2023-05", 7, 0);
    a.first = a.last = dw_date_days("2023-05-27", 10, 1);
    assert_true(dw_cl_dates_match(&a, &b));
    a.first = a.last = dw_date_days("2023-06-02", 10, 1);
    assert_false(dw_cl_dates_match(&a, &b));
    /* Years overlap at their precision only. */
    a.first = dw_date_days("1997", 4, 1), a.last = dw_date_days("1997", 4, 0);
    b.first = dw_date_days("1998", 4, 1), b.last = dw_date_days("1998", 4, 0);
    assert_false(dw_cl_dates_match(&a, &b));
    /* A document date stands for the week before it. */
    a.first = a.last = dw_date_days("2023-05-27", 10, 1);
    b.first = b.last = dw_date_days("2023-06-01", 10, 1);
    b.document = 1;
    assert_true(dw_cl_dates_match(&a, &b));
    b.first = b.last = dw_date_days("2023-06-05", 10, 1);
    assert_false(dw_cl_dates_match(&a, &b));
    b.dated = 0;
    assert_false(dw_cl_dates_match(&a, &b));

    /* Places. */
    dw_cl_report p = {0}, q = {0};
    assert_true(dw_cl_places_match(&p, &q)); /* neither has one */
    p.loc_rank = DW_LOC_CITY, p.loc_country = "AFG", p.loc_adm1 = "Nimruz";
    p.lat = NIMRUZ.lat, p.lon = NIMRUZ.lon;
    assert_true(dw_cl_places_match(&p, &q)); /* one lacks one */
    q = p;
    q.loc_rank = DW_LOC_POINT, q.lat = NIMRUZ_EAST.lat, q.lon = NIMRUZ_EAST.lon;
    assert_true(dw_cl_places_match(&p, &q));
    q.loc_adm1 = "Herat", q.lat = HERAT.lat, q.lon = HERAT.lon; /* ~380 km, other province */
    assert_false(dw_cl_places_match(&p, &q));
    q.loc_adm1 = "Nimruz"; /* same province, far apart: the adm1 rule holds */
    assert_true(dw_cl_places_match(&p, &q));
    q.loc_country = "IRN", q.loc_adm1 = "Sistan and Baluchestan";
    q.lat = SISTAN.lat, q.lon = SISTAN.lon;
    assert_false(dw_cl_places_match(&p, &q)); /* another country, 35 km away */
    q.loc_country = "AFG", q.loc_adm1 = NULL, q.loc_rank = DW_LOC_COUNTRY;
    assert_true(dw_cl_places_match(&p, &q)); /* the country alone cannot say no */
    double km = dw_cl_km(NIMRUZ.lat, NIMRUZ.lon, NIMRUZ_EAST.lat, NIMRUZ_EAST.lon);
    assert_true(km > 15 && km < 25);

    /* Symmetric codes. */
    assert_true(dw_cl_symmetric("190"));
    assert_true(dw_cl_symmetric("1931"));
    assert_true(dw_cl_symmetric("040"));
    assert_true(dw_cl_symmetric("057"));
    assert_false(dw_cl_symmetric("042"));
    assert_false(dw_cl_symmetric("195"));
    assert_false(dw_cl_symmetric(""));
    assert_false(dw_cl_symmetric(NULL));

    assert_int_equal(dw_cl_prec_class(0, 0, 0), 0);
    assert_int_equal(dw_cl_prec_class(0, 30, 0), 2);
    assert_int_equal(dw_cl_prec_class(0, 364, 0), 4);
    assert_int_equal(dw_cl_prec_class(0, 0, 1), 1);
}

/* Three documents report the 27 May 2023 border clash; they disagree on
 * the toll and on who fired first.  Other reports of the same days are
 * other events. */
static void test_three_reports_one_event(void **state) {
    test_store *f = *state;
    dw_error err = {0};
    static const spec reuters[] = {
        {"IRNCOP", "AFGGOVTAL", "2023-05-27", "193", 4, -10, "security", A, &NIMRUZ, 2, 2, 2, NULL, NULL},
        /* A different event that day: a visit, not a clash. */
        {"IRNGOV", "AFGGOVTAL", "2023-05-27", "042", 1, 1.9, "diplomacy", A, NULL, NONE, NULL, NULL},
    };
    static const spec ap[] = {
        {"AFGGOVTAL", "IRNMIL", "2023-05-27", "190", 4, -10, "security", A, &NIMRUZ_EAST, 3, 3, 5,
         NULL, NULL},
    };
    static const spec irna[] = {
        {"IRN", "AFGGOVTAL", "2023-05", "190", 4, -10, "security", DW_CLAIMED, NULL, NONE, NULL, NULL},
        /* The same day and code but in Herat: another clash. */
        {"IRNCOP", "AFGGOVTAL", "2023-05-27", "193", 4, -10, "security", A, &HERAT, NONE, NULL, NULL},
        /* Ten days later: another clash. */
        {"IRNCOP", "AFGGOVTAL", "2023-06-06", "193", 4, -10, "security", A, &NIMRUZ, 1, 1, 1, NULL, NULL},
        /* A denial is not a report of the event. */
        {"IRNCOP", "AFGGOVTAL", "2023-05-27", "193", 4, -10, "security", DW_NEGATED, NULL, NONE,
         NULL, NULL},
    };
    assert_int_equal(dw_store_begin(f->s, &err), DW_OK);
    assert_int_equal(add_doc(f->s, "reuters-1", "Reuters", reuters, NE(reuters), &err), DW_OK);
    assert_int_equal(add_doc(f->s, "ap-1", "AP", ap, NE(ap), &err), DW_OK);
    assert_int_equal(add_doc(f->s, "irna-1", "IRNA", irna, NE(irna), &err), DW_OK);
    assert_int_equal(dw_store_commit(f->s, &err), DW_OK);

    dw_store_counts c;
    assert_int_equal(dw_store_count(f->s, &c, &err), DW_OK);
    assert_int_equal(c.mentions, 7);
    assert_int_equal(c.events, 5); /* clash, visit, Herat clash, June clash, denial */

    dw_event_filter flt = {.a = "IRN", .b = "TAL", .track = DW_TRACK_SECURITY, .dir = DW_DIR_BOTH};
    flt.from = "2023-05-27";
    flt.to = "2023-05-27";
    dw_event_list l = {0};
    assert_int_equal(dw_events_select(f->s, &flt, DW_ORDER_IMPORTANCE, 10, &l, &err), DW_OK);
    assert_int_equal(l.n, 2); /* the clash and the Herat clash (the denial is not counted) */
    const dw_event_info *e = &l.v[0];
    assert_int_equal(e->mentions, 3);
    assert_int_equal(e->sources, 3);
    assert_string_equal(e->date, "2023-05-27");
    assert_int_equal(e->modality, DW_ASSERTED);
    assert_true(e->has_killed);
    assert_true(e->killed == 2 && e->killed_low == 2 && e->killed_high == 5); /* conservative */
    assert_int_equal(e->disputed, DW_DISPUTE_KILLED | DW_DISPUTE_DIRECTION);
    assert_int_equal(l.v[1].mentions, 1);

    dw_mention_list ml = {0};
    assert_int_equal(dw_event_mentions(f->s, e->id, &ml, &err), DW_OK);
    assert_int_equal(ml.n, 3);
    assert_string_equal(ml.v[0].doc, "reuters-1");
    assert_string_equal(ml.v[0].source, "Reuters");
    assert_string_equal(ml.v[1].doc, "ap-1");
    assert_string_equal(ml.v[2].source, "IRNA");
    assert_string_equal(ml.v[2].date, "2023-05");
    assert_string_equal(ml.v[1].src, "AFGGOVTAL");
    assert_int_equal(ml.v[1].span_end, 9);
    assert_string_equal(ml.v[0].text, "Report 0 of reuters-1.");
    dw_mention_list_free(&ml);

    dw_version_list vl = {0};
    assert_int_equal(dw_event_versions(f->s, e->id, &vl, &err), DW_OK);
    int killed = 0, direction = 0;
    for (size_t i = 0; i < vl.n; i++) {
        if (vl.v[i].field == DW_DISPUTE_KILLED) {
            killed++;
            if (strcmp(vl.v[i].value, "2") == 0) assert_string_equal(vl.v[i].sources, "Reuters");
            else assert_string_equal(vl.v[i].value, "3 (3–5)");
        }
        if (vl.v[i].field == DW_DISPUTE_DIRECTION) {
            direction++;
            if (strcmp(vl.v[i].value, "IRN→AFGTAL") == 0) {
                assert_int_equal(vl.v[i].mentions, 2);
                assert_string_equal(vl.v[i].sources, "Reuters, IRNA");
            } else {
                assert_string_equal(vl.v[i].value, "AFGTAL→IRN");
            }
        }
    }
    assert_int_equal(killed, 2);
    assert_int_equal(direction, 2);
    dw_version_list_free(&vl);
    dw_event_list_free(&l);

    /* The series counts one event with its three reports and sources. */
    dw_series_opts so = {.a = "IRN", .b = "TAL", .unit = DW_UNIT_DAY, .from = "2023-05-27",
                         .to = "2023-05-27", .track = DW_TRACK_SECURITY};
    dw_series s;
    assert_int_equal(dw_series_build(f->s, &so, &s, &err), DW_OK);
    assert_int_equal(s.n, 1);
    const dw_series_cell *cell = &s.rows[0].dir[DW_DIR_BOTH];
    assert_int_equal(cell->events, 2);
    assert_int_equal(cell->mentions, 4);
    assert_int_equal(cell->sources, 3);
    assert_int_equal(cell->killed_events, 1);
    assert_true(cell->killed == 2 && cell->killed_high == 5);
    dw_series_free(&s);

}

static int keep_records(const char *json, void *ud, dw_error *err) {
    (void)err;
    dw_buf *b = ud;
    dw_buf_adds(b, json);
    dw_buf_addc(b, '\n');
    return 0;
}

static void test_event_records(void **state) {
    test_store *f = *state;
    dw_error err = {0};
    static const spec one[] = {
        {"IRNCOP", "AFGGOVTAL", "2023-05-27", "193", 4, -10, "security", A, &NIMRUZ, 2, 2, 2, NULL, NULL}};
    static const spec two[] = {
        {"AFGGOVTAL", "IRNCOP", "2023-05-28", "193", 4, -10, "security", A, &NIMRUZ, NONE, NULL, NULL}};
    assert_int_equal(add_doc(f->s, "a", "Reuters", one, 1, &err), DW_OK);
    assert_int_equal(add_doc(f->s, "b", NULL, two, 1, &err), DW_OK);
    dw_buf b = {0};
    assert_int_equal(dw_store_query_events(f->s, NULL, keep_records, &b, &err), DW_OK);
    assert_non_null(b.data);
    assert_non_null(strstr(b.data, "\"mentions\":2,\"sources\":2,\"disputed\":[\"date\","
                                   "\"direction\"]}\n"));
    assert_null(strchr(strchr(b.data, '\n') + 1, '\n')); /* one line */
    dw_event e;
    assert_int_equal(dw_event_from_json(b.data, strlen(b.data) - 1, &e, &err), DW_OK);
    assert_string_equal(e.date, "2023-05-27"); /* the first of equally precise reports */
    dw_event_free(&e);
    dw_buf_free(&b);
}

/* Ten rules in one store: what must stay apart does. */
static void test_cluster_apart(void **state) {
    test_store *f = *state;
    dw_error err = {0};
    static const spec d[] = {
        /* Visits are directed: A visiting B is not B visiting A. */
        {"IRNGOV", "AFGGOVTAL", "2023-01-10", "042", 1, 1.9, "diplomacy", A, NULL, NONE, NULL, NULL},
        {"AFGGOVTAL", "IRNGOV", "2023-01-10", "042", 1, 1.9, "diplomacy", A, NULL, NONE, NULL, NULL},
        /* Talks are symmetric: one event. */
        {"IRNGOV", "AFGGOVTAL", "2023-02-10", "046", 1, 7, "diplomacy", A, NULL, NONE, NULL, NULL},
        {"AFGGOVTAL", "IRN", "2023-02-10", "046", 1, 7, "diplomacy", A, NULL, NONE, NULL, NULL},
        /* Another dyad. */
        {"PAKGOV", "AFGGOVTAL", "2023-02-10", "046", 1, 7, "diplomacy", A, NULL, NONE, NULL, NULL},
        /* Years 1997 and 1998 do not overlap. */
        {"AFGINSTAL", "IRNGOV", "1997", "186", 4, -10, "security", A, NULL, NONE, NULL, NULL},
        {"AFGINSTAL", "IRNGOV", "1998", "186", 4, -10, "security", A, NULL, NONE, NULL, NULL},
        /* Hypothetical reports cluster only with their kind. */
        {"IRNMIL", "AFGINSTAL", "1998-09-15", "190", 4, -10, "security", DW_HYPOTHETICAL, NULL,
         NONE, NULL, NULL},
        {"IRNMIL", "AFGINSTAL", "1998-09-15", "190", 4, -10, "security", DW_HYPOTHETICAL, NULL,
         NONE, NULL, NULL},
        {"IRNMIL", "AFGINSTAL", "1998-09-15", "190", 4, -10, "security", A, NULL, NONE, NULL, NULL},
        /* No date: never clustered. */
        {"IRNMIL", "AFGINSTAL", "", "190", 4, -10, "security", A, NULL, NONE, NULL, NULL},
        {"IRNMIL", "AFGINSTAL", "", "190", 4, -10, "security", A, NULL, NONE, NULL, NULL},
    };
    assert_int_equal(add_doc(f->s, "d", "Wire", d, NE(d), &err), DW_OK);
    dw_store_counts c;
    assert_int_equal(dw_store_count(f->s, &c, &err), DW_OK);
    assert_int_equal(c.mentions, 12);
    assert_int_equal(c.events, 10);
    /* Talks reported both ways in one document: no dispute about direction
     * (and talks are not a conflict anyway). */
    assert_int_equal(test_sql_long(f->s, "SELECT count(*) FROM events WHERE disputed <> 0"), 0);
    assert_int_equal(test_sql_long(f->s, "SELECT mentions FROM events WHERE cameo = '046'"
                                    " AND src_country = 'IRN'"),
                     2);
    assert_int_equal(test_sql_long(f->s, "SELECT count(*) FROM rollup_day"
                                    " WHERE day IS NULL"),
                     0);
}

/* ---- rollups equal a recount ---------------------------------------------------- */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r) {
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return r->s;
}

static size_t pick(rng *r, size_t n) { return (size_t)(next(r) % n); }
static double uniform(rng *r) { return (double)(next(r) >> 11) * (1.0 / 9007199254740992.0); }

static const char *const ACTORS[] = {"IRN",       "IRNGOV", "IRNMIL", "IRNCOP", "AFGINSTAL",
                                     "AFGGOVTAL", "PAK",    "PAKMIL", "USA",    "AFGGOV"};
static const char *const CODES[] = {"190", "193", "042", "040", "061", "111", "173", "1823", "057"};
static const int CODE_QUAD[] = {4, 4, 1, 1, 2, 3, 4, 4, 1};
static const double CODE_G[] = {-10, -10, 1.9, 1, 6.4, -2, -9.2, -9, 8};
static const char *const TRACKS[] = {"security", "diplomacy", "economy", "water", "narcotics",
                                     "migration", "ideology", "other", "official", ""};
static const char *const SOURCES[] = {"Reuters", "AP", "AFP", "IRNA", "Tolo", NULL};
static const place *const PLACES[] = {&NIMRUZ, &NIMRUZ_EAST, &HERAT, &SISTAN, NULL, NULL};

static void random_spec(rng *r, spec *sp, char *date, char *date_end) {
    memset(sp, 0, sizeof *sp);
    sp->src = ACTORS[pick(r, NE(ACTORS))];
    do sp->tgt = ACTORS[pick(r, NE(ACTORS))];
    while (sp->tgt == sp->src);
    size_t c = pick(r, NE(CODES));
    sp->cameo = CODES[c];
    sp->quad = CODE_QUAD[c];
    sp->goldstein = CODE_G[c];
    sp->track = TRACKS[pick(r, NE(TRACKS))];
    size_t m = pick(r, 20);
    sp->modality = m < 14 ? DW_ASSERTED : m < 17 ? DW_CLAIMED : m < 19 ? DW_NEGATED
                                                                       : DW_HYPOTHETICAL;
    sp->where = PLACES[pick(r, NE(PLACES))];
    sp->killed = -1;
    if (pick(r, 3) == 0) {
        sp->killed = (double)pick(r, 6);
        sp->killed_low = sp->killed;
        sp->killed_high = sp->killed + (double)pick(r, 3);
    }
    /* Few days, so reports collide and cluster often. */
    int32_t day = dw_date_days("2021-01-01", 10, 1) + (int32_t)pick(r, 120);
    char iso[DW_LABEL_MAX];
    dw_day_iso(day, iso);
    size_t p = pick(r, 20);
    if (p < 13) snprintf(date, 11, "%.10s", iso);
    else if (p < 16) snprintf(date, 11, "%.7s", iso);
    else if (p < 17) snprintf(date, 11, "%.4s", iso);
    else if (p < 18) snprintf(date, 11, "%.10s", iso), sp->precision = "document";
    else if (pick(r, 2)) { /* a range over a year and a half */
        snprintf(date, 11, "%.10s", iso);
        dw_day_iso(day + 500, iso);
        snprintf(date_end, 11, "%.10s", iso);
        sp->date_end = date_end;
        sp->precision = "range";
    } else {
        date[0] = '\0';
    }
    sp->date = date;
}

static void random_ingest(dw_store *s, rng *r, int docs, int first_doc, int commit) {
    dw_error err = {0};
    assert_int_equal(dw_store_begin(s, &err), DW_OK);
    for (int d = 0; d < docs; d++) {
        spec specs[8];
        char dates[8][11], ends[8][11];
        size_t n = 1 + pick(r, 7);
        for (size_t i = 0; i < n; i++) random_spec(r, &specs[i], dates[i], ends[i]);
        char id[32];
        snprintf(id, sizeof id, "doc-%d", first_doc + d);
        int rc = add_doc(s, id, SOURCES[pick(r, NE(SOURCES))], specs, n, &err);
        if (rc) fprintf(stderr, "%s\n", err.msg);
        assert_int_equal(rc, DW_OK);
    }
    if (commit) assert_int_equal(dw_store_commit(s, &err), DW_OK);
    else assert_int_equal(dw_store_rollback(s), DW_OK);
}

/* Rows of a in b, matched on every column (reals rounded). */
#define DAY_RECOUNT                                                                        \
    "SELECT src_actor, tgt_actor, day_first, track_id,"                                    \
    " CASE WHEN quad_class BETWEEN 0 AND 4 THEN quad_class ELSE 0 END,"                    \
    " CASE modality WHEN 'asserted' THEN 0 WHEN 'negated' THEN 1 WHEN 'hypothetical' THEN 2" \
    "  ELSE 3 END,"                                                                        \
    " CASE WHEN date_precision IS 'document' THEN 1 WHEN day_last = day_first THEN 0"      \
    "  WHEN day_last - day_first < 7 THEN 1 WHEN day_last - day_first < 31 THEN 2"         \
    "  WHEN day_last - day_first < 92 THEN 3 WHEN day_last - day_first < 366 THEN 4"       \
    "  ELSE 5 END AS prec,"                                                                \
    " count(*), sum(mentions), round(total(goldstein), 6), round(total(killed), 6),"       \
    " round(total(killed_low), 6), round(total(killed_high), 6), count(killed)"            \
    " FROM events WHERE day_first IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7"
#define DAY_ROLLUP                                                                         \
    "SELECT src, tgt, day, track, quad, modality, prec, events, mentions, round(goldstein, 6)," \
    " round(killed, 6), round(killed_low, 6), round(killed_high, 6), killed_events"        \
    " FROM rollup_day"
#define SRC_RECOUNT                                                                        \
    "SELECT e.src_actor, e.tgt_actor, e.day_first, e.track_id,"                            \
    " CASE e.modality WHEN 'asserted' THEN 0 WHEN 'negated' THEN 1"                        \
    "  WHEN 'hypothetical' THEN 2 ELSE 3 END,"                                             \
    " CASE WHEN e.date_precision IS 'document' THEN 1 WHEN e.day_last = e.day_first THEN 0" \
    "  WHEN e.day_last - e.day_first < 7 THEN 1 WHEN e.day_last - e.day_first < 31 THEN 2" \
    "  WHEN e.day_last - e.day_first < 92 THEN 3 WHEN e.day_last - e.day_first < 366 THEN 4" \
    "  ELSE 5 END, m.source_id, count(*)"                                                  \
    " FROM mentions m JOIN events e USING (event_id) WHERE e.day_first IS NOT NULL"       \
    " GROUP BY 1, 2, 3, 4, 5, 6, 7"
#define SRC_ROLLUP                                                                         \
    "SELECT src, tgt, day, track, modality, prec, source_id, mentions FROM rollup_source"

static void assert_same_rows(dw_store *s, const char *a, const char *b) {
    char sql[4096];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM (%s EXCEPT %s)", a, b);
    long missing = test_sql_long(s, sql);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM (%s EXCEPT %s)", b, a);
    long extra = test_sql_long(s, sql);
    if (missing || extra) fprintf(stderr, "rows differ: %ld missing, %ld extra\n", missing, extra);
    assert_int_equal(missing, 0);
    assert_int_equal(extra, 0);
}

static void assert_rollups_recount(dw_store *s) {
    assert_same_rows(s, DAY_RECOUNT, DAY_ROLLUP);
    assert_same_rows(s, SRC_RECOUNT, SRC_ROLLUP);
    /* An event of one report is that report (new events are written
     * directly, joined ones recomputed: both must agree). */
    assert_int_equal(
        test_sql_long(s, "SELECT count(*) FROM events e JOIN mentions m ON m.id = e.rep_id"
                    " WHERE e.mentions = 1 AND (e.date IS NOT m.date OR e.date_end IS NOT"
                    " m.date_end OR e.day_first IS NOT m.day_first OR e.day_last IS NOT"
                    " m.day_last OR e.src_actor <> m.src_actor OR e.tgt_actor <> m.tgt_actor"
                    " OR e.cameo IS NOT m.cameo OR e.base IS NOT substr(m.cameo, 1, 3)"
                    " OR e.plover_type IS NOT m.plover_type OR e.quad_class IS NOT m.quad_class"
                    " OR e.goldstein IS NOT m.goldstein OR e.track_id <> m.track_id"
                    " OR e.modality <> m.modality OR e.loc_rank <> m.loc_rank"
                    " OR e.loc_lat IS NOT m.loc_lat OR e.killed IS NOT m.killed"
                    " OR e.killed_high IS NOT m.killed_high OR e.sources <> 1"
                    " OR e.disputed <> 0 OR e.symmetric <> m.symmetric)"),
        0);
    /* And every event's figures are those of its reports. */
    assert_int_equal(
        test_sql_long(s, "SELECT count(*) FROM events e WHERE e.mentions <>"
                    " (SELECT count(*) FROM mentions m WHERE m.event_id = e.event_id)"
                    " OR e.sources <> (SELECT count(DISTINCT source_id) FROM mentions m"
                    "  WHERE m.event_id = e.event_id)"
                    " OR e.killed IS NOT (SELECT min(killed) FROM mentions m"
                    "  WHERE m.event_id = e.event_id)"),
        0);
}

/* A series counted the slow way: every event, every mention. */
typedef struct brute {
    dw_series_cell *cells; /* n × DW_NTRACKS+1 × 3; slot DW_NTRACKS = all tracks */
    uint64_t *srcmask;     /* the same shape: bit per source id */
    size_t n;
} brute;

static size_t slot(size_t row, int track, int dir) {
    return (row * (DW_NTRACKS + 1) + (size_t)track) * DW_NDIRS + (size_t)dir;
}

static void brute_count(dw_store *s, const dw_series *ser, const dw_series_opts *o, brute *b) {
    static const int unit_prec[DW_NUNITS] = {0, 1, 1, 2, 3, 4};
    b->n = ser->n;
    b->cells = calloc(b->n * (DW_NTRACKS + 1) * DW_NDIRS + 1, sizeof *b->cells);
    b->srcmask = calloc(b->n * (DW_NTRACKS + 1) * DW_NDIRS + 1, sizeof *b->srcmask);
    sqlite3_stmt *st;
    const char *sql =
        "SELECT e.src_code, e.tgt_code, e.day_first, e.day_last, e.date_precision IS 'document',"
        " e.quad_class, e.goldstein, e.track_id, e.modality, e.mentions, e.killed, e.killed_low,"
        " e.killed_high, m.source_id, m.rowid = (SELECT min(rowid) FROM mentions"
        "  WHERE event_id = e.event_id)"
        " FROM events e JOIN mentions m USING (event_id) WHERE e.day_first IS NOT NULL";
    assert_int_equal(sqlite3_prepare_v2(dw_store_handle(s), sql, -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        dw_actor src, tgt;
        dw_error err = {0};
        assert_int_equal(dw_actor_parse_code((const char *)sqlite3_column_text(st, 0), &src, &err), 0);
        assert_int_equal(dw_actor_parse_code((const char *)sqlite3_column_text(st, 1), &tgt, &err), 0);
        int dir = dw_actor_matches(&src, o->a) && dw_actor_matches(&tgt, o->b)   ? DW_DIR_AB
                  : dw_actor_matches(&src, o->b) && dw_actor_matches(&tgt, o->a) ? DW_DIR_BA
                                                                                 : -1;
        if (dir < 0) continue;
        int32_t first = (int32_t)sqlite3_column_int64(st, 2);
        int32_t last = (int32_t)sqlite3_column_int64(st, 3);
        if (first < ser->from_day || first > ser->to_day) continue;
        const char *mod = (const char *)sqlite3_column_text(st, 8);
        if (!o->all_modalities && strcmp(mod, "asserted") && strcmp(mod, "claimed")) continue;
        int track = sqlite3_column_int(st, 7);
        if (o->track != DW_TRACK_ALL && track != o->track) continue;
        int prec = dw_cl_prec_class(first, last, sqlite3_column_int(st, 4));
        if (o->precise_only && prec > unit_prec[o->unit]) continue;
        int64_t p = dw_period_of_day(o->unit, first);
        assert_true(ser->n > 0);
        int64_t row = p - ser->rows[0].period;
        assert_true(row >= 0 && (size_t)row < ser->n);
        int quad = sqlite3_column_int(st, 5);
        int64_t source = sqlite3_column_int64(st, 13);
        assert_true(source >= 0 && source < 64);
        int dirs[2] = {dir, DW_DIR_BOTH}, tracks[2] = {track, DW_NTRACKS};
        for (int d = 0; d < 2; d++)
            for (int t = 0; t < 2; t++) {
                size_t k = slot((size_t)row, tracks[t], dirs[d]);
                b->srcmask[k] |= 1ULL << source;
                if (!sqlite3_column_int(st, 14)) continue; /* count each event once */
                dw_series_cell *c = &b->cells[k];
                c->events++;
                c->mentions += sqlite3_column_int(st, 9);
                c->quad[quad >= 0 && quad <= 4 ? quad : 0]++;
                c->goldstein_sum += sqlite3_column_double(st, 6);
                if (sqlite3_column_type(st, 10) != SQLITE_NULL) {
                    c->killed += sqlite3_column_double(st, 10);
                    c->killed_low += sqlite3_column_double(st, 11);
                    c->killed_high += sqlite3_column_double(st, 12);
                    c->killed_events++;
                }
                c->imprecise += prec > unit_prec[o->unit];
            }
    }
    sqlite3_finalize(st);
}

static void assert_cell_equal(const dw_series_cell *got, const dw_series_cell *want,
                              uint64_t mask) {
    assert_int_equal(got->events, want->events);
    assert_int_equal(got->mentions, want->mentions);
    for (int q = 0; q < 5; q++) assert_int_equal(got->quad[q], want->quad[q]);
    assert_true(fabs(got->goldstein_sum - want->goldstein_sum) < 1e-6);
    assert_true(fabs(got->killed - want->killed) < 1e-6);
    assert_true(fabs(got->killed_low - want->killed_low) < 1e-6);
    assert_true(fabs(got->killed_high - want->killed_high) < 1e-6);
    assert_int_equal(got->killed_events, want->killed_events);
    assert_int_equal(got->imprecise, want->imprecise);
    assert_int_equal(got->sources, __builtin_popcountll(mask));
}

static void check_series(dw_store *s, const dw_series_opts *o) {
    dw_series ser;
    dw_error err = {0};
    int rc = dw_series_build(s, o, &ser, &err);
    if (rc) fprintf(stderr, "series: %s\n", err.msg);
    assert_int_equal(rc, DW_OK);
    brute b;
    brute_count(s, &ser, o, &b);
    long total = 0;
    for (size_t i = 0; i < ser.n; i++) {
        if (i) assert_int_equal(ser.rows[i].period, ser.rows[i - 1].period + 1);
        for (int d = 0; d < DW_NDIRS; d++) {
            size_t k = slot(i, DW_NTRACKS, d);
            assert_cell_equal(&ser.rows[i].dir[d], &b.cells[k], b.srcmask[k]);
            for (int t = 0; o->by_track && t < DW_NTRACKS; t++) {
                size_t kt = slot(i, t, d);
                assert_cell_equal(dw_series_track_cell(&ser, i, t, (dw_dir)d), &b.cells[kt],
                                  b.srcmask[kt]);
            }
        }
        total += ser.rows[i].dir[DW_DIR_BOTH].events;
    }
    assert_int_equal(ser.total[DW_DIR_BOTH].events, total);
    free(b.cells);
    free(b.srcmask);
    dw_series_free(&ser);
}

static void test_rollups_after_random_ingests(void **state) {
    test_store *f = *state;
    rng r = {0x2545F4914F6CDD1DULL};
    int doc = 0;
    for (int round = 0; round < 6; round++) {
        random_ingest(f->s, &r, 40, doc, round != 2); /* round 2 is rolled back */
        doc += 40;
        assert_rollups_recount(f->s);
    }
    /* A document ingested again changes nothing. */
    long before = test_sql_long(f->s, "SELECT count(*) FROM mentions");
    rng again = {0x2545F4914F6CDD1DULL};
    random_ingest(f->s, &again, 40, 0, 1);
    assert_int_equal(test_sql_long(f->s, "SELECT count(*) FROM mentions"), before);
    assert_rollups_recount(f->s);

    long events = test_sql_long(f->s, "SELECT count(*) FROM events");
    long mentions = test_sql_long(f->s, "SELECT count(*) FROM mentions");
    print_message("random ingest: %ld reports clustered into %ld events\n", mentions, events);
    assert_true(events < mentions); /* reports did cluster */
    assert_true(test_sql_long(f->s, "SELECT count(*) FROM events WHERE disputed <> 0") > 0);
    /* Reports dated to a month or year, or a range over a year, met other
     * reports of their events (the three index ranges of the search). */
    assert_true(test_sql_long(f->s, "SELECT count(*) FROM events e WHERE e.mentions > 1 AND"
                               " (SELECT max(width) FROM mentions m"
                               "  WHERE m.event_id = e.event_id) > 401") > 0);
    assert_true(test_sql_long(f->s, "SELECT count(*) FROM events e WHERE e.mentions > 1 AND"
                               " (SELECT max(width) FROM mentions m"
                               "  WHERE m.event_id = e.event_id) BETWEEN 33 AND 401") > 0);

    static const char *const keys[][2] = {{"IRN", "TAL"}, {"TAL", "IRN"}, {"GOV", "AFG"},
                                          {"IRNCOP", "AFGGOVTAL"}, {"PAK", "USA"}, {"IRN", "IRN"}};
    for (size_t k = 0; k < NE(keys); k++)
        for (int u = 0; u < DW_NUNITS; u++) {
            dw_series_opts o = {.a = keys[k][0], .b = keys[k][1], .unit = (dw_unit)u,
                                .track = DW_TRACK_ALL, .by_track = 1};
            check_series(f->s, &o);
            o.all_modalities = 1;
            o.by_track = 0;
            o.from = "2021-02-03";
            o.to = "2021-03";
            check_series(f->s, &o);
            o.all_modalities = 0;
            o.from = o.to = NULL;
            o.track = DW_TRACK_SECURITY;
            o.precise_only = 1;
            check_series(f->s, &o);
        }
    /* Source ids too sparse for a bitmap: the hash set counts the same. */
    assert_int_equal(sqlite3_exec(dw_store_handle(f->s),
                                  "INSERT INTO sources (source_id, name)"
                                  " VALUES (1073741823, 'Far Away Wire')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    for (int u = 0; u < DW_NUNITS; u++) {
        dw_series_opts o = {.a = "IRN", .b = "TAL", .unit = (dw_unit)u, .track = DW_TRACK_ALL,
                            .by_track = 1};
        check_series(f->s, &o);
    }
}

/* ---- periods and series edges ------------------------------------------------------ */

static int32_t day(const char *iso) { return dw_date_days(iso, strlen(iso), 1); }

static void assert_label(dw_unit u, const char *iso, const char *label, const char *first,
                         const char *last) {
    int64_t p = dw_period_of_day(u, day(iso));
    char l[DW_LABEL_MAX], a[DW_LABEL_MAX], b[DW_LABEL_MAX];
    dw_period_label(u, p, l);
    dw_day_iso(dw_period_first_day(u, p), a);
    dw_day_iso(dw_period_last_day(u, p), b);
    assert_string_equal(l, label);
    assert_string_equal(a, first);
    assert_string_equal(b, last);
}

static void test_periods(void **state) {
    (void)state;
    assert_label(DW_UNIT_DAY, "2021-01-01", "2021-01-01", "2021-01-01", "2021-01-01");
    /* 1 January 2021 was a Friday: ISO week 53 of 2020. */
    assert_label(DW_UNIT_WEEK, "2021-01-01", "2020-W53", "2020-12-28", "2021-01-03");
    assert_label(DW_UNIT_WEEK, "2021-01-04", "2021-W01", "2021-01-04", "2021-01-10");
    assert_label(DW_UNIT_WEEK, "2008-12-29", "2009-W01", "2008-12-29", "2009-01-04");
    assert_label(DW_UNIT_WEEK, "1969-12-31", "1970-W01", "1969-12-29", "1970-01-04");
    /* ACLED weeks run Saturday to Friday. */
    assert_label(DW_UNIT_ACLED_WEEK, "2021-01-01", "2020-12-26", "2020-12-26", "2021-01-01");
    assert_label(DW_UNIT_ACLED_WEEK, "2021-01-02", "2021-01-02", "2021-01-02", "2021-01-08");
    assert_label(DW_UNIT_MONTH, "2024-02-10", "2024-02", "2024-02-01", "2024-02-29");
    assert_label(DW_UNIT_MONTH, "1965-12-31", "1965-12", "1965-12-01", "1965-12-31");
    assert_label(DW_UNIT_QUARTER, "2021-08-15", "2021-Q3", "2021-07-01", "2021-09-30");
    assert_label(DW_UNIT_QUARTER, "1960-02-01", "1960-Q1", "1960-01-01", "1960-03-31");
    assert_label(DW_UNIT_YEAR, "1998-08-08", "1998", "1998-01-01", "1998-12-31");
    /* Every day of a long stretch is in the period whose bounds hold it. */
    for (int u = 0; u < DW_NUNITS; u++)
        for (int32_t d = day("1899-12-25"); d < day("1901-01-10"); d += 3) {
            int64_t p = dw_period_of_day((dw_unit)u, d);
            assert_true(dw_period_first_day((dw_unit)u, p) <= d);
            assert_true(dw_period_last_day((dw_unit)u, p) >= d);
            assert_int_equal(dw_period_of_day((dw_unit)u, dw_period_last_day((dw_unit)u, p) + 1),
                             p + 1);
        }
    dw_unit u;
    assert_true(dw_unit_parse("acled-week", &u) && u == DW_UNIT_ACLED_WEEK);
    assert_false(dw_unit_parse("fortnight", &u));
    int t;
    assert_true(dw_track_parse("water", &t) && t == DW_TRACK_WATER);
    assert_true(dw_track_parse("all", &t) && t == DW_TRACK_ALL);
    assert_false(dw_track_parse("official", &t));
    assert_int_equal(dw_track_of("official"), DW_TRACK_OTHER);
    assert_int_equal(dw_track_of(NULL), DW_TRACK_OTHER);
    dw_error err = {0};
    assert_int_equal(dw_actor_key_check("IRN", &err), DW_OK);
    assert_int_equal(dw_actor_key_check("AFGINSTAL", &err), DW_OK);
    assert_int_equal(dw_actor_key_check("iran", &err), DW_EINVAL);
    assert_non_null(strstr(err.msg, "'iran'"));
    assert_int_equal(dw_actor_key_check("IR", &err), DW_EINVAL);
    assert_int_equal(dw_actor_key_check("IRN;DROP", &err), DW_EINVAL);
}

static void test_series_edges(void **state) {
    test_store *f = *state;
    dw_error err = {0};
    dw_series s;
    dw_series_opts o = {.a = "IRN", .b = "TAL", .unit = DW_UNIT_MONTH, .track = DW_TRACK_ALL};
    /* An empty store: no rows, no actors. */
    assert_int_equal(dw_series_build(f->s, &o, &s, &err), DW_OK);
    assert_int_equal(s.n, 0);
    assert_int_equal(s.a_actors, 0);
    dw_series_free(&s);

    static const spec d[] = {
        {"IRN", "AFGINSTAL", "1998-08-08", "186", 4, -10, "security", A, NULL, 9, 9, 11, NULL, NULL},
        {"AFGINSTAL", "IRN", "1998-11-02", "042", 1, 1.9, "diplomacy", A, NULL, NONE, NULL, NULL},
        {"IRN", "AFGINSTAL", "1998", "111", 3, -2, "security", A, NULL, NONE, NULL, NULL},
        {"IRN", "PAK", "1998-09-01", "111", 3, -2, "security", A, NULL, NONE, NULL, NULL},
    };
    assert_int_equal(add_doc(f->s, "d", "Wire", d, NE(d), &err), DW_OK);
    assert_int_equal(dw_series_build(f->s, &o, &s, &err), DW_OK);
    /* January (the year-only event) to November, zeros in between. */
    assert_int_equal(s.n, 11);
    assert_string_equal(s.rows[0].label, "1998-01");
    assert_int_equal(s.rows[0].dir[DW_DIR_AB].events, 1);
    assert_int_equal(s.rows[0].dir[DW_DIR_AB].imprecise, 1);
    assert_int_equal(s.rows[7].dir[DW_DIR_AB].events, 1);
    assert_int_equal(s.rows[7].dir[DW_DIR_AB].killed_high, 11);
    assert_int_equal(s.rows[8].dir[DW_DIR_BOTH].events, 0);
    assert_int_equal(s.rows[10].dir[DW_DIR_BA].quad[1], 1);
    assert_int_equal(s.total[DW_DIR_BOTH].events, 3);
    assert_true(isnan(dw_cell_goldstein_mean(&s.rows[3].dir[DW_DIR_BOTH])));
    assert_int_equal(dw_cell_net_cooperation(&s.total[DW_DIR_BOTH]), -1);
    assert_true(fabs(dw_cell_conflict_share(&s.total[DW_DIR_BOTH]) - 2.0 / 3) < 1e-9);
    dw_series_free(&s);

    o.precise_only = 1;
    assert_int_equal(dw_series_build(f->s, &o, &s, &err), DW_OK);
    assert_int_equal(s.n, 4); /* August to November */
    assert_string_equal(s.rows[0].label, "1998-08");
    dw_series_free(&s);
    o.precise_only = 0;

    /* Explicit range: zeros to its ends. */
    o.from = "1998-06";
    o.to = "1999-02";
    assert_int_equal(dw_series_build(f->s, &o, &s, &err), DW_OK);
    assert_int_equal(s.n, 9);
    assert_string_equal(s.rows[8].label, "1999-02");
    assert_int_equal(s.total[DW_DIR_BOTH].events, 2);
    dw_series_free(&s);

    /* Empty range, unknown actor, a dyad without events. */
    o.from = "1999";
    o.to = "1998";
    assert_int_equal(dw_series_build(f->s, &o, &s, &err), DW_OK);
    assert_int_equal(s.n, 0);
    assert_true(s.from_day > s.to_day);
    dw_series_free(&s);
    o.from = o.to = NULL;
    o.b = "XYZ";
    assert_int_equal(dw_series_build(f->s, &o, &s, &err), DW_OK);
    assert_int_equal(s.n, 0);
    assert_int_equal(s.a_actors, 1);
    assert_int_equal(s.b_actors, 0);
    dw_series_free(&s);
    o.b = "USA";
    assert_int_equal(dw_series_build(f->s, &o, &s, &err), DW_OK);
    assert_int_equal(s.n, 0);
    dw_series_free(&s);
    /* Bad input. */
    o.b = "usa";
    assert_int_equal(dw_series_build(f->s, &o, &s, &err), DW_EINVAL);
    o.b = "TAL";
    o.from = "1998-13";
    assert_int_equal(dw_series_build(f->s, &o, &s, &err), DW_EINVAL);
    assert_non_null(strstr(err.msg, "1998-13"));
    o.from = NULL;
    o.unit = DW_UNIT_DAY;
    o.from = "1000";
    o.to = "2998";
    assert_int_equal(dw_series_build(f->s, &o, &s, &err), DW_ELIMIT);
    assert_null(s.rows);
}

/* ---- change-points ------------------------------------------------------------- */

static double poisson(rng *r, double lambda) {
    double l = exp(-lambda), p = 1;
    int k = 0;
    do {
        k++;
        p *= uniform(r);
    } while (p > l);
    return k - 1;
}

static double gauss(rng *r) {
    double u = uniform(r), v = uniform(r);
    return sqrt(-2 * log(u + 1e-300)) * cos(6.283185307179586 * v);
}

#define PLANT_N 260
static const size_t PLANTED[] = {60, 130, 200};

static void planted(rng *r, dw_cost cost, double *y) {
    static const double rate[] = {2, 12, 4, 14};
    static const double mean[] = {0, 5, 1, -4}, sd[] = {1, 0.5, 2, 1};
    for (size_t i = 0, seg = 0; i < PLANT_N; i++) {
        while (seg < 3 && i >= PLANTED[seg]) seg++;
        y[i] = cost == DW_COST_POISSON ? poisson(r, rate[seg]) : mean[seg] + sd[seg] * gauss(r);
    }
}

static int found_all(const dw_changes *c) {
    if (c->n != NE(PLANTED)) return 0;
    for (size_t i = 0; i < c->n; i++)
        if (labs((long)c->at[i] - (long)PLANTED[i]) > 1) return 0;
    return 1;
}

static void planted_accuracy(int bocpd) {
    static const dw_cost costs[] = {DW_COST_POISSON, DW_COST_NORMAL};
    for (size_t k = 0; k < 2; k++) {
        int hits = 0, runs = 100;
        for (int seed = 0; seed < runs; seed++) {
            rng r = {0x9E3779B97F4A7C15ULL ^ (uint64_t)(seed + 1) * 0xBF58476D1CE4E5B9ULL};
            double y[PLANT_N];
            planted(&r, costs[k], y);
            dw_changes c;
            dw_error err = {0};
            int rc;
            if (bocpd) {
                dw_bocpd_opts o = {costs[k], 0, 0, 0, 0};
                rc = dw_bocpd(y, PLANT_N, &o, &c, &err);
            } else {
                dw_pelt_opts o = {costs[k], 0, 0};
                rc = dw_pelt(y, PLANT_N, &o, &c, &err);
            }
            assert_int_equal(rc, DW_OK);
            assert_int_equal(c.n + 1 > 0, 1);
            assert_int_equal(c.seg[c.n].end, PLANT_N);
            hits += found_all(&c);
            /* The first replicate must be found exactly. */
            if (seed == 0) assert_true(found_all(&c));
            dw_changes_free(&c);
        }
        print_message("%s, %s cost: all 3 planted changes found within one period in %d of %d "
                      "series\n",
                      bocpd ? "BOCPD" : "PELT", k ? "normal" : "Poisson", hits, runs);
        assert_true(hits >= 90);
    }
}

static void test_pelt_planted(void **state) {
    (void)state;
    planted_accuracy(0);
}

static void test_bocpd_planted(void **state) {
    (void)state;
    planted_accuracy(1);
}

static size_t read_csv_values(const char *rel, double *y, size_t cap, int *first_year) {
    FILE *fp = fopen(test_path(rel), "r");
    assert_non_null(fp);
    char line[128];
    size_t n = 0;
    assert_non_null(fgets(line, sizeof line, fp)); /* header */
    int year;
    double v;
    while (n < cap && fscanf(fp, "%d,%lf", &year, &v) == 2) {
        if (n == 0) *first_year = year;
        y[n++] = v;
    }
    fclose(fp);
    return n;
}

/* The Nile at Aswan: the flow drops after 1898. */
static void test_nile(void **state) {
    (void)state;
    double y[128];
    int first;
    size_t n = read_csv_values("tests/data/analysis/nile.csv", y, 128, &first);
    assert_int_equal(n, 100);
    assert_int_equal(first, 1871);
    dw_changes c;
    dw_error err = {0};
    dw_pelt_opts po = {DW_COST_NORMAL, 0, 0};
    assert_int_equal(dw_pelt(y, n, &po, &c, &err), DW_OK);
    assert_int_equal(c.n, 1);
    assert_int_equal(first + (int)c.at[0], 1899); /* the first year at the new level */
    assert_true(fabs(c.seg[0].mean - 1097.75) < 0.01);
    assert_true(c.seg[1].mean < 860 && c.seg[1].mean > 840);
    dw_changes_free(&c);
    dw_bocpd_opts bo = {DW_COST_NORMAL, 0, 0, 0, 0};
    assert_int_equal(dw_bocpd(y, n, &bo, &c, &err), DW_OK);
    assert_int_equal(c.n, 1);
    assert_true(labs(first + (long)c.at[0] - 1899) <= 1);
    assert_true(c.prob[0] > 0.5);
    dw_changes_free(&c);
}

/* British coal-mining disasters: the rate falls around 1890. */
static void test_coal(void **state) {
    (void)state;
    double y[128];
    int first;
    size_t n = read_csv_values("tests/data/analysis/coal.csv", y, 128, &first);
    assert_int_equal(n, 112);
    dw_changes c;
    dw_error err = {0};
    dw_pelt_opts po = {DW_COST_POISSON, 0, 0};
    assert_int_equal(dw_pelt(y, n, &po, &c, &err), DW_OK);
    assert_int_equal(c.n, 1);
    int year = first + (int)c.at[0];
    assert_true(year >= 1889 && year <= 1893);
    assert_true(c.seg[0].mean > 2.8 && c.seg[1].mean < 1.1);
    dw_changes_free(&c);
    dw_bocpd_opts bo = {DW_COST_POISSON, 0, 0, 0, 0};
    assert_int_equal(dw_bocpd(y, n, &bo, &c, &err), DW_OK);
    assert_true(c.n >= 1);
    year = first + (int)c.at[0];
    assert_true(year >= 1889 && year <= 1893);
    dw_changes_free(&c);
}

static void test_changepoint_edges(void **state) {
    (void)state;
    dw_changes c;
    dw_error err = {0};
    dw_pelt_opts po = {DW_COST_POISSON, 0, 0};
    dw_bocpd_opts bo = {DW_COST_POISSON, 0, 0, 0, 0};
    double y[64] = {0};
    /* Empty, one point, constant. */
    assert_int_equal(dw_pelt(y, 0, &po, &c, &err), DW_OK);
    assert_int_equal(c.n, 0);
    dw_changes_free(&c);
    assert_int_equal(dw_bocpd(y, 0, &bo, &c, &err), DW_OK);
    dw_changes_free(&c);
    y[0] = 3;
    assert_int_equal(dw_pelt(y, 1, &po, &c, &err), DW_OK);
    assert_int_equal(c.n, 0);
    assert_int_equal(c.seg[0].end, 1);
    dw_changes_free(&c);
    for (int i = 0; i < 64; i++) y[i] = 0;
    for (int k = 0; k < 2; k++) {
        po.cost = bo.cost = k ? DW_COST_NORMAL : DW_COST_POISSON;
        assert_int_equal(dw_pelt(y, 64, &po, &c, &err), DW_OK);
        assert_int_equal(c.n, 0);
        dw_changes_free(&c);
        assert_int_equal(dw_bocpd(y, 64, &bo, &c, &err), DW_OK);
        assert_int_equal(c.n, 0);
        dw_changes_free(&c);
    }
    /* A huge penalty keeps one segment; bad values are refused. */
    for (int i = 0; i < 64; i++) y[i] = i < 32 ? 1 : 20;
    po.cost = DW_COST_POISSON;
    po.penalty = 1e9;
    assert_int_equal(dw_pelt(y, 64, &po, &c, &err), DW_OK);
    assert_int_equal(c.n, 0);
    dw_changes_free(&c);
    po.penalty = 0;
    assert_int_equal(dw_pelt(y, 64, &po, &c, &err), DW_OK);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.at[0], 32);
    dw_changes_free(&c);
    y[5] = -1;
    assert_int_equal(dw_pelt(y, 64, &po, &c, &err), DW_EINVAL);
    assert_non_null(strstr(err.msg, "negative"));
    bo.cost = DW_COST_POISSON;
    assert_int_equal(dw_bocpd(y, 64, &bo, &c, &err), DW_EINVAL);
    y[5] = NAN;
    po.cost = DW_COST_NORMAL;
    assert_int_equal(dw_pelt(y, 64, &po, &c, &err), DW_EINVAL);
    assert_non_null(strstr(err.msg, "value 6"));
}

/* ---- dyad change-points, alerts and the dual track ----------------------------------- */

/* Per month from January 2019: `per_month[i]` clashes (IRN→TAL) and, when
 * coop[i], a trade agreement (economy track). */
static void add_months(dw_store *s, const int *per_month, const int *coop, size_t months) {
    dw_error err = {0};
    assert_int_equal(dw_store_begin(s, &err), DW_OK);
    for (size_t m = 0; m < months; m++) {
        spec specs[40];
        char dates[40][24];
        size_t n = 0;
        for (int k = 0; k < per_month[m] && n < 39; k++, n++) {
            snprintf(dates[n], sizeof dates[n], "%04d-%02d-%02d", 2019 + (int)(m / 12),
                     (int)(m % 12) + 1, 1 + 2 * k % 28);
            specs[n] = (spec){"IRNCOP", "AFGGOVTAL", dates[n], "193", 4, -10, "security", A,
                              NULL, NONE, NULL, NULL};
        }
        if (coop && coop[m]) {
            snprintf(dates[n], sizeof dates[n], "%04d-%02d-15", 2019 + (int)(m / 12),
                     (int)(m % 12) + 1);
            specs[n++] = (spec){"IRNGOV", "AFGGOVTAL", dates[n - 1], "061", 2, 6.4, "economy", A,
                                NULL, NONE, NULL, NULL};
        }
        char id[32];
        snprintf(id, sizeof id, "month-%zu", m);
        assert_int_equal(add_doc(s, id, m % 2 ? "AP" : "Reuters", specs, n, &err), DW_OK);
    }
    assert_int_equal(dw_store_commit(s, &err), DW_OK);
}

static void test_dyad_changes(void **state) {
    test_store *f = *state;
    int per_month[48];
    rng r = {77};
    for (int m = 0; m < 48; m++) per_month[m] = (int)poisson(&r, m < 24 ? 2 : 12);
    add_months(f->s, per_month, NULL, 48);
    dw_error err = {0};
    dw_series s;
    dw_series_opts o = {.a = "IRN", .b = "TAL", .unit = DW_UNIT_MONTH, .track = DW_TRACK_ALL,
                        .from = "2019-01", .to = "2022-12"};
    assert_int_equal(dw_series_build(f->s, &o, &s, &err), DW_OK);
    assert_int_equal(s.n, 48);
    for (int method = 0; method < 2; method++) {
        dw_change_opts co = {.method = method ? DW_CP_BOCPD : DW_CP_PELT,
                             .metric = DW_METRIC_EVENTS, .dir = DW_DIR_BOTH,
                             .track = DW_TRACK_ALL, .drivers = 3};
        dw_change_list l;
        assert_int_equal(dw_series_changes(f->s, &s, &co, &l, &err), DW_OK);
        assert_int_equal(l.cost, DW_COST_POISSON);
        assert_int_equal(l.n, 1);
        assert_string_equal(l.v[0].label, "2021-01");
        assert_true(l.v[0].before < 3 && l.v[0].after > 9);
        assert_int_equal(l.v[0].drivers.n, 3);
        assert_string_equal(l.v[0].drivers.v[0].src, "IRNCOP");
        assert_true(l.v[0].drivers.v[0].first_day >= l.v[0].first_day);
        assert_true(method ? l.v[0].prob > 0.5 : isnan(l.v[0].prob));
        dw_change_list_free(&l);
    }
    /* Goldstein: every event is −10, so no change in tone. */
    dw_change_opts co = {.metric = DW_METRIC_GOLDSTEIN, .dir = DW_DIR_BOTH,
                         .track = DW_TRACK_ALL};
    dw_change_list l;
    assert_int_equal(dw_series_changes(f->s, &s, &co, &l, &err), DW_OK);
    assert_int_equal(l.cost, DW_COST_NORMAL);
    assert_int_equal(l.n, 0);
    dw_change_list_free(&l);
    /* A track the series lacks cells for is an error, not a crash. */
    co.track = DW_TRACK_ECONOMY;
    assert_int_equal(dw_series_changes(f->s, &s, &co, &l, &err), DW_EINVAL);
    dw_series_free(&s);
}

static void test_bands(void **state) {
    (void)state;
    double pct;
    assert_int_equal(dw_change_band(10, 13, &pct), DW_BAND_LARGE_INCREASE);
    assert_true(fabs(pct - 30) < 1e-9);
    assert_int_equal(dw_change_band(10, 12.5, &pct), DW_BAND_MODERATE_INCREASE); /* +25% */
    assert_int_equal(dw_change_band(10, 12, &pct), DW_BAND_MODERATE_INCREASE);
    assert_int_equal(dw_change_band(10, 11, &pct), DW_BAND_LIMITED); /* +10% */
    assert_int_equal(dw_change_band(10, 7.5, &pct), DW_BAND_LIMITED); /* −25% */
    assert_int_equal(dw_change_band(10, 7, &pct), DW_BAND_LARGE_DECREASE);
    /* A baseline of two events or fewer is always limited. */
    assert_int_equal(dw_change_band(2, 10, &pct), DW_BAND_LIMITED);
    assert_true(fabs(pct - 400) < 1e-9);
    assert_int_equal(dw_change_band(0, 5, &pct), DW_BAND_LIMITED);
    assert_true(isnan(pct));
    assert_int_equal(dw_change_band(NAN, 5, &pct), DW_BAND_NONE);
    assert_string_equal(dw_band_name(DW_BAND_LARGE_DECREASE), "large decrease");
}

static void test_alerts_and_dual_track(void **state) {
    test_store *f = *state;
    /* Quiet, then a surge in month 9, then back; trade every third month. */
    static const int per_month[] = {1, 2, 1, 2, 1, 2, 2, 2, 12, 2, 1, 2};
    static const int coop[] = {0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1};
    add_months(f->s, per_month, coop, NE(per_month));
    dw_error err = {0};
    dw_series s;
    dw_series_opts o = {.a = "IRN", .b = "TAL", .unit = DW_UNIT_MONTH, .track = DW_TRACK_ALL,
                        .by_track = 1};
    assert_int_equal(dw_series_build(f->s, &o, &s, &err), DW_OK);
    assert_int_equal(s.n, 12);
    dw_alert_opts ao = {.metric = DW_METRIC_CONFLICT, .dir = DW_DIR_BOTH, .track = DW_TRACK_ALL,
                        .drivers = 2};
    dw_alert_list l;
    assert_int_equal(dw_series_alerts(f->s, &s, &ao, &l, &err), DW_OK);
    int surge = 0;
    for (size_t i = 0; i < l.n; i++)
        if (l.v[i].kind == DW_ALERT_SURGE) {
            surge++;
            assert_string_equal(l.v[i].label, "2019-09");
            assert_true(fabs(l.v[i].before - 1.75) < 1e-9); /* months 5–8: 1, 2, 2, 2 */
            assert_true(l.v[i].after == 12);
            assert_int_equal(l.v[i].drivers.n, 2);
            assert_non_null(strstr(l.v[i].text, "surge"));
        }
    assert_int_equal(surge, 1);
    /* The last month (2) against months 8–11 (2, 12, 2, 1: 4.25): a large decrease. */
    assert_int_equal(l.latest_row, 11);
    assert_true(fabs(l.latest_baseline - 4.25) < 1e-9);
    assert_int_equal(l.latest_band, DW_BAND_LARGE_DECREASE);
    dw_alert_list_free(&l);
    ao.metric = DW_METRIC_GOLDSTEIN;
    assert_int_equal(dw_series_alerts(f->s, &s, &ao, &l, &err), DW_EINVAL);

    dw_divergence d;
    assert_int_equal(dw_series_divergence(&s, DW_DIR_BOTH, &d, &err), DW_OK);
    assert_int_equal(d.n, 12);
    assert_int_equal(d.divergent, 4);
    assert_true(d.rows[2].divergent);
    assert_false(d.rows[1].divergent);
    assert_int_equal(d.rows[2].coop[DW_TRACK_ECONOMY], 1);
    assert_int_equal(d.rows[2].conflict[DW_TRACK_SECURITY], 1);
    assert_int_equal(d.rows[8].gap, 1 - 12);
    assert_non_null(strstr(d.rows[2].statement, "cooperated on economy (1 event)"));
    assert_non_null(strstr(d.rows[2].statement, "fighting on security"));
    assert_non_null(strstr(d.summary, "In 4 of 12 months"));
    dw_divergence_free(&d);
    dw_series_free(&s);

    /* Without per-track cells: a clear error. */
    o.by_track = 0;
    assert_int_equal(dw_series_build(f->s, &o, &s, &err), DW_OK);
    assert_int_equal(dw_series_divergence(&s, DW_DIR_BOTH, &d, &err), DW_EINVAL);
    dw_series_free(&s);
}

/* ---- migration from schema version 1 ---------------------------------------------- */

static const char V1_SCHEMA[] =
    "CREATE TABLE documents (doc_rowid INTEGER PRIMARY KEY, id TEXT NOT NULL,"
    " hash TEXT NOT NULL UNIQUE, origin TEXT, date TEXT, source TEXT, url TEXT, title TEXT,"
    " text TEXT NOT NULL, ingested_at TEXT NOT NULL);"
    "CREATE INDEX documents_id ON documents(id);"
    "CREATE TABLE sentences (doc_rowid INTEGER NOT NULL, idx INTEGER NOT NULL,"
    " start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, PRIMARY KEY (doc_rowid, idx))"
    " WITHOUT ROWID;"
    "CREATE TABLE events (id TEXT NOT NULL PRIMARY KEY, doc_rowid INTEGER NOT NULL,"
    " sentence INTEGER NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,"
    " date TEXT, date_end TEXT, date_precision TEXT, day_first INTEGER, day_last INTEGER,"
    " src_code TEXT, src_country TEXT, src_roles TEXT, src_group TEXT,"
    " tgt_code TEXT, tgt_country TEXT, tgt_roles TEXT, tgt_group TEXT,"
    " cameo TEXT, root TEXT, quad_class INTEGER, goldstein REAL, track TEXT,"
    " modality TEXT NOT NULL, confidence REAL, record TEXT NOT NULL);"
    "CREATE INDEX events_day ON events(day_first);"
    "CREATE INDEX events_dyad ON events(src_country, tgt_country);"
    "CREATE INDEX events_src_group ON events(src_group);"
    "CREATE INDEX events_tgt_group ON events(tgt_group);"
    "CREATE INDEX events_doc ON events(doc_rowid, sentence);"
    "INSERT INTO documents VALUES (1, 'a', 'h1', 'a.txt', '2023-05-28', 'Reuters', NULL, NULL,"
    " 'text a', 'now'), (2, 'b', 'h2', 'b.txt', '2023-05-29', 'AP', NULL, NULL, 'text b', 'now');"
    "INSERT INTO events VALUES"
    " ('e1', 1, 0, 0, 10, '2023-05-27', '2023-05-27', 'day', 19504, 19504, 'IRNCOP', 'IRN',"
    "  'COP', NULL, 'AFGGOVTAL', 'AFG', 'GOV', 'TAL', '193', '19', 4, -10, 'security',"
    "  'asserted', 0.9, '{\"id\":\"e1\",\"text\":\"Clash.\",\"plover\":{\"type\":\"ASSAULT\"},"
    "  \"location\":null,\"quantities\":{\"killed\":{\"value\":2,\"qualifier\":\"exact\"}}}'),"
    " ('e2', 2, 0, 0, 10, '2023-05-27', '2023-05-27', 'day', 19504, 19504, 'AFGGOVTAL', 'AFG',"
    "  'GOV', 'TAL', 'IRNMIL', 'IRN', 'MIL', NULL, '190', '19', 4, -10, 'security',"
    "  'asserted', 0.9, '{\"id\":\"e2\",\"text\":\"Clash too.\",\"plover\":{\"type\":\"ASSAULT\"},\"location\":null,"
    "  \"quantities\":{\"killed\":{\"value\":3,\"low\":3,\"high\":5,\"qualifier\":\"about\"}}}'),"
    " ('e3', 2, 1, 11, 20, '2023-05-29', '2023-05-29', 'day', 19506, 19506, 'IRNGOV', 'IRN',"
    "  'GOV', NULL, 'AFGGOVTAL', 'AFG', 'GOV', 'TAL', '042', '04', 1, 1.9, 'diplomacy',"
    "  'asserted', 0.9, '{\"id\":\"e3\",\"text\":\"Visit.\"}');"
    "PRAGMA user_version = 1; PRAGMA application_id = 1685682020;";

static void test_migrate_v1(void **state) {
    test_store *f = *state;
    char p[300];
    snprintf(p, sizeof p, "%s/v1.db", f->dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, V1_SCHEMA, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    dw_store *s = NULL;
    dw_error err = {0};
    int rc = dw_store_open(p, &s, &err);
    if (rc) fprintf(stderr, "open: %s\n", err.msg);
    assert_int_equal(rc, DW_OK);
    assert_int_equal(test_sql_long(s, "PRAGMA user_version"), 2);
    dw_store_counts c;
    assert_int_equal(dw_store_count(s, &c, &err), DW_OK);
    assert_int_equal(c.documents, 2);
    assert_int_equal(c.mentions, 3);
    assert_int_equal(c.events, 2);
    assert_int_equal(test_sql_long(s, "SELECT count(*) FROM sqlite_master WHERE name = 'events_v1'"),
                     0);
    assert_int_equal(test_sql_long(s, "SELECT disputed FROM events WHERE mentions = 2"),
                     DW_DISPUTE_KILLED | DW_DISPUTE_DIRECTION);
    assert_int_equal(test_sql_long(s, "SELECT sources FROM events WHERE mentions = 2"), 2);
    assert_int_equal(test_sql_long(s, "SELECT killed_high FROM events WHERE mentions = 2"), 5);
    assert_rollups_recount(s);
    dw_store_close(s);
    /* Opening again is a no-op. */
    assert_int_equal(dw_store_open(p, &s, &err), DW_OK);
    assert_int_equal(dw_store_count(s, &c, &err), DW_OK);
    assert_int_equal(c.events, 2);
    dw_store_close(s);
}

/* ---- the command ------------------------------------------------------------------ */

static void test_command(void **state) {
    test_store *f = *state;
    test_run r = test_dyadwatch(f->dir, "changes --series %s",
                                test_path("tests/data/analysis/nile.csv"));
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "normal mean-and-variance"));
    assert_non_null(strstr(r.out, "\n1899 "));
    assert_non_null(strstr(r.out, "(1898)"));
    test_run_free(&r);
    r = test_dyadwatch(f->dir, "changes --series %s --method bocpd",
                       test_path("tests/data/analysis/coal.csv"));
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Poisson"));
    test_run_free(&r);

    /* A bad CSV names its file and line. */
    char p[300];
    snprintf(p, sizeof p, "%s/bad.csv", f->dir);
    const char *bad = "date,value\n2020-01,3\n2020-02,x\n";
    test_write_file(p, bad, strlen(bad));
    r = test_dyadwatch(f->dir, "changes --series %s", p);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "bad.csv:3"));
    test_run_free(&r);

    /* The dyad commands on a small store. */
    static const spec d[] = {
        {"IRN", "AFGINSTAL", "1998-08-08", "186", 4, -10, "security", A, NULL, 9, 9, 11, NULL, NULL},
        {"AFGINSTAL", "IRN", "1998-11-02", "042", 1, 1.9, "diplomacy", A, NULL, NONE, NULL, NULL},
    };
    dw_error err = {0};
    assert_int_equal(add_doc(f->s, "d", "Wire", d, NE(d), &err), DW_OK);
    r = test_dyadwatch(f->dir, "series IRN TAL --db %s --format csv", f->path);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1998-08,1998-08-01,1998-08-31,1,1,1,0,0,0,1,-10,-10,-1,1,9,9,11,0"));
    assert_non_null(strstr(r.out, "1998-10,1998-10-01,1998-10-31,0,0,0"));
    test_run_free(&r);
    r = test_dyadwatch(f->dir, "series IRN TAL --db %s --format json --by year", f->path);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"period\":\"1998\""));
    test_run_free(&r);
    r = test_dyadwatch(f->dir, "series IRN XYZ --db %s", f->path);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "no actor"));
    assert_non_null(strstr(r.err, "'XYZ'"));
    test_run_free(&r);
    r = test_dyadwatch(f->dir, "series IRN TAL --db %s --track water", f->path);
    assert_int_equal(r.status, 0);
    assert_non_null(
        strstr(r.err, "no asserted or claimed events between IRN and TAL on the water track"));
    test_run_free(&r);
    r = test_dyadwatch(f->dir, "series IRN TAL --db %s --from 1999 --to 1998", f->path);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "is empty"));
    test_run_free(&r);
    r = test_dyadwatch(f->dir, "series iran TAL --db %s", f->path);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "bad actor key 'iran'"));
    test_run_free(&r);
    r = test_dyadwatch(f->dir, "series IRN TAL --db %s --by fortnight", f->path);
    assert_int_equal(r.status, 2);
    test_run_free(&r);
    r = test_dyadwatch(f->dir, "series IRN TAL --db %s/missing.db", f->dir);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no such database"));
    test_run_free(&r);
    r = test_dyadwatch(f->dir, "changes IRN TAL --db %s --method bocpd", f->path);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "too few values"));
    test_run_free(&r);
    r = test_dyadwatch(f->dir, "alerts IRN TAL --db %s", f->path);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "latest period 1998-11"));
    assert_non_null(strstr(r.out, "dual track"));
    test_run_free(&r);
    r = test_dyadwatch(f->dir, "alerts IRN USA --db %s", f->path);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "no alerts"));
    test_run_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cluster_rules),
        cmocka_unit_test_setup_teardown(test_three_reports_one_event, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cluster_apart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollups_after_random_ingests, setup, teardown),
        cmocka_unit_test(test_periods),
        cmocka_unit_test_setup_teardown(test_series_edges, setup, teardown),
        cmocka_unit_test(test_pelt_planted),
        cmocka_unit_test(test_bocpd_planted),
        cmocka_unit_test(test_nile),
        cmocka_unit_test(test_coal),
        cmocka_unit_test(test_changepoint_edges),
        cmocka_unit_test_setup_teardown(test_dyad_changes, setup, teardown),
        cmocka_unit_test(test_bands),
        cmocka_unit_test_setup_teardown(test_alerts_and_dual_track, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_v1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_command, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
