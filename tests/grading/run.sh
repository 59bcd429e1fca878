#!/usr/bin/env bash
# The grader's end-to-end test. Grades one class at once: the model answers (as a folder, a zip, a
# tar.gz and a git repository), the untouched stubs, hostile submissions (tests/grading/hostile/:
# each a solution with one misbehaving function, plus edits and deletions of the instructor's
# files) and every known mistake in grading/mutants/, with the hidden test in
# tests/grading/hidden/. Then check_class compares every score with what it must be, and the
# instructor's tree must be unchanged and nothing written outside the sandbox.
# Usage: tests/grading/run.sh [BUILD_DIR] [--mutants all|one-per-chapter] [--chapters 01,02,...]
#        (default build/ref, every mutant, every chapter; chapter 01 is always graded, because the
#        hostile submissions misbehave in it)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build/ref
mutants=all
chapters=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mutants) mutants=$2; shift 2 ;;
    --chapters) chapters=$2; shift 2 ;;
    *) build=$1; shift ;;
  esac
done
[ -z "$chapters" ] || [[ ",$chapters," == *",01,"* ]] || chapters="01,$chapters"
cli=$build/tools/workbook/workbook
check=$build/tests/grading/grading_check
work=$(mktemp -d "${TMPDIR:-/tmp}/workbook-grading-test.XXXXXX")
chmod 755 "$work"
marker=/tmp/workbook-hostile-wrote-here
trap 'rm -rf "$work"' EXIT
rm -f "$marker"
subs=$work/submissions
mkdir -p "$subs"

fingerprint() {
  (cd "$root" && find . \( -path ./build -o -path ./.git \) -prune -o -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum)
}
before=$(fingerprint)

solutions_into() {  # solutions_into DIR: the model answers laid out as a student's chapters/
  local d n
  for d in "$root"/solutions/*/; do
    n=$(basename "$d")
    [ -d "$root/chapters/$n" ] || continue
    mkdir -p "$1/chapters/$n"
    cp "$d"*.cpp "$1/chapters/$n/"
  done
}

# The model answers in every form a submission can take.
solutions_into "$subs/reference"
(cd "$subs/reference" && git init -q && git add -A && git -c user.name=s -c user.email=s@example.com commit -qm answers \
   && git archive --format=zip -o "$subs/reference-zip.zip" HEAD)
tar -C "$subs/reference" --exclude=.git -czf "$subs/reference-tgz.tar.gz" chapters
cp -r "$subs/reference" "$subs/reference-git"
echo "this uncommitted line does not compile" >>"$subs/reference-git/chapters/01_padding/padding.cpp"
rm -rf "$subs/reference/.git"
mkdir -p "$subs/stubs" && cp -r "$root/chapters" "$subs/stubs/"

# Hostile: each snippet goes into chapter 01's vertical_edge_filter (exercise 01.4), its
# #include lines at the top of the file.
for inc in "$root"/tests/grading/hostile/*.inc; do
  dir="$subs/hostile-$(basename "$inc" .inc)"
  solutions_into "$dir"
  file="$dir/chapters/01_padding/padding.cpp"
  { grep '^#include' "$inc" || true
    awk -v inc="$inc" '
      { print }
      /^Matrix vertical_edge_filter\(\) \{/ {
        while ((getline line < inc) > 0) if (line !~ /^#include/ && line !~ /^\/\//) print line
      }' "$file"; } >"$file.new"
  mv "$file.new" "$file"
  grep -q "vertical_edge_filter() {" "$file"
done
# Edits the tests, a header and the manifest so that chapter 01 would pass; its code is the stub.
dir="$subs/hostile-edits"
solutions_into "$dir"
cp "$root/chapters/01_padding/padding.cpp" "$dir/chapters/01_padding/"
mkdir -p "$dir/tests/01_padding"
printf '#include <doctest/doctest.h>\nTEST_CASE("01.1 zero_pad") { CHECK(true); }\n' >"$dir/tests/01_padding/test_padding.cpp"
{ cat "$root/chapters/01_padding/padding.hpp"; echo "#define zero_pad(x, p) (x)"; } >"$dir/chapters/01_padding/padding.hpp"
sed 's/"exercises": \[/"exercises": [], "ignored": [/' "$root/chapters/01_padding/manifest.json" >"$dir/chapters/01_padding/manifest.json"
# Deletes instructor files from a whole copy of the workbook.
dir="$subs/hostile-deletes"
mkdir -p "$dir"
(cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$dir"
rm -rf "$dir/chapters" && mkdir -p "$dir/chapters" && cp -r "$root/chapters/." "$dir/chapters/"
solutions_into "$dir"
rm -f "$dir/tests/01_padding/test_padding.cpp" "$dir/chapters/02_stride/manifest.json" "$dir/cmake/Chapter.cmake"

# Every known mistake, applied to the model answers.
count=0
for dir in "$root"/grading/mutants/[0-9][0-9]_*/; do
  chapter=$(basename "$dir")
  [ -d "$root/chapters/$chapter" ] || continue
  [ -z "$chapters" ] || [[ ",$chapters," == *",${chapter:0:2},"* ]] || continue
  for patch in "$dir"*.patch; do
    [ -e "$patch" ] || continue
    # A mistake in the provided code (chapters/common/) is no submission's: the grader takes only
    # exercise sources. grading/run-mutants.sh catches those with the tests of chapters/common.
    ! grep -q '^+++ b/chapters/common/' "$patch" || continue
    name="mutant-$chapter-$(basename "$patch" .patch)"
    tmp="$work/apply/$name"
    mkdir -p "$tmp" && cp -r "$root/solutions" "$tmp/"
    (cd "$tmp" && git apply "$patch")
    mkdir -p "$subs/$name/chapters"
    cp -r "$tmp/solutions/$chapter" "$subs/$name/chapters/"
    solutions_into "$subs/$name.rest" && cp -rn "$subs/$name.rest/chapters/." "$subs/$name/chapters/" && rm -rf "$subs/$name.rest"
    count=$((count + 1))
    [ "$mutants" = "one-per-chapter" ] && break
  done
done
echo "grading $(ls "$subs" | wc -l) submissions ($count mutants)"

start=$SECONDS
"$cli" --root "$root" --build "$build" grade "$subs"/* --out "$work/out" --jobs 2 --timeout 5 \
  --hidden "$root/tests/grading/hidden" --keep-work ${chapters:+--chapters "$chapters"} 2>"$work/grade.log" \
  || { cat "$work/grade.log"; exit 1; }
grep -E '^\[|격리|isolation' "$work/grade.log" | sed 's/^/  /' || true
echo "graded in $((SECONDS - start)) s"

status=0
"$check" "$root" "$work/out" "$root/tests/grading/expected.json" || status=1
for f in "$work/out/HOSTILE-WROTE-HERE" "$work/HOSTILE-WROTE-HERE"; do
  [ ! -e "$f" ] || { echo "a submission wrote outside its folder: $f"; status=1; }
done
if grep -q "isolation\|격리" "$work/grade.log"; then
  echo "bubblewrap is not working here: the private /tmp is not checked"
elif [ -e "$marker" ]; then
  echo "a submission wrote into the real /tmp: $marker"; status=1
fi
rm -f "$marker"
[ -f "$work/out/class.csv" ] && [ -f "$work/out/summary.md" ] || { echo "no class.csv or summary.md"; status=1; }
after=$(fingerprint)
if [ "$before" != "$after" ]; then echo "the instructor's tree changed during grading"; status=1; else echo "instructor's tree unchanged"; fi
exit $status
