/*
 * gazetteer.c — the place store: places with type (country, adm1, city,
 * point), ISO3 country, first-level parent, coordinates and population,
 * indexed by every spelling variant through the phrase index; and the
 * loader of the built-in list (data/gazetteer.tsv, compiled into the
 * library).
 *
 * data/gazetteer.tsv: '#' comments, then tab-separated rows of
 *   name  type  iso3  iso2  adm1  lat  lon  flags  variants
 * type is country | adm1 | city | point; iso2 is a country's two-letter
 * code ("-" for other rows; it maps GeoNames country codes to ISO3); adm1
 * is the first-level parent ("-" when none); flags is a comma list of
 * capital (a capital city, which also names a government: "Kabul said"),
 * water (river, dam, lake, wetland) and river (a river or canal), or "-"; variants are other
 * spellings separated by '|' ("Mazar-e Sharif|Mazar").
 *
 * Invariants: string offset 0 is the empty string; a place's index never
 * changes once added; a gazetteer is read-only after loading and may be
 * shared between threads.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "extract/extract_internal.h"

const char *xptype_name(xptype t) {
    static const char *const names[] = {"country", "adm1", "city", "point"};
    return t <= XT_POINT ? names[t] : "";
}

const xplace *xgaz_place(const dw_gazetteer *g, int32_t i) {
    return i >= 0 && (size_t)i < g->n ? &g->p[i] : NULL;
}

const char *xgaz_str(const dw_gazetteer *g, uint32_t off) {
    return off < g->str.len ? g->str.data + off : "";
}

static int add_str(dw_gazetteer *g, const char *s, uint32_t *off) {
    if (!s || !*s) {
        *off = 0;
        return DW_OK;
    }
    size_t n = strlen(s);
    if (g->str.len > UINT32_MAX - n - 1) return DW_ELIMIT;
    *off = (uint32_t)g->str.len;
    if (dw_buf_add(&g->str, s, n) || dw_buf_addc(&g->str, '\0')) return DW_ENOMEM;
    return DW_OK;
}

int32_t xgaz_add(dw_gazetteer *g, const xplace *p, const char *name, const char *adm1,
                 const char *variants) {
    if (g->n >= INT32_MAX) return DW_ELIMIT;
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 512;
        xplace *v = realloc(g->p, cap * sizeof *v);
        if (!v) return DW_ENOMEM;
        g->p = v;
        g->cap = cap;
    }
    xplace q = *p;
    int rc;
    if ((rc = add_str(g, name, &q.name)) || (rc = add_str(g, adm1, &q.adm1))) return rc;
    int32_t idx = (int32_t)g->n;
    g->p[g->n++] = q;
    /* the name and each variant; names that do not tokenize are skipped */
    rc = xphrases_add(&g->names, name, strlen(name), idx);
    if (rc == DW_ENOMEM) return rc;
    for (const char *v = variants; v && *v;) {
        const char *e = strchr(v, '|');
        size_t n = e ? (size_t)(e - v) : strlen(v);
        if (n && (rc = xphrases_add(&g->names, v, n, idx)) == DW_ENOMEM) return rc;
        v += n + (e != NULL);
    }
    return idx;
}

/* Preference among places of one name: the hinted type when one has it,
 * else city, adm1, point, country; then built-in before loaded; then the
 * larger population. */
static int type_rank(int t) {
    static const int rank[] = {3, 1, 0, 2}; /* country adm1 city point */
    return t >= 0 && t <= XT_POINT ? rank[t] : 4;
}

int32_t xgaz_pick(const dw_gazetteer *g, int32_t chain, int hint) {
    const xphrase_value *v = g->names.v;
    int32_t best = -1;
    long best_key = 0;
    for (int32_t k = chain; k >= 0; k = v[k].next) {
        const xplace *p = xgaz_place(g, v[k].value);
        if (!p) continue;
        long key = (hint >= 0 && p->type == hint ? 0 : 1) * 1000 + type_rank(p->type) * 100 +
                   ((p->flags & XPF_BUILTIN) ? 0 : 10);
        if (best < 0 || key < best_key ||
            (key == best_key && p->population > g->p[best].population)) {
            best = v[k].value;
            best_key = key;
        }
    }
    return best;
}

const char *xgaz_iso3(const dw_gazetteer *g, const char *iso2) {
    if (!iso2 || strlen(iso2) != 2) return NULL;
    for (size_t i = 0; i < g->n; i++)
        if (g->p[i].type == XT_COUNTRY && g->p[i].iso2[0] == iso2[0] && g->p[i].iso2[1] == iso2[1])
            return g->p[i].country;
    return NULL;
}

dw_gazetteer *dw_gazetteer_new(dw_error *err) {
    dw_gazetteer *g = calloc(1, sizeof *g);
    if (!g || dw_buf_addc(&g->str, '\0')) {
        free(g);
        dw_fail(err, DW_ENOMEM, "out of memory creating a gazetteer");
        return NULL;
    }
    return g;
}

void dw_gazetteer_free(dw_gazetteer *g) {
    if (!g) return;
    free(g->p);
    dw_buf_free(&g->str);
    xphrases_free(&g->names);
    free(g);
}

size_t dw_gazetteer_count(const dw_gazetteer *g) { return g ? g->n : 0; }

/* ---- data/gazetteer.tsv ---------------------------------------------------- */

/* Splits line (modified in place) at tabs into at most max fields. */
static size_t split_tabs(char *line, char **f, size_t max) {
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p; p++)
        if (*p == '\t') {
            *p = '\0';
            if (n == max) return max + 1;
            f[n++] = p + 1;
        }
    return n;
}

static bool parse_coord(const char *s, double lim, double *out) {
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v) || v < -lim || v > lim) return false;
    *out = v;
    return true;
}

static int parse_type(const char *s) {
    for (int t = XT_COUNTRY; t <= XT_POINT; t++)
        if (strcmp(s, xptype_name((xptype)t)) == 0) return t;
    return -1;
}

static const char *dash_empty(const char *s) { return strcmp(s, "-") == 0 ? "" : s; }

/* One row of data/gazetteer.tsv (fields already split). */
static int add_row(dw_gazetteer *g, char **f, const char *where, size_t line, dw_error *err) {
    xplace p = {0};
    int t = parse_type(f[1]);
    if (t < 0)
        return dw_fail(err, DW_EPARSE, "%s:%zu: type '%s' is not country, adm1, city or point",
                       where, line, f[1]);
    p.type = (uint8_t)t;
    if (strlen(f[2]) != 3)
        return dw_fail(err, DW_EPARSE, "%s:%zu: country '%s' is not an ISO3 code", where, line,
                       f[2]);
    memcpy(p.country, f[2], 4);
    const char *iso2 = dash_empty(f[3]);
    if (*iso2 && strlen(iso2) != 2)
        return dw_fail(err, DW_EPARSE, "%s:%zu: iso2 '%s' is not a two-letter code", where, line,
                       f[3]);
    memcpy(p.iso2, iso2, strlen(iso2) + 1);
    if (!parse_coord(f[5], 90, &p.lat) || !parse_coord(f[6], 180, &p.lon))
        return dw_fail(err, DW_EPARSE, "%s:%zu: bad coordinates '%s' '%s'", where, line, f[5],
                       f[6]);
    p.flags = XPF_BUILTIN;
    if (strstr(f[7], "capital")) p.flags |= XPF_CAPITAL;
    if (strstr(f[7], "water")) p.flags |= XPF_WATER;
    if (strstr(f[7], "river")) p.flags |= XPF_RIVER;
    if (!*f[0]) return dw_fail(err, DW_EPARSE, "%s:%zu: empty name", where, line);
    int32_t rc = xgaz_add(g, &p, f[0], dash_empty(f[4]), dash_empty(f[8]));
    if (rc < 0) return dw_fail(err, rc, "%s:%zu: cannot add place (%d)", where, line, (int)rc);
    return DW_OK;
}

/* Loads rows in the built-in format from memory. */
static int load_tsv(dw_gazetteer *g, const char *data, size_t len, const char *where,
                    dw_error *err) {
    char buf[8192];
    size_t line = 0;
    for (size_t pos = 0; pos < len;) {
        const char *e = memchr(data + pos, '\n', len - pos);
        size_t raw = e ? (size_t)(e - (data + pos)) : len - pos, n = raw;
        line++;
        if (n && data[pos + n - 1] == '\r') n--;
        if (n >= sizeof buf)
            return dw_fail(err, DW_ELIMIT, "%s:%zu: line longer than %zu bytes", where, line,
                           sizeof buf - 1);
        memcpy(buf, data + pos, n);
        buf[n] = '\0';
        pos += raw + 1;
        if (!n || buf[0] == '#') continue;
        char *f[9];
        size_t nf = split_tabs(buf, f, 9);
        if (nf != 9)
            return dw_fail(err, DW_EPARSE, "%s:%zu: expected 9 tab-separated fields, found %zu",
                           where, line, nf);
        int rc = add_row(g, f, where, line, err);
        if (rc) return rc;
    }
    return DW_OK;
}

dw_gazetteer *dw_gazetteer_new_default(dw_error *err) {
    const dw_embedded_file *f = dw_embedded_find("gazetteer.tsv");
    if (!f) {
        dw_fail(err, DW_EIO, "gazetteer.tsv is not built into the library");
        return NULL;
    }
    dw_gazetteer *g = dw_gazetteer_new(err);
    if (!g) return NULL;
    if (load_tsv(g, f->data, f->len, "gazetteer.tsv", err)) {
        dw_gazetteer_free(g);
        return NULL;
    }
    return g;
}

int dw_gazetteer_find(const dw_gazetteer *g, const char *name, dw_place *out) {
    if (!g || !name || !out) return 0;
    dw_tokens t = {0};
    int found = 0;
    if (dw_tokenize(name, strlen(name), 0, &t) == DW_OK && t.n) {
        xsent s = {&t, t.n, name, NULL, NULL, NULL};
        size_t nt;
        int32_t v = xphrases_match(&g->names, &s, 0, t.n, &nt);
        if (v >= 0 && nt == t.n) {
            const xplace *p = xgaz_place(g, xgaz_pick(g, v, -1));
            out->name = xgaz_str(g, p->name);
            out->country = p->country;
            out->adm1 = xgaz_str(g, p->adm1);
            out->lat = p->lat;
            out->lon = p->lon;
            out->precision = xptype_name((xptype)p->type);
            found = 1;
        }
    }
    dw_tokens_free(&t);
    return found;
}
