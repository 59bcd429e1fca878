// Chapter 06's MaxPooling on SimpleConvNet's pooling layer: (100,30,24,24), 2x2 windows, stride 2
// -> (100,30,12,12). Forward alone and forward+backward, as PyTorch's max_pool2d is timed in
// ../shared/anchors (torch_anchor.py: maxpool_fwd / maxpool_fwdbwd). Reports the bytes a pass has
// to move (read x, write y and the argmax; read dout and the argmax, write dx) as GB/s, since
// pooling does almost no arithmetic and is limited by memory.
#include "06_pooling/pooling.hpp"

#include "common/random.hpp"

#include "common/parallel.hpp"

#include <benchmark/benchmark.h>

namespace {

struct Setup {
    cnn::Tensor4 x, dout;
    cnn::MaxPooling pool{2, 2, 2};
};

Setup make() {
    Setup s{cnn::Tensor4(100, 30, 24, 24), cnn::Tensor4(100, 30, 12, 12)};
    cnn::Random rng(6);
    rng.fill_uniform(s.x);
    rng.fill_uniform(s.dout);
    // First touch of argmax and of the allocator's blocks for y and dx happens here, not in the loop.
    s.pool.forward(s.x);
    s.pool.backward(s.dout);
    return s;
}

void report(benchmark::State& state, const Setup& s, double bytes) {
    state.SetLabel("b100_30x24x24_2x2s2");
    state.counters["threads"] = cnn::thread_count();
    state.counters["GB/s"] = benchmark::Counter(bytes / 1e9, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["x_MB"] = 4.0 * double(s.x.size()) / 1e6;
}

void BM_maxpool_forward(benchmark::State& state) {
    Setup s = make();
    for (auto _ : state) {
        cnn::Tensor4 y = s.pool.forward(s.x);
        benchmark::DoNotOptimize(y.data());
    }
    // x read, y and the int argmax written.
    report(state, s, 4.0 * double(s.x.size()) + 8.0 * double(s.dout.size()));
}

void BM_maxpool_forward_backward(benchmark::State& state) {
    Setup s = make();
    for (auto _ : state) {
        cnn::Tensor4 y = s.pool.forward(s.x);
        cnn::Tensor4 dx = s.pool.backward(s.dout);
        benchmark::DoNotOptimize(y.data());
        benchmark::DoNotOptimize(dx.data());
    }
    // forward as above; backward reads dout and the argmax and writes dx.
    report(state, s, 8.0 * double(s.x.size()) + 16.0 * double(s.dout.size()));
}

}  // namespace

BENCHMARK(BM_maxpool_forward)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_maxpool_forward_backward)->Unit(benchmark::kMillisecond)->UseRealTime();
