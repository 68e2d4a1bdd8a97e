/*
 * store_sqlite.c — the SQLite store of store.h: documents, sentences, events.
 *
 * Schema version 1 (PRAGMA user_version; PRAGMA application_id marks the
 * file as a dyadwatch store):
 *
 *   documents  one row per distinct text.  The content hash is the identity
 *              (UNIQUE); the given id is not, so two texts that share an id
 *              are both kept, keyed by the INTEGER PRIMARY KEY doc_rowid.
 *   sentences  (doc_rowid, idx) → byte span [start, end) of the text.
 *   events     one row per coded event.  The columns are an index over the
 *              record (the JSON of dw_event_to_json), which is what queries
 *              return.  day_first / day_last are dw_date_days of the date
 *              (first day) and of date_end, or the date, (last day); NULL
 *              when there is no valid date.  Empty strings are stored as NULL.
 *
 * Invariants:
 *   - every value reaches SQL through a bound parameter.  SQL text is constant;
 *     the query variants are string literals joined at compile time.
 *   - statements are prepared once per store and reset (bindings cleared)
 *     right after use, so none is left mid-step between calls.
 *   - dw_store_add_document is atomic on its own: it runs in a SAVEPOINT,
 *     nested in the caller's transaction when there is one.
 *   - every failure is DW_EDB with "PATH: what failed: sqlite's message".
 *
 * The actor-key match (store_sql.h) mirrors dw_actor_matches.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/store_sql.h"
#include "dyadwatch/store.h"

#define DW_SCHEMA_VERSION 1
#define DW_APPLICATION_ID 0x64797764 /* "dywd" */
#define DW_BUSY_TIMEOUT_MS 10000

static const char SCHEMA_SQL[] =
    "CREATE TABLE IF NOT EXISTS documents ("
    " doc_rowid   INTEGER PRIMARY KEY,"
    " id          TEXT NOT NULL,"
    " hash        TEXT NOT NULL UNIQUE,"
    " origin      TEXT,"
    " date        TEXT,"
    " source      TEXT,"
    " url         TEXT,"
    " title       TEXT,"
    " text        TEXT NOT NULL,"
    " ingested_at TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS documents_id ON documents(id);"
    "CREATE TABLE IF NOT EXISTS sentences ("
    " doc_rowid INTEGER NOT NULL REFERENCES documents(doc_rowid) ON DELETE CASCADE,"
    " idx       INTEGER NOT NULL,"
    " start     INTEGER NOT NULL,"
    " \"end\"   INTEGER NOT NULL,"
    " PRIMARY KEY (doc_rowid, idx)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS events ("
    " id             TEXT NOT NULL PRIMARY KEY,"
    " doc_rowid      INTEGER NOT NULL REFERENCES documents(doc_rowid) ON DELETE CASCADE,"
    " sentence       INTEGER NOT NULL,"
    " span_start     INTEGER NOT NULL,"
    " span_end       INTEGER NOT NULL,"
    " date           TEXT,"
    " date_end       TEXT,"
    " date_precision TEXT,"
    " day_first      INTEGER,"
    " day_last       INTEGER,"
    " src_code TEXT, src_country TEXT, src_roles TEXT, src_group TEXT,"
    " tgt_code TEXT, tgt_country TEXT, tgt_roles TEXT, tgt_group TEXT,"
    " cameo          TEXT,"
    " root           TEXT,"
    " quad_class     INTEGER,"
    " goldstein      REAL,"
    " track          TEXT,"
    " modality       TEXT NOT NULL,"
    " confidence     REAL,"
    " record         TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS events_day ON events(day_first);"
    "CREATE INDEX IF NOT EXISTS events_dyad ON events(src_country, tgt_country);"
    "CREATE INDEX IF NOT EXISTS events_src_group ON events(src_group);"
    "CREATE INDEX IF NOT EXISTS events_tgt_group ON events(tgt_group);"
    "CREATE INDEX IF NOT EXISTS events_doc ON events(doc_rowid, sentence);";

/* Fixed statements, prepared at open. */
enum {
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_SAVEPOINT,
    ST_RELEASE,
    ST_ROLLBACK_TO,
    ST_HAS_DOC,
    ST_INS_DOC,
    ST_INS_SENTENCE,
    ST_INS_EVENT,
    ST_COUNT,
    ST_N
};

static const char *const FIXED_SQL[ST_N] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_SAVEPOINT] = "SAVEPOINT dw_add_document",
    [ST_RELEASE] = "RELEASE dw_add_document",
    [ST_ROLLBACK_TO] = "ROLLBACK TO dw_add_document",
    [ST_HAS_DOC] = "SELECT 1 FROM documents WHERE hash = ?1",
    /* RETURNING yields a row only when the text is new: a stored hash is
     * skipped, which is what makes ingest idempotent. */
    [ST_INS_DOC] = "INSERT INTO documents"
                   " (id, hash, origin, date, source, url, title, text, ingested_at)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                   "  strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
                   " ON CONFLICT (hash) DO NOTHING RETURNING doc_rowid",
    [ST_INS_SENTENCE] = "INSERT INTO sentences (doc_rowid, idx, start, \"end\")"
                        " VALUES (?1, ?2, ?3, ?4)",
    [ST_INS_EVENT] = "INSERT INTO events (id, doc_rowid, sentence, span_start, span_end,"
                     " date, date_end, date_precision, day_first, day_last,"
                     " src_code, src_country, src_roles, src_group,"
                     " tgt_code, tgt_country, tgt_roles, tgt_group,"
                     " cameo, root, quad_class, goldstein, track, modality, confidence,"
                     " record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                     " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25,"
                     " ?26)",
    [ST_COUNT] = "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences),"
                 " (SELECT count(*) FROM events)",
};

#define MATCH DW_SQL_ACTOR_MATCH

/* Query parameters: ?1 key a, ?2 key b, ?3 first day, ?4 last day,
 * ?5 / ?6 the modalities counted by default, ?7 all modalities. */
#define Q_HEAD "SELECT record FROM events WHERE (?7 OR modality IN (?5, ?6))"
#define Q_ANY ""
#define Q_ONE " AND (" MATCH("src", "?1") " OR " MATCH("tgt", "?1") ")"
#define Q_TWO                                                                  \
    " AND ((" MATCH("src", "?1") " AND " MATCH("tgt", "?2") ") OR ("            \
    MATCH("src", "?2") " AND " MATCH("tgt", "?1") "))"
#define Q_ALL_DATES ""
/* Overlap of [day_first, day_last] with [?3, ?4]; undated events never match. */
#define Q_DATES " AND day_first <= ?4 AND day_last >= ?3"
#define Q_TAIL " ORDER BY day_first NULLS LAST, doc_rowid, sentence, span_start, id"

enum { Q_KEYS_NONE, Q_KEYS_ONE, Q_KEYS_TWO, Q_KEYS_N };

static const char *const QUERY_SQL[Q_KEYS_N][2] = {
    {Q_HEAD Q_ANY Q_ALL_DATES Q_TAIL, Q_HEAD Q_ANY Q_DATES Q_TAIL},
    {Q_HEAD Q_ONE Q_ALL_DATES Q_TAIL, Q_HEAD Q_ONE Q_DATES Q_TAIL},
    {Q_HEAD Q_TWO Q_ALL_DATES Q_TAIL, Q_HEAD Q_TWO Q_DATES Q_TAIL},
};

struct dw_store {
    sqlite3 *db;
    char *path;
    int ready;                          /* schema checked and statements prepared */
    sqlite3_stmt *st[ST_N];
    sqlite3_stmt *query[Q_KEYS_N][2];   /* prepared on first use */
    dw_buf record;                      /* scratch for event JSON */
};

/* ---- helpers ------------------------------------------------------------- */

static int db_fail(dw_store *s, dw_error *err, const char *what) {
    return dw_fail(err, DW_EDB, "%s: %s: %s", s->path, what,
                   s->db ? sqlite3_errmsg(s->db) : "out of memory");
}

static void done(sqlite3_stmt *st) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

/* Steps a statement that returns no rows we need, then resets it. */
static int run(dw_store *s, int which, const char *what, dw_error *err) {
    sqlite3_stmt *st = s->st[which];
    int rc = sqlite3_step(st);
    int out = rc == SQLITE_DONE || rc == SQLITE_ROW ? DW_OK : db_fail(s, err, what);
    done(st);
    return out;
}

static int exec(dw_store *s, const char *sql, const char *what, dw_error *err) {
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK) return DW_OK;
    int rc = dw_fail(err, DW_EDB, "%s: %s: %s", s->path, what,
                     msg ? msg : sqlite3_errmsg(s->db));
    sqlite3_free(msg);
    return rc;
}

/* Runs a one-row, one-integer query (used only while opening). */
static int query_int(dw_store *s, const char *sql, int64_t *out, dw_error *err) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(s, err, "cannot read the schema");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int64(st, 0);
    int ret = rc == SQLITE_ROW ? DW_OK : db_fail(s, err, "cannot read the schema");
    sqlite3_finalize(st);
    return ret;
}

/* Binds s as text, or NULL when it is NULL or empty. */
static int bind_opt(sqlite3_stmt *st, int i, const char *s) {
    return s && *s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

static int bind_real(sqlite3_stmt *st, int i, double v) {
    return isfinite(v) ? sqlite3_bind_double(st, i, v) : sqlite3_bind_null(st, i);
}

/* Binds the date's day number, or NULL when the date is missing or invalid. */
static int bind_day(sqlite3_stmt *st, int i, const char *date, int first) {
    int32_t d = dw_date_days(date, strlen(date), first);
    return d == INT32_MIN ? sqlite3_bind_null(st, i) : sqlite3_bind_int64(st, i, d);
}

static int bind_valid_date(sqlite3_stmt *st, int i, const char *date) {
    return bind_opt(st, i, dw_date_valid(date, strlen(date)) ? date : NULL);
}

/* ---- open and close ------------------------------------------------------ */

static int configure(dw_store *s, dw_error *err) {
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, DW_BUSY_TIMEOUT_MS);
    /* journal_mode is the first statement that reads the file, so this is
     * where a file that is not a database is reported. */
    int rc = exec(s, "PRAGMA journal_mode = WAL", "cannot open database", err);
    if (!rc) rc = exec(s, "PRAGMA synchronous = NORMAL", "cannot configure database", err);
    if (!rc) rc = exec(s, "PRAGMA foreign_keys = ON", "cannot configure database", err);
    return rc;
}

#define STR_(x) #x
#define STR(x) STR_(x)

/* Checks that the file is ours (or empty) and creates the schema.  Runs in
 * one write transaction so two processes opening a new file do not race. */
static int check_schema(dw_store *s, dw_error *err) {
    int64_t version = 0, app = 0, tables = 0;
    int rc = exec(s, "BEGIN IMMEDIATE", "cannot open database", err);
    if (rc) return rc;
    rc = query_int(s, "PRAGMA user_version", &version, err);
    if (!rc) rc = query_int(s, "PRAGMA application_id", &app, err);
    if (!rc)
        rc = query_int(s, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
                       &tables, err);
    if (!rc && app != 0 && app != DW_APPLICATION_ID)
        rc = dw_fail(err, DW_EDB, "%s: not a dyadwatch database (application_id %lld)",
                     s->path, (long long)app);
    else if (!rc && app == 0 && version == 0 && tables > 0)
        rc = dw_fail(err, DW_EDB,
                     "%s: not a dyadwatch database (it already holds other tables)", s->path);
    else if (!rc && version > DW_SCHEMA_VERSION)
        rc = dw_fail(err, DW_EDB,
                     "%s: schema version %lld is newer than this dyadwatch supports (%d)",
                     s->path, (long long)version, DW_SCHEMA_VERSION);
    if (!rc) rc = exec(s, SCHEMA_SQL, "cannot create the schema", err);
    if (!rc && version < DW_SCHEMA_VERSION)
        rc = exec(s,
                  "PRAGMA user_version = " STR(DW_SCHEMA_VERSION) ";"
                  "PRAGMA application_id = " STR(DW_APPLICATION_ID),
                  "cannot create the schema", err);
    if (!rc) return exec(s, "COMMIT", "cannot create the schema", err);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int prepare_fixed(dw_store *s, dw_error *err) {
    for (int i = 0; i < ST_N; i++)
        if (sqlite3_prepare_v3(s->db, FIXED_SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
                               NULL) != SQLITE_OK)
            return db_fail(s, err, "cannot prepare a statement");
    return DW_OK;
}

int dw_store_open(const char *path, dw_store **out, dw_error *err) {
    *out = NULL;
    if (!path || !*path) return dw_fail(err, DW_EINVAL, "database path is empty");
    dw_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = dw_strdup(path))) {
        free(s);
        return dw_fail(err, DW_ENOMEM, "%s: out of memory", path);
    }
    int rc = DW_OK;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK)
        rc = db_fail(s, err, "cannot open database");
    if (!rc) rc = configure(s, err);
    if (!rc) rc = check_schema(s, err);
    if (!rc) rc = prepare_fixed(s, err);
    if (rc) {
        dw_store_close(s);
        return rc;
    }
    s->ready = 1;
    *out = s;
    return DW_OK;
}

void dw_store_close(dw_store *s) {
    if (!s) return;
    for (int i = 0; i < ST_N; i++) sqlite3_finalize(s->st[i]);
    for (int k = 0; k < Q_KEYS_N; k++)
        for (int d = 0; d < 2; d++) sqlite3_finalize(s->query[k][d]);
    /* Keeps the planner's statistics fresh; cheap, and a failure is harmless. */
    if (s->ready) sqlite3_exec(s->db, "PRAGMA optimize", NULL, NULL, NULL);
    sqlite3_close(s->db); /* rolls back a transaction left open */
    dw_buf_free(&s->record);
    free(s->path);
    free(s);
}

void *dw_store_handle(dw_store *s) { return s ? s->db : NULL; }

/* ---- transactions -------------------------------------------------------- */

int dw_store_begin(dw_store *s, dw_error *err) {
    return run(s, ST_BEGIN, "cannot begin a transaction", err);
}

/* On failure (e.g. the database stayed busy) the transaction is still open;
 * the caller rolls it back. */
int dw_store_commit(dw_store *s, dw_error *err) {
    return run(s, ST_COMMIT, "cannot commit", err);
}

int dw_store_rollback(dw_store *s) {
    if (!s || sqlite3_get_autocommit(s->db)) return DW_OK; /* nothing open */
    return run(s, ST_ROLLBACK, "cannot roll back", NULL);
}

/* ---- documents ----------------------------------------------------------- */

int dw_store_has_document(dw_store *s, const char *hash, int *found, dw_error *err) {
    *found = 0;
    sqlite3_stmt *st = s->st[ST_HAS_DOC];
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int out = DW_OK;
    if (rc == SQLITE_ROW) *found = 1;
    else if (rc != SQLITE_DONE) out = db_fail(s, err, "cannot look up a document");
    done(st);
    return out;
}

/* Inserts the document row; *rowid is 0 when its hash is already stored. */
static int insert_doc(dw_store *s, const dw_doc *d, const char *hash, int64_t *rowid,
                      dw_error *err) {
    sqlite3_stmt *st = s->st[ST_INS_DOC];
    *rowid = 0;
    sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
    bind_opt(st, 3, d->origin);
    bind_opt(st, 4, d->date);
    bind_opt(st, 5, d->source);
    bind_opt(st, 6, d->url);
    bind_opt(st, 7, d->title);
    sqlite3_bind_text64(st, 8, d->text, d->text_len, SQLITE_STATIC, SQLITE_UTF8);
    int rc = sqlite3_step(st);
    int out = DW_OK;
    if (rc == SQLITE_ROW) *rowid = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE) out = db_fail(s, err, "cannot store a document");
    done(st);
    return out;
}

static int insert_sentences(dw_store *s, int64_t rowid, const dw_spans *sp, dw_error *err) {
    sqlite3_stmt *st = s->st[ST_INS_SENTENCE];
    for (size_t i = 0; sp && i < sp->n; i++) {
        sqlite3_bind_int64(st, 1, rowid);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        sqlite3_bind_int64(st, 3, sp->v[i].start);
        sqlite3_bind_int64(st, 4, sp->v[i].end);
        int rc = run(s, ST_INS_SENTENCE, "cannot store a sentence", err);
        if (rc) return rc;
    }
    return DW_OK;
}

/* Roles as stored: "INS,GOV", or "" when there are none.  Each role is at
 * most three bytes, so DW_MAX_ROLES * 4 bytes always suffice. */
static void join_roles(const dw_actor *a, char out[DW_MAX_ROLES * 4]) {
    size_t n = 0;
    for (int i = 0; i < DW_MAX_ROLES && a->roles[i][0]; i++) {
        if (i) out[n++] = ',';
        size_t len = strnlen(a->roles[i], 3);
        memcpy(out + n, a->roles[i], len);
        n += len;
    }
    out[n] = '\0';
}

/* Binds the four actor columns starting at parameter i. */
static void bind_actor(sqlite3_stmt *st, int i, const dw_actor *a, const char *roles) {
    bind_opt(st, i, a->code);
    bind_opt(st, i + 1, a->country);
    bind_opt(st, i + 2, roles);
    bind_opt(st, i + 3, a->group);
}

static int insert_event(dw_store *s, int64_t rowid, const dw_doc *d, const dw_event *e,
                        dw_error *err) {
    if (!e->id[0])
        return dw_fail(err, DW_EINVAL, "%s: an event of document %s has no id", s->path, d->id);
    dw_buf_reset(&s->record);
    if (dw_event_to_json(e, &s->record))
        return dw_fail(err, DW_ENOMEM, "%s: out of memory writing event %s", s->path, e->id);
    /* The JSON writes date_end as the date when there is none; so do we. */
    const char *end = e->date_end[0] ? e->date_end : e->date;
    char src_roles[DW_MAX_ROLES * 4], tgt_roles[DW_MAX_ROLES * 4];
    join_roles(&e->source, src_roles);
    join_roles(&e->target, tgt_roles);

    sqlite3_stmt *st = s->st[ST_INS_EVENT];
    sqlite3_bind_text(st, 1, e->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, rowid);
    sqlite3_bind_int64(st, 3, e->sentence);
    sqlite3_bind_int64(st, 4, e->span_start);
    sqlite3_bind_int64(st, 5, e->span_end);
    bind_valid_date(st, 6, e->date);
    bind_valid_date(st, 7, end);
    bind_opt(st, 8, e->date_precision);
    bind_day(st, 9, e->date, 1);
    bind_day(st, 10, end, 0);
    bind_actor(st, 11, &e->source, src_roles);
    bind_actor(st, 15, &e->target, tgt_roles);
    bind_opt(st, 19, e->cameo);
    bind_opt(st, 20, e->root);
    sqlite3_bind_int(st, 21, e->quad_class);
    bind_real(st, 22, e->goldstein);
    bind_opt(st, 23, e->track);
    sqlite3_bind_text(st, 24, dw_modality_name(e->modality), -1, SQLITE_STATIC);
    bind_real(st, 25, e->confidence);
    sqlite3_bind_text64(st, 26, s->record.data, s->record.len, SQLITE_STATIC, SQLITE_UTF8);

    int rc = sqlite3_step(st);
    int out = DW_OK;
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        out = dw_fail(err, DW_EDB, "%s: event id %s (document %s) is already stored: %s",
                      s->path, e->id, d->id, sqlite3_errmsg(s->db));
    else if (rc != SQLITE_DONE)
        out = db_fail(s, err, "cannot store an event");
    done(st);
    return out;
}

static int insert_all(dw_store *s, const dw_doc *d, const char *hash, const dw_spans *sp,
                      const dw_events *es, dw_error *err) {
    int64_t rowid;
    int rc = insert_doc(s, d, hash, &rowid, err);
    if (rc || rowid == 0) return rc; /* error, or already stored: skip */
    rc = insert_sentences(s, rowid, sp, err);
    for (size_t i = 0; !rc && es && i < es->n; i++) rc = insert_event(s, rowid, d, &es->v[i], err);
    return rc;
}

int dw_store_add_document(dw_store *s, const dw_doc *doc, const dw_spans *sentences,
                          const dw_events *events, dw_error *err) {
    if (!doc || !doc->text || !doc->id)
        return dw_fail(err, DW_EINVAL, "%s: document %s has no %s", s->path,
                       doc && doc->origin ? doc->origin : "(unknown)",
                       doc && doc->text ? "id" : "text");
    char hash[65];
    if (doc->hash[0]) memcpy(hash, doc->hash, sizeof hash);
    else dw_sha256_hex(doc->text, doc->text_len, hash);
    hash[64] = '\0';

    int outer = sqlite3_get_autocommit(s->db); /* no transaction: the savepoint is one */
    int rc = run(s, ST_SAVEPOINT, "cannot begin storing a document", err);
    if (rc) return rc;
    rc = insert_all(s, doc, hash, sentences, events, err);
    if (!rc) rc = run(s, ST_RELEASE, "cannot finish storing a document", err);
    if (!rc) return DW_OK;
    /* Undo this document only; the caller's transaction stays usable. */
    if (!sqlite3_get_autocommit(s->db)) {
        run(s, ST_ROLLBACK_TO, "", NULL);
        run(s, ST_RELEASE, "", NULL);
        if (outer && !sqlite3_get_autocommit(s->db)) run(s, ST_ROLLBACK, "", NULL);
    }
    return rc;
}

int dw_store_count(dw_store *s, dw_store_counts *out, dw_error *err) {
    sqlite3_stmt *st = s->st[ST_COUNT];
    memset(out, 0, sizeof *out);
    int rc = sqlite3_step(st);
    int ret = DW_OK;
    if (rc == SQLITE_ROW) {
        out->documents = (long)sqlite3_column_int64(st, 0);
        out->sentences = (long)sqlite3_column_int64(st, 1);
        out->events = (long)sqlite3_column_int64(st, 2);
    } else {
        ret = db_fail(s, err, "cannot count rows");
    }
    done(st);
    return ret;
}

/* ---- queries ------------------------------------------------------------- */

/* Day range of the from/to prefixes; an open end is unbounded. */
static int day_range(const char *from, const char *to, int64_t *lo, int64_t *hi,
                     dw_error *err) {
    *lo = INT64_MIN;
    *hi = INT64_MAX;
    if (from && *from) {
        int32_t d = dw_date_days(from, strlen(from), 1);
        if (d == INT32_MIN)
            return dw_fail(err, DW_EINVAL,
                           "bad from date '%s': expected YYYY, YYYY-MM or YYYY-MM-DD", from);
        *lo = d;
    }
    if (to && *to) {
        int32_t d = dw_date_days(to, strlen(to), 0);
        if (d == INT32_MIN)
            return dw_fail(err, DW_EINVAL,
                           "bad to date '%s': expected YYYY, YYYY-MM or YYYY-MM-DD", to);
        *hi = d;
    }
    return DW_OK;
}

static sqlite3_stmt *query_stmt(dw_store *s, int keys, int dated, dw_error *err) {
    sqlite3_stmt **st = &s->query[keys][dated];
    if (!*st && sqlite3_prepare_v3(s->db, QUERY_SQL[keys][dated], -1, SQLITE_PREPARE_PERSISTENT,
                                   st, NULL) != SQLITE_OK) {
        db_fail(s, err, "cannot prepare the event query");
        *st = NULL;
    }
    return *st;
}

int dw_store_query_events(dw_store *s, const dw_event_query *q, dw_record_fn fn, void *ud,
                          dw_error *err) {
    static const dw_event_query ANY = {0};
    if (!q) q = &ANY;
    /* An empty key selects everything, as in dw_actor_matches. */
    const char *a = q->a && *q->a ? q->a : NULL;
    const char *b = q->b && *q->b ? q->b : NULL;
    if (!a) {
        a = b;
        b = NULL;
    }
    int64_t lo, hi;
    int rc = day_range(q->from, q->to, &lo, &hi, err);
    if (rc) return rc;
    int keys = !a ? Q_KEYS_NONE : !b ? Q_KEYS_ONE : Q_KEYS_TWO;
    int dated = (q->from && *q->from) || (q->to && *q->to);
    sqlite3_stmt *st = query_stmt(s, keys, dated, err);
    if (!st) return DW_EDB;
    if (sqlite3_stmt_busy(st))
        return dw_fail(err, DW_EINVAL, "%s: an event query was started from its own callback",
                       s->path);

    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, lo);
    sqlite3_bind_int64(st, 4, hi);
    sqlite3_bind_text(st, 5, dw_modality_name(DW_ASSERTED), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, dw_modality_name(DW_CLAIMED), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 7, q->all_modalities != 0);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *json = (const char *)sqlite3_column_text(st, 0);
        int r = fn(json ? json : "null", ud, err);
        if (r) {
            done(st);
            return r;
        }
    }
    int out = rc == SQLITE_DONE ? DW_OK : db_fail(s, err, "cannot query events");
    done(st);
    return out;
}
