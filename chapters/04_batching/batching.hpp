// Chapter 04 — a batch of images as one (N,C,H,W) tensor (『밑바닥부터 시작하는 딥러닝』 7.2.7 배치 처리,
// 7.4.1 4차원 배열).
#pragma once

#include "03_conv3d/conv3d.hpp"

namespace cnn {

/// 04.1 The n-th image of a batch (book 7.4.1, `x[n]` in NumPy): x:(N,C,H,W) -> (C,H,W), a view
/// into x's own storage (row-major, so image n is one contiguous block of C*H*W values); writing
/// through the mutable view changes x. WE-21: x of (10,1,28,28) -> image(x, 0) is (1,28,28).
/// Throws ShapeError when n is not in [0, N).
ConstTensor3View image(const Tensor4& x, Index n);
Tensor3View image(Tensor4& x, Index n);

/// 04.1 Channel c of image n (`x[n, c]`): x:(N,C,H,W) -> (H,W), a view into x's storage.
/// WE-21: channel(x, 0, 0) is the 28x28 map of the first image. Throws ShapeError when n is not
/// in [0, N) or c is not in [0, C).
ConstMatrixView channel(const Tensor4& x, Index n, Index c);
MatrixView channel(Tensor4& x, Index n, Index c);

/// 04.2 Batched convolution (book 7.2.7, fig 7-13), written as plain loops:
/// x:(N,C,H,W), w:(FN,C,FH,FW), b:(FN) -> y:(N,FN,OH,OW),
///   y(n,fn,oh,ow) = sum_{c,kh,kw} xp(n, c, oh*S + kh, ow*S + kw) * w(fn,c,kh,kw) + b(fn)
/// with xp = x zero-padded by P on H and W. Every image goes through the same filters, so
/// y[n] equals conv3d(x[n], w, b, S, P) (WE-22). Chapter 05 computes the same thing with im2col;
/// its tests compare with an independent convolution built on Eigen's Tensor operations.
/// Throws ShapeError when the channel counts differ ("conv_batch: input has 3 channels but the
/// filters have 4 (x (2,3,5,5), w (2,4,3,3))"), when b does not hold one value per filter
/// ("conv_batch: bias has 5 values but there are 2 filters (w (2,3,3,3))"), and as
/// conv_output_shape does. check_channels and check_bias (common/checks.hpp) give these messages.
Tensor4 conv_batch(const Tensor4& x, const Tensor4& w, const Vector& b, int stride, int pad);

}  // namespace cnn
