/*
 * analyze.h — dyad summaries over the store.
 */
#ifndef DYADWATCH_ANALYZE_H
#define DYADWATCH_ANALYZE_H

#include "core.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum dw_period { DW_BY_YEAR = 0, DW_BY_MONTH } dw_period;

/* One period of a dyad: A→B, B→A, and both together (dir = 0, 1, 2). */
typedef struct dw_dyad_cell {
    long events;
    long quad[5];          /* quad[1..4]: counts per quad class */
    double goldstein_sum;
} dw_dyad_cell;

typedef struct dw_dyad_row {
    char period[8];        /* "1998" or "1998-08" */
    dw_dyad_cell dir[3];
} dw_dyad_row;

typedef struct dw_dyad_summary {
    dw_dyad_row *rows;
    size_t n, cap;
    dw_dyad_cell total[3];
} dw_dyad_summary;

void dw_dyad_summary_free(dw_dyad_summary *s);

/* Counts asserted and claimed events between A and B in both directions;
 * periods without events between the first and last are present as zeros. */
int dw_dyad_summarize(dw_store *s, const char *a, const char *b, dw_period by,
                      const char *from, const char *to, dw_dyad_summary *out,
                      dw_error *err);

#ifdef __cplusplus
}
#endif
#endif
