/*
 * dict_peer.h — what the readers of peer dictionaries (TABARI,
 * PETRARCH: dict_tabari.c, dict_petrarch.c) share (dict_peer.c): reading
 * lines, actor entries with their code blocks, and compiling phrases and
 * patterns into peer words and dw_pattern elements.
 *
 * Phrase syntax, as both programs write it:
 *   WORD_WORD   the words stand next to each other; the first is exact
 *   WORD WORD   other words may come between (TABARI; PETRARCH patterns)
 *   WORD~_NEXT  next to each other, but WORD stays a stem (TABARI)
 *   WORD=       exactly this word (TABARI)
 *   WORD        TABARI: a stem (any word it begins); PETRARCH: the word
 *   WORD_       (last word) TABARI: the word with its regular endings
 *               (plural/possessive for actors, verb endings for verbs)
 * Patterns add  *  (the verb),  $  (source),  +  (target),  %  (compound),
 * ^ (an actor skipped) and &SET (any member of a synset).
 */
#ifndef DW_CODE_DICT_PEER_H
#define DW_CODE_DICT_PEER_H

#include "code/dict_internal.h"
#include "dyadwatch/text.h"

typedef enum dw_peer_ctx {
    PC_ACTOR = 0, /* actors, agents, nouns, adjectives, discards */
    PC_VERB,      /* verb forms */
    PC_PATTERN    /* pattern words and synset members */
} dw_peer_ctx;

#define DW_PEER_MAX_WORDS 24

/* Compiles a phrase into peer words (PW_*); returns the count, or -1 with
 * *why set.  Slots ($ + % ^) are allowed when ctx is PC_PATTERN (synset
 * members). */
int dw_peer_phrase(dw_dict *d, dw_dict_style style, dw_peer_ctx ctx, const char *text,
                   uint32_t *out, int max, dw_tokens *tok, const char **why);

/* Compiles a pattern body ("SAID $ * DEPLORE") for a verb into *p (code and
 * flags are the caller's).  0, or -1 with *why set. */
int dw_peer_pattern(dw_dict *d, dw_dict_style style, const char *text, uint32_t verb,
                    dw_pattern *p, dw_tokens *tok, const char **why);

/* Index of a set by name (case-insensitive), -1 when unknown. */
long dw_peer_find_set(const dw_dict *d, const char *name, size_t n);

/* Parses a peer event code "[064]", "[032:033]", "[---]", "[023?]" (the
 * text inside the brackets) into p->code, p->code2 and p->peer_flags.
 * 0, or -1 when malformed. */
int dw_peer_parse_code(const char *text, dw_pattern *p);

/* ---- lines and entries ------------------------------------------------- */

/* A dictionary file being read, line by line. */
typedef struct dw_peer_reader {
    const char *name;     /* for messages */
    const char *p, *end;  /* what is left to read */
    uint32_t lineno;      /* of the line last read */
    int in_comment;       /* PETRARCH: inside <!-- ... --> */
    char line[8192];      /* the line last read, as each reader cleans it */
} dw_peer_reader;

/* A reader over n bytes of data (not copied) from the file name; NULL when
 * out of memory.  Freed with free(). */
dw_peer_reader *dw_peer_reader_new(const char *name, const char *data, size_t n);

/* Copies the next line (without its newline) to out and sets *len: 1; 0 at
 * the end of the data; -1 when it does not fit in cap bytes. */
int dw_peer_read_line(dw_peer_reader *r, char *out, size_t cap, size_t *len);

/* s without leading blanks, trailing blanks cut in place. */
char *dw_peer_trim(char *s);

/* An actor or agent code: letters and digits ("IRNGOV"; "ELR/GAL" for
 * several actors) or one of ---, ###, +++. */
int dw_peer_valid_code(const char *c, size_t n);

/* Compiles a phrase and adds it with a hit (kind, value), counting it in
 * *count (may be NULL).  A duplicate phrase is a warning, and so is a
 * conflicting one (another value) for actors and agents, and for TABARI
 * verbs.  DW_EPARSE "FILE:LINE: bad phrase" or DW_ENOMEM. */
int dw_peer_add_phrase(dw_dict *d, dw_dict_style style, const dw_peer_reader *r,
                       const char *text, dw_peer_ctx ctx, uint8_t kind, uint32_t value,
                       dw_tokens *tok, size_t *count, dw_error *err);

/* The actor entry being read: index (-1: none), the line it started on and
 * its phrase, for the message when it ends without a code. */
typedef struct dw_peer_entry {
    long actor;
    uint32_t line;
    char phrase[256];
} dw_peer_entry;

/* Ends the current entry (none: nothing to do): DW_EPARSE when it has no
 * code; else its date-restricted codes go first, so that an unrestricted
 * code is the fallback. */
int dw_peer_finish_actor(dw_dict *d, const dw_peer_reader *r, dw_peer_entry *e, dw_error *err);
/* Starts an entry for phrase (the current one must be finished) and adds
 * the phrase as one of its names. */
int dw_peer_start_actor(dw_dict *d, dw_dict_style style, const dw_peer_reader *r,
                        dw_peer_entry *e, const char *phrase, dw_tokens *tok, dw_error *err);
/* Adds every "[CODE ...]" block in s (written over) to the entry's actor:
 * CODE, CODE <DATE, CODE >DATE or CODE DATE-DATE, dates as
 * dw_peer_date_days reads them (< and > exclude the day).  PETRARCH codes
 * are upper-cased.  DW_EPARSE with each program's wording, or DW_ENOMEM. */
int dw_peer_add_codes(dw_dict *d, dw_dict_style style, const dw_peer_reader *r,
                      const dw_peer_entry *e, char *s, dw_error *err);

/* Adds agent phrase with its code (written "[~CODE]", or "[CODE~]" when
 * prefix: it goes before the actor's code); its index, -1 out of memory. */
long dw_peer_add_agent(dw_dict *d, const char *phrase, const char *code, int prefix);

/* The name of a synset definition "&NAME" (name is what follows the '&'),
 * trailing '_' cut in place: its length, 0 when it is empty or not only
 * letters and digits. */
size_t dw_peer_set_name(char *name);

/* ---- verbs and patterns -------------------------------------------------- */

/* Adds a verb's own code, proto, as the pattern of the verb alone (tried
 * last).  DW_ENOMEM naming the line. */
int dw_peer_add_verb_code(dw_dict *d, const dw_peer_reader *r, dw_pattern proto, uint32_t verb,
                          dw_error *err);
/* Compiles the pattern body "WORDS * WORDS" of a verb with the code and
 * flags of proto and adds it.  DW_EPARSE "bad pattern '- BODY'" or
 * DW_ENOMEM. */
int dw_peer_add_pattern(dw_dict *d, dw_dict_style style, const dw_peer_reader *r,
                        const char *body, uint32_t verb, const dw_pattern *proto, dw_tokens *tok,
                        dw_error *err);

#endif
