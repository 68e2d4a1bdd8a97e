/*
 * phrase.c — the phrase index of src/extract: token sequences (as their
 * norms joined by single spaces) mapped to int32 values, with a second
 * table of first tokens so that a sentence position that starts no phrase
 * costs one hash lookup.  The gazetteer's names and the track cues use it.
 *
 * Invariants: phrases are tokenized by dw_tokenize, as the text is, so a
 * phrase and the words of a sentence agree on case, accents and hyphens;
 * values of one phrase are chained in insertion order; tables are open
 * addressing with linear probing, at most half full.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_internal.h"

/* The hash of a key: a word's dw_word_hash, or the words' hashes folded
 * (dw_phrase_hash_more), as xphrases_match computes it from the tokens'. */
static uint32_t key_hash(const char *s, size_t n) {
    size_t w = 0;
    while (w < n && s[w] != ' ') w++;
    uint32_t h = dw_word_hash(s, w);
    while (w < n) {
        size_t a = ++w;
        while (w < n && s[w] != ' ') w++;
        h = dw_phrase_hash_more(h, dw_word_hash(s + a, w - a));
    }
    return h;
}

/* Keys are short (a word or a few): compared inline, without a call. */
static bool same_key(const char *a, const char *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return false;
    return true;
}

static xmap_entry *map_find(const xmap *m, const char *keys, uint32_t h, const char *k,
                            size_t n) {
    if (!m->cap) return NULL;
    size_t head = n < sizeof m->e->head ? n : sizeof m->e->head;
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        xmap_entry *e = &m->e[i];
        if (!e->klen) return NULL;
        if (e->hash == h && e->klen == n && same_key(e->head, k, head) &&
            same_key(keys + e->key + head, k + head, n - head))
            return e;
    }
}

static int map_grow(xmap *m) {
    size_t cap = m->cap ? m->cap * 2 : 256;
    xmap_entry *e = calloc(cap, sizeof *e);
    if (!e) return DW_ENOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->e[i].klen) continue;
        size_t j = m->e[i].hash & (cap - 1);
        while (e[j].klen) j = (j + 1) & (cap - 1);
        e[j] = m->e[i];
    }
    free(m->e);
    m->e = e;
    m->cap = cap;
    return DW_OK;
}

/* Inserts a key known to be absent; keys is the buffer key indexes. */
static int map_insert(xmap *m, const char *keys, uint32_t h, uint32_t key, uint32_t klen,
                      uint32_t payload) {
    if ((m->n + 1) * 2 > m->cap && map_grow(m)) return DW_ENOMEM;
    size_t j = h & (m->cap - 1);
    while (m->e[j].klen) j = (j + 1) & (m->cap - 1);
    m->e[j] = (xmap_entry){h, key, klen, payload, {0}};
    memcpy(m->e[j].head, keys + key, klen < sizeof m->e[j].head ? klen : sizeof m->e[j].head);
    m->n++;
    return DW_OK;
}

void xphrases_free(xphrases *p) {
    if (!p) return;
    dw_buf_free(&p->keys);
    free(p->full.e);
    free(p->first.e);
    free(p->v);
    dw_tokens_free(&p->scratch);
    memset(p, 0, sizeof *p);
}

/* Appends s[0,n) + NUL to the key buffer; returns its offset via *off. */
static int add_key(xphrases *p, const char *s, size_t n, uint32_t *off) {
    if (p->keys.len > UINT32_MAX - n - 1) return DW_ELIMIT;
    *off = (uint32_t)p->keys.len;
    if (dw_buf_add(&p->keys, s, n) || dw_buf_addc(&p->keys, '\0')) return DW_ENOMEM;
    return DW_OK;
}

static int push_value(xphrases *p, int32_t value, int32_t *index) {
    if (p->nv == p->capv) {
        size_t cap = p->capv ? p->capv * 2 : 256;
        xphrase_value *v = realloc(p->v, cap * sizeof *v);
        if (!v) return DW_ENOMEM;
        p->v = v;
        p->capv = cap;
    }
    if (p->nv >= INT32_MAX) return DW_ELIMIT;
    p->v[p->nv] = (xphrase_value){value, -1};
    *index = (int32_t)p->nv++;
    return DW_OK;
}

/* Adds key[0, klen) (the norms of nt tokens joined by spaces, the first
 * fl bytes long) → value. */
static int add_key_value(xphrases *p, const char *key, size_t klen, size_t fl, size_t nt,
                         int32_t value) {
    int rc;
    int32_t vi;
    if ((rc = push_value(p, value, &vi))) return rc;

    uint32_t h = key_hash(key, klen);
    xmap_entry *e = map_find(&p->full, p->keys.data, h, key, klen);
    if (e) { /* chain at the tail: insertion order */
        int32_t k = (int32_t)e->payload;
        while (p->v[k].next >= 0) k = p->v[k].next;
        p->v[k].next = vi;
    } else {
        uint32_t off;
        if ((rc = add_key(p, key, klen, &off)) ||
            (rc = map_insert(&p->full, p->keys.data, h, off, (uint32_t)klen, (uint32_t)vi)))
            return rc;
    }

    uint32_t fh = key_hash(key, fl);
    xmap_entry *f = map_find(&p->first, p->keys.data, fh, key, fl);
    if (f) {
        if (f->payload < nt) f->payload = (uint32_t)nt;
        return DW_OK;
    }
    uint32_t off;
    if ((rc = add_key(p, key, fl, &off))) return rc;
    return map_insert(&p->first, p->keys.data, fh, off, (uint32_t)fl, (uint32_t)nt);
}

int xphrases_add(xphrases *p, const char *phrase, size_t len, int32_t value) {
    dw_tokens_reset(&p->scratch);
    int rc = dw_tokenize(phrase, len, 0, &p->scratch);
    if (rc) return rc;
    size_t nt = p->scratch.n;
    if (nt == 0 || nt > XPHRASE_MAX_TOKENS) return DW_EINVAL;

    char key[1024];
    size_t klen = 0;
    for (size_t i = 0; i < nt; i++) {
        const char *w = dw_token_norm(&p->scratch, i);
        size_t wl = p->scratch.v[i].norm_len;
        if (klen + wl + 1 >= sizeof key) return DW_ELIMIT;
        if (i) key[klen++] = ' ';
        memcpy(key + klen, w, wl);
        klen += wl;
    }
    return add_key_value(p, key, klen, p->scratch.v[0].norm_len, nt, value);
}

int xphrases_add_norm(xphrases *p, const char *norm, size_t len, int32_t value) {
    char key[1024];
    if (len == 0 || len >= sizeof key) return DW_EINVAL;
    memcpy(key, norm, len); /* a copy: norm may live in p's own key buffer */
    return add_key_value(p, key, len, len, 1, value);
}

int xphrases_each_first(const xphrases *p, int (*fn)(const char *norm, size_t len, void *ud),
                        void *ud) {
    for (size_t i = 0; i < p->first.cap; i++) {
        const xmap_entry *e = &p->first.e[i];
        if (!e->klen) continue;
        int rc = fn(p->keys.data + e->key, e->klen, ud);
        if (rc) return rc;
    }
    return 0;
}

int32_t xphrases_match(const xphrases *p, const xsent *s, size_t i, size_t end, size_t *ntok) {
    if (!p->first.n || i >= end || i >= s->n) return -1;
    const char *w = xs_norm(s, i);
    size_t wl = s->t->v[i].norm_len;
    uint32_t h = xs_hash(s, i);
    xmap_entry *f = map_find(&p->first, p->keys.data, h, w, wl);
    if (!f) return -1;

    /* the keys of the phrases of 1, 2, ... tokens from i, with their
     * hashes, each continuing the one before */
    char key[1024];
    size_t lens[XPHRASE_MAX_TOKENS + 1] = {0};
    uint32_t hashes[XPHRASE_MAX_TOKENS + 1] = {0};
    size_t klen = 0, max = f->payload;
    if (end > s->n) end = s->n;
    if (max > end - i) max = end - i;
    size_t got = 0;
    for (size_t k = 0; k < max; k++) {
        const char *x = xs_norm(s, i + k);
        size_t xl = s->t->v[i + k].norm_len;
        if (klen + xl + 1 >= sizeof key) break;
        if (k) {
            key[klen++] = ' ';
            h = dw_phrase_hash_more(h, xs_hash(s, i + k));
        }
        memcpy(key + klen, x, xl);
        klen += xl;
        lens[++got] = klen;
        hashes[got] = h;
    }
    for (size_t L = got; L >= 1; L--) {
        xmap_entry *e = map_find(&p->full, p->keys.data, hashes[L], key, lens[L]);
        if (e) {
            *ntok = L;
            return (int32_t)e->payload;
        }
    }
    return -1;
}

int32_t xphrases_word(const xphrases *p, const char *norm, size_t len) {
    return xphrases_word_hashed(p, norm, len, key_hash(norm, len));
}

int32_t xphrases_word_hashed(const xphrases *p, const char *norm, size_t len, uint32_t hash) {
    xmap_entry *e = map_find(&p->full, p->keys.data, hash, norm, len);
    return e ? (int32_t)e->payload : -1;
}
