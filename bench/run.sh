#!/bin/sh
# bench/run.sh BIN — `make bench`: dictionary load, coding and ingest
# throughput and peak memory on a generated corpus (see bench/bench.c).
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
"$build/bench/bench" "$bin" data/demo "$build/bench" "${BENCH_SENTENCES:-150000}"
