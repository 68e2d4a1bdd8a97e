/*
 * date.c — ISO 8601 date prefixes ("YYYY", "YYYY-MM", "YYYY-MM-DD").
 *
 * Dates are compared as day numbers (days since 1970-01-01, proleptic
 * Gregorian), which makes validity periods and ranges simple integer tests.
 */
#include <stdint.h>

#include "dyadwatch/core.h"

static int digits(const char *s, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Parses into y/m/d; m and d are 0 when absent.  Returns 0 on success. */
static int parse(const char *s, size_t n, int *y, int *m, int *d) {
    *m = *d = 0;
    if (n != 4 && n != 7 && n != 10) return -1;
    if ((*y = digits(s, 4)) < 0) return -1;
    if (n >= 7) {
        if (s[4] != '-' || (*m = digits(s + 5, 2)) < 1 || *m > 12) return -1;
    }
    if (n == 10) {
        if (s[7] != '-' || (*d = digits(s + 8, 2)) < 1 || *d > month_days(*y, *m)) return -1;
    }
    return 0;
}

int dw_date_valid(const char *s, size_t n) {
    int y, m, d;
    return s && parse(s, n, &y, &m, &d) == 0;
}

/* Days from civil (Howard Hinnant's algorithm, public domain arithmetic). */
static int32_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int32_t dw_date_days(const char *s, size_t n, int first) {
    int y, m, d;
    if (!s || parse(s, n, &y, &m, &d)) return INT32_MIN;
    if (m == 0) m = first ? 1 : 12;
    if (d == 0) d = first ? 1 : month_days(y, m);
    return days_from_civil(y, m, d);
}
