#!/usr/bin/env bash
# Tests of the student loop itself (./workbook), with hostile stubs as fixtures: an infinite loop,
# a crash in a later exercise, exit() in a stub, a compile error, a flood of output, a raw Eigen
# error. Each fixture is made from a model answer by inserting a few lines, so it follows the
# chapter's current signatures. The chapter files are restored when the script ends (however it
# ends), so the tree is left as it was. Needs a student build (./workbook) and git.
#
#   tests/cli/run.sh        every case; prints "N passed, N failed" and fails when one fails
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

passed=0; failed=0
ok() { passed=$((passed + 1)); echo "  ok   $1"; }
bad() { failed=$((failed + 1)); echo "  FAIL $1"; [ -n "${2:-}" ] && sed 's/^/       | /' <<<"$2" | head -40; }
# expect NAME OUTPUT PATTERN...: every grep -E pattern is found in OUTPUT
expect() {
  local name=$1 out=$2; shift 2
  for p in "$@"; do grep -qE -- "$p" <<<"$out" || { bad "$name: no /$p/" "$out"; return; }; done
  ok "$name"
}
# refuse NAME OUTPUT PATTERN: the pattern is not in OUTPUT
refuse() { if grep -qE -- "$3" <<<"$2"; then bad "$1: /$3/ should not be there" "$2"; else ok "$1"; fi; }

# ---- fixtures: edit a chapter file, put every one back at the end --------------------------
saved=$(mktemp -d)
trap 'for f in "$saved"/*; do [ -f "$f" ] && cp "$f" "chapters/$(basename "$f" | tr "%" "/")"; done; rm -rf "$saved"' EXIT
save() { local key=${1#chapters/}; [ -e "$saved/${key//\//%}" ] || cp "$1" "$saved/${key//\//%}"; }
restore_all() { for f in "$saved"/*; do [ -f "$f" ] && cp "$f" "chapters/$(basename "$f" | tr "%" "/")"; done; }
# hostile CHAPTER_FILE FUNCTION CODE [stub]: the model answer (or, with "stub", the untouched
# stub) with CODE first in FUNCTION's body
hostile() {
  local file=$1 function=$2 code=$3 base="solutions/${1#chapters/}"
  save "$file"
  [ "${4:-}" = stub ] && base="$saved/$(k=${file#chapters/}; echo "${k//\//%}")"
  { echo '#include <cstdio>'; echo '#include <cstdlib>'
    awk -v fn="$function" -v code="$code" '
      { print }
      !done && $0 ~ "^[A-Za-z].*[ :]" fn "\\(" && /\{ *$/ { print "    " code; done = 1 }
    ' "$base"; } >"$file"
}

# The workbook runs with a temporary directory of its own, to see that it leaves nothing there.
private_tmp="$saved/tmp"
mkdir -p "$private_tmp"
wb() { TMPDIR="$private_tmp" timeout 300 ./workbook --timeout 2 "$@" 2>&1; }
tmp_count() { find "$private_tmp" -mindepth 1 | wc -l; }

echo "== answered before anything builds"
fresh=$(mktemp -d)
git ls-files -z | xargs -0 -I{} cp --parents {} "$fresh" 2>/dev/null
for args in "--help" "--lang en --help" "check --help" "test --help" "check 99" "check 5x" "frob" "hint 09.1"; do
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  out=$(cd "$fresh" && LANG=C.UTF-8 ./workbook $args 2>&1)
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ -e "$fresh/build" ]; then bad "'$args' built something"; rm -rf "$fresh/build"
  elif [ "$ms" -ge 1000 ]; then bad "'$args' took $ms ms"
  else ok "'$args' answered in $ms ms"; fi
done
out=$(cd "$fresh" && LANG=C.UTF-8 ./workbook --help 2>&1)
expect "help is Korean by default" "$out" "사용법" "check NN"
refuse "help hides CI options" "$out" "verify|--root|--build"
out=$(cd "$fresh" && LANG=en_US.UTF-8 ./workbook --help 2>&1)
expect "an English LANG gives English help" "$out" "^Usage: ./workbook"
out=$(cd "$fresh" && ./workbook check 99 2>&1); rc=$?
expect "check 99 names the chapters" "$out" "99" "01 02"; [ $rc -ne 0 ] && ok "check 99 fails" || bad "check 99 succeeded"
rm -rf "$fresh"

echo "== arguments pass as a list"
out=$(wb check 05 -tc='WE-26*'); rc=$?
expect "check 05 -tc='WE-26*' runs WE-26" "$out" "WE-26" "test cases: *[1-9][0-9]* \| *0 passed"
[ $rc -ne 0 ] && ok "a failing check fails" || bad "check of a stub succeeded"
out=$(wb check 01 -tc='WE-03*; echo INJECTED'); rc=$?
refuse "no shell between the student and doctest" "$out" "^INJECTED"
expect "a filter that matches nothing says so" "$out" "맞는 테스트가 없습니다"
[ $rc -ne 0 ] && ok "a filter that matches nothing fails" || bad "an empty filter succeeded"
out=$(wb check 01 -tc='WE-03 *'); rc=$?
expect "a filter with a space is one argument" "$out" "WE-03"

echo "== an infinite loop in 02.3"
hostile chapters/02_stride/stride.cpp conv_output_shape 'for (volatile int spin = 0; spin >= 0; spin = spin < 1 ? 0 : 1) {}'
before=$(tmp_count)
start=$SECONDS
out=$(wb status)
expect "the loop is marked on its chapter, the other chapters shown" "$out" "^ 02 .*02\.3 시간 초과" "^ 01 " "^ 06 "
[ $((SECONDS - start)) -lt 60 ] && ok "status ends ($((SECONDS - start)) s)" || bad "status took $((SECONDS - start)) s"
out=$(wb check 02); rc=$?
expect "check names the exercise that hung" "$out" "02\.3: 2초 안에 끝나지 않았습니다 \(무한 루프\?\)"
[ "$(tmp_count)" -eq "$before" ] && ok "nothing left in the temporary directory" || bad "files left in $private_tmp"
restore_all

echo "== a crash in 02.4 after three correct exercises"
hostile chapters/02_stride/stride.cpp strided_cross_correlate 'if (x.size() >= 0) { volatile int* nowhere = nullptr; *nowhere = 1; }'
out=$(wb status)
expect "the crash is blamed on 02.4, earlier exercises stay passed" "$out" "^ 02 .* 3/4 .*02\.4 비정상 종료"
out=$(wb check 02)
expect "check says where it crashed" "$out" "02\.4: .*비정상 종료.*SIGSEGV"
restore_all

echo "== a stride that does not fit, in 02.4: the sentence the site's convolution page shows"
# tests/cli/stride-refusal.txt holds the sentences (Korean, then English); the site generator
# refuses to build when its page says anything else for the same refusal (S=3, P=1 on 5 wide).
hostile chapters/02_stride/stride.cpp strided_cross_correlate '(void)conv_output_shape(Shape2{5, 5}, Shape2{3, 3}, Stride{3}, Pad{1});'
out=$(wb check 02)
if grep -qF -- "$(sed -n 1p tests/cli/stride-refusal.txt)" <<<"$out"; then ok "check 02 says the refusal in Korean, as the site does"
else bad "check 02 does not say the refusal of tests/cli/stride-refusal.txt" "$out"; fi
out=$(wb --lang en check 02)
if grep -qF -- "$(sed -n 2p tests/cli/stride-refusal.txt)" <<<"$out"; then ok "--lang en says it in English, as the site does"
else bad "--lang en check 02 does not say the English refusal" "$out"; fi
restore_all

echo "== exit(0) in 01.2"
hostile chapters/01_padding/padding.cpp cross_correlate 'if (bias == bias) std::exit(0);'
out=$(wb status)
expect "exit() is named, with the exercise" "$out" "01\.2: .*exit\(0\)" "^ 01 .* 1/4"
refuse "exit(0) is not called a crash" "$out" "crashed \(exit code 0\)"
restore_all

echo "== a compile error in 03"
save chapters/03_conv3d/conv3d.cpp
sed -i '0,/throw NotImplemented/s//this is not C++; throw NotImplemented/' chapters/03_conv3d/conv3d.cpp
out=$(wb status)
expect "03 is marked, with the student's file and line; 01 and 02 still shown" "$out" \
  "^ 03 .*컴파일 오류" "chapters/03_conv3d/conv3d\.cpp:[0-9]+: .*error" "^ 01 .* 0/4" "^ 02 .* 0/4" "^ 04 .*03장"
out=$(wb check 03); rc=$?
expect "check 03 shows the error" "$out" "chapters/03_conv3d/conv3d\.cpp:[0-9]+"
[ $rc -ne 0 ] && ok "check of a chapter that does not compile fails" || bad "check 03 succeeded"
restore_all

echo "== a flood of output and a raw Eigen error in 01.1"
hostile chapters/01_padding/padding.cpp zero_pad 'for (int i = 0; i < 100000; ++i) std::printf("flood %d\\n", i);' stub
out=$(wb check 01 -tc='WE-04*')
lines=$(wc -l <<<"$out")
[ "$lines" -lt 20000 ] && ok "check keeps a flood short ($lines lines)" || bad "check printed $lines lines"
expect "the cut is announced" "$out" "생략했습니다"
out=$(wb status)
expect "a stub's output is shown under its failing test" "$out" "이 테스트가 출력한 내용" "│ flood 0"
restore_all
hostile chapters/01_padding/padding.cpp zero_pad 'if (pad >= 0) { Matrix m(2, 2); m.block(1, 1, 3, 3).setZero(); }'
out=$(wb status)
expect "an Eigen check becomes a sentence naming the exercise" "$out" "01\.1 zero_pad.*블록 \(block\)"
out=$(wb check 01)
expect "check says the Eigen check in a sentence too" "$out" "^  .*01\.1 zero_pad.*블록 \(block\)"
restore_all

hostile chapters/01_padding/padding.cpp cross_correlate 'if (bias == bias) { Matrix huge(1 << 20, 1 << 20); huge.setZero(); }'
out=$(wb status)
expect "std::bad_alloc becomes a sentence naming the exercise" "$out" "01\.2 cross_correlate에서 메모리가 부족합니다"
restore_all

echo "== English on request"
out=$(wb --lang en status)
expect "--lang en" "$out" "^Next exercise: 01\.1" "not implemented yet"

echo "== reset keeps the student's version"
save chapters/05_im2col/im2col.cpp
cp solutions/05_im2col/im2col.cpp chapters/05_im2col/im2col.cpp
out=$(wb reset 05.2)
expect "reset 05.2 says where the backup is" "$out" "chapters/\.backup/im2col\.cpp\.[0-9-]+"
grep -q 'NotImplemented("05.2' chapters/05_im2col/im2col.cpp && ok "05.2 is a stub again" || bad "05.2 not restored"
grep -q 'NotImplemented("05.1' chapters/05_im2col/im2col.cpp && bad "reset 05.2 also reset 05.1" || ok "05.1 kept"
backup=$(grep -oE 'chapters/\.backup/im2col\.cpp\.[0-9-]+' <<<"$out" | head -1)
[ -n "$backup" ] && cmp -s "$backup" solutions/05_im2col/im2col.cpp && ok "the backup holds the student's file" || bad "backup differs"
[ -n "$backup" ] && rm -f "$backup" && rmdir chapters/.backup 2>/dev/null
restore_all

echo "== watch checks again only the chapter that was saved (polling, as on a file system without events)"
watch_out=$(mktemp)
set -m  # the watcher gets a process group of its own, so that it can be ended with its children
WORKBOOK_WATCH_POLL=1 ./workbook --timeout 2 watch >"$watch_out" 2>&1 </dev/null &
watch_pid=$!
set +m
rounds() { grep -c '저장하면 그 장을 다시 확인합니다' "$watch_out"; }
for _ in $(seq 120); do [ "$(rounds)" -ge 1 ] && break; sleep 0.5; done
touch chapters/01_padding/padding.cpp
for _ in $(seq 120); do [ "$(rounds)" -ge 2 ] && break; sleep 0.5; done
kill -- -"$watch_pid" 2>/dev/null; wait "$watch_pid" 2>/dev/null
second=$(awk '/저장하면 그 장을 다시 확인합니다/ { n++; next } n == 1' "$watch_out")
expect "watch ran chapter 01 again after the save, with the whole progress line" "$second" \
  "^ 01 .* 0/4" "개 중 [0-9]+개 완료" "다음 연습 문제: 01\.1"
refuse "watch did not run the other chapters again" "$second" "^ 0[2-8] "
rm -f "$watch_out"

echo "== hints come in tiers, in Korean; what was seen is kept in build/, not in the source tree"
rm -f build/student/workbook-hints.json
tree_before=$(git status --porcelain --ignored . | grep -v '^!! build/')
out=$(wb hint 02.1)
expect "first tier" "$out" "힌트 1/3"
out=$(wb hint 02.1)
expect "second tier" "$out" "힌트 2/3"
grep -q '"02.1": 2' build/student/workbook-hints.json && ok "hint state in build/student/workbook-hints.json" ||
  bad "no hint state in build/student"
[ "$(git status --porcelain --ignored . | grep -v '^!! build/')" = "$tree_before" ] &&
  ok "hints wrote nothing outside build/" || bad "hints changed the source tree"
rm -f build/student/workbook-hints.json

# Put the build back to the untouched chapters for whatever runs next.
restore_all
trap - EXIT
rm -rf "$saved"
./workbook >/dev/null 2>&1 || true
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
