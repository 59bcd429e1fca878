#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS]
#
# Fuzzes the IDX parser for SECONDS (default 60) with libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer. Configures its own build folder, build/fuzz, with clang++, builds
# the fuzz_idx target only, and starts from the seed corpus tests/fuzz/corpus/ (read only; the
# inputs libFuzzer finds on the way go to build/fuzz/corpus/). Exits non-zero when libFuzzer finds
# a crash; the input that caused it is saved in build/fuzz/artifacts/.
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: $0 [SECONDS]" >&2
  exit 2
fi

repo="$(cd "$(dirname "$0")/../.." && pwd)"
build="$repo/build/fuzz"

CXX=clang++ cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DWORKBOOK_FUZZ=ON -DWORKBOOK_SIDE=ref > /dev/null
cmake --build "$build" --target fuzz_idx

mkdir -p "$build/corpus" "$build/artifacts"
log="$build/fuzz.log"
echo "fuzzing the IDX parser for $seconds s (log: $log)"
set +e
"$build/tests/fuzz/fuzz_idx" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/artifacts/" \
  "$build/corpus" "$repo/tests/fuzz/corpus" > "$log" 2>&1
status=$?
set -e

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
if [ "$status" -ne 0 ]; then
  tail -n 60 "$log"
  echo "fuzz_idx FAILED (exit status $status) after ${runs:-an unknown number of} executions;" \
       "the input is in $build/artifacts/" >&2
  exit "$status"
fi
echo "fuzz_idx ran clean: ${runs:-?} executions in $seconds s"
