#!/usr/bin/env bash
# One SimpleConvNet training step and one LeNet-5 step at batch 100 (forward, backward, Adam), the workbook's beside
# PyTorch's, in one run on the same machine: bench_train from the bench preset, then
# bench/torch_train.py step. Both on THREADS threads (default 2); OpenBLAS under PyTorch gets one
# thread and, unless OPENBLAS_CORETYPE is given, picks its kernel for this CPU by itself (the
# environment's OPENBLAS_CORETYPE is unset only for that command; see bench/README.md).
# Usage: bench/train_step.sh [THREADS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
threads=${1:-2}
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores), load $(cut -d' ' -f1-3 /proc/loadavg)"
cmake --preset bench >/dev/null
cmake --build --preset bench --target bench_train >/dev/null
program=$(find build/bench -name bench_train -type f -perm -u+x | head -1)
OMP_NUM_THREADS=$threads OMP_WAIT_POLICY=passive "$program" --benchmark_min_time=2 \
  --benchmark_filter='train_step|predict' 2>/dev/null | grep -E "^BM_|^Run|^---" || true
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  core=()
  [ -n "${OPENBLAS_CORETYPE_FOR_TORCH:-}" ] && core=(OPENBLAS_CORETYPE="$OPENBLAS_CORETYPE_FOR_TORCH")
  for mode in step lenet-step; do
    env -u OPENBLAS_CORETYPE "${core[@]+"${core[@]}"}" OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_train.py "$mode" "$threads"
  done
else
  echo "python3-torch is not installed: no PyTorch figure (apt-get install python3-torch libopenblas0-pthread)"
fi
