/*
 * report.c — the review's entry point: gather the figures, write them in
 * the asked format, and put the file in place atomically (a temporary file
 * beside the target, renamed over it), so that a failure never leaves a
 * truncated review where an old one was.  Also the text output (dw_put,
 * dw_putf) that the HTML and Markdown writers share.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"

int dw_report_format_parse(const char *name, dw_report_format *out) {
    if (!name) return 0;
    if (strcmp(name, "html") == 0) *out = DW_REPORT_HTML;
    else if (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0) *out = DW_REPORT_MD;
    else if (strcmp(name, "pdf") == 0) *out = DW_REPORT_PDF;
    else return 0;
    return 1;
}

dw_report_format dw_report_format_of_path(const char *path) {
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (dot && (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0)) return DW_REPORT_MD;
    if (dot && strcmp(dot, ".pdf") == 0) return DW_REPORT_PDF;
    return DW_REPORT_HTML;
}

void dw_put(dw_writer *o, const char *s) {
    if (!o->rc) o->rc = dw_buf_adds(o->b, s);
}

void dw_putf(dw_writer *o, const char *fmt, ...) {
    if (o->rc) return;
    char tmp[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    o->rc = n < 0 ? DW_EINVAL : dw_buf_adds(o->b, tmp);
}

static int write_text(const dw_buf *b, const char *path, dw_error *err) {
    if (strcmp(path, "-") == 0) {
        if (fwrite(b->data, 1, b->len, stdout) != b->len || fflush(stdout))
            return dw_fail(err, DW_EIO, "cannot write the review to standard output");
        return DW_OK;
    }
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) return dw_fail(err, DW_EIO, "cannot write %s (cannot create a file beside it)", path);
    int bad = fwrite(b->data, 1, b->len, f) != b->len;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        return dw_fail(err, DW_EIO, "cannot write %s", path);
    }
    return DW_OK;
}

int dw_report_write(dw_store *s, const dw_review_opts *o, dw_report_format fmt,
                    const char *path, char *empty_reason, size_t reason_cap, dw_error *err) {
    if (!path || !*path) return dw_fail(err, DW_EINVAL, "review: no output file");
    if (fmt == DW_REPORT_PDF && strcmp(path, "-") == 0)
        return dw_fail(err, DW_EINVAL, "review: a PDF needs an output file (-o FILE.pdf)");
    dw_review r;
    int rc = dw_review_gather(s, o, &r, err);
    if (rc) return rc;
    if (empty_reason && reason_cap)
        snprintf(empty_reason, reason_cap, "%s", r.empty ? r.empty_reason : "");
    if (fmt == DW_REPORT_PDF) {
        char tmp[4200];
        snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
        rc = dw_review_pdf(&r, tmp, err);
        if (!rc && rename(tmp, path) != 0) rc = dw_fail(err, DW_EIO, "cannot write %s", path);
        if (rc) remove(tmp);
    } else {
        dw_buf b = {0};
        rc = fmt == DW_REPORT_MD ? dw_review_markdown(&r, &b, err) : dw_review_html(&r, &b, err);
        if (!rc) rc = write_text(&b, path, err);
        dw_buf_free(&b);
    }
    dw_review_free(&r);
    return rc;
}
