// Chapter 08 — local response normalisation (LRN), the layer AlexNet put after its first two
// convolutions (『밑바닥부터 시작하는 딥러닝』 7.7.2; Krizhevsky, Sutskever, Hinton 2012, §3.3;
// the Korean review of CS231n lecture 5, "Normalization layer", which adds that it is hardly
// used any more).
#pragma once

#include "common/tensor.hpp"

#include <fmt/format.h>

namespace cnn {

/// LRN across channels, with the paper's settings as defaults: n = 5, k = 2, alpha = 1e-4,
/// beta = 0.75. Each value is divided by a power of the sum of squares of the values at the same
/// (n, h, w) in the n channels around its own, so a strong response damps its neighbours.
class LocalResponseNorm {
public:
    /// Provided. `size` is the paper's n, the number of channels in each window (odd).
    /// Throws ShapeError when size is not odd and >= 1.
    explicit LocalResponseNorm(int size = 5, Scalar k = 2, Scalar alpha = 1e-4f, Scalar beta = 0.75f)
        : size_(size), k_(k), alpha_(alpha), beta_(beta) {
        if (size < 1 || size % 2 == 0)
            throw ShapeError(fmt::format("LocalResponseNorm: the window size n must be odd and >= 1, got n = {}", size));
    }

    /// 08.3 Forward (the paper's eq. in §3.3): x:(N,C,H,W) -> y:(N,C,H,W),
    ///   s(n,c,h,w) = k + alpha * sum_{j = max(0, c - n/2)}^{min(C-1, c + n/2)} x(n,j,h,w)^2
    ///   y(n,c,h,w) = x(n,c,h,w) / s(n,c,h,w)^beta
    /// n/2 is an integer division (5/2 = 2: two channels on each side); near the first and the
    /// last channel the window is cut short. alpha is not divided by n (PyTorch's and Caffe's LRN
    /// divide it by n; the paper does not).
    /// Keeps x and s for backward.
    Tensor4 forward(const Tensor4& x);

    /// 08.3 Backward: dout:(N,C,H,W) -> dx:(N,C,H,W). y(c) depends on x(c) directly and on every
    /// x(j) in its window through s(c); since the window is symmetric, x(i) is in the window of c
    /// exactly when c is in the window of i:
    ///   dx(i) = dout(i) * s(i)^(-beta) - 2*alpha*beta * x(i) * sum_{c in window(i)} dout(c)*y(c)/s(c)
    /// (all at the same n, h, w). Throws ShapeError when dout is not the shape of the last forward,
    /// e.g. "LocalResponseNorm::backward: dout has shape (1,3,2,2) but forward returned (1,4,2,2)"
    Tensor4 backward(const Tensor4& dout);

    int size() const { return size_; }

private:
    int size_;
    Scalar k_, alpha_, beta_;
    Tensor4 x_;      // input of the last forward
    Tensor4 scale_;  // s of the last forward, one value per element
};

}  // namespace cnn
