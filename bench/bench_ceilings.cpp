// The two ceilings every layer benchmark is compared with: the machine's float FMA peak and the
// throughput of the matrix product behind the layers (Eigen's GEMM, or the BLAS that Eigen hands
// it to when built with WORKBOOK_BLAS=ON). Threads: OMP_NUM_THREADS.
#include "common/tensor.hpp"

#include "common/parallel.hpp"
#include "common/for_each_share.hpp"
#include "common/packed_product.hpp"

#include <benchmark/benchmark.h>
#include <immintrin.h>

namespace {

// Enough independent FMA chains to cover the FMA latency on both pipes (Zen 5: 2 x 512-bit FMA,
// latency 4, so at least 8 chains in flight).
constexpr int kChains = 16;
constexpr long kRounds = 1L << 20;

#if defined(__AVX512F__)
using Lane = __m512;
constexpr int kWidth = 16;
inline Lane fma(Lane a, Lane b, Lane c) { return _mm512_fmadd_ps(a, b, c); }
inline Lane splat(float v) { return _mm512_set1_ps(v); }
inline float first(Lane v) { return _mm512_cvtss_f32(v); }
#elif defined(__AVX2__) && defined(__FMA__)
using Lane = __m256;
constexpr int kWidth = 8;
inline Lane fma(Lane a, Lane b, Lane c) { return _mm256_fmadd_ps(a, b, c); }
inline Lane splat(float v) { return _mm256_set1_ps(v); }
inline float first(Lane v) { return _mm256_cvtss_f32(v); }
#else
#error "bench_ceilings needs AVX2+FMA or AVX-512: build with the bench preset (-march=native)"
#endif

float fma_chains(float seed) {
    Lane acc[kChains];
    for (int i = 0; i < kChains; ++i) acc[i] = splat(seed + float(i));
    const Lane mul = splat(0.9999999f), add = splat(1e-7f);
    for (long r = 0; r < kRounds; ++r)
        for (int i = 0; i < kChains; ++i) acc[i] = fma(acc[i], mul, add);
    float sum = 0;
    for (int i = 0; i < kChains; ++i) sum += first(acc[i]);
    return sum;
}

void BM_fma_peak(benchmark::State& state) {
    for (auto _ : state) {
        float sink = 0;
#ifdef _OPENMP
#pragma omp parallel reduction(+ : sink)
#endif
        sink += fma_chains(1.0f);
        benchmark::DoNotOptimize(sink);
    }
    const double flop = 2.0 * kWidth * kChains * double(kRounds) * cnn::thread_count();
    state.counters["GFLOP/s"] = benchmark::Counter(flop / 1e9, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["threads"] = cnn::thread_count();
    state.counters["lanes"] = kWidth;
}
BENCHMARK(BM_fma_peak)->UseRealTime()->Unit(benchmark::kMillisecond);

// C(M,N) = A(M,K) B(K,N), row-major like the workbook's Matrix.
void BM_gemm(benchmark::State& state) {
    const Eigen::Index M = state.range(0), N = state.range(1), K = state.range(2);
    cnn::Matrix A = cnn::Matrix::Random(M, K), B = cnn::Matrix::Random(K, N), C(M, N);
    for (auto _ : state) {
        C.noalias() = A * B;
        benchmark::DoNotOptimize(C.data());
        benchmark::ClobberMemory();
    }
    state.counters["GFLOP/s"] = benchmark::Counter(2.0 * M * N * K / 1e9, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["threads"] = cnn::thread_count();
}
BENCHMARK(BM_gemm)
    ->ArgNames({"M", "N", "K"})
    ->Args({2048, 2048, 2048})      // the usual square ceiling
    ->Args({256, 729, 2400})        // AlexNet-like conv2, one image: W_col (FN,K) * col_n^T
    ->Args({384, 169, 2304})        // AlexNet-like conv3, one image
    // Half of conv3's image, as one of two threads gets it, both ways round. Row-major C is
    // computed as C^T by Eigen, whose kernel runs along C's columns in blocks of 48 rows:
    ->Args({384, 84, 2304})         // W_col * col_share^T: the kernel runs along 84 positions
    ->Args({84, 384, 2304})         // col_share * W_col^T (the book's layout): along 384 filters
    ->Args({30, 576, 25})           // SimpleConvNet, one image: inner dimension only 25
    ->Args({57600, 30, 25})         // SimpleConvNet, the book's one product col * W_col^T
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The fast side's own product (fast/common/packed_product.hpp) on the same shapes, split by rows
// into one share per thread as the convolution layer splits it. On a machine without AVX-512 this is
// Eigen's product again, one thread per share.
void BM_packed_product(benchmark::State& state) {
    const Eigen::Index M = state.range(0), N = state.range(1), K = state.range(2);
    cnn::Matrix A = cnn::Matrix::Random(M, K), B = cnn::Matrix::Random(K, N), C(M, N);
    for (auto _ : state) {
        cnn::for_each_share(M, [&](int, Eigen::Index r0, Eigen::Index rows) {
            cnn::product_into(A.middleRows(r0, rows), B, C.middleRows(r0, rows), false);
        });
        benchmark::DoNotOptimize(C.data());
        benchmark::ClobberMemory();
    }
    state.counters["GFLOP/s"] = benchmark::Counter(2.0 * M * N * K / 1e9, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["threads"] = cnn::thread_count();
}
BENCHMARK(BM_packed_product)
    ->ArgNames({"M", "N", "K"})
    ->Args({2048, 2048, 2048})
    ->Args({5832, 256, 2400})  // AlexNet-like conv2 at batch 8, forward: col (8*27*27, K) * W_col^T
    ->Args({5832, 2400, 256})  // its dcol = dout (8*27*27, FN) * W_col
    ->Args({1352, 384, 2304})  // conv3 at batch 8, forward
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
