// The inputs and filters that the notes draw and work out by hand, shared by the chapters that
// reuse them: fig 7-3's (4,4) input and (3,3) filter (001 §7.2.2, WE-01..WE-03), as maps and as
// single-image batches.
#pragma once

#include "common/tensor.hpp"

namespace cnn::test {

inline Matrix fig73_input() {
    Matrix x(4, 4);
    x << 1, 2, 3, 0,
         0, 1, 2, 3,
         3, 0, 1, 2,
         2, 3, 0, 1;
    return x;
}

inline Matrix fig73_filter() {
    Matrix w(3, 3);
    w << 2, 0, 1,
         0, 1, 2,
         1, 0, 2;
    return w;
}

/// A (H,W) map as a (1,1,H,W) batch: one image, one channel.
inline Tensor4 as_batch(const Matrix& m) {
    Tensor4 t(1, 1, m.rows(), m.cols());
    for (Index h = 0; h < m.rows(); ++h)
        for (Index w = 0; w < m.cols(); ++w) t(0, 0, h, w) = m(h, w);
    return t;
}

inline Tensor4 fig73_batch() { return as_batch(fig73_input()); }

}  // namespace cnn::test
