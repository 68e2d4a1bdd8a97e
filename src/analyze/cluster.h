/*
 * cluster.h — the rules that decide whether two reports describe one event
 * (internal: the store applies them at ingest, see store_sqlite.c).
 *
 * A report joins an event when, with the event's representative report:
 *   - the dyad is the same: (country, group) of each side, roles ignored,
 *     so "Iranian border guards" (IRNCOP) and "Iran" (IRN) meet; for a
 *     symmetric code (dw_cl_symmetric) the sides may also be swapped;
 *   - the codes match: same CAMEO base code (first three digits) or the
 *     same, non-empty PLOVER type (dw_cl_codes_match);
 *   - the dates overlap at their precision (dw_cl_dates_match);
 *   - the places are compatible (dw_cl_places_match);
 *   - the modality class is the same (asserted and claimed together;
 *     negated and hypothetical reports only with their own kind).
 * The dyad and modality tests are SQL in the store's candidate query; the
 * rest are here, as pure functions, so that they can be tested alone.
 */
#ifndef DW_ANALYZE_CLUSTER_H
#define DW_ANALYZE_CLUSTER_H

#include <stdint.h>

/* Location precision ranks: more is finer. */
enum { DW_LOC_NONE = 0, DW_LOC_COUNTRY, DW_LOC_ADM1, DW_LOC_CITY, DW_LOC_POINT };

/* Reports within this distance (km) of each other are at one place. */
#define DW_CL_NEAR_KM 50.0
/* A date that fell back to the document date stands for the week before it. */
#define DW_CL_DOCUMENT_DAYS 7

typedef struct dw_cl_report {
    int dated;            /* 0: no valid date (never clusters) */
    int32_t first, last;  /* day numbers of date and date_end */
    int document;         /* date_precision "document" */
    const char *cameo;    /* "" or NULL when none */
    const char *plover;
    int loc_rank;         /* DW_LOC_* */
    const char *loc_country, *loc_adm1;
    double lat, lon;      /* used only at city or point rank */
} dw_cl_report;

/* 1 when the CAMEO code's base is one of the symmetric events (clashes,
 * consultations, agreements), whose reports may name either side first. */
int dw_cl_symmetric(const char *cameo);
int dw_cl_codes_match(const dw_cl_report *a, const dw_cl_report *b);
int dw_cl_dates_match(const dw_cl_report *a, const dw_cl_report *b);
int dw_cl_places_match(const dw_cl_report *a, const dw_cl_report *b);
/* All three (the dyad is the caller's). */
int dw_cl_match(const dw_cl_report *event, const dw_cl_report *report);

/* The widest day window a report may match in (for the SQL prefilter). */
void dw_cl_window(const dw_cl_report *r, int32_t *lo, int32_t *hi);
/* Width in days used to pick the most precise report; dated reports only. */
int32_t dw_cl_width(int32_t first, int32_t last, int document);
/* Precision class of a date: 0 day, 1 week, 2 month, 3 quarter, 4 year,
 * 5 longer.  A document date is a week. */
int dw_cl_prec_class(int32_t first, int32_t last, int document);
int dw_cl_loc_rank(const char *precision);
/* Great-circle distance in km. */
double dw_cl_km(double lat1, double lon1, double lat2, double lon2);

#endif
