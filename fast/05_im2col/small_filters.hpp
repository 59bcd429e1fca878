// Fast side only: the Convolution layer for filters that hold few numbers, K = C*FH*FW <= 160
// (SimpleConvNet's first layer: K = 25; LeNet-5's second: 6*5*5 = 150). With so short an inner dimension Eigen's product spends
// more time packing its operands, and the layer more time transposing between (N*OH*OW, FN) and
// (N,FN,OH,OW), than multiplying. Here col is made the other way round, one (K, OH*OW) block per
// image in a buffer that stays in cache, and a small register-blocked kernel writes out(n) directly
// as (FN, OH*OW). Backward makes each image's block again from x instead of keeping them all.
// With at most 16 filters and stride 1 (LeNet-5's layers) forward and dW skip the columns and read
// the padded image itself (fast/README.md).
#pragma once

#include "common/tensor.hpp"

namespace cnn {

/// Whether filters w:(FN,C,FH,FW) take this path.
bool small_filters(const Tensor4& w);

/// out:(N,FN,OH,OW) = conv(x, w) + b, keeping x as kept_x:(N, C*H*W) for backward.
void small_forward(const Tensor4& x, const Tensor4& w, const Vector& b, int stride, int pad, Matrix& kept_x,
                   Tensor4& out);

/// The gradients of small_forward from the x it kept: dW, db and, when need_dx, dx:(x_shape)
/// (otherwise dx is left empty).
void small_backward(const Tensor4& dout, const Tensor4& w, const Matrix& kept_x, const Shape4& x_shape, int stride,
                    int pad, bool need_dx, Tensor4& dW, Vector& db, Tensor4& dx);

}  // namespace cnn
