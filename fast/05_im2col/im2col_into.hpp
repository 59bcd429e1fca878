// Fast side only: im2col into a matrix the caller keeps, so that its storage is reused from call
// to call. A fresh column matrix per call costs more in first-touch page faults than the product
// itself on the machines this was measured on (bench/README.md).
#pragma once

#include "common/tensor.hpp"

namespace cnn {

/// The matrix of im2col (05.1), written into `col`, which keeps its storage when the size is unchanged.
void im2col_into(const Tensor4& x, int FH, int FW, int stride, int pad, Matrix& col);

}  // namespace cnn
