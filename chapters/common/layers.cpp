#include "common/layers.hpp"

#include "common/shape.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace cnn {

Matrix flatten(const Tensor4& x) {
    const Index N = x.dimension(0);
    const Index D = N == 0 ? 0 : x.size() / N;
    return ConstMatrixView(x.data(), N, D);
}

Tensor4 unflatten(const Matrix& x, const Shape4& shape) {
    const Index count = shape[0] * shape[1] * shape[2] * shape[3];
    if (x.size() != count || x.rows() != shape[0]) {
        throw ShapeError(fmt::format("unflatten: a {} matrix does not hold a {} tensor ({} values, not {})",
                                     shape_of(x), shape_of(shape), x.size(), count));
    }
    Tensor4 t(shape[0], shape[1], shape[2], shape[3]);
    std::copy_n(x.data(), count, t.data());
    return t;
}

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
    if (static_cast<std::size_t>(count) != mask_.size()) {
        throw ShapeError(fmt::format("Relu::backward: dout has {} values but the last forward had {}", count,
                                     mask_.size()));
    }
    const Scalar* __restrict in = dout;
    Scalar* __restrict out = dx;
    const std::uint8_t* __restrict mask = mask_.data();
    for (Index i = 0; i < count; ++i) out[i] = mask[i] ? Scalar(0) : in[i];
}

Tensor4 Relu::forward(const Tensor4& x) {
    Tensor4 y(x.dimensions());
    forward_values(x.data(), y.data(), x.size());
    return y;
}

Matrix Relu::forward(const Matrix& x) {
    Matrix y(x.rows(), x.cols());
    forward_values(x.data(), y.data(), x.size());
    return y;
}

Tensor4 Relu::backward(const Tensor4& dout) {
    Tensor4 dx(dout.dimensions());
    backward_values(dout.data(), dx.data(), dout.size());
    return dx;
}

Matrix Relu::backward(const Matrix& dout) {
    Matrix dx(dout.rows(), dout.cols());
    backward_values(dout.data(), dx.data(), dout.size());
    return dx;
}

// --- Affine ---------------------------------------------------------------------------------

Affine::Affine(Matrix W_, Vector b_) : W(std::move(W_)), b(std::move(b_)) {
    if (b.size() != W.cols()) {
        throw ShapeError(fmt::format("Affine: b has {} values but W {} has {} columns", b.size(), shape_of(W),
                                     W.cols()));
    }
}

Matrix Affine::forward(const Matrix& x) {
    if (x.cols() != W.rows()) {
        throw ShapeError(fmt::format("Affine::forward: x {} has {} columns but W {} has {} rows", shape_of(x),
                                     x.cols(), shape_of(W), W.rows()));
    }
    x_ = x;
    Matrix y(x.rows(), W.cols());
    y.noalias() = x * W;
    y.rowwise() += b.transpose();
    return y;
}

Matrix Affine::backward(const Matrix& dout) {
    if (x_.size() == 0) throw ShapeError("Affine::backward: called before forward");
    if (dout.rows() != x_.rows() || dout.cols() != W.cols()) {
        throw ShapeError(fmt::format("Affine::backward: dout is {} but forward returned ({},{})", shape_of(dout),
                                     x_.rows(), W.cols()));
    }
    dW.resize(W.rows(), W.cols());
    dW.noalias() = x_.transpose() * dout;
    db = dout.colwise().sum().transpose();
    Matrix dx(dout.rows(), W.rows());
    dx.noalias() = dout * W.transpose();
    return dx;
}

// --- SoftmaxWithLoss ------------------------------------------------------------------------

double SoftmaxWithLoss::forward(const Matrix& x, const std::vector<int>& t) {
    const Index N = x.rows(), K = x.cols();
    if (static_cast<Index>(t.size()) != N) {
        throw ShapeError(fmt::format("SoftmaxWithLoss::forward: {} labels for {} rows of scores {}", t.size(), N,
                                     shape_of(x)));
    }
    for (Index n = 0; n < N; ++n) {
        if (t[n] < 0 || t[n] >= K) {
            throw ShapeError(fmt::format("SoftmaxWithLoss::forward: label t[{}] = {} is not a class of 0..{}", n,
                                         t[n], K - 1));
        }
    }
    y_.resize(N, K);
    double total = 0;
    for (Index n = 0; n < N; ++n) {
        // Subtracting the row's maximum changes nothing in y but keeps every exp() <= 1.
        const Scalar m = x.row(n).maxCoeff();
        y_.row(n) = (x.row(n).array() - m).exp().matrix();
        const double sum = y_.row(n).cast<double>().sum();
        y_.row(n) /= static_cast<Scalar>(sum);
        total += std::log(sum) + m - x(n, t[n]);  // -log y(n, t_n)
    }
    t_ = t;
    loss_ = N == 0 ? 0.0 : total / static_cast<double>(N);
    return loss_;
}

Matrix SoftmaxWithLoss::backward(double dout) {
    if (y_.rows() == 0) throw ShapeError("SoftmaxWithLoss::backward: called before forward");
    const Index N = y_.rows();
    Matrix dx = y_;
    for (Index n = 0; n < N; ++n) dx(n, t_[n]) -= 1;
    dx *= static_cast<Scalar>(dout / static_cast<double>(N));
    return dx;
}

}  // namespace cnn
