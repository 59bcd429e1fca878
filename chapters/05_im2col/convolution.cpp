// Chapter 05 exercises, part 2: the Convolution layer. Replace each `throw` with your code; run
// `./workbook check 05`. Read 001 §7.4.3 and the Affine layer of 001 §5.6 first.
#include "05_im2col/convolution.hpp"

#include "02_stride/stride.hpp"
#include "common/shape.hpp"

namespace cnn {

Tensor4 Convolution::forward(const Tensor4& x) {
    // TODO: check the channels (common/checks.hpp), im2col the input, and keep what backward
    // needs (x's shape, col_, col_W_). W's storage read as a (FN, C*FH*FW) matrix is
    // ConstMatrixView(W.data(), ...); col_W_ is its transpose. One product, b added to every row,
    // then the (N*OH*OW, FN) result goes back into an (N,FN,OH,OW) tensor: careful, that is a
    // transpose, not just a reshape. Remember out_shape_ for backward's check.
    throw NotImplemented("05.3 Convolution::forward");
}

Tensor4 Convolution::backward(const Tensor4& dout) {
    // TODO: check dout (check_dout in common/checks.hpp), bring it into the (N*OH*OW, FN) layout
    // of forward's product, then follow the Affine layer: db sums over rows, dW comes from col_
    // and dout (give it W's shape), dcol from dout and col_W_, and col2im turns dcol into dx.
    throw NotImplemented("05.4 Convolution::backward");
}

}  // namespace cnn
