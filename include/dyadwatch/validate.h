/*
 * validate.h — running peer coders' own test suites through our coder.
 *
 * Two formats are read:
 *   - a TABARI validation text (records "YYMMDD ID", the sentence, then a
 *     comment whose { SRC / TGT / CODE } blocks are the expected events,
 *     {---} no event, {###} a discard, {+++} too complex, { OPTION: ... }
 *     an options command); its .project file (same folder) names the
 *     .actors, .verbs, .agents and .options dictionaries.  Records after the
 *     one announcing "the end of the standard validation records" are not run.
 *   - a PETRARCH unit-test XML (<Sentence date id category> with
 *     <EventCoding sourcecode targetcode eventcode/> or noevents, and the
 *     sentence in <Text>; the <Parse> trees are not used); its <Environment>
 *     names the dictionaries and the categories to <Include>.
 * A record passes when the set of coded (source, target, code) triples is
 * exactly the expected set (a discard counts as such only when the coder
 * discards the sentence).  Complex records ({+++}) are run and reported
 * apart; records with nothing to check are skipped.
 */
#ifndef DYADWATCH_VALIDATE_H
#define DYADWATCH_VALIDATE_H

#include <stddef.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum dw_validate_expect {
    DW_EXPECT_EVENTS = 0, /* one or more events */
    DW_EXPECT_NONE,       /* {---}, noevents */
    DW_EXPECT_DISCARD,    /* {###}, a discard error */
    DW_EXPECT_COMPLEX,    /* {+++}: reported apart */
    DW_EXPECT_SKIP        /* nothing checkable (options, parse errors, excluded categories) */
} dw_validate_expect;

typedef struct dw_validate_record {
    const char *id;
    const char *date;     /* as written in the suite */
    const char *text;     /* the sentence, blanks squeezed */
    dw_validate_expect expect;
    const char *expected; /* "SRC/TGT/CODE SRC/TGT/CODE", "---", "###", "+++" */
    const char *coded;    /* the same form for what we coded ("---" none, "###" discarded) */
    int passed;
    const char *why;      /* for skipped records */
} dw_validate_record;

typedef struct dw_validate_summary {
    size_t passed, failed;                 /* records that expect events, none or a discard */
    size_t complex_passed, complex_failed; /* {+++} records */
    size_t skipped;
    char suite[16];                        /* "TABARI" or "PETRARCH" */
} dw_validate_summary;

typedef void (*dw_validate_fn)(const dw_validate_record *rec, void *ctx);

/* Runs a suite; calls fn (may be NULL) for every record.  Errors (a missing
 * dictionary, a malformed dictionary line, an unreadable suite) stop it. */
int dw_validate_file(const char *path, dw_validate_fn fn, void *ctx, dw_validate_summary *sum,
                     dw_error *err);

#ifdef __cplusplus
}
#endif
#endif
