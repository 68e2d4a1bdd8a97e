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

#include "core/json_run.h"
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

/* ---- records: a fast reader for the common case, jansson for the rest ----
 *
 * Both readers fill the same six fields, and fill_doc() checks them, so a
 * record gives the same document, or the same message, whichever reads it.
 * The fast reader takes only what it can read exactly as jansson would (one
 * flat object whose values are strings or null, keys without escapes, no
 * duplicate key) and hands everything else, every error included, to
 * jansson. */

enum { K_ID, K_DATE, K_SOURCE, K_URL, K_TITLE, K_TEXT, K_N };
static const char *const FIELD_NAMES[K_N] = {"id", "date", "source", "url", "title", "text"};

/* A field of a record.  Invariant: s is owned and non-NULL only for
 * F_STRING with a non-empty value (n bytes, no NUL inside). */
typedef struct field {
    enum { F_ABSENT = 0, F_NULL, F_STRING, F_OTHER } kind;
    const char *type; /* F_OTHER: "an array", "a number", ... */
    char *s;
    size_t n;
} field;

static void fields_free(field *f) {
    for (int k = 0; k < K_N; k++) free(f[k].s);
}

/* Fills d from the fields of a parsed record (everything but origin and
 * hash), taking the strings it keeps. */
static int fill_doc(const char *origin, field *f, const dw_read_opts *opts, dw_doc *d,
                    dw_error *err) {
    char **dst[K_N] = {&d->id, &d->date, &d->source, &d->url, &d->title, &d->text};
    for (int k = 0; k < K_N; k++) {
        if (k == K_TEXT) {
            if (f[k].kind == F_ABSENT)
                return dw_fail(err, DW_EPARSE,
                               "%s: record has no \"text\" field (expected a JSON object with a "
                               "string \"text\")",
                               origin);
            if (f[k].kind == F_NULL)
                return dw_fail(err, DW_EPARSE, "%s: field \"text\" is null: expected a string",
                               origin);
        }
        if (f[k].kind == F_OTHER) /* optional strings: null or "" count as absent */
            return dw_fail(err, DW_EPARSE, "%s: field \"%s\" is %s: expected a string", origin,
                           FIELD_NAMES[k], f[k].type);
        *dst[k] = f[k].s;
        f[k].s = NULL;
    }
    d->text_len = d->text ? f[K_TEXT].n : 0;
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

/* The fields of a record parsed by jansson. */
static int jansson_fields(const char *origin, const json_t *root, field *f, dw_error *err) {
    if (!json_is_object(root))
        return dw_fail(err, DW_EPARSE,
                       "%s: record is %s: expected a JSON object with a string \"text\"", origin,
                       json_type_name(root));
    for (int k = 0; k < K_N; k++) {
        const json_t *v = json_object_get(root, FIELD_NAMES[k]);
        if (!v) continue;
        if (json_is_null(v)) {
            f[k].kind = F_NULL;
        } else if (!json_is_string(v)) {
            f[k].kind = F_OTHER;
            f[k].type = json_type_name(v);
        } else {
            f[k].kind = F_STRING;
            /* jansson refuses "\u0000" by default, so the copy has no inner NUL */
            if ((f[k].n = json_string_length(v)) &&
                !(f[k].s = dw_strndup(json_string_value(v), f[k].n)))
                return dw_fail(err, DW_ENOMEM, "%s: out of memory", origin);
        }
    }
    return DW_OK;
}

static size_t skip_ws(const char *p, size_t n, size_t i) {
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')) i++;
    return i;
}

static int hex4(const char *p, size_t n, size_t i, uint32_t *v) {
    if (i + 4 > n) return 0;
    *v = 0;
    for (size_t k = i; k < i + 4; k++) {
        char c = p[k];
        uint32_t d = c >= '0' && c <= '9'   ? (uint32_t)(c - '0')
                     : c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (uint32_t)(c - 'A' + 10)
                                            : 16u;
        if (d == 16) return 0;
        *v = *v << 4 | d;
    }
    return 1;
}

/* Reads the JSON string whose opening quote is at p[*i], decoding it into
 * out (at least as large as the raw string; NULL: only check it).  Returns
 * its decoded length with *i past the closing quote, or -1 for anything
 * jansson must judge: a bad escape, a raw control character, "\u0000", a
 * lone surrogate, no closing quote.  *plain is set when the string has no
 * escape (its decoded bytes are then its raw bytes). */
static long read_string(const char *p, size_t n, size_t *i, char *out, int *plain) {
    size_t k = *i + 1, o = 0;
    *plain = 1;
    while (k < n) {
        /* a run of bytes that stand for themselves */
        size_t r = dw_json_run_end(p, k, n);
        if (out) memcpy(out + o, p + k, r - k);
        o += r - k;
        k = r;
        if (k >= n) break;
        unsigned char c = (unsigned char)p[k];
        if (c == '"') {
            *i = k + 1;
            return (long)o;
        }
        if (c < 0x20) return -1;
        *plain = 0; /* an escape */
        if (k + 1 >= n) return -1;
        char e = p[k + 1], lit = 0;
        switch (e) {
        case '"': case '\\': case '/': lit = e; break;
        case 'b': lit = '\b'; break;
        case 'f': lit = '\f'; break;
        case 'n': lit = '\n'; break;
        case 'r': lit = '\r'; break;
        case 't': lit = '\t'; break;
        case 'u': break;
        default: return -1;
        }
        if (lit) {
            if (out) out[o] = lit;
            o++, k += 2;
            continue;
        }
        uint32_t cp, lo;
        if (!hex4(p, n, k + 2, &cp) || cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return -1;
        k += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) { /* a high surrogate needs its low half */
            if (k + 1 >= n || p[k] != '\\' || p[k + 1] != 'u' || !hex4(p, n, k + 2, &lo) ||
                lo < 0xDC00 || lo > 0xDFFF)
                return -1;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            k += 6;
        }
        /* UTF-8 is never longer than the escape it came from (6 or 12 bytes) */
        char u[4];
        size_t un;
        if (cp < 0x80) u[0] = (char)cp, un = 1;
        else if (cp < 0x800) u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), un = 2;
        else if (cp < 0x10000)
            u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3F)),
            u[2] = (char)(0x80 | (cp & 0x3F)), un = 3;
        else
            u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3F)),
            u[2] = (char)(0x80 | (cp >> 6 & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), un = 4;
        if (out) memcpy(out + o, u, un);
        o += un;
    }
    return -1;
}

#define FAST_MAX_KEYS 32

/* The fast reader (see above).  Returns 1 with the fields filled, 0 when
 * jansson must read the record (fields left empty), -1 when memory ran
 * out. */
static int fast_fields(const char *p, size_t n, field *f) {
    struct { const char *s; size_t n; } keys[FAST_MAX_KEYS];
    size_t nkeys = 0, i = skip_ws(p, n, 0);
    int rc = 0;
    if (i >= n || p[i] != '{') return 0;
    i = skip_ws(p, n, i + 1);
    if (i < n && p[i] == '}') {
        i++;
    } else {
        for (;;) {
            /* a key without escapes, seen once */
            if (i >= n || p[i] != '"' || nkeys == FAST_MAX_KEYS) goto slow;
            size_t k0 = i + 1, k1 = k0;
            while (k1 < n && p[k1] != '"' && p[k1] != '\\' && (unsigned char)p[k1] >= 0x20) k1++;
            if (k1 >= n || p[k1] != '"') goto slow;
            for (size_t j = 0; j < nkeys; j++)
                if (keys[j].n == k1 - k0 && memcmp(keys[j].s, p + k0, k1 - k0) == 0) goto slow;
            keys[nkeys].s = p + k0;
            keys[nkeys++].n = k1 - k0;
            int known = -1;
            for (int k = 0; k < K_N; k++)
                if (strlen(FIELD_NAMES[k]) == k1 - k0 && memcmp(FIELD_NAMES[k], p + k0, k1 - k0) == 0)
                    known = k;
            i = skip_ws(p, n, k1 + 1);
            if (i >= n || p[i] != ':') goto slow;
            i = skip_ws(p, n, i + 1);
            /* a string or null */
            if (i < n && p[i] == '"') {
                size_t at = i;
                int plain;
                long len = read_string(p, n, &i, NULL, &plain); /* checks it and measures it */
                if (len < 0) goto slow;
                if (known >= 0) {
                    f[known].kind = F_STRING;
                    f[known].n = (size_t)len;
                    if (len && !(f[known].s = malloc((size_t)len + 1))) {
                        rc = -1;
                        goto slow;
                    }
                    if (len && plain) memcpy(f[known].s, p + at + 1, (size_t)len);
                    else if (len) read_string(p, n, &at, f[known].s, &plain);
                    if (len) f[known].s[len] = '\0';
                }
            } else if (n - i >= 4 && memcmp(p + i, "null", 4) == 0) {
                i += 4;
                if (known >= 0) f[known].kind = F_NULL;
            } else {
                goto slow;
            }
            i = skip_ws(p, n, i);
            if (i < n && p[i] == ',') {
                i = skip_ws(p, n, i + 1);
                continue;
            }
            if (i < n && p[i] == '}') {
                i++;
                break;
            }
            goto slow;
        }
    }
    if (skip_ws(p, n, i) == n) return 1;
slow:
    fields_free(f);
    memset(f, 0, K_N * sizeof *f);
    return rc;
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
    field f[K_N] = {0};
    int rc = fast_fields(line, n, f);
    if (rc < 0) {
        dw_buf_free(&fixed);
        return dw_fail(err, DW_ENOMEM, "%s: out of memory", origin);
    }
    if (rc == 0) {
        json_error_t je;
        json_t *root = json_loadb(line, n, JSON_REJECT_DUPLICATES, &je);
        dw_buf_free(&fixed); /* jansson keeps copies of what it needs */
        if (!root) {
            if (je.column > 0)
                return dw_fail(err, DW_EPARSE, "%s:%d: invalid JSON: %s", origin, je.column, je.text);
            return dw_fail(err, DW_EPARSE, "%s: invalid JSON: %s", origin, je.text);
        }
        rc = jansson_fields(origin, root, f, err);
        json_decref(root);
    } else {
        dw_buf_free(&fixed);
        rc = DW_OK;
    }
    if (rc == DW_OK) rc = fill_doc(origin, f, opts, out, err);
    fields_free(f);
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
        /* "%s:%zu" of name and line, without printf (once per record) */
        char num[24];
        size_t nl = 0;
        for (size_t v = lineno; nl == 0 || v; v /= 10) num[nl++] = (char)('0' + v % 10);
        dw_buf_reset(&origin);
        int bad = dw_buf_adds(&origin, src->name) || dw_buf_addc(&origin, ':');
        while (!bad && nl) bad = dw_buf_addc(&origin, num[--nl]);
        if (bad) {
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
