#!/usr/bin/env bash
# One SimpleConvNet training step and one LeNet-5 step at batch 100 (forward, backward, Adam), the
# workbook's beside PyTorch's, on the same machine: bench_train from the bench preset, then
# bench/torch_train.py, in ROUNDS alternating rounds (default 3), because two-core virtual machines
# drift by 20% and more within minutes and only figures taken side by side compare. Both on THREADS
# threads (default 2) with OpenMP's default waiting, as PyTorch runs. OpenBLAS under PyTorch gets one
# thread and, unless OPENBLAS_CORETYPE_FOR_TORCH is given, picks its kernel for this CPU by itself
# (the environment's OPENBLAS_CORETYPE is unset only for that command; see bench/README.md).
# Ours: the median of 5 repetitions of Google Benchmark's mean step; PyTorch: the median step.
# Usage: bench/train_step.sh [THREADS] [ROUNDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
threads=${1:-2}
rounds=${2:-3}
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores), load $(cut -d' ' -f1-3 /proc/loadavg)"
cmake --preset bench >/dev/null
cmake --build --preset bench --target bench_train >/dev/null
program=$(find build/bench -name bench_train -type f -perm -u+x | head -1)
have_torch=0
/usr/bin/python3 -c "import torch" 2>/dev/null && have_torch=1
core=()
[ -n "${OPENBLAS_CORETYPE_FOR_TORCH:-}" ] && core=(OPENBLAS_CORETYPE="$OPENBLAS_CORETYPE_FOR_TORCH")
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq "$rounds"); do
  OMP_NUM_THREADS=$threads "$program" --benchmark_min_time=0.4 --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true --benchmark_filter='train_step' 2>/dev/null |
    awk -v r="$round" '/_median/ {sub(/\/real_time_median/, "", $1); print "ours", r, $1, $2}' >>"$results"
  if [ "$have_torch" = 1 ]; then
    for mode in step lenet-step; do
      env -u OPENBLAS_CORETYPE "${core[@]+"${core[@]}"}" OPENBLAS_NUM_THREADS=1 \
        /usr/bin/python3 bench/torch_train.py "$mode" "$threads" |
        awk -v r="$round" '/^RESULT/ {n = ($2 ~ /lenet5/) ? "BM_lenet5_train_step" : "BM_simpleconvnet_train_step"; print "torch", r, n, $3}' >>"$results"
    done
  fi
done
/usr/bin/python3 - "$results" "$threads" <<'PY'
import collections, statistics, sys
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    who, r, name, ms = line.split()
    rows[name.replace("BM_", "")][(who, int(r))] = float(ms)
print(f"{'train step, batch 100, ' + sys.argv[2] + ' threads':44s} {'round':>5s} {'ours ms':>8s} {'torch ms':>9s} {'ours/torch':>10s}")
for name, d in rows.items():
    ratios = []
    for r in sorted({r for _, r in d}):
        ours, torch = d.get(("ours", r)), d.get(("torch", r))
        ratio = ours / torch if ours and torch else None
        if ratio:
            ratios.append(ratio)
        print(f"{name:44s} {r:5d} {ours or float('nan'):8.2f} {torch or float('nan'):9.2f} "
              f"{ratio if ratio else float('nan'):10.2f}")
    if ratios:
        print(f"{name:44s} median ours/torch {statistics.median(ratios):.2f}")
PY
