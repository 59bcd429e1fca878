// Chapter 05's Convolution layer on the layers the issue names: the SimpleConvNet layer
// (N=100, 1x28x28, 30 filters 5x5) and two AlexNet-like layers at batch 1 and 8. Reports GFLOP/s
// (forward: 2*N*OH*OW*FN*C*FH*FW; forward+backward: three times that, for out, dW and dcol) and
// the memory im2col costs: the column matrix against the input it was made from.
#include "05_im2col/convolution.hpp"
#include "05_im2col/im2col_into.hpp"

#include "02_stride/stride.hpp"
#include "common/random.hpp"

#include "common/parallel.hpp"

#include <benchmark/benchmark.h>

namespace {

struct Layer {
    int N, C, H, FN, F, P;
};

// Index into kLayers is the benchmark argument; the name says what it is.
constexpr Layer kLayers[] = {
    {100, 1, 28, 30, 5, 0},   // 0 SimpleConvNet conv1: (100,1,28,28) -> (100,30,24,24)
    {1, 96, 27, 256, 5, 2},   // 1 AlexNet-like conv2, batch 1: 96x27x27 -> 256x27x27
    {8, 96, 27, 256, 5, 2},   // 2 same, batch 8
    {1, 256, 13, 384, 3, 1},  // 3 AlexNet-like conv3, batch 1: 256x13x13 -> 384x13x13
    {8, 256, 13, 384, 3, 1},  // 4 same, batch 8
};
constexpr const char* kNames[] = {"simple_b100_1x28x28_30f5x5", "alex2_b1_96x27x27_256f5x5p2",
                                  "alex2_b8_96x27x27_256f5x5p2", "alex3_b1_256x13x13_384f3x3p1",
                                  "alex3_b8_256x13x13_384f3x3p1"};

struct Setup {
    cnn::Tensor4 x;
    cnn::Convolution conv;
    int OH;
    double forward_flop;
};

Setup make(const Layer& l) {
    cnn::Random rng(5);
    cnn::Tensor4 x(l.N, l.C, l.H, l.H), W(l.FN, l.C, l.F, l.F);
    rng.fill_uniform(x);
    rng.fill_normal(W, 0.01f);
    const int OH = cnn::conv_output_size(l.H, l.F, cnn::Stride{1}, cnn::Pad{l.P});
    const double flop = 2.0 * l.N * OH * OH * l.FN * double(l.C) * l.F * l.F;
    return {x, cnn::Convolution(W, cnn::Vector::Zero(l.FN), 1, l.P), OH, flop};
}

void report(benchmark::State& state, const Layer& l, const Setup& s, double flop) {
    state.SetLabel(kNames[state.range(0)]);
    state.counters["GFLOP/s"] = benchmark::Counter(flop / 1e9, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["threads"] = cnn::thread_count();
    const double col_bytes = 4.0 * l.N * s.OH * s.OH * double(l.C) * l.F * l.F;
    state.counters["x_MB"] = 4.0 * s.x.size() / 1e6;
    state.counters["col_MB"] = col_bytes / 1e6;
    state.counters["col_per_x"] = col_bytes / (4.0 * s.x.size());
}

void BM_forward(benchmark::State& state) {
    const Layer& l = kLayers[state.range(0)];
    Setup s = make(l);
    s.conv.forward(s.x);  // first touch of the layer's workspaces happens here, not in the loop
    for (auto _ : state) {
        cnn::Tensor4 out = s.conv.forward(s.x);
        benchmark::DoNotOptimize(out.data());
    }
    report(state, l, s, s.forward_flop);
}

void BM_forward_backward(benchmark::State& state) {
    const Layer& l = kLayers[state.range(0)];
    Setup s = make(l);
    cnn::Tensor4 dout = s.conv.forward(s.x);
    cnn::Random(6).fill_uniform(dout);
    s.conv.backward(dout);
    for (auto _ : state) {
        cnn::Tensor4 out = s.conv.forward(s.x);
        cnn::Tensor4 dx = s.conv.backward(dout);
        benchmark::DoNotOptimize(out.data());
        benchmark::DoNotOptimize(dx.data());
    }
    report(state, l, s, 3 * s.forward_flop);
}

// im2col alone, into a kept matrix (the layer's way) and into a fresh one every call (the book's
// way): the difference is the price of first-touching the column matrix's pages.
void BM_im2col(benchmark::State& state) {
    const Layer& l = kLayers[state.range(0)];
    Setup s = make(l);
    const bool fresh = state.range(1) != 0;
    cnn::Matrix col;
    cnn::im2col_into(s.x, l.F, l.F, 1, l.P, col);
    for (auto _ : state) {
        if (fresh) {
            cnn::Matrix c = cnn::im2col(s.x, l.F, l.F, 1, l.P);
            benchmark::DoNotOptimize(c.data());
        } else {
            cnn::im2col_into(s.x, l.F, l.F, 1, l.P, col);
            benchmark::DoNotOptimize(col.data());
        }
    }
    report(state, l, s, 0);
    state.counters.erase("GFLOP/s");
    state.counters["col_GB/s"] = benchmark::Counter(4.0 * double(col.size()) / 1e9,
                                                    benchmark::Counter::kIsIterationInvariantRate);
    state.counters["fresh"] = fresh;
}

// col2im alone, on a column matrix of the layer's size: the scatter-add that ends every backward.
void BM_col2im(benchmark::State& state) {
    const Layer& l = kLayers[state.range(0)];
    Setup s = make(l);
    const cnn::Matrix col = cnn::im2col(s.x, l.F, l.F, 1, l.P);
    const cnn::Shape4 shape{l.N, l.C, l.H, l.H};
    for (auto _ : state) {
        cnn::Tensor4 dx = cnn::col2im(col, shape, l.F, l.F, 1, l.P);
        benchmark::DoNotOptimize(dx.data());
    }
    report(state, l, s, 0);
    state.counters.erase("GFLOP/s");
    state.counters["col_GB/s"] = benchmark::Counter(4.0 * double(col.size()) / 1e9,
                                                    benchmark::Counter::kIsIterationInvariantRate);
}

void layers(benchmark::internal::Benchmark* b) {
    b->ArgName("layer");
    for (int i = 0; i < 5; ++i) b->Arg(i);
    b->UseRealTime()->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_forward)->Apply(layers);
BENCHMARK(BM_forward_backward)->Apply(layers);
BENCHMARK(BM_im2col)->ArgNames({"layer", "fresh"})->ArgsProduct({{0, 1, 2, 3, 4}, {0, 1}})->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_col2im)->Apply(layers);

}  // namespace
