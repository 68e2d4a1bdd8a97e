/*
 * event.c — the event record: actor codes, lists of events, and the JSON and
 * TSV forms of docs/event-schema.md.
 *
 * The JSON writer is hand-rolled for speed (it runs once per coded event);
 * the reader uses jansson.  Field order in the JSON follows the schema.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dyadwatch/event.h"

/* CAMEO role codes: a three-letter part of an actor code that is one of these
 * is a role; the first part otherwise is a country and later parts a group. */
static const char *const ROLE_CODES[] = {
    "GOV", "MIL", "COP", "SPY", "LEG", "JUD", "INS", "REB", "OPP", "REF", "CVL",
    "MED", "BUS", "ELI", "CRM", "UAF", "SEP", "REL", "EDU", "HLH", "LAB", "AGR",
    "MOD", "RAD", "ENV", "DEV", "HRI", "AMN", "IRC", "IGO", "NGO", "PTY", "SET",
    "JEW", "MUS", "CHR", "BUD", "HIN", "SHI", "SUN", "ATH", NULL};

static int is_role(const char *p) {
    for (int i = 0; ROLE_CODES[i]; i++)
        if (memcmp(p, ROLE_CODES[i], 3) == 0) return 1;
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
    for (size_t i = 0; i < n; i += 3) {
        const char *p = code + i;
        if (i == 0 && !is_role(p)) {
            memcpy(out->country, p, 3);
            out->country[3] = '\0';
        } else if (is_role(p) && !out->group[0] && nroles < DW_MAX_ROLES) {
            memcpy(out->roles[nroles++], p, 3);
        } else if (strlen(out->group) + 3 < sizeof out->group) {
            strncat(out->group, p, 3);
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

void dw_event_free(dw_event *e) {
    free(e->doc);
    free(e->text);
    actor_free(&e->source);
    actor_free(&e->target);
    free(e->location.name);
    free(e->location.adm1);
    free(e->attribution_text);
    memset(e, 0, sizeof *e);
}

void dw_events_clear(dw_events *es) {
    for (size_t i = 0; i < es->n; i++) dw_event_free(&es->v[i]);
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

/* ---- JSON ---------------------------------------------------------------- */

static void add_str_or_null(dw_buf *b, const char *s) {
    if (s && *s) dw_buf_add_json_str(b, s, strlen(s));
    else dw_buf_adds(b, "null");
}

/* Integers are formatted by hand: printf is the writer's main cost when
 * coding hundreds of thousands of sentences a second. */
static void add_int(dw_buf *b, long long v) {
    char tmp[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do tmp[n++] = (char)('0' + u % 10);
    while ((u /= 10) && n < 22);
    if (v < 0) tmp[n++] = '-';
    if (dw_buf_reserve(b, (size_t)n)) return;
    while (n) b->data[b->len++] = tmp[--n];
    b->data[b->len] = '\0';
}

/* A number with up to two decimals (scores, confidences): "-9.5", "0.82". */
static void add_fixed2(dw_buf *b, double v) {
    long long hundredths = llround(v * 100.0);
    if (hundredths < 0) {
        dw_buf_addc(b, '-');
        hundredths = -hundredths;
    }
    add_int(b, hundredths / 100);
    if (hundredths % 100) {
        char frac[4] = {'.', (char)('0' + hundredths % 100 / 10), (char)('0' + hundredths % 10), 0};
        dw_buf_add(b, frac, hundredths % 10 ? 3 : 2);
    }
}

/* Numbers print without a trailing ".0" noise when integral. */
static void add_num(dw_buf *b, double v) {
    if (!isfinite(v)) dw_buf_adds(b, "null");
    else if (v == floor(v) && fabs(v) < 1e15) add_int(b, (long long)v);
    else dw_buf_printf(b, "%.6g", v);
}

static void add_actor(dw_buf *b, const dw_actor *a) {
    if (!a->code[0]) {
        dw_buf_adds(b, "null");
        return;
    }
    dw_buf_adds(b, "{\"code\":");
    add_str_or_null(b, a->code);
    dw_buf_adds(b, ",\"country\":");
    add_str_or_null(b, a->country);
    dw_buf_adds(b, ",\"roles\":[");
    for (int i = 0; i < DW_MAX_ROLES && a->roles[i][0]; i++) {
        if (i) dw_buf_addc(b, ',');
        add_str_or_null(b, a->roles[i]);
    }
    dw_buf_adds(b, "],\"group\":");
    add_str_or_null(b, a->group);
    dw_buf_adds(b, ",\"name\":");
    add_str_or_null(b, a->name);
    dw_buf_adds(b, ",\"text\":");
    add_str_or_null(b, a->text);
    dw_buf_addc(b, '}');
}

static void add_context_list(dw_buf *b, const char *csv) {
    dw_buf_addc(b, '[');
    const char *p = csv;
    int first = 1;
    while (p && *p) {
        const char *q = strchr(p, ',');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n) {
            if (!first) dw_buf_addc(b, ',');
            dw_buf_add_json_str(b, p, n);
            first = 0;
        }
        p = q ? q + 1 : NULL;
    }
    dw_buf_addc(b, ']');
}

int dw_event_to_json(const dw_event *e, dw_buf *b) {
    size_t start = b->len;
    dw_buf_adds(b, "{\"id\":");
    add_str_or_null(b, e->id);
    dw_buf_adds(b, ",\"doc\":");
    add_str_or_null(b, e->doc);
    dw_buf_adds(b, ",\"sentence\":");
    add_int(b, e->sentence);
    dw_buf_adds(b, ",\"span\":[");
    add_int(b, e->span_start);
    dw_buf_addc(b, ',');
    add_int(b, e->span_end);
    dw_buf_adds(b, "],\"text\":");
    add_str_or_null(b, e->text);
    dw_buf_adds(b, ",\"date\":");
    add_str_or_null(b, e->date);
    dw_buf_adds(b, ",\"date_end\":");
    add_str_or_null(b, e->date_end[0] ? e->date_end : e->date);
    dw_buf_adds(b, ",\"date_precision\":");
    add_str_or_null(b, e->date_precision);
    dw_buf_adds(b, ",\"source\":");
    add_actor(b, &e->source);
    dw_buf_adds(b, ",\"target\":");
    add_actor(b, &e->target);
    dw_buf_adds(b, ",\"cameo\":");
    add_str_or_null(b, e->cameo);
    dw_buf_adds(b, ",\"root\":");
    add_str_or_null(b, e->root);
    dw_buf_adds(b, ",\"quad_class\":");
    add_int(b, e->quad_class);
    dw_buf_adds(b, ",\"goldstein\":");
    add_fixed2(b, e->goldstein);
    dw_buf_adds(b, ",\"plover\":{\"type\":");
    dw_buf_add_json_str(b, e->plover_type, strlen(e->plover_type));
    dw_buf_adds(b, ",\"mode\":");
    dw_buf_add_json_str(b, e->plover_mode, strlen(e->plover_mode));
    dw_buf_adds(b, ",\"context\":");
    add_context_list(b, e->plover_context);
    dw_buf_adds(b, "},\"track\":");
    add_str_or_null(b, e->track);
    dw_buf_adds(b, ",\"location\":");
    if (e->has_location) {
        const dw_location *l = &e->location;
        dw_buf_adds(b, "{\"name\":");
        add_str_or_null(b, l->name);
        dw_buf_adds(b, ",\"country\":");
        add_str_or_null(b, l->country);
        dw_buf_adds(b, ",\"adm1\":");
        add_str_or_null(b, l->adm1);
        dw_buf_adds(b, ",\"lat\":");
        add_num(b, l->lat);
        dw_buf_adds(b, ",\"lon\":");
        add_num(b, l->lon);
        dw_buf_adds(b, ",\"precision\":");
        add_str_or_null(b, l->precision);
        dw_buf_addc(b, '}');
    } else {
        dw_buf_adds(b, "null");
    }
    dw_buf_adds(b, ",\"quantities\":{");
    for (int i = 0; i < e->n_quantities; i++) {
        const dw_quantity *q = &e->quantities[i];
        if (i) dw_buf_addc(b, ',');
        add_str_or_null(b, q->key);
        dw_buf_adds(b, ":{\"value\":");
        add_num(b, q->value);
        if (q->has_low) {
            dw_buf_adds(b, ",\"low\":");
            add_num(b, q->low);
        }
        if (q->has_high) {
            dw_buf_adds(b, ",\"high\":");
            add_num(b, q->high);
        }
        dw_buf_adds(b, ",\"qualifier\":");
        add_str_or_null(b, q->qualifier[0] ? q->qualifier : "exact");
        dw_buf_addc(b, '}');
    }
    dw_buf_adds(b, "},\"attribution\":");
    if (e->has_attribution) {
        dw_buf_adds(b, "{\"by\":");
        add_str_or_null(b, e->attribution_by);
        dw_buf_adds(b, ",\"text\":");
        add_str_or_null(b, e->attribution_text);
        dw_buf_adds(b, ",\"kind\":");
        add_str_or_null(b, e->attribution_kind);
        dw_buf_addc(b, '}');
    } else {
        dw_buf_adds(b, "null");
    }
    dw_buf_adds(b, ",\"modality\":");
    add_str_or_null(b, dw_modality_name(e->modality));
    dw_buf_adds(b, ",\"confidence\":");
    add_fixed2(b, e->confidence);
    dw_buf_addc(b, '}');
    /* Every add above reserves first; a failed reserve leaves len unchanged,
     * so a short record means memory ran out. */
    return b->data && b->len > start && b->data[b->len - 1] == '}' ? DW_OK : DW_ENOMEM;
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
