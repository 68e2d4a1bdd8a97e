/*
 * dict_peer.c — what TABARI and PETRARCH dictionaries share: lines,
 * actor entries and their code blocks, agents, synset names, and the phrase
 * and pattern syntax compiled into peer words (see dict_peer.h for the
 * syntax and dict_internal.h for the encoding).
 *
 * A phrase is scanned into items (words, slots, set references), each with
 * the mark written after it ('_', '=', '~') and whether the next item
 * follows without a blank.  Words are normalized by the text tokenizer, so
 * "DIDN'T" becomes did + n't and "BARAD-DUR" barad + dur, exactly as the
 * text will be.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "code/dict_peer.h"
#include "code/peer.h"

typedef enum { IT_WORD, IT_SLOT, IT_SET } item_kind;

typedef struct item {
    item_kind kind;
    const char *s; /* text of the word, slot char or set name */
    size_t n;
    char mark;     /* '_', '=', '~' or 0 */
    int joined;    /* the next item follows with no blank */
} item;

#define MAX_ITEMS 64

static int is_slot(char c) { return c == '$' || c == '+' || c == '%' || c == '^' || c == '*'; }

/* Splits text into items; returns the count or -1 (*why set). */
static int scan(const char *t, item *it, int max, const char **why) {
    int n = 0;
    size_t i = 0, len = strlen(t);
    while (i < len) {
        if (isspace((unsigned char)t[i]) || t[i] == '_') { /* stray joiners: "DEMAND__CONV" */
            i++;
            continue;
        }
        if (n == max) return *why = "too many words", -1;
        item *x = &it[n];
        memset(x, 0, sizeof *x);
        x->s = t + i;
        if (is_slot(t[i])) {
            x->kind = IT_SLOT;
            x->n = 1;
            i++;
        } else if (t[i] == '&') {
            x->kind = IT_SET;
            x->s = t + ++i;
            while (i < len && isalnum((unsigned char)t[i])) i++;
            x->n = (size_t)(t + i - x->s);
            if (x->n == 0) return *why = "empty synset name after '&'", -1;
        } else {
            x->kind = IT_WORD;
            while (i < len && !isspace((unsigned char)t[i]) && !strchr("_=~", t[i]) && !is_slot(t[i]))
                i++;
            x->n = (size_t)(t + i - x->s);
        }
        /* marks: '=', '~', '_' ("REAL~_PLEASANT": a stem joined to the next) */
        while (i < len && (t[i] == '=' || t[i] == '~' || t[i] == '_')) {
            if (t[i] != '_' || !x->mark) x->mark = t[i];
            i++;
        }
        x->joined = i < len && !isspace((unsigned char)t[i]);
        n++;
    }
    return n;
}

/* PETRARCH writes contractions as the treebank splits them ("WO N'T",
 * "CA N'T"); the text tokenizer reads "won't" as will + n't. */
static const char *treebank_word(const item *x, const item *next) {
    static const char *const PAIRS[][2] = {{"WO", "will"}, {"CA", "can"}, {"SHA", "shall"}};
    if (!next || next->kind != IT_WORD || next->n < 3 || strncasecmp(next->s, "N'T", 3) != 0) return NULL;
    for (size_t i = 0; i < sizeof PAIRS / sizeof *PAIRS; i++)
        if (x->n == strlen(PAIRS[i][0]) && strncasecmp(x->s, PAIRS[i][0], x->n) == 0) return PAIRS[i][1];
    return NULL;
}

/* Normalizes one dictionary word into up to max peer words (mode on the
 * last, EXACT and adjacent inside); returns the count or -1. */
static int word_keys(dw_dict *d, const char *s, size_t n, uint32_t mode, dw_tokens *tok,
                     uint32_t *out, int max, const char **why) {
    char buf[256];
    if (n >= sizeof buf) return *why = "word too long", -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    dw_tokens_reset(tok);
    if (dw_tokenize(buf, n, 0, tok)) return *why = "cannot tokenize", -1;
    int k = 0;
    for (size_t i = 0; i < tok->n; i++) {
        if (tok->v[i].flags & DW_TOK_PUNCT) continue; /* "ANTI-", "U.S" keep their letters */
        if (k == max) return *why = "phrase too long", -1;
        uint32_t id = dw_dict_intern(d, dw_token_norm(tok, i), tok->v[i].norm_len);
        if (!id || id >= PW_SLOT_SKIP) return *why = "out of memory", -1;
        out[k++] = id; /* EXACT, joined */
    }
    if (k == 0) return *why = "a word with no letters or digits", -1;
    out[k - 1] |= mode << PW_MODE_SHIFT;
    if (mode == PW_STEM) {
        uint32_t id = out[k - 1] & PW_ID_MASK;
        if (dw_dict_mark_stem(d, id, strlen(d->words[id]))) return *why = "out of memory", -1;
    }
    return k;
}

/* The mode of a word item: see dict_peer.h. */
static uint32_t word_mode(dw_dict_style style, dw_peer_ctx ctx, const item *x, int last) {
    if (style != DW_STYLE_TABARI) return PW_EXACT;
    switch (x->mark) {
    case '=': return PW_EXACT;
    case '~': return PW_STEM;
    case '_':
        if (!last || ctx == PC_PATTERN) return PW_EXACT;
        return ctx == PC_VERB ? PW_VERB : PW_NOUN;
    default: return PW_STEM;
    }
}

static uint32_t slot_key(char c) {
    switch (c) {
    case '$': return PW_SLOT_SOURCE;
    case '+': return PW_SLOT_TARGET;
    case '%': return PW_SLOT_COMPOUND;
    default: return PW_SLOT_SKIP;
    }
}

int dw_peer_phrase(dw_dict *d, dw_dict_style style, dw_peer_ctx ctx, const char *text,
                   uint32_t *out, int max, dw_tokens *tok, const char **why) {
    item it[MAX_ITEMS];
    int ni = scan(text, it, MAX_ITEMS, why);
    if (ni < 0) return -1;
    if (ni == 0) return *why = "empty phrase", -1;
    /* a blank between words lets other words come between them (PETRARCH's
     * "ITHILEN TELEVISION" matches "Ithilen state-run television" too);
     * PETRARCH verb forms are adjacent */
    int space_gap = style == DW_STYLE_TABARI || ctx != PC_VERB;
    int k = 0, last_word = -1;
    for (int i = 0; i < ni; i++)
        if (it[i].kind == IT_WORD) last_word = i;
    for (int i = 0; i < ni; i++) {
        const item *x = &it[i];
        uint32_t gap = (i > 0 && !it[i - 1].joined && space_gap) ? PW_GAP : 0;
        int start = k;
        if (x->kind == IT_SET) return *why = "a synset reference here", -1;
        if (x->kind == IT_SLOT) {
            if (ctx != PC_PATTERN || x->s[0] == '*') return *why = "an actor slot or '*' in a phrase", -1;
            if (k == max) return *why = "phrase too long", -1;
            out[k++] = slot_key(x->s[0]);
        } else {
            const char *tb = treebank_word(x, i + 1 < ni ? &it[i + 1] : NULL);
            int m = word_keys(d, tb ? tb : x->s, tb ? strlen(tb) : x->n,
                              word_mode(style, ctx, x, i == last_word), tok, out + k, max - k, why);
            if (m < 0) return -1;
            k += m;
        }
        out[start] |= gap;
    }
    return k;
}

long dw_peer_find_set(const dw_dict *d, const char *name, size_t n) {
    for (size_t i = 0; i < d->n_sets; i++)
        if (strlen(d->sets[i].name) == n && strncasecmp(d->sets[i].name, name, n) == 0) return (long)i;
    return -1;
}

int dw_peer_pattern(dw_dict *d, dw_dict_style style, const char *text, uint32_t verb,
                    dw_pattern *p, dw_tokens *tok, const char **why) {
    item it[MAX_ITEMS];
    int ni = scan(text, it, MAX_ITEMS, why);
    if (ni < 0) return -1;
    int anchors = 0;
    p->n = 0;
    for (int i = 0; i < ni; i++) {
        const item *x = &it[i];
        uint8_t far = (i > 0 && !it[i - 1].joined) ? 1 : 0;
        if (p->n >= DW_MAX_PATTERN_ELEMS) return *why = "pattern longer than 16 elements", -1;
        dw_pattern_elem *e = &p->e[p->n];
        e->far = far;
        if (x->kind == IT_SLOT) {
            switch (x->s[0]) {
            case '*':
                e->kind = EL_VERB;
                e->value = verb;
                p->anchor = p->n;
                anchors++;
                break;
            case '$': e->kind = EL_SOURCE, p->has_source = 1; break;
            case '+': e->kind = EL_TARGET, p->has_target = 1; break;
            case '%': e->kind = EL_COMPOUND; break;
            default: e->kind = EL_SKIP; break;
            }
            p->n++;
        } else if (x->kind == IT_SET) {
            long s = dw_peer_find_set(d, x->s, x->n);
            if (s < 0) return *why = "unknown synset", -1;
            e->kind = EL_SET;
            e->value = (uint32_t)s;
            p->n++;
        } else {
            uint32_t keys[DW_PEER_MAX_WORDS];
            const char *tb = treebank_word(x, i + 1 < ni ? &it[i + 1] : NULL);
            int m = word_keys(d, tb ? tb : x->s, tb ? strlen(tb) : x->n, word_mode(style, PC_PATTERN, x, 0),
                              tok, keys, DW_PEER_MAX_WORDS, why);
            if (m < 0) return -1;
            for (int j = 0; j < m; j++) {
                if (p->n >= DW_MAX_PATTERN_ELEMS) return *why = "pattern longer than 16 elements", -1;
                p->e[p->n].kind = EL_WORD;
                p->e[p->n].far = j == 0 ? far : 0;
                p->e[p->n].value = keys[j];
                p->n++;
            }
        }
    }
    if (anchors != 1) return *why = anchors ? "more than one '*'" : "no '*' (the verb)", -1;
    /* longer patterns are tried first: TABARI orders them by their written
     * length (blanks aside), which also ranks expanded alternatives; a
     * synset counts as one character, so "* DOLLAR" goes before "* &CURRENCY" */
    unsigned w = 0;
    for (const char *c = text; *c; c++) {
        w += !isspace((unsigned char)*c);
        if (*c == '&') /* a synset counts less than any word: literals first */
            while (isalnum((unsigned char)c[1])) c++;
    }
    p->weight = (uint16_t)(w > 60000 ? 60000 : w);
    return 0;
}

int dw_peer_parse_code(const char *text, dw_pattern *p) {
    char buf[32];
    size_t k = 0;
    for (const char *c = text; *c; c++) /* "[- - -]" is written with blanks */
        if (!isspace((unsigned char)*c)) {
            if (k + 1 >= sizeof buf) return -1;
            buf[k++] = *c;
        }
    buf[k] = '\0';
    p->code[0] = p->code2[0] = '\0';
    p->peer_flags = 0;
    if (k == 0) return -1;
    char last = buf[k - 1];
    if (last == '?' || last == '!') {
        p->peer_flags |= last == '?' ? PF_WEAK : PF_OVERRIDE;
        buf[--k] = '\0';
    }
    char *colon = strchr(buf, ':');
    if (colon) *colon = '\0';
    const char *parts[2] = {buf, colon ? colon + 1 : NULL};
    for (int i = 0; i < 2 && parts[i]; i++) {
        const char *c = parts[i];
        size_t n = strlen(c);
        if (n == 0 && i == 0 && colon) continue; /* PETRARCH "[:173]": only the reverse event */
        if (n == 0 || n >= sizeof p->code) return -1;
        if (strcmp(c, "---") == 0) p->peer_flags |= i == 0 ? PF_NULL : 0;
        else if (strcmp(c, "###") == 0) p->peer_flags |= PF_DISCARD;
        else if (strcmp(c, "+++") == 0) p->peer_flags |= PF_COMPLEX;
        else
            for (size_t j = 0; j < n; j++)
                if (!isalnum((unsigned char)c[j])) return -1;
        memcpy(i == 0 ? p->code : p->code2, c, n + 1);
    }
    if (colon) p->peer_flags |= PF_PAIRED;
    return 0;
}

/* ---- lines and entries ----------------------------------------------------- */

dw_peer_reader *dw_peer_reader_new(const char *name, const char *data, size_t n) {
    dw_peer_reader *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->name = name;
    r->p = data;
    r->end = data + n;
    return r;
}

int dw_peer_read_line(dw_peer_reader *r, char *out, size_t cap, size_t *len) {
    if (r->p >= r->end) return 0;
    const char *s = r->p;
    const char *e = memchr(s, '\n', (size_t)(r->end - s));
    if (!e) e = r->end;
    r->p = e < r->end ? e + 1 : e;
    r->lineno++;
    size_t n = (size_t)(e - s);
    if (n >= cap) return -1;
    memcpy(out, s, n);
    out[n] = '\0';
    *len = n;
    return 1;
}

char *dw_peer_trim(char *s) {
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

int dw_peer_valid_code(const char *c, size_t n) {
    if (n == 0 || n >= 32) return 0;
    if (n == 3 && (strncmp(c, "---", 3) == 0 || strncmp(c, "###", 3) == 0 || strncmp(c, "+++", 3) == 0))
        return 1;
    int letters = 0;
    for (size_t i = 0; i < n; i++) {
        if (isalpha((unsigned char)c[i])) letters++;
        else if (!isdigit((unsigned char)c[i]) && c[i] != '/') return 0;
    }
    return letters > 0;
}

int dw_peer_add_phrase(dw_dict *d, dw_dict_style style, const dw_peer_reader *r,
                       const char *text, dw_peer_ctx ctx, uint8_t kind, uint32_t value,
                       dw_tokens *tok, size_t *count, dw_error *err) {
    uint32_t keys[DW_PEER_MAX_WORDS];
    const char *why = NULL;
    int n = dw_peer_phrase(d, style, ctx, text, keys, DW_PEER_MAX_WORDS, tok, &why);
    if (n < 0)
        return dw_fail(err, DW_EPARSE, "%s:%u: bad phrase '%s': %s", r->name, r->lineno, text, why);
    uint32_t node = dw_dict_trie_insert(d, keys, (size_t)n), existing;
    if (!node || dw_dict_add_hit(d, node, kind, value, &existing))
        return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
    int conflicts = kind == HIT_ACTOR || kind == HIT_AGENT ||
                    (kind == HIT_VERB && style == DW_STYLE_TABARI);
    if (existing) {
        if (d->hits[existing].value == value)
            dw_dict_warn(d, "%s:%u: duplicate phrase '%s'", r->name, r->lineno, text);
        else if (conflicts)
            dw_dict_warn(d, "%s:%u: conflicting phrase '%s' (already defined; first kept)", r->name,
                         r->lineno, text);
    }
    if (count) (*count)++;
    return DW_OK;
}

int dw_peer_finish_actor(dw_dict *d, const dw_peer_reader *r, dw_peer_entry *e, dw_error *err) {
    if (e->actor < 0) return DW_OK;
    dw_actor_entry *a = &d->actors[e->actor];
    if (!a->n_codes)
        return dw_fail(err, DW_EPARSE, "%s:%u: actor '%s' has no code block ([CODE])", r->name,
                       e->line, e->phrase);
    dw_actor_code tmp[64];
    int k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < a->n_codes && k < 64; i++) {
            int open = a->codes[i].from_day == INT32_MIN && a->codes[i].to_day == INT32_MAX;
            if (open == pass) tmp[k++] = a->codes[i];
        }
    memcpy(a->codes, tmp, (size_t)k * sizeof *tmp);
    e->actor = -1;
    return DW_OK;
}

int dw_peer_start_actor(dw_dict *d, dw_dict_style style, const dw_peer_reader *r,
                        dw_peer_entry *e, const char *phrase, dw_tokens *tok, dw_error *err) {
    e->actor = dw_dict_add_actor(d, phrase);
    if (e->actor < 0) return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
    e->line = r->lineno;
    snprintf(e->phrase, sizeof e->phrase, "%s", phrase);
    return dw_peer_add_phrase(d, style, r, phrase, PC_ACTOR, HIT_ACTOR, (uint32_t)e->actor, tok,
                              &d->n_actor_phrases, err);
}

/* Parses the inside of a code block into out: 0; -1 a bad code, -2 a bad
 * date restriction. */
static int code_block(const char *blk, dw_actor_code *out) {
    char buf[128];
    snprintf(buf, sizeof buf, "%s", blk);
    char *s = dw_peer_trim(buf);
    size_t cn = strcspn(s, " \t<>");
    if (!dw_peer_valid_code(s, cn)) return -1;
    memcpy(out->code, s, cn);
    out->code[cn] = '\0';
    out->from_day = INT32_MIN;
    out->to_day = INT32_MAX;
    char *rest = dw_peer_trim(s + cn);
    if (!*rest) return 0;
    if (*rest == '<' || *rest == '>') {
        char *ds = dw_peer_trim(rest + 1);
        int32_t a = dw_peer_date_days(ds, strlen(ds));
        if (a == INT32_MIN) return -2;
        if (*rest == '<') out->to_day = a - 1;
        else out->from_day = a + 1;
        return 0;
    }
    char *dash = strchr(rest, '-');
    if (!dash) return -2;
    *dash = '\0';
    char *d1 = dw_peer_trim(rest), *d2 = dw_peer_trim(dash + 1);
    int32_t a = dw_peer_date_days(d1, strlen(d1)), b = dw_peer_date_days(d2, strlen(d2));
    if (a == INT32_MIN || b == INT32_MIN || a > b) return -2;
    out->from_day = a;
    out->to_day = b;
    return 0;
}

/* A bad code block, in the words of each program's manual. */
static int bad_block(dw_error *err, dw_dict_style style, const dw_peer_reader *r,
                     const char *blk, int why) {
    if (style == DW_STYLE_TABARI && why == -1)
        return dw_fail(err, DW_EPARSE,
                       "%s:%u: bad code block '[%s]': expected [CODE], [CODE <DATE], "
                       "[CODE >DATE] or [CODE DATE-DATE]",
                       r->name, r->lineno, blk);
    if (style == DW_STYLE_TABARI)
        return dw_fail(err, DW_EPARSE,
                       "%s:%u: bad date restriction in '[%s]': expected <YYMMDD, >YYMMDD or "
                       "YYMMDD-YYMMDD",
                       r->name, r->lineno, blk);
    if (why == -1)
        return dw_fail(err, DW_EPARSE,
                       "%s:%u: bad code block: expected [CODE] or [CODE DATE-RESTRICTION], "
                       "not '%s'",
                       r->name, r->lineno, blk);
    return dw_fail(err, DW_EPARSE,
                   "%s:%u: bad date restriction: expected <YYYYMMDD, >YYYYMMDD or "
                   "YYYYMMDD-YYYYMMDD in '%s'",
                   r->name, r->lineno, blk);
}

int dw_peer_add_codes(dw_dict *d, dw_dict_style style, const dw_peer_reader *r,
                      const dw_peer_entry *e, char *s, dw_error *err) {
    while (*(s = dw_peer_trim(s))) {
        if (*s != '[')
            return dw_fail(err, DW_EPARSE, "%s:%u: expected a code block '[...]' at '%s'", r->name,
                           r->lineno, s);
        char *close = strchr(s, ']');
        if (!close)
            return dw_fail(err, DW_EPARSE, "%s:%u: unclosed code block '%s'", r->name, r->lineno, s);
        *close = '\0';
        dw_actor_entry *a = &d->actors[e->actor];
        dw_actor_code *v = realloc(a->codes, (size_t)(a->n_codes + 1) * sizeof *v);
        if (!v) return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
        a->codes = v;
        dw_actor_code *c = &a->codes[a->n_codes];
        int why = code_block(s + 1, c);
        if (why) return bad_block(err, style, r, s + 1, why);
        if (style == DW_STYLE_PETRARCH)
            for (char *p = c->code; *p; p++) *p = (char)toupper((unsigned char)*p);
        a->n_codes++;
        s = close + 1;
    }
    return DW_OK;
}

long dw_peer_add_agent(dw_dict *d, const char *phrase, const char *code, int prefix) {
    long g = dw_dict_add_agent(d, phrase);
    if (g < 0) return -1;
    snprintf(d->agents[g].code, sizeof d->agents[g].code, "%s", code);
    snprintf(d->agents[g].role, sizeof d->agents[g].role, "%.3s", code);
    d->agents[g].prefix = (uint8_t)prefix;
    return g;
}

size_t dw_peer_set_name(char *name) {
    size_t n = strlen(name);
    while (n && name[n - 1] == '_') name[--n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)name[i])) return 0;
    return n;
}

/* ---- verbs and patterns ------------------------------------------------------ */

int dw_peer_add_verb_code(dw_dict *d, const dw_peer_reader *r, dw_pattern proto, uint32_t verb,
                          dw_error *err) {
    proto.n = 1;
    proto.anchor = 0;
    proto.e[0].kind = EL_VERB;
    proto.e[0].value = verb;
    proto.weight = 0;
    proto.line = r->lineno;
    if (dw_dict_add_pattern(d, &proto, verb) < 0)
        return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
    return DW_OK;
}

int dw_peer_add_pattern(dw_dict *d, dw_dict_style style, const dw_peer_reader *r,
                        const char *body, uint32_t verb, const dw_pattern *proto, dw_tokens *tok,
                        dw_error *err) {
    dw_pattern p = *proto;
    const char *why = NULL;
    if (dw_peer_pattern(d, style, body, verb, &p, tok, &why))
        return dw_fail(err, DW_EPARSE, "%s:%u: bad pattern '- %s': %s", r->name, r->lineno, body,
                       why);
    p.line = r->lineno;
    if (dw_dict_add_pattern(d, &p, verb) < 0)
        return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
    return DW_OK;
}
