// Chapter 04 exercises. Replace each `throw` with your code; run `./workbook check 04`.
// Read chapters/04_batching/README.md and 001 §7.2.7, §7.4.1 first.
#include "04_batching/batching.hpp"

namespace cnn {

ConstTensor3View image(const Tensor4& x, Index n) {
    // TODO: check n, then wrap the storage of image n in a view. In row-major (N,C,H,W), how
    // many values come before the first value of image n?
    throw NotImplemented("04.1 image");
}

Tensor3View image(Tensor4& x, Index n) {
    // TODO: the same as the const version, over x.data() that may be written.
    throw NotImplemented("04.1 image");
}

ConstMatrixView channel(const Tensor4& x, Index n, Index c) {
    // TODO: check n and c; channel c of image n is one contiguous (H,W) block. Where does it start?
    throw NotImplemented("04.1 channel");
}

MatrixView channel(Tensor4& x, Index n, Index c) {
    // TODO: the same as the const version, over x.data() that may be written.
    throw NotImplemented("04.1 channel");
}

Tensor4 conv_batch(const Tensor4& x, const Tensor4& w, const Vector& b, int stride, int pad) {
    // TODO: the same checks as conv3d, then seven plain loops (n, fn, oh, ow, then c, kh, kw).
    // You need no padded copy: a window element outside the input is a zero of the padding.
    throw NotImplemented("04.2 conv_batch");
}

}  // namespace cnn
