/*
 * doc_jsonl.c — JSON Lines input: one record becomes one document, and a
 * streaming reader takes a file line by line.
 *
 * A record is a JSON object {"id","date","source","url","title","text"};
 * "text" is required and must be a non-blank string, the others are optional
 * strings (null or "" count as absent), and other keys are ignored.
 *
 * Lines are read with a bound (max_doc_bytes), so memory stays within one
 * record however long the file is, and a line with no end is refused as soon
 * as it passes the bound.  Raw bytes are checked as UTF-8 before jansson sees
 * them, so that the message can name the byte offset in the file.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dyadwatch/utf8.h"
#include "ingest.h"

static const char *json_type_name(const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "a value";
}

/* Copies the optional string field `name` of obj into *dst (NULL when it is
 * absent, null or ""). */
static int get_string(const char *origin, const json_t *obj, const char *name, char **dst,
                      size_t *len, dw_error *err) {
    const json_t *v = json_object_get(obj, name);
    if (!v || json_is_null(v)) return DW_OK;
    if (!json_is_string(v))
        return dw_fail(err, DW_EPARSE, "%s: field \"%s\" is %s: expected a string", origin, name,
                       json_type_name(v));
    size_t n = json_string_length(v);
    if (n == 0) return DW_OK;
    /* jansson refuses "\u0000" by default, so the copy has no inner NUL */
    if (!(*dst = dw_strndup(json_string_value(v), n)))
        return dw_fail(err, DW_ENOMEM, "%s: out of memory", origin);
    if (len) *len = n;
    return DW_OK;
}

/* "<stem>-<line>" from an origin "path:line"; the stem alone otherwise. */
static char *record_id(const char *origin) {
    const char *colon = strrchr(origin, ':');
    if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
        return dw_ingest_stem(origin, strlen(origin));
    char *stem = dw_ingest_stem(origin, (size_t)(colon - origin));
    dw_buf id = {0};
    if (!stem || dw_buf_printf(&id, "%s-%s", stem, colon + 1)) dw_buf_free(&id);
    free(stem);
    return id.data;
}

/* Fills d from a parsed record (everything but origin and hash). */
static int fill_doc(const char *origin, const json_t *root, const dw_read_opts *opts, dw_doc *d,
                    dw_error *err) {
    if (!json_is_object(root))
        return dw_fail(err, DW_EPARSE,
                       "%s: record is %s: expected a JSON object with a string \"text\"", origin,
                       json_type_name(root));
    int rc;
    if ((rc = get_string(origin, root, "id", &d->id, NULL, err)) ||
        (rc = get_string(origin, root, "date", &d->date, NULL, err)) ||
        (rc = get_string(origin, root, "source", &d->source, NULL, err)) ||
        (rc = get_string(origin, root, "url", &d->url, NULL, err)) ||
        (rc = get_string(origin, root, "title", &d->title, NULL, err)))
        return rc;
    const json_t *text = json_object_get(root, "text");
    if (!text)
        return dw_fail(err, DW_EPARSE,
                       "%s: record has no \"text\" field (expected a JSON object with a string "
                       "\"text\")",
                       origin);
    if (!json_is_string(text))
        return dw_fail(err, DW_EPARSE, "%s: field \"text\" is %s: expected a string", origin,
                       json_type_name(text));
    if ((rc = get_string(origin, root, "text", &d->text, &d->text_len, err))) return rc;
    if (!d->text || dw_ingest_blank(d->text, d->text_len))
        return dw_fail(err, DW_EEMPTY,
                       "%s: record has an empty \"text\" field: expected the document's text",
                       origin);
    size_t max = dw_ingest_max_bytes(opts);
    if (d->text_len > max) /* only reachable when --lenient repair grew the line */
        return dw_fail(err, DW_ELIMIT,
                       "%s: text is %zu bytes, larger than the limit of %zu bytes; "
                       "split it or raise --max-bytes",
                       origin, d->text_len, max);
    if (d->date && !dw_date_valid(d->date, strlen(d->date)))
        return dw_fail(err, DW_EPARSE, "%s: bad \"date\" '%.*s': expected YYYY-MM-DD", origin,
                       dw_ingest_clip(d->date, strlen(d->date), 64), d->date);
    if (!d->id && !(d->id = record_id(origin)))
        return dw_fail(err, DW_ENOMEM, "%s: out of memory", origin);
    return DW_OK;
}

static int utf8_error(const char *origin, size_t bad, size_t file_off, dw_error *err) {
    if (file_off == SIZE_MAX)
        return dw_fail(err, DW_EUTF8,
                       "%s: invalid UTF-8 at byte offset %zu of the record: expected a valid "
                       "UTF-8 sequence; use --lenient to replace it with U+FFFD",
                       origin, bad);
    return dw_fail(err, DW_EUTF8,
                   "%s: invalid UTF-8 at byte offset %zu: expected a valid UTF-8 sequence; "
                   "use --lenient to replace it with U+FFFD",
                   origin, file_off + bad);
}

int dw_ingest_json_record(const char *origin, const char *line, size_t n, size_t file_off,
                          const dw_read_opts *opts, dw_doc *out, dw_error *err) {
    memset(out, 0, sizeof *out);
    if (!origin) origin = "<json>";
    if (!line) line = "", n = 0;
    size_t max = dw_ingest_max_bytes(opts);
    if (n > max)
        return dw_fail(err, DW_ELIMIT,
                       "%s: record is %zu bytes, larger than the limit of %zu bytes; "
                       "split it or raise --max-bytes",
                       origin, n, max);
    dw_buf fixed = {0};
    size_t bad = dw_utf8_check(line, n);
    if (bad < n) {
        if (!opts || !opts->lenient) return utf8_error(origin, bad, file_off, err);
        if (dw_utf8_repair(line, n, &fixed) == SIZE_MAX) {
            dw_buf_free(&fixed);
            return dw_fail(err, DW_ENOMEM, "%s: out of memory", origin);
        }
        line = fixed.data;
        n = fixed.len;
    }
    json_error_t je;
    json_t *root = json_loadb(line, n, JSON_REJECT_DUPLICATES, &je);
    dw_buf_free(&fixed); /* jansson keeps copies of what it needs */
    if (!root) {
        if (je.column > 0)
            return dw_fail(err, DW_EPARSE, "%s:%d: invalid JSON: %s", origin, je.column, je.text);
        return dw_fail(err, DW_EPARSE, "%s: invalid JSON: %s", origin, je.text);
    }
    int rc = fill_doc(origin, root, opts, out, err);
    json_decref(root);
    if (rc) {
        dw_doc_free(out);
        return rc;
    }
    return dw_ingest_finish(out, origin, opts, err);
}

int dw_doc_from_json(const char *origin, const char *line, size_t n, const dw_read_opts *opts,
                     dw_doc *out, dw_error *err) {
    return dw_ingest_json_record(origin, line, n, SIZE_MAX, opts, out, err);
}

/* Takes the next line (without its '\n') from src into line and len, with
 * at its offset in the file.  Returns 1 for a line, 0 at end of input, < 0
 * on error.  The line stays valid until the next call. */
static int next_line(dw_src *src, size_t max, size_t lineno, const char **line, size_t *len,
                     size_t *at, dw_error *err) {
    size_t scanned = 0; /* bytes after pos known to hold no '\n' */
    size_t n = 0, take = 0; /* line length; bytes to consume, '\n' included */
    for (;;) {
        size_t avail = src->buf.len - src->pos;
        const char *nl = NULL;
        if (avail > scanned)
            nl = memchr(src->buf.data + src->pos + scanned, '\n', avail - scanned);
        if (nl) {
            n = (size_t)(nl - (src->buf.data + src->pos));
            take = n + 1;
            break;
        }
        scanned = avail;
        if (scanned > max) break; /* refused below without reading further */
        int r = dw_src_fill(src, err);
        if (r < 0) return r;
        if (r == 0) {
            if (avail == 0) return 0;
            n = take = avail; /* a last line with no '\n' */
            break;
        }
    }
    if (scanned > max || n > max)
        return dw_fail(err, DW_ELIMIT,
                       "%s:%zu: record is longer than the limit of %zu bytes; "
                       "split it or raise --max-bytes",
                       src->name, lineno, max);
    *line = src->buf.data + src->pos;
    *len = n;
    *at = src->off + src->pos;
    src->pos += take;
    return 1;
}

int dw_ingest_jsonl(dw_src *src, const dw_read_opts *opts, dw_doc_fn fn, void *ud,
                    dw_error *err) {
    size_t max = dw_ingest_max_bytes(opts), lineno = 0, records = 0;
    dw_buf origin = {0};
    int rc = DW_OK;
    for (;;) {
        const char *line = NULL;
        size_t len = 0, at = 0;
        int got = next_line(src, max, lineno + 1, &line, &len, &at, err);
        if (got <= 0) {
            rc = got;
            break;
        }
        lineno++;
        if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
            line += 3, len -= 3, at += 3;
        if (dw_ingest_blank(line, len)) continue;
        dw_buf_reset(&origin);
        if (dw_buf_printf(&origin, "%s:%zu", src->name, lineno)) {
            rc = dw_fail(err, DW_ENOMEM, "%s: out of memory", src->name);
            break;
        }
        dw_doc doc;
        if ((rc = dw_ingest_json_record(origin.data, line, len, at, opts, &doc, err))) break;
        records++;
        rc = fn(&doc, ud, err);
        dw_doc_free(&doc);
        if (rc) break;
    }
    dw_buf_free(&origin);
    if (rc == DW_OK && records == 0)
        rc = dw_fail(err, DW_EEMPTY, "%s: empty input: expected a document", src->name);
    return rc;
}
