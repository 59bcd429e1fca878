// Chapter 05 model answer: the Convolution layer of the book's 7.4.3, with the backward pass of the
// book's published code (the Affine layer's rules of 5.6 on the im2col matrix).
#include "05_im2col/convolution.hpp"

#include "02_stride/stride.hpp"

namespace cnn {

Tensor4 Convolution::forward(const Tensor4& x) {
    check_channels("Convolution::forward", x, W);
    const Index N = x.dimension(0), FN = W.dimension(0);
    const int FH = static_cast<int>(W.dimension(2)), FW = static_cast<int>(W.dimension(3));
    const Shape2 o = conv_output_shape(shape4(x), FH, FW, Stride{stride}, Pad{pad});

    col_ = im2col(x, FH, FW, stride, pad);                                  // (N*OH*OW, C*FH*FW)
    col_W_ = ConstMatrixView(W.data(), FN, W.size() / FN).transpose();      // (C*FH*FW, FN)
    const Matrix out = (col_ * col_W_).rowwise() + b.transpose();           // (N*OH*OW, FN)
    x_shape_ = shape4(x);

    // out.reshape(N, OH, OW, FN).transpose(0, 3, 1, 2)
    const Tensor4 y = ConstTensor4View(out.data(), N, o.H, o.W, FN).shuffle(Eigen::array<int, 4>{0, 3, 1, 2});
    out_shape_ = shape4(y);
    return y;
}

Tensor4 Convolution::backward(const Tensor4& dout) {
    check_dout("Convolution::backward", dout, out_shape_);
    const Index FN = W.dimension(0);
    const int FH = static_cast<int>(W.dimension(2)), FW = static_cast<int>(W.dimension(3));

    // dout.transpose(0, 2, 3, 1).reshape(-1, FN): the layout of forward's product
    const Tensor4 dout_t = dout.shuffle(Eigen::array<int, 4>{0, 2, 3, 1});
    const ConstMatrixView D(dout_t.data(), dout_t.size() / FN, FN);

    db = D.colwise().sum().transpose();
    dW = Tensor4(W.dimensions());
    MatrixView(dW.data(), FN, W.size() / FN) = (col_.transpose() * D).transpose();
    const Matrix dcol = D * col_W_.transpose();
    return col2im(dcol, x_shape_, FH, FW, stride, pad);
}

}  // namespace cnn
