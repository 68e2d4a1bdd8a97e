/*
 * validate.c — running a peer test suite: picks the reader from the file
 * (a PETRARCH XML or a TABARI validation text), and holds what both share:
 * expected sets, comparison with the coded events, reporting, loading the
 * dictionaries a suite names.
 *
 * A record passes when the coded (source, target, code) set equals the
 * expected set exactly; an expected discard passes only when the coder
 * discarded the sentence, an expected "no event" when it coded nothing.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/validate_internal.h"

static void copy_trim(char *out, size_t cap, const char *s) {
    while (isspace((unsigned char)*s) || *s == '"' || *s == '\'') s++;
    size_t n = strlen(s);
    while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == '"' || s[n - 1] == '\'')) n--;
    snprintf(out, cap, "%.*s", (int)n, s);
}

/* 1 when x holds the triple (src, tgt, code). */
static int expects(const dw_val_expect *x, const char *src, const char *tgt, const char *code) {
    for (size_t i = 0; i < x->n; i++)
        if (!strcmp(x->ev[i].source, src) && !strcmp(x->ev[i].target, tgt) &&
            !strcmp(x->ev[i].code, code))
            return 1;
    return 0;
}

void dw_val_add(dw_val_expect *x, const char *src, const char *tgt, const char *code) {
    dw_val_triple t;
    copy_trim(t.source, sizeof t.source, src);
    copy_trim(t.target, sizeof t.target, tgt);
    copy_trim(t.code, sizeof t.code, code);
    if (!expects(x, t.source, t.target, t.code) && x->n < DW_VAL_MAX_TRIPLES) x->ev[x->n++] = t;
}

static int has(const dw_val_expect *x, const dw_peer_event *e) {
    return expects(x, e->source, e->target, e->code);
}

static void format_expect(const dw_val_expect *x, dw_buf *b) {
    switch (x->kind) {
    case DW_EXPECT_NONE: dw_buf_adds(b, "---"); return;
    case DW_EXPECT_DISCARD: dw_buf_adds(b, "###"); return;
    case DW_EXPECT_COMPLEX:
        if (!x->n) {
            dw_buf_adds(b, "+++");
            return;
        }
        break;
    default: break;
    }
    for (size_t i = 0; i < x->n; i++)
        dw_buf_printf(b, "%s%s/%s/%s", i ? " " : "", x->ev[i].source, x->ev[i].target, x->ev[i].code);
}

static void format_result(const dw_peer_result *r, dw_buf *b) {
    switch (r->status) {
    case PEER_DISCARD: dw_buf_adds(b, "###"); return;
    case PEER_COMPLEX: dw_buf_adds(b, "+++"); return;
    case PEER_SHORT: dw_buf_adds(b, "--- (too few words)"); return;
    default: break;
    }
    if (!r->n) dw_buf_adds(b, "---");
    for (size_t i = 0; i < r->n; i++)
        dw_buf_printf(b, "%s%s/%s/%s", i ? " " : "", r->ev[i].source, r->ev[i].target, r->ev[i].code);
}

static char *squeeze(const char *s) {
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (!out) return NULL;
    size_t k = 0;
    int space = 1;
    for (; *s; s++) {
        if (isspace((unsigned char)*s)) {
            if (!space) out[k++] = ' ';
            space = 1;
        } else {
            out[k++] = *s;
            space = 0;
        }
    }
    while (k && out[k - 1] == ' ') k--;
    out[k] = '\0';
    return out;
}

int dw_val_check(dw_peer *peer, const char *id, const char *date_text, int32_t day, const char *text,
                 const dw_val_expect *x, dw_validate_fn fn, void *ctx, dw_validate_summary *sum,
                 dw_error *err) {
    dw_peer_result *r = malloc(sizeof *r);
    if (!r) return dw_fail(err, DW_ENOMEM, "out of memory");
    int rc = dw_peer_code(peer, text, strlen(text), day, r, err);
    if (rc) {
        free(r);
        return rc;
    }
    int pass;
    switch (x->kind) {
    case DW_EXPECT_NONE: pass = r->status != PEER_DISCARD && r->n == 0; break;
    case DW_EXPECT_DISCARD: pass = r->status == PEER_DISCARD; break;
    case DW_EXPECT_COMPLEX:
        pass = x->n ? (r->n == x->n && r->status == PEER_CODED) : r->status == PEER_COMPLEX || r->n == 0;
        if (pass && x->n)
            for (size_t i = 0; i < r->n; i++) pass &= has(x, &r->ev[i]);
        break;
    default:
        pass = r->status == PEER_CODED && r->n == x->n;
        for (size_t i = 0; pass && i < r->n; i++) pass = has(x, &r->ev[i]);
        break;
    }
    if (x->kind == DW_EXPECT_COMPLEX) {
        if (pass) sum->complex_passed++;
        else sum->complex_failed++;
    } else if (pass) {
        sum->passed++;
    } else {
        sum->failed++;
    }
    if (fn) {
        dw_buf e = {0}, c = {0};
        format_expect(x, &e);
        format_result(r, &c);
        char *t = squeeze(text);
        dw_validate_record rec = {id, date_text, t ? t : text, x->kind, e.data ? e.data : "",
                                  c.data ? c.data : "", pass, NULL};
        fn(&rec, ctx);
        free(t);
        dw_buf_free(&e);
        dw_buf_free(&c);
    }
    free(r);
    return DW_OK;
}

void dw_val_skip(const char *id, const char *date_text, const char *text, const char *why,
                 dw_validate_fn fn, void *ctx, dw_validate_summary *sum) {
    sum->skipped++;
    if (!fn) return;
    char *t = squeeze(text ? text : "");
    dw_validate_record rec = {id, date_text, t ? t : "", DW_EXPECT_SKIP, "", "", 0, why};
    fn(&rec, ctx);
    free(t);
}

void dw_val_split_path(const char *path, char *dir, size_t cap, const char **base) {
    const char *slash = strrchr(path, '/');
    if (slash) snprintf(dir, cap, "%.*s", (int)(slash - path), path);
    else snprintf(dir, cap, ".");
    if (base) *base = slash ? slash + 1 : path;
}

dw_dict *dw_val_load(const char *dir, const char *const *files, size_t n, dw_error *err) {
    dw_dict *d = dw_dict_new();
    if (!d) {
        dw_fail(err, DW_ENOMEM, "out of memory");
        return NULL;
    }
    /* options first (they hold date formats), the rest in dictionary order */
    static const dw_dict_kind ORDER[] = {DW_DICT_TABARI_OPTIONS,   DW_DICT_TABARI_ACTORS,
                                         DW_DICT_PETRARCH_ACTORS,  DW_DICT_TABARI_AGENTS,
                                         DW_DICT_PETRARCH_AGENTS,  DW_DICT_PETRARCH_DISCARDS,
                                         DW_DICT_PETRARCH_ISSUES,  DW_DICT_TABARI_VERBS,
                                         DW_DICT_PETRARCH_VERBS};
    for (size_t o = 0; o < sizeof ORDER / sizeof *ORDER; o++)
        for (size_t i = 0; i < n; i++) {
            if (dw_dict_kind_of(files[i]) != ORDER[o]) continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, files[i]);
            if (dw_dict_load_file(d, path, DW_DICT_AUTO, err)) {
                dw_dict_free(d);
                return NULL;
            }
        }
    for (size_t i = 0; i < n; i++)
        if (dw_dict_kind_of(files[i]) == DW_DICT_AUTO) {
            dw_fail(err, DW_EINVAL, "%s/%s: not a TABARI or PETRARCH dictionary name", dir, files[i]);
            dw_dict_free(d);
            return NULL;
        }
    return d;
}

int dw_validate_file(const char *path, dw_validate_fn fn, void *ctx, dw_validate_summary *sum,
                     dw_error *err) {
    memset(sum, 0, sizeof *sum);
    /* the XML declaration or root element tells PETRARCH from TABARI */
    FILE *f = fopen(path, "rb");
    if (!f) return dw_fail(err, DW_EIO, "%s: cannot open", path);
    char head[256] = {0};
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = '\0';
    const char *s = head;
    while (isspace((unsigned char)*s)) s++;
    if (*s == '<') return dw_validate_petrarch(path, fn, ctx, sum, err);
    return dw_validate_tabari(path, fn, ctx, sum, err);
}
