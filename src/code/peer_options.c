/*
 * peer_options.c — TABARI .options commands and peer date stamps.
 *
 * An options file (and a validation record's "OPTION:" lines) holds one
 * command per line: "COMPLEX: VERBS[5] CONJ[4] NOACTPRIOR", "SET: CODE ALL",
 * "COMMA: MIN = 2 MAX = 10 ...", "DEFAULT: SOURCE [X] PRIOR TARGET [Y]
 * AFTER", "FORWARD: ...", "OUTPUT: ...", "LABEL: ...".  Commands that change
 * coding set dw_peer_options; those that only shape TABARI's own output are
 * accepted and ignored; anything else is an error naming the command.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code/peer.h"

void dw_peer_options_default(dw_peer_options *o, dw_dict_style style) {
    memset(o, 0, sizeof *o);
    o->code_by = PEER_BY_CLAUSE;
    /* TABARI's comma rules: asides of 2-10 words between commas and a
     * trailing ", an official said" clause are not coded; leading clauses
     * are kept (BMIN > BMAX) */
    o->comma_on = 1;
    o->comma_min = 2;
    o->comma_max = 10;
    o->comma_emin = 2;
    o->comma_emax = 10;
    o->comma_bmin = 255;
    o->comma_bmax = 0;
    o->time_shift = 1; /* on when the verbs file has <TIME> entries */
    o->min_words = style == DW_STYLE_TABARI ? 8 : 0;
}

/* Upper-cases and squeezes blanks so "SET:  code  by sentence" compares. */
static void canon(const char *in, char *out, size_t cap) {
    size_t n = 0;
    int space = 1;
    for (; *in && n + 1 < cap; in++) {
        if (isspace((unsigned char)*in)) {
            if (!space) out[n++] = ' ';
            space = 1;
            continue;
        }
        out[n++] = (char)toupper((unsigned char)*in);
        space = 0;
    }
    while (n && out[n - 1] == ' ') n--;
    out[n] = '\0';
}

/* "NAME = TRUE" / "NAME=FALSE" → 1 / 0; -1 when the value is missing. */
static int bool_value(const char *s) {
    const char *eq = strchr(s, '=');
    if (!eq) return -1;
    while (*++eq == ' ') {
    }
    if (strncmp(eq, "TRUE", 4) == 0) return 1;
    if (strncmp(eq, "FALSE", 5) == 0) return 0;
    return -1;
}

static int starts(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

static int set_command(dw_peer_options *o, const char *s, const char *line, dw_error *err) {
    static const char *const IGNORED[] = {"SKIP RECORDS", "VERB USAGE",    "ACTOR USAGE",
                                          "AGENT USAGE",  "DUP WARNING",   "FBIS",
                                          "ALLCAPS",      "CHECK DOMINANT", "LABEL", NULL};
    if (starts(s, "CODE BY SENTENCE")) return o->code_by = PEER_BY_SENTENCE, DW_OK;
    if (starts(s, "CODE BY CLAUSE")) return o->code_by = PEER_BY_CLAUSE, DW_OK;
    if (starts(s, "CODE ALL")) return o->code_by = PEER_CODE_ALL, DW_OK;
    int b = bool_value(s);
    if (starts(s, "TIME SHIFT") && b >= 0) return o->time_shift = (uint8_t)b, DW_OK;
    if (starts(s, "CONVERT AGENT") && b >= 0) return o->convert_agent = (uint8_t)b, DW_OK;
    if (starts(s, "YYYY") && b >= 0) return o->yyyy = (uint8_t)b, DW_OK;
    if (starts(s, "MINIMUM WORDS")) {
        const char *eq = strchr(s, '=');
        char *end = NULL;
        long v = eq ? strtol(eq + 1, &end, 10) : -1;
        if (!eq || end == eq + 1 || v < 0 || v > 1000)
            return dw_fail(err, DW_EPARSE, "bad option '%s': expected MINIMUM WORDS = N", line);
        o->min_words = (int)v;
        return DW_OK;
    }
    for (int i = 0; IGNORED[i]; i++)
        if (starts(s, IGNORED[i])) return DW_OK;
    return dw_fail(err, DW_EPARSE, "unknown option '%s'", line);
}

/* COMPLEX: VERBS[5] CONJ[4] NOACTPRIOR EXPLAIN */
static int complex_command(dw_peer_options *o, const char *s, const char *line, dw_error *err) {
    o->complex_verbs = o->complex_conj = 0;
    o->noactprior = 0;
    for (const char *p = s; *p;) {
        while (*p == ' ') p++;
        const char *w = p;
        while (*p && *p != ' ') p++;
        size_t n = (size_t)(p - w);
        if (n == 0) break;
        int v;
        if (sscanf(w, "VERBS[%d]", &v) == 1) o->complex_verbs = v;
        else if (sscanf(w, "CONJ[%d]", &v) == 1) o->complex_conj = v;
        else if (n == 10 && strncmp(w, "NOACTPRIOR", 10) == 0) o->noactprior = 1;
        else if (n == 7 && strncmp(w, "EXPLAIN", 7) == 0) {
        } else
            return dw_fail(err, DW_EPARSE, "bad option '%s': unknown COMPLEX condition '%.*s'",
                           line, (int)n, w);
    }
    return DW_OK;
}

/* COMMA: MIN = 2 MAX = 10 EMIN = 2 EMAX = 10 BMIN = 255 BMAX = 0 | OFF */
static int comma_command(dw_peer_options *o, const char *s, const char *line, dw_error *err) {
    if (starts(s, "OFF")) return o->comma_on = 0, DW_OK;
    o->comma_on = 1;
    for (const char *p = s; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        char key[8];
        size_t k = 0;
        while (isalpha((unsigned char)*p) && k + 1 < sizeof key) key[k++] = *p++;
        key[k] = '\0';
        while (*p == ' ') p++;
        if (*p != '=')
            return dw_fail(err, DW_EPARSE, "bad option '%s': expected KEY = N after COMMA:", line);
        char *end;
        long v = strtol(p + 1, &end, 10);
        if (end == p + 1) return dw_fail(err, DW_EPARSE, "bad option '%s': expected a number", line);
        p = end;
        int *slot = strcmp(key, "MIN") == 0    ? &o->comma_min
                    : strcmp(key, "MAX") == 0  ? &o->comma_max
                    : strcmp(key, "EMIN") == 0 ? &o->comma_emin
                    : strcmp(key, "EMAX") == 0 ? &o->comma_emax
                    : strcmp(key, "BMIN") == 0 ? &o->comma_bmin
                    : strcmp(key, "BMAX") == 0 ? &o->comma_bmax
                                               : NULL;
        if (!slot)
            return dw_fail(err, DW_EPARSE, "bad option '%s': unknown COMMA key '%s'", line, key);
        *slot = (int)v;
    }
    return DW_OK;
}

/* DEFAULT: SOURCE [X] PRIOR TARGET [Y] AFTER | OFF */
static int default_command(dw_peer_options *o, const char *s, const char *line, dw_error *err) {
    if (starts(s, "OFF")) {
        o->default_on = o->default_prior = o->default_after = 0;
        o->default_source[0] = o->default_target[0] = '\0';
        return DW_OK;
    }
    o->default_on = 1;
    o->default_prior = o->default_after = 0;
    char *which = NULL;
    for (const char *p = s; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        if (starts(p, "SOURCE")) which = o->default_source, p += 6;
        else if (starts(p, "TARGET")) which = o->default_target, p += 6;
        else if (starts(p, "PRIOR")) o->default_prior = 1, p += 5;
        else if (starts(p, "AFTER")) o->default_after = 1, p += 5;
        else if (*p == '[' && which) {
            const char *close = strchr(p, ']');
            if (!close || close - p - 1 >= 16)
                return dw_fail(err, DW_EPARSE, "bad option '%s': expected [CODE]", line);
            snprintf(which, 16, "%.*s", (int)(close - p - 1), p + 1);
            p = close + 1;
        } else
            return dw_fail(err, DW_EPARSE, "bad option '%s': unexpected '%s'", line, p);
    }
    return DW_OK;
}

int dw_peer_options_apply(dw_peer_options *o, const char *line, dw_error *err) {
    char s[512];
    canon(line, s, sizeof s);
    if (!*s) return DW_OK;
    const char *colon = strchr(s, ':');
    if (!colon) return dw_fail(err, DW_EPARSE, "bad option '%s': expected COMMAND: ...", line);
    const char *arg = colon + 1;
    while (*arg == ' ') arg++;
    size_t n = (size_t)(colon - s);
#define IS(name) (n == sizeof(name) - 1 && strncmp(s, name, n) == 0)
    if (IS("SET")) return set_command(o, arg, line, err);
    if (IS("COMPLEX")) return complex_command(o, arg, line, err);
    if (IS("COMMA")) return comma_command(o, arg, line, err);
    if (IS("DEFAULT")) return default_command(o, arg, line, err);
    if (IS("FORWARD")) {
        size_t k = strlen(arg);
        o->forward = !(k >= 3 && strcmp(arg + k - 3, "OFF") == 0);
        return DW_OK;
    }
    if (IS("OUTPUT") || IS("LABEL")) return DW_OK;
#undef IS
    return dw_fail(err, DW_EPARSE, "unknown option command '%.*s'", (int)n, s);
}

int32_t dw_peer_date_days(const char *s, size_t n) {
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (n != 6 && n != 8) return INT32_MIN;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return INT32_MIN;
    char iso[11];
    if (n == 6) {
        int yy = (s[0] - '0') * 10 + (s[1] - '0');
        snprintf(iso, sizeof iso, "%d-%.2s-%.2s", yy < 50 ? 2000 + yy : 1900 + yy, s + 2, s + 4);
    } else {
        snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
    }
    return dw_date_days(iso, 10, 1);
}
