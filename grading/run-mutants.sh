#!/usr/bin/env bash
# Applies every known student mistake in grading/mutants/NN_*/*.patch to a copy of the reference
# model answers, rebuilds that chapter's ref tests and requires them to fail. A patch that does not
# apply or does not compile is an error, never a catch.
# Usage: grading/run-mutants.sh [NN ...]   (default: every chapter with mutants)
# Prints one line per mutant and ends with "mutants: K/K caught"; exits 1 if any survives.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/workbook-mutants.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A private copy of the tracked and new files, so the work tree is never touched.
mkdir -p "$work/src"
(cd "$root" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -xf - -C "$work/src"
cmake -S "$work/src" -B "$work/build" -G Ninja -DWORKBOOK_SIDE=ref -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_FLAGS_RELEASE=-O1 >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }

chapters=("$@")
if [ ${#chapters[@]} -eq 0 ]; then
  for dir in "$root"/grading/mutants/[0-9][0-9]_*/; do chapters+=("$(basename "$dir" | cut -c1-2)"); done
fi

total=0; caught=0; survivors=()
for nn in "${chapters[@]}"; do
  for patch in "$root"/grading/mutants/${nn}_*/*.patch; do
    [ -e "$patch" ] || continue
    name="${patch#"$root"/grading/mutants/}"
    total=$((total + 1))
    if ! (cd "$work/src" && git apply "$patch"); then
      echo "  ERROR   $name does not apply to the model answers"; survivors+=("$name (does not apply)"); continue
    fi
    verdict="SURVIVED"
    # A mistake in the provided code of chapters/common/ is also looked for by its own tests.
    programs=("test_ch${nn}_ref")
    grep -q '^+++ b/chapters/common/' "$patch" && programs+=(test_common)
    for program in "${programs[@]}"; do
      [ "$verdict" = "SURVIVED" ] || break
      if ! cmake --build "$work/build" --target "$program" >"$work/build.log" 2>&1; then
        # A mistake students make compiles; a patch that does not is a broken fixture, not a catch.
        verdict="ERROR (does not compile)"
        grep -m3 "error:" "$work/build.log" | sed 's/^/      /' || true
      elif ! "$(find "$work/build" -name "$program" -type f | head -1)" --minimal --no-colors >"$work/test.log" 2>&1; then
        failed=$(grep -o '[0-9]* failed' "$work/test.log" | head -1 || true)
        verdict="caught (${failed:-tests fail} in $program)"
      fi
    done
    (cd "$work/src" && git apply -R "$patch")
    case "$verdict" in
      caught*) caught=$((caught + 1)) ;;
      ERROR*) survivors+=("$name (does not compile)") ;;
      *) survivors+=("$name") ;;
    esac
    printf '  %-9s %s: %s\n' "${verdict%% *}" "$name" "$(grep -m1 '^Mistake:' "$patch" | cut -c10-)"
  done
done
for s in "${survivors[@]+"${survivors[@]}"}"; do echo "mutant not caught: $s"; done
echo "mutants: $caught/$total caught"
[ "$caught" -eq "$total" ]
