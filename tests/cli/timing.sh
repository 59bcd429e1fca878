#!/usr/bin/env bash
# Edit-to-verdict time of every chapter file, as a student meets it: with every chapter finished
# (the model answers copied in and built once), each file is saved again (touch) and
# `./workbook check NN` runs; the time is the wall clock from the save to the verdict, so it holds
# the recompilation of that file, the link, the tests and the workbook itself. The chapter files
# are put back at the end, however the script ends.
#
#   tests/cli/timing.sh [FILE...]    a Markdown table: file, seconds, verdict (default: every file)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

saved=$(mktemp -d)
restore() {
  for f in "$saved"/*; do [ -f "$f" ] && cp "$f" "chapters/$(basename "$f" | tr "%" "/")"; done
  rm -rf "$saved"
}
trap restore EXIT

files=("$@")
[ ${#files[@]} -eq 0 ] && files=(chapters/[0-9][0-9]_*/*.cpp)
for f in chapters/[0-9][0-9]_*/*.cpp; do
  key=${f#chapters/}
  cp "$f" "$saved/${key//\//%}"
  cp "solutions/$key" "$f"
done
./workbook >/dev/null 2>&1  # every chapter built once with the answers

printf '| file | seconds | verdict |\n|---|---:|---|\n'
for f in "${files[@]}"; do
  chapter=${f#chapters/}; chapter=${chapter:0:2}
  sleep 1  # a save is a new modification time
  touch "$f"
  start=$(date +%s%N)
  out=$(./workbook check "$chapter" 2>&1); rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  verdict=$(grep -oE 'test cases: *[0-9]+ \| *[0-9]+ passed \| *[0-9]+ failed' <<<"$out" | tail -1)
  [ $rc -eq 0 ] || verdict="FAILED (exit $rc) $verdict"
  printf '| %s | %d.%01d | %s |\n' "$f" $((ms / 1000)) $(((ms % 1000) / 100)) "$verdict"
done

restore
trap - EXIT
./workbook >/dev/null 2>&1 || true  # the build back to the untouched chapters
