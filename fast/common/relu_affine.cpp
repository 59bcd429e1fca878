// Fast side: Relu and Affine with the work cut into one share per thread. The plain pair is
// common/relu_affine.cpp; both give the same numbers (each value of a product is computed by one
// thread from the same operands), and the tests in tests/common run on both.
//
// The split never cuts a sum: Affine's products are divided along a dimension that is not summed
// over (forward: the columns of W; backward: the D rows of W and dW), so no thread needs another's
// partial result. Small layers stay on one thread, where starting threads costs more than it saves.
#include "common/for_each_share.hpp"
#include "common/layer_checks.hpp"
#include "common/layers.hpp"

#include <cstring>
#include <utility>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace cnn {

namespace {

/// Below these sizes one thread is faster: a parallel region costs a few microseconds.
constexpr Index kSplitValues = Index(1) << 15;    // Relu: values
constexpr Index kSplitProducts = Index(1) << 18;  // Affine: multiply-adds of one product

#if defined(__AVX512F__)
// With AVX-512 the mask is one bit per value, 16 values to two bytes of mask_: a compare gives the
// bits directly, and the two passes move 1.7 MB less each for SimpleConvNet's first ReLU than with
// a byte per value (forward and backward took a third less time on their own).
inline __mmask16 lanes(Index n) { return static_cast<__mmask16>(n >= 16 ? 0xFFFF : (1u << n) - 1); }

void relu_forward_groups(const Scalar* in, Scalar* out, std::uint8_t* mask, Index g0, Index groups, Index count) {
    const __m512 zero = _mm512_setzero_ps();
    for (Index g = g0; g < g0 + groups; ++g) {
        const Index i = 16 * g;
        const __mmask16 m = lanes(count - i);
        const __m512 v = _mm512_maskz_loadu_ps(m, in + i);
        const __mmask16 off = _mm512_mask_cmp_ps_mask(m, v, zero, _CMP_LE_OQ);
        _mm512_mask_storeu_ps(out + i, m, _mm512_mask_mov_ps(v, off, zero));
        const auto bits = static_cast<std::uint16_t>(off);
        std::memcpy(mask + 2 * g, &bits, 2);
    }
}

void relu_backward_groups(const Scalar* in, Scalar* out, const std::uint8_t* mask, Index g0, Index groups,
                          Index count) {
    for (Index g = g0; g < g0 + groups; ++g) {
        const Index i = 16 * g;
        const __mmask16 m = lanes(count - i);
        std::uint16_t off = 0;
        std::memcpy(&off, mask + 2 * g, 2);
        _mm512_mask_storeu_ps(out + i, m, _mm512_maskz_loadu_ps(static_cast<__mmask16>(m & ~off), in + i));
    }
}
#else
void relu_forward_share(const Scalar* __restrict in, Scalar* __restrict out, std::uint8_t* __restrict mask,
                        Index count) {
    for (Index i = 0; i < count; ++i) {
        const bool off = in[i] <= 0;
        mask[i] = off;
        out[i] = off ? Scalar(0) : in[i];
    }
}

void relu_backward_share(const Scalar* __restrict in, Scalar* __restrict out, const std::uint8_t* __restrict mask,
                         Index count) {
    for (Index i = 0; i < count; ++i) out[i] = mask[i] ? Scalar(0) : in[i];
}
#endif

}  // namespace

// --- Relu -----------------------------------------------------------------------------------

void Relu::forward_values(const Scalar* x, Scalar* y, Index count) {
    count_ = count;
#if defined(__AVX512F__)
    const Index groups = (count + 15) / 16;
    mask_.resize(static_cast<std::size_t>(2 * groups));
    std::uint8_t* mask = mask_.data();
    for_each_share(
        groups, [&](int, Index g0, Index n) { relu_forward_groups(x, y, mask, g0, n, count); },
        count >= kSplitValues);
#else
    mask_.resize(static_cast<std::size_t>(count));
    std::uint8_t* mask = mask_.data();
    for_each_share(
        count, [&](int, Index i0, Index n) { relu_forward_share(x + i0, y + i0, mask + i0, n); },
        count >= kSplitValues);
#endif
}

void Relu::backward_values(const Scalar* dout, Scalar* dx, Index count) {
    check_relu_dout(count, static_cast<std::size_t>(count_));
    const std::uint8_t* mask = mask_.data();
#if defined(__AVX512F__)
    for_each_share(
        (count + 15) / 16, [&](int, Index g0, Index n) { relu_backward_groups(dout, dx, mask, g0, n, count); },
        count >= kSplitValues);
#else
    for_each_share(
        count, [&](int, Index i0, Index n) { relu_backward_share(dout + i0, dx + i0, mask + i0, n); },
        count >= kSplitValues);
#endif
}

// --- Affine ---------------------------------------------------------------------------------

Affine::Affine(Matrix W_, Vector b_) : W(std::move(W_)), b(std::move(b_)) { check_affine_bias(W, b); }

Matrix Affine::forward(const Matrix& x) {
    check_affine_input(x, W);
    const Index N = x.rows(), D = W.rows(), M = W.cols();
    // The copy of x that backward needs, made by every thread (1.7 MB for SimpleConvNet's Affine1).
    x_.resize(N, D);
    for_each_share(
        N, [&](int, Index n0, Index rows) { x_.middleRows(n0, rows) = x.middleRows(n0, rows); },
        N * D >= kSplitValues);
    Matrix y(N, M);
    // y = x W + b, one block of W's columns (and of y's) per thread.
    for_each_share(
        M,
        [&](int, Index m0, Index cols) {
            auto y_cols = y.middleCols(m0, cols);
            y_cols.noalias() = x * W.middleCols(m0, cols);
            y_cols.rowwise() += b.segment(m0, cols).transpose();
        },
        N * D * M >= kSplitProducts);
    return y;
}

Matrix Affine::backward(const Matrix& dout) {
    check_affine_dout(dout, x_, W);
    const Index N = x_.rows(), D = W.rows(), M = W.cols();
    dW.resize(D, M);
    Matrix dx(N, D);
    // dW = x^T dout and dx = dout W^T, both cut along D: rows d0.. of dW, columns d0.. of dx.
    for_each_share(
        D,
        [&](int, Index d0, Index rows) {
            dW.middleRows(d0, rows).noalias() = x_.middleCols(d0, rows).transpose() * dout;
            dx.middleCols(d0, rows).noalias() = dout * W.middleRows(d0, rows).transpose();
        },
        N * D * M >= kSplitProducts);
    db = dout.colwise().sum().transpose();
    return dx;
}

}  // namespace cnn
