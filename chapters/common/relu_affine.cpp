// Relu and Affine as the book writes them (5.5.1, 5.6.2): one loop, one matrix product each.
// The fast side has a threaded pair behind the same header (fast/common/relu_affine.cpp).
#include "common/layer_checks.hpp"
#include "common/layers.hpp"

#include <utility>

namespace cnn {

// --- Relu -----------------------------------------------------------------------------------

void Relu::forward_values(const Scalar* x, Scalar* y, Index count) {
    mask_.resize(static_cast<std::size_t>(count));
    // The mask is bytes, which may alias anything: restrict-qualified pointers let the compiler
    // vectorize the loop instead of reloading x after every store (it was a third of predict's time).
    const Scalar* __restrict in = x;
    Scalar* __restrict out = y;
    std::uint8_t* __restrict mask = mask_.data();
    for (Index i = 0; i < count; ++i) {
        const bool off = in[i] <= 0;
        mask[i] = off;
        out[i] = off ? Scalar(0) : in[i];
    }
}

void Relu::backward_values(const Scalar* dout, Scalar* dx, Index count) {
    check_relu_dout(count, mask_.size());
    const Scalar* __restrict in = dout;
    Scalar* __restrict out = dx;
    const std::uint8_t* __restrict mask = mask_.data();
    for (Index i = 0; i < count; ++i) out[i] = mask[i] ? Scalar(0) : in[i];
}

// --- Affine ---------------------------------------------------------------------------------

Affine::Affine(Matrix W_, Vector b_) : W(std::move(W_)), b(std::move(b_)) { check_affine_bias(W, b); }

Matrix Affine::forward(const Matrix& x) {
    check_affine_input(x, W);
    x_ = x;
    Matrix y(x.rows(), W.cols());
    y.noalias() = x * W;
    y.rowwise() += b.transpose();
    return y;
}

Matrix Affine::backward(const Matrix& dout) {
    check_affine_dout(dout, x_, W);
    dW.resize(W.rows(), W.cols());
    dW.noalias() = x_.transpose() * dout;
    db = dout.colwise().sum().transpose();
    Matrix dx(dout.rows(), W.rows());
    dx.noalias() = dout * W.transpose();
    return dx;
}

}  // namespace cnn
