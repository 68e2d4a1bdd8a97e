/*
 * validate_tabari.c — TABARI's validation suite: the .project that names
 * the dictionaries, and the validation text's records.
 *
 * A record is a header line "YYMMDD ID" (the date may carry a stray digit),
 * the sentence, and a comment between slash-star and star-slash whose
 * brace blocks are what TABARI should code: { SRC / TGT / CODE }, {---},
 * {###}, {+++} or { OPTION: command } (applied after the record is coded,
 * as TABARI does).  A block right after '-' ("-{...}") is disabled.
 * Banner lines (starting with '#') and text after a comment are ignored.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "validate/validate_internal.h"

/* the suite's last standard record opens with this */
#define END_MARK "This is the end of the standard validation records"

/* Reads "<tag> value" lines of a .project into files[] (actors, verbs,
 * options, agents). */
static int read_project(const char *ppath, const char *text_base, char files[4][256], int *nfiles,
                        int *names_text, dw_error *err) {
    dw_buf b = {0};
    int rc = dw_read_all(ppath, 1u << 20, &b, err);
    if (rc) return rc;
    static const char *const TAGS[] = {"<actorsfile>", "<verbsfile>", "<optionsfile>", "<agentsfile>"};
    *nfiles = 0;
    *names_text = 0;
    char *save = NULL;
    for (char *line = strtok_r(b.data ? b.data : "", "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        while (isspace((unsigned char)*line)) line++;
        char name[256];
        for (int i = 0; i < 4; i++) {
            size_t n = strlen(TAGS[i]);
            if (strncasecmp(line, TAGS[i], n) != 0) continue;
            if (sscanf(line + n, " %255s", name) != 1) {
                dw_buf_free(&b);
                return dw_fail(err, DW_EPARSE, "%s: %s names no file", ppath, TAGS[i]);
            }
            snprintf(files[(*nfiles)++], 256, "%s", name);
        }
        if (strncasecmp(line, "<textfile>", 10) == 0 && sscanf(line + 10, " %255s", name) == 1)
            *names_text = strcmp(name, text_base) == 0;
    }
    dw_buf_free(&b);
    if (*nfiles == 0)
        return dw_fail(err, DW_EPARSE, "%s: names no dictionaries (<actorsfile>, <verbsfile>, ...)", ppath);
    return DW_OK;
}

/* Finds the project for a validation text: STEM.project, else any
 * *.project in the folder whose <textfile> names it. */
static int find_project(const char *dir, const char *base, char files[4][256], int *nfiles, dw_error *err) {
    char ppath[4096], stem[256];
    snprintf(stem, sizeof stem, "%s", base);
    char *dot = strrchr(stem, '.');
    if (dot) *dot = '\0';
    if (snprintf(ppath, sizeof ppath, "%s/%s.project", dir, stem) >= (int)sizeof ppath)
        return dw_fail(err, DW_ELIMIT, "%s: path too long", dir);
    int names;
    FILE *f = fopen(ppath, "r");
    if (f) {
        fclose(f);
        return read_project(ppath, base, files, nfiles, &names, err);
    }
    DIR *dh = opendir(dir);
    if (!dh) return dw_fail(err, DW_EIO, "%s: cannot open folder", dir);
    struct dirent *de;
    int rc = DW_EINVAL;
    while ((de = readdir(dh))) {
        size_t n = strlen(de->d_name);
        if (n < 8 || strcmp(de->d_name + n - 8, ".project") != 0) continue;
        if (snprintf(ppath, sizeof ppath, "%s/%s", dir, de->d_name) >= (int)sizeof ppath) continue;
        dw_error e2 = {0};
        if (read_project(ppath, base, files, nfiles, &names, &e2) == DW_OK && names) {
            rc = DW_OK;
            break;
        }
    }
    closedir(dh);
    if (rc) return dw_fail(err, DW_EINVAL, "%s/%s: no .project names this validation text", dir, base);
    return DW_OK;
}

static int is_header(const char *line, char *date, size_t dcap, char *id, size_t icap) {
    size_t k = 0;
    while (isdigit((unsigned char)line[k])) k++;
    if (k < 6 || k > 8 || !isspace((unsigned char)line[k])) return 0;
    const char *s = line + k;
    while (isspace((unsigned char)*s)) s++;
    size_t n = 0;
    while (s[n] && !isspace((unsigned char)s[n])) n++;
    if (!n) return 0;
    snprintf(date, dcap, "%.*s", (int)k, line);
    snprintf(id, icap, "%.*s", (int)n, s);
    return 1;
}

/* Parses the brace blocks of a record's comment.  Option commands go to
 * opts (applied by the caller after coding). */
static void parse_expect(const char *c, dw_val_expect *x, dw_buf *opts) {
    int events = 0, none = 0, discard = 0, complex = 0;
    x->n = 0;
    for (const char *p = strchr(c, '{'); p; p = strchr(p + 1, '{')) {
        if (p > c && p[-1] == '-') continue; /* "-{ ... }": disabled */
        const char *e = strchr(p, '}');
        size_t n = e ? (size_t)(e - p - 1) : strlen(p + 1);
        char buf[512];
        snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf ? n : sizeof buf - 1), p + 1);
        char *s = buf;
        while (isspace((unsigned char)*s)) s++;
        size_t len = strlen(s);
        while (len && isspace((unsigned char)s[len - 1])) s[--len] = '\0';
        if (strncmp(s, "OPTION:", 7) == 0) {
            dw_buf_adds(opts, s + 7);
            dw_buf_addc(opts, '\n');
        } else if (strcmp(s, "---") == 0) {
            none = 1;
        } else if (strcmp(s, "###") == 0) {
            discard = 1;
        } else if (strcmp(s, "+++") == 0) {
            complex = 1;
        } else {
            char *a = strchr(s, '/'), *b = a ? strchr(a + 1, '/') : NULL;
            if (!a || !b || strchr(b + 1, '/') || strchr(s, '|')) continue; /* prose in braces */
            *a = *b = '\0';
            dw_val_add(x, s, a + 1, b + 1);
            events = 1;
        }
        if (!e) break;
    }
    x->kind = complex              ? DW_EXPECT_COMPLEX
              : events             ? DW_EXPECT_EVENTS
              : discard            ? DW_EXPECT_DISCARD
              : none               ? DW_EXPECT_NONE
                                   : DW_EXPECT_SKIP;
}

typedef struct record {
    char date[16], id[128];
    dw_buf text, comment;
    uint32_t line;
} record;

/* Reads the next record from *pp; 0 at the end. */
static int next_record(const char **pp, const char *end, uint32_t *lineno, record *r) {
    const char *p = *pp;
    int in_text = 0, in_comment = 0, done = 0;
    dw_buf_reset(&r->text);
    dw_buf_reset(&r->comment);
    dw_buf lb = {0}; /* the current line, whatever its length */
    while (p < end && !done) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        size_t n = (size_t)(le - p);
        dw_buf_reset(&lb);
        if (dw_buf_add(&lb, p, n) || dw_buf_addc(&lb, '\0')) break;
        char *line = lb.data;
        if (n && line[n - 1] == '\r') line[--n] = '\0';
        char date[16], id[128];
        if (!in_comment && is_header(line, date, sizeof date, id, sizeof id)) {
            if (in_text) break; /* the next record starts: this one had no comment */
            snprintf(r->date, sizeof r->date, "%s", date);
            snprintf(r->id, sizeof r->id, "%s", id);
            r->line = *lineno + 1;
            in_text = 1;
        } else if (in_comment) {
            char *close = strstr(line, "*/");
            if (close) *close = '\0', done = 1;
            dw_buf_adds(&r->comment, line);
            dw_buf_addc(&r->comment, '\n');
        } else if (in_text) {
            char *open = strstr(line, "/*");
            if (open) {
                *open = '\0';
                in_comment = 1;
                char *rest = open + 2, *close = strstr(rest, "*/");
                if (close) *close = '\0', done = 1;
                dw_buf_adds(&r->comment, rest);
                dw_buf_addc(&r->comment, '\n');
            }
            dw_buf_adds(&r->text, line);
            dw_buf_addc(&r->text, ' ');
        }
        p = nl ? nl + 1 : end;
        (*lineno)++;
    }
    dw_buf_free(&lb);
    *pp = p;
    return in_text;
}

static int apply_options(dw_peer *peer, const char *name, const record *r, const char *cmds, dw_error *err) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", cmds);
    char *save = NULL;
    for (char *c = strtok_r(buf, "\n", &save); c; c = strtok_r(NULL, "\n", &save)) {
        dw_error e2 = {0};
        if (dw_peer_options_apply(dw_peer_opts(peer), c, &e2))
            return dw_fail(err, DW_EPARSE, "%s:%u: record %s: %s", name, r->line, r->id, e2.msg);
    }
    return DW_OK;
}

int dw_validate_tabari(const char *path, dw_validate_fn fn, void *ctx, dw_validate_summary *sum,
                       dw_error *err) {
    snprintf(sum->suite, sizeof sum->suite, "TABARI");
    char dir[4096];
    const char *base;
    dw_val_split_path(path, dir, sizeof dir, &base);
    char files[4][256];
    int nfiles;
    int rc = find_project(dir, base, files, &nfiles, err);
    if (rc) return rc;
    const char *names[4];
    for (int i = 0; i < nfiles; i++) names[i] = files[i];
    dw_dict *d = dw_val_load(dir, names, (size_t)nfiles, err);
    if (!d) return err->code;
    dw_peer *peer = dw_peer_new(d, err);
    dw_buf src = {0};
    if (!peer || (rc = dw_read_all(path, 64u << 20, &src, err))) {
        dw_peer_free(peer);
        dw_dict_free(d);
        return peer ? rc : err->code;
    }
    record r;
    memset(&r, 0, sizeof r);
    dw_buf opts = {0};
    const char *p = src.data ? src.data : "", *end = p + src.len;
    uint32_t lineno = 0;
    char story[128] = "";
    int ended = 0;
    while (rc == DW_OK && next_record(&p, end, &lineno, &r)) {
        const char *text = r.text.data ? r.text.data : "";
        if (ended) {
            dw_val_skip(r.id, r.date, text, "after the end of the standard records", fn, ctx, sum);
            continue;
        }
        dw_val_expect *x = calloc(1, sizeof *x);
        if (!x) {
            rc = dw_fail(err, DW_ENOMEM, "out of memory");
            break;
        }
        dw_buf_reset(&opts);
        parse_expect(r.comment.data ? r.comment.data : "", x, &opts);
        /* sentences of one story share antecedents when FORWARD is on */
        char key[128];
        snprintf(key, sizeof key, "%s", r.id);
        char *dash = strrchr(key, '-');
        if (dash) *dash = '\0';
        if (!dw_peer_opts(peer)->forward || strcmp(key, story) != 0) dw_peer_new_story(peer);
        snprintf(story, sizeof story, "%s", key);
        int32_t day = dw_peer_date_days(r.date, strlen(r.date) > 6 ? 6 : strlen(r.date));
        if (x->kind == DW_EXPECT_SKIP) {
            dw_peer_result *tmp = malloc(sizeof *tmp); /* coded anyway: TABARI carries state */
            if (tmp) dw_peer_code(peer, text, strlen(text), day, tmp, err);
            free(tmp);
            dw_val_skip(r.id, r.date, text, opts.len ? "options only" : "nothing to check", fn, ctx, sum);
        } else {
            rc = dw_val_check(peer, r.id, r.date, day, text, x, fn, ctx, sum, err);
        }
        free(x);
        if (rc == DW_OK && opts.len) rc = apply_options(peer, path, &r, opts.data, err);
        if (strncasecmp(text + strspn(text, " \t"), END_MARK, strlen(END_MARK)) == 0) ended = 1;
    }
    dw_buf_free(&opts);
    dw_buf_free(&r.text);
    dw_buf_free(&r.comment);
    dw_buf_free(&src);
    dw_peer_free(peer);
    dw_dict_free(d);
    return rc;
}
