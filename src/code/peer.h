/*
 * peer.h — coding with peer dictionaries (TABARI, PETRARCH): the options
 * that steer it and the sentence coder that follows those programs'
 * published semantics (coder_peer.c).
 *
 * A dw_dict loaded from TABARI or PETRARCH files (dict_tabari.c,
 * dict_petrarch.c) is coded by dw_peer instead of the native coder: the
 * patterns, actor codes and conventions differ (stems, paired codes,
 * agents as code suffixes, discards), and the validation suites
 * (validate*.c) test exactly those.  dw_code_document() dispatches to it,
 * so `dyadwatch code --dict DIR` works with peer dictionaries too.
 *
 * Invariants: a dw_peer holds scratch memory only (plus the antecedent
 * carried between sentences of one story); the dictionary is read-only.
 */
#ifndef DW_CODE_PEER_H
#define DW_CODE_PEER_H

#include <stddef.h>
#include <stdint.h>

#include "code/dict_internal.h"
#include "dyadwatch/doc.h"
#include "dyadwatch/event.h"
#include "dyadwatch/text.h"

/* ---- options (TABARI .options commands; defaults for PETRARCH) ---------- */

enum { PEER_BY_CLAUSE = 0, PEER_BY_SENTENCE, PEER_CODE_ALL };

typedef struct dw_peer_options {
    int complex_verbs, complex_conj; /* COMPLEX: VERBS[n] CONJ[n]; 0 = no limit */
    uint8_t noactprior;              /* COMPLEX: NOACTPRIOR */
    uint8_t time_shift;              /* SET: TIME SHIFT */
    uint8_t code_by;                 /* SET: CODE BY CLAUSE / SENTENCE, CODE ALL */
    uint8_t comma_on;                /* COMMA: OFF clears it */
    int comma_min, comma_max, comma_emin, comma_emax, comma_bmin, comma_bmax;
    int min_words;                   /* SET: MINIMUM WORDS */
    uint8_t convert_agent;           /* SET: CONVERT AGENT: a lone agent is an actor */
    uint8_t forward;                 /* FORWARD: pronouns reach into the previous sentence */
    uint8_t default_on, default_prior, default_after; /* DEFAULT: */
    char default_source[16], default_target[16];
    uint8_t yyyy;                    /* SET: YYYY: 8-digit dates */
} dw_peer_options;

void dw_peer_options_default(dw_peer_options *o, dw_dict_style style);
/* Applies one options command ("SET: CODE ALL", "COMMA: MIN = 2 MAX = 10");
 * DW_EPARSE with the reason in err when the command is malformed or
 * unknown.  Commands that only shape TABARI's own output (OUTPUT:, LABEL:)
 * are accepted and ignored. */
int dw_peer_options_apply(dw_peer_options *o, const char *line, dw_error *err);

/* A TABARI or PETRARCH date (YYMMDD, YYYYMMDD) as a day number; two-digit
 * years below 50 are 20xx.  INT32_MIN when malformed. */
int32_t dw_peer_date_days(const char *s, size_t n);

/* ---- the sentence coder ------------------------------------------------- */

typedef enum dw_peer_status {
    PEER_CODED = 0, /* events (possibly none) */
    PEER_DISCARD,   /* a discard entry ([###]) matched: no events */
    PEER_COMPLEX,   /* too complex to code ([+++], COMPLEX: limits) */
    PEER_SHORT      /* fewer words than MINIMUM WORDS */
} dw_peer_status;

#define DW_PEER_MAX_EVENTS 64

typedef struct dw_peer_event {
    char source[32], target[32], code[8];
    int32_t shift;          /* days, from a <TIME> phrase */
    uint32_t b0, b1;        /* bytes of the verb in the text */
    uint32_t sb0, sb1, tb0, tb1; /* bytes of the source and target words */
} dw_peer_event;

typedef struct dw_peer_result {
    dw_peer_status status;
    size_t n;
    dw_peer_event ev[DW_PEER_MAX_EVENTS];
} dw_peer_result;

typedef struct dw_peer dw_peer;

dw_peer *dw_peer_new(const dw_dict *d, dw_error *err);
void dw_peer_free(dw_peer *p);
/* The options in force (a copy of the dictionary's; the validator edits it). */
dw_peer_options *dw_peer_opts(dw_peer *p);
/* Forgets the antecedent carried from earlier sentences. */
void dw_peer_new_story(dw_peer *p);
/* Codes one sentence of text at a day number (INT32_MIN: undated). */
int dw_peer_code(dw_peer *p, const char *text, size_t len, int32_t day, dw_peer_result *out,
                 dw_error *err);
/* Codes one sentence of a document into records (dw_code_document). */
int dw_peer_code_events(dw_peer *p, const dw_doc *doc, int index, dw_span span, int32_t day,
                        dw_events *out, dw_error *err);

#endif
