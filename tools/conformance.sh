#!/bin/sh
# conformance.sh BIN DIR — `make conformance`: runs the peer coders' own test
# suites through `dyadwatch validate` (TABARI's Validate.text, PETRARCH's
# unit-test records) and fails when a suite scores below its target: the
# share of records coded exactly (issue 3: TABARI 90%, PETRARCH 75%).
# Skips, with a message, when DIR (../shared/conformance) is absent.
bin=$1; dir=$2
if [ ! -d "$dir" ]; then
    echo "conformance: skipped ($dir not found)"
    exit 0
fi
status=0
run() { # NAME FILE TARGET
    if [ ! -f "$2" ]; then
        echo "conformance: $1 skipped ($2 not found)"
        return
    fi
    out=$("$bin" validate "$2" --quiet) || { echo "$out"; echo "conformance: $1 could not run"; status=1; return; }
    line=$(printf '%s\n' "$out" | tail -n 1)
    pass=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    fail=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    if [ -z "$pass" ] || [ $((pass + fail)) -eq 0 ]; then
        echo "conformance: $1: no result ($line)"; status=1; return
    fi
    pct=$(((pass * 1000 + (pass + fail) / 2) / (pass + fail)))
    verdict=ok
    [ "$pct" -lt $(($3 * 10)) ] && { verdict="BELOW TARGET"; status=1; }
    printf 'conformance: %-8s %s (%d.%d%% exact, target %d%%) %s\n' "$1" "$line" \
        $((pct / 10)) $((pct % 10)) "$3" "$verdict"
}
run TABARI "$dir/tabari/Validate.text" 90
run PETRARCH "$dir/petrarch/PETR.UnitTest.records.xml" 75
exit $status
