#!/usr/bin/env bash
# Builds the bench preset and runs every benchmark, on 1 and 2 threads, with Eigen's own matrix
# products and (if OpenBLAS is installed) with OpenBLAS behind Eigen, both with the CPU type this
# environment forces (OPENBLAS_CORETYPE=Haswell, AVX2 kernels) and with OpenBLAS's own detection.
# Then runs the PyTorch anchor on the same layers, if Debian's python3-torch is installed, and
# prints the Markdown tables of bench/README.md.
#
# Usage: bench/run.sh [RESULTS_DIR]      (default: build/bench-results)
# Env:   BUILD=dir to build somewhere other than the preset's build/bench (and dir-blas for OpenBLAS);
#        THREADS="1 2"; MIN_TIME=0.5 (seconds per benchmark); WAIT_MAX=60 (10 s rounds of waiting for an
#        idle machine before each program; 0 skips the wait); BACKENDS="eigen blas_haswell blas_native"
#        (which builds to run); TORCH=0 skips the PyTorch anchor.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${1:-build/bench-results}
threads=${THREADS:-1 2}
min_time=${MIN_TIME:-0.5}
mkdir -p "$out"

# Medians drift when anything else runs on this 2-core machine: wait (up to WAIT_MAX x 10 s) until no
# other process uses more than 10% of a core, and log what was still running.
wait_for_idle() {
  local busy=""
  for _ in $(seq "${WAIT_MAX:-60}"); do
    busy=$(top -b -n 2 -d 1 -w 200 | awk '/^top -/{f++} f==2 && $1 ~ /^[0-9]+$/ && $9+0 > 10 && $12 != "top" {print $12"("$9"%)"}' | tr '\n' ' ')
    [ -z "$busy" ] && break
    echo "waiting for an idle machine; busy: $busy" >&2
    sleep 10
  done
  echo "$(date -u +%H:%M:%S) $1: loadavg $(cut -d' ' -f1-3 /proc/loadavg), busy at start: [${busy}]" | tee -a "$out/log.txt" >&2
}

configure() {  # $1 build dir, $2 = ON/OFF for OpenBLAS
  if [ -z "${BUILD:-}" ] && [ "$2" = OFF ]; then
    cmake --preset bench >/dev/null
  else
    cmake -S . -B "$1" -G Ninja -DWORKBOOK_SIDE=fast -DWORKBOOK_BENCH=ON -DWORKBOOK_OPENMP=ON -DWORKBOOK_BLAS="$2" \
          -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O3 -march=native -DNDEBUG" >/dev/null
  fi
  cmake --build "$1" --target workbook_benchmarks >/dev/null
}

build=${BUILD:-build/bench}
configure "$build" OFF
with_blas=0
if [ -e /usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h ] || ldconfig -p | grep -q libopenblas; then
  configure "$build-blas" ON && with_blas=1
fi

run_all() {  # $1 build dir, $2 backend label, then env assignments for the programs
  local dir=$1 label=$2; shift 2
  for t in $threads; do
    for program in "$dir"/bench/bench_*; do
      [ -x "$program" ] || continue
      name=$(basename "$program")
      wait_for_idle "$name $label t$t"
      # The layers already share the cores with OpenMP (a share of rows per thread); a threaded BLAS inside
      # that region would oversubscribe them, so OpenBLAS gets one thread, except for its own ceiling.
      blas_threads=1
      [ "$name" = bench_ceilings ] && blas_threads=$t
      env "$@" OMP_NUM_THREADS="$t" OPENBLAS_NUM_THREADS="$blas_threads" "$program" --benchmark_min_time="$min_time" \
          --benchmark_out="$out/$name.$label.t$t.json" --benchmark_out_format=json | tee -a "$out/log.txt"
    done
  done
}

backends=${BACKENDS:-eigen blas_haswell blas_native}
for backend in $backends; do
  case $backend in
    eigen) run_all "$build" eigen ;;
    blas_haswell) [ "$with_blas" = 1 ] && run_all "$build-blas" blas_haswell OPENBLAS_CORETYPE=Haswell ;;
    blas_native) [ "$with_blas" = 1 ] && run_all "$build-blas" blas_native -u OPENBLAS_CORETYPE ;;
  esac
done

# PyTorch: Debian's build needs OpenBLAS and runs its own thread pool, so OpenBLAS gets one thread.
if [ "${TORCH:-1}" = 1 ] && /usr/bin/python3 -c "import torch" 2>/dev/null; then
  for t in $threads; do
    wait_for_idle "torch t$t"
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_anchor.py "$t" | tee "$out/torch.t$t.jsonl"
  done
else
  echo "python3-torch is not installed: no PyTorch column (apt-get install python3-torch)" | tee -a "$out/log.txt"
fi

python3 bench/report.py "$out" | tee "$out/tables.md"
