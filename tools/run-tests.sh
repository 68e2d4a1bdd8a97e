#!/bin/sh
# run-tests.sh BUILD BIN TEST... — runs the cmocka unit tests and the
# end-to-end scripts, prints their output, and writes BUILD/test-summary.txt
# ("passed failed skipped") for tools/sum-tests.sh.
build=$1; bin=$2; shift 2
passed=0; failed=0; skipped=0
log=$build/test-log.txt
: > "$log"
for t in "$@"; do
    out=$("$t" 2>&1); rc=$?
    printf '%s\n' "$out" | tee -a "$log"
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    s=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
    if [ $rc -ne 0 ] && [ -z "$f" ]; then
        echo "$t: exited $rc without a cmocka summary" | tee -a "$log"; failed=$((failed + 1))
    fi
done
# End-to-end scripts print "ok - NAME", "not ok - NAME" or "skip - NAME".
for s in tests/e2e/*.sh; do
    [ -f "$s" ] || continue
    out=$(DW_BIN="$bin" DW_BUILD="$build" sh "$s" 2>&1)
    printf '%s\n' "$out" | tee -a "$log"
    passed=$((passed + $(printf '%s\n' "$out" | grep -c '^ok - ')))
    failed=$((failed + $(printf '%s\n' "$out" | grep -c '^not ok - ')))
    skipped=$((skipped + $(printf '%s\n' "$out" | grep -c '^skip - ')))
done
echo "$passed $failed $skipped" > "$build/test-summary.txt"
echo "$build: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
