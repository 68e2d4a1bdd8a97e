/*
 * ingest.h — internals shared by the ingest stage's source files (not part
 * of the public API; see include/dyadwatch/doc.h for that).
 *
 *   doc.c        plain-text documents, the input source, dw_read_documents
 *   doc_jsonl.c  JSON Lines records and the streaming JSON Lines reader
 *
 * Functions here follow the library's conventions: negative dw_status with
 * `err` set on failure, never exit().
 */
#ifndef DW_INGEST_H
#define DW_INGEST_H

#include <stdio.h>

#include "dyadwatch/doc.h"

/* Bytes read from a source at a time. */
#define DW_INGEST_BLOCK 65536u

/* An open input with a look-ahead buffer, so that standard input can be
 * sniffed for its format and JSON Lines read line by line with a bound.
 * Invariant: buf.data[pos..len) is unconsumed input, and buf.data[0] is at
 * byte offset `off` of the file. */
typedef struct dw_src {
    FILE *f;
    const char *name; /* for messages: the path, or "<stdin>" */
    dw_buf buf;
    size_t pos;
    size_t off;
    int eof;
} dw_src;

/* Appends up to one block to src->buf, first dropping the consumed bytes
 * before src->pos.  Returns the bytes added, 0 at end of input, or < 0. */
int dw_src_fill(dw_src *src, dw_error *err);

/* opts->max_doc_bytes with 0 (or no opts) meaning the default. */
size_t dw_ingest_max_bytes(const dw_read_opts *opts);

/* 1 when s[0..n) holds only ASCII white space (or nothing). */
int dw_ingest_blank(const char *s, size_t n);

/* Length of at most `max` bytes of s[0..n) ending on a character boundary,
 * for quoting input in messages without cutting a UTF-8 sequence. */
int dw_ingest_clip(const char *s, size_t n, size_t max);

/* The base name of path without its extension ("stdin" for "-"/"<stdin>"),
 * newly allocated, or NULL when memory ran out. */
char *dw_ingest_stem(const char *path, size_t n);

/* Completes a parsed document: origin, --date default, hash.  Frees the
 * document's fields on failure. */
int dw_ingest_finish(dw_doc *d, const char *origin, const dw_read_opts *opts, dw_error *err);

/* dw_doc_from_json with the byte offset of `line` in its file, so that a
 * UTF-8 error can name the offset in the file (SIZE_MAX: not known). */
int dw_ingest_json_record(const char *origin, const char *line, size_t n, size_t file_off,
                          const dw_read_opts *opts, dw_doc *out, dw_error *err);

/* Reads JSON Lines from src to its end, one document per non-blank line. */
int dw_ingest_jsonl(dw_src *src, const dw_read_opts *opts, dw_doc_fn fn, void *ud,
                    dw_error *err);

#endif
