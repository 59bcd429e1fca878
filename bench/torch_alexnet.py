"""PyTorch beside `./workbook explain alexnet --time`: the same AlexNet (the notes' one-tower form:
conv1 96@11x11 stride 4 on 3x227x227, LRN n=5 k=2 alpha=1e-4 beta=0.75, 3x3 max pools with stride 2,
conv2 256@5x5 pad 2, conv3-5 3x3 pad 1, fc 9216-4096-4096-1000; 62,378,344 parameters), forward on
one image at test time, each layer timed on its own input, median of REPEATS passes after one
untimed pass, on THREADS threads.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_alexnet.py THREADS [REPEATS]

Prints one line per layer (name, output shape, ms) and the total, as RESULT lines."""
import statistics, sys, time
import torch
import torch.nn as nn

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
torch.set_num_threads(threads)
torch.manual_seed(0)

layers = [
    ("conv1", nn.Conv2d(3, 96, 11, stride=4)), ("relu1", nn.ReLU()),
    ("norm1", nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0)), ("pool1", nn.MaxPool2d(3, 2)),
    ("conv2", nn.Conv2d(96, 256, 5, padding=2)), ("relu2", nn.ReLU()),
    ("norm2", nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0)), ("pool2", nn.MaxPool2d(3, 2)),
    ("conv3", nn.Conv2d(256, 384, 3, padding=1)), ("relu3", nn.ReLU()),
    ("conv4", nn.Conv2d(384, 384, 3, padding=1)), ("relu4", nn.ReLU()),
    ("conv5", nn.Conv2d(384, 256, 3, padding=1)), ("relu5", nn.ReLU()), ("pool5", nn.MaxPool2d(3, 2)),
    ("flatten", nn.Flatten()),
    ("fc6", nn.Linear(9216, 4096)), ("relu6", nn.ReLU()), ("drop6", nn.Dropout()),
    ("fc7", nn.Linear(4096, 4096)), ("relu7", nn.ReLU()), ("drop7", nn.Dropout()),
    ("fc8", nn.Linear(4096, 1000)),
]
params = sum(p.numel() for _, m in layers for p in m.parameters())
print(f"INFO torch {torch.__version__} threads={threads} params={params}", flush=True)

times = {name: [] for name, _ in layers}
with torch.no_grad():
    for m in (m for _, m in layers):
        m.eval()
    for rep in range(repeats + 1):
        x = torch.rand(1, 3, 227, 227)
        for name, m in layers:
            start = time.perf_counter()
            x = m(x)
            if rep > 0:
                times[name].append(time.perf_counter() - start)
total = 0.0
for name, _ in layers:
    ms = statistics.median(times[name]) * 1e3
    total += ms
    print(f"RESULT torch.alexnet.{name}.t{threads} {ms:.3f} ms", flush=True)
print(f"RESULT torch.alexnet.total.t{threads} {total:.3f} ms", flush=True)
