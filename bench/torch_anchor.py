"""The same convolution layers as bench_convolution, timed with PyTorch (Debian python3-torch, CPU).
Run with Debian's interpreter:  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_anchor.py THREADS
Prints one JSON object per line: {"name", "threads", "ms" (median), "min_ms", "max_ms", "reps", "gflops"}.
Forward+backward computes the gradients of the input, the filters and the bias, like Convolution::backward."""
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F

# name, N, C, H (=W), FN, F, P   (stride 1) -- the same list, in the same order, as bench_convolution.cpp
LAYERS = [
    ("simple_b100_1x28x28_30f5x5", 100, 1, 28, 30, 5, 0),
    ("alex2_b1_96x27x27_256f5x5p2", 1, 96, 27, 256, 5, 2),
    ("alex2_b8_96x27x27_256f5x5p2", 8, 96, 27, 256, 5, 2),
    ("alex3_b1_256x13x13_384f3x3p1", 1, 256, 13, 384, 3, 1),
    ("alex3_b8_256x13x13_384f3x3p1", 8, 256, 13, 384, 3, 1),
]


def median_ms(fn, warmup=3, min_reps=10, min_seconds=1.0):
    for _ in range(warmup):
        fn()
    times, start = [], time.perf_counter()
    while len(times) < min_reps or time.perf_counter() - start < min_seconds:
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3, min(times) * 1e3, max(times) * 1e3, len(times)


def emit(name, stats, flop):
    ms, lo, hi, reps = stats
    print(json.dumps({"name": name, "threads": torch.get_num_threads(), "ms": round(ms, 4), "min_ms": round(lo, 4),
                      "max_ms": round(hi, 4), "reps": reps, "gflops": round(flop / ms / 1e6, 2)}), flush=True)


def main():
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    torch.manual_seed(0)
    for name, n, c, h, fn, f, p in LAYERS:
        oh = h + 2 * p - f + 1
        flop = 2.0 * n * oh * oh * fn * c * f * f
        x = torch.rand(n, c, h, h, requires_grad=True)
        w = (0.01 * torch.randn(fn, c, f, f)).requires_grad_()
        b = torch.zeros(fn, requires_grad=True)
        with torch.no_grad():
            emit(f"forward/{name}", median_ms(lambda: F.conv2d(x, w, b, 1, p)), flop)
        dout = torch.rand(n, fn, oh, oh)

        def forward_backward():
            x.grad = w.grad = b.grad = None
            F.conv2d(x, w, b, 1, p).backward(dout)

        emit(f"forward_backward/{name}", median_ms(forward_backward), 3 * flop)

    # Chapter 06's benchmark: SimpleConvNet's pooling layer, 2x2 max pooling with stride 2
    # (bench_pooling.cpp). gflops is meaningless here and reported as 0.
    xp = torch.rand(100, 30, 24, 24, requires_grad=True)
    with torch.no_grad():
        emit("maxpool_forward/b100_30x24x24_2x2s2", median_ms(lambda: F.max_pool2d(xp, 2, 2)), 0)
    gp = torch.rand(100, 30, 12, 12)

    def pool_forward_backward():
        xp.grad = None
        F.max_pool2d(xp, 2, 2).backward(gp)

    emit("maxpool_forward_backward/b100_30x24x24_2x2s2", median_ms(pool_forward_backward), 0)


if __name__ == "__main__":
    main()
