/*
 * track.c — the policy track of an event, refined from its words and its
 * context.  Cue words that are only a place name ("Dogharoun", listed as a
 * migration cue) are dropped by the extractor before these rules run.  The coder sets a first track from the CAMEO code and the cue
 * words of the sentence; the extractor then applies, in order:
 *
 *   1. cues in the sentence: water, narcotics, migration and ideology cues
 *      (data/dict/tracks.dict) decide; when two compete, the cue nearest
 *      the event's verb wins ("police seized drugs near the Helmand River"
 *      with the verb "seized" → narcotics);
 *   2. an economy cue moves a diplomacy or other event to economy;
 *   3. context: a security, diplomacy or other event in a sentence with
 *      none of those cues takes the specific track (water, narcotics,
 *      migration, ideology) of the previous sentence of its paragraph; a
 *      security or other event (not a statement) also that of the sentence
 *      before, else that of the document's title (a clash in a story about
 *      the dam dispute stays on water);
 *   4. otherwise the coder's track stands.
 *
 * Invariants: no allocation after xtracks_load_cues; track numbers are the
 * XTR_* constants, in the order of docs/event-schema.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "extract/extract_internal.h"

static const char *const NAMES[XTR_N] = {"security", "diplomacy", "economy",   "water",
                                         "narcotics", "migration", "ideology", "other"};

const char *xtrack_name(int track) { return track >= 0 && track < XTR_N ? NAMES[track] : ""; }

int xtrack_from_name(const char *name) {
    for (int i = 0; i < XTR_N; i++)
        if (name && strcmp(name, NAMES[i]) == 0) return i;
    return -1;
}

/* Reads "TRACK | phrase; phrase; ..." lines (name: the file, for errors). */
int xtracks_parse_cues(xphrases *cues, const char *text, size_t len, const char *name,
                       dw_error *err) {
    const char *p = text, *end = text + len;
    size_t line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        line++;
        const char *bar = memchr(p, '|', (size_t)(le - p));
        if (*p != '#' && bar) {
            const char *ne = bar;
            while (ne > p && (ne[-1] == ' ' || ne[-1] == '\t')) ne--;
            char track_name[16];
            size_t nl2 = (size_t)(ne - p);
            if (nl2 >= sizeof track_name)
                return dw_fail(err, DW_EPARSE, "%s:%zu: unknown track", name, line);
            memcpy(track_name, p, nl2);
            track_name[nl2] = '\0';
            int track = xtrack_from_name(track_name);
            if (track < 0)
                return dw_fail(err, DW_EPARSE, "%s:%zu: unknown track '%s'", name, line,
                               track_name);
            for (const char *q = bar + 1; q < le;) {
                const char *semi = memchr(q, ';', (size_t)(le - q));
                const char *qe = semi ? semi : le;
                while (q < qe && (*q == ' ' || *q == '\t')) q++;
                const char *te = qe;
                while (te > q && (te[-1] == ' ' || te[-1] == '\t' || te[-1] == '\r')) te--;
                if (te > q) {
                    int rc = xphrases_add(cues, q, (size_t)(te - q), track);
                    if (rc == DW_ENOMEM) return dw_fail(err, rc, "out of memory loading cues");
                }
                q = qe + 1;
            }
        }
        p = le + 1;
    }
    return DW_OK;
}

/* The built-in cues (data/dict/tracks.dict). */
int xtracks_load_cues(xphrases *cues, dw_error *err) {
    const dw_embedded_file *f = dw_embedded_find("dict/tracks.dict");
    if (!f) return dw_fail(err, DW_EIO, "dict/tracks.dict is not built into the library");
    return xtracks_parse_cues(cues, f->data, f->len, "dict/tracks.dict", err);
}

size_t xtracks_scan(const xphrases *cues, const xsent *s, xcue *out, size_t cap) {
    size_t n = 0;
    for (size_t i = 0; i < s->n;) {
        /* the word classes know which words start a cue */
        if (s->cls && !(s->cls[i] & XC_CUE_FIRST)) {
            i++;
            continue;
        }
        size_t nt = 0;
        int32_t v = xphrases_match(cues, s, i, s->n, &nt);
        if (v < 0) {
            i++;
            continue;
        }
        /* one phrase may be listed under two tracks: keep each */
        for (int32_t k = v; k >= 0 && n < cap; k = cues->v[k].next)
            out[n++] = (xcue){(uint32_t)i, (uint16_t)nt, (int16_t)cues->v[k].value};
        i += nt;
    }
    return n;
}

/* A code of up to four bytes as one number (this runs for every event:
 * integer compares instead of strcmp); longer codes are never in the
 * table, and get a key no code has. */
static uint32_t code_key(const char *code) {
    uint32_t k = 0;
    size_t n = 0;
    for (; n < 4 && code[n]; n++) k = k << 8 | (unsigned char)code[n];
    return code[n] ? UINT32_MAX : k << (8 * (4 - n));
}

static int cmp_code(const void *a, const void *b) {
    uint32_t x = ((const xcode_track *)a)->key, y = ((const xcode_track *)b)->key;
    return x < y ? -1 : x > y;
}

/* Reads the code (column 1) and track (column 8) of the CAMEO table. */
int xtracks_load_codes(xcodes *c, dw_error *err) {
    const dw_embedded_file *f = dw_embedded_find("cameo.tsv");
    if (!f) return dw_fail(err, DW_EIO, "cameo.tsv is not built into the library");
    size_t lines = 0;
    for (size_t i = 0; i < f->len; i++) lines += f->data[i] == '\n';
    c->v = calloc(lines + 1, sizeof *c->v);
    if (!c->v) return dw_fail(err, DW_ENOMEM, "out of memory loading cameo.tsv");
    c->n = 0;
    const char *p = f->data, *end = f->data + f->len;
    for (size_t line = 0; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *col[9];
        size_t n = 0;
        col[n++] = p;
        for (const char *q = p; q < le && n < 9; q++)
            if (*q == '\t') col[n++] = q + 1;
        size_t cl = n == 9 ? (size_t)(col[1] - col[0] - 1) : 0;
        size_t tl = n == 9 ? (size_t)(col[8] - col[7] - 1) : 0;
        if (line > 0 && cl >= 2 && cl <= 4 && tl < 16) { /* line 0 is the header */
            char tr[16];
            memcpy(tr, col[7], tl);
            tr[tl] = '\0';
            int t = xtrack_from_name(tr);
            if (t >= 0) {
                xcode_track *ct = &c->v[c->n++];
                memcpy(ct->code, col[0], cl);
                ct->code[cl] = '\0';
                ct->track = (int8_t)t;
                ct->key = code_key(ct->code);
            }
        }
        p = le + 1;
    }
    qsort(c->v, c->n, sizeof *c->v, cmp_code);
    return DW_OK;
}

int xtracks_code_default(const xcodes *c, const char *code) {
    uint32_t key = code_key(code);
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->v[mid].key == key) return c->v[mid].track;
        if (c->v[mid].key < key) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

static bool specific(int t) {
    return t == XTR_WATER || t == XTR_NARCOTICS || t == XTR_MIGRATION || t == XTR_IDEOLOGY;
}

int xtracks_dominant(const xcue *c, size_t n) {
    int count[XTR_N] = {0}, best = -1;
    for (size_t i = 0; i < n; i++)
        if (specific(c[i].track)) count[c[i].track]++;
    for (int t = 0; t < XTR_N; t++)
        if (count[t] && (best < 0 || count[t] > count[best])) best = t;
    return best;
}

int xtracks_refine(int current, const xcue *c, size_t n, uint32_t anchor, const int context[2],
                   int title) {
    int best = -1;
    uint32_t best_d = UINT32_MAX;
    bool economy = false;
    for (size_t i = 0; i < n; i++) {
        if (c[i].track == XTR_ECONOMY) economy = true;
        if (!specific(c[i].track)) continue;
        uint32_t d = c[i].t > anchor ? c[i].t - anchor : anchor - c[i].t;
        if (d < best_d) best_d = d, best = c[i].track;
    }
    if (best >= 0) return best;
    if (economy && (current == XTR_DIPLOMACY || current == XTR_OTHER || current < 0))
        return XTR_ECONOMY;
    if (current == XTR_SECURITY || current == XTR_DIPLOMACY || current == XTR_OTHER ||
        current < 0) {
        if (context[0] >= 0) return context[0];
        /* further back, only for deeds: a statement two sentences after a
         * mention of refugees is not about refugees */
        if (current != XTR_DIPLOMACY && context[1] >= 0) return context[1];
        if (current != XTR_DIPLOMACY && title >= 0) return title;
    }
    return current;
}
