#!/usr/bin/env bash
# The Gradescope bundle, tried in a local copy of Gradescope's /autograder layout: writes it with
# ./workbook grade --gradescope-bundle, unpacks it into AG/source, copies run_autograder to
# AG/run_autograder as Gradescope does, then runs it (working directory AG, AUTOGRADER_ROOT=AG) on
# a correct submission and on a broken one, each uploaded as the files alone, and checks each
# AG/results/results.json against Gradescope's specification and the points it must give.
# Usage: tests/grading/gradescope.sh [BUILD_DIR] [--full] [--chapters 01,02]
#   (default build/ref, chapters 01 and 02)
#   By default run_autograder grades on this tree and BUILD_DIR (WORKBOOK_TREE, WORKBOOK_BUILD) and
#   the test checks that the bundle's copy of the tree holds every file git tracks, unchanged.
#   --full runs the bundle's setup.sh first, as Gradescope does when it builds the image (it
#   installs what is missing and builds the reference inside AG/source: minutes), and grades on that.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build/ref
full=0
chapters=01,02
while [ $# -gt 0 ]; do
  case "$1" in
    --full) full=1; shift ;;
    --chapters) chapters=$2; shift 2 ;;
    *) build=$(cd "$1" && pwd); shift ;;
  esac
done
cli=$build/tools/workbook/workbook
check=$build/tests/grading/gradescope_check
work=$(mktemp -d "${TMPDIR:-/tmp}/workbook-gradescope-test.XXXXXX")
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
ag=$work/autograder
mkdir -p "$ag/source" "$ag/submission"
status=0
fail() { echo "FAIL: $*"; status=1; }

"$cli" --root "$root" --build "$build" grade --gradescope-bundle "$work/autograder.zip" \
  --hidden "$root/tests/grading/hidden" --timeout 5 --chapters "$chapters"

# setup.sh and run_autograder at the root of the zip, executable; the tree beside them.
(cd "$ag/source" && cmake -E tar xf "$work/autograder.zip")
for f in setup.sh run_autograder; do
  [ -x "$ag/source/$f" ] || fail "$f is not an executable file at the root of the zip"
done
[ -f "$ag/source/hidden/01_padding/test_hidden.cpp" ] || fail "the hidden tests are not in the bundle"
[ -f "$ag/source/weights.json" ] || fail "the weights file is not in the bundle"
bash -n "$ag/source/setup.sh" && bash -n "$ag/source/run_autograder" || fail "a script of the bundle does not parse"
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$root" && git ls-files -z -- . ':!.ci' | xargs -0 sha256sum) |
    (cd "$ag/source/workbook" && sha256sum --quiet -c - >"$work/tree-check.log" 2>&1) ||
    { head -20 "$work/tree-check.log"; fail "the bundle's tree differs from the files git tracks"; }
fi
cp "$ag/source/run_autograder" "$ag/run_autograder"

if [ "$full" = 1 ]; then
  echo "setup.sh (the image's build)..."
  bash "$ag/source/setup.sh" >"$work/setup.log" 2>&1 || { tail -40 "$work/setup.log"; fail "setup.sh failed"; exit 1; }
else
  export WORKBOOK_TREE=$root WORKBOOK_BUILD=$build
fi

# grade NAME CHECK-ARGS...: run_autograder on what is in AG/submission, then check results.json.
grade() {
  local name=$1; shift
  rm -rf "$ag/results"
  local start=$SECONDS
  if ! (cd "$ag" && AUTOGRADER_ROOT=$ag ./run_autograder >"$work/$name.log" 2>&1); then
    tail -30 "$work/$name.log"; fail "$name: run_autograder failed"; return
  fi
  echo "$name: run_autograder took $((SECONDS - start)) s"
  "$check" "$ag/results/results.json" "$@" || fail "$name: results.json"
}

# Correct: the model answers of the graded chapters, uploaded as the files alone.
IFS=, read -r -a numbers <<<"$chapters"
for n in "${numbers[@]}"; do cp "$root"/solutions/"$n"_*/*.cpp "$ag/submission/"; done
grade correct hidden=01.2

# Broken: the last graded chapter does not compile; every other chapter keeps its points.
last=${numbers[${#numbers[@]}-1]}
for f in "$root"/solutions/"$last"_*/*.cpp; do echo "this line does not compile" >>"$ag/submission/$(basename "$f")"; done
grade broken "zero=$last" hidden=01.2
grep -q "compile error" "$ag/results/results.json" || fail "broken: the compile error is not shown"

[ "$status" = 0 ] && echo "gradescope bundle: ok"
exit $status
