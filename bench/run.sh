#!/bin/sh
# bench/run.sh BIN — `make bench`: dictionary load, coding and ingest
# throughput and peak memory on a generated corpus (see bench/bench.c).
#
#   BENCH_SENTENCES         sentences to code, one thread and all cores (1000000)
#   BENCH_INGEST_SENTENCES  sentences to ingest into SQLite, slower (50000)
#   BENCH_REPEAT            runs of each coding measurement, best kept (3)
#   BENCH_SERIES_EVENTS     events of the dyad-series store (10000000; 0 skips it)
set -e
bin=$1
build=$(dirname "$bin")
mkdir -p "$build/bench"
cc -std=c17 -O2 -Wall -Wextra -Werror -Iinclude bench/bench.c \
   -o "$build/bench/bench" "$build/libdyadwatch.a" \
   $(pkg-config --libs sqlite3 jansson libutf8proc nettle) -lm
echo "== dictionaries"
"$bin" dict 2>/dev/null
echo "== coding and ingest"
"$build/bench/bench" "$bin" data/demo "$build/bench" "${BENCH_SENTENCES:-1000000}" \
    "${BENCH_INGEST_SENTENCES:-50000}" "${BENCH_REPEAT:-3}"
# Dyad series from a large store (bench/bench_series.c): 10 million events
# by default (about 2.4 GB and 3 minutes to generate); BENCH_SERIES_EVENTS=0
# skips it.
if [ "${BENCH_SERIES_EVENTS:-10000000}" -gt 0 ]; then
    cc -std=c17 -O2 -Wall -Wextra -Werror -Iinclude bench/bench_series.c \
       -o "$build/bench/bench_series" "$build/libdyadwatch.a" \
       $(pkg-config --libs sqlite3 jansson libutf8proc nettle) -lm -pthread
    echo "== dyad series"
    "$build/bench/bench_series" "$build/bench/series.db" "${BENCH_SERIES_EVENTS:-10000000}"
    rm -f "$build/bench/series.db" "$build/bench/series.db-wal" "$build/bench/series.db-shm"
fi
# The statistical review of the demo corpus (IRN-TAL, HTML): target < 2 s.
echo "== review"
"$bin" demo "$build/bench/demo" >/dev/null
t0=$(date +%s%N)
"$bin" report IRN TAL --db "$build/bench/demo/demo.db" -o "$build/bench/review.html" 2>/dev/null
t1=$(date +%s%N)
echo "review of the demo corpus: $(( (t1 - t0) / 1000000 )) ms ($(wc -c < "$build/bench/review.html") bytes)"
