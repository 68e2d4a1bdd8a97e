/*
 * test_util.h — shared includes and helpers for the cmocka unit tests.
 *
 * DW_SOURCE_DIR is the project root (set by the Makefile), so tests can find
 * tests/data/ and, where present, ../shared/ (skipped with a message if not).
 */
#ifndef DW_TEST_UTIL_H
#define DW_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dyadwatch/dyadwatch.h"

/* Path under the project root, in a static buffer (one at a time). */
static inline const char *test_path(const char *rel) {
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", DW_SOURCE_DIR, rel);
    return buf;
}

/* Path under ../shared, or NULL (and a message) when it is absent. */
static inline const char *shared_path(const char *rel) {
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/../shared/%s", DW_SOURCE_DIR, rel);
    if (access(buf, R_OK) != 0) {
        fprintf(stderr, "skip: %s not found (../shared/ is absent)\n", buf);
        return NULL;
    }
    return buf;
}

#endif
