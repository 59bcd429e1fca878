#!/usr/bin/env bash
# Applies every known student mistake in grading/mutants/NN_*/*.patch to a copy of the reference
# model answers, rebuilds that chapter's ref tests and requires them to fail. A patch that does not
# apply or does not compile is an error, never a catch.
# Usage: grading/run-mutants.sh [NN ...]   (default: every chapter with mutants)
# Env:   MUTANT_JOBS=2 (chapters are split into that many groups, each with its own copy and build:
#        one mutant is one file to recompile, so two groups keep two cores busy)
# Prints one line per mutant and ends with "mutants: K/K caught"; exits 1 if any survives.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/workbook-mutants.XXXXXX")
trap 'rm -rf "$work"' EXIT

chapters=("$@")
if [ ${#chapters[@]} -eq 0 ]; then
  for dir in "$root"/grading/mutants/[0-9][0-9]_*/; do chapters+=("$(basename "$dir" | cut -c1-2)"); done
fi

# One group: a private copy of the tracked and new files (the work tree is never touched), its own
# build, and the mutants of its chapters in order. Writes its lines to $work/group-G.out and the
# counts "caught total" to $work/group-G.count.
run_group() {
  local g=$1; shift
  local src="$work/src-$g" build="$work/build-$g" out="$work/group-$g.out"
  mkdir -p "$src"
  (cd "$root" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -xf - -C "$src"
  cmake -S "$src" -B "$build" -G Ninja -DWORKBOOK_SIDE=ref -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_FLAGS_RELEASE=-O1 >"$work/configure-$g.log" 2>&1 ||
    { cat "$work/configure-$g.log" >"$out"; echo "0 1" >"$work/group-$g.count"; return; }
  local total=0 caught=0 nn patch name verdict program failed
  for nn in "$@"; do
    for patch in "$root"/grading/mutants/${nn}_*/*.patch; do
      [ -e "$patch" ] || continue
      name="${patch#"$root"/grading/mutants/}"
      total=$((total + 1))
      if ! (cd "$src" && git apply "$patch"); then
        echo "  ERROR     $name does not apply to the model answers" >>"$out"
        echo "mutant not caught: $name (does not apply)" >>"$work/group-$g.survivors"; continue
      fi
      verdict="SURVIVED"
      # A mistake in the provided code of chapters/common/ is also looked for by its own tests.
      local programs=("test_ch${nn}_ref")
      grep -q '^+++ b/chapters/common/' "$patch" && programs+=(test_common)
      for program in "${programs[@]}"; do
        [ "$verdict" = "SURVIVED" ] || break
        if ! cmake --build "$build" --target "$program" -j1 >"$build/mutant-build.log" 2>&1; then
          # A mistake students make compiles; a patch that does not is a broken fixture, not a catch.
          verdict="ERROR (does not compile)"
          grep -m3 "error:" "$build/mutant-build.log" | sed 's/^/      /' >>"$out" || true
        elif ! "$(find "$build" -name "$program" -type f | head -1)" --minimal --no-colors >"$build/test.log" 2>&1; then
          failed=$(grep -o '[0-9]* failed' "$build/test.log" | head -1 || true)
          verdict="caught (${failed:-tests fail} in $program)"
        fi
      done
      (cd "$src" && git apply -R "$patch")
      case "$verdict" in
        caught*) caught=$((caught + 1)) ;;
        ERROR*) echo "mutant not caught: $name (does not compile)" >>"$work/group-$g.survivors" ;;
        *) echo "mutant not caught: $name" >>"$work/group-$g.survivors" ;;
      esac
      printf '  %-9s %s: %s\n' "${verdict%% *}" "$name" "$(grep -m1 '^Mistake:' "$patch" | cut -c10-)" >>"$out"
    done
  done
  echo "$caught $total" >"$work/group-$g.count"
}

# Groups of about equal numbers of mutants; a chapter stays in one group, so each test program is
# built once.
jobs=${MUTANT_JOBS:-2}
declare -a group_chapters group_sizes
for ((g = 0; g < jobs; g++)); do group_chapters[g]=""; group_sizes[g]=0; done
for nn in "${chapters[@]}"; do
  count=$(find "$root"/grading/mutants/ -path "*/${nn}_*/*.patch" | wc -l)
  smallest=0
  for ((g = 1; g < jobs; g++)); do
    [ "${group_sizes[g]}" -lt "${group_sizes[smallest]}" ] && smallest=$g
  done
  group_chapters[smallest]+=" $nn"; group_sizes[smallest]=$((group_sizes[smallest] + count))
done

pids=()
for ((g = 0; g < jobs; g++)); do
  [ -n "${group_chapters[g]}" ] || continue
  # shellcheck disable=SC2086  # the chapter list is split on purpose
  run_group "$g" ${group_chapters[g]} &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done

total=0; caught=0
for ((g = 0; g < jobs; g++)); do
  [ -e "$work/group-$g.out" ] && cat "$work/group-$g.out"
  if [ -e "$work/group-$g.count" ]; then
    read -r c t <"$work/group-$g.count"; caught=$((caught + c)); total=$((total + t))
  elif [ -n "${group_chapters[g]}" ]; then
    echo "  ERROR     the group of chapters${group_chapters[g]} stopped before its end"; total=$((total + 1))
  fi
done
cat "$work"/group-*.survivors 2>/dev/null || true
echo "mutants: $caught/$total caught"
[ "$caught" -eq "$total" ]
