// Independent reference convolution for the tests of chapters 05 and later, written with Eigen's
// Tensor module (patch extraction + contraction) instead of im2col, so a test compares two
// different methods. Compiled once in the support library: including this header costs nothing.
//
// Eigen facts this file relies on, written down once:
// - Eigen's `convolve` does not flip the kernel: it is the book's convolution (cross-correlation).
//   We do not use it here because it has no stride or padding.
// - In RowMajor, `extract_image_patches` reads its input as [N, H, W, C] (so we shuffle NCHW to
//   NHWC first), takes the width-axis arguments first (patch_rows = FW, row_stride = S_w), and
//   returns the patches as [N, OH*OW, FH, FW, C], patch index oh*OW + ow.
// - Eigen's own asserts abort and vanish under NDEBUG; the workbook defines eigen_assert for
//   every target (cmake/Dependencies.cmake) as a thrown std::logic_error "Eigen check failed: ...".
// - Link Eigen as a system include (the Eigen3::Eigen target does): `contract` otherwise fills the
//   build log with warnings.
#pragma once

#include "common/tensor.hpp"

namespace cnn::test {

/// x:(N,C,H,W), w:(FN,C,FH,FW), b:(FN) -> (N,FN,OH,OW), OH = (H+2P-FH)/S+1 (floor), zero padding P.
/// No shape checks beyond Eigen's: callers pass shapes that fit.
Tensor4 oracle_conv_forward(const Tensor4& x, const Tensor4& w, const Vector& b, int stride, int pad);

/// Gradients of L = sum(out * dout) for out = oracle_conv_forward(x, w, b, stride, pad).
struct ConvGradients {
    Tensor4 dx;  ///< (N,C,H,W), by scattering dout back through every window (plain loops)
    Tensor4 dW;  ///< (FN,C,FH,FW), by contracting dout with the extracted patches (Eigen Tensor)
    Vector db;   ///< (FN), dout summed over n, oh, ow
};
ConvGradients oracle_conv_backward(const Tensor4& x, const Tensor4& w, const Tensor4& dout, int stride,
                                   int pad);

}  // namespace cnn::test
