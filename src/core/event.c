/*
 * event.c — the event record: actor codes, lists of events, and the JSON and
 * TSV forms of docs/event-schema.md.
 *
 * The JSON writer is hand-rolled for speed (it runs once per coded event);
 * the reader uses jansson.  Field order in the JSON follows the schema.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/json_run.h"
#include "dyadwatch/event.h"

/* CAMEO role codes: a three-letter part of an actor code that is one of these
 * is a role; the first part otherwise is a country and later parts a group.
 * Sorted, for the binary search of is_role. */
static const char ROLE_CODES[][4] = {
    "AGR", "AMN", "ATH", "BUD", "BUS", "CHR", "COP", "CRM", "CVL", "DEV", "EDU",
    "ELI", "ENV", "GOV", "HIN", "HLH", "HRI", "IGO", "INS", "IRC", "JEW", "JUD",
    "LAB", "LEG", "MED", "MIL", "MOD", "MUS", "NGO", "OPP", "PTY", "RAD", "REB",
    "REF", "REL", "SEP", "SET", "SHI", "SPY", "SUN", "UAF"};

/* The three letters at p as one number, ordered as the strings are. */
static uint32_t part_key(const char *p) {
    return (uint32_t)(unsigned char)p[0] << 16 | (uint32_t)(unsigned char)p[1] << 8 |
           (unsigned char)p[2];
}

/* Is the three-letter part at p a role?  (This runs for every actor of
 * every coded event.) */
static int is_role(const char *p) {
    uint32_t key = part_key(p);
    size_t lo = 0, hi = sizeof ROLE_CODES / sizeof *ROLE_CODES;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint32_t k = part_key(ROLE_CODES[mid]);
        if (k == key) return 1;
        if (key < k) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

int dw_actor_parse_code(const char *code, dw_actor *out, dw_error *err) {
    size_t n = strlen(code);
    if (n == 0 || n % 3 != 0 || n >= sizeof out->code)
        return dw_fail(err, DW_EPARSE,
                       "bad actor code '%s': expected three-letter parts (e.g. IRNGOV)", code);
    for (size_t i = 0; i < n; i++)
        if (!((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9')))
            return dw_fail(err, DW_EPARSE,
                           "bad actor code '%s': expected upper-case letters", code);
    memcpy(out->code, code, n + 1);
    out->country[0] = out->group[0] = '\0';
    memset(out->roles, 0, sizeof out->roles);
    int nroles = 0;
    size_t ngroup = 0; /* strlen(out->group) */
    for (size_t i = 0; i < n; i += 3) {
        const char *p = code + i;
        int role = is_role(p);
        if (i == 0 && !role) {
            memcpy(out->country, p, 3);
            out->country[3] = '\0';
        } else if (role && !ngroup && nroles < DW_MAX_ROLES) {
            memcpy(out->roles[nroles++], p, 3);
        } else if (ngroup + 3 < sizeof out->group) {
            memcpy(out->group + ngroup, p, 3);
            ngroup += 3;
            out->group[ngroup] = '\0';
        } else {
            return dw_fail(err, DW_EPARSE, "bad actor code '%s': too many parts", code);
        }
    }
    return DW_OK;
}

int dw_actor_matches(const dw_actor *a, const char *key) {
    if (!key || !*key) return 1;
    if (strcmp(a->code, key) == 0 || strcmp(a->country, key) == 0 ||
        strcmp(a->group, key) == 0)
        return 1;
    for (int i = 0; i < DW_MAX_ROLES && a->roles[i][0]; i++)
        if (strcmp(a->roles[i], key) == 0) return 1;
    return 0;
}

const char *dw_modality_name(dw_modality m) {
    switch (m) {
    case DW_NEGATED: return "negated";
    case DW_HYPOTHETICAL: return "hypothetical";
    case DW_CLAIMED: return "claimed";
    default: return "asserted";
    }
}

static void actor_free(dw_actor *a) {
    free(a->name);
    free(a->text);
    a->name = a->text = NULL;
}

static void free_strings(dw_event *e) {
    free(e->doc);
    free(e->text);
    actor_free(&e->source);
    actor_free(&e->target);
    free(e->location.name);
    free(e->location.adm1);
    free(e->attribution_text);
}

void dw_event_free(dw_event *e) {
    free_strings(e);
    memset(e, 0, sizeof *e);
}

void dw_events_clear(dw_events *es) {
    /* no memset: dw_events_push clears a slot before it is used again */
    for (size_t i = 0; i < es->n; i++) free_strings(&es->v[i]);
    es->n = 0;
}

void dw_events_free(dw_events *es) {
    dw_events_clear(es);
    free(es->v);
    es->v = NULL;
    es->cap = 0;
}

dw_event *dw_events_push(dw_events *es) {
    if (es->n == es->cap) {
        size_t cap = es->cap ? es->cap * 2 : 16;
        dw_event *v = realloc(es->v, cap * sizeof *v);
        if (!v) return NULL;
        es->v = v;
        es->cap = cap;
    }
    dw_event *e = &es->v[es->n++];
    memset(e, 0, sizeof *e);
    return e;
}

/* ---- JSON ----------------------------------------------------------------
 *
 * The writer runs once per coded event, hundreds of thousands of times a
 * second, so it reserves room for the whole record first (json_bound) and
 * then writes through a bare pointer: no call checks or grows the buffer
 * per field.  Strings are escaped as dw_buf_add_json_str escapes them. */

typedef struct jw {
    char *p; /* next byte to write; the room was reserved */
} jw;

static void jw_add(jw *w, const char *s, size_t n) {
    memcpy(w->p, s, n);
    w->p += n;
}
#define JW_LIT(w, lit) jw_add((w), (lit), sizeof(lit) - 1)

/* At most 6 * n + 2 bytes. */
static void jw_str(jw *w, const char *s, size_t n) { w->p = dw_json_quote(w->p, s, n); }

static void jw_str_or_null(jw *w, const char *s) {
    if (s && *s) w->p = dw_json_quote_cstr(w->p, s);
    else JW_LIT(w, "null");
}

/* Integers are formatted by hand: printf is the writer's main cost when
 * coding hundreds of thousands of sentences a second.  At most 23 bytes. */
static void jw_int(jw *w, long long v) {
    char tmp[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do tmp[n++] = (char)('0' + u % 10);
    while ((u /= 10) && n < 22);
    if (v < 0) tmp[n++] = '-';
    while (n) *w->p++ = tmp[--n];
}

/* A number with up to two decimals (scores, confidences): "-9.5", "0.82". */
static void jw_fixed2(jw *w, double v) {
    long long hundredths = llround(v * 100.0);
    if (hundredths < 0) {
        *w->p++ = '-';
        hundredths = -hundredths;
    }
    jw_int(w, hundredths / 100);
    if (hundredths % 100) {
        char frac[3] = {'.', (char)('0' + hundredths % 100 / 10), (char)('0' + hundredths % 10)};
        jw_add(w, frac, hundredths % 10 ? 3 : 2);
    }
}

/* "%.6g" of v without printf, for the common case of coordinates and
 * amounts: 1e-4 <= |v| < 1e6, six significant digits, trailing zeros
 * dropped.  Returns 0 (nothing written) when the digits might round
 * otherwise than printf rounds the exact binary value (the scaled value
 * within 1e-6 of a half), or when rounding carries to a seventh digit;
 * the caller then uses snprintf. */
static int jw_g6_fast(jw *w, double v) {
    double a = fabs(v);
    if (!(a >= 1e-4 && a < 1e6)) return 0;
    static const double POW10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    int x = 5; /* the decimal exponent of a: 10^x <= a < 10^(x+1) */
    while (x > -4 && a < POW10[x + 4] / 1e4) x--;
    int decimals = 5 - x; /* 0 .. 9 */
    double scaled = a * POW10[decimals];
    double fl = floor(scaled), frac = scaled - fl;
    if (fabs(frac - 0.5) < 1e-6) return 0;
    long long digits = (long long)fl + (frac > 0.5);
    if (digits >= 1000000) return 0; /* 999999.7 → 1e+06: printf's business */
    long long ip = digits, fp = 0;
    long long scale = 1;
    for (int k = 0; k < decimals; k++) scale *= 10;
    ip = digits / scale;
    fp = digits % scale;
    int nd = decimals;
    while (nd > 0 && fp % 10 == 0) fp /= 10, nd--; /* %g drops trailing zeros */
    if (v < 0) *w->p++ = '-';
    jw_int(w, ip);
    if (nd > 0) {
        *w->p++ = '.';
        for (int k = nd - 1; k >= 0; k--) {
            w->p[k] = (char)('0' + fp % 10);
            fp /= 10;
        }
        w->p += nd;
    }
    return 1;
}

/* Numbers print without a trailing ".0" noise when integral.  At most 24
 * bytes ("%.6g" needs at most 13). */
static void jw_num(jw *w, double v) {
    if (!isfinite(v)) {
        JW_LIT(w, "null");
    } else if (v == floor(v) && fabs(v) < 1e15) {
        jw_int(w, (long long)v);
    } else if (!jw_g6_fast(w, v)) {
        char tmp[32];
        int n = snprintf(tmp, sizeof tmp, "%.6g", v);
        if (n > 0) jw_add(w, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
    }
}

static void jw_actor(jw *w, const dw_actor *a) {
    if (!a->code[0]) {
        JW_LIT(w, "null");
        return;
    }
    JW_LIT(w, "{\"code\":");
    jw_str_or_null(w, a->code);
    JW_LIT(w, ",\"country\":");
    jw_str_or_null(w, a->country);
    JW_LIT(w, ",\"roles\":[");
    for (int i = 0; i < DW_MAX_ROLES && a->roles[i][0]; i++) {
        if (i) *w->p++ = ',';
        jw_str_or_null(w, a->roles[i]);
    }
    JW_LIT(w, "],\"group\":");
    jw_str_or_null(w, a->group);
    JW_LIT(w, ",\"name\":");
    jw_str_or_null(w, a->name);
    JW_LIT(w, ",\"text\":");
    jw_str_or_null(w, a->text);
    *w->p++ = '}';
}

/* At most 9 * strlen(csv) + 2 bytes. */
static void jw_context_list(jw *w, const char *csv) {
    *w->p++ = '[';
    const char *p = csv;
    int first = 1;
    while (p && *p) {
        const char *q = strchr(p, ',');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n) {
            if (!first) *w->p++ = ',';
            jw_str(w, p, n);
            first = 0;
        }
        p = q ? q + 1 : NULL;
    }
    *w->p++ = ']';
}

/* Bytes a string field may take: escaped (6 per byte), quoted, or null. */
static size_t str_bound(const char *s) { return s ? 6 * strlen(s) + 4 : 4; }
#define ARRAY_BOUND(field) (6 * sizeof(field) + 4)

/* An upper bound on the bytes of e's JSON record: its strings at their
 * worst, plus room for the keys and punctuation (under 700 bytes) and the
 * numbers (at most 24 bytes each). */
static size_t json_bound(const dw_event *e) {
    size_t n = 2048;
    n += ARRAY_BOUND(e->id) + str_bound(e->doc) + str_bound(e->text);
    n += 2 * ARRAY_BOUND(e->date) + ARRAY_BOUND(e->date_end) + ARRAY_BOUND(e->date_precision);
    const dw_actor *actors[2] = {&e->source, &e->target};
    for (int i = 0; i < 2; i++)
        n += ARRAY_BOUND(actors[i]->code) + ARRAY_BOUND(actors[i]->country) +
             ARRAY_BOUND(actors[i]->roles) * 2 + ARRAY_BOUND(actors[i]->group) +
             str_bound(actors[i]->name) + str_bound(actors[i]->text);
    n += ARRAY_BOUND(e->cameo) + ARRAY_BOUND(e->root) + ARRAY_BOUND(e->plover_type) +
         ARRAY_BOUND(e->plover_mode) + 9 * sizeof e->plover_context + ARRAY_BOUND(e->track);
    if (e->has_location)
        n += str_bound(e->location.name) + ARRAY_BOUND(e->location.country) +
             str_bound(e->location.adm1) + ARRAY_BOUND(e->location.precision);
    n += (size_t)e->n_quantities * (512 + ARRAY_BOUND(e->quantities[0].key) +
                                   ARRAY_BOUND(e->quantities[0].qualifier));
    if (e->has_attribution)
        n += ARRAY_BOUND(e->attribution_by) + str_bound(e->attribution_text) +
             ARRAY_BOUND(e->attribution_kind);
    return n;
}

int dw_event_to_json(const dw_event *e, dw_buf *b) {
    if (dw_buf_reserve(b, json_bound(e))) return DW_ENOMEM;
    jw w = {b->data + b->len};
    JW_LIT(&w, "{\"id\":");
    jw_str_or_null(&w, e->id);
    JW_LIT(&w, ",\"doc\":");
    jw_str_or_null(&w, e->doc);
    JW_LIT(&w, ",\"sentence\":");
    jw_int(&w, e->sentence);
    JW_LIT(&w, ",\"span\":[");
    jw_int(&w, e->span_start);
    *w.p++ = ',';
    jw_int(&w, e->span_end);
    JW_LIT(&w, "],\"text\":");
    jw_str_or_null(&w, e->text);
    JW_LIT(&w, ",\"date\":");
    jw_str_or_null(&w, e->date);
    JW_LIT(&w, ",\"date_end\":");
    jw_str_or_null(&w, e->date_end[0] ? e->date_end : e->date);
    JW_LIT(&w, ",\"date_precision\":");
    jw_str_or_null(&w, e->date_precision);
    JW_LIT(&w, ",\"source\":");
    jw_actor(&w, &e->source);
    JW_LIT(&w, ",\"target\":");
    jw_actor(&w, &e->target);
    JW_LIT(&w, ",\"cameo\":");
    jw_str_or_null(&w, e->cameo);
    JW_LIT(&w, ",\"root\":");
    jw_str_or_null(&w, e->root);
    JW_LIT(&w, ",\"quad_class\":");
    jw_int(&w, e->quad_class);
    JW_LIT(&w, ",\"goldstein\":");
    jw_fixed2(&w, e->goldstein);
    JW_LIT(&w, ",\"plover\":{\"type\":");
    jw_str(&w, e->plover_type, strlen(e->plover_type));
    JW_LIT(&w, ",\"mode\":");
    jw_str(&w, e->plover_mode, strlen(e->plover_mode));
    JW_LIT(&w, ",\"context\":");
    jw_context_list(&w, e->plover_context);
    JW_LIT(&w, "},\"track\":");
    jw_str_or_null(&w, e->track);
    JW_LIT(&w, ",\"location\":");
    if (e->has_location) {
        const dw_location *l = &e->location;
        JW_LIT(&w, "{\"name\":");
        jw_str_or_null(&w, l->name);
        JW_LIT(&w, ",\"country\":");
        jw_str_or_null(&w, l->country);
        JW_LIT(&w, ",\"adm1\":");
        jw_str_or_null(&w, l->adm1);
        JW_LIT(&w, ",\"lat\":");
        jw_num(&w, l->lat);
        JW_LIT(&w, ",\"lon\":");
        jw_num(&w, l->lon);
        JW_LIT(&w, ",\"precision\":");
        jw_str_or_null(&w, l->precision);
        *w.p++ = '}';
    } else {
        JW_LIT(&w, "null");
    }
    JW_LIT(&w, ",\"quantities\":{");
    for (int i = 0; i < e->n_quantities; i++) {
        const dw_quantity *q = &e->quantities[i];
        if (i) *w.p++ = ',';
        jw_str_or_null(&w, q->key);
        JW_LIT(&w, ":{\"value\":");
        jw_num(&w, q->value);
        if (q->has_low) {
            JW_LIT(&w, ",\"low\":");
            jw_num(&w, q->low);
        }
        if (q->has_high) {
            JW_LIT(&w, ",\"high\":");
            jw_num(&w, q->high);
        }
        JW_LIT(&w, ",\"qualifier\":");
        jw_str_or_null(&w, q->qualifier[0] ? q->qualifier : "exact");
        *w.p++ = '}';
    }
    JW_LIT(&w, "},\"attribution\":");
    if (e->has_attribution) {
        JW_LIT(&w, "{\"by\":");
        jw_str_or_null(&w, e->attribution_by);
        JW_LIT(&w, ",\"text\":");
        jw_str_or_null(&w, e->attribution_text);
        JW_LIT(&w, ",\"kind\":");
        jw_str_or_null(&w, e->attribution_kind);
        *w.p++ = '}';
    } else {
        JW_LIT(&w, "null");
    }
    JW_LIT(&w, ",\"modality\":");
    jw_str_or_null(&w, dw_modality_name(e->modality));
    JW_LIT(&w, ",\"confidence\":");
    jw_fixed2(&w, e->confidence);
    *w.p++ = '}';
    b->len = (size_t)(w.p - b->data);
    b->data[b->len] = '\0';
    return DW_OK;
}

/* ---- TSV ------------------------------------------------------------------ */

static void add_tsv_field(dw_buf *b, const char *s) {
    for (const char *p = s ? s : ""; *p; p++)
        dw_buf_addc(b, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
}

int dw_event_tsv_header(dw_buf *b) {
    return dw_buf_adds(b, "id\tdoc\tsentence\tdate\tdate_precision\tsource\ttarget\t"
                          "cameo\tquad_class\tgoldstein\tplover_type\ttrack\tmodality\t"
                          "confidence\ttext\n");
}

int dw_event_to_tsv(const dw_event *e, dw_buf *b) {
    const char *fields1[] = {e->id, e->doc};
    for (int i = 0; i < 2; i++) {
        add_tsv_field(b, fields1[i]);
        dw_buf_addc(b, '\t');
    }
    dw_buf_printf(b, "%d\t", e->sentence);
    const char *fields2[] = {e->date, e->date_precision, e->source.code, e->target.code,
                             e->cameo};
    for (int i = 0; i < 5; i++) {
        add_tsv_field(b, fields2[i]);
        dw_buf_addc(b, '\t');
    }
    dw_buf_printf(b, "%d\t%.1f\t", e->quad_class, e->goldstein);
    add_tsv_field(b, e->plover_type);
    dw_buf_addc(b, '\t');
    add_tsv_field(b, e->track);
    dw_buf_addc(b, '\t');
    add_tsv_field(b, dw_modality_name(e->modality));
    dw_buf_printf(b, "\t%.2f\t", e->confidence);
    add_tsv_field(b, e->text);
    return dw_buf_addc(b, '\n');
}

/* ---- JSON reader ---------------------------------------------------------- */

static void copy_str(char *dst, size_t cap, json_t *v) {
    const char *s = json_string_value(v);
    dst[0] = '\0';
    if (s) {
        strncpy(dst, s, cap - 1);
        dst[cap - 1] = '\0';
    }
}

static int read_actor(json_t *o, dw_actor *a, dw_error *err) {
    if (!json_is_object(o)) return DW_OK;
    const char *code = json_string_value(json_object_get(o, "code"));
    if (!code) return DW_OK;
    if (dw_actor_parse_code(code, a, err)) return DW_EPARSE;
    a->name = dw_strdup(json_string_value(json_object_get(o, "name")));
    a->text = dw_strdup(json_string_value(json_object_get(o, "text")));
    return DW_OK;
}

int dw_event_from_json(const char *json, size_t n, dw_event *e, dw_error *err) {
    json_error_t jerr;
    json_t *o = json_loadb(json, n, 0, &jerr);
    memset(e, 0, sizeof *e);
    if (!o || !json_is_object(o)) {
        json_decref(o);
        return dw_fail(err, DW_EPARSE, "event record: invalid JSON at column %d: %s",
                       jerr.column, jerr.text);
    }
    copy_str(e->id, sizeof e->id, json_object_get(o, "id"));
    e->doc = dw_strdup(json_string_value(json_object_get(o, "doc")));
    e->sentence = (int)json_integer_value(json_object_get(o, "sentence"));
    json_t *span = json_object_get(o, "span");
    e->span_start = (uint32_t)json_integer_value(json_array_get(span, 0));
    e->span_end = (uint32_t)json_integer_value(json_array_get(span, 1));
    e->text = dw_strdup(json_string_value(json_object_get(o, "text")));
    copy_str(e->date, sizeof e->date, json_object_get(o, "date"));
    copy_str(e->date_end, sizeof e->date_end, json_object_get(o, "date_end"));
    copy_str(e->date_precision, sizeof e->date_precision, json_object_get(o, "date_precision"));
    int rc = read_actor(json_object_get(o, "source"), &e->source, err);
    if (!rc) rc = read_actor(json_object_get(o, "target"), &e->target, err);
    copy_str(e->cameo, sizeof e->cameo, json_object_get(o, "cameo"));
    copy_str(e->root, sizeof e->root, json_object_get(o, "root"));
    e->quad_class = (int)json_integer_value(json_object_get(o, "quad_class"));
    e->goldstein = json_number_value(json_object_get(o, "goldstein"));
    json_t *pl = json_object_get(o, "plover");
    copy_str(e->plover_type, sizeof e->plover_type, json_object_get(pl, "type"));
    copy_str(e->plover_mode, sizeof e->plover_mode, json_object_get(pl, "mode"));
    copy_str(e->track, sizeof e->track, json_object_get(o, "track"));
    const char *mod = json_string_value(json_object_get(o, "modality"));
    e->modality = !mod ? DW_ASSERTED
                  : strcmp(mod, "negated") == 0 ? DW_NEGATED
                  : strcmp(mod, "hypothetical") == 0 ? DW_HYPOTHETICAL
                  : strcmp(mod, "claimed") == 0 ? DW_CLAIMED
                                                : DW_ASSERTED;
    e->confidence = json_number_value(json_object_get(o, "confidence"));
    json_decref(o);
    if (rc) dw_event_free(e);
    return rc;
}
