"""PyTorch beside the workbook's SimpleConvNet: the same net (book 7.5: Conv 30 5x5 -> ReLU -> 2x2 max
pool -> Affine 4320->100 -> ReLU -> Affine 100->10), the same recipe (weights N(0, 0.01^2), biases 0,
Adam lr 1e-3, batches of 100) and the same data files the workbook reads.

  /usr/bin/python3 bench/torch_train.py step THREADS              median train step, batch 100
  /usr/bin/python3 bench/torch_train.py lenet-step THREADS        the same for today's LeNet-5 (chapter 08)
  /usr/bin/python3 bench/torch_train.py train DATA EPOCHS THREADS [MODEL]
                                                     epochs on data/mnist or Fashion-MNIST; MODEL is
                                                     simpleconvnet (default) or lenet5

Run with Debian's interpreter and OpenBLAS on one thread (OPENBLAS_NUM_THREADS=1: PyTorch has its own
pool of THREADS); bench/train_step.sh does both. Prints RESULT lines."""
import gzip, os, statistics, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class SimpleConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 30, 5)
        self.affine1 = nn.Linear(30 * 12 * 12, 100)
        self.affine2 = nn.Linear(100, 10)
        for p in self.parameters():
            nn.init.normal_(p, std=0.01) if p.dim() > 1 else nn.init.zeros_(p)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2, 2)
        return self.affine2(F.relu(self.affine1(x.flatten(1))))


class LeNet5(nn.Module):
    """Chapter 08's LeNet-5 in today's form: conv 6@5x5 pad 2, ReLU, 2x2 max pool, conv 16@5x5, ReLU,
    2x2 max pool, fully connected 400-120-84-10 with ReLU (61,706 parameters), PyTorch's default init."""
    def __init__(self):
        super().__init__()
        self.c1, self.c3 = nn.Conv2d(1, 6, 5, padding=2), nn.Conv2d(6, 16, 5)
        self.c5, self.f6, self.out = nn.Linear(400, 120), nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2, 2)
        x = F.max_pool2d(F.relu(self.c3(x)), 2, 2)
        return self.out(F.relu(self.f6(F.relu(self.c5(x.flatten(1))))))


def idx(path):
    """An IDX file, gzipped or not, as a uint8 array of its shape."""
    for p in (path, path + ".gz"):
        if os.path.exists(p):
            b = (gzip.open if p.endswith(".gz") else open)(p, "rb").read()
            dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(b[3])]
            return np.frombuffer(b, np.uint8, offset=4 + 4 * b[3]).reshape(dims)
    raise SystemExit(f"missing {path}[.gz]")


def load(which):
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    d = {"mnist": os.path.join(root, "data/mnist"), "fashion": "/usr/share/datasets/fashion-mnist",
         "mnist-full": os.path.join(root, "data/mnist-full")}[which]
    x = lambda n: torch.tensor(idx(f"{d}/{n}-images-idx3-ubyte"), dtype=torch.float32).reshape(-1, 1, 28, 28) / 255
    y = lambda n: torch.tensor(idx(f"{d}/{n}-labels-idx1-ubyte")).long()
    return x("train"), y("train"), x("t10k"), y("t10k")


def step_benchmark(threads, model=SimpleConvNet, name="train_step"):
    torch.manual_seed(0)
    net = model()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    xb, tb = torch.rand(100, 1, 28, 28), torch.randint(0, 10, (100,))

    def step():
        opt.zero_grad()
        F.cross_entropy(net(xb), tb).backward()
        opt.step()

    for _ in range(20):
        step()
    times, start = [], time.perf_counter()
    while len(times) < 200 or time.perf_counter() - start < 2.0:
        s = time.perf_counter()
        step()
        times.append(time.perf_counter() - s)
    med = statistics.median(times) * 1e3
    print(f"RESULT torch.{name}.b100.t{threads} {med:.2f} ms min={min(times) * 1e3:.2f} reps={len(times)}", flush=True)


def train(which, epochs, threads, model="simpleconvnet"):
    xtr, ytr, xte, yte = load(which)
    torch.manual_seed(0)
    net = {"simpleconvnet": SimpleConvNet, "lenet5": LeNet5}[model]()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def accuracy(x, y):
        with torch.no_grad():
            return sum((net(x[j:j + 100]).argmax(1) == y[j:j + 100]).sum().item() for j in range(0, len(x), 100)) / len(x)

    for ep in range(1, epochs + 1):
        s = time.perf_counter()
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 100):
            b = perm[i:i + 100]
            opt.zero_grad()
            F.cross_entropy(net(xtr[b]), ytr[b]).backward()
            opt.step()
        dt = time.perf_counter() - s
        print(f"RESULT torch.train.{model}.{which}.epoch{ep}.t{threads} test_acc={accuracy(xte, yte):.4f} epoch_train_s={dt:.2f}",
              flush=True)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode in ("step", "lenet-step"):
        threads = int(sys.argv[2])
        torch.set_num_threads(threads)
        if mode == "step":
            step_benchmark(threads)
        else:
            step_benchmark(threads, LeNet5, "lenet5_train_step")
    else:
        which, epochs, threads = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        torch.set_num_threads(threads)
        train(which, epochs, threads, *sys.argv[5:6])
