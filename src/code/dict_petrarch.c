/*
 * dict_petrarch.c — PETRARCH dictionaries (CAMEO.2.0-style verbs, Phoenix-
 * style actors, agents, discards, issues) compiled into the shared
 * dictionary (style DW_STYLE_PETRARCH).
 *
 * Formats, as PETRARCH writes them ('#' outside brackets and <!-- ... -->
 * start comments):
 *   verbs     synsets "&NAME" + "+MEMBER" lines; blocks "--- NAME [CODE] ---"
 *             holding verbs ("ABANDON", "BAN {BANS BANNED}" with irregular
 *             forms, "+SYNONYM", "KLM_+RST [002]" with its own code, the
 *             '+' marking the inflected word) and patterns "- WORDS * WORDS
 *             [CODE]" shared by the block's verbs.  Regular verb forms (-s,
 *             -ed, -ing) are generated for verbs without a {} list.
 *   actors    "NAME [CODE]" or NAME, "+SYNONYM" lines and indented "[CODE
 *             DATE]" blocks (<YYYYMMDD, >YYYYMMDD, YYYYMMDD-YYYYMMDD).
 *   agents    "PHRASE {PLURALS} [~CODE]" ([CODE~] goes before the actor's
 *             code); "!NAME! = A, B" substitution lists; plurals are
 *             generated unless given ({} for none).
 *   discards  "PHRASE" (the sentence) or "+PHRASE" (the story).
 *   issues    <ISSUE CATEGORY="NAME"> blocks of "phrase [CODE]" lines (the
 *             category when no code), "~phrase" exclusions, n:/v: marks.
 * Words are exact (PETRARCH does not stem); a malformed line is an error
 * naming file, line and reason; duplicates and conflicts are reported.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code/dict_peer.h"
#include "code/peer.h"

/* The next line with comments removed, trimmed at the end; 0 at the end. */
static int next_line(dw_peer_reader *r) {
    char raw[sizeof r->line];
    size_t n;
    int rc = dw_peer_read_line(r, raw, sizeof raw, &n);
    if (rc <= 0) return rc;
    size_t k = 0;
    int bracket = 0;
    for (size_t i = 0; i < n;) {
        if (r->in_comment) {
            char *close = strstr(raw + i, "-->");
            if (!close) break;
            i = (size_t)(close - raw) + 3;
            r->in_comment = 0;
            continue;
        }
        if (raw[i] == '<' && raw[i + 1] == '!') { /* "<!--" and the odd "<! --" */
            r->in_comment = 1;
            i += 2;
            continue;
        }
        if (raw[i] == '#' && !bracket) break; /* "[ZBW]#jw 9/30/91"; not "[###]" */
        bracket += raw[i] == '[' ? 1 : raw[i] == ']' && bracket ? -1 : 0;
        r->line[k++] = raw[i++];
    }
    r->line[k] = '\0';
    while (k && isspace((unsigned char)r->line[k - 1])) r->line[--k] = '\0';
    return 1;
}

/* out = the first n bytes of w + suffix, cut to cap. */
static void join(char *out, size_t cap, const char *w, size_t n, const char *suffix) {
    size_t sn = strlen(suffix);
    if (n + sn + 1 > cap) n = cap > sn + 1 ? cap - sn - 1 : 0;
    memcpy(out, w, n);
    memcpy(out + n, suffix, sn + 1 <= cap - n ? sn + 1 : cap - n);
    out[cap - 1] = '\0';
}

static int fail(dw_error *err, const dw_peer_reader *r, const char *what, const char *arg) {
    return dw_fail(err, DW_EPARSE, "%s:%u: %s '%s'", r->name, r->lineno, what, arg);
}

static int add_phrase(dw_dict *d, const dw_peer_reader *r, const char *text, dw_peer_ctx ctx,
                      uint8_t kind, uint32_t value, dw_tokens *tok, size_t *count, dw_error *err) {
    return dw_peer_add_phrase(d, DW_STYLE_PETRARCH, r, text, ctx, kind, value, tok, count, err);
}

/* ---- actors ---------------------------------------------------------------- */

static int load_actors(dw_dict *d, dw_peer_reader *r, dw_tokens *tok, dw_error *err) {
    dw_peer_entry e = {.actor = -1};
    int rc;
    while ((rc = next_line(r)) > 0) {
        char *s = dw_peer_trim(r->line);
        if (!*s) continue;
        if (*s == '+' || *s == '[') {
            if (e.actor < 0) return fail(err, r, "synonym or code block outside an actor entry:", s);
            if (*s == '[') {
                if (dw_peer_add_codes(d, DW_STYLE_PETRARCH, r, &e, s, err)) return err->code;
            } else {
                char *br = strchr(s, '[');
                if (br) *br = '\0';
                if (add_phrase(d, r, dw_peer_trim(s + 1), PC_ACTOR, HIT_ACTOR, (uint32_t)e.actor,
                               tok, &d->n_actor_phrases, err))
                    return err->code;
                if (br) {
                    *br = '[';
                    if (dw_peer_add_codes(d, DW_STYLE_PETRARCH, r, &e, br, err)) return err->code;
                }
            }
            continue;
        }
        if (dw_peer_finish_actor(d, r, &e, err)) return err->code;
        char *br = strchr(s, '[');
        if (br) *br = '\0';
        char *phrase = dw_peer_trim(s);
        if (!*phrase) return fail(err, r, "code block without an actor phrase:", br ? br + 1 : s);
        if (dw_peer_start_actor(d, DW_STYLE_PETRARCH, r, &e, phrase, tok, err)) return err->code;
        if (br) {
            *br = '[';
            if (dw_peer_add_codes(d, DW_STYLE_PETRARCH, r, &e, br, err)) return err->code;
        }
    }
    if (rc < 0) return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", r->name, r->lineno);
    return dw_peer_finish_actor(d, r, &e, err);
}

/* ---- agents ---------------------------------------------------------------- */

/* English plural of the last word: -s, -es after s/x/z/ch/sh, -ies after a
 * consonant + y. */
static void plural(const char *w, char *out, size_t cap) {
    size_t n = strlen(w);
    char last = n ? (char)toupper((unsigned char)w[n - 1]) : 0;
    char prev = n > 1 ? (char)toupper((unsigned char)w[n - 2]) : 0;
    if (last == 'Y' && prev && !strchr("AEIOU", prev)) join(out, cap, w, n - 1, "IES");
    else if (last == 'S' || last == 'X' || last == 'Z' || (last == 'H' && (prev == 'C' || prev == 'S')))
        join(out, cap, w, n, "ES");
    else join(out, cap, w, n, "S");
}

typedef struct macro {
    char name[32];
    char values[16][64];
    int n;
} macro;

/* Expands the first "!NAME!" in text with each value; calls add for each. */
static int expand_macros(const macro *m, int nm, const char *text, char out[][256], int max) {
    const char *a = strchr(text, '!');
    const char *b = a ? strchr(a + 1, '!') : NULL;
    if (!a || !b) {
        if (max < 1) return 0;
        snprintf(out[0], 256, "%s", text);
        return 1;
    }
    for (int i = 0; i < nm; i++) {
        if (strlen(m[i].name) != (size_t)(b - a - 1) || strncmp(m[i].name, a + 1, (size_t)(b - a - 1))) continue;
        int k = 0;
        for (int j = 0; j < m[i].n && k < max; j++, k++)
            snprintf(out[k], 256, "%.*s%s%s", (int)(a - text), text, m[i].values[j], b + 1);
        return k;
    }
    return -1;
}

static int load_agents(dw_dict *d, dw_peer_reader *r, dw_tokens *tok, dw_error *err) {
    macro mac[16];
    int nmac = 0, rc;
    while ((rc = next_line(r)) > 0) {
        char *s = dw_peer_trim(r->line);
        if (!*s) continue;
        char *mb = *s == '!' ? strchr(s + 1, '!') : NULL;
        if (mb && *dw_peer_trim(mb + 1) == '=') { /* !NAME! = A, B, C */
            char *b = mb, *eq = strchr(b, '=');
            if (nmac == 16) return fail(err, r, "more than 16 substitution lists at", s);
            macro *m = &mac[nmac++];
            snprintf(m->name, sizeof m->name, "%.*s", (int)(b - s - 1), s + 1);
            m->n = 0;
            char *save = NULL;
            for (char *v = strtok_r(eq + 1, ",", &save); v && m->n < 16; v = strtok_r(NULL, ",", &save))
                snprintf(m->values[m->n++], 64, "%s", dw_peer_trim(v));
            if (!m->n) return fail(err, r, "substitution list with no words:", s);
            continue;
        }
        char *br = strrchr(s, '['), *close = br ? strchr(br, ']') : NULL;
        if (!br || !close || *dw_peer_trim(close + 1)) return fail(err, r, "expected PHRASE [~CODE], not", s);
        *br = *close = '\0';
        char *code = dw_peer_trim(br + 1);
        char *plur = strchr(s, '{'), *pend = plur ? strchr(plur, '}') : NULL;
        if (plur && !pend) return fail(err, r, "unclosed plural list in", s);
        if (plur) *plur = *pend = '\0';
        char *phrase = dw_peer_trim(s);
        size_t cn = strlen(code);
        int prefix = cn > 1 && code[cn - 1] == '~';
        if (!*phrase || cn < 2 || (code[0] != '~' && !prefix))
            return fail(err, r, "bad agent code: expected [~CODE] or [CODE~], not", code);
        char *c = prefix ? code : code + 1;
        if (prefix) c[cn - 1] = '\0';
        c = dw_peer_trim(c);
        if (!dw_peer_valid_code(c, strlen(c)) || strlen(c) >= sizeof d->agents[0].code) return fail(err, r, "bad agent code", c);
        long g = dw_peer_add_agent(d, phrase, c, prefix);
        if (g < 0) return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
        /* the phrase, then its plurals: listed, none ({}), or generated */
        char forms[34][256];
        int nf = 0;
        char ex[16][256];
        int ne = expand_macros(mac, nmac, phrase, ex, 16);
        if (ne < 0) return fail(err, r, "unknown substitution list in", phrase);
        for (int i = 0; i < ne && nf < 34; i++) {
            join(forms[nf++], 256, ex[i], strlen(ex[i]), "");
            if (!plur && nf < 34) plural(ex[i], forms[nf++], 256);
        }
        if (plur) {
            char *save = NULL;
            for (char *f = strtok_r(plur + 1, " \t", &save); f && nf < 34; f = strtok_r(NULL, " \t", &save))
                snprintf(forms[nf++], 256, "%s", f);
        }
        for (int i = 0; i < nf; i++)
            if (add_phrase(d, r, forms[i], PC_ACTOR, HIT_AGENT, (uint32_t)g, tok, &d->n_agent_phrases, err))
                return err->code;
    }
    if (rc < 0) return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", r->name, r->lineno);
    return DW_OK;
}

/* ---- discards and issues ------------------------------------------------------ */

static int load_discards(dw_dict *d, dw_peer_reader *r, dw_tokens *tok, dw_error *err) {
    int rc;
    while ((rc = next_line(r)) > 0) {
        char *s = dw_peer_trim(r->line);
        if (!*s) continue;
        int story = *s == '+';
        if (add_phrase(d, r, dw_peer_trim(s + story), PC_ACTOR, HIT_DISCARD, story ? 2u : 1u, tok, NULL, err))
            return err->code;
    }
    if (rc < 0) return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", r->name, r->lineno);
    return DW_OK;
}

/* Issues (Phoenix layout): <ISSUE CATEGORY="ENERGY" TYPE="ALL"> ... </ISSUE>
 * blocks of "phrase [CODE]" lines (no code: the category's), "~phrase"
 * exclusions, "n:" / "v:" part-of-speech marks and '+' joins. */
static int load_issues(dw_dict *d, dw_peer_reader *r, dw_tokens *tok, dw_error *err) {
    char category[64] = "";
    int rc;
    while ((rc = next_line(r)) > 0) {
        char *s = dw_peer_trim(r->line);
        if (!*s) continue;
        if (strncmp(s, "<ISSUE", 6) == 0) {
            const char *c = strstr(s, "CATEGORY=\"");
            const char *e = c ? strchr(c + 10, '"') : NULL;
            if (!c || !e || e - c - 10 >= (long)sizeof category)
                return fail(err, r, "expected <ISSUE CATEGORY=\"NAME\" ...>, not", s);
            snprintf(category, sizeof category, "%.*s", (int)(e - c - 10), c + 10);
            continue;
        }
        if (strcmp(s, "</ISSUE>") == 0) {
            category[0] = '\0';
            continue;
        }
        if (*s == '~') continue; /* exclusions: phrases that do not name the issue */
        char *br = strrchr(s, '['), *close = br ? strchr(br, ']') : NULL;
        if (br && !close) return fail(err, r, "unclosed issue code in", s);
        char code[64];
        if (br) {
            *br = *close = '\0';
            snprintf(code, sizeof code, "%s", dw_peer_trim(br + 1));
        } else if (category[0]) {
            snprintf(code, sizeof code, "%s", category);
        } else {
            return fail(err, r, "expected PHRASE [CODE] (or an <ISSUE CATEGORY=...> block), not", s);
        }
        for (char *c = code; *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-') return fail(err, r, "bad issue code", code);
        /* "n:", "v:" mark parts of speech; '+' joins words */
        char phrase[512];
        size_t k = 0;
        for (const char *c = dw_peer_trim(s); *c && k + 1 < sizeof phrase; c++) {
            if ((*c == 'n' || *c == 'v') && c[1] == ':' && (c == s || !isalnum((unsigned char)c[-1]))) {
                c++;
                continue;
            }
            phrase[k++] = *c == '+' ? '-' : *c;
        }
        phrase[k] = '\0';
        if (d->n_issues == d->cap_issues) {
            size_t cap = d->cap_issues ? d->cap_issues * 2 : 16;
            char **v = realloc(d->issues, cap * sizeof *v);
            if (!v) return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
            d->issues = v;
            d->cap_issues = cap;
        }
        if (!(d->issues[d->n_issues] = dw_strdup(code)))
            return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
        if (add_phrase(d, r, dw_peer_trim(phrase), PC_ACTOR, HIT_ISSUE, (uint32_t)d->n_issues++, tok, NULL, err))
            return err->code;
    }
    if (rc < 0) return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", r->name, r->lineno);
    return DW_OK;
}

/* ---- verbs ------------------------------------------------------------------- */

/* Regular forms of a verb: -s/-es/-ies, -ed/-d/-ied, -ing. */
static void verb_forms(const char *w, char out[3][128]) {
    size_t n = strlen(w);
    char last = n ? (char)toupper((unsigned char)w[n - 1]) : 0;
    char prev = n > 1 ? (char)toupper((unsigned char)w[n - 2]) : 0;
    int cons_y = last == 'Y' && prev && !strchr("AEIOU", prev);
    int sib = last == 'S' || last == 'X' || last == 'Z' || (last == 'H' && (prev == 'C' || prev == 'S'));
    if (cons_y) join(out[0], 128, w, n - 1, "IES");
    else join(out[0], 128, w, n, sib ? "ES" : "S");
    if (last == 'E') join(out[1], 128, w, n, "D"), join(out[2], 128, w, n - 1, "ING");
    else if (cons_y) join(out[1], 128, w, n - 1, "IED"), join(out[2], 128, w, n, "ING");
    else join(out[1], 128, w, n, "ED"), join(out[2], 128, w, n, "ING");
}

/* "KLM_NOP_+RST" with the inflected word marked by '+' (the first word when
 * none is): writes the phrase with form f of that word. */
static void inflect(const char *phrase, int form, char *out, size_t cap) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s", phrase);
    char *head = strchr(buf, '+');
    if (!head) head = buf;
    else memmove(head, head + 1, strlen(head)); /* drop the marker */
    size_t hn = strcspn(head, "_ ");
    char word[128], forms[3][128];
    snprintf(word, sizeof word, "%.*s", (int)hn, head);
    verb_forms(word, forms);
    snprintf(out, cap, "%.*s%s%s", (int)(head - buf), buf, form < 0 ? word : forms[form], head + hn);
}

static void unmark(const char *s, char *out, size_t cap) {
    size_t k = 0;
    for (; *s && k + 1 < cap; s++)
        if (*s != '+') out[k++] = *s;
    out[k] = '\0';
}

typedef struct block {
    long verbs[64];
    int nv;
    dw_pattern def; /* the block's code */
} block;

/* The verb a phrase already names, or -1. */
static long existing_verb(dw_dict *d, const char *text, dw_tokens *tok) {
    uint32_t keys[DW_PEER_MAX_WORDS];
    const char *why = NULL;
    int n = dw_peer_phrase(d, DW_STYLE_PETRARCH, PC_VERB, text, keys, DW_PEER_MAX_WORDS, tok, &why);
    uint32_t node = 0;
    for (int i = 0; i < n && (i == 0 || node); i++) node = dw_dict_trie_step(d, node, keys[i]);
    if (n <= 0 || !node) return -1;
    for (uint32_t h = d->nodes[node].hits; h; h = d->hits[h].next)
        if (d->hits[h].kind == HIT_VERB) return (long)d->hits[h].value;
    return -1;
}

static int add_verb(dw_dict *d, dw_peer_reader *r, block *bl, char *line, dw_tokens *tok, dw_error *err) {
    char *s = *line == '+' ? line + 1 : line;
    dw_pattern p = bl->def;
    char *br = strchr(s, '[');
    if (br) {
        char *close = strchr(br, ']');
        if (!close) return fail(err, r, "unclosed code in", s);
        *close = '\0';
        if (dw_peer_parse_code(br + 1, &p)) return fail(err, r, "bad event code", br + 1);
        *br = '\0';
    }
    char *forms = strchr(s, '{'), *fend = forms ? strchr(forms, '}') : NULL;
    if (forms && !fend) return fail(err, r, "unclosed verb forms in", s);
    if (forms) *forms = *fend = '\0';
    char *phrase = dw_peer_trim(s);
    if (!*phrase) return fail(err, r, "expected a verb, not", line);
    char lemma[256];
    unmark(phrase, lemma, sizeof lemma);
    if (bl->nv == 64) return fail(err, r, "more than 64 verbs in one block at", phrase);
    char text[256];
    inflect(phrase, -1, text, sizeof text);
    /* a verb in a second block ("--- SHOT [---] ---", "--- SHOT [223] ---")
     * is the same verb: its patterns join, a real code replaces a null one */
    long v = existing_verb(d, text, tok);
    if (v >= 0) {
        bl->verbs[bl->nv++] = v;
        const dw_verb_entry *ve = &d->verbs[v];
        for (size_t k = 0; k < ve->n_patterns; k++) {
            dw_pattern *old = &d->patterns[ve->patterns[k]];
            if (old->n == 1 && (old->peer_flags & PF_NULL) && !(p.peer_flags & PF_NULL)) {
                memcpy(old->code, p.code, sizeof old->code);
                memcpy(old->code2, p.code2, sizeof old->code2);
                old->peer_flags = p.peer_flags;
            }
        }
        return DW_OK;
    }
    v = dw_dict_add_verb(d, lemma);
    if (v < 0) return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
    bl->verbs[bl->nv++] = v;
    if (add_phrase(d, r, text, PC_VERB, HIT_VERB, (uint32_t)v, tok, &d->n_verb_forms, err)) return err->code;
    if (forms) {
        char *save = NULL;
        for (char *f = strtok_r(forms + 1, " \t", &save); f; f = strtok_r(NULL, " \t", &save)) {
            unmark(f, text, sizeof text);
            if (add_phrase(d, r, text, PC_VERB, HIT_VERB, (uint32_t)v, tok, &d->n_verb_forms, err)) return err->code;
        }
    } else {
        for (int f = 0; f < 3; f++) {
            inflect(phrase, f, text, sizeof text);
            if (add_phrase(d, r, text, PC_VERB, HIT_VERB, (uint32_t)v, tok, &d->n_verb_forms, err)) return err->code;
        }
    }
    return dw_peer_add_verb_code(d, r, p, (uint32_t)v, err);
}

static int add_block_pattern(dw_dict *d, dw_peer_reader *r, const block *bl, char *s, dw_tokens *tok, dw_error *err) {
    char *br = strrchr(s, '['), *close = br ? strchr(br, ']') : NULL;
    if (!br || !close) return fail(err, r, "expected - PATTERN [CODE], not", s);
    *br = *close = '\0';
    dw_pattern proto;
    memset(&proto, 0, sizeof proto);
    if (dw_peer_parse_code(br + 1, &proto)) return fail(err, r, "bad event code", br + 1);
    char *body = dw_peer_trim(s);
    if (!bl->nv) return fail(err, r, "pattern before any verb of its block:", body);
    for (int i = 0; i < bl->nv; i++)
        if (dw_peer_add_pattern(d, DW_STYLE_PETRARCH, r, body, (uint32_t)bl->verbs[i], &proto, tok,
                                err))
            return err->code;
    return DW_OK;
}

/* Adds "+MEMBER" to a synset, expanding members that name other synsets. */
static int add_member(dw_dict *d, dw_peer_reader *r, long set, const char *text, dw_tokens *tok, int depth, dw_error *err) {
    const char *amp = strchr(text, '&');
    if (amp) {
        const char *e = amp + 1;
        while (isalnum((unsigned char)*e)) e++;
        long sub = dw_peer_find_set(d, amp + 1, (size_t)(e - amp - 1));
        if (sub < 0 || depth > 4) return fail(err, r, "synset member names an unknown synset:", text);
        /* members of the named synset are whole phrases: splice their words */
        const dw_set_entry *ss = &d->sets[sub];
        size_t off = 0;
        for (size_t k = 0; k < ss->n_members; off += ss->lens[k], k++) {
            uint32_t keys[DW_PEER_MAX_WORDS];
            size_t n = ss->lens[k];
            if (n > DW_PEER_MAX_WORDS) continue;
            memcpy(keys, ss->words + off, n * sizeof *keys);
            if (dw_dict_set_add_member(d, (uint32_t)set, keys, n))
                return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
        }
        return DW_OK;
    }
    uint32_t keys[DW_PEER_MAX_WORDS];
    const char *why = NULL;
    int n = dw_peer_phrase(d, DW_STYLE_PETRARCH, PC_VERB, text, keys, DW_PEER_MAX_WORDS, tok, &why);
    if (n < 0) return dw_fail(err, DW_EPARSE, "%s:%u: bad synset member '%s': %s", r->name, r->lineno, text, why);
    if (dw_dict_set_add_member(d, (uint32_t)set, keys, (size_t)n))
        return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
    return DW_OK;
}

static int load_verbs(dw_dict *d, dw_peer_reader *r, dw_tokens *tok, dw_error *err) {
    block bl;
    memset(&bl, 0, sizeof bl);
    int in_block = 0, rc;
    long set = -1;
    while ((rc = next_line(r)) > 0) {
        char *s = dw_peer_trim(r->line);
        if (!*s) continue;
        if (strncmp(s, "---", 3) == 0 && s[3] != ']') { /* --- NAME [CODE] --- */
            char *br = strchr(s, '['), *close = br ? strchr(br, ']') : NULL;
            if (!br || !close) return fail(err, r, "expected --- NAME [CODE] ---, not", s);
            *close = '\0';
            memset(&bl, 0, sizeof bl);
            if (dw_peer_parse_code(br + 1, &bl.def)) return fail(err, r, "bad event code", br + 1);
            in_block = 1;
            set = -1;
            continue;
        }
        if (*s == '&') {
            char *name = dw_peer_trim(s + 1);
            size_t n = dw_peer_set_name(name);
            if (!n) return fail(err, r, "bad synset name", s);
            if (dw_peer_find_set(d, name, n) >= 0) return fail(err, r, "synset defined twice:", s);
            if ((set = dw_dict_add_set(d, name)) < 0) return dw_fail(err, DW_ENOMEM, "%s:%u: out of memory", r->name, r->lineno);
            in_block = 0;
            continue;
        }
        if (set >= 0 && *s == '+') {
            if (add_member(d, r, set, dw_peer_trim(s + 1), tok, 0, err)) return err->code;
            continue;
        }
        if (!in_block) return fail(err, r, "expected &SYNSET, +MEMBER or --- VERB [CODE] ---, not", s);
        if (*s == '-') {
            if (add_block_pattern(d, r, &bl, s + 1, tok, err)) return err->code;
            continue;
        }
        if (add_verb(d, r, &bl, s, tok, err)) return err->code;
    }
    if (rc < 0) return dw_fail(err, DW_ELIMIT, "%s:%u: line too long", r->name, r->lineno);
    dw_dict_sort_patterns(d);
    return DW_OK;
}

/* ---- entry point ------------------------------------------------------------- */

int dw_dict_load_petrarch(dw_dict *d, const char *name, const char *data, size_t n,
                          dw_dict_kind kind, dw_error *err) {
    if (dw_dict_set_style(d, DW_STYLE_PETRARCH, name, err)) return err->code;
    dw_peer_reader *r = dw_peer_reader_new(name, data, n);
    if (!r) return dw_fail(err, DW_ENOMEM, "%s: out of memory", name);
    dw_tokens tok = {0};
    int rc;
    switch (kind) {
    case DW_DICT_PETRARCH_ACTORS: rc = load_actors(d, r, &tok, err); break;
    case DW_DICT_PETRARCH_AGENTS: rc = load_agents(d, r, &tok, err); break;
    case DW_DICT_PETRARCH_DISCARDS: rc = load_discards(d, r, &tok, err); break;
    case DW_DICT_PETRARCH_ISSUES: rc = load_issues(d, r, &tok, err); break;
    default: rc = load_verbs(d, r, &tok, err); break;
    }
    dw_tokens_free(&tok);
    free(r);
    return rc;
}
