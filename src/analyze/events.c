/*
 * events.c — clustered events with their reports and disputed facts
 * (analyze.h): the evidence behind every figure.
 *
 * Events are selected like series count them: by dyad (actor ids that the
 * keys select, per direction), by the day that places them (their first
 * day), by track and modality.  Undated events are never listed here.
 * A report's sentence is the "text" of its stored record.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/store_sql.h"
#include "analyze/internal.h"

#define MATCH DW_SQL_ACTOR_MATCH
#define IN_KEY(col, p)                                                              \
    "(" p " IS NULL OR " col " IN (SELECT actor_id FROM actors WHERE "              \
    MATCH("actor", p) "))"
#define AB "(" IN_KEY("e.src_actor", "?1") " AND " IN_KEY("e.tgt_actor", "?2") ")"
#define BA "(" IN_KEY("e.src_actor", "?2") " AND " IN_KEY("e.tgt_actor", "?1") ")"
#define TEXT_OF(rec) "CASE WHEN json_valid(" rec ") THEN json_extract(" rec ", '$.text') END"

/* ?1 / ?2 keys (NULL = any), ?3 / ?4 day range, ?5 track or −1, ?6 all
 * modalities, ?7 disputed only, ?8 direction, ?9 1 by date, ?10 limit. */
static const char SELECT_SQL[] =
    "SELECT e.event_id, e.rep_id, e.date, e.date_end, e.date_precision, e.day_first,"
    " e.day_last, e.src_code, e.tgt_code, e.cameo, e.plover_type, e.quad_class, e.goldstein,"
    " e.track_id, e.modality, e.mentions, e.sources, e.killed, e.killed_low, e.killed_high,"
    " e.disputed, " TEXT_OF("m.record")
    " FROM events e JOIN mentions m ON m.id = e.rep_id"
    " WHERE e.day_first BETWEEN ?3 AND ?4 AND (?5 < 0 OR e.track_id = ?5)"
    " AND (?6 OR e.modality IN ('asserted', 'claimed')) AND (?7 = 0 OR e.disputed <> 0)"
    " AND ((?8 <> 1 AND " AB ") OR (?8 <> 0 AND " BA " AND NOT " AB "))"
    " ORDER BY CASE WHEN ?9 = 0 THEN -e.mentions END, CASE WHEN ?9 = 0 THEN -e.sources END,"
    " CASE WHEN ?9 = 0 THEN -abs(coalesce(e.goldstein, 0)) END, e.day_first, e.event_id"
    " LIMIT ?10";

static const char MENTIONS_SQL[] =
    "SELECT m.id, d.id, s.name, d.title, d.url, d.date, m.sentence, m.span_start, m.span_end,"
    " " TEXT_OF("m.record") ", m.date, m.date_end, m.date_precision, m.src_code, m.tgt_code,"
    " m.cameo, m.modality, m.killed, m.killed_low, m.killed_high"
    " FROM mentions m JOIN documents d ON d.doc_rowid = m.doc_rowid"
    " JOIN sources s ON s.source_id = m.source_id WHERE m.event_id = ?1 ORDER BY m.rowid";

static const char VERSIONS_SQL[] =
    "SELECT m.date, m.date_end, m.date_precision, m.killed, m.killed_low, m.killed_high,"
    " coalesce(m.src_country, '') || coalesce(m.src_group, ''),"
    " coalesce(m.tgt_country, '') || coalesce(m.tgt_group, ''), s.name, e.disputed"
    " FROM mentions m JOIN sources s ON s.source_id = m.source_id"
    " JOIN events e ON e.event_id = m.event_id WHERE m.event_id = ?1 ORDER BY m.rowid";

#define MAX_LIST 10000

/* ---- helpers ---------------------------------------------------------------- */

static const char *path_of(sqlite3 *db) {
    const char *p = sqlite3_db_filename(db, "main");
    return p && *p ? p : "(database)";
}

static int db_fail(sqlite3 *db, dw_error *err, const char *what) {
    return dw_fail(err, DW_EDB, "%s: %s: %s", path_of(db), what, sqlite3_errmsg(db));
}

static int oom(sqlite3 *db, dw_error *err) {
    return dw_fail(err, DW_ENOMEM, "%s: out of memory listing events", path_of(db));
}

static void copy(char *dst, size_t cap, const unsigned char *src) {
    snprintf(dst, cap, "%s", src ? (const char *)src : "");
}

static char *dup_col(sqlite3_stmt *st, int i, int *failed) {
    const char *s = (const char *)sqlite3_column_text(st, i);
    char *d = dw_strdup(s ? s : "");
    if (!d) *failed = 1;
    return d;
}

static dw_modality modality_of(const unsigned char *m) {
    const char *s = (const char *)m;
    if (!s) return DW_ASSERTED;
    if (strcmp(s, "negated") == 0) return DW_NEGATED;
    if (strcmp(s, "hypothetical") == 0) return DW_HYPOTHETICAL;
    if (strcmp(s, "claimed") == 0) return DW_CLAIMED;
    return DW_ASSERTED;
}

/* Grows a list of `size`-byte items to hold one more. */
static void *grow(void *v, size_t *cap, size_t n, size_t size) {
    if (n < *cap) return v;
    size_t c = *cap ? *cap * 2 : 16;
    void *p = realloc(v, c * size);
    if (p) *cap = c;
    return p;
}

/* ---- events -------------------------------------------------------------------- */

void dw_event_list_free(dw_event_list *l) {
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) free(l->v[i].text);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int read_event(sqlite3_stmt *st, dw_event_info *e) {
    memset(e, 0, sizeof *e);
    e->id = sqlite3_column_int64(st, 0);
    copy(e->rep, sizeof e->rep, sqlite3_column_text(st, 1));
    copy(e->date, sizeof e->date, sqlite3_column_text(st, 2));
    copy(e->date_end, sizeof e->date_end, sqlite3_column_text(st, 3));
    copy(e->precision, sizeof e->precision, sqlite3_column_text(st, 4));
    e->first_day = (int32_t)sqlite3_column_int64(st, 5);
    e->last_day = (int32_t)sqlite3_column_int64(st, 6);
    copy(e->src, sizeof e->src, sqlite3_column_text(st, 7));
    copy(e->tgt, sizeof e->tgt, sqlite3_column_text(st, 8));
    copy(e->cameo, sizeof e->cameo, sqlite3_column_text(st, 9));
    copy(e->plover, sizeof e->plover, sqlite3_column_text(st, 10));
    e->quad = sqlite3_column_int(st, 11);
    e->goldstein = sqlite3_column_double(st, 12);
    e->track = sqlite3_column_int(st, 13);
    e->modality = modality_of(sqlite3_column_text(st, 14));
    e->mentions = (long)sqlite3_column_int64(st, 15);
    e->sources = (long)sqlite3_column_int64(st, 16);
    e->has_killed = sqlite3_column_type(st, 17) != SQLITE_NULL;
    e->killed = e->has_killed ? sqlite3_column_double(st, 17) : NAN;
    e->killed_low = e->has_killed ? sqlite3_column_double(st, 18) : NAN;
    e->killed_high = e->has_killed ? sqlite3_column_double(st, 19) : NAN;
    e->disputed = (unsigned)sqlite3_column_int(st, 20);
    int failed = 0;
    e->text = dup_col(st, 21, &failed);
    return failed ? DW_ENOMEM : DW_OK;
}

/* The workhorse, on day numbers (drivers pass a period's days). */
int dw_events_select_days(dw_store *s, const dw_event_filter *f, int64_t lo, int64_t hi,
                          dw_event_order order, size_t limit, dw_event_list *out,
                          dw_error *err) {
    sqlite3 *db = dw_store_handle(s);
    if (limit == 0 || limit > MAX_LIST)
        return dw_fail(err, DW_EINVAL, "an event list holds 1 to %d events", MAX_LIST);
    const char *a = f->a && *f->a ? f->a : NULL, *b = f->b && *f->b ? f->b : NULL;
    int rc = DW_OK;
    if (a) rc = dw_actor_key_check(a, err);
    if (!rc && b) rc = dw_actor_key_check(b, err);
    if (rc) return rc;
    if (f->track < DW_TRACK_ALL || f->track >= DW_NTRACKS)
        return dw_fail(err, DW_EINVAL, "bad track %d", f->track);
    int dir = f->dir >= 0 && f->dir < DW_NDIRS ? (int)f->dir : DW_DIR_BOTH;
    if (!a && !b) dir = DW_DIR_BOTH;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, SELECT_SQL, -1, &st, NULL) != SQLITE_OK)
        return db_fail(db, err, "cannot prepare the event list");
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, lo);
    sqlite3_bind_int64(st, 4, hi);
    sqlite3_bind_int(st, 5, f->track);
    sqlite3_bind_int(st, 6, f->all_modalities != 0);
    sqlite3_bind_int(st, 7, f->disputed_only != 0);
    sqlite3_bind_int(st, 8, dir);
    sqlite3_bind_int(st, 9, order == DW_ORDER_DATE);
    sqlite3_bind_int64(st, 10, (int64_t)limit);
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        dw_event_info *v = grow(out->v, &out->cap, out->n, sizeof *v);
        if (!v) {
            rc = oom(db, err);
            break;
        }
        out->v = v;
        if (read_event(st, &out->v[out->n])) {
            free(out->v[out->n].text);
            rc = oom(db, err);
            break;
        }
        out->n++;
    }
    if (!rc && step != SQLITE_DONE) rc = db_fail(db, err, "cannot list events");
    sqlite3_finalize(st);
    return rc;
}

int dw_events_select(dw_store *s, const dw_event_filter *f, dw_event_order order, size_t limit,
                     dw_event_list *out, dw_error *err) {
    static const dw_event_filter ANY = {.track = DW_TRACK_ALL, .dir = DW_DIR_BOTH};
    if (!f) f = &ANY;
    int32_t lo, hi;
    int rc = dw_store_day_range(f->from, f->to, &lo, &hi, err);
    if (rc) return rc;
    return dw_events_select_days(s, f, lo, hi, order, limit, out, err);
}

/* ---- mentions ------------------------------------------------------------------- */

void dw_mention_list_free(dw_mention_list *l) {
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) {
        dw_mention_info *m = &l->v[i];
        free(m->doc);
        free(m->source);
        free(m->title);
        free(m->url);
        free(m->text);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int read_mention(sqlite3_stmt *st, dw_mention_info *m) {
    memset(m, 0, sizeof *m);
    int failed = 0;
    copy(m->id, sizeof m->id, sqlite3_column_text(st, 0));
    m->doc = dup_col(st, 1, &failed);
    m->source = dup_col(st, 2, &failed);
    m->title = dup_col(st, 3, &failed);
    m->url = dup_col(st, 4, &failed);
    copy(m->doc_date, sizeof m->doc_date, sqlite3_column_text(st, 5));
    m->sentence = sqlite3_column_int(st, 6);
    m->span_start = (uint32_t)sqlite3_column_int64(st, 7);
    m->span_end = (uint32_t)sqlite3_column_int64(st, 8);
    m->text = dup_col(st, 9, &failed);
    copy(m->date, sizeof m->date, sqlite3_column_text(st, 10));
    copy(m->date_end, sizeof m->date_end, sqlite3_column_text(st, 11));
    copy(m->precision, sizeof m->precision, sqlite3_column_text(st, 12));
    copy(m->src, sizeof m->src, sqlite3_column_text(st, 13));
    copy(m->tgt, sizeof m->tgt, sqlite3_column_text(st, 14));
    copy(m->cameo, sizeof m->cameo, sqlite3_column_text(st, 15));
    m->modality = modality_of(sqlite3_column_text(st, 16));
    m->has_killed = sqlite3_column_type(st, 17) != SQLITE_NULL;
    m->killed = m->has_killed ? sqlite3_column_double(st, 17) : NAN;
    m->killed_low = m->has_killed ? sqlite3_column_double(st, 18) : NAN;
    m->killed_high = m->has_killed ? sqlite3_column_double(st, 19) : NAN;
    return failed ? DW_ENOMEM : DW_OK;
}

int dw_event_mentions(dw_store *s, int64_t event, dw_mention_list *out, dw_error *err) {
    sqlite3 *db = dw_store_handle(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, MENTIONS_SQL, -1, &st, NULL) != SQLITE_OK)
        return db_fail(db, err, "cannot prepare the report list");
    sqlite3_bind_int64(st, 1, event);
    int rc = DW_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        dw_mention_info *v = grow(out->v, &out->cap, out->n, sizeof *v);
        if (!v || out->n >= MAX_LIST * 10) {
            rc = v ? dw_fail(err, DW_ELIMIT, "event %lld has over %d reports", (long long)event,
                             MAX_LIST * 10)
                   : oom(db, err);
            break;
        }
        out->v = v;
        if (read_mention(st, &out->v[out->n])) {
            out->n++; /* so that the free releases what was copied */
            rc = oom(db, err);
            break;
        }
        out->n++;
    }
    if (!rc && step != SQLITE_DONE) rc = db_fail(db, err, "cannot list the reports");
    sqlite3_finalize(st);
    return rc;
}

/* ---- disputed facts ----------------------------------------------------------- */

void dw_version_list_free(dw_version_list *l) {
    if (!l) return;
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Appends source name to a ", "-separated list unless it is there. */
static void add_source(char *list, size_t cap, const char *name) {
    const char *n = name && *name ? name : "(unknown source)";
    size_t len = strlen(list), nl = strlen(n);
    for (const char *p = list; (p = strstr(p, n)); p += nl)
        if ((p == list || (p - list >= 2 && p[-2] == ',')) && (p[nl] == '\0' || p[nl] == ','))
            return;
    if (len && strcmp(list + len - strlen("…"), "…") == 0) return;
    if (len + 2 + nl + 1 > cap) {
        if (len + 2 + strlen("…") + 1 <= cap) snprintf(list + len, cap - len, ", …");
        return;
    }
    snprintf(list + len, cap - len, "%s%s", len ? ", " : "", n);
}

static int add_version(dw_version_list *l, int field, const char *value, const char *source) {
    dw_version *v = NULL;
    for (size_t i = 0; i < l->n && !v; i++)
        if (l->v[i].field == field && strcmp(l->v[i].value, value) == 0) v = &l->v[i];
    if (!v) {
        dw_version *p = grow(l->v, &l->cap, l->n, sizeof *p);
        if (!p) return DW_ENOMEM;
        l->v = p;
        v = &l->v[l->n++];
        memset(v, 0, sizeof *v);
        v->field = field;
        snprintf(v->value, sizeof v->value, "%s", value);
    }
    v->mentions++;
    add_source(v->sources, sizeof v->sources, source);
    return DW_OK;
}

static void fmt_num(char *out, size_t cap, double v) {
    if (v == floor(v) && fabs(v) < 1e15) snprintf(out, cap, "%.0f", v);
    else snprintf(out, cap, "%.4g", v);
}

/* The value of one field in one report, or 0 when the report has none. */
static int version_value(sqlite3_stmt *st, int field, char *out, size_t cap) {
    const char *date = (const char *)sqlite3_column_text(st, 0);
    const char *end = (const char *)sqlite3_column_text(st, 1);
    const char *prec = (const char *)sqlite3_column_text(st, 2);
    if (field == DW_DISPUTE_DATE) {
        if (!date || (prec && strcmp(prec, "document") == 0)) return 0;
        if (end && strcmp(end, date)) snprintf(out, cap, "%s to %s", date, end);
        else snprintf(out, cap, "%s", date);
        return 1;
    }
    if (field == DW_DISPUTE_KILLED) {
        if (sqlite3_column_type(st, 3) == SQLITE_NULL) return 0;
        double k = sqlite3_column_double(st, 3), lo = sqlite3_column_double(st, 4),
               hi = sqlite3_column_double(st, 5);
        char a[24], b[24], c[24];
        fmt_num(a, sizeof a, k);
        fmt_num(b, sizeof b, lo);
        fmt_num(c, sizeof c, hi);
        char v[96];
        if (lo != k || hi != k) snprintf(v, sizeof v, "%s (%s–%s)", a, b, c);
        else snprintf(v, sizeof v, "%s", a);
        size_t len = strnlen(v, cap - 1);
        memcpy(out, v, len);
        out[len] = '\0';
        return 1;
    }
    const char *src = (const char *)sqlite3_column_text(st, 6);
    const char *tgt = (const char *)sqlite3_column_text(st, 7);
    snprintf(out, cap, "%s→%s", src ? src : "?", tgt ? tgt : "?");
    return 1;
}

int dw_event_versions(dw_store *s, int64_t event, dw_version_list *out, dw_error *err) {
    sqlite3 *db = dw_store_handle(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, VERSIONS_SQL, -1, &st, NULL) != SQLITE_OK)
        return db_fail(db, err, "cannot prepare the dispute list");
    sqlite3_bind_int64(st, 1, event);
    static const int fields[] = {DW_DISPUTE_DATE, DW_DISPUTE_KILLED, DW_DISPUTE_DIRECTION};
    int rc = DW_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        unsigned disputed = (unsigned)sqlite3_column_int(st, 9);
        const char *source = (const char *)sqlite3_column_text(st, 8);
        for (size_t i = 0; !rc && i < sizeof fields / sizeof *fields; i++) {
            char value[64];
            if (!(disputed & (unsigned)fields[i]) ||
                !version_value(st, fields[i], value, sizeof value))
                continue;
            if (add_version(out, fields[i], value, source)) rc = oom(db, err);
        }
    }
    if (!rc && step != SQLITE_DONE) rc = db_fail(db, err, "cannot list the disputed facts");
    sqlite3_finalize(st);
    return rc;
}
