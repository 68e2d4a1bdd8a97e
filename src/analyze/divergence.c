/*
 * divergence.c — the dual track (analyze.h): per period, cooperation on
 * the economy and diplomacy tracks against conflict on the security,
 * water, narcotics, migration and ideology tracks, and a plain statement
 * when a dyad cooperates on one while in conflict on another.
 *
 * A track is cooperative in a period when it has more cooperative (quad 1
 * and 2) than conflictual (quad 3 and 4) events, and conflictual the other
 * way round.  A period is divergent when at least one of economy and
 * diplomacy is cooperative and at least one conflict-side track is
 * conflictual.  "Fighting" is said only of material conflict (quad 4).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/internal.h"

static const int COOP_SIDE[] = {DW_TRACK_ECONOMY, DW_TRACK_DIPLOMACY};
static const int CONFLICT_SIDE[] = {DW_TRACK_SECURITY, DW_TRACK_WATER, DW_TRACK_NARCOTICS,
                                    DW_TRACK_MIGRATION, DW_TRACK_IDEOLOGY};

#define NCOOP (sizeof COOP_SIDE / sizeof *COOP_SIDE)
#define NCONF (sizeof CONFLICT_SIDE / sizeof *CONFLICT_SIDE)

void dw_divergence_free(dw_divergence *d) {
    if (!d) return;
    free(d->rows);
    memset(d, 0, sizeof *d);
}

static const char *unit_word(dw_unit u, size_t count) {
    static const char *const names[DW_NUNITS] = {"day", "week", "week", "month", "quarter", "year"};
    static const char *const plural[DW_NUNITS] = {"days",   "weeks",    "weeks",
                                                  "months", "quarters", "years"};
    if (u < 0 || u >= DW_NUNITS) return count == 1 ? "period" : "periods";
    return count == 1 ? names[u] : plural[u];
}

/* Appends "economy (3 events)" style parts joined with ", " and " and ". */
static void list_tracks(char *out, size_t cap, const int *tracks, size_t nt, const long *count,
                        const long *material, const int *use) {
    size_t shown = 0, total = 0;
    for (size_t i = 0; i < nt; i++) total += use[i] != 0;
    for (size_t i = 0; i < nt; i++) {
        if (!use[i]) continue;
        int t = tracks[i];
        size_t len = strlen(out);
        const char *sep = shown == 0 ? "" : shown + 1 == total ? " and " : ", ";
        if (material && material[t])
            snprintf(out + len, cap - len, "%s%s (%ld event%s, %ld material)", sep,
                     dw_track_name(t), count[t], count[t] == 1 ? "" : "s", material[t]);
        else
            snprintf(out + len, cap - len, "%s%s (%ld event%s)", sep, dw_track_name(t), count[t],
                     count[t] == 1 ? "" : "s");
        shown++;
    }
}

static void fill_row(const dw_series *s, size_t i, dw_dir dir, dw_divergence_row *r) {
    memset(r, 0, sizeof *r);
    r->row = i;
    memcpy(r->label, s->rows[i].label, sizeof r->label);
    for (int t = 0; t < DW_NTRACKS; t++) {
        const dw_series_cell *c = dw_series_track_cell(s, i, t, dir);
        r->coop[t] = c->quad[1] + c->quad[2];
        r->conflict[t] = c->quad[3] + c->quad[4];
        r->material_conflict[t] = c->quad[4];
    }
    int coop_use[NCOOP] = {0}, conf_use[NCONF] = {0}, any_coop = 0, any_conf = 0, fighting = 0;
    for (size_t k = 0; k < NCOOP; k++) {
        int t = COOP_SIDE[k];
        r->coop_side += r->coop[t];
        any_coop |= coop_use[k] = r->coop[t] > 0 && r->coop[t] > r->conflict[t];
    }
    for (size_t k = 0; k < NCONF; k++) {
        int t = CONFLICT_SIDE[k];
        r->conflict_side += r->conflict[t];
        any_conf |= conf_use[k] = r->conflict[t] > 0 && r->conflict[t] > r->coop[t];
        fighting |= conf_use[k] && r->material_conflict[t] > 0;
    }
    r->gap = r->coop_side - r->conflict_side;
    r->divergent = any_coop && any_conf;
    if (!r->divergent) return;
    char coop[160] = "", conf[200] = "";
    list_tracks(coop, sizeof coop, COOP_SIDE, NCOOP, r->coop, NULL, coop_use);
    list_tracks(conf, sizeof conf, CONFLICT_SIDE, NCONF, r->conflict, r->material_conflict,
                conf_use);
    char text[640];
    snprintf(text, sizeof text, "%s: %s and %s cooperated on %s while %s on %s.", r->label, s->a,
             s->b, coop, fighting ? "fighting" : "in conflict", conf);
    size_t n = strnlen(text, sizeof r->statement - 1); /* all tracks fit; cut only if not */
    memcpy(r->statement, text, n);
    r->statement[n] = '\0';
}

int dw_series_divergence(const dw_series *s, dw_dir dir, dw_divergence *out, dw_error *err) {
    memset(out, 0, sizeof *out);
    if (!s || dir < 0 || dir >= DW_NDIRS)
        return dw_fail(err, DW_EINVAL, "divergence needs a series and a direction");
    if (s->n && (!s->tracks || s->track != DW_TRACK_ALL))
        return dw_fail(err, DW_EINVAL,
                       "divergence needs a series of all tracks built with per-track cells");
    if (s->n == 0) {
        snprintf(out->summary, sizeof out->summary, "No events between %s and %s.", s->a, s->b);
        return DW_OK;
    }
    out->rows = calloc(s->n, sizeof *out->rows);
    if (!out->rows) return dw_fail(err, DW_ENOMEM, "out of memory comparing tracks");
    out->n = s->n;
    size_t first = 0, last = 0, run = 0, best = 0, best_end = 0;
    for (size_t i = 0; i < s->n; i++) {
        fill_row(s, i, dir, &out->rows[i]);
        if (!out->rows[i].divergent) {
            run = 0;
            continue;
        }
        if (!out->divergent++) first = i;
        last = i;
        if (++run > best) best = run, best_end = i;
    }
    if (!out->divergent)
        snprintf(out->summary, sizeof out->summary,
                 "In none of the %zu %s did %s and %s cooperate on economy or diplomacy while in "
                 "conflict on security, water, narcotics, migration or ideology.",
                 s->n, unit_word(s->unit, s->n), s->a, s->b);
    else
        snprintf(out->summary, sizeof out->summary,
                 "In %zu of %zu %s %s and %s cooperated on economy or diplomacy while in conflict "
                 "on another track (first %s, last %s; longest run %zu %s, to %s).",
                 out->divergent, s->n, unit_word(s->unit, s->n), s->a, s->b,
                 out->rows[first].label, out->rows[last].label, best, unit_word(s->unit, best),
                 out->rows[best_end].label);
    return DW_OK;
}
