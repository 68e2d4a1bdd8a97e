/*
 * review.c — gathers the figures of a dyad's statistical review.
 *
 * Everything the writers show is computed here, once: the series by track
 * (series.h), PELT change-points on event counts and on the Goldstein
 * mean, BOCPD on the Goldstein mean, dual-track divergence, alerts, the
 * timeline and the disputed facts (analyze.h).  Three facts the analysis
 * API does not give — the precision mix of dates, the negated and
 * hypothetical events left out, and when each source first reported on
 * the dyad — come from parameterized queries of the store here.
 *
 * Invariants: after a successful gather every pointer is either NULL or
 * sized to series.n rows; an empty review has series.n possibly 0 and
 * empty = 1 with a reason; dw_review_free accepts any gathered or zeroed
 * review.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "report/report.h"
#include "store/store_sql.h"

#define TIMELINE_DEFAULT 20
#define DISPUTED_MAX 20

const char *dw_quad_label(int quad) {
    static const char *Q[] = {"uncoded", "verbal cooperation", "material cooperation",
                              "verbal conflict", "material conflict"};
    return quad >= 0 && quad <= 4 ? Q[quad] : Q[0];
}

const char *dw_dispute_label(int field) {
    return field == DW_DISPUTE_DATE     ? "date"
           : field == DW_DISPUTE_KILLED ? "death toll"
                                        : "who acted against whom";
}

void dw_review_free(dw_review *r) {
    if (!r) return;
    dw_series_free(&r->series);
    free(r->goldstein);
    free(r->p_new);
    free(r->new_sources);
    dw_change_list_free(&r->gold_changes);
    dw_change_list_free(&r->event_changes);
    dw_divergence_free(&r->divergence);
    dw_alert_list_free(&r->alerts);
    dw_alert_list_free(&r->conflict_alerts);
    dw_event_list_free(&r->timeline);
    free(r->timeline_sources);
    if (r->versions)
        for (size_t i = 0; i < r->disputed.n; i++) dw_version_list_free(&r->versions[i]);
    free(r->versions);
    dw_event_list_free(&r->disputed);
    memset(r, 0, sizeof *r);
}

/* ---- the store's own facts (parameterized SQL) ------------------------------------ */

#define KEY(col, p) col " IN (SELECT actor_id FROM actors WHERE " DW_SQL_ACTOR_MATCH("actor", p) ")"
/* ?1, ?2 the keys (either direction), ?3..?4 the day range */
#define DYAD                                                                                  \
    " ((" KEY("e.src_actor", "?1") " AND " KEY("e.tgt_actor", "?2") ") OR (" KEY("e.src_actor", \
                                                                                 "?2") " AND " \
        KEY("e.tgt_actor", "?1") ")) AND e.day_first BETWEEN ?3 AND ?4"
#define COUNTED " AND e.modality IN ('asserted', 'claimed')"

static const char PRECISION_SQL[] =
    "SELECT coalesce(nullif(e.date_precision, ''), 'none'), count(*) FROM events e WHERE" DYAD
        COUNTED " GROUP BY 1 ORDER BY 2 DESC, 1";
static const char MODALITY_SQL[] =
    "SELECT e.modality, count(*) FROM events e WHERE" DYAD
    " AND e.modality IN ('negated', 'hypothetical') GROUP BY 1";
static const char SOURCES_SQL[] =
    "SELECT s.name, min(e.day_first) FROM mentions m JOIN events e ON e.event_id = m.event_id"
    " JOIN sources s ON s.source_id = m.source_id WHERE" DYAD COUNTED
    " GROUP BY m.source_id ORDER BY 2, 1";

static int prepare(sqlite3 *db, const char *sql, const dw_review *r, sqlite3_stmt **st,
                   dw_error *err) {
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        return dw_fail(err, DW_EDB, "review: cannot prepare a query: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(*st, 1, r->a, -1, SQLITE_STATIC);
    sqlite3_bind_text(*st, 2, r->b, -1, SQLITE_STATIC);
    sqlite3_bind_int64(*st, 3, r->series.rows[0].first_day);
    sqlite3_bind_int64(*st, 4, r->series.rows[r->series.n - 1].last_day);
    return DW_OK;
}

static int finish(sqlite3 *db, sqlite3_stmt *st, int step, dw_error *err) {
    sqlite3_finalize(st);
    if (step != SQLITE_DONE)
        return dw_fail(err, DW_EDB, "review: query failed: %s", sqlite3_errmsg(db));
    return DW_OK;
}

/* The row holding a day (rows are in order and cover the range). */
static size_t row_of_day(const dw_series *s, int64_t day) {
    size_t lo = 0, hi = s->n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (s->rows[mid].first_day <= day) lo = mid;
        else hi = mid;
    }
    return lo;
}

static void append_name(char *list, size_t cap, const char *name) {
    size_t len = strlen(list);
    if (len && strcmp(list + len - strlen("…"), "…") == 0) return;
    if (len + strlen(name) + 3 + strlen(", …") >= cap) {
        snprintf(list + len, cap - len, ", …");
        return;
    }
    snprintf(list + len, cap - len, "%s%s", len ? ", " : "", name);
}

static int gather_methods(dw_store *store, dw_review *r, dw_error *err) {
    sqlite3 *db = dw_store_handle(store);
    sqlite3_stmt *st;
    int rc = prepare(db, PRECISION_SQL, r, &st, err), step;
    if (rc) return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW && r->nprecision < 8) {
        dw_review_count *c = &r->precision[r->nprecision++];
        snprintf(c->name, sizeof c->name, "%s", (const char *)sqlite3_column_text(st, 0));
        c->n = (long)sqlite3_column_int64(st, 1);
    }
    if (step == SQLITE_ROW) step = SQLITE_DONE; /* more than eight classes: the rest unshown */
    if ((rc = finish(db, st, step, err))) return rc;

    if ((rc = prepare(db, MODALITY_SQL, r, &st, err))) return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *m = (const char *)sqlite3_column_text(st, 0);
        long n = (long)sqlite3_column_int64(st, 1);
        if (m && strcmp(m, "negated") == 0) r->negated = n;
        else r->hypothetical = n;
    }
    if ((rc = finish(db, st, step, err))) return rc;

    /* when each source first reported on the dyad, and the periods in which
     * the set of sources changed most */
    size_t n = r->series.n;
    r->new_sources = calloc(n, sizeof *r->new_sources);
    char(*names)[240] = calloc(n, sizeof *names);
    if (!r->new_sources || !names) {
        free(names);
        return dw_fail(err, DW_ENOMEM, "review: out of memory");
    }
    if ((rc = prepare(db, SOURCES_SQL, r, &st, err))) {
        free(names);
        return rc;
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        size_t row = row_of_day(&r->series, sqlite3_column_int64(st, 1));
        if (r->new_sources[row]++ < 4) /* a few names; the count says the rest */
            append_name(names[row], sizeof names[row], name && *name ? name : "(unnamed)");
        r->nsources++;
    }
    rc = finish(db, st, step, err);
    for (size_t i = 1; !rc && i < n; i++) {
        long fresh = r->new_sources[i], total = r->series.rows[i].dir[DW_DIR_BOTH].sources;
        /* a shift: at least three new sources, at least half of the period's */
        if (fresh < 3 || fresh * 2 < total) continue;
        size_t at = r->nshifts;
        if (at == DW_REVIEW_MAX_SHIFTS) { /* keep the largest */
            size_t min = 0;
            for (size_t k = 1; k < at; k++)
                if (r->shifts[k].fresh < r->shifts[min].fresh) min = k;
            if (r->shifts[min].fresh >= fresh) continue;
            memmove(&r->shifts[min], &r->shifts[min + 1], (at - min - 1) * sizeof *r->shifts);
            at--;
        } else {
            r->nshifts++;
        }
        r->shifts[at] = (dw_source_shift){.row = i, .fresh = fresh, .total = total};
        snprintf(r->shifts[at].names, sizeof r->shifts[at].names, "%s", names[i]);
    }
    free(names);
    return rc;
}

/* ---- events: the timeline and the disputed facts ---------------------------------- */

static long conflict_of(const dw_series_cell *c) { return c->quad[3] + c->quad[4]; }
static long coop_of(const dw_series_cell *c) { return c->quad[1] + c->quad[2]; }

/* The period with the most conflict events (the first of equals). */
static size_t conflict_peak(const dw_series *s) {
    size_t peak = 0;
    for (size_t i = 1; i < s->n; i++) {
        long c = conflict_of(&s->rows[i].dir[DW_DIR_BOTH]);
        if (c > conflict_of(&s->rows[peak].dir[DW_DIR_BOTH])) peak = i;
    }
    return peak;
}

static int has_event(const dw_event_list *l, int64_t id) {
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].id == id) return 1;
    return 0;
}

/* Moves the events of src not yet in dst into dst, up to max in all. */
static int take_events(dw_event_list *dst, dw_event_list *src, size_t max) {
    for (size_t i = 0; i < src->n && dst->n < max; i++) {
        if (has_event(dst, src->v[i].id)) continue;
        if (dst->n == dst->cap) {
            size_t cap = dst->cap ? dst->cap * 2 : 32;
            dw_event_info *v = realloc(dst->v, cap * sizeof *v);
            if (!v) return DW_ENOMEM;
            dst->v = v;
            dst->cap = cap;
        }
        dst->v[dst->n++] = src->v[i];
        src->v[i].text = NULL; /* now dst's */
    }
    dw_event_list_free(src);
    return DW_OK;
}

static int select_top(dw_store *s, const dw_review *r, int32_t lo, int32_t hi, size_t limit,
                      int disputed, dw_event_list *out, dw_error *err) {
    char from[DW_LABEL_MAX], to[DW_LABEL_MAX];
    dw_day_iso(lo, from);
    dw_day_iso(hi, to);
    dw_event_filter f = {.a = r->a, .b = r->b, .from = from, .to = to, .track = DW_TRACK_ALL,
                         .dir = DW_DIR_BOTH, .disputed_only = disputed};
    return dw_events_select(s, &f, DW_ORDER_IMPORTANCE, limit, out, err);
}

static int by_date(const void *x, const void *y) {
    const dw_event_info *a = x, *b = y;
    if (a->first_day != b->first_day) return a->first_day < b->first_day ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* "Reuters (2), AFP": the sources of an event's reports, most reports first. */
static int sources_of(dw_store *s, int64_t event, char *out, size_t cap, dw_error *err) {
    dw_mention_list ml = {0};
    int rc = dw_event_mentions(s, event, &ml, err);
    out[0] = '\0';
    if (rc) return rc;
    size_t *count = calloc(ml.n ? ml.n : 1, sizeof *count);
    if (!count) {
        dw_mention_list_free(&ml);
        return dw_fail(err, DW_ENOMEM, "review: out of memory");
    }
    for (size_t i = 0; i < ml.n; i++) { /* count on the first report of each source */
        size_t k = 0;
        while (k < i && strcmp(ml.v[k].source, ml.v[i].source)) k++;
        count[k]++;
    }
    for (;;) {
        size_t best = ml.n;
        for (size_t i = 0; i < ml.n; i++)
            if (count[i] && (best == ml.n || count[i] > count[best])) best = i;
        if (best == ml.n) break;
        const char *name = *ml.v[best].source ? ml.v[best].source : "unnamed source";
        char item[160];
        if (count[best] > 1) snprintf(item, sizeof item, "%s (%zu)", name, count[best]);
        else snprintf(item, sizeof item, "%s", name);
        append_name(out, cap, item);
        count[best] = 0;
    }
    free(count);
    dw_mention_list_free(&ml);
    return DW_OK;
}

/* The timeline: the most reported events of the whole range, then the top
 * event of each stretch of the range (so quiet years are not lost to busy
 * ones), then those of each change-point's period; shown by date. */
static int gather_timeline(dw_store *s, dw_review *r, size_t max, dw_error *err) {
    const dw_series *se = &r->series;
    int32_t lo = se->rows[0].first_day, hi = se->rows[se->n - 1].last_day;
    dw_event_list l = {0};
    int rc = select_top(s, r, lo, hi, max / 2 ? max / 2 : 1, 0, &l, err);
    if (!rc) rc = take_events(&r->timeline, &l, max);
    size_t peak = conflict_peak(se); /* the period with the most conflict gets three events */
    if (!rc) rc = select_top(s, r, se->rows[peak].first_day, se->rows[peak].last_day, 3, 0, &l, err);
    if (!rc) rc = take_events(&r->timeline, &l, max);
    size_t chunks = se->n < 10 ? se->n : 10;
    for (size_t c = 0; !rc && c < chunks && r->timeline.n < max; c++) {
        size_t a = se->n * c / chunks, b = se->n * (c + 1) / chunks;
        if (b <= a) continue;
        rc = select_top(s, r, se->rows[a].first_day, se->rows[b - 1].last_day, 1, 0, &l, err);
        if (!rc) rc = take_events(&r->timeline, &l, max);
    }
    for (size_t k = 0; !rc && k < r->event_changes.n && r->timeline.n < max; k++) {
        const dw_series_row *row = &se->rows[r->event_changes.v[k].row];
        rc = select_top(s, r, row->first_day, row->last_day, 2, 0, &l, err);
        if (!rc) rc = take_events(&r->timeline, &l, max);
    }
    dw_event_list_free(&l);
    if (rc) return rc == DW_ENOMEM ? dw_fail(err, rc, "review: out of memory") : rc;
    if (r->timeline.n)
        qsort(r->timeline.v, r->timeline.n, sizeof *r->timeline.v, by_date);
    r->timeline_sources = calloc(r->timeline.n ? r->timeline.n : 1, sizeof *r->timeline_sources);
    if (!r->timeline_sources) return dw_fail(err, DW_ENOMEM, "review: out of memory");
    for (size_t i = 0; !rc && i < r->timeline.n; i++)
        rc = sources_of(s, r->timeline.v[i].id, r->timeline_sources[i],
                        sizeof r->timeline_sources[i], err);
    return rc;
}

static int gather_disputed(dw_store *s, dw_review *r, dw_error *err) {
    const dw_series *se = &r->series;
    int rc = select_top(s, r, se->rows[0].first_day, se->rows[se->n - 1].last_day, DISPUTED_MAX,
                        1, &r->disputed, err);
    if (rc) return rc;
    r->versions = calloc(r->disputed.n ? r->disputed.n : 1, sizeof *r->versions);
    if (!r->versions) return dw_fail(err, DW_ENOMEM, "review: out of memory");
    for (size_t i = 0; !rc && i < r->disputed.n; i++)
        rc = dw_event_versions(s, r->disputed.v[i].id, &r->versions[i], err);
    return rc;
}

/* ---- change-points ---------------------------------------------------------------- */

static int gather_changes(dw_store *s, dw_review *r, dw_error *err) {
    size_t n = r->series.n;
    r->goldstein = malloc(n * sizeof *r->goldstein);
    r->p_new = malloc(n * sizeof *r->p_new);
    unsigned char *def = malloc(n);
    double *packed = malloc(n * sizeof *packed);
    size_t *rowof = malloc(n * sizeof *rowof);
    int rc = r->goldstein && r->p_new && def && packed && rowof
                 ? DW_OK
                 : dw_fail(err, DW_ENOMEM, "review: out of memory");
    if (!rc)
        rc = dw_series_values(&r->series, DW_METRIC_GOLDSTEIN, DW_DIR_BOTH, DW_TRACK_ALL,
                              r->goldstein, def, err);
    size_t m = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        r->p_new[i] = NAN;
        if (!def[i]) {
            r->goldstein[i] = NAN;
            continue;
        }
        rowof[m] = i;
        packed[m++] = r->goldstein[i];
    }
    dw_change_opts co = {.method = DW_CP_PELT, .metric = DW_METRIC_GOLDSTEIN,
                         .dir = DW_DIR_BOTH, .track = DW_TRACK_ALL, .drivers = 2};
    if (!rc) rc = dw_series_changes(s, &r->series, &co, &r->gold_changes, err);
    co.metric = DW_METRIC_EVENTS;
    co.drivers = 3;
    if (!rc) rc = dw_series_changes(s, &r->series, &co, &r->event_changes, err);
    if (!rc && m >= 4) {
        /* BOCPD sees only the periods with events: an empty period has no tone */
        dw_bocpd_opts bo = {.cost = DW_COST_NORMAL, .recent = 3};
        dw_changes ch = {0};
        rc = dw_bocpd(packed, m, &bo, &ch, err);
        if (!rc && ch.p_new && ch.run && ch.len == m) {
            r->has_bocpd = 1;
            /* the first point starts a run by definition: nothing to show */
            for (size_t k = 1; k < m; k++) r->p_new[rowof[k]] = ch.p_new[k];
            r->bocpd_recent = 3;
            r->bocpd_p_recent = ch.p_recent;
            r->bocpd_run = ch.run[m - 1] + 1;
        }
        dw_changes_free(&ch);
    }
    free(def);
    free(packed);
    free(rowof);
    return rc;
}

/* ---- plain-English findings -------------------------------------------------------- */

static void finding(dw_review *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void finding(dw_review *r, const char *fmt, ...) {
    if (r->nfindings >= DW_REVIEW_MAX_FINDINGS) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->findings[r->nfindings++], sizeof r->findings[0], fmt, ap);
    va_end(ap);
}


static const char *plural(long n, const char *one, const char *many) {
    return n == 1 ? one : many;
}

/* One era [a, b) of the series in a sentence: its events, their balance,
 * its main tracks and its tone. */
static void era(dw_review *r, size_t a, size_t b) {
    const dw_series *s = &r->series;
    if (b <= a) return;
    char span[40];
    if (b - a == 1) snprintf(span, sizeof span, "%s", s->rows[a].label);
    else snprintf(span, sizeof span, "%s–%s", s->rows[a].label, s->rows[b - 1].label);
    dw_series_cell sum = {0};
    long track[DW_NTRACKS] = {0};
    for (size_t i = a; i < b; i++) {
        const dw_series_cell *c = &s->rows[i].dir[DW_DIR_BOTH];
        sum.events += c->events;
        for (int q = 0; q < 5; q++) sum.quad[q] += c->quad[q];
        sum.goldstein_sum += c->goldstein_sum;
        for (int t = 0; s->tracks && t < DW_NTRACKS; t++)
            track[t] += dw_series_track_cell(s, i, t, DW_DIR_BOTH)->events;
    }
    if (!sum.events) {
        finding(r, "%s: no events.", span);
        return;
    }
    int t1 = -1, t2 = -1; /* the two busiest tracks */
    for (int t = 0; t < DW_NTRACKS; t++) {
        if (!track[t]) continue;
        if (t1 < 0 || track[t] > track[t1]) {
            t2 = t1;
            t1 = t;
        } else if (t2 < 0 || track[t] > track[t2]) {
            t2 = t;
        }
    }
    char tracks[80] = "";
    if (t1 >= 0 && t2 >= 0)
        snprintf(tracks, sizeof tracks, ", mostly on the %s and %s tracks", dw_track_name(t1),
                 dw_track_name(t2));
    else if (t1 >= 0)
        snprintf(tracks, sizeof tracks, ", on the %s track", dw_track_name(t1));
    finding(r, "%s: %ld events (%.2f a %s), %ld cooperative (%ld material) and %ld "
               "conflictual (%ld material)%s; Goldstein mean %+.2f.",
            span, sum.events, (double)sum.events / (double)(b - a), dw_unit_name(r->unit),
            coop_of(&sum), sum.quad[2], conflict_of(&sum), sum.quad[4], tracks,
            dw_cell_goldstein_mean(&sum));
}

static void gather_findings(dw_review *r) {
    const dw_series *s = &r->series;
    const char *unit = dw_unit_name(r->unit);
    const dw_series_cell *t = &r->total;
    finding(r,
            "From %s to %s: %ld %s between %s and %s, told in %ld %s from %ld %s; %ld "
            "cooperative and %ld conflictual.",
            s->rows[0].label, s->rows[s->n - 1].label, t->events,
            plural(t->events, "event", "events"), r->a, r->b, t->mentions,
            plural(t->mentions, "report", "reports"), t->sources,
            plural(t->sources, "source", "sources"), coop_of(t), conflict_of(t));

    /* the peak of conflict, and the busiest period when it differs */
    size_t pc = conflict_peak(s), pe = 0;
    for (size_t i = 1; i < s->n; i++)
        if (s->rows[i].dir[DW_DIR_BOTH].events > s->rows[pe].dir[DW_DIR_BOTH].events) pe = i;
    const dw_series_cell *c = &s->rows[pc].dir[DW_DIR_BOTH];
    if (conflict_of(c) > 0)
        finding(r, "Conflict peaked in %s: %ld of %ld events were conflictual (%ld material), "
                   "Goldstein mean %.2f.",
                s->rows[pc].label, conflict_of(c), c->events, c->quad[4],
                dw_cell_goldstein_mean(c));
    if (pe != pc && s->rows[pe].dir[DW_DIR_BOTH].events > 0)
        finding(r, "The busiest %s was %s with %ld events.", unit, s->rows[pe].label,
                s->rows[pe].dir[DW_DIR_BOTH].events);

    /* the eras PELT finds in the number of events, one line each */
    if (r->event_changes.n) {
        char at[200] = "";
        for (size_t k = 0; k < r->event_changes.n; k++)
            append_name(at, sizeof at, r->event_changes.v[k].label);
        finding(r, "PELT finds %zu shift%s in the number of events per %s (at %s), so %zu eras:",
                r->event_changes.n, r->event_changes.n == 1 ? "" : "s", unit, at,
                r->event_changes.n + 1);
        size_t from = 0;
        for (size_t k = 0; k <= r->event_changes.n; k++) {
            size_t to = k < r->event_changes.n ? r->event_changes.v[k].row : s->n;
            era(r, from, to);
            from = to;
        }
    }
    if (r->gold_changes.n) {
        char list[320] = "";
        for (size_t k = 0; k < r->gold_changes.n && k < 5; k++) {
            const dw_change *ch = &r->gold_changes.v[k];
            char item[96];
            snprintf(item, sizeof item, "%s (mean %+.1f to %+.1f)", ch->label, ch->before,
                     ch->after);
            append_name(list, sizeof list, item);
        }
        finding(r, "The tone (Goldstein mean) shifted at %s.", list);
    }

    /* the latest stretch: security-track conflict against economy-track
     * cooperation, before and after the last change in activity */
    size_t split = r->event_changes.n ? r->event_changes.v[r->event_changes.n - 1].row : 0;
    if (s->tracks && split > 0 && split < s->n) {
        double sec[2] = {0, 0}, eco[2] = {0, 0};
        for (size_t i = 0; i < s->n; i++) {
            int after = i >= split;
            sec[after] += (double)conflict_of(dw_series_track_cell(s, i, DW_TRACK_SECURITY,
                                                                   DW_DIR_BOTH));
            eco[after] +=
                (double)coop_of(dw_series_track_cell(s, i, DW_TRACK_ECONOMY, DW_DIR_BOTH));
        }
        double nb = (double)split, na = (double)(s->n - split);
        if (sec[1] > 0 || eco[1] > 0)
            finding(r,
                    "Since %s: %.0f conflict events on the security track (%.2f a %s, against "
                    "%.2f before) while economy-track cooperation %s (%.2f a %s, against %.2f "
                    "before).",
                    s->rows[split].label, sec[1], sec[1] / na, unit, sec[0] / nb,
                    eco[1] > 0 ? "continued" : "was absent", eco[1] / na, unit, eco[0] / nb);
    }
    if (r->divergence.divergent) finding(r, "%s", r->divergence.summary);

    const dw_alert_list *al = &r->alerts;
    if (s->n > 1 && al->latest_band != DW_BAND_NONE) {
        char pct[32] = "";
        if (isfinite(al->latest_pct)) snprintf(pct, sizeof pct, " (%+.0f%%)", al->latest_pct);
        finding(r, "Latest %s, %s: %.0f events against a baseline of %.2f%s — %s.", unit,
                s->rows[al->latest_row].label, al->latest_value, al->latest_baseline, pct,
                dw_band_name(al->latest_band));
    }
    if (r->has_bocpd)
        finding(r,
                "BOCPD: the probability that the current tone began within the last %zu "
                "periods with events is %.2f (most probable run: %zu).",
                r->bocpd_recent, r->bocpd_p_recent, r->bocpd_run);
}

/* ---- the whole review ------------------------------------------------------------- */

static void explain_empty(dw_review *r, const dw_review_opts *o) {
    const dw_series *s = &r->series;
    r->empty = 1;
    if (s->from_day > s->to_day)
        snprintf(r->empty_reason, sizeof r->empty_reason,
                 "The range %s to %s is empty (the start is after the end).", o->from, o->to);
    else if (!s->a_actors || !s->b_actors)
        snprintf(r->empty_reason, sizeof r->empty_reason,
                 "No actor in the store matches '%s' (a key is a country such as IRN, a role "
                 "such as GOV, a group such as TAL or a whole code such as AFGINSTAL).",
                 !s->a_actors ? r->a : r->b);
    else
        snprintf(r->empty_reason, sizeof r->empty_reason,
                 "There are no asserted or claimed events between %s and %s%s%s%s%s.", r->a,
                 r->b, o->from ? " from " : "", o->from ? o->from : "", o->to ? " to " : "",
                 o->to ? o->to : "");
}

static int build(dw_store *s, const dw_review_opts *o, dw_unit unit, int by_track,
                 const char *from, const char *to, dw_series *out, dw_error *err) {
    dw_series_opts so = {.a = o->a, .b = o->b, .unit = unit, .from = from, .to = to,
                         .track = DW_TRACK_ALL, .by_track = by_track};
    return dw_series_build(s, &so, out, err);
}

int dw_review_gather(dw_store *s, const dw_review_opts *o, dw_review *r, dw_error *err) {
    memset(r, 0, sizeof *r);
    if (!o->a || !o->b) return dw_fail(err, DW_EINVAL, "review: two actor keys are needed");
    int rc = dw_actor_key_check(o->a, err);
    if (!rc) rc = dw_actor_key_check(o->b, err);
    if (rc) return rc;
    const char *dates[2] = {o->from, o->to};
    for (int i = 0; i < 2; i++)
        if (dates[i] && !dw_date_valid(dates[i], strlen(dates[i])))
            return dw_fail(err, DW_EINVAL, "review: bad date '%s': expected YYYY, YYYY-MM or "
                                           "YYYY-MM-DD",
                           dates[i]);
    snprintf(r->a, sizeof r->a, "%s", o->a);
    snprintf(r->b, sizeof r->b, "%s", o->b);
    snprintf(r->db_label, sizeof r->db_label, "%s", o->db_label ? o->db_label : "");

    /* the unit: years for long ranges, quarters for middling, months for short */
    dw_unit unit = DW_UNIT_YEAR;
    if (o->unit >= 0 && o->unit < DW_NUNITS) unit = (dw_unit)o->unit;
    else {
        dw_series probe = {0};
        rc = build(s, o, DW_UNIT_YEAR, 0, o->from, o->to, &probe, err);
        if (rc) return rc;
        unit = probe.n == 0 || probe.n > 8 ? DW_UNIT_YEAR
               : probe.n > 3               ? DW_UNIT_QUARTER
                                           : DW_UNIT_MONTH;
        dw_series_free(&probe);
    }
    r->unit = unit;
    rc = build(s, o, unit, 1, o->from, o->to, &r->series, err);
    if (rc) return rc;
    const dw_series *se = &r->series;
    if (se->n) r->total = se->total[DW_DIR_BOTH];
    if (!se->n || !r->total.events) {
        explain_empty(r, o);
        if (se->n) {
            dw_day_iso(se->rows[0].first_day, r->from);
            dw_day_iso(se->rows[se->n - 1].last_day, r->to);
        }
        return DW_OK;
    }
    dw_day_iso(se->rows[0].first_day, r->from);
    dw_day_iso(se->rows[se->n - 1].last_day, r->to);

    /* the same number of periods before an explicit start (calendar
     * periods, so 2021-2023 is compared with 2018-2020 whatever the leap days) */
    if (o->from) {
        int32_t f = se->rows[0].first_day;
        dw_day_iso(dw_period_first_day(unit, se->rows[0].period - (int64_t)se->n), r->prev_from);
        dw_day_iso(f - 1, r->prev_to);
        dw_series prev = {0};
        rc = build(s, o, DW_UNIT_YEAR, 0, r->prev_from, r->prev_to, &prev, err);
        if (!rc && prev.n) {
            r->has_prev_range = 1;
            r->prev_range = prev.total[DW_DIR_BOTH];
        }
        dw_series_free(&prev);
        if (rc) goto fail;
    }
    rc = gather_changes(s, r, err);
    if (!rc) rc = dw_series_divergence(se, DW_DIR_BOTH, &r->divergence, err);
    dw_alert_opts ao = {.metric = DW_METRIC_EVENTS, .dir = DW_DIR_BOTH, .track = DW_TRACK_ALL,
                        .drivers = 2};
    if (!rc) rc = dw_series_alerts(s, se, &ao, &r->alerts, err);
    ao.metric = DW_METRIC_CONFLICT;
    if (!rc) rc = dw_series_alerts(s, se, &ao, &r->conflict_alerts, err);
    if (!rc) rc = gather_timeline(s, r, o->timeline ? o->timeline : TIMELINE_DEFAULT, err);
    if (!rc) rc = gather_disputed(s, r, err);
    if (!rc) rc = gather_methods(s, r, err);
    if (rc) goto fail;
    gather_findings(r);
    return DW_OK;
fail:
    dw_review_free(r);
    return rc;
}
