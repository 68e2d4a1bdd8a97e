/*
 * doc.h — documents and the readers that produce them (the ingest stage).
 *
 * Input forms:
 *   - plain text, one document per file, with optional header lines
 *     ("Date:", "Source:", "Title:", "URL:", "Id:") before the first blank line;
 *   - JSON Lines, one object per line: {"id","date","source","url","title","text"};
 *   - "-" for standard input (either form; JSON Lines when the first
 *     non-blank byte is '{').
 * Every text is validated as UTF-8; invalid bytes are an error naming the
 * file and byte offset unless `lenient` is set, which replaces them with
 * U+FFFD.  Readers hand documents to a callback one at a time so that a
 * caller can stream or batch them.
 */
#ifndef DYADWATCH_DOC_H
#define DYADWATCH_DOC_H

#include <stddef.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dw_doc {
    char *id;        /* given id, else derived from the file name or line */
    char *origin;    /* "path" or "path:line", for messages */
    char *date;      /* "YYYY-MM-DD" (or shorter ISO prefix) or NULL */
    char *source;    /* outlet name, or NULL */
    char *url;
    char *title;
    char *text;      /* UTF-8, NUL-terminated */
    size_t text_len;
    char hash[65];   /* SHA-256 of text: the identity used for idempotent ingest */
} dw_doc;

void dw_doc_free(dw_doc *d);

typedef enum dw_input_format {
    DW_INPUT_AUTO = 0, /* by extension: .jsonl/.ndjson → JSON Lines; else text */
    DW_INPUT_TEXT,
    DW_INPUT_JSONL
} dw_input_format;

#define DW_DEFAULT_MAX_DOC_BYTES (16u * 1024u * 1024u)

typedef struct dw_read_opts {
    dw_input_format format;
    const char *default_date; /* --date: used when a document has none */
    int lenient;              /* replace invalid UTF-8 instead of failing */
    size_t max_doc_bytes;     /* 0 → DW_DEFAULT_MAX_DOC_BYTES */
} dw_read_opts;

/* Called once per document; the document is freed after the callback
 * returns.  A non-zero return stops reading and is passed back. */
typedef int (*dw_doc_fn)(dw_doc *doc, void *ud, dw_error *err);

/* Reads one file (or "-") and calls fn for each document in it. */
int dw_read_documents(const char *path, const dw_read_opts *opts,
                      dw_doc_fn fn, void *ud, dw_error *err);

/* Parses a plain-text document already in memory (headers + body). */
int dw_doc_from_text(const char *origin, const char *data, size_t n,
                     const dw_read_opts *opts, dw_doc *out, dw_error *err);

/* Parses one JSON Lines record; `origin` is "path:line" for messages. */
int dw_doc_from_json(const char *origin, const char *line, size_t n,
                     const dw_read_opts *opts, dw_doc *out, dw_error *err);

#ifdef __cplusplus
}
#endif
#endif
