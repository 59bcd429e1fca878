// The inputs and filters that the book and the slides draw and work out by hand, shared by the chapters that
// reuse them and by the readers' website, which draws its figures from the same numbers: fig 7-3's
// (4,4) input and (3,3) filter (the book's section 7.2.2, WE-01..WE-03), fig 7-7's (7,7) input
// (WE-08) and the max-pooling picture's (4,4) input (WE-27), as maps and as single-image batches.
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

/// fig 7-7 as the 모두의연구소 slides fill it in (「특징맵의 크기변화」): the (7,7) input of WE-08.
/// Each row is the row above shifted right by one.
inline Matrix fig77_input() {
    Matrix x(7, 7);
    x << 1, 2, 3, 0, 1, 2, 3,
         0, 1, 2, 3, 0, 1, 2,
         3, 0, 1, 2, 3, 0, 1,
         2, 3, 0, 1, 2, 3, 0,
         1, 2, 3, 0, 1, 2, 3,
         0, 1, 2, 3, 0, 1, 2,
         3, 0, 1, 2, 3, 0, 1;
    return x;
}

/// The picture of 2x2 max pooling with stride 2 in the lecture 5 summary (「MAX POOLING」): the
/// input of WE-27 and WE-31.
inline Matrix we27_map() {
    Matrix x(4, 4);
    x << 1, 1, 2, 4,
         5, 6, 7, 8,
         3, 2, 1, 0,
         1, 2, 3, 4;
    return x;
}

/// A (H,W) map as a (1,1,H,W) batch: one image, one channel.
inline Tensor4 as_batch(const Matrix& m) {
    Tensor4 t(1, 1, m.rows(), m.cols());
    for (Index h = 0; h < m.rows(); ++h)
        for (Index w = 0; w < m.cols(); ++w) t(0, 0, h, w) = m(h, w);
    return t;
}

inline Tensor4 fig73_batch() { return as_batch(fig73_input()); }
inline Tensor4 fig77_batch() { return as_batch(fig77_input()); }
inline Tensor4 we27_input() { return as_batch(we27_map()); }

}  // namespace cnn::test
