/*
 * cluster.c — when two reports are one event (cluster.h).
 *
 * Pure functions over dw_cl_report; the store calls them for each
 * candidate event its SQL prefilter returns.  The choices:
 *
 *   symmetric codes  040 consult, 041 discuss by telephone, 044 meet at a
 *                    third location, 046 negotiate, 057 sign an agreement,
 *                    190 use conventional force, 193 fight with small arms,
 *                    194 fight with artillery, 196 violate a ceasefire.
 *                    Not 042/043 (the visitor is the source), 045 (the
 *                    mediator), 191/192/195 (blockade, occupation and air
 *                    strikes have one acting side).
 *   dates            windows overlap; a date that fell back to the document
 *                    date covers the week before it; two single days may be
 *                    one day apart (reports of the night's clash carry the
 *                    next day's date) — the store then flags the date as
 *                    disputed.
 *   places           either without a place: compatible.  Different
 *                    countries: not.  Otherwise compatible when the adm1
 *                    names agree or the points are within 50 km, and also
 *                    when neither test can say no (one side too coarse).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/cluster.h"

static const char *const SYMMETRIC[] = {"040", "041", "044", "046", "057",
                                        "190", "193", "194", "196"};

static int has(const char *s) { return s && *s; }

int dw_cl_symmetric(const char *cameo) {
    if (!cameo || strlen(cameo) < 3) return 0;
    for (size_t i = 0; i < sizeof SYMMETRIC / sizeof *SYMMETRIC; i++)
        if (memcmp(cameo, SYMMETRIC[i], 3) == 0) return 1;
    return 0;
}

int dw_cl_codes_match(const dw_cl_report *a, const dw_cl_report *b) {
    if (a->cameo && b->cameo && strlen(a->cameo) >= 3 && strlen(b->cameo) >= 3 &&
        memcmp(a->cameo, b->cameo, 3) == 0)
        return 1;
    return has(a->plover) && has(b->plover) && strcmp(a->plover, b->plover) == 0;
}

void dw_cl_window(const dw_cl_report *r, int32_t *lo, int32_t *hi) {
    *lo = r->first - (r->document ? DW_CL_DOCUMENT_DAYS : 0);
    *hi = r->last;
}

static int single_day(const dw_cl_report *r) { return !r->document && r->first == r->last; }

int dw_cl_dates_match(const dw_cl_report *a, const dw_cl_report *b) {
    if (!a->dated || !b->dated) return 0;
    if (single_day(a) && single_day(b)) return labs((long)a->first - (long)b->first) <= 1;
    int32_t alo, ahi, blo, bhi;
    dw_cl_window(a, &alo, &ahi);
    dw_cl_window(b, &blo, &bhi);
    return alo <= bhi && blo <= ahi;
}

double dw_cl_km(double lat1, double lon1, double lat2, double lon2) {
    const double r = 6371.0, rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double h = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(fmin(1.0, sqrt(h)));
}

static int has_point(const dw_cl_report *r) {
    return r->loc_rank >= DW_LOC_CITY && isfinite(r->lat) && isfinite(r->lon);
}

int dw_cl_places_match(const dw_cl_report *a, const dw_cl_report *b) {
    if (a->loc_rank == DW_LOC_NONE || b->loc_rank == DW_LOC_NONE) return 1;
    if (has(a->loc_country) && has(b->loc_country) && strcmp(a->loc_country, b->loc_country))
        return 0;
    int both_adm1 = has(a->loc_adm1) && has(b->loc_adm1);
    int same_adm1 = both_adm1 && strcmp(a->loc_adm1, b->loc_adm1) == 0;
    int both_points = has_point(a) && has_point(b);
    int near = both_points && dw_cl_km(a->lat, a->lon, b->lat, b->lon) <= DW_CL_NEAR_KM;
    if (same_adm1 || near) return 1;
    return !both_adm1 && !both_points; /* nothing says they differ */
}

int dw_cl_match(const dw_cl_report *event, const dw_cl_report *report) {
    return dw_cl_codes_match(event, report) && dw_cl_dates_match(event, report) &&
           dw_cl_places_match(event, report);
}

int32_t dw_cl_width(int32_t first, int32_t last, int document) {
    return last - first + 1 + (document ? DW_CL_DOCUMENT_DAYS : 0);
}

int dw_cl_prec_class(int32_t first, int32_t last, int document) {
    int32_t w = last - first + 1;
    if (document) return 1;
    return w <= 1 ? 0 : w <= 7 ? 1 : w <= 31 ? 2 : w <= 92 ? 3 : w <= 366 ? 4 : 5;
}

int dw_cl_loc_rank(const char *precision) {
    if (!has(precision)) return DW_LOC_NONE;
    if (strcmp(precision, "point") == 0) return DW_LOC_POINT;
    if (strcmp(precision, "city") == 0) return DW_LOC_CITY;
    if (strcmp(precision, "adm1") == 0) return DW_LOC_ADM1;
    return DW_LOC_COUNTRY;
}
