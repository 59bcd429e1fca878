// Chapter 07: one training step of the book's SimpleConvNet at batch 100 (gradient, i.e. forward
// and backward through every layer, then the book's Adam update), the figure PyTorch is compared
// with in bench/torch_train.py (the same net, recipe and batch). Inputs are uniform in [0,1) with
// random labels: the step does the same work whatever the pixels are. Also predict alone, what
// accuracy() costs per batch.
#include "07_simple_convnet/simple_convnet.hpp"
#include "08_lenet_alexnet/lenet5.hpp"

#include "common/parallel.hpp"

#include <benchmark/benchmark.h>

namespace {

struct Batch {
    cnn::Tensor4 x{100, 1, 28, 28};
    std::vector<int> t = std::vector<int>(100);
    Batch() {
        cnn::Random rng(7);
        rng.fill_uniform(x, 0, 1);
        for (auto& label : t) label = rng.integer(0, 9);
    }
};

// One training step as the trainer takes it: gradient, then the book's Adam update; three steps
// first, so Adam's moments and the layers' kept buffers exist before the timing starts.
template <class Net>
void train_step(benchmark::State& state, Net& net) {
    const Batch b;
    cnn::Adam adam(0.001);
    for (int warm = 0; warm < 3; ++warm) adam.update(net.parameters(net.gradient(b.x, b.t)));
    for (auto _ : state) {
        const auto g = net.gradient(b.x, b.t);
        adam.update(net.parameters(g));
        benchmark::ClobberMemory();
    }
    state.SetLabel("b100_adam");
    state.counters["threads"] = cnn::thread_count();
    state.counters["images/s"] = benchmark::Counter(100, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_simpleconvnet_train_step(benchmark::State& state) {
    cnn::SimpleConvNet net(cnn::SimpleConvNetConfig{}, 1);
    train_step(state, net);
}

void BM_simpleconvnet_predict(benchmark::State& state) {
    const Batch b;
    cnn::SimpleConvNet net(cnn::SimpleConvNetConfig{}, 1);
    net.predict(b.x);
    for (auto _ : state) {
        const cnn::Matrix y = net.predict(b.x);
        benchmark::DoNotOptimize(y.data());
    }
    state.SetLabel("b100");
    state.counters["threads"] = cnn::thread_count();
}

// Chapter 08: one step of today's LeNet-5 (ReLU, max pooling; 61,706 parameters) at batch 100, the
// figure bench/torch_train.py lenet-step measures in PyTorch. The network is small, so per-call
// costs weigh more than arithmetic here.
void BM_lenet5_train_step(benchmark::State& state) {
    cnn::LeNet5 net(false, 1);
    train_step(state, net);
}

}  // namespace

BENCHMARK(BM_lenet5_train_step)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_simpleconvnet_train_step)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_simpleconvnet_predict)->Unit(benchmark::kMillisecond)->UseRealTime();
