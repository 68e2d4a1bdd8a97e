/*
 * doc.c — plain-text documents and dw_read_documents.
 *
 * A plain-text file is one document: optional "Key: value" header lines at
 * the very top (Date, Source, Title, URL, Id; keys case-insensitive), a blank
 * line, then the body.  If the first line is not a recognised header there
 * are no headers.  The body is stored byte for byte (offsets computed by
 * later stages refer to it); only a leading UTF-8 BOM and the header block
 * are removed.
 *
 * Invariants of every document produced here: text is valid UTF-8 with no
 * NUL byte, non-blank, at most max_doc_bytes long; date is NULL or a valid
 * ISO date prefix; id, origin and hash are set.
 *
 * Reading never needs more than max_doc_bytes plus a small header allowance
 * for a text file, so an oversized file is refused after at most that many
 * bytes (at once, from its size, when it is a regular file).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dyadwatch/utf8.h"
#include "ingest.h"

/* Room for the header block on top of the body's limit. */
#define HEADER_SLACK 65536u

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* ---- small helpers shared with doc_jsonl.c ---- */

void dw_doc_free(dw_doc *d) {
    if (!d) return;
    free(d->id);
    free(d->origin);
    free(d->date);
    free(d->source);
    free(d->url);
    free(d->title);
    free(d->text);
    memset(d, 0, sizeof *d);
}

size_t dw_ingest_max_bytes(const dw_read_opts *opts) {
    return opts && opts->max_doc_bytes ? opts->max_doc_bytes : DW_DEFAULT_MAX_DOC_BYTES;
}

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int dw_ingest_blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!is_space(s[i])) return 0;
    return 1;
}

int dw_ingest_clip(const char *s, size_t n, size_t max) {
    if (n <= max) return (int)n;
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--; /* s[k] is the first byte left out */
    return (int)k;
}

char *dw_ingest_stem(const char *path, size_t n) {
    if ((n == 1 && path[0] == '-') || (n == 7 && memcmp(path, "<stdin>", 7) == 0))
        return dw_strdup("stdin");
    size_t b = n; /* start of the base name */
    while (b > 0 && path[b - 1] != '/') b--;
    size_t e = n; /* end of the stem: the last '.', unless it starts the name */
    for (size_t i = n; i-- > b + 1;) {
        if (path[i] == '.') {
            e = i;
            break;
        }
    }
    return e > b ? dw_strndup(path + b, e - b) : dw_strdup("doc");
}

static int check_default_date(const dw_read_opts *opts, dw_error *err) {
    const char *d = opts ? opts->default_date : NULL;
    if (d && !dw_date_valid(d, strlen(d)))
        return dw_fail(err, DW_EINVAL, "--date '%.*s': expected YYYY-MM-DD",
                       dw_ingest_clip(d, strlen(d), 64), d);
    return DW_OK;
}

int dw_ingest_finish(dw_doc *d, const char *origin, const dw_read_opts *opts, dw_error *err) {
    int rc = DW_OK;
    if (!d->date && opts && opts->default_date) {
        if ((rc = check_default_date(opts, err))) goto fail;
        if (!(d->date = dw_strdup(opts->default_date))) goto nomem;
    }
    if (!(d->origin = dw_strdup(origin))) goto nomem;
    dw_sha256_hex(d->text, d->text_len, d->hash);
    return DW_OK;
nomem:
    rc = dw_fail(err, DW_ENOMEM, "%s: out of memory", origin);
fail:
    dw_doc_free(d);
    return rc;
}

/* ---- validation of the raw bytes ---- */

static int has_bom(const char *s, size_t n) { return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0; }

static size_t line_of(const char *s, size_t off) {
    size_t line = 1;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + off - p))) != NULL; p++) line++;
    return line;
}

/* Offset of the first byte that cannot be stored as text: invalid UTF-8, or
 * NUL (it would end the C string early).  n when there is none. */
static size_t first_bad(const char *s, size_t n, int *is_nul) {
    size_t u = dw_utf8_check(s, n);
    const char *z = memchr(s, '\0', u);
    *is_nul = z != NULL;
    return z ? (size_t)(z - s) : u;
}

/* Appends s to out with invalid UTF-8 and NUL bytes replaced by U+FFFD.  A NUL
 * never belongs to an ill-formed subpart, so splitting at NULs is exact. */
static int repair_text(const char *s, size_t n, dw_buf *out) {
    size_t i = 0;
    for (;;) {
        const char *z = memchr(s + i, '\0', n - i);
        size_t end = z ? (size_t)(z - s) : n;
        if (dw_utf8_repair(s + i, end - i, out) == SIZE_MAX) return DW_ENOMEM;
        if (!z) return DW_OK;
        if (dw_buf_add(out, REPLACEMENT, 3)) return DW_ENOMEM;
        i = end + 1;
    }
}

/* Points p and len at the text to parse: data after any BOM, or its repair in
 * `fixed` under --lenient.  Offsets in messages are offsets in data. */
static int clean_input(const char *origin, const char *data, size_t n, const dw_read_opts *opts,
                       dw_buf *fixed, const char **p, size_t *len, dw_error *err) {
    size_t start = has_bom(data, n) ? 3 : 0;
    int is_nul;
    size_t bad = start + first_bad(data + start, n - start, &is_nul);
    *p = data + start;
    *len = n - start;
    if (bad == n) return DW_OK;
    if (!opts || !opts->lenient) {
        if (is_nul)
            return dw_fail(err, DW_EUTF8,
                           "%s: NUL byte at byte offset %zu (line %zu): expected text, not "
                           "binary data; use --lenient to replace it with U+FFFD",
                           origin, bad, line_of(data, bad));
        return dw_fail(err, DW_EUTF8,
                       "%s: invalid UTF-8 at byte offset %zu (line %zu): expected a valid "
                       "UTF-8 sequence; use --lenient to replace it with U+FFFD",
                       origin, bad, line_of(data, bad));
    }
    if (repair_text(*p, *len, fixed)) return dw_fail(err, DW_ENOMEM, "%s: out of memory", origin);
    *p = fixed->data;
    *len = fixed->len;
    return DW_OK;
}

/* ---- headers ---- */

enum { HDR_DATE, HDR_SOURCE, HDR_TITLE, HDR_URL, HDR_ID, HDR_COUNT };
static const char *const header_names[HDR_COUNT] = {"Date", "Source", "Title", "URL", "Id"};

static char **header_slot(dw_doc *d, int k) {
    switch (k) {
    case HDR_DATE: return &d->date;
    case HDR_SOURCE: return &d->source;
    case HDR_TITLE: return &d->title;
    case HDR_URL: return &d->url;
    default: return &d->id;
    }
}

static char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

static int ascii_ieq(const char *a, const char *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return 0;
    return 1;
}

/* Which header the line is ("Key:" with a known key), or -1; *value_at is
 * the offset just after the colon. */
static int header_key(const char *line, size_t n, size_t *value_at) {
    for (int k = 0; k < HDR_COUNT; k++) {
        size_t kl = strlen(header_names[k]);
        if (n > kl && line[kl] == ':' && ascii_ieq(line, header_names[k], kl)) {
            *value_at = kl + 1;
            return k;
        }
    }
    return -1;
}

static int set_header(const char *origin, size_t lineno, int k, const char *v, size_t n,
                      dw_doc *d, dw_error *err) {
    while (n && is_space(*v)) v++, n--;
    while (n && is_space(v[n - 1])) n--;
    char **slot = header_slot(d, k);
    if (*slot)
        return dw_fail(err, DW_EPARSE, "%s:%zu: duplicate %s header: expected each header once",
                       origin, lineno, header_names[k]);
    if (k == HDR_DATE && !dw_date_valid(v, n))
        return dw_fail(err, DW_EPARSE, "%s:%zu: bad Date header '%.*s': expected YYYY-MM-DD",
                       origin, lineno, dw_ingest_clip(v, n, 64), v);
    if (n == 0) return DW_OK; /* an empty header is as if absent */
    if (!(*slot = dw_strndup(v, n))) return dw_fail(err, DW_ENOMEM, "%s: out of memory", origin);
    return DW_OK;
}

/* Parses the header block at the top of p[0..n) into d.  *body_at gets the
 * offset of the body (0 without headers); *had_headers whether there were any. */
static int parse_headers(const char *origin, const char *p, size_t n, dw_doc *d,
                         size_t *body_at, int *had_headers, dw_error *err) {
    size_t pos = 0;
    *body_at = 0;
    *had_headers = 0;
    for (size_t lineno = 1; pos < n; lineno++) {
        const char *line = p + pos, *nl = memchr(line, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - line) : n - pos;
        size_t next = pos + len + (nl != NULL);
        if (len && line[len - 1] == '\r') len--;
        size_t value_at;
        int k = header_key(line, len, &value_at);
        if (k < 0) {
            if (lineno == 1) return DW_OK; /* no headers: all of it is text */
            if (dw_ingest_blank(line, len)) {
                *body_at = next;
                return DW_OK;
            }
            return dw_fail(err, DW_EPARSE,
                           "%s:%zu: expected a header line ('Key: value' with Key one of Date, "
                           "Source, Title, URL, Id) or a blank line before the text, got '%.*s'",
                           origin, lineno, dw_ingest_clip(line, len, 64), line);
        }
        *had_headers = 1;
        int rc = set_header(origin, lineno, k, line + value_at, len - value_at, d, err);
        if (rc) return rc;
        pos = next;
    }
    *body_at = n; /* the headers ran to the end: no body */
    return DW_OK;
}

/* ---- plain-text documents ---- */

static int parse_text(const char *origin, const char *p, size_t n, const dw_read_opts *opts,
                      dw_doc *out, dw_error *err) {
    size_t body_at, max = dw_ingest_max_bytes(opts);
    int had_headers;
    int rc = parse_headers(origin, p, n, out, &body_at, &had_headers, err);
    if (rc) goto fail;
    const char *body = p + body_at;
    size_t len = n - body_at;
    if (dw_ingest_blank(body, len)) {
        rc = had_headers
                 ? dw_fail(err, DW_EEMPTY, "%s: empty document: expected text after the headers",
                           origin)
                 : dw_fail(err, DW_EEMPTY, "%s: empty input: expected a document", origin);
        goto fail;
    }
    if (len > max) {
        rc = dw_fail(err, DW_ELIMIT,
                     "%s: document is %zu bytes, larger than the limit of %zu bytes; "
                     "split it or raise --max-bytes",
                     origin, len, max);
        goto fail;
    }
    out->text = dw_strndup(body, len);
    out->text_len = len;
    if (!out->id) out->id = dw_ingest_stem(origin, strlen(origin));
    if (!out->text || !out->id) {
        rc = dw_fail(err, DW_ENOMEM, "%s: out of memory", origin);
        goto fail;
    }
    return dw_ingest_finish(out, origin, opts, err);
fail:
    dw_doc_free(out);
    return rc;
}

int dw_doc_from_text(const char *origin, const char *data, size_t n, const dw_read_opts *opts,
                     dw_doc *out, dw_error *err) {
    memset(out, 0, sizeof *out);
    if (!origin) origin = "<text>";
    if (!data && n) return dw_fail(err, DW_EINVAL, "%s: no data", origin);
    if (!data) data = "";
    dw_buf fixed = {0};
    const char *p;
    size_t len;
    int rc = clean_input(origin, data, n, opts, &fixed, &p, &len, err);
    if (rc == DW_OK) rc = parse_text(origin, p, len, opts, out, err);
    dw_buf_free(&fixed);
    return rc;
}

/* ---- the input source ---- */

static int src_open(dw_src *src, const char *path, dw_error *err) {
    memset(src, 0, sizeof *src);
    if (strcmp(path, "-") == 0) {
        src->f = stdin;
        src->name = "<stdin>";
        return DW_OK;
    }
    src->name = path;
    if (!(src->f = fopen(path, "rb")))
        return dw_fail(err, DW_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(src->f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(src->f);
        src->f = NULL;
        return dw_fail(err, DW_EIO, "%s: is a directory: expected a file", path);
    }
    return DW_OK;
}

static void src_close(dw_src *src) {
    if (src->f && src->f != stdin) fclose(src->f);
    dw_buf_free(&src->buf);
}

int dw_src_fill(dw_src *src, dw_error *err) {
    if (src->eof) return 0;
    if (src->pos) { /* drop consumed bytes so the buffer holds one line at most */
        size_t keep = src->buf.len - src->pos;
        memmove(src->buf.data, src->buf.data + src->pos, keep);
        src->off += src->pos;
        src->buf.len = keep;
        src->pos = 0;
    }
    if (dw_buf_reserve(&src->buf, DW_INGEST_BLOCK))
        return dw_fail(err, DW_ENOMEM, "%s: out of memory", src->name);
    size_t got = fread(src->buf.data + src->buf.len, 1, DW_INGEST_BLOCK, src->f);
    src->buf.len += got;
    src->buf.data[src->buf.len] = '\0';
    if (got < DW_INGEST_BLOCK) { /* fread only stops short at end of input or on error */
        if (ferror(src->f))
            return dw_fail(err, DW_EIO, "%s: read error: %s", src->name, strerror(errno));
        src->eof = 1;
    }
    return (int)got;
}

/* For "-": JSON Lines when the first non-blank byte after an optional BOM is
 * '{'.  Only looks ahead; nothing is consumed. */
static int sniff_jsonl(dw_src *src, size_t limit, int *jsonl, dw_error *err) {
    *jsonl = 0;
    int r = dw_src_fill(src, err); /* a full block unless the input is shorter */
    if (r < 0) return r;
    size_t i = has_bom(src->buf.data, src->buf.len) ? 3 : 0;
    for (;;) {
        for (; i < src->buf.len; i++) {
            if (!is_space(src->buf.data[i])) {
                *jsonl = src->buf.data[i] == '{';
                return DW_OK;
            }
        }
        if (i > limit) return DW_OK; /* a sea of blanks: let the text reader refuse it */
        if ((r = dw_src_fill(src, err)) <= 0) return r;
    }
}

static int is_jsonl_name(const char *path) {
    static const char *const exts[] = {".jsonl", ".ndjson", ".json"};
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base) return 0;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (strlen(dot) == strlen(exts[i]) && ascii_ieq(dot, exts[i], strlen(dot))) return 1;
    return 0;
}

static int too_big(const char *name, uintmax_t size, int exact, size_t max, dw_error *err) {
    return dw_fail(err, DW_ELIMIT,
                   "%s: %s %ju bytes, larger than the limit of %zu bytes for a "
                   "document; split it or raise --max-bytes",
                   name, exact ? "file is" : "input is more than", size, max);
}

/* Reads the rest of src as one plain-text document and hands it to fn. */
static int read_text(dw_src *src, const dw_read_opts *opts, dw_doc_fn fn, void *ud,
                     dw_error *err) {
    size_t max = dw_ingest_max_bytes(opts);
    size_t bound = max > SIZE_MAX - HEADER_SLACK ? SIZE_MAX : max + HEADER_SLACK;
    struct stat st;
    if (fstat(fileno(src->f), &st) == 0 && S_ISREG(st.st_mode)) {
        if ((uintmax_t)st.st_size > bound) return too_big(src->name, (uintmax_t)st.st_size, 1, max, err);
        if (dw_buf_reserve(&src->buf, (size_t)st.st_size + DW_INGEST_BLOCK)) /* one allocation */
            return dw_fail(err, DW_ENOMEM, "%s: out of memory", src->name);
    }
    int r;
    while ((r = dw_src_fill(src, err)) > 0)
        if (src->buf.len > bound) return too_big(src->name, bound, 0, max, err);
    if (r < 0) return r;
    dw_doc doc;
    int rc = dw_doc_from_text(src->name, src->buf.data ? src->buf.data : "", src->buf.len, opts,
                              &doc, err);
    if (rc) return rc;
    rc = fn(&doc, ud, err);
    dw_doc_free(&doc);
    return rc;
}

int dw_read_documents(const char *path, const dw_read_opts *opts, dw_doc_fn fn, void *ud,
                      dw_error *err) {
    if (!path || !fn)
        return dw_fail(err, DW_EINVAL, "dw_read_documents: a path and a callback are required");
    dw_input_format fmt = opts ? opts->format : DW_INPUT_AUTO;
    if (fmt != DW_INPUT_AUTO && fmt != DW_INPUT_TEXT && fmt != DW_INPUT_JSONL)
        return dw_fail(err, DW_EINVAL, "%s: unknown input format %d", path, (int)fmt);
    int rc = check_default_date(opts, err); /* refuse a bad --date even if unused */
    if (rc) return rc;
    dw_src src;
    if ((rc = src_open(&src, path, err))) return rc;
    int jsonl = fmt == DW_INPUT_JSONL;
    if (fmt == DW_INPUT_AUTO) {
        if (strcmp(path, "-") == 0)
            rc = sniff_jsonl(&src, dw_ingest_max_bytes(opts), &jsonl, err);
        else
            jsonl = is_jsonl_name(path);
    }
    if (rc == DW_OK)
        rc = jsonl ? dw_ingest_jsonl(&src, opts, fn, ud, err) : read_text(&src, opts, fn, ud, err);
    src_close(&src);
    return rc;
}
