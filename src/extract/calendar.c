/*
 * calendar.c — proleptic Gregorian arithmetic for the date resolver:
 * validity, day numbers (days since 1970-01-01), weekdays, month
 * arithmetic and ISO 8601 prefixes ("YYYY", "YYYY-MM", "YYYY-MM-DD").
 *
 * Invariants: years outside 1..9999 are invalid; every function is total
 * (no undefined behaviour on any int input).
 */
#include <stdio.h>

#include "extract/extract_internal.h"

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int xcal_month_days(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

bool xcal_valid(int y, int m, int d) {
    if (y < 1 || y > 9999 || m < 0 || m > 12 || d < 0) return false;
    if (m == 0) return d == 0;
    return d <= xcal_month_days(y, m);
}

/* Howard Hinnant's days_from_civil (public-domain arithmetic). */
int32_t xcal_days(int y, int m, int d) {
    if (m == 0) m = 1;
    if (d == 0) d = 1;
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

xdate xcal_from_days(int32_t z) {
    z += 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t y = yoe + era * 400;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    int32_t d = doy - (153 * mp + 2) / 5 + 1;
    int32_t m = mp < 10 ? mp + 3 : mp - 9;
    return (xdate){(int)(y + (m <= 2)), (int)m, (int)d};
}

int xcal_weekday(int32_t days) {
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int32_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

xdate xcal_add_months(xdate a, int months) {
    int idx = a.y * 12 + (a.m ? a.m - 1 : 0) + months;
    xdate r = {idx / 12, idx % 12 + 1, a.d};
    return r;
}

/* Writes v as `width` decimal digits with leading zeros (v < 10^width). */
static char *put_digits(char *p, int v, int width) {
    for (int i = width - 1; i >= 0; i--, v /= 10) p[i] = (char)('0' + v % 10);
    return p + width;
}

void xcal_format(xdate a, char out[11]) {
    out[0] = '\0';
    if (a.y < 1 || a.y > 9999) return;
    char *p = put_digits(out, a.y, 4); /* "%04d", "%04d-%02d", "%04d-%02d-%02d" */
    if (a.m >= 1 && a.m <= 12) {
        *p++ = '-';
        p = put_digits(p, a.m, 2);
        if (a.d >= 1 && a.d <= 31) {
            *p++ = '-';
            p = put_digits(p, a.d, 2);
        }
    }
    *p = '\0';
}

static int digits(const char *s, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool xcal_parse(const char *s, xdate *out) {
    *out = (xdate){0, 0, 0};
    if (!s) return false;
    size_t n = 0;
    while (s[n] && n < 11) n++;
    if (n != 4 && n != 7 && n != 10) return false;
    xdate r = {digits(s, 4), 0, 0};
    if (n >= 7 && (s[4] != '-' || (r.m = digits(s + 5, 2)) < 1)) return false;
    if (n == 10 && (s[7] != '-' || (r.d = digits(s + 8, 2)) < 1)) return false;
    if (!xcal_valid(r.y, r.m, r.d)) return false;
    *out = r;
    return true;
}
