/*
 * dyad.c — dyad summaries (analyze.h): events between actor keys A and B
 * per year or per month, in each direction and both together.
 *
 * One GROUP BY query over the events table does the counting; C only lays
 * the groups out as rows and fills the gaps.
 *
 * Rules:
 *   - only asserted and claimed events count, and only dated ones (an event
 *     without a valid date cannot be placed in a period);
 *   - an event is placed by its (first) date; from/to select events whose
 *     [date, date_end] overlaps the range, as dw_store_query_events does;
 *   - direction 0 is A→B, 1 is B→A; an event whose two sides each match
 *     both keys counts as A→B; 2 is the sum of the two;
 *   - by month, an event dated only to the year goes to a row for the year
 *     ("1998"), which sorts just before "1998-01";
 *   - zero rows fill every period between the first and the last period
 *     with events: every year by year, every month between the first and
 *     the last month row by month (year rows never add months).
 *
 * Invariants: rows are strictly increasing by period; total[d] is the sum
 * of the rows' dir[d]; dir[2] = dir[0] + dir[1] in every row and total;
 * quad[0] counts events without a quad class (anything but 1..4).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/store_sql.h"
#include "dyadwatch/analyze.h"

#define MATCH DW_SQL_ACTOR_MATCH

#define AB "(" MATCH("src", "?1") " AND " MATCH("tgt", "?2") ")"
#define BA "(" MATCH("src", "?2") " AND " MATCH("tgt", "?1") ")"

/* ?1 key A, ?2 key B, ?3 / ?4 first and last day, ?5 / ?6 the counted
 * modalities, ?7 1 when by month.  Stored dates are valid ISO prefixes. */
static const char DYAD_SQL[] =
    "SELECT period, dir, count(*),"
    " sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4),"
    " total(goldstein)"
    " FROM (SELECT CASE WHEN ?7 AND length(date) >= 7 THEN substr(date, 1, 7)"
    "                   ELSE substr(date, 1, 4) END AS period,"
    "              CASE WHEN " AB " THEN 0 ELSE 1 END AS dir,"
    "              quad_class, goldstein"
    "       FROM events"
    "       WHERE date IS NOT NULL AND modality IN (?5, ?6)"
    "         AND day_first <= ?4 AND day_last >= ?3"
    "         AND (" AB " OR " BA "))"
    " GROUP BY period, dir ORDER BY period, dir";

void dw_dyad_summary_free(dw_dyad_summary *s) {
    if (!s) return;
    free(s->rows);
    memset(s, 0, sizeof *s);
}

/* A period's position on one line: years by year; by month, 13 slots a
 * year, slot 0 for the year row and 1..12 for the months. */
static long digits(const char *p, int n) {
    long v = 0;
    for (int i = 0; i < n; i++) v = v * 10 + (p[i] >= '0' && p[i] <= '9' ? p[i] - '0' : 0);
    return v;
}

static long period_pos(const char *p, dw_period by) {
    if (!p || strlen(p) < 4) return 0; /* cannot happen: stored dates are valid */
    long y = digits(p, 4);
    if (by == DW_BY_YEAR) return y;
    return y * 13 + (strlen(p) >= 7 ? digits(p + 5, 2) : 0);
}

static void pos_period(long pos, dw_period by, char out[8]) {
    long y = by == DW_BY_YEAR ? pos : pos / 13, m = by == DW_BY_YEAR ? 0 : pos % 13;
    y = y < 0 ? 0 : y % 10000;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '\0';
    if (m) {
        out[4] = '-';
        out[5] = (char)('0' + m / 10);
        out[6] = (char)('0' + m % 10);
        out[7] = '\0';
    }
}

static dw_dyad_row *push_row(dw_dyad_summary *s, long pos, dw_period by) {
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        dw_dyad_row *v = realloc(s->rows, cap * sizeof *v);
        if (!v) return NULL;
        s->rows = v;
        s->cap = cap;
    }
    dw_dyad_row *r = &s->rows[s->n++];
    memset(r, 0, sizeof *r);
    pos_period(pos, by, r->period);
    return r;
}

static void cell_add(dw_dyad_cell *to, const dw_dyad_cell *c) {
    to->events += c->events;
    for (int q = 0; q < 5; q++) to->quad[q] += c->quad[q];
    to->goldstein_sum += c->goldstein_sum;
}

/* One group of the query, as read. */
typedef struct group {
    long pos;
    int dir;
    dw_dyad_cell cell;
} group;

typedef struct groups {
    group *v;
    size_t n, cap;
} groups;

static int read_group(sqlite3_stmt *st, dw_period by, groups *g) {
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 16;
        group *v = realloc(g->v, cap * sizeof *v);
        if (!v) return DW_ENOMEM;
        g->v = v;
        g->cap = cap;
    }
    group *x = &g->v[g->n++];
    memset(x, 0, sizeof *x);
    x->pos = period_pos((const char *)sqlite3_column_text(st, 0), by);
    x->dir = sqlite3_column_int(st, 1) ? 1 : 0;
    x->cell.events = (long)sqlite3_column_int64(st, 2);
    long known = 0;
    for (int q = 1; q <= 4; q++) {
        x->cell.quad[q] = (long)sqlite3_column_int64(st, 2 + q);
        known += x->cell.quad[q];
    }
    x->cell.quad[0] = x->cell.events - known;
    x->cell.goldstein_sum = sqlite3_column_double(st, 7);
    return DW_OK;
}

/* Lays the groups (sorted by period) out as rows, zero rows in the gaps. */
static int lay_out(const groups *g, dw_period by, dw_dyad_summary *out) {
    if (g->n == 0) return DW_OK;
    long lo = g->v[0].pos, hi = g->v[g->n - 1].pos;
    long first_month = -1, last_month = -1; /* by month: the fill range */
    for (size_t i = 0; i < g->n; i++) {
        if (by == DW_BY_MONTH && g->v[i].pos % 13 == 0) continue;
        if (first_month < 0) first_month = g->v[i].pos;
        last_month = g->v[i].pos;
    }
    size_t i = 0;
    for (long pos = lo; pos <= hi; pos++) {
        int has = i < g->n && g->v[i].pos == pos;
        int fill = by == DW_BY_YEAR ||
                   (pos % 13 != 0 && pos >= first_month && pos <= last_month);
        if (!has && !fill) continue;
        dw_dyad_row *r = push_row(out, pos, by);
        if (!r) return DW_ENOMEM;
        for (; i < g->n && g->v[i].pos == pos; i++) cell_add(&r->dir[g->v[i].dir], &g->v[i].cell);
        cell_add(&r->dir[2], &r->dir[0]);
        cell_add(&r->dir[2], &r->dir[1]);
        for (int d = 0; d < 3; d++) cell_add(&out->total[d], &r->dir[d]);
    }
    return DW_OK;
}

int dw_dyad_summarize(dw_store *s, const char *a, const char *b, dw_period by,
                      const char *from, const char *to, dw_dyad_summary *out,
                      dw_error *err) {
    memset(out, 0, sizeof *out);
    if (!a || !*a || !b || !*b)
        return dw_fail(err, DW_EINVAL, "a dyad summary needs two actor keys (A and B)");
    if (by != DW_BY_YEAR && by != DW_BY_MONTH)
        return dw_fail(err, DW_EINVAL, "bad summary period %d", (int)by);
    int32_t lo, hi;
    int rc = dw_store_day_range(from, to, &lo, &hi, err);
    if (rc) return rc;

    sqlite3 *db = dw_store_handle(s);
    const char *path = sqlite3_db_filename(db, "main");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, DYAD_SQL, -1, &st, NULL) != SQLITE_OK)
        return dw_fail(err, DW_EDB, "%s: cannot prepare the dyad query: %s", path,
                       sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, lo);
    sqlite3_bind_int64(st, 4, hi);
    sqlite3_bind_text(st, 5, dw_modality_name(DW_ASSERTED), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, dw_modality_name(DW_CLAIMED), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 7, by == DW_BY_MONTH);

    groups g = {0};
    int step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) rc = read_group(st, by, &g);
    if (rc) rc = dw_fail(err, DW_ENOMEM, "%s: out of memory summarizing a dyad", path);
    else if (step != SQLITE_DONE)
        rc = dw_fail(err, DW_EDB, "%s: cannot summarize a dyad: %s", path, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    if (!rc && lay_out(&g, by, out))
        rc = dw_fail(err, DW_ENOMEM, "%s: out of memory summarizing a dyad", path);
    free(g.v);
    if (rc) dw_dyad_summary_free(out);
    return rc;
}
