/*
 * dict_tabari.c — TABARI dictionaries (.actors, .verbs, .agents, .options)
 * compiled into the shared dictionary (style DW_STYLE_TABARI).
 *
 * Formats, as TABARI 0.8 writes them (';' starts a comment, a line that
 * begins with '#' is a comment, "~~" ends the file):
 *   .actors   PHRASE [CODE] [CODE <YYMMDD] [CODE YYMMDD-YYMMDD] [CODE >YYMMDD]
 *             "+SYNONYM" lines and indented code blocks continue an entry;
 *             <NOUN>...</NOUN> and <ADJECTIVE>...</ADJECTIVE> list words
 *             that are never verbs / are skipped in compounds.  Codes
 *             [---] (not an actor), [###] (discard), [+++] (complex).
 *   .agents   PHRASE [~CODE] (a suffix: Iran + [~GOV] = IRNGOV) or [CODE~]
 *   .verbs    <SYNSETS> &NAME +MEMBER ... </SYNSETS>, <TIME> PHRASE [+N] ...
 *             </TIME>, then roots "PHRASE [CODE]", forms "{ FORM FORM }" and
 *             patterns "- WORDS * WORDS [CODE]" (alternatives { A | B }).
 *             Codes: [064], [032:033] (paired), [---], [###], [+++],
 *             [023?] (weak), [031!] (overriding).
 *   .options  one command a line (peer_options.c); "//" comments.
 * A malformed line is an error naming file, line and reason; duplicate and
 * conflicting phrases are reported as warnings.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code/dict_peer.h"
#include "code/peer.h"

/* The next line with comments removed and trailing blanks trimmed (may be
 * empty); 0 at the end ("~~" or end of data), -1 when too long. */
static int next_line(dw_peer_reader *r, int options) {
    size_t n;
    int rc = dw_peer_read_line(r, r->line, sizeof r->line, &n);
    if (rc <= 0) return rc;
    if (strncmp(r->line, "~~", 2) == 0) {
        r->p = r->end;
        return 0;
    }
    char *c = options ? strstr(r->line, "//") : strchr(r->line, ';');
    if (c) *c = '\0';
    if (r->line[0] == '#') r->line[0] = '\0';
    n = strlen(r->line);
    while (n && isspace((unsigned char)r->line[n - 1])) r->line[--n] = '\0';
    return 1;
}

static int fail(dw_error *err, const dw_peer_reader *r, const char *fmt, const char *arg) {
    char why[512];
    snprintf(why, sizeof why, fmt, arg ? arg : "");
    return dw_fail(err, DW_EPARSE, "%s:%u: %s", r->name, r->lineno, why);
}

/* Inserts a compiled phrase with a hit; reports duplicates and conflicts. */
static int add_phrase(dw_dict *d, const dw_peer_reader *r, const char *text, dw_peer_ctx ctx,
                      uint8_t kind, uint32_t value, dw_tokens *tok, size_t *count, dw_error *err) {
    return dw_peer_add_phrase(d, DW_STYLE_TABARI, r, text, ctx, kind, value, tok, count, err);
}

/* ---- actors ----------------------------------------------------------------- */

static int load_actors(dw_dict *d, dw_peer_reader *r, dw_tokens *tok, dw_error *err) {
    dw_peer_entry e = {.actor = -1};
    int section = 0; /* 0 actors, 1 nouns, 2 adjectives */
    int rc;
    while ((rc = next_line(r, 0)) > 0) {
        char *s = dw_peer_trim(r->line);
        if (!*s) continue;
        if (*s == '<') {
            int known = 1;
            if (strcmp(s, "<NOUN>") == 0) section = 1;
            else if (strcmp(s, "<ADJECTIVE>") == 0) section = 2;
            else if (strcmp(s, "</NOUN>") == 0 || strcmp(s, "</ADJECTIVE>") == 0) section = 0;
            else known = 0;
            if (!known) return fail(err, r, "unknown section '%s': expected <NOUN> or <ADJECTIVE>", s);
            if (dw_peer_finish_actor(d, r, &e, err)) return err->code;
            continue;
        }
        if (section) {
            if (add_phrase(d, r, s, PC_ACTOR, section == 1 ? HIT_NOUN : HIT_ADJ, 0, tok, NULL, err))
                return err->code;
            continue;
        }
        if (*s == '+') { /* a synonym of the current entry */
            if (e.actor < 0) return fail(err, r, "synonym '%s' outside an actor entry", s);
            if (add_phrase(d, r, dw_peer_trim(s + 1), PC_ACTOR, HIT_ACTOR, (uint32_t)e.actor, tok,
                           &d->n_actor_phrases, err))
                return err->code;
            continue;
        }
        if (*s == '[') { /* code blocks continuing the entry */
            if (e.actor < 0) return fail(err, r, "code block '%s' outside an actor entry", s);
            if (dw_peer_add_codes(d, DW_STYLE_TABARI, r, &e, s, err)) return err->code;
            continue;
        }
        /* a new entry: PHRASE [codes...] */
        if (dw_peer_finish_actor(d, r, &e, err)) return err->code;
        char *br = strchr(s, '[');
        if (br) *br = '\0';
        char *phrase = dw_peer_trim(s);
        if (!*phrase) return fail(err, r, "code block without an actor phrase%s", NULL);
        if (dw_peer_start_actor(d, DW_STYLE_TABARI, r, &e, phrase, tok, err)) return err->code;
        if (br) {
            *br = '[';
            if (dw_peer_add_codes(d, DW_STYLE_TABARI, r, &e, br, err)) return err->code;
        }
    }
    if (rc < 0) return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", r->name, r->lineno);
    return dw_peer_finish_actor(d, r, &e, err);
}

/* ---- agents ----------------------------------------------------------------- */

/* "PHRASE [~GOV]" or "PHRASE [NGO~]". */
static int load_agents(dw_dict *d, dw_peer_reader *r, dw_tokens *tok, dw_error *err) {
    int rc;
    while ((rc = next_line(r, 0)) > 0) {
        char *s = dw_peer_trim(r->line);
        if (!*s) continue;
        char *br = strchr(s, '['), *close = br ? strchr(br, ']') : NULL;
        if (!br || !close || *dw_peer_trim(close + 1))
            return fail(err, r, "expected PHRASE [~CODE] or PHRASE [CODE~]%s", NULL);
        *br = *close = '\0';
        char *phrase = dw_peer_trim(s), *code = dw_peer_trim(br + 1);
        size_t n = strlen(code);
        int prefix = n > 1 && code[n - 1] == '~';
        if (!*phrase || n < 2 || (code[0] != '~' && !prefix) || (code[0] == '~' && prefix))
            return fail(err, r, "bad agent code '[%s]': expected [~CODE] (suffix) or [CODE~] (prefix)",
                        code);
        char *c = prefix ? code : code + 1;
        if (prefix) c[n - 1] = '\0';
        c = dw_peer_trim(c);
        if (!dw_peer_valid_code(c, strlen(c)) || strlen(c) >= sizeof d->agents[0].code)
            return fail(err, r, "bad agent code '%s'", c);
        long g = dw_peer_add_agent(d, phrase, c, prefix);
        if (g < 0) return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
        if (add_phrase(d, r, phrase, PC_ACTOR, HIT_AGENT, (uint32_t)g, tok, &d->n_agent_phrases, err))
            return err->code;
    }
    if (rc < 0) return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", r->name, r->lineno);
    return DW_OK;
}

/* ---- verbs ------------------------------------------------------------------ */

/* Splits "BODY [CODE]" at its last '['; code gets the inside. */
static int split_code(char *s, char **body, char **code) {
    char *br = strrchr(s, '['), *close = br ? strchr(br, ']') : NULL;
    if (!br || !close) return -1;
    *close = '\0';
    *br = '\0';
    *body = dw_peer_trim(s);
    *code = br + 1;
    return 0;
}

/* Synset member texts, kept while the file loads so members that name other
 * synsets ("+&TIETYPES_MEMOS") can be expanded. */
typedef struct member_text {
    uint32_t set;
    char *text;
} member_text;

typedef struct verb_state {
    long verb;            /* current root, -1 none */
    member_text *members;
    size_t n_members, cap_members;
} verb_state;

/* Replaces the first "&NAME" in text by each member of NAME (recursively),
 * calling emit for each expansion.  depth bounds runaway definitions. */
static int expand_sets(dw_dict *d, const verb_state *vs, const char *text, int depth,
                       int (*emit)(void *, const char *), void *ctx) {
    const char *amp = strchr(text, '&');
    if (!amp) return emit(ctx, text);
    if (depth > 4) return -2;
    const char *e = amp + 1;
    while (isalnum((unsigned char)*e)) e++;
    long set = dw_peer_find_set(d, amp + 1, (size_t)(e - amp - 1));
    if (set < 0) return -3;
    int any = 0;
    for (size_t i = 0; i < vs->n_members; i++) {
        if (vs->members[i].set != (uint32_t)set) continue;
        char buf[1024];
        int k = snprintf(buf, sizeof buf, "%.*s%s%s", (int)(amp - text), text, vs->members[i].text, e);
        if (k < 0 || (size_t)k >= sizeof buf) return -2;
        int rc = expand_sets(d, vs, buf, depth + 1, emit, ctx);
        if (rc) return rc;
        any = 1;
    }
    return any ? 0 : -3;
}

typedef struct member_ctx {
    dw_dict *d;
    uint32_t set;
    dw_tokens *tok;
    const char *why;
} member_ctx;

static int emit_member(void *p, const char *text) {
    member_ctx *m = p;
    uint32_t keys[DW_PEER_MAX_WORDS];
    int n = dw_peer_phrase(m->d, DW_STYLE_TABARI, PC_PATTERN, text, keys, DW_PEER_MAX_WORDS, m->tok,
                           &m->why);
    if (n < 0) return -1;
    return dw_dict_set_add_member(m->d, m->set, keys, (size_t)n) ? -4 : 0;
}

static int add_member(dw_dict *d, dw_peer_reader *r, verb_state *vs, uint32_t set, const char *text,
                      dw_tokens *tok, dw_error *err) {
    member_ctx m = {d, set, tok, NULL};
    int rc = expand_sets(d, vs, text, 0, emit_member, &m);
    if (rc == -1) return dw_fail(err, DW_EPARSE, "%s:%u: bad synset member '%s': %s", r->name, r->lineno, text, m.why);
    if (rc == -2) return fail(err, r, "synset member '%s' nests too deeply", text);
    if (rc == -3) return fail(err, r, "synset member '%s' names an unknown or empty synset", text);
    if (rc) return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
    if (vs->n_members == vs->cap_members) {
        size_t cap = vs->cap_members ? vs->cap_members * 2 : 32;
        member_text *v = realloc(vs->members, cap * sizeof *v);
        if (!v) return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
        vs->members = v;
        vs->cap_members = cap;
    }
    vs->members[vs->n_members].set = set;
    if (!(vs->members[vs->n_members].text = dw_strdup(text)))
        return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
    vs->n_members++;
    return DW_OK;
}

typedef struct pattern_ctx {
    dw_dict *d;
    const dw_peer_reader *r;
    uint32_t verb;
    dw_pattern proto; /* code and flags */
    dw_tokens *tok;
    dw_error *err;
} pattern_ctx;

/* Adds one pattern with its alternatives "{ A | B }" expanded. */
static int add_alternatives(pattern_ctx *pc, const char *text, int depth) {
    const char *open = strchr(text, '{');
    if (!open)
        return dw_peer_add_pattern(pc->d, DW_STYLE_TABARI, pc->r, text, pc->verb, &pc->proto,
                                   pc->tok, pc->err);
    const char *close = strchr(open, '}');
    if (!close || depth > 4)
        return dw_fail(pc->err, DW_EPARSE, "%s:%u: bad pattern '- %s': unclosed or nested '{'",
                       pc->r->name, pc->r->lineno, text);
    const char *alt = open + 1;
    for (;;) {
        const char *bar = memchr(alt, '|', (size_t)(close - alt));
        const char *end = bar ? bar : close;
        const char *a0 = alt, *a1 = end;
        while (a0 < a1 && isspace((unsigned char)*a0)) a0++;
        while (a1 > a0 && isspace((unsigned char)a1[-1])) a1--;
        if (a0 == a1)
            return dw_fail(pc->err, DW_EPARSE, "%s:%u: bad pattern '- %s': empty alternative",
                           pc->r->name, pc->r->lineno, text);
        char buf[1024];
        int k = snprintf(buf, sizeof buf, "%.*s%.*s%s", (int)(open - text), text, (int)(a1 - a0), a0,
                         close + 1);
        if (k < 0 || (size_t)k >= sizeof buf)
            return dw_fail(pc->err, DW_ELIMIT, "%s:%u: pattern too long", pc->r->name, pc->r->lineno);
        int rc = add_alternatives(pc, buf, depth + 1);
        if (rc) return rc;
        if (!bar) break;
        alt = bar + 1;
    }
    return DW_OK;
}

/* A line of <SYNSETS>: "&NAME" starts a synset (*set), "+MEMBER" adds to it. */
static int synset_line(dw_dict *d, dw_peer_reader *r, verb_state *vs, long *set, char *s,
                       dw_tokens *tok, dw_error *err) {
    if (*s == '&') {
        char *name = dw_peer_trim(s + 1);
        size_t n = dw_peer_set_name(name);
        if (!n) return fail(err, r, "bad synset name '%s'", s);
        if (dw_peer_find_set(d, name, n) >= 0) return fail(err, r, "synset '%s' defined twice", s);
        if ((*set = dw_dict_add_set(d, name)) < 0)
            return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
        return DW_OK;
    }
    if (*s == '+') {
        if (*set < 0) return fail(err, r, "synset member '%s' before any &NAME", s);
        return add_member(d, r, vs, (uint32_t)*set, dw_peer_trim(s + 1), tok, err);
    }
    return fail(err, r, "expected &NAME or +MEMBER in <SYNSETS>, not '%s'", s);
}

/* A line of <TIME>: "PHRASE [SHIFT]", a shift in days or [###], [+++] or
 * [---]; a time pattern "- ... [SHIFT]" is only checked. */
static int time_line(dw_dict *d, dw_peer_reader *r, char *s, dw_tokens *tok, dw_error *err) {
    char *body, *code;
    if (split_code(s, &body, &code))
        return fail(err, r, "expected PHRASE [SHIFT] in <TIME>, not '%s'", s);
    dw_time_entry te = {0, 0};
    char cb[32];
    size_t k = 0;
    for (const char *c = code; *c && k + 1 < sizeof cb; c++)
        if (!isspace((unsigned char)*c)) cb[k++] = *c;
    cb[k] = '\0';
    char *end = NULL;
    if (strcmp(cb, "###") == 0) te.flags = PF_DISCARD;
    else if (strcmp(cb, "+++") == 0) te.flags = PF_COMPLEX;
    else if (strcmp(cb, "---") == 0) te.flags = PF_NULL;
    else {
        long v = strtol(cb, &end, 10);
        if (!*cb || *end || v < -36500 || v > 36500)
            return fail(err, r, "bad time shift '[%s]': expected [+N], [-N], [###] or [+++]", code);
        te.shift = (int32_t)v;
    }
    if (*body == '-') { /* "- * AND TOMORROW [+3]": a time pattern; checked only */
        body = dw_peer_trim(body + 1);
        return strchr(body, '*') ? DW_OK : fail(err, r, "time pattern '%s' has no '*'", body);
    }
    if (d->n_times == d->cap_times) {
        size_t cap = d->cap_times ? d->cap_times * 2 : 16;
        dw_time_entry *v = realloc(d->times, cap * sizeof *v);
        if (!v) return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
        d->times = v;
        d->cap_times = cap;
    }
    d->times[d->n_times] = te;
    int rc = add_phrase(d, r, body, PC_ACTOR, HIT_TIME, (uint32_t)d->n_times, tok, NULL, err);
    d->n_times++;
    return rc;
}

/* "{ FORM FORM ... }": more forms of the current root. */
static int forms_line(dw_dict *d, dw_peer_reader *r, long verb, char *s, dw_tokens *tok,
                      dw_error *err) {
    char *close = strchr(s, '}');
    if (verb < 0) return fail(err, r, "verb forms '%s' before any verb", s);
    if (!close || *dw_peer_trim(close + 1))
        return fail(err, r, "expected { FORM FORM ... }, not '%s'", s);
    *close = '\0';
    char *save = NULL;
    int rc = DW_OK;
    for (char *f = strtok_r(s + 1, " \t", &save); f && !rc; f = strtok_r(NULL, " \t", &save))
        rc = add_phrase(d, r, f, PC_VERB, HIT_VERB, (uint32_t)verb, tok, &d->n_verb_forms, err);
    return rc;
}

/* "- PATTERN [CODE]": a pattern of the current root, alternatives expanded. */
static int pattern_line(dw_dict *d, dw_peer_reader *r, long verb, char *s, dw_tokens *tok,
                        dw_error *err) {
    char *body, *code;
    if (verb < 0) return fail(err, r, "pattern '%s' before any verb", s);
    if (split_code(s + 1, &body, &code))
        return fail(err, r, "expected - PATTERN [CODE], not '%s'", s);
    pattern_ctx pc;
    memset(&pc, 0, sizeof pc);
    pc.d = d, pc.r = r, pc.verb = (uint32_t)verb, pc.tok = tok, pc.err = err;
    if (dw_peer_parse_code(code, &pc.proto)) return fail(err, r, "bad event code '[%s]'", code);
    return add_alternatives(&pc, body, 0);
}

/* "PHRASE [CODE]": a root, the new current verb (*verb), with its own code. */
static int root_line(dw_dict *d, dw_peer_reader *r, long *verb, char *s, dw_tokens *tok,
                     dw_error *err) {
    char *body, *code;
    if (split_code(s, &body, &code) || !*body)
        return fail(err, r, "expected VERB [CODE], '- PATTERN [CODE]' or '{ FORMS }', not '%s'", s);
    dw_pattern p;
    memset(&p, 0, sizeof p);
    if (dw_peer_parse_code(code, &p)) return fail(err, r, "bad event code '[%s]'", code);
    *verb = dw_dict_add_verb(d, body);
    if (*verb < 0) return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
    int rc = add_phrase(d, r, body, PC_VERB, HIT_VERB, (uint32_t)*verb, tok, &d->n_verb_forms, err);
    if (!rc) rc = dw_peer_add_verb_code(d, r, p, (uint32_t)*verb, err);
    return rc;
}

static int load_verbs(dw_dict *d, dw_peer_reader *r, dw_tokens *tok, dw_error *err) {
    verb_state vs = {.verb = -1};
    int section = 0; /* 0 verbs, 1 synsets, 2 time */
    long set = -1;
    int rc, out = DW_OK;
    while (out == DW_OK && (rc = next_line(r, 0)) > 0) {
        char *s = dw_peer_trim(r->line);
        if (!*s) continue;
        if (*s == '<') {
            if (strcmp(s, "<SYNSETS>") == 0) section = 1;
            else if (strcmp(s, "<TIME>") == 0) section = 2;
            else if (strcmp(s, "</SYNSETS>") == 0 || strcmp(s, "</TIME>") == 0) section = 0;
            else out = fail(err, r, "unknown section '%s': expected <SYNSETS> or <TIME>", s);
        } else if (section == 1) {
            out = synset_line(d, r, &vs, &set, s, tok, err);
        } else if (section == 2) {
            out = time_line(d, r, s, tok, err);
        } else if (*s == '{') {
            out = forms_line(d, r, vs.verb, s, tok, err);
        } else if (*s == '-') {
            out = pattern_line(d, r, vs.verb, s, tok, err);
        } else {
            out = root_line(d, r, &vs.verb, s, tok, err);
        }
    }
    for (size_t i = 0; i < vs.n_members; i++) free(vs.members[i].text);
    free(vs.members);
    if (out) return out;
    if (rc < 0) return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", r->name, r->lineno);
    dw_dict_sort_patterns(d);
    return DW_OK;
}

/* ---- options ---------------------------------------------------------------- */

static int load_options(dw_dict *d, dw_peer_reader *r, dw_error *err) {
    if (!d->peer_opts) {
        if (!(d->peer_opts = malloc(sizeof *d->peer_opts)))
            return dw_fail(err, DW_ENOMEM, "%s: out of memory", r->name);
        dw_peer_options_default(d->peer_opts, DW_STYLE_TABARI);
    }
    int rc;
    while ((rc = next_line(r, 1)) > 0) {
        char *s = dw_peer_trim(r->line);
        if (!*s) continue;
        dw_error e2 = {0};
        if (dw_peer_options_apply(d->peer_opts, s, &e2))
            return dw_fail(err, DW_EPARSE, "%s:%u: %s", r->name, r->lineno, e2.msg);
    }
    if (rc < 0) return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", r->name, r->lineno);
    return DW_OK;
}

/* ---- entry point ------------------------------------------------------------- */

int dw_dict_load_tabari(dw_dict *d, const char *name, const char *data, size_t n,
                        dw_dict_kind kind, dw_error *err) {
    if (dw_dict_set_style(d, DW_STYLE_TABARI, name, err)) return err->code;
    dw_peer_reader *r = dw_peer_reader_new(name, data, n);
    if (!r) return dw_fail(err, DW_ENOMEM, "%s: out of memory", name);
    dw_tokens tok = {0};
    int rc;
    switch (kind) {
    case DW_DICT_TABARI_ACTORS: rc = load_actors(d, r, &tok, err); break;
    case DW_DICT_TABARI_AGENTS: rc = load_agents(d, r, &tok, err); break;
    case DW_DICT_TABARI_VERBS: rc = load_verbs(d, r, &tok, err); break;
    default: rc = load_options(d, r, err); break;
    }
    dw_tokens_free(&tok);
    free(r);
    return rc;
}
