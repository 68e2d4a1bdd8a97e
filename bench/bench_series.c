/*
 * bench_series.c — how fast is a dyad series from a large store?
 *
 * Generates a store of N clustered events (10 million by default) over 30
 * years (1995–2024) between 36 actor codes — written straight into the
 * events, rollup_day and rollup_source tables in one transaction, as
 * ingest would leave them (the rollup rows are aggregated while generating,
 * day by day for each actor pair) — then times dw_series_build for Iran
 * and the Taliban (IRN × TAL: 5 Iranian codes × 2 Taliban codes, 5% of all
 * events) by month over the 30 years, and a few variants.
 *
 * usage: bench_series DB [EVENTS] [--no-events | --reuse]
 *   DB is created afresh (an existing file is replaced).  --no-events
 *   writes only the rollups (the series never reads the events table);
 *   --reuse times the queries on a DB made by an earlier run.
 *
 * Deterministic: a fixed xorshift seed.  Reports wall times in ms (the
 * best and the median of 7 runs, plus the first run after opening).
 */
#define _DEFAULT_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "dyadwatch/dyadwatch.h"

static const char *const ACTORS[] = {
    "IRN",    "IRNGOV", "IRNMIL", "IRNCOP",    "IRNSPY",    "AFGINSTAL", "AFGGOVTAL", "AFGGOV",
    "AFGMIL", "PAK",    "PAKGOV", "PAKMIL",    "USA",       "USAGOV",    "USAMIL",    "RUS",
    "RUSGOV", "CHN",    "CHNGOV", "IND",       "INDGOV",    "TUR",       "TURGOV",    "SAU",
    "SAUGOV", "QAT",    "QATGOV", "UZB",       "TJK",       "TKM",       "IRQ",       "IRQGOV",
    "SYR",    "ISR",    "ISRMIL", "IGOUNO"};
#define NACTORS (sizeof ACTORS / sizeof *ACTORS)
#define NSOURCES 50
#define TARGET_SHARE 0.05

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r) {
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return r->s;
}
static double unif(rng *r) { return (double)(next(r) >> 11) * (1.0 / 9007199254740992.0); }
static int pick(rng *r, int n) { return (int)(next(r) % (uint64_t)n); }

static int poisson(rng *r, double lambda) {
    if (lambda > 30) { /* normal approximation */
        double u = unif(r), v = unif(r);
        double z = sqrt(-2 * log(u + 1e-300)) * cos(6.283185307179586 * v);
        long k = lround(lambda + sqrt(lambda) * z);
        return k < 0 ? 0 : (int)k;
    }
    double l = exp(-lambda), p = 1;
    int k = 0;
    do {
        k++;
        p *= unif(r);
    } while (p > l);
    return k - 1;
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int is_irn(int a) { return a <= 4; }
static int is_tal(int a) { return a == 5 || a == 6; }

static void die(sqlite3 *db, const char *what) {
    fprintf(stderr, "bench_series: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
    exit(1);
}

static void exec(sqlite3 *db, const char *sql) {
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "bench_series: %s: %s\n", sql, msg ? msg : "");
        exit(1);
    }
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) die(db, sql);
    return st;
}

static void step(sqlite3 *db, sqlite3_stmt *st) {
    if (sqlite3_step(st) != SQLITE_DONE) die(db, "insert");
    sqlite3_reset(st);
}

/* Per-day aggregation slots. */
#define NTRACK 8
#define NQUAD 5
#define NMOD 4
#define NPREC 6
#define DAY_SLOTS (NTRACK * NQUAD * NMOD * NPREC)
#define SRC_SLOTS (NTRACK * NMOD * NPREC * NSOURCES)

typedef struct day_cell {
    long events, mentions, killed_events;
    double goldstein, killed;
} day_cell;

typedef struct gen_stats {
    long events, target_events, rollup_rows, source_rows;
} gen_stats;

static void generate(sqlite3 *db, long total, int with_events, gen_stats *gs) {
    rng r = {0x9E3779B97F4A7C15ULL};
    int32_t d0 = dw_date_days("1995-01-01", 10, 1), d1 = dw_date_days("2024-12-31", 10, 1);
    int days = d1 - d0 + 1;
    /* Pair weights: IRN×TAL pairs share TARGET_SHARE; the others the rest. */
    int target_pairs = 0, other_pairs = 0;
    for (size_t a = 0; a < NACTORS; a++)
        for (size_t b = 0; b < NACTORS; b++) {
            if (a == b) continue;
            int t = (is_irn((int)a) && is_tal((int)b)) || (is_tal((int)a) && is_irn((int)b));
            target_pairs += t;
            other_pairs += !t;
        }
    exec(db, "BEGIN");
    sqlite3_stmt *ins_actor = prep(db, "INSERT INTO actors (actor_id, actor_code, actor_country,"
                                       " actor_roles, actor_group) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (size_t a = 0; a < NACTORS; a++) {
        dw_actor x;
        dw_error err = {0};
        if (dw_actor_parse_code(ACTORS[a], &x, &err)) die(NULL, err.msg);
        char roles[16] = "";
        for (int i = 0; i < DW_MAX_ROLES && x.roles[i][0]; i++) {
            if (i) strcat(roles, ",");
            strcat(roles, x.roles[i]);
        }
        sqlite3_bind_int64(ins_actor, 1, (int64_t)a + 1);
        sqlite3_bind_text(ins_actor, 2, ACTORS[a], -1, SQLITE_STATIC);
        if (x.country[0]) sqlite3_bind_text(ins_actor, 3, x.country, -1, SQLITE_TRANSIENT);
        if (roles[0]) sqlite3_bind_text(ins_actor, 4, roles, -1, SQLITE_TRANSIENT);
        if (x.group[0]) sqlite3_bind_text(ins_actor, 5, x.group, -1, SQLITE_TRANSIENT);
        step(db, ins_actor);
        sqlite3_clear_bindings(ins_actor);
    }
    sqlite3_finalize(ins_actor);
    sqlite3_stmt *ins_source = prep(db, "INSERT INTO sources (source_id, name) VALUES (?1, ?2)");
    for (int s = 0; s < NSOURCES; s++) {
        char name[32];
        snprintf(name, sizeof name, "Outlet %02d", s);
        sqlite3_bind_int(ins_source, 1, s + 1);
        sqlite3_bind_text(ins_source, 2, name, -1, SQLITE_TRANSIENT);
        step(db, ins_source);
    }
    sqlite3_finalize(ins_source);
    sqlite3_stmt *ins_day = prep(
        db, "INSERT INTO rollup_day (src, tgt, day, track, quad, modality, prec, events,"
            " mentions, goldstein, killed, killed_low, killed_high, killed_events)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13)");
    sqlite3_stmt *ins_src = prep(db, "INSERT INTO rollup_source (src, tgt, day, track, modality,"
                                     " prec, source_id, mentions)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    sqlite3_stmt *ins_event = prep(
        db, "INSERT INTO events (rep_id, day_first, day_last, date, date_precision, src_actor,"
            " tgt_actor, quad_class, goldstein, track_id, modality, mod_class, symmetric,"
            " mentions, sources, killed, killed_low, killed_high)"
            " VALUES (?1, ?2, ?3, ?4, 'day', ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12, ?13, ?14,"
            " ?14, ?14)");
    static const char *const MOD[] = {"asserted", "negated", "hypothetical", "claimed"};
    static const double GOLD[] = {0, 2.8, 6.4, -2, -10};
    day_cell *cells = calloc(DAY_SLOTS, sizeof *cells);
    long *src_cells = calloc(SRC_SLOTS, sizeof *src_cells);
    if (!cells || !src_cells) die(NULL, "out of memory");
    long eid = 0;
    for (size_t a = 0; a < NACTORS; a++)
        for (size_t b = 0; b < NACTORS; b++) {
            if (a == b) continue;
            int target = (is_irn((int)a) && is_tal((int)b)) || (is_tal((int)a) && is_irn((int)b));
            double per_pair = target ? total * TARGET_SHARE / target_pairs
                                     : total * (1 - TARGET_SHARE) / other_pairs;
            double lambda = per_pair / days;
            for (int d = 0; d < days; d++) {
                int k = poisson(&r, lambda);
                if (!k) continue;
                memset(cells, 0, DAY_SLOTS * sizeof *cells);
                memset(src_cells, 0, SRC_SLOTS * sizeof *src_cells);
                for (int e = 0; e < k; e++) {
                    int track = pick(&r, NTRACK), quad = 1 + pick(&r, 4);
                    int m = pick(&r, 20), mod = m < 16 ? 0 : m < 18 ? 3 : m < 19 ? 1 : 2;
                    int p = pick(&r, 20), prec = p < 17 ? 0 : p < 19 ? 2 : 4;
                    int mentions = 1 + pick(&r, 3), killed = quad == 4 && pick(&r, 3) == 0
                                                                 ? pick(&r, 10)
                                                                 : -1;
                    day_cell *c = &cells[((track * NQUAD + quad) * NMOD + mod) * NPREC + prec];
                    c->events++;
                    c->mentions += mentions;
                    c->goldstein += GOLD[quad];
                    if (killed >= 0) c->killed += killed, c->killed_events++;
                    int srcs = 0;
                    for (int i = 0; i < mentions; i++) {
                        int s = pick(&r, NSOURCES);
                        src_cells[((track * NMOD + mod) * NPREC + prec) * NSOURCES + s]++;
                        srcs++;
                    }
                    gs->events++;
                    gs->target_events += target && (mod == 0 || mod == 3);
                    if (!with_events) continue;
                    char rep[32], date[DW_LABEL_MAX];
                    snprintf(rep, sizeof rep, "bench-%ld", ++eid);
                    dw_day_iso(d0 + d, date);
                    sqlite3_bind_text(ins_event, 1, rep, -1, SQLITE_TRANSIENT);
                    sqlite3_bind_int(ins_event, 2, d0 + d);
                    sqlite3_bind_int(ins_event, 3, d0 + d);
                    sqlite3_bind_text(ins_event, 4, date, -1, SQLITE_TRANSIENT);
                    sqlite3_bind_int64(ins_event, 5, (int64_t)a + 1);
                    sqlite3_bind_int64(ins_event, 6, (int64_t)b + 1);
                    sqlite3_bind_int(ins_event, 7, quad);
                    sqlite3_bind_double(ins_event, 8, GOLD[quad]);
                    sqlite3_bind_int(ins_event, 9, track);
                    sqlite3_bind_text(ins_event, 10, MOD[mod], -1, SQLITE_STATIC);
                    sqlite3_bind_int(ins_event, 11, mod == 1 ? 1 : mod == 2 ? 2 : 0);
                    sqlite3_bind_int(ins_event, 12, mentions);
                    sqlite3_bind_int(ins_event, 13, srcs);
                    if (killed >= 0) sqlite3_bind_int(ins_event, 14, killed);
                    else sqlite3_bind_null(ins_event, 14);
                    step(db, ins_event);
                }
                for (int i = 0; i < DAY_SLOTS; i++) {
                    const day_cell *c = &cells[i];
                    if (!c->events) continue;
                    int prec = i % NPREC, mod = i / NPREC % NMOD, quad = i / NPREC / NMOD % NQUAD,
                        track = i / NPREC / NMOD / NQUAD;
                    sqlite3_bind_int64(ins_day, 1, (int64_t)a + 1);
                    sqlite3_bind_int64(ins_day, 2, (int64_t)b + 1);
                    sqlite3_bind_int(ins_day, 3, d0 + d);
                    sqlite3_bind_int(ins_day, 4, track);
                    sqlite3_bind_int(ins_day, 5, quad);
                    sqlite3_bind_int(ins_day, 6, mod);
                    sqlite3_bind_int(ins_day, 7, prec);
                    sqlite3_bind_int64(ins_day, 8, c->events);
                    sqlite3_bind_int64(ins_day, 9, c->mentions);
                    sqlite3_bind_double(ins_day, 10, c->goldstein);
                    sqlite3_bind_double(ins_day, 11, c->killed);
                    sqlite3_bind_double(ins_day, 12, c->killed);
                    sqlite3_bind_int64(ins_day, 13, c->killed_events);
                    step(db, ins_day);
                    gs->rollup_rows++;
                }
                for (int i = 0; i < SRC_SLOTS; i++) {
                    if (!src_cells[i]) continue;
                    int s = i % NSOURCES, prec = i / NSOURCES % NPREC,
                        mod = i / NSOURCES / NPREC % NMOD, track = i / NSOURCES / NPREC / NMOD;
                    sqlite3_bind_int64(ins_src, 1, (int64_t)a + 1);
                    sqlite3_bind_int64(ins_src, 2, (int64_t)b + 1);
                    sqlite3_bind_int(ins_src, 3, d0 + d);
                    sqlite3_bind_int(ins_src, 4, track);
                    sqlite3_bind_int(ins_src, 5, mod);
                    sqlite3_bind_int(ins_src, 6, prec);
                    sqlite3_bind_int(ins_src, 7, s + 1);
                    sqlite3_bind_int64(ins_src, 8, src_cells[i]);
                    step(db, ins_src);
                    gs->source_rows++;
                }
            }
        }
    free(cells);
    free(src_cells);
    sqlite3_finalize(ins_day);
    sqlite3_finalize(ins_src);
    sqlite3_finalize(ins_event);
    exec(db, "COMMIT");
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Times one series (7 runs); returns the median in ms. */
static double time_series(dw_store *s, const dw_series_opts *o, const char *what, long *events) {
    double t[7];
    for (int i = 0; i < 7; i++) {
        dw_series ser;
        dw_error err = {0};
        double t0 = now_ms();
        if (dw_series_build(s, o, &ser, &err)) die(NULL, err.msg);
        t[i] = now_ms() - t0;
        if (events) *events = ser.total[DW_DIR_BOTH].events;
        if (i == 0)
            printf("  %-44s %6zu rows, %8ld events, %8ld reports, %3ld sources\n", what, ser.n,
                   ser.total[DW_DIR_BOTH].events, ser.total[DW_DIR_BOTH].mentions,
                   ser.total[DW_DIR_BOTH].sources);
        dw_series_free(&ser);
    }
    double first = t[0];
    qsort(t, 7, sizeof *t, cmp_double);
    printf("  %-44s first %7.1f ms, best %7.1f ms, median %7.1f ms\n", "", first, t[0], t[3]);
    return t[3];
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bench_series DB [EVENTS] [--no-events]\n");
        return 2;
    }
    const char *path = argv[1];
    long total = 10000000;
    int with_events = 1, reuse = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--no-events") == 0) with_events = 0;
        else if (strcmp(argv[i], "--reuse") == 0) reuse = 1;
        else total = atol(argv[i]);
    }
    if (total <= 0) return fprintf(stderr, "bench_series: bad event count\n"), 2;
    const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    dw_store *s;
    dw_error err = {0};
    gen_stats gs = {0};
    double t0, t1, t2;
    if (reuse) {
        if (access(path, R_OK) != 0) return fprintf(stderr, "bench_series: no %s\n", path), 1;
        if (dw_store_open(path, &s, &err)) die(NULL, err.msg);
        sqlite3_stmt *st = prep(dw_store_handle(s), "SELECT sum(events) FROM rollup_day");
        if (sqlite3_step(st) == SQLITE_ROW) gs.events = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        st = prep(dw_store_handle(s), "SELECT sum(events) FROM rollup_day WHERE src IN"
                                      " (1, 2, 3, 4, 5, 6, 7) AND tgt IN (1, 2, 3, 4, 5, 6, 7)"
                                      " AND (src <= 5) <> (tgt <= 5) AND modality IN (0, 3)");
        if (sqlite3_step(st) == SQLITE_ROW) gs.target_events = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        printf("== reusing %s: %ld events\n", path, gs.events);
        goto timing;
    }
    for (int i = 0; i < 4; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
    if (dw_store_open(path, &s, &err)) die(NULL, err.msg);
    sqlite3 *db = dw_store_handle(s);
    /* A bulk load: no journal, indexes built afterwards. */
    exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
             "PRAGMA cache_size = -1000000;"
             "DROP INDEX events_day; DROP INDEX events_dyad; DROP INDEX events_src_group;"
             "DROP INDEX events_tgt_group; DROP INDEX events_cluster; DROP INDEX events_pair;");
    printf("== generating %ld events over 1995-2024 (%s)\n", total,
           with_events ? "events and rollups" : "rollups only");
    t0 = now_ms();
    generate(db, total, with_events, &gs);
    t1 = now_ms();
    exec(db, "CREATE INDEX events_day ON events(day_first);"
             "CREATE INDEX events_pair ON events(src_actor, tgt_actor, day_first);");
    t2 = now_ms();
    printf("  %ld events, %ld rollup_day rows, %ld rollup_source rows: %.1f s (+ %.1f s of "
           "indexes)\n",
           gs.events, gs.rollup_rows, gs.source_rows, (t1 - t0) / 1e3, (t2 - t1) / 1e3);
    dw_store_close(s);
    /* (The other event indexes are rebuilt by the next open.) */
    t0 = now_ms();
    if (dw_store_open(path, &s, &err)) die(NULL, err.msg);
    printf("  reopening (rebuilds the clustering indexes): %.1f s\n", (now_ms() - t0) / 1e3);
timing:;

    printf("== series (asserted and claimed events)\n");
    dw_series_opts o = {.a = "IRN", .b = "TAL", .unit = DW_UNIT_MONTH, .track = DW_TRACK_ALL};
    long events = 0;
    double month = time_series(s, &o, "IRN-TAL by month, 30 years", &events);
    if (events != gs.target_events) {
        fprintf(stderr, "bench_series: the series counts %ld events, the generator %ld\n",
                events, gs.target_events);
        return 1;
    }
    o.by_track = 1;
    time_series(s, &o, "IRN-TAL by month, with per-track cells", NULL);
    o.by_track = 0;
    o.unit = DW_UNIT_DAY;
    time_series(s, &o, "IRN-TAL by day", NULL);
    o.unit = DW_UNIT_ACLED_WEEK;
    time_series(s, &o, "IRN-TAL by ACLED week", NULL);
    o.unit = DW_UNIT_MONTH;
    o.track = DW_TRACK_SECURITY;
    time_series(s, &o, "IRN-TAL by month, security track", NULL);
    o.track = DW_TRACK_ALL;
    o.a = "PAKMIL";
    o.b = "AFGGOV";
    time_series(s, &o, "PAKMIL-AFGGOV by month (one pair)", NULL);
    o.a = "GOV";
    o.b = "IRN";
    time_series(s, &o, "GOV-IRN by month (a role: 13 x 5 codes)", NULL);

    /* The analysis on top of the monthly series. */
    o.a = "IRN";
    o.b = "TAL";
    dw_series ser;
    if (dw_series_build(s, &o, &ser, &err)) die(NULL, err.msg);
    dw_change_opts co = {.method = DW_CP_PELT, .metric = DW_METRIC_EVENTS, .dir = DW_DIR_BOTH,
                         .track = DW_TRACK_ALL, .drivers = 3};
    dw_change_list cl;
    t0 = now_ms();
    if (dw_series_changes(s, &ser, &co, &cl, &err)) die(NULL, err.msg);
    printf("== PELT on the monthly series with 3 driving events per change: %zu changes, %.1f ms\n",
           cl.n, now_ms() - t0);
    dw_change_list_free(&cl);
    co.method = DW_CP_BOCPD;
    t0 = now_ms();
    if (dw_series_changes(s, &ser, &co, &cl, &err)) die(NULL, err.msg);
    printf("== BOCPD likewise: %zu changes, %.1f ms\n", cl.n, now_ms() - t0);
    dw_change_list_free(&cl);
    dw_series_free(&ser);
    dw_store_close(s);
    printf("\nseries for one dyad over 30 years by month from %ld events: %.1f ms (median)%s\n",
           gs.events, month, month < 1000 ? "" : "  ** over the one-second target **");
    return 0;
}
