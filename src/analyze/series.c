/*
 * series.c — dyad series from the rollups (series.h), and the calendar,
 * track, direction and metric names they use.
 *
 * How a series is read: the actor keys A and B are resolved to the actor
 * ids they select (a small table); every (src, tgt) pair of ids is then an
 * index range scan of rollup_day over the requested days, summed in C
 * into the period of each day.  A pair with src in A and tgt in B is A→B;
 * one with src in B and tgt in A (and not also A→B) is B→A — so an event
 * is in one direction only and the undirected cell is their sum.
 * Distinct sources are not additive: rollup_source rows are scanned the
 * same way and counted once per (period, direction, track, source) with a
 * hash set.
 *
 * Invariants: rows are consecutive periods; dir[DW_DIR_BOTH] = dir[AB] +
 * dir[BA] for every additive field; total is the sum of rows (sources:
 * distinct over the whole range).
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/store_sql.h"
#include "dyadwatch/series.h"

/* ---- calendar --------------------------------------------------------------- */

static int64_t fdiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

/* Days from civil and back (Howard Hinnant's algorithms). */
static int32_t days_of(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = fdiv(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

static void civil(int32_t z, int64_t *y, int *m, int *d) {
    int64_t zz = (int64_t)z + 719468;
    int64_t era = fdiv(zz, 146097);
    int64_t doe = zz - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static const char *const UNIT_NAMES[DW_NUNITS] = {"day",   "week",    "acled-week",
                                                  "month", "quarter", "year"};

int dw_unit_parse(const char *name, dw_unit *out) {
    for (int i = 0; name && i < DW_NUNITS; i++)
        if (strcmp(name, UNIT_NAMES[i]) == 0) return *out = (dw_unit)i, 1;
    return 0;
}

const char *dw_unit_name(dw_unit u) { return u >= 0 && u < DW_NUNITS ? UNIT_NAMES[u] : "?"; }

/* 1970-01-01 was a Thursday: ISO weeks start 3 days before a multiple of
 * 7, ACLED weeks (Saturday) 2 days after. */
#define ISO_WEEK_SHIFT 3
#define ACLED_WEEK_SHIFT (-2)

int64_t dw_period_of_day(dw_unit u, int32_t day) {
    int64_t y;
    int m, d;
    switch (u) {
    case DW_UNIT_DAY: return day;
    case DW_UNIT_WEEK: return fdiv((int64_t)day + ISO_WEEK_SHIFT, 7);
    case DW_UNIT_ACLED_WEEK: return fdiv((int64_t)day + ACLED_WEEK_SHIFT, 7);
    default: break;
    }
    civil(day, &y, &m, &d);
    if (u == DW_UNIT_MONTH) return y * 12 + (m - 1);
    if (u == DW_UNIT_QUARTER) return y * 4 + (m - 1) / 3;
    return y;
}

int32_t dw_period_first_day(dw_unit u, int64_t p) {
    switch (u) {
    case DW_UNIT_DAY: return (int32_t)p;
    case DW_UNIT_WEEK: return (int32_t)(p * 7 - ISO_WEEK_SHIFT);
    case DW_UNIT_ACLED_WEEK: return (int32_t)(p * 7 - ACLED_WEEK_SHIFT);
    case DW_UNIT_MONTH: return days_of(fdiv(p, 12), (int)(p - fdiv(p, 12) * 12) + 1, 1);
    case DW_UNIT_QUARTER: return days_of(fdiv(p, 4), (int)(p - fdiv(p, 4) * 4) * 3 + 1, 1);
    default: return days_of(p, 1, 1);
    }
}

int32_t dw_period_last_day(dw_unit u, int64_t p) { return dw_period_first_day(u, p + 1) - 1; }

/* Formats into a label, cut to DW_LABEL_MAX − 1 bytes (years beyond four
 * digits are the only way to get near it). */
static void put(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(char *out, const char *fmt, ...) {
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    size_t n = strnlen(tmp, DW_LABEL_MAX - 1);
    memcpy(out, tmp, n);
    out[n] = '\0';
}

void dw_day_iso(int32_t day, char out[DW_LABEL_MAX]) {
    int64_t y;
    int m, d;
    civil(day, &y, &m, &d);
    put(out, "%04lld-%02d-%02d", (long long)y, m, d);
}

void dw_period_label(dw_unit u, int64_t p, char out[DW_LABEL_MAX]) {
    int64_t y;
    int m, d;
    switch (u) {
    case DW_UNIT_WEEK: {
        /* The ISO year is the year of the week's Thursday. */
        int32_t thu = dw_period_first_day(u, p) + 3;
        civil(thu, &y, &m, &d);
        int32_t jan1 = days_of(y, 1, 1);
        put(out, "%04lld-W%02d", (long long)y, (thu - jan1) / 7 + 1);
        return;
    }
    case DW_UNIT_MONTH:
        put(out, "%04lld-%02d", (long long)fdiv(p, 12),
                 (int)(p - fdiv(p, 12) * 12) + 1);
        return;
    case DW_UNIT_QUARTER:
        put(out, "%04lld-Q%d", (long long)fdiv(p, 4),
                 (int)(p - fdiv(p, 4) * 4) + 1);
        return;
    case DW_UNIT_YEAR: put(out, "%04lld", (long long)p); return;
    default: dw_day_iso(dw_period_first_day(u, p), out); return;
    }
}

/* ---- names ------------------------------------------------------------------ */

static const char *const TRACK_NAMES[DW_NTRACKS] = {"security",  "diplomacy", "economy",
                                                    "water",     "narcotics", "migration",
                                                    "ideology",  "other"};

int dw_track_parse(const char *name, int *out) {
    if (name && strcmp(name, "all") == 0) return *out = DW_TRACK_ALL, 1;
    for (int i = 0; name && i < DW_NTRACKS; i++)
        if (strcmp(name, TRACK_NAMES[i]) == 0) return *out = i, 1;
    return 0;
}

int dw_track_of(const char *name) {
    int t;
    return dw_track_parse(name, &t) && t != DW_TRACK_ALL ? t : DW_TRACK_OTHER;
}

const char *dw_track_name(int t) {
    return t == DW_TRACK_ALL ? "all" : t >= 0 && t < DW_NTRACKS ? TRACK_NAMES[t] : "?";
}

static const char *const DIR_NAMES[DW_NDIRS] = {"ab", "ba", "both"};

int dw_dir_parse(const char *name, dw_dir *out) {
    for (int i = 0; name && i < DW_NDIRS; i++)
        if (strcmp(name, DIR_NAMES[i]) == 0) return *out = (dw_dir)i, 1;
    return 0;
}

const char *dw_dir_name(dw_dir d) { return d >= 0 && d < DW_NDIRS ? DIR_NAMES[d] : "?"; }

static const char *const METRIC_NAMES[DW_NMETRICS] = {
    "events", "conflict", "cooperation", "fatalities", "mentions", "goldstein", "net"};

int dw_metric_parse(const char *name, dw_metric *out) {
    for (int i = 0; name && i < DW_NMETRICS; i++)
        if (strcmp(name, METRIC_NAMES[i]) == 0) return *out = (dw_metric)i, 1;
    return 0;
}

const char *dw_metric_name(dw_metric m) {
    return m >= 0 && m < DW_NMETRICS ? METRIC_NAMES[m] : "?";
}

int dw_metric_is_count(dw_metric m) { return m != DW_METRIC_GOLDSTEIN && m != DW_METRIC_NET_COOPERATION; }

int dw_actor_key_check(const char *key, dw_error *err) {
    size_t n = key ? strlen(key) : 0;
    int ok = n >= 3 && n <= 30 && n % 3 == 0;
    for (size_t i = 0; ok && i < n; i++)
        ok = (key[i] >= 'A' && key[i] <= 'Z') || (key[i] >= '0' && key[i] <= '9');
    if (ok) return DW_OK;
    return dw_fail(err, DW_EINVAL,
                   "bad actor key '%s': expected a country (IRN), role (GOV), group (TAL) or "
                   "code (AFGINSTAL) in upper case",
                   key ? key : "");
}

/* ---- cells -------------------------------------------------------------------- */

double dw_cell_goldstein_mean(const dw_series_cell *c) {
    return c->events > 0 ? c->goldstein_sum / (double)c->events : NAN;
}

long dw_cell_net_cooperation(const dw_series_cell *c) {
    return c->quad[1] + c->quad[2] - c->quad[3] - c->quad[4];
}

double dw_cell_conflict_share(const dw_series_cell *c) {
    long known = c->quad[1] + c->quad[2] + c->quad[3] + c->quad[4];
    return known > 0 ? (double)(c->quad[3] + c->quad[4]) / (double)known : NAN;
}

static void cell_add(dw_series_cell *to, const dw_series_cell *c) {
    to->events += c->events;
    to->mentions += c->mentions;
    for (int q = 0; q < 5; q++) to->quad[q] += c->quad[q];
    to->goldstein_sum += c->goldstein_sum;
    to->killed += c->killed;
    to->killed_low += c->killed_low;
    to->killed_high += c->killed_high;
    to->killed_events += c->killed_events;
    to->imprecise += c->imprecise;
}

void dw_series_free(dw_series *s) {
    if (!s) return;
    free(s->rows);
    free(s->tracks);
    memset(s, 0, sizeof *s);
}

const dw_series_cell *dw_series_track_cell(const dw_series *s, size_t i, int track, dw_dir d) {
    if (!s->tracks || i >= s->n || track < 0 || track >= DW_NTRACKS || d < 0 || d >= DW_NDIRS)
        return NULL;
    return &s->tracks[(i * DW_NTRACKS + (size_t)track) * DW_NDIRS + d];
}

/* ---- reading the rollups ------------------------------------------------------ */

typedef struct ids {
    int64_t *v;
    size_t n, cap;
} ids;

static int ids_has(const ids *x, int64_t id) {
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->v[mid] == id) return 1;
        if (x->v[mid] < id) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

#define MAX_ACTOR_IDS 100000
#define MAX_PAIRS 2000000

static const char ACTORS_SQL[] = "SELECT actor_id FROM actors WHERE "
    DW_SQL_ACTOR_MATCH("actor", "?1") " ORDER BY actor_id";

typedef struct reader {
    sqlite3 *db;
    const char *path;
    dw_error *err;
} reader;

static int db_fail(const reader *r, const char *what) {
    return dw_fail(r->err, DW_EDB, "%s: %s: %s", r->path, what, sqlite3_errmsg(r->db));
}

static int oom(const reader *r) {
    return dw_fail(r->err, DW_ENOMEM, "%s: out of memory building a series", r->path);
}

static int resolve(const reader *r, const char *key, ids *out) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(r->db, ACTORS_SQL, -1, &st, NULL) != SQLITE_OK)
        return db_fail(r, "cannot read the actors");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = DW_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 16;
            int64_t *v = cap <= MAX_ACTOR_IDS ? realloc(out->v, cap * sizeof *v) : NULL;
            if (!v) {
                rc = cap > MAX_ACTOR_IDS
                         ? dw_fail(r->err, DW_ELIMIT, "actor key '%s' selects over %d actors",
                                   key, MAX_ACTOR_IDS)
                         : oom(r);
                break;
            }
            out->v = v;
            out->cap = cap;
        }
        out->v[out->n++] = sqlite3_column_int64(st, 0);
    }
    if (!rc && step != SQLITE_DONE) rc = db_fail(r, "cannot read the actors");
    sqlite3_finalize(st);
    return rc;
}

typedef struct pair {
    int64_t src, tgt;
    int dir;
} pair;

typedef struct pairs {
    pair *v;
    size_t n, cap;
} pairs;

static int push_pair(const reader *r, pairs *p, int64_t src, int64_t tgt, int dir) {
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        if (cap > MAX_PAIRS)
            return dw_fail(r->err, DW_ELIMIT,
                           "the actor keys select too many actor pairs (over %d)", MAX_PAIRS);
        pair *v = realloc(p->v, cap * sizeof *v);
        if (!v) return oom(r);
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = (pair){src, tgt, dir};
    return DW_OK;
}

/* Every ordered pair of ids between the keys, each with its direction. */
static int make_pairs(const reader *r, const ids *a, const ids *b, pairs *out) {
    int rc = DW_OK;
    for (size_t i = 0; !rc && i < a->n; i++)
        for (size_t j = 0; !rc && j < b->n; j++) rc = push_pair(r, out, a->v[i], b->v[j], DW_DIR_AB);
    for (size_t i = 0; !rc && i < b->n; i++)
        for (size_t j = 0; !rc && j < a->n; j++)
            if (!(ids_has(a, b->v[i]) && ids_has(b, a->v[j])))
                rc = push_pair(r, out, b->v[i], a->v[j], DW_DIR_BA);
    return rc;
}

/* Filter shared by the range and scan queries: ?3 / ?4 day range,
 * ?5 all modalities, ?6 track or −1, ?7 the largest precision class kept. */
#define FILTER                                                                   \
    " WHERE src = ?1 AND tgt = ?2 AND day BETWEEN ?3 AND ?4"                     \
    " AND (?5 OR modality IN (0, 3)) AND (?6 < 0 OR track = ?6) AND prec <= ?7"

static const char *const EDGE_SQL[2] = {
    "SELECT day FROM rollup_day" FILTER " ORDER BY day LIMIT 1",
    "SELECT day FROM rollup_day" FILTER " ORDER BY day DESC LIMIT 1",
};

static const char SCAN_SQL[] =
    "SELECT day, track, quad, prec, events, mentions, goldstein, killed, killed_low,"
    " killed_high, killed_events FROM rollup_day" FILTER;

static const char SOURCES_SQL[] = "SELECT day, track, source_id FROM rollup_source" FILTER;

typedef struct scan_ctx {
    const dw_series_opts *o;
    int64_t lo, hi;           /* day range of the scan */
    int max_prec;             /* events above are left out (precise_only) */
    int unit_prec;            /* events above are imprecise */
} scan_ctx;

static void bind_filter(sqlite3_stmt *st, const scan_ctx *c, const pair *p) {
    sqlite3_bind_int64(st, 1, p->src);
    sqlite3_bind_int64(st, 2, p->tgt);
    sqlite3_bind_int64(st, 3, c->lo);
    sqlite3_bind_int64(st, 4, c->hi);
    sqlite3_bind_int(st, 5, c->o->all_modalities != 0);
    sqlite3_bind_int(st, 6, c->o->track);
    sqlite3_bind_int(st, 7, c->max_prec);
}

/* The first (which 0) or last (1) day with a counted event over all pairs. */
static int edge_day(const reader *r, const scan_ctx *c, const pairs *p, int which, int *found,
                    int64_t *day) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(r->db, EDGE_SQL[which], -1, &st, NULL) != SQLITE_OK)
        return db_fail(r, "cannot read the rollups");
    int rc = DW_OK;
    for (size_t i = 0; !rc && i < p->n; i++) {
        bind_filter(st, c, &p->v[i]);
        int step = sqlite3_step(st);
        if (step == SQLITE_ROW) {
            int64_t d = sqlite3_column_int64(st, 0);
            if (!*found || (which == 0 ? d < *day : d > *day)) *day = d;
            *found = 1;
        } else if (step != SQLITE_DONE) {
            rc = db_fail(r, "cannot read the rollups");
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

static dw_series_cell *track_cell(dw_series *s, size_t row, int track, int dir) {
    return &s->tracks[(row * DW_NTRACKS + (size_t)track) * DW_NDIRS + (size_t)dir];
}

/* Rows come in day order within a pair: remembering the last day's row
 * saves most calendar arithmetic. */
typedef struct row_cache {
    int32_t day;
    int64_t row;
    int valid;
} row_cache;

static int64_t row_of_day(const dw_series *s, row_cache *rc, int32_t day, int64_t first_period) {
    if (!rc->valid || rc->day != day) {
        rc->day = day;
        rc->row = dw_period_of_day(s->unit, day) - first_period;
        rc->valid = 1;
    }
    return rc->row;
}

static int scan_counts(const reader *r, const scan_ctx *c, const pairs *p, dw_series *s,
                       int64_t first_period) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(r->db, SCAN_SQL, -1, &st, NULL) != SQLITE_OK)
        return db_fail(r, "cannot read the rollups");
    int rc = DW_OK;
    row_cache cache = {0};
    for (size_t i = 0; !rc && i < p->n; i++) {
        bind_filter(st, c, &p->v[i]);
        int dir = p->v[i].dir, step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t row = row_of_day(s, &cache, (int32_t)sqlite3_column_int64(st, 0),
                                     first_period);
            if (row < 0 || (size_t)row >= s->n) continue; /* cannot happen: day is in range */
            int track = sqlite3_column_int(st, 1), quad = sqlite3_column_int(st, 2);
            dw_series_cell x = {0};
            x.events = (long)sqlite3_column_int64(st, 4);
            x.mentions = (long)sqlite3_column_int64(st, 5);
            x.quad[quad >= 0 && quad <= 4 ? quad : 0] = x.events;
            x.goldstein_sum = sqlite3_column_double(st, 6);
            x.killed = sqlite3_column_double(st, 7);
            x.killed_low = sqlite3_column_double(st, 8);
            x.killed_high = sqlite3_column_double(st, 9);
            x.killed_events = (long)sqlite3_column_int64(st, 10);
            x.imprecise = sqlite3_column_int(st, 3) > c->unit_prec ? x.events : 0;
            cell_add(&s->rows[row].dir[dir], &x);
            if (s->tracks && track >= 0 && track < DW_NTRACKS)
                cell_add(track_cell(s, (size_t)row, track, dir), &x);
        }
        if (step != SQLITE_DONE) rc = db_fail(r, "cannot read the rollups");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- distinct sources ---------------------------------------------------------- */

/* A set of 64-bit keys (open addressing; 0 is never a key). */
typedef struct keyset {
    uint64_t *v;
    size_t n, cap;
} keyset;

static uint64_t mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

/* 1 when added, 0 when present, −1 out of memory. */
static int keyset_add(keyset *k, uint64_t key) {
    if ((k->n + 1) * 2 > k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 1024;
        uint64_t *v = calloc(cap, sizeof *v);
        if (!v) return -1;
        for (size_t i = 0; i < k->cap; i++)
            if (k->v[i]) {
                size_t j = mix(k->v[i]) & (cap - 1);
                while (v[j]) j = (j + 1) & (cap - 1);
                v[j] = k->v[i];
            }
        free(k->v);
        k->v = v;
        k->cap = cap;
    }
    size_t j = mix(key) & (k->cap - 1);
    while (k->v[j]) {
        if (k->v[j] == key) return 0;
        j = (j + 1) & (k->cap - 1);
    }
    k->v[j] = key;
    k->n++;
    return 1;
}

/* Distinct sources per (row, direction, track slot): a bitmap over source
 * ids when it is small (the usual case: tens or hundreds of outlets), else a
 * hash set of (row, slot, source) keys.  Slot = direction × (DW_NTRACKS + 1)
 * + track, DW_NTRACKS standing for all tracks; row n is the total. */
#define NSLOTS (DW_NDIRS * (DW_NTRACKS + 1))
#define MAX_BITMAP_WORDS (4u << 20) /* 32 MiB */
#define SLOT_BITS 5
#define SOURCE_BITS 32

typedef struct distinct {
    uint64_t *bits;
    size_t words; /* per (row, slot); 0 in hash mode */
    keyset k;
} distinct;

static int distinct_init(const reader *r, distinct *x, size_t rows) {
    memset(x, 0, sizeof *x);
    sqlite3_stmt *st = NULL;
    int64_t max_id = 0;
    if (sqlite3_prepare_v2(r->db, "SELECT max(source_id) FROM sources", -1, &st, NULL) !=
        SQLITE_OK)
        return db_fail(r, "cannot read the sources");
    if (sqlite3_step(st) == SQLITE_ROW) max_id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    size_t words = (size_t)(max_id < 0 ? 0 : max_id) / 64 + 1;
    if (words <= MAX_BITMAP_WORDS / NSLOTS / (rows + 1)) {
        x->words = words;
        x->bits = calloc((rows + 1) * NSLOTS * words, sizeof *x->bits);
        if (!x->bits) return oom(r);
    }
    return DW_OK;
}

/* 1 when new, 0 when seen, −1 out of memory. */
static int distinct_add(distinct *x, size_t row, int slot, int64_t source) {
    if (x->words) {
        uint64_t *w = &x->bits[(row * NSLOTS + (size_t)slot) * x->words + (size_t)source / 64];
        uint64_t bit = 1ULL << (source % 64);
        if (*w & bit) return 0;
        *w |= bit;
        return 1;
    }
    uint64_t key = ((uint64_t)row << (SLOT_BITS + SOURCE_BITS)) |
                   ((uint64_t)slot << SOURCE_BITS) | ((uint64_t)source + 1);
    return keyset_add(&x->k, key);
}

static long *source_counter(dw_series *s, size_t row, int dir, int track) {
    if (row == s->n) {
        if (track == DW_NTRACKS) return &s->total[dir].sources;
        return &s->track_total[track][dir].sources;
    }
    if (track == DW_NTRACKS) return &s->rows[row].dir[dir].sources;
    return &track_cell(s, row, track, dir)->sources;
}

static int scan_sources(const reader *r, const scan_ctx *c, const pairs *p, dw_series *s,
                        int64_t first_period) {
    distinct x;
    int rc = distinct_init(r, &x, s->n);
    if (rc) return rc;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(r->db, SOURCES_SQL, -1, &st, NULL) != SQLITE_OK) {
        free(x.bits);
        return db_fail(r, "cannot read the source rollups");
    }
    row_cache cache = {0};
    for (size_t i = 0; !rc && i < p->n; i++) {
        bind_filter(st, c, &p->v[i]);
        int dir = p->v[i].dir, step;
        while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t row = row_of_day(s, &cache, (int32_t)sqlite3_column_int64(st, 0),
                                     first_period);
            int track = sqlite3_column_int(st, 1);
            int64_t source = sqlite3_column_int64(st, 2);
            if (row < 0 || (size_t)row >= s->n || source < 0 || source >= (1LL << 31)) continue;
            int tracks[2] = {DW_NTRACKS, track};
            int nt = s->tracks && track >= 0 && track < DW_NTRACKS ? 2 : 1;
            int dirs[2] = {dir, DW_DIR_BOTH};
            size_t rows[2] = {(size_t)row, s->n};
            for (int a = 0; a < 2; a++)
                for (int d = 0; d < 2; d++)
                    for (int t = 0; t < nt; t++) {
                        int added = distinct_add(&x, rows[a], dirs[d] * (DW_NTRACKS + 1) + tracks[t],
                                                 source);
                        if (added > 0) ++*source_counter(s, rows[a], dirs[d], tracks[t]);
                        else if (added < 0) rc = oom(r);
                    }
        }
        if (!rc && step != SQLITE_DONE) rc = db_fail(r, "cannot read the source rollups");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    free(x.bits);
    free(x.k.v);
    return rc;
}

/* ---- building --------------------------------------------------------------- */

static int check_opts(const dw_series_opts *o, dw_error *err) {
    if (!o) return dw_fail(err, DW_EINVAL, "a series needs options");
    if (!o->a || !o->b) return dw_fail(err, DW_EINVAL, "a series needs two actor keys (A and B)");
    int rc = dw_actor_key_check(o->a, err);
    if (!rc) rc = dw_actor_key_check(o->b, err);
    if (rc) return rc;
    if (o->unit < 0 || o->unit >= DW_NUNITS)
        return dw_fail(err, DW_EINVAL, "bad series period %d", (int)o->unit);
    if (o->track < DW_TRACK_ALL || o->track >= DW_NTRACKS)
        return dw_fail(err, DW_EINVAL, "bad track %d", o->track);
    return DW_OK;
}

static void fill_totals(dw_series *s) {
    for (size_t i = 0; i < s->n; i++) {
        dw_series_row *r = &s->rows[i];
        long sources = r->dir[DW_DIR_BOTH].sources;
        r->dir[DW_DIR_BOTH] = (dw_series_cell){0};
        r->dir[DW_DIR_BOTH].sources = sources;
        cell_add(&r->dir[DW_DIR_BOTH], &r->dir[DW_DIR_AB]);
        cell_add(&r->dir[DW_DIR_BOTH], &r->dir[DW_DIR_BA]);
        for (int d = 0; d < DW_NDIRS; d++) cell_add(&s->total[d], &r->dir[d]);
        for (int t = 0; s->tracks && t < DW_NTRACKS; t++) {
            dw_series_cell *both = track_cell(s, i, t, DW_DIR_BOTH);
            long src = both->sources;
            *both = (dw_series_cell){0};
            both->sources = src;
            cell_add(both, track_cell(s, i, t, DW_DIR_AB));
            cell_add(both, track_cell(s, i, t, DW_DIR_BA));
            for (int d = 0; d < DW_NDIRS; d++)
                cell_add(&s->track_total[t][d], track_cell(s, i, t, d));
        }
    }
}

static int build(const reader *r, const dw_series_opts *o, dw_series *s) {
    static const int unit_prec[DW_NUNITS] = DW_PREC_OF_UNIT;
    int32_t from, to;
    int rc = dw_store_day_range(o->from, o->to, &from, &to, r->err);
    if (rc) return rc;
    s->from_day = from;
    s->to_day = to;
    if (from > to) return DW_OK; /* an empty range: no rows */

    ids a = {0}, b = {0};
    pairs p = {0};
    rc = resolve(r, o->a, &a);
    if (!rc) rc = resolve(r, o->b, &b);
    s->a_actors = a.n;
    s->b_actors = b.n;
    if (!rc) rc = make_pairs(r, &a, &b, &p);
    free(a.v);
    free(b.v);

    scan_ctx c = {o, from, to, o->precise_only ? unit_prec[o->unit] : INT_MAX,
                  unit_prec[o->unit]};
    int64_t first = 0, last = 0;
    int has_first = 0, has_last = 0;
    if (!rc && p.n && o->from && *o->from) first = from, has_first = 1;
    else if (!rc && p.n) rc = edge_day(r, &c, &p, 0, &has_first, &first);
    if (!rc && p.n && o->to && *o->to) last = to, has_last = 1;
    else if (!rc && p.n) rc = edge_day(r, &c, &p, 1, &has_last, &last);
    if (rc || !has_first || !has_last || first > last) {
        free(p.v);
        return rc;
    }
    int64_t p0 = dw_period_of_day(o->unit, (int32_t)first);
    int64_t p1 = dw_period_of_day(o->unit, (int32_t)last);
    if (p1 - p0 + 1 > DW_SERIES_MAX_PERIODS) {
        free(p.v);
        return dw_fail(r->err, DW_ELIMIT,
                       "the range holds %lld periods by %s, more than %d: choose a longer "
                       "period or a shorter range",
                       (long long)(p1 - p0 + 1), dw_unit_name(o->unit), DW_SERIES_MAX_PERIODS);
    }
    s->n = (size_t)(p1 - p0 + 1);
    s->rows = calloc(s->n, sizeof *s->rows);
    if (o->by_track && s->rows) s->tracks = calloc(s->n * DW_NTRACKS * DW_NDIRS, sizeof *s->tracks);
    if (!s->rows || (o->by_track && !s->tracks)) rc = oom(r);
    for (size_t i = 0; !rc && i < s->n; i++) {
        dw_series_row *row = &s->rows[i];
        row->period = p0 + (int64_t)i;
        row->first_day = dw_period_first_day(o->unit, row->period);
        row->last_day = dw_period_last_day(o->unit, row->period);
        dw_period_label(o->unit, row->period, row->label);
    }
    /* Scan whole periods, clipped to the requested range. */
    c.lo = s->n ? (from > s->rows[0].first_day ? from : s->rows[0].first_day) : 0;
    c.hi = s->n ? (to < s->rows[s->n - 1].last_day ? to : s->rows[s->n - 1].last_day) : 0;
    if (!rc) rc = scan_counts(r, &c, &p, s, p0);
    if (!rc) rc = scan_sources(r, &c, &p, s, p0);
    if (!rc) fill_totals(s);
    free(p.v);
    return rc;
}

int dw_series_build(dw_store *st, const dw_series_opts *o, dw_series *out, dw_error *err) {
    memset(out, 0, sizeof *out);
    int rc = check_opts(o, err);
    if (rc) return rc;
    snprintf(out->a, sizeof out->a, "%s", o->a);
    snprintf(out->b, sizeof out->b, "%s", o->b);
    out->unit = o->unit;
    out->track = o->track;
    out->all_modalities = o->all_modalities;
    out->precise_only = o->precise_only;
    sqlite3 *db = dw_store_handle(st);
    reader r = {db, sqlite3_db_filename(db, "main"), err};
    if (!r.path) r.path = "(database)";
    rc = build(&r, o, out);
    if (rc) {
        dw_series_free(out);
        return rc;
    }
    return DW_OK;
}

/* ---- values ------------------------------------------------------------------- */

int dw_series_values(const dw_series *s, dw_metric m, dw_dir d, int track, double *out,
                     unsigned char *defined, dw_error *err) {
    if (m < 0 || m >= DW_NMETRICS) return dw_fail(err, DW_EINVAL, "bad metric %d", (int)m);
    if (d < 0 || d >= DW_NDIRS) return dw_fail(err, DW_EINVAL, "bad direction %d", (int)d);
    if (track != DW_TRACK_ALL && !dw_series_track_cell(s, 0, track, d) && s->n)
        return dw_fail(err, DW_EINVAL, "the series has no per-track cells for track '%s'",
                       dw_track_name(track));
    for (size_t i = 0; i < s->n; i++) {
        const dw_series_cell *c =
            track == DW_TRACK_ALL ? &s->rows[i].dir[d] : dw_series_track_cell(s, i, track, d);
        double v = 0;
        int ok = 1;
        switch (m) {
        case DW_METRIC_EVENTS: v = (double)c->events; break;
        case DW_METRIC_CONFLICT: v = (double)(c->quad[3] + c->quad[4]); break;
        case DW_METRIC_COOPERATION: v = (double)(c->quad[1] + c->quad[2]); break;
        case DW_METRIC_FATALITIES: v = c->killed; break;
        case DW_METRIC_MENTIONS: v = (double)c->mentions; break;
        case DW_METRIC_GOLDSTEIN:
            v = dw_cell_goldstein_mean(c);
            ok = c->events > 0;
            break;
        case DW_METRIC_NET_COOPERATION: v = (double)dw_cell_net_cooperation(c); break;
        default: break;
        }
        out[i] = ok ? v : NAN;
        if (defined) defined[i] = (unsigned char)ok;
    }
    return DW_OK;
}
