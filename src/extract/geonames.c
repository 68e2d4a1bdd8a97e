/*
 * geonames.c — adds places from a GeoNames dump (allCountries.txt,
 * cities15000.txt, IR.txt ...): tab-separated, 19 columns
 *   geonameid name asciiname alternatenames latitude longitude
 *   feature_class feature_code country_code cc2 admin1 admin2 admin3
 *   admin4 population elevation dem timezone modification_date
 *
 * Mapping: feature code PCL* → country, ADM1 → adm1, class P → city,
 * anything else → point; the two-letter country code becomes ISO3 through
 * the countries already in the gazetteer (built-in list); the admin1 code
 * becomes a name through the file's own ADM1 rows.  Alternate names are
 * kept when they are written in Latin letters (text is English) and look
 * like names (no digits, no codes, no URLs), at most 24 per place.
 *
 * All or nothing: the whole file is read and checked first; the first bad
 * row fails the load with "path:line: what is wrong" and adds no place.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract_internal.h"

#define GN_COLUMNS 19
#define GN_MAX_ALTERNATES 24

typedef struct row {
    uint32_t name, variants, adm1code; /* offsets in the arena */
    double lat, lon, population;
    char fcode[8], cc[3];
    char fclass;
} row;

typedef struct rows {
    row *v;
    size_t n, cap;
    dw_buf arena;
} rows;

static void rows_free(rows *r) {
    free(r->v);
    dw_buf_free(&r->arena);
}

static int arena_add(dw_buf *a, const char *s, size_t n, uint32_t *off) {
    if (a->len > UINT32_MAX - n - 1) return DW_ELIMIT;
    *off = (uint32_t)a->len;
    if (dw_buf_add(a, s, n) || dw_buf_addc(a, '\0')) return DW_ENOMEM;
    return DW_OK;
}

static bool parse_double(const char *s, double lo, double hi, double *out) {
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v) || v < lo || v > hi) return false;
    *out = v;
    return true;
}

static bool all_digits(const char *s) {
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

/* A usable alternate name: Latin letters (ASCII, or a Latin-1/Latin
 * Extended lead byte), spaces, hyphens, apostrophes and dots only, at
 * least three letters, not an all-capitals code, not a link. */
static bool good_alternate(const char *s, size_t n) {
    if (n < 3 || n > 80) return false;
    size_t letters = 0, upper = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            if (c >= 0xC3 && c <= 0xC9) {
                letters++;
                i++; /* skip the continuation byte */
                continue;
            }
            return false;
        }
        if ((c | 32) >= 'a' && (c | 32) <= 'z') {
            letters++;
            upper += c >= 'A' && c <= 'Z';
        } else if (c != ' ' && c != '-' && c != '\'' && c != '.') {
            return false;
        }
    }
    return letters >= 3 && !(upper == letters && letters <= 4);
}

static int ascii_casecmp(const char *a, const char *b) {
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x += 32;
        if (y >= 'A' && y <= 'Z') y += 32;
        if (x != y || !x) return x - y;
    }
}

/* Single words that would match ordinary English text. */
static bool common_word(const char *s) {
    static const char *const words[] = {
        "the", "and", "for", "with", "police", "army", "border", "security", "president",
        "minister", "government", "university", "airport", "station", "center", "centre",
        "islam", "taliban", "new", "may", "march", "june", "july", "august", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "union", "state",
        "republic", "city", "market", "bazar", "bazaar", "camp", "village", "north", "south",
        "east", "west", "central", "dam", "river", "lake", "mountain", "valley", NULL};
    for (size_t i = 0; words[i]; i++)
        if (ascii_casecmp(s, words[i]) == 0) return true;
    return false;
}

/* Checks one line (split into f) and stores it; returns 0 or an error. */
static int take_row(rows *r, char **f, size_t nf, const char *path, size_t line, dw_error *err) {
    if (nf != GN_COLUMNS)
        return dw_fail(err, DW_EPARSE, "%s:%zu: expected %d tab-separated columns, found %zu",
                       path, line, GN_COLUMNS, nf);
    if (!all_digits(f[0]))
        return dw_fail(err, DW_EPARSE, "%s:%zu: geonameid '%.40s' is not a number", path, line,
                       f[0]);
    if (!*f[1]) return dw_fail(err, DW_EPARSE, "%s:%zu: empty name", path, line);
    row w = {0};
    if (!parse_double(f[4], -90, 90, &w.lat))
        return dw_fail(err, DW_EPARSE, "%s:%zu: latitude '%.40s' is not a number in [-90, 90]",
                       path, line, f[4]);
    if (!parse_double(f[5], -180, 180, &w.lon))
        return dw_fail(err, DW_EPARSE,
                       "%s:%zu: longitude '%.40s' is not a number in [-180, 180]", path, line,
                       f[5]);
    if (strlen(f[6]) > 1 || (f[6][0] && (f[6][0] < 'A' || f[6][0] > 'Z')))
        return dw_fail(err, DW_EPARSE, "%s:%zu: feature class '%.40s' is not one letter", path,
                       line, f[6]);
    if (strlen(f[7]) >= sizeof w.fcode)
        return dw_fail(err, DW_EPARSE, "%s:%zu: feature code '%.40s' is too long", path, line,
                       f[7]);
    if (*f[8] && strlen(f[8]) != 2)
        return dw_fail(err, DW_EPARSE, "%s:%zu: country code '%.40s' is not two letters", path,
                       line, f[8]);
    if (*f[14] && !parse_double(f[14], 0, 1e11, &w.population))
        return dw_fail(err, DW_EPARSE, "%s:%zu: population '%.40s' is not a number", path,
                       line, f[14]);
    w.fclass = f[6][0];
    memcpy(w.fcode, f[7], strlen(f[7]) + 1);
    memcpy(w.cc, f[8], strlen(f[8]) + 1);

    /* variants: asciiname, then usable alternate names, '|'-separated */
    dw_buf *a = &r->arena;
    int rc;
    if ((rc = arena_add(a, f[1], strlen(f[1]), &w.name)) ||
        (rc = arena_add(a, f[10], strlen(f[10]), &w.adm1code)))
        return dw_fail(err, rc, "%s:%zu: out of memory", path, line);
    w.variants = (uint32_t)a->len;
    size_t kept = 0;
    if (*f[2] && strcmp(f[2], f[1]) != 0 && !common_word(f[2])) {
        dw_buf_add(a, f[2], strlen(f[2]));
        kept++;
    }
    for (const char *v = f[3]; *v && kept < GN_MAX_ALTERNATES;) {
        const char *e = strchr(v, ',');
        size_t n = e ? (size_t)(e - v) : strlen(v);
        if (good_alternate(v, n)) {
            char tmp[96];
            memcpy(tmp, v, n);
            tmp[n] = '\0';
            if (!common_word(tmp)) {
                if (kept) dw_buf_addc(a, '|');
                dw_buf_add(a, v, n);
                kept++;
            }
        }
        v += n + (e != NULL);
    }
    if (dw_buf_addc(a, '\0')) return dw_fail(err, DW_ENOMEM, "%s:%zu: out of memory", path, line);

    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 1024;
        row *v = realloc(r->v, cap * sizeof *v);
        if (!v) return dw_fail(err, DW_ENOMEM, "%s:%zu: out of memory", path, line);
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n++] = w;
    return DW_OK;
}

static size_t split(char *line, char **f, size_t max) {
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

static int read_rows(FILE *fp, const char *path, rows *r, dw_error *err) {
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    int rc = DW_OK;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (len == 0 || line[0] == '#') continue;
        if (memchr(line, '\0', (size_t)len)) {
            rc = dw_fail(err, DW_EPARSE, "%s:%zu: NUL byte in line", path, lineno);
            break;
        }
        char *f[GN_COLUMNS + 1];
        size_t nf = split(line, f, GN_COLUMNS);
        if ((rc = take_row(r, f, nf, path, lineno, err))) break;
    }
    if (!rc && ferror(fp)) rc = dw_fail(err, DW_EIO, "%s: read error", path);
    free(line);
    return rc;
}

/* ADM1 rows by "cc.code", sorted, for the parent of every other row. */
typedef struct adm1_key {
    char key[32];
    uint32_t name;
} adm1_key;

static int cmp_adm1(const void *a, const void *b) {
    return strcmp(((const adm1_key *)a)->key, ((const adm1_key *)b)->key);
}

static void make_key(char out[32], const char *cc, const char *code) {
    snprintf(out, 32, "%s.%s", cc, code);
}

static adm1_key *adm1_index(const rows *r, size_t *n) {
    *n = 0;
    for (size_t i = 0; i < r->n; i++) *n += strcmp(r->v[i].fcode, "ADM1") == 0;
    adm1_key *k = malloc((*n ? *n : 1) * sizeof *k);
    if (!k) return NULL;
    size_t j = 0;
    for (size_t i = 0; i < r->n; i++) {
        const row *w = &r->v[i];
        if (strcmp(w->fcode, "ADM1") != 0) continue;
        make_key(k[j].key, w->cc, r->arena.data + w->adm1code);
        k[j++].name = w->name;
    }
    qsort(k, *n, sizeof *k, cmp_adm1);
    return k;
}

static const char *adm1_name(const rows *r, const adm1_key *idx, size_t n, const row *w) {
    const char *code = r->arena.data + w->adm1code;
    if (!*code || !n) return "";
    adm1_key probe;
    make_key(probe.key, w->cc, code);
    const adm1_key *hit = bsearch(&probe, idx, n, sizeof *idx, cmp_adm1);
    return hit ? r->arena.data + hit->name : "";
}

int dw_gazetteer_load_geonames(dw_gazetteer *g, const char *path, dw_error *err) {
    if (!g || !path) return dw_fail(err, DW_EINVAL, "gazetteer and path are required");
    FILE *fp = fopen(path, "rb");
    if (!fp) return dw_fail(err, DW_EIO, "%s: %s", path, strerror(errno));
    rows r = {0};
    int rc = read_rows(fp, path, &r, err);
    fclose(fp);
    if (rc) {
        rows_free(&r);
        return rc;
    }
    size_t nidx;
    adm1_key *idx = adm1_index(&r, &nidx);
    if (!idx) {
        rows_free(&r);
        return dw_fail(err, DW_ENOMEM, "%s: out of memory", path);
    }
    for (size_t i = 0; i < r.n && !rc; i++) {
        const row *w = &r.v[i];
        xplace p = {0};
        if (strncmp(w->fcode, "PCL", 3) == 0) p.type = XT_COUNTRY;
        else if (strcmp(w->fcode, "ADM1") == 0) p.type = XT_ADM1;
        else if (w->fclass == 'P') p.type = XT_CITY;
        else p.type = XT_POINT;
        const char *iso3 = xgaz_iso3(g, w->cc);
        if (iso3) memcpy(p.country, iso3, 4);
        if (p.type == XT_COUNTRY && w->cc[0]) memcpy(p.iso2, w->cc, 3);
        if (w->fclass == 'H') p.flags |= XPF_WATER;
        p.lat = w->lat;
        p.lon = w->lon;
        p.population = w->population;
        const char *adm1 =
            p.type != XT_COUNTRY && p.type != XT_ADM1 ? adm1_name(&r, idx, nidx, w) : "";
        int32_t k = xgaz_add(g, &p, r.arena.data + w->name, adm1, r.arena.data + w->variants);
        if (k < 0) rc = dw_fail(err, k, "%s: cannot add place %zu", path, i + 1);
    }
    free(idx);
    rows_free(&r);
    return rc;
}
