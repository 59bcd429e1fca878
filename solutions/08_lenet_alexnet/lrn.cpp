// Chapter 08 model answer: local response normalisation across channels.
#include "08_lenet_alexnet/lrn.hpp"

#include "common/shape.hpp"

#include <algorithm>
#include <cmath>

namespace cnn {

Tensor4 LocalResponseNorm::forward(const Tensor4& x) {
    const Index N = x.dimension(0), C = x.dimension(1), H = x.dimension(2), W = x.dimension(3);
    const Index half = size_ / 2;
    x_ = x;
    scale_ = Tensor4(N, C, H, W);
    Tensor4 y(N, C, H, W);
    for (Index n = 0; n < N; ++n)
        for (Index c = 0; c < C; ++c) {
            // The window of channels around c, cut at both ends.
            const Index first = std::max<Index>(0, c - half), last = std::min<Index>(C - 1, c + half);
            for (Index h = 0; h < H; ++h)
                for (Index w = 0; w < W; ++w) {
                    Scalar squares = 0;
                    for (Index j = first; j <= last; ++j) squares += x(n, j, h, w) * x(n, j, h, w);
                    const Scalar s = k_ + alpha_ * squares;
                    scale_(n, c, h, w) = s;
                    y(n, c, h, w) = x(n, c, h, w) * std::pow(s, -beta_);
                }
        }
    return y;
}

Tensor4 LocalResponseNorm::backward(const Tensor4& dout) {
    if (dout.dimensions() != x_.dimensions())
        throw ShapeError(fmt::format("LocalResponseNorm::backward: dout has shape {} but forward returned {}",
                                     shape_of(dout), shape_of(x_)));
    const Index N = x_.dimension(0), C = x_.dimension(1), H = x_.dimension(2), W = x_.dimension(3);
    const Index half = size_ / 2;
    // dout(c) * y(c) / s(c) = dout(c) * x(c) * s(c)^(-beta-1): what channel c sends back to every
    // channel of its window through s(c).
    Tensor4 through_s(N, C, H, W);
    for (Index i = 0; i < x_.size(); ++i)
        through_s.data()[i] = dout.data()[i] * x_.data()[i] * std::pow(scale_.data()[i], -beta_ - 1);
    Tensor4 dx(N, C, H, W);
    for (Index n = 0; n < N; ++n)
        for (Index i = 0; i < C; ++i) {
            const Index first = std::max<Index>(0, i - half), last = std::min<Index>(C - 1, i + half);
            for (Index h = 0; h < H; ++h)
                for (Index w = 0; w < W; ++w) {
                    Scalar sum = 0;
                    for (Index c = first; c <= last; ++c) sum += through_s(n, c, h, w);
                    dx(n, i, h, w) = dout(n, i, h, w) * std::pow(scale_(n, i, h, w), -beta_) -
                                     2 * alpha_ * beta_ * x_(n, i, h, w) * sum;
                }
        }
    return dx;
}

}  // namespace cnn
