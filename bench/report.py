"""Turn one run of bench/run.sh into the Markdown tables of bench/README.md.
Usage: python3 bench/report.py RESULTS_DIR
RESULTS_DIR holds <program>.<backend>.t<T>.json (Google Benchmark --benchmark_out) and torch.t<T>.jsonl."""
import glob
import json
import os
import re
import sys

out_dir = sys.argv[1]
gb = {}  # (backend, threads) -> {benchmark name: entry}
for path in glob.glob(os.path.join(out_dir, "*.json")):
    m = re.match(r"(\w+)\.(\w+)\.t(\d+)\.json$", os.path.basename(path))
    if not m:
        continue
    try:
        entries = json.load(open(path)).get("benchmarks", [])
    except ValueError:  # a run that was cut short
        continue
    gb.setdefault((m.group(2), int(m.group(3))), {}).update({e["name"]: e for e in entries})
torch = {}
for path in glob.glob(os.path.join(out_dir, "torch.t*.jsonl")):
    threads = int(re.search(r"t(\d+)", os.path.basename(path)).group(1))
    for line in open(path):
        if line.startswith("{"):
            e = json.loads(line)
            torch[(e["name"], threads)] = e

LAYERS = ["simple_b100_1x28x28_30f5x5", "alex2_b1_96x27x27_256f5x5p2", "alex2_b8_96x27x27_256f5x5p2",
          "alex3_b1_256x13x13_384f3x3p1", "alex3_b8_256x13x13_384f3x3p1"]
THREADS = sorted({t for _, t in gb})


def entry(backend, threads, name):
    return gb.get((backend, threads), {}).get(name)


def gflops(e):
    return e["GFLOP/s"] if e and "GFLOP/s" in e else None  # the counter holds 1e9 FLOP per iteration, as a rate


def ms(e):
    return e["real_time"] if e else None


def fmt(v, spec=".1f", none="–"):
    return none if v is None else format(v, spec)


peak = {t: gflops(entry("eigen", t, "BM_fma_peak/real_time")) for t in THREADS}
gemm = {t: gflops(entry("eigen", t, "BM_gemm/M:2048/N:2048/K:2048/real_time")) for t in THREADS}

print("### Ceilings (same run)\n")
print("| ceiling | " + " | ".join(f"{t} thread{'s' if t > 1 else ''}" for t in THREADS) + " |")
print("|---|" + "---|" * len(THREADS))
print("| FMA peak, GFLOP/s | " + " | ".join(fmt(peak[t]) for t in THREADS) + " |")
for backend in sorted({b for b, _ in gb}):
    for shape in ["2048/N:2048/K:2048", "256/N:729/K:2400", "384/N:169/K:2304", "384/N:84/K:2304",
                  "84/N:384/K:2304", "30/N:576/K:25", "57600/N:30/K:25"]:
        row = [gflops(entry(backend, t, f"BM_gemm/M:{shape}/real_time")) for t in THREADS]
        if any(v is not None for v in row):
            label = "x".join(re.findall(r"\d+", shape))
            print(f"| GEMM {backend} M:N:K={label}, GFLOP/s | " + " | ".join(fmt(v) for v in row) + " |")
for shape in ["2048/N:2048/K:2048", "5832/N:256/K:2400", "5832/N:2400/K:256", "1352/N:384/K:2304"]:
    row = [gflops(entry("eigen", t, f"BM_packed_product/M:{shape}/real_time")) for t in THREADS]
    if any(v is not None for v in row):
        label = "x".join(re.findall(r"\d+", shape))
        print(f"| packed product (fast side, eigen build) M:N:K={label}, GFLOP/s | " + " | ".join(fmt(v) for v in row) + " |")

print("\n### Convolution layer, Eigen backend (default build), with PyTorch side by side\n")
print("Percentages are of the FMA peak and of Eigen's 2048² GEMM measured in the same run with the same "
      "thread count. `torch/ours` > 1 means the workbook is faster.\n")
print("| pass | layer | threads | ms | GFLOP/s | % FMA peak | % Eigen GEMM | PyTorch ms | PyTorch GFLOP/s | torch/ours |")
print("|---|---|---|---|---|---|---|---|---|---|")
for kind, bm in [("forward", "BM_forward"), ("forward_backward", "BM_forward_backward")]:
    for i, layer in enumerate(LAYERS):
        for t in THREADS:
            e = entry("eigen", t, f"{bm}/layer:{i}/real_time")
            g = gflops(e)
            te = torch.get((f"{kind}/{layer}", t))
            ratio = te["ms"] / ms(e) if te and e else None
            print(f"| {kind} | {layer} | {t} | {fmt(ms(e), '.2f')} | {fmt(g)} | "
                  f"{fmt(100 * g / peak[t] if g and peak[t] else None, '.0f')} | "
                  f"{fmt(100 * g / gemm[t] if g and gemm[t] else None, '.0f')} | "
                  f"{fmt(te and te['ms'], '.2f')} | {fmt(te and te['gflops'])} | {fmt(ratio, '.2f')} |")

backends = sorted(b for b in {b for b, _ in gb} if b != "eigen")
if backends:
    print("\n### Backends: Eigen's own GEMM against OpenBLAS through EIGEN_USE_BLAS (GFLOP/s)\n")
    cols = ["eigen"] + backends
    print("| pass | layer | threads | " + " | ".join(cols) + " |")
    print("|---|---|---|" + "---|" * len(cols))
    for kind, bm in [("forward", "BM_forward"), ("forward_backward", "BM_forward_backward")]:
        for i, layer in enumerate(LAYERS):
            for t in THREADS:
                vals = [gflops(entry(b, t, f"{bm}/layer:{i}/real_time")) for b in cols]
                print(f"| {kind} | {layer} | {t} | " + " | ".join(fmt(v) for v in vals) + " |")

print("\n### im2col's memory (the column matrix against its input), a fresh buffer's price, and col2im\n")
print("| layer | x MB | col MB | col / x | threads | im2col into the kept matrix, ms | into a fresh matrix, ms | col2im, ms |")
print("|---|---|---|---|---|---|---|---|")
for i, layer in enumerate(LAYERS):
    for t in THREADS:
        kept = entry("eigen", t, f"BM_im2col/layer:{i}/fresh:0/real_time")
        fresh = entry("eigen", t, f"BM_im2col/layer:{i}/fresh:1/real_time")
        back = entry("eigen", t, f"BM_col2im/layer:{i}/real_time")
        if kept:
            print(f"| {layer} | {kept['x_MB']:.2f} | {kept['col_MB']:.2f} | {kept['col_per_x']:.1f} | {t} | "
                  f"{fmt(ms(kept), '.2f')} | {fmt(ms(fresh), '.2f')} | {fmt(ms(back), '.2f')} |")
