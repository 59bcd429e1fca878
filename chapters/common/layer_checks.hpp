// The shape rules of Relu and Affine, written once for the plain layers (common/relu_affine.cpp)
// and the threaded ones of the fast side (fast/common/relu_affine.cpp). Each throws ShapeError
// with the rule and the numbers.
#pragma once

#include "common/tensor.hpp"

#include <cstddef>

namespace cnn {

/// Relu::backward: dout has as many values as the last forward's x.
void check_relu_dout(Index dout_count, std::size_t forward_count);
/// Affine's constructor: one bias per column of W.
void check_affine_bias(const Matrix& W, const Vector& b);
/// Affine::forward: x:(N,D) for W:(D,M).
void check_affine_input(const Matrix& x, const Matrix& W);
/// Affine::backward: after a forward, with dout in the shape it returned, (N,M).
void check_affine_dout(const Matrix& dout, const Matrix& x, const Matrix& W);

}  // namespace cnn
