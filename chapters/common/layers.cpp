#include "common/layers.hpp"

#include "common/layer_checks.hpp"
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

// --- Relu: the shapes around forward_values and backward_values (common/relu_affine.cpp) ----

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

// --- Shape rules of Relu and Affine (common/layer_checks.hpp) -------------------------------

void check_relu_dout(Index dout_count, std::size_t forward_count) {
    if (static_cast<std::size_t>(dout_count) != forward_count) {
        throw ShapeError(fmt::format("Relu::backward: dout has {} values but the last forward had {}", dout_count,
                                     forward_count));
    }
}

void check_affine_bias(const Matrix& W, const Vector& b) {
    if (b.size() != W.cols()) {
        throw ShapeError(fmt::format("Affine: b has {} values but W {} has {} columns", b.size(), shape_of(W),
                                     W.cols()));
    }
}

void check_affine_input(const Matrix& x, const Matrix& W) {
    if (x.cols() != W.rows()) {
        throw ShapeError(fmt::format("Affine::forward: x {} has {} columns but W {} has {} rows", shape_of(x),
                                     x.cols(), shape_of(W), W.rows()));
    }
}

void check_affine_dout(const Matrix& dout, const Matrix& x, const Matrix& W) {
    if (x.size() == 0) throw ShapeError("Affine::backward: called before forward");
    if (dout.rows() != x.rows() || dout.cols() != W.cols()) {
        throw ShapeError(fmt::format("Affine::backward: dout is {} but forward returned ({},{})", shape_of(dout),
                                     x.rows(), W.cols()));
    }
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
