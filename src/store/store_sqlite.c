/*
 * store_sqlite.c — the SQLite store of store.h: documents, sentences,
 * reports (mentions) clustered into events, and the rollups that keep
 * dyad series fast.
 *
 * Schema version 2 (PRAGMA user_version; PRAGMA application_id marks the
 * file as a dyadwatch store):
 *
 *   documents  one row per distinct text.  The content hash is the identity
 *              (UNIQUE); the given id is not, so two texts that share an id
 *              are both kept, keyed by the INTEGER PRIMARY KEY doc_rowid.
 *   sentences  (doc_rowid, idx) → byte span [start, end) of the text.
 *   mentions   one row per coded record: a report of an event, with its
 *              document, sentence, offsets, the record id (PRIMARY KEY),
 *              the record's JSON and the columns the clustering needs.
 *              day_first / day_last are dw_date_days of the date (first
 *              day) and of date_end, or the date, (last day); NULL when there
 *              is no valid date.  Empty strings are stored as NULL.
 *   events     one row per real event: a cluster of mentions.  Its columns
 *              are those of its representative mention (rep_id: the one with
 *              the narrowest date, the earliest stored on a tie) except:
 *              the place is the most precise any mention gives; modality is
 *              asserted if any mention asserts it (else claimed) in the
 *              asserted/claimed class; mentions and sources count its
 *              reports and their distinct sources (the document's Source:,
 *              or one "unknown" source for documents without one); the
 *              death toll is ACLED's conservative reading — best the lowest
 *              reported value, low the lowest low, high the highest high;
 *              disputed has a bit per fact the reports disagree on:
 *                date       two reports' dates share no day (document
 *                           fallback dates left out);
 *                killed     two different death tolls;
 *                direction  a symmetric conflict event (clash) that one
 *                           document tells as A→B and another as B→A.
 *              Every version stays in mentions with its source
 *              (dw_event_versions lists them).
 *   actors     actor code → id and its parts; sources: outlet → id.
 *   rollup_day, rollup_source   per (src actor, tgt actor, day, track, ...)
 *              counts of events and of mentions per source (store_sql.h),
 *              updated in the same transaction as the events they count.
 *
 * Why events and mentions apart (and not one table plus a mapping): every
 * figure counts events, so `events` is what queries, dyad summaries and
 * `dyadwatch events` read — one line per real event, its representative
 * record plus "mentions" and "sources" — while the evidence (who said what,
 * where) stays one join away.
 *
 * Clustering runs inside dw_store_add_document, in its savepoint: each new
 * report is compared with the events of the same dyad (either direction for
 * symmetric codes), the same modality class, the same CAMEO base or PLOVER
 * type and an overlapping day window, oldest first (at most 64); the first
 * whose dates and places agree (src/analyze/cluster.c) takes it, else it
 * starts an event, written straight from the report.  A joined event's row
 * is recomputed from its mentions, and the rollups follow — the old
 * contribution subtracted, the new one added — so a rollup is always the
 * sum over the events table (tests recount it).  Reports without a valid
 * date never cluster (and are in no rollup).  The search reads only the
 * days that can match (three index ranges by date length, see ST_FIND), so
 * its cost does not grow with a dyad's history: about 4,000 reports a
 * second are clustered and stored on one core.
 *
 * Version 1 files (events as coded records, no clusters) are migrated on
 * open, in one transaction: the records are re-clustered in the order they
 * were stored, exactly as a fresh ingest of the same documents would.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "analyze/cluster.h"
#include "store/store_sql.h"
#include "dyadwatch/series.h"
#include "dyadwatch/store.h"

#define DW_SCHEMA_VERSION 2
#define DW_APPLICATION_ID 0x64797764 /* "dywd" */
#define DW_BUSY_TIMEOUT_MS 10000
#define DW_MAX_CANDIDATES 64

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
    "CREATE TABLE IF NOT EXISTS actors ("
    " actor_id      INTEGER PRIMARY KEY,"
    " actor_code    TEXT NOT NULL UNIQUE,"
    " actor_country TEXT, actor_roles TEXT, actor_group TEXT);"
    "CREATE TABLE IF NOT EXISTS sources ("
    " source_id INTEGER PRIMARY KEY,"
    " name      TEXT NOT NULL UNIQUE);"
    "CREATE TABLE IF NOT EXISTS events ("
    " event_id       INTEGER PRIMARY KEY,"
    " rep_id         TEXT NOT NULL,"
    " date TEXT, date_end TEXT, date_precision TEXT, day_first INTEGER, day_last INTEGER,"
    " src_code TEXT, src_country TEXT, src_roles TEXT, src_group TEXT,"
    " tgt_code TEXT, tgt_country TEXT, tgt_roles TEXT, tgt_group TEXT,"
    " src_actor INTEGER NOT NULL, tgt_actor INTEGER NOT NULL,"
    " cameo TEXT, root TEXT, base TEXT, plover_type TEXT,"
    " quad_class INTEGER, goldstein REAL, track TEXT, track_id INTEGER NOT NULL,"
    " modality TEXT NOT NULL, mod_class INTEGER NOT NULL, confidence REAL,"
    " symmetric INTEGER NOT NULL,"
    " loc_country TEXT, loc_adm1 TEXT, loc_rank INTEGER NOT NULL DEFAULT 0,"
    " loc_lat REAL, loc_lon REAL,"
    " mentions INTEGER NOT NULL DEFAULT 0, sources INTEGER NOT NULL DEFAULT 0,"
    " killed REAL, killed_low REAL, killed_high REAL,"
    " disputed INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS events_day ON events(day_first);"
    "CREATE INDEX IF NOT EXISTS events_dyad ON events(src_country, tgt_country);"
    "CREATE INDEX IF NOT EXISTS events_src_group ON events(src_group);"
    "CREATE INDEX IF NOT EXISTS events_tgt_group ON events(tgt_group);"
    "CREATE INDEX IF NOT EXISTS events_cluster"
    " ON events(src_country, src_group, tgt_country, tgt_group, day_first, day_last,"
    " mod_class, base, plover_type, symmetric);"
    "CREATE INDEX IF NOT EXISTS events_pair ON events(src_actor, tgt_actor, day_first);"
    "CREATE INDEX IF NOT EXISTS events_long"
    " ON events(src_country, src_group, tgt_country, tgt_group, day_first)"
    " WHERE day_last - day_first > 31;"
    "CREATE INDEX IF NOT EXISTS events_wide"
    " ON events(src_country, src_group, tgt_country, tgt_group, day_first)"
    " WHERE day_last - day_first > 400;"
    "CREATE TABLE IF NOT EXISTS mentions ("
    " id         TEXT NOT NULL PRIMARY KEY,"
    " event_id   INTEGER NOT NULL REFERENCES events(event_id),"
    " doc_rowid  INTEGER NOT NULL REFERENCES documents(doc_rowid) ON DELETE CASCADE,"
    " sentence   INTEGER NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,"
    " date TEXT, date_end TEXT, date_precision TEXT, day_first INTEGER, day_last INTEGER,"
    " width INTEGER,"
    " src_code TEXT, src_country TEXT, src_roles TEXT, src_group TEXT,"
    " tgt_code TEXT, tgt_country TEXT, tgt_roles TEXT, tgt_group TEXT,"
    " src_actor INTEGER NOT NULL, tgt_actor INTEGER NOT NULL,"
    " cameo TEXT, root TEXT, plover_type TEXT, quad_class INTEGER, goldstein REAL,"
    " track TEXT, track_id INTEGER NOT NULL, modality TEXT NOT NULL, confidence REAL,"
    " symmetric INTEGER NOT NULL,"
    " loc_country TEXT, loc_adm1 TEXT, loc_rank INTEGER NOT NULL, loc_lat REAL, loc_lon REAL,"
    " killed REAL, killed_low REAL, killed_high REAL,"
    " source_id  INTEGER NOT NULL REFERENCES sources(source_id),"
    " record     TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_id);"
    "CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_rowid, sentence);"
    "CREATE TABLE IF NOT EXISTS rollup_day ("
    " src INTEGER NOT NULL, tgt INTEGER NOT NULL, day INTEGER NOT NULL,"
    " track INTEGER NOT NULL, quad INTEGER NOT NULL, modality INTEGER NOT NULL,"
    " prec INTEGER NOT NULL,"
    " events INTEGER NOT NULL, mentions INTEGER NOT NULL, goldstein REAL NOT NULL,"
    " killed REAL NOT NULL, killed_low REAL NOT NULL, killed_high REAL NOT NULL,"
    " killed_events INTEGER NOT NULL,"
    " PRIMARY KEY (src, tgt, day, track, quad, modality, prec)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS rollup_source ("
    " src INTEGER NOT NULL, tgt INTEGER NOT NULL, day INTEGER NOT NULL,"
    " track INTEGER NOT NULL, modality INTEGER NOT NULL, prec INTEGER NOT NULL,"
    " source_id INTEGER NOT NULL, mentions INTEGER NOT NULL,"
    " PRIMARY KEY (src, tgt, day, track, modality, prec, source_id)) WITHOUT ROWID;";

/* Version 1 kept coded records in `events`; its indexes go before the
 * table is renamed, since the new schema reuses some of their names. */
static const char V1_SET_ASIDE_SQL[] =
    "DROP INDEX IF EXISTS events_day; DROP INDEX IF EXISTS events_dyad;"
    "DROP INDEX IF EXISTS events_src_group; DROP INDEX IF EXISTS events_tgt_group;"
    "DROP INDEX IF EXISTS events_doc;"
    "ALTER TABLE events RENAME TO events_v1;";

#define JX(path) "CASE WHEN json_valid(e.record) THEN json_extract(e.record, '" path "') END"

static const char V1_READ_SQL[] =
    "SELECT e.id, e.doc_rowid, e.sentence, e.span_start, e.span_end, e.date, e.date_end,"
    " e.date_precision, e.src_code, e.src_country, e.src_roles, e.src_group, e.tgt_code,"
    " e.tgt_country, e.tgt_roles, e.tgt_group, e.cameo, e.root, e.quad_class, e.goldstein,"
    " e.track, e.modality, e.confidence, d.source, e.record,"
    " " JX("$.plover.type") ", " JX("$.location.country") ", " JX("$.location.adm1") ","
    " " JX("$.location.lat") ", " JX("$.location.lon") ", " JX("$.location.precision") ","
    " " JX("$.quantities.killed.value") ", " JX("$.quantities.killed.low") ","
    " " JX("$.quantities.killed.high") ""
    " FROM events_v1 e JOIN documents d ON d.doc_rowid = e.doc_rowid"
    " ORDER BY e.doc_rowid, e.rowid";

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
    ST_COUNT,
    ST_ACTOR_GET,
    ST_ACTOR_PUT,
    ST_SOURCE_GET,
    ST_SOURCE_PUT,
    ST_FIND,
    ST_NEW_EVENT,
    ST_INS_MENTION,
    ST_EV_REP,
    ST_EV_LOC,
    ST_EV_AGG,
    ST_EV_STATE,
    ST_ROLL_DAY,
    ST_ROLL_DAY_CLEAN,
    ST_ROLL_SRC_ONE,
    ST_ROLL_SRC_EVENT,
    ST_ROLL_SRC_CLEAN,
    ST_N
};

#define STR_(x) #x
#define STR(x) STR_(x)
#define MONTH_DAYS "31"
#define WIDE_DAYS "400"
#define FIND_COLS                                                                  \
    "event_id, day_first, day_last, date_precision IS 'document', cameo, plover_type," \
    " loc_rank, loc_country, loc_adm1, loc_lat, loc_lon"
#define FIND_DYAD                                                                  \
    "src_country IS ?1 AND src_group IS ?2 AND tgt_country IS ?3 AND tgt_group IS ?4"
#define FIND_REST                                                                  \
    "day_last >= ?7 AND mod_class = ?5 AND (base = ?8 OR plover_type = ?9)"       \
    " AND (?10 = 0 OR symmetric = 1)"
/* The representative report: the narrowest date, the first stored on a tie. */
#define REP_ORDER "width IS NULL, width, rowid"
#define ROLL_DAY_KEY "src, tgt, day, track, quad, modality, prec"
#define ROLL_SRC_KEY "src, tgt, day, track, modality, prec, source_id"
#define SRC_SIDE "coalesce(src_country, '') || '/' || coalesce(src_group, '')"
/* The columns a report (a mention) and the event it starts share, bound as
 * ?1..?33 by bind_report. */
#define REPORT_COLS                                                                       \
    "date, date_end, date_precision, day_first, day_last, src_code, src_country, src_roles," \
    " src_group, tgt_code, tgt_country, tgt_roles, tgt_group, src_actor, tgt_actor, cameo,"  \
    " root, plover_type, quad_class, goldstein, track, track_id, modality, confidence,"       \
    " symmetric, loc_country, loc_adm1, loc_rank, loc_lat, loc_lon, killed, killed_low,"     \
    " killed_high"
#define REPORT_VALUES                                                                     \
    "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"  \
    " ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33"

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
    [ST_COUNT] = "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences),"
                 " (SELECT count(*) FROM events), (SELECT count(*) FROM mentions)",
    [ST_ACTOR_GET] = "SELECT actor_id FROM actors WHERE actor_code = ?1",
    [ST_ACTOR_PUT] = "INSERT INTO actors (actor_code, actor_country, actor_roles, actor_group)"
                     " VALUES (?1, ?2, ?3, ?4) RETURNING actor_id",
    [ST_SOURCE_GET] = "SELECT source_id FROM sources WHERE name = ?1",
    [ST_SOURCE_PUT] = "INSERT INTO sources (name) VALUES (?1) RETURNING source_id",
    /* Candidates for a report: ?1..?4 the dyad as (country, group) per side,
     * ?5 modality class, ?6 / ?7 day prefilter (the last first day and the
     * first last day that can match), ?8 CAMEO base, ?9 PLOVER type, ?10 1
     * when looking for symmetric events with the sides swapped.  A matching
     * event ends on or after ?7, so it starts at most its length before:
     * three index ranges by length (up to a month, up to 400 days, longer —
     * the last two partial indexes) keep the search to the days that can
     * match instead of the dyad's whole history. */
    [ST_FIND] = "SELECT " FIND_COLS " FROM events WHERE " FIND_DYAD
                " AND day_first BETWEEN ?7 - " MONTH_DAYS " AND ?6 AND " FIND_REST
                " UNION ALL SELECT " FIND_COLS " FROM events WHERE " FIND_DYAD
                " AND day_last - day_first > " MONTH_DAYS " AND day_first >= ?7 - " WIDE_DAYS
                " AND day_first < ?7 - " MONTH_DAYS " AND " FIND_REST
                " UNION ALL SELECT " FIND_COLS " FROM events WHERE " FIND_DYAD
                " AND day_last - day_first > " WIDE_DAYS " AND day_first < ?7 - " WIDE_DAYS
                " AND " FIND_REST " ORDER BY 1 LIMIT " STR(DW_MAX_CANDIDATES),
    /* A new event is its report. */
    [ST_NEW_EVENT] = "INSERT INTO events (" REPORT_COLS ", rep_id, base, mod_class, mentions,"
                     " sources, disputed) VALUES (" REPORT_VALUES ", ?34, ?35, ?36, 1, 1, 0)",
    [ST_INS_MENTION] = "INSERT INTO mentions (" REPORT_COLS ", id, event_id, doc_rowid, sentence,"
                       " span_start, span_end, width, source_id, record)"
                       " VALUES (" REPORT_VALUES ", ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42)",
    [ST_EV_REP] =
        "UPDATE events SET (rep_id, date, date_end, date_precision, day_first, day_last,"
        " src_code, src_country, src_roles, src_group, tgt_code, tgt_country, tgt_roles,"
        " tgt_group, src_actor, tgt_actor, cameo, root, base, plover_type, quad_class,"
        " goldstein, track, track_id, confidence, symmetric) ="
        " (SELECT id, date, date_end, date_precision, day_first, day_last,"
        "  src_code, src_country, src_roles, src_group, tgt_code, tgt_country, tgt_roles,"
        "  tgt_group, src_actor, tgt_actor, cameo, root,"
        "  CASE WHEN length(cameo) >= 3 THEN substr(cameo, 1, 3) END, plover_type,"
        "  quad_class, goldstein, track, track_id, confidence, symmetric"
        "  FROM mentions WHERE event_id = ?1 ORDER BY " REP_ORDER " LIMIT 1)"
        " WHERE event_id = ?1 AND rep_id IS NOT"
        " (SELECT id FROM mentions WHERE event_id = ?1 ORDER BY " REP_ORDER " LIMIT 1)",
    [ST_EV_LOC] = "UPDATE events SET (loc_country, loc_adm1, loc_rank, loc_lat, loc_lon) ="
                  " (SELECT loc_country, loc_adm1, loc_rank, loc_lat, loc_lon FROM mentions"
                  "  WHERE event_id = ?1 ORDER BY loc_rank DESC, rowid LIMIT 1)"
                  " WHERE event_id = ?1"
                  " AND loc_rank < (SELECT max(loc_rank) FROM mentions WHERE event_id = ?1)",
    [ST_EV_AGG] =
        "UPDATE events SET (mentions, sources, killed, killed_low, killed_high, modality,"
        " disputed) ="
        " (SELECT count(*), count(DISTINCT source_id), min(killed), min(killed_low),"
        "  max(killed_high),"
        "  CASE WHEN events.mod_class <> 0 THEN min(modality)"
        "       WHEN max(modality = 'asserted') THEN 'asserted' ELSE 'claimed' END,"
        "  (CASE WHEN max(CASE WHEN date_precision IS NOT 'document' THEN day_first END)"
        "        > min(CASE WHEN date_precision IS NOT 'document' THEN day_last END)"
        "   THEN 1 ELSE 0 END)"
        "  | (CASE WHEN count(DISTINCT killed) > 1 THEN 2 ELSE 0 END)"
        "  | (CASE WHEN events.symmetric AND events.quad_class >= 3 AND"
        "      (SELECT count(DISTINCT side) FROM (SELECT min(" SRC_SIDE ") AS side"
        "       FROM mentions WHERE event_id = ?1 GROUP BY doc_rowid"
        "       HAVING min(" SRC_SIDE ") = max(" SRC_SIDE "))) > 1"
        "     THEN 4 ELSE 0 END)"
        "  FROM mentions WHERE event_id = ?1)"
        " WHERE event_id = ?1",
    [ST_EV_STATE] = "SELECT src_actor, tgt_actor, day_first, day_last,"
                    " date_precision IS 'document', track_id, quad_class, modality, mentions,"
                    " goldstein, killed, killed_low, killed_high FROM events WHERE event_id = ?1",
    [ST_ROLL_DAY] =
        "INSERT INTO rollup_day (" ROLL_DAY_KEY ", events, mentions, goldstein, killed,"
        " killed_low, killed_high, killed_events)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
        " ON CONFLICT (" ROLL_DAY_KEY ") DO UPDATE SET events = events + excluded.events,"
        " mentions = mentions + excluded.mentions,"
        " goldstein = goldstein + excluded.goldstein, killed = killed + excluded.killed,"
        " killed_low = killed_low + excluded.killed_low,"
        " killed_high = killed_high + excluded.killed_high,"
        " killed_events = killed_events + excluded.killed_events",
    [ST_ROLL_DAY_CLEAN] = "DELETE FROM rollup_day WHERE src = ?1 AND tgt = ?2 AND day = ?3"
                          " AND track = ?4 AND quad = ?5 AND modality = ?6 AND prec = ?7"
                          " AND events <= 0",
    [ST_ROLL_SRC_ONE] = "INSERT INTO rollup_source (" ROLL_SRC_KEY ", mentions)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                        " ON CONFLICT (" ROLL_SRC_KEY ")"
                        " DO UPDATE SET mentions = mentions + excluded.mentions",
    /* Moves an event's mentions (all but mention rowid ?9) in or out. */
    [ST_ROLL_SRC_EVENT] = "INSERT INTO rollup_source (" ROLL_SRC_KEY ", mentions)"
                          " SELECT ?1, ?2, ?3, ?4, ?5, ?6, source_id, ?7 * count(*)"
                          " FROM mentions WHERE event_id = ?8 AND rowid <> ?9"
                          " GROUP BY source_id"
                          " ON CONFLICT (" ROLL_SRC_KEY ")"
                          " DO UPDATE SET mentions = mentions + excluded.mentions",
    [ST_ROLL_SRC_CLEAN] = "DELETE FROM rollup_source WHERE src = ?1 AND tgt = ?2 AND day = ?3"
                          " AND track = ?4 AND modality = ?5 AND prec = ?6 AND mentions <= 0",
};

#define MATCH DW_SQL_ACTOR_MATCH

/* Query parameters: ?1 key a, ?2 key b, ?3 first day, ?4 last day,
 * ?5 / ?6 the modalities counted by default, ?7 all modalities. */
#define Q_HEAD                                                                  \
    "SELECT m.record, e.mentions, e.sources, e.disputed"                        \
    " FROM events e JOIN mentions m ON m.id = e.rep_id"                         \
    " WHERE (?7 OR e.modality IN (?5, ?6))"
#define Q_ANY ""
#define Q_ONE " AND (" MATCH("e.src", "?1") " OR " MATCH("e.tgt", "?1") ")"
#define Q_TWO                                                                  \
    " AND ((" MATCH("e.src", "?1") " AND " MATCH("e.tgt", "?2") ") OR ("        \
    MATCH("e.src", "?2") " AND " MATCH("e.tgt", "?1") "))"
#define Q_ALL_DATES ""
/* Overlap of [day_first, day_last] with [?3, ?4]; undated events never match. */
#define Q_DATES " AND e.day_first <= ?4 AND e.day_last >= ?3"
#define Q_TAIL " ORDER BY e.day_first NULLS LAST, m.doc_rowid, m.sentence, m.span_start, m.id"

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

static const char *col_text(sqlite3_stmt *st, int i) {
    return (const char *)sqlite3_column_text(st, i);
}

static double col_real(sqlite3_stmt *st, int i) {
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
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
    /* The clustering's small DISTINCT and GROUP BY tables stay in memory: as
     * temporary files they cost a file each, twenty times the work. */
    if (!rc) rc = exec(s, "PRAGMA temp_store = MEMORY", "cannot configure database", err);
    return rc;
}

static int prepare_fixed(dw_store *s, dw_error *err) {
    for (int i = 0; i < ST_N; i++)
        if (!s->st[i] && sqlite3_prepare_v3(s->db, FIXED_SQL[i], -1, SQLITE_PREPARE_PERSISTENT,
                                            &s->st[i], NULL) != SQLITE_OK)
            return db_fail(s, err, "cannot prepare a statement");
    return DW_OK;
}

static int migrate_v1(dw_store *s, dw_error *err);

/* Checks that the file is ours (or empty), creates or migrates the schema
 * and prepares the statements.  Runs in one write transaction so two
 * processes opening a new file do not race and a migration is all or
 * nothing. */
static int open_schema(dw_store *s, dw_error *err) {
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
    int from_v1 = !rc && version == 1;
    if (from_v1) rc = exec(s, V1_SET_ASIDE_SQL, "cannot migrate from schema version 1", err);
    if (!rc) rc = exec(s, SCHEMA_SQL, "cannot create the schema", err);
    if (!rc) rc = prepare_fixed(s, err);
    if (!rc && from_v1) rc = migrate_v1(s, err);
    if (!rc && version < DW_SCHEMA_VERSION)
        rc = exec(s,
                  "PRAGMA user_version = " STR(DW_SCHEMA_VERSION) ";"
                  "PRAGMA application_id = " STR(DW_APPLICATION_ID),
                  "cannot create the schema", err);
    if (!rc) return exec(s, "COMMIT", "cannot create the schema", err);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
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
    if (!rc) rc = open_schema(s, err);
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

/* Looks up a name's id in a two-statement (get, put) pair, adding it. */
static int intern(dw_store *s, int get, int put, const char *const *vals, int nvals,
                  int64_t *id, dw_error *err) {
    sqlite3_stmt *st = s->st[get];
    sqlite3_bind_text(st, 1, vals[0], -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
    done(st);
    if (rc == SQLITE_ROW) return DW_OK;
    if (rc != SQLITE_DONE) return db_fail(s, err, "cannot look up an actor or source");
    st = s->st[put];
    sqlite3_bind_text(st, 1, vals[0], -1, SQLITE_STATIC);
    for (int i = 1; i < nvals; i++) bind_opt(st, i + 1, vals[i]);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
    done(st);
    return rc == SQLITE_ROW ? DW_OK : db_fail(s, err, "cannot store an actor or source");
}

static int source_id(dw_store *s, const char *name, int64_t *id, dw_error *err) {
    const char *v[1] = {name ? name : ""};
    return intern(s, ST_SOURCE_GET, ST_SOURCE_PUT, v, 1, id, err);
}

/* ---- clustering ------------------------------------------------------------ */

/* One side of a report. */
typedef struct side_in {
    const char *code, *country, *roles, *group;
} side_in;

/* A report as the store takes it, from a dw_event or a version-1 row. */
typedef struct mention_in {
    const char *id;
    const char *doc_name; /* for messages */
    int64_t doc_rowid, sentence, span_start, span_end;
    const char *date, *date_end, *precision; /* valid dates or NULL */
    int dated;
    int32_t first, last;
    side_in src, tgt;
    const char *cameo, *root, *plover, *track, *modality;
    int quad, mod_class;
    double goldstein, confidence;
    int loc_rank;
    const char *loc_country, *loc_adm1;
    double lat, lon;
    int has_killed;
    double killed, killed_low, killed_high;
    int64_t source_id;
    const char *record;
    size_t record_len;
} mention_in;

static int mod_class_of(const char *modality) {
    if (modality && strcmp(modality, "negated") == 0) return 1;
    if (modality && strcmp(modality, "hypothetical") == 0) return 2;
    return 0; /* asserted and claimed are one class */
}

static int modality_id(const char *m) {
    if (!m) return DW_ASSERTED;
    if (strcmp(m, "negated") == 0) return DW_NEGATED;
    if (strcmp(m, "hypothetical") == 0) return DW_HYPOTHETICAL;
    if (strcmp(m, "claimed") == 0) return DW_CLAIMED;
    return DW_ASSERTED;
}

/* Sets dated/first/last from the date strings (end falls back to date). */
static void set_days(mention_in *m) {
    m->dated = 0;
    if (!m->date || !dw_date_valid(m->date, strlen(m->date))) {
        m->date = m->date_end = NULL;
        return;
    }
    if (!m->date_end || !dw_date_valid(m->date_end, strlen(m->date_end))) m->date_end = m->date;
    m->first = dw_date_days(m->date, strlen(m->date), 1);
    m->last = dw_date_days(m->date_end, strlen(m->date_end), 0);
    if (m->last < m->first) {
        m->date_end = m->date;
        m->last = dw_date_days(m->date, strlen(m->date), 0);
    }
    m->dated = 1;
}

/* The CAMEO base code (its first three digits), "" when shorter. */
static void cameo_base(const char *cameo, char out[4]) {
    out[0] = '\0';
    if (cameo && strlen(cameo) >= 3) memcpy(out, cameo, 3), out[3] = '\0';
}

static int is_document(const char *precision) {
    return precision && strcmp(precision, "document") == 0;
}

static dw_cl_report report_of(const mention_in *m) {
    dw_cl_report r = {0};
    r.dated = m->dated;
    r.first = m->first;
    r.last = m->last;
    r.document = is_document(m->precision);
    r.cameo = m->cameo;
    r.plover = m->plover;
    r.loc_rank = m->loc_rank;
    r.loc_country = m->loc_country;
    r.loc_adm1 = m->loc_adm1;
    r.lat = m->lat;
    r.lon = m->lon;
    return r;
}

/* Searches one orientation; *event keeps the smallest matching id. */
static int find_in(dw_store *s, const mention_in *m, const dw_cl_report *r, int swapped,
                   int64_t *event, dw_error *err) {
    const side_in *a = swapped ? &m->tgt : &m->src, *b = swapped ? &m->src : &m->tgt;
    int32_t lo, hi;
    dw_cl_window(r, &lo, &hi);
    char base[4];
    cameo_base(m->cameo, base);
    sqlite3_stmt *st = s->st[ST_FIND];
    bind_opt(st, 1, a->country);
    bind_opt(st, 2, a->group);
    bind_opt(st, 3, b->country);
    bind_opt(st, 4, b->group);
    sqlite3_bind_int(st, 5, m->mod_class);
    /* Superset of dw_cl_dates_match: a day of tolerance on either side and
     * the week an event's document date stands for. */
    sqlite3_bind_int64(st, 6, (int64_t)hi + 1 + DW_CL_DOCUMENT_DAYS);
    sqlite3_bind_int64(st, 7, (int64_t)lo - 1);
    bind_opt(st, 8, base);
    bind_opt(st, 9, m->plover);
    sqlite3_bind_int(st, 10, swapped);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (*event && id >= *event) break;
        dw_cl_report e = {0};
        e.dated = 1;
        e.first = (int32_t)sqlite3_column_int64(st, 1);
        e.last = (int32_t)sqlite3_column_int64(st, 2);
        e.document = sqlite3_column_int(st, 3);
        e.cameo = col_text(st, 4);
        e.plover = col_text(st, 5);
        e.loc_rank = sqlite3_column_int(st, 6);
        e.loc_country = col_text(st, 7);
        e.loc_adm1 = col_text(st, 8);
        e.lat = col_real(st, 9);
        e.lon = col_real(st, 10);
        if (dw_cl_match(&e, r)) {
            *event = id;
            break;
        }
    }
    int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? DW_OK
                                                     : db_fail(s, err, "cannot look for an event");
    done(st);
    return out;
}

static int find_event(dw_store *s, const mention_in *m, int64_t *event, dw_error *err) {
    *event = 0;
    if (!m->dated) return DW_OK;
    dw_cl_report r = report_of(m);
    int rc = find_in(s, m, &r, 0, event, err);
    if (!rc && dw_cl_symmetric(m->cameo)) rc = find_in(s, m, &r, 1, event, err);
    return rc;
}

/* What an event adds to the rollups. */
typedef struct ev_state {
    int in_rollups;                 /* dated */
    int64_t src, tgt, day;
    int track, quad, modality, prec;
    long mentions;
    double goldstein;
    int has_killed;
    double killed, killed_low, killed_high;
} ev_state;

static int load_state(dw_store *s, int64_t event, ev_state *e, dw_error *err) {
    memset(e, 0, sizeof *e);
    sqlite3_stmt *st = s->st[ST_EV_STATE];
    sqlite3_bind_int64(st, 1, event);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        e->src = sqlite3_column_int64(st, 0);
        e->tgt = sqlite3_column_int64(st, 1);
        e->in_rollups = sqlite3_column_type(st, 2) != SQLITE_NULL;
        e->day = sqlite3_column_int64(st, 2);
        int32_t last = (int32_t)sqlite3_column_int64(st, 3);
        e->prec = dw_cl_prec_class((int32_t)e->day, last, sqlite3_column_int(st, 4));
        e->track = sqlite3_column_int(st, 5);
        e->quad = sqlite3_column_int(st, 6);
        if (e->quad < 0 || e->quad > 4) e->quad = 0;
        e->modality = modality_id(col_text(st, 7));
        e->mentions = (long)sqlite3_column_int64(st, 8);
        e->goldstein = sqlite3_column_double(st, 9); /* NULL reads as 0 */
        e->has_killed = sqlite3_column_type(st, 10) != SQLITE_NULL;
        e->killed = sqlite3_column_double(st, 10);
        e->killed_low = sqlite3_column_double(st, 11);
        e->killed_high = sqlite3_column_double(st, 12);
    }
    done(st);
    return rc == SQLITE_ROW ? DW_OK : db_fail(s, err, "cannot read an event");
}

static void bind_day_key(sqlite3_stmt *st, const ev_state *e) {
    sqlite3_bind_int64(st, 1, e->src);
    sqlite3_bind_int64(st, 2, e->tgt);
    sqlite3_bind_int64(st, 3, e->day);
    sqlite3_bind_int(st, 4, e->track);
    sqlite3_bind_int(st, 5, e->quad);
    sqlite3_bind_int(st, 6, e->modality);
    sqlite3_bind_int(st, 7, e->prec);
}

/* Adds (sign +1) or removes (−1) an event's contribution to rollup_day. */
static int roll_day(dw_store *s, const ev_state *e, int sign, dw_error *err) {
    if (!e->in_rollups) return DW_OK;
    sqlite3_stmt *st = s->st[ST_ROLL_DAY];
    bind_day_key(st, e);
    sqlite3_bind_int(st, 8, sign);
    sqlite3_bind_int64(st, 9, (int64_t)sign * e->mentions);
    sqlite3_bind_double(st, 10, sign * e->goldstein);
    double k = e->has_killed ? sign : 0;
    sqlite3_bind_double(st, 11, k * e->killed);
    sqlite3_bind_double(st, 12, k * e->killed_low);
    sqlite3_bind_double(st, 13, k * e->killed_high);
    sqlite3_bind_int(st, 14, e->has_killed ? sign : 0);
    int rc = run(s, ST_ROLL_DAY, "cannot update the rollups", err);
    if (rc || sign > 0) return rc;
    bind_day_key(s->st[ST_ROLL_DAY_CLEAN], e);
    return run(s, ST_ROLL_DAY_CLEAN, "cannot update the rollups", err);
}

static void bind_src_key(sqlite3_stmt *st, const ev_state *e) {
    sqlite3_bind_int64(st, 1, e->src);
    sqlite3_bind_int64(st, 2, e->tgt);
    sqlite3_bind_int64(st, 3, e->day);
    sqlite3_bind_int(st, 4, e->track);
    sqlite3_bind_int(st, 5, e->modality);
    sqlite3_bind_int(st, 6, e->prec);
}

static int same_src_key(const ev_state *a, const ev_state *b) {
    return a->in_rollups == b->in_rollups && a->src == b->src && a->tgt == b->tgt &&
           a->day == b->day && a->track == b->track && a->modality == b->modality &&
           a->prec == b->prec;
}

/* Adds or removes an event's mentions (except rowid `except`) in rollup_source. */
static int roll_sources(dw_store *s, const ev_state *e, int64_t event, int sign, int64_t except,
                        dw_error *err) {
    if (!e->in_rollups) return DW_OK;
    sqlite3_stmt *st = s->st[ST_ROLL_SRC_EVENT];
    bind_src_key(st, e);
    sqlite3_bind_int(st, 7, sign);
    sqlite3_bind_int64(st, 8, event);
    sqlite3_bind_int64(st, 9, except);
    int rc = run(s, ST_ROLL_SRC_EVENT, "cannot update the source rollups", err);
    if (rc || sign > 0) return rc;
    bind_src_key(s->st[ST_ROLL_SRC_CLEAN], e);
    return run(s, ST_ROLL_SRC_CLEAN, "cannot update the source rollups", err);
}

static int roll_one_source(dw_store *s, const ev_state *e, int64_t source, dw_error *err) {
    if (!e->in_rollups) return DW_OK;
    sqlite3_stmt *st = s->st[ST_ROLL_SRC_ONE];
    bind_src_key(st, e);
    sqlite3_bind_int64(st, 7, source);
    sqlite3_bind_int(st, 8, 1);
    return run(s, ST_ROLL_SRC_ONE, "cannot update the source rollups", err);
}

static int actor_id(dw_store *s, const side_in *a, int64_t *id, dw_error *err) {
    const char *v[4] = {a->code ? a->code : "", a->country, a->roles, a->group};
    return intern(s, ST_ACTOR_GET, ST_ACTOR_PUT, v, 4, id, err);
}

/* Binds the columns a report and the event it starts share (REPORT_COLS);
 * src and tgt are the actors' ids. */
static void bind_report(sqlite3_stmt *st, const mention_in *m, int64_t src, int64_t tgt) {
    bind_opt(st, 1, m->date);
    bind_opt(st, 2, m->date_end);
    bind_opt(st, 3, m->precision);
    if (m->dated) {
        sqlite3_bind_int64(st, 4, m->first);
        sqlite3_bind_int64(st, 5, m->last);
    }
    const side_in *sides[2] = {&m->src, &m->tgt};
    for (int k = 0; k < 2; k++) {
        bind_opt(st, 6 + 4 * k, sides[k]->code);
        bind_opt(st, 7 + 4 * k, sides[k]->country);
        bind_opt(st, 8 + 4 * k, sides[k]->roles);
        bind_opt(st, 9 + 4 * k, sides[k]->group);
    }
    sqlite3_bind_int64(st, 14, src);
    sqlite3_bind_int64(st, 15, tgt);
    bind_opt(st, 16, m->cameo);
    bind_opt(st, 17, m->root);
    bind_opt(st, 18, m->plover);
    sqlite3_bind_int(st, 19, m->quad);
    bind_real(st, 20, m->goldstein);
    bind_opt(st, 21, m->track);
    sqlite3_bind_int(st, 22, dw_track_of(m->track));
    sqlite3_bind_text(st, 23, m->modality, -1, SQLITE_STATIC);
    bind_real(st, 24, m->confidence);
    sqlite3_bind_int(st, 25, dw_cl_symmetric(m->cameo));
    bind_opt(st, 26, m->loc_country);
    bind_opt(st, 27, m->loc_adm1);
    sqlite3_bind_int(st, 28, m->loc_rank);
    if (m->loc_rank) {
        bind_real(st, 29, m->lat);
        bind_real(st, 30, m->lon);
    }
    if (m->has_killed) {
        bind_real(st, 31, m->killed);
        bind_real(st, 32, m->killed_low);
        bind_real(st, 33, m->killed_high);
    }
}

static int insert_mention(dw_store *s, const mention_in *m, int64_t event, int64_t src,
                          int64_t tgt, int64_t *rowid, dw_error *err) {
    sqlite3_stmt *st = s->st[ST_INS_MENTION];
    bind_report(st, m, src, tgt);
    sqlite3_bind_text(st, 34, m->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 35, event);
    sqlite3_bind_int64(st, 36, m->doc_rowid);
    sqlite3_bind_int64(st, 37, m->sentence);
    sqlite3_bind_int64(st, 38, m->span_start);
    sqlite3_bind_int64(st, 39, m->span_end);
    if (m->dated)
        sqlite3_bind_int64(st, 40, dw_cl_width(m->first, m->last, is_document(m->precision)));
    sqlite3_bind_int64(st, 41, m->source_id);
    sqlite3_bind_text64(st, 42, m->record, m->record_len, SQLITE_STATIC, SQLITE_UTF8);
    int rc = sqlite3_step(st);
    int out = DW_OK;
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        out = dw_fail(err, DW_EDB, "%s: event id %s (document %s) is already stored: %s",
                      s->path, m->id, m->doc_name ? m->doc_name : "?", sqlite3_errmsg(s->db));
    else if (rc != SQLITE_DONE)
        out = db_fail(s, err, "cannot store an event");
    done(st);
    *rowid = sqlite3_last_insert_rowid(s->db);
    return out;
}

static int new_event(dw_store *s, const mention_in *m, int64_t src, int64_t tgt, int64_t *event,
                     dw_error *err) {
    sqlite3_stmt *st = s->st[ST_NEW_EVENT];
    char base[4];
    cameo_base(m->cameo, base);
    bind_report(st, m, src, tgt);
    sqlite3_bind_text(st, 34, m->id, -1, SQLITE_STATIC);
    bind_opt(st, 35, base);
    sqlite3_bind_int(st, 36, m->mod_class);
    int rc = run(s, ST_NEW_EVENT, "cannot store an event", err);
    *event = sqlite3_last_insert_rowid(s->db);
    return rc;
}

/* Recomputes an event's row from its mentions. */
static int refresh(dw_store *s, int64_t event, dw_error *err) {
    static const int steps[] = {ST_EV_REP, ST_EV_LOC, ST_EV_AGG};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        sqlite3_bind_int64(s->st[steps[i]], 1, event);
        int rc = run(s, steps[i], "cannot update an event", err);
        if (rc) return rc;
    }
    return DW_OK;
}

/* Stores one report: it joins an event or starts one; the rollups follow. */
static int add_mention(dw_store *s, const mention_in *m, dw_error *err) {
    int64_t src, tgt, event, rowid;
    int rc = actor_id(s, &m->src, &src, err);
    if (!rc) rc = actor_id(s, &m->tgt, &tgt, err);
    if (!rc) rc = find_event(s, m, &event, err);
    if (rc) return rc;
    ev_state before = {0}, after;
    int joined = event != 0;
    if (joined) rc = load_state(s, event, &before, err);
    else rc = new_event(s, m, src, tgt, &event, err);
    if (!rc) rc = insert_mention(s, m, event, src, tgt, &rowid, err);
    if (!rc && joined) rc = refresh(s, event, err);
    if (!rc) rc = load_state(s, event, &after, err);
    if (!rc && joined) rc = roll_day(s, &before, -1, err);
    if (!rc) rc = roll_day(s, &after, +1, err);
    if (rc) return rc;
    if (joined && same_src_key(&before, &after)) return roll_one_source(s, &after, m->source_id, err);
    if (joined) rc = roll_sources(s, &before, event, -1, rowid, err);
    if (!rc) rc = roll_sources(s, &after, event, +1, 0, err);
    return rc;
}

/* ---- from a coded event ---------------------------------------------------- */

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

static void side_of(const dw_actor *a, const char *roles, side_in *out) {
    out->code = a->code;
    out->country = a->country;
    out->roles = roles;
    out->group = a->group;
}

static int insert_event(dw_store *s, int64_t rowid, int64_t source, const dw_doc *d,
                        const dw_event *e, dw_error *err) {
    if (!e->id[0])
        return dw_fail(err, DW_EINVAL, "%s: an event of document %s has no id", s->path, d->id);
    dw_buf_reset(&s->record);
    if (dw_event_to_json(e, &s->record))
        return dw_fail(err, DW_ENOMEM, "%s: out of memory writing event %s", s->path, e->id);
    char src_roles[DW_MAX_ROLES * 4], tgt_roles[DW_MAX_ROLES * 4];
    join_roles(&e->source, src_roles);
    join_roles(&e->target, tgt_roles);

    mention_in m = {0};
    m.id = e->id;
    m.doc_name = d->id;
    m.doc_rowid = rowid;
    m.sentence = e->sentence;
    m.span_start = e->span_start;
    m.span_end = e->span_end;
    m.date = e->date;
    /* The JSON writes date_end as the date when there is none; so do we. */
    m.date_end = e->date_end[0] ? e->date_end : e->date;
    m.precision = e->date_precision;
    set_days(&m);
    side_of(&e->source, src_roles, &m.src);
    side_of(&e->target, tgt_roles, &m.tgt);
    m.cameo = e->cameo;
    m.root = e->root;
    m.plover = e->plover_type;
    m.track = e->track;
    m.modality = dw_modality_name(e->modality);
    m.mod_class = mod_class_of(m.modality);
    m.quad = e->quad_class;
    m.goldstein = e->goldstein;
    m.confidence = e->confidence;
    if (e->has_location) {
        m.loc_rank = dw_cl_loc_rank(e->location.precision);
        if (!m.loc_rank) m.loc_rank = DW_LOC_COUNTRY;
        m.loc_country = e->location.country;
        m.loc_adm1 = e->location.adm1;
        m.lat = e->location.lat;
        m.lon = e->location.lon;
    }
    for (int i = 0; i < e->n_quantities && i < DW_MAX_QUANTITIES; i++) {
        const dw_quantity *q = &e->quantities[i];
        if (strcmp(q->key, "killed") != 0 || !isfinite(q->value)) continue;
        m.has_killed = 1;
        m.killed = q->value;
        m.killed_low = q->has_low && isfinite(q->low) ? q->low : q->value;
        m.killed_high = q->has_high && isfinite(q->high) ? q->high : q->value;
        break;
    }
    m.source_id = source;
    m.record = s->record.data;
    m.record_len = s->record.len;
    return add_mention(s, &m, err);
}

static int insert_all(dw_store *s, const dw_doc *d, const char *hash, const dw_spans *sp,
                      const dw_events *es, dw_error *err) {
    int64_t rowid, source = 0;
    int rc = insert_doc(s, d, hash, &rowid, err);
    if (rc || rowid == 0) return rc; /* error, or already stored: skip */
    rc = insert_sentences(s, rowid, sp, err);
    if (!rc && es && es->n) rc = source_id(s, d->source, &source, err);
    for (size_t i = 0; !rc && es && i < es->n; i++)
        rc = insert_event(s, rowid, source, d, &es->v[i], err);
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

/* ---- migration from version 1 ---------------------------------------------- */

static int migrate_row(dw_store *s, sqlite3_stmt *st, dw_error *err) {
    mention_in m = {0};
    m.id = col_text(st, 0);
    m.doc_rowid = sqlite3_column_int64(st, 1);
    m.sentence = sqlite3_column_int64(st, 2);
    m.span_start = sqlite3_column_int64(st, 3);
    m.span_end = sqlite3_column_int64(st, 4);
    m.date = col_text(st, 5);
    m.date_end = col_text(st, 6);
    m.precision = col_text(st, 7);
    set_days(&m);
    m.src = (side_in){col_text(st, 8), col_text(st, 9), col_text(st, 10), col_text(st, 11)};
    m.tgt = (side_in){col_text(st, 12), col_text(st, 13), col_text(st, 14), col_text(st, 15)};
    m.cameo = col_text(st, 16);
    m.root = col_text(st, 17);
    m.quad = sqlite3_column_int(st, 18);
    m.goldstein = col_real(st, 19);
    m.track = col_text(st, 20);
    m.modality = col_text(st, 21) ? col_text(st, 21) : "asserted";
    m.mod_class = mod_class_of(m.modality);
    m.confidence = col_real(st, 22);
    int64_t source;
    int rc = source_id(s, col_text(st, 23), &source, err);
    if (rc) return rc;
    m.source_id = source;
    m.record = col_text(st, 24);
    m.record_len = m.record ? strlen(m.record) : 0;
    if (!m.record) m.record = "{}", m.record_len = 2;
    m.plover = col_text(st, 25);
    if (sqlite3_column_type(st, 26) != SQLITE_NULL || sqlite3_column_type(st, 30) != SQLITE_NULL) {
        m.loc_country = col_text(st, 26);
        m.loc_adm1 = col_text(st, 27);
        m.lat = col_real(st, 28);
        m.lon = col_real(st, 29);
        m.loc_rank = dw_cl_loc_rank(col_text(st, 30));
        if (!m.loc_rank) m.loc_rank = DW_LOC_COUNTRY;
    }
    if (sqlite3_column_type(st, 31) != SQLITE_NULL) {
        m.has_killed = 1;
        m.killed = sqlite3_column_double(st, 31);
        m.killed_low = sqlite3_column_type(st, 32) == SQLITE_NULL ? m.killed
                                                                  : sqlite3_column_double(st, 32);
        m.killed_high = sqlite3_column_type(st, 33) == SQLITE_NULL
                            ? m.killed
                            : sqlite3_column_double(st, 33);
    }
    if (!m.id) return dw_fail(err, DW_EDB, "%s: a version 1 event has no id", s->path);
    return add_mention(s, &m, err);
}

/* Re-clusters the version-1 records, in the order they were stored. */
static int migrate_v1(dw_store *s, dw_error *err) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, V1_READ_SQL, -1, &st, NULL) != SQLITE_OK)
        return db_fail(s, err, "cannot migrate from schema version 1");
    int rc = DW_OK, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) rc = migrate_row(s, st, err);
    if (!rc && step != SQLITE_DONE) rc = db_fail(s, err, "cannot migrate from schema version 1");
    sqlite3_finalize(st);
    if (!rc) rc = exec(s, "DROP TABLE events_v1", "cannot migrate from schema version 1", err);
    if (rc && err) {
        char msg[sizeof err->msg];
        memcpy(msg, err->msg, sizeof msg);
        dw_fail(err, rc, "%.900s (migrating from schema version 1; the file is unchanged — "
                         "re-ingest its documents into a new database if this persists)", msg);
    }
    return rc;
}

/* ---- counts and queries ------------------------------------------------------- */

int dw_store_count(dw_store *s, dw_store_counts *out, dw_error *err) {
    sqlite3_stmt *st = s->st[ST_COUNT];
    memset(out, 0, sizeof *out);
    int rc = sqlite3_step(st);
    int ret = DW_OK;
    if (rc == SQLITE_ROW) {
        out->documents = (long)sqlite3_column_int64(st, 0);
        out->sentences = (long)sqlite3_column_int64(st, 1);
        out->events = (long)sqlite3_column_int64(st, 2);
        out->mentions = (long)sqlite3_column_int64(st, 3);
    } else {
        ret = db_fail(s, err, "cannot count rows");
    }
    done(st);
    return ret;
}

int dw_store_day_range(const char *from, const char *to, int32_t *first, int32_t *last,
                       dw_error *err) {
    *first = INT32_MIN;
    *last = INT32_MAX;
    const char *dates[2] = {from, to};
    int32_t *days[2] = {first, last};
    for (int i = 0; i < 2; i++) {
        if (!dates[i] || !*dates[i]) continue;
        int32_t d = dw_date_days(dates[i], strlen(dates[i]), i == 0);
        if (d == INT32_MIN)
            return dw_fail(err, DW_EINVAL,
                           "bad %s date '%s': expected YYYY, YYYY-MM or YYYY-MM-DD",
                           i ? "to" : "from", dates[i]);
        *days[i] = d;
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

/* The representative record with the event's figures added at the end. */
static int event_json(dw_store *s, sqlite3_stmt *st, dw_error *err) {
    const char *json = col_text(st, 0);
    size_t n = json ? strlen(json) : 0;
    dw_buf *b = &s->record;
    dw_buf_reset(b);
    if (n < 2 || json[n - 1] != '}') return dw_buf_adds(b, json ? json : "null") ? DW_ENOMEM : 0;
    int disputed = sqlite3_column_int(st, 3);
    int rc = dw_buf_add(b, json, n - 1);
    if (!rc) rc = dw_buf_printf(b, ",\"mentions\":%lld,\"sources\":%lld",
                                (long long)sqlite3_column_int64(st, 1),
                                (long long)sqlite3_column_int64(st, 2));
    if (!rc && disputed) {
        static const char *const names[] = {"date", "killed", "direction"};
        rc = dw_buf_adds(b, ",\"disputed\":[");
        for (int i = 0, first = 1; !rc && i < 3; i++)
            if (disputed & (1 << i)) {
                rc = dw_buf_printf(b, "%s\"%s\"", first ? "" : ",", names[i]);
                first = 0;
            }
        if (!rc) rc = dw_buf_addc(b, ']');
    }
    if (!rc) rc = dw_buf_addc(b, '}');
    return rc ? dw_fail(err, DW_ENOMEM, "%s: out of memory writing an event", s->path) : DW_OK;
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
    int32_t lo, hi;
    int rc = dw_store_day_range(q->from, q->to, &lo, &hi, err);
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
        int r = event_json(s, st, err);
        if (!r) r = fn(s->record.data, ud, err);
        if (r) {
            done(st);
            return r;
        }
    }
    int out = rc == SQLITE_DONE ? DW_OK : db_fail(s, err, "cannot query events");
    done(st);
    return out;
}
