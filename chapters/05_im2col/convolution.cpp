// Chapter 05 exercises, part 2: the Convolution layer. Replace each `throw` with your code; run
// `./workbook check 05`. Read 001 §7.4.3 and the Affine layer of 001 §5.6 first.
#include "05_im2col/convolution.hpp"

#include "02_stride/stride.hpp"
#include "common/shape.hpp"

namespace cnn {

Tensor4 Convolution::forward(const Tensor4& x) {
    // TODO: check the channels, im2col the input (keep col_ and x's shape for backward), view W as
    // a (FN, C*FH*FW) matrix with ConstMatrixView (no copy needed), one product, add b to every
    // row, then put the (N*OH*OW, FN) result back into an (N,FN,OH,OW) tensor: careful, that is a
    // transpose, not just a reshape.
    throw NotImplemented("05.3 Convolution::forward");
}

Tensor4 Convolution::backward(const Tensor4& dout) {
    // TODO: bring dout into the (N*OH*OW, FN) layout of forward's product, then follow the Affine
    // layer: db sums over rows, dW comes from col and dout (give it W's shape), dcol from dout and
    // W, and col2im turns dcol into dx.
    throw NotImplemented("05.4 Convolution::backward");
}

}  // namespace cnn
