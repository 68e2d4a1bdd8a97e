/*
 * internal.h — helpers shared by the analysis files (not public API).
 */
#ifndef DW_ANALYZE_INTERNAL_H
#define DW_ANALYZE_INTERNAL_H

#include <stdint.h>

#include "dyadwatch/analyze.h"

/* dw_events_select on a day range [lo, hi] (events.c). */
int dw_events_select_days(dw_store *s, const dw_event_filter *f, int64_t lo, int64_t hi,
                          dw_event_order order, size_t limit, dw_event_list *out,
                          dw_error *err);

/* The most reported events of one series row, for a change or an alert. */
int dw_series_drivers(dw_store *s, const dw_series *series, size_t row, dw_dir dir, int track,
                      size_t limit, dw_event_list *out, dw_error *err);

/* Fills c->seg (and len) from c->at: the segments' means and deviations. */
int dw_changes_segments(const double *y, size_t n, dw_changes *c);

/* Checks a series for change-point analysis (finite; counts not negative). */
int dw_cp_check_input(const double *y, size_t n, dw_cost cost, dw_error *err);

/* Mean and standard deviation of y[start, end). */
void dw_segment_stats(const double *y, size_t start, size_t end, double *mean, double *sd);

#endif
