/*
 * svg.c — the SVG back-end of the chart layout (chart.h): a drawing list
 * as one inline <svg> element, and the XML escaping every HTML writer uses.
 *
 * The element is meant to sit inside an HTML page: it names no namespace
 * URL and refers to nothing outside itself, so the page stays
 * self-contained.  Coordinates are written with one decimal.
 */
#include <stdio.h>

#include "report/chart.h"

int dw_xml_escape(dw_buf *out, const char *s) {
    int rc = DW_OK;
    for (const char *p = s ? s : ""; !rc && *p; p++) {
        switch (*p) {
        case '&': rc = dw_buf_adds(out, "&amp;"); break;
        case '<': rc = dw_buf_adds(out, "&lt;"); break;
        case '>': rc = dw_buf_adds(out, "&gt;"); break;
        case '"': rc = dw_buf_adds(out, "&quot;"); break;
        case '\'': rc = dw_buf_adds(out, "&#39;"); break;
        default:
            /* control characters other than tab and newline are not text */
            if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n') rc = dw_buf_addc(out, ' ');
            else rc = dw_buf_addc(out, *p);
        }
    }
    return rc;
}

static int title_el(dw_buf *b, const char *title) {
    if (!title) return DW_OK;
    int rc = dw_buf_adds(b, "<title>");
    if (!rc) rc = dw_xml_escape(b, title);
    if (!rc) rc = dw_buf_adds(b, "</title>");
    return rc;
}

int dw_svg_render(const dw_draw *d, dw_buf *b) {
    static const char *ANCHOR[] = {"start", "middle", "end"};
    int rc = dw_buf_printf(b,
                           "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
                           "height=\"%.0f\" role=\"img\" aria-label=\"",
                           d->width, d->height, d->width, d->height);
    if (!rc) rc = dw_xml_escape(b, d->title);
    if (!rc) rc = dw_buf_adds(b, "\">\n");
    for (size_t i = 0; !rc && i < d->n; i++) {
        const dw_op *o = &d->v[i];
        switch (o->kind) {
        case DW_OP_RECT:
            rc = dw_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                                  "fill=\"#%06x\">",
                               o->x, o->y, o->w, o->h, o->color & 0xFFFFFFu);
            if (!rc) rc = title_el(b, o->title);
            if (!rc) rc = dw_buf_adds(b, "</rect>\n");
            break;
        case DW_OP_LINE:
            rc = dw_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                                  "stroke=\"#%06x\" stroke-width=\"%.1f\"%s/>\n",
                               o->x, o->y, o->w, o->h, o->color & 0xFFFFFFu, o->stroke,
                               o->dash ? " stroke-dasharray=\"4 3\"" : "");
            break;
        case DW_OP_POLY:
            rc = dw_buf_adds(b, "<polyline points=\"");
            for (size_t k = 0; !rc && k < o->npts; k++)
                rc = dw_buf_printf(b, "%s%.1f,%.1f", k ? " " : "", o->pts[2 * k],
                                   o->pts[2 * k + 1]);
            if (!rc)
                rc = dw_buf_printf(b, "\" fill=\"none\" stroke=\"#%06x\" stroke-width=\"%.1f\" "
                                      "stroke-linejoin=\"round\"/>\n",
                                   o->color & 0xFFFFFFu, o->stroke);
            break;
        case DW_OP_CIRCLE:
            rc = dw_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#%06x\">",
                               o->x, o->y, o->w, o->color & 0xFFFFFFu);
            if (!rc) rc = title_el(b, o->title);
            if (!rc) rc = dw_buf_adds(b, "</circle>\n");
            break;
        case DW_OP_TEXT:
            rc = dw_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" "
                                  "text-anchor=\"%s\" fill=\"#%06x\"%s>",
                               o->x, o->y, o->size, ANCHOR[o->anchor], o->color & 0xFFFFFFu,
                               o->bold ? " font-weight=\"bold\"" : "");
            if (!rc) rc = dw_xml_escape(b, o->text);
            if (!rc) rc = dw_buf_adds(b, "</text>\n");
            break;
        }
    }
    if (!rc) rc = dw_buf_adds(b, "</svg>");
    return rc;
}
